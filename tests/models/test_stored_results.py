"""Stored results: the book keeps each account's scored summary, used only while the account's
change counter, the day and the scoring still match; whatever changes, the report from stored
results equals a full fresh scoring, and only what changed is scored again."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import SetFields
from csm_desk.models.results import counted, read_results
from csm_desk.models.scored import keep_results, load_scored
from csm_desk.models.tables import ACCOUNT_TABLES
from csm_desk.models.writer import Writer
from csm_desk.report import report_json, report_text
from tests.conftest import TODAY

FIXTURE = Path(__file__).parent.parent / "data" / "first-schema.csmbook"


def keep_all(path: Path, as_of: dt.date = TODAY) -> None:
    """Open the book for changes and score it whole, as the window does when it opens."""
    with BookFile.open(path) as book:
        load_scored(book, as_of, keep=True)


def report(path: Path, as_of: dt.date = TODAY, *, rescore: bool = False) -> tuple[Any, int]:
    with BookFile.open(path, access="read") as book:
        loaded = load_scored(book, as_of, rescore=rescore)
        summary, scored = loaded.book, loaded.scored
    return (report_json(summary), report_text(summary)), scored


def agrees(path: Path, as_of: dt.date = TODAY) -> int:
    """Assert the report from stored results equals a fresh one; how many were scored."""
    stored, scored = report(path, as_of)
    fresh, everyone = report(path, as_of, rescore=True)
    assert stored == fresh
    return scored


def sql(path: Path, statement: str, params: tuple[Any, ...] = ()) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute(statement, params)
        con.commit()
    finally:
        con.close()


def account_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM account").fetchone()[0])
    finally:
        con.close()


def test_results_kept_on_opening_are_used_and_equal_a_fresh_scoring(demo_path: Path) -> None:
    assert agrees(demo_path) == account_count(demo_path)  # nothing kept yet: all scored
    keep_all(demo_path)
    assert agrees(demo_path) == 0


def test_an_edit_through_the_writer_makes_only_its_account_out_of_date(demo_path: Path) -> None:
    keep_all(demo_path)
    with BookFile.open(demo_path) as book:
        Writer(book).run(SetFields("account", {"id": 1}, {"arr": 123456.0}, "Edit ARR"))
    assert agrees(demo_path) == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE account SET arr = arr + 1000 WHERE id = 2",
        "UPDATE risk SET severity = 'high' WHERE account_id = 2",
        "DELETE FROM stakeholder WHERE id = (SELECT min(id) FROM stakeholder WHERE account_id = 2)",
        "INSERT INTO signal_reading (account_id, key, date, value) "
        "VALUES (2, 'nps', '2026-11-20', 2)",
        # a table that names its account through its parent
        "INSERT INTO kpi_reading (kpi_id, date, value) "
        "SELECT id, '2026-11-21', 1 FROM kpi WHERE account_id = 2 LIMIT 1",
        "DELETE FROM meeting_attendee WHERE meeting_id IN "
        "(SELECT id FROM meeting WHERE account_id = 2)",
    ],
)
def test_an_edit_made_by_hand_in_sqlite_is_seen(demo_path: Path, statement: str) -> None:
    keep_all(demo_path)
    sql(demo_path, statement)
    assert agrees(demo_path) == 1


def test_settings_another_day_or_other_scoring_code_make_every_result_out_of_date(
    demo_path: Path,
) -> None:
    keep_all(demo_path)
    every = account_count(demo_path)
    assert agrees(demo_path, TODAY + dt.timedelta(days=1)) == every
    sql(demo_path, "UPDATE account_result SET computed_with = 'other code'")
    assert agrees(demo_path) == every
    keep_all(demo_path)
    with BookFile.open(demo_path) as book:
        settings_json = json.loads(book.book_row().settings_json or "{}")
    thresholds = settings_json.setdefault("thresholds", {})
    thresholds["due_soon_days"] = 9
    sql(demo_path, "UPDATE book SET settings_json = ?", (json.dumps(settings_json),))
    assert agrees(demo_path) == every


@pytest.mark.parametrize(
    "data",
    ["{not json", "[]", '{"format": 999}', '{"format": 1, "entry": {"id": 1}}', "null"],
)
def test_a_damaged_stored_result_is_scored_afresh_never_used(demo_path: Path, data: str) -> None:
    keep_all(demo_path)
    sql(demo_path, "UPDATE account_result SET data = ? WHERE account_id = 3", (data,))
    assert agrees(demo_path) == 1


def test_another_accounts_result_or_one_that_shifts_its_neighbours_is_never_used(
    demo_path: Path,
) -> None:
    """Stored results are parsed many at a time; a result holding another account's summary,
    or text that would split into two values there, makes only accounts be scored afresh."""
    keep_all(demo_path)
    con = sqlite3.connect(demo_path)
    try:
        order = [r[0] for r in con.execute("SELECT id FROM account ORDER BY name COLLATE NOCASE")]
        first, second = order[:2]
        (data,) = con.execute(
            "SELECT data FROM account_result WHERE account_id = ?", (second,)
        ).fetchone()
        (own,) = con.execute(
            "SELECT data FROM account_result WHERE account_id = ?", (first,)
        ).fetchone()
    finally:
        con.close()
    sql(demo_path, "UPDATE account_result SET data = ? WHERE account_id = ?", (data, first))
    assert agrees(demo_path) == 1  # the first account's row holds the second's summary
    keep_all(demo_path)
    # "[1" and "2], x" join as one value, and x (the first account's own summary) lands on
    # the second account.
    sql(demo_path, "UPDATE account_result SET data = '[1' WHERE account_id = ?", (first,))
    sql(
        demo_path,
        "UPDATE account_result SET data = ? WHERE account_id = ?",
        ("2], " + own, second),
    )
    assert agrees(demo_path) == 2


def test_a_deleted_account_takes_its_result_and_its_id_never_matches_again(
    demo_path: Path,
) -> None:
    keep_all(demo_path)
    con = sqlite3.connect(demo_path)
    con.execute("PRAGMA foreign_keys = ON")
    (last,) = con.execute("SELECT max(id) FROM account").fetchone()
    con.execute("DELETE FROM account WHERE id = ?", (last,))
    con.commit()
    assert con.execute(
        "SELECT count(*) FROM account_result WHERE account_id = ?", (last,)
    ).fetchone() == (0,)
    columns = [r[1] for r in con.execute("PRAGMA table_info(account)")]
    chosen = {"id": "?", "name": "'Newcomer'", "crm_id": "NULL"}
    con.execute(
        f"INSERT INTO account ({', '.join(columns)}) SELECT "
        + ", ".join(chosen.get(c, c) for c in columns)
        + " FROM account WHERE id = 1",
        (last,),
    )
    con.commit()
    con.close()
    assert agrees(demo_path) == 1


def test_a_write_between_counting_and_reading_leaves_the_result_out_of_date(
    demo_path: Path,
) -> None:
    """Counters are read before the facts: a write landing in between cannot be taken for
    included in a result computed without it."""
    with BookFile.open(demo_path) as book:
        with book.read() as conn:
            before = counted(conn)
        Writer(book).run(SetFields("account", {"id": 1}, {"arr": 1.0}, "Edit"))
        from csm_desk.engine.book import score_book
        from csm_desk.models.load import load_book

        result = score_book(load_book(book, as_of=TODAY), TODAY)
        keep_results(book, TODAY, before, result.accounts, before.stamps)
        with book.read() as conn:
            stored = read_results(conn, TODAY)
    assert stored.stale == (1,)


def test_a_read_only_book_or_another_day_keeps_nothing(demo_path: Path) -> None:
    with BookFile.open(demo_path) as book:
        load_scored(book, TODAY - dt.timedelta(days=30), keep=True)  # looking back: none kept
    assert agrees(demo_path) == account_count(demo_path)
    with BookFile.open(demo_path, access="read") as book:
        load_scored(book, TODAY, keep=True)
    assert agrees(demo_path) == account_count(demo_path)


def _triggers(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        con.close()


def test_every_account_table_bumps_the_counter_in_new_and_migrated_books(tmp_path: Path) -> None:
    """A table added later without its triggers (or a migration that rebuilt a table and lost
    them) would let stored results go stale unseen."""
    new = tmp_path / "new.csmbook"
    BookFile.create(new).close()
    old = tmp_path / "old.csmbook"
    shutil.copyfile(FIXTURE, old)
    BookFile.open(old).close()
    wanted = {
        f"stamp_{t.__tablename__}_{op}"
        for t in ACCOUNT_TABLES
        for op in ("insert", "update", "delete")
    } | {f"stamp_account_{op}" for op in ("insert", "update", "delete")}
    for path in (new, old):
        assert wanted <= _triggers(path), wanted - _triggers(path)


FIELDS = st.sampled_from(
    [
        ("account", "arr", st.floats(0, 2_000_000, allow_nan=False)),
        ("account", "renewal_date", st.dates(dt.date(2026, 1, 1), dt.date(2028, 1, 1))),
        ("signal_reading", "value", st.floats(0, 10, allow_nan=False)),
        ("risk", "severity", st.sampled_from(["low", "medium", "high"])),
    ]
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_stored_results_always_equal_a_fresh_scoring(demo_path: Path, data: st.DataObject) -> None:
    """Random edits (by the writer and by hand), settings changes, days and re-keeping, with the
    report from stored results compared with a fresh one after each."""
    work = demo_path.with_name(f"work-{data.draw(st.integers(0, 10**9))}.csmbook")
    shutil.copyfile(demo_path, work)
    keep_all(work)
    for _step in range(data.draw(st.integers(1, 5))):
        action = data.draw(st.sampled_from(["writer", "hand", "settings", "keep", "day"]))
        if action in ("writer", "hand"):
            table, column, values = data.draw(FIELDS)
            value = data.draw(values)
            value = value.isoformat() if isinstance(value, dt.date) else value
            con = sqlite3.connect(work)
            ids = [r[0] for r in con.execute(f"SELECT id FROM {table} ORDER BY id")]
            con.close()
            row = data.draw(st.sampled_from(ids))
            if action == "writer":
                with BookFile.open(work) as book:
                    parsed = dt.date.fromisoformat(value) if column.endswith("date") else value
                    Writer(book).run(SetFields(table, {"id": row}, {column: parsed}, "Edit"))
            else:
                sql(work, f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row))
        elif action == "settings":
            due = data.draw(st.integers(1, 30))
            sql(
                work,
                "UPDATE book SET settings_json = ?",
                (json.dumps({"thresholds": {"due_soon_days": due}}),),
            )
        elif action == "keep":
            keep_all(work)
        else:
            agrees(work, TODAY + dt.timedelta(days=data.draw(st.integers(-40, 40))))
        agrees(work)
