"""The Meeting templates page of the settings: for each meeting type, the agenda, decisions to
reach and questions a new meeting of that type starts from."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.meetings import MeetingTemplate, clean_lines, default_template
from csm_desk.engine.vocab import MeetingType

PARTS = (
    ("agenda", "Agenda", "One topic a line, in the order they are taken"),
    ("decisions", "Decisions to reach", "One decision a line"),
    ("questions", "Questions to answer", "One question a line"),
)


class MeetingTemplatesEditor(QWidget):
    """One page per meeting type, chosen with ``meeting_type``.

    Attributes:
        meeting_type: the type whose template is shown (its data is the type's key).
        editors: the three text editors of each type, by type key and part
            (``"agenda"``, ``"decisions"``, ``"questions"``).
        reset_button: puts the shown type's template back to the one it came with.
    """

    def __init__(
        self, templates: Mapping[str, MeetingTemplate], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.meeting_type = QComboBox()
        self.meeting_type.setObjectName("meetingTemplateType")
        self.pages = QStackedWidget()
        self.editors: dict[str, dict[str, QPlainTextEdit]] = {}
        for kind in MeetingType:
            self.meeting_type.addItem(kind.label, kind.value)
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            parts: dict[str, QPlainTextEdit] = {}
            template = templates.get(kind.value, MeetingTemplate())
            for part, label, hint in PARTS:
                editor = QPlainTextEdit("\n".join(getattr(template, part)))
                editor.setObjectName(f"template_{kind.value}_{part}")
                editor.setPlaceholderText(hint)
                form.addRow(label, editor)
                parts[part] = editor
            self.editors[kind.value] = parts
            self.pages.addWidget(page)
        self.meeting_type.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.reset_button = QPushButton("Restore this type's standard template")
        self.reset_button.clicked.connect(self.reset_shown)
        note = QLabel(
            "A new meeting starts from its type's template: the agenda goes into its internal "
            "notes, the decisions to reach and the questions into its open items. Changing a "
            "new meeting's type swaps the template until something is written in it."
        )
        note.setWordWrap(True)
        top = QFormLayout()
        top.addRow("Meeting type", self.meeting_type)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(note)

    def show_type(self, meeting_type: str) -> None:
        self.meeting_type.setCurrentIndex(self.meeting_type.findData(meeting_type))

    def reset_shown(self) -> None:
        """Put the shown type's template back to the standard one."""
        kind = str(self.meeting_type.currentData())
        template = default_template(kind)
        for part, editor in self.editors[kind].items():
            editor.setPlainText("\n".join(getattr(template, part)))

    def templates(self) -> Mapping[str, MeetingTemplate]:
        """Every type's template as typed (blank lines dropped)."""
        found: dict[str, MeetingTemplate] = {}
        for kind, parts in self.editors.items():
            lines = {part: clean_lines(e.toPlainText().splitlines()) for part, e in parts.items()}
            found[kind] = MeetingTemplate(**lines)
        return MappingProxyType(found)
