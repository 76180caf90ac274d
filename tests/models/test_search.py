"""Search everything: the FTS5 index of every free-text field follows every write (the Writer,
undo, deletes, a hand edit in sqlite3), is rebuilt when missing or damaged, and a person's query
never raises."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from csm_desk.models import search
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import Kind, specs_of
from csm_desk.models.ops import DeleteRow, InsertRow, SetFields
from csm_desk.models.tables import ACCOUNT_TABLES, Account
from csm_desk.models.writer import Writer

FIXTURE = Path(__file__).parent.parent / "data" / "first-schema.csmbook"


def hits(book: BookFile, text: str) -> list[search.Hit]:
    with book.read() as conn:
        return search.search(conn, text)


def where(book: BookFile, text: str) -> set[tuple[str, int, str]]:
    return {(h.table, h.row_id, h.column) for h in hits(book, text)}


def index_rows(book: BookFile) -> list[tuple[object, ...]]:
    with book.read() as conn:
        return sorted(
            conn.exec_driver_sql(
                "SELECT rowid, body, account_id, tbl, col, row_id FROM search_index"
            ).fetchall()
        )


def fresh_rows(book: BookFile) -> list[tuple[object, ...]]:
    """What a rebuild from the book's rows would hold (built in memory, the book unchanged)."""
    copy = sqlite3.connect(":memory:")
    with book.read() as conn:
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.backup(copy)
    search.rebuild(copy)
    return sorted(
        copy.execute("SELECT rowid, body, account_id, tbl, col, row_id FROM search_index")
    )


def test_the_indexed_columns_are_every_text_field_of_the_account_tables() -> None:
    expected = {
        (str(t.__tablename__), name)
        for t in (Account, *ACCOUNT_TABLES)
        for name, spec in specs_of(t).items()
        if spec.kind in (Kind.TEXT, Kind.LONGTEXT, Kind.LINES)
    }
    assert set(search.indexed_columns()) == expected
    assert ("meeting", "decisions") in expected
    assert ("risk", "mitigation") in expected
    assert ("kpi_reading", "note") in expected  # a row that names its account through its kpi


def test_writes_and_undos_through_the_writer_keep_the_index_in_step(
    empty_book: BookFile,
) -> None:
    writer = Writer(empty_book)
    op = InsertRow("account", {"name": "Acme"})
    writer.run(op)
    assert op.pk is not None
    account_id = int(op.pk["id"])
    note = InsertRow(
        "risk",
        {
            "account_id": account_id,
            "statement": "Champion leaving before the SSO rollout",
            "category": "stakeholder",
            "severity": "high",
            "likelihood": "high",
            "status": "open",
        },
    )
    writer.run(note)
    assert note.pk is not None
    risk_id = int(note.pk["id"])
    assert where(empty_book, "sso") == {("risk", risk_id, "statement")}
    [hit] = hits(empty_book, "sso rollout")
    assert (hit.account_id, hit.account) == (account_id, "Acme")
    assert hit.marked() == "Champion leaving before the [SSO] [rollout]"
    assert hit.label == "Risk · " + specs_of(search.TABLES["risk"])["statement"].label

    edit = SetFields("risk", {"id": risk_id}, {"statement": "Budget freeze in Q3"})
    writer.run(edit)
    assert where(empty_book, "sso") == set()
    assert where(empty_book, "budget") == {("risk", risk_id, "statement")}
    writer.undo(edit)
    assert where(empty_book, "budget") == set()
    assert where(empty_book, "sso") == {("risk", risk_id, "statement")}
    writer.undo(note)
    assert where(empty_book, "sso") == set()
    writer.run(note)
    assert where(empty_book, "sso") == {("risk", risk_id, "statement")}
    assert index_rows(empty_book) == fresh_rows(empty_book)


def test_a_deleted_account_takes_its_hits_with_it(demo_book: BookFile) -> None:
    found = hits(demo_book, "renewal")
    account_id = found[0].account_id
    assert any(h.account_id == account_id for h in found)
    Writer(demo_book).run(DeleteRow("account", {"id": account_id}))
    assert all(h.account_id != account_id for h in hits(demo_book, "renewal"))
    with demo_book.read() as conn:
        left = conn.exec_driver_sql(
            "SELECT count(*) FROM search_index WHERE account_id = ?", (account_id,)
        ).scalar()
    assert left == 0
    assert index_rows(demo_book) == fresh_rows(demo_book)


def test_the_demo_book_is_indexed_exactly(demo_book: BookFile) -> None:
    assert index_rows(demo_book) == fresh_rows(demo_book)
    assert len(index_rows(demo_book)) > 500


