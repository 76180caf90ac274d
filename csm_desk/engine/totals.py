"""The book's totals (DOMAIN.md §6) from its scored accounts, whether scored now or read back
from the book's stored results: one function, so both always give the same figures.

Each account brings its ``Contribution`` (its share of retention, its survey responses, its
weighted pipeline) and a few scored values; the totals are sums over those. Every sum is exact
before it is rounded once (``math.fsum``), so it does not depend on the accounts' order, and a
changed account changes the totals by its own old and new values alone.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple, Protocol

from csm_desk.engine import metrics
from csm_desk.engine import renewals as renewal_rules
from csm_desk.engine.alerts import SEVERITY_ORDER, Alert
from csm_desk.engine.vocab import Band

FORECAST_WINDOWS = (90, 365)


@dataclass(frozen=True)
class Contribution:
    """One account's share of the book's metrics (every account, churned ones included, brings
    its retention and survey shares; only active ones count in the pipeline).
    """

    retention: metrics.RetentionPart
    surveys: metrics.SurveyPart
    pipeline: float


class Scored(Protocol):
    """What the totals need of one scored account."""

    @property
    def id(self) -> int:
        """The account's id in the book."""

    @property
    def churned(self) -> bool:
        """Whether the account has churned (it then counts only in retention)."""

    @property
    def arr(self) -> float:
        """The account's ARR as of the date."""

    @property
    def band(self) -> Band:
        """The account's health band."""

    @property
    def scored(self) -> bool:
        """Whether the account has a health score (for health coverage)."""

    @property
    def renewal_probability(self) -> float:
        """The probability its renewal forecast uses (0–1)."""

    @property
    def days_to_renewal(self) -> int | None:
        """Days to its renewal; None without a renewal date."""

    @property
    def discipline(self) -> float | None:
        """Its artifact discipline score; None when nothing is due."""

    @property
    def time_to_value(self) -> int | None:
        """Days from contract start to first value; None before it."""

    @property
    def contribution(self) -> Contribution:
        """Its share of the book's retention, surveys and pipeline."""

    @property
    def alerts(self) -> tuple[Alert, ...]:
        """Its alerts, for today's priorities."""

    @property
    def due(self) -> tuple[Alert, ...]:
        """Its items coming due, for today's priorities."""


@dataclass(frozen=True)
class BookMetrics:
    """Book-level measures (DOMAIN.md §6); None where there is nothing to measure."""

    retention: metrics.Retention
    nps: float | None
    csat: float | None
    ces: float | None
    expansion_pipeline_weighted: float
    time_to_value_days: float | None
    health_coverage: float | None
    discipline: float | None

    @property
    def grr(self) -> float | None:
        """Gross revenue retention over the trailing 12 months (DOMAIN.md §6)."""
        return self.retention.grr

    @property
    def nrr(self) -> float | None:
        """Net revenue retention over the trailing 12 months (DOMAIN.md §6)."""
        return self.retention.nrr

    @property
    def logo_retention(self) -> float | None:
        """Share of the accounts at the window's start still customers at its end."""
        return self.retention.logo_retention


@dataclass(frozen=True)
class Totals:
    """The book's totals: how many accounts are active and their ARR, active accounts per band
    (every band, zeros included), the renewal forecast per window, the metrics and today's
    priorities in order.
    """

    active: int
    arr: float
    bands: Mapping[Band, int]
    renewals: Mapping[int, renewal_rules.Forecast]
    metrics: BookMetrics
    priorities: tuple[Alert, ...]


class _Line(NamedTuple):
    """What the totals take of one account."""

    churned: bool
    arr: float
    band: Band
    scored: bool
    forecast: renewal_rules.ForecastLine
    discipline: float | None
    time_to_value: int | None
    contribution: Contribution
    queue: tuple[Alert, ...]  # its alerts, then the items coming due


def _line(account: Scored) -> _Line:
    return _Line(
        churned=account.churned,
        arr=account.arr,
        band=account.band,
        scored=account.scored,
        forecast=renewal_rules.ForecastLine(
            account.arr, account.renewal_probability, account.days_to_renewal
        ),
        discipline=account.discipline,
        time_to_value=account.time_to_value,
        contribution=account.contribution,
        queue=(*account.alerts, *account.due),
    )


