"""Alerts and today's priorities (DOMAIN.md §7): playbook triggers, each with its playbook.

``account_alerts`` runs every alert rule (``engine.alert_rules.ALERT_RULES``: the rules of
``engine.alert_rules`` and the stakeholder alerts of ``engine.coverage`` that are also coverage
gaps) and words what fires as an ``Alert``; ``due_items`` lists what is coming due and
``priorities`` orders them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from csm_desk.engine import history
from csm_desk.engine.alert_rules import ALERT_RULES, AlertFacts
from csm_desk.engine.discipline import ArtifactState
from csm_desk.engine.facts import AccountFacts
from csm_desk.engine.health import Health
from csm_desk.engine.rules import Hit
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import (
    AlertCode,
    AlertSeverity,
    Area,
    Artifact,
    RenewalPhase,
    Segment,
    StepStatus,
)
from csm_desk.engine.wording import date_words, shortened

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


PLAYBOOKS: Mapping[AlertCode, str] = MappingProxyType(
    {AlertCode(r.code): r.playbook for r in ALERT_RULES}
)
# Where in the account workspace each alert is dealt with.
AREAS: Mapping[AlertCode, Area] = MappingProxyType(
    {AlertCode(r.code): r.area or Area.SNAPSHOT for r in ALERT_RULES}
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
    """Every alert of DOMAIN.md §7 that fires for one (not churned) account as of ``as_of``:
    each rule of ``ALERT_RULES`` in turn.

    ``drop`` is ``engine.history.health_drop`` of the account's history (§3.4).
    """
    facts = AlertFacts(
        people=tuple(sorted(account.stakeholders, key=lambda p: p.id)),
        risks=account.risks,
        plan=account.renewal_plan,
        segment=segment,
        as_of=as_of,
        settings=settings,
        account=account,
        health=health,
        days_to_renewal=days_to_renewal,
        phase=phase,
        states=states,
        drop=drop,
    )
    found: list[Alert] = []
    for rule in ALERT_RULES:
        hit: Hit | None = rule.check(facts)
        if hit is not None:
            code = AlertCode(rule.code)
            found.append(
                Alert(
                    code,
                    hit.severity or rule.severities[0],
                    account.id,
                    account.name,
                    account.arr,
                    hit.message,
                    rule.playbook,
                    hit.date or as_of,
                    AREAS[code],
                )
            )
    return found


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
                f"Reassess risk by {date_words(r.reassess_on)}: {shortened(r.statement)}",
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
