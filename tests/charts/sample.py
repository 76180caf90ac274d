"""A small book built from engine facts by hand: varied health, renewals, artifacts and people.

Health history is made the way the writer makes it: the account's facts at each day, scored
with ``score_health`` and recorded with ``snapshot_of``, so every snapshot carries its detail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import MappingProxyType

from csm_desk.engine.book import score_book
from csm_desk.engine.facts import (
    AccountFacts,
    ArrEventFacts,
    BookFacts,
    KpiFacts,
    LinkFacts,
    MeetingFacts,
    Override,
    Reading,
    RiskFacts,
    SnapshotFacts,
    StakeholderFacts,
)
from csm_desk.engine.health import score_health, snapshot_of
from csm_desk.engine.segments import base_segment
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Artifact, Component, Role
from csm_desk.engine.vocab import SignalKey as K

TODAY = dt.date(2026, 11, 22)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def person(
    pid: int,
    name: str,
    title: str | None,
    roles: set[Role],
    *,
    influence: int | None = 3,
    strength: int | None = 3,
    stance: str | None = "neutral",
    departed: bool = False,
    contact: int | None = -10,
) -> StakeholderFacts:
    return StakeholderFacts(
        pid,
        name,
        title,
        frozenset(roles),
        influence,
        strength,
        stance,
        departed,
        day(-40) if departed else None,
        () if contact is None else (day(contact),),
    )


FINTECH_PEOPLE = (
    person(
        1,
        "Dana Whitfield",
        "Chief Financial Officer",
        {Role.ECONOMIC_BUYER},
        influence=5,
        strength=2,
        stance="neutral",
        contact=-120,
    ),
    person(
        2,
        "Marcus Oyelaran",
        "VP Finance Operations",
        {Role.EXECUTIVE_SPONSOR},
        influence=4,
        strength=4,
        stance="supporter",
        contact=-20,
    ),
    person(
        3,
        "Priya Raman",
        "Head of Payments",
        {Role.CHAMPION},
        influence=4,
        strength=5,
        stance="supporter",
        departed=True,
        contact=-45,
    ),
    person(
        4,
        "Tom Becker",
        "Payments Team Lead",
        {Role.CHAMPION, Role.TECHNICAL_OWNER},
        influence=3,
        strength=3,
        stance="supporter",
        contact=-5,
    ),
    person(
        5,
        "Lena Fischer",
        "Senior Analyst",
        {Role.END_USER},
        influence=2,
        strength=3,
        stance="neutral",
        contact=-12,
    ),
    person(
        6,
        "Ravi Menon",
        "IT Security Manager",
        {Role.BLOCKER, Role.INFLUENCER},
        influence=4,
        strength=1,
        stance="resistant",
        contact=None,
    ),
    person(
        7,
        "Ana Costa",
        "Accounts Payable Clerk",
        {Role.END_USER},
        influence=1,
        strength=2,
        stance=None,
        contact=-100,
    ),
)
FINTECH_LINKS = (
    LinkFacts(2, 1, "reports_to"),
    LinkFacts(3, 2, "reports_to"),
    LinkFacts(4, 3, "reports_to"),
    LinkFacts(5, 4, "reports_to"),
    LinkFacts(7, 4, "reports_to"),
    LinkFacts(6, 1, "influences"),
    LinkFacts(6, 2, "reports_to"),
)

FINTECH_KPIS = (
    KpiFacts(
        1,
        "Days to close the books",
        "days",
        12,
        9,
        5,
        False,
        day(130),
        "ERP",
        (
            Reading(day(-200), 12),
            Reading(day(-120), 10),
            Reading(day(-60), 8),
            Reading(day(-10), 8),
        ),
    ),
    KpiFacts(
        2,
        "Invoices processed automatically",
        "%",
        35,
        50,
        80,
        True,
        day(40),
        "Product",
        (Reading(day(-150), 35), Reading(day(-90), 48), Reading(day(-30), 61)),
    ),
    KpiFacts(
        3,
        "Payment exceptions per month",
        None,
        140,
        150,
        60,
        False,
        day(-20),
        "Ops",
        (Reading(day(-100), 140), Reading(day(-50), 150)),
    ),
    KpiFacts(4, "Finance team NPS", None, 10, 42, 40, True, day(200), None, ()),
)


def _signals(
    utilization: float, logins: float, nps: float, tickets: float
) -> dict[K, tuple[Reading, ...]]:
    return {
        K.LICENSED_SEATS: (Reading(day(-400), 100),),
        K.ACTIVE_USERS: (Reading(day(-400), utilization),),
        K.LOGINS_PER_USER_MONTH: (Reading(day(-400), logins),),
        K.NPS: (Reading(day(-400), nps),),
        K.OPEN_HIGH_SEV_TICKETS: (Reading(day(-400), tickets),),
    }


def with_history(account: AccountFacts, settings: BookSettings, days: list[int]) -> AccountFacts:
    """Snapshots of the account's health on each of ``days`` (offsets from today)."""
    segment = base_segment(account, settings)
    snapshots: list[SnapshotFacts] = []
    for offset in days:
        health = score_health(account, segment, day(offset), settings)
        if health.score is not None:
            snapshots.append(snapshot_of(health))
    return replace(account, snapshots=tuple(snapshots))


