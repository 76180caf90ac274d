"""The readers behind ``load`` take each column by name from its one declared SELECT list.

Reordering the columns of every declaration changes each query's SELECT list and so the
position of every value in its rows; the loaded facts must not change. A reader that still
took a value by position would now read a neighbouring column.
"""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

from csm_desk.models import select_lists
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book
from csm_desk.models.select_lists import SelectList


def _rotated(columns: SelectList) -> SelectList:
    """The same columns, each moved one place on (the first goes last)."""
    return SelectList(columns.source, *columns.columns[1:], *columns.columns[:1])


def test_every_declared_list_reads_rows_of_the_demo_book(demo_book: BookFile) -> None:
    """Each SELECT list runs as declared and finds rows, so the reordering below is tested on
    real values for every fact."""
    declared = select_lists.declared()
    assert len(declared) >= 25
    with demo_book.engine.connect() as conn:
        for name, columns in declared.items():
            found = conn.exec_driver_sql(columns.sql + " LIMIT 1").first()
            assert found is not None, f"{name}: no row in the demo book"
            assert len(found) == len(columns.names), name


@pytest.mark.parametrize("pruned", [False, True], ids=["everything", "as-of"])
def test_reordered_select_lists_load_the_same_facts(
    demo_book: BookFile, today: dt.date, monkeypatch: pytest.MonkeyPatch, pruned: bool
) -> None:
    as_of = today if pruned else None
    expected = load_book(demo_book, as_of=as_of, full_history=not pruned)
    for name, columns in select_lists.declared().items():
        monkeypatch.setattr(select_lists, name, _rotated(columns))
    assert select_lists.STAKEHOLDER.columns[0] != "id"  # the declarations really moved
    assert load_book(demo_book, as_of=as_of, full_history=not pruned) == expected


def test_a_row_reads_each_value_by_its_column_name() -> None:
    columns = SelectList("meeting m", "m.id", "max(m.date) AS last", "title")
    assert columns.names == ("id", "last", "title")
    assert columns.sql == "SELECT m.id, max(m.date) AS last, title FROM meeting m"
    row = columns.row((7, "2026-01-31", "QBR"))
    assert (row.id, row.last, row.title) == (7, "2026-01-31", "QBR")
    assert columns.plus("type").names == ("id", "last", "title", "type")


@pytest.mark.parametrize(
    "columns",
    [(), ("id", "m.id"), ("count(*)",), ("max(date) AS _last",)],
    ids=["none", "a name twice", "an expression without a name", "a private name"],
)
def test_a_list_whose_columns_cannot_be_read_by_name_is_refused(columns: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="meeting"):
        SelectList("meeting", *columns)


def test_the_examples_in_the_module_run() -> None:
    result = doctest.testmod(select_lists)
    assert result.attempted > 0
    assert result.failed == 0


def test_unpacking_reads_the_named_columns_whatever_their_order() -> None:
    rows = [(1, "nps", "2026-01-31", 9.0)]
    declared = SelectList("signal_reading", "account_id", "key", "date", "value")
    assert list(declared.unpack(rows, "account_id", "key", "date", "value")) == rows
    rotated = _rotated(declared)  # key, date, value, account_id
    moved = [(row[1], row[2], row[3], row[0]) for row in rows]
    assert list(rotated.unpack(moved, "account_id", "key", "date", "value")) == rows
    assert list(rotated.unpack(moved, "value")) == [(9.0,)]
    with pytest.raises(ValueError, match="score"):
        list(declared.unpack(rows, "account_id", "score"))
