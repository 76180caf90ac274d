"""The words of the domain: every fixed set of values DOMAIN.md names, with display labels.

Each vocabulary is a ``StrEnum`` whose values are the stable keys stored in the book file and
printed by ``report --json``; ``.label`` gives the words shown to a person.
"""

from __future__ import annotations

from enum import StrEnum, nonmember


class Vocab(StrEnum):
    """A StrEnum with a human label per member: its ``_LABELS`` entry, else the key in words."""

    @property
    def label(self) -> str:
        """The member in words: its ``_LABELS`` entry, else its key with spaces."""
        labels: dict[str, str] = getattr(type(self), "_LABELS", {})
        return labels.get(self.value, self.value.replace("_", " ").capitalize())

    @property
    def phrase(self) -> str:
        """The label as it reads inside a sentence ("At risk" → "at risk", "NPS" stays)."""
        return in_sentence(self.label)

    @classmethod
    def choices(cls) -> tuple[str, ...]:
        """Every stored key, in declaration order."""
        found: tuple[str, ...] | None = _CHOICES.get(cls)
        if found is None:
            found = _CHOICES[cls] = tuple(member.value for member in cls)
        return found


_CHOICES: dict[type, tuple[str, ...]] = {}


def in_sentence(label: str) -> str:
    """Lower-case a label's first letter for use mid-sentence, unless it starts an acronym."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class Segment(Vocab):
    """Coverage segment of an account (DOMAIN.md §5)."""

    HIGH_TOUCH = "high_touch"
    LOW_TOUCH = "low_touch"
    TECH_TOUCH = "tech_touch"

    _LABELS = nonmember(
        {
            "high_touch": "High touch",
            "low_touch": "Low touch",
            "tech_touch": "Tech touch",
        }
    )


class Component(Vocab):
    """The five components of the health score (DOMAIN.md §3.1)."""

    USAGE = "usage"
    ENGAGEMENT = "engagement"
    SENTIMENT = "sentiment"
    SUPPORT = "support"
    GROWTH = "growth"


class Band(Vocab):
    """Health bands by score (DOMAIN.md §3.3); ``unscored`` without enough inputs."""

    HEALTHY = "healthy"
    STABLE = "stable"
    AT_RISK = "at_risk"
    CRITICAL = "critical"
    EMERGENCY = "emergency"
    UNSCORED = "unscored"


class BandColour(Vocab):
    """The colour each health band is shown in (DOMAIN.md §3.3)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class RenewalPhase(Vocab):
    """Where an account stands in its renewal cycle, by days to renewal (DOMAIN.md §4)."""

    STEADY = "steady"
    PLANNING = "planning"
    ENGAGEMENT = "engagement"
    NEGOTIATION = "negotiation"
    EXECUTION = "execution"
    OVERDUE = "overdue"


class Artifact(Vocab):
    """The working documents a CSM keeps per account (DOMAIN.md §2)."""

    ONBOARDING_PLAN = "onboarding_plan"
    SUCCESS_PLAN = "success_plan"
    STAKEHOLDER_MAP = "stakeholder_map"
    RECAP = "recap"
    RISK_REGISTER = "risk_register"
    QBR = "qbr"
    RENEWAL_PLAN = "renewal_plan"

    _LABELS = nonmember(
        {
            "onboarding_plan": "Onboarding plan",
            "success_plan": "Success plan",
            "stakeholder_map": "Stakeholder map",
            "recap": "Decision & action recap",
            "risk_register": "Risk register",
            "qbr": "QBR / EBR narrative",
            "renewal_plan": "Renewal plan",
        }
    )


class ArtifactStatus(Vocab):
    """Discipline status of one artifact; ``not_due`` is a renewal plan not required yet."""

    MISSING = "missing"
    INCOMPLETE = "incomplete"
    COMPLETE = "complete"
    STALE = "stale"
    NOT_DUE = "not_due"

    _LABELS = nonmember(
        {
            "not_due": "Not due yet",
        }
    )


class Role(Vocab):
    """Roles a stakeholder holds on the stakeholder map (DOMAIN.md §2); one may hold several."""

    ECONOMIC_BUYER = "economic_buyer"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    END_USER = "end_user"
    TECHNICAL_OWNER = "technical_owner"
    BLOCKER = "blocker"
    INTERNAL_ALLY = "internal_ally"

    _LABELS = nonmember(
        {
            "blocker": "Blocker / skeptic",
        }
    )


class Stance(Vocab):
    """A stakeholder's attitude to the product and the relationship."""

    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    RESISTANT = "resistant"


class LinkKind(Vocab):
    """What a line between two people on the stakeholder map means."""

    REPORTS_TO = "reports_to"
    INFLUENCES = "influences"


