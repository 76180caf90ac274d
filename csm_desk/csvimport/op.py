"""The whole import as one reversible write: bulk inserts and updates, exactly undone.

Rows are written with ``executemany`` rather than one statement per row, so ten thousand
readings cost one round of statements. New rows get their ids on the first apply and keep them
when the import is redone after an undo; undoing deletes the rows it created (their snapshots and
artifact stamps go with them) and puts back the previous values of the rows it changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from csm_desk.csvimport.existing import chunks
from csm_desk.engine.vocab import Artifact
from csm_desk.models import rowdata
from csm_desk.models.ops import Changed, Op, _Touches, artifacts_touched

Values = dict[str, Any]


@dataclass
class TableWrites:
    """The rows one table gains and the rows it changes.

    Attributes:
        table: the table's name.
        creates: the values of each new row (no id).
        updates: ``(id, values)`` for each changed row: only the fields that change.
    """

    table: str
    creates: list[Values] = field(default_factory=list)
    updates: list[tuple[int, Values]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.creates or self.updates)


class ImportOp(Op):
    """Apply an import's writes in one go; revert them exactly.

    Attributes:
        writes: per table, in the order they are applied.
        created_ids: per table, the ids given to the new rows (kept for redo).
        previous: per table, the values the changed rows had before.
    """

    def __init__(self, label: str, writes: Iterable[TableWrites]) -> None:
        self.label = label
        self.writes = [w for w in writes if w]
        self.created_ids: dict[str, list[int]] = {}
        self.previous: dict[str, list[tuple[int, Values]]] = {}

    # -- applying ----------------------------------------------------------------------------

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        changed = Changed()
        for writes in self.writes:
            changed |= self._update(conn, writes, touches)
            changed |= self._insert(conn, writes, touches)
        return changed

    def _insert(self, conn: Connection, writes: TableWrites, touches: _Touches) -> Changed:
        if not writes.creates:
            return Changed()
        tbl = rowdata.table(writes.table)
        ids = self.created_ids.get(writes.table)
        if ids is None:
            first = conn.execute(select(tbl.c.id).order_by(tbl.c.id.desc()).limit(1)).scalar()
            start = int(first or 0) + 1
            ids = list(range(start, start + len(writes.creates)))
            self.created_ids[writes.table] = ids
        groups: dict[tuple[str, ...], list[Values]] = defaultdict(list)
        for row_id, values in zip(ids, writes.creates, strict=True):
            groups[tuple(sorted(values))].append({"id": row_id, **values})
        for rows in groups.values():
            conn.execute(insert(tbl), rows)
        accounts = self._touch(writes.table, zip(ids, writes.creates, strict=True), touches, True)
        return Changed(frozenset({writes.table}), frozenset(accounts))

    def _update(self, conn: Connection, writes: TableWrites, touches: _Touches) -> Changed:
        if not writes.updates:
            return Changed()
        tbl = rowdata.table(writes.table)
        wanted: dict[int, Values] = dict(writes.updates)
        columns = sorted({name for _, values in writes.updates for name in values})
        current: dict[int, Values] = {}
        ids = sorted(wanted)
        extra = ["account_id"] if "account_id" in tbl.c and "account_id" not in columns else []
        for part in chunks(ids):
            query = select(tbl.c.id, *(tbl.c[c] for c in [*columns, *extra])).where(
                tbl.c.id.in_(part)
            )
            for found in conn.execute(query).mappings():
                current[int(found["id"])] = dict(found)
        missing = [i for i in ids if i not in current]
        if missing:
            raise LookupError(
                f"{len(missing)} {writes.table} rows changed since the import was prepared"
            )
        self.previous[writes.table] = [
            (row_id, {k: current[row_id][k] for k in values}) for row_id, values in writes.updates
        ]
        _bulk_update(conn, writes.table, writes.updates)
        rows = [(i, {**current[i], **v}) for i, v in writes.updates]
        accounts = self._touch(writes.table, rows, touches, False)
        return Changed(frozenset({writes.table}), frozenset(accounts))

    def _touch(
        self,
        table: str,
        rows: Iterable[tuple[int, Values]],
        touches: _Touches,
        created: bool,
    ) -> set[int]:
        """Stamp the artifacts each row feeds and return the accounts the rows belong to."""
        accounts: set[int] = set()
        artifacts: dict[tuple[str, ...], set[Artifact]] = {}
        for row_id, values in rows:
            account_id = row_id if table == "account" else values.get("account_id")
            if account_id is None:
                continue
            accounts.add(int(account_id))
            filled = tuple(sorted(k for k, v in values.items() if v not in (None, "", False)))
            if filled not in artifacts:
                fields = filled if created else tuple(sorted(values))
                artifacts[filled] = artifacts_touched(table, values, fields)
            if artifacts[filled]:
                touches.add(int(account_id), artifacts[filled])
        return accounts

    # -- reverting ---------------------------------------------------------------------------

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        changed = Changed()
        for writes in reversed(self.writes):
            tbl = rowdata.table(writes.table)
            ids = self.created_ids.get(writes.table, [])
            if ids:
                owners = self._owners(conn, writes.table, ids)
                gone: list[tuple[int, Values]] = [
                    (i, {"account_id": owners[i]}) for i in ids if i in owners
                ]
                accounts = self._touch(writes.table, gone, touches, False)
                for part in chunks(ids):
                    conn.execute(delete(tbl).where(tbl.c.id.in_(part)))
                changed |= Changed(frozenset({writes.table}), frozenset(accounts))
            before = self.previous.get(writes.table, [])
            if before:
                _bulk_update(conn, writes.table, before)
                owners = self._owners(conn, writes.table, [i for i, _ in before])
                rows: list[tuple[int, Values]] = [
                    (i, {**v, "account_id": owners.get(i)}) for i, v in before
                ]
                accounts = self._touch(writes.table, rows, touches, False)
                changed |= Changed(frozenset({writes.table}), frozenset(accounts))
        return changed

    @staticmethod
    def _owners(conn: Connection, table: str, ids: list[int]) -> dict[int, int]:
        """Row id → the account it belongs to."""
        if table == "account":
            return {i: i for i in ids}
        tbl = rowdata.table(table)
        owners: dict[int, int] = {}
        for part in chunks(ids):
            query = select(tbl.c.id, tbl.c.account_id).where(tbl.c.id.in_(part))
            owners.update({int(r[0]): int(r[1]) for r in conn.execute(query) if r[1] is not None})
        return owners


def _bulk_update(conn: Connection, table: str, rows: list[tuple[int, Values]]) -> None:
    """Set each row's values, one executemany per set of columns."""
    tbl = rowdata.table(table)
    groups: dict[tuple[str, ...], list[Values]] = defaultdict(list)
    for row_id, values in rows:
        if values:
            groups[tuple(sorted(values))].append(
                {"row_id": row_id, **{f"new_{k}": v for k, v in values.items()}}
            )
    for names, params in groups.items():
        statement = (
            update(tbl)
            .where(tbl.c.id == bindparam("row_id"))
            .values({name: bindparam(f"new_{name}") for name in names})
        )
        conn.execute(statement, params)
