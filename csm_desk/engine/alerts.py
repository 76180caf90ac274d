"""Alerts and today's priorities (DOMAIN.md §7): playbook triggers, each with its playbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from csm_desk.engine import history
from csm_desk.engine.discipline import ArtifactState, qbr_cadence_days, renewal_plan_window
from csm_desk.engine.facts import AccountFacts
from csm_desk.engine.health import Health
from csm_desk.engine.renewals import phase_passed
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import (
    AlertCode,
    AlertSeverity,
    Area,
    Artifact,
    ArtifactStatus,
    Band,
    Component,
    RenewalPhase,
    Role,
    Segment,
    StepStatus,
)
from csm_desk.engine.wording import date_words

C = AlertCode

PLAYBOOKS: Mapping[AlertCode, str] = MappingProxyType(
    {
        C.HEALTH_AMBER: "Internal review, then a call with the champion within 5 days",
        C.HEALTH_RED: "Escalation brief within 24 hours",
        C.HEALTH_DROP: "At-risk review",
        C.NO_CHAMPION: "Stakeholder mapping: find and confirm a champion",
        C.CHAMPION_LEFT: "Champion departure: document it, name an interim contact, reach the "
        "executive sponsor, re-map the account",
        C.CHAMPION_SILENT: "Have the account executive reach the executive sponsor",
        C.SINGLE_THREADED: "Multi-threading: build relationships beyond one contact",
        C.NO_ECONOMIC_BUYER: "Stakeholder mapping: identify the economic buyer",
        C.LOW_ADOPTION: "Enablement session and revised milestones",
        C.RENEWAL_NO_PLAN: "Renewal playbook: start the renewal plan",
        C.RENEWAL_STEPS_OVERDUE: "Renewal playbook: catch up the checklist",
        C.FIRST_VALUE_LATE: "Onboarding rescue",
        C.MILESTONE_OVERDUE: "",
        C.ACTION_OVERDUE: "",
        C.RISK_REASSESS_DUE: "Risk review",
        C.QBR_DUE: "QBR preparation",
        C.STALE_ARTIFACT: "",
    }
)

# Where in the account workspace each alert is dealt with.
AREAS: Mapping[AlertCode, Area] = MappingProxyType(
    {
        C.HEALTH_AMBER: Area.HEALTH,
        C.HEALTH_RED: Area.HEALTH,
        C.HEALTH_DROP: Area.HEALTH,
        C.NO_CHAMPION: Area.STAKEHOLDERS,
        C.CHAMPION_LEFT: Area.STAKEHOLDERS,
        C.CHAMPION_SILENT: Area.STAKEHOLDERS,
        C.SINGLE_THREADED: Area.STAKEHOLDERS,
        C.NO_ECONOMIC_BUYER: Area.STAKEHOLDERS,
        C.LOW_ADOPTION: Area.HEALTH,
        C.RENEWAL_NO_PLAN: Area.RENEWAL,
        C.RENEWAL_STEPS_OVERDUE: Area.RENEWAL,
        C.FIRST_VALUE_LATE: Area.ONBOARDING,
        C.MILESTONE_OVERDUE: Area.SUCCESS_PLAN,
        C.ACTION_OVERDUE: Area.MEETINGS,
        C.RISK_REASSESS_DUE: Area.RISKS,
        C.QBR_DUE: Area.QBR,
        C.STALE_ARTIFACT: Area.SNAPSHOT,
    }
)

SEVERITY_ORDER: Mapping[AlertSeverity, int] = MappingProxyType(
    {AlertSeverity.RED: 0, AlertSeverity.AMBER: 1, AlertSeverity.DUE: 2}
)


@dataclass(frozen=True)
class Alert:
    """An open alert, or an item coming due, on one account.

    Attributes:
        code: the alert code; None for an item coming due.
        date: the date it concerns (a due date, or the as-of date).
        area: the part of the account workspace that deals with it.
    """

    code: AlertCode | None
    severity: AlertSeverity
    account_id: int
    account_name: str
    arr: float
    message: str
    playbook: str
    date: dt.date
    area: Area

    @property
    def key(self) -> str:
        return self.code.value if self.code else "due"


def _names(items: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class _Collector:
    def __init__(self, account: AccountFacts, as_of: dt.date) -> None:
        self.account = account
        self.as_of = as_of
        self.found: list[Alert] = []

    def add(
        self,
        code: AlertCode,
        severity: AlertSeverity,
        message: str,
        date: dt.date | None = None,
    ) -> None:
        self.found.append(
            Alert(
                code,
                severity,
                self.account.id,
                self.account.name,
                self.account.arr,
                message,
                PLAYBOOKS[code],
                date or self.as_of,
                AREAS[code],
            )
        )


def account_alerts(
    account: AccountFacts,
    segment: Segment,
    health: Health,
    days_to_renewal: int | None,
    phase: RenewalPhase | None,
    states: Mapping[Artifact, ArtifactState],
    as_of: dt.date,
    settings: BookSettings,
    *,
    drop: history.HealthDrop | None,
) -> list[Alert]:
    """Every alert of DOMAIN.md §7 that fires for one (not churned) account as of ``as_of``.

    ``drop`` is ``engine.history.health_drop`` of the account's history (§3.4).
    """
    out = _Collector(account, as_of)
    red, amber = AlertSeverity.RED, AlertSeverity.AMBER
    touch = segment in (Segment.HIGH_TOUCH, Segment.LOW_TOUCH)

    # Health.
    if health.band is Band.AT_RISK:
        out.add(C.HEALTH_AMBER, amber, f"Health {health.shown_score()} is in the at-risk band")
    elif health.band in (Band.CRITICAL, Band.EMERGENCY):
        out.add(
            C.HEALTH_RED, red, f"Health {health.shown_score()} is in the {health.band.phrase} band"
        )
    if drop is not None and history.drop_fires(drop, settings.threshold("health_drop_points")):
        out.add(C.HEALTH_DROP, amber, drop.message(as_of), drop.high.date)

    # People.
    current = [s for s in account.stakeholders if not s.departed_by(as_of)]
    champions = [s for s in current if Role.CHAMPION in s.roles]
    news_for = settings.days("champion_left_days")
    departed_champions = [
        s
        for s in account.stakeholders
        if s.departed_by(as_of)
        and Role.CHAMPION in s.roles
        and (s.departed_on is None or (as_of - s.departed_on).days <= news_for)
    ]
    if departed_champions and not champions:
        who = departed_champions[0]
        when = f"left on {date_words(who.departed_on)}" if who.departed_on else "has left"
        out.add(C.CHAMPION_LEFT, red, f"Champion {who.name} {when}", who.departed_on)
    elif touch and not champions:
        out.add(C.NO_CHAMPION, amber, "No current champion is mapped")
    if touch and champions:
        limit = settings.days(
            "champion_silent_days_high"
            if segment is Segment.HIGH_TOUCH
            else "champion_silent_days_low"
        )
        silent = []
        for champion in champions:
            last = champion.last_contact(as_of)
            if last is None or (as_of - last).days > limit:
                silent.append((champion.name, last))
        if len(silent) == len(champions):
            name, last = silent[0]
            since = f"last contact {(as_of - last).days} days ago" if last else "never contacted"
            out.add(C.CHAMPION_SILENT, amber, f"Champion {name}: {since} (limit {limit})")
    if segment is Segment.HIGH_TOUCH:
        window = settings.days("engaged_window_days")
        engaged = sum(
            1
            for s in current
            if (c := s.last_contact(as_of)) is not None and (as_of - c).days <= window
        )
        needed = settings.days("single_threaded_min")
        if engaged < needed:
            out.add(
                C.SINGLE_THREADED,
                amber,
                f"{_plural(engaged, 'engaged stakeholder')} in {window} days; {needed} needed",
            )
    if touch and not any(Role.ECONOMIC_BUYER in s.roles for s in current):
        out.add(C.NO_ECONOMIC_BUYER, amber, "No economic buyer is mapped")

    # Adoption.
    if account.contract_start is not None and (
        as_of - account.contract_start
    ).days >= settings.days("low_adoption_days"):
        usage = health.components.get(Component.USAGE)
        utilisation = (
            next((i for i in usage.inputs if i.key == "utilization"), None) if usage else None
        )
        if utilisation is not None and utilisation.value < settings.threshold(
            "low_adoption_utilization"
        ):
            out.add(C.LOW_ADOPTION, amber, f"License utilisation is {utilisation.shown}")

    # Renewal.
    if days_to_renewal is not None and account.renewal_plan is None:
        window = renewal_plan_window(segment, settings)
        if days_to_renewal <= window:
            when = (
                f"renews in {days_to_renewal} days"
                if days_to_renewal >= 0
                else f"renewal overdue by {-days_to_renewal} days"
            )
            out.add(
                C.RENEWAL_NO_PLAN,
                red if days_to_renewal <= settings.days("renewal_no_plan_red_days") else amber,
                f"No renewal plan; {when}",
                account.renewal_date,
            )
    if phase is not None:
        late = [
            s
            for s in account.renewal_steps
            if s.status == StepStatus.OPEN
            and (s.renewal_date is None or s.renewal_date == account.renewal_date)
            and s.phase in RenewalPhase.choices()
            and phase_passed(RenewalPhase(s.phase), phase)
        ]
        if late:
            out.add(
                C.RENEWAL_STEPS_OVERDUE,
                red,
                f"{_plural(len(late), 'renewal step')} of a passed phase still open: "
                + _names([s.action for s in late]),
                min((s.due for s in late if s.due), default=None),
            )

    # Plans and follow-through.
    first_value = [
        m
        for m in account.milestones
        if m.first_value and m.open_on(as_of) and m.due and m.due < as_of
    ]
    if first_value:
        m = first_value[0]
        out.add(
            C.FIRST_VALUE_LATE,
            red,
            f"First-value milestone “{m.title}” was due "
            + (date_words(m.due) if m.due else "earlier"),
            m.due,
        )
    overdue = sorted(
        (
            m
            for m in account.milestones
            if not m.first_value and m.open_on(as_of) and m.due and m.due < as_of
        ),
        key=lambda m: m.due or as_of,
    )
    if overdue:
        out.add(
            C.MILESTONE_OVERDUE,
            amber,
            f"{_plural(len(overdue), 'milestone')} overdue: " + _names([m.title for m in overdue]),
            overdue[0].due,
        )
    actions = sorted(
        (a for a in account.actions if a.open_on(as_of) and a.due and a.due < as_of),
        key=lambda a: a.due or as_of,
    )
    if actions:
        out.add(
            C.ACTION_OVERDUE,
            amber,
            f"{_plural(len(actions), 'action item')} overdue: " + _names([a.text for a in actions]),
            actions[0].due,
        )
    risks = sorted(
        (r for r in account.risks if r.open and r.reassess_on and r.reassess_on < as_of),
        key=lambda r: r.reassess_on or as_of,
    )
    if risks:
        out.add(
            C.RISK_REASSESS_DUE,
            amber,
            f"{_plural(len(risks), 'open risk')} past the reassess date: "
            + _names([_short(r.statement) for r in risks]),
            risks[0].reassess_on,
        )
    if touch:
        _qbr_due(out, account, segment, as_of, settings)
    stale = [
        s.artifact.label
        for s in states.values()
        if s.mandatory and s.status is ArtifactStatus.STALE
    ]
    if stale:
        out.add(C.STALE_ARTIFACT, amber, "Stale: " + _names(stale, 7))
    return out.found


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _qbr_due(
    out: _Collector, account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> None:
    cadence = qbr_cadence_days(segment, settings)
    delivered = [r.date for r in account.reviews if r.status == "delivered" and r.date <= as_of]
    since = max(delivered) if delivered else account.contract_start
    if since is None:
        out.add(C.QBR_DUE, AlertSeverity.AMBER, "No business review has been delivered")
    elif (as_of - since).days > cadence:
        what = "last review" if delivered else "contract start"
        out.add(
            C.QBR_DUE,
            AlertSeverity.AMBER,
            f"No review within {cadence} days ({what} {date_words(since)})",
            since + dt.timedelta(days=cadence),
        )


def due_items(account: AccountFacts, as_of: dt.date, settings: BookSettings) -> list[Alert]:
    """Items coming due within the next few days (not yet overdue): milestones, action items,
    risk reassessments, renewal steps."""
    horizon = as_of + dt.timedelta(days=settings.days("due_soon_days"))
    found: list[Alert] = []

    def add(message: str, date: dt.date, area: Area) -> None:
        found.append(
            Alert(
                None,
                AlertSeverity.DUE,
                account.id,
                account.name,
                account.arr,
                message,
                "",
                date,
                area,
            )
        )

    for m in account.milestones:
        if m.open_on(as_of) and m.due and as_of <= m.due <= horizon:
            add(f"Milestone due {date_words(m.due)}: {m.title}", m.due, Area.SUCCESS_PLAN)
    for a in account.actions:
        if a.open_on(as_of) and a.due and as_of <= a.due <= horizon:
            add(f"Action due {date_words(a.due)}: {a.text}", a.due, Area.MEETINGS)
    for r in account.risks:
        if r.open and r.reassess_on and as_of <= r.reassess_on <= horizon:
            add(
                f"Reassess risk by {date_words(r.reassess_on)}: {_short(r.statement)}",
                r.reassess_on,
                Area.RISKS,
            )
    for s in account.renewal_steps:
        if s.status == StepStatus.OPEN and s.due and as_of <= s.due <= horizon:
            add(f"Renewal step due {date_words(s.due)}: {s.action}", s.due, Area.RENEWAL)
    return found


def priorities(items: Iterable[Alert]) -> list[Alert]:
    """Today's priorities: red first, then amber, then items coming due; within each, larger
    ARR first, then the earlier date."""
    return sorted(items, key=lambda a: (SEVERITY_ORDER[a.severity], -a.arr, a.date, a.account_name))
