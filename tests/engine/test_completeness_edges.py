"""Edges of the artifact completeness checks (DOMAIN.md §2.1), one artifact at a time.

Each case sits where a criterion turns: a meeting or review dated the as-of day itself, a risk
whose reassess date is today, a go-live reached today, exactly three people with gaps, a KPI
missing only one of its three parts. The reasons are compared word for word: they are what the
CSM reads. Found by mutation testing (docs/mutation.md): each assertion fails on a mutant of
``engine.completeness`` that the other tests let through.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest

from csm_desk.engine import completeness as c
from csm_desk.engine.facts import (
    AccountFacts,
    ActionFacts,
    KpiFacts,
    MeetingFacts,
    MilestoneFacts,
    RenewalPlanFacts,
    ReviewFacts,
    RiskFacts,
    StakeholderFacts,
)
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Artifact, Role, Segment

AS_OF = dt.date(2026, 6, 30)
DAY = dt.timedelta(days=1)
SETTINGS = BookSettings()


def _account(**fields: object) -> AccountFacts:
    return AccountFacts(id=1, name="Acme", **fields)


def _milestone(
    mid: int = 1,
    *,
    status: str = "not_started",
    completed_on: dt.date | None = None,
    go_live: bool = False,
    owner_side: str | None = "vendor",
    owner_name: str | None = None,
    due: dt.date | None = AS_OF,
) -> MilestoneFacts:
    return MilestoneFacts(
        mid, "onboarding", f"M{mid}", owner_side, owner_name, due, status, False, go_live,
        completed_on,
    )  # fmt: skip


# --- onboarding ends at go-live --------------------------------------------------------------


@pytest.mark.parametrize(
    ("go_live", "ended"), [(AS_OF - DAY, True), (AS_OF, True), (AS_OF + DAY, False)]
)
def test_onboarding_ends_on_the_go_live_date(go_live: dt.date, ended: bool) -> None:
    assert c.onboarding_ended(_account(go_live_date=go_live), AS_OF) is ended


@pytest.mark.parametrize(
    ("milestone", "ended"),
    [
        (_milestone(go_live=True, status="complete", completed_on=AS_OF), True),
        (_milestone(go_live=True, status="complete", completed_on=AS_OF + DAY), False),
        (_milestone(go_live=True, status="in_progress"), False),
        (_milestone(go_live=False, status="complete", completed_on=AS_OF - DAY), False),
    ],
    ids=["go-live done today", "go-live done tomorrow", "go-live open", "another milestone done"],
)
def test_onboarding_ends_when_the_go_live_milestone_is_done(
    milestone: MilestoneFacts, ended: bool
) -> None:
    assert c.onboarding_ended(_account(milestones=(milestone,)), AS_OF) is ended


def test_onboarding_needs_a_milestone_owned_by_our_team() -> None:
    milestones = tuple(_milestone(i, owner_side="customer") for i in (1, 2, 3))
    _, unmet = c.onboarding_status(_account(milestones=milestones, live_defined=True))
    assert unmet == ["no milestone owned by our team", "no first-value milestone"]


# --- success plan ----------------------------------------------------------------------------


def _kpi(baseline: float | None, target: float | None, by_when: dt.date | None) -> KpiFacts:
    return KpiFacts(1, "Hours saved", None, baseline, None, target, True, by_when, None, ())


@pytest.mark.parametrize(
    "fields",
    [{"objective_count": 1}, {"kpis": (_kpi(None, None, None),)}, {"has_success_vision": True}],
    ids=["an objective", "a KPI", "a vision"],
)
def test_a_success_plan_exists_with_any_one_of_its_parts(fields: dict[str, object]) -> None:
    assert c.success_plan_status(_account(**fields))[0]


@pytest.mark.parametrize(
    ("kpi", "complete"),
    [
        (_kpi(10, 20, AS_OF), True),
        (_kpi(10, 20, None), False),  # no by-when date
        (_kpi(10, None, None), False),  # a baseline alone
        (_kpi(None, 20, AS_OF), False),  # no baseline
    ],
)
def test_a_success_plan_kpi_needs_baseline_target_and_by_when(
    kpi: KpiFacts, complete: bool
) -> None:
    account = _account(
        objective_count=1,
        kpis=(kpi,),
        milestones=(_milestone(owner_side=None, owner_name="Dana"),),
        review_cadence="quarterly",
    )
    expected = [] if complete else ["no KPI with a baseline, a target and a by-when date"]
    assert c.success_plan_status(account)[1] == expected


def test_a_success_plan_names_every_missing_part() -> None:
    account = _account(kpis=(_kpi(None, None, None),), milestones=(_milestone(due=None),))
    assert c.success_plan_status(account) == (
        True,
        [
            "no business objective",
            "no KPI with a baseline, a target and a by-when date",
            "no milestone with an owner and a due date",
            "review cadence not set",
        ],
    )


# --- stakeholder map -------------------------------------------------------------------------


def _person(
    pid: int,
    roles: frozenset[Role] = frozenset({Role.END_USER}),
    influence: int | None = 3,
    strength: int | None = 3,
) -> StakeholderFacts:
    return StakeholderFacts(pid, f"P{pid}", None, roles, influence, strength, None, False, None, ())


def test_the_stakeholder_map_needs_a_champion_among_the_people() -> None:
    people = (_person(1, frozenset({Role.ECONOMIC_BUYER})), _person(2))
    _, unmet = c.stakeholder_map_status(
        _account(stakeholders=people), Segment.LOW_TOUCH, AS_OF, SETTINGS
    )
    assert unmet == ["no champion"]


@pytest.mark.parametrize(
    ("person", "sparse"),
    [
        (_person(3), False),
        (_person(3, strength=None), True),
        (_person(3, influence=None), True),
        (_person(3, roles=frozenset()), True),
    ],
    ids=["all known", "no strength", "no influence", "no role"],
)
def test_everyone_on_the_map_needs_role_influence_and_strength(
    person: StakeholderFacts, sparse: bool
) -> None:
    people = (
        _person(1, frozenset({Role.CHAMPION})),
        _person(2, frozenset({Role.ECONOMIC_BUYER})),
        person,
    )
    _, unmet = c.stakeholder_map_status(
        _account(stakeholders=people), Segment.LOW_TOUCH, AS_OF, SETTINGS
    )
    assert unmet == (["role, influence or relationship strength missing for P3"] if sparse else [])


@pytest.mark.parametrize(
    ("count", "reason"),
    [
        (3, "role, influence or relationship strength missing for P1, P2, P3"),
        (4, "role, influence or relationship strength missing for P1, P2, P3 and 1 more"),
        (5, "role, influence or relationship strength missing for P1, P2, P3 and 2 more"),
    ],
)
def test_people_with_gaps_are_named_up_to_three(count: int, reason: str) -> None:
    people = tuple(_person(i, strength=None) for i in range(1, count + 1))
    _, unmet = c.stakeholder_map_status(
        _account(stakeholders=people), Segment.LOW_TOUCH, AS_OF, SETTINGS
    )
    assert unmet == ["no champion", "no economic buyer", reason]


# --- decision & action recap -----------------------------------------------------------------


def _meeting(mid: int, date: dt.date, decisions: int = 1) -> MeetingFacts:
    return MeetingFacts(mid, date, "check_in", None, decisions, ())


def _action(
    aid: int,
    meeting_id: int | None,
    *,
    owner: str | None = "Dana",
    due: dt.date | None = AS_OF,
    status: str = "open",
    completed_on: dt.date | None = None,
) -> ActionFacts:
    return ActionFacts(aid, meeting_id, "Send the deck", owner, due, status, completed_on)


def test_a_meeting_held_today_makes_the_recap_exist() -> None:
    assert c.recap_status(_account(meetings=(_meeting(1, AS_OF),)), AS_OF, SETTINGS) == (True, [])
    assert not c.recap_status(_account(meetings=(_meeting(1, AS_OF + DAY),)), AS_OF, SETTINGS)[0]


def test_recent_meetings_without_decisions_or_actions_are_counted() -> None:
    meetings = (_meeting(1, AS_OF, 0), _meeting(2, AS_OF - DAY, 0), _meeting(3, AS_OF, 0))
    actions = (_action(1, 3),)
    _, unmet = c.recap_status(_account(meetings=meetings, actions=actions), AS_OF, SETTINGS)
    assert unmet == ["2 recent meetings without a decision or action item"]


@pytest.mark.parametrize(
    ("action", "loose"),
    [
        (_action(1, 1, owner=None, status="done", completed_on=AS_OF - DAY), True),  # recent
        (_action(1, 9, owner=None), True),  # still open
        (_action(1, 9, due=None), True),  # an owner but no due date
        (_action(1, 9, owner=None, status="done", completed_on=AS_OF - DAY), False),  # old, done
        (_action(1, 9), False),
    ],
    ids=["recent meeting", "open", "no due date", "old and done", "owned and dated"],
)
def test_action_items_need_an_owner_and_a_due_date(action: ActionFacts, loose: bool) -> None:
    account = _account(meetings=(_meeting(1, AS_OF - DAY),), actions=(action,))
    _, unmet = c.recap_status(account, AS_OF, SETTINGS)
    assert unmet == (["1 action item without an owner or due date"] if loose else [])


def test_loose_action_items_are_counted() -> None:
    actions = (_action(1, None, owner=None), _action(2, None, due=None), _action(3, None))
    _, unmet = c.recap_status(_account(actions=actions), AS_OF, SETTINGS)
    assert unmet == ["2 action items without an owner or due date"]


# --- risk register ---------------------------------------------------------------------------


def _risk(reassess_on: dt.date | None, evidence: str | None = "Usage down 30 %") -> RiskFacts:
    return RiskFacts(
        1, "Adoption stalls", "adoption", evidence, "high", "Dana", "Run training", reassess_on,
        "open", AS_OF - 30 * DAY, False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "fields",
    [
        {"risks": (_risk(AS_OF),)},
        {"touched": MappingProxyType({Artifact.RISK_REGISTER: dt.datetime(2026, 6, 1)})},
    ],
    ids=["a risk logged", "marked reviewed"],
)
def test_the_risk_register_exists_once_a_risk_is_logged_or_it_was_reviewed(
    fields: dict[str, object],
) -> None:
    assert c.risk_register_status(_account(**fields), AS_OF) == (True, [])


@pytest.mark.parametrize(
    ("reassess_on", "unmet"),
    [
        (AS_OF + DAY, []),
        (AS_OF, []),  # reassess today: due, not past
        (AS_OF - DAY, ["1 open risk past the reassess date"]),
    ],
)
def test_a_risk_is_past_its_reassess_date_from_the_day_after(
    reassess_on: dt.date, unmet: list[str]
) -> None:
    assert c.risk_register_status(_account(risks=(_risk(reassess_on),)), AS_OF)[1] == unmet


def test_open_risks_without_a_field_are_named_by_field() -> None:
    risks = (_risk(AS_OF, evidence=None), _risk(None, evidence=None))
    assert c.risk_register_status(_account(risks=risks), AS_OF)[1] == [
        "2 open risks without evidence",
        "1 open risk without reassess date",
    ]


# --- QBR / EBR -------------------------------------------------------------------------------


def _review(
    rid: int,
    date: dt.date,
    status: str = "delivered",
    parts: tuple[bool, bool, bool, bool] = (True, True, True, True),
) -> ReviewFacts:
    return ReviewFacts(rid, "qbr", date, status, *parts)


def test_a_review_dated_today_counts() -> None:
    account = _account(reviews=(_review(1, AS_OF),))
    assert c.qbr_status(account, Segment.HIGH_TOUCH, AS_OF, SETTINGS) == (True, [], None)


def test_a_drafted_review_is_not_yet_delivered() -> None:
    account = _account(reviews=(_review(1, AS_OF - DAY, "draft"),))
    assert c.qbr_status(account, Segment.HIGH_TOUCH, AS_OF, SETTINGS) == (
        True,
        ["no review delivered yet"],
        None,
    )


def test_the_latest_delivered_review_is_the_one_checked() -> None:
    older = _review(5, AS_OF - 40 * DAY, parts=(False, True, False, False))
    latest = _review(1, AS_OF - 10 * DAY)
    for reviews in ((older, latest), (latest, older)):
        account = _account(reviews=reviews)
        assert c.qbr_status(account, Segment.HIGH_TOUCH, AS_OF, SETTINGS) == (True, [], None)


def test_a_review_names_each_missing_part() -> None:
    account = _account(reviews=(_review(1, AS_OF, parts=(False, False, False, False)),))
    assert c.qbr_status(account, Segment.HIGH_TOUCH, AS_OF, SETTINGS)[1] == [
        "last review has no goals recap",
        "last review has no outcomes",
        "last review has no friction or risks",
        "last review has no decisions needed",
    ]


def test_a_renewal_plan_names_each_missing_part() -> None:
    plan = RenewalPlanFacts(1, AS_OF, (), 0, (), None, None)
    assert c.renewal_plan_status(_account(renewal_plan=plan)) == (
        True,
        ["no approvers named", "no value proof point", "no next steps"],
    )