# Today's priorities: red first, then amber, then items coming due; within each, larger ARR
# first, then the earlier date, then the account's name; then the book's order (an account's
# place, an item's place in its account), so the order is total and the same however reached.
_Key = tuple[int, float, dt.date, str, int, int]


def _key(alert: Alert, place: int, index: int) -> _Key:
    return (
        SEVERITY_ORDER[alert.severity],
        -alert.arr,
        alert.date,
        alert.account_name,
        place,
        index,
    )


# What each account adds to the book's totals, one column each: counts and amounts, zero where
# the account does not count (a churned account counts only in retention and the surveys).
_ACTIVE, _ARR, _SCORED, _PIPELINE = 0, 1, 2, 3
_BANDS = {band: 4 + i for i, band in enumerate(Band)}
_FORECAST = {w: 4 + len(_BANDS) + 3 * i for i, w in enumerate(FORECAST_WINDOWS)}  # n, due, Σ
_SURVEY = 4 + len(_BANDS) + 3 * len(FORECAST_WINDOWS)  # the seven SurveyPart fields
_COHORT = _SURVEY + 7  # in cohort, retained, start ARR, expansion, contraction, churn
_TTV = _COHORT + 6  # Σ days, how many
_DISCIPLINE = _TTV + 2  # Σ score, how many
_WIDTH = _DISCIPLINE + 2


def _columns(line: _Line) -> list[float]:
    """One account's share of each column."""
    out = [0.0] * _WIDTH
    surveys = line.contribution.surveys
    out[_SURVEY : _SURVEY + 7] = [
        surveys.promoters,
        surveys.detractors,
        surveys.nps_responses,
        surveys.satisfied,
        surveys.csat_responses,
        surveys.effort_total,
        surveys.ces_responses,
    ]
    part = line.contribution.retention
    if part.in_cohort:
        out[_COHORT : _COHORT + 6] = [
            1,
            int(part.retained),
            part.start_arr,
            part.expansion,
            part.contraction,
            part.churn,
        ]
    if line.churned:
        return out
    out[_ACTIVE] = 1
    out[_ARR] = line.arr
    out[_SCORED] = int(line.scored)
    out[_PIPELINE] = line.contribution.pipeline
    out[_BANDS[line.band]] = 1
    forecast = line.forecast
    for window, at in _FORECAST.items():
        if renewal_rules.in_window(forecast.days, window):
            out[at : at + 3] = [1, forecast.arr, forecast.arr * forecast.probability]
    if line.time_to_value is not None:
        out[_TTV : _TTV + 2] = [line.time_to_value, 1]
    if line.discipline is not None:
        out[_DISCIPLINE : _DISCIPLINE + 2] = [line.discipline, 1]
    return out


