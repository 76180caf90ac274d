"""Who owns a book: an OS lock on a small file beside it, released by the OS if the owner dies.

The lock lives in ``<book>-lock`` beside the book (like SQLite's own ``-wal`` and ``-shm``), never
on the book itself: POSIX drops every lock a process holds on a file when *any* descriptor on
that file is closed, so a lock on the book could be lost by an innocent read elsewhere in the
process. The lock file is opened once per process and only here.

Two byte ranges of the lock file are locked, far past its contents:

- the **gate**, held briefly by every process while it inspects and opens the book (so two
  processes never decide at the same moment what to do with a journal left by a crash);
- the **writer** byte, held for as long as a process may change the book. There is one writer
  at a time; readers never take it, so they work while a window has the book open.

The file's contents say who holds the writer byte (program, process, user, machine, since when),
so a second window can tell the person who has the book.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

LOCK_SUFFIX = "-lock"
_GATE = 1 << 30
_WRITER = _GATE + 1
_POLL = 0.05
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Holder:
    """Who has a book open for writing."""

    program: str
    pid: int
    user: str
    host: str
    since: str

    def describe(self) -> str:
        """``the CSM Desk window of alice (process 4242) since 08:30`` — words for a person."""
        where = "" if self.host == socket.gethostname() else f" on {self.host}"
        when = self.since
        with contextlib.suppress(ValueError):
            started = dt.datetime.fromisoformat(self.since)
            when = (
                started.strftime("%H:%M")
                if started.date() == dt.date.today()
                else started.strftime("%d %b %Y %H:%M")
            )
        return f"{self.program} of {self.user}{where} (process {self.pid}) since {when}"


def lock_path(book: Path) -> Path:
    """The lock file kept next to ``book`` while it is open."""
    return book.with_name(book.name + LOCK_SUFFIX)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int, offset: int, *, wait: bool) -> bool:
        os.lseek(fd, offset, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int, offset: int) -> None:
        os.lseek(fd, offset, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int, offset: int, *, wait: bool) -> bool:
        flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.lockf(fd, flags, 1, offset, os.SEEK_SET)
        except OSError:
            return False
        return True

    def _unlock(fd: int, offset: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, offset, os.SEEK_SET)


class BookLock:
    """The lock file of one book, opened once by this process.

    Attributes:
        path: the lock file.
        writer: whether this process holds the writer byte.
    """

    def __init__(self, book: Path) -> None:
        self.path = lock_path(book)
        self.writer = False
        self._gate = False
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _CLOEXEC, 0o644)

    def _acquire(self, offset: int, wait: float) -> bool:
        deadline = time.monotonic() + wait
        while True:
            if _lock(self._fd, offset, wait=False):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL)

    def enter_gate(self, wait: float = 30.0) -> bool:
        """Hold the short gate every process passes while it opens the book.

        The lock file is removed by the last process to close the book; one that opened it just
        before then finds its descriptor no longer names the file and opens the new one.
        """
        deadline = time.monotonic() + wait
        while True:
            if not self._acquire(_GATE, max(0.0, deadline - time.monotonic())):
                return False
            if self._names_the_file():
                self._gate = True
                return True
            os.close(self._fd)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _CLOEXEC, 0o644)

    def _names_the_file(self) -> bool:
        try:
            return os.path.samestat(os.fstat(self._fd), os.stat(self.path))
        except OSError:
            return False

    def leave_gate(self) -> None:
        """Release the gate taken while opening, letting the next program in."""
        if self._gate:
            _unlock(self._fd, _GATE)
            self._gate = False

    def take_writer(self, program: str, wait: float = 0.0) -> bool:
        """Become the book's one writer (waiting up to ``wait`` seconds); False if another
        process holds it.
        """
        if self.writer:
            return True
        if not self._acquire(_WRITER, wait):
            return False
        self.writer = True
        self._write_holder(
            Holder(
                program=program,
                pid=os.getpid(),
                user=_user(),
                host=socket.gethostname(),
                since=dt.datetime.now().replace(microsecond=0).isoformat(),
            )
        )
        return True

    def writer_elsewhere(self) -> bool:
        """Whether another process holds the writer byte right now."""
        if self.writer:
            return False
        if _lock(self._fd, _WRITER, wait=False):
            _unlock(self._fd, _WRITER)
            return False
        return True

    def holder(self) -> Holder | None:
        """Who holds the writer byte, as the holder wrote it (None when unknown)."""
        try:
            raw = os.pread(self._fd, 4096, 0)
            data = json.loads(raw.decode("utf-8")) if raw.strip() else None
            return Holder(**data) if isinstance(data, dict) else None
        except (OSError, ValueError, TypeError):
            return None

    def _write_holder(self, holder: Holder) -> None:
        text = json.dumps(holder.__dict__).encode("utf-8")
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, text, 0)

    def release_writer(self) -> None:
        """Give up writing: clear our name from the lock file and release the writer lock."""
        if self.writer:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            _unlock(self._fd, _WRITER)
            self.writer = False

    def close(self) -> None:
        """Release everything and close the lock file, removing it when no other process is
        writing (under the gate, so nobody is between opening it and locking it).
        """
        if self._gate or self.enter_gate(wait=1.0):
            self.release_writer()
            if not self.writer_elsewhere():
                with contextlib.suppress(OSError):
                    self.path.unlink()
        self.leave_gate()
        self.release_writer()
        with contextlib.suppress(OSError):
            os.close(self._fd)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
