"""An import is searchable as soon as it is written, and its undo takes the hits away."""

from __future__ import annotations

from csm_desk.csvimport.plan import plan_import
from csm_desk.models import search
from csm_desk.models.writer import Writer

HEADER = "Account ID,Account Name,ARR,Segment,Renewal Date,Contract Start,Term,Industry,Plan\n"


def _where(book, text: str) -> set[tuple[str, str, str]]:
    with book.read() as conn:
        return {(h.account, h.table, h.column) for h in search.search(conn, text)}


def test_imported_rows_are_found_and_undo_removes_them(book, write_csv) -> None:
    path = write_csv(
        HEADER + '001A,Acme Corp,1,,,,,Zürich reinsurance,\n001N,Ölberg Werke,"250,000",,,,,,\n'
    )
    op = plan_import(book, "accounts", path).op()
    writer = Writer(book)
    writer.run(op)
    assert _where(book, "zurich") == {("Acme Corp", "account", "industry")}
    assert _where(book, "olberg") == {("Ölberg Werke", "account", "name")}
    writer.undo(op)
    assert _where(book, "zurich") == set()
    assert _where(book, "olberg") == set()
    with book.read() as conn:
        assert search.index_problem(conn) is None
