"""Every threshold of every alert rule, tested at its value, one below and one above.

The rules are DOMAIN.md §7 (alerts), §2.1 (artifact discipline, whose freshness and windows
the alerts share), §3.4 (``health_drop``) and §6 (the trailing-12-month window and NPS). Each
table sits next to the sentence of DOMAIN.md it pins, so a changed comparison (``>`` for
``>=``) or a changed number fails here.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest
from factories import AS_OF, account, days_ago, milestone, person, signals, snapshot

from csm_desk.engine import history, metrics
from csm_desk.engine.alerts import due_items
from csm_desk.engine.book import score_account
from csm_desk.engine.discipline import artifact_states, stakeholder_map_status
from csm_desk.engine.facts import (
    AccountFacts,
    ActionFacts,
    ArrEventFacts,
    MeetingFacts,
    NextStepFacts,
    RenewalPlanFacts,
    RenewalStepFacts,
    ReviewFacts,
    RiskFacts,
)
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import AlertCode, AlertSeverity, Artifact, ArtifactStatus, Segment

S = BookSettings()
C = AlertCode
HIGH, LOW, TECH = 150_000.0, 50_000.0, 5_000.0


def with_thresholds(**values: float) -> BookSettings:
    return S.with_changes(thresholds=MappingProxyType({**S.thresholds, **values}))


def alerts(facts: AccountFacts, settings: BookSettings = S) -> dict[AlertCode, AlertSeverity]:
    result = score_account(facts, settings, AS_OF)
    return {a.code: a.severity for a in result.alerts if a.code}


def later(days: int) -> dt.date:
    return AS_OF + dt.timedelta(days=days)


def review(days: int, status: str = "delivered") -> ReviewFacts:
    return ReviewFacts(1, "qbr", days_ago(days), status, True, True, True, True)


def plan() -> RenewalPlanFacts:
    return RenewalPlanFacts(
        1, days_ago(5), (2,), 1, (NextStepFacts("Send proposal", "Alex", None, False),), None, None
    )


# --- champion_silent -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arr", "days", "fires"),
    [
        (HIGH, 29, False),
        (HIGH, 30, False),
        (HIGH, 31, True),
        (LOW, 59, False),
        (LOW, 60, False),
        (LOW, 61, True),
    ],
)
def test_champion_silent_after_30_days_high_touch_and_60_low_touch(
    arr: float, days: int, fires: bool
) -> None:
    """§7 ``champion_silent``: "champion's last contact > 30 days (high touch) / 60 (low
    touch)" — at exactly 30 (60) days the champion is not yet silent."""
    facts = account(
        arr=arr, stakeholders=(person(1, "champion", contact=days), person(2, "economic_buyer"))
    )
    assert (C.CHAMPION_SILENT in alerts(facts)) is fires


@pytest.mark.parametrize(("days", "fires"), [(9, False), (10, False), (11, True)])
def test_champion_silent_reads_its_setting(days: int, fires: bool) -> None:
    """The 30 days of §7 ``champion_silent`` are the setting ``champion_silent_days_high``."""
    facts = account(arr=HIGH, stakeholders=(person(1, "champion", contact=days),))
    settings = with_thresholds(champion_silent_days_high=10)
    assert (C.CHAMPION_SILENT in alerts(facts, settings)) is fires


@pytest.mark.parametrize(
    ("contacts", "fires"),
    [((45, 5), False), ((5, 45), False), ((45, 50), True), ((45, None), True)],
)
def test_champion_silent_only_when_every_champion_is_silent(
    contacts: tuple[int | None, int | None], fires: bool
) -> None:
    """§7 ``champion_silent`` is about the account's champion: one champion still in touch is
    enough, so it fires only when all current champions are silent (or never contacted)."""
    facts = account(
        arr=HIGH,
        stakeholders=(
            person(1, "champion", contact=contacts[0]),
            person(2, "champion", contact=contacts[1]),
        ),
    )
    assert (C.CHAMPION_SILENT in alerts(facts)) is fires


def test_champion_silent_is_for_high_and_low_touch_only() -> None:
    """§7 ``champion_silent``: the limits are given for high and low touch only."""
    facts = account(arr=TECH, stakeholders=(person(1, "champion", contact=400),))
    assert C.CHAMPION_SILENT not in alerts(facts)


