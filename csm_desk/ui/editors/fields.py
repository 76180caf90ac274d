"""One editor widget per field ``Kind``, each able to read back a typed value or a reason.

Every widget has ``read() -> (value, problem)``, ``write(value)`` and a ``committed`` signal
emitted when the person finishes an edit (Enter, leaving the field, picking a choice);
``set_read_only(widget, True)`` makes any of them show its value without letting it be changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFocusEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from csm_desk.models import clock
from csm_desk.models.fields import FieldSpec, Kind
from csm_desk.models.validation import join_choices, split_choices
from csm_desk.ui import icons
from csm_desk.ui.editors import values
from csm_desk.ui.editors.values import RefOptions


class TextField(QLineEdit):
    """One line of text; committed on Enter or when focus leaves it."""

    committed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._written = ""
        if spec.help:
            self.setPlaceholderText(spec.help)
        self.editingFinished.connect(self._finish)

    def _finish(self) -> None:
        if self.text() != self._written:
            self.committed.emit()

    def read(self) -> tuple[Any, str | None]:
        text = self.text().strip()
        return (text or None), None

    def write(self, value: Any) -> None:
        self._written = "" if value is None else str(value)
        if self.text() != self._written:
            self.setText(self._written)


class LongTextField(QPlainTextEdit):
    """Paragraphs or one item per line; committed when focus leaves it."""

    committed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._written = ""
        self.setTabChangesFocus(True)
        if spec.help:
            self.setPlaceholderText(spec.help)
        elif spec.kind is Kind.LINES:
            self.setPlaceholderText("One per line")
        lines = 4
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText() != self._written:
            self.committed.emit()

    def read(self) -> tuple[Any, str | None]:
        text = self.toPlainText().strip()
        return (text or None), None

    def write(self, value: Any) -> None:
        self._written = "" if value is None else str(value)
        if self.toPlainText() != self._written:
            self.setPlainText(self._written)


class NumberField(QLineEdit):
    """A number typed as text (commas and currency signs allowed), empty for unknown."""

    committed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._written = ""
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        low, high = spec.minimum, spec.maximum
        if spec.kind is Kind.PROBABILITY:
            self.setPlaceholderText("0–100 %")
        elif low is not None and high is not None:
            self.setPlaceholderText(f"{low:g}–{high:g}")
        self.setMaximumWidth(180)
        self.editingFinished.connect(self._finish)

    def _finish(self) -> None:
        if self.text() != self._written:
            self.committed.emit()

    def read(self) -> tuple[Any, str | None]:
        return values.parse_number(self.spec, self.text())

    def write(self, value: Any) -> None:
        self._written = values.show(self.spec, value)
        if self.text() != self._written:
            self.setText(self._written)


class DateField(QLineEdit):
    """A date typed (YYYY-MM-DD, the locale's short date, 15 Dec 2026) or picked from a
    calendar that opens on the field's date or today (the book's today, ``CSM_DESK_TODAY``
    when set); empty for unknown.

    Signals:
        committed(): the person finished an edit.
        picked(): a date was picked from the calendar.
    """

    committed = Signal()
    picked = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._written = ""
        self.setPlaceholderText("YYYY-MM-DD")
        self.setToolTip("Type a date (2026-12-15, 15 Dec 2026 or your usual short date)")
        self.setMaximumWidth(180)
        self.calendar_action = QAction(icons.icon("calendar"), "Pick a date", self)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.triggered.connect(self.show_calendar)
        self.editingFinished.connect(self._finish)
        self._menu: QMenu | None = None
        self.calendar: QCalendarWidget | None = None

    def show_calendar(self) -> None:
        """Open the calendar popup under the field."""
        if self._menu is None:
            self._menu = QMenu(self)
            self.calendar = QCalendarWidget(self._menu)
            self.calendar.setGridVisible(False)
            holder = QWidgetAction(self._menu)
            holder.setDefaultWidget(self.calendar)
            self._menu.addAction(holder)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        assert self.calendar is not None
        current, _problem = values.parse_date(self.text())
        shown = current or clock.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def _picked(self, date: QDate) -> None:
        if self._menu is not None:
            self._menu.hide()
        self.setText(dt.date(date.year(), date.month(), date.day()).isoformat())
        self._finish()
        self.picked.emit()

    def _finish(self) -> None:
        if self.text().strip() != self._written:
            self.committed.emit()

    def read(self) -> tuple[Any, str | None]:
        return values.parse_date(self.text())

    def write(self, value: Any) -> None:
        self._written = value.isoformat() if isinstance(value, dt.date) else ""
        if self.text() != self._written:
            self.setText(self._written)


class BoolField(QCheckBox):
    """Yes or no; committed on each click."""

    committed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if spec.help:
            self.setToolTip(spec.help)
        self.clicked.connect(lambda _checked: self.committed.emit())

    def read(self) -> tuple[Any, str | None]:
        return self.isChecked(), None

    def write(self, value: Any) -> None:
        self.setChecked(bool(value))


class ChoiceField(QComboBox):
    """One value of a vocabulary, or one row of a referenced table (REF)."""

    committed = Signal()

    def __init__(
        self, spec: FieldSpec, refs: RefOptions = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self._filling = False
        self.set_options(refs)
        self.activated.connect(lambda _index: None if self._filling else self.committed.emit())

    def set_options(self, refs: RefOptions = ()) -> None:
        """Fill the list: the vocabulary, or ``refs`` for a REF field."""
        current = self.currentData()
        self._filling = True
        self.clear()
        if not self.spec.required:
            self.addItem("—", None)
        if self.spec.kind is Kind.REF:
            for row_id, label in refs:
                self.addItem(label, row_id)
        elif self.spec.vocab is not None:
            for member in self.spec.vocab:
                self.addItem(member.label, member.value)
        found = self.findData(current)
        self.setCurrentIndex(max(found, 0))
        self._filling = False

    def read(self) -> tuple[Any, str | None]:
        return self.currentData(), None

    def write(self, value: Any) -> None:
        self._filling = True
        found = self.findData(value)
        if found < 0 and value is not None:
            self.addItem(str(value), value)
            found = self.count() - 1
        self.setCurrentIndex(max(found, 0))
        self._filling = False


class ChoicesField(QToolButton):
    """Several values of a vocabulary (roles), picked from a menu of check boxes."""

    committed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumWidth(200)
        menu = QMenu(self)
        self._actions: dict[str, QAction] = {}
        for member in spec.vocab or ():
            action = menu.addAction(member.label)
            action.setCheckable(True)
            action.setData(member.value)
            action.toggled.connect(self._toggled)
            self._actions[member.value] = action
        menu.installEventFilter(self)
        self.setMenu(menu)
        self._filling = False
        self._update_text()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Keep the menu open while ticking several roles.
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(watched, QMenu):
            action = watched.activeAction()
            if action is not None and action.isCheckable():
                action.toggle()
                return True
        return super().eventFilter(watched, event)

    def _toggled(self, _checked: bool) -> None:
        self._update_text()
        if not self._filling:
            self.committed.emit()

    def _update_text(self) -> None:
        chosen = [a.text() for a in self._actions.values() if a.isChecked()]
        self.setText(", ".join(chosen) if chosen else "None  ▾")

    def read(self) -> tuple[Any, str | None]:
        return join_choices([k for k, a in self._actions.items() if a.isChecked()]), None

    def write(self, value: Any) -> None:
        chosen = set(split_choices(value if isinstance(value, str) else ""))
        self._filling = True
        for key, action in self._actions.items():
            action.setChecked(key in chosen)
        self._filling = False
        self._update_text()


def set_read_only(widget: QWidget, read_only: bool) -> None:
    """Let the person look at a field's value (and select and copy text) but not change it."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.setReadOnly(read_only)
        if isinstance(widget, DateField):
            widget.calendar_action.setVisible(not read_only)
        # The style sheet shows a read-only field as such; it reads the property when polished.
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    else:
        # Check boxes and choice lists have no read-only state of their own.
        widget.setEnabled(not read_only)


def make_field(spec: FieldSpec, refs: RefOptions = ()) -> QWidget:
    """The editor widget for a field of ``spec``'s kind."""
    kind = spec.kind
    if kind in (Kind.LONGTEXT, Kind.LINES):
        return LongTextField(spec)
    if kind in values.NUMBER_KINDS:
        return NumberField(spec)
    if kind is Kind.DATE:
        return DateField(spec)
    if kind is Kind.BOOL:
        return BoolField(spec)
    if kind in (Kind.CHOICE, Kind.REF):
        return ChoiceField(spec, refs)
    if kind is Kind.CHOICES:
        return ChoicesField(spec)
    return TextField(spec)
