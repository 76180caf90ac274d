"""Gaps in an account's stakeholder coverage, as listed beside the stakeholder map.

Each gap is a rule declared below (``engine.rules``); each finding names the people it is
about, so the map can select them. ``no_champion``, ``no_economic_buyer`` and
``single_threaded`` are the alerts of the same codes (one function, declared as both).
``blocker_unaddressed``: a current person with the blocker role whom neither an open risk of
category *stakeholder* names (in its statement, evidence or next action) nor an open next step
of the renewal plan names or is owned by; "names" means the person's full name appears,
ignoring case and spacing. Departed people count for nothing but ``champion_departed``.
Findings come red first, then in the order of ``Gap``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import nonmember
from functools import cached_property

from csm_desk.engine.facts import RenewalPlanFacts, RiskFacts, StakeholderFacts
from csm_desk.engine.people import (
    current_people,
    days_since_contact,
    departed_champions,
    engaged_people,
)
from csm_desk.engine.rules import Hit, Rule, RuleKind, declare, declared
from csm_desk.engine.settings import BookSettings, default_days
from csm_desk.engine.vocab import (
    AlertCode,
    AlertSeverity,
    Area,
    RiskCategory,
    Role,
    Segment,
    Vocab,
)
from csm_desk.engine.wording import date_words


class Gap(Vocab):
    """A kind of coverage gap, in the order the panel lists them."""

    NO_CHAMPION = "no_champion"
    NO_ECONOMIC_BUYER = "no_economic_buyer"
    CHAMPION_DEPARTED = "champion_departed"
    SINGLE_THREADED = "single_threaded"
    BLOCKER_UNADDRESSED = "blocker_unaddressed"
    NOT_CONTACTED = "not_contacted"

    _LABELS = nonmember(
        {
            "no_champion": "No champion",
            "no_economic_buyer": "No economic buyer",
            "champion_departed": "Champion departed",
            "single_threaded": "Single-threaded",
            "blocker_unaddressed": "Blocker without a risk or plan",
            "not_contacted": "Not contacted recently",
        }
    )


_ORDER = {gap: index for index, gap in enumerate(Gap)}
_RANK = {AlertSeverity.RED: 0, AlertSeverity.AMBER: 1}


@dataclass(frozen=True)
class CoverageFinding:
    """One gap: what it is, how serious, a sentence about it, and the people it concerns.

    Attributes:
        people: ids of the stakeholders concerned, in map order (empty when the gap is an
            absence, such as no champion).
    """

    gap: Gap
    severity: AlertSeverity
    message: str
    people: tuple[int, ...] = ()


def _normalised(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def names(person: StakeholderFacts, texts: Iterable[str | None]) -> bool:
    """Whether any of ``texts`` contains ``person``'s full name (ignoring case and spacing).

    >>> p = StakeholderFacts(1, "Greg  Halvorsen", None, frozenset(), None, None, None, False,
    ...                      None, ())
    >>> names(p, ["Walk greg halvorsen through it"]), names(p, ["Greg's questionnaire"])
    (True, False)
    """
    name = _normalised(person.name)
    if not name:
        return False
    pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
    return any(pattern.search(_normalised(t)) for t in texts)


def blocker_addressed(
    person: StakeholderFacts, risks: Sequence[RiskFacts], plan: RenewalPlanFacts | None
) -> bool:
    """An open stakeholder risk names ``person``, or an open renewal next step names them or is
    theirs."""
    for risk in risks:
        if (
            risk.open
            and risk.category == RiskCategory.STAKEHOLDER
            and names(person, (risk.statement, risk.evidence, risk.next_action))
        ):
            return True
    if plan is not None:
        for step in plan.next_steps:
            if not step.done and names(person, (step.action, step.owner)):
                return True
    return False


def _who(people: Sequence[StakeholderFacts], limit: int = 3) -> str:
    shown = ", ".join(p.name for p in people[:limit])
    return shown + (f" and {len(people) - limit} more" if len(people) > limit else "")


def _people_word(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


@dataclass(frozen=True)
class PeopleFacts:
    """What the stakeholder rules look at: an account's people, risks and renewal plan as of a
    day, with its segment and settings (``engine.alerts.AlertFacts`` adds the rest).

    Attributes:
        people: every mapped person, departed ones included, in map order (by id).
    """

    people: tuple[StakeholderFacts, ...]
    risks: tuple[RiskFacts, ...]
    plan: RenewalPlanFacts | None
    segment: Segment
    as_of: dt.date
    settings: BookSettings

    @property
    def touch(self) -> bool:
        """High or low touch (the segments §7's stakeholder alerts are for)."""
        return self.segment in (Segment.HIGH_TOUCH, Segment.LOW_TOUCH)

    @cached_property
    def current(self) -> list[StakeholderFacts]:
        return current_people(self.people, self.as_of)

    @cached_property
    def champions(self) -> list[StakeholderFacts]:
        return [p for p in self.current if Role.CHAMPION in p.roles]

    @cached_property
    def departed_champions(self) -> list[StakeholderFacts]:
        return departed_champions(self.people, self.as_of, self.settings)


RED, AMBER = AlertSeverity.RED, AlertSeverity.AMBER
COVERAGE, ALERT = RuleKind.COVERAGE, RuleKind.ALERT
MAPPING = "Stakeholder mapping"


@declare(
    COVERAGE,
    Gap.NO_CHAMPION,
    "§7",
    settings=("champion_left_days",),
    severities=(AMBER,),
    playbook=f"{MAPPING}: find and confirm a champion",
)
@declare(
    ALERT,
    AlertCode.NO_CHAMPION,
    "§7",
    settings=("champion_left_days",),
    severities=(AMBER,),
    playbook=f"{MAPPING}: find and confirm a champion",
    area=Area.STAKEHOLDERS,
)
def no_champion(facts: PeopleFacts) -> Hit | None:
    """High or low touch, and no current champion.

    DOMAIN.md §7 ``no_champion``: "high or low touch and no current champion" → "stakeholder
    mapping". A champion who left within ``champion_left_days`` (180) is reported as
    ``champion_left`` (and the ``champion_departed`` gap) instead.
    """
    if facts.touch and not facts.champions and not facts.departed_champions:
        return Hit("No current champion is mapped")
    return None


@declare(
    COVERAGE,
    Gap.NO_ECONOMIC_BUYER,
    "§7",
    severities=(AMBER,),
    playbook=f"{MAPPING}: identify the economic buyer",
)
@declare(
    ALERT,
    AlertCode.NO_ECONOMIC_BUYER,
    "§7",
    severities=(AMBER,),
    playbook=f"{MAPPING}: identify the economic buyer",
    area=Area.STAKEHOLDERS,
)
def no_economic_buyer(facts: PeopleFacts) -> Hit | None:
    """High or low touch, and no current economic buyer.

    DOMAIN.md §7 ``no_economic_buyer``: "high or low touch and no economic buyer mapped" →
    "stakeholder mapping".
    """
    if facts.touch and not any(Role.ECONOMIC_BUYER in p.roles for p in facts.current):
        return Hit("No economic buyer is mapped")
    return None


@declare(
    COVERAGE,
    Gap.CHAMPION_DEPARTED,
    "§7",
    settings=("champion_left_days",),
    severities=(AMBER, RED),
    playbook="Champion departure",
)
def champion_departed(facts: PeopleFacts) -> Hit | None:
    """A champion left within the last ``champion_left_days`` (180) days.

    DOMAIN.md §7 ``champion_left``: "a champion is marked as departed" → "champion departure
    (document, interim contact, exec outreach, re-map)". Beside the map it is red when no
    current champion remains (as the alert) and amber while another champion carries on.
    """
    left = facts.departed_champions
    if not left:
        return None
    when = ", ".join(
        f"{p.name} ({'on ' + date_words(p.departed_on) if p.departed_on else 'date unknown'})"
        for p in left
    )
    if facts.champions:
        return Hit(
            f"Left: {when}; {_who(facts.champions)} still champions the account",
            severity=AMBER,
            people=_ids(left),
        )
    return Hit(f"Left: {when}; no champion remains", severity=RED, people=_ids(left))


@declare(
    COVERAGE,
    Gap.SINGLE_THREADED,
    "§7",
    settings=("engaged_window_days", "single_threaded_min"),
    severities=(AMBER,),
    playbook="Multi-threading: build relationships beyond one contact",
)
@declare(
    ALERT,
    AlertCode.SINGLE_THREADED,
    "§7",
    settings=("engaged_window_days", "single_threaded_min"),
    severities=(AMBER,),
    playbook="Multi-threading: build relationships beyond one contact",
    area=Area.STAKEHOLDERS,
)
def single_threaded(facts: PeopleFacts) -> Hit | None:
    """High touch, and fewer than ``single_threaded_min`` (3) engaged stakeholders.

    DOMAIN.md §7 ``single_threaded``: "high touch and < 3 engaged stakeholders" →
    "multi-threading"; §3.1: engaged means "contact in last 90 days" (``engaged_window_days``).
    The people concerned are the engaged ones: the threads the relationship hangs by.
    """
    if facts.segment is not Segment.HIGH_TOUCH:
        return None
    window = facts.settings.days("engaged_window_days")
    needed = facts.settings.days("single_threaded_min")
    threads = engaged_people(facts.people, facts.as_of, facts.settings)
    if len(threads) >= needed:
        return None
    who = f": {_who(threads)}" if threads else ""
    return Hit(
        f"{_plural(len(threads), 'engaged stakeholder')} in {window} days; {needed} needed",
        people=_ids(threads),
        listing=f"{_people_word(len(threads))} engaged in {window} days, {needed} needed{who}",
    )


@declare(
    COVERAGE,
    Gap.BLOCKER_UNADDRESSED,
    "§2",
    severities=(AMBER,),
    playbook="Log a stakeholder risk or a renewal next step that names the blocker",
)
def blocker_unaddressed(facts: PeopleFacts) -> Hit | None:
    """A current blocker whom no open stakeholder risk and no open renewal next step names.

    DOMAIN.md §2: the stakeholder map holds each person's "stance" and "role in
    renewal/expansion decision"; the renewal plan its "risks and objections". A blocker with
    neither a risk nor a plan step is an objection nobody is working on.
    """
    blockers = [
        p
        for p in facts.current
        if Role.BLOCKER in p.roles and not blocker_addressed(p, facts.risks, facts.plan)
    ]
    if not blockers:
        return None
    return Hit(
        f"{_who(blockers)}: no open stakeholder risk or renewal next step names "
        + ("them" if len(blockers) > 1 else "this person"),
        people=_ids(blockers),
    )


@declare(
    COVERAGE,
    Gap.NOT_CONTACTED,
    "§3.1",
    settings=("not_contacted_days",),
    severities=(AMBER,),
    playbook="Reach out",
)
def not_contacted_people(facts: PeopleFacts) -> Hit | None:
    """Current people not contacted within ``not_contacted_days`` (90), or never.

    DOMAIN.md §3.1: an engaged stakeholder is one with "contact in last 90 days"; §3.2: "Contact
    dates come from stakeholders' last contact and from meetings they attended".
    """
    limit = facts.settings.days("not_contacted_days")
    quiet = [p for p in facts.current if not_contacted(p, facts.as_of, limit)]
    if not quiet:
        return None
    return Hit(
        f"{_people_word(len(quiet))} not contacted in {limit} days: {_who(quiet)}",
        people=_ids(quiet),
    )


# The coverage rules, in the order of ``Gap``.
COVERAGE_RULES: tuple[Rule, ...] = tuple(
    sorted(declared(RuleKind.COVERAGE), key=lambda r: _ORDER[Gap(r.code)])
)


def coverage_findings(
    people: Sequence[StakeholderFacts],
    risks: Sequence[RiskFacts],
    plan: RenewalPlanFacts | None,
    segment: Segment,
    as_of: dt.date,
    settings: BookSettings,
) -> list[CoverageFinding]:
    """Every coverage gap of one account as of ``as_of`` (the coverage rules declared above).

    Worked example (defaults, low touch): a departed champion Priya, a current champion Aisha
    contacted last week and an economic buyer Marcus last contacted 110 days ago give
    ``champion_departed`` (amber, Priya) and ``not_contacted`` (Marcus), nothing else.
    """
    facts = PeopleFacts(
        tuple(sorted(people, key=lambda p: p.id)), tuple(risks), plan, segment, as_of, settings
    )
    found: list[CoverageFinding] = []
    for rule in COVERAGE_RULES:
        hit: Hit | None = rule.check(facts)
        if hit is not None:
            found.append(
                CoverageFinding(
                    Gap(rule.code),
                    hit.severity or rule.severities[0],
                    hit.listing or hit.message,
                    hit.people,
                )
            )
    return sorted(found, key=lambda f: (_RANK[f.severity], _ORDER[f.gap]))


# Role badges on a stakeholder card, most decisive roles first (the canvas and the printed map).
ROLE_BADGES: tuple[tuple[Role, str], ...] = (
    (Role.CHAMPION, "Champion"),
    (Role.ECONOMIC_BUYER, "Economic buyer"),
    (Role.EXECUTIVE_SPONSOR, "Exec sponsor"),
    (Role.BLOCKER, "Blocker"),
    (Role.TECHNICAL_OWNER, "Tech owner"),
    (Role.INFLUENCER, "Influencer"),
    (Role.INTERNAL_ALLY, "Internal ally"),
    (Role.END_USER, "End user"),
)
NOT_CONTACTED_DAYS = default_days("not_contacted_days")


def not_contacted(person: StakeholderFacts, as_of: dt.date, days: int = NOT_CONTACTED_DAYS) -> bool:
    """Still at the customer and not contacted in the last ``days`` days (or never)."""
    if person.departed_by(as_of):
        return False
    since = days_since_contact(person, as_of)
    return since is None or since > days


def _ids(found: Iterable[StakeholderFacts]) -> tuple[int, ...]:
    return tuple(p.id for p in found)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
