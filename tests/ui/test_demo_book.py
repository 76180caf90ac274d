"""The window on the demo book: every tab of Northwind Payments, and an ARR edit that moves
its segment, health and forecast, undone back to every original value."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from csm_desk.engine.vocab import Area, Segment
from csm_desk.ui.account.workspace import TAB_CLASSES
from csm_desk.ui.portfolio_model import Column
from tests.ui.conftest import account_id

NORTHWIND = "Northwind Payments"


@pytest.mark.parametrize("tab", TAB_CLASSES, ids=lambda cls: cls.area.value)
def test_each_tab_opens_on_northwind(demo_window, tab) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(demo_window, NORTHWIND)
    demo_window.open_account(northwind, tab.area.value)
    workspace = demo_window.workspace
    page = workspace.pages[tab.area]
    assert workspace.tabs.currentWidget() is page
    assert workspace.header.name.text() == NORTHWIND
    assert page.ctx is not None
    for form in page.forms:
        if form.isVisibleTo(page):
            assert form.row is not None
    non_empty = [t for t in page.tables if t.rows.rowCount()]
    if page.tables:
        assert non_empty, f"{tab.title} shows none of Northwind's rows"
    if tab.artifact is not None:
        state = demo_window.session.account(northwind).artifacts[tab.artifact]
        assert state.status.label in page.banner.status.text()
        index = workspace.tabs.indexOf(page)
        assert state.describe() in workspace.tabs.tabToolTip(index)


def test_health_tab_explains_the_score_and_its_change(demo_window) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(demo_window, NORTHWIND)
    demo_window.open_account(northwind, Area.HEALTH.value)
    page = demo_window.workspace.pages[Area.HEALTH]
    health = demo_window.session.account(northwind).health
    assert page.components.rowCount() == len(health.components)
    points = sum(c.contribution for c in health.components.values())
    assert points == pytest.approx(health.score)
    assert page.before.count() >= 2
    assert page.diff_summary.text().startswith(("Rose", "Fell", "No change"))


def test_edit_arr_on_northwind_and_undo(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(demo_window, NORTHWIND)
    session = demo_window.session
    demo_window.open_account(northwind)
    model = demo_window.portfolio.model
    row = model.row_of(northwind)
    before_texts = tuple(model.index(row, c).data() for c in Column)
    before = session.account(northwind)
    assert before.segment is Segment.LOW_TOUCH
    arr = demo_window.workspace.pages[Area.SNAPSHOT].form.widgets["arr"]
    arr.setFocus()
    arr.selectAll()
    qtbot.keyClicks(arr, "150000")
    qtbot.keyClick(arr, Qt.Key.Key_Return)
    after = session.account(northwind)
    assert after.arr == 150_000.0
    assert after.segment is Segment.HIGH_TOUCH
    assert after.health.score != before.health.score  # high-touch weights
    assert after.forecast_arr != before.forecast_arr
    row = model.row_of(northwind)
    assert model.index(row, Column.ARR).data() == "$150,000"
    assert model.index(row, Column.SEGMENT).data().startswith("High touch")
    assert model.index(row, Column.HEALTH).data() == f"{after.health.score:.1f}"
    assert demo_window.workspace.header.facts.text().startswith("High touch")
    demo_window.commands.undo.trigger()
    restored = session.account(northwind)
    assert restored.arr == before.arr
    assert restored.segment is before.segment
    assert restored.health.score == before.health.score
    assert restored.forecast_arr == before.forecast_arr
    row = model.row_of(northwind)
    assert tuple(model.index(row, c).data() for c in Column) == before_texts


def test_churned_accounts_show_only_when_asked(demo_window) -> None:  # type: ignore[no-untyped-def]
    session = demo_window.session
    churned = [a for a in session.result.accounts if a.churned]
    assert churned
    proxy = demo_window.portfolio.proxy
    assert proxy.rowCount() == len(session.result.active)
    demo_window.commands.show_churned.trigger()
    assert demo_window.portfolio.churned_filter.isChecked()
    assert proxy.rowCount() == len(session.result.accounts)
    demo_window.portfolio.churned_filter.setChecked(False)
    assert not demo_window.commands.show_churned.isChecked()
    assert proxy.rowCount() == len(session.result.active)


def test_hiding_the_filters_clears_them(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = demo_window.portfolio
    qtbot.keyClicks(view.search, "north")
    assert view.proxy.rowCount() == 1
    demo_window.commands.show_filters.trigger()
    assert view.filter_bar.isHidden()
    assert view.proxy.rowCount() == len(demo_window.session.result.active)


def test_every_workspace_model_passes_the_model_tester(demo_window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(demo_window, NORTHWIND)
    checked = 0
    for area in Area:
        demo_window.open_account(northwind, area.value)
        page = demo_window.workspace.pages[area]
        for table in page.tables:
            qtmodeltester.check(table.rows)
            checked += 1
    health = demo_window.workspace.pages[Area.HEALTH]
    qtmodeltester.check(health.components)
    qtmodeltester.check(health.moves)
    assert checked >= 20
