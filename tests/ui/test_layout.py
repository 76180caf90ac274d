"""The window works at 1024×700: nothing forces it wider, and every account tab is in view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from csm_desk.engine.vocab import Area
from csm_desk.ui.account.workspace import TAB_CLASSES
from tests.ui.conftest import account_id


def test_the_window_fits_1024_by_700_on_every_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.resize(1024, 700)
    assert window.minimumSizeHint().width() <= 1000
    window.open_account(account_id(window, "Northwind Payments"))
    for cls in TAB_CLASSES:
        window.workspace.show_area(cls.area)
        assert window.minimumSizeHint().width() <= 1000, cls.title
    qtbot.waitUntil(lambda: window.width() == 1024)


def test_every_account_section_is_listed_and_a_click_opens_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.resize(1024, 700)
    window.open_account(account_id(window, "Northwind Payments"))
    workspace = window.workspace
    sections = workspace.sections
    assert sections.count() == len(TAB_CLASSES)
    assert not workspace.tabs.tabBar().isVisible()  # no row of tabs behind scroll arrows
    last = sections.count() - 1
    assert sections.visualItemRect(sections.item(last)).bottom() <= sections.viewport().height()
    risks = [c.area for c in TAB_CLASSES].index(Area.RISKS)
    rect = sections.visualItemRect(sections.item(risks))
    qtbot.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert workspace.current_area() is Area.RISKS
    workspace.show_area(Area.HEALTH)
    assert sections.currentRow() == [c.area for c in TAB_CLASSES].index(Area.HEALTH)
    assert not sections.item(risks).icon().isNull()  # the artifact's status dot
