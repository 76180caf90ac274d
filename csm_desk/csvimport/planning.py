"""What a kind's planner works with: the column map, the problems found, the counts it makes,
and how stored and imported values are compared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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


@dataclass
class Planning:
    """The state one kind's planner works with and reports into.

    Attributes:
        columns: which column is which field.
        source: the file's name (for notes such as "Imported from signals.csv").
        problems: every problem found so far.
    """

    columns: ColumnMap
    source: str
    problems: list[Problem] = field(default_factory=list)

    def header(self, name: str | None) -> str | None:
        if name is None or name not in self.columns.columns:
            return None
        return self.columns.header(name)

    def problem(self, row: ParsedRow, name: str | None, message: str) -> None:
        self.problems.append(Problem(row.row, self.header(name), message))

    def invalid(
        self, row: ParsedRow, found: Sequence[FieldProblem], fields: dict[str, str] | None = None
    ) -> None:
        """Report the validator's problems against the columns they came from."""
        for problem in found:
            name = (fields or {}).get(problem.field, problem.field)
            column = self.header(name)
            what = "" if column else f"{problem.label} "
            self.problems.append(Problem(row.row, column, f"{what}{problem.message}"))


@dataclass
class KindOutcome:
    """What a kind's planner decided: the writes and their counts per table label."""

    writes: list[TableWrites]
    counts: dict[str, Counts]


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
