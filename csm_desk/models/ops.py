"""Every write to a book is an operation: applied in one transaction, exactly reversible.

An ``Op`` knows how to apply itself and how to revert itself on a connection; ``Writer.run`` and
``Writer.undo`` wrap each in a transaction. Applying is followed by the bookkeeping every edit
needs: stamping the artifacts it touched (for staleness), keeping an unpinned account's segment
in step with its ARR, and recording the day's health snapshot when a health input changed. That
bookkeeping notes what it overwrites in the op's ``UndoLog``, and undoing puts exactly that back
before the op reverts its own rows, so an undone edit leaves the book as it was. The window puts
ops on its undo stack; the importer and the demo use the same ops, so there is one path for
every write.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from csm_desk.engine.health import Health
from csm_desk.engine.vocab import Artifact, MilestonePhase
from csm_desk.models import rowdata
from csm_desk.models.fields import specs_of, table_artifacts
from csm_desk.models.tables import ACCOUNT_PARENTS, ALL_TABLES
from csm_desk.models.undolog import UndoLog
from csm_desk.models.validation import ValidationError, problems_in

MODELS: dict[str, type[SQLModel]] = {str(t.__tablename__): t for t in ALL_TABLES}

# The columns of each table that are health inputs, overrides or weights (DOMAIN.md §3, §3.4):
# changing one records the day's snapshot; None means every column. Adding or removing a row of
# one of these tables changes the inputs too (one more reading, stakeholder or override).
# An account's ARR, pinned segment and multi-factor scores choose its weights; its contract start
# decides from when it is scored; a stakeholder's roles, contact dates and departure, a meeting's
# date and attendees, and an expansion's stage feed engagement and growth; the book's settings
# hold the weights.
HEALTH_INPUTS: Mapping[str, frozenset[str] | None] = MappingProxyType(
    {
        "account": frozenset(
            {
                "arr",
                "segment",
                "segment_pinned",
                "complexity",
                "growth_potential",
                "strategic_value",
                "contract_start",
            }
        ),
        "signal_reading": None,
        "health_override": None,
        "stakeholder": frozenset(
            {"account_id", "roles", "departed", "departed_on", "last_contact"}
        ),
        "meeting": frozenset({"account_id", "date"}),
        "meeting_attendee": None,
        "expansion": frozenset({"account_id", "stage"}),
        "book": frozenset({"settings_json"}),
    }
)
HEALTH_TABLES = frozenset(HEALTH_INPUTS)


def touches_health(table: str, fields: Iterable[str] | None = None) -> bool:
    """Whether writing ``fields`` of a row of ``table`` (the whole row, when None: an insert or
    a delete) changes a health input, override or weight.

    >>> touches_health("account", ["success_vision"]), touches_health("account", ["arr"])
    (False, True)
    >>> touches_health("stakeholder"), touches_health("risk")
    (True, False)
    """
    if table not in HEALTH_INPUTS:
        return False
    columns = HEALTH_INPUTS[table]
    return fields is None or columns is None or not columns.isdisjoint(fields)


# How a child row finds its account when it has no account_id of its own (from the foreign
# keys, in models.tables).
_PARENT_OF = ACCOUNT_PARENTS


@dataclass(frozen=True)
class Changed:
    """What a write changed, so each screen can decide whether to refresh.

    Attributes:
        tables: names of the tables written.
        account_ids: accounts whose rows changed (empty for book-level changes).
        book: the book row itself (owner, currency, settings) changed.
        health: a health input, override or weight changed (``touches_health``); None when
            the write does not say, and then any write to a table of ``HEALTH_TABLES`` counts.
        scored: the health of each account the write's bookkeeping scored (for the day's
            snapshot), by account id, so a screen need not score it again.
        step: the edit journal's number for the write (None when it recorded nothing).
    """

    tables: frozenset[str] = frozenset()
    account_ids: frozenset[int] = frozenset()
    book: bool = False
    health: bool | None = None
    scored: Mapping[int, Health] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False, repr=False
    )
    step: int | None = field(default=None, compare=False, hash=False, repr=False)

    def __or__(self, other: Changed) -> Changed:
        return Changed(
            self.tables | other.tables,
            self.account_ids | other.account_ids,
            self.book or other.book,
            self.health_affected or other.health_affected,
            MappingProxyType({**self.scored, **other.scored}),
        )

    @property
    def health_affected(self) -> bool:
        """Whether the day's health snapshot has to be recorded again."""
        if self.health is None:
            return bool(self.tables & HEALTH_TABLES)
        return self.health


