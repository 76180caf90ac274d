"""Damaged values in a book: found and named by table, row and column, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from damaging import allow_null, leaf_pages, write, zero_page
from hypothesis import given, settings
from hypothesis import strategies as st

from csm_desk.models import search
from csm_desk.models.bookfile import BookError, BookFile
from csm_desk.models.damage import BadValue, DamagedBookError, find_damage
from csm_desk.models.tables import ALL_TABLES
from csm_desk.models.value_rules import register, rules_for


def found(path: Path, limit: int | None = None) -> list[BadValue]:
    con = sqlite3.connect(path)
    try:
        return find_damage(con, limit=limit)
    finally:
        con.close()


def where(bad: list[BadValue]) -> set[tuple[str, int, str]]:
    return {(b.table, b.row, b.column) for b in bad}


# Each damage: the statement that makes it and the (table, row, column) it damages.
DAMAGE: list[tuple[str, tuple[str, int, str]]] = [
    ("UPDATE account SET renewal_date = '2027-02-30' WHERE id = 2", ("account", 2, "renewal_date")),
    (
        "UPDATE account SET contract_start = '05/02/2027' WHERE id = 3",
        ("account", 3, "contract_start"),
    ),
    ("UPDATE account SET arr = 'lots' WHERE id = 4", ("account", 4, "arr")),
    ("UPDATE account SET name = NULL WHERE id = 5", ("account", 5, "name")),
    ("UPDATE account SET segment_pinned = 7 WHERE id = 6", ("account", 6, "segment_pinned")),
    ("UPDATE account SET segment = 'platinum' WHERE id = 7", ("account", 7, "segment")),
    ("UPDATE stakeholder SET influence = 9 WHERE id = 1", ("stakeholder", 1, "influence")),
    ("UPDATE stakeholder SET roles = 'champion,wizard' WHERE id = 2", ("stakeholder", 2, "roles")),
    ("UPDATE stakeholder SET title = x'00ff' WHERE id = 3", ("stakeholder", 3, "title")),
    ("UPDATE health_override SET value = 500 WHERE id = 1", ("health_override", 1, "value")),
    (
        "UPDATE renewal_plan SET probability_override = 5 WHERE id = 1",
        ("renewal_plan", 1, "probability_override"),
    ),
    ("UPDATE risk SET severity = 'apocalyptic' WHERE id = 1", ("risk", 1, "severity")),
    ("UPDATE meeting SET date = NULL WHERE id = 1", ("meeting", 1, "date")),
    ("UPDATE book SET settings_json = '{not json' WHERE id = 1", ("book", 1, "settings_json")),
    ("UPDATE stakeholder_link SET to_id = 9999 WHERE id = 1", ("stakeholder_link", 1, "to_id")),
    (
        "UPDATE artifact_touch SET touched_at = '2026-11-22T09:00' "
        "WHERE rowid = (SELECT min(rowid) FROM artifact_touch)",
        ("artifact_touch", 1, "touched_at"),
    ),
    (
        "UPDATE health_snapshot SET components_json = '[1, 2]' WHERE id = 1",
        ("health_snapshot", 1, "components_json"),
    ),
    ("UPDATE signal_reading SET value = 'high' WHERE id = 1", ("signal_reading", 1, "value")),
]


@pytest.fixture
def damaged(demo_path: Path) -> Path:
    """The demo book with every damage of DAMAGE done to it."""
    allow_null(demo_path, "account", "name")
    for sql, _ in DAMAGE:
        write(demo_path, sql)
    return demo_path


def test_the_demo_book_is_clean_and_one_bad_value_is_not(demo_path: Path) -> None:
    assert found(demo_path) == []
    write(demo_path, "UPDATE account SET renewal_date = '2027-02-30' WHERE id = 7")
    assert where(found(demo_path)) == {("account", 7, "renewal_date")}


def test_every_damaged_value_is_found_with_its_table_row_and_column(damaged: Path) -> None:
    bad = found(damaged)
    assert where(bad) == {spot for _, spot in DAMAGE}
    assert len(bad) == len(DAMAGE)


def test_each_problem_is_one_line_a_person_can_act_on(damaged: Path) -> None:
    lines = {(b.table, b.row, b.column): str(b) for b in found(damaged)}
    assert lines[("account", 2, "renewal_date")] == (
        "table account, row 2, column \"renewal_date\": '2027-02-30' is not a date (YYYY-MM-DD)"
    )
    assert lines[("account", 3, "contract_start")].endswith(
        "'05/02/2027' is not a date (YYYY-MM-DD)"
    )
    assert lines[("account", 4, "arr")].endswith("'lots' is not a number")
    assert lines[("account", 5, "name")].endswith(
        'column "name": NULL is not allowed: a value is required'
    )
    assert lines[("account", 6, "segment_pinned")].endswith("7 is not a yes/no value (0 or 1)")
    assert lines[("account", 7, "segment")].endswith(
        "'platinum' is not one of: high_touch, low_touch, tech_touch"
    )
    assert lines[("stakeholder", 1, "influence")].endswith(
        "9 is out of range: must be between 1 and 5"
    )
    assert "wizard not one of" in lines[("stakeholder", 2, "roles")]
    assert lines[("stakeholder", 3, "title")].endswith("b'\\x00\\xff' is not readable text (UTF-8)")
    assert lines[("health_override", 1, "value")].endswith(
        "500.0 is out of range: must be between 0 and 100"
    )
    assert lines[("renewal_plan", 1, "probability_override")].endswith(
        "5.0 is out of range: must be between 0 and 1"
    )
    assert "'apocalyptic' is not one of: " in lines[("risk", 1, "severity")]
    assert lines[("meeting", 1, "date")].endswith("NULL is not allowed: a value is required")
    assert lines[("book", 1, "settings_json")].endswith("'{not json' is not valid JSON")
    assert lines[("stakeholder_link", 1, "to_id")].endswith(
        "9999 refers to stakeholder 9999, which does not exist"
    )
    assert lines[("artifact_touch", 1, "touched_at")].endswith(
        "'2026-11-22T09:00' is not a date and time (YYYY-MM-DD HH:MM:SS)"
    )
    assert lines[("health_snapshot", 1, "components_json")].endswith(
        "'[1, 2]' is not a JSON object"
    )
    assert all("\n" not in line for line in lines.values())


def test_a_long_value_is_cut_to_fit_the_line() -> None:
    bad = BadValue("book", 1, "notes", "x" * 500, "is not a date (YYYY-MM-DD)")
    assert len(str(bad)) < 140 and "…" in str(bad)


def test_limit_stops_at_the_first_problem(damaged: Path) -> None:
    first = found(damaged, limit=1)
    assert len(first) == 1
    assert first[0] == found(damaged)[0]
    assert len(found(damaged, limit=3)) == 3


def test_a_reference_to_another_accounts_row_is_found(demo_path: Path) -> None:
    con = sqlite3.connect(demo_path)
    kpi, account = con.execute("SELECT id, account_id FROM kpi LIMIT 1").fetchone()
    (other,) = con.execute(
        "SELECT id FROM objective WHERE account_id <> ? LIMIT 1", (account,)
    ).fetchone()
    con.close()
    write(demo_path, "UPDATE kpi SET objective_id = ? WHERE id = ?", (other, kpi))
    (bad,) = found(demo_path)
    assert (bad.table, bad.row, bad.column) == ("kpi", kpi, "objective_id")
    assert bad.problem == f"refers to objective {other} of another account"


@pytest.mark.parametrize(
    ("settings_json", "problem"),
    [
        ("[]", "is not a JSON object"),
        ("", "is empty: the settings are missing"),
        ('{"segment_weights": "heavy"}', "is not usable as settings"),
        ('{"thresholds": {"due_soon_days": "soon"}}', "is not usable as settings"),
        ('{"band_probability": {"healthy": 7}}', "holds settings that cannot be used"),
        (
            '{"segment_weights": {"high_touch": {"usage": 90}}}',
            "High touch weights must sum to 100",
        ),
    ],
)
def test_settings_the_book_cannot_use_are_found(
    demo_path: Path, settings_json: str, problem: str
) -> None:
    write(demo_path, "UPDATE book SET settings_json = ?", (settings_json,))
    (bad,) = found(demo_path)
    assert (bad.table, bad.column) == ("book", "settings_json")
    assert problem in bad.problem


def test_a_required_text_that_is_only_blanks_is_found(demo_path: Path) -> None:
    write(demo_path, "UPDATE account SET name = '   ' WHERE id = 2")
    (bad,) = found(demo_path)
    assert str(bad) == "table account, row 2, column \"name\": '   ' is blank: a value is required"


def test_other_text_may_be_blank_while_a_row_waits_for_its_words(demo_path: Path) -> None:
    write(demo_path, "UPDATE account SET industry = '  ' WHERE id = 2")
    write(demo_path, "UPDATE risk SET statement = '' WHERE id = 1")  # required, not yet typed
    assert found(demo_path) == []


def test_text_that_is_not_utf8_is_named_by_its_row_not_refused_as_a_whole(
    demo_path: Path,
) -> None:
    write(demo_path, "UPDATE account SET name = CAST(X'4e6fff72' AS TEXT) WHERE id = 3")
    write(demo_path, "UPDATE account SET industry = 'Café Zürich' WHERE id = 4")  # fine text
    (bad,) = found(demo_path)
    assert (bad.table, bad.row, bad.column) == ("account", 3, "name")
    assert bad.value == b"No\xffr" and bad.problem == "is not readable text (UTF-8)"


def test_text_that_is_not_utf8_where_nothing_reads_it_yet_is_refused_on_open(
    demo_path: Path,
) -> None:
    # A closed renewal's step is read only when its account's past renewals are shown: the
    # book must not open as if it were sound.
    write(
        demo_path,
        "UPDATE renewal_cycle_step SET action = CAST(X'4f6bff' AS TEXT) "
        "WHERE id = (SELECT min(id) FROM renewal_cycle_step)",
    )
    with pytest.raises(DamagedBookError, match=r"column \"action\": b'Ok\\xff' is not readable"):
        BookFile.open(demo_path)


def test_damage_in_the_search_index_refuses_the_book_before_anything_is_written(
    demo_path: Path,
) -> None:
    """The index is derived and could be rebuilt, but writing into a file with damaged pages
    can spread the damage: the book is refused as it is, like any other damage."""
    from csm_desk.models.search import INDEX

    pages = leaf_pages(demo_path, f"{INDEX}_data")
    assert pages, "the demo book's search index has pages"
    zero_page(demo_path, pages[0])
    before = demo_path.read_bytes()
    with pytest.raises(DamagedBookError, match="is damaged"):
        BookFile.open(demo_path)
    assert demo_path.read_bytes() == before


def test_a_book_without_its_own_row_is_damaged(demo_path: Path) -> None:
    write(demo_path, "DELETE FROM book")
    (bad,) = found(demo_path)
    assert str(bad) == "table book has no row: the book's own name and settings are gone"
    assert found(demo_path, limit=1) == [bad]


def test_a_book_with_two_rows_of_its_own_is_damaged(demo_path: Path) -> None:
    write(
        demo_path,
        "INSERT INTO book (owner, currency, settings_json) SELECT owner, currency, settings_json "
        "FROM book",
    )
    (bad,) = found(demo_path)
    assert str(bad) == "table book has 2 rows where a book has exactly one"


def test_an_index_that_lost_rows_is_refused_on_open_though_every_value_reads(
    demo_path: Path,
) -> None:
    # The index no longer lists the last meeting it should: a query through it answers wrongly
    # without an error, so only SQLite's integrity check can tell.
    con = sqlite3.connect(demo_path)
    (root,) = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_meeting_account_id'"
    ).fetchone()
    con.close()
    data = bytearray(demo_path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    page = data[(root - 1) * size : root * size]
    assert page[0] == 0x0A  # a leaf page of an index
    cells = int.from_bytes(page[3:5], "big")
    assert cells > 1
    data[(root - 1) * size + 3 : (root - 1) * size + 5] = (cells - 1).to_bytes(2, "big")
    demo_path.write_bytes(bytes(data))
    assert found(demo_path) == []  # no value is wrong
    before = demo_path.read_bytes()
    with pytest.raises(DamagedBookError) as caught:
        BookFile.open(demo_path)
    message = str(caught.value)
    assert message.startswith(f"{demo_path} is damaged (") and "index" in message
    assert "\n" not in message and "csm-desk check --repair" in message
    assert demo_path.read_bytes() == before


def test_it_reads_through_an_open_books_connection(damaged: Path) -> None:
    with BookFile.open(damaged, verify=False) as book, book.read() as connection:
        bad = find_damage(connection)
    assert where(bad) == {spot for _, spot in DAMAGE}


def test_a_book_with_a_damaged_value_is_refused_on_open_in_one_line(damaged: Path) -> None:
    before = damaged.read_bytes()
    with pytest.raises(DamagedBookError) as caught:
        BookFile.open(damaged)
    message = str(caught.value)
    assert "\n" not in message and "cannot be read: table " in message
    assert "csm-desk check" in message
    assert damaged.read_bytes() == before


def test_unreadable_pages_raise_one_line_naming_the_file(demo_path: Path) -> None:
    zero_page(demo_path, leaf_pages(demo_path, "stakeholder")[1])
    with pytest.raises(DamagedBookError) as caught:
        found(demo_path)
    message = str(caught.value)
    assert isinstance(caught.value, BookError)
    assert message.startswith(f"{demo_path} is damaged (database disk image is malformed); ")
    assert "csm-desk check --repair -o OUT.csmbook" in message
    assert "\n" not in message


# -- the SQL filter and the Python check agree ----------------------------------------------

PROBES: list[object] = [
    None, "", " ", "\x1f", "\u3000 ", "abc", "12", "1e999", "-", "0", b"", b"\x00",
    0, 1, 2, 3, 5, 9, 121, -1,
    0.0, 0.5, 1.0, 1.5, 3.0, 100.0, 100.5, 1e20, -1e20, math.inf, -math.inf,
    2**62, -(2**63),
    "2027-02-28", "2027-02-30", "2028-02-29", "05/02/2027", "20270205", "0000-01-01",
    "0001-01-01", "9999-12-31", "2027-02-05 00:00:00", " 2027-02-05", "2027-2-5", 20270205,
    "2025-10-12 17:30:00", "2025-10-12 17:30:00.000000", "2025-10-12 17:30:00.123",
    "2025-10-12T17:30:00", "2025-10-12 24:00:00", "2025-10-12 23:59:60", "2025-10-12",
    "0000-01-01 00:00:00", "2025-13-12 17:30:00", "2025-10-12 17:30:00.00000x",
    "{}", "[]", "{\"a\": 1}", "NaN", "{", "null", json.dumps({"thresholds": {"due_soon_days": 9}}),
    json.dumps({"band_probability": {"healthy": 7}}),
    "champion", "champion,economic_buyer", "champion, economic_buyer", "champion,,end_user",
    "champion,wizard", ",", "champion\t", "econ omic_buyer", "high_touch", "qbr", "open", "30",
]  # fmt: skip


def _declared(model: type, column: str) -> str:
    from sqlalchemy.dialects import sqlite as dialect

    col = model.__table__.c[column]  # type: ignore[attr-defined]
    return str(col.type.compile(dialect=dialect.dialect()))


def _agree(value: object) -> None:
    """For every column: if Python rejects the stored value, the SQL filter flags it."""
    con = sqlite3.connect(":memory:")
    register(con)
    for model in ALL_TABLES:
        rules = rules_for(model)
        if rules.every_row:  # checked in Python, row by row, without the filter
            continue
        for rule in rules.columns:
            plain = replace(rule, reference=None)  # references are checked against books
            for declared in (_declared(model, rule.name), ""):  # the book, and a scratch copy
                con.execute(f'CREATE TABLE probe ("{rule.name}" {declared})')
                con.execute("INSERT INTO probe VALUES (?)", (value,))
                (stored,) = con.execute("SELECT * FROM probe").fetchone()
                (flagged,) = con.execute(
                    f"SELECT coalesce(({plain.condition('main')}), 0) FROM probe AS t"
                ).fetchone()
                con.execute("DROP TABLE probe")
                if plain.problem(stored) is not None:
                    assert flagged, (model.__tablename__, rule.name, declared, stored)
    con.close()


@pytest.mark.parametrize("value", PROBES, ids=repr)
def test_the_sql_filter_flags_every_value_python_rejects(value: object) -> None:
    _agree(value)


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        st.text(max_size=12),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=False),
        st.dates().map(dt.date.isoformat),
        st.datetimes().map(lambda d: d.isoformat(" ")),
        st.lists(st.sampled_from(["champion", "end_user", "x", " ", ""]), max_size=3).map(",".join),
    )
)
def test_the_sql_filter_flags_every_value_python_rejects_generated(value: object) -> None:
    _agree(value)


def test_a_book_of_an_older_format_is_checked_with_what_it_has(demo_path: Path) -> None:
    # An older format lacks tables and columns this version declares: nothing to check there.
    # (It has no search index either, whose triggers name the columns.)
    for name in search.triggers():
        write(demo_path, f"DROP TRIGGER {name}")
    write(demo_path, "ALTER TABLE account DROP COLUMN internal_notes")
    write(demo_path, "DROP TABLE feedback")
    assert found(demo_path) == []
    write(demo_path, "UPDATE account SET complexity = 7 WHERE id = 3")
    assert where(found(demo_path)) == {("account", 3, "complexity")}
