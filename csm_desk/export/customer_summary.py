"""The executive summary that opens every customer document: where things stand, the outcomes
worth a headline, and what each side is asked to do next.

Everything here is read from the customer view, so the summary can only repeat what the pages
after it say, as of the same date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from csm_desk.engine.vocab import ActionStatus, MilestonePhase, MilestoneStatus, PlanStatus, Side
from csm_desk.export.common import label_of
from csm_desk.export.compose import Composer, Span
from csm_desk.export.customer_view import (
    CustomerAccountView,
    ViewAction,
    ViewKpi,
    ViewMeeting,
    ViewReview,
)
from csm_desk.export.text import day, has_text, lines, long_day, number, one_line, plural

# A summary stays short: at most this many lines under each of its headings.
HEADLINES = 4
ASKS = 4


@dataclass(frozen=True)
class Summary:
    """What an executive summary says.

    Attributes:
        status: one or two sentences on where things stand.
        outcomes: the headline outcomes, one line each.
        customer_asks: what the customer is asked to do, one line each.
        vendor_asks: what the vendor's team will do, one line each.
    """

    status: str
    outcomes: tuple[str, ...]
    customer_asks: tuple[str, ...]
    vendor_asks: tuple[str, ...]


def _due(when: dt.date | None) -> str:
    return f" (by {day(when)})" if when else ""


def kpi_headline(kpi: ViewKpi) -> str | None:
    """A metric's progress in one line, or None without a current value.

    "Auto-match rate: 62 % at the start, 87 % now, aiming for 95 % by 31 March 2027".
    """
    if kpi.current is None:
        return None
    parts = [f"{one_line(kpi.name)}: "]
    if kpi.baseline is not None and kpi.baseline != kpi.current:
        parts.append(f"{number(kpi.baseline, kpi.unit)} at the start, ")
    parts.append(f"{number(kpi.current, kpi.unit)} now")
    if kpi.target is not None:
        reached = (kpi.current >= kpi.target) == kpi.higher_is_better or kpi.current == kpi.target
        if reached:
            parts.append(f", target of {number(kpi.target, kpi.unit)} reached")
        else:
            parts.append(f", aiming for {number(kpi.target, kpi.unit)}{_by(kpi.by_when)}")
    return "".join(parts)


def _by(when: dt.date | None) -> str:
    return f" by {day(when)}" if when else ""


def kpis_on_target(kpis: Sequence[ViewKpi]) -> int:
    """How many of ``kpis`` have reached their target."""
    return sum(
        1
        for k in kpis
        if k.current is not None
        and k.target is not None
        and ((k.current >= k.target) == k.higher_is_better or k.current == k.target)
    )


def _kpi_outcomes(view: CustomerAccountView) -> list[str]:
    return [h for h in (kpi_headline(k) for k in view.kpis) if h]


def _reached(view: CustomerAccountView, phase: str | None = None) -> list[str]:
    done = [
        m
        for m in view.milestones
        if m.status == MilestoneStatus.COMPLETE.value
        and (phase is None or m.phase == phase)
        and (m.completed_on is None or m.completed_on <= view.as_of)
    ]
    done.sort(key=lambda m: m.completed_on or dt.date.min, reverse=True)
    return [
        f"{one_line(m.title)}: reached" + (f" on {day(m.completed_on)}" if m.completed_on else "")
        for m in done
    ]


def _open_milestones(view: CustomerAccountView, side: str, phase: str | None = None) -> list[str]:
    open_ = [
        m
        for m in view.milestones
        if m.status != MilestoneStatus.COMPLETE.value
        and m.owner_side == side
        and (phase is None or m.phase == phase)
    ]
    open_.sort(key=lambda m: m.due or dt.date.max)
    return [f"{one_line(m.title)}{_due(m.due)}" for m in open_]


def _commitments(view: CustomerAccountView, side: str) -> list[str]:
    return [one_line(c.text) for c in view.commitments if c.side == side]


def _milestone_status(view: CustomerAccountView, phase: str | None = None) -> str:
    chosen = [m for m in view.milestones if phase is None or m.phase == phase]
    if not chosen:
        return ""
    # Complete by the as-of date: a milestone completed later was still open then.
    complete = [
        m
        for m in chosen
        if m.status == MilestoneStatus.COMPLETE.value
        and (m.completed_on is None or m.completed_on <= view.as_of)
    ]
    done = len(complete)
    late = sum(1 for m in chosen if m not in complete and m.due is not None and m.due < view.as_of)
    text = f"{done} of {plural(len(chosen), 'milestone')} complete"
    return text + (f", {late} overdue" if late else "")


def _metric_status(view: CustomerAccountView) -> str:
    if not view.kpis:
        return ""
    return (
        f"{kpis_on_target(view.kpis)} of {plural(len(view.kpis), 'success metric')} "
        "at or past target"
    )


def _sentence(parts: Sequence[str]) -> str:
    chosen = [p for p in parts if p]
    if not chosen:
        return ""
    text = "; ".join(chosen)
    return text[0].upper() + text[1:] + "."


def success_plan_summary(view: CustomerAccountView) -> Summary:
    """The success plan's summary: plan status and progress, outcomes and asks."""
    progress = [_milestone_status(view), _metric_status(view)]
    # The plan's status alone says nothing yet: a plan with no milestones and no metrics has
    # nothing to sum up.
    status = _sentence(
        [
            f"plan {label_of(PlanStatus, view.plan_status).lower()}"
            if view.plan_status and any(progress)
            else "",
            *progress,
        ]
    )
    return Summary(
        status=status,
        outcomes=tuple((_kpi_outcomes(view) + _reached(view))[:HEADLINES]),
        customer_asks=tuple(
            (
                _open_milestones(view, Side.CUSTOMER.value)
                or _commitments(view, Side.CUSTOMER.value)
            )[:ASKS]
        ),
        vendor_asks=tuple(
            (_open_milestones(view, Side.VENDOR.value) or _commitments(view, Side.VENDOR.value))[
                :ASKS
            ]
        ),
    )


