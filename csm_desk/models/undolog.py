"""What a write's bookkeeping overwrote, kept so that undoing the write puts it back exactly.

An op reverts its own rows, but the bookkeeping the writer does after it -- the artifacts'
"last updated" stamps, the day's health snapshot, an unpinned account's stored segment -- is
derived from the book and written over whatever was there. Redoing that bookkeeping on undo
would stamp the artifacts afresh (a stale artifact would turn fresh) and leave a snapshot of
a state that was never kept. So each piece of bookkeeping first tells an ``UndoLog`` what it is
about to overwrite, and undo restores the log, newest entry first, before the op reverts.

Values are read and written as SQLite stores them (no type conversion), so what comes back is
byte for byte what was there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

# Parameters per statement, well inside SQLite's limit.
_CHUNK = 500


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


@dataclass(frozen=True)
class _Rows:
    """Every row of ``table`` whose ``column`` is one of ``values`` and whose columns match
    ``also``, as they were: restoring removes the rows matching now and puts these back.
    """

    table: str
    column: str
    values: tuple[Any, ...]
    also: tuple[tuple[str, Any], ...]
    names: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def _where(self, part: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
        marks = ", ".join("?" for _ in part)
        sql = f"{_quoted(self.column)} IN ({marks})"
        sql += "".join(f" AND {_quoted(name)} = ?" for name, _ in self.also)
        return sql, (*part, *(value for _, value in self.also))

    def restore(self, conn: Connection) -> None:
        for part in _chunks(self.values):
            where, params = self._where(part)
            conn.exec_driver_sql(f"DELETE FROM {_quoted(self.table)} WHERE {where}", params)
        if self.rows:
            columns = ", ".join(_quoted(n) for n in self.names)
            marks = ", ".join("?" for _ in self.names)
            conn.exec_driver_sql(
                f"INSERT INTO {_quoted(self.table)} ({columns}) VALUES ({marks})",
                list(self.rows),
            )


@dataclass(frozen=True)
class _Values:
    """Some columns of one row, as they were."""

    table: str
    key: tuple[tuple[str, Any], ...]
    values: tuple[tuple[str, Any], ...]

    def restore(self, conn: Connection) -> None:
        sets = ", ".join(f"{_quoted(name)} = ?" for name, _ in self.values)
        where = " AND ".join(f"{_quoted(name)} = ?" for name, _ in self.key)
        conn.exec_driver_sql(
            f"UPDATE {_quoted(self.table)} SET {sets} WHERE {where}",
            tuple(v for _, v in self.values) + tuple(v for _, v in self.key),
        )


class UndoLog:
    """The rows a write's bookkeeping is about to change, as they were before it.

    Entries are only added while the write's transaction runs; restoring leaves the log as it
    is, so an undo whose transaction failed can be tried again.
    """

    def __init__(self) -> None:
        self._entries: list[_Rows | _Values] = []

    def __len__(self) -> int:
        return len(self._entries)

    def keep_rows(
        self,
        conn: Connection,
        table: str,
        column: str,
        values: Iterable[Any],
        also: Mapping[str, Any] | None = None,
    ) -> None:
        """Remember every row of ``table`` whose ``column`` is one of ``values`` (and whose
        columns equal ``also``): restoring puts exactly these rows back, removing any row
        matching the same condition that was added since. Values are given as stored, e.g.
        a date as ``"2026-11-22"``.
        """
        wanted = tuple(dict.fromkeys(values))
        if not wanted:
            return
        pairs = tuple((also or {}).items())
        entry = _Rows(table, column, wanted, pairs, (), ())
        names: tuple[str, ...] = ()
        rows: list[tuple[Any, ...]] = []
        for part in _chunks(wanted):
            where, params = entry._where(part)
            result = conn.exec_driver_sql(f"SELECT * FROM {_quoted(table)} WHERE {where}", params)
            names = tuple(result.keys())
            rows.extend(tuple(r) for r in result)
        self._entries.append(_Rows(table, column, wanted, pairs, names, tuple(rows)))

    def keep_values(self, table: str, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        """Remember the values some columns of one row (found by ``key``) hold now, as
        stored, before they are changed.
        """
        self._entries.append(_Values(table, tuple(key.items()), tuple(values.items())))

    def restore(self, conn: Connection) -> None:
        """Put back everything remembered, the latest first."""
        for entry in reversed(self._entries):
            entry.restore(conn)
