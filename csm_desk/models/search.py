"""Search everything: a full-text index (SQLite FTS5) of every free-text field of every account.

Which columns are indexed comes from the field metadata (``fields.Kind`` TEXT, LONGTEXT and
LINES of the account's tables), so a field added later is indexed without a hand list. The
index is derived: one row per non-empty field value, kept in step with every write by triggers
on the indexed tables (in the same transaction as the write, whatever makes it: the Writer,
undo, an import, a hand edit in sqlite3), and rebuilt when it is missing, damaged, or its
triggers are not the ones this version would install (``ensure``).

The virtual table's schema is created by migration 0004; the triggers and the contents belong
to the program and are (re)installed on open, so they always follow the current field metadata.
"""

from __future__ import annotations

import re
import sqlite3
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlmodel import SQLModel

from csm_desk.models.fields import Kind, specs_of
from csm_desk.models.tables import ACCOUNT_PARENTS, ACCOUNT_TABLES, Account

if TYPE_CHECKING:
    from csm_desk.models.bookfile import BookFile

# The account and every table whose rows belong to one (ACCOUNT_TABLES holds the account).
_SEARCHED: tuple[type[SQLModel], ...] = (Account, *(t for t in ACCOUNT_TABLES if t is not Account))

INDEX = "search_index"
# The FTS5 table and the shadow tables SQLite keeps for it: not SQLModel models, and left out
# of the schema comparison and of book dumps like the other derived tables.
SHADOW_TABLES = tuple(f"{INDEX}_{s}" for s in ("data", "idx", "content", "docsize", "config"))
SEARCH_TABLES = (INDEX, *SHADOW_TABLES)
# unicode61 with remove_diacritics 2: "resume" finds "résumé", "Munchen" finds "München".
CREATE_INDEX = (
    f"CREATE VIRTUAL TABLE {INDEX} USING fts5(body, account_id UNINDEXED, tbl UNINDEXED, "
    "col UNINDEXED, row_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
)
TEXT_KINDS = (Kind.TEXT, Kind.LONGTEXT, Kind.LINES)
TRIGGER_PREFIX = "search_"
START, END = "\x02", "\x03"  # marks around a matched word in snippets, split off by ``_parts``


@dataclass(frozen=True)
class Indexed:
    """One indexed table: its text columns and how a row names its account."""

    number: int  # part of the index rowid: row id * 4096 + number * 64 + column position
    name: str
    columns: tuple[str, ...]
    parent: tuple[str, str] | None  # (parent table, key) when the row has no account_id


def _indexed_tables() -> tuple[Indexed, ...]:
    found: list[Indexed] = []
    for table in _SEARCHED:
        columns = tuple(n for n, s in specs_of(table).items() if s.kind in TEXT_KINDS)
        if not columns:
            continue
        sa_table = table.__table__  # type: ignore[attr-defined]
        parent = ACCOUNT_PARENTS.get(str(sa_table.name))  # kpi_reading → kpi, …
        found.append(Indexed(len(found), str(table.__tablename__), columns, parent))
    assert len(found) < 64
    assert all(len(t.columns) < 64 for t in found)
    return tuple(found)


INDEXED = _indexed_tables()
TABLES: dict[str, type[SQLModel]] = {str(t.__tablename__): t for t in _SEARCHED}


def _account_of(table: Indexed, row: str) -> str:
    if table.name == "account":
        return f"{row}.id"
    if table.parent is not None:
        parent, key = table.parent
        return f"(SELECT account_id FROM {parent} WHERE id = {row}.{key})"
    return f"{row}.account_id"


def _rowid(table: Indexed, position: int, row: str) -> str:
    return f"{row}.id * 4096 + {table.number * 64 + position}"


def _inserts(table: Indexed, row: str) -> str:
    account = _account_of(table, row)
    return " ".join(
        f"INSERT INTO {INDEX} (rowid, body, account_id, tbl, col, row_id) SELECT "
        f"{_rowid(table, i, row)}, {row}.{c}, {account}, '{table.name}', '{c}', {row}.id "
        f"WHERE {row}.{c} IS NOT NULL AND {row}.{c} <> '';"
        for i, c in enumerate(table.columns)
    )


def _deletes(table: Indexed, row: str) -> str:
    ids = ", ".join(_rowid(table, i, row) for i in range(len(table.columns)))
    return f"DELETE FROM {INDEX} WHERE rowid IN ({ids});"


