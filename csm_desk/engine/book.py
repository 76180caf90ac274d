"""The whole book in one pass: every account scored, every metric, alert and priority.

``score_book`` is what the portfolio, ``report`` and the exports share; ``score_account`` is the
per-account part, used alone to re-score one account after an edit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from csm_desk.engine import alerts as alert_rules
from csm_desk.engine import history, metrics, segments
from csm_desk.engine import renewals as renewal_rules
from csm_desk.engine.alerts import Alert
from csm_desk.engine.asof import book_as_of
from csm_desk.engine.batch import collection_paused
from csm_desk.engine.discipline import ArtifactState, artifact_states, discipline_score
from csm_desk.engine.facts import AccountFacts, BookFacts, SnapshotFacts
from csm_desk.engine.health import Health, default_probability, score_health
from csm_desk.engine.history import HealthDrop, HealthTrend
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.totals import BookMetrics, Contribution, Totals, book_totals
from csm_desk.engine.vocab import AlertSeverity, Artifact, Band, RenewalPhase, Segment


@dataclass(frozen=True)
class AccountResult:
    """Everything the engine decided about one account as of a date.

    Attributes:
        segment: the account's segment (pinned or computed); weights and rules use it.
        shown_segment: the segment to display (a red account is temporarily high touch).
        history: the health history as shown (``engine.history.health_history``): past
            snapshots re-scored with today's weights, ending with today's score.
        trend: the 30-day trend (``engine.history.trend_30d``; None without history).
        drop: the fall from the highest score of the drop window (``health_drop``).
        facts: the account as scored; an empty renewal date is filled with the derived one.
        renewal_date_derived: the renewal date was empty and is contract start + term
            (``engine.renewals.derived_renewal_date``); countdown, phase, alerts and forecast
            use it all the same.
        probability_source: ``"override"`` or ``"band"``.
        forecast_arr: ARR × renewal probability for a renewal not yet overdue, else None.
        discipline: complete mandatory artifacts ÷ those required by now, in %.
        alerts: every alert firing on it; ``due`` the items coming due soon.
    """

    facts: AccountFacts
    as_of: dt.date
    churned: bool
    segment: Segment
    shown_segment: Segment
    upgraded: bool
    health: Health
    history: tuple[SnapshotFacts, ...]
    trend: HealthTrend | None
    drop: HealthDrop | None
    days_to_renewal: int | None
    renewal_phase: RenewalPhase | None
    renewal_date_derived: bool
    renewal_probability: float
    probability_source: str
    forecast_arr: float | None
    artifacts: Mapping[Artifact, ArtifactState]
    discipline: float | None
    alerts: tuple[Alert, ...]
    due: tuple[Alert, ...]
    time_to_value: int | None
    contribution: Contribution

    @property
    def id(self) -> int:
        """The account's id in the book."""
        return self.facts.id

    @property
    def band(self) -> Band:
        """The health band the score falls in (``unscored`` without a score)."""
        return self.health.band

    @property
    def scored(self) -> bool:
        """Whether the account has a health score (enough inputs, DOMAIN.md §3)."""
        return self.health.scored

    @property
    def name(self) -> str:
        """The account's name."""
        return self.facts.name

    @property
    def arr(self) -> float:
        """The account's ARR as of the date."""
        return self.facts.arr

    @property
    def trend_30d(self) -> float | None:
        """The 30-day trend in points (None without one)."""
        return None if self.trend is None else self.trend.change

    @property
    def red_alerts(self) -> int:
        """How many of the account's alerts are red."""
        return sum(1 for a in self.alerts if a.severity is AlertSeverity.RED)

    @property
    def amber_alerts(self) -> int:
        """How many of the account's alerts are amber."""
        return sum(1 for a in self.alerts if a.severity is AlertSeverity.AMBER)


@dataclass(frozen=True)
class BookResult:
    """The whole book as of a date.

    Attributes:
        accounts: every account, churned ones included (see ``active``).
        bands: number of active accounts per band (every band present, zeros included).
        renewals: the forecast per window (90 and 365 days).
        priorities: today's priorities, in order.
    """

    as_of: dt.date
    owner: str
    currency: str
    settings: BookSettings
    accounts: tuple[AccountResult, ...]
    bands: Mapping[Band, int]
    renewals: Mapping[int, renewal_rules.Forecast]
    metrics: BookMetrics
    priorities: tuple[Alert, ...]

    @property
    def active(self) -> tuple[AccountResult, ...]:
        """Accounts that count: everything but churned ones."""
        return tuple(a for a in self.accounts if not a.churned)

    @property
    def arr(self) -> float:
        """The book's ARR: the sum over active (not churned) accounts (exact, rounded once)."""
        return math.fsum(a.arr for a in self.active)

    def by_id(self, account_id: int) -> AccountResult | None:
        """The account with id ``account_id``, churned or not; None when the book has none."""
        return next((a for a in self.accounts if a.id == account_id), None)


