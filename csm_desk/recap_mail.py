"""A meeting recap as an e-mail draft: an RFC 5322 message (``.eml``) with a plain-text and an
HTML body and the recap's Word document attached, marked unsent so a mail client opens it as a
draft to check and send.

It is made from the customer view (``export.customer_view``) and the same choice of meeting as
the recap document (a meeting the customer attended that is not internal), so it holds only
customer-facing fields. To: the customer attendees who have an address; Cc: our attendees
written with an address ("Alex Morgan <alex@example.com>"). Our attendees named without one are
left for the person to add in the draft. The file is written beside its target and moved into
place in one step, and never over an existing file.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import tempfile
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from csm_desk.engine.vocab import MeetingType, Side
from csm_desk.export.common import label_of
from csm_desk.export.customer_load import load_customer_view
from csm_desk.export.customer_reviews import chosen_meeting
from csm_desk.export.customer_view import CustomerAccountView, ViewMeeting
from csm_desk.export.documents import export_document
from csm_desk.export.errors import ExportError
from csm_desk.export.text import day, lines, long_day, next_meeting_words, one_line
from csm_desk.models.bookfile import BookError, BookFile, place_without_overwrite

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class RecapMailError(Exception):
    """The draft cannot be made or written; ``str()`` is one line fit to show a person."""


@dataclass(frozen=True)
class Recap:
    """What a recap says, in customer-facing words.

    Attributes:
        to: the customer attendees, as (name, address) for those with an address.
        cc: our attendees written with an address; ``unaddressed`` those named without one.
        text: the plain-text recap (the body, and what "Copy recap" puts on the clipboard).
    """

    account: str
    meeting_id: int
    subject: str
    to: tuple[tuple[str, str], ...]
    cc: tuple[tuple[str, str], ...]
    unaddressed: tuple[str, ...]
    title: str
    date: dt.date | None
    decisions: tuple[str, ...]
    actions: tuple[tuple[str, str, str], ...]  # text, owner, due
    open_items: tuple[str, ...]
    next_meeting: str
    sender: str
    text: str


def _owner(side: str | None, owner: str | None, customer: str) -> str:
    who = one_line(owner)
    team = customer if side == Side.CUSTOMER.value else "our team" if side else ""
    if who and team:
        return f"{who} ({team})"
    return who or team or "to be agreed"


def _customer_addresses(book: BookFile, meeting_id: int) -> list[tuple[str, str]]:
    with book.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT s.name, s.email FROM meeting_attendee ma JOIN stakeholder s "
            "ON s.id = ma.stakeholder_id WHERE ma.meeting_id = ? ORDER BY s.name COLLATE NOCASE",
            (meeting_id,),
        ).fetchall()
    return [(one_line(name), one_line(email)) for name, email in rows if email and "@" in email]


def _our_attendees(field: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    addressed: list[tuple[str, str]] = []
    unaddressed: list[str] = []
    for part in one_line(field).split(","):
        part = part.strip()
        if not part:
            continue
        name, address = parseaddr(part) if "@" in part else (part, "")
        if address and "@" in address:
            addressed.append((name, address))
        else:
            unaddressed.append(name or part)
    return addressed, unaddressed


def make_recap(view: CustomerAccountView, meeting: ViewMeeting, to: list[tuple[str, str]]) -> Recap:
    """The recap of ``meeting`` (already chosen by ``chosen_meeting``) with its addresses."""
    customer = one_line(view.name)
    kind = label_of(MeetingType, meeting.type)
    title = one_line(meeting.title) or f"{kind} with {customer}"
    when = long_day(meeting.date) if meeting.date else ""
    cc, unaddressed = _our_attendees(meeting.internal_attendees)
    decisions = tuple(lines(meeting.decisions))
    actions = tuple(
        (one_line(a.text), _owner(a.side, a.owner, customer), day(a.due, empty="no date"))
        for a in meeting.actions
        if a.status != "cancelled"
    )
    open_items = tuple(lines(meeting.open_items))
    next_meeting = next_meeting_words(view.next_meeting_after(meeting), empty="to be scheduled")
    recap = Recap(
        customer,
        meeting.id,
        f"Recap: {title}" + (f" ({day(meeting.date)})" if meeting.date else ""),
        tuple(to),
        tuple(cc),
        tuple(unaddressed),
        title,
        meeting.date,
        decisions,
        actions,
        open_items,
        next_meeting,
        one_line(view.csm),
        "",
    )
    return _with_text(recap, when)


def _with_text(recap: Recap, when: str) -> Recap:
    out = ["Hello,", ""]
    thanks = f"Thank you for your time on {when}." if when else "Thank you for your time."
    out += [f"{thanks} Here is what we agreed in {recap.title}.", ""]
    out.append("Decisions")
    out += [f"{n}. {d}" for n, d in enumerate(recap.decisions, 1)] or ["No decisions recorded."]
    out += ["", "Action items"]
    out += [f"- {t} — {o}, due {d}" for t, o, d in recap.actions] or ["None."]
    out += ["", "Open items"]
    out += [f"- {i}" for i in recap.open_items] or ["Nothing was left open."]
    out += ["", f"Next meeting: {recap.next_meeting}", ""]
    out += ["The recap is attached as a Word document.", ""]
    if recap.sender:
        out += ["Best regards,", recap.sender]
    return Recap(**{**recap.__dict__, "text": "\n".join(out) + "\n"})


def recap_html(recap: Recap) -> str:
    """The recap as a small HTML body (every value escaped)."""
    e = html.escape

    def items(tag: str, values: list[str], empty: str) -> str:
        if not values:
            return f"<p>{e(empty)}</p>"
        return f"<{tag}>" + "".join(f"<li>{v}</li>" for v in values) + f"</{tag}>"

    when = f" on {e(long_day(recap.date))}" if recap.date else ""
    actions = [f"{e(t)} — <b>{e(o)}</b>, due {e(d)}" for t, o, d in recap.actions]
    parts = [
        "<html><body>",
        "<p>Hello,</p>",
        f"<p>Thank you for your time{when}. Here is what we agreed in {e(recap.title)}.</p>",
        "<h3>Decisions</h3>",
        items("ol", [e(d) for d in recap.decisions], "No decisions recorded."),
        "<h3>Action items</h3>",
        items("ul", actions, "None."),
        "<h3>Open items</h3>",
        items("ul", [e(i) for i in recap.open_items], "Nothing was left open."),
        f"<p><b>Next meeting:</b> {e(recap.next_meeting)}</p>",
        "<p>The recap is attached as a Word document.</p>",
    ]
    if recap.sender:
        parts.append(f"<p>Best regards,<br>{e(recap.sender)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _address(name: str, address: str) -> Address:
    user, _, domain = address.partition("@")
    return Address(display_name=name, username=user, domain=domain)


def build_message(recap: Recap, docx: bytes, now: dt.datetime) -> EmailMessage:
    """The draft: headers, plain text and HTML alternatives, and the recap document attached."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = recap.subject
    if recap.to:
        msg["To"] = [_address(n, a) for n, a in recap.to]
    if recap.cc:
        msg["Cc"] = [_address(n, a) for n, a in recap.cc]
    msg["Date"] = format_datetime(now.astimezone())
    msg["Message-ID"] = make_msgid(domain="csm-desk.invalid")
    msg["X-Unsent"] = "1"
    msg.set_content(recap.text)
    msg.add_alternative(recap_html(recap), subtype="html")
    stem = _UNSAFE_NAME.sub(" ", f"Recap - {recap.account} - {day(recap.date)}").strip()
    msg.add_attachment(docx, maintype=DOCX[0], subtype=DOCX[1], filename=f"{stem}.docx")
    return msg


