"""Whether a write-ahead log found beside a book belongs to it, before SQLite replays it.

SQLite replays any valid ``-wal`` it finds beside a database it opens; it cannot tell a log
left by this book's own crash from one copied in from another book, or one left beside a book
that was since replaced by an older copy (SQLite's "How To Corrupt An SQLite Database File",
mispaired journals). Replaying either shows another book's data or damages this one.

So every transaction that changes a book also rewrites one small marker in ``book_meta``:
``CSMJ1:<lineage>:<sequence>``, the book's lineage (a random id given when the book is made)
and a counter bumped by one per transaction. A log's frames then carry the marker of every
transaction in it. A log belongs to the book when its markers name the book's lineage and
continue from the sequence the book file itself holds: replaying page images from transactions
``first..last`` over a file that holds the state of any transaction ``first-1..last`` is exact.

The log is read here with plain file reads, only while no SQLite connection of this process
has the book open (see ``bookfile``), and its frames are checked exactly as SQLite checks them
(salts and the running checksum), so only frames SQLite would replay are judged.
"""

from __future__ import annotations

import re
import sqlite3
import struct
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

MARKER_KEY = "journal"
_MARKER = re.compile(rb"CSMJ1:([0-9a-f]{32}):([0-9]{12})")
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER = 32
_FRAME_HEADER = 24


@dataclass(frozen=True)
class Marker:
    """A book's lineage and the sequence number of its last transaction."""

    lineage: str
    sequence: int

    def text(self) -> str:
        """The marker as written into the book: ``CSMJ1:<lineage>:<sequence>``."""
        return f"CSMJ1:{self.lineage}:{self.sequence:012d}"

    def next(self) -> Marker:
        """The marker of the next write in the same lineage."""
        return Marker(self.lineage, self.sequence + 1)

    @staticmethod
    def parse(text: object) -> Marker | None:
        """The marker in ``text``; None when it is not one."""
        match = _MARKER.fullmatch(str(text or "").encode("ascii", "replace"))
        if match is None:
            return None
        return Marker(match.group(1).decode(), int(match.group(2)))

    @staticmethod
    def new_lineage() -> Marker:
        """The first marker of a new lineage (a book created or restored)."""
        return Marker(uuid.uuid4().hex, 0)


def wal_path(book: Path) -> Path:
    """SQLite's write-ahead log next to ``book``."""
    return book.with_name(book.name + "-wal")


def shm_path(book: Path) -> Path:
    """SQLite's shared-memory index next to ``book``."""
    return book.with_name(book.name + "-shm")


def immutable_uri(path: Path) -> str:
    """An SQLite URI for reading ``path`` as a file that nothing changes: its own pages only,
    no log, no locks. Every character of the path is percent-encoded, so ``%``, ``?`` and
    ``#`` in a name mean themselves.
    """
    return "file:" + urllib.parse.quote(str(path.resolve())) + "?immutable=1"


def _read_file_marker(book: Path) -> Marker | None:
    """The marker in the book file's own pages; raises ``sqlite3.Error`` (or, for a schema
    damaged into bytes that are not text, ``UnicodeDecodeError``) when they cannot be read on
    their own.

    A checkpoint interrupted after it wrote page 1 leaves a header that counts pages only the
    log holds yet; SQLite refuses such a file unless ``writable_schema`` is on (it then reads
    the pages there are). Nothing is written: the file is opened immutable.
    """
    con = sqlite3.connect(immutable_uri(book), uri=True)
    try:
        con.execute("PRAGMA writable_schema = ON")
        row = con.execute("SELECT value FROM book_meta WHERE key = ?", (MARKER_KEY,)).fetchone()
    finally:
        con.close()
    return Marker.parse(row[0]) if row else None


def _lineages_in_file(book: Path) -> set[str] | None:
    """Every lineage named by a marker anywhere in the book file's bytes (live or stale), or
    None when the file cannot be read.
    """
    found: set[str] = set()
    overlap = 64  # longer than a marker, so one split across two chunks is still seen
    tail = b""
    try:
        with book.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                data = tail + chunk
                found.update(m.group(1).decode() for m in _MARKER.finditer(data))
                tail = data[-overlap:]
    except OSError:
        return None
    return found


