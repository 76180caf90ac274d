"""Today's priorities list: a new list changes only the stretch that differs, so the person's
place in the list (scroll, selection) stays where it was while edits move other items."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex

from csm_desk.engine.alerts import Alert
from csm_desk.engine.vocab import AlertSeverity, Area
from csm_desk.ui.priorities import PrioritiesModel, PrioritiesPanel

POOL = [
    Alert(
        None,
        severity,
        i,
        f"Account {i}",
        1000.0 * i,
        f"Item {i}",
        "",
        dt.date(2026, 11, 22),
        Area.SNAPSHOT,
    )
    for i, severity in enumerate([AlertSeverity.RED] * 4 + [AlertSeverity.AMBER] * 8)
]


def _shown(model: PrioritiesModel) -> list[Alert]:
    return [model.alert(r) for r in range(model.rowCount())]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(range(len(POOL))), max_size=10), min_size=1, max_size=6))
def test_every_new_list_is_shown_exactly(qapp, lists: list[list[int]]) -> None:  # type: ignore[no-untyped-def]
    model = PrioritiesModel()
    for picks in lists:
        new = [POOL[i] for i in picks]
        model.set_priorities(new)
        assert _shown(model) == new


def test_an_item_outside_the_change_keeps_its_place(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel = PrioritiesPanel()
    qtbot.addWidget(panel)
    model = panel.model
    first = POOL[:10]
    panel.set_priorities(first)
    qtmodeltester.check(model)
    panel.view.setCurrentIndex(model.index(8))
    kept = QPersistentModelIndex(model.index(1))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    # One account's item moves from the 5th place to the 8th; the others are unchanged.
    moved = [*first[:4], *first[5:8], first[4], *first[8:]]
    panel.set_priorities(moved)
    assert _shown(model) == moved and not resets
    assert kept.row() == 1 and model.alert(kept.row()) is first[1]
    assert panel.view.currentIndex().row() == 8  # the selection stays on the same item
    # An item that goes and two that come.
    fewer = [*moved[:6], *moved[7:], POOL[10], POOL[11]]
    panel.set_priorities(fewer)
    assert _shown(model) == fewer and not resets
    assert model.alert(kept.row()) is first[1]
    assert panel.heading.text() == "Today's priorities  ·  11 (4 red)"
    qtmodeltester.check(model)
