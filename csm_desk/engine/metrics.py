"""Book metrics (DOMAIN.md §6): the ARR ledger, retention (GRR, NRR, logos), survey scores,
the weighted expansion pipeline, time to value and health coverage.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from csm_desk.engine.facts import AccountFacts, ArrEventFacts
from csm_desk.engine.renewals import add_months
from csm_desk.engine.vocab import ArrEventKind, ExpansionStage, SignalKey

STAGE_PROBABILITY: Mapping[ExpansionStage, float] = MappingProxyType(
    {
        ExpansionStage.IDENTIFIED: 0.10,
        ExpansionStage.QUALIFIED: 0.25,
        ExpansionStage.PROPOSED: 0.50,
        ExpansionStage.COMMITTED: 0.75,
        ExpansionStage.CLOSED: 1.00,
        ExpansionStage.LOST: 0.0,
    }
)


def signed_change(kind: str, amount: float) -> float:
    """The ARR change an event records: ``new`` and ``expansion`` add their amount,
    ``contraction`` and ``churn`` subtract it; a ``renewal`` carries its own sign (up, down or
    none).
    """
    if kind == ArrEventKind.RENEWAL:
        return amount
    if kind in (ArrEventKind.CONTRACTION, ArrEventKind.CHURN):
        return -abs(amount)
    return abs(amount)


def arr_at(current_arr: float, events: Iterable[ArrEventFacts], day: dt.date) -> float:
    """ARR at the end of ``day`` = current ARR − the net change of events dated after it."""
    later = sum(signed_change(e.kind, e.amount) for e in events if e.date > day)
    return max(0.0, current_arr - later)


def is_churned(account: AccountFacts, as_of: dt.date) -> bool:
    """An account whose ARR is 0 after a churn event (on or before ``as_of``) is churned."""
    churn_events = [
        e for e in account.arr_events if e.kind == ArrEventKind.CHURN and e.date <= as_of
    ]
    if not churn_events:
        return False
    return arr_at(account.arr, account.arr_events, as_of) <= 0


def existed_on(account: AccountFacts, day: dt.date) -> bool:
    """The account existed on ``day``: its contract started on or before it (or, with no
    contract start, its first ``new`` ARR event is not later; with neither, it is assumed to).
    """
    if account.contract_start is not None:
        return account.contract_start <= day
    first = min((e.date for e in account.arr_events if e.kind == ArrEventKind.NEW), default=None)
    return first is None or first <= day


def window_start(as_of: dt.date) -> dt.date:
    """The start of the trailing 12 months ending on ``as_of``."""
    return add_months(as_of, -12)


def in_cohort(account: AccountFacts, start: dt.date) -> bool:
    """The account existed at ``start``: contract start on or before it (or, when the start is
    unknown, an ARR event on or before it), no ``new`` event after it, and ARR above zero then.
    """
    if account.contract_start is not None:
        if account.contract_start > start:
            return False
    elif not any(e.date <= start for e in account.arr_events):
        return False
    if any(e.kind == ArrEventKind.NEW and e.date > start for e in account.arr_events):
        return False
    return arr_at(account.arr, account.arr_events, start) > 0


@dataclass(frozen=True)
class Retention:
    """Cohort movement over a window and the retention rates it gives."""

    start: dt.date
    end: dt.date
    start_arr: float
    expansion: float
    contraction: float
    churn: float
    cohort: int
    retained: int

    @property
    def grr(self) -> float | None:
        """(start ARR − contraction − churn) ÷ start ARR × 100."""
        if self.start_arr <= 0:
            return None
        return (self.start_arr - self.contraction - self.churn) / self.start_arr * 100

    @property
    def nrr(self) -> float | None:
        """(start ARR + expansion − contraction − churn) ÷ start ARR × 100."""
        if self.start_arr <= 0:
            return None
        return (
            (self.start_arr + self.expansion - self.contraction - self.churn) / self.start_arr * 100
        )

    @property
    def logo_retention(self) -> float | None:
        """Accounts retained ÷ accounts at the start × 100."""
        return None if self.cohort == 0 else self.retained / self.cohort * 100


def retention_from_totals(
    start_arr: float, expansion: float, contraction: float, churn: float
) -> Retention:
    """A ``Retention`` from cohort totals alone (DOMAIN.md §6's worked example: 1,000,000
    start, 150,000 expansion, 30,000 contraction, 50,000 churn → NRR 107 %, GRR 92 %).

    >>> example = retention_from_totals(1_000_000, 150_000, 30_000, 50_000)
    >>> round(example.nrr or 0, 6), round(example.grr or 0, 6)
    (107.0, 92.0)
    """
    day = dt.date.min
    return Retention(day, day, start_arr, expansion, contraction, churn, 0, 0)


@dataclass(frozen=True)
class RetentionPart:
    """One account's share of the book's retention: its ARR at the window's start and its
    movement in the window, when it is in the cohort (all zero otherwise).
    """

    in_cohort: bool = False
    start_arr: float = 0.0
    expansion: float = 0.0
    contraction: float = 0.0
    churn: float = 0.0
    retained: bool = False


def retention_part(account: AccountFacts, as_of: dt.date) -> RetentionPart:
    """``account``'s share of the trailing-12-month retention ending on ``as_of``."""
    start = window_start(as_of)
    if not in_cohort(account, start):
        return RetentionPart()
    expansion = contraction = churn = 0.0
    for event in account.arr_events:
        if not start < event.date <= as_of:
            continue
        change = signed_change(event.kind, event.amount)
        if event.kind == ArrEventKind.CHURN:
            churn += -change
        elif change > 0:
            expansion += change
        else:
            contraction += -change
    return RetentionPart(
        True,
        arr_at(account.arr, account.arr_events, start),
        expansion,
        contraction,
        churn,
        not is_churned(account, as_of),
    )


