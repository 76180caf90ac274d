"""Salvage: copy every readable, usable row of a damaged book into a new book.

The damaged book is only read, through a read-only connection. Its rows are read in rowid
order; when SQLite cannot read a page, the reader skips past it (and, where an index of the
table is still readable, learns exactly which rows were on it), so an unreadable page loses
only its own rows. The rows are gathered in a scratch database with the book's tables but no
constraints, where ``find_damage``'s rules run over them: a bad value in a column that may be
empty is cleared (or reset to the field's default where the column must hold a value), a bad
value in a required column drops its row, and rows referring to a dropped or lost row are
dropped or have the reference cleared, as the foreign key's ``ondelete`` says. What is left is
inserted, parents first, into a new book created as ``BookFile.create`` creates every book, which
is verified and moved into place without overwriting anything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections import defaultdict
from pathlib import Path

from pydantic_core import PydanticUndefined
from sqlalchemy import PrimaryKeyConstraint, Table, UniqueConstraint
from sqlmodel import SQLModel

from csm_desk.models.bookfile import (
    APPLICATION_ID,
    HEAD_REVISION,
    SCHEMA_VERSION,
    BookError,
    BookFile,
    MissingBookError,
    NewerBookError,
    NotABookError,
    connect_read_only,
    place_without_overwrite,
    temporary_sibling,
)
from csm_desk.models.damage import BadValue, find_damage, is_damage, scan
from csm_desk.models.readable_rows import TableReader, quote
from csm_desk.models.salvage_report import ClearedValue, LostRow, SalvageReport, TableSalvage
from csm_desk.models.tables import ALL_TABLES, Book, BookMeta, EditJournal
from csm_desk.models.value_rules import ColumnRule, rules_for

_CHUNK = 2000  # rows written to the scratch database at a time
_STAGE = "salvage"  # the scratch database's schema name


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def _name(model: type[SQLModel]) -> str:
    return str(model.__tablename__)


# -- salvaging ----------------------------------------------------------------------------------


def _source_columns(src: sqlite3.Connection, model: type[SQLModel]) -> list[str] | None:
    """The declared columns that the damaged book's table has (None: it has no such table)."""
    found = {r[1] for r in src.execute(f"PRAGMA table_info({quote(_name(model))})")}
    if not found:
        return None
    return [c.name for c in _table(model).columns if c.name in found]


def _default_of(model: type[SQLModel], rule: ColumnRule) -> tuple[bool, object]:
    """Whether the field has a plain default that its own rules accept, and the default."""
    info = model.model_fields.get(rule.name)
    if info is None or info.default is PydanticUndefined or info.default is None:
        return False, None
    default = info.default
    return rule.problem(default) is None, default


