"""The edit journal: each write through the ``Writer`` records what it changed, in its own
transaction.

What an op changed is seen by SQLite itself rather than told by the op: temporary triggers on
the connection (never part of the book file) note every row added, changed (with the names of
the columns whose values differ) or deleted while the op runs, whatever SQL the op used. The
writer takes those notes once the op has applied, before its bookkeeping (artifact stamps,
snapshots, segments) writes, so only the op's own changes are journaled, condensed to one entry
per account, table and kind of change (see ``tables.edits``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from csm_desk.engine.vocab import Artifact
from csm_desk.models.bookformat import raw_connection
from csm_desk.models.ops import _PARENT_OF, MODELS, artifacts_touched
from csm_desk.models.tables import ALL_TABLES, Account, BookMeta

ADDED, CHANGED, DELETED = "added", "changed", "deleted"
UNDO, REDO = "undo", "redo"
# The transaction marker moves with every write: it is not an edit.
_NOT_JOURNALED = frozenset({str(BookMeta.__tablename__)})
_CAPTURE = "edit_capture"
# The book-level tables: their rows belong to no account.
_BOOK_LEVEL = frozenset({"book", "handover_log"})


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _account_expr(table: str, row: str) -> str:
    if table == str(Account.__tablename__):
        return f"{row}.id"
    if table in _PARENT_OF:
        parent, key = _PARENT_OF[table]
        return f"(SELECT account_id FROM {_q(parent)} WHERE id = {row}.{_q(key)})"
    if "account_id" in MODELS[table].__table__.c:  # type: ignore[attr-defined]
        return f"{row}.account_id"
    return "NULL"


def _triggers() -> list[str]:
    """The temporary triggers that note each row a write adds, changes or deletes."""
    found = []
    insert = f"INSERT INTO {_CAPTURE} (tbl, row_id, account_id, kind, fields) VALUES"
    for model in ALL_TABLES:
        table = str(model.__tablename__)
        if table in _NOT_JOURNALED:
            continue
        columns = [c.name for c in model.__table__.columns]  # type: ignore[attr-defined]
        differ = " || ".join(
            f"(CASE WHEN OLD.{_q(c)} IS NOT NEW.{_q(c)} THEN ',{c}' ELSE '' END)" for c in columns
        )
        name = f"{_CAPTURE}_{table}"
        on = f"main.{_q(table)}"
        found += [
            f"CREATE TEMP TRIGGER {name}_insert AFTER INSERT ON {on} BEGIN {insert} "
            f"('{table}', NEW.rowid, {_account_expr(table, 'NEW')}, '{ADDED}', ''); END",
            f"CREATE TEMP TRIGGER {name}_update AFTER UPDATE ON {on} BEGIN {insert} "
            f"('{table}', NEW.rowid, {_account_expr(table, 'NEW')}, '{CHANGED}', {differ}); END",
            f"CREATE TEMP TRIGGER {name}_delete AFTER DELETE ON {on} BEGIN {insert} "
            f"('{table}', OLD.rowid, {_account_expr(table, 'OLD')}, '{DELETED}', ''); END",
        ]
    return found


def _raw(conn: Connection) -> sqlite3.Connection:
    return raw_connection(conn)


def start(conn: Connection) -> None:
    """Begin noting the rows written on ``conn`` (installing the triggers on first use)."""
    raw = _raw(conn)
    present = raw.execute(
        "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?", (_CAPTURE,)
    ).fetchone()
    if present is None:
        raw.execute(
            f"CREATE TEMP TABLE {_CAPTURE} (seq INTEGER PRIMARY KEY, tbl TEXT, row_id INTEGER, "
            "account_id INTEGER, kind TEXT, fields TEXT)"
        )
        for sql in _triggers():
            raw.execute(sql)
    else:
        raw.execute(f"DELETE FROM temp.{_CAPTURE}")


def discard(conn: Connection) -> None:
    """Forget what was noted since ``take`` (the bookkeeping's own writes), so the notes do not
    outlive the write.
    """
    _raw(conn).execute(f"DELETE FROM temp.{_CAPTURE}")


@dataclass
class Entry:
    """One journal entry before it is written.

    Attributes:
        account_id: the account whose rows changed (None for the book's own rows).
        table: the table written.
        row_ids: the rows, in the order first written.
        kind: ``added``, ``changed`` or ``deleted``.
        fields: the columns changed (for ``changed``), in the order first seen.
        artifacts: the artifacts the write refreshed through these rows.
    """

    account_id: int | None
    table: str
    kind: str
    row_ids: list[int] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    artifacts: set[Artifact] = field(default_factory=set)


@dataclass
class _Net:
    """What one row went through in a write, so far."""

    account_id: int | None
    kind: str
    fields: list[str]


def take(conn: Connection) -> list[Entry]:
    """What was written since ``start``, condensed: a row added and changed in one write was
    added, a row added and deleted was never there; then one entry per account, table and
    kind. Rows of an account's table whose account could no longer be found (children deleted
    with a parent that is already gone) are left out: the parent's entry says it.
    """
    raw = _raw(conn)
    notes = raw.execute(
        f"SELECT tbl, row_id, account_id, kind, fields FROM temp.{_CAPTURE} ORDER BY seq"
    ).fetchall()
    raw.execute(f"DELETE FROM temp.{_CAPTURE}")
    net: dict[tuple[str, int], _Net] = {}
    for table, row_id, account_id, kind, fields in notes:
        key = (str(table), int(row_id))
        names = [f for f in str(fields or "").split(",") if f]
        state = net.get(key)
        if state is None:
            net[key] = _Net(account_id, str(kind), names)
            continue
        if account_id is not None:
            state.account_id = account_id
        if kind == DELETED:
            if state.kind == ADDED:
                del net[key]
                continue
            state.kind, state.fields = DELETED, []
        elif kind == ADDED:
            state.kind = CHANGED if state.kind == DELETED else ADDED
        elif state.kind == CHANGED:
            state.fields += [n for n in names if n not in state.fields]
    grouped: dict[tuple[int | None, str, str], Entry] = {}
    for (table, row_id), state in net.items():
        account = None if state.account_id is None else int(state.account_id)
        if account is None and table not in _BOOK_LEVEL:
            continue
        if state.kind == CHANGED and not state.fields:
            continue  # written with the values it had
        entry = grouped.setdefault((account, table, state.kind), Entry(account, table, state.kind))
        entry.row_ids.append(row_id)
        entry.fields += [n for n in state.fields if n not in entry.fields]
    return list(grouped.values())


def attribute_artifacts(
    entries: list[Entry], touched: Mapping[int, Iterable[Artifact]]
) -> list[Entry]:
    """Give each entry the artifacts the write refreshed through its table and fields; an
    artifact refreshed without a row of it changing (marked reviewed) gets an entry of its
    own, on ``artifact_touch``.
    """
    for account_id, artifacts in touched.items():
        wanted = set(artifacts)
        mine = [e for e in entries if e.account_id == account_id]
        for entry in mine:
            if entry.table not in MODELS:
                continue
            could = artifacts_touched(entry.table, {}, entry.fields)
            if entry.table == "milestone":
                could.add(Artifact.ONBOARDING_PLAN)
            entry.artifacts = could & wanted
        left = wanted - {a for e in mine for a in e.artifacts}
        if left:
            if mine:
                mine[0].artifacts |= left
            else:
                entries.append(Entry(account_id, "artifact_touch", CHANGED, artifacts=left))
    return entries


def entries_of_step(conn: Connection, step: int) -> list[Entry]:
    """The accounts and tables a recorded step named, as entries without rows: what an undo
    that changed no row itself (a review mark, whose stamp the undo log put back) records, so
    the step is known to be undone wherever it shows.
    """
    found = _raw(conn).execute(
        "SELECT DISTINCT account_id, tbl FROM edit_journal WHERE step = ? ORDER BY id", (step,)
    )
    return [Entry(account_id, str(table), CHANGED) for account_id, table in found]


_ARTIFACT_ORDER = {a: i for i, a in enumerate(Artifact)}


def record(
    conn: Connection,
    entries: Sequence[Entry],
    when: dt.datetime,
    label: str,
    *,
    via: str = "",
    undoes: int | None = None,
) -> int | None:
    """Write ``entries`` as one step; returns the step's number (None when there was none)."""
    if not entries:
        return None
    raw = _raw(conn)
    step = int(raw.execute("SELECT coalesce(max(id), 0) + 1 FROM edit_journal").fetchone()[0])
    raw.executemany(
        "INSERT INTO edit_journal (step, undoes, at, account_id, tbl, row_id, rows, kind, "
        "fields, artifacts, via, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                step,
                undoes,
                when.isoformat(" "),
                e.account_id,
                e.table,
                e.row_ids[0] if len(e.row_ids) == 1 else None,
                max(1, len(e.row_ids)),
                e.kind,
                ",".join(e.fields),
                ",".join(a.value for a in sorted(e.artifacts, key=lambda a: _ARTIFACT_ORDER[a])),
                via,
                label,
            )
            for e in entries
        ],
    )
    return step


__all__ = [
    "ADDED",
    "CHANGED",
    "DELETED",
    "REDO",
    "UNDO",
    "Entry",
    "attribute_artifacts",
    "discard",
    "entries_of_step",
    "record",
    "start",
    "take",
]