@dataclass
class _Touches:
    """Artifacts touched by a write, per account."""

    by_account: dict[int, set[Artifact]] = field(default_factory=dict)

    def add(self, account_id: int | None, artifacts: Iterable[Artifact]) -> None:
        if account_id is None:
            return
        self.by_account.setdefault(account_id, set()).update(artifacts)


def account_of(conn: Connection, name: str, row: Mapping[str, Any]) -> int | None:
    """The account a row belongs to (the account itself for an account row)."""
    if name == "account":
        return row.get("id")
    if "account_id" in row and row["account_id"] is not None:
        return int(row["account_id"])
    parent = _PARENT_OF.get(name)
    if parent is None:
        return None
    parent_name, column = parent
    parent_id = row.get(column)
    if parent_id is None:
        return None
    found = rowdata.get_row(conn, parent_name, {"id": parent_id})
    return account_of(conn, parent_name, found) if found else None


def artifacts_touched(name: str, row: Mapping[str, Any], fields: Iterable[str]) -> set[Artifact]:
    """Which artifacts an edit of ``fields`` of a row refreshes."""
    model = MODELS[name]
    touched: set[Artifact] = set(table_artifacts(model))
    specs = specs_of(model)
    for field_name in fields:
        spec = specs.get(field_name)
        if spec is not None:
            touched.update(spec.artifacts)
    if name == "milestone" and row.get("phase") == MilestonePhase.ONBOARDING.value:
        touched.add(Artifact.ONBOARDING_PLAN)
    return touched


class Op(ABC):
    """One user-level change to a book, exactly reversible.

    ``revert`` undoes what ``apply`` did to the op's own rows; the writer keeps what its
    bookkeeping overwrote in ``undo_log`` and restores that first. The ``touches`` an op
    reports while reverting are therefore not stamped.

    Attributes:
        label: what the step is called on the undo stack.
        undo_log: set by the writer once the op is applied (None until then and once undone).
        journal_step: the edit journal's number for the op's latest run (None before the
            first), so its undo can name it and running it again is a redo.
    """

    label: str = "Edit"
    undo_log: UndoLog | None = None
    journal_step: int | None = None

    @abstractmethod
    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        """Make the change on ``conn``, noting touched artifacts in ``touches``.

        Returns:
            What changed, for the screens to refresh.
        """

    @abstractmethod
    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        """Undo ``apply`` exactly on ``conn``; returns what changed."""


def _changed_for(
    conn: Connection,
    name: str,
    rows: Iterable[Mapping[str, Any]],
    fields: Iterable[str] | None = None,
) -> Changed:
    """What writing ``rows`` of table ``name`` changed (only ``fields`` of them, when given)."""
    ids = {account_of(conn, name, r) for r in rows}
    return Changed(
        frozenset({name}),
        frozenset(i for i in ids if i is not None),
        name == "book",
        touches_health(name, fields),
    )


class SetFields(Op):
    """Change some fields of one row."""

    def __init__(
        self, table: str, pk: Mapping[str, Any], values: Mapping[str, Any], label: str = ""
    ) -> None:
        self.table = table
        self.pk = dict(pk)
        self.values = dict(values)
        self.old: dict[str, Any] | None = None
        self.label = label or "Edit"

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        """Write the new values (validated first), keeping the old ones for ``revert``."""
        problems = problems_in(MODELS[self.table], self.values)
        if problems:
            raise ValidationError(problems)
        row = rowdata.get_row(conn, self.table, self.pk)
        if row is None:
            raise LookupError(f"{self.table} {self.pk} no longer exists")
        self.old = {k: row[k] for k in self.values}
        rowdata.update_row(conn, self.table, self.pk, self.values)
        after = {**row, **self.values}
        touches.add(
            account_of(conn, self.table, after), artifacts_touched(self.table, row, self.values)
        )
        touches.add(account_of(conn, self.table, after), artifacts_touched(self.table, after, ()))
        return _changed_for(conn, self.table, [after], self.values)

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        """Write the old values back."""
        assert self.old is not None, "revert before apply"
        row = rowdata.get_row(conn, self.table, self.pk)
        if row is None:
            raise LookupError(f"{self.table} {self.pk} no longer exists")
        rowdata.update_row(conn, self.table, self.pk, self.old)
        touches.add(account_of(conn, self.table, row), artifacts_touched(self.table, row, self.old))
        return _changed_for(conn, self.table, [row], self.old)