# --- health_amber / health_red ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("nps", "code"),
    [
        (6.001, None),
        (6.0, None),
        (5.999, C.HEALTH_AMBER),
        (4.001, C.HEALTH_AMBER),
        (4.0, C.HEALTH_AMBER),
        (3.999, C.HEALTH_RED),
        (2.0, C.HEALTH_RED),
        (1.999, C.HEALTH_RED),
    ],
)
def test_health_band_alerts_at_the_band_edges(nps: float, code: AlertCode | None) -> None:
    """§7 ``health_amber``: band is at_risk (40–59.99); ``health_red``: critical or emergency
    (below 40). §3.3: "Bands are decided on the unrounded score". The score here is the NPS
    response × 10 (sentiment is the only component)."""
    found = set(alerts(account(arr=TECH, signals=signals(nps=nps))))
    assert found & {C.HEALTH_AMBER, C.HEALTH_RED} == ({code} if code else set())


# --- health_drop -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("high", "fires"), [(89.99, False), (90.0, True), (90.01, True), (90.0 - 1e-13, True)]
)
def test_health_drop_fires_on_a_fall_of_10_points_or_more(high: float, fires: bool) -> None:
    """§3.4: "``health_drop`` fires when the highest snapshot score dated within the last 30
    days … minus today's score is ≥ 10". Today's score is 80 (NPS 8); a sum of weighted parts
    that misses 10 by a rounding error still counts as 10."""
    facts = account(arr=TECH, signals=signals(nps=8), snapshots=(snapshot(10, high),))
    assert (C.HEALTH_DROP in alerts(facts)) is fires


@pytest.mark.parametrize(("days", "fires"), [(29, True), (30, True), (31, False)])
def test_health_drop_window_includes_today_minus_30(days: int, fires: bool) -> None:
    """§3.4: the high is "dated within the last 30 days (today − 30 ≤ date ≤ today)"."""
    facts = account(arr=TECH, signals=signals(nps=8), snapshots=(snapshot(days, 95.0),))
    assert (C.HEALTH_DROP in alerts(facts)) is fires


@pytest.mark.parametrize(("fall", "fires"), [(4.99, False), (5.0, True), (5.01, True)])
def test_health_drop_reads_its_setting(fall: float, fires: bool) -> None:
    """The 10 points of §3.4 are the setting ``health_drop_points``."""
    facts = account(arr=TECH, signals=signals(nps=8), snapshots=(snapshot(10, 80.0 + fall),))
    assert (C.HEALTH_DROP in alerts(facts, with_thresholds(health_drop_points=5))) is fires


@pytest.mark.parametrize(
    ("fall", "fires"), [(9.99, False), (10.0, True), (10.01, True), (10.0 - 1e-12, True)]
)
def test_drop_fires_at_exactly_the_points(fall: float, fires: bool) -> None:
    """§3.4 "≥ 10", on ``history.drop_fires`` alone."""
    drop = history.HealthDrop(snapshot(5, 50.0 + fall), 50.0)
    assert history.drop_fires(drop, 10.0) is fires


# --- people: champion_left, no_champion, single_threaded, no_economic_buyer -------------------


@pytest.mark.parametrize(("days", "fires"), [(179, True), (180, True), (181, False)])
def test_champion_left_for_180_days_after_the_departure(days: int, fires: bool) -> None:
    """§7 ``champion_left``: "a champion is marked as departed". A departure is news for the
    setting ``champion_left_days`` (180) days; after that, with no champion, it is
    ``no_champion`` again."""
    facts = account(arr=HIGH, stakeholders=(person(1, "champion", departed=days),))
    found = alerts(facts)
    assert (C.CHAMPION_LEFT in found) is fires
    assert (C.NO_CHAMPION in found) is not fires


@pytest.mark.parametrize(
    ("arr", "fires"), [(14_999.99, False), (15_000.0, True), (99_999.99, True), (HIGH, True)]
)
def test_no_champion_and_no_economic_buyer_for_high_and_low_touch(arr: float, fires: bool) -> None:
    """§7 ``no_champion`` / ``no_economic_buyer``: "high or low touch and no current
    champion" (economic buyer); §5: low touch from 15,000."""
    found = alerts(account(arr=arr, stakeholders=(person(1),)))
    assert (C.NO_CHAMPION in found) is fires
    assert (C.NO_ECONOMIC_BUYER in found) is fires


