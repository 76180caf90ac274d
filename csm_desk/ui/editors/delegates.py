"""Cell editors for row tables, one per field ``Kind``: calendar for dates, combo boxes for
choices and references, check boxes for several roles, spin boxes for numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from csm_desk.models.fields import FieldSpec, Kind
from csm_desk.models.validation import join_choices, split_choices
from csm_desk.ui.editors.table_model import REFS_ROLE, SPEC_ROLE

Index = QModelIndex | QPersistentModelIndex
_NUMBER_SPAN = 1e12
_UNSET_DATE = QDate(1900, 1, 1)  # shown as "—": the date is not known


class KindDelegate(QStyledItemDelegate):
    """Chooses the editor for a cell from its column's ``FieldSpec``."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec: FieldSpec = index.data(SPEC_ROLE)
        kind = spec.kind
        if kind is Kind.DATE:
            editor = QDateEdit(parent)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            editor.setMinimumDate(_UNSET_DATE)
            editor.setSpecialValueText("—")
            return editor
        if kind in (Kind.CHOICE, Kind.REF):
            combo = QComboBox(parent)
            if not spec.required:
                combo.addItem("—", None)
            if kind is Kind.REF:
                for row_id, label in index.data(REFS_ROLE) or []:
                    combo.addItem(label, row_id)
            elif spec.vocab is not None:
                for member in spec.vocab:
                    combo.addItem(member.label, member.value)
            return combo
        if kind is Kind.CHOICES:
            checks = QListWidget(parent)
            for member in spec.vocab or ():
                item = QListWidgetItem(member.label, checks)
                item.setData(Qt.ItemDataRole.UserRole, member.value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            return checks
        if kind is Kind.INT:
            whole = QSpinBox(parent)
            low_int = int(spec.minimum) if spec.minimum is not None else -1_000_000_000
            high_int = int(spec.maximum) if spec.maximum is not None else 1_000_000_000
            whole.setRange(low_int - (0 if spec.required else 1), high_int)
            if not spec.required:
                whole.setSpecialValueText("—")
            whole.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            return whole
        if kind in (Kind.FLOAT, Kind.MONEY, Kind.PROBABILITY):
            spin = QDoubleSpinBox(parent)
            decimals = 2 if kind is not Kind.FLOAT else 3
            spin.setDecimals(decimals)
            low = spec.minimum if spec.minimum is not None else -_NUMBER_SPAN
            high = spec.maximum if spec.maximum is not None else _NUMBER_SPAN
            if kind is Kind.PROBABILITY:
                low, high = max(low, 0.0), min(high, 1.0)
                spin.setSingleStep(0.05)
            step = 10.0**-decimals
            spin.setRange(low - (0 if spec.required else step), high)
            if not spec.required:
                spin.setSpecialValueText("—")
            if kind is Kind.MONEY:
                spin.setGroupSeparatorShown(True)
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            return spin
        if kind in (Kind.LONGTEXT, Kind.LINES):
            return QPlainTextEdit(parent)
        return super().createEditor(parent, option, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        if isinstance(editor, QListWidget | QPlainTextEdit):
            rect = rect.adjusted(0, 0, max(0, 220 - rect.width()), 0)
            rect.setHeight(max(rect.height(), 160))
        editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit):
            if isinstance(value, dt.date):
                editor.setDate(QDate(value.year, value.month, value.day))
            else:
                editor.setDate(_UNSET_DATE)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QListWidget):
            chosen = set(split_choices(value if isinstance(value, str) else ""))
            for row in range(editor.count()):
                item = editor.item(row)
                key = item.data(Qt.ItemDataRole.UserRole)
                item.setCheckState(
                    Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked
                )
        elif isinstance(editor, QSpinBox):
            editor.setValue(editor.minimum() if value is None else int(value))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(editor.minimum() if value is None else float(value))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        spec: FieldSpec = index.data(SPEC_ROLE)
        value: Any
        if isinstance(editor, QDateEdit):
            date = editor.date()
            value = None if date == _UNSET_DATE else dt.date(date.year(), date.month(), date.day())
        elif isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QListWidget):
            value = join_choices(
                [
                    editor.item(r).data(Qt.ItemDataRole.UserRole)
                    for r in range(editor.count())
                    if editor.item(r).checkState() == Qt.CheckState.Checked
                ]
            )
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            number = editor.value()
            unset = not spec.required and number == editor.minimum()
            value = None if unset else (int(number) if spec.kind is Kind.INT else float(number))
        elif isinstance(editor, QPlainTextEdit):
            value = editor.toPlainText()
        else:
            super().setModelData(editor, model, index)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)
