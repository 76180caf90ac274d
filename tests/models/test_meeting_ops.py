"""Meeting edits as single steps: a type change with its template, and copying forward from the
account's previous meeting — each undone exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from csm_desk.engine.meetings import default_template, template_values
from csm_desk.models import rowdata
from csm_desk.models.bookfile import BookFile
from csm_desk.models.meeting_ops import change_meeting_type, copy_from_last_meeting
from csm_desk.models.ops import InsertRow
from csm_desk.models.writer import Writer
from tests.dumps import dump

DAY = dt.date(2026, 11, 2)


def _add(writer: Writer, table: str, **values: object) -> int:
    op = InsertRow(table, values)
    writer.run(op)
    assert op.pk is not None
    return int(next(iter(op.pk.values())))


def _book(book: BookFile) -> dict[str, int]:
    writer = Writer(book)
    account = _add(writer, "account", name="Acme", arr=50_000.0)
    ids = {"account": account}
    for name, departed in (("Ana", False), ("Bo", False), ("Cy", True)):
        ids[name] = _add(writer, "stakeholder", account_id=account, name=name, departed=departed)
    ids["first"] = _add(
        writer,
        "meeting",
        account_id=account,
        date=DAY,
        type="check_in",
        internal_attendees="Sam",
        open_items="Who owns the budget?",
        decisions="Start the pilot",
    )
    for person in ("Ana", "Bo", "Cy"):
        _add(writer, "meeting_attendee", meeting_id=ids["first"], stakeholder_id=ids[person])
    for text, status in (("Send the plan", "open"), ("Book a demo", "done")):
        ids[text] = _add(
            writer,
            "action_item",
            account_id=account,
            meeting_id=ids["first"],
            text=text,
            owner="Sam",
            due=DAY + dt.timedelta(days=7),
            status=status,
        )
    ids["second"] = _add(
        writer,
        "meeting",
        account_id=account,
        date=DAY + dt.timedelta(days=14),
        type="qbr",
        **template_values(default_template("qbr")),
    )
    return ids


def _row(book: BookFile, table: str, key: dict[str, object]) -> dict[str, object]:
    with book.engine.connect() as conn:
        found = rowdata.get_row(conn, table, key)
    assert found is not None
    return found


def test_copy_from_last_meeting_is_one_step_undone_exactly(empty_book: BookFile) -> None:
    ids = _book(empty_book)
    writer = Writer(empty_book)
    before = dump(empty_book)
    op = copy_from_last_meeting(ids["second"])
    changed = writer.run(op)
    assert changed.account_ids == frozenset({ids["account"]})
    with empty_book.engine.connect() as conn:
        attending = {
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT stakeholder_id FROM meeting_attendee WHERE meeting_id = ?",
                (ids["second"],),
            )
        }
    assert attending == {ids["Ana"], ids["Bo"]}  # Cy has left
    assert (
        _row(empty_book, "action_item", {"id": ids["Send the plan"]})["meeting_id"]
        == (ids["second"])
    )
    assert _row(empty_book, "action_item", {"id": ids["Book a demo"]})["meeting_id"] == ids["first"]
    second = _row(empty_book, "meeting", {"id": ids["second"]})
    assert second["internal_attendees"] == "Sam"
    assert str(second["open_items"]).endswith("\nWho owns the budget?")
    after = dump(empty_book)
    writer.undo(op)
    assert dump(empty_book) == before
    writer.run(op)
    assert dump(empty_book) == after


def test_copy_refuses_on_a_first_meeting_or_when_nothing_is_left(empty_book: BookFile) -> None:
    ids = _book(empty_book)
    writer = Writer(empty_book)
    before = dump(empty_book)
    with pytest.raises(LookupError, match="first meeting"):
        writer.run(copy_from_last_meeting(ids["first"]))
    writer.run(copy_from_last_meeting(ids["second"]))
    with pytest.raises(ValueError, match="Nothing to bring forward from the meeting of 2 Nov"):
        writer.run(copy_from_last_meeting(ids["second"]))
    assert dump(empty_book) != before


def test_type_change_follows_the_template_in_one_step(empty_book: BookFile) -> None:
    ids = _book(empty_book)
    writer = Writer(empty_book)
    before = dump(empty_book)
    meeting = _row(empty_book, "meeting", {"id": ids["second"]})
    op = change_meeting_type(
        meeting, "renewal", default_template("qbr"), default_template("renewal")
    )
    writer.run(op)
    now = _row(empty_book, "meeting", {"id": ids["second"]})
    assert now["type"] == "renewal"
    assert now["open_items"] == template_values(default_template("renewal"))["open_items"]
    writer.undo(op)
    assert dump(empty_book) == before
    first = _row(empty_book, "meeting", {"id": ids["first"]})
    op = change_meeting_type(first, "qbr", default_template("check_in"), default_template("qbr"))
    writer.run(op)
    assert _row(empty_book, "meeting", {"id": ids["first"]})["open_items"] == "Who owns the budget?"
