"""Artifact discipline (DOMAIN.md §2.1): is each artifact missing, incomplete, complete or stale?

Each ``*_criteria`` rule (declared in ``engine.rules``) takes an artifact's completeness check
(``engine.completeness``) and adds its freshness; ``artifact_states`` runs the rules and adds
whether the segment makes the artifact mandatory, and ``discipline_score`` turns that into the
account's percentage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from csm_desk.engine.completeness import (
    onboarding_ended,
    onboarding_status,
    qbr_cadence_days,
    qbr_status,
    recap_status,
    renewal_plan_due,
    renewal_plan_status,
    renewal_plan_window,
    risk_register_status,
    stakeholder_map_status,
    success_plan_status,
)
from csm_desk.engine.facts import AccountFacts
from csm_desk.engine.rules import Rule, RuleKind, declare, declared
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Artifact, ArtifactStatus, Segment
from csm_desk.engine.wording import date_words

__all__ = [
    "DISCIPLINE_RULES",
    "FRESHNESS_KEYS",
    "ArtifactState",
    "Verdict",
    "artifact_states",
    "discipline_score",
    "export_gaps",
    "onboarding_ended",
    "onboarding_status",
    "qbr_cadence_days",
    "qbr_status",
    "recap_status",
    "renewal_plan_due",
    "renewal_plan_status",
    "renewal_plan_window",
    "risk_register_status",
    "stakeholder_map_status",
    "success_plan_status",
]

FRESHNESS_KEYS: Mapping[Artifact, str] = MappingProxyType(
    {
        Artifact.ONBOARDING_PLAN: "fresh_onboarding_days",
        Artifact.SUCCESS_PLAN: "fresh_success_plan_days",
        Artifact.STAKEHOLDER_MAP: "fresh_stakeholder_map_days",
        Artifact.RECAP: "fresh_recap_days",
        Artifact.RISK_REGISTER: "fresh_risk_register_days",
        Artifact.RENEWAL_PLAN: "fresh_renewal_plan_days",
    }
)


@dataclass(frozen=True)
class ArtifactState:
    """One artifact of one account.

    Attributes:
        unmet: each completeness criterion not met, in words (empty when complete).
        stale_reason: why a complete artifact is stale.
        mandatory: the account's segment requires it.
        last_updated: when it was last edited, if known.
    """

    artifact: Artifact
    status: ArtifactStatus
    unmet: tuple[str, ...]
    mandatory: bool
    last_updated: dt.date | None
    stale_reason: str | None = None

    @property
    def shown(self) -> bool:
        """A non-mandatory artifact is only shown when present."""
        return self.mandatory or self.status not in (ArtifactStatus.MISSING, ArtifactStatus.NOT_DUE)

    @property
    def counts(self) -> bool:
        """Counts toward the discipline score: mandatory and required by now."""
        return self.mandatory and self.status is not ArtifactStatus.NOT_DUE

    def describe(self) -> str:
        """Status in words, with the reasons."""
        if self.status is ArtifactStatus.INCOMPLETE:
            return "Incomplete: " + "; ".join(self.unmet)
        if self.status is ArtifactStatus.STALE and self.stale_reason:
            return "Stale: " + self.stale_reason
        return self.status.label


def export_gaps(
    account: AccountFacts,
    artifact: Artifact,
    segment: Segment,
    as_of: dt.date,
    settings: BookSettings,
) -> tuple[ArtifactStatus, tuple[str, ...]]:
    """Whether ``artifact`` is fit to go out to the customer, before it is exported.

    Returns its status and, when that is missing or incomplete, every completeness criterion
    not met (for a missing artifact too, which ``artifact_states`` leaves unworded): a sparse
    account's success plan is ``(missing, ("no business objective", …, "review cadence not
    set"))``. A complete or stale artifact has no gaps.
    """
    state = artifact_states(account, segment, as_of, settings)[artifact]
    if state.status is ArtifactStatus.INCOMPLETE:
        return state.status, state.unmet
    if state.status is not ArtifactStatus.MISSING:
        return state.status, ()
    if artifact is Artifact.ONBOARDING_PLAN:
        unmet = onboarding_status(account)[1]
    elif artifact is Artifact.SUCCESS_PLAN:
        unmet = success_plan_status(account)[1]
    elif artifact is Artifact.STAKEHOLDER_MAP:
        unmet = stakeholder_map_status(account, segment, as_of)[1]
    elif artifact is Artifact.RECAP:
        unmet = ["no meeting held yet"]
    elif artifact is Artifact.RISK_REGISTER:
        unmet = ["no risk logged and the register never reviewed"]
    elif artifact is Artifact.QBR:
        unmet = qbr_status(account, segment, as_of, settings)[1]
    else:
        unmet = ["no renewal plan started"]
    return state.status, tuple(unmet)


def _last_updated(account: AccountFacts, artifact: Artifact, as_of: dt.date) -> dt.date | None:
    touched = account.touched.get(artifact)
    if touched is None:
        return None
    return min(touched.date(), as_of)


class Verdict(NamedTuple):
    """One artifact's criteria as of a day: whether it exists, every unmet criterion, why a
    complete one is stale, and whether it is not required yet."""

    present: bool
    unmet: list[str]
    stale_reason: str | None = None
    not_due: bool = False


DISCIPLINE = RuleKind.DISCIPLINE


def _fresh(
    account: AccountFacts, artifact: Artifact, as_of: dt.date, settings: BookSettings
) -> str | None:
    """Why ``artifact`` is stale by its freshness setting (``FRESHNESS_KEYS``), if it is."""
    last = _last_updated(account, artifact, as_of)
    return _age_reason(last, as_of, settings.days(FRESHNESS_KEYS[artifact]))


@declare(
    DISCIPLINE,
    Artifact.ONBOARDING_PLAN,
    "§2.1",
    settings=("onboarding_min_milestones", "fresh_onboarding_days"),
)
def onboarding_plan_criteria(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> Verdict:
    """Onboarding plan: ≥ 3 milestones, owners on both sides, all dated, "live" defined, a
    first-value milestone; fresh for 30 days until onboarding ends.

    DOMAIN.md §2.1: "onboarding_plan | ≥3 milestones; owners on both sides (≥1 vendor, ≥1
    customer); every milestone has a due date; "live" defined; a first-value milestone exists |
    until onboarding ends, 30 days" (``onboarding_status``, ``onboarding_ended``).
    """
    present, unmet = onboarding_status(account, settings)
    stale = None
    if not onboarding_ended(account, as_of):
        stale = _fresh(account, Artifact.ONBOARDING_PLAN, as_of, settings)
    return Verdict(present, unmet, stale)


@declare(DISCIPLINE, Artifact.SUCCESS_PLAN, "§2.1", settings=("fresh_success_plan_days",))
def success_plan_criteria(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> Verdict:
    """Success plan: an objective, a KPI with baseline, target and by-when, a milestone with
    owner and date, a review cadence; fresh for 90 days.

    DOMAIN.md §2.1: "success_plan | ≥1 objective; ≥1 KPI with baseline, target and by-when; ≥1
    milestone with owner and date; review cadence set | 90 days" (``success_plan_status``).
    """
    present, unmet = success_plan_status(account)
    return Verdict(present, unmet, _fresh(account, Artifact.SUCCESS_PLAN, as_of, settings))


@declare(
    DISCIPLINE,
    Artifact.STAKEHOLDER_MAP,
    "§2.1",
    settings=("stakeholder_map_min_high", "stakeholder_map_min_low", "fresh_stakeholder_map_days"),
)
def stakeholder_map_criteria(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> Verdict:
    """Stakeholder map: enough people, a champion, an economic buyer, everyone with role,
    influence and relationship strength; fresh for 90 days.

    DOMAIN.md §2.1: "stakeholder_map | ≥3 people (high touch) / ≥2 (low touch); a champion; an
    economic buyer; every person has role, influence and relationship strength | 90 days"
    (``stakeholder_map_status``).
    """
    present, unmet = stakeholder_map_status(account, segment, as_of, settings)
    return Verdict(present, unmet, _fresh(account, Artifact.STAKEHOLDER_MAP, as_of, settings))


@declare(DISCIPLINE, Artifact.RECAP, "§2.1", settings=("recap_window_days", "fresh_recap_days"))
def recap_criteria(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> Verdict:
    """Recaps: every recent meeting has a decision or action item, every action item an owner
    and a due date; stale 14 days after a meeting with no recap since.

    DOMAIN.md §2.1: "recap | every meeting in the last 90 days has ≥1 decision or action item,
    and every action item has an owner and a due date | 14 days after a meeting"
    (``recap_status``, ``_recap_stale``).
    """
    present, unmet = recap_status(account, as_of, settings)
    last = _last_updated(account, Artifact.RECAP, as_of)
    return Verdict(present, unmet, _recap_stale(account, last, as_of, settings))


@declare(DISCIPLINE, Artifact.RISK_REGISTER, "§2.1", settings=("fresh_risk_register_days",))
def risk_register_criteria(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> Verdict:
    """Risk register: every open risk fully described and not past its reassess date; fresh
    for 30 days.

    DOMAIN.md §2.1: "risk_register | every open risk has statement, evidence, severity, owner,
    next action, reassess date; no open risk is past its reassess date | 30 days"
    (``risk_register_status``).
    """
    present, unmet = risk_register_status(account, as_of)
    return Verdict(present, unmet, _fresh(account, Artifact.RISK_REGISTER, as_of, settings))


@declare(
    DISCIPLINE, Artifact.QBR, "§2.1", settings=("qbr_cadence_days_high", "qbr_cadence_days_low")
)
def qbr_criteria(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> Verdict:
    """QBR / EBR: a review delivered within the cadence with goals recap, outcomes, risks and
    decisions; stale past the cadence.

    DOMAIN.md §2.1: "qbr | a review (QBR or EBR) delivered within the cadence (high touch: 92
    days; low touch: 183 days), with goals recap, outcomes, risks and decisions | cadence"
    (``qbr_status``).
    """
    present, unmet, stale = qbr_status(account, segment, as_of, settings)
    return Verdict(present, unmet, stale)


@declare(
    DISCIPLINE,
    Artifact.RENEWAL_PLAN,
    "§2.1",
    settings=("renewal_plan_days_high", "renewal_plan_days_low", "fresh_renewal_plan_days"),
)
def renewal_plan_criteria(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> Verdict:
    """Renewal plan: required from 120 days (high touch) / 90 before the renewal; approvers, a
    value proof point, next steps with owners; fresh for 30 days once required.

    DOMAIN.md §2.1: "renewal_plan | exists once the renewal is ≤120 days away (high touch) /
    ≤90 (low touch); has approvers, ≥1 value proof point, next steps with owners | 30 days"
    (``renewal_plan_status``, ``renewal_plan_due``).
    """
    present, unmet = renewal_plan_status(account)
    if not renewal_plan_due(account, segment, as_of, settings):
        return Verdict(present, unmet, None, not_due=True)
    return Verdict(present, unmet, _fresh(account, Artifact.RENEWAL_PLAN, as_of, settings))


# The discipline rule of each artifact.
DISCIPLINE_RULES: Mapping[Artifact, Rule] = MappingProxyType(
    {Artifact(r.code): r for r in declared(DISCIPLINE)}
)


def artifact_states(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> dict[Artifact, ArtifactState]:
    """The status of all seven artifacts of an account as of ``as_of``: each declared
    discipline rule, with whether the segment makes the artifact mandatory."""
    states: dict[Artifact, ArtifactState] = {}
    for artifact in Artifact:
        verdict: Verdict = DISCIPLINE_RULES[artifact].check(account, segment, as_of, settings)
        unmet = verdict.unmet
        if not verdict.present:
            status = ArtifactStatus.NOT_DUE if verdict.not_due else ArtifactStatus.MISSING
            unmet = []
        elif unmet:
            status = ArtifactStatus.INCOMPLETE
        elif verdict.stale_reason:
            status = ArtifactStatus.STALE
        else:
            status = ArtifactStatus.COMPLETE
        states[artifact] = ArtifactState(
            artifact,
            status,
            tuple(unmet),
            settings.is_mandatory(segment, artifact),
            _last_updated(account, artifact, as_of),
            verdict.stale_reason if status is ArtifactStatus.STALE else None,
        )
    return states


def _age_reason(last: dt.date | None, as_of: dt.date, days: int) -> str | None:
    if last is None:
        return None
    age = (as_of - last).days
    return f"last updated {age} days ago (fresh for {days})" if age > days else None


def _recap_stale(
    account: AccountFacts, last: dt.date | None, as_of: dt.date, settings: BookSettings
) -> str | None:
    """A recap is stale when the latest meeting is over 14 days past and the recaps have not
    been updated since it took place."""
    meetings = [m for m in account.meetings if m.date <= as_of]
    if not meetings or last is None:
        return None
    latest = max(m.date for m in meetings)
    grace = settings.days("fresh_recap_days")
    if (as_of - latest).days > grace and last < latest:
        return f"no recap written since the meeting of {date_words(latest)}"
    return None


def discipline_score(states: Mapping[Artifact, ArtifactState]) -> float | None:
    """Complete (not stale) mandatory artifacts ÷ mandatory artifacts required by now, in %."""
    counted = [s for s in states.values() if s.counts]
    if not counted:
        return None
    complete = sum(1 for s in counted if s.status is ArtifactStatus.COMPLETE)
    return complete / len(counted) * 100
