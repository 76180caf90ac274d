"""What the engine is told about a book: immutable facts, one value per row that matters.

``models.load`` builds these from the book file in one query per table. Row-like facts are
``NamedTuple`` (cheap to build by the hundred thousand); an account and the book are frozen
dataclasses. Every dated fact carries its date so the engine can apply the as-of rule itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Artifact, Component, Role, SignalKey


class Reading(NamedTuple):
    """A dated value of a health signal."""

    date: dt.date
    value: float


class Override(NamedTuple):
    """The CSM set a component from ``date`` on (``value`` None clears an earlier override)."""

    date: dt.date
    component: Component
    value: float | None
    note: str | None


class StakeholderFacts(NamedTuple):
    """One person at the account: their roles, standing and when they were last in touch."""

    id: int
    name: str
    title: str | None
    roles: frozenset[Role]
    influence: int | None
    relationship_strength: int | None
    stance: str | None
    departed: bool
    departed_on: dt.date | None
    contact_dates: tuple[dt.date, ...]  # last contact and meetings attended, in date order

    def departed_by(self, as_of: dt.date) -> bool:
        """Departed on or before ``as_of`` (a departure with no date counts as already past)."""
        return self.departed and (self.departed_on is None or self.departed_on <= as_of)

    def last_contact(self, as_of: dt.date) -> dt.date | None:
        """The latest contact on or before ``as_of``."""
        dates = self.contact_dates
        if dates and dates[-1] <= as_of:
            return dates[-1]
        known = [d for d in dates if d <= as_of]
        return known[-1] if known else None


class LinkFacts(NamedTuple):
    """A line on the stakeholder map: ``from_id`` reports to or influences ``to_id``."""

    from_id: int
    to_id: int
    kind: str


class MilestoneFacts(NamedTuple):
    """One milestone of the onboarding or success plan, with its owner, due date and status."""

    id: int
    phase: str
    title: str
    owner_side: str | None
    owner_name: str | None
    due: dt.date | None
    status: str
    first_value: bool
    go_live: bool
    completed_on: dt.date | None

    def open_on(self, as_of: dt.date) -> bool:
        """Not yet complete as of ``as_of``."""
        if self.status == "complete":
            return self.completed_on is not None and self.completed_on > as_of
        return True


class KpiFacts(NamedTuple):
    """A success-plan KPI: baseline, current value and target, with its dated readings."""

    id: int
    name: str
    unit: str | None
    baseline: float | None
    current: float | None
    target: float | None
    higher_is_better: bool
    by_when: dt.date | None
    data_source: str | None
    readings: tuple[Reading, ...]  # by date


class MeetingFacts(NamedTuple):
    """A meeting held: its type, how many decisions its recap lists and who attended."""

    id: int
    date: dt.date
    type: str
    title: str | None
    decision_count: int
    attendee_ids: tuple[int, ...]


class ActionFacts(NamedTuple):
    """An action item, from a meeting's recap or on its own."""

    id: int
    meeting_id: int | None
    text: str
    owner: str | None
    due: dt.date | None
    status: str
    completed_on: dt.date | None

    def open_on(self, as_of: dt.date) -> bool:
        """Whether the action was still open on ``as_of``.

        Cancelled ones never are; done ones were until the day they were completed.
        """
        if self.status == "cancelled":
            return False
        if self.status == "done":
            return self.completed_on is not None and self.completed_on > as_of
        return True


class RiskFacts(NamedTuple):
    """One entry of the risk register, with its next action and reassessment date."""

    id: int
    statement: str
    category: str
    evidence: str | None
    severity: str | None
    owner: str | None
    next_action: str | None
    reassess_on: dt.date | None
    status: str
    raised_on: dt.date | None
    shared: bool

    @property
    def open(self) -> bool:
        """Whether the risk is still open (any status but ``closed``)."""
        return self.status != "closed"


class ReviewFacts(NamedTuple):
    """A QBR or EBR, with which parts of its narrative are written."""

    id: int
    kind: str
    date: dt.date
    status: str
    has_goals_recap: bool
    has_outcomes: bool
    has_risks: bool
    has_decisions: bool


