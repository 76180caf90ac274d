"""The book's totals (DOMAIN.md §6) from its scored accounts, whether scored now or read back
from the book's stored results: one function, so both always give the same figures.

Each account brings its ``Contribution`` (its share of retention, its survey responses, its
weighted pipeline) and a few scored values; the totals are sums over those, in the accounts'
order, so a changed account changes the totals by its own old and new values alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from csm_desk.engine import metrics
from csm_desk.engine import renewals as renewal_rules
from csm_desk.engine.alerts import Alert, priorities
from csm_desk.engine.vocab import Band

FORECAST_WINDOWS = (90, 365)


@dataclass(frozen=True)
class Contribution:
    """One account's share of the book's metrics (every account, churned ones included, brings
    its retention and survey shares; only active ones count in the pipeline)."""

    retention: metrics.RetentionPart
    surveys: metrics.SurveyPart
    pipeline: float


class Scored(Protocol):
    """What the totals need of one scored account."""

    @property
    def churned(self) -> bool: ...
    @property
    def arr(self) -> float: ...
    @property
    def band(self) -> Band: ...
    @property
    def scored(self) -> bool: ...
    @property
    def renewal_probability(self) -> float: ...
    @property
    def days_to_renewal(self) -> int | None: ...
    @property
    def discipline(self) -> float | None: ...
    @property
    def time_to_value(self) -> int | None: ...
    @property
    def contribution(self) -> Contribution: ...
    @property
    def alerts(self) -> tuple[Alert, ...]: ...
    @property
    def due(self) -> tuple[Alert, ...]: ...


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
        return self.retention.grr

    @property
    def nrr(self) -> float | None:
        return self.retention.nrr

    @property
    def logo_retention(self) -> float | None:
        return self.retention.logo_retention


@dataclass(frozen=True)
class Totals:
    """The book's totals: active accounts per band (every band, zeros included), the renewal
    forecast per window, the metrics and today's priorities in order."""

    bands: Mapping[Band, int]
    renewals: Mapping[int, renewal_rules.Forecast]
    metrics: BookMetrics
    priorities: tuple[Alert, ...]


def book_totals(accounts: Sequence[Scored], as_of: dt.date) -> Totals:
    """The totals of the book whose accounts (in the book's order) are ``accounts``."""
    active = [a for a in accounts if not a.churned]
    bands = dict.fromkeys(Band, 0)
    for account in active:
        bands[account.band] += 1
    lines = [
        renewal_rules.ForecastLine(a.arr, a.renewal_probability, a.days_to_renewal) for a in active
    ]
    nps, csat, ces = metrics.survey_scores_of([a.contribution.surveys for a in accounts])
    pipeline = 0.0
    for account in active:
        pipeline += account.contribution.pipeline
    scored = sum(1 for a in active if a.scored)
    book_metrics = BookMetrics(
        retention=metrics.retention_of((a.contribution.retention for a in accounts), as_of),
        nps=nps,
        csat=csat,
        ces=ces,
        expansion_pipeline_weighted=pipeline,
        time_to_value_days=metrics.mean(a.time_to_value for a in active),
        health_coverage=scored / len(active) * 100 if active else None,
        discipline=metrics.mean(a.discipline for a in active),
    )
    queue = [alert for a in active for alert in (*a.alerts, *a.due)]
    return Totals(
        bands=MappingProxyType(bands),
        renewals=MappingProxyType({w: renewal_rules.forecast(lines, w) for w in FORECAST_WINDOWS}),
        metrics=book_metrics,
        priorities=tuple(priorities(queue)),
    )


__all__ = ["FORECAST_WINDOWS", "BookMetrics", "Contribution", "Scored", "Totals", "book_totals"]
