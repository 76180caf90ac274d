"""The edit journal: every write through the writer records what it changed, in the same
transaction; undo and redo say so; the journal bumps no account's change counter by itself."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from csm_desk.engine.vocab import Artifact
from csm_desk.models.actions import mark_reviewed
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import Batch, DeleteRow, InsertRow, SetFields
from csm_desk.models.salvage import salvage
from csm_desk.models.validation import ValidationError
from csm_desk.models.writer import Writer

MOMENT = dt.datetime(2026, 11, 22, 9, 30, 0)


def journal(book: BookFile) -> list[dict[str, Any]]:
    with book.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM edit_journal ORDER BY id").mappings()
        return [dict(r) for r in rows]


def stamps(book: BookFile) -> dict[int, int]:
    with book.engine.connect() as conn:
        return dict(conn.exec_driver_sql("SELECT account_id, n FROM account_stamp").fetchall())


def new_account(writer: Writer, name: str = "Acme") -> int:
    op = InsertRow("account", {"name": name})
    writer.run(op)
    assert op.pk is not None
    return int(op.pk["id"])


def test_an_edit_records_its_account_table_row_fields_and_artifacts(empty_book: BookFile) -> None:
    writer = Writer(empty_book, now=lambda: MOMENT)
    account_id = new_account(writer)
    risk = InsertRow("risk", {"account_id": account_id, "statement": "Champion may leave"})
    writer.run(risk)
    assert risk.pk is not None
    writer.run(SetFields("risk", risk.pk, {"severity": "high", "owner": "Sam"}, "Edit severity"))
    *_, added, edited = journal(empty_book)
    assert added["kind"] == "added" and added["tbl"] == "risk"
    assert added["row_id"] == risk.pk["id"] and added["account_id"] == account_id
    assert added["artifacts"] == Artifact.RISK_REGISTER.value
    assert (edited["kind"], edited["fields"], edited["label"]) == (
        "changed",
        "severity,owner",
        "Edit severity",
    )
    assert edited["at"] == MOMENT.isoformat(" ")
    assert edited["via"] == "" and edited["undoes"] is None
    assert edited["step"] == edited["id"] and edited["rows"] == 1


def test_a_write_of_many_rows_is_one_entry_per_table_and_kind(empty_book: BookFile) -> None:
    writer = Writer(empty_book, now=lambda: MOMENT)
    account_id = new_account(writer)
    rows = [
        InsertRow("signal_reading", {"account_id": account_id, "date": dt.date(2026, 11, d),
                                     "key": "nps", "value": 8.0})
        for d in (1, 2, 3)
    ]  # fmt: skip
    writer.run(Batch("Import signals", rows))
    last = journal(empty_book)[-1]
    assert (last["tbl"], last["kind"], last["rows"], last["row_id"]) == (
        "signal_reading",
        "added",
        3,
        None,
    )
    # Deleting the account names the account and each of its tables once.
    writer.run(DeleteRow("account", {"id": account_id}))
    entries = [e for e in journal(empty_book) if e["label"] == "Delete"]
    assert {(e["tbl"], e["rows"]) for e in entries} >= {("account", 1), ("signal_reading", 3)}
    assert len(entries) == len({e["tbl"] for e in entries})


def test_undo_and_redo_are_journaled_as_such(empty_book: BookFile) -> None:
    writer = Writer(empty_book, now=lambda: MOMENT)
    account_id = new_account(writer)
    op = SetFields("account", {"id": account_id}, {"success_vision": "Faster payouts"})
    writer.run(op)
    first = journal(empty_book)[-1]
    writer.undo(op)
    undo = journal(empty_book)[-1]
    assert (undo["via"], undo["undoes"]) == ("undo", first["step"])
    assert undo["fields"] == "success_vision"
    writer.run(op)
    redo = journal(empty_book)[-1]
    assert (redo["via"], redo["undoes"]) == ("redo", None)
    writer.undo(op)
    assert journal(empty_book)[-1]["undoes"] == redo["step"]


def test_a_refused_write_records_nothing(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    account_id = new_account(writer)
    before = journal(empty_book)
    with pytest.raises(ValidationError):
        writer.run(SetFields("account", {"id": account_id}, {"arr": -1.0}))
    assert journal(empty_book) == before


def test_marking_an_artifact_reviewed_is_journaled_with_the_artifact(
    empty_book: BookFile,
) -> None:
    writer = Writer(empty_book)
    account_id = new_account(writer)
    writer.run(mark_reviewed(account_id, Artifact.SUCCESS_PLAN))
    last = journal(empty_book)[-1]
    assert (last["tbl"], last["account_id"], last["artifacts"]) == (
        "artifact_touch",
        account_id,
        Artifact.SUCCESS_PLAN.value,
    )


def test_journal_entries_leave_other_accounts_counters_alone(empty_book: BookFile) -> None:
    """Stored results depend on each account's counter: an edit of one account bumps only that
    one (the journal has no counter triggers), and an edit of the book's own row none."""
    writer = Writer(empty_book, hooks=[])
    first = new_account(writer, "First")
    second = new_account(writer, "Second")
    before = stamps(empty_book)
    writer.run(SetFields("account", {"id": first}, {"success_vision": "More"}))
    after = stamps(empty_book)
    assert after[second] == before[second]
    assert after[first] > before[first]
    writer.run(SetFields("book", {"id": 1}, {"notes": "For the next owner"}))
    assert stamps(empty_book) == after
    assert journal(empty_book)[-1]["account_id"] is None
    # Writing the journal by hand bumps nothing either.
    with empty_book.write() as conn:
        conn.exec_driver_sql(
            "INSERT INTO edit_journal (step, at, account_id, tbl, rows, kind, fields, artifacts,"
            " via, label) VALUES (99, '2026-11-22 10:00:00', ?, 'risk', 1, 'added', '', '', '',"
            " 'x')",
            (second,),
        )
    assert stamps(empty_book) == after