class Tally:
    """The book's totals kept up to date account by account (DOMAIN.md §6).

    Made from the scored accounts in the book's order; ``replace`` swaps one account's values
    for new ones (or takes it out), moving only its own items in today's priorities and its
    own share of each total, so an edit costs its own account, not the book. Each total is an
    exact sum rounded once, so the figures are exactly those of a fresh tally however reached
    (``book_totals`` is a fresh one).
    """

    def __init__(self, accounts: Iterable[Scored], as_of: dt.date) -> None:
        self.as_of = as_of
        self._lines: dict[int, _Line] = {account.id: _line(account) for account in accounts}
        self._place: dict[int, int] = {}
        self._table: list[list[float]] = []  # one column per total, one cell per account
        self._keys: list[_Key] = []
        self._items: list[Alert] = []
        self._rebuild()

    def _rebuild(self) -> None:
        """Every column and today's priorities made afresh (when accounts' places moved)."""
        lines = list(self._lines.values())
        self._place = {account_id: i for i, account_id in enumerate(self._lines)}
        self._table = [list(column) for column in zip(*map(_columns, lines), strict=True)]
        if not self._table:
            self._table = [[] for _ in range(_WIDTH)]
        ranked = sorted(
            (_key(alert, place, index), alert)
            for place, line in enumerate(lines)
            if not line.churned
            for index, alert in enumerate(line.queue)
        )
        self._keys = [key for key, _alert in ranked]
        self._items = [alert for _key, alert in ranked]

    def _take_out(self, line: _Line, place: int) -> None:
        if line.churned:
            return
        for index, alert in enumerate(line.queue):
            at = bisect.bisect_left(self._keys, _key(alert, place, index))
            del self._keys[at]
            del self._items[at]

    def _put_in(self, line: _Line, place: int) -> None:
        if line.churned:
            return
        for index, alert in enumerate(line.queue):
            key = _key(alert, place, index)
            at = bisect.bisect_left(self._keys, key)
            self._keys.insert(at, key)
            self._items.insert(at, alert)

    def replace(self, account_id: int, account: Scored | None) -> None:
        """The account ``account_id`` is now ``account`` (None: no longer in the book). An
        account new to the tally comes last, as a new row of the book does.
        """
        old = self._lines.get(account_id)
        if account is None:
            if old is not None:
                del self._lines[account_id]
                self._rebuild()  # the places of the accounts after it moved
            return
        new = _line(account)
        cells = _columns(new)
        if old is None:
            place = self._place[account_id] = len(self._lines)
            self._lines[account_id] = new
            for column, cell in zip(self._table, cells, strict=True):
                column.append(cell)
            self._put_in(new, place)
            return
        place = self._place[account_id]
        self._take_out(old, place)
        self._lines[account_id] = new
        for column, cell in zip(self._table, cells, strict=True):
            column[place] = cell
        self._put_in(new, place)

    def totals(self) -> Totals:
        """The book's totals now."""
        sums = [math.fsum(column) for column in self._table]
        active = int(sums[_ACTIVE])
        survey = sums[_SURVEY : _SURVEY + 7]
        nps, csat, ces = metrics.survey_scores_of(
            [
                metrics.SurveyPart(
                    promoters=int(survey[0]),
                    detractors=int(survey[1]),
                    nps_responses=int(survey[2]),
                    satisfied=int(survey[3]),
                    csat_responses=int(survey[4]),
                    effort_total=survey[5],
                    ces_responses=int(survey[6]),
                )
            ]
        )
        cohort = sums[_COHORT : _COHORT + 6]
        ttv_days, ttv_count = sums[_TTV : _TTV + 2]
        discipline, disciplined = sums[_DISCIPLINE : _DISCIPLINE + 2]
        book_metrics = BookMetrics(
            retention=metrics.Retention(
                metrics.window_start(self.as_of),
                self.as_of,
                start_arr=cohort[2],
                expansion=cohort[3],
                contraction=cohort[4],
                churn=cohort[5],
                cohort=int(cohort[0]),
                retained=int(cohort[1]),
            ),
            nps=nps,
            csat=csat,
            ces=ces,
            expansion_pipeline_weighted=sums[_PIPELINE],
            time_to_value_days=ttv_days / ttv_count if ttv_count else None,
            health_coverage=sums[_SCORED] / active * 100 if active else None,
            discipline=discipline / disciplined if disciplined else None,
        )
        return Totals(
            active=active,
            arr=sums[_ARR],
            bands=MappingProxyType({band: int(sums[at]) for band, at in _BANDS.items()}),
            renewals=MappingProxyType(
                {
                    window: renewal_rules.Forecast(
                        window, int(sums[at]), sums[at + 1], sums[at + 2]
                    )
                    for window, at in _FORECAST.items()
                }
            ),
            metrics=book_metrics,
            priorities=tuple(self._items),
        )


def book_totals(accounts: Sequence[Scored], as_of: dt.date) -> Totals:
    """The totals of the book whose accounts (in the book's order) are ``accounts``."""
    return Tally(accounts, as_of).totals()


__all__ = [
    "FORECAST_WINDOWS",
    "BookMetrics",
    "Contribution",
    "Scored",
    "Tally",
    "Totals",
    "book_totals",
]