@pytest.mark.parametrize(
    ("contacts", "fires"),
    [
        ((5, 5, 5), False),
        ((5, 5), True),
        ((5, 5, 90), False),
        ((5, 5, 91), True),
        ((5, 5, 89), False),
    ],
)
def test_single_threaded_below_3_people_engaged_within_90_days(
    contacts: tuple[int, ...], fires: bool
) -> None:
    """§7 ``single_threaded``: "high touch and < 3 engaged stakeholders"; §3.1: engaged means
    "contact in last 90 days" (90 days ago still counts)."""
    people = tuple(person(i + 1, contact=d) for i, d in enumerate(contacts))
    assert (C.SINGLE_THREADED in alerts(account(arr=HIGH, stakeholders=people))) is fires
    assert C.SINGLE_THREADED not in alerts(account(arr=LOW, stakeholders=people[:1]))


# --- low_adoption ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started", "active", "fires"),
    [
        (89, 300, False),
        (90, 300, True),
        (91, 300, True),
        (200, 399, True),
        (200, 400, False),
        (200, 401, False),
    ],
)
def test_low_adoption_from_90_days_below_40_percent(started: int, active: int, fires: bool) -> None:
    """§7 ``low_adoption``: "≥ 90 days since contract start and utilization < 40%" (1,000
    seats here, so 400 active users is exactly 40 %)."""
    facts = account(
        arr=LOW,
        contract_start=days_ago(started),
        signals=signals(active_users=active, licensed_seats=1000),
    )
    assert (C.LOW_ADOPTION in alerts(facts)) is fires


# --- renewal_no_plan -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arr", "days", "severity"),
    [
        (HIGH, 121, None),
        (HIGH, 120, AlertSeverity.AMBER),
        (HIGH, 119, AlertSeverity.AMBER),
        (LOW, 91, None),
        (LOW, 90, AlertSeverity.AMBER),
        (LOW, 89, AlertSeverity.AMBER),
        (TECH, 91, None),
        (TECH, 90, AlertSeverity.AMBER),
        (LOW, 61, AlertSeverity.AMBER),
        (LOW, 60, AlertSeverity.RED),
        (LOW, 59, AlertSeverity.RED),
        (LOW, -1, AlertSeverity.RED),
    ],
)
def test_renewal_no_plan_within_120_days_high_touch_and_90_otherwise(
    arr: float, days: int, severity: AlertSeverity | None
) -> None:
    """§7 ``renewal_no_plan``: "renewal within 120 days (high) / 90 (low) and no renewal plan"
    (tech touch as low touch; §2.1 "exists once the renewal is ≤120 days away (high touch) /
    ≤90 (low touch)"). Red from ``renewal_no_plan_red_days`` (60) days out: the negotiation
    phase of §4."""
    facts = account(arr=arr, renewal_date=later(days))
    assert alerts(facts).get(C.RENEWAL_NO_PLAN) is severity
    assert C.RENEWAL_NO_PLAN not in alerts(account(arr=arr, renewal_date=later(days), **_plan()))


def _plan() -> dict[str, object]:
    return {"renewal_plan": plan()}


@pytest.mark.parametrize(
    ("arr", "days", "status"),
    [
        (HIGH, 121, ArtifactStatus.NOT_DUE),
        (HIGH, 120, ArtifactStatus.MISSING),
        (LOW, 91, ArtifactStatus.NOT_DUE),
        (LOW, 90, ArtifactStatus.MISSING),
    ],
)
def test_renewal_plan_is_due_from_the_same_window(
    arr: float, days: int, status: ArtifactStatus
) -> None:
    """§2.1 renewal_plan: "exists once the renewal is ≤120 days away (high touch) / ≤90 (low
    touch)"."""
    segment = Segment.HIGH_TOUCH if arr == HIGH else Segment.LOW_TOUCH
    states = artifact_states(account(arr=arr, renewal_date=later(days)), segment, AS_OF, S)
    assert states[Artifact.RENEWAL_PLAN].status is status


