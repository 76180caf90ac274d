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
    # Wrapped whole, between words.
    assert len(titles) >= 2
    assert " ".join(titles) == LONG_TITLE
    # Lines under the cards, with arrowheads.
    arrows = list(figure.findobj(FancyArrowPatch))
    cards = [p for p in figure.findobj(FancyBboxPatch) if str(p.get_gid()).startswith("card-")]
    assert arrows and all(a.get_zorder() < min(c.get_zorder() for c in cards) for a in arrows)
    assert all(a.get_mutation_scale() >= 7 for a in arrows)


VERY_LONG_TITLE = (
    "Executive Vice President and Chief Transformation Officer, Global Finance, Procurement, "
    "Shared Services and Enterprise Risk Management for the Americas and Asia Pacific"
)


def _title_lines(figure, person: int) -> list[Text]:  # type: ignore[no-untyped-def]
    texts = [t for t in figure.findobj(Text) if str(t.get_gid()).startswith(f"title-{person}-")]
    return sorted(texts, key=lambda t: int(str(t.get_gid()).rsplit("-", 1)[1]))


def test_a_very_long_title_is_printed_whole_on_a_taller_card() -> None:
    people = _people(4)
    people[2] = people[2]._replace(title=VERY_LONG_TITLE)
    links = [LinkFacts(i, 1, "reports_to") for i in range(2, 5)]
    figure = drawn(
        stakeholder_map(people, links, None, as_of=TODAY, theme=PRINT, width_in=6.3, min_text_pt=8)
    )
    lines = _title_lines(figure, 3)
    assert len(lines) > 2
    assert " ".join(t.get_text() for t in lines).split() == VERY_LONG_TITLE.split()
    assert all("…" not in t.get_text() for t in lines)
    assert min(t.get_fontsize() for t in lines) >= 8 - 1e-6
    # Every line sits inside its card, and the role badges and dots below the title.
    card = next(p for p in figure.findobj(FancyBboxPatch) if p.get_gid() == "card-3")
    bottom = card.get_y() + card.get_height()
    assert all(card.get_y() < t.get_position()[1] < bottom for t in lines)
    dots = [p for p in figure.findobj() if str(p.get_gid()).startswith("dot-3-")]
    assert dots and all(d.center[1] > lines[-1].get_position()[1] for d in dots)
    # Cards of the same size, none overlapping.
    cards = [p for p in figure.findobj(FancyBboxPatch) if str(p.get_gid()).startswith("card-")]
    assert len({round(c.get_height(), 6) for c in cards}) == 1
    boxes = [
        (c.get_x(), c.get_y(), c.get_x() + c.get_width(), c.get_y() + c.get_height()) for c in cards
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_rows_too_wide_for_the_page_continue_beneath() -> None:
    spots = {i: (i * 224.0, 0.0) for i in range(5)} | {9: (0.0, 152.0)}
    placed = print_rows(spots, 3, 200, 96)
    assert [placed[i][1] for i in range(5)] == [0.0, 0.0, 0.0, 152.0, 152.0]
    assert placed[9][1] == 304.0
    assert print_rows(spots, 5, 200, 96) == spots