@dataclass(frozen=True)
class WalFrames:
    """What a log would replay: the committed frames' page images."""

    page_size: int
    committed: list[bytes]


def read_wal(path: Path) -> WalFrames | None:
    """The frames SQLite would replay from the log at ``path`` (None when there are none)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < _WAL_HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, ck1, ck2 = struct.unpack(
        ">8I", data[:_WAL_HEADER]
    )
    if magic not in _WAL_MAGIC or page_size < 512 or page_size & (page_size - 1):
        return None
    big_endian = magic & 1 == 1
    s1, s2 = _checksum(data[:24], 0, 0, big_endian)
    if (s1, s2) != (ck1, ck2):
        return None
    frames: list[bytes] = []
    committed: list[bytes] = []
    offset = _WAL_HEADER
    size = _FRAME_HEADER + page_size
    while offset + size <= len(data):
        header = data[offset : offset + _FRAME_HEADER]
        _page, commit, f_salt1, f_salt2, f_ck1, f_ck2 = struct.unpack(">6I", header)
        if (f_salt1, f_salt2) != (salt1, salt2):
            break
        page = data[offset + _FRAME_HEADER : offset + size]
        s1, s2 = _checksum(header[:8], s1, s2, big_endian)
        s1, s2 = _checksum(page, s1, s2, big_endian)
        if (s1, s2) != (f_ck1, f_ck2):
            break
        frames.append(page)
        if commit:
            committed.extend(frames)
            frames = []
        offset += size
    return WalFrames(page_size, committed) if committed else None


def _checksum(data: bytes, s1: int, s2: int, big_endian: bool) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & mask
        s2 = (s2 + words[i + 1] + s1) & mask
    return s1, s2


@dataclass(frozen=True)
class Verdict:
    """Whether the log beside a book may be replayed into it."""

    belongs: bool
    reason: str = ""


def judge_wal(book: Path) -> Verdict | None:
    """None when there is no log to replay; otherwise whether it belongs to the book."""
    frames = read_wal(wal_path(book))
    if frames is None:
        return None
    try:
        own = _read_file_marker(book)
    except (sqlite3.Error, UnicodeDecodeError):
        return _judge_by_bytes(book, frames)
    seen: list[Marker] = []
    for page in frames.committed:
        markers = [Marker(m.group(1).decode(), int(m.group(2))) for m in _MARKER.finditer(page)]
        if not markers:
            continue
        if own is not None:
            mine = [m for m in markers if m.lineage == own.lineage]
            if not mine:
                return Verdict(False, "it was written by another book")
            seen.append(max(mine, key=lambda m: m.sequence))
        else:
            seen.append(max(markers, key=lambda m: m.sequence))
    if own is None:
        # A book not yet written by this version: its log can only be checked for continuity
        # from its very first marked transaction.
        if seen and min(m.sequence for m in seen) > 1:
            return Verdict(False, "it continues a book that is not this file")
        return Verdict(True)
    if not seen:
        return Verdict(False, "it holds changes this program did not write")
    first = min(m.sequence for m in seen)
    last = max(m.sequence for m in seen)
    if not first - 1 <= own.sequence <= last:
        return Verdict(
            False,
            "the book file was replaced after the log was written"
            if own.sequence < first - 1
            else "it is older than the book file",
        )
    return Verdict(True)


def _judge_by_bytes(book: Path, frames: WalFrames) -> Verdict:
    """The book file cannot be read without its log (a checkpoint was interrupted part way, or
    it is damaged): judge the log by the lineages named in the file's bytes. Setting aside the
    log of an interrupted checkpoint would leave the file half written, so the log is kept
    unless the file names lineages and none of them is the log's.
    """
    in_log = {m.group(1).decode() for page in frames.committed for m in _MARKER.finditer(page)}
    in_file = _lineages_in_file(book)
    if in_file and in_log and not in_file & in_log:
        return Verdict(False, "it was written by another book")
    return Verdict(True, "the book file cannot be read without it")