class InsertRow(Op):
    """Add one row; ``pk`` holds its key once applied (re-applying reuses the same key)."""

    def __init__(self, table: str, values: Mapping[str, Any], label: str = "") -> None:
        self.table = table
        self.values = dict(values)
        self.pk: dict[str, Any] | None = None
        self.label = label or "Add"
        self._undo: DeleteRow | None = None

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        """Insert the row (validated first), with its own id again when redone."""
        problems = problems_in(MODELS[self.table], self.values, whole_row=True)
        if problems:
            raise ValidationError(problems)
        values = dict(self.values)
        if self.pk is not None:
            values.update(self.pk)
        self.pk = rowdata.insert_row(conn, self.table, values)
        row = rowdata.get_row(conn, self.table, self.pk) or values
        filled = [k for k, v in self.values.items() if v not in (None, "", False)]
        touches.add(account_of(conn, self.table, row), artifacts_touched(self.table, row, filled))
        return _changed_for(conn, self.table, [row])

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        """Delete the inserted row and whatever came to depend on it."""
        assert self.pk is not None, "revert before apply"
        self._undo = DeleteRow(self.table, self.pk)
        return self._undo.apply(conn, touches)


class DeleteRow(Op):
    """Delete one row and everything that depends on it; reverting restores all of it."""

    def __init__(self, table: str, pk: Mapping[str, Any], label: str = "") -> None:
        self.table = table
        self.pk = dict(pk)
        self.label = label or "Delete"
        self.rows: list[tuple[str, rowdata.Row]] = []
        self.nulled: list[tuple[str, rowdata.Row, str]] = []
        self._nulled_values: list[Any] = []

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        """Delete the row with its dependent rows, clearing references to it elsewhere."""
        self.rows, self.nulled = rowdata.dependents(conn, self.table, self.pk)
        if not self.rows:
            raise LookupError(f"{self.table} {self.pk} no longer exists")
        self._nulled_values = []
        for name, pk, column in self.nulled:
            current = rowdata.get_row(conn, name, pk)
            self._nulled_values.append(current[column] if current else None)
        changed = Changed()
        for name, row in self.rows:
            changed |= _changed_for(conn, name, [row])
        account_id = account_of(conn, self.table, self.rows[0][1])
        touches.add(account_id, artifacts_touched(self.table, self.rows[0][1], self.rows[0][1]))
        rowdata.delete_row(conn, self.table, self.pk)
        if self.table == "account" and account_id is not None:
            touches.by_account.pop(account_id, None)
            changed = Changed(changed.tables, frozenset({account_id}), changed.book)
        return changed

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        """Restore the deleted rows and the references that were cleared."""
        rowdata.restore_rows(conn, self.rows)
        for (name, pk, column), value in zip(self.nulled, self._nulled_values, strict=True):
            rowdata.update_row(conn, name, pk, {column: value})
        changed = Changed()
        for name, row in self.rows:
            changed |= _changed_for(conn, name, [row])
        first_name, first = self.rows[0]
        touches.add(
            account_of(conn, first_name, first), artifacts_touched(first_name, first, first)
        )
        return changed


class Batch(Op):
    """Several ops as one step (one transaction, one undo)."""

    def __init__(self, label: str, ops: Sequence[Op]) -> None:
        self.label = label
        self.ops = list(ops)

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        """Apply every operation in order."""
        changed = Changed()
        for op in self.ops:
            changed |= op.apply(conn, touches)
        return changed

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        """Revert every operation, last first."""
        changed = Changed()
        for op in reversed(self.ops):
            changed |= op.revert(conn, touches)
        return changed


class Custom(Op):
    """An op built from a pair of functions, for writes that compute their own values."""

    def __init__(
        self,
        label: str,
        apply: Callable[[Connection, _Touches], Changed],
        revert: Callable[[Connection, _Touches], Changed],
    ) -> None:
        self.label = label
        self._apply = apply
        self._revert = revert

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        """Run the change given at construction."""
        return self._apply(conn, touches)

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        """Run the undo given at construction."""
        return self._revert(conn, touches)


def stamp_touches(
    conn: Connection, touches: _Touches, when: dt.datetime, undo_log: UndoLog | None = None
) -> None:
    """Record that each touched artifact of each account was updated at ``when`` (noting the
    stamps it replaces in ``undo_log``).
    """
    tbl = rowdata.table("artifact_touch")
    account = rowdata.table("account").c.id
    wanted = sorted(touches.by_account)
    existing = {r[0] for r in conn.execute(select(account).where(account.in_(wanted)))}
    stamped = {a: touches.by_account[a] for a in sorted(touches.by_account) if a in existing}
    if undo_log is not None:
        undo_log.keep_rows(conn, "artifact_touch", "account_id", stamped)
    for account_id, artifacts in stamped.items():
        for artifact in artifacts:
            conn.execute(
                tbl.insert()
                .prefix_with("OR REPLACE")
                .values(account_id=account_id, artifact=artifact.value, touched_at=when)
            )
