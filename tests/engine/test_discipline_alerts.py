"""Artifact discipline (§2.1) and alerts (§7): each rule fires when it should, and only then."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest
from factories import AS_OF, account, days_ago, milestone, person, signals, snapshot

from csm_desk.engine.book import score_account
from csm_desk.engine.discipline import artifact_states, discipline_score
from csm_desk.engine.facts import (
    ActionFacts,
    KpiFacts,
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


def touched(days: int, *artifacts: Artifact) -> MappingProxyType:
    moment = dt.datetime.combine(days_ago(days), dt.time(9, 0))
    return MappingProxyType(dict.fromkeys(artifacts, moment))


def risk(rid: int, *, reassess: int = 10, **overrides: object) -> RiskFacts:
    values = dict(
        id=rid,
        statement="Sponsor may leave",
        category="stakeholder",
        evidence="Told us so",
        severity="high",
        owner="Alex",
        next_action="Meet the CFO",
        reassess_on=AS_OF + dt.timedelta(days=reassess),
        status="open",
        raised_on=days_ago(30),
        shared=False,
    )
    values.update(overrides)
    return RiskFacts(**values)  # type: ignore[arg-type]


def complete_account(**extra: object):
    """A high-touch account with all seven artifacts complete and fresh."""
    kpi = KpiFacts(
        1, "Time to close", "days", 10, 8, 5, False, AS_OF + dt.timedelta(days=90), "ERP", ()
    )
    values = dict(
        arr=150_000.0,
        contract_start=days_ago(400),
        renewal_date=AS_OF + dt.timedelta(days=100),
        lifecycle_stage="growth",
        live_defined=True,
        has_success_vision=True,
        review_cadence="quarterly",
        objective_count=3,
        kpis=(kpi,),
        milestones=(
            milestone(
                1, side="vendor", due=-200, status="complete", completed=200, first_value=True
            ),
            milestone(2, side="customer", due=-150, status="complete", completed=150, go_live=True),
            milestone(3, side="vendor", due=-100, status="complete", completed=90),
            milestone(4, side="vendor", due=30, status="in_progress", phase="adoption"),
        ),
        stakeholders=(
            person(1, "champion", contact=5),
            person(2, "economic_buyer", contact=20),
            person(3, "executive_sponsor", contact=40),
        ),
        meetings=(MeetingFacts(1, days_ago(10), "check_in", None, 2, (1, 2)),),
        actions=(
            ActionFacts(1, 1, "Send deck", "Alex", AS_OF + dt.timedelta(days=5), "open", None),
        ),
        risks=(risk(1),),
        reviews=(ReviewFacts(1, "qbr", days_ago(40), "delivered", True, True, True, True),),
        renewal_plan=RenewalPlanFacts(
            1,
            days_ago(20),
            (2,),
            2,
            (NextStepFacts("Send proposal", "Alex", None, False),),
            None,
            None,
        ),
        signals=signals(active_users=80, licensed_seats=100, nps=9),
        touched=touched(3, *Artifact),
    )
    values.update(extra)
    return account(**values)


def test_a_complete_account_scores_full_discipline_and_no_alerts() -> None:
    result = score_account(complete_account(), S, AS_OF)
    assert {a: s.status for a, s in result.artifacts.items()} == dict.fromkeys(
        Artifact, ArtifactStatus.COMPLETE
    )
    assert result.discipline == 100.0
    assert [a.code for a in result.alerts] == []


def test_missing_and_not_due() -> None:
    states = artifact_states(account(arr=150_000.0), Segment.HIGH_TOUCH, AS_OF, S)
    assert states[Artifact.SUCCESS_PLAN].status is ArtifactStatus.MISSING
    assert states[Artifact.RENEWAL_PLAN].status is ArtifactStatus.NOT_DUE
    assert discipline_score(states) == 0.0
    tech = artifact_states(account(arr=1_000.0), Segment.TECH_TOUCH, AS_OF, S)
    assert discipline_score(tech) is None, "nothing is required of a tech-touch account yet"
    assert not tech[Artifact.QBR].mandatory and not tech[Artifact.QBR].shown


def test_incomplete_names_every_unmet_criterion() -> None:
    facts = complete_account(
        milestones=(milestone(1, side="vendor", due=None),),
        live_defined=False,
        review_cadence=None,
        stakeholders=(person(1, "champion"), person(2, influence=None)),
        risks=(risk(1, evidence=None, reassess=-2),),
        reviews=(ReviewFacts(1, "qbr", days_ago(40), "delivered", True, False, True, True),),
        renewal_plan=RenewalPlanFacts(
            1, None, (), 0, (NextStepFacts("Call", None, None, False),), None, None
        ),
    )
    states = artifact_states(facts, Segment.HIGH_TOUCH, AS_OF, S)
    unmet = {a: s.unmet for a, s in states.items() if s.status is ArtifactStatus.INCOMPLETE}
    assert unmet[Artifact.ONBOARDING_PLAN] == (
        "1 milestone, at least 3 needed",
        "no milestone owned by the customer",
        "1 milestone without a due date",
        'what "live" means is not defined',
        "no first-value milestone",
    )
    assert unmet[Artifact.SUCCESS_PLAN] == (
        "no milestone with an owner and a due date",
        "review cadence not set",
    )
    assert unmet[Artifact.STAKEHOLDER_MAP] == (
        "2 persons mapped, 3 needed",
        "no economic buyer",
        "role, influence or relationship strength missing for Person 2",
    )
    assert unmet[Artifact.RISK_REGISTER] == (
        "1 open risk without evidence",
        "1 open risk past the reassess date",
    )
    assert unmet[Artifact.QBR] == ("last review has no outcomes",)
    assert unmet[Artifact.RENEWAL_PLAN] == (
        "no approvers named",
        "no value proof point",
        "1 next step without an owner",
    )


def test_stale_when_not_updated_within_the_freshness_window() -> None:
    facts = complete_account(
        touched=touched(3, *Artifact) | touched(45, Artifact.RISK_REGISTER),
        reviews=(ReviewFacts(1, "qbr", days_ago(100), "delivered", True, True, True, True),),
    )
    states = artifact_states(facts, Segment.HIGH_TOUCH, AS_OF, S)
    assert states[Artifact.RISK_REGISTER].status is ArtifactStatus.STALE
    assert states[Artifact.RISK_REGISTER].stale_reason == "last updated 45 days ago (fresh for 30)"
    assert states[Artifact.QBR].status is ArtifactStatus.STALE
    assert states[Artifact.SUCCESS_PLAN].status is ArtifactStatus.COMPLETE
    assert discipline_score(states) == pytest.approx(5 / 7 * 100), states
    # Onboarding is over (went live), so its plan cannot go stale.
    old = complete_account(touched=touched(200, *Artifact))
    assert artifact_states(old, Segment.HIGH_TOUCH, AS_OF, S)[Artifact.ONBOARDING_PLAN].status is (
        ArtifactStatus.COMPLETE
    )


def test_recap_goes_stale_when_a_meeting_is_not_written_up() -> None:
    meeting = MeetingFacts(1, days_ago(20), "check_in", None, 1, ())
    written = complete_account(meetings=(meeting,), touched=touched(19, *Artifact))
    forgotten = complete_account(meetings=(meeting,), touched=touched(25, *Artifact))
    assert artifact_states(written, Segment.HIGH_TOUCH, AS_OF, S)[Artifact.RECAP].status is (
        ArtifactStatus.COMPLETE
    )
    assert artifact_states(forgotten, Segment.HIGH_TOUCH, AS_OF, S)[Artifact.RECAP].status is (
        ArtifactStatus.STALE
    )


def codes(facts, segment_arr: float | None = None) -> dict[AlertCode, AlertSeverity]:
    result = score_account(facts, S, AS_OF)
    return {a.code: a.severity for a in result.alerts if a.code}


def test_health_alerts() -> None:
    def scored(nps: float, *history):  # sentiment is then the only component
        return complete_account(stakeholders=(), signals=signals(nps=nps), snapshots=history)

    assert codes(scored(5))[C.HEALTH_AMBER] is AlertSeverity.AMBER
    assert codes(scored(2))[C.HEALTH_RED] is AlertSeverity.RED
    assert not {C.HEALTH_AMBER, C.HEALTH_RED} & set(codes(scored(8)))
    dropped = scored(8, snapshot(20, 95.0), snapshot(5, 88.0))
    assert C.HEALTH_DROP in codes(dropped)
    steady = scored(8, snapshot(40, 95.0), snapshot(5, 85.0))
    assert C.HEALTH_DROP not in codes(steady), "a fall from more than 30 days ago does not count"


def test_people_alerts() -> None:
    left = complete_account(
        stakeholders=(
            person(1, "champion", departed=10),
            person(2, "economic_buyer"),
            person(3),
            person(4),
        )
    )
    found = codes(left)
    assert found[C.CHAMPION_LEFT] is AlertSeverity.RED
    assert C.NO_CHAMPION not in found
    none = complete_account(stakeholders=(person(2, "economic_buyer"), person(3), person(4)))
    assert C.NO_CHAMPION in codes(none)
    silent = complete_account(
        stakeholders=(person(1, "champion", contact=45), person(2, "economic_buyer"), person(3))
    )
    assert C.CHAMPION_SILENT in codes(silent)
    assert C.CHAMPION_SILENT not in codes(
        complete_account(arr=50_000.0, stakeholders=silent.stakeholders)
    )
    thin = complete_account(
        stakeholders=(person(1, "champion"), person(2, "economic_buyer", contact=100))
    )
    assert C.SINGLE_THREADED in codes(thin)
    assert C.NO_ECONOMIC_BUYER in codes(complete_account(stakeholders=(person(1, "champion"),)))
    tech = complete_account(arr=5_000.0, stakeholders=())
    assert not {C.NO_CHAMPION, C.NO_ECONOMIC_BUYER, C.SINGLE_THREADED} & set(codes(tech))


def test_adoption_renewal_and_follow_through_alerts() -> None:
    low = complete_account(signals=signals(active_users=30, licensed_seats=100, nps=9))
    assert C.LOW_ADOPTION in codes(low)
    young = complete_account(contract_start=days_ago(30), signals=low.signals)
    assert C.LOW_ADOPTION not in codes(young)
    no_plan = complete_account(renewal_plan=None, renewal_date=AS_OF + dt.timedelta(days=50))
    assert codes(no_plan)[C.RENEWAL_NO_PLAN] is AlertSeverity.RED
    later = complete_account(renewal_plan=None, renewal_date=AS_OF + dt.timedelta(days=130))
    assert C.RENEWAL_NO_PLAN not in codes(later)
    steps = complete_account(
        renewal_date=AS_OF + dt.timedelta(days=50),
        renewal_steps=(
            RenewalStepFacts(
                1,
                AS_OF + dt.timedelta(days=50),
                "planning",
                "Set forecast",
                None,
                days_ago(45),
                "open",
            ),
            RenewalStepFacts(
                2, AS_OF + dt.timedelta(days=50), "negotiation", "Negotiate", None, None, "open"
            ),
        ),
    )
    assert C.RENEWAL_STEPS_OVERDUE in codes(steps)
    late = complete_account(
        milestones=(
            milestone(1, first_value=True, due=-3),
            milestone(2, due=-1, status="in_progress"),
            milestone(3, side="customer", due=5),
        )
    )
    found = codes(late)
    assert found[C.FIRST_VALUE_LATE] is AlertSeverity.RED and C.MILESTONE_OVERDUE in found
    overdue_action = complete_account(
        actions=(ActionFacts(1, 1, "Send deck", "Alex", days_ago(2), "open", None),)
    )
    assert C.ACTION_OVERDUE in codes(overdue_action)
    done_action = complete_account(
        actions=(ActionFacts(1, 1, "Send deck", "Alex", days_ago(2), "done", days_ago(3)),)
    )
    assert C.ACTION_OVERDUE not in codes(done_action)
    assert C.RISK_REASSESS_DUE in codes(complete_account(risks=(risk(1, reassess=-1),)))
    assert C.RISK_REASSESS_DUE not in codes(
        complete_account(risks=(risk(1, reassess=-1, status="closed"),))
    )
    old_review = complete_account(
        reviews=(ReviewFacts(1, "qbr", days_ago(120), "delivered", True, True, True, True),)
    )
    found = codes(old_review)
    assert C.QBR_DUE in found and C.STALE_ARTIFACT in found


def test_priorities_order_red_then_amber_then_due_by_arr_then_date() -> None:
    from csm_desk.engine.book import score_book
    from csm_desk.engine.facts import BookFacts

    big = complete_account(
        id=1,
        name="Big",
        arr=500_000.0,
        actions=(ActionFacts(1, 1, "Send deck", "Alex", days_ago(2), "open", None),),
    )
    small_red = complete_account(
        id=2, name="Small", arr=120_000.0, milestones=(milestone(9, first_value=True, due=-3),)
    )
    due_soon = complete_account(
        id=3,
        name="Due",
        arr=900_000.0,
        actions=(
            ActionFacts(1, 1, "Send deck", "Alex", AS_OF + dt.timedelta(days=2), "open", None),
        ),
    )
    book = score_book(BookFacts(accounts=(big, small_red, due_soon)), AS_OF)
    order = [(p.severity.value, p.account_name) for p in book.priorities]
    assert order[0] == ("red", "Small")
    assert order.index(("amber", "Big")) < order.index(("due", "Due"))
    severities = [p.severity for p in book.priorities]
    assert severities == sorted(severities, key=["red", "amber", "due"].index)
