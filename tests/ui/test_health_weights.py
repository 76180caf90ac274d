"""Health weights changed in Settings, typed like a person: the scores follow the new weights,
but the history is re-scored with them too, so the change never shows as a move in health,
never fires health_drop, and every screen keeps telling the same figures (DOMAIN.md §3.4)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolBar

from csm_desk.engine.vocab import AlertCode, Area, Component, Segment
from csm_desk.ui import formatting
from csm_desk.ui.dialogs.settings import SettingsDialog
from csm_desk.ui.portfolio_model import Column
from tests.ui.conftest import account_id

# Brightline (high touch) scores 73.8 on usage 80, engagement 93.3, sentiment 60, support 50,
# growth 70; weighing sentiment 80 its score is 62.7: a fall of 14.3 from the 77.0 stored on
# 25 Oct, were the old snapshots compared as stored. Re-scored with the same weights, 25 Oct
# (sentiment 60 then too) is 64.75, and no fall reaches 10.
NEW_WEIGHTS = {
    Component.USAGE: "5",
    Component.ENGAGEMENT: "5",
    Component.SENTIMENT: "80",
    Component.SUPPORT: "5",
    Component.GROWTH: "5",
}


def _type_weights(dialog: SettingsDialog) -> None:
    tabs = dialog.tabs
    bar = tabs.tabBar()
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Health weights")
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    for component, typed in NEW_WEIGHTS.items():
        spin = dialog.weights[(Segment.HIGH_TOUCH, component)]
        spin.setFocus()
        spin.selectAll()
        QTest.keyClicks(spin, typed)
        QTest.keyClick(spin, Qt.Key.Key_Tab)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled(), dialog.problems.text()
    QTest.mouseClick(save, Qt.MouseButton.LeftButton)


def test_new_weights_are_no_move_in_health(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    window.resize(1280, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    session = window.session
    brightline = account_id(window, "Brightline Logistics")
    before = session.account(brightline)
    assert before.health.score is not None and round(before.health.score, 1) == 73.8
    assert AlertCode.HEALTH_DROP not in {a.code for a in before.alerts}

    done: list[bool] = []

    def when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SettingsDialog):
            _type_weights(dialog)
            done.append(True)
        else:
            QTimer.singleShot(20, when_shown)

    QTimer.singleShot(0, when_shown)
    toolbar = window.findChild(QToolBar, "mainToolbar")
    QTest.mouseClick(
        toolbar.widgetForAction(window.commands.book_settings), Qt.MouseButton.LeftButton
    )
    assert done == [True]
    assert session.undo_stack.undoText() == "Change book settings"

    after = session.account(brightline)
    assert after.health.score is not None and round(after.health.score, 1) == 62.7
    # Re-scored with the new weights, the history has no fall where the weights changed.
    assert AlertCode.HEALTH_DROP not in {a.code for a in after.alerts}
    assert after.drop is None or after.drop.fall < 10
    stored = {snap.date: snap.score for snap in before.history}
    assert any(
        score is not None and score - after.health.score >= 10
        for day, score in stored.items()
        if (session.as_of - day).days <= 30
    ), "compared as stored, the new weights would have fired health_drop"
    assert after.history[-1].score == after.health.score
    previous = after.history[-2]
    assert previous.score is not None
    weights = session.settings.weights_for(Segment.HIGH_TOUCH)
    rescored = sum(previous.components[c.value] * weights[c] for c in Component) / 100
    assert previous.score == rescored

    # The figures each screen shows are the engine's one definition.
    window.open_account(brightline, Area.HEALTH.value)
    proxy = window.portfolio.proxy
    row = next(
        r
        for r in range(proxy.rowCount())
        if proxy.index(r, Column.ACCOUNT).data() == "Brightline Logistics"
    )
    assert proxy.index(row, Column.TREND).data() == formatting.trend(after.trend_30d)
    assert proxy.index(row, Column.HEALTH).data() == formatting.score(after.health.score)

    # Undo puts the old weights and the old figures back.
    window.commands.undo.trigger()
    again = session.account(brightline)
    assert again.health.score == before.health.score
    assert again.trend_30d == before.trend_30d
