"""Renewal probability is typed and shown in percent, in the forms and in settings."""

from __future__ import annotations

import pytest

from csm_desk.engine.vocab import Band
from csm_desk.models.fields import FieldSpec, Kind
from csm_desk.ui.editors import values

SPEC = FieldSpec(label="Renewal probability override", kind=Kind.PROBABILITY, minimum=0, maximum=1)


@pytest.mark.parametrize(("typed", "stored"), [("85", 0.85), ("85%", 0.85), ("12.5 %", 0.125)])
def test_a_probability_is_typed_in_percent(typed: str, stored: float) -> None:
    value, problem = values.parse_number(SPEC, typed)
    assert problem is None and value == pytest.approx(stored)
    assert values.show(SPEC, value) == typed.replace(" ", "").removesuffix("%") + "%"


def test_the_probability_field_is_typed_and_shown_in_percent(qtbot) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.editors.fields import NumberField, make_field

    field = make_field(SPEC)
    qtbot.addWidget(field)
    assert isinstance(field, NumberField)
    assert "%" in field.placeholderText()
    field.write(0.85)
    assert field.text() == "85%"
    field.selectAll()
    qtbot.keyClicks(field, "70")
    assert field.read() == (pytest.approx(0.7), None)


def test_settings_show_band_probabilities_in_percent(window) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.session, window)
    spin = dialog.probability[Band.HEALTHY]
    assert spin.suffix() == " %" and spin.maximum() == 100
    current = window.session.settings.band_probability[Band.HEALTHY]
    assert spin.value() == pytest.approx(current * 100)


def test_the_override_is_typed_in_percent_and_shown_in_percent_everywhere(
    demo_window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from csm_desk.engine.vocab import Area
    from csm_desk.ui.portfolio_model import Column
    from tests.ui.conftest import account_id

    window = demo_window
    window.resize(1280, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    northwind = account_id(window, "Northwind Payments")
    window.open_account(northwind, Area.RENEWAL.value)
    tab = window.workspace.pages[Area.RENEWAL]
    field = tab.plan.widgets["probability_override"]
    tab.scroll_area.ensureWidgetVisible(field)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "70")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert tab.ctx.first("renewal_plan")["probability_override"] == pytest.approx(0.7)
    assert tab.plan.widgets["probability_override"].text() == "70%"
    assert "probability 70% (override)" in tab.situation.text()
    result = window.session.account(northwind)
    assert result.renewal_probability == pytest.approx(0.7)
    assert result.forecast_arr == pytest.approx(result.arr * 0.7)
    portfolio = window.portfolio
    row = next(
        r
        for r in range(portfolio.proxy.rowCount())
        if portfolio.proxy.index(r, Column.ACCOUNT).data() == "Northwind Payments"
    )
    tip = portfolio.proxy.index(row, Column.FORECAST).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Renewal probability 70% (override)"
    # "85%" typed with its sign is the same unit.
    field = tab.plan.widgets["probability_override"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "85%")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert tab.ctx.first("renewal_plan")["probability_override"] == pytest.approx(0.85)
    assert "probability 85% (override)" in tab.situation.text()


def test_band_probabilities_are_typed_in_percent_in_settings(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    import json

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from csm_desk.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.session, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    spin = dialog.probability[Band.AT_RISK]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "55")
    qtbot.keyClick(spin, Qt.Key.Key_Tab)
    assert spin.value() == pytest.approx(55)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    stored = json.loads(window.session.book.book_row().settings_json)
    assert stored["band_probability"]["at_risk"] == pytest.approx(0.55)
    assert window.session.settings.band_probability[Band.AT_RISK] == pytest.approx(0.55)