@pytest.mark.parametrize(
    ("step_phase", "days", "fires"),
    [
        ("planning", 91, False),
        ("planning", 90, True),
        ("engagement", 61, False),
        ("engagement", 60, True),
        ("negotiation", 31, False),
        ("negotiation", 30, True),
        ("execution", 0, False),
        ("execution", -1, True),
    ],
)
def test_renewal_steps_overdue_once_their_phase_has_passed(
    step_phase: str, days: int, fires: bool
) -> None:
    """§7 ``renewal_steps_overdue``: "a renewal checklist step of a passed phase is open", with
    §4's phases: planning 91–120 days, engagement 61–90, negotiation 31–60, execution 0–30,
    overdue below 0."""
    renewal = later(days)
    step = RenewalStepFacts(1, renewal, step_phase, "Step", None, None, "open")
    facts = account(arr=TECH, renewal_date=renewal, renewal_plan=plan(), renewal_steps=(step,))
    assert (C.RENEWAL_STEPS_OVERDUE in alerts(facts)) is fires
    done = step._replace(status="done")
    assert C.RENEWAL_STEPS_OVERDUE not in alerts(
        account(arr=TECH, renewal_date=renewal, renewal_plan=plan(), renewal_steps=(done,))
    )


# --- qbr_due and the QBR's staleness ---------------------------------------------------------


@pytest.mark.parametrize(
    ("arr", "days", "due"),
    [
        (HIGH, 91, False),
        (HIGH, 92, False),
        (HIGH, 93, True),
        (LOW, 182, False),
        (LOW, 183, False),
        (LOW, 184, True),
    ],
)
def test_qbr_due_after_the_cadence(arr: float, days: int, due: bool) -> None:
    """§2.1 qbr: "a review (QBR or EBR) delivered within the cadence (high touch: 92 days; low
    touch: 183 days)"; §7 ``qbr_due``: "no review delivered within the cadence". A review
    delivered exactly 92 (183) days ago is within it."""
    facts = account(arr=arr, contract_start=days_ago(400), reviews=(review(days),))
    assert (C.QBR_DUE in alerts(facts)) is due
    segment = Segment.HIGH_TOUCH if arr == HIGH else Segment.LOW_TOUCH
    state = artifact_states(facts, segment, AS_OF, S)[Artifact.QBR]
    assert (state.status is ArtifactStatus.STALE) is due


@pytest.mark.parametrize(("started", "due"), [(91, False), (92, False), (93, True)])
def test_qbr_due_counts_from_contract_start_before_the_first_review(
    started: int, due: bool
) -> None:
    """§7 ``qbr_due`` with no review yet: the cadence runs from the contract start; a planned
    review does not count (only a delivered one does)."""
    facts = account(
        arr=HIGH, contract_start=days_ago(started), reviews=(review(1, status="draft"),)
    )
    assert (C.QBR_DUE in alerts(facts)) is due


# --- recap freshness -------------------------------------------------------------------------


def _touched(days: int, artifact: Artifact) -> MappingProxyType:
    return MappingProxyType({artifact: dt.datetime.combine(days_ago(days), dt.time(9, 0))})


@pytest.mark.parametrize(("meeting", "stale"), [(13, False), (14, False), (15, True)])
def test_recap_is_stale_more_than_14_days_after_an_unrecorded_meeting(
    meeting: int, stale: bool
) -> None:
    """§2.1 recap freshness: "14 days after a meeting" — the recap of a meeting 14 days ago is
    still on time; the recaps were last updated before the meeting."""
    facts = account(
        arr=HIGH,
        meetings=(MeetingFacts(1, days_ago(meeting), "check_in", None, 1, ()),),
        touched=_touched(meeting + 1, Artifact.RECAP),
    )
    state = artifact_states(facts, Segment.HIGH_TOUCH, AS_OF, S)[Artifact.RECAP]
    assert (state.status is ArtifactStatus.STALE) is stale
    assert (C.STALE_ARTIFACT in alerts(facts)) is stale


def test_a_recap_written_on_the_meeting_day_is_fresh() -> None:
    """§2.1 recap: once written up (updated on or after the meeting day) it is not stale."""
    facts = account(
        arr=HIGH,
        meetings=(MeetingFacts(1, days_ago(40), "check_in", None, 1, ()),),
        touched=_touched(40, Artifact.RECAP),
    )
    state = artifact_states(facts, Segment.HIGH_TOUCH, AS_OF, S)[Artifact.RECAP]
    assert state.status is ArtifactStatus.COMPLETE