def retention_of(parts: Iterable[RetentionPart], as_of: dt.date) -> Retention:
    """The book's retention from its accounts' shares (each amount an exact sum, rounded once,
    as the book's totals are).
    """
    members = [part for part in parts if part.in_cohort]
    return Retention(
        window_start(as_of),
        as_of,
        math.fsum(p.start_arr for p in members),
        math.fsum(p.expansion for p in members),
        math.fsum(p.contraction for p in members),
        math.fsum(p.churn for p in members),
        len(members),
        sum(1 for p in members if p.retained),
    )


def retention(accounts: Sequence[AccountFacts], as_of: dt.date) -> Retention:
    """Trailing-12-month retention of the cohort that existed at the window's start."""
    return retention_of((retention_part(a, as_of) for a in accounts), as_of)


def _responses(
    accounts: Iterable[AccountFacts], key: SignalKey, start: dt.date, end: dt.date
) -> list[float]:
    values: list[float] = []
    for account in accounts:
        for reading in account.signals.get(key, ()):
            if start < reading.date <= end:
                values.append(reading.value)
    return values


def nps(responses: Sequence[float]) -> float | None:
    """(promoters 9–10 − detractors 0–6) ÷ responses × 100 (DOMAIN.md §6).

    Worked example: 50 promoters, 30 passives and 20 detractors of 100 responses → 30.

    >>> nps([9] * 50 + [7] * 30 + [3] * 20)
    30.0
    >>> nps([9]), nps([8]), nps([6]), nps([])
    (100.0, 0.0, -100.0, None)
    """
    return survey_scores_of([responses_part(scores=responses)])[0]


def csat(responses: Sequence[float]) -> float | None:
    """Responses of 4–5 (on 1–5) ÷ responses × 100.

    >>> csat([5, 4, 3, 1])
    50.0
    """
    return survey_scores_of([responses_part(happiness=responses)])[1]


def ces(responses: Sequence[float]) -> float | None:
    """Mean of 1–7 customer effort responses (lower is better)."""
    return survey_scores_of([responses_part(effort=responses)])[2]


