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
    current = window.session.result.settings.band_probability[Band.HEALTHY]
    assert spin.value() == pytest.approx(current * 100)