def recap_for(book: BookFile, account_id: int, as_of: dt.date, meeting_id: int | None) -> Recap:
    """The recap of ``meeting_id`` (default: the latest customer meeting on or before
    ``as_of``); refused in one line for a meeting that cannot be recapped."""
    try:
        view = load_customer_view(book, account_id, as_of)
        meeting = chosen_meeting(view, meeting_id)
    except (ExportError, LookupError) as exc:
        raise RecapMailError(str(exc)) from None
    return make_recap(view, meeting, _customer_addresses(book, meeting.id))


def recap_docx(book: BookFile, account_id: int, as_of: dt.date, meeting_id: int) -> bytes:
    """The recap's Word document, written by the recap export into a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="csm-desk-recap-") as scratch:
        out = Path(scratch) / "recap.docx"
        try:
            export_document(book, account_id, "recap", out, as_of=as_of, meeting_id=meeting_id)
        except ExportError as exc:
            raise RecapMailError(str(exc)) from None
        return out.read_bytes()


def write_draft(
    book: BookFile,
    account_id: int,
    out: Path,
    *,
    as_of: dt.date,
    meeting_id: int | None,
    now: dt.datetime,
) -> tuple[Path, Recap]:
    """Write the recap draft of one meeting to ``out`` (a new .eml file)."""
    if out.suffix.lower() != ".eml":
        raise RecapMailError(f"{out} must end in .eml")
    if out.exists():
        raise RecapMailError(f"{out} already exists; choose another name")
    if not out.parent.is_dir():
        raise RecapMailError(f"{out.parent} is not a folder")
    recap = recap_for(book, account_id, as_of, meeting_id)
    docx = recap_docx(book, account_id, as_of, recap.meeting_id)
    data = build_message(recap, docx, now).as_bytes()
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        place_without_overwrite(partial, out)
    except BookError as exc:
        raise RecapMailError(str(exc)) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise RecapMailError(f"could not write {out}: {reason}; nothing was written") from None
    finally:
        partial.unlink(missing_ok=True)
    return out, recap
