"""The shape of the demo book's content: one plain record per row kind, dated relative to as-of.

Every date in the demo is a whole number of days from the as-of date (negative: in the past),
so the same as-of date always gives the same book and a later one shifts every date with it.
The content itself lives in ``demo_northwind*`` (the fully worked account) and
``demo_accounts_*`` (the rest of the book); ``demo`` writes it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from csm_desk.engine.renewals import DEFAULT_CHECKLIST
from csm_desk.engine.vocab import RenewalPhase, StepStatus

Day = int  # days from the as-of date; negative is the past

OWNER = "Alex Morgan"
PREVIOUS_OWNER = "Jordan Ellis"
CURRENCY = "USD"

# Signal readings are taken about monthly: these are their days, oldest first.
MONTHLY: tuple[Day, ...] = (-215, -185, -155, -125, -95, -65, -35, -5)


class Clock(NamedTuple):
    """Turns day offsets into dates, and into words for the text of notes and risks."""

    as_of: dt.date

    def day(self, offset: Day) -> dt.date:
        """The date ``offset`` days from the demo's as-of day (negative: before it)."""
        return self.as_of + dt.timedelta(days=offset)

    def say(self, offset: Day) -> str:
        """A date as a person writes it in a note: "3 Nov"."""
        when = self.day(offset)
        return f"{when.day} {when:%b}"

    def dated(self, offset: Day) -> str:
        """A date with its year, as a timeline that runs past New Year needs: "3 Nov 2026"."""
        when = self.day(offset)
        return f"{when.day} {when:%b} {when.year}"

    def month(self, offset: Day) -> str:
        """The month of a day, in words: "October"."""
        return f"{self.day(offset):%B}"

    def quarter(self, offset: Day) -> str:
        """The calendar quarter of a day: "Q3 2026"."""
        when = self.day(offset)
        return f"Q{(when.month - 1) // 3 + 1} {when.year}"


class Person(NamedTuple):
    """A person on a demo account's stakeholder map."""

    key: str
    name: str
    title: str
    roles: str
    influence: int | None = None
    strength: int | None = None
    stance: str | None = None
    cares: str | None = None
    prefers: str | None = None
    renewal_role: str | None = None
    last_contact: Day | None = None
    departed_on: Day | None = None
    notes: str | None = None
    reports_to: str | None = None
    influences: tuple[str, ...] = ()


class Action(NamedTuple):
    """An action item of a demo meeting."""

    text: str
    owner: str
    side: str
    due: Day
    status: str = "open"
    done_on: Day | None = None


class MeetingSpec(NamedTuple):
    """A demo meeting, with its attendees, notes, decisions and action items."""

    day: Day
    type: str
    title: str
    attendees: tuple[str, ...]
    ours: str
    decisions: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    open_items: tuple[str, ...] = ()
    next_meeting: Day | None = None
    notes: str | None = None


class MilestoneSpec(NamedTuple):
    """A milestone of a demo account's onboarding or success plan."""

    key: str
    phase: str
    title: str
    side: str
    owner: str
    due: Day | None
    status: str = "not_started"
    done_on: Day | None = None
    depends_on: str | None = None
    first_value: bool = False
    go_live: bool = False


class ObjectiveSpec(NamedTuple):
    """A business objective of a demo success plan."""

    key: str
    text: str
    primary: bool = False


class KpiSpec(NamedTuple):
    """A KPI of a demo success plan, under one of its objectives."""

    objective: str | None
    name: str
    unit: str
    baseline: float
    target: float
    by_when: Day
    source: str
    readings: tuple[tuple[Day, float], ...] = ()
    higher_is_better: bool = True


class UseCaseSpec(NamedTuple):
    """A use case of a demo success plan."""

    objective: str | None
    title: str
    description: str
    status: str


class RiskSpec(NamedTuple):
    """An entry of a demo account's risk register."""

    statement: str
    category: str
    evidence: str | None
    severity: str | None
    likelihood: str | None
    impact: str | None
    owner: str | None
    next_action: str | None
    reassess: Day | None
    status: str
    raised: Day
    trigger: str | None = None
    mitigation: str | None = None
    shared: bool = False
    customer_wording: str | None = None


