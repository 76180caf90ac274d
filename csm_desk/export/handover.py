"""The hand-over brief: the whole book for a successor, one page per account.

It opens with the owner's notes and the book's totals, then gives every active account a page:
its state, its health and why, the next renewal, open risks and actions, the artifacts to fix,
and where to start. Built from the engine's scoring of the whole book in one pass, so a book of
2,000 accounts is written in seconds; ``progress`` is told after every account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from csm_desk.engine.alerts import priorities
from csm_desk.engine.book import AccountResult, BookResult, score_account, summarise
from csm_desk.engine.facts import AccountFacts, BookFacts
from csm_desk.engine.health import Health
from csm_desk.engine.renewals import PHASE_GUIDANCE
from csm_desk.engine.vocab import (
    AlertSeverity,
    ArtifactStatus,
    Band,
    Component,
    LifecycleStage,
    in_sentence,
)
from csm_desk.export.common import BAD, GOOD, MUTED, WARN, label_of
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.compose import check_target as _check_target
from csm_desk.export.health_words import health_callout
from csm_desk.export.text import (
    clause,
    day,
    days_phrase,
    has_text,
    long_day,
    money,
    one_line,
    percent,
    plural,
    stored_day,
)
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book

Progress = Callable[[int, int], None]

BAND_COLOURS = {
    Band.HEALTHY: GOOD,
    Band.STABLE: GOOD,
    Band.AT_RISK: WARN,
    Band.CRITICAL: BAD,
    Band.EMERGENCY: BAD,
    Band.UNSCORED: MUTED,
}
SEVERITY_COLOURS = {AlertSeverity.RED: BAD, AlertSeverity.AMBER: WARN, AlertSeverity.DUE: MUTED}
BOOK_PRIORITIES = 15
ACCOUNT_PRIORITIES = 5
CHUNK = 250  # accounts read and scored at a time
FIX = (ArtifactStatus.MISSING, ArtifactStatus.INCOMPLETE, ArtifactStatus.STALE)


def _book_extras(book: BookFile) -> tuple[str | None, list[tuple[str, str, str, str | None]]]:
    """The owner's notes for a successor and the hand-over history (internal fields)."""
    with book.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT notes FROM book ORDER BY id LIMIT 1").first()
        history = conn.exec_driver_sql(
            "SELECT handed_over_at, from_owner, to_owner, note FROM handover_log "
            "ORDER BY handed_over_at, id"
        ).fetchall()
    notes = row[0] if row else None
    return notes, [(stored_day(h[0]), h[1], h[2], h[3]) for h in history]


