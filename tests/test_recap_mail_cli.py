"""``csm-desk recap-mail``: a meeting's recap as an e-mail draft, read back with the email
package: addresses, the unsent mark, both bodies, the attached recap, nothing internal."""

from __future__ import annotations

import email
import errno
import io
import sqlite3
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import docx
import pytest

from csm_desk.__main__ import main
from tests.bookprocs import run_cli


def read(path: Path) -> EmailMessage:
    msg = email.message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)
    return msg


def bodies(msg: EmailMessage) -> tuple[str, str]:
    plain, rich = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and rich is not None
    return plain.get_content(), rich.get_content()


def test_the_latest_customer_meetings_recap_as_a_draft(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "recap.eml"
    done = run_cli("recap-mail", "Northwind Payments", "-o", str(out), "--book", str(demo_path))
    assert done.problems(expect_ok=True) == []
    msg = read(out)
    assert msg["X-Unsent"] == "1"
    assert msg["Subject"] == "Recap: Call with Aisha Khan after Priya's departure (2 Nov 2026)"
    assert [a.addr_spec for a in msg["To"].addresses] == ["aisha.khan@northwind.example"]
    assert msg["Cc"] is None  # our attendee is named without an address
    assert "Add the addresses of Alex Morgan in the draft" in done.out
    assert msg.get_content_type() == "multipart/mixed"
    text, rich = bodies(msg)
    assert "1. Aisha Khan acts as interim owner of the reconciliation programme" in text
    assert (
        "- Share the exception backlog and the analyst roster — Aisha Khan (Northwind Payments), "
        "due 9 Nov 2026" in text
    )
    assert "Alex Morgan (our team), due 5 Nov 2026" in text
    assert "Next meeting: 25 Nov 2026 (Weekly recovery check-in)" in text  # from the cadence
    assert "<h3>Decisions</h3>" in rich and "Priya&#x27;s departure" in rich
    attachments = list(msg.iter_attachments())
    assert len(attachments) == 1
    part = attachments[0]
    assert part.get_filename() == "Recap - Northwind Payments - 2 Nov 2026.docx"
    document = docx.Document(io.BytesIO(part.get_content()))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Meeting recap" in words


def test_a_chosen_meeting_copies_our_addressed_attendees_and_no_internal_field(
    demo_path: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(demo_path) as conn:
        conn.execute(
            "update meeting set internal_attendees = "
            "'Alex Morgan <alex.morgan@vendor.example>, Ryan Castillo', "
            "internal_notes = 'INTERNAL-NOTE-XYZ' where id = 6"
        )
    conn.close()
    out = tmp_path / "qbr.eml"
    done = run_cli(
        "recap-mail",
        "Northwind Payments",
        "--meeting",
        "6",
        "-o",
        str(out),
        "--book",
        str(demo_path),
    )
    assert done.problems(expect_ok=True) == []
    msg = read(out)
    assert [a.addr_spec for a in msg["Cc"].addresses] == ["alex.morgan@vendor.example"]
    assert len(msg["To"].addresses) >= 3
    assert all(a.domain == "northwind.example" for a in msg["To"].addresses)
    assert "Add the addresses of Ryan Castillo" in done.out
    text, rich = bodies(msg)
    for body in (text, rich, out.read_text("ascii")):
        assert "INTERNAL-NOTE-XYZ" not in body
    assert "Champion" not in text  # stakeholder roles and stances stay out


def test_internal_meetings_and_bad_targets_are_refused_in_one_line(
    demo_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.eml"
    internal = run_cli(
        "recap-mail",
        "Northwind Payments",
        "--meeting",
        "10",
        "-o",
        str(out),
        "--book",
        str(demo_path),
    )
    assert internal.code == 1 and internal.problems() == []
    assert "it is a risk review, an internal meeting" in internal.err
    assert not out.exists()
    out.write_text("mine")
    for target, words in (
        (out, "already exists"),
        (tmp_path / "none" / "r.eml", "is not a folder"),
        (tmp_path / "r.txt", "must end in .eml"),
    ):
        done = run_cli(
            "recap-mail", "Northwind Payments", "-o", str(target), "--book", str(demo_path)
        )
        assert done.code == 1 and done.problems() == [] and words in done.err
    assert out.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Demo.csmbook", "r.eml"]


def test_a_full_disk_leaves_no_draft(
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("csm_desk.recap_mail.os.fsync", full)
    out = tmp_path / "r.eml"
    code = main(["recap-mail", "Northwind Payments", "-o", str(out), "--book", str(demo_path)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "No space left on device" in err
    assert not any(p.suffix in (".eml", ".partial") for p in tmp_path.iterdir())