class ReviewSpec(NamedTuple):
    """A demo QBR or EBR narrative."""

    kind: str
    day: Day
    goals_recap: str
    what_changed: str
    outcomes: str
    friction: str
    recommendations: tuple[str, ...]
    decisions: tuple[str, ...]
    agenda: tuple[str, ...]
    next_steps: tuple[str, ...]
    status: str = "delivered"
    notes: str | None = None


class NextStep(NamedTuple):
    """A next step of a demo renewal plan."""

    action: str
    owner: str
    side: str
    due: Day
    done: bool = False


class RenewalPlanSpec(NamedTuple):
    """A demo account's renewal plan."""

    started: Day
    milestones: tuple[str, ...]
    proof_points: tuple[str, ...]
    objections: tuple[str, ...]
    support: tuple[str, ...]
    strategy: str
    approvers: tuple[str, ...]
    next_steps: tuple[NextStep, ...]
    probability: float | None = None
    probability_note: str | None = None


class StepSpec(NamedTuple):
    """A step of a demo account's renewal checklist."""

    phase: str
    action: str
    owner: str
    due: Day
    status: str


class ArrSpec(NamedTuple):
    """An entry of a demo account's ARR ledger."""

    day: Day
    kind: str
    amount: float
    note: str


class ValueSpec(NamedTuple):
    """A value proof point of a demo account."""

    day: Day
    category: str
    description: str
    value: float | None
    validated: bool


class ExpansionSpec(NamedTuple):
    """A demo expansion opportunity, with the signals behind it."""

    kind: str
    description: str
    signals: tuple[str, ...]
    stage: str
    arr: float | None
    close: Day | None


class FeedbackSpec(NamedTuple):
    """A piece of product feedback a demo customer gave."""

    day: Day
    request: str
    theme: str
    severity: str
    status: str
    told_on: Day | None = None


class CadenceSpec(NamedTuple):
    """A recurring touchpoint of a demo account's engagement cadence."""

    touchpoint: str
    audience: str
    frequency: str
    channel: str
    owner: str
    next: Day | None


class PlanItemSpec(NamedTuple):
    """An item of a demo account's 30/60/90-day plan."""

    horizon: str
    action: str
    owner: str
    due: Day
    status: str = "open"


class LinkSpec(NamedTuple):
    """A link of the account, or of one of its meetings (by day), risks (by position) or
    milestones (by key).
    """

    label: str
    target: str
    shareable: bool = False
    meeting: Day | None = None
    risk: int | None = None
    milestone: str | None = None


class HandoffSpec(NamedTuple):
    """The sales-to-CS handoff of a demo account."""

    day: Day
    sales_owner: str
    why_bought: str
    why_now: str
    why_us: str
    criteria: tuple[str, ...]
    promised: tuple[str, ...]
    risk_flags: tuple[str, ...]
    competitors: str
    notes: str | None = None


class OverrideSpec(NamedTuple):
    """A manual health override on a demo account."""

    day: Day
    component: str
    value: float | None
    note: str


Signal = tuple[str, tuple[tuple[Day, float], ...]]


class AccountSpec(NamedTuple):
    """Everything the demo knows about one account. ``touched`` says when each artifact was
    last edited (days from as-of); an artifact present but not listed was touched on the day of
    its latest dated content. Every renewal or churn in ``arr_events`` is a closed renewal,
    archived with its checklist (and ``past_plan`` for the latest one).
    """

    name: str
    crm_id: str
    industry: str
    tier: str
    arr: float
    contract_start: Day
    renewal: Day | None
    lifecycle: str
    segment: str | None = None  # pinned segment; None: set from ARR
    factors: tuple[int, int, int] | None = None  # complexity, growth potential, strategic
    live_definition: str | None = None
    go_live: Day | None = None
    vision: str | None = None
    statement: str | None = None
    cadence: str | None = None
    indicators: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()
    plan_status: str = "active"
    notes: str | None = None
    people: tuple[Person, ...] = ()
    meetings: tuple[MeetingSpec, ...] = ()
    signals: tuple[Signal, ...] = ()
    milestones: tuple[MilestoneSpec, ...] = ()
    objectives: tuple[ObjectiveSpec, ...] = ()
    kpis: tuple[KpiSpec, ...] = ()
    use_cases: tuple[UseCaseSpec, ...] = ()
    commitments: tuple[tuple[str, str], ...] = ()  # (side, text)
    cadence_items: tuple[CadenceSpec, ...] = ()
    plan_items: tuple[PlanItemSpec, ...] = ()
    risks: tuple[RiskSpec, ...] = ()
    reviews: tuple[ReviewSpec, ...] = ()
    renewal_plan: RenewalPlanSpec | None = None
    renewal_steps: tuple[StepSpec, ...] = ()
    past_plan: RenewalPlanSpec | None = None  # the plan of the latest closed renewal
    arr_events: tuple[ArrSpec, ...] = ()
    value_items: tuple[ValueSpec, ...] = ()
    expansions: tuple[ExpansionSpec, ...] = ()
    feedback: tuple[FeedbackSpec, ...] = ()
    overrides: tuple[OverrideSpec, ...] = ()
    handoff: HandoffSpec | None = None
    links: tuple[LinkSpec, ...] = ()
    touched: tuple[tuple[str, Day], ...] = ()