class NextStepFacts(NamedTuple):
    """One next step of the renewal plan."""

    action: str
    owner: str | None
    due: dt.date | None
    done: bool


class RenewalPlanFacts(NamedTuple):
    """The renewal plan: approvers, value proof points and next steps."""

    id: int
    started_on: dt.date | None
    approver_ids: tuple[int, ...]
    value_proof_count: int
    next_steps: tuple[NextStepFacts, ...]
    probability_override: float | None
    probability_note: str | None


class RenewalStepFacts(NamedTuple):
    """One step of the renewal cycle's checklist, in its phase (DOMAIN.md §4)."""

    id: int
    renewal_date: dt.date | None
    phase: str
    action: str
    owner: str | None
    due: dt.date | None
    status: str


class RenewalCycleFacts(NamedTuple):
    """A closed renewal (DOMAIN.md §4): the renewal date it closed, the day its outcome was
    recorded, and the contract term and renewal date that outcome set (None after a churn).
    """

    renewal_date: dt.date | None
    recorded_on: dt.date | None
    outcome: str
    term_months: int | None
    next_renewal_date: dt.date | None


class ExpansionFacts(NamedTuple):
    """An expansion opportunity in the pipeline, with its stage and estimated ARR."""

    id: int
    kind: str
    description: str
    stage: str
    estimated_arr: float | None
    expected_close: dt.date | None


class ArrEventFacts(NamedTuple):
    """One dated entry of the ARR ledger (new, renewal, expansion, contraction, churn)."""

    date: dt.date
    kind: str
    amount: float


class SnapshotFacts(NamedTuple):
    """The account's health as recorded on one day (DOMAIN.md §3.4)."""

    date: dt.date
    score: float | None
    band: str
    components: Mapping[str, float]  # component -> score
    contributions: Mapping[str, float]  # component -> points it contributed
    inputs: Mapping[str, Mapping[str, float]]  # component -> input key -> sub-score
    manual: frozenset[str] = frozenset()  # components that were set by hand


EMPTY: Mapping[str, float] = MappingProxyType({})


@dataclass(frozen=True)
class AccountFacts:
    """Everything the engine uses about one account."""

    id: int
    name: str
    crm_id: str | None = None
    arr: float = 0.0
    segment: str = "tech_touch"
    segment_pinned: bool = False
    complexity: int | None = None
    growth_potential: int | None = None
    strategic_value: int | None = None
    contract_start: dt.date | None = None
    renewal_date: dt.date | None = None
    contract_term_months: int = 12
    lifecycle_stage: str = "onboarding"
    live_defined: bool = False
    go_live_date: dt.date | None = None
    has_success_vision: bool = False
    review_cadence: str | None = None
    objective_count: int = 0
    stakeholders: tuple[StakeholderFacts, ...] = ()
    links: tuple[LinkFacts, ...] = ()
    signals: Mapping[SignalKey, tuple[Reading, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    overrides: tuple[Override, ...] = ()
    milestones: tuple[MilestoneFacts, ...] = ()
    kpis: tuple[KpiFacts, ...] = ()
    meetings: tuple[MeetingFacts, ...] = ()
    actions: tuple[ActionFacts, ...] = ()
    risks: tuple[RiskFacts, ...] = ()
    reviews: tuple[ReviewFacts, ...] = ()
    renewal_plan: RenewalPlanFacts | None = None
    renewal_steps: tuple[RenewalStepFacts, ...] = ()
    expansions: tuple[ExpansionFacts, ...] = ()
    arr_events: tuple[ArrEventFacts, ...] = ()
    renewal_cycles: tuple[RenewalCycleFacts, ...] = ()  # by the day recorded
    snapshots: tuple[SnapshotFacts, ...] = ()  # by date
    touched: Mapping[Artifact, dt.datetime] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class BookFacts:
    """The whole book: its owner, settings and every account (churned ones included).

    ``as_of`` is the day the facts were cut at (``engine.asof``): nothing dated later is in
    them. None: the book as stored, every row whatever its date.
    """

    owner: str = ""
    currency: str = "USD"
    settings: BookSettings = field(default_factory=BookSettings)
    accounts: tuple[AccountFacts, ...] = ()
    as_of: dt.date | None = None
