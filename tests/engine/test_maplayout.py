"""The stakeholder-map layout: levels from titles and reporting lines, rows, no overlaps."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from csm_desk.engine.facts import LinkFacts, StakeholderFacts
from csm_desk.engine.maplayout import (
    CARD_H,
    CARD_W,
    GAP_X,
    GAP_Y,
    Level,
    auto_layout,
    layout_rows,
    overlaps,
    person_levels,
    reporting_lines,
    title_level,
)

TITLES = [
    None,
    "CEO",
    "Chief Risk Officer",
    "SVP Operations",
    "VP Finance",
    "Director of Payments",
    "Head of Treasury",
    "Finance Manager",
    "Team Lead",
    "Analyst",
    "Engineer",
]


def person(pid: int, title: str | None = None) -> StakeholderFacts:
    return StakeholderFacts(
        pid, f"Person {pid}", title, frozenset(), None, None, None, False, None, ()
    )


def reports(a: int, b: int) -> LinkFacts:
    return LinkFacts(a, b, "reports_to")


def test_title_levels() -> None:
    assert title_level("Chief Revenue Officer") is Level.EXECUTIVE
    assert title_level("CFO") is Level.EXECUTIVE
    assert title_level("Co-Founder & President") is Level.EXECUTIVE
    assert title_level("EVP Sales") is Level.EXECUTIVE
    assert title_level("svp, platform") is Level.EXECUTIVE
    assert title_level("Vice President, IT") is Level.VP_DIRECTOR
    assert title_level("VP Finance") is Level.VP_DIRECTOR
    assert title_level("Head of Payments") is Level.VP_DIRECTOR
    assert title_level("Director, Treasury") is Level.VP_DIRECTOR
    assert title_level("Accounts Payable Supervisor") is Level.MANAGER
    assert title_level("Tech Lead") is Level.MANAGER
    assert title_level("Payments Manager") is Level.MANAGER
    assert title_level("Analyst") is Level.USER
    assert title_level("Leadership coach") is Level.USER  # whole words only
    assert title_level("") is Level.USER
    assert title_level(None) is Level.USER
    assert [lv.rank for lv in Level] == [0, 1, 2, 3]


def test_reports_push_managers_up() -> None:
    people = [person(1, "Analyst"), person(2, "Analyst"), person(3, "Manager"), person(4, "CFO")]
    links = [reports(1, 2), reports(2, 3), reports(3, 4)]
    levels = person_levels(people, links)
    # 2 has a report, so it is a manager; 3 manages a manager, so it is a VP/director.
    assert levels == {
        1: Level.USER,
        2: Level.MANAGER,
        3: Level.VP_DIRECTOR,
        4: Level.EXECUTIVE,
    }


def test_executive_reporting_to_executive_sits_one_row_lower() -> None:
    people = [person(1, "CEO"), person(2, "CFO"), person(3, "VP Finance")]
    links = [reports(2, 1), reports(3, 2)]
    assert person_levels(people, links) == {
        1: Level.EXECUTIVE,
        2: Level.EXECUTIVE,
        3: Level.VP_DIRECTOR,
    }
    assert layout_rows(people, links) == {1: 0, 2: 1, 3: 2}


def test_loops_and_strays_are_ignored() -> None:
    people = [person(1), person(2), person(3)]
    links = [
        reports(1, 2),
        reports(2, 1),  # closes a loop
        reports(3, 3),  # to oneself
        reports(3, 99),  # to someone not on the map
        LinkFacts(3, 1, "influences"),
    ]
    assert reporting_lines(people, links) == {1: (2,), 2: (), 3: ()}
    rows = layout_rows(people, links)
    assert rows[2] < rows[1]


def test_reports_sit_under_their_manager() -> None:
    people = [person(1, "VP Finance"), person(2, "Analyst"), person(3, "Analyst")]
    links = [reports(2, 1), reports(3, 1)]
    pos = auto_layout(people, links)
    assert pos[2][1] == pos[3][1] == CARD_H + GAP_Y
    assert pos[1][1] == 0
    # The manager is centred over the two reports.
    assert pos[1][0] == (pos[2][0] + pos[3][0]) / 2
    assert pos[3][0] - pos[2][0] == CARD_W + GAP_X


def test_overlaps() -> None:
    assert not overlaps({1: (0, 0), 2: (10, 0)}, 10, 5)  # touching edges
    assert overlaps({1: (0, 0), 2: (9.5, 4)}, 10, 5)
    assert not overlaps({1: (0, 0), 2: (5, 5)}, 10, 5)
    assert not overlaps({}, 10, 5)


def test_fixed_people_keep_their_place_and_new_ones_go_under_the_manager() -> None:
    people = [person(1, "CEO"), person(2, "Analyst"), person(3, "Analyst")]
    links = [reports(2, 1), reports(3, 1)]
    fixed = {1: (500.0, 40.0), 2: (500.0, 40.0 + CARD_H + GAP_Y)}
    pos = auto_layout(people, links, fixed=fixed)
    assert pos[1] == fixed[1]
    assert pos[2] == fixed[2]
    # 3 goes on its manager's next row, beside 2 rather than on top of it.
    assert pos[3][1] == fixed[2][1]
    assert abs(pos[3][0] - fixed[2][0]) >= CARD_W + GAP_X
    assert not overlaps(pos, CARD_W, CARD_H)


def test_layout_is_deterministic_and_independent_of_input_order() -> None:
    people = [person(i, TITLES[i % len(TITLES)]) for i in range(1, 12)]
    links = [reports(i, (i - 1) // 2) for i in range(2, 12)]
    first = auto_layout(people, links)
    assert auto_layout(list(reversed(people)), list(reversed(links))) == first


Chart = tuple[list[StakeholderFacts], list[LinkFacts]]


@st.composite
def org_charts(
    draw: st.DrawFn, loops: bool = False
) -> tuple[list[StakeholderFacts], list[LinkFacts]]:
    n = draw(st.integers(min_value=1, max_value=24))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    people = [person(pid, draw(st.sampled_from(TITLES))) for pid in ids]
    links: list[LinkFacts] = []
    for index, pid in enumerate(ids[1:], start=1):
        if draw(st.booleans()):
            links.append(reports(pid, ids[draw(st.integers(0, index - 1))]))
    if loops:
        extra = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=6))
        links.extend(reports(a, b) for a, b in extra)
    links.extend(
        LinkFacts(a, b, "influences")
        for a, b in draw(
            st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=4)
        )
    )
    return people, links


@settings(max_examples=200, deadline=None)
@given(org_charts())
def test_random_org_charts_never_overlap_and_managers_sit_above(
    chart: Chart,
) -> None:
    people, links = chart
    pos = auto_layout(people, links)
    assert set(pos) == {p.id for p in people}
    assert not overlaps(pos, CARD_W, CARD_H)
    levels = person_levels(people, links)
    for link in links:
        if link.kind == "reports_to":
            # Every manager (executives included) is above each of their reports...
            assert pos[link.to_id][1] < pos[link.from_id][1]
            # ...and never at a lower level.
            assert levels[link.to_id].rank <= levels[link.from_id].rank
    # A reporting line that crosses rows has its report's column to itself on the way up.
    for link in links:
        if link.kind != "reports_to":
            continue
        (x, y), (_, top) = pos[link.from_id], pos[link.to_id]
        for other, (ox, oy) in pos.items():
            if other not in (link.from_id, link.to_id) and top < oy < y:
                assert abs(ox - x) >= CARD_W, (link, other)
    # Rows follow levels: nobody sits above someone of a more senior level.
    for a, b in itertools.permutations(people, 2):
        if levels[a.id].rank < levels[b.id].rank:
            assert pos[a.id][1] < pos[b.id][1]


@settings(max_examples=100, deadline=None)
@given(org_charts(loops=True))
def test_charts_with_loops_still_lay_out_without_overlap(
    chart: Chart,
) -> None:
    people, links = chart
    pos = auto_layout(people, links, card_w=120, card_h=60, gap_x=10, gap_y=30)
    assert not overlaps(pos, 120, 60)
    managers = reporting_lines(people, links)
    for report, ups in managers.items():
        for manager in ups:
            assert pos[manager][1] < pos[report][1]


@settings(max_examples=150, deadline=None)
@given(org_charts(), st.data())
def test_saved_positions_are_kept_and_new_cards_avoid_them(
    chart: Chart, data: st.DataObject
) -> None:
    people, links = chart
    ids = [p.id for p in people]
    saved = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    cells = data.draw(
        st.lists(
            st.tuples(st.integers(-6, 6), st.integers(-3, 6)),
            min_size=len(saved),
            max_size=len(saved),
            unique=True,
        )
    )
    # Saved cards sit on a loose grid (never overlapping one another), nudged off it.
    fixed = {
        pid: (cx * (CARD_W + 5) + 3.5, cy * (CARD_H + 7) - 11.0)
        for pid, (cx, cy) in zip(saved, cells, strict=True)
    }
    pos = auto_layout(people, links, fixed=fixed)
    assert set(pos) == set(ids)
    for pid, spot in fixed.items():
        assert pos[pid] == spot
    assert not overlaps(pos, CARD_W, CARD_H)
    assert auto_layout(people, links, fixed=fixed) == pos
