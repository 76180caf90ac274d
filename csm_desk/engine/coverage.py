"""Gaps in an account's stakeholder coverage, as listed beside the stakeholder map.

Each finding names the people it is about, so the map can select them. The rules, with their
defaults from the book's settings:

- ``no_champion``: high or low touch, and no current (not departed) champion — the same rule
  as the ``no_champion`` alert. When a champion left recently it is ``champion_departed``
  (red) instead, as the alerts report ``champion_left``.
- ``no_economic_buyer``: high or low touch, and no current economic buyer.
- ``champion_departed``: a champion who left within the last ``champion_left_days`` (180)
  days, as for the ``champion_left`` alert. Red when no current champion remains, amber while
  another champion carries on.
- ``single_threaded``: high touch, and fewer than ``single_threaded_min`` (3) current people
  contacted within ``engaged_window_days`` (90). The people concerned are the engaged ones:
  the threads the relationship hangs by.
- ``blocker_unaddressed``: a current person with the blocker role whom neither an open risk
  of category *stakeholder* names (in its statement, evidence or next action) nor an open next
  step of the renewal plan names or is owned by. "Names" means the person's full name appears,
  ignoring case and spacing. A blocker with no risk and no plan is an objection nobody is
  working on.
- ``not_contacted``: current people whose latest two-way contact (their last contact, or a
  meeting they attended) is more than ``not_contacted_days`` (90) ago, or who were never
  contacted.

Departed people count for nothing but ``champion_departed``. Findings come red first, then in
the order above.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import nonmember

from csm_desk.engine.facts import RenewalPlanFacts, RiskFacts, StakeholderFacts
from csm_desk.engine.settings import BookSettings, default_days
from csm_desk.engine.vocab import AlertSeverity, RiskCategory, Role, Segment, Vocab
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


def coverage_findings(
    people: Sequence[StakeholderFacts],
    risks: Sequence[RiskFacts],
    plan: RenewalPlanFacts | None,
    segment: Segment,
    as_of: dt.date,
    settings: BookSettings,
) -> list[CoverageFinding]:
    """Every coverage gap of one account as of ``as_of`` (rules in the module docstring).

    Worked example (defaults, low touch): a departed champion Priya, a current champion Aisha
    contacted last week and an economic buyer Marcus last contacted 110 days ago give
    ``champion_departed`` (amber, Priya) and ``not_contacted`` (Marcus), nothing else.
    """
    ordered = sorted(people, key=lambda p: p.id)
    current = [p for p in ordered if not p.departed_by(as_of)]
    touch = segment in (Segment.HIGH_TOUCH, Segment.LOW_TOUCH)
    red, amber = AlertSeverity.RED, AlertSeverity.AMBER
    found: list[CoverageFinding] = []

    champions = [p for p in current if Role.CHAMPION in p.roles]
    news_for = settings.days("champion_left_days")
    left = [
        p
        for p in ordered
        if Role.CHAMPION in p.roles
        and p.departed_by(as_of)
        and (p.departed_on is None or (as_of - p.departed_on).days <= news_for)
    ]
    if touch and not champions and not left:
        found.append(CoverageFinding(Gap.NO_CHAMPION, amber, "No current champion is mapped"))
    if left:
        when = ", ".join(
            f"{p.name} ({'on ' + date_words(p.departed_on) if p.departed_on else 'date unknown'})"
            for p in left
        )
        if champions:
            rest = f"; {_who(champions)} still champions the account"
            severity = amber
        else:
            rest = "; no champion remains"
            severity = red
        found.append(
            CoverageFinding(Gap.CHAMPION_DEPARTED, severity, f"Left: {when}{rest}", _ids(left))
        )

    if touch and not any(Role.ECONOMIC_BUYER in p.roles for p in current):
        found.append(CoverageFinding(Gap.NO_ECONOMIC_BUYER, amber, "No economic buyer is mapped"))

    if segment is Segment.HIGH_TOUCH:
        window = settings.days("engaged_window_days")
        needed = settings.days("single_threaded_min")
        engaged = [p for p in current if (d := _days_since(p, as_of)) is not None and d <= window]
        if len(engaged) < needed:
            who = f": {_who(engaged)}" if engaged else ""
            found.append(
                CoverageFinding(
                    Gap.SINGLE_THREADED,
                    amber,
                    f"{_people_word(len(engaged))} engaged in {window} days, {needed} needed{who}",
                    _ids(engaged),
                )
            )

    blockers = [
        p for p in current if Role.BLOCKER in p.roles and not blocker_addressed(p, risks, plan)
    ]
    if blockers:
        found.append(
            CoverageFinding(
                Gap.BLOCKER_UNADDRESSED,
                amber,
                f"{_who(blockers)}: no open stakeholder risk or renewal next step names "
                + ("them" if len(blockers) > 1 else "this person"),
                _ids(blockers),
            )
        )

    limit = settings.days("not_contacted_days")
    quiet = [p for p in current if not_contacted(p, as_of, limit)]
    if quiet:
        found.append(
            CoverageFinding(
                Gap.NOT_CONTACTED,
                amber,
                f"{_people_word(len(quiet))} not contacted in {limit} days: {_who(quiet)}",
                _ids(quiet),
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
    since = _days_since(person, as_of)
    return since is None or since > days


def _days_since(person: StakeholderFacts, as_of: dt.date) -> int | None:
    last = person.last_contact(as_of)
    return None if last is None else (as_of - last).days


def _ids(people: Iterable[StakeholderFacts]) -> tuple[int, ...]:
    return tuple(p.id for p in people)
