"""The printed stakeholder map: no text under 8 pt at print size, full job titles on two lines,
lines beneath the cards with arrowheads, and rows too wide for the page continued beneath."""

from __future__ import annotations

import datetime as dt

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text

from csm_desk.charts.stakeholder_map import print_rows, stakeholder_map
from csm_desk.charts.theme import PRINT
from csm_desk.engine.facts import LinkFacts, StakeholderFacts
from tests.charts.conftest import drawn

TODAY = dt.date(2026, 11, 22)
LONG_TITLE = "Senior Vice President, Global Finance Transformation and Shared Services"


def _people(count: int) -> list[StakeholderFacts]:
    return [
        StakeholderFacts(
            i,
            f"Person {i}",
            LONG_TITLE if i == 2 else "Controller",
            frozenset(),
            2,
            3,
            "supporter",
            False,
            None,
            (TODAY,),
        )
        for i in range(1, count + 1)
    ]


def test_printed_map_text_is_at_least_8_pt_and_titles_are_whole() -> None:
    people = _people(7)
    links = [LinkFacts(i, 1, "reports_to") for i in range(2, 8)]
    figure = drawn(
        stakeholder_map(people, links, None, as_of=TODAY, theme=PRINT, width_in=6.3, min_text_pt=8)
    )
    width, _height = figure.get_size_inches()
    assert width <= 6.3 + 1e-9
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip()]
    assert sizes and min(sizes) >= 8 - 1e-6
    titles = [t.get_text() for t in figure.findobj(Text) if str(t.get_gid()).startswith("title-2-")]
    # Wrapped onto two lines, the first line whole words only.
    assert len(titles) == 2
    assert LONG_TITLE.startswith(titles[0]) and "…" not in titles[0]
    # Lines under the cards, with arrowheads.
    arrows = list(figure.findobj(FancyArrowPatch))
    cards = [p for p in figure.findobj(FancyBboxPatch) if str(p.get_gid()).startswith("card-")]
    assert arrows and all(a.get_zorder() < min(c.get_zorder() for c in cards) for a in arrows)
    assert all(a.get_mutation_scale() >= 7 for a in arrows)


def test_rows_too_wide_for_the_page_continue_beneath() -> None:
    spots = {i: (i * 224.0, 0.0) for i in range(5)} | {9: (0.0, 152.0)}
    placed = print_rows(spots, 3, 200, 96)
    assert [placed[i][1] for i in range(5)] == [0.0, 0.0, 0.0, 152.0, 152.0]
    assert placed[9][1] == 304.0
    assert print_rows(spots, 5, 200, 96) == spots
