"""The hand-over brief's sections: the opening pages about the whole book, and the parts of each
account's page, each a small function (``handover`` lists them in order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csm_desk.engine.alerts import priorities
from csm_desk.engine.book import AccountResult, BookResult
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
)

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
FIX = (ArtifactStatus.MISSING, ArtifactStatus.INCOMPLETE, ArtifactStatus.STALE)


@dataclass(frozen=True)
class Opening:
    """What the brief's opening pages tell.

    Attributes:
        result: the whole book, scored.
        notes: the owner's notes for the next owner.
        history: the hand-overs so far (date, from, to, note), this one last.
        count: how many active accounts the brief has a page for.
        successor: whom the book is handed to ("" when nobody is named).
    """

    result: BookResult
    notes: str | None
    history: list[tuple[str, str, str, str | None]]
    count: int
    successor: str = ""


OpeningSection = Callable[[Composer, Opening], None]
AccountSection = Callable[[Composer, AccountResult, str], None]


# -- the opening pages ------------------------------------------------------------------------


def cover(doc: Composer, opening: Opening) -> None:
    """Write the hand-over brief's cover: whose book, for whom, its size, ARR and date."""
    result, successor = opening.result, opening.successor
    owner = one_line(result.owner)
    doc.title_block(
        "Hand-over brief",
        f"{owner}’s book" if owner else "The book",
        (f"For {successor} · " if successor else "")
        + f"{plural(opening.count, 'account')} · {money(result.arr, result.currency)} ARR · as of "
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


def owner_notes(doc: Composer, opening: Opening) -> None:
    """Write the notes the previous owner left for the next one."""
    owner = one_line(opening.result.owner)
    doc.heading(f"From {owner}" if owner else "From the previous owner")
    if has_text(opening.notes):
        doc.text(opening.notes)
    else:
        doc.note("No notes were left for the next owner.")


def at_a_glance(doc: Composer, opening: Opening) -> None:
    """Write the book at a glance: accounts, ARR, retention and the other book metrics."""
    result = opening.result
    doc.heading("The book at a glance")
    m = result.metrics
    doc.facts(
        [
            ("Accounts", str(opening.count)),
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


def health_by_band(doc: Composer, opening: Opening) -> None:
    """Write how many accounts, and how much ARR, fall in each health band."""
    result = opening.result
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


def renewal_windows(doc: Composer, opening: Opening) -> None:
    """Write the renewals due in each window: count, ARR due, forecast and share."""
    result = opening.result
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


def handover_history(doc: Composer, opening: Opening) -> None:
    """Write the book's past hand-overs, if it has any."""
    if not opening.history:
        return
    doc.heading("Hand-over history", 2)
    doc.table(
        (Column("Date", 1.1), Column("From", 1.6), Column("To", 1.6), Column("Note", 3.0)),
        [
            [when or "", one_line(a) or "", one_line(b) or "", one_line(n) or ""]
            for when, a, b, n in opening.history
        ],
    )


def book_priorities(doc: Composer, opening: Opening) -> None:
    """Write where to start in the book: its most pressing alerts and their playbooks."""
    result = opening.result
    doc.heading("Where to start")
    top = list(result.priorities[:BOOK_PRIORITIES])
    if not top:
        doc.note("Nothing in the book needs attention today.")
        return
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


def account_list(doc: Composer, opening: Opening) -> None:
    """Write the list of accounts: ARR, health, renewal and alerts of each."""
    result = opening.result
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
                health_cell(a.health),
                day(a.facts.renewal_date),
                Span(str(len(a.alerts)), colour=BAD if a.red_alerts else None) if a.alerts else "",
            ]
            for a in sorted(result.active, key=lambda a: (a.name.casefold(), a.id))
        ],
    )
    churned = [a for a in result.accounts if a.churned]
    if churned:
        doc.note("Churned, kept for history: " + ", ".join(one_line(a.name) for a in churned) + ".")


# -- an account's page ------------------------------------------------------------------------


