"""Renewals (DOMAIN.md §4): countdown, phase, the phase checklist, outcomes, and the forecast."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from csm_desk.engine.vocab import ArrEventKind, RenewalOutcome, RenewalPhase

# Lower bound of days to renewal for each phase, most distant first (DOMAIN.md §4: steady
# d > 120, planning 91–120, engagement 61–90, negotiation 31–60, execution 0–30).
PHASE_FLOORS: tuple[tuple[int, RenewalPhase], ...] = (
    (121, RenewalPhase.STEADY),
    (91, RenewalPhase.PLANNING),
    (61, RenewalPhase.ENGAGEMENT),
    (31, RenewalPhase.NEGOTIATION),
    (0, RenewalPhase.EXECUTION),
)

# The phases in the order a renewal passes through them.
PHASE_ORDER: tuple[RenewalPhase, ...] = (
    RenewalPhase.STEADY,
    RenewalPhase.PLANNING,
    RenewalPhase.ENGAGEMENT,
    RenewalPhase.NEGOTIATION,
    RenewalPhase.EXECUTION,
    RenewalPhase.OVERDUE,
)


class ChecklistStep(NamedTuple):
    """A default step of a phase, due ``days_before`` the renewal date."""

    phase: RenewalPhase
    action: str
    days_before: int


# The default checklist per phase (DOMAIN.md §4), each step due at a point inside its phase.
DEFAULT_CHECKLIST: tuple[ChecklistStep, ...] = (
    ChecklistStep(RenewalPhase.PLANNING, "Review health, usage and satisfaction", 110),
    ChecklistStep(RenewalPhase.PLANNING, "Identify risks and expansion opportunities", 105),
    ChecklistStep(RenewalPhase.PLANNING, "Set the renewal forecast", 95),
    ChecklistStep(RenewalPhase.ENGAGEMENT, "Hold the renewal intent conversation", 85),
    ChecklistStep(RenewalPhase.ENGAGEMENT, "Demonstrate the value delivered", 75),
    ChecklistStep(RenewalPhase.ENGAGEMENT, "Address open concerns", 65),
    ChecklistStep(RenewalPhase.NEGOTIATION, "Present the renewal proposal", 55),
    ChecklistStep(RenewalPhase.NEGOTIATION, "Present the expansion proposal, if ready", 50),
    ChecklistStep(RenewalPhase.NEGOTIATION, "Negotiate terms", 40),
    ChecklistStep(RenewalPhase.EXECUTION, "Send the contract", 30),
    ChecklistStep(RenewalPhase.EXECUTION, "Follow up if unsigned", 14),
    ChecklistStep(RenewalPhase.EXECUTION, "Escalate if still unsigned", 7),
    ChecklistStep(RenewalPhase.EXECUTION, "Collect the signature", 0),
)

PHASE_GUIDANCE: Mapping[RenewalPhase, str] = MappingProxyType(
    {
        RenewalPhase.STEADY: "More than 120 days out: deliver value and keep the plan current.",
        RenewalPhase.PLANNING: "Review health, usage and satisfaction; identify risks and "
        "expansion; set the forecast.",
        RenewalPhase.ENGAGEMENT: "Have the renewal intent conversation, show the value "
        "delivered, address concerns.",
        RenewalPhase.NEGOTIATION: "Present the renewal (and expansion, if ready) and negotiate.",
        RenewalPhase.EXECUTION: "Contract out; follow up at T-14, escalate at T-7, get it signed.",
        RenewalPhase.OVERDUE: "The renewal date has passed without a recorded outcome.",
    }
)


def days_to_renewal(renewal_date: dt.date | None, as_of: dt.date) -> int | None:
    """Renewal date − as-of date, in calendar days (None when the date is unknown)."""
    return None if renewal_date is None else (renewal_date - as_of).days


def renewal_phase(days: int | None) -> RenewalPhase | None:
    """The phase for ``days`` to renewal: > 120 steady; 91–120 planning; 61–90 engagement;
    31–60 negotiation; 0–30 execution; < 0 overdue.

    >>> renewal_phase(121), renewal_phase(120), renewal_phase(0), renewal_phase(-1)
    (<RenewalPhase.STEADY: 'steady'>, <RenewalPhase.PLANNING: 'planning'>, \
<RenewalPhase.EXECUTION: 'execution'>, <RenewalPhase.OVERDUE: 'overdue'>)
    """
    if days is None:
        return None
    for floor, phase in PHASE_FLOORS:
        if days >= floor:
            return phase
    return RenewalPhase.OVERDUE


def phase_passed(phase: RenewalPhase, current: RenewalPhase) -> bool:
    """Whether ``phase`` lies wholly before ``current`` in a renewal's course."""
    return PHASE_ORDER.index(phase) < PHASE_ORDER.index(current)


def in_window(days: int | None, window: int) -> bool:
    """A renewal ``days`` away is in a window of ``window`` days when 0 ≤ days ≤ window."""
    return days is not None and 0 <= days <= window