@pytest.mark.parametrize(("meeting", "complete"), [(89, False), (90, False), (91, True)])
def test_recap_completeness_looks_at_meetings_of_the_last_90_days(
    meeting: int, complete: bool
) -> None:
    """§2.1 recap: "every meeting in the last 90 days has ≥1 decision or action item"."""
    facts = account(
        arr=HIGH,
        meetings=(MeetingFacts(1, days_ago(meeting), "check_in", None, 0, ()),),
        touched=_touched(0, Artifact.RECAP),
    )
    state = artifact_states(facts, Segment.HIGH_TOUCH, AS_OF, S)[Artifact.RECAP]
    assert (state.status is ArtifactStatus.COMPLETE) is complete


# --- stale_artifact: freshness windows -------------------------------------------------------


@pytest.mark.parametrize(
    ("artifact", "fresh_for"),
    [
        (Artifact.SUCCESS_PLAN, 90),
        (Artifact.STAKEHOLDER_MAP, 90),
        (Artifact.RISK_REGISTER, 30),
    ],
)
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_an_artifact_goes_stale_after_its_freshness_window(
    artifact: Artifact, fresh_for: int, offset: int
) -> None:
    """§2.1 freshness (default): success plan 90 days, stakeholder map 90, risk register 30;
    updated exactly that many days ago is still fresh."""
    facts = complete_for(artifact, touched=_touched(fresh_for + offset, artifact))
    state = artifact_states(facts, Segment.HIGH_TOUCH, AS_OF, S)[artifact]
    assert state.status is (ArtifactStatus.STALE if offset > 0 else ArtifactStatus.COMPLETE)


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_onboarding_and_renewal_plans_go_stale_after_30_days(offset: int) -> None:
    """§2.1 freshness (default): onboarding plan "until onboarding ends, 30 days"; renewal
    plan 30 days (once it is due)."""
    facts = account(
        arr=HIGH,
        live_defined=True,
        milestones=(
            milestone(1, due=10, first_value=True),
            milestone(2, due=20, side="customer"),
            milestone(3, due=30),
        ),
        renewal_date=later(100),
        renewal_plan=plan(),
        touched=MappingProxyType(
            {
                a: dt.datetime.combine(days_ago(30 + offset), dt.time(9, 0))
                for a in (Artifact.ONBOARDING_PLAN, Artifact.RENEWAL_PLAN)
            }
        ),
    )
    states = artifact_states(facts, Segment.HIGH_TOUCH, AS_OF, S)
    expected = ArtifactStatus.STALE if offset > 0 else ArtifactStatus.COMPLETE
    assert states[Artifact.ONBOARDING_PLAN].status is expected
    assert states[Artifact.RENEWAL_PLAN].status is expected


def complete_for(artifact: Artifact, **extra: object) -> AccountFacts:
    """An account whose ``artifact`` is complete (the others are not looked at)."""
    from csm_desk.engine.facts import KpiFacts

    values: dict[str, object] = dict(
        arr=HIGH,
        objective_count=1,
        review_cadence="quarterly",
        kpis=(KpiFacts(1, "Days", None, 10, 8, 5, False, later(90), None, ()),),
        milestones=(milestone(1, due=10),),
        stakeholders=(
            person(1, "champion"),
            person(2, "economic_buyer"),
            person(3, "end_user"),
        ),
        risks=(
            RiskFacts(
                1,
                "Sponsor may leave",
                "stakeholder",
                "Said so",
                "high",
                "Alex",
                "Call",
                later(10),
                "open",
                days_ago(10),
                False,
            ),
        ),
    )
    values.update(extra)
    return account(**values)


# --- stakeholder map: people needed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "people", "enough"),
    [
        (Segment.HIGH_TOUCH, 2, False),
        (Segment.HIGH_TOUCH, 3, True),
        (Segment.HIGH_TOUCH, 4, True),
        (Segment.LOW_TOUCH, 1, False),
        (Segment.LOW_TOUCH, 2, True),
        (Segment.LOW_TOUCH, 3, True),
    ],
)
def test_stakeholder_map_needs_3_people_high_touch_and_2_low_touch(
    segment: Segment, people: int, enough: bool
) -> None:
    """§2.1 stakeholder_map: "≥3 people (high touch) / ≥2 (low touch); a champion; an economic
    buyer"."""
    others = [person(i + 2, "end_user") for i in range(people - 1)]
    mapped = (person(1, "champion", "economic_buyer"), *others)
    _, unmet = stakeholder_map_status(account(stakeholders=mapped), segment, AS_OF, S)
    assert (not any("needed" in reason for reason in unmet)) is enough


