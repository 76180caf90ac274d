"""Verified seals: a note, kept outside the book, that the book file as it stands was checked.

Opening a book checks it whole (``PRAGMA integrity_check`` and every value the program reads),
which takes about a second per 2,000 accounts. A book nobody has changed since it was last
checked need not be checked again, the way a file system skips its check after a clean
unmount: after a check passes, and when the one writer closes a book it opened checked, this
program notes the file's identity (device, inode, size, modification and change times to the
nanosecond). The next open skips the check only while all of those are unchanged and no log
beside the book holds writes: any write by any program, a copy, a restore or a replaced file
changes at least one of them (the change time cannot be set back by programs).

The times come from the file system's clock, which ticks every few milliseconds: a change by
another program within one tick of the close that keeps the file's size could go unseen, so
seals are kept only for books big enough for the check to be noticed (``SEAL_FROM_BYTES``); a
seal that cannot be read or written costs a check, never a wrong answer. The seal is never
inside the book and the book is never touched to make one (``os.stat`` only).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from csm_desk import paths
from csm_desk.models.journal import wal_path

# Checking a smaller book takes less than a few hundredths of a second: not worth a seal.
SEAL_FROM_BYTES = 4 * 1024 * 1024


def _seal_path(book: Path) -> Path:
    key = hashlib.sha256(os.path.realpath(book).encode("utf-8", "surrogateescape")).hexdigest()
    return paths.cache_dir() / "verified" / f"{key[:32]}.json"


def identity(book: Path) -> dict[str, int] | None:
    """What identifies the book file's present bytes, or None when it cannot be sealed (too
    small, missing, or a log beside it holds writes not yet in the file)."""
    try:
        st = os.stat(book)
        log = wal_path(book)
        if log.exists() and log.stat().st_size > 0:
            return None
    except OSError:
        return None
    if st.st_size < SEAL_FROM_BYTES:
        return None
    return {
        "dev": st.st_dev,
        "ino": st.st_ino,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns,
    }


def is_sealed(book: Path) -> bool:
    """Whether the book file is exactly as it was when last found sound."""
    now = identity(book)
    if now is None:
        return False
    try:
        kept = json.loads(_seal_path(book).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(kept, dict) and kept.get("identity") == now


def seal(book: Path) -> bool:
    """Note that the book file is sound as it is now (its writer, closing it). Returns whether
    a seal was written."""
    now = identity(book)
    if now is None:
        return False
    target = _seal_path(book)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(
            json.dumps({"book": str(book), "identity": now}, ensure_ascii=False),
            encoding="utf-8",
        )
        os.replace(partial, target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return False
    return True


def unseal(book: Path) -> None:
    """Forget the book's seal (it is checked on its next open)."""
    with contextlib.suppress(OSError):
        _seal_path(book).unlink()


__all__ = ["SEAL_FROM_BYTES", "identity", "is_sealed", "seal", "unseal"]