@dataclass(frozen=True)
class SurveyPart:
    """One account's survey responses of the trailing 12 months, as counts and a sum: NPS
    promoters (9–10), detractors (0–6) and responses; CSAT satisfied (4–5) and responses; the
    sum and number of CES responses.
    """

    promoters: int = 0
    detractors: int = 0
    nps_responses: int = 0
    satisfied: int = 0
    csat_responses: int = 0
    effort_total: float = 0.0
    ces_responses: int = 0


def survey_part(account: AccountFacts, as_of: dt.date) -> SurveyPart:
    """``account``'s survey responses in the trailing 12 months ending on ``as_of``."""
    start = window_start(as_of)
    return responses_part(
        scores=_responses((account,), SignalKey.NPS, start, as_of),
        happiness=_responses((account,), SignalKey.CSAT, start, as_of),
        effort=_responses((account,), SignalKey.CES, start, as_of),
    )


def responses_part(
    *,
    scores: Sequence[float] = (),
    happiness: Sequence[float] = (),
    effort: Sequence[float] = (),
) -> SurveyPart:
    """Survey responses as counts: NPS promoters are 9–10 and detractors 0–6, CSAT is
    satisfied at 4–5 (the one place these bands are stated).
    """
    return SurveyPart(
        promoters=sum(1 for r in scores if r >= 9),
        detractors=sum(1 for r in scores if r <= 6),
        nps_responses=len(scores),
        satisfied=sum(1 for r in happiness if r >= 4),
        csat_responses=len(happiness),
        effort_total=sum(effort),
        ces_responses=len(effort),
    )


def survey_scores_of(
    parts: Sequence[SurveyPart],
) -> tuple[float | None, float | None, float | None]:
    """NPS, CSAT and CES of the book from its accounts' responses (the formulas of ``nps``,
    ``csat`` and ``ces`` over all the responses together).
    """
    responses = sum(p.nps_responses for p in parts)
    answered = sum(p.csat_responses for p in parts)
    efforts = sum(p.ces_responses for p in parts)
    promoters = sum(p.promoters for p in parts)
    detractors = sum(p.detractors for p in parts)
    return (
        (promoters - detractors) / responses * 100 if responses else None,
        sum(p.satisfied for p in parts) / answered * 100 if answered else None,
        math.fsum(p.effort_total for p in parts) / efforts if efforts else None,
    )


def survey_scores(
    accounts: Sequence[AccountFacts], as_of: dt.date
) -> tuple[float | None, float | None, float | None]:
    """NPS, CSAT and CES over the responses of the trailing 12 months."""
    return survey_scores_of([survey_part(a, as_of) for a in accounts])


def weighted_pipeline(accounts: Iterable[AccountFacts]) -> float:
    """Σ estimated ARR × stage probability (identified 0.10 … committed 0.75, closed 1.00,
    lost 0).
    """
    total = 0.0
    for account in accounts:
        total += pipeline_part(account)
    return total


def pipeline_part(account: AccountFacts) -> float:
    """``account``'s share of the weighted expansion pipeline."""
    total = 0.0
    for opportunity in account.expansions:
        if opportunity.estimated_arr and opportunity.stage in STAGE_PROBABILITY:
            total += (
                opportunity.estimated_arr * STAGE_PROBABILITY[ExpansionStage(opportunity.stage)]
            )
    return total


def time_to_value(account: AccountFacts, as_of: dt.date) -> int | None:
    """Days from contract start to the first-value milestone's completion (if completed)."""
    if account.contract_start is None:
        return None
    done = [
        m.completed_on
        for m in account.milestones
        if m.first_value and m.completed_on is not None and m.completed_on <= as_of
    ]
    if not done:
        return None
    return (min(done) - account.contract_start).days


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are present; None when none is.

    >>> mean([80, None, 60]), mean([None])
    (70.0, None)
    """
    present = [v for v in values if v is not None]
    return math.fsum(present) / len(present) if present else None