def triggers() -> dict[str, str]:
    """Every trigger the index needs, by name, as SQL."""
    found: dict[str, str] = {}
    for t in INDEXED:
        name = f"{TRIGGER_PREFIX}{t.name}"
        found[f"{name}_insert"] = (
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {t.name} BEGIN {_inserts(t, 'NEW')} END"
        )
        # Only when an indexed value, the row's id or what names its account changes.
        key = "id" if t.name == "account" else (t.parent[1] if t.parent else "account_id")
        watched = ", ".join(dict.fromkeys((*t.columns, "id", key)))
        found[f"{name}_update"] = (
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {t.name} BEGIN "
            f"{_deletes(t, 'OLD')} {_inserts(t, 'NEW')} END"
        )
        extra = f"DELETE FROM {INDEX} WHERE account_id = OLD.id; " if t.name == "account" else ""
        found[f"{name}_delete"] = (
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {t.name} BEGIN "
            f"{_deletes(t, 'OLD')} {extra}END"
        )
    return found


def _fill(raw: sqlite3.Connection) -> None:
    for t in INDEXED:
        account = _account_of(t, "r")
        for i, c in enumerate(t.columns):
            raw.execute(
                f"INSERT INTO {INDEX} (rowid, body, account_id, tbl, col, row_id) SELECT "
                f"{_rowid(t, i, 'r')}, r.{c}, {account}, '{t.name}', '{c}', r.id "
                f"FROM {t.name} AS r WHERE r.{c} IS NOT NULL AND r.{c} <> ''"
            )


def _raw(connection: Connection | sqlite3.Connection) -> sqlite3.Connection:
    if isinstance(connection, sqlite3.Connection):
        return connection
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def index_problem(connection: Connection | sqlite3.Connection) -> str | None:
    """Why the index cannot be used as it is (missing, damaged, other triggers), or None."""
    raw = _raw(connection)
    if (
        raw.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (INDEX,)
        ).fetchone()
        is None
    ):
        return "the search index is missing"
    try:
        raw.execute(f"INSERT INTO {INDEX}({INDEX}) VALUES('integrity-check')")
    except sqlite3.DatabaseError as exc:
        return f"the search index is damaged ({exc})"
    # Read as bytes: a trigger whose text was damaged into bytes that are not UTF-8 is simply
    # not this version's trigger (it is replaced), not a reason to refuse the book.
    installed = {
        bytes(name).decode("utf-8", "replace"): bytes(sql or b"").decode("utf-8", "replace")
        for name, sql in raw.execute(
            "SELECT CAST(name AS BLOB), CAST(sql AS BLOB) FROM sqlite_master "
            "WHERE type = 'trigger' AND name LIKE ?",
            (f"{TRIGGER_PREFIX}%",),
        ).fetchall()
    }
    if installed != triggers():
        return "the search index does not follow this version's fields"
    return None


def rebuild(connection: Connection | sqlite3.Connection) -> None:
    """Make the index from scratch: the virtual table, its triggers, every row (inside the
    caller's transaction).
    """
    raw = _raw(connection)
    for (name,) in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
        (f"{TRIGGER_PREFIX}%",),
    ).fetchall():
        raw.execute(f'DROP TRIGGER "{name}"')
    try:
        raw.execute(f"DROP TABLE IF EXISTS {INDEX}")
    except sqlite3.DatabaseError:
        # Too damaged to drop as a virtual table: drop what is left of it table by table.
        raw.execute("PRAGMA writable_schema = ON")
        try:
            raw.execute("DELETE FROM sqlite_master WHERE type = 'table' AND name = ?", (INDEX,))
        finally:
            raw.execute("PRAGMA writable_schema = OFF")
    for shadow in SHADOW_TABLES:
        raw.execute(f"DROP TABLE IF EXISTS {shadow}")
    raw.execute(CREATE_INDEX)
    for sql in triggers().values():
        raw.execute(sql)
    _fill(raw)


def ensure(connection: Connection | sqlite3.Connection) -> bool:
    """Rebuild the index if it is missing, damaged or not this version's; True if it was."""
    if index_problem(connection) is None:
        return False
    rebuild(connection)
    return True


# -- searching -------------------------------------------------------------------------------

_WORD = re.compile(r"\S+")