# --- follow-through: past its date -----------------------------------------------------------


@pytest.mark.parametrize(("due", "overdue"), [(1, False), (0, False), (-1, True)])
def test_follow_through_is_overdue_the_day_after_its_date(due: int, overdue: bool) -> None:
    """§7 ``first_value_late``, ``milestone_overdue``, ``action_overdue``,
    ``risk_reassess_due``: open "past its due date" (reassess date) — due today is not yet
    past."""
    facts = account(
        arr=TECH,
        milestones=(milestone(1, due=due, first_value=True), milestone(2, due=due)),
        actions=(ActionFacts(1, None, "Send deck", "Alex", later(due), "open", None),),
        risks=(
            RiskFacts(
                1,
                "Budget cut",
                "financial",
                None,
                None,
                None,
                None,
                later(due),
                "open",
                None,
                False,
            ),
        ),
    )
    found = set(alerts(facts))
    codes = {C.FIRST_VALUE_LATE, C.MILESTONE_OVERDUE, C.ACTION_OVERDUE, C.RISK_REASSESS_DUE}
    assert found & codes == (codes if overdue else set())


@pytest.mark.parametrize(
    ("due", "listed"), [(-1, False), (0, True), (6, True), (7, True), (8, False)]
)
def test_items_come_due_within_7_days(due: int, listed: bool) -> None:
    """§7 "Today's priorities = open alerts and due items": items due from today to
    ``due_soon_days`` (7) days ahead."""
    facts = account(
        milestones=(milestone(1, due=due),),
        actions=(ActionFacts(1, None, "Send deck", "Alex", later(due), "open", None),),
    )
    assert len(due_items(facts, AS_OF, S)) == (2 if listed else 0)


# --- §6: NPS and the trailing 12-month window ------------------------------------------------


@pytest.mark.parametrize(
    ("response", "nps"),
    [(10, 100.0), (9, 100.0), (8, 0.0), (7, 0.0), (6, -100.0), (0, -100.0)],
)
def test_nps_promoters_are_9_and_10_detractors_0_to_6(response: float, nps: float) -> None:
    """§6: "NPS = (promoters 9–10 − detractors 0–6) ÷ responses × 100"."""
    assert metrics.nps([response]) == nps


def test_nps_worked_example() -> None:
    """§6: "Example: 50/30/20 of 100 → 30"."""
    assert metrics.nps([9] * 50 + [7] * 30 + [3] * 20) == pytest.approx(30.0)


@pytest.mark.parametrize(("response", "satisfied"), [(5, True), (4, True), (3, False)])
def test_csat_counts_4_and_5(response: float, satisfied: bool) -> None:
    """§6: "CSAT = responses of 4–5 (on 1–5) ÷ responses × 100"."""
    assert metrics.csat([response]) == (100.0 if satisfied else 0.0)


START = metrics.window_start(AS_OF)


