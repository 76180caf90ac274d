"""The stakeholder map canvas on the demo book's Northwind Payments: moves saved and undone,
layout, coverage, keyboard, delete, lines, the person dialog, and the PNG."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from sqlalchemy import text

from csm_desk.engine.coverage import Gap
from csm_desk.engine.maplayout import CARD_H, CARD_W, overlaps
from csm_desk.engine.vocab import Area, LinkKind
from csm_desk.models.ops import SetFields
from csm_desk.ui.stakeholder_map.card import CardItem
from csm_desk.ui.stakeholder_map.lines import LinkItem
from csm_desk.ui.stakeholder_map.scene import DEBOUNCE_MS

NORTHWIND = "Northwind Payments"


@pytest.fixture
def win(qtbot, demo_path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from csm_desk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_book(demo_path)
    window.resize(1400, 900)
    window.show()
    account = next(a.id for a in window.session.result.accounts if a.name == NORTHWIND)
    window.open_account(account, Area.STAKEHOLDERS.value)
    yield window
    window.close_book()


def tab(win):  # type: ignore[no-untyped-def]
    return win.workspace.pages[Area.STAKEHOLDERS]


def panel(win):  # type: ignore[no-untyped-def]
    return tab(win).map_panel


def person_id(win, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, c in panel(win).scene.cards.items() if c.facts.name == name)


def card(win, name: str) -> CardItem:  # type: ignore[no-untyped-def]
    return panel(win).scene.cards[person_id(win, name)]


def saved_position(win, name: str) -> tuple[float | None, float | None]:  # type: ignore[no-untyped-def]
    with win.session.book.engine.connect() as conn:
        row = conn.execute(
            text("SELECT canvas_x, canvas_y FROM stakeholder WHERE name = :n"), {"n": name}
        ).one()
    return (row[0], row[1])


def line_between(win, a: str, b: str, kind: str) -> LinkItem:  # type: ignore[no-untyped-def]
    first, second = person_id(win, a), person_id(win, b)
    return next(
        line
        for line in panel(win).scene.lines.values()
        if (line.link.from_id, line.link.to_id, line.link.kind) == (first, second, kind)
    )


def test_moving_a_card_moves_its_lines_saves_after_the_debounce_and_undo_restores(
    win, qtbot
) -> None:  # type: ignore[no-untyped-def]
    daniel = card(win, "Daniel Cho")
    line = line_between(win, "Daniel Cho", "Aisha Khan", LinkKind.REPORTS_TO)
    before = QPointF(daniel.pos())
    assert saved_position(win, "Daniel Cho") == (None, None)  # the demo map is laid out

    daniel.setPos(before + QPointF(120, 40))
    # The reporting line now starts at the top middle of the card where it is.
    start = line.path.elementAt(0)
    assert (start.x, start.y) == (before.x() + 120 + CARD_W / 2, before.y() + 40)
    assert saved_position(win, "Daniel Cho") == (None, None)  # not saved before the debounce

    qtbot.waitUntil(lambda: saved_position(win, "Daniel Cho") != (None, None), timeout=3000)
    assert saved_position(win, "Daniel Cho") == (before.x() + 120, before.y() + 40)
    # Everyone else is pinned where they stood, in the same step.
    assert saved_position(win, "Elena Vasquez") == (
        card(win, "Elena Vasquez").pos().x(),
        card(win, "Elena Vasquez").pos().y(),
    )
    stack = win.session.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Move Daniel Cho"

    win.commands.undo.trigger()
    assert saved_position(win, "Daniel Cho") == (None, None)
    assert saved_position(win, "Elena Vasquez") == (None, None)
    assert card(win, "Daniel Cho").pos() == before
    start = line.path.elementAt(0)
    assert (start.x, start.y) == (before.x() + CARD_W / 2, before.y())
    win.commands.redo.trigger()
    assert card(win, "Daniel Cho").pos() == before + QPointF(120, 40)


def test_no_save_while_a_drag_is_held(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    scene = panel(win).scene
    tom = card(win, "Tom Becker")
    tom.grabMouse()
    try:
        tom.moveBy(30, 0)
        qtbot.wait(DEBOUNCE_MS * 2)
        assert scene.pending
        assert win.session.undo_stack.count() == 0
    finally:
        tom.ungrabMouse()
    qtbot.waitUntil(lambda: win.session.undo_stack.count() == 1, timeout=3000)


def test_a_multi_card_move_is_one_undo_step(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    for name in ("Tom Becker", "Greg Halvorsen"):
        card(win, name).moveBy(0, 200)
    qtbot.waitUntil(lambda: win.session.undo_stack.count() == 1, timeout=3000)
    assert win.session.undo_stack.undoText() == "Move 2 people"
    moved = card(win, "Greg Halvorsen").pos()
    assert saved_position(win, "Greg Halvorsen") == (moved.x(), moved.y())


def test_keyboard_nudge_moves_the_selection_and_saves_like_a_drag(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = panel(win).view
    greg = card(win, "Greg Halvorsen")
    start = QPointF(greg.pos())
    panel(win).scene.select_people([greg.person_id])
    view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert greg.pos() == start + QPointF(20, 1)
    qtbot.waitUntil(lambda: win.session.undo_stack.count() == 1, timeout=3000)
    assert saved_position(win, "Greg Halvorsen") == (start.x() + 20, start.y() + 1)
    win.commands.undo.trigger()
    assert card(win, "Greg Halvorsen").pos() == start


def test_auto_layout_puts_executives_above_their_reports_without_overlaps(win) -> None:  # type: ignore[no-untyped-def]
    def y(name: str) -> float:
        return card(win, name).pos().y()

    assert y("Elena Vasquez") < y("Tom Becker") < y("Aisha Khan") < y("Daniel Cho")
    assert y("Marcus Oyelaran") < y("Sofia Lindqvist")
    spots = {i: (c.pos().x(), c.pos().y()) for i, c in panel(win).scene.cards.items()}
    assert len(spots) == 8
    assert not overlaps(spots, CARD_W, CARD_H)


def test_tidy_layout_is_one_undo_step_and_puts_everyone_back(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    original = {i: c.pos() for i, c in panel(win).scene.cards.items()}
    card(win, "Daniel Cho").setPos(card(win, "Elena Vasquez").pos())  # on top of Elena
    qtbot.waitUntil(lambda: win.session.undo_stack.count() == 1, timeout=3000)
    assert panel(win).tidy_layout()
    assert win.session.undo_stack.undoText() == "Tidy layout"
    assert {i: c.pos() for i, c in panel(win).scene.cards.items()} == original
    daniel = original[person_id(win, "Daniel Cho")]
    assert saved_position(win, "Daniel Cho") == (daniel.x(), daniel.y())
    assert not panel(win).tidy_layout()
    assert panel(win).note.text() == "Already tidy"
    win.commands.undo.trigger()
    assert card(win, "Daniel Cho").pos() == card(win, "Elena Vasquez").pos()


def test_coverage_of_northwind_and_choosing_a_finding_selects_its_people(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    coverage = panel(win).coverage
    findings = coverage.findings
    assert [f.gap for f in findings] == [Gap.CHAMPION_DEPARTED, Gap.NOT_CONTACTED]
    left, quiet = findings
    assert left.people == (person_id(win, "Priya Raman"),)
    assert "Aisha Khan still champions the account" in left.message
    quiet_names = {panel(win).scene.cards[i].facts.name for i in quiet.people}
    assert quiet_names == {
        "Marcus Oyelaran",
        "Elena Vasquez",
        "Tom Becker",
        "Greg Halvorsen",
        "Sofia Lindqvist",
    }
    assert all(panel(win).scene.cards[i].facts.quiet for i in quiet.people)
    assert not card(win, "Aisha Khan").facts.quiet
    assert coverage.texts()[0].startswith("Champion departed\nLeft: Priya Raman")

    coverage.rows[1].click()
    assert panel(win).scene.selected_people() == sorted(quiet.people)
    coverage.rows[0].setFocus()
    qtbot.keyClick(coverage.rows[0], Qt.Key.Key_Return)
    assert panel(win).scene.selected_people() == [person_id(win, "Priya Raman")]


def test_a_blocker_whose_renewal_step_is_done_becomes_a_gap(win) -> None:  # type: ignore[no-untyped-def]
    # Greg is covered only by his open renewal next step; closing it leaves him unaddressed.
    ctx = win.workspace.ctx
    step = next(r for r in ctx.rows_of("renewal_next_step") if r["owner"] == "Greg Halvorsen")
    assert win.session.apply(SetFields("renewal_next_step", {"id": step["id"]}, {"done": True}))
    gaps = {f.gap: f for f in panel(win).coverage.findings}
    assert gaps[Gap.BLOCKER_UNADDRESSED].people == (person_id(win, "Greg Halvorsen"),)


def test_delete_removes_the_person_and_their_lines_and_undo_brings_all_back(win) -> None:  # type: ignore[no-untyped-def]
    scene = panel(win).scene
    greg = person_id(win, "Greg Halvorsen")
    lines_before = len(scene.lines)
    greg_lines = [
        line for line in scene.lines.values() if greg in (line.link.from_id, line.link.to_id)
    ]
    assert len(greg_lines) == 1
    scene.select_people([greg])
    panel(win).view.setFocus()
    assert panel(win).delete_selected()
    assert greg not in scene.cards
    assert len(scene.lines) == lines_before - 1
    assert all(r["id"] != greg for r in win.workspace.ctx.rows_of("stakeholder"))
    assert win.session.undo_stack.undoText() == "Delete Greg Halvorsen"

    win.commands.undo.trigger()
    assert greg in scene.cards
    assert len(scene.lines) == lines_before
    restored = line_between(win, "Greg Halvorsen", "Marcus Oyelaran", LinkKind.INFLUENCES)
    assert restored.source is scene.cards[greg]


def test_delete_a_line_with_the_delete_key(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    line = line_between(win, "Greg Halvorsen", "Marcus Oyelaran", LinkKind.INFLUENCES)
    link_id = line.link.id
    panel(win).scene.clearSelection()
    line.setSelected(True)
    view = panel(win).view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert link_id not in panel(win).scene.lines
    assert win.session.undo_stack.undoText() == "Delete line"
    win.commands.undo.trigger()
    assert link_id in panel(win).scene.lines


def test_add_a_reporting_line_from_the_context_menu(win) -> None:  # type: ignore[no-untyped-def]
    greg, elena = person_id(win, "Greg Halvorsen"), person_id(win, "Elena Vasquez")
    menu = panel(win).build_menu(card(win, "Greg Halvorsen"), QPointF())
    reports = next(a.menu() for a in menu.actions() if a.text() == "Reports to")
    target = next(a for a in reports.actions() if a.text() == "Elena Vasquez")
    assert all(a.text() != "Greg Halvorsen" for a in reports.actions())
    target.trigger()
    line = line_between(win, "Greg Halvorsen", "Elena Vasquez", LinkKind.REPORTS_TO)
    assert (line.source.person_id, line.target.person_id) == (greg, elena)
    assert win.session.undo_stack.undoText() == "Greg Halvorsen reports to Elena Vasquez"
    # The line exists now, so the menu offers it no more.
    menu = panel(win).build_menu(card(win, "Greg Halvorsen"), QPointF())
    reports = next(a.menu() for a in menu.actions() if a.text() == "Reports to")
    assert not next(a for a in reports.actions() if a.text() == "Elena Vasquez").isEnabled()
    # Drawn as an org-chart elbow up to Elena's card, arrow at her.
    end = line.path.elementAt(line.path.elementCount() - 1)
    elena_card = card(win, "Elena Vasquez")
    assert (end.x, end.y) == (elena_card.pos().x() + CARD_W / 2, elena_card.pos().y() + CARD_H)
    win.commands.undo.trigger()
    assert all(
        (k.link.from_id, k.link.to_id) != (greg, elena) for k in panel(win).scene.lines.values()
    )


def test_add_a_person_where_the_menu_was_opened_and_edit_them(win, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    map_panel = panel(win)
    monkeypatch.setattr(
        map_panel,
        "ask_person",
        lambda row: {"name": "Ines Duarte", "title": "Chief Risk Officer", "roles": "influencer"},
    )
    new_id = map_panel.add_person(QPointF(900, 700))
    assert new_id is not None
    item = map_panel.scene.cards[new_id]
    assert item.pos() == QPointF(900 - CARD_W / 2, 700 - CARD_H / 2)
    assert item.isSelected()
    assert win.session.undo_stack.undoText() == "Add Ines Duarte"
    # The table shows her too: both views edit the same rows.
    people = tab(win).people.rows
    assert any(people.row_at(i)["name"] == "Ines Duarte" for i in range(people.rowCount()))

    monkeypatch.setattr(map_panel, "ask_person", lambda row: {"stance": "resistant"})
    assert map_panel.edit_person(new_id)
    assert map_panel.scene.cards[new_id].facts.stance == "resistant"
    assert win.session.undo_stack.undoText() == "Edit Ines Duarte"
    win.commands.undo.trigger()
    win.commands.undo.trigger()
    assert new_id not in map_panel.scene.cards


def test_an_edit_in_the_table_updates_the_map(win) -> None:  # type: ignore[no-untyped-def]
    daniel = person_id(win, "Daniel Cho")
    tab(win).people.edit_requested.emit({"id": daniel}, "relationship_strength", 5)
    assert panel(win).scene.cards[daniel].facts.strength == 5
    assert "relationship 5/5" in panel(win).scene.cards[daniel].toolTip()


def test_the_person_dialog_writes_only_what_changed(qtbot) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.stakeholder_map.dialogs import PersonDialog

    row = {"id": 3, "name": "Tom Becker", "title": "Head of Platform", "roles": "champion",
           "influence": 3, "departed": False}  # fmt: skip
    dialog = PersonDialog(row)
    qtbot.addWidget(dialog)
    title = dialog.form.widgets["title"]
    title.setText("")
    dialog.form.widgets["influence"].setText("4")
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.changes() == {"title": None, "influence": 4}


def test_departed_people_are_greyed_and_struck_through(win) -> None:  # type: ignore[no-untyped-def]
    priya = card(win, "Priya Raman").facts
    assert priya.departed
    assert not priya.quiet  # a departed person is not "not contacted"
    assert "Departed on" in priya.tooltip


def test_zoom_and_fit(win) -> None:  # type: ignore[no-untyped-def]
    map_panel = panel(win)
    view = map_panel.view
    map_panel.fit_action.trigger()
    fitted = view.zoom()
    assert 0.15 <= fitted <= 1.0
    map_panel.zoom_in_action.trigger()
    assert view.zoom() == pytest.approx(fitted * 1.2)
    assert map_panel.zoom_label.text() == f"{view.zoom() * 100:.0f} %"
    assert not view.auto_fit
    map_panel.zoom_out_action.trigger()
    map_panel.zoom_out_action.trigger()
    assert view.zoom() == pytest.approx(fitted / 1.2)
    assert {k.toString() for k in map_panel.fit_action.shortcuts()} == {"Ctrl+0"}
    assert "Ctrl+=" in {k.toString() for k in map_panel.zoom_in_action.shortcuts()}
    view.show_people([person_id(win, "Daniel Cho")])
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(card(win, "Daniel Cho").rect_in_scene())


def test_map_and_table_toggle(win) -> None:  # type: ignore[no-untyped-def]
    page = tab(win)
    assert page.map_panel.isVisible()
    assert not page.scroll_area.isVisible()
    page.show_table.setChecked(True)
    assert page.scroll_area.isVisible()
    page.show_map.setChecked(False)
    assert not page.map_panel.isVisible()
    page.show_table.setChecked(False)  # one of the two always stays
    assert page.show_map.isChecked()
    assert page.map_panel.isVisible()


def test_map_png_is_a4_wide_at_200_dpi_on_white(win, tmp_path) -> None:  # type: ignore[no-untyped-def]
    map_panel = panel(win)
    map_panel.scene.select_people([person_id(win, "Tom Becker")])
    data = map_panel.map_png()
    assert data.startswith(b"\x89PNG")
    image = QImage.fromData(data)
    assert image.width() == round(8.27 * 200)
    assert image.dotsPerMeterX() == round(200 / 0.0254)
    assert image.pixelColor(2, 2).name() == "#ffffff"
    assert image.height() > 600
    # The selection is kept, and the canvas keeps its own colours.
    assert map_panel.scene.selected_people() == [person_id(win, "Tom Becker")]
    assert map_panel.scene.colours.name == "palette"
    out = map_panel.save_png(tmp_path / "map.png")
    assert QImage(str(out)).width() == image.width()


def test_map_png_for_an_account_whose_tab_was_not_shown(win) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.account.context import AccountContext

    others = {a.name: a.id for a in win.session.result.accounts}
    win.open_account(others["Halcyon Health Systems"], Area.SNAPSHOT.value)
    ctx = AccountContext(win.session, others["Halcyon Health Systems"])
    data = tab(win).map_png(ctx)
    assert data is not None and data.startswith(b"\x89PNG")
    names = {c.facts.name for c in panel(win).scene.cards.values()}
    assert names == {r["name"] for r in ctx.rows_of("stakeholder")}
    assert tab(win).map_png(AccountContext(win.session, others["Juniper Robotics"])) is None


def test_double_click_on_a_card_opens_the_person_dialog(win, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[dict] = []
    monkeypatch.setattr(panel(win), "ask_person", lambda row: asked.append(row) or None)
    view = panel(win).view
    tom = card(win, "Tom Becker")
    where = view.mapFromScene(tom.rect_in_scene().center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert [row["name"] for row in asked] == ["Tom Becker"]
    assert win.session.undo_stack.count() == 0  # cancelled: nothing written


def test_the_map_is_in_view_when_its_tab_is_opened_after_another(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    """Built while its tab was hidden, the map is still fitted and centred when shown."""
    from csm_desk.engine.vocab import Area

    demo_window.resize(1400, 900)
    demo_window.show()
    qtbot.waitExposed(demo_window)
    northwind = next(
        a.id for a in demo_window.session.result.accounts if a.name == "Northwind Payments"
    )
    for area in (Area.SNAPSHOT, Area.ONBOARDING, Area.STAKEHOLDERS):
        demo_window.open_account(northwind, area.value)
        qtbot.wait(200)
    view = demo_window.workspace.pages[Area.STAKEHOLDERS].map_panel.view
    qtbot.waitExposed(view)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(view.map_scene.map_rect().center())
    for card in view.map_scene.cards.values():
        assert shown.intersects(card.rect_in_scene()), card.facts.name


def test_the_map_bounds_are_set_when_it_is_built(win) -> None:  # type: ignore[no-untyped-def]
    """The view can fit and centre the map at once, before the event loop has run."""
    scene = panel(win).scene
    assert scene.sceneRect() == scene.map_rect()
    assert panel(win).view.sceneRect() == scene.map_rect()
    far = next(iter(scene.cards.values()))
    far.setPos(far.pos().x() + 3000, far.pos().y())
    assert scene.sceneRect().contains(far.rect_in_scene())
