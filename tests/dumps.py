"""A book's content as stored, for tests that compare a book before and after: every row of
every table, without the bookkeeping that moves with every write (the journal marker in
``book_meta``; the derived tables: the accounts' change counters and stored results, and the
search index with its shadow tables; and the edit journal, history of the writes that every
write and every undo adds to)."""

from __future__ import annotations

import sqlite3
from typing import Any

from csm_desk.models.bookfile import BookFile
from csm_desk.models.search import SEARCH_TABLES
from csm_desk.models.tables import DERIVED_TABLES, HISTORY_TABLES

Dump = dict[str, list[tuple[Any, ...]]]
BOOKKEEPING = frozenset(
    str(t.__tablename__) for t in (*DERIVED_TABLES, *HISTORY_TABLES)
) | frozenset(SEARCH_TABLES)


def content_tables(con: sqlite3.Connection) -> list[str]:
    """The tables holding the book's content, by name."""
    names = [
        str(r[0])
        for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    return [n for n in names if n not in BOOKKEEPING]


def rows_of(con: sqlite3.Connection, name: str) -> list[tuple[Any, ...]]:
    """Every row of one content table as stored, in a stable order."""
    rows = [tuple(r) for r in con.execute(f'SELECT * FROM "{name}"')]
    if name == "book_meta":
        # The file's transaction marker moves with every write; it is not book content.
        rows = [r for r in rows if r[0] != "journal"]
    return sorted(rows, key=repr)


def dump_connection(con: sqlite3.Connection) -> Dump:
    """Every row of every content table."""
    return {name: rows_of(con, name) for name in content_tables(con)}


def dump(book: BookFile) -> Dump:
    """Every row of every content table of an open book."""
    with book.read() as conn:
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        return dump_connection(raw)
