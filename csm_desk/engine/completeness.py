"""What makes each artifact complete (DOMAIN.md §2.1): one check per artifact.

Each ``*_status`` function checks one artifact's completeness criteria as of a date and names
every unmet one, returning whether the artifact exists at all and the unmet criteria;
``engine.discipline`` adds freshness and turns them into the artifact's status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from csm_desk.engine.facts import AccountFacts
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Artifact, MilestonePhase, ReviewStatus, Role, Segment, Side
from csm_desk.engine.wording import plural


class _Check:
    """Criteria collected for one artifact (a reason is only worded when it is unmet)."""

    def __init__(self) -> None:
        self.unmet: list[str] = []

    def need(self, condition: bool, reason: str | Callable[[], str]) -> None:
        if not condition:
            self.unmet.append(reason if isinstance(reason, str) else reason())


def onboarding_ended(account: AccountFacts, as_of: dt.date) -> bool:
    """Onboarding is over once the account went live (go-live date reached or go-live
    milestone completed) or moved past the onboarding stage."""
    if account.lifecycle_stage != "onboarding":
        return True
    if account.go_live_date is not None and account.go_live_date <= as_of:
        return True
    return any(m.go_live and not m.open_on(as_of) for m in account.milestones)


def onboarding_status(
    account: AccountFacts, settings: BookSettings | None = None
) -> tuple[bool, list[str]]:
    """≥ 3 milestones (``onboarding_min_milestones``); owners on both sides; every milestone
    dated; "live" defined; a first-value milestone. Returns (present, unmet)."""
    milestones = [m for m in account.milestones if m.phase == MilestonePhase.ONBOARDING]
    present = bool(milestones) or account.live_defined
    needed = (settings or BookSettings()).days("onboarding_min_milestones")
    check = _Check()
    check.need(
        len(milestones) >= needed,
        lambda: f"{plural(len(milestones), 'milestone')}, at least {needed} needed",
    )
    sides = {m.owner_side for m in milestones if m.owner_side}
    check.need(Side.VENDOR in sides, "no milestone owned by our team")
    check.need(Side.CUSTOMER in sides, "no milestone owned by the customer")
    undated = sum(1 for m in milestones if m.due is None)
    check.need(undated == 0, lambda: f"{plural(undated, 'milestone')} without a due date")
    check.need(account.live_defined, 'what "live" means is not defined')
    check.need(any(m.first_value for m in milestones), "no first-value milestone")
    return present, check.unmet


def success_plan_status(account: AccountFacts) -> tuple[bool, list[str]]:
    """≥ 1 objective; ≥ 1 KPI with baseline, target and by-when; ≥ 1 milestone with owner and
    date; review cadence set."""
    present = bool(account.objective_count or account.kpis or account.has_success_vision)
    check = _Check()
    check.need(account.objective_count >= 1, "no business objective")
    check.need(
        any(k.baseline is not None and k.target is not None and k.by_when for k in account.kpis),
        "no KPI with a baseline, a target and a by-when date",
    )
    check.need(
        any((m.owner_name or m.owner_side) and m.due for m in account.milestones),
        "no milestone with an owner and a due date",
    )
    check.need(bool(account.review_cadence), "review cadence not set")
    return present, check.unmet


def stakeholder_map_status(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings | None = None
) -> tuple[bool, list[str]]:
    """≥ 3 people (high touch) or ≥ 2 (otherwise; settings ``stakeholder_map_min_high`` and
    ``_low``); a champion; an economic buyer; everyone with a role, influence and relationship
    strength."""
    people = [s for s in account.stakeholders if not s.departed_by(as_of)]
    present = bool(account.stakeholders)
    needed = (settings or BookSettings()).days(
        "stakeholder_map_min_high" if segment is Segment.HIGH_TOUCH else "stakeholder_map_min_low"
    )
    check = _Check()
    check.need(
        len(people) >= needed, lambda: f"{plural(len(people), 'person')} mapped, {needed} needed"
    )
    check.need(any(Role.CHAMPION in s.roles for s in people), "no champion")
    check.need(any(Role.ECONOMIC_BUYER in s.roles for s in people), "no economic buyer")
    sparse = [
        s.name
        for s in people
        if not s.roles or s.influence is None or s.relationship_strength is None
    ]
    check.need(
        not sparse,
        lambda: (
            f"role, influence or relationship strength missing for {', '.join(sparse[:3])}"
            + (f" and {len(sparse) - 3} more" if len(sparse) > 3 else "")
        ),
    )
    return present, check.unmet


def recap_status(
    account: AccountFacts, as_of: dt.date, settings: BookSettings
) -> tuple[bool, list[str]]:
    """Every meeting of the last 90 days has a decision or action item, and every action item
    has an owner and a due date."""
    meetings = [m for m in account.meetings if m.date <= as_of]
    present = bool(meetings)
    window = settings.days("recap_window_days")
    recent = [m for m in meetings if (as_of - m.date).days <= window]
    recent_ids = {m.id for m in recent}
    with_actions = {a.meeting_id for a in account.actions}
    bare = [m for m in recent if m.decision_count == 0 and m.id not in with_actions]
    check = _Check()
    check.need(
        not bare,
        lambda: f"{plural(len(bare), 'recent meeting')} without a decision or action item",
    )
    loose = [
        a
        for a in account.actions
        if (a.meeting_id in recent_ids or a.open_on(as_of)) and (not a.owner or a.due is None)
    ]
    check.need(
        not loose, lambda: f"{plural(len(loose), 'action item')} without an owner or due date"
    )
    return present, check.unmet


RISK_FIELDS = (
    ("statement", "statement"),
    ("evidence", "evidence"),
    ("severity", "severity"),
    ("owner", "owner"),
    ("next_action", "next action"),
    ("reassess_on", "reassess date"),
)


def risk_register_status(account: AccountFacts, as_of: dt.date) -> tuple[bool, list[str]]:
    """Every open risk has statement, evidence, severity, owner, next action and reassess date;
    no open risk is past its reassess date. A register with no open risk is complete once it
    exists (a risk was ever logged, or the register was marked reviewed)."""
    present = bool(account.risks) or Artifact.RISK_REGISTER in account.touched
    open_risks = [r for r in account.risks if r.open]
    check = _Check()
    for field_name, words in RISK_FIELDS:
        lacking = sum(1 for r in open_risks if not getattr(r, field_name))
        if lacking:
            check.need(False, f"{plural(lacking, 'open risk')} without {words}")
    overdue = sum(1 for r in open_risks if r.reassess_on is not None and r.reassess_on < as_of)
    check.need(overdue == 0, lambda: f"{plural(overdue, 'open risk')} past the reassess date")
    return present, check.unmet


def qbr_cadence_days(segment: Segment, settings: BookSettings) -> int:
    """Days between reviews: 92 for high touch, 183 otherwise (settings)."""
    key = "qbr_cadence_days_high" if segment is Segment.HIGH_TOUCH else "qbr_cadence_days_low"
    return settings.days(key)


def qbr_status(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> tuple[bool, list[str], str | None]:
    """A review delivered within the cadence, with goals recap, outcomes, risks and decisions.

    Returns (present, unmet, stale reason); a complete review older than the cadence is stale.
    """
    reviews = [r for r in account.reviews if r.date <= as_of]
    present = bool(reviews)
    delivered = [r for r in reviews if r.status == ReviewStatus.DELIVERED]
    check = _Check()
    if not delivered:
        check.need(False, "no review delivered yet")
        return present, check.unmet, None
    last = max(delivered, key=lambda r: r.date)
    check.need(last.has_goals_recap, "last review has no goals recap")
    check.need(last.has_outcomes, "last review has no outcomes")
    check.need(last.has_risks, "last review has no friction or risks")
    check.need(last.has_decisions, "last review has no decisions needed")
    age = (as_of - last.date).days
    cadence = qbr_cadence_days(segment, settings)
    stale = f"last review delivered {age} days ago (cadence {cadence})" if age > cadence else None
    return present, check.unmet, stale


def renewal_plan_window(segment: Segment, settings: BookSettings) -> int:
    """Days before renewal a plan must exist: 120 for high touch, 90 otherwise (settings)."""
    key = "renewal_plan_days_high" if segment is Segment.HIGH_TOUCH else "renewal_plan_days_low"
    return settings.days(key)


def renewal_plan_due(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> bool:
    """A renewal plan is required once the renewal is within its window (or overdue)."""
    if account.renewal_date is None:
        return False
    return (account.renewal_date - as_of).days <= renewal_plan_window(segment, settings)


def renewal_plan_status(account: AccountFacts) -> tuple[bool, list[str]]:
    """Approvers named; ≥ 1 value proof point; next steps, each with an owner."""
    plan = account.renewal_plan
    if plan is None:
        return False, []
    check = _Check()
    check.need(bool(plan.approver_ids), "no approvers named")
    check.need(plan.value_proof_count >= 1, "no value proof point")
    check.need(bool(plan.next_steps), "no next steps")
    unowned = sum(1 for s in plan.next_steps if not s.owner)
    check.need(unowned == 0, lambda: f"{plural(unowned, 'next step')} without an owner")
    return True, check.unmet