def test_the_capture_triggers_are_not_part_of_the_book(empty_book: BookFile) -> None:
    new_account(Writer(empty_book))
    con = sqlite3.connect(empty_book.path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master")]
    finally:
        con.close()
    assert not [n for n in names if n.startswith("edit_capture")]


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "JavaScript:void(0)", "java\tscript:x", "data:text/html,x"]
)
def test_a_link_with_an_unsafe_scheme_is_refused_naming_the_field(
    empty_book: BookFile, target: str
) -> None:
    writer = Writer(empty_book)
    account_id = new_account(writer)
    values = {"account_id": account_id, "label": "Deck", "target": target}
    with pytest.raises(ValidationError, match=r"Link: uses the unsafe \w+: scheme"):
        writer.run(InsertRow("link", values))


@pytest.mark.parametrize(
    "target",
    ["https://wiki.example.com/northwind", "C:\\Accounts\\Northwind\\QBR.pptx", "~/qbr.md",
     "file:///home/me/plan.docx", "mailto:ops@example.com"],
)  # fmt: skip
def test_web_addresses_and_file_paths_are_kept(empty_book: BookFile, target: str) -> None:
    writer = Writer(empty_book)
    account_id = new_account(writer)
    before = stamps(empty_book)[account_id]
    op = InsertRow("link", {"account_id": account_id, "label": "Deck", "target": target})
    writer.run(op)
    assert stamps(empty_book)[account_id] > before  # links are the account's content
    assert journal(empty_book)[-1]["tbl"] == "link"


def test_salvage_carries_the_readable_journal_and_leaves_nonsense_behind(
    demo_path: Path, tmp_path: Path
) -> None:
    book = BookFile.open(demo_path)
    try:
        writer = Writer(book, now=lambda: MOMENT)
        with book.engine.connect() as conn:
            account_id = conn.exec_driver_sql("SELECT min(id) FROM account").scalar_one()
        for vision in ("Faster payouts", "Fewer breaks", "Close in 3 days"):
            writer.run(SetFields("account", {"id": account_id}, {"success_vision": vision}))
        entries = journal(book)
    finally:
        book.close()
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE edit_journal SET at = 'not a moment' WHERE id = ?", (entries[0]["id"],))
    con.execute("UPDATE account SET complexity = 'x' WHERE id = ?", (account_id,))  # damage
    con.commit()
    con.close()
    out = tmp_path / "Salvaged.csmbook"
    salvage(demo_path, out)
    with BookFile.open(out) as salvaged:
        kept = journal(salvaged)
    assert [e["id"] for e in kept] == [e["id"] for e in entries[1:]]
    assert kept[-1]["fields"] == "success_vision"


def test_a_garbled_journal_entry_is_skipped_and_an_unsafe_stored_link_is_damage(
    demo_path: Path,
) -> None:
    from csm_desk.models.damage import find_damage
    from csm_desk.models.timeline import load_timeline

    con = sqlite3.connect(demo_path)
    link = con.execute("SELECT min(id) FROM link").fetchone()[0]
    account_id = con.execute("SELECT account_id FROM link WHERE id = ?", (link,)).fetchone()[0]
    con.execute(
        "INSERT INTO edit_journal (step, at, account_id, tbl, rows, kind, fields, artifacts, "
        "via, label) VALUES ('x', 'garbled', ?, 'risk', 1, 'changed', '', '', '', '')",
        (account_id,),
    )
    con.commit()
    assert find_damage(con) == []  # the journal is history, not content
    con.close()
    with BookFile.open(demo_path) as book:
        assert load_timeline(book, account_id, dt.date(2026, 11, 22))  # the entry is skipped
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE link SET target = ' JavaScript:alert(1)' WHERE id = ?", (link,))
    con.commit()
    try:
        found = find_damage(con)
    finally:
        con.close()
    assert [(b.table, b.row, b.column) for b in found] == [("link", link, "target")]
    assert "is not a safe link: it uses the javascript: scheme" in str(found[0])


def test_undoing_a_review_mark_is_journaled_and_leaves_the_timeline(empty_book: BookFile) -> None:
    from csm_desk.models.timeline import load_timeline

    writer = Writer(empty_book, now=lambda: MOMENT)
    account_id = new_account(writer)
    op = mark_reviewed(account_id, Artifact.SUCCESS_PLAN)
    writer.run(op)
    titles = [e.title for e in load_timeline(empty_book, account_id, MOMENT.date())]
    assert "Success plan updated" in titles
    writer.undo(op)
    last = journal(empty_book)[-1]
    assert (last["via"], last["undoes"], last["account_id"]) == ("undo", op_step(op), account_id)
    titles = [e.title for e in load_timeline(empty_book, account_id, MOMENT.date())]
    assert "Success plan updated" not in titles


def op_step(op: Any) -> int:
    assert op.journal_step is not None
    return int(op.journal_step)


def test_a_hand_over_copy_keeps_the_links_and_the_journal(
    empty_book: BookFile, tmp_path: Path
) -> None:
    writer = Writer(empty_book, now=lambda: MOMENT)
    account_id = new_account(writer)
    values = {"account_id": account_id, "label": "Wiki", "target": "https://wiki.example.com"}
    writer.run(InsertRow("link", values))
    before = journal(empty_book)
    out = empty_book.handover_copy(tmp_path / "Successor.csmbook", to_owner="Robin")
    with BookFile.open(out) as copy:
        assert journal(copy) == before
        with copy.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT label FROM link").scalar_one() == "Wiki"
