"""The alerts of DOMAIN.md §7, each a declared rule (``engine.rules``) with its playbook.

``engine.alerts.account_alerts`` runs ``ALERT_RULES``: the rules here and the stakeholder
alerts of ``engine.coverage`` that are also coverage gaps. Each takes an ``AlertFacts`` and
returns a ``Hit`` when it fires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from csm_desk.engine import history
from csm_desk.engine.coverage import PeopleFacts
from csm_desk.engine.discipline import ArtifactState, qbr_cadence_days, renewal_plan_window
from csm_desk.engine.facts import AccountFacts
from csm_desk.engine.health import Health
from csm_desk.engine.people import current_people, departed_champions
from csm_desk.engine.renewals import phase_passed
from csm_desk.engine.rules import Hit, Rule, RuleKind, declare, declared
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
from csm_desk.engine.wording import date_words, first_few, plural, shortened

C = AlertCode
RED, AMBER = AlertSeverity.RED, AlertSeverity.AMBER
ALERT = RuleKind.ALERT


@dataclass(frozen=True)
class AlertFacts(PeopleFacts):
    """What the alert rules look at for one account as of a day (``account_alerts``' arguments).

    Attributes:
        days_to_renewal: None without a renewal date.
        states: the artifacts' discipline states.
        drop: the health drop of the account's history (``engine.history.health_drop``).
    """

    account: AccountFacts
    health: Health
    days_to_renewal: int | None
    phase: RenewalPhase | None
    states: Mapping[Artifact, ArtifactState]
    drop: history.HealthDrop | None


@declare(
    ALERT,
    C.HEALTH_AMBER,
    "§7",
    severities=(AMBER,),
    playbook="Internal review, then a call with the champion within 5 days",
    area=Area.HEALTH,
)
def health_amber(facts: AlertFacts) -> Hit | None:
    """The health band is at risk (40–59.99).

    DOMAIN.md §7 ``health_amber``: "band is at_risk" → "internal review + champion call
    within 5 days".
    """
    health = facts.health
    if health.band is Band.AT_RISK:
        return Hit(f"Health {health.shown_score()} is in the at-risk band")
    return None


@declare(
    ALERT,
    C.HEALTH_RED,
    "§7",
    severities=(RED,),
    playbook="Escalation brief within 24 hours",
    area=Area.HEALTH,
)
def health_red(facts: AlertFacts) -> Hit | None:
    """The health band is critical or emergency (below 40).

    DOMAIN.md §7 ``health_red``: "band is critical or emergency" → "escalation brief within 24
    hours".
    """
    health = facts.health
    if health.band in (Band.CRITICAL, Band.EMERGENCY):
        return Hit(f"Health {health.shown_score()} is in the {health.band.phrase} band")
    return None


@declare(
    ALERT,
    C.HEALTH_DROP,
    "§3.4",
    settings=("health_drop_points", "health_drop_days"),
    severities=(AMBER,),
    playbook="At-risk review",
    area=Area.HEALTH,
)
def health_drop(facts: AlertFacts) -> Hit | None:
    """Health fell at least ``health_drop_points`` (10) from its high of the last
    ``health_drop_days`` (30).

    DOMAIN.md §3.4: ``health_drop`` "fires when the highest snapshot score dated within the last
    30 days (today − 30 ≤ date ≤ today) minus today's score is ≥ 10"; "its message names that
    high, its date and the fall" — worked example: "fell 20.6 points from 74.8 on 25 Oct". The
    window is applied where the drop is found (``engine.history.health_drop``).
    """
    drop = facts.drop
    if drop is not None and history.drop_fires(
        drop, facts.settings.threshold("health_drop_points")
    ):
        return Hit(drop.message(facts.as_of), drop.high.date)
    return None


@declare(
    ALERT,
    C.CHAMPION_LEFT,
    "§7",
    settings=("champion_left_days",),
    severities=(RED,),
    playbook="Champion departure: document it, name an interim contact, reach the "
    "executive sponsor, re-map the account",
    area=Area.STAKEHOLDERS,
)
def champion_left(facts: AlertFacts) -> Hit | None:
    """A champion left within ``champion_left_days`` (180) and no current champion remains.

    DOMAIN.md §7 ``champion_left``: "a champion is marked as departed" → "champion departure
    (document, interim contact, exec outreach, re-map)". After ``champion_left_days`` an
    account with no champion has ``no_champion`` instead.
    """
    left = departed_champions(facts.account.stakeholders, facts.as_of, facts.settings)
    if not left or facts.champions:
        return None
    who = left[0]
    when = f"left on {date_words(who.departed_on)}" if who.departed_on else "has left"
    return Hit(f"Champion {who.name} {when}", who.departed_on)


@declare(
    ALERT,
    C.CHAMPION_SILENT,
    "§7",
    settings=("champion_silent_days_high", "champion_silent_days_low"),
    severities=(AMBER,),
    playbook="Have the account executive reach the executive sponsor",
    area=Area.STAKEHOLDERS,
)
def champion_silent(facts: AlertFacts) -> Hit | None:
    """Every current champion was last contacted too long ago (or never).

    DOMAIN.md §7 ``champion_silent``: "champion's last contact > 30 days (high touch) / 60 (low
    touch)" → "AE reaches exec sponsor". At exactly 30 (60) days the champion is not yet
    silent; one champion still in touch is enough.
    """
    if not facts.touch or not facts.champions:
        return None
    limit = facts.settings.days(
        "champion_silent_days_high"
        if facts.segment is Segment.HIGH_TOUCH
        else "champion_silent_days_low"
    )
    as_of = facts.as_of
    champions = [
        s for s in current_people(facts.account.stakeholders, as_of) if Role.CHAMPION in s.roles
    ]
    silent = []
    for champion in champions:
        last = champion.last_contact(as_of)
        if last is None or (as_of - last).days > limit:
            silent.append((champion.name, last))
    if len(silent) == len(champions):
        name, last = silent[0]
        since = f"last contact {(as_of - last).days} days ago" if last else "never contacted"
        return Hit(f"Champion {name}: {since} (limit {limit})")
    return None


@declare(
    ALERT,
    C.LOW_ADOPTION,
    "§7",
    settings=("low_adoption_days", "low_adoption_utilization"),
    severities=(AMBER,),
    playbook="Enablement session and revised milestones",
    area=Area.HEALTH,
)
def low_adoption(facts: AlertFacts) -> Hit | None:
    """Utilisation below ``low_adoption_utilization`` (40 %) from ``low_adoption_days`` (90)
    after the contract start.

    DOMAIN.md §7 ``low_adoption``: "≥ 90 days since contract start and utilization < 40%" →
    "enablement session + revised milestones". Utilisation is the health input (§3.1).
    """
    start = facts.account.contract_start
    settings = facts.settings
    if start is None or (facts.as_of - start).days < settings.days("low_adoption_days"):
        return None
    usage = facts.health.components.get(Component.USAGE)
    utilisation = next((i for i in usage.inputs if i.key == "utilization"), None) if usage else None
    if utilisation is not None and utilisation.value < settings.threshold(
        "low_adoption_utilization"
    ):
        return Hit(f"License utilisation is {utilisation.shown}")
    return None


@declare(
    ALERT,
    C.RENEWAL_NO_PLAN,
    "§7",
    settings=("renewal_plan_days_high", "renewal_plan_days_low", "renewal_no_plan_red_days"),
    severities=(AMBER, RED),
    playbook="Renewal playbook: start the renewal plan",
    area=Area.RENEWAL,
)
def renewal_no_plan(facts: AlertFacts) -> Hit | None:
    """No renewal plan once the renewal is within its window (or overdue).

    DOMAIN.md §7 ``renewal_no_plan``: "renewal within 120 days (high) / 90 (low) and no renewal
    plan" → "renewal playbook"; the window is §2.1's (``discipline.renewal_plan_window``). Red
    from ``renewal_no_plan_red_days`` (60) before the renewal, amber earlier in the window.
    """
    days = facts.days_to_renewal
    if days is None or facts.account.renewal_plan is not None:
        return None
    if days > renewal_plan_window(facts.segment, facts.settings):
        return None
    when = f"renews in {days} days" if days >= 0 else f"renewal overdue by {-days} days"
    return Hit(
        f"No renewal plan; {when}",
        facts.account.renewal_date,
        RED if days <= facts.settings.days("renewal_no_plan_red_days") else AMBER,
    )


@declare(
    ALERT,
    C.RENEWAL_STEPS_OVERDUE,
    "§7",
    severities=(RED,),
    playbook="Renewal playbook: catch up the checklist",
    area=Area.RENEWAL,
)
def renewal_steps_overdue(facts: AlertFacts) -> Hit | None:
    """A checklist step of this renewal whose phase has passed is still open.

    DOMAIN.md §7 ``renewal_steps_overdue``: "a renewal checklist step of a passed phase is
    open" → "renewal playbook" (phases of §4).
    """
    if facts.phase is None:
        return None
    account = facts.account
    late = [
        s
        for s in account.renewal_steps
        if s.status == StepStatus.OPEN
        and (s.renewal_date is None or s.renewal_date == account.renewal_date)
        and s.phase in RenewalPhase.choices()
        and phase_passed(RenewalPhase(s.phase), facts.phase)
    ]
    if not late:
        return None
    return Hit(
        f"{plural(len(late), 'renewal step')} of a passed phase still open: "
        + first_few([s.action for s in late]),
        min((s.due for s in late if s.due), default=None),
    )


@declare(
    ALERT,
    C.FIRST_VALUE_LATE,
    "§7",
    severities=(RED,),
    playbook="Onboarding rescue",
    area=Area.ONBOARDING,
)
def first_value_late(facts: AlertFacts) -> Hit | None:
    """The first-value milestone is open the day after its due date.

    DOMAIN.md §7 ``first_value_late``: "first-value milestone open past its due date" →
    "onboarding rescue".
    """
    as_of = facts.as_of
    late = [
        m
        for m in facts.account.milestones
        if m.first_value and m.open_on(as_of) and m.due and m.due < as_of
    ]
    if not late:
        return None
    m = late[0]
    return Hit(
        f"First-value milestone “{m.title}” was due " + (date_words(m.due) if m.due else "earlier"),
        m.due,
    )


@declare(ALERT, C.MILESTONE_OVERDUE, "§7", severities=(AMBER,), area=Area.SUCCESS_PLAN)
def milestone_overdue(facts: AlertFacts) -> Hit | None:
    """An open milestone (other than first value) the day after its due date.

    DOMAIN.md §7 ``milestone_overdue``: "any open milestone past its due date" (no playbook).
    """
    as_of = facts.as_of
    overdue = sorted(
        (
            m
            for m in facts.account.milestones
            if not m.first_value and m.open_on(as_of) and m.due and m.due < as_of
        ),
        key=lambda m: m.due or as_of,
    )
    if not overdue:
        return None
    return Hit(
        f"{plural(len(overdue), 'milestone')} overdue: " + first_few([m.title for m in overdue]),
        overdue[0].due,
    )


@declare(ALERT, C.ACTION_OVERDUE, "§7", severities=(AMBER,), area=Area.MEETINGS)
def action_overdue(facts: AlertFacts) -> Hit | None:
    """An open action item the day after its due date.

    DOMAIN.md §7 ``action_overdue``: "an open action item past its due date" (no playbook).
    """
    as_of = facts.as_of
    actions = sorted(
        (a for a in facts.account.actions if a.open_on(as_of) and a.due and a.due < as_of),
        key=lambda a: a.due or as_of,
    )
    if not actions:
        return None
    return Hit(
        f"{plural(len(actions), 'action item')} overdue: " + first_few([a.text for a in actions]),
        actions[0].due,
    )


@declare(
    ALERT, C.RISK_REASSESS_DUE, "§7", severities=(AMBER,), playbook="Risk review", area=Area.RISKS
)
def risk_reassess_due(facts: AlertFacts) -> Hit | None:
    """An open risk the day after its reassess date.

    DOMAIN.md §7 ``risk_reassess_due``: "an open risk past its reassess date" → "risk review".
    """
    as_of = facts.as_of
    risks = sorted(
        (r for r in facts.account.risks if r.open and r.reassess_on and r.reassess_on < as_of),
        key=lambda r: r.reassess_on or as_of,
    )
    if not risks:
        return None
    return Hit(
        f"{plural(len(risks), 'open risk')} past the reassess date: "
        + first_few([shortened(r.statement) for r in risks]),
        risks[0].reassess_on,
    )


@declare(
    ALERT,
    C.QBR_DUE,
    "§7",
    settings=("qbr_cadence_days_high", "qbr_cadence_days_low"),
    severities=(AMBER,),
    playbook="QBR preparation",
    area=Area.QBR,
)
def qbr_due(facts: AlertFacts) -> Hit | None:
    """High or low touch, and no review delivered within the cadence (counted from the contract
    start before the first review).

    DOMAIN.md §7 ``qbr_due``: "no review delivered within the cadence" → "QBR prep"; §2.1: the
    cadence is "high touch: 92 days; low touch: 183 days" (``discipline.qbr_cadence_days``).
    """
    if not facts.touch:
        return None
    as_of = facts.as_of
    cadence = qbr_cadence_days(facts.segment, facts.settings)
    delivered = [
        r.date for r in facts.account.reviews if r.status == "delivered" and r.date <= as_of
    ]
    since = max(delivered) if delivered else facts.account.contract_start
    if since is None:
        return Hit("No business review has been delivered")
    if (as_of - since).days > cadence:
        what = "last review" if delivered else "contract start"
        return Hit(
            f"No review within {cadence} days ({what} {date_words(since)})",
            since + dt.timedelta(days=cadence),
        )
    return None


@declare(ALERT, C.STALE_ARTIFACT, "§7", severities=(AMBER,), area=Area.SNAPSHOT)
def stale_artifact(facts: AlertFacts) -> Hit | None:
    """A mandatory artifact is stale (complete, but not updated within its freshness window).

    DOMAIN.md §7 ``stale_artifact``: "a mandatory artifact is stale" (no playbook); freshness is
    §2.1's (``discipline.artifact_states``).
    """
    stale = [
        s.artifact.label
        for s in facts.states.values()
        if s.mandatory and s.status is ArtifactStatus.STALE
    ]
    if stale:
        return Hit("Stale: " + first_few(stale, 7))
    return None


def _alert_order(rule: Rule) -> int:
    return list(AlertCode).index(AlertCode(rule.code))


# The alert rules (those of ``engine.coverage`` included), in the order of ``AlertCode``.
ALERT_RULES: tuple[Rule, ...] = tuple(sorted(declared(ALERT), key=_alert_order))
