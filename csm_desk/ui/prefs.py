"""The window's own preferences (not the book's): layout, last and recent books.

Kept in an INI file in ``paths.config_dir()`` through ``QSettings`` with an explicit path, so a
test run with ``CSM_DESK_HOME`` never reads or writes the person's real preferences.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from csm_desk import paths

MAX_RECENT = 8
FILE_NAME = "window.ini"


class WindowPrefs:
    """Typed access to the window's preferences file.

    Attributes:
        store: the underlying ``QSettings`` (INI format, in the config folder).
    """

    def __init__(self, path: Path | None = None) -> None:
        target = path or paths.config_dir() / FILE_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        self.store = QSettings(str(target), QSettings.Format.IniFormat)

    # -- books ---------------------------------------------------------------------------------

    def recent_books(self) -> list[Path]:
        """Recently opened books, newest first, only those that still exist."""
        raw = self.store.value("books/recent", [])
        items: list[str] = [raw] if isinstance(raw, str) else [str(p) for p in raw or []]  # type: ignore[attr-defined]
        return [Path(p) for p in items if p and Path(p).exists()]

    def remember_book(self, path: Path) -> None:
        """Record ``path`` as the last book and at the top of the recent list."""
        resolved = str(Path(path).resolve())
        recent = [str(p) for p in self.recent_books() if str(p) != resolved]
        self.store.setValue("books/recent", [resolved, *recent][:MAX_RECENT])
        self.store.setValue("books/last", resolved)
        self.store.sync()

    def last_book(self) -> Path | None:
        value = self.store.value("books/last", "")
        return Path(str(value)) if value else None

    # -- layout --------------------------------------------------------------------------------

    def layout(self, key: str) -> QByteArray | None:
        """A saved geometry or state blob (window, splitter, header), if any."""
        value = self.store.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_layout(self, key: str, state: QByteArray) -> None:
        self.store.setValue(f"layout/{key}", state)

    def sync(self) -> None:
        self.store.sync()
