"""The damaged copies of the demo book the corruption sweep runs (``test_corruption_sweep``):
how each is damaged, and whether it is known to be damaged or is left to be judged.

Each variant's ``damage`` changes a closed copy of a book in place (plain file I/O and plain
SQLite: a copy is not a live book).
"""

from __future__ import annotations

import os
import random
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FINE = "fine"
DAMAGED = "damaged"
CHANGED = "changed"  # a value changed, the file is sound: only the process rules apply
JUDGE = "judge"  # decided by looking at the damaged copy (random flips)


# -- ways to damage a closed copy of a book ---------------------------------------------------


def _page_size(path: Path) -> int:
    with path.open("rb") as handle:
        head = handle.read(100)
    size = int.from_bytes(head[16:18], "big")
    return 65536 if size == 1 else size


def flip(fraction: float, mask: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        offset = min(len(data) - 1, int(fraction * len(data)))
        data[offset] ^= mask
        path.write_bytes(bytes(data))

    return damage


def flip_at(offset: int, mask: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[offset] ^= mask
        path.write_bytes(bytes(data))

    return damage


def burst(fraction: float, length: int, seed: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        offset = min(len(data) - length, int(fraction * len(data)))
        data[offset : offset + length] = random.Random(seed).randbytes(length)
        path.write_bytes(bytes(data))

    return damage


def truncate(length: Callable[[int, int], int]) -> Callable[[Path], None]:
    """Cut the file to ``length(size, page_size)`` bytes."""

    def damage(path: Path) -> None:
        os.truncate(path, length(path.stat().st_size, _page_size(path)))

    return damage


def zero_page(which: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        page = _page_size(path)
        pages = path.stat().st_size // page
        number = {"header": 1, "second": 2, "middle": pages // 2, "last": pages}[which]
        with path.open("r+b") as handle:
            handle.seek((number - 1) * page)
            handle.write(bytes(page))

    return damage


def garbage_beside(suffix: str, size: int, seed: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        Path(f"{path}{suffix}").write_bytes(random.Random(seed).randbytes(size))

    return damage


def wal_header_then_garbage(path: Path) -> None:
    """A log whose header is valid (checksum and all) but whose frames are noise."""
    from csm_desk.models.journal import _checksum

    page = _page_size(path)
    header = struct.pack(">6I", 0x377F0682, 3007000, page, 0, 0x1234, 0x5678)
    s1, s2 = _checksum(header, 0, 0, False)
    frames = random.Random(7).randbytes(3 * (24 + page))
    Path(f"{path}-wal").write_bytes(header + struct.pack(">2I", s1, s2) + frames)


def replace_bytes(*pairs: tuple[bytes, bytes]) -> Callable[[Path], None]:
    """Overwrite every occurrence of each ``old`` in the file with its ``new`` (of the same
    length), in turn."""
    assert all(len(old) == len(new) for old, new in pairs)

    def damage(path: Path) -> None:
        data = path.read_bytes()
        for old, new in pairs:
            assert old in data, old
            data = data.replace(old, new)
        path.write_bytes(data)

    return damage


def sql(
    statement: str, *params: Any, relax: tuple[str, str] | None = None
) -> Callable[[Path], None]:
    """Change values with plain SQLite, as another tool would (no checks, no journal marker);
    ``relax`` drops a column's NOT NULL from the stored schema first."""

    def damage(path: Path) -> None:
        con = sqlite3.connect(path)
        try:
            if relax is not None:
                table, column = relax
                (schema,) = con.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                ).fetchone()
                declared = f"{column} VARCHAR NOT NULL"
                assert declared in schema, schema
                con.execute("PRAGMA writable_schema = ON")
                con.execute(
                    "UPDATE sqlite_master SET sql = ? WHERE name = ?",
                    (schema.replace(declared, f"{column} VARCHAR"), table),
                )
                con.commit()
                con.close()
                con = sqlite3.connect(path)
            changed = con.execute(statement, params).rowcount
            assert changed >= 1, f"{statement} changed nothing"
            con.commit()
        finally:
            con.close()

    return damage


def first(table: str, column: str, value: Any, where: str = "") -> Callable[[Path], None]:
    """Set ``column`` of the first row of ``table`` (matching ``where``) to ``value``."""
    condition = f"WHERE {where}" if where else ""
    return sql(
        f'UPDATE "{table}" SET "{column}" = ? '
        f'WHERE rowid = (SELECT min(rowid) FROM "{table}" {condition})',
        value,
    )


NORTHWIND_ROW = "account_id = 1"


# -- the variants -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    name: str
    damage: Callable[[Path], None] = field(compare=False)
    expect: str


def _variants() -> list[Variant]:
    rng = random.Random(20261122)
    found: list[Variant] = []

    def add(name: str, damage: Callable[[Path], None], expect: str) -> None:
        found.append(Variant(name, damage, expect))

    # Bytes flipped at random offsets anywhere in the file, and a few runs of noise.
    for n in range(50):
        add(f"flip-{n:02d}", flip(rng.random(), 1 << rng.randrange(8)), JUDGE)
    for n in range(6):
        add(f"noise-{n}", burst(rng.random(), 64, n), JUDGE)
    # The header's fields: magic, page size, versions, page count, schema cookie, app id.
    for offset in (0, 16, 18, 21, 28, 40, 44, 56, 60, 68, 96):
        add(f"header-byte-{offset}", flip_at(offset, 0x04), JUDGE)
    # The schema on page 1 (table definitions).
    for n in range(6):
        add(f"schema-flip-{n}", flip_at(100 + rng.randrange(3900), 0x20), JUDGE)
    # The schema damaged where it names an index, into bytes that are not text: SQLite's own
    # message about the damage ("malformed database schema (name)") then cannot be decoded.
    add(
        "schema-name-not-text",
        replace_bytes(
            (
                b"CREATE INDEX ix_stakeholder_link_from_id",
                b"CREATE INDEZ ix_stakeholder\xb7link_from_id",
            ),
            (b"ix_stakeholder_link_from_id", b"ix_stakeholder\xb7link_from_id"),
        ),
        DAMAGED,
    )
    # Truncation.
    for name, length in {
        "empty": lambda size, page: 0,
        "50-bytes": lambda size, page: 50,
        "header-only": lambda size, page: 100,
        "one-page": lambda size, page: page,
        "half": lambda size, page: size // 2,
        "one-page-short": lambda size, page: size - page,
        "one-byte-short": lambda size, page: size - 1,
        "mid-page": lambda size, page: size - page // 2,
    }.items():
        add(f"truncated-{name}", truncate(length), DAMAGED)
    # Zeroed pages.
    for which in ("header", "second", "middle", "last"):
        add(f"zeroed-{which}-page", zero_page(which), DAMAGED)
    # Garbage beside the book.
    add("garbage-wal", garbage_beside("-wal", 70_000, 1), FINE)
    add("garbage-wal-short", garbage_beside("-wal", 20, 2), FINE)
    add("wal-header-then-garbage", wal_header_then_garbage, FINE)
    add("garbage-shm", garbage_beside("-shm", 32_768, 3), FINE)
    # Dates: impossible, and written the way another country writes them.
    for table, column, where in (
        ("account", "renewal_date", "id = 1"),
        ("account", "contract_start", "id = 5"),
        ("meeting", "date", NORTHWIND_ROW),
        ("signal_reading", "date", NORTHWIND_ROW),
        ("milestone", "due", NORTHWIND_ROW),
        ("risk", "reassess_on", "account_id = 2"),
        ("health_snapshot", "date", "account_id = 3"),
        ("kpi_reading", "date", ""),
    ):
        add(f"{table}.{column}=2027-02-30", first(table, column, "2027-02-30", where), DAMAGED)
        add(f"{table}.{column}=05/02/2027", first(table, column, "05/02/2027", where), DAMAGED)
    add(
        "artifact_touch.touched_at=yesterday",
        first("artifact_touch", "touched_at", "yesterday"),
        DAMAGED,
    )
    add("book.created_at=2026-13-01", first("book", "created_at", "2026-13-01 09:00:00"), DAMAGED)
    add(
        "handover_log.handed_over_at=last-year",
        first("handover_log", "handed_over_at", "last year"),
        DAMAGED,
    )
    # Text in number columns.
    for table, column, value, where in (
        ("account", "arr", "lots", "id = 1"),
        ("account", "complexity", "high", "id = 2"),
        ("account", "contract_term_months", "12 months", "id = 3"),
        ("signal_reading", "value", "n/a", NORTHWIND_ROW),
        ("health_snapshot", "score", "good", "account_id = 4"),
        ("kpi", "target", "more", NORTHWIND_ROW),
        ("expansion", "estimated_arr", "big", ""),
        ("stakeholder", "influence", "very", NORTHWIND_ROW),
    ):
        add(f"{table}.{column}=text", first(table, column, value, where), DAMAGED)
    # NULL or nothing where a value is required.
    add(
        "account.name=NULL",
        sql("UPDATE account SET name = NULL WHERE id = 1", relax=("account", "name")),
        DAMAGED,
    )
    add(
        "risk.statement=NULL",
        sql("UPDATE risk SET statement = NULL WHERE account_id = 1", relax=("risk", "statement")),
        DAMAGED,
    )
    add(
        "stakeholder.name=NULL",
        sql(
            "UPDATE stakeholder SET name = NULL WHERE account_id = 1",
            relax=("stakeholder", "name"),
        ),
        DAMAGED,
    )
    add("account.name=empty", first("account", "name", "   ", "id = 2"), DAMAGED)
    add("meeting.date=NULL", first("meeting", "date", None, NORTHWIND_ROW), DAMAGED)
    # Numbers out of range.
    for table, column, value, where in (
        ("stakeholder", "influence", 9, NORTHWIND_ROW),
        ("stakeholder", "relationship_strength", -3, NORTHWIND_ROW),
        ("health_override", "value", 500.0, ""),
        ("renewal_plan", "probability_override", 5.0, ""),
        ("account", "arr", -85000.0, "id = 1"),
        ("account", "complexity", 42, "id = 1"),
        ("signal_reading", "value", float("inf"), NORTHWIND_ROW),
    ):
        add(f"{table}.{column}={value}", first(table, column, value, where), DAMAGED)
    # Values outside their vocabulary, and yes/no values that are neither.
    for table, column, value, where in (
        ("account", "segment", "platinum", "id = 1"),
        ("account", "lifecycle_stage", "zombie", "id = 2"),
        ("risk", "status", "maybe", NORTHWIND_ROW),
        ("meeting", "type", "party", NORTHWIND_ROW),
        ("signal_reading", "key", "mood", NORTHWIND_ROW),
        ("stakeholder", "roles", "champion,wizard", NORTHWIND_ROW),
        ("account", "segment_pinned", "yes", "id = 3"),
        ("risk", "shared", 7, ""),
    ):
        add(f"{table}.{column}={value}", first(table, column, value, where), DAMAGED)
    # Settings and stored JSON that cannot be read.
    for name, value in (
        ("not-json", "{not json"),
        ("a-list", "[]"),
        ("empty", ""),
        ("wrong-types", '{"segment_weights": "heavy"}'),
    ):
        add(f"book.settings_json={name}", first("book", "settings_json", value), DAMAGED)
    add(
        "health_snapshot.components_json=not-json",
        first("health_snapshot", "components_json", "{bad", "account_id = 1"),
        DAMAGED,
    )
    # Rows that cannot be stored text, and references to nothing.
    add("account.name=blob", first("account", "name", b"\x00\xff\x10", "id = 1"), DAMAGED)
    add(
        "account.name=invalid-utf8",
        sql("UPDATE account SET name = CAST(X'4e6fff72' AS TEXT) WHERE id = 1"),
        DAMAGED,
    )
    add("risk.account_id=missing", first("risk", "account_id", 9999), DAMAGED)
    add("book-row-deleted", sql("DELETE FROM book"), DAMAGED)
    add("schema-version-deleted", sql("DELETE FROM alembic_version"), DAMAGED)
    return found


VARIANTS = _variants()
# Run on every test run: one of each kind of damage.
FAST = {
    "header-byte-68",
    "header-byte-16",
    "truncated-half",
    "zeroed-middle-page",
    "garbage-wal",
    "schema-name-not-text",
    "account.renewal_date=2027-02-30",
    "account.arr=text",
    "account.name=NULL",
    "stakeholder.influence=9",
    "book.settings_json=not-json",
}
