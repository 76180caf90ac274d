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
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from csm_desk.models.damage import BadValue, ColumnRule, find_damage, is_damage, rules_for, scan
from csm_desk.models.tables import ALL_TABLES, Book, BookMeta

_FIRST, _LAST = -(2**63), 2**63 - 1  # the range of SQLite rowids
_CHUNK = 2000  # rows written to the scratch database at a time
_STAGE = "salvage"  # the scratch database's schema name


@dataclass(frozen=True)
class LostRow:
    """A row of the damaged book that is not in the salvaged one, and why."""

    table: str
    row: int
    reason: str


@dataclass(frozen=True)
class ClearedValue:
    """A value that was cleared (or reset to its default) so that its row could be kept."""

    bad: BadValue
    now: object

    def __str__(self) -> str:
        now = "now empty" if self.now is None else f"now {self.now!r} (the default)"
        return f"{self.bad}; {now}"


@dataclass
class TableSalvage:
    """What happened to one table's rows.

    Attributes:
        table: the table's name.
        copied: rows written to the salvaged book.
        unreadable: ids of rows that could not be read (known from a readable index).
        unreadable_spans: stretches of ids, ``(first, last)`` inclusive, that could not be read
            where no index could say which rows were there (``None``: no bound).
        dropped: readable rows left out (a bad required value, or a reference to a lost row).
        cleared: values cleared so their rows could be kept.
        reason: SQLite's words for why pages could not be read.
    """

    table: str
    copied: int = 0
    unreadable: list[int] = field(default_factory=list)
    unreadable_spans: list[tuple[int | None, int | None]] = field(default_factory=list)
    dropped: list[LostRow] = field(default_factory=list)
    cleared: list[ClearedValue] = field(default_factory=list)
    reason: str | None = None

    @property
    def lost(self) -> int:
        """Rows known to be lost (unreadable or dropped); spans may hide more."""
        return len(self.unreadable) + len(self.dropped)


