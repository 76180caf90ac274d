"""Who at the customer counts for a rule: current people, engaged stakeholders, recent departures.

One definition of each, shared by the health score (§3.1), the alerts (§7) and the coverage
gaps beside the stakeholder map.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from csm_desk.engine.facts import StakeholderFacts
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Role


def current_people(people: Iterable[StakeholderFacts], as_of: dt.date) -> list[StakeholderFacts]:
    """The people still at the customer on ``as_of`` (departed ones count for nothing else)."""
    return [p for p in people if not p.departed_by(as_of)]


def days_since_contact(person: StakeholderFacts, as_of: dt.date) -> int | None:
    """Days from ``person``'s latest two-way contact (their last contact or a meeting they
    attended) to ``as_of``; None when never contacted."""
    last = person.last_contact(as_of)
    return None if last is None else (as_of - last).days


def engaged_people(
    people: Iterable[StakeholderFacts], as_of: dt.date, settings: BookSettings
) -> list[StakeholderFacts]:
    """The engaged stakeholders: current people contacted within ``engaged_window_days``.

    DOMAIN.md §3.1: "number of engaged stakeholders (contact in last 90 days)". At exactly 90
    days a person is still engaged; at 91 no longer.
    """
    window = settings.days("engaged_window_days")
    return [
        p
        for p in current_people(people, as_of)
        if (d := days_since_contact(p, as_of)) is not None and d <= window
    ]


def departed_champions(
    people: Iterable[StakeholderFacts], as_of: dt.date, settings: BookSettings
) -> list[StakeholderFacts]:
    """Champions who left within the last ``champion_left_days`` (a departure with no date
    counts as recent): the news the ``champion_left`` alert and the ``champion_departed`` gap
    report."""
    news_for = settings.days("champion_left_days")
    return [
        p
        for p in people
        if p.departed_by(as_of)
        and Role.CHAMPION in p.roles
        and (p.departed_on is None or (as_of - p.departed_on).days <= news_for)
    ]
