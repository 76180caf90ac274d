"""Churned accounts read as history when shown; the sort order holds through edits."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from csm_desk.engine.vocab import Area
from csm_desk.ui.portfolio_model import Column


def test_churned_rows_are_marked_when_shown(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    portfolio = demo_window.portfolio
    proxy = portfolio.proxy
    shown = proxy.rowCount()
    proxy.set_filters(show_churned=True)
    assert proxy.rowCount() > shown
    churned = {a.name for a in demo_window.session.result.accounts if a.churned}
    assert churned
    for r in range(proxy.rowCount()):
        name = proxy.index(r, Column.ACCOUNT).data()
        font = proxy.index(r, Column.ACCOUNT).data(Qt.ItemDataRole.FontRole)
        tip = proxy.index(r, Column.ACCOUNT).data(Qt.ItemDataRole.ToolTipRole) or ""
        if name in churned:
            assert font is not None and font.strikeOut() and tip.startswith("Churned")
        else:
            assert font is None


def test_the_sort_holds_after_an_edit(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    portfolio = demo_window.portfolio
    table = portfolio.table
    table.sortByColumn(Column.ARR, Qt.SortOrder.DescendingOrder)
    proxy = portfolio.proxy

    def arrs() -> list[float]:
        return [proxy.index(r, Column.ARR).data(SORT) for r in range(proxy.rowCount())]

    from csm_desk.ui.portfolio_model import SORT_ROLE as SORT

    assert arrs() == sorted(arrs(), reverse=True)
    smallest = proxy.index(proxy.rowCount() - 1, Column.ACCOUNT).data()
    account = next(a.id for a in demo_window.session.result.accounts if a.name == smallest)
    demo_window.open_account(account, Area.SNAPSHOT.value)
    field = demo_window.workspace.pages[Area.SNAPSHOT].form.widgets["arr"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "9,000,000")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: proxy.index(0, Column.ACCOUNT).data() == smallest, timeout=3000)
    assert arrs() == sorted(arrs(), reverse=True)
    assert table.horizontalHeader().sortIndicatorSection() == Column.ARR


def _show(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window.resize(1280, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def _click_header(qtbot, table, column: int) -> None:  # type: ignore[no-untyped-def]
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_churned_rows_are_marked_once_the_box_is_ticked(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _show(demo_window, qtbot)
    portfolio = demo_window.portfolio
    proxy = portfolio.proxy
    churned = {a.name for a in demo_window.session.result.accounts if a.churned}
    names = {proxy.index(r, Column.ACCOUNT).data() for r in range(proxy.rowCount())}
    assert churned and not churned & names
    box = portfolio.churned_filter
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert box.isChecked()
    shown = {
        proxy.index(r, Column.ACCOUNT).data(): proxy.index(r, Column.ACCOUNT)
        for r in range(proxy.rowCount())
    }
    assert churned <= set(shown)
    for name in churned:
        index = shown[name]
        font = index.data(Qt.ItemDataRole.FontRole)
        assert font.strikeOut() and font.italic()
        assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Churned")
        assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert not any(
        proxy.index(r, Column.ACCOUNT).data() in churned for r in range(proxy.rowCount())
    )


def test_a_header_click_sort_holds_through_an_import(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.import_csv import ImportDialog
    from csm_desk.ui.portfolio_model import SORT_ROLE

    _show(window, qtbot)
    portfolio = window.portfolio
    proxy = portfolio.proxy
    table = portfolio.table
    header = table.horizontalHeader()
    _click_header(qtbot, table, Column.ARR)
    if header.sortIndicatorOrder() != Qt.SortOrder.DescendingOrder:
        _click_header(qtbot, table, Column.ARR)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        Column.ARR,
        Qt.SortOrder.DescendingOrder,
    )

    def arrs() -> list[float]:
        return [proxy.index(r, Column.ARR).data(SORT_ROLE) for r in range(proxy.rowCount())]

    assert arrs() == sorted(arrs(), reverse=True)
    smallest = proxy.index(proxy.rowCount() - 1, Column.ACCOUNT).data()
    csv = tmp_path / "accounts.csv"
    csv.write_text(
        "Account Name,ARR,Renewal Date\n"
        f'{smallest},"900,000",2027-03-01\n'
        "Globex Freight,12000,2027-05-01\n"
        'Initech Software,"1,000,000",2027-06-01\n',
        encoding="utf-8",
    )
    dialog = ImportDialog(window.session, window)
    dialog.show()
    dialog.file.setText(str(csv))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: proxy.index(0, Column.ACCOUNT).data() == "Initech Software", timeout=5000
    )
    names = [proxy.index(r, Column.ACCOUNT).data() for r in range(proxy.rowCount())]
    assert names[1] == smallest, "the updated row took its place"
    assert "Globex Freight" in names
    assert arrs() == sorted(arrs(), reverse=True)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        Column.ARR,
        Qt.SortOrder.DescendingOrder,
    )