@dataclass(frozen=True)
class SalvageReport:
    """What a salvage copied, lost and cleared, table by table; ``str()`` is readable lines."""

    source: Path
    out: Path
    tables: tuple[TableSalvage, ...]
    notes: tuple[str, ...] = ()

    @property
    def rows_copied(self) -> int:
        return sum(t.copied for t in self.tables)

    @property
    def rows_lost(self) -> int:
        return sum(t.lost for t in self.tables)

    @property
    def values_cleared(self) -> int:
        return sum(len(t.cleared) for t in self.tables)

    @property
    def complete(self) -> bool:
        """Every row was copied, with nothing cleared."""
        return not (
            self.rows_lost or self.values_cleared or any(t.unreadable_spans for t in self.tables)
        )

    def table(self, name: str) -> TableSalvage:
        return next(t for t in self.tables if t.table == name)

    def lines(self) -> Iterator[str]:
        more = (
            " (and an unknown number more)" if any(t.unreadable_spans for t in self.tables) else ""
        )
        yield (
            f"Salvaged {self.source} into {self.out}: {self.rows_copied:,} rows copied, "
            f"{self.rows_lost:,} lost{more}, {self.values_cleared:,} values cleared"
        )
        shown = [t for t in self.tables if t.copied or t.lost or t.cleared or t.unreadable_spans]
        width = max((len(t.table) for t in shown), default=0)
        for t in shown:
            unknown = " +?" if t.unreadable_spans else ""
            yield (
                f"  {t.table.ljust(width)}  {t.copied:>8,} copied  {t.lost:>6,}{unknown} lost  "
                f"{len(t.cleared):>6,} cleared"
            )
        lost = [line for t in self.tables for line in _lost_lines(t)]
        if lost:
            yield "Lost rows:"
            yield from (f"  {line}" for line in lost)
        cleared = [str(c) for t in self.tables for c in t.cleared]
        if cleared:
            yield "Cleared values:"
            yield from (f"  {line}" for line in cleared)
        yield from self.notes

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _ranges(ids: Iterable[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"rows 3–5, 9"``."""
    ordered = sorted(set(ids))
    parts: list[str] = []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ("row " if len(ordered) == 1 else "rows ") + ", ".join(parts)


def _lost_lines(t: TableSalvage) -> Iterator[str]:
    why = f" ({t.reason})" if t.reason else ""
    if t.unreadable:
        yield f"table {t.table}, {_ranges(t.unreadable)}: unreadable{why}"
    for first, last in t.unreadable_spans:
        if first is None and last is None:
            span = "every row"
        elif first is None:
            span = f"rows up to {last} (how many is not known)"
        elif last is None:
            span = f"rows from {first} on (how many is not known)"
        else:
            span = f"rows {first}–{last} (how many is not known)"
        yield f"table {t.table}, {span}: unreadable{why}"
    by_reason: dict[str, list[int]] = defaultdict(list)
    for row in t.dropped:
        by_reason[row.reason].append(row.row)
    for reason, rows in by_reason.items():
        yield f"table {t.table}, {_ranges(rows)}: dropped: {reason}"


# -- reading a damaged table --------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def _name(model: type[SQLModel]) -> str:
    return str(model.__tablename__)


class _TableReader:
    """Reads every readable row of one table of the damaged book, skipping unreadable pages."""

    def __init__(self, src: sqlite3.Connection, table: str, columns: list[str], out: TableSalvage):
        self.src = src
        self.name = _quote(table)
        self.select = f"SELECT rowid, {', '.join(_quote(c) for c in columns)} FROM {self.name}"
        self.out = out
        self.rows: dict[int, tuple[Any, ...]] = {}

    def _failed(self, exc: sqlite3.DatabaseError) -> None:
        if not is_damage(exc):
            raise exc
        self.out.reason = self.out.reason or str(exc)

    def read(self) -> dict[int, tuple[Any, ...]]:
        start: int | None = _FIRST
        while start is not None:
            start = self._read_from(start)
        if self.out.reason is not None:
            self._account_for_lost_rows()
        return self.rows

    def _read_from(self, start: int) -> int | None:
        """Read rows in rowid order from ``start``; where reading must go on after a failure."""
        query = f"{self.select} WHERE rowid >= ? ORDER BY rowid"
        try:
            for row in self.src.execute(query, (start,)):
                self.rows[row[0]] = row
                if row[0] == _LAST:
                    return None
                start = row[0] + 1
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return self._skip(start)
        return None

    def _probe(self, start: int) -> tuple[bool, int | None]:
        """Whether the first row at or after ``start`` can be found, and its rowid."""
        try:
            found = self.src.execute(
                f"SELECT rowid FROM {self.name} WHERE rowid >= ? ORDER BY rowid LIMIT 1", (start,)
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return False, None
        return True, None if found is None else int(found[0])

    def _read_one(self, rowid: int) -> bool:
        try:
            row = self.src.execute(f"{self.select} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.DatabaseError as exc:
            self._failed(exc)
            return False
        if row is not None:
            self.rows[rowid] = row
        return True

    def _skip(self, start: int) -> int | None:
        """Where reading can go on after it failed at or after ``start`` (None: nowhere)."""
        ok, rowid = self._probe(start)
        if ok:
            if rowid is None:
                return None
            # The row can be found but not read (its own content is damaged).
            if not self._read_one(rowid):
                self.out.unreadable.append(rowid)
            return rowid + 1 if rowid < _LAST else None
        # Find a start that can be read, doubling the step, then narrow down to the first one.
        bad, step = start, 1
        while True:
            good = min(bad + step, _LAST)
            ok, _ = self._probe(good)
            if ok:
                break
            if good == _LAST:
                self.out.unreadable_spans.append((start, None))
                return None
            bad, step = good, step * 2
        while good - bad > 1:
            middle = (bad + good) // 2
            ok, _ = self._probe(middle)
            bad, good = (bad, middle) if ok else (middle, good)
        self.out.unreadable_spans.append((start, good - 1))
        return good

    def _account_for_lost_rows(self) -> None:
        """Name the rows that were on unreadable pages, from any index that can still be read."""
        try:
            indexes = [r[1] for r in self.src.execute(f"PRAGMA index_list({self.name})")]
        except sqlite3.DatabaseError:
            indexes = []
        for index in indexes:
            try:
                listed = [
                    int(r[0])
                    for r in self.src.execute(
                        f"SELECT rowid FROM {self.name} INDEXED BY {_quote(index)}"
                    )
                ]
            except sqlite3.DatabaseError:
                continue
            missing = sorted(set(listed) - set(self.rows) - set(self.out.unreadable))
            self.out.unreadable.extend(r for r in missing if not self._read_one(r))
            self.out.unreadable.sort()
            self.out.unreadable_spans.clear()
            return
        self.out.unreadable_spans[:] = [
            (None if first == _FIRST else first, last) for first, last in self.out.unreadable_spans
        ]


# -- salvaging ----------------------------------------------------------------------------------


def _source_columns(src: sqlite3.Connection, model: type[SQLModel]) -> list[str] | None:
    """The declared columns that the damaged book's table has (None: it has no such table)."""
    found = {r[1] for r in src.execute(f"PRAGMA table_info({_quote(_name(model))})")}
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
    damaged book's tables (attached to the new book's connection as ``salvage``)."""

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
        self.dst.execute("COMMIT")
        self.dst.execute(f"DETACH DATABASE {_STAGE}")
        self.verify()

    def report(self, source: Path, out: Path) -> SalvageReport:
        tables = tuple(self.tables[_name(m)] for m in ALL_TABLES)
        return SalvageReport(source, out, tables, tuple(self.notes))

    def _stage_name(self, name: str) -> str:
        return f"{_STAGE}.{_quote(name)}"

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
            declared = ", ".join(_quote(c.name) for c in _table(model).columns)
            self.dst.execute(f"CREATE TABLE {self._stage_name(name)} ({declared})")
            rows = list(_TableReader(self.src, name, columns, self.tables[name]).read().values())
            insert = (
                f"INSERT INTO {self._stage_name(name)} "
                f"(rowid, {', '.join(map(_quote, columns))}) "
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
            f"UPDATE {self._stage_name(bad.table)} SET {_quote(bad.column)} = ? WHERE rowid = ?",
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
                if rule.reference is not None and rule.problem(bad.value) is None:
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
        """Keep the first of rows that repeat a unique key (a damaged index let them in)."""
        for model in self.present:
            name = _name(model)
            table = self._stage_name(name)
            for key in _unique_keys(model):
                same = " AND ".join(f"b.{_quote(k)} = a.{_quote(k)}" for k in key)
                repeated = self.dst.execute(
                    f"SELECT a.rowid, min(b.rowid) FROM {table} AS a JOIN {table} AS b "
                    f"ON {same} AND b.rowid < a.rowid GROUP BY a.rowid"
                ).fetchall()
                for rowid, first in repeated:
                    self._drop(name, rowid, f"repeats the {', '.join(key)} of row {first}")

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
                    column = _quote(rule.name)
                    orphans = self.dst.execute(
                        f"SELECT rowid, {column} FROM {self._stage_name(name)} "
                        f"WHERE {column} IS NOT NULL AND {column} NOT IN "
                        f"(SELECT {_quote(ref.parent_column)} FROM {self._stage_name(ref.parent)})"
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
            columns = [_quote(c.name) for c in _table(model).columns]
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
                f"{verb} INTO main.{_quote(name)} ({listed}) "
                f"SELECT {listed} FROM {self._stage_name(name)} ORDER BY rowid"
            )
            self.tables[name].copied = copied
        if self.tables["book"].copied == 0:
            self.notes.append(
                "The book's owner, currency and settings could not be read: the salvaged book "
                "has the defaults; set them again."
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
    finally:
        src.close()
        for path in leftovers:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
    return work.report(source, out)


__all__ = ["ClearedValue", "LostRow", "SalvageReport", "TableSalvage", "salvage"]
