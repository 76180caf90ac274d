"""Reading every readable row of one table of a damaged book.

Rows are read in rowid order. When SQLite cannot read a page, the reader looks for the next
rowid it can reach (doubling its step, then narrowing down), so an unreadable page loses only
its own rows; afterwards any index of the table that can still be read names exactly which
rows were lost.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from csm_desk.models.damage import is_damage
from csm_desk.models.salvage_report import TableSalvage

FIRST_ROWID, LAST_ROWID = -(2**63), 2**63 - 1


def quote(name: str) -> str:
    """An SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


class TableReader:
    """Reads every readable row of one table of the damaged book, skipping unreadable pages."""

    def __init__(
        self, src: sqlite3.Connection, table: str, columns: list[str], out: TableSalvage
    ) -> None:
        self.src = src
        self.name = quote(table)
        self.select = f"SELECT rowid, {', '.join(quote(c) for c in columns)} FROM {self.name}"
        self.out = out
        self.rows: dict[int, tuple[Any, ...]] = {}

    def _failed(self, exc: sqlite3.DatabaseError) -> None:
        if not is_damage(exc):
            raise exc
        self.out.reason = self.out.reason or str(exc)

    def read(self) -> dict[int, tuple[Any, ...]]:
        """Every row that can still be read, by rowid, noting what could not be."""
        start: int | None = FIRST_ROWID
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
                if row[0] == LAST_ROWID:
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
            return rowid + 1 if rowid < LAST_ROWID else None
        # Find a start that can be read, doubling the step, then narrow down to the first one.
        bad, step = start, 1
        while True:
            good = min(bad + step, LAST_ROWID)
            ok, _ = self._probe(good)
            if ok:
                break
            if good == LAST_ROWID:
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
                        f"SELECT rowid FROM {self.name} INDEXED BY {quote(index)}"
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
            (None if first == FIRST_ROWID else first, last)
            for first, last in self.out.unreadable_spans
        ]


__all__ = ["TableReader"]
