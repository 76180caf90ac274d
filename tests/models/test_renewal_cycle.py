"""The renewal cycle in the book: starting a plan never duplicates it, and recording an outcome
closes the cycle (plan, next steps and checklist archived under the closed renewal, the next
renewal a new term later, the next cycle empty) as one step that undoes exactly."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from csm_desk.engine.book import score_book
from csm_desk.engine.renewals import DEFAULT_CHECKLIST
from csm_desk.engine.vocab import RenewalOutcome
from csm_desk.models import rowdata
from csm_desk.models.actions import record_outcome, start_renewal_plan
from csm_desk.models.bookfile import HEAD_REVISION, BookFile
from csm_desk.models.load import load_book
from csm_desk.models.ops import InsertRow, SetFields
from csm_desk.models.writer import Writer
from tests.conftest import TODAY
from tests.dumps import dump

FIRST_SCHEMA = Path(__file__).parent.parent / "data" / "first-schema.csmbook"
RENEWAL = dt.date(2027, 3, 1)


def rows(book: BookFile, table: str, **where: object) -> list[dict[str, Any]]:
    tbl = rowdata.table(table)
    query = tbl.select().order_by(*tbl.primary_key.columns)
    for column, value in where.items():
        query = query.where(tbl.c[column] == value)
    with book.read() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def insert(writer: Writer, table: str, **values: object) -> int:
    op = InsertRow(table, values)
    writer.run(op)
    assert op.pk is not None
    return int(op.pk["id"])


@pytest.fixture
def planned(empty_book: BookFile) -> tuple[BookFile, int]:
    """An account renewing on 1 Mar 2027 with a plan, two approvers, next steps, a checklist."""
    writer = Writer(empty_book)
    account = insert(
        writer, "account", name="Acme", arr=50_000.0, renewal_date=RENEWAL, contract_term_months=12
    )
    marta = insert(writer, "stakeholder", account_id=account, name="Marta Ruiz", title="CFO")
    li = insert(writer, "stakeholder", account_id=account, name="Li Chen")
    writer.run(start_renewal_plan(account, RENEWAL, dt.date(2026, 11, 1)))
    (plan,) = rows(empty_book, "renewal_plan", account_id=account)
    writer.run(
        InsertRow("renewal_approver", {"renewal_plan_id": plan["id"], "stakeholder_id": marta})
    )
    writer.run(InsertRow("renewal_approver", {"renewal_plan_id": plan["id"], "stakeholder_id": li}))
    insert(
        writer,
        "renewal_next_step",
        renewal_plan_id=plan["id"],
        action="Send the proposal",
        owner="Sam",
        side="vendor",
        due=dt.date(2027, 1, 10),
        done=True,
    )
    insert(
        writer,
        "renewal_next_step",
        renewal_plan_id=plan["id"],
        action="Sign the order form",
        owner="Marta Ruiz",
        side="customer",
        due=dt.date(2027, 2, 20),
    )
    writer.run(
        SetFields(
            "renewal_plan",
            {"id": plan["id"]},
            {
                "value_proof_points": "Close time halved",
                "objections": "Price",
                "probability_override": 0.8,
            },
        )
    )
    return empty_book, account


# -- starting a plan ------------------------------------------------------------------------


def test_starting_a_plan_twice_makes_one_plan_and_one_checklist(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    account = insert(writer, "account", name="Acme", arr=50_000.0, renewal_date=RENEWAL)
    writer.run(start_renewal_plan(account, RENEWAL, TODAY))
    before = dump(empty_book)
    again = start_renewal_plan(account, RENEWAL, TODAY)
    writer.run(again)
    assert dump(empty_book) == before
    assert len(rows(empty_book, "renewal_plan")) == 1
    assert len(rows(empty_book, "renewal_step")) == len(DEFAULT_CHECKLIST)
    writer.undo(again)
    assert dump(empty_book) == before


def test_a_plan_started_beside_a_checklist_keeps_the_checklist(demo_book: BookFile) -> None:
    """Cobalt Ridge has the checklist but no plan: starting one adds the plan alone."""
    (cobalt,) = rows(demo_book, "account", name="Cobalt Ridge Energy")
    steps = rows(demo_book, "renewal_step", account_id=cobalt["id"])
    assert len(steps) == len(DEFAULT_CHECKLIST)
    assert rows(demo_book, "renewal_plan", account_id=cobalt["id"]) == []
    writer = Writer(demo_book)
    for _ in range(2):
        writer.run(start_renewal_plan(cobalt["id"], cobalt["renewal_date"], TODAY))
    assert len(rows(demo_book, "renewal_plan", account_id=cobalt["id"])) == 1
    assert rows(demo_book, "renewal_step", account_id=cobalt["id"]) == steps


# -- closing the cycle ----------------------------------------------------------------------


def test_an_outcome_archives_the_plan_steps_and_checklist(planned: tuple[BookFile, int]) -> None:
    book, account = planned
    writer = Writer(book)
    op = record_outcome(
        account,
        RenewalOutcome.RENEWED_UP,
        current_arr=50_000.0,
        renewal_date=RENEWAL,
        term_months=24,
        on=dt.date(2027, 2, 25),
        new_arr=62_000.0,
        note="Two more teams",
    )
    writer.run(op)
    (row,) = rows(book, "account", id=account)
    assert (row["arr"], row["renewal_date"], row["contract_term_months"]) == (
        62_000.0,
        dt.date(2029, 3, 1),
        24,
    )
    # The next cycle starts empty.
    for table in ("renewal_plan", "renewal_approver", "renewal_next_step", "renewal_step"):
        assert rows(book, table) == [], table
    (cycle,) = rows(book, "renewal_cycle", account_id=account)
    assert cycle["renewal_date"] == RENEWAL
    assert cycle["outcome"] == "renewed_up"
    assert (cycle["arr_before"], cycle["arr_after"]) == (50_000.0, 62_000.0)
    assert (cycle["term_months"], cycle["next_renewal_date"]) == (24, dt.date(2029, 3, 1))
    assert (cycle["recorded_on"], cycle["note"]) == (dt.date(2027, 2, 25), "Two more teams")
    assert cycle["had_plan"] and cycle["plan_started_on"] == dt.date(2026, 11, 1)
    assert cycle["value_proof_points"] == "Close time halved"
    assert cycle["probability_override"] == 0.8
    assert cycle["approvers"] == "Li Chen\nMarta Ruiz (CFO)"
    archived = rows(book, "renewal_cycle_step", renewal_cycle_id=cycle["id"])
    next_steps = [
        (s["action"], s["owner"], s["side"], s["status"]) for s in archived if s["next_step"]
    ]
    assert next_steps == [
        ("Send the proposal", "Sam", "vendor", "done"),
        ("Sign the order form", "Marta Ruiz", "customer", "open"),
    ]
    checklist = [(s["phase"], s["action"], s["due"]) for s in archived if not s["next_step"]]
    assert len(checklist) == len(DEFAULT_CHECKLIST)
    assert checklist[-1] == ("execution", "Collect the signature", RENEWAL)
    assert all(s["account_id"] == account for s in archived)


def test_undoing_an_outcome_restores_every_table_exactly(planned: tuple[BookFile, int]) -> None:
    book, account = planned
    before = dump(book)
    writer = Writer(book)
    op = record_outcome(
        account,
        RenewalOutcome.DOWNGRADED,
        current_arr=50_000.0,
        renewal_date=RENEWAL,
        term_months=12,
        on=dt.date(2027, 2, 25),
        new_arr=40_000.0,
    )
    writer.run(op)
    after = dump(book)
    assert after != before
    writer.undo(op)
    assert dump(book) == before
    writer.run(op)  # redo writes the same rows with the same keys
    redone = dump(book)
    for table in ("renewal_cycle", "renewal_cycle_step", "arr_event", "account"):
        assert redone[table] == after[table], table


def test_a_churn_closes_the_cycle_with_no_next_renewal(planned: tuple[BookFile, int]) -> None:
    book, account = planned
    writer = Writer(book)
    writer.run(
        record_outcome(
            account,
            RenewalOutcome.CHURNED,
            current_arr=50_000.0,
            renewal_date=RENEWAL,
            term_months=36,
            on=dt.date(2027, 3, 1),
        )
    )
    (row,) = rows(book, "account", id=account)
    assert (row["arr"], row["renewal_date"], row["contract_term_months"]) == (0.0, None, 12)
    (cycle,) = rows(book, "renewal_cycle")
    assert (cycle["outcome"], cycle["arr_after"]) == ("churned", 0.0)
    assert (cycle["term_months"], cycle["next_renewal_date"]) == (None, None)
    assert rows(book, "renewal_plan") == [] and rows(book, "renewal_step") == []


def test_an_outcome_without_a_plan_is_still_a_closed_renewal(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    account = insert(writer, "account", name="Acme", arr=50_000.0, renewal_date=RENEWAL)
    writer.run(
        record_outcome(
            account,
            RenewalOutcome.RENEWED_FLAT,
            current_arr=50_000.0,
            renewal_date=RENEWAL,
            term_months=12,
            on=RENEWAL,
        )
    )
    (cycle,) = rows(empty_book, "renewal_cycle")
    assert not cycle["had_plan"]
    assert cycle["next_renewal_date"] == dt.date(2028, 3, 1)
    assert rows(empty_book, "renewal_cycle_step") == []


# -- the schema -----------------------------------------------------------------------------


def test_the_first_schema_book_migrates_to_closed_renewals(tmp_path: Path) -> None:
    path = tmp_path / "old.csmbook"
    shutil.copyfile(FIRST_SCHEMA, path)
    with BookFile.open(path) as book:
        with book.read() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert revision == HEAD_REVISION
        assert {"renewal_cycle", "renewal_cycle_step"} <= tables
        assert rows(book, "renewal_cycle") == []
        assert len(rows(book, "account")) == 1


def test_the_demo_keeps_its_past_renewals(demo_book: BookFile) -> None:
    """Every renewal and churn of the demo's ledgers is a closed renewal; Cobalt Ridge's latest
    one keeps the plan it was worked with."""
    cycles = rows(demo_book, "renewal_cycle")
    events = [e for e in rows(demo_book, "arr_event") if e["kind"] in ("renewal", "churn")]
    assert len(cycles) == len(events)
    (cobalt,) = rows(demo_book, "account", name="Cobalt Ridge Energy")
    mine = rows(demo_book, "renewal_cycle", account_id=cobalt["id"])
    assert [(c["outcome"], c["arr_before"], c["arr_after"]) for c in mine] == [
        ("renewed_up", 280_000.0, 325_000.0),
        ("downgraded", 325_000.0, 310_000.0),
    ]
    latest = mine[-1]
    assert latest["had_plan"] and "Victoria Hale (Chief Financial Officer)" in latest["approvers"]
    (greyfield,) = rows(demo_book, "account", name="Greyfield Media")
    (churn,) = rows(demo_book, "renewal_cycle", account_id=greyfield["id"])
    assert (churn["outcome"], churn["next_renewal_date"]) == ("churned", None)


def test_as_of_a_day_before_an_outcome_that_changed_the_term(empty_book: BookFile) -> None:
    """Renewed on 12-month terms, then on 24: as of any earlier day the renewal date is the one
    that was current then exactly, read from the closed renewals."""
    writer = Writer(empty_book)
    account = insert(
        writer,
        "account",
        name="Acme",
        arr=50_000.0,
        contract_start=dt.date(2025, 3, 1),
        renewal_date=dt.date(2026, 3, 1),
        contract_term_months=12,
    )
    insert(
        writer,
        "arr_event",
        account_id=account,
        date=dt.date(2025, 3, 1),
        kind="new",
        amount=50_000.0,
    )
    record = record_outcome(
        account,
        RenewalOutcome.RENEWED_UP,
        current_arr=50_000.0,
        renewal_date=dt.date(2026, 3, 1),
        term_months=24,
        on=dt.date(2026, 2, 25),
        new_arr=60_000.0,
    )
    writer.run(record)
    writer.run(
        record_outcome(
            account,
            RenewalOutcome.RENEWED_FLAT,
            current_arr=60_000.0,
            renewal_date=dt.date(2028, 3, 1),
            term_months=12,
            on=dt.date(2028, 2, 20),
        )
    )
    (stored,) = rows(empty_book, "account", id=account)
    assert (stored["renewal_date"], stored["contract_term_months"]) == (dt.date(2029, 3, 1), 12)
    expected = {
        dt.date(2026, 2, 24): (dt.date(2026, 3, 1), 12, 50_000.0),
        dt.date(2026, 2, 25): (dt.date(2028, 3, 1), 24, 60_000.0),
        dt.date(2028, 2, 19): (dt.date(2028, 3, 1), 24, 60_000.0),
        dt.date(2028, 2, 20): (dt.date(2029, 3, 1), 12, 60_000.0),
    }
    for day, (renewal, term, arr) in expected.items():
        (facts,) = load_book(empty_book, as_of=day).accounts
        assert (facts.renewal_date, facts.contract_term_months, facts.arr) == (renewal, term, arr)
        (result,) = score_book(load_book(empty_book), day).accounts
        assert (result.facts.renewal_date, result.days_to_renewal) == (
            renewal,
            (renewal - day).days,
        )
