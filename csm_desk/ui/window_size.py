"""The main window's size on a first start: the usual size, shrunk to the screen it opens on
(a 2560×1600 display at 200 % offers 1280×800 device-independent pixels)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen

USUAL = QSize(1360, 820)
MARGIN = 24  # left free around the window so its frame and the panel stay in view


def first_size(screen: QScreen | None, usual: QSize = USUAL) -> QSize:
    """``usual``, or less where the screen's available area is smaller."""
    if screen is None:
        return usual
    room = screen.availableGeometry()
    return QSize(
        max(1, min(usual.width(), room.width() - MARGIN)),
        max(1, min(usual.height(), room.height() - MARGIN)),
    )


def fit_on_screen(frame: QRect, screen: QScreen | None) -> QRect:
    """``frame`` moved and shrunk so it lies within the screen's available area."""
    if screen is None:
        return frame
    room = screen.availableGeometry()
    size = frame.size().boundedTo(room.size())
    left = min(max(frame.left(), room.left()), room.right() - size.width() + 1)
    top = min(max(frame.top(), room.top()), room.bottom() - size.height() + 1)
    return QRect(left, top, size.width(), size.height())