def _renewal_when(account: AccountResult) -> str:
    """The renewal date and how far off it is, or "" without a renewal date.

    "12 March 2027 (in 110 days)".
    """
    date = account.facts.renewal_date
    if date is None or account.days_to_renewal is None:
        return ""
    return f"{day(date)} ({days_phrase(account.days_to_renewal)})"


def particulars(doc: Composer, account: AccountResult, currency: str) -> None:
    """Write an account's heading and key facts: ARR, segment, health, discipline and more."""
    facts = account.facts
    doc.heading(one_line(facts.name), group="Accounts")
    segment = account.shown_segment.label + (" (upgraded: red health)" if account.upgraded else "")
    doc.facts(
        [
            ("ARR", money(facts.arr, currency)),
            ("Segment", segment),
            ("Health", health_cell(account.health)),
            ("Discipline", percent(account.discipline, digits=0)),
            ("Renewal", _renewal_when(account)),
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


def health_and_why(doc: Composer, account: AccountResult, _currency: str) -> None:
    """Write an account's health score, what moved it and what drives it."""
    doc.heading("Health and why", 2)
    # The account brief's words for the score and what moved it, then what drives it.
    if account.health.score is not None:
        doc.paragraph(health_callout(account))
    doc.paragraph(health_in_words(account))


def next_renewal(doc: Composer, account: AccountResult, currency: str) -> None:
    """Write an account's next renewal: when, its phase, what to do and the forecast."""
    if account.renewal_phase is None:
        return
    doc.heading("Next renewal", 2)
    doc.paragraph(
        [
            Span(f"{_renewal_when(account)} — {account.renewal_phase.phrase}. ", bold=True),
            Span(PHASE_GUIDANCE[account.renewal_phase]),
            Span(
                f" Renewal probability {account.renewal_probability:.0%}, forecast "
                f"{money(account.forecast_arr, currency)}."
                if account.forecast_arr is not None
                else ""
            ),
        ]
    )


def open_risks(doc: Composer, account: AccountResult, _currency: str) -> None:
    """Write an account's open risks."""
    risks = [r for r in account.facts.risks if r.open]
    doc.heading("Open risks", 2)
    if not risks:
        doc.note("No open risks.")
        return
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


def open_actions(doc: Composer, account: AccountResult, _currency: str) -> None:
    """Write an account's open action items."""
    as_of = account.as_of
    actions = [a for a in account.facts.actions if a.open_on(as_of)]
    doc.heading("Open actions", 2)
    if not actions:
        doc.note("No open actions.")
        return
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


def artifacts_to_fix(doc: Composer, account: AccountResult, _currency: str) -> None:
    """Write the required artifacts of an account that are missing, stale or incomplete."""
    to_fix = [s for s in account.artifacts.values() if s.mandatory and s.status in FIX]
    doc.heading("Artifacts to fix", 2)
    if to_fix:
        doc.bullets([Span(f"{s.artifact.label}: ", bold=True), Span(s.describe())] for s in to_fix)
    else:
        doc.note("Every required artifact is complete and current.")


def account_priorities(doc: Composer, account: AccountResult, _currency: str) -> None:
    """Write where to start on an account: its most pressing alerts, in order."""
    doc.heading("Where to start", 2)
    start = priorities([*account.alerts, *account.due])[:ACCOUNT_PRIORITIES]
    if not start:
        doc.note("Nothing is pressing: keep the cadence and the plan current.")
        return
    doc.numbered(
        [
            Span(one_line(a.message)),
            *([Span(f" — {one_line(a.playbook)}", colour=MUTED)] if a.playbook else []),
        ]
        for a in start
    )


# -- words and cells --------------------------------------------------------------------------


def health_cell(health: Health) -> Inline:
    """A health score and band, coloured by band, or "Unscored"."""
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


def label_of_severity(severity: str | None) -> str:
    """A risk's severity in words, or "severity not set"."""
    return f"{severity} severity" if severity else "severity not set"
