"""The import as one undoable op: undo puts every row back, redo repeats the same rows."""

from __future__ import annotations

import pytest

from csm_desk.csvimport.plan import plan_import
from csm_desk.models.writer import Writer

FILES = {
    "accounts": "Account ID,Account Name,ARR,Segment\n001A,Acme Corp,1,\n001N,New One,250000,SMB\n",
    "contacts": "Account,Name,Email,Roles\n"
    "Acme Corp,Dana Reyes,dana@acme.test,Champion\n"
    "Beta Bank,Lee Park,,Economic buyer\n",
    "signals": "Account,Date,Signal,Value\n"
    "Acme Corp,2026-11-01,active_users,40\n"
    "Acme Corp,2026-11-01,licensed_seats,100\n"
    "Beta Bank,2026-11-01,engagement,25\n",
    "arr": "Account,Date,Kind,Amount\nAcme Corp,2025-01-01,new,120000\n",
}


def _without_stamps(found: dict[str, str]) -> dict[str, str]:
    # Undo and redo stamp the artifacts they touch with the time they ran, like every edit.
    return {k: v for k, v in found.items() if k != "artifact_touch"}


# The same files changed: one row's values differ (an update) and one row is new.
SECOND = {
    "accounts": "Account ID,Account Name,ARR,Segment\n"
    "001A,Acme Corp,7,\n"
    "001N,New One,250000,SMB\n"
    "001X,Extra,5000,\n",
    "contacts": "Account,Name,Email,Roles\n"
    "Acme Corp,Dana Reyes,dana@acme.test,Champion;Influencer\n"
    "Beta Bank,Lee Park,,Economic buyer\n"
    "Gamma Health,Kim Li,kim@gamma.test,\n",
    "signals": "Account,Date,Signal,Value\n"
    "Acme Corp,2026-11-01,active_users,45\n"
    "Acme Corp,2026-11-01,licensed_seats,100\n"
    "Beta Bank,2026-11-01,engagement,30\n"
    "Gamma Health,2026-11-02,nps,8\n",
    "arr": "Account,Date,Kind,Amount\n"
    "Acme Corp,2025-01-01,new,125000\n"
    "Beta Bank,2025-02-01,new,40000\n",
}


@pytest.mark.parametrize("kind", list(FILES))
def test_undo_and_redo(kind: str, book, write_csv, hashes) -> None:
    writer = Writer(book)
    writer.run(plan_import(book, kind, write_csv(FILES[kind], "first.csv")).op())
    plan = plan_import(book, kind, write_csv(SECOND[kind], "second.csv"))
    assert plan.problems == []
    assert plan.created >= 1
    assert plan.updated >= 1
    before = hashes(book.path)
    op = plan.op()
    writer.run(op)
    after = hashes(book.path)
    assert after != before
    writer.undo(op)
    assert _without_stamps(hashes(book.path)) == _without_stamps(before)
    writer.run(op)
    assert _without_stamps(hashes(book.path)) == _without_stamps(after)


def test_an_import_that_changes_nothing_writes_nothing(book, write_csv, hashes) -> None:
    path = write_csv(FILES["signals"])
    writer = Writer(book)
    writer.run(plan_import(book, "signals", path).op())
    before = hashes(book.path)
    changed = writer.run(plan_import(book, "signals", path).op())
    assert not changed.tables
    assert hashes(book.path) == before