def fintech(settings: BookSettings) -> AccountFacts:
    """The worked account: adoption dipped and the champion left; recovering now."""
    signals = {
        K.LICENSED_SEATS: (Reading(day(-400), 250),),
        K.ACTIVE_USERS: (
            Reading(day(-300), 210),
            Reading(day(-200), 220),
            Reading(day(-110), 150),
            Reading(day(-70), 120),
            Reading(day(-20), 175),
        ),
        K.LOGINS_PER_USER_MONTH: (
            Reading(day(-300), 22),
            Reading(day(-70), 9),
            Reading(day(-20), 14),
        ),
        K.FEATURES_IN_USE: (Reading(day(-300), 7),),
        K.KEY_FEATURES: (Reading(day(-300), 10),),
        K.NPS: (Reading(day(-250), 9), Reading(day(-60), 5)),
        K.CSAT: (Reading(day(-250), 5), Reading(day(-60), 3)),
        K.OPEN_HIGH_SEV_TICKETS: (
            Reading(day(-300), 0),
            Reading(day(-80), 3),
            Reading(day(-25), 1),
        ),
        K.TICKETS_30D: (Reading(day(-300), 8), Reading(day(-80), 25), Reading(day(-25), 10)),
        K.TICKETS_MONTHLY_AVG_90D: (
            Reading(day(-300), 9),
            Reading(day(-80), 10),
            Reading(day(-25), 14),
        ),
    }
    account = AccountFacts(
        id=1,
        name="Northwind Payments",
        crm_id="NW-1001",
        arr=180_000,
        contract_start=day(-700),
        renewal_date=day(48),
        lifecycle_stage="renewal",
        live_defined=True,
        has_success_vision=True,
        review_cadence="quarterly",
        objective_count=3,
        stakeholders=FINTECH_PEOPLE,
        links=FINTECH_LINKS,
        signals=MappingProxyType(signals),
        overrides=(Override(day(-15), Component.SENTIMENT, 55.0, "Exec call went well"),),
        kpis=FINTECH_KPIS,
        meetings=(MeetingFacts(1, day(-20), "check_in", "Recovery check-in", 2, (2, 4)),),
        risks=(
            RiskFacts(
                1,
                "Champion left",
                "stakeholder",
                "Priya left",
                "high",
                "CSM",
                "Map new champion",
                day(10),
                "open",
                day(-45),
                False,
            ),
        ),
        touched=MappingProxyType({Artifact.SUCCESS_PLAN: dt.datetime(2026, 11, 1, 9, 0)}),
    )
    return with_history(
        account, settings, [-300, -200, -110, -80, -70, -60, -45, -25, -20, -15, -1]
    )


def simple(
    aid: int,
    name: str,
    arr: float,
    renewal: int | None,
    signals: dict[K, tuple[Reading, ...]],
    *,
    churned: bool = False,
    history: list[int] | None = None,
) -> AccountFacts:
    return AccountFacts(
        id=aid,
        name=name,
        arr=0.0 if churned else arr,
        contract_start=day(-500),
        renewal_date=None if renewal is None else day(renewal),
        lifecycle_stage="adoption",
        signals=MappingProxyType(signals),
        arr_events=(
            (ArrEventFacts(dt.date(2025, 6, 1), "new", arr), ArrEventFacts(day(-30), "churn", arr))
            if churned
            else ()
        ),
    )


def sample_book() -> BookFacts:
    settings = BookSettings()
    accounts = [
        fintech(settings),
        simple(2, "Acme Logistics", 120_000, 20, _signals(90, 25, 9, 0)),
        simple(3, "Globex Retail", 60_000, 75, _signals(50, 8, 6, 1)),
        simple(4, "Initech", 40_000, -5, _signals(30, 3, 4, 2)),
        simple(5, "Umbrella Health", 250_000, 160, _signals(85, 15, 8, 0)),
        simple(6, "Hooli Cloud", 9_000, 200, _signals(15, 1, 2, 3)),
        simple(7, "Vandelay Imports", 12_000, 340, {}),
        simple(8, "Stark Components", 95_000, 110, _signals(70, 12, 7, 0)),
        simple(9, "Wayne Freight", 30_000, 50, _signals(5, 0, 0, 4)),
        simple(10, "Soylent Foods", 50_000, 90, _signals(80, 20, 9, 0), churned=True),
    ]
    return BookFacts(
        owner="Sam Carter", currency="USD", settings=settings, accounts=tuple(accounts)
    )


def sample_result():  # type: ignore[no-untyped-def]
    return score_book(sample_book(), TODAY)
