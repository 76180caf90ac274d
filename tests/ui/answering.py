"""Answer a message box the window shows (modal or not) by clicking one of its real buttons."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def find_box(name: str) -> QMessageBox | None:
    """The visible message box whose object name is ``name``."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == name and widget.isVisible():
            return widget
    return None


def box_words(box: QMessageBox) -> str:
    return f"{box.text()}\n{box.informativeText()}"


def answer_box(name: str, button: str, seen: list[str], *, within: float = 20.0) -> None:
    """When the message box ``name`` shows, note its words and buttons in ``seen`` and click
    ``button`` (by its text). Gives up after ``within`` seconds, noting that instead."""
    deadline = time.monotonic() + within

    def attempt() -> None:
        box = find_box(name)
        if box is None:
            if time.monotonic() < deadline:
                QTimer.singleShot(20, attempt)
            else:
                seen.append(f"<no {name} shown>")
            return
        texts = [b.text() for b in box.buttons()]
        seen.append(f"{box_words(box)}\n[{' | '.join(texts)}]")
        chosen = next((b for b in box.buttons() if b.text() == button), None)
        if chosen is None:
            seen.append(f"<no button {button!r} among {texts}>")
            box.reject()
            return
        chosen.click()

    QTimer.singleShot(0, attempt)
