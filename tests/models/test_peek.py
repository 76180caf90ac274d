"""The first look at a book from its stored results (``models.peek``): what the window paints
before the book is opened. It shows exactly what a report from stored results shows, marks
what is out of date, reads the file named and no other, changes nothing, and stays away from a
book being written or of another format."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from csm_desk.engine.summary import to_data
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import SetFields
from csm_desk.models.peek import peek
from csm_desk.models.scored import load_scored
from csm_desk.models.writer import Writer
from tests.conftest import TODAY
from tests.models.test_stored_results import keep_all, sql


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` with a digest of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _stored(path: Path, as_of: dt.date = TODAY) -> list[dict[str, object]]:
    with BookFile.open(path, access="read") as book:
        summary = load_scored(book, as_of).book
    return [to_data(a) for a in summary.accounts]


def test_a_look_shows_what_the_stored_results_say_and_changes_nothing(demo_path: Path) -> None:
    keep_all(demo_path)
    before = _fingerprint(demo_path.parent)
    look = peek(demo_path, TODAY)
    assert look is not None and look.current
    assert [to_data(a) for a in look.book.accounts] == _stored(demo_path)
    assert look.book.owner and look.book.currency == "USD"
    assert look.book.totals.priorities  # the demo book has work for today
    assert _fingerprint(demo_path.parent) == before  # no byte changed, nothing created beside


def test_another_day_shows_the_last_values_marked_as_updating(demo_path: Path) -> None:
    keep_all(demo_path)
    later = TODAY + dt.timedelta(days=1)
    look = peek(demo_path, later)
    assert look is not None and not look.current
    assert look.updating == {a.id for a in look.book.accounts}
    assert [to_data(a) for a in look.book.accounts] == _stored(demo_path)  # as kept yesterday


def test_an_account_changed_since_is_marked_and_one_never_scored_is_left_out(
    demo_path: Path,
) -> None:
    keep_all(demo_path)
    with BookFile.open(demo_path) as book:
        Writer(book).run(SetFields("account", {"id": 2}, {"arr": 4321.0}, "Edit ARR"))
    sql(demo_path, "UPDATE stakeholder SET title = 'Chief of Staff' WHERE account_id = 3")
    con = sqlite3.connect(demo_path)  # a copy of account 1 made by hand, never scored
    try:
        columns = [r[1] for r in con.execute("PRAGMA table_info(account)") if r[1] != "id"]
        picked = ", ".join(columns)
        chosen = ", ".join("'Zeta Unscored'" if c == "name" else c for c in columns)
        chosen = chosen.replace("crm_id", "NULL")
        con.execute(f"INSERT INTO account({picked}) SELECT {chosen} FROM account WHERE id = 1")
        con.commit()
    finally:
        con.close()
    look = peek(demo_path, TODAY)
    assert look is not None
    assert look.updating == {2, 3}
    assert look.unseen == 1
    assert "Zeta Unscored" not in {a.name for a in look.book.accounts}


def test_nothing_to_show_without_stored_results(demo_path: Path) -> None:
    assert peek(demo_path, TODAY) is None  # the demo book was never opened in the window


@pytest.mark.parametrize(
    "problem",
    ["wal", "journal", "older_format", "not_a_book", "missing", "folder", "truncated"],
)
def test_a_book_being_written_or_not_plainly_readable_is_left_to_the_open(
    demo_path: Path, tmp_path: Path, problem: str
) -> None:
    keep_all(demo_path)
    target = demo_path
    if problem == "wal":
        demo_path.with_name(demo_path.name + "-wal").write_bytes(b"\0" * 64)
    elif problem == "journal":
        demo_path.with_name(demo_path.name + "-journal").write_bytes(b"\0" * 64)
    elif problem == "older_format":
        sql(demo_path, "PRAGMA user_version = 3")
    elif problem == "not_a_book":
        target = tmp_path / "notes.csmbook"
        target.write_text("Renewal notes\n")
    elif problem == "missing":
        target = tmp_path / "gone.csmbook"
    elif problem == "folder":
        target = tmp_path / "folder.csmbook"
        target.mkdir()
    elif problem == "truncated":
        target = tmp_path / "cut.csmbook"
        target.write_bytes(demo_path.read_bytes()[:8192])
    assert peek(target, TODAY) is None


def test_an_empty_log_beside_the_book_does_not_stop_the_look(demo_path: Path) -> None:
    keep_all(demo_path)
    demo_path.with_name(demo_path.name + "-wal").write_bytes(b"")
    assert peek(demo_path, TODAY) is not None


@pytest.mark.parametrize(
    "name", ["Book%20one.csmbook", "Book?one.csmbook", "Book#one.csmbook", "Book 📘.csmbook"]
)
def test_odd_names_are_read_as_they_are_never_as_another_file(
    demo_path: Path, tmp_path: Path, name: str
) -> None:
    """``Book%20one`` must not read ``Book one``, ``Book?one`` not ``Book``, and so on."""
    folder = tmp_path / "odd"
    folder.mkdir()
    odd = folder / name
    shutil.copyfile(demo_path, odd)
    keep_all(odd)
    sql(odd, "UPDATE book SET owner = 'Odd Owner'")
    decoys = {name.replace("%20", " "), name.split("?")[0], name.split("#")[0], "Book"}
    for decoy in decoys - {name}:
        other = folder / decoy
        shutil.copyfile(demo_path, other)
        keep_all(other)
        sql(other, "UPDATE book SET owner = 'Decoy Owner'")
    look = peek(odd, TODAY)
    assert look is not None and look.book.owner == "Odd Owner"


def test_a_damaged_stored_result_is_not_shown_as_current(demo_path: Path) -> None:
    keep_all(demo_path)
    sql(demo_path, "UPDATE account_result SET data = '{\"format\": 1}' WHERE account_id = 1")
    look = peek(demo_path, TODAY)
    assert look is not None
    assert 1 not in {a.id for a in look.book.accounts}
    assert look.unseen == 1 and not look.current


def test_the_look_reads_no_file_being_written_by_another_connection(demo_path: Path) -> None:
    """While another connection has uncommitted writes in the log, the look stays away."""
    keep_all(demo_path)
    writer = sqlite3.connect(demo_path)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("UPDATE book SET owner = 'Half written'")
        writer.commit()  # committed to the log, not yet back in the file
        assert peek(demo_path, TODAY) is None
    finally:
        writer.close()
    look = peek(demo_path, TODAY)
    assert look is not None and look.book.owner == "Half written"


def test_the_open_after_a_look_reuses_what_it_read_and_rereads_what_changed(
    demo_path: Path,
) -> None:
    """The open that follows a look takes the summaries the look parsed when they were stored
    under the same counter, day and scoring, and reads afresh the ones changed since; either way
    it ends with what reading everything afresh gives."""
    from csm_desk.models.results import read_results

    keep_all(demo_path)
    look = peek(demo_path, TODAY)
    assert look is not None and look.stored is not None
    with BookFile.open(demo_path) as book:
        Writer(book).run(SetFields("account", {"id": 2}, {"arr": 4321.0}, "Edit ARR"))
    keep_all(demo_path)  # account 2 scored and stored again, under its new counter
    con = sqlite3.connect(demo_path)
    try:
        reused = read_results(con, TODAY, known=look.stored)
        fresh = read_results(con, TODAY)
    finally:
        con.close()
    assert reused == fresh
    assert reused.summaries[2] is not look.stored.summaries[2]  # changed: read again
    assert reused.summaries[2].arr == 4321.0
    same = [i for i in reused.summaries if i != 2]
    assert same and all(reused.summaries[i] is look.stored.summaries[i] for i in same)
    assert all(fresh.summaries[i] is not look.stored.summaries[i] for i in same)
