"""Every table of the book file (DOMAIN.md), importable from one place."""

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

__all__ = [
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
