"""Ways to damage a closed copy of a book the way real books get damaged, for tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def write(path: Path, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Run one statement on the file with plain SQLite: no foreign keys, no validation."""
    con = sqlite3.connect(path)
    try:
        con.execute(sql, params)
        con.commit()
    finally:
        con.close()


def allow_null(path: Path, table: str, column: str) -> None:
    """Drop a column's NOT NULL from the stored schema, as a foreign tool's edit might."""
    con = sqlite3.connect(path)
    try:
        (sql,) = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        declared = next(
            line for line in sql.splitlines() if line.strip().startswith(f"{column} ")
        ).strip()
        assert declared.endswith("NOT NULL,"), declared
        relaxed = sql.replace(declared, declared.replace(" NOT NULL", ""))
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (relaxed, table))
        con.commit()
    finally:
        con.close()


def leaf_pages(path: Path, table: str) -> list[int]:
    """The page numbers of a table's leaf pages, in key order."""
    con = sqlite3.connect(path)
    try:
        return [
            r[0]
            for r in con.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
                (table,),
            )
        ]
    finally:
        con.close()


def zero_page(path: Path, page: int) -> None:
    """Overwrite one page of a closed book with zeros, with plain file I/O."""
    con = sqlite3.connect(path)
    try:
        (size,) = con.execute("PRAGMA page_size").fetchone()
    finally:
        con.close()
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(f"{path}{suffix}").exists(), "the book must be closed"
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\x00" * size)


def rowids(path: Path, table: str) -> set[int]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute(f'SELECT rowid FROM "{table}"')}
    finally:
        con.close()