def score_in_chunks(book: BookFile, as_of: dt.date, told: Callable[[int, int], None]) -> BookResult:
    """Load and score the whole book ``CHUNK`` accounts at a time, telling ``told(done, of)``
    after each chunk, so a big book shows progress while it is being read."""
    with book.engine.connect() as conn:
        ids = [int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM account ORDER BY id")]
    facts = load_book(book, [], as_of=as_of)  # owner, currency and settings
    accounts: list[AccountFacts] = []
    results: list[AccountResult] = []
    for start in range(0, len(ids), CHUNK):
        chunk = load_book(book, ids[start : start + CHUNK], as_of=as_of, full_history=True)
        accounts.extend(chunk.accounts)
        results.extend(score_account(a, facts.settings, as_of) for a in chunk.accounts)
        told(min(start + CHUNK, len(ids)), len(ids))
    whole = BookFacts(facts.owner, facts.currency, facts.settings, tuple(accounts))
    return summarise(whole, results, as_of)


def with_this_handover(
    history: list[tuple[str, str, str, str | None]],
    owner: str,
    successor: str,
    note: str | None,
    as_of: dt.date,
) -> list[tuple[str, str, str, str | None]]:
    """The hand-over history with the hand-over this brief is written for as its last entry
    (unless the log already holds it: the same day, from the same owner to the successor)."""
    when = day(as_of)
    if any(
        h[0] == when and one_line(h[1]) == owner and one_line(h[2]) == successor for h in history
    ):
        return history
    return [*history, (when, owner, successor, note)]


def write_handover_brief(
    book: BookFile,
    out: Path,
    as_of: dt.date,
    *,
    progress: Progress | None = None,
    successor: str = "",
    note: str | None = None,
) -> Path:
    """Write the hand-over brief of the whole book to ``out`` (a new .docx file).

    ``successor`` names the person the book is handed to: the brief is addressed to them, and
    this hand-over (with ``note``) ends its hand-over history.

    ``progress(done, total)`` is told throughout: the first half of the steps is reading and
    scoring the accounts, the second half writing their pages, the last saving the file.
    """
    out = Path(out)
    _check_target(out)
    report = progress or (lambda _done, _total: None)
    with book.engine.connect() as conn:
        count = int(conn.exec_driver_sql("SELECT count(*) FROM account").scalar_one())
    total = 2 * count + 2
    report(0, total)
    result = score_in_chunks(book, as_of, lambda done, _of: report(done, total))
    active = sorted(result.active, key=lambda a: (a.name.casefold(), a.id))
    notes, history = _book_extras(book)
    owner = one_line(result.owner)
    successor = one_line(successor)
    if successor:
        history = with_this_handover(history, owner, successor, note, as_of)
    to_whom = f" for {successor}" if successor else ""
    doc = Composer(
        header_text=f"Hand-over brief{to_whom}",
        footer_text=f"Hand-over brief · {owner}'s book{to_whom} · {long_day(as_of)}"
        if owner
        else f"Hand-over brief{to_whom} · {long_day(as_of)}",
        internal=True,
        letter=result.currency.upper() in ("USD", "CAD"),
    )
    _opening(doc, result, notes, history, len(active), successor)
    report(count + 1, total)
    written = count + 1
    for account in active:
        doc.page_break()
        account_page(doc, account, result.currency)
        written += 1
        report(written, total)
    doc.set_properties(
        title=f"Hand-over brief — {owner}'s book" if owner else "Hand-over brief", owner=owner
    )
    report(total - 1, total)
    doc.save(out)
    report(total, total)
    return out


def _opening(
    doc: Composer,
    result: BookResult,
    notes: str | None,
    history: list[tuple[str, str, str, str | None]],
    count: int,
    successor: str = "",
) -> None:
    owner = one_line(result.owner)
    doc.title_block(
        "Hand-over brief",
        f"{owner}’s book" if owner else "The book",
        (f"For {successor} · " if successor else "")
        + f"{plural(count, 'account')} · {money(result.arr, result.currency)} ARR · as of "
        f"{long_day(result.as_of)}",
    )
    if successor:
        doc.callout(
            [
                Span("Handed over to ", bold=True),
                Span(
                    f"{successor} by {owner or 'the previous owner'} on {long_day(result.as_of)}."
                ),
            ]
        )
    doc.heading(f"From {owner}" if owner else "From the previous owner")
    if has_text(notes):
        doc.text(notes)
    else:
        doc.note("No notes were left for the next owner.")

    doc.heading("The book at a glance")
    m = result.metrics
    doc.facts(
        [
            ("Accounts", str(count)),
            ("ARR", money(result.arr, result.currency)),
            ("GRR (12 months)", percent(m.grr)),
            ("NRR (12 months)", percent(m.nrr)),
            ("Logo retention", percent(m.logo_retention)),
            ("NPS", "" if m.nps is None else f"{m.nps:.0f}"),
            ("Artifact discipline", percent(m.discipline, digits=0)),
            ("Health coverage", percent(m.health_coverage, digits=0)),
            ("Expansion pipeline", money(m.expansion_pipeline_weighted, result.currency)),
            (
                "Time to value",
                "" if m.time_to_value_days is None else f"{m.time_to_value_days:.0f} days",
            ),
        ],
        columns=2,
    )
    arr_by_band = dict.fromkeys(Band, 0.0)
    for account in result.active:
        arr_by_band[account.health.band] += account.arr
    doc.heading("Health", 2)
    doc.table(
        (Column("Band", 2.0), Column("Accounts", 1.0, "right"), Column("ARR", 1.4, "right")),
        [
            [
                Span(band.label, bold=True, colour=BAND_COLOURS[band]),
                str(result.bands[band]),
                money(arr_by_band[band], result.currency),
            ]
            for band in Band
        ],
    )
    doc.heading("Renewals", 2)
    doc.table(
        (
            Column("Window", 2.0),
            Column("Renewals", 1.0, "right"),
            Column("ARR due", 1.3, "right"),
            Column("Forecast", 1.3, "right"),
            Column("Share", 0.9, "right"),
        ),
        [
            [
                f"Next {window} days",
                str(f.count),
                money(f.arr_due, result.currency),
                money(f.forecast_arr, result.currency),
                percent(f.percent, digits=0),
            ]
            for window, f in sorted(result.renewals.items())
        ],
        caption="Forecast = ARR × renewal probability of each renewal in the window; overdue "
        "renewals are in no window (see the alerts).",
    )
    if history:
        doc.heading("Hand-over history", 2)
        doc.table(
            (Column("Date", 1.1), Column("From", 1.6), Column("To", 1.6), Column("Note", 3.0)),
            [
                [when or "", one_line(a) or "", one_line(b) or "", one_line(n) or ""]
                for when, a, b, n in history
            ],
        )

    doc.heading("Where to start")
    top = list(result.priorities[:BOOK_PRIORITIES])
    if top:
        doc.table(
            (Column("", 0.8), Column("Account", 1.8), Column("What", 3.2), Column("Playbook", 2.2)),
            [
                [
                    Span(a.severity.label, bold=True, colour=SEVERITY_COLOURS[a.severity]),
                    one_line(a.account_name),
                    one_line(a.message),
                    one_line(a.playbook) or "",
                ]
                for a in top
            ],
            caption=f"The first {len(top)} of "
            f"{plural(len(result.priorities), 'priority', 'priorities')}: red first, then by ARR.",
        )
    else:
        doc.note("Nothing in the book needs attention today.")

    doc.heading("Accounts")
    doc.table(
        (
            Column("Account", 2.4),
            Column("ARR", 1.1, "right"),
            Column("Health", 1.2),
            Column("Renewal", 1.2),
            Column("Alerts", 0.8, "right"),
        ),
        [
            [
                one_line(a.name),
                money(a.arr, result.currency),
                _health_cell(a.health),
                day(a.facts.renewal_date),
                Span(str(len(a.alerts)), colour=BAD if a.red_alerts else None) if a.alerts else "",
            ]
            for a in sorted(result.active, key=lambda a: (a.name.casefold(), a.id))
        ],
    )
    churned = [a for a in result.accounts if a.churned]
    if churned:
        doc.note("Churned, kept for history: " + ", ".join(one_line(a.name) for a in churned) + ".")


def _health_cell(health: Health) -> Inline:
    colour = BAND_COLOURS[health.band]
    if health.score is None:
        return Span("Unscored", colour=MUTED)
    return [
        Span(health.shown_score(), bold=True, colour=colour),
        Span(f" · {health.band.label}", colour=colour),
    ]


def health_in_words(account: AccountResult) -> str:
    """Health and what drives it, in a sentence or two."""
    health = account.health
    if health.score is None:
        return "Unscored: no health inputs are recorded yet."
    parts = sorted(health.components.values(), key=lambda c: c.score)
    weakest = parts[0]
    strongest = parts[-1]
    detail = "; ".join(f"{in_sentence(i.label)} {i.shown}" for i in weakest.inputs[:2])
    if weakest.manual:
        detail = "set by hand" + (f": {one_line(weakest.note)}" if has_text(weakest.note) else "")
    sentence = f"Weakest: {weakest.component.phrase} at {weakest.score:.0f}"
    sentence += f" ({detail})" if detail else ""
    if strongest is not weakest:
        sentence += f"; strongest: {strongest.component.phrase} at {strongest.score:.0f}"
    missing = [c.phrase for c in health.missing if c in Component]
    if missing:
        sentence += f". No data for {', '.join(missing)}"
    return sentence + "."


def account_page(doc: Composer, account: AccountResult, currency: str) -> None:
    """One account's page: state, health and why, renewal, risks, actions, artifacts, start."""
    facts = account.facts
    as_of = account.as_of
    doc.heading(one_line(facts.name), group="Accounts")
    renewal = ""
    if facts.renewal_date is not None and account.days_to_renewal is not None:
        renewal = f"{day(facts.renewal_date)} ({days_phrase(account.days_to_renewal)})"
    segment = account.shown_segment.label + (" (upgraded: red health)" if account.upgraded else "")
    doc.facts(
        [
            ("ARR", money(facts.arr, currency)),
            ("Segment", segment),
            ("Health", _health_cell(account.health)),
            ("Discipline", percent(account.discipline, digits=0)),
            ("Renewal", renewal),
            ("Phase", account.renewal_phase.label if account.renewal_phase else ""),
            (
                "Probability",
                f"{account.renewal_probability:.0%}"
                + (" (set by hand)" if account.probability_source == "override" else ""),
            ),
            ("Forecast", money(account.forecast_arr, currency)),
            ("Lifecycle", label_of(LifecycleStage, facts.lifecycle_stage)),
            ("CRM id", one_line(facts.crm_id) or ""),
        ],
        columns=2,
    )

    doc.heading("Health and why", 2)
    # The account brief's words for the score and what moved it, then what drives it.
    if account.health.score is not None:
        doc.paragraph(health_callout(account))
    doc.paragraph(health_in_words(account))

    if account.renewal_phase is not None:
        doc.heading("Next renewal", 2)
        doc.paragraph(
            [
                Span(f"{renewal} — {account.renewal_phase.phrase}. ", bold=True),
                Span(PHASE_GUIDANCE[account.renewal_phase]),
                Span(
                    f" Renewal probability {account.renewal_probability:.0%}, forecast "
                    f"{money(account.forecast_arr, currency)}."
                    if account.forecast_arr is not None
                    else ""
                ),
            ]
        )

    risks = [r for r in facts.risks if r.open]
    doc.heading("Open risks", 2)
    if risks:
        doc.bullets(
            [
                Span(clause(r.statement), bold=True),
                Span(
                    f" — {label_of_severity(r.severity)}"
                    + (f"; next: {clause(r.next_action)}" if has_text(r.next_action) else "")
                    + (f" ({one_line(r.owner)})" if has_text(r.owner) else "")
                    + (f"; reassess by {day(r.reassess_on)}" if r.reassess_on else "")
                ),
            ]
            for r in risks
        )
    else:
        doc.note("No open risks.")

    actions = [a for a in facts.actions if a.open_on(as_of)]
    doc.heading("Open actions", 2)
    if actions:
        doc.bullets(
            [
                Span(one_line(a.text)),
                Span(
                    f" — {one_line(a.owner) or 'no owner'}, due {day(a.due, empty='undated')}",
                    colour=MUTED,
                ),
                *([Span(" overdue", bold=True, colour=BAD)] if a.due and a.due < as_of else []),
            ]
            for a in actions
        )
    else:
        doc.note("No open actions.")

    to_fix = [s for s in account.artifacts.values() if s.mandatory and s.status in FIX]
    doc.heading("Artifacts to fix", 2)
    if to_fix:
        doc.bullets([Span(f"{s.artifact.label}: ", bold=True), Span(s.describe())] for s in to_fix)
    else:
        doc.note("Every required artifact is complete and current.")

    doc.heading("Where to start", 2)
    start = priorities([*account.alerts, *account.due])[:ACCOUNT_PRIORITIES]
    if start:
        doc.numbered(
            [
                Span(one_line(a.message)),
                *([Span(f" — {one_line(a.playbook)}", colour=MUTED)] if a.playbook else []),
            ]
            for a in start
        )
    else:
        doc.note("Nothing is pressing: keep the cadence and the plan current.")


def label_of_severity(severity: str | None) -> str:
    return f"{severity} severity" if severity else "severity not set"
