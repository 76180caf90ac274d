"""What a kind's planner works with: the column map, the problems found, what each row does
(create, update, leave unchanged), and how stored and imported values are compared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from csm_desk.csvimport.columns import ColumnMap
from csm_desk.csvimport.convert import ParsedRow
from csm_desk.csvimport.op import TableWrites
from csm_desk.csvimport.problems import Problem
from csm_desk.models.validation import FieldProblem


@dataclass(frozen=True)
class Counts:
    """What an import does to the rows of one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowOutcome:
    """What one row of the file does to the book (for a preview).

    Attributes:
        row: the spreadsheet row.
        what: the kind of book row, as the summary names it ("accounts", "signal readings").
        action: create, update or leave unchanged.
        fields: for an update, the fields that change.
    """

    row: int
    what: str
    action: Action
    fields: tuple[str, ...] = ()


@dataclass
class Planning:
    """The state one kind's planner works with and reports into.

    Attributes:
        columns: which column is which field.
        source: the file's name (for notes such as "Imported from signals.csv").
        problems: every problem found so far.
        outcomes: what each good row does, in file order.
        warnings: what the person should know that does not stop the import.
    """

    columns: ColumnMap
    source: str
    problems: list[Problem] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def create(
        self, row: ParsedRow, writes: TableWrites, what: str, values: dict[str, Any]
    ) -> None:
        """The row adds a new book row with ``values``."""
        writes.creates.append(values)
        self.outcomes.append(RowOutcome(row.row, what, Action.CREATE))

    def update(
        self, row: ParsedRow, writes: TableWrites, what: str, row_id: int, diff: dict[str, Any]
    ) -> None:
        """The row changes ``diff`` of book row ``row_id`` (nothing when ``diff`` is empty)."""
        if diff:
            writes.updates.append((row_id, diff))
            self.outcomes.append(RowOutcome(row.row, what, Action.UPDATE, tuple(diff)))
        else:
            self.outcomes.append(RowOutcome(row.row, what, Action.UNCHANGED))

    def counts(self, labels: Sequence[str]) -> dict[str, Counts]:
        """Created, updated and unchanged per kind of book row: every label in ``labels``, and
        any other that has rows."""
        tally: dict[str, dict[Action, int]] = {label: {} for label in labels}
        for outcome in self.outcomes:
            by_action = tally.setdefault(outcome.what, {})
            by_action[outcome.action] = by_action.get(outcome.action, 0) + 1
        return {
            label: Counts(
                found.get(Action.CREATE, 0),
                found.get(Action.UPDATE, 0),
                found.get(Action.UNCHANGED, 0),
            )
            for label, found in tally.items()
        }

    def header(self, name: str | None) -> str | None:
        if name is None or name not in self.columns.columns:
            return None
        return self.columns.header(name)

    def problem(self, row: ParsedRow, name: str | None, message: str) -> None:
        column = row.headers.get(name) if name is not None else None
        self.problems.append(Problem(row.row, column or self.header(name), message))

    def invalid(
        self, row: ParsedRow, found: Sequence[FieldProblem], fields: dict[str, str] | None = None
    ) -> None:
        """Report the validator's problems against the columns they came from."""
        for problem in found:
            name = (fields or {}).get(problem.field, problem.field)
            column = row.headers.get(name) or self.header(name)
            what = "" if column else f"{problem.label} "
            self.problems.append(Problem(row.row, column, f"{what}{problem.message}"))


@dataclass
class KindOutcome:
    """What a kind's planner decided: the writes, and the kinds of book row the summary always
    names (even when no row of the file touched them)."""

    writes: list[TableWrites]
    labels: tuple[str, ...]


def same(a: Any, b: Any) -> bool:
    """Whether a stored value and an imported one are the same (numbers compared as numbers,
    text ignoring surrounding space)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return bool(a == b)
