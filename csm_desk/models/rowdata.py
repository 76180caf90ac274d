"""Rows as plain dicts: read, write and restore any table's rows through SQLAlchemy Core.

The write operations (``ops``) and the account dump used for undoing a delete are built on these,
so they work the same for every table without per-table code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import csm_desk.models.tables  # noqa: F401  (registers every table)

Row = dict[str, Any]
RowKey = tuple[str, tuple[Any, ...]]  # (table name, primary-key values)


def table(name: str) -> Table:
    """The Core table called ``name``."""
    try:
        return SQLModel.metadata.tables[name]
    except KeyError:
        raise KeyError(f"no table called {name!r}") from None


def pk_columns(tbl: Table) -> list[str]:
    """The names of ``tbl``'s primary-key columns."""
    return [c.name for c in tbl.primary_key.columns]


def key_of(tbl: Table, row: Mapping[str, Any]) -> RowKey:
    """A row's identity: its table's name and its primary-key values."""
    return (tbl.name, tuple(row[c] for c in pk_columns(tbl)))


def _where(tbl: Table, pk: Mapping[str, Any]) -> Any:
    return and_(*(tbl.c[name] == value for name, value in pk.items()))


def get_row(conn: Connection, name: str, pk: Mapping[str, Any]) -> Row | None:
    """The row of table ``name`` with primary key ``pk``, as a dict; None when there is none."""
    tbl = table(name)
    found = conn.execute(select(tbl).where(_where(tbl, pk))).mappings().first()
    return dict(found) if found is not None else None


def insert_row(conn: Connection, name: str, values: Mapping[str, Any]) -> Row:
    """Insert one row; returns its primary key as a dict."""
    tbl = table(name)
    result = conn.execute(insert(tbl).values(**values))
    keys = pk_columns(tbl)
    if len(keys) == 1 and keys[0] not in values:
        inserted = result.inserted_primary_key
        return {keys[0]: inserted[0] if inserted else None}
    return {k: values[k] for k in keys}


def update_row(
    conn: Connection, name: str, pk: Mapping[str, Any], values: Mapping[str, Any]
) -> None:
    """Set ``values`` on the row of table ``name`` with primary key ``pk``."""
    tbl = table(name)
    conn.execute(update(tbl).where(_where(tbl, pk)).values(**values))


def delete_row(conn: Connection, name: str, pk: Mapping[str, Any]) -> None:
    """Delete the row of table ``name`` with primary key ``pk``."""
    tbl = table(name)
    conn.execute(delete(tbl).where(_where(tbl, pk)))


def dependents(
    conn: Connection, name: str, pk: Mapping[str, Any]
) -> tuple[list[tuple[str, Row]], list[tuple[str, Row, str]]]:
    """Everything that deleting one row would delete or null out, found through foreign keys.

    Returns ``(rows, nulled)``: every row (the given one included) a cascade would delete, and
    ``(table, pk, column)`` for every reference a ``SET NULL`` would clear.
    """
    rows: dict[RowKey, tuple[str, Row]] = {}
    nulled: list[tuple[str, Row, str]] = []
    start = get_row(conn, name, pk)
    if start is None:
        return [], []
    pending: list[tuple[str, Row]] = [(name, start)]
    while pending:
        parent_name, parent = pending.pop()
        parent_tbl = table(parent_name)
        key = key_of(parent_tbl, parent)
        if key in rows:
            continue
        rows[key] = (parent_name, parent)
        for child in SQLModel.metadata.sorted_tables:
            for fk in child.foreign_keys:
                if fk.column.table is not parent_tbl:
                    continue
                value = parent[fk.column.name]
                found = conn.execute(select(child).where(fk.parent == value)).mappings().all()
                for found_row in found:
                    if (fk.ondelete or "").upper() == "CASCADE":
                        pending.append((child.name, dict(found_row)))
                    elif (fk.ondelete or "").upper() == "SET NULL":
                        child_pk = {c: found_row[c] for c in pk_columns(child)}
                        nulled.append((child.name, child_pk, fk.parent.name))
    # A row both cascaded and nulled is simply restored whole.
    nulled = [n for n in nulled if key_of(table(n[0]), n[1]) not in rows]
    return list(rows.values()), nulled


def restore_rows(conn: Connection, rows: Iterable[tuple[str, Row]]) -> None:
    """Re-insert rows with their original keys, parents before children.

    Foreign keys are checked at commit, so rows that refer to each other (a milestone that
    depends on another) can come back in any order.
    """
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    order = {t.name: i for i, t in enumerate(SQLModel.metadata.sorted_tables)}
    for name, row in sorted(rows, key=lambda item: order[item[0]]):
        conn.execute(insert(table(name)).values(**row))