def match_expression(text: str) -> str | None:
    """The FTS5 query for words a person typed, or None when there is nothing to look for.

    Each word is quoted, so FTS5's own syntax (quotes, ``*``, ``-``, ``:``, parentheses, AND /
    OR / NOT / NEAR) is searched as text, and each is a prefix ("onboard" finds "onboarding");
    every word must occur in the same field.
    """
    words = [w for w in _WORD.findall(text) if any(ch.isalnum() for ch in w)]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


@dataclass(frozen=True)
class Hit:
    """One field that matches: where it is, and the text around the match."""

    account_id: int
    account: str
    table: str
    row_id: int
    column: str
    label: str  # "Meeting · Decisions"
    rank: float
    parts: tuple[tuple[str, bool], ...] = field(default=())  # snippet, (text, matched) runs

    @property
    def snippet(self) -> str:
        """The text around the match, as plain text."""
        return "".join(text for text, _ in self.parts)

    def marked(self, start: str = "[", end: str = "]") -> str:
        """The snippet with the matched words between ``start`` and ``end``."""
        return "".join(f"{start}{t}{end}" if hit else t for t, hit in self.parts)

    def to_json(self) -> dict[str, Any]:
        """The hit as JSON-ready values, the matched words as character spans of the snippet."""
        spans, at = [], 0
        for text, hit in self.parts:
            if hit:
                spans.append([at, at + len(text)])
            at += len(text)
        return {
            "account_id": self.account_id,
            "account": self.account,
            "table": self.table,
            "row_id": self.row_id,
            "field": self.column,
            "label": self.label,
            "rank": self.rank,
            "snippet": self.snippet,
            "highlights": spans,
        }


def _parts(marked: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{START}{END}]", marked)):
        if chunk:
            out.append((chunk, i % 2 == 1))
    return tuple(out)


def table_label(table: str) -> str:
    """A table's name in words (``renewal_plan`` → "Renewal plan")."""
    return table.replace("_", " ").capitalize()


def label_of(table: str, column: str) -> str:
    """Where a match was found, in words: the table and the field's label."""
    model = TABLES.get(table)
    spec = specs_of(model).get(column) if model is not None else None
    return f"{table_label(table)} · {spec.label if spec else column}"


def search(
    connection: Connection | sqlite3.Connection, text: str, *, limit: int = 200
) -> list[Hit]:
    """The fields matching ``text``, best first (bm25), with the matched words marked.

    Never raises on what a person types; an empty query finds nothing.
    """
    query = match_expression(text)
    if query is None:
        return []
    raw = _raw(connection)
    rows = raw.execute(
        f"SELECT s.account_id, a.name, s.tbl, s.row_id, s.col, bm25({INDEX}), "
        f"snippet({INDEX}, 0, ?, ?, '…', 16) "
        f"FROM {INDEX} AS s JOIN account AS a ON a.id = s.account_id "
        f"WHERE {INDEX} MATCH ? ORDER BY bm25({INDEX}), s.rowid LIMIT ?",
        (START, END, query, limit),
    ).fetchall()
    return [
        Hit(
            int(account_id),
            str(name),
            str(table),
            int(row_id),
            str(column),
            label_of(str(table), str(column)),
            float(rank),
            _parts(str(marked)),
        )
        for account_id, name, table, row_id, column, rank, marked in rows
    ]


def indexed_columns() -> Iterable[tuple[str, str]]:
    """Every (table, column) the index covers."""
    for t in INDEXED:
        for c in t.columns:
            yield t.name, c


def search_book(book: BookFile, text: str, *, limit: int = 200) -> list[Hit]:
    """``search`` on an open book. A writable book's index was made sound when it was opened
    and triggers keep it so; a book opened to read is checked once. One whose index cannot be
    used (an older copy on a read-only medium, a damaged index) is searched in a private
    in-memory copy with the index rebuilt there; the book is not changed.
    """
    if match_expression(text) is None:
        return []
    usable = _checked.get(book)
    with book.read() as conn:
        raw = _raw(conn)
        if usable is None:
            usable = not book.read_only or index_problem(raw) is None
            _checked[book] = usable
        if usable:
            try:
                return search(raw, text, limit=limit)
            except sqlite3.DatabaseError:
                _checked[book] = False
        copy = sqlite3.connect(":memory:")
        try:
            raw.backup(copy)
        finally:
            conn.rollback()
    try:
        rebuild(copy)
        return search(copy, text, limit=limit)
    finally:
        copy.close()


# Whether each open book's index can be searched as it is.
_checked: weakref.WeakKeyDictionary[BookFile, bool] = weakref.WeakKeyDictionary()
