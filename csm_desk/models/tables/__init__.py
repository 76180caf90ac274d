"""Every table of the book file (DOMAIN.md), importable from one place."""

from collections.abc import Mapping
from types import MappingProxyType

from sqlmodel import SQLModel

from csm_desk.models.tables.account import Account, Handoff
from csm_desk.models.tables.book import ArtifactTouch, Book, BookMeta, HandoverLog
from csm_desk.models.tables.derived import DERIVED_TABLES, AccountStamp, StoredResult
from csm_desk.models.tables.edits import HISTORY_TABLES, EditJournal
from csm_desk.models.tables.growth import Expansion, Feedback, ValueItem
from csm_desk.models.tables.health import HealthOverride, HealthSnapshot, SignalReading
from csm_desk.models.tables.links import Link
from csm_desk.models.tables.meetings import ActionItem, Meeting, MeetingAttendee
from csm_desk.models.tables.people import Stakeholder, StakeholderLink
from csm_desk.models.tables.plan import (
    CadenceItem,
    Commitment,
    Kpi,
    KpiReading,
    Milestone,
    Objective,
    PlanItem,
    UseCase,
)
from csm_desk.models.tables.renewal import (
    ArrEvent,
    RenewalApprover,
    RenewalCycle,
    RenewalCycleStep,
    RenewalNextStep,
    RenewalPlan,
    RenewalStep,
)
from csm_desk.models.tables.reviews import Review
from csm_desk.models.tables.risks import Risk

# Parents before children: the order rows are inserted in when an account is restored.
ALL_TABLES: tuple[type[SQLModel], ...] = (
    BookMeta,
    Book,
    HandoverLog,
    Account,
    ArtifactTouch,
    Handoff,
    Stakeholder,
    StakeholderLink,
    Objective,
    Kpi,
    KpiReading,
    UseCase,
    Milestone,
    Commitment,
    CadenceItem,
    PlanItem,
    Meeting,
    MeetingAttendee,
    ActionItem,
    Risk,
    Review,
    RenewalPlan,
    RenewalApprover,
    RenewalNextStep,
    RenewalStep,
    RenewalCycle,
    RenewalCycleStep,
    ArrEvent,
    ValueItem,
    Expansion,
    Feedback,
    SignalReading,
    HealthOverride,
    HealthSnapshot,
    Link,
)

# The tables whose rows belong to one account (everything but the book-level ones).
ACCOUNT_TABLES: tuple[type[SQLModel], ...] = tuple(
    t for t in ALL_TABLES if t not in (BookMeta, Book, HandoverLog)
)


def _account_parents() -> Mapping[str, tuple[str, str]]:
    """For each account table without an ``account_id`` of its own, the table its rows hang
    off and the column that names the row there, read from its foreign keys: the first column,
    in the table's order, that refers to a table with an ``account_id`` (a meeting attendee's
    meeting, not the person, though both are the same account's)."""
    found: dict[str, tuple[str, str]] = {}
    for model in ACCOUNT_TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        if model is Account or "account_id" in table.c:
            continue
        parent = next(
            (
                (str(fk.column.table.name), str(column.name))
                for column in table.columns
                for fk in sorted(column.foreign_keys, key=lambda f: str(f.target_fullname))
                if "account_id" in fk.column.table.c
            ),
            None,
        )
        if parent is None:
            raise AssertionError(f"the rows of {table.name} name no account")
        found[str(table.name)] = parent
    return MappingProxyType(found)


# How a row of an account table without an account_id finds its account: (parent table, the
# column naming the parent row).
ACCOUNT_PARENTS = _account_parents()

__all__ = [
    "ACCOUNT_PARENTS",
    "ACCOUNT_TABLES",
    "ALL_TABLES",
    "DERIVED_TABLES",
    "HISTORY_TABLES",
    "Account",
    "AccountStamp",
    "ActionItem",
    "ArrEvent",
    "ArtifactTouch",
    "Book",
    "BookMeta",
    "CadenceItem",
    "Commitment",
    "EditJournal",
    "Expansion",
    "Feedback",
    "Handoff",
    "HandoverLog",
    "HealthOverride",
    "HealthSnapshot",
    "Kpi",
    "KpiReading",
    "Link",
    "Meeting",
    "MeetingAttendee",
    "Milestone",
    "Objective",
    "PlanItem",
    "RenewalApprover",
    "RenewalCycle",
    "RenewalCycleStep",
    "RenewalNextStep",
    "RenewalPlan",
    "RenewalStep",
    "Review",
    "Risk",
    "SignalReading",
    "Stakeholder",
    "StakeholderLink",
    "StoredResult",
    "UseCase",
    "ValueItem",
]
