"""Undo is exact: every kind of op, applied and undone, leaves every table of the book as it was,
row for row -- the artifacts' "last updated" stamps, the day's health snapshots and the stored
segments the after-write bookkeeping changed included. Redo then writes the same again."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csm_desk.csvimport.op import ImportOp
from csm_desk.csvimport.plan import plan_import
from csm_desk.engine.vocab import Artifact, RenewalOutcome
from csm_desk.models import actions
from csm_desk.models.bookfile import BookFile
from csm_desk.models.meeting_ops import copy_from_last_meeting
from csm_desk.models.ops import Batch, DeleteRow, InsertRow, Op, SetFields
from csm_desk.models.writer import Writer
from tests.conftest import TODAY
from tests.dumps import Dump, dump

# Later the same day than anything the demo stamped, so every stamp an op writes is new.
MOMENT = dt.datetime.combine(TODAY, dt.time(17, 45, 12, 345678))

MakeOp = Callable[[BookFile, Path], Op]


def differences(before: Dump, after: Dump) -> dict[str, tuple[list[Any], list[Any]]]:
    """Per table that differs: rows only before, rows only after."""
    out = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        if old != new:
            gone = [r for r in old if r not in new]
            added = [r for r in new if r not in old]
            out[name] = (gone[:3], added[:3])
    return out


def one(book: BookFile, sql: str) -> Any:
    with book.read() as conn:
        return conn.exec_driver_sql(sql).scalar_one()


def settings_with(book: BookFile, **thresholds: float) -> str:
    settings = json.loads(one(book, "SELECT settings_json FROM book"))
    settings["thresholds"].update(thresholds)
    return json.dumps(settings)


def import_op(kind: str, text: str) -> MakeOp:
    def make(book: BookFile, folder: Path) -> Op:
        path = folder / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        plan = plan_import(book, kind, path)
        assert plan.ok, plan.problems
        return plan.op()

    return make


CASES: dict[str, MakeOp] = {
    "edit objective": lambda b, _f: SetFields(
        "objective", {"id": 1}, {"text": "Cut payment failures by a third"}
    ),
    "edit arr across a segment line": lambda b, _f: SetFields(
        "account", {"id": 1}, {"arr": 150_000.0}
    ),
    "edit book settings": lambda b, _f: SetFields(
        "book", {"id": 1}, {"settings_json": settings_with(b, high_touch_min_arr=50_000.0)}
    ),
    "add stakeholder": lambda b, _f: InsertRow(
        "stakeholder", {"account_id": 2, "name": "Dana Reyes", "roles": "champion"}
    ),
    "add signal reading": lambda b, _f: InsertRow(
        "signal_reading", {"account_id": 3, "date": TODAY, "key": "nps", "value": 2.0}
    ),
    "delete meeting": lambda b, _f: DeleteRow("meeting", {"id": 11}),
    "delete objective": lambda b, _f: DeleteRow("objective", {"id": 1}),
    "delete account": lambda b, _f: DeleteRow("account", {"id": 3}),
    "batch of edits": lambda b, _f: Batch(
        "two edits",
        [
            SetFields("account", {"id": 2}, {"arr": 12_000.0}),
            SetFields("objective", {"id": 2}, {"primary": True}),
        ],
    ),
    "mark reviewed": lambda b, _f: actions.mark_reviewed(1, Artifact.SUCCESS_PLAN),
    # Northwind's risk review brings forward from the call with Aisha Khan before it.
    "copy from last meeting": lambda b, _f: copy_from_last_meeting(10),
    "mark reviewed, never stamped": lambda b, _f: actions.mark_reviewed(13, Artifact.QBR),
    "new account with handoff": lambda b, _f: actions.new_account(
        {"name": "Kestrel Analytics", "arr": 130_000.0},
        {"sales_owner": "Sam Ortiz", "why_bought": "Fraud losses"},
    ),
    "start renewal plan": lambda b, _f: actions.start_renewal_plan(2, dt.date(2027, 3, 31), TODAY),
    "record renewal outcome": lambda b, _f: actions.record_outcome(
        5,
        RenewalOutcome.DOWNGRADED,
        current_arr=310_000.0,
        renewal_date=dt.date(2027, 1, 31),
        term_months=12,
        on=TODAY,
        new_arr=90_000.0,
    ),
    "import accounts": import_op(
        "accounts",
        "Account Name,ARR,Industry\n"
        "Northwind Payments,160000,Payments\n"
        "Kestrel Analytics,20000,Analytics\n",
    ),
    "import signals": import_op(
        "signals",
        "Account,Date,Signal,Value\n"
        "Northwind Payments,2026-11-22,nps,3\n"
        "Halcyon Health Systems,2026-11-21,active_users,12\n",
    ),
}


def op_types(root: type[Op] = Op) -> set[type[Op]]:
    found: set[type[Op]] = set()
    for sub in root.__subclasses__():
        found |= {sub} | op_types(sub)
    return found


def types_in(op: Op) -> set[type[Op]]:
    inner: list[Op] = list(getattr(op, "ops", []))
    inner += [o for o in (getattr(op, "account", None), getattr(op, "handoff", None)) if o]
    inner += [o for o in (getattr(op, "_undo", None),) if o]
    return {type(op)}.union(*(types_in(o) for o in inner))


def test_every_kind_of_op_is_covered(demo_book: BookFile, tmp_path: Path) -> None:
    covered: set[type[Op]] = set()
    for make in CASES.values():
        op = make(demo_book, tmp_path)
        Writer(demo_book, now=lambda: MOMENT).run(op)
        covered |= types_in(op)
    assert ImportOp in covered
    missing = op_types() - covered
    assert not missing, f"add a case for {sorted(t.__name__ for t in missing)}"


@pytest.mark.parametrize("case", list(CASES))
def test_undo_puts_every_table_back_exactly_and_redo_writes_the_same(
    demo_book: BookFile, tmp_path: Path, case: str
) -> None:
    writer = Writer(demo_book, now=lambda: MOMENT)
    op = CASES[case](demo_book, tmp_path)
    before = dump(demo_book)
    writer.run(op)
    applied = dump(demo_book)
    assert applied != before
    writer.undo(op)
    assert differences(before, dump(demo_book)) == {}
    writer.run(op)
    assert differences(applied, dump(demo_book)) == {}
    writer.undo(op)
    assert differences(before, dump(demo_book)) == {}


def test_undoing_an_edit_leaves_a_stale_artifact_stale(demo_book: BookFile) -> None:
    def stamp() -> str:
        return str(
            one(
                demo_book,
                "SELECT touched_at FROM artifact_touch "
                "WHERE account_id = 1 AND artifact = 'success_plan'",
            )
        )

    writer = Writer(demo_book, now=lambda: MOMENT)
    old = stamp()
    op = SetFields("objective", {"id": 1}, {"text": "Cut payment failures by a third"})
    writer.run(op)
    assert stamp().startswith("2026-11-22 17:45:12")
    writer.undo(op)
    assert stamp() == old


def test_undo_in_reverse_order_after_several_edits(demo_book: BookFile, tmp_path: Path) -> None:
    writer = Writer(demo_book, now=lambda: MOMENT)
    before = dump(demo_book)
    done = []
    for case in ("edit objective", "edit arr across a segment line", "mark reviewed"):
        op = CASES[case](demo_book, tmp_path)
        writer.run(op)
        done.append(op)
    for op in reversed(done):
        writer.undo(op)
    assert differences(before, dump(demo_book)) == {}
