"""Past renewals in the internal renewal strategy: each closed renewal's outcome and ARR, and the
plan, next steps and checklist it was worked with, as they stood when the outcome was recorded.
"""

from __future__ import annotations

import datetime as dt

from csm_desk.engine.renewals import PHASE_ORDER
from csm_desk.engine.vocab import RenewalOutcome, RenewalPhase, StepStatus
from csm_desk.export.common import BAD, GOOD, MUTED, WARN, label_of, owner_cell, phrase_of
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.internal_view import AccountDossier, Row
from csm_desk.export.text import day, has_text, lines, money, one_line, plural

OUTCOME_COLOURS = {
    RenewalOutcome.RENEWED_UP.value: GOOD,
    RenewalOutcome.RENEWED_FLAT.value: GOOD,
    RenewalOutcome.DOWNGRADED.value: WARN,
    RenewalOutcome.CHURNED.value: BAD,
}
_PHASE_INDEX = {p.value: i for i, p in enumerate(PHASE_ORDER)}


def closed_by(dossier: AccountDossier) -> list[Row]:
    """The renewals closed on or before the dossier's date, newest first."""
    cycles = [
        c
        for c in dossier.table("renewal_cycle")
        if c.get("recorded_on") is None or c["recorded_on"] <= dossier.as_of
    ]
    return sorted(cycles, key=lambda c: (c.get("renewal_date") or dt.date.min, c["id"]))[::-1]


def _outcome(value: str) -> Inline:
    return Span(label_of(RenewalOutcome, value), colour=OUTCOME_COLOURS.get(value))


def past_renewals(doc: Composer, dossier: AccountDossier) -> None:
    """The list of closed renewals, then each one with its plan and steps."""
    cycles = closed_by(dossier)
    if not cycles:
        doc.note("No renewal of this account has closed yet.")
        return
    currency = dossier.currency
    doc.table(
        (
            Column("Renewal", 1.0),
            Column("Outcome", 1.5),
            Column("ARR before", 1.1, "right"),
            Column("ARR after", 1.1, "right"),
            Column("Note", 2.8),
        ),
        [
            [
                day(c.get("renewal_date")),
                _outcome(c["outcome"]),
                money(c.get("arr_before"), currency),
                money(c.get("arr_after"), currency),
                one_line(c.get("note")) or "",
            ]
            for c in cycles
        ],
    )
    steps = dossier.table("renewal_cycle_step")
    for cycle in cycles:
        doc.heading(
            f"Renewal of {day(cycle.get('renewal_date'))}: "
            f"{phrase_of(RenewalOutcome, cycle['outcome'])}",
            2,
        )
        _closed_plan(doc, cycle)
        own = [s for s in steps if s.get("renewal_cycle_id") == cycle["id"]]
        _closed_steps(doc, dossier, own)


def _closed_plan(doc: Composer, cycle: Row) -> None:
    if not cycle.get("had_plan"):
        doc.note("No renewal plan was written for this renewal.")
        return
    pairs: list[tuple[str, Inline]] = [("Plan started", day(cycle.get("plan_started_on")))]
    if cycle.get("probability_override") is not None:
        pairs.append(("Probability", f"{cycle['probability_override']:.0%}"))
    wide: list[tuple[str, Inline]] = []
    for label, field in (
        ("Approvers", "approvers"),
        ("Timeline to decision", "decision_milestones"),
        ("Value proof points", "value_proof_points"),
        ("Risks and objections", "objections"),
        ("Internal support needed", "internal_support"),
    ):
        items = lines(cycle.get(field))
        if items:
            wide.append((label, "\n".join(items)))
    for label, field in (("Strategy", "internal_strategy"), ("Why", "probability_note")):
        if has_text(cycle.get(field)):
            wide.append((label, one_line(cycle.get(field))))
    doc.facts(pairs, wide=wide, columns=2)


def _closed_steps(doc: Composer, dossier: AccountDossier, steps: list[Row]) -> None:
    next_steps = sorted(
        (s for s in steps if s.get("next_step")),
        key=lambda s: (s.get("due") or dt.date.max, s["id"]),
    )
    if next_steps:
        doc.table(
            (Column("Next step", 3.6), Column("Owner", 1.9), Column("Due", 1.1), Column("", 1.0)),
            [
                [
                    one_line(s["action"]),
                    owner_cell(s.get("side"), s.get("owner"), dossier.name),
                    day(s.get("due")),
                    _status(s["status"]),
                ]
                for s in next_steps
            ],
        )
    checklist = [s for s in steps if not s.get("next_step")]
    if not checklist:
        return
    done = sum(s["status"] == StepStatus.DONE.value for s in checklist)
    left = sorted(
        (s for s in checklist if s["status"] != StepStatus.DONE.value),
        key=lambda s: (_PHASE_INDEX.get(s.get("phase") or "", 99), s.get("due") or dt.date.max),
    )
    doc.note(
        f"Checklist: {done} of {plural(len(checklist), 'step')} done"
        + (", the rest as below." if left else ".")
    )
    if left:
        doc.table(
            (
                Column("Phase", 1.1),
                Column("Step", 3.0),
                Column("Owner", 1.4),
                Column("Due", 1.0),
                Column("Status", 1.1),
            ),
            [
                [
                    label_of(RenewalPhase, s.get("phase")),
                    one_line(s["action"]),
                    one_line(s.get("owner")) or "",
                    day(s.get("due")),
                    _status(s["status"]),
                ]
                for s in left
            ],
        )


def _status(value: str) -> Inline:
    if value == StepStatus.DONE.value:
        return Span("Done", colour=GOOD)
    if value == StepStatus.SKIPPED.value:
        return Span("Skipped", colour=MUTED)
    return Span("Left open", colour=BAD)