class Side(Vocab):
    """Whose job something is: our team's or the customer's."""

    VENDOR = "vendor"
    CUSTOMER = "customer"

    _LABELS = nonmember(
        {
            "vendor": "Our team",
            "customer": "Customer",
        }
    )


class MilestonePhase(Vocab):
    """The phase of the customer's journey a milestone belongs to."""

    ONBOARDING = "onboarding"
    ADOPTION = "adoption"
    VALUE = "value"
    EXPANSION = "expansion"

    _LABELS = nonmember(
        {
            "value": "Value realisation",
        }
    )


class MilestoneStatus(Vocab):
    """Progress of a milestone."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    AT_RISK = "at_risk"


class MeetingType(Vocab):
    """Kinds of meeting with the customer."""

    KICKOFF = "kickoff"
    ONBOARDING = "onboarding"
    CHECK_IN = "check_in"
    QBR = "qbr"
    EBR = "ebr"
    RISK_REVIEW = "risk_review"
    EXECUTIVE = "executive"
    ROADMAP = "roadmap"
    RENEWAL = "renewal"

    _LABELS = nonmember(
        {
            "check_in": "Check-in",
            "qbr": "QBR",
            "ebr": "EBR",
        }
    )


class ActionStatus(Vocab):
    """Progress of an action item."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class RiskCategory(Vocab):
    """What a risk of the risk register is about."""

    ADOPTION = "adoption"
    STAKEHOLDER = "stakeholder"
    PRODUCT = "product"
    COMMERCIAL = "commercial"
    SUPPORT = "support"
    TIMELINE = "timeline"


class Severity(Vocab):
    """How serious a risk is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Level(Vocab):
    """Likelihood or impact of a risk."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class RiskStatus(Vocab):
    """Where a risk stands: open, being mitigated or closed."""

    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"


class ReviewKind(Vocab):
    """Business reviews: quarterly (QBR) or executive (EBR)."""

    QBR = "qbr"
    EBR = "ebr"

    _LABELS = nonmember(
        {
            "qbr": "QBR",
            "ebr": "EBR",
        }
    )


class ReviewStatus(Vocab):
    """Whether a business review has been delivered."""

    DRAFT = "draft"
    DELIVERED = "delivered"


class StepStatus(Vocab):
    """Progress of a renewal step."""

    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


class ExpansionKind(Vocab):
    """How an expansion opportunity would grow the account's ARR."""

    UPSELL = "upsell"
    CROSS_SELL = "cross_sell"
    SEATS = "seats"
    USAGE = "usage"

    _LABELS = nonmember(
        {
            "cross_sell": "Cross-sell",
        }
    )


class ExpansionStage(Vocab):
    """Pipeline stages of an expansion opportunity (qualified or later counts, DOMAIN.md §3.2)."""

    IDENTIFIED = "identified"
    QUALIFIED = "qualified"
    PROPOSED = "proposed"
    COMMITTED = "committed"
    CLOSED = "closed"
    LOST = "lost"

    _LABELS = nonmember(
        {
            "closed": "Closed won",
        }
    )


class ValueCategory(Vocab):
    """The kind of business value a proof point shows."""

    EFFICIENCY = "efficiency"
    REVENUE = "revenue"
    COST = "cost"
    RISK = "risk"

    _LABELS = nonmember(
        {
            "risk": "Risk reduction",
        }
    )


class FeedbackStatus(Vocab):
    """What became of a piece of product feedback."""

    OPEN = "open"
    PLANNED = "planned"
    SHIPPED = "shipped"
    DECLINED = "declined"


class ArrEventKind(Vocab):
    """Entries of the ARR ledger that retention is measured from (DOMAIN.md §6)."""

    NEW = "new"
    RENEWAL = "renewal"
    EXPANSION = "expansion"
    CONTRACTION = "contraction"
    CHURN = "churn"


class RenewalOutcome(Vocab):
    """How a closed renewal ended (DOMAIN.md §4)."""

    RENEWED_UP = "renewed_up"
    RENEWED_FLAT = "renewed_flat"
    DOWNGRADED = "downgraded"
    CHURNED = "churned"

    _LABELS = nonmember(
        {
            "renewed_up": "Renewed with new ARR",
            "renewed_flat": "Renewed flat",
        }
    )


class LifecycleStage(Vocab):
    """The stage of the customer lifecycle an account is in."""

    ONBOARDING = "onboarding"
    ADOPTION = "adoption"
    GROWTH = "growth"
    RENEWAL = "renewal"


