"""Stakeholder coverage gaps: champions, economic buyer, threads, blockers, quiet people."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from csm_desk.engine.coverage import (
    CoverageFinding,
    Gap,
    blocker_addressed,
    coverage_findings,
    names,
)
from csm_desk.engine.facts import NextStepFacts, RenewalPlanFacts, RiskFacts
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import AlertSeverity, Segment
from tests.factories import AS_OF, days_ago, person

SETTINGS = BookSettings()
RED, AMBER = AlertSeverity.RED, AlertSeverity.AMBER


def risk(statement: str, category: str = "stakeholder", status: str = "open", **more) -> RiskFacts:  # type: ignore[no-untyped-def]
    values = dict(
        id=1,
        statement=statement,
        category=category,
        evidence=None,
        severity="high",
        owner="Alex",
        next_action=None,
        reassess_on=None,
        status=status,
        raised_on=None,
        shared=False,
    )
    values.update(more)
    return RiskFacts(**values)


def plan(*steps: tuple[str, str | None, bool]) -> RenewalPlanFacts:
    return RenewalPlanFacts(
        1, None, (), 1, tuple(NextStepFacts(a, o, None, done) for a, o, done in steps), None, None
    )


def gaps(found: list[CoverageFinding]) -> dict[Gap, CoverageFinding]:
    return {f.gap: f for f in found}


def test_a_well_covered_account_has_no_gaps() -> None:
    people = [
        person(1, "champion", contact=3),
        person(2, "economic_buyer", contact=20),
        person(3, "executive_sponsor", contact=60),
    ]
    assert coverage_findings(people, [], None, Segment.HIGH_TOUCH, AS_OF, SETTINGS) == []


def test_no_champion_and_no_economic_buyer_only_for_high_and_low_touch() -> None:
    people = [person(1, "end_user", contact=3)]
    for segment in (Segment.HIGH_TOUCH, Segment.LOW_TOUCH):
        found = gaps(coverage_findings(people, [], None, segment, AS_OF, SETTINGS))
        assert found[Gap.NO_CHAMPION].people == ()
        assert found[Gap.NO_ECONOMIC_BUYER].severity is AMBER
    tech = coverage_findings(people, [], None, Segment.TECH_TOUCH, AS_OF, SETTINGS)
    assert tech == []


def test_a_departed_economic_buyer_does_not_count() -> None:
    people = [person(1, "champion"), person(2, "economic_buyer", departed=10)]
    found = gaps(coverage_findings(people, [], None, Segment.LOW_TOUCH, AS_OF, SETTINGS))
    assert Gap.NO_ECONOMIC_BUYER in found


def test_champion_departed_is_red_when_no_champion_remains() -> None:
    people = [
        person(1, "champion", departed=26, name="Priya Raman"),
        person(2, "economic_buyer"),
    ]
    found = gaps(coverage_findings(people, [], None, Segment.LOW_TOUCH, AS_OF, SETTINGS))
    left = found[Gap.CHAMPION_DEPARTED]
    assert left.severity is RED
    assert left.people == (1,)
    assert "Priya Raman" in left.message and "no champion remains" in left.message
    assert Gap.NO_CHAMPION not in found  # reported once, as the departure


def test_champion_departed_is_amber_while_another_champion_carries_on() -> None:
    people = [
        person(1, "champion", departed=26, name="Priya Raman"),
        person(2, "champion", name="Aisha Khan"),
        person(3, "economic_buyer"),
    ]
    found = gaps(coverage_findings(people, [], None, Segment.LOW_TOUCH, AS_OF, SETTINGS))
    assert found[Gap.CHAMPION_DEPARTED].severity is AMBER
    assert "Aisha Khan still champions" in found[Gap.CHAMPION_DEPARTED].message


def test_a_champion_who_left_long_ago_is_history() -> None:
    people = [person(1, "champion", departed=181), person(2, "economic_buyer")]
    found = gaps(coverage_findings(people, [], None, Segment.LOW_TOUCH, AS_OF, SETTINGS))
    assert Gap.CHAMPION_DEPARTED not in found
    assert Gap.NO_CHAMPION in found


def test_single_threaded_names_the_engaged_people_and_only_for_high_touch() -> None:
    people = [
        person(1, "champion", contact=5, name="Aisha Khan"),
        person(2, "economic_buyer", contact=90),
        person(3, "end_user", contact=91),
        person(4, "end_user", contact=None),
        person(5, "end_user", contact=2, departed=1),
    ]
    found = gaps(coverage_findings(people, [], None, Segment.HIGH_TOUCH, AS_OF, SETTINGS))
    thread = found[Gap.SINGLE_THREADED]
    assert thread.people == (1, 2)
    assert thread.message.startswith("2 people engaged in 90 days, 3 needed")
    low = gaps(coverage_findings(people, [], None, Segment.LOW_TOUCH, AS_OF, SETTINGS))
    assert Gap.SINGLE_THREADED not in low


def test_single_threaded_follows_the_settings() -> None:
    people = [person(1, "champion", contact=5), person(2, "economic_buyer", contact=5)]
    relaxed = dataclasses.replace(
        SETTINGS, thresholds={**SETTINGS.thresholds, "single_threaded_min": 2}
    )
    assert coverage_findings(people, [], None, Segment.HIGH_TOUCH, AS_OF, relaxed) == []
    assert Gap.SINGLE_THREADED in gaps(
        coverage_findings(people, [], None, Segment.HIGH_TOUCH, AS_OF, SETTINGS)
    )


def test_not_contacted_uses_the_setting_and_counts_never_contacted() -> None:
    people = [
        person(1, "champion", contact=90),
        person(2, "economic_buyer", contact=91),
        person(3, "end_user", contact=None),
        person(4, "end_user", contact=200, departed=5),
    ]
    found = gaps(coverage_findings(people, [], None, Segment.TECH_TOUCH, AS_OF, SETTINGS))
    assert found[Gap.NOT_CONTACTED].people == (2, 3)
    assert found[Gap.NOT_CONTACTED].message.startswith("2 people not contacted in 90 days")
    stricter = dataclasses.replace(
        SETTINGS, thresholds={**SETTINGS.thresholds, "not_contacted_days": 60}
    )
    found = gaps(coverage_findings(people, [], None, Segment.TECH_TOUCH, AS_OF, stricter))
    assert found[Gap.NOT_CONTACTED].people == (1, 2, 3)


def test_a_meeting_counts_as_contact() -> None:
    quiet = person(1, "champion", contact=120)
    met = quiet._replace(contact_dates=(*quiet.contact_dates, days_ago(10)))
    assert coverage_findings([met], [], None, Segment.TECH_TOUCH, AS_OF, SETTINGS) == []


def test_a_blocker_is_addressed_by_an_open_stakeholder_risk_naming_them() -> None:
    greg = person(7, "blocker", name="Greg Halvorsen")
    assert not blocker_addressed(greg, [], None)
    assert blocker_addressed(greg, [risk("greg  HALVORSEN may hold the renewal")], None)
    assert blocker_addressed(greg, [risk("Review", evidence="Greg Halvorsen said no")], None)
    assert blocker_addressed(greg, [risk("Review", next_action="Brief Greg Halvorsen")], None)
    # The wrong category, a closed risk, or a first name alone do not count.
    assert not blocker_addressed(greg, [risk("Greg Halvorsen objects", "commercial")], None)
    assert not blocker_addressed(greg, [risk("Greg Halvorsen objects", status="closed")], None)
    assert not blocker_addressed(greg, [risk("Greg objects")], None)
    assert blocker_addressed(greg, [risk("Greg Halvorsen objects", status="mitigating")], None)


def test_a_blocker_is_addressed_by_an_open_renewal_next_step() -> None:
    greg = person(7, "blocker", name="Greg Halvorsen")
    assert blocker_addressed(greg, [], plan(("Questionnaire", "Greg Halvorsen", False)))
    assert blocker_addressed(greg, [], plan(("Walk Greg Halvorsen through it", "Alex", False)))
    assert not blocker_addressed(greg, [], plan(("Questionnaire", "Greg Halvorsen", True)))
    assert not blocker_addressed(greg, [], plan())


def test_unaddressed_blockers_are_listed_and_departed_blockers_are_not() -> None:
    people = [
        person(1, "champion"),
        person(2, "economic_buyer"),
        person(7, "blocker", name="Greg Halvorsen"),
        person(8, "blocker", name="Ola Berg", departed=3),
    ]
    found = gaps(coverage_findings(people, [], None, Segment.LOW_TOUCH, AS_OF, SETTINGS))
    assert found[Gap.BLOCKER_UNADDRESSED].people == (7,)
    assert found[Gap.BLOCKER_UNADDRESSED].message.startswith("Greg Halvorsen:")
    covered = coverage_findings(
        people, [risk("Greg Halvorsen objects")], None, Segment.LOW_TOUCH, AS_OF, SETTINGS
    )
    assert covered == []


def test_names_needs_whole_words() -> None:
    ann = person(1, name="Ann Lee")
    assert names(ann, ["Call Ann Lee."])
    assert not names(ann, ["Call Joann Leeds"])
    assert not names(person(2, name="  "), ["anything"])


def test_findings_come_red_first_then_in_panel_order() -> None:
    people = [
        person(1, "champion", departed=5, contact=None),
        person(2, "blocker", contact=None),
    ]
    found = coverage_findings(people, [], None, Segment.HIGH_TOUCH, AS_OF, SETTINGS)
    assert [f.gap for f in found] == [
        Gap.CHAMPION_DEPARTED,
        Gap.NO_ECONOMIC_BUYER,
        Gap.SINGLE_THREADED,
        Gap.BLOCKER_UNADDRESSED,
        Gap.NOT_CONTACTED,
    ]
    assert found[0].severity is RED


@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from(["champion", "economic_buyer", "blocker", "end_user"])),
            st.one_of(st.none(), st.integers(0, 400)),
            st.one_of(st.none(), st.integers(0, 400)),
        ),
        max_size=8,
    ),
    st.sampled_from(list(Segment)),
)
def test_every_finding_concerns_people_of_the_account(rows, segment) -> None:  # type: ignore[no-untyped-def]
    people = [
        person(i, *roles, contact=contact, departed=departed)
        for i, (roles, contact, departed) in enumerate(rows, start=1)
    ]
    found = coverage_findings(people, [], None, segment, AS_OF, SETTINGS)
    ids = {p.id for p in people}
    current = {p.id for p in people if not p.departed_by(AS_OF)}
    for finding in found:
        assert set(finding.people) <= ids
        if finding.gap is not Gap.CHAMPION_DEPARTED:
            assert set(finding.people) <= current
    assert len({f.gap for f in found}) == len(found)
