"""The strip across the top of the window while the open book is read-only: that it is, why,
and (when another window has it for changes) a way to open it again."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from csm_desk.ui import icons


class ReadOnlyBanner(QFrame):
    """Says the book is read-only and why; hidden while a book that can be changed is open.

    Attributes:
        text: the words shown.
        reopen_button: "Open again", shown when the book was opened beside another window.

    Signals:
        reopen_requested(): open the book again (for changes, if it is free by now).
    """

    reopen_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        mark = QLabel()
        mark.setPixmap(icons.icon("lock").pixmap(QSize(18, 18)))
        self.text = QLabel()
        self.text.setObjectName("readOnlyText")
        self.text.setWordWrap(True)
        self.reopen_button = QPushButton("Open again")
        self.reopen_button.setToolTip(
            "Open the book again: for changes if it is free now, else read-only with what was "
            "saved since"
        )
        self.reopen_button.clicked.connect(self.reopen_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(10)
        layout.addWidget(mark)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.reopen_button)
        self.hide()

    def show_reason(self, words: str, *, can_reopen: bool = False) -> None:
        """Show the banner with ``words``; ``can_reopen`` offers to open the book again."""
        self.text.setText(words)
        self.reopen_button.setVisible(can_reopen)
        self.show()