class ReviewCadence(Vocab):
    """How often the account has a business review."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"

    _LABELS = nonmember(
        {
            "semiannual": "Twice a year",
        }
    )


class PlanStatus(Vocab):
    """Whether a success plan is in force, being reviewed or done."""

    ACTIVE = "active"
    UNDER_REVIEW = "under_review"
    COMPLETED = "completed"


class Horizon(Vocab):
    """Which part of a 30/60/90-day action plan an item belongs to."""

    DAYS_30 = "30"
    DAYS_60 = "60"
    DAYS_90 = "90"

    _LABELS = nonmember(
        {
            "30": "First 30 days",
            "60": "Days 31–60",
            "90": "Days 61–90",
        }
    )


class SignalKey(Vocab):
    """Health inputs recorded as dated readings (DOMAIN.md §3.1)."""

    ACTIVE_USERS = "active_users"
    LICENSED_SEATS = "licensed_seats"
    LOGINS_PER_USER_MONTH = "logins_per_user_month"
    FEATURES_IN_USE = "features_in_use"
    KEY_FEATURES = "key_features"
    NPS = "nps"
    CSAT = "csat"
    CES = "ces"
    CSM_READ = "csm_read"
    OPEN_HIGH_SEV_TICKETS = "open_high_sev_tickets"
    TICKETS_30D = "tickets_30d"
    TICKETS_MONTHLY_AVG_90D = "tickets_monthly_avg_90d"

    _LABELS = nonmember(
        {
            "active_users": "Active users",
            "licensed_seats": "Licensed seats",
            "logins_per_user_month": "Logins per user per month",
            "features_in_use": "Key features in use",
            "key_features": "Key features available",
            "nps": "NPS response (0–10)",
            "csat": "CSAT (1–5)",
            "ces": "Customer effort (1–7)",
            "csm_read": "CSM's read (1–5)",
            "open_high_sev_tickets": "Open high-severity tickets",
            "tickets_30d": "Tickets, last 30 days",
            "tickets_monthly_avg_90d": "Tickets per month, 90-day average",
        }
    )


class AlertSeverity(Vocab):
    """How urgent a priority is: red and amber alerts, then items merely coming due."""

    RED = "red"
    AMBER = "amber"
    DUE = "due"


class AlertCode(Vocab):
    """The alerts of DOMAIN.md §7, each a playbook trigger."""

    HEALTH_AMBER = "health_amber"
    HEALTH_RED = "health_red"
    HEALTH_DROP = "health_drop"
    NO_CHAMPION = "no_champion"
    CHAMPION_LEFT = "champion_left"
    CHAMPION_SILENT = "champion_silent"
    SINGLE_THREADED = "single_threaded"
    NO_ECONOMIC_BUYER = "no_economic_buyer"
    LOW_ADOPTION = "low_adoption"
    RENEWAL_NO_PLAN = "renewal_no_plan"
    RENEWAL_STEPS_OVERDUE = "renewal_steps_overdue"
    FIRST_VALUE_LATE = "first_value_late"
    MILESTONE_OVERDUE = "milestone_overdue"
    ACTION_OVERDUE = "action_overdue"
    RISK_REASSESS_DUE = "risk_reassess_due"
    QBR_DUE = "qbr_due"
    STALE_ARTIFACT = "stale_artifact"


class Area(Vocab):
    """A part of the account workspace an alert or priority opens at."""

    SNAPSHOT = "snapshot"
    ONBOARDING = "onboarding"
    SUCCESS_PLAN = "success_plan"
    STAKEHOLDERS = "stakeholders"
    MEETINGS = "meetings"
    RISKS = "risks"
    QBR = "qbr"
    RENEWAL = "renewal"
    EXPANSION = "expansion"
    VALUE = "value"
    CADENCE = "cadence"
    HANDOFF = "handoff"
    HEALTH = "health"
    LINKS = "links"
    TIMELINE = "timeline"


# The plausible range of each signal's value, used to validate readings where they enter.
SIGNAL_RANGES: dict[SignalKey, tuple[float, float | None]] = {
    SignalKey.ACTIVE_USERS: (0, None),
    SignalKey.LICENSED_SEATS: (0, None),
    SignalKey.LOGINS_PER_USER_MONTH: (0, None),
    SignalKey.FEATURES_IN_USE: (0, None),
    SignalKey.KEY_FEATURES: (0, None),
    SignalKey.NPS: (0, 10),
    SignalKey.CSAT: (1, 5),
    SignalKey.CES: (1, 7),
    SignalKey.CSM_READ: (1, 5),
    SignalKey.OPEN_HIGH_SEV_TICKETS: (0, None),
    SignalKey.TICKETS_30D: (0, None),
    SignalKey.TICKETS_MONTHLY_AVG_90D: (0, None),
}
