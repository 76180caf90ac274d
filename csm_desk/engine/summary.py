"""An account's scored values as plain data: what the portfolio, ``report`` and the book's
totals need of it, without its facts. A summary is made from a fresh ``AccountResult`` or read
back from the book's stored results (``to_data`` / ``from_data``); either way the figures built
from it are the same, because they are built by the same code (``engine.totals``, ``report``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from csm_desk.engine.alerts import Alert
from csm_desk.engine.book import AccountResult, BookResult
from csm_desk.engine.metrics import RetentionPart, SurveyPart
from csm_desk.engine.renewals import Forecast
from csm_desk.engine.totals import BookMetrics, Contribution, Totals, book_totals
from csm_desk.engine.vocab import (
    AlertCode,
    AlertSeverity,
    Area,
    Artifact,
    ArtifactStatus,
    Band,
    Component,
    RenewalPhase,
    Segment,
    Vocab,
)

# Bumped whenever what a summary holds changes shape; with the engine's own source (see
# ``engine_digest``), it decides whether a stored summary can still be used.
SUMMARY_FORMAT = 3


def _num(value: float | int | None) -> float | None:
    return None if value is None else float(value)


_V = TypeVar("_V", bound=Vocab)


def _member(vocab: type[_V], value: Any) -> _V:
    """The member of ``vocab`` whose value is ``value`` (a dictionary lookup: calling the enum
    costs ten times more, and thousands are read on start); ``ValueError`` when there is none.
    """
    try:
        return cast(_V, vocab._value2member_map_[value])
    except (KeyError, TypeError):
        raise ValueError(f"{value!r} is not a {vocab.__name__}") from None


def account_json(result: AccountResult) -> dict[str, Any]:
    """One account's entry of ``report --json`` (DESIGN.md)."""
    return {**_entry(result), "alerts": alert_entries(result.alerts)}


def _entry(result: AccountResult) -> dict[str, Any]:
    """``account_json`` but its alerts (a summary keeps those once, as ``Alert`` values)."""
    facts = result.facts
    health = result.health
    return {
        "id": facts.id,
        "name": facts.name,
        "crm_id": facts.crm_id,
        "segment": result.segment.value,
        "segment_shown": result.shown_segment.value,
        "arr": float(facts.arr),
        "health_score": _num(health.score),
        "health_band": health.band.value,
        "health_trend_30d": _num(result.trend_30d),
        "components": {
            c.value: _num(health.components[c].score) if c in health.components else None
            for c in Component
        },
        "renewal_date": facts.renewal_date.isoformat() if facts.renewal_date else None,
        "renewal_date_derived": result.renewal_date_derived,
        "days_to_renewal": result.days_to_renewal,
        "renewal_phase": result.renewal_phase.value if result.renewal_phase else None,
        "renewal_probability": float(result.renewal_probability),
        "forecast_arr": _num(result.forecast_arr),
        "discipline": _num(result.discipline),
        "artifacts": {a.value: s.status.value for a, s in result.artifacts.items() if s.shown},
        "reviews": [
            {"id": r.id, "kind": r.kind, "date": r.date.isoformat(), "status": r.status}
            for r in facts.reviews
        ],
    }


def alert_entries(alerts: Sequence[Alert]) -> list[dict[str, Any]]:
    """The ``alerts`` of an account's ``report --json`` entry."""
    return [
        {
            "code": a.code.value if a.code else None,
            "severity": a.severity.value,
            "message": a.message,
            "playbook": a.playbook or None,
        }
        for a in alerts
    ]


