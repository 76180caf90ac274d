"""Writes: validation, atomic batches, undo, touches, segment sync and daily snapshots."""

from __future__ import annotations

import datetime as dt

import pytest

from csm_desk.models import rowdata
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book
from csm_desk.models.ops import Batch, InsertRow, SetFields
from csm_desk.models.validation import ValidationError
from csm_desk.models.writer import Writer


def account(writer: Writer, **values: object) -> int:
    op = InsertRow("account", {"name": "Acme", **values})
    writer.run(op)
    assert op.pk is not None
    return int(op.pk["id"])


def get(book: BookFile, table: str, row_id: int) -> dict:
    with book.engine.connect() as conn:
        row = rowdata.get_row(conn, table, {"id": row_id})
    assert row is not None
    return row


def test_invalid_values_are_refused_with_the_field_named(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    account_id = account(writer, arr=50_000.0)
    with pytest.raises(ValidationError) as caught:
        writer.run(SetFields("account", {"id": account_id}, {"arr": -5.0, "complexity": 7}))
    text = str(caught.value)
    assert "ARR: must be at least 0" in text
    assert "Complexity (1–3): must be between 1 and 3" in text
    assert get(empty_book, "account", account_id)["arr"] == 50_000.0
    with pytest.raises(ValidationError, match="Account name: is required"):
        writer.run(InsertRow("account", {"name": "  "}))
    with pytest.raises(ValidationError, match="not one of"):
        writer.run(
            InsertRow("stakeholder", {"account_id": account_id, "name": "X", "roles": "boss"})
        )


def test_a_failing_batch_writes_nothing(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    account_id = account(writer)
    batch = Batch(
        "two edits",
        [
            SetFields("account", {"id": account_id}, {"industry": "Retail"}),
            SetFields("account", {"id": account_id}, {"contract_term_months": 0}),
        ],
    )
    with pytest.raises(ValidationError):
        writer.run(batch)
    assert get(empty_book, "account", account_id)["industry"] is None


def test_set_fields_undo_and_redo(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    account_id = account(writer, arr=10_000.0, industry="Retail")
    op = SetFields("account", {"id": account_id}, {"arr": 150_000.0, "industry": "Banking"})
    changed = writer.run(op)
    assert changed.account_ids == {account_id}
    assert get(empty_book, "account", account_id)["industry"] == "Banking"
    writer.undo(op)
    row = get(empty_book, "account", account_id)
    assert (row["arr"], row["industry"]) == (10_000.0, "Retail")
    writer.run(op)
    assert get(empty_book, "account", account_id)["arr"] == 150_000.0


def test_unpinned_segment_follows_arr_and_pinned_stays(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    free = account(writer, arr=10_000.0)
    pinned = account(
        writer, name="Strategic", arr=10_000.0, segment="high_touch", segment_pinned=True
    )
    assert get(empty_book, "account", free)["segment"] == "tech_touch"
    op = SetFields("account", {"id": free}, {"arr": 20_000.0})
    writer.run(op)
    assert get(empty_book, "account", free)["segment"] == "low_touch"
    writer.run(SetFields("account", {"id": free}, {"arr": 100_000.0}))
    assert get(empty_book, "account", free)["segment"] == "high_touch"
    writer.run(SetFields("account", {"id": pinned}, {"arr": 1_000.0}))
    assert get(empty_book, "account", pinned)["segment"] == "high_touch"


def test_health_inputs_record_one_snapshot_per_day(empty_book: BookFile, today: dt.date) -> None:
    writer = Writer(empty_book)
    account_id = account(writer, arr=20_000.0)
    op = InsertRow(
        "signal_reading", {"account_id": account_id, "date": today, "key": "nps", "value": 9.0}
    )
    writer.run(op)
    writer.undo(op)
    writer.run(op)
    facts = load_book(empty_book, [account_id], full_history=True).accounts[0]
    assert [(s.date, s.components) for s in facts.snapshots] == [(today, {"sentiment": 90.0})]
    assert op.pk is not None
    writer.run(SetFields("signal_reading", op.pk, {"value": 3.0}))
    facts = load_book(empty_book, [account_id], full_history=True).accounts[0]
    # Still one snapshot for the day, and the day's last value wins.
    assert [(s.date, s.components) for s in facts.snapshots] == [(today, {"sentiment": 30.0})]


def test_a_duplicate_is_refused_in_words(empty_book: BookFile, today: dt.date) -> None:
    writer = Writer(empty_book)
    account_id = account(writer)
    values = {"account_id": account_id, "date": today, "key": "nps", "value": 9.0}
    writer.run(InsertRow("signal_reading", values))
    with pytest.raises(
        ValidationError, match="already a signal reading with the same Account, Signal and Date"
    ):
        writer.run(InsertRow("signal_reading", {**values, "value": 1.0}))
    account(writer, name="One", crm_id="X-1")
    with pytest.raises(ValidationError, match="CRM id"):
        account(writer, name="Two", crm_id="X-1")


def test_edits_stamp_the_artifacts_they_touch(empty_book: BookFile, today: dt.date) -> None:
    writer = Writer(empty_book)
    account_id = account(writer)
    writer.run(InsertRow("risk", {"account_id": account_id, "statement": "Budget freeze"}))
    writer.run(SetFields("account", {"id": account_id}, {"live_definition": "All branches live"}))
    touched = load_book(empty_book).accounts[0].touched
    assert {a.value for a in touched} == {"risk_register", "onboarding_plan"}
    assert all(t.date() == today for t in touched.values())


def test_onboarding_milestones_touch_both_plans(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    account_id = account(writer)
    writer.run(
        InsertRow(
            "milestone", {"account_id": account_id, "title": "Kickoff", "phase": "onboarding"}
        )
    )
    touched = load_book(empty_book).accounts[0].touched
    assert {a.value for a in touched} == {"onboarding_plan", "success_plan"}
