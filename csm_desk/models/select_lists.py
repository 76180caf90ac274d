"""The SELECT list of every query behind ``load``, declared once per fact.

A ``SelectList`` builds its query's column list and names the columns of the rows that come
back, so the readers in ``load_rows`` take each value by name, never by position: as a row's
attribute (``r.account_id``) or, for the readers of many rows, unpacked in the order the reader
names the columns (``unpack``). A reordered, added or removed column cannot shift one value
into another's place.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from operator import itemgetter
from typing import Any


def column_name(column: str) -> str:
    """The name a column of a SELECT list is read by.

    The alias after ``AS`` when there is one, else the column without its table alias.

    >>> column_name("ma.stakeholder_id"), column_name("max(m.date) AS date"), column_name("arr")
    ('stakeholder_id', 'date', 'arr')
    """
    if " AS " in column:
        return column.rsplit(" AS ", 1)[1].strip()
    return column.rsplit(".", 1)[-1].strip()


class SelectList:
    """The columns one query reads from one table (or join), in the order it returns them.

    Attributes:
        source: what the query reads from: a table, or a table with its alias that the
            caller may follow with a ``JOIN``.
        columns: each an SQL expression; one that is not a plain column carries ``AS name``.
        names: the name each column is read by (see ``column_name``), unique within the list.
    """

    __slots__ = ("_make", "columns", "names", "source")

    def __init__(self, source: str, *columns: str) -> None:
        names = tuple(column_name(c) for c in columns)
        if not columns:
            raise ValueError(f"no columns to read from {source}")
        if len(set(names)) != len(names):
            raise ValueError(f"a column name is read twice from {source}: {names}")
        bad = [n for n in names if not n.isidentifier() or n.startswith("_")]
        if bad:
            raise ValueError(f"columns of {source} need a plain name (AS name): {bad}")
        self.source = source
        self.columns = columns
        self.names = names
        row_type = namedtuple("Row", names)  # type: ignore[misc]  # names are data
        # tuple.__new__ bound to the row type builds a row in C, with no Python frame per row
        # (namedtuple's own _make is Python): a big book reads hundreds of thousands of rows.
        self._make: Callable[[Iterable[Any]], Any] = partial(tuple.__new__, row_type)

    @property
    def sql(self) -> str:
        """``SELECT <columns> FROM <source>``, ready for a join, a ``WHERE`` or an ``ORDER BY``."""
        return f"SELECT {', '.join(self.columns)} FROM {self.source}"

    def plus(self, *columns: str) -> SelectList:
        """The same list with ``columns`` read after the others."""
        return SelectList(self.source, *self.columns, *columns)

    def row(self, values: Sequence[Any]) -> Any:
        """One row of this query's result, its values read by name."""
        return self._make(values)

    def read(self, rows: Iterable[Sequence[Any]]) -> Iterator[Any]:
        """The rows of this query's result, each value read by name."""
        return map(self._make, rows)

    def unpack(self, rows: Iterable[Sequence[Any]], *names: str) -> Iterable[Sequence[Any]]:
        """The values of the columns called ``names``, in that order, for a loop to unpack.

        For the readers of many rows: when the list holds just those columns in that order the
        rows are passed on as they are (nothing is built per row), else each is picked apart by
        the columns' places.

        >>> columns = SelectList("signal_reading", "account_id", "key", "date", "value")
        >>> rows = [(1, "nps", "2026-01-31", 9.0)]
        >>> list(columns.unpack(rows, "account_id", "key", "date", "value")) == rows
        True
        >>> list(columns.unpack(rows, "value", "account_id"))
        [(9.0, 1)]
        """
        missing = [name for name in names if name not in self.names]
        if missing:
            raise ValueError(f"{self.source} reads no column called {', '.join(missing)}")
        places = tuple(self.names.index(name) for name in names)
        if places == tuple(range(len(self.names))):
            return rows
        if len(places) == 1:
            place = places[0]
            return ((row[place],) for row in rows)
        return map(itemgetter(*places), rows)

    def __repr__(self) -> str:
        return f"SelectList({self.source!r}, {', '.join(map(repr, self.columns))})"


BOOK = SelectList("book", "owner", "currency", "settings_json")