def series(key: str, values: tuple[float, ...], days: tuple[Day, ...] = MONTHLY) -> Signal:
    """Readings of one signal on the latest ``len(values)`` of ``days``."""
    chosen = days[len(days) - len(values) :]
    return key, tuple(zip(chosen, values, strict=True))


def once(key: str, *readings: tuple[Day, float]) -> Signal:
    """Readings of one signal on given days."""
    return key, tuple(readings)


def checklist(
    renewal: Day,
    owner: str,
    done: tuple[str, ...] = (),
    left_open: tuple[str, ...] = (),
    skipped: tuple[str, ...] = (),
) -> tuple[StepSpec, ...]:
    """The default renewal checklist for a renewal ``renewal`` days away: steps of the phases
    in ``done`` are done (except the actions in ``left_open``), the rest open.
    """
    steps = []
    for step in DEFAULT_CHECKLIST:
        status = StepStatus.OPEN
        if step.action in skipped:
            status = StepStatus.SKIPPED
        elif step.phase in done and step.action not in left_open:
            status = StepStatus.DONE
        steps.append(
            StepSpec(step.phase.value, step.action, owner, renewal - step.days_before, status.value)
        )
    return tuple(steps)


PHASES_BEFORE_ENGAGEMENT = (RenewalPhase.PLANNING.value,)
PHASES_BEFORE_NEGOTIATION = (RenewalPhase.PLANNING.value, RenewalPhase.ENGAGEMENT.value)
PHASES_BEFORE_EXECUTION = (*PHASES_BEFORE_NEGOTIATION, RenewalPhase.NEGOTIATION.value)

HANDED_OVER: Day = -410  # when the book changed hands (its hand-over log entry)


def csm_on(day: Day) -> str:
    """Who ran the book on a day: the previous owner before the hand-over."""
    return PREVIOUS_OWNER if day < HANDED_OVER else OWNER


def past_onboarding(
    start: Day, customer_owner: str, first_value: str, connect: str = "Source systems connected"
) -> tuple[MilestoneSpec, ...]:
    """A finished onboarding that began ``start`` days from as-of: four milestones, owners on
    both sides, first value and go-live done on time.
    """
    on, done = "onboarding", "complete"
    return (
        MilestoneSpec("kickoff", on, "Kickoff held and success criteria agreed", "vendor",
                      csm_on(start + 5), start + 5, done, start + 5),
        MilestoneSpec("connect", on, connect, "customer", customer_owner, start + 25, done,
                      start + 27, "kickoff"),
        MilestoneSpec("first_value", on, first_value, "vendor", csm_on(start + 45),
                      start + 45, done, start + 44, "connect", first_value=True),
        MilestoneSpec("go_live", on, "Go-live: the team works in the platform day to day",
                      "customer", customer_owner, start + 70, done, start + 70, "first_value",
                      go_live=True),
    )  # fmt: skip


def business_review(day: Day, outcomes: str, friction: str, decision: str) -> ReviewSpec:
    """A delivered business review in the usual shape."""
    return ReviewSpec(
        "qbr", day,
        "The objectives in the success plan and where each KPI stands.",
        "Usage, team changes and support since the last review.",
        outcomes, friction,
        ("Keep the KPI readings monthly", "Review the plan again next quarter"),
        (decision,),
        ("Goals and KPIs", "Value delivered", "Friction and risks", "Decisions", "Next steps"),
        ("Send the recap within two days", "Book the next review"),
    )  # fmt: skip