def _on(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


@pytest.mark.parametrize(("offset", "expansion"), [(-1, 0.0), (0, 0.0), (1, 20_000.0)])
def test_retention_counts_movements_after_the_window_start(offset: int, expansion: float) -> None:
    """§6: the cohort's "start ARR is the cohort's ARR at the window's start", and expansion is
    "Σ increases" within the window: a change on the start day is in the start ARR, not a
    movement; the day after, it is a movement."""
    facts = account(
        arr=120_000.0,
        contract_start=START - dt.timedelta(days=200),
        arr_events=(
            ArrEventFacts(START - dt.timedelta(days=200), "new", 100_000.0),
            ArrEventFacts(_on(offset), "expansion", 20_000.0),
        ),
    )
    result = metrics.retention([facts], AS_OF)
    assert result.expansion == expansion
    assert result.start_arr == 120_000.0 - expansion
    assert result.nrr == pytest.approx(120_000.0 / result.start_arr * 100)


@pytest.mark.parametrize(("offset", "in_cohort"), [(-1, True), (0, True), (1, False)])
def test_the_cohort_is_the_accounts_started_on_or_before_the_window_start(
    offset: int, in_cohort: bool
) -> None:
    """§6: "The cohort for a 12-month window = accounts that existed at its start (contract
    start on or before it…)"."""
    facts = account(
        arr=100_000.0,
        contract_start=_on(offset),
        arr_events=(ArrEventFacts(_on(offset), "new", 100_000.0),),
    )
    assert metrics.in_cohort(facts, START) is in_cohort
    assert metrics.retention([facts], AS_OF).cohort == int(in_cohort)


@pytest.mark.parametrize(("offset", "counted"), [(0, False), (1, True)])
def test_survey_responses_of_the_trailing_12_months(offset: int, counted: bool) -> None:
    """§6 NPS over the trailing 12 months: a response on the window's start day belongs to the
    previous 12 months."""
    facts = account(signals=signals(nps=[((AS_OF - _on(offset)).days, 10)]))
    assert metrics.survey_scores([facts], AS_OF)[0] == (100.0 if counted else None)


# --- numbers that are settings ---------------------------------------------------------------


@pytest.mark.parametrize(("days", "fires"), [(29, True), (30, True), (31, False)])
def test_champion_left_reads_its_setting_as_does_the_coverage_gap(days: int, fires: bool) -> None:
    """``champion_left_days`` holds for how long a departure is news, for the alert (§7
    ``champion_left``) and the ``champion_departed`` coverage gap alike."""
    from csm_desk.engine.coverage import Gap, coverage_findings

    settings = with_thresholds(champion_left_days=30)
    people = (person(1, "champion", departed=days),)
    assert (C.CHAMPION_LEFT in alerts(account(arr=HIGH, stakeholders=people), settings)) is fires
    found = coverage_findings(people, [], None, Segment.HIGH_TOUCH, AS_OF, settings)
    assert (Gap.CHAMPION_DEPARTED in {f.gap for f in found}) is fires


@pytest.mark.parametrize(
    ("days", "severity"),
    [(31, AlertSeverity.AMBER), (30, AlertSeverity.RED), (29, AlertSeverity.RED)],
)
def test_renewal_no_plan_turns_red_at_its_setting(days: int, severity: AlertSeverity) -> None:
    """``renewal_no_plan_red_days`` (60) is where a renewal without a plan turns red."""
    facts = account(arr=LOW, renewal_date=later(days))
    assert alerts(facts, with_thresholds(renewal_no_plan_red_days=30))[C.RENEWAL_NO_PLAN] is (
        severity
    )


@pytest.mark.parametrize(
    ("segment", "people", "enough"),
    [
        (Segment.HIGH_TOUCH, 4, False),
        (Segment.HIGH_TOUCH, 5, True),
        (Segment.LOW_TOUCH, 3, False),
        (Segment.LOW_TOUCH, 4, True),
    ],
)
def test_stakeholder_map_people_needed_are_settings(
    segment: Segment, people: int, enough: bool
) -> None:
    """§2.1's 3 (high touch) and 2 (low touch) people are ``stakeholder_map_min_high`` and
    ``stakeholder_map_min_low``."""
    settings = with_thresholds(stakeholder_map_min_high=5, stakeholder_map_min_low=4)
    others = [person(i + 2, "end_user") for i in range(people - 1)]
    mapped = (person(1, "champion", "economic_buyer"), *others)
    _, unmet = stakeholder_map_status(account(stakeholders=mapped), segment, AS_OF, settings)
    assert (not any("needed" in reason for reason in unmet)) is enough


@pytest.mark.parametrize(("count", "enough"), [(2, False), (3, True)])
def test_onboarding_plan_needs_3_milestones(count: int, enough: bool) -> None:
    """§2.1 onboarding_plan: "≥3 milestones" (``onboarding_min_milestones``)."""
    from csm_desk.engine.discipline import onboarding_status

    facts = account(milestones=tuple(milestone(i + 1) for i in range(count)))
    _, unmet = onboarding_status(facts, S)
    assert (not any("needed" in reason for reason in unmet)) is enough
    _, unmet = onboarding_status(facts, with_thresholds(onboarding_min_milestones=count + 1))
    assert any(f"at least {count + 1} needed" in reason for reason in unmet)


def test_module_defaults_are_the_settings_defaults() -> None:
    """A number a module keeps for callers without a book is the setting's default, declared
    once in ``engine.settings``."""
    from csm_desk.engine.coverage import NOT_CONTACTED_DAYS

    assert NOT_CONTACTED_DAYS == S.days("not_contacted_days") == 90
    assert history.DROP_DAYS == S.days("health_drop_days") == 30
    assert history.DROP_POINTS == S.threshold("health_drop_points") == 10
    assert S.days("champion_left_days") == 180
    assert S.days("renewal_no_plan_red_days") == 60
