"""Cell editors for row tables, one per field ``Kind``: a typed date with a calendar for
dates, combo boxes for choices and references, check boxes for several roles, spin boxes for
numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from csm_desk.models.fields import FieldSpec, Kind
from csm_desk.models.validation import join_choices, split_choices
from csm_desk.ui.editors import values
from csm_desk.ui.editors.fields import DateField, NumberField
from csm_desk.ui.editors.table_model import REFS_ROLE, SPEC_ROLE, RowTableModel

Index = QModelIndex | QPersistentModelIndex


class KindDelegate(QStyledItemDelegate):
    """Chooses the editor for a cell from its column's ``FieldSpec``."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec: FieldSpec = index.data(SPEC_ROLE)
        kind = spec.kind
        if kind is Kind.DATE:
            # Typed like the form's date fields (ISO, the locale's short format, 15 Dec 2026);
            # its calendar opens on the cell's date, or today for an empty cell.
            date = DateField(spec, parent)
            date.setMaximumWidth(16_777_215)
            date.setFrame(False)
            date.picked.connect(lambda: self._picked(date))
            return date
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
        if kind in values.NUMBER_KINDS:
            # Typed as in the forms (250,000; a probability in percent); empty is unknown.
            number = NumberField(spec, parent)
            number.setMaximumWidth(16_777_215)
            number.setFrame(False)
            return number
        if kind in (Kind.LONGTEXT, Kind.LINES):
            text = QPlainTextEdit(parent)
            text.setTabChangesFocus(True)
            return text
        return super().createEditor(parent, option, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A long-text cell keeps Enter for new lines, but Tab moves on to the next cell as it
        # does from every other cell (the text edit would otherwise take it as a character).
        if (
            isinstance(watched, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            forward = event.key() == Qt.Key.Key_Tab
            self.commitData.emit(watched)
            self.closeEditor.emit(
                watched,
                QStyledItemDelegate.EndEditHint.EditNextItem
                if forward
                else QStyledItemDelegate.EndEditHint.EditPreviousItem,
            )
            return True
        return super().eventFilter(watched, event)

    def _picked(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

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
        if isinstance(editor, DateField):
            editor.write(value if isinstance(value, dt.date) else None)
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
        elif isinstance(editor, NumberField):
            editor.write(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        spec: FieldSpec = index.data(SPEC_ROLE)
        value: Any
        if isinstance(editor, DateField | NumberField):
            value, reason = editor.read()
            if reason is not None:
                if isinstance(model, RowTableModel):
                    model.problem.emit(f"{spec.label} {reason}")
                return
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
        elif isinstance(editor, QPlainTextEdit):
            value = editor.toPlainText()
        else:
            super().setModelData(editor, model, index)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)
