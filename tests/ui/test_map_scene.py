"""The map scene on its own: colours shared with the printed map, updates in place, lines that
follow only their own cards, and moves reported once."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPalette

from csm_desk.charts import theme as chart_theme
from csm_desk.ui.stakeholder_map import colours
from csm_desk.ui.stakeholder_map.lines import MapLink
from csm_desk.ui.stakeholder_map.scene import MapScene
from tests.factories import AS_OF, person


def test_card_colours_and_badges_match_the_printed_map() -> None:
    for ours, theirs in ((colours.LIGHT, chart_theme.LIGHT), (colours.DARK, chart_theme.DARK)):
        assert (ours.background, ours.foreground, ours.muted) == (
            theirs.background,
            theirs.foreground,
            theirs.muted,
        )
        for stance in ("supporter", "neutral", "resistant", "departed"):
            assert getattr(ours, stance) == getattr(theirs, stance)
        assert ours.champion == theirs.healthy
        assert ours.economic_buyer == theirs.series[0]
        assert ours.executive_sponsor == theirs.series[2]
        assert ours.blocker == theirs.critical
        assert ours.no_contact == theirs.at_risk
    assert colours.PRINT.foreground == chart_theme.PRINT.foreground
    assert colours.PRINT.muted == chart_theme.PRINT.muted


@pytest.mark.parametrize(
    ("base", "text", "highlight"),
    [("#ffffff", "#1f2328", "#1f6fbf"), ("#1f2125", "#e8eaed", "#3d7bd9")],
)
def test_palette_colours_follow_the_chart_theme_rule(qtbot, base, text, highlight) -> None:  # type: ignore[no-untyped-def]
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(highlight))
    ours = colours.for_palette(palette)
    theirs = chart_theme.theme_from_colours(base, text, highlight)
    assert ours.dark == theirs.dark
    for name in ("background", "foreground", "neutral", "departed", "supporter", "resistant"):
        assert QColor(getattr(ours, name)).name() == QColor(getattr(theirs, name)).name(), name
    # Mixed colours may differ by rounding only.
    assert abs(QColor(ours.muted).red() - QColor(theirs.muted).red()) <= 1
    assert ours.highlight == highlight


def _scene(qtbot):  # type: ignore[no-untyped-def]
    scene = MapScene(debounce_ms=50)
    people = [
        person(1, "economic_buyer", name="Ada Boss")._replace(title="CEO"),
        person(2, "champion", name="Bo Lead")._replace(title="Team Lead"),
        person(3, "end_user", name="Cy User"),
        person(4, "blocker", name="Di Block")._replace(title="VP Risk"),
    ]
    links = [
        MapLink(10, 2, 1, "reports_to"),
        MapLink(11, 3, 2, "reports_to"),
        MapLink(12, 4, 1, "influences"),
    ]
    scene.show_map(people, links, {}, as_of=AS_OF, quiet_days=90)
    return scene, people, links


def test_show_map_updates_in_place(qtbot) -> None:  # type: ignore[no-untyped-def]
    scene, people, links = _scene(qtbot)
    cards = dict(scene.cards)
    lines = dict(scene.lines)
    changed = [people[0]._replace(stance="resistant"), *people[1:]]
    scene.show_map(changed, links, {}, as_of=AS_OF, quiet_days=90)
    assert scene.cards == cards  # the same items
    assert scene.lines == lines
    assert scene.cards[1].facts.stance == "resistant"
    assert not scene.pending  # showing the book is not a move to save

    scene.show_map(people[:3], links, {}, as_of=AS_OF, quiet_days=90)
    assert set(scene.cards) == {1, 2, 3}
    assert set(scene.lines) == {10, 11}  # Di's line went with her
    assert all(line not in scene.cards[1].links for line in lines.values() if line.link.id == 12)


def test_saved_positions_win_and_unsaved_people_are_placed_around_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    scene, people, links = _scene(qtbot)
    scene.show_map(people, links, {1: (500.0, 40.0)}, as_of=AS_OF, quiet_days=90)
    assert scene.cards[1].pos() == QPointF(500, 40)
    assert scene.saved == {1}
    assert scene.cards[2].pos().y() > 40  # the report stays under the boss


def test_a_move_adjusts_only_the_lines_of_the_card_moved(qtbot) -> None:  # type: ignore[no-untyped-def]
    scene, _people, _links = _scene(qtbot)
    untouched = scene.lines[12].path.boundingRect()
    before = scene.lines[11].path.boundingRect()
    scene.cards[3].moveBy(60, 0)
    assert scene.lines[11].path.boundingRect() != before
    assert scene.lines[12].path.boundingRect() == untouched


def test_moves_are_reported_once_after_the_last(qtbot) -> None:  # type: ignore[no-untyped-def]
    scene, _people, _links = _scene(qtbot)
    start = scene.cards[3].pos()
    with qtbot.waitSignal(scene.positions_changed, timeout=2000) as signal:
        for _ in range(20):
            scene.cards[3].moveBy(1.4, 0)  # snapped to whole units as it goes
        scene.cards[4].moveBy(0, 10)
    moved = signal.args[0]
    assert set(moved) == {3, 4}
    assert moved[3][0] == start.x() + 20
    assert not scene.pending


def test_a_pending_move_survives_a_refresh(qtbot) -> None:  # type: ignore[no-untyped-def]
    scene, people, links = _scene(qtbot)
    scene.cards[3].moveBy(0, 300)
    moved_to = scene.cards[3].pos()
    scene.show_map(people, links, {}, as_of=AS_OF, quiet_days=90)
    assert scene.cards[3].pos() == moved_to
    assert scene.pending


def test_departed_and_quiet_marks(qtbot) -> None:  # type: ignore[no-untyped-def]
    scene = MapScene()
    people = [
        person(1, "champion", contact=None, departed=3),
        person(2, contact=91),
        person(3, contact=90),
    ]
    scene.show_map(people, [], {}, as_of=AS_OF, quiet_days=90)
    assert scene.cards[1].facts.departed and not scene.cards[1].facts.quiet
    assert scene.cards[2].facts.quiet
    assert not scene.cards[3].facts.quiet
    scene.show_map(people, [], {}, as_of=AS_OF, quiet_days=60)
    assert scene.cards[3].facts.quiet


def test_colours_change_without_rebuilding(qtbot) -> None:  # type: ignore[no-untyped-def]
    scene, _people, _links = _scene(qtbot)
    card = scene.cards[1]
    dark = dataclasses.replace(colours.DARK)
    scene.set_colours(dark)
    assert card.colours is dark
    assert scene.lines[10].colours is dark
