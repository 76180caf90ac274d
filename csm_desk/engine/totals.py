"""The book's totals (DOMAIN.md §6) from its scored accounts, whether scored now or read back
from the book's stored results: one function, so both always give the same figures.

Each account brings its ``Contribution`` (its share of retention, its survey responses, its
weighted pipeline) and a few scored values; the totals are sums over those, in the accounts'
order, so a changed account changes the totals by its own old and new values alone.
"""

from __future__ import annotations

import bisect
import datetime as dt
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


class Tally:
    """The book's totals kept up to date account by account (DOMAIN.md §6).

    Made from the scored accounts in the book's order; ``replace`` swaps one account's values
    for new ones (or takes it out), moving only its own items in today's priorities, so an edit
    costs its own account, not the book. ``totals`` sums over the accounts in the same order as
    a fresh tally does, so both give exactly the same figures (``book_totals`` is a fresh one).
    """

    def __init__(self, accounts: Iterable[Scored], as_of: dt.date) -> None:
        self.as_of = as_of
        self._lines: dict[int, _Line] = {account.id: _line(account) for account in accounts}
        self._keys: list[_Key] = []
        self._items: list[Alert] = []
        self._reorder()

    def _reorder(self) -> None:
        """Today's priorities sorted afresh (when accounts' places in the book moved)."""
        ranked = sorted(
            (_key(alert, place, index), alert)
            for place, line in enumerate(self._lines.values())
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
                self._reorder()  # the places of the accounts after it moved
            return
        new = _line(account)
        if old is None:
            self._lines[account_id] = new
            self._put_in(new, len(self._lines) - 1)
            return
        place = list(self._lines).index(account_id)
        self._take_out(old, place)
        self._lines[account_id] = new
        self._put_in(new, place)

    def totals(self) -> Totals:
        """The book's totals now."""
        lines = list(self._lines.values())
        active = [line for line in lines if not line.churned]
        bands = dict.fromkeys(Band, 0)
        for line in active:
            bands[line.band] += 1
        forecasts = [line.forecast for line in active]
        nps, csat, ces = metrics.survey_scores_of([line.contribution.surveys for line in lines])
        pipeline = 0.0
        for line in active:
            pipeline += line.contribution.pipeline
        scored = sum(1 for line in active if line.scored)
        book_metrics = BookMetrics(
            retention=metrics.retention_of(
                (line.contribution.retention for line in lines), self.as_of
            ),
            nps=nps,
            csat=csat,
            ces=ces,
            expansion_pipeline_weighted=pipeline,
            time_to_value_days=metrics.mean(line.time_to_value for line in active),
            health_coverage=scored / len(active) * 100 if active else None,
            discipline=metrics.mean(line.discipline for line in active),
        )
        arr = 0.0
        for line in active:
            arr += line.arr
        return Totals(
            active=len(active),
            arr=arr,
            bands=MappingProxyType(bands),
            renewals=MappingProxyType(
                {w: renewal_rules.forecast(forecasts, w) for w in FORECAST_WINDOWS}
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
