"""A missing artifact the segment does not require is not shown as a red problem."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from csm_desk.engine.vocab import ArtifactStatus
from csm_desk.ui import formatting


def test_an_optional_missing_artifact_is_grey_not_red(demo_window) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    found = [
        (account, artifact)
        for summary in window.session.result.active
        for account in [window.session.account(summary.id)]
        for artifact, state in account.artifacts.items()
        if state.status is ArtifactStatus.MISSING and not state.mandatory
    ]
    assert found
    account, artifact = found[0]
    workspace = window.ensure_workspace()
    page = next(p for p in workspace.pages.values() if p.artifact is artifact)
    window.open_account(account.id, page.area.value)
    text = page.banner.status.text()
    assert formatting.GREY in text and formatting.RED not in text
    assert "optional for this segment" in text
    snapshot = next(p for p in workspace.pages.values() if p.area.value == "snapshot")
    window.open_account(account.id, "snapshot")
    line = next(x for x in snapshot.artifacts.text().split("</p>") if f">{artifact.label}<" in x)
    assert formatting.RED not in line


def _dot_colour(icon) -> QColor:  # type: ignore[no-untyped-def]
    """The colour of a status dot's ring (hollow dots are only a ring)."""
    image = icon.pixmap(QSize(16, 16)).toImage()
    for x in range(image.width()):
        colour = image.pixelColor(x, image.height() // 2)
        if colour.alpha() > 200:
            return colour
    raise AssertionError("no dot drawn")


def test_reached_by_keys_and_clicks_the_optional_artifact_is_grey(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Typed into the portfolio search, opened with Enter, the section clicked in the side list:
    its dot, banner and Snapshot line are grey, while a missing mandatory one stays red."""
    window = demo_window
    window.resize(1280, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    account, artifact = next(
        (account, artifact)
        for summary in window.session.result.active
        for account in [window.session.account(summary.id)]
        for artifact, state in account.artifacts.items()
        if state.status is ArtifactStatus.MISSING and not state.mandatory
    )
    portfolio = window.portfolio
    qtbot.keyClicks(portfolio.search, account.name)
    table = portfolio.table
    rect = table.visualRect(portfolio.proxy.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    workspace = window.workspace
    assert workspace.account_id == account.id
    page = next(p for p in workspace.pages.values() if p.artifact is artifact)
    row = list(workspace.pages.values()).index(page)
    sections = workspace.sections
    item_rect = sections.visualItemRect(sections.item(row))
    qtbot.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton, pos=item_rect.center())
    assert workspace.current_area() is page.area
    text = page.banner.status.text()
    assert formatting.GREY in text and formatting.RED not in text
    assert _dot_colour(sections.item(row).icon()) == QColor(formatting.GREY)
    assert "optional" in sections.item(row).toolTip()
    red = [
        i
        for i, p in enumerate(workspace.pages.values())
        if p.artifact is not None
        and account.artifacts[p.artifact].status is ArtifactStatus.MISSING
        and account.artifacts[p.artifact].mandatory
    ]
    for i in red:
        assert _dot_colour(sections.item(i).icon()) == QColor(formatting.RED)