def onboarding_summary(view: CustomerAccountView) -> Summary:
    """The onboarding plan's summary: milestones, go-live, outcomes and asks."""
    phase = MilestonePhase.ONBOARDING.value
    go_live = view.go_live_date or next(
        (m.due for m in view.milestones if m.go_live and m.phase == phase), None
    )
    status = _sentence(
        [
            _milestone_status(view, phase),
            f"go-live planned for {day(go_live)}" if go_live else "",
        ]
    )
    return Summary(
        status=status,
        outcomes=tuple(_reached(view, phase)[:HEADLINES]),
        customer_asks=tuple(_open_milestones(view, Side.CUSTOMER.value, phase)[:ASKS]),
        vendor_asks=tuple(_open_milestones(view, Side.VENDOR.value, phase)[:ASKS]),
    )


def _open_actions(
    actions: Sequence[ViewAction], side: str, *, as_listed: bool = False
) -> list[str]:
    """The actions of ``side`` still open (all of ``actions`` when ``as_listed``)."""
    chosen = [
        a for a in actions if a.side == side and (as_listed or a.status == ActionStatus.OPEN.value)
    ]
    return [f"{one_line(a.text)}{_due(a.due)}" for a in chosen]


def recap_summary(view: CustomerAccountView, meeting: ViewMeeting) -> Summary:
    """The recap's summary: decisions taken, action items on each side and what is open."""
    decisions = lines(meeting.decisions)
    open_items = lines(meeting.open_items)
    status = _sentence(
        [
            f"we met on {day(meeting.date)}" if meeting.date else "",
            plural(len(decisions), "decision") + " taken" if decisions else "no decisions taken",
            plural(len(meeting.actions), "action item") if meeting.actions else "",
            f"{len(open_items)} left open" if open_items else "",
        ]
    )
    return Summary(
        status=status,
        outcomes=tuple(one_line(d) for d in decisions[:HEADLINES]),
        customer_asks=tuple(_open_actions(meeting.actions, Side.CUSTOMER.value)[:ASKS]),
        vendor_asks=tuple(_open_actions(meeting.actions, Side.VENDOR.value)[:ASKS]),
    )