def test_a_hand_edit_in_sqlite3_is_seen(demo_path: Path) -> None:
    con = sqlite3.connect(demo_path)
    con.execute("UPDATE account SET internal_notes = 'Zanzibar office opening' WHERE id = 2")
    con.execute("DELETE FROM risk WHERE account_id = 3")
    con.commit()
    con.close()
    with BookFile.open(demo_path) as book:
        assert where(book, "zanzibar") == {("account", 2, "internal_notes")}
        assert all(h.table != "risk" or h.account_id != 3 for h in hits(book, "a"))
        assert index_rows(book) == fresh_rows(book)


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE search_index",
        "DELETE FROM search_index_data WHERE id > 10",
        "DROP TRIGGER search_risk_update",
        # Another version's trigger: the index follows this version's fields instead.
        "DROP TRIGGER search_risk_update; CREATE TRIGGER search_risk_update AFTER UPDATE ON "
        "risk BEGIN SELECT 1; END",
    ],
)
def test_a_missing_or_broken_index_is_rebuilt_on_open(demo_path: Path, damage: str) -> None:
    con = sqlite3.connect(demo_path)
    con.executescript(damage)
    con.commit()
    con.close()
    with BookFile.open(demo_path) as book:
        with book.read() as conn:
            assert search.index_problem(conn) is None
        assert index_rows(book) == fresh_rows(book)
        assert hits(book, "renewal")


def test_a_book_of_the_first_format_migrates_and_is_searchable(tmp_path: Path) -> None:
    path = tmp_path / "old.csmbook"
    shutil.copyfile(FIXTURE, path)
    with BookFile.open(path) as book:
        with book.read() as conn:
            assert search.index_problem(conn) is None
            name = conn.exec_driver_sql("SELECT name FROM account ORDER BY id").scalar()
        assert name
        word = str(name).split()[0]
        assert any(h.table == "account" and h.column == "name" for h in hits(book, word))
        assert index_rows(book) == fresh_rows(book)


def test_accents_and_umlauts_match_with_or_without_them(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    writer.run(InsertRow("account", {"name": "Café München", "industry": "Résumé services"}))
    assert where(empty_book, "munchen") == {("account", 1, "name")}
    assert where(empty_book, "MÜNCHEN") == {("account", 1, "name")}
    assert where(empty_book, "cafe") == {("account", 1, "name")}
    assert where(empty_book, "résumé") == {("account", 1, "industry")}
    assert where(empty_book, "resume") == {("account", 1, "industry")}


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"unbalanced',
        "*",
        "sso*",
        "-sso",
        "body:sso",
        "tbl:risk",
        "(sso",
        "sso)",
        "AND",
        "OR sso",
        "NOT",
        "NEAR(sso renewal)",
        "^sso",
        "sso + renewal",
        "{sso}",
        "'; DROP TABLE account; --",
        "\x00",
        "—",
    ],
)
def test_whatever_a_person_types_never_raises(demo_book: BookFile, typed: str) -> None:
    hits(demo_book, typed)


def test_syntax_is_searched_as_text(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    writer.run(InsertRow("account", {"name": "Acme", "internal_notes": "Not now: AND later"}))
    assert where(empty_book, "not") == {("account", 1, "internal_notes")}
    assert where(empty_book, "AND later") == {("account", 1, "internal_notes")}
    assert where(empty_book, "now:") == {("account", 1, "internal_notes")}
    assert where(empty_book, "Acme OR never") == set()  # every word must be there


@pytest.mark.parametrize("typed", ["", "   ", "\t\n", '""', "* - :"])
def test_an_empty_query_finds_nothing(demo_book: BookFile, typed: str) -> None:
    assert search.match_expression(typed) is None
    assert hits(demo_book, typed) == []


def test_hits_are_ranked_best_first(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    writer.run(InsertRow("account", {"name": "Acme", "internal_notes": "one mention of sso"}))
    writer.run(InsertRow("account", {"name": "Beta", "internal_notes": "sso sso sso"}))
    found = hits(empty_book, "sso")
    assert [h.account for h in found] == ["Beta", "Acme"]
    assert found[0].rank <= found[1].rank


def test_an_edit_of_other_columns_leaves_the_index_alone(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    writer.run(InsertRow("account", {"name": "Acme", "internal_notes": "Quiet one"}))
    with empty_book.read() as conn:
        before = conn.exec_driver_sql("SELECT count(*) FROM search_index_data").scalar()
    writer.run(SetFields("account", {"id": 1}, {"arr": 99_000.0}))
    with empty_book.read() as conn:
        after = conn.exec_driver_sql("SELECT count(*) FROM search_index_data").scalar()
    assert after == before
    assert where(empty_book, "quiet") == {("account", 1, "internal_notes")}


def test_a_search_trigger_damaged_into_bytes_that_are_not_text_is_replaced(
    demo_path: Path,
) -> None:
    """The triggers are derived: one whose text can no longer be read is put back on open."""
    con = sqlite3.connect(demo_path)
    name = "search_cadence_item_update"
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    con.execute("PRAGMA writable_schema = ON")
    con.execute(
        "UPDATE sqlite_master SET sql = CAST(? AS TEXT) WHERE name = ?",
        (sql.encode().replace(b"search_index", b"search_inde\xf8", 1), name),
    )
    con.commit()
    con.close()
    with BookFile.open(demo_path) as book, book.engine.connect() as conn:
        assert search.index_problem(conn) is None