_ATTENDANCE = "meeting_attendee ma JOIN meeting m ON m.id = ma.meeting_id"
ATTENDANCE = SelectList(_ATTENDANCE, "ma.stakeholder_id", "ma.meeting_id", "m.date")
LAST_ATTENDED = SelectList(_ATTENDANCE, "ma.stakeholder_id", "max(m.date) AS date")
STAKEHOLDER = SelectList(
    "stakeholder",
    "id",
    "account_id",
    "name",
    "title",
    "roles",
    "influence",
    "relationship_strength",
    "stance",
    "departed",
    "departed_on",
    "last_contact",
)
LINK = SelectList("stakeholder_link", "account_id", "from_id", "to_id", "kind")

SIGNAL_READING = SelectList("signal_reading", "account_id", "key", "date", "value")
LATEST_SIGNAL = SelectList("signal_reading", "account_id", "key", "max(date) AS date", "value")
GROWTH_READING = SelectList("signal_reading s", "s.account_id", "s.key", "s.date", "s.value")
OVERRIDE = SelectList("health_override", "account_id", "date", "component", "value", "note")

EXPANSION = SelectList(
    "expansion",
    "id",
    "account_id",
    "kind",
    "description",
    "stage",
    "estimated_arr",
    "expected_close",
)
MILESTONE = SelectList(
    "milestone",
    "id",
    "account_id",
    "phase",
    "title",
    "owner_side",
    "owner_name",
    "due",
    "status",
    "first_value",
    "go_live",
    "completed_on",
)
KPI_READING = SelectList(
    "kpi_reading kr JOIN kpi k ON k.id = kr.kpi_id", "kr.kpi_id", "kr.date", "kr.value"
)
KPI = SelectList(
    "kpi",
    "id",
    "account_id",
    "name",
    "unit",
    "baseline",
    "current",
    "target",
    "higher_is_better",
    "by_when",
    "data_source",
)
OBJECTIVE_COUNT = SelectList("objective", "account_id", "count(*) AS objectives")

MEETING = SelectList("meeting", "id", "account_id", "date", "type", "title", "decisions")
LATEST_MEETING = SelectList("meeting m", "max(m.id) AS id")
ACTION = SelectList(
    "action_item",
    "id",
    "account_id",
    "meeting_id",
    "text",
    "owner",
    "due",
    "status",
    "completed_on",
)
RISK = SelectList(
    "risk",
    "id",
    "account_id",
    "statement",
    "category",
    "evidence",
    "severity",
    "owner",
    "next_action",
    "reassess_on",
    "status",
    "raised_on",
    "shared",
)
REVIEW = SelectList(
    "review",
    "id",
    "account_id",
    "kind",
    "date",
    "status",
    "goals_recap",
    "outcomes",
    "friction",
    "decisions_needed",
)

RENEWAL_APPROVER = SelectList(
    "renewal_approver ra JOIN renewal_plan p ON p.id = ra.renewal_plan_id",
    "ra.renewal_plan_id",
    "ra.stakeholder_id",
)
RENEWAL_NEXT_STEP = SelectList(
    "renewal_next_step s JOIN renewal_plan p ON p.id = s.renewal_plan_id",
    "s.renewal_plan_id",
    "s.action",
    "s.owner",
    "s.due",
    "s.done",
)
RENEWAL_PLAN = SelectList(
    "renewal_plan",
    "id",
    "account_id",
    "started_on",
    "value_proof_points",
    "probability_override",
    "probability_note",
)
RENEWAL_STEP = SelectList(
    "renewal_step",
    "id",
    "account_id",
    "renewal_date",
    "phase",
    "action",
    "owner",
    "due",
    "status",
)
ARR_EVENT = SelectList("arr_event", "account_id", "date", "kind", "amount")
RENEWAL_CYCLE = SelectList(
    "renewal_cycle",
    "account_id",
    "renewal_date",
    "recorded_on",
    "outcome",
    "term_months",
    "next_renewal_date",
)

SNAPSHOT = SelectList("health_snapshot", "account_id", "date", "score", "band", "components_json")
SNAPSHOT_WITH_DETAIL = SNAPSHOT.plus("detail_json")
TOUCH = SelectList("artifact_touch", "account_id", "artifact", "touched_at")

ACCOUNT = SelectList(
    "account",
    "id",
    "name",
    "crm_id",
    "arr",
    "segment",
    "segment_pinned",
    "complexity",
    "growth_potential",
    "strategic_value",
    "contract_start",
    "renewal_date",
    "contract_term_months",
    "lifecycle_stage",
    "live_definition",
    "go_live_date",
    "success_vision",
    "review_cadence",
)


def declared() -> dict[str, SelectList]:
    """Every SELECT list of this module by its name (for the tests that reorder them)."""
    return {name: value for name, value in globals().items() if isinstance(value, SelectList)}
