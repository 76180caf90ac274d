"""The customer view of an account: all a customer-facing document may show, and nothing else.

Customer documents are built from this view only. ``customer_load`` reads it column by column
from the fields declared customer-facing (``FieldSpec.audience`` CUSTOMER, DOMAIN.md §8); for
risks marked shared, their SHARED_RISK fields as well; for links marked shareable, their
SHAREABLE_LINK fields. Internal fields are never selected, so they cannot reach a customer
document by accident. Four facts are derived from internal data,
and only these: the names and titles of the current champion and executive sponsor (from
stakeholder roles), when the success plan was last updated, and whether the person the typed
success statement credits has left the customer (so the plan does not present them as its
champion; the departure itself is not shown).

Every dataclass field is named after the column it comes from, and is filled from a row that
holds only customer columns, so a field that is not customer-facing fails loudly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import SQLModel

from csm_desk.models.tables import Account as AccountRow
from csm_desk.models.tables import (
    ActionItem,
    CadenceItem,
    Commitment,
    Kpi,
    Meeting,
    Milestone,
    Objective,
    RenewalNextStep,
    RenewalPlan,
    Review,
    UseCase,
    ValueItem,
)


@dataclass(frozen=True)
class Person:
    """A name and a title, as a customer document shows a person."""

    name: str
    title: str | None

    def shown(self) -> str:
        """The person as a document names them: "name, title", or the name alone."""
        return f"{self.name}, {self.title}" if self.title else self.name


@dataclass(frozen=True)
class ViewObjective:
    """A business goal of the success plan, in its order; one may be the primary goal."""

    id: int
    position: int
    text: str
    primary: bool


@dataclass(frozen=True)
class ViewKpi:
    """A success metric, with its readings up to the as-of date."""

    id: int
    objective_id: int | None
    name: str
    unit: str | None
    baseline: float | None
    current: float | None  # the latest reading on or before the as-of date, else as entered
    target: float | None
    higher_is_better: bool
    by_when: dt.date | None
    data_source: str | None
    readings: tuple[tuple[dt.date, float], ...]


@dataclass(frozen=True)
class ViewUseCase:
    """A use case, the goal it serves and its status."""

    objective_id: int | None
    title: str
    description: str | None
    status: str


@dataclass(frozen=True)
class ViewMilestone:
    """A milestone: its phase, owner, due date, status and what it depends on."""

    id: int
    phase: str
    title: str
    owner_side: str | None
    owner_name: str | None
    due: dt.date | None
    status: str
    depends_on_id: int | None
    first_value: bool
    go_live: bool
    completed_on: dt.date | None


@dataclass(frozen=True)
class ViewCommitment:
    """What one side commits to in the success plan."""

    side: str
    text: str


@dataclass(frozen=True)
class ViewCadence:
    """A recurring touchpoint: with whom, how often, on which channel, and the next date."""

    touchpoint: str
    audience_names: str | None
    frequency: str | None
    channel: str | None
    owner: str | None
    next_date: dt.date | None


@dataclass(frozen=True)
class ViewAction:
    """An action item: its owner and side, due date and status."""

    meeting_id: int | None
    text: str
    owner: str | None
    side: str | None
    due: dt.date | None
    status: str
    completed_on: dt.date | None


@dataclass(frozen=True)
class ViewMeeting:
    """A meeting, its attendees (customer people by name and title) and its action items."""

    id: int
    date: dt.date | None
    type: str
    title: str | None
    internal_attendees: str | None  # "our attendees": customer-facing names
    decisions: str | None
    open_items: str | None
    next_meeting: dt.date | None
    attendees: tuple[Person, ...]
    actions: tuple[ViewAction, ...]


@dataclass(frozen=True)
class SharedLink:
    """A link marked shareable: its label and where it leads."""

    label: str
    target: str


@dataclass(frozen=True)
class SharedRisk:
    """A risk marked shared, as the customer reads it."""

    customer_wording: str | None
    likelihood: str | None
    impact: str | None
    mitigation: str | None


@dataclass(frozen=True)
class ViewReview:
    """A business review (QBR or EBR) and what it tells, section by section."""

    id: int
    kind: str
    date: dt.date | None
    period: str | None
    goals_recap: str | None
    what_changed: str | None
    outcomes: str | None
    friction: str | None
    recommendations: str | None
    decisions_needed: str | None
    agenda: str | None
    next_steps: str | None
    status: str


@dataclass(frozen=True)
class ViewNextStep:
    """A step to the renewal: its owner and side, due date and whether it is done."""

    action: str
    owner: str | None
    side: str | None
    due: dt.date | None
    done: bool


@dataclass(frozen=True)
class ViewRenewal:
    """The customer version of the renewal plan: the timeline, proof points and next steps."""

    decision_milestones: str | None
    value_proof_points: str | None
    next_steps: tuple[ViewNextStep, ...]


@dataclass(frozen=True)
class ViewValue:
    """Value delivered: when, of what kind, how much, and whether the customer validated it."""

    date: dt.date | None
    category: str
    description: str
    quantified_value: float | None
    customer_validated: bool


@dataclass(frozen=True)
class CustomerAccountView:
    """An account as its customer may see it (see the module docstring)."""

    as_of: dt.date
    csm: str  # the book's owner
    currency: str
    name: str
    product_tier: str | None
    contract_start: dt.date | None
    renewal_date: dt.date | None
    contract_term_months: int
    live_definition: str | None
    go_live_date: dt.date | None
    success_vision: str | None
    success_statement: str | None
    review_cadence: str | None
    leading_indicators: str | None
    plan_status: str
    escalation_path: str | None
    champion: Person | None
    executive_sponsor: Person | None
    success_plan_updated: dt.date | None
    objectives: tuple[ViewObjective, ...]
    kpis: tuple[ViewKpi, ...]
    use_cases: tuple[ViewUseCase, ...]
    milestones: tuple[ViewMilestone, ...]
    commitments: tuple[ViewCommitment, ...]
    cadence: tuple[ViewCadence, ...]
    meetings: tuple[ViewMeeting, ...]
    shared_risks: tuple[SharedRisk, ...]
    shared_links: tuple[SharedLink, ...]
    reviews: tuple[ViewReview, ...]
    renewal: ViewRenewal | None
    value_items: tuple[ViewValue, ...]
    # The success statement credits someone who has left the customer.
    statement_by_former: bool = False

    # The account's own columns; the rest are derived or gathered from child tables.
    ACCOUNT_FIELDS = (
        "name",
        "product_tier",
        "contract_start",
        "renewal_date",
        "contract_term_months",
        "live_definition",
        "go_live_date",
        "success_vision",
        "success_statement",
        "review_cadence",
        "leading_indicators",
        "plan_status",
        "escalation_path",
    )

    def milestone(self, milestone_id: int | None) -> ViewMilestone | None:
        """The milestone with ``milestone_id``, or None."""
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def meeting(self, meeting_id: int) -> ViewMeeting | None:
        """The meeting with ``meeting_id``, or None."""
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def next_meeting_after(self, meeting: ViewMeeting) -> tuple[dt.date, str | None] | None:
        """The next meeting after ``meeting``: the one agreed there, else the earliest meeting
        on the agreed cadence after it (with its touchpoint); None when neither is known.
        """
        if meeting.next_meeting is not None:
            return meeting.next_meeting, None
        after = meeting.date or self.as_of
        planned = [
            (c.next_date, c.touchpoint)
            for c in self.cadence
            if c.next_date is not None and c.next_date > after
        ]
        return min(planned) if planned else None


def view_field_sources() -> Iterable[tuple[type[Any], type[SQLModel], tuple[str, ...]]]:
    """(view class, table, fields not read from that table's customer columns) for each view
    dataclass, so tests can check that nothing else is read.
    """
    yield CustomerAccountView, AccountRow, ()
    yield ViewObjective, Objective, ("id",)
    yield ViewKpi, Kpi, ("id", "readings")
    yield ViewUseCase, UseCase, ()
    yield ViewMilestone, Milestone, ("id",)
    yield ViewCommitment, Commitment, ()
    yield ViewCadence, CadenceItem, ()
    yield ViewAction, ActionItem, ()
    yield ViewMeeting, Meeting, ("id", "attendees", "actions")
    yield ViewReview, Review, ("id",)
    yield ViewRenewal, RenewalPlan, ("next_steps",)
    yield ViewNextStep, RenewalNextStep, ()
    yield ViewValue, ValueItem, ()