@dataclass(frozen=True)
class AccountSummary:
    """One scored account as plain values (satisfies ``engine.totals.Scored``).

    Attributes:
        entry: its ``report --json`` entry (``account_json``) but its alerts, which are made
            from ``alerts`` when asked for (``report_entry``), not kept twice.
        shown_score: the health score as shown ("61.4", or a dash when unscored).
        time_to_value: days from contract start to first value (None when not reached).
        contribution: its share of the book's metrics.
        alerts: the alerts firing on it; ``due`` the items coming due soon.
        segment_pinned: the segment was set by hand, not computed from ARR.
        probability_source: ``"override"`` or ``"band"`` (where the renewal probability came
            from).
        counted: the status of each artifact that counts toward discipline (mandatory and
            required by now), for the book's discipline chart.
    """

    entry: Mapping[str, Any]
    churned: bool
    upgraded: bool
    shown_score: str
    time_to_value: int | None
    contribution: Contribution
    alerts: tuple[Alert, ...]
    due: tuple[Alert, ...]
    segment_pinned: bool = False
    probability_source: str = "band"
    counted: Mapping[Artifact, ArtifactStatus] = field(default_factory=dict)

    @property
    def id(self) -> int:
        """The account's id in the book."""
        return int(self.entry["id"])

    def report_entry(self) -> dict[str, Any]:
        """Its whole ``report --json`` entry (``account_json``)."""
        return {**self.entry, "alerts": alert_entries(self.alerts)}

    @property
    def name(self) -> str:
        """The account's name."""
        return str(self.entry["name"])

    @property
    def arr(self) -> float:
        """The account's ARR as of the date."""
        return float(self.entry["arr"])

    @property
    def band(self) -> Band:
        """The health band the score falls in."""
        return _member(Band, self.entry["health_band"])

    @property
    def scored(self) -> bool:
        """Whether the account has a health score."""
        return self.entry["health_score"] is not None

    @property
    def crm_id(self) -> str | None:
        """The account's id in the CRM; None without one."""
        value = self.entry["crm_id"]
        return None if value is None else str(value)

    @property
    def segment(self) -> Segment:
        """The account's segment (pinned or computed); weights and rules use it."""
        return _member(Segment, self.entry["segment"])

    @property
    def score(self) -> float | None:
        """The health score; None when unscored."""
        return _num(self.entry["health_score"])

    @property
    def trend_30d(self) -> float | None:
        """The 30-day trend in points; None without one."""
        return _num(self.entry["health_trend_30d"])

    @property
    def renewal_day(self) -> dt.date | None:
        """The renewal date; None without one."""
        value = self.entry["renewal_date"]
        return None if value is None else dt.date.fromisoformat(value)

    @property
    def phase(self) -> RenewalPhase | None:
        """The renewal phase; None without a renewal date."""
        value = self.entry["renewal_phase"]
        return None if value is None else _member(RenewalPhase, value)

    @property
    def shown_segment(self) -> Segment:
        """The segment shown: a red (critical or emergency) account is temporarily high touch."""
        return _member(Segment, self.entry["segment_shown"])

    @property
    def renewal_date(self) -> str | None:
        """The renewal date as ISO text; None without one."""
        value = self.entry["renewal_date"]
        return None if value is None else str(value)

    @property
    def renewal_date_derived(self) -> bool:
        """Whether the renewal date was carried on from the last closed renewal, not entered."""
        return bool(self.entry["renewal_date_derived"])

    @property
    def days_to_renewal(self) -> int | None:
        """Days from the as-of date to the renewal (negative once it has passed)."""
        value = self.entry["days_to_renewal"]
        return None if value is None else int(value)

    @property
    def renewal_phase(self) -> str | None:
        """The renewal phase the account is in (DOMAIN.md §4); None without a renewal date."""
        value = self.entry["renewal_phase"]
        return None if value is None else str(value)

    @property
    def renewal_probability(self) -> float:
        """The renewal probability used in the forecast (0–1)."""
        return float(self.entry["renewal_probability"])

    @property
    def forecast_arr(self) -> float | None:
        """ARR × renewal probability; None without a renewal date or once it is overdue."""
        return _num(self.entry["forecast_arr"])

    @property
    def discipline(self) -> float | None:
        """The artifact discipline score (DOMAIN.md §2.1); None when nothing is due."""
        return _num(self.entry["discipline"])

    @property
    def red_alerts(self) -> int:
        """How many of the account's alerts are red."""
        return sum(1 for a in self.alerts if a.severity is AlertSeverity.RED)

    @property
    def amber_alerts(self) -> int:
        """How many of the account's alerts are amber."""
        return sum(1 for a in self.alerts if a.severity is AlertSeverity.AMBER)