def score_account(
    account: AccountFacts,
    settings: BookSettings,
    as_of: dt.date,
    *,
    health: Health | None = None,
) -> AccountResult:
    """Score one account: health, renewal, forecast, discipline and alerts, as of ``as_of``.

    ``account`` is as it was on ``as_of`` (``engine.asof``; ``models.load`` cuts it so). An
    empty renewal date of an account that has not churned is the derived one (contract start
    + term) for every rule. ``health`` is its health when already scored from the same facts
    (as an edit's snapshot is); it is used only when it is for ``as_of`` and the account's
    segment.
    """
    churned = metrics.is_churned(account, as_of)
    derived = None
    if account.renewal_date is None and not churned:
        derived = renewal_rules.derived_renewal_date(
            account.contract_start, account.contract_term_months
        )
        if derived is not None:
            account = replace(account, renewal_date=derived)
    segment = segments.base_segment(account, settings)
    if health is None or health.as_of != as_of or health.segment is not segment:
        health = score_health(account, segment, as_of, settings)
    shown_history = history.health_history(account.snapshots, health, settings.weights_for(segment))
    drop = history.health_drop(shown_history, as_of, settings.days("health_drop_days"))
    shown, upgraded = segments.shown_segment(segment, health.band)
    days = renewal_rules.days_to_renewal(account.renewal_date, as_of)
    phase = renewal_rules.renewal_phase(days)
    plan = account.renewal_plan
    if plan is not None and plan.probability_override is not None:
        probability, source = float(plan.probability_override), "override"
    else:
        probability, source = default_probability(health.band, settings), "band"
    forecast_arr = account.arr * probability if days is not None and days >= 0 else None
    states = artifact_states(account, segment, as_of, settings)
    if churned:
        found: list[Alert] = []
        due: list[Alert] = []
    else:
        found = alert_rules.account_alerts(
            account, segment, health, days, phase, states, as_of, settings, drop=drop
        )
        due = alert_rules.due_items(account, as_of, settings)
    return AccountResult(
        facts=account,
        as_of=as_of,
        churned=churned,
        segment=segment,
        shown_segment=shown,
        upgraded=upgraded,
        health=health,
        history=shown_history,
        trend=history.trend_30d(shown_history, as_of),
        drop=drop,
        days_to_renewal=days,
        renewal_phase=phase,
        renewal_date_derived=derived is not None,
        renewal_probability=probability,
        probability_source=source,
        forecast_arr=forecast_arr,
        artifacts=MappingProxyType(states),
        discipline=discipline_score(states),
        alerts=tuple(found),
        due=tuple(due),
        time_to_value=metrics.time_to_value(account, as_of),
        contribution=Contribution(
            retention=metrics.retention_part(account, as_of),
            surveys=metrics.survey_part(account, as_of),
            pipeline=metrics.pipeline_part(account),
        ),
    )


def summarise(
    book: BookFacts,
    results: Sequence[AccountResult],
    as_of: dt.date,
    *,
    totals: Totals | None = None,
) -> BookResult:
    """Book totals, metrics and priorities from already-scored accounts (``totals``: already
    summed from them, e.g. by a ``Tally`` kept up to date).
    """
    if totals is None:
        totals = book_totals(results, as_of)
    return BookResult(
        as_of=as_of,
        owner=book.owner,
        currency=book.currency,
        settings=book.settings,
        accounts=tuple(results),
        bands=totals.bands,
        renewals=totals.renewals,
        metrics=totals.metrics,
        priorities=totals.priorities,
    )


def score_book(
    book: BookFacts, as_of: dt.date, *, scored: Mapping[int, Health] | None = None
) -> BookResult:
    """Score every account of the book and summarise, in one pass over its facts.

    Facts loaded as of ``as_of`` are scored as they are; others are first cut at ``as_of``
    (``engine.asof.book_as_of``), so the result is the book as it was that day either way.
    Facts cut at an earlier day lack what happened since and are refused. ``scored`` holds
    health already scored from the same facts, by account id (``score_account``'s ``health``).
    """
    if book.as_of != as_of:
        if book.as_of is not None and book.as_of < as_of:
            raise ValueError(f"facts as of {book.as_of} cannot be scored as of {as_of}")
        book = book_as_of(book, as_of)
    with collection_paused():
        known = scored or {}
        results = [
            score_account(a, book.settings, as_of, health=known.get(a.id)) for a in book.accounts
        ]
        return summarise(book, results, as_of)