def qbr_summary(view: CustomerAccountView, review: ViewReview) -> Summary:
    """The business review's summary: progress, outcomes, decisions needed and asks."""
    status = _sentence(
        [
            f"review of {one_line(review.period)}" if has_text(review.period) else "",
            _milestone_status(view),
            _metric_status(view),
        ]
    )
    outcomes = _kpi_outcomes(view) or [one_line(x) for x in lines(review.outcomes)]
    decisions = [one_line(d) for d in lines(review.decisions_needed)]
    # Only what was asked in meetings held by the review's date, as it stood then.
    actions = [
        a
        for m in view.meetings
        if m.date is not None and m.date <= view.as_of
        for a in m.actions
        if a.status == ActionStatus.OPEN.value
        or (a.status == ActionStatus.DONE.value and (a.completed_on or dt.date.min) > view.as_of)
    ]
    return Summary(
        status=status,
        outcomes=tuple(outcomes[:HEADLINES]),
        customer_asks=tuple(
            (decisions + _open_actions(actions, Side.CUSTOMER.value, as_listed=True))[: ASKS + 1]
        ),
        vendor_asks=tuple(
            (
                [one_line(r) for r in lines(review.recommendations)]
                or _open_actions(actions, Side.VENDOR.value, as_listed=True)
            )[:ASKS]
        ),
    )


def renewal_summary(view: CustomerAccountView) -> Summary:
    """The renewal plan's summary: the term's end, steps done, proof points and asks."""
    steps = view.renewal.next_steps if view.renewal else ()
    done = sum(1 for s in steps if s.done)
    status = _sentence(
        [
            f"the current term ends on {day(view.renewal_date)}" if view.renewal_date else "",
            f"{done} of {plural(len(steps), 'step')} to the renewal done" if steps else "",
        ]
    )
    proof = [one_line(p) for p in lines(view.renewal.value_proof_points if view.renewal else None)]

    def asks(side: str) -> tuple[str, ...]:
        return tuple(
            f"{one_line(s.action)}{_due(s.due)}" for s in steps if s.side == side and not s.done
        )[:ASKS]

    return Summary(
        status=status,
        outcomes=tuple((proof or _kpi_outcomes(view))[:HEADLINES]),
        customer_asks=asks(Side.CUSTOMER.value),
        vendor_asks=asks(Side.VENDOR.value),
    )


def write_summary(
    doc: Composer,
    summary: Summary,
    *,
    customer: str,
    vendor: str,
    as_of: dt.date,
    full_page: bool = False,
) -> None:
    """The "Executive summary" section; with ``full_page`` it fills its own page (the QBR's
    one-page summary) and the rest of the document starts on the next one. A document with
    nothing to sum up yet (every part still to agree) gets no summary.
    """
    if not (summary.status or summary.outcomes or summary.customer_asks or summary.vendor_asks):
        return
    doc.heading("Executive summary")
    if summary.status:
        doc.callout(
            [Span(f"Where we stand on {long_day(as_of)}: ", bold=True), Span(summary.status)]
        )
    if summary.outcomes:
        doc.paragraph(Span("Headline outcomes", bold=True), keep_next=True)
        doc.bullets(summary.outcomes)
    for heading, items in (
        (f"What we ask of {customer}", summary.customer_asks),
        (f"What {vendor} will do", summary.vendor_asks),
    ):
        doc.paragraph(Span(heading, bold=True), keep_next=True)
        if items:
            doc.bullets(items)
        else:
            doc.note("Nothing is outstanding at present.")
    if full_page:
        doc.page_break()