def summary_of(result: AccountResult) -> AccountSummary:
    """The summary of a freshly scored account."""
    return AccountSummary(
        entry=_entry(result),
        churned=result.churned,
        upgraded=result.upgraded,
        shown_score=result.health.shown_score(),
        time_to_value=result.time_to_value,
        contribution=result.contribution,
        alerts=result.alerts,
        due=result.due,
        segment_pinned=result.facts.segment_pinned,
        probability_source=result.probability_source,
        counted={a: s.status for a, s in result.artifacts.items() if s.counts},
    )


@dataclass(frozen=True)
class BookSummary:
    """The scored book as ``report`` shows it: its accounts' summaries (churned ones
    included, in the book's order) and the totals made from them.
    """

    as_of: dt.date
    owner: str
    currency: str
    accounts: tuple[AccountSummary, ...]
    totals: Totals

    @property
    def active(self) -> tuple[AccountSummary, ...]:
        """The accounts that count: every one but churned ones."""
        return tuple(a for a in self.accounts if not a.churned)

    @property
    def arr(self) -> float:
        """The book's ARR: the sum over active accounts."""
        return self.totals.arr

    @property
    def bands(self) -> Mapping[Band, int]:
        """Active accounts per health band."""
        return self.totals.bands

    @property
    def renewals(self) -> Mapping[int, Forecast]:
        """The renewal forecast per window (90 and 365 days)."""
        return self.totals.renewals

    @property
    def metrics(self) -> BookMetrics:
        """The book-level measures of DOMAIN.md §6."""
        return self.totals.metrics

    @property
    def priorities(self) -> tuple[Alert, ...]:
        """Today's priorities, most urgent first."""
        return self.totals.priorities


def book_summary(
    as_of: dt.date, owner: str, currency: str, accounts: Sequence[AccountSummary]
) -> BookSummary:
    """The book from its accounts' summaries (fresh or stored), its totals made from them."""
    return BookSummary(as_of, owner, currency, tuple(accounts), book_totals(accounts, as_of))


def summary_of_book(book: BookResult) -> BookSummary:
    """The summary of a freshly scored book."""
    return book_summary(
        book.as_of, book.owner, book.currency, [summary_of(a) for a in book.accounts]
    )


# -- as stored data ------------------------------------------------------------------------------


def _alert_data(alert: Alert) -> dict[str, Any]:
    return {
        "code": alert.code.value if alert.code else None,
        "severity": alert.severity.value,
        "account_id": alert.account_id,
        "account_name": alert.account_name,
        "arr": alert.arr,
        "message": alert.message,
        "playbook": alert.playbook,
        "date": alert.date.isoformat(),
        "area": alert.area.value,
    }


def _alert(data: Mapping[str, Any]) -> Alert:
    code = data["code"]
    return Alert(
        code=None if code is None else _member(AlertCode, code),
        severity=_member(AlertSeverity, data["severity"]),
        account_id=_int(data["account_id"]),
        account_name=sys.intern(_text(data["account_name"])),  # one copy for its alerts
        arr=_float(data["arr"]),
        message=_text(data["message"]),
        playbook=sys.intern(_text(data["playbook"])),  # one copy for the whole book
        date=dt.date.fromisoformat(_text(data["date"])),
        area=_member(Area, data["area"]),
    )


def to_data(summary: AccountSummary) -> dict[str, Any]:
    """The summary as JSON-ready data (floats kept exactly: JSON writes their shortest repr)."""
    return {
        "format": SUMMARY_FORMAT,
        "entry": dict(summary.entry),
        "churned": summary.churned,
        "upgraded": summary.upgraded,
        "shown_score": summary.shown_score,
        "time_to_value": summary.time_to_value,
        "retention": asdict(summary.contribution.retention),
        "surveys": asdict(summary.contribution.surveys),
        "pipeline": summary.contribution.pipeline,
        "alerts": [_alert_data(a) for a in summary.alerts],
        "due": [_alert_data(a) for a in summary.due],
        "segment_pinned": summary.segment_pinned,
        "probability_source": summary.probability_source,
        "counted": {a.value: s.value for a, s in summary.counted.items()},
    }


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError(f"{value!r} is not a whole number")
    return value


