"""Compound edits: renewal plan with checklist, renewal outcomes, marking an artifact reviewed,
a new account with its handoff — each one undo step that restores exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from csm_desk.engine.renewals import DEFAULT_CHECKLIST
from csm_desk.engine.vocab import Artifact, RenewalOutcome
from csm_desk.models import rowdata
from csm_desk.models.actions import mark_reviewed, new_account, record_outcome, start_renewal_plan
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import InsertRow
from csm_desk.models.writer import Writer


def _account(book: BookFile, **values: object) -> int:
    op = InsertRow("account", {"name": "Acme", "arr": 50_000.0, **values})
    Writer(book).run(op)
    assert op.pk is not None
    return int(op.pk["id"])


def _count(book: BookFile, table: str) -> int:
    with book.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())


def _row(book: BookFile, table: str, key: dict[str, object]) -> dict[str, object] | None:
    with book.engine.connect() as conn:
        return rowdata.get_row(conn, table, key)


def test_start_renewal_plan_creates_plan_and_checklist_as_one_step(empty_book: BookFile) -> None:
    renewal = dt.date(2027, 3, 1)
    account = _account(empty_book, renewal_date=renewal)
    writer = Writer(empty_book)
    op = start_renewal_plan(account, renewal, dt.date(2026, 11, 22))
    changed = writer.run(op)
    assert changed.account_ids == frozenset({account})
    assert _count(empty_book, "renewal_plan") == 1
    assert _count(empty_book, "renewal_step") == len(DEFAULT_CHECKLIST)
    with empty_book.engine.connect() as conn:
        dues = [r[0] for r in conn.exec_driver_sql("SELECT due FROM renewal_step ORDER BY id")]
    assert dues[0] == str(renewal - dt.timedelta(days=110))
    assert dues[-1] == str(renewal)
    writer.undo(op)
    assert _count(empty_book, "renewal_plan") == 0
    assert _count(empty_book, "renewal_step") == 0


def test_start_renewal_plan_without_a_date_makes_only_the_plan(empty_book: BookFile) -> None:
    account = _account(empty_book)
    Writer(empty_book).run(start_renewal_plan(account, None, dt.date(2026, 11, 22)))
    assert _count(empty_book, "renewal_plan") == 1
    assert _count(empty_book, "renewal_step") == 0


@pytest.mark.parametrize(
    ("outcome", "new_arr", "kind", "amount", "arr", "next_date"),
    [
        (RenewalOutcome.RENEWED_UP, 60_000.0, "renewal", 10_000.0, 60_000.0, dt.date(2028, 3, 1)),
        (RenewalOutcome.RENEWED_FLAT, None, "renewal", 0.0, 50_000.0, dt.date(2028, 3, 1)),
        (RenewalOutcome.DOWNGRADED, 40_000.0, "renewal", -10_000.0, 40_000.0, dt.date(2028, 3, 1)),
        (RenewalOutcome.CHURNED, None, "churn", 50_000.0, 0.0, None),
    ],
)
def test_record_outcome(
    empty_book: BookFile,
    outcome: RenewalOutcome,
    new_arr: float | None,
    kind: str,
    amount: float,
    arr: float,
    next_date: dt.date | None,
) -> None:
    account = _account(empty_book, renewal_date=dt.date(2027, 3, 1))
    writer = Writer(empty_book)
    op = record_outcome(
        account,
        outcome,
        current_arr=50_000.0,
        renewal_date=dt.date(2027, 3, 1),
        term_months=12,
        on=dt.date(2027, 2, 20),
        new_arr=new_arr,
    )
    writer.run(op)
    row = _row(empty_book, "account", {"id": account})
    assert row is not None
    assert row["arr"] == arr
    assert row["renewal_date"] == next_date
    with empty_book.engine.connect() as conn:
        events = conn.exec_driver_sql("SELECT kind, amount, date FROM arr_event").all()
    assert events == [(kind, amount, "2027-02-20")]
    writer.undo(op)
    row = _row(empty_book, "account", {"id": account})
    assert row is not None
    assert (row["arr"], row["renewal_date"]) == (50_000.0, dt.date(2027, 3, 1))
    assert _count(empty_book, "arr_event") == 0


def test_record_outcome_refuses_an_arr_that_does_not_fit() -> None:
    with pytest.raises(ValueError, match="downgrade needs an ARR below"):
        record_outcome(
            1,
            RenewalOutcome.DOWNGRADED,
            current_arr=50_000.0,
            renewal_date=dt.date(2027, 3, 1),
            term_months=12,
            on=dt.date(2027, 2, 20),
            new_arr=70_000.0,
        )


def test_mark_reviewed_stamps_only_the_artifact_and_undo_restores_the_stamp(
    empty_book: BookFile,
) -> None:
    account = _account(empty_book)
    stamps_before = _count(empty_book, "artifact_touch")
    key = {"account_id": account, "artifact": Artifact.RISK_REGISTER.value}
    earlier = dt.datetime(2026, 10, 1, 9, 0)
    late = dt.datetime(2026, 11, 22, 10, 0)
    Writer(empty_book, now=lambda: earlier).run(mark_reviewed(account, Artifact.RISK_REGISTER))
    stamped = _row(empty_book, "artifact_touch", key)
    assert stamped is not None
    assert stamped["touched_at"] == earlier
    writer = Writer(empty_book, now=lambda: late)
    op = mark_reviewed(account, Artifact.RISK_REGISTER)
    writer.run(op)
    assert _row(empty_book, "artifact_touch", key)["touched_at"] == late  # type: ignore[index]
    assert _count(empty_book, "artifact_touch") == stamps_before + 1  # only this artifact
    writer.undo(op)
    assert _row(empty_book, "artifact_touch", key)["touched_at"] == earlier  # type: ignore[index]


def test_mark_reviewed_undo_removes_a_first_stamp(empty_book: BookFile) -> None:
    account = _account(empty_book)
    stamps_before = _count(empty_book, "artifact_touch")
    writer = Writer(empty_book)
    op = mark_reviewed(account, Artifact.QBR)
    writer.run(op)
    assert _count(empty_book, "artifact_touch") == stamps_before + 1
    writer.undo(op)
    assert _count(empty_book, "artifact_touch") == stamps_before


def test_new_account_with_handoff_is_one_step(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    op = new_account({"name": "Globex", "arr": 20_000.0}, {"sales_owner": "Alex"})
    writer.run(op)
    account_id = op.account_id  # type: ignore[attr-defined]
    handoff = _row(empty_book, "handoff", {"id": 1})
    assert handoff is not None
    assert handoff["account_id"] == account_id
    writer.undo(op)
    assert _count(empty_book, "account") == 0
    assert _count(empty_book, "handoff") == 0
    writer.run(op)
    assert _row(empty_book, "account", {"id": account_id})["name"] == "Globex"  # type: ignore[index]
    assert _count(empty_book, "handoff") == 1
