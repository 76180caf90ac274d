"""The stakeholder tick list: filling it asks for nothing; each tick or untick asks for one
link row to be added or removed, as one undo step named for the person."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from csm_desk.models.ops import Batch, DeleteRow, InsertRow
from csm_desk.ui.editors.link_list import APPROVERS, ATTENDEES, LinkList

PEOPLE = [(1, "Li Chen"), (2, "Marta Ruiz (CFO)")]


def _requests(tick_list: LinkList) -> list[Any]:
    asked: list[Any] = []
    tick_list.link_requested.connect(asked.append)
    return asked


def test_filling_ticks_the_linked_and_asks_for_nothing(qtbot: QtBot) -> None:
    ticks = LinkList(ATTENDEES)
    qtbot.addWidget(ticks)
    asked = _requests(ticks)
    ticks.fill(PEOPLE, {2}, 7)
    states = [ticks.item(i).checkState() for i in range(ticks.count())]
    assert states == [Qt.CheckState.Unchecked, Qt.CheckState.Checked]
    assert asked == []


def test_a_tick_adds_a_link_and_an_untick_removes_it(qtbot: QtBot) -> None:
    ticks = LinkList(APPROVERS)
    qtbot.addWidget(ticks)
    asked = _requests(ticks)
    ticks.fill(PEOPLE, {2}, 7)
    ticks.item(0).setCheckState(Qt.CheckState.Checked)
    ticks.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert [op.label for op in asked] == [
        "Add approver Li Chen",
        "Remove approver Marta Ruiz (CFO)",
    ]
    add, remove = (op.ops[0] for op in asked)
    assert all(isinstance(op, Batch) for op in asked)
    assert isinstance(add, InsertRow) and add.table == "renewal_approver"
    assert add.values == {"renewal_plan_id": 7, "stakeholder_id": 1}
    assert isinstance(remove, DeleteRow) and remove.table == "renewal_approver"


def test_without_a_row_a_tick_asks_for_nothing(qtbot: QtBot) -> None:
    ticks = LinkList(ATTENDEES)
    qtbot.addWidget(ticks)
    asked = _requests(ticks)
    ticks.fill(PEOPLE, (), None)
    ticks.item(0).setCheckState(Qt.CheckState.Checked)
    assert asked == []