def _float(value: Any) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise ValueError(f"{value!r} is not true or false")
    return value


def from_data(data: Any) -> AccountSummary:
    """A summary read back from ``to_data``'s data; ``ValueError`` when the data is not one
    (another format, or damaged): the account is then scored afresh.
    """
    try:
        if not isinstance(data, dict) or data.get("format") != SUMMARY_FORMAT:
            raise ValueError("not a stored summary of this format")
        entry = data["entry"]
        if not isinstance(entry, dict):
            raise ValueError("no report entry")
        _int(entry["id"]), _text(entry["name"]), _float(entry["arr"])
        (
            _member(Band, entry["health_band"]),
            _member(Segment, entry["segment_shown"]),
            _member(Segment, entry["segment"]),
        )
        if entry["renewal_date"] is not None:
            dt.date.fromisoformat(_text(entry["renewal_date"]))
        if entry["renewal_phase"] is not None:
            _member(RenewalPhase, entry["renewal_phase"])
        if entry["health_trend_30d"] is not None:
            _float(entry["health_trend_30d"])
        if entry["crm_id"] is not None:
            _text(entry["crm_id"])
        _float(entry["renewal_probability"])
        for key in ("health_score", "forecast_arr", "discipline"):
            if entry[key] is not None:
                _float(entry[key])
        if entry["days_to_renewal"] is not None:
            _int(entry["days_to_renewal"])
        shapes = {"components": dict, "artifacts": dict, "reviews": list}
        for key, shape in shapes.items():
            if not isinstance(entry[key], shape):
                raise ValueError(f"{key} is not a {shape.__name__}")
        ttv = data["time_to_value"]
        retention = data["retention"]
        surveys = data["surveys"]
        return AccountSummary(
            entry=entry,
            churned=_bool(data["churned"]),
            upgraded=_bool(data["upgraded"]),
            shown_score=_text(data["shown_score"]),
            time_to_value=None if ttv is None else _int(ttv),
            contribution=Contribution(
                retention=RetentionPart(
                    in_cohort=_bool(retention["in_cohort"]),
                    start_arr=_float(retention["start_arr"]),
                    expansion=_float(retention["expansion"]),
                    contraction=_float(retention["contraction"]),
                    churn=_float(retention["churn"]),
                    retained=_bool(retention["retained"]),
                ),
                surveys=SurveyPart(
                    promoters=_int(surveys["promoters"]),
                    detractors=_int(surveys["detractors"]),
                    nps_responses=_int(surveys["nps_responses"]),
                    satisfied=_int(surveys["satisfied"]),
                    csat_responses=_int(surveys["csat_responses"]),
                    effort_total=_float(surveys["effort_total"]),
                    ces_responses=_int(surveys["ces_responses"]),
                ),
                pipeline=_float(data["pipeline"]),
            ),
            alerts=tuple(_alert(a) for a in data["alerts"]),
            due=tuple(_alert(a) for a in data["due"]),
            segment_pinned=_bool(data["segment_pinned"]),
            probability_source=_text(data["probability_source"]),
            counted={
                _member(Artifact, a): _member(ArtifactStatus, s) for a, s in data["counted"].items()
            },
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"incomplete stored summary ({exc!r})") from None


@functools.cache
def engine_digest() -> str:
    """A fingerprint of the code that scores: the summary format and the engine's own source.
    Stored summaries made by other code (another version, or a changed rule) are not used.
    """
    digest = hashlib.sha256(f"summary format {SUMMARY_FORMAT}".encode())
    try:
        for source in sorted(Path(__file__).parent.glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    except OSError:
        from importlib.metadata import version

        digest.update(version("csm-desk").encode())
    return digest.hexdigest()[:24]


__all__ = [
    "SUMMARY_FORMAT",
    "AccountSummary",
    "BookSummary",
    "account_json",
    "alert_entries",
    "book_summary",
    "engine_digest",
    "from_data",
    "summary_of",
    "summary_of_book",
    "to_data",
]
