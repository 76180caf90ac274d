"""Values in a book that the program could not read correctly, found and named by table, row
and column, so a damaged book is described in words instead of failing with a traceback.

One SQL query per table, generated from the table's declaration (see ``value_rules``), finds the
rows holding a suspicious value, so a whole book of ~400,000 rows is scanned in a fraction of a
second; only those rows are then checked value by value in Python, which decides and words the
problem. A book whose pages cannot be read at all raises ``DamagedBookError``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from csm_desk.models.bookfile import DamagedBookError, damaged, raw_connection
from csm_desk.models.tables import ALL_TABLES
from csm_desk.models.value_rules import register, rules_for

SHOWN_CHARS = 60  # longest value shown in a problem line


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class BadValue:
    """One stored value the program cannot use.

    Attributes:
        table: the table's name in the file.
        row: the row's rowid (its ``id`` where the table has one).
        column: the column's name; empty when the problem is the table's rows themselves
            (the book's own row missing), and ``row`` is then 0.
        value: the value as stored (None for NULL).
        problem: what is wrong, worded to follow the value ("is not a date (YYYY-MM-DD)").
    """

    table: str
    row: int
    column: str
    value: object
    problem: str

    @property
    def shown(self) -> str:
        """The value as it appears in a problem line: NULL, or its repr cut to fit a line."""
        if self.value is None:
            return "NULL"
        text = repr(self.value)
        return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"

    def __str__(self) -> str:
        if not self.column:
            return f"table {self.table} {self.problem}"
        where = f'table {self.table}, row {self.row}, column "{self.column}"'
        return f"{where}: {self.shown} {self.problem}"


# -- scanning ---------------------------------------------------------------------------------


def file_of(raw: sqlite3.Connection, schema: str = "main") -> Path:
    """The file behind a connection's schema, for messages."""
    try:
        for _seq, name, file in raw.execute("PRAGMA database_list"):
            if name == schema and file:
                return Path(file)
    except sqlite3.DatabaseError:
        pass
    return Path("the book")


# Errors that say the file is busy or the work was stopped, not that the file is damaged.
_NOT_DAMAGE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_INTERRUPT", "SQLITE_NOMEM")


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether an SQLite error means unreadable pages rather than a busy or stopped file."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    return not name.startswith(_NOT_DAMAGE)


def _columns_present(raw: sqlite3.Connection, schema: str) -> dict[str, set[str]]:
    """The columns of every table the file has (a book of an older format has fewer)."""
    found: dict[str, set[str]] = {}
    rows = raw.execute(
        f"SELECT m.name, c.name FROM {_quote(schema)}.sqlite_master AS m "
        "JOIN pragma_table_info(m.name, ?) AS c WHERE m.type = 'table'",
        (schema,),
    )
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


def scan(
    raw: sqlite3.Connection,
    *,
    schema: str = "main",
    limit: int | None = None,
    tables: Sequence[type[SQLModel]] = ALL_TABLES,
) -> list[BadValue]:
    """Every bad value in ``tables`` of the attached database ``schema`` (see ``find_damage``).

    SQLite errors are passed on as they are; ``find_damage`` words them.
    """
    register(raw)
    present = _columns_present(raw, schema)
    found: list[BadValue] = []
    for model in tables:
        rules = rules_for(model)
        columns = present.get(rules.name)
        if columns is None:
            continue  # a table of a later format than this book's
        if any(rule.name not in columns for rule in rules.columns):
            rules = replace(rules, columns=tuple(r for r in rules.columns if r.name in columns))
        for row in raw.execute(rules.query(schema)):
            for column, value, problem in rules.problems(row):
                found.append(BadValue(rules.name, int(row[0]), column, value, problem))
                if limit is not None and len(found) >= limit:
                    return found
    return found


def _missing_book_row(raw: sqlite3.Connection) -> BadValue | None:
    """The book's own row (its name, settings and creation), which every book has exactly once."""
    if not _columns_present(raw, "main").get("book"):
        return None  # no book table at all: the schema check names that
    count = int(raw.execute('SELECT count(*) FROM "main"."book"').fetchone()[0])
    if count == 1:
        return None
    problem = "has no row: the book's own name and settings are gone"
    if count > 1:
        problem = f"has {count} rows where a book has exactly one"
    return BadValue("book", 0, "", None, problem)


def find_damage(
    conn: sqlite3.Connection | Connection, *, limit: int | None = None
) -> list[BadValue]:
    """Every value of every table of the book that the program could not read correctly.

    A value is bad when it is not of its column's type (text in a number column, a blob, a
    date that is not a real YYYY-MM-DD date, a date-time not written as YYYY-MM-DD HH:MM:SS),
    NULL where a value is required, a number outside its field's bounds, a word outside its
    field's vocabulary, a boolean other than 0/1, a reference to a row that does not exist (or
    belongs to another account), or JSON that does not parse (or, for the book's settings, that
    the settings cannot use), text that is not UTF-8, or a book without its own row. With
    ``limit``, stops after that many.

    Raises ``DamagedBookError`` (one line naming the file and SQLite's reason) when pages of
    the file cannot be read.
    """
    raw = raw_connection(conn)
    try:
        found = _missing_book_row(raw)
        if found is None:
            return scan(raw, limit=limit)
        if limit is not None and limit <= 1:
            return [found]
        return [found, *scan(raw, limit=None if limit is None else limit - 1)]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        raise damaged(file_of(raw), exc) from None


__all__ = ["BadValue", "DamagedBookError", "find_damage"]
