"""A first start sizes the window to the screen it opens on (200 % on 2560×1600 included)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from csm_desk.ui import window_size


class _Screen:
    def __init__(self, width: int, height: int) -> None:
        self.room = QRect(0, 0, width, height)

    def availableGeometry(self) -> QRect:
        return self.room


def test_the_first_size_fits_a_scaled_screen() -> None:
    # 2560×1600 at 200 %: 1280×800 device-independent pixels, less a panel.
    small = window_size.first_size(_Screen(1280, 770))  # type: ignore[arg-type]
    assert small.width() <= 1280 and small.height() <= 770
    assert window_size.first_size(_Screen(2560, 1440)) == QSize(1360, 820)  # type: ignore[arg-type]
    assert window_size.first_size(None) == QSize(1360, 820)


def test_a_saved_frame_too_big_for_the_screen_is_brought_onto_it() -> None:
    frame = window_size.fit_on_screen(QRect(900, 500, 1360, 820), _Screen(1280, 770))  # type: ignore[arg-type]
    assert QRect(0, 0, 1280, 770).contains(frame)


def test_the_window_opens_within_the_screen(window) -> None:  # type: ignore[no-untyped-def]
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