def checklist_for(renewal_date: dt.date) -> list[tuple[RenewalPhase, str, dt.date]]:
    """The default checklist for a renewal: (phase, action, due date) for every step."""
    return [
        (step.phase, step.action, renewal_date - dt.timedelta(days=step.days_before))
        for step in DEFAULT_CHECKLIST
    ]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def derived_renewal_date(contract_start: dt.date | None, term_months: int | None) -> dt.date | None:
    """The renewal date of an account whose renewal date is empty: contract start + term
    (DOMAIN.md §4); None without a contract start. The window shows it as derived and the engine
    counts down to it, phases, alerts and forecasts on it.

    >>> derived_renewal_date(dt.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> derived_renewal_date(None, 12) is None
    True
    """
    if contract_start is None:
        return None
    return add_months(contract_start, max(1, term_months or 12))


@dataclass(frozen=True)
class OutcomeEffect:
    """What recording a renewal outcome does to the account."""

    event_kind: ArrEventKind
    amount: float  # a renewal's signed change (up +, down −); a churn's ARR lost
    new_arr: float
    new_renewal_date: dt.date | None


def outcome_effect(
    outcome: RenewalOutcome,
    current_arr: float,
    renewal_date: dt.date,
    term_months: int,
    new_arr: float | None = None,
) -> OutcomeEffect:
    """The ARR event an outcome records and how it updates ARR and the renewal date.

    Renewed (up or flat) and downgraded are ``renewal`` events whose amount is the signed
    change (negative for a downgrade), and the renewal date rolls forward by the contract term;
    churned is a ``churn`` event of the whole ARR, leaving ARR 0 and no next renewal.
    """
    if outcome is RenewalOutcome.CHURNED:
        return OutcomeEffect(ArrEventKind.CHURN, current_arr, 0.0, None)
    if outcome is RenewalOutcome.RENEWED_FLAT:
        target = current_arr
    else:
        if new_arr is None:
            raise ValueError(f"{outcome.label} needs the new ARR")
        if new_arr < 0:
            raise ValueError("the new ARR cannot be negative")
        if outcome is RenewalOutcome.RENEWED_UP and new_arr < current_arr:
            raise ValueError("renewed with new ARR needs an ARR at least the current one")
        if outcome is RenewalOutcome.DOWNGRADED and new_arr >= current_arr:
            raise ValueError("a downgrade needs an ARR below the current one")
        target = new_arr
    return OutcomeEffect(
        ArrEventKind.RENEWAL,
        target - current_arr,
        target,
        add_months(renewal_date, max(1, term_months)),
    )


def renewal_date_on(
    renewal_date: dt.date | None,
    contract_start: dt.date | None,
    term_months: int,
    events: Iterable[tuple[dt.date, str]],
    day: dt.date,
) -> dt.date | None:
    """The renewal date that was current on ``day``, from today's date and the ARR ledger.

    Recording an outcome rolls the renewal date forward by the contract term (a ``renewal``
    event) or clears it (a ``churn`` event); ``events`` are the ledger's ``(date, kind)``. Each
    outcome dated after ``day`` is undone: one term back per later ``renewal`` event; a date
    cleared by a later churn is the one the contract implies, contract start + one term per
    renewal recorded by ``day``.

    >>> ledger = [(dt.date(2025, 6, 10), "renewal"), (dt.date(2026, 6, 10), "renewal")]
    >>> renewal_date_on(dt.date(2027, 6, 10), None, 12, ledger, dt.date(2026, 1, 1))
    datetime.date(2026, 6, 10)
    >>> renewal_date_on(None, dt.date(2025, 8, 14), 12, [(dt.date(2026, 8, 14), "churn")],
    ...                 dt.date(2026, 7, 1))
    datetime.date(2026, 8, 14)
    """
    term = max(1, term_months)
    later_renewals = 0
    renewals_by_then = 0
    churned_later = False
    for date, kind in events:
        if date > day:
            later_renewals += kind == ArrEventKind.RENEWAL
            churned_later = churned_later or kind == ArrEventKind.CHURN
        else:
            renewals_by_then += kind == ArrEventKind.RENEWAL
    if renewal_date is None:
        if not churned_later or contract_start is None:
            return None
        return add_months(contract_start, term * (1 + renewals_by_then))
    return add_months(renewal_date, -term * later_renewals) if later_renewals else renewal_date


class ForecastLine(NamedTuple):
    """One account's renewal in a forecast."""

    arr: float
    probability: float
    days: int | None


@dataclass(frozen=True)
class Forecast:
    """Renewals due in a window: how many, the ARR due, and the probability-weighted forecast."""

    window_days: int
    count: int
    arr_due: float
    forecast_arr: float

    @property
    def percent(self) -> float | None:
        """Forecast as a share of the ARR due (65.6 in the worked example)."""
        return None if self.arr_due == 0 else self.forecast_arr / self.arr_due * 100


def forecast(lines: Iterable[ForecastLine], window_days: int) -> Forecast:
    """Σ ARR × renewal probability over the renewals with 0 ≤ days ≤ window (DOMAIN.md §4).

    Worked example: A $100k at 0.95, B $50k at 0.60, C $75k at 0.30, all inside 90 days →
    $225k due, $147.5k forecast (65.6 %).
    """
    inside = [line for line in lines if in_window(line.days, window_days)]
    return Forecast(
        window_days,
        len(inside),
        math.fsum(line.arr for line in inside),  # exact sums, rounded once
        math.fsum(line.arr * line.probability for line in inside),
    )