def _unique_keys(model: type[SQLModel]) -> list[tuple[str, ...]]:
    """Every set of columns whose values may appear only once (the rowid aside)."""
    table = _table(model)
    keys = {
        tuple(c.name for c in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
    }
    keys |= {(c.name,) for c in table.columns if c.unique}
    keys.discard(("id",))
    return sorted(keys)


def _has_rowid_alias(model: type[SQLModel]) -> bool:
    keys = list(_table(model).primary_key.columns)
    return len(keys) == 1 and keys[0].name == "id"


def _refuse(source: Path, out: Path) -> None:
    if not source.exists():
        raise MissingBookError(f"no book at {source}")
    if out.exists():
        raise BookError(f"{out} already exists; choose another name")
    if not out.parent.is_dir():
        raise BookError(f"{out.parent} is not a folder")


def _check_identity(src: sqlite3.Connection, source: Path) -> None:
    """Refuse anything but a CSM Desk book this version can read."""
    try:
        app_id = src.execute("PRAGMA application_id").fetchone()[0]
        version = src.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise NotABookError(f"{source} cannot be salvaged: {exc}") from None
    if app_id != APPLICATION_ID:
        raise NotABookError(f"{source} is not a CSM Desk book")
    if version > SCHEMA_VERSION:
        raise NewerBookError(
            f"{source} was written by a newer CSM Desk (book format {version}); "
            "salvage it with that version"
        )


class _Salvage:
    """One salvage in progress: the damaged book, the new book, and scratch copies of the
    damaged book's tables (attached to the new book's connection as ``salvage``).
    """

    def __init__(self, src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
        self.src = src
        self.dst = dst
        self.tables = {_name(m): TableSalvage(_name(m)) for m in ALL_TABLES}
        self.present: list[type[SQLModel]] = []
        self.notes: list[str] = []
        self.revision: str | None = None

    def run(self) -> None:
        self.dst.execute("PRAGMA foreign_keys = ON")
        self.dst.execute(f"ATTACH DATABASE '' AS {_STAGE}")
        self.dst.execute("BEGIN")
        self.stage()
        self.fix_values()
        self.fix_duplicates()
        self.fix_references()
        self.insert()
        self.copy_journal()
        self.dst.execute("COMMIT")
        self.dst.execute(f"DETACH DATABASE {_STAGE}")
        self.verify()

    def report(self, source: Path, out: Path) -> SalvageReport:
        tables = tuple(self.tables[_name(m)] for m in ALL_TABLES)
        return SalvageReport(source, out, tables, tuple(self.notes))

    def _stage_name(self, name: str) -> str:
        return f"{_STAGE}.{quote(name)}"

    def stage(self) -> None:
        """Copy every readable row of every table into the scratch tables."""
        try:
            found = self.src.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            found = None
        self.revision = None if found is None else str(found[0])
        if self.revision != HEAD_REVISION:
            # Tables and columns a later format added are empty in the salvaged book.
            self.notes.append(
                f"The damaged book's format is {self.revision or 'unknown'}; what it holds was "
                f"copied into this version's format ({HEAD_REVISION})."
            )
        for model in ALL_TABLES:
            name = _name(model)
            try:
                columns = _source_columns(self.src, model)
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc):
                    raise
                raise BookError(f"the damaged book's tables cannot be read ({exc})") from None
            if columns is None:
                if self.revision == HEAD_REVISION:
                    self.notes.append(f"The damaged book has no {name} table.")
                continue
            # No types, no constraints: any value read can be held. The id stays the rowid, so
            # references are looked up by it.
            declared = ", ".join(
                quote(c.name) + (" INTEGER PRIMARY KEY" if c.name == "id" else "")
                for c in _table(model).columns
            )
            if not _has_rowid_alias(model):
                declared = declared.replace(" INTEGER PRIMARY KEY", "")
            self.dst.execute(f"CREATE TABLE {self._stage_name(name)} ({declared})")
            rows = list(TableReader(self.src, name, columns, self.tables[name]).read().values())
            insert = (
                f"INSERT INTO {self._stage_name(name)} "
                f"(rowid, {', '.join(map(quote, columns))}) "
                f"VALUES ({', '.join('?' * (len(columns) + 1))})"
            )
            for at in range(0, len(rows), _CHUNK):
                self.dst.executemany(insert, rows[at : at + _CHUNK])
            self.present.append(model)

    def _drop(self, name: str, rowid: int, reason: str) -> None:
        self.dst.execute(f"DELETE FROM {self._stage_name(name)} WHERE rowid = ?", (rowid,))
        self.tables[name].dropped.append(LostRow(name, rowid, reason))

    def _clear(self, bad: BadValue, now: object) -> None:
        self.dst.execute(
            f"UPDATE {self._stage_name(bad.table)} SET {quote(bad.column)} = ? WHERE rowid = ?",
            (now, bad.row),
        )
        self.tables[bad.table].cleared.append(ClearedValue(bad, now))

    def fix_values(self) -> None:
        """Clear each bad value, or drop its row where the value is required."""
        by_row: dict[tuple[str, int], list[BadValue]] = defaultdict(list)
        for bad in scan(self.dst, schema=_STAGE, tables=self.present):
            by_row[(bad.table, bad.row)].append(bad)
        models = {_name(m): m for m in self.present}
        for (name, rowid), bads in by_row.items():
            model = models[name]
            rules = {r.name: r for r in rules_for(model).columns}
            changes: list[tuple[BadValue, object]] = []
            drop: BadValue | None = None
            for bad in bads:
                rule = rules[bad.column]
                if rule.reference is not None and bad.problem == rule.problem(bad.value, 1):
                    continue  # only the row it refers to is missing: see fix_references
                cascade = rule.reference is not None and rule.reference.ondelete == "CASCADE"
                required = rule.spec is not None and rule.spec.required
                usable, default = _default_of(model, rule)
                if required or cascade:
                    drop = drop or bad
                elif rule.nullable:
                    changes.append((bad, None))
                elif usable and rule.reference is None:
                    changes.append((bad, default))  # NOT NULL, but not asked of the person
                else:
                    drop = drop or bad
            if drop is not None:
                self._drop(name, rowid, f'column "{drop.column}": {drop.shown} {drop.problem}')
                continue
            for bad, now in changes:
                self._clear(bad, now)

    def fix_duplicates(self) -> None:
        """Rows that repeat a unique key of an earlier row (a damaged index let them in): the
        key is cleared where it may be empty (a CRM id), otherwise the later row is dropped.
        """
        for model in self.present:
            name = _name(model)
            table = self._stage_name(name)
            rules = {r.name: r for r in rules_for(model).columns}
            for key in _unique_keys(model):
                columns = ", ".join(quote(k) for k in key)
                present = " AND ".join(f"{quote(k)} IS NOT NULL" for k in key)
                same = " AND ".join(f"a.{quote(k)} = f.{quote(k)}" for k in key)
                repeated = self.dst.execute(
                    f"SELECT a.rowid, f.first, a.{quote(key[0])} FROM {table} AS a JOIN "
                    f"(SELECT {columns}, min(rowid) AS first FROM {table} WHERE {present} "
                    f"GROUP BY {columns} HAVING count(*) > 1) AS f ON {same} "
                    "WHERE a.rowid <> f.first"
                ).fetchall()
                optional = len(key) == 1 and rules[key[0]].nullable and not rules[key[0]].reference
                for rowid, first, value in repeated:
                    problem = f"repeats the {', '.join(key)} of row {first}"
                    if optional:
                        self._clear(BadValue(name, rowid, key[0], value, problem), None)
                    else:
                        self._drop(name, rowid, problem)

    def fix_references(self) -> None:
        """Rows referring to rows that are not there: dropped or cleared as ``ondelete`` says."""
        changed = True
        while changed:
            changed = False
            for model in self.present:
                name = _name(model)
                for rule in rules_for(model).columns:
                    ref = rule.reference
                    if ref is None:
                        continue
                    column = quote(rule.name)
                    orphans = self.dst.execute(
                        f"SELECT rowid, {column} FROM {self._stage_name(name)} "
                        f"WHERE {column} IS NOT NULL AND {column} NOT IN "
                        f"(SELECT {quote(ref.parent_column)} FROM {self._stage_name(ref.parent)})"
                    ).fetchall()
                    problem = f"refers to a lost or missing {ref.parent.replace('_', ' ')}"
                    for rowid, value in orphans:
                        changed = True
                        if ref.ondelete == "SET NULL" and rule.nullable:
                            self._clear(BadValue(name, rowid, rule.name, value, problem), None)
                        else:
                            self._drop(name, rowid, f'column "{rule.name}" {problem}')

    def insert(self) -> None:
        """Write the scratch rows into the new book, parents first."""
        self.dst.execute("PRAGMA defer_foreign_keys = ON")  # a milestone may depend on a later one
        for model in self.present:
            name = _name(model)
            columns = [quote(c.name) for c in _table(model).columns]
            if not _has_rowid_alias(model):
                columns.insert(0, "rowid")
            listed = ", ".join(columns)
            copied = int(
                self.dst.execute(f"SELECT count(*) FROM {self._stage_name(name)}").fetchone()[0]
            )
            if model is Book and copied:
                self.dst.execute("DELETE FROM main.book")  # the new book's own default row
            # The new book records the version that wrote it; the rest of book_meta is copied.
            verb = "INSERT OR IGNORE" if model is BookMeta else "INSERT"
            self.dst.execute(
                f"{verb} INTO main.{quote(name)} ({listed}) "
                f"SELECT {listed} FROM {self._stage_name(name)} ORDER BY rowid"
            )
            self.tables[name].copied = copied
        if self.tables["book"].copied == 0:
            self.notes.append(
                "The book's owner, currency and settings could not be read: the salvaged book "
                "has the defaults; set them again."
            )

    def copy_journal(self) -> None:
        """Carry over the edit journal's readable, well-formed entries. The journal is history,
        not content: an entry that cannot be read or makes no sense is left behind without a
        word in the report, and losing all of it loses no data.
        """
        columns = [c.name for c in _table(EditJournal).columns]
        try:
            present = _source_columns(self.src, EditJournal)
        except sqlite3.DatabaseError:
            return
        if present is None or set(present) != set(columns):
            return
        try:
            rows = TableReader(self.src, "edit_journal", columns, TableSalvage("edit_journal"))
            found = list(rows.read().values())
        except sqlite3.DatabaseError:
            return
        kept = [
            row[1:] for row in found if _journal_entry_ok(dict(zip(columns, row[1:], strict=True)))
        ]
        listed = ", ".join(map(quote, columns))
        self.dst.executemany(
            f"INSERT INTO main.edit_journal ({listed}) VALUES ({', '.join('?' * len(columns))})",
            kept,
        )

    def verify(self) -> None:
        result = self.dst.execute("PRAGMA integrity_check").fetchone()
        if not result or result[0] != "ok":
            raise BookError(f"the salvaged book failed its integrity check: {result[0]}")
        if self.dst.execute("PRAGMA foreign_key_check").fetchall():
            raise BookError("the salvaged book has broken references")
        left = find_damage(self.dst, limit=1)
        if left:
            raise BookError(f"the salvaged book still has a damaged value: {left[0]}")


def _journal_entry_ok(entry: dict[str, object]) -> bool:
    """Whether an edit journal entry read from a damaged book is whole enough to keep."""
    whole = all(isinstance(entry[k], int) for k in ("id", "step", "rows")) and all(
        isinstance(entry[k], str) for k in ("tbl", "kind", "fields", "artifacts", "via", "label")
    )
    optional = all(
        entry[k] is None or isinstance(entry[k], int) for k in ("account_id", "row_id", "undoes")
    )
    if not (whole and optional and isinstance(entry["at"], str)):
        return False
    try:
        dt.datetime.fromisoformat(str(entry["at"]))
    except ValueError:
        return False
    return entry["kind"] in ("added", "changed", "deleted")


def salvage(source: Path, out: Path) -> SalvageReport:
    """Copy every readable row of the (damaged) book at ``source`` into a new book at ``out``.

    ``source`` is only read. ``out`` must not exist; the new book is written under a temporary
    name beside it (removed on any failure), verified (integrity, references, no damaged value)
    and moved into place without overwriting. Raises ``BookError`` when nothing can be salvaged.
    """
    source = Path(source).expanduser()
    out = Path(out).expanduser()
    _refuse(source, out)
    temporary = temporary_sibling(out, "salvage")
    leftovers = [temporary.with_name(temporary.name + s) for s in ("", "-wal", "-shm", "-journal")]
    src = connect_read_only(source)
    try:
        # Lets SQLite read a file shorter than its header says (a truncated copy) and past a
        # damaged schema entry; the connection is query-only, so nothing can be written.
        src.execute("PRAGMA writable_schema = ON")
        _check_identity(src, source)
        BookFile.create(temporary).close()
        dst = sqlite3.connect(temporary, isolation_level=None)
        try:
            work = _Salvage(src, dst)
            work.run()
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        place_without_overwrite(temporary, out)
    except sqlite3.Error as exc:
        raise BookError(f"could not salvage into {out}: {exc}; nothing was written") from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise BookError(f"could not salvage into {out}: {reason}; nothing was written") from None
    finally:
        src.close()
        for path in leftovers:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
    return work.report(source, out)


__all__ = ["ClearedValue", "LostRow", "SalvageReport", "TableSalvage", "salvage"]
