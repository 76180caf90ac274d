"""Salvage: every readable, usable row of a damaged book copied into a new book that checks OK."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from damaging import allow_null, leaf_pages, rowids, write, zero_page

from csm_desk.models.bookcheck import check_book
from csm_desk.models.bookfile import BookError, MissingBookError, NotABookError
from csm_desk.models.damage import find_damage
from csm_desk.models.salvage import salvage
from csm_desk.models.tables import ALL_TABLES


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {
            str(m.__tablename__): con.execute(
                f'SELECT count(*) FROM "{m.__tablename__}"'
            ).fetchone()[0]
            for m in ALL_TABLES
        }
    finally:
        con.close()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def value(path: Path, sql: str) -> object:
    found = rows(path, sql)
    return found[0][0] if found else None


def test_a_sound_book_is_copied_whole(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "Copy.csmbook"
    report = salvage(demo_path, out)
    assert report.complete
    assert report.rows_copied == sum(counts(demo_path).values()) > 1000
    assert counts(out) == counts(demo_path)
    assert check_book(out).ok


def test_a_zeroed_page_loses_only_its_rows(demo_path: Path, tmp_path: Path) -> None:
    people = rowids(demo_path, "stakeholder")
    attendees = rowids(demo_path, "meeting_attendee")
    zero_page(demo_path, leaf_pages(demo_path, "stakeholder")[1])
    before = digest(demo_path)
    con = sqlite3.connect(demo_path)
    with pytest.raises(BookError):
        find_damage(con)
    con.close()
    out = tmp_path / "Salvaged.csmbook"

    report = salvage(demo_path, out)

    lost = people - rowids(out, "stakeholder")
    assert lost and len(lost) < len(people)
    assert sorted(lost) == report.table("stakeholder").unreadable
    first, last = min(lost), max(lost)
    assert lost == set(range(first, last + 1))  # one page: consecutive ids
    text = str(report)
    assert (
        f"table stakeholder, rows {first}–{last}: unreadable (database disk image is malformed)"
        in text
    )
    # Who attended a meeting goes with the person; everything else is whole.
    gone = attendees - rowids(out, "meeting_attendee")
    assert gone and report.table("meeting_attendee").lost == len(gone)
    assert "refers to a lost or missing stakeholder" in text
    assert counts(out)["account"] == counts(demo_path)["account"]
    assert counts(out)["signal_reading"] == counts(demo_path)["signal_reading"]
    assert report.rows_lost == len(lost) + sum(
        t.lost for t in report.tables if t.table != "stakeholder"
    )

    assert check_book(out).ok
    assert digest(demo_path) == before  # the damaged book is only read
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Demo.csmbook", "Salvaged.csmbook"]


def test_a_table_without_an_index_says_its_rows_are_unknown(
    demo_path: Path, tmp_path: Path
) -> None:
    (page,) = leaf_pages(demo_path, "handover_log")
    zero_page(demo_path, page)
    report = salvage(demo_path, tmp_path / "Out.csmbook")
    log = report.table("handover_log")
    assert log.copied == 0 and log.unreadable_spans
    assert "table handover_log, every row: unreadable" in str(report)
    assert "an unknown number more" in str(report).splitlines()[0]
    assert check_book(tmp_path / "Out.csmbook").ok


def test_bad_values_are_cleared_and_rows_without_a_required_value_dropped(
    demo_path: Path, tmp_path: Path
) -> None:
    allow_null(demo_path, "account", "name")
    write(demo_path, "UPDATE account SET name = NULL WHERE id = 5")
    write(demo_path, "UPDATE account SET renewal_date = '2027-02-30' WHERE id = 2")
    write(demo_path, "UPDATE account SET arr = 'lots' WHERE id = 4")
    write(demo_path, "UPDATE stakeholder SET influence = 9 WHERE id = 1")
    write(demo_path, "UPDATE health_override SET value = 500 WHERE id = 1")
    write(demo_path, "UPDATE book SET settings_json = '{not json'")
    write(demo_path, "UPDATE stakeholder_link SET to_id = 9999 WHERE id = 1")
    children = value(demo_path, "SELECT count(*) FROM stakeholder WHERE account_id = 5")
    assert children
    out = tmp_path / "Out.csmbook"

    report = salvage(demo_path, out)

    con = sqlite3.connect(out)
    assert find_damage(con) == []
    con.close()
    assert check_book(out).ok
    assert value(out, "SELECT renewal_date FROM account WHERE id = 2") is None
    assert value(out, "SELECT arr FROM account WHERE id = 4") == 0.0
    assert value(out, "SELECT influence FROM stakeholder WHERE id = 1") is None
    assert value(out, "SELECT value FROM health_override WHERE id = 1") is None
    assert value(out, "SELECT settings_json FROM book") == "{}"
    assert value(out, "SELECT count(*) FROM account WHERE id = 5") == 0
    assert value(out, "SELECT count(*) FROM stakeholder WHERE account_id = 5") == 0
    assert value(out, "SELECT count(*) FROM stakeholder_link WHERE id = 1") == 0
    assert report.table("account").lost == 1
    assert report.table("account").copied == counts(demo_path)["account"] - 1
    assert report.table("stakeholder").lost == children
    assert len(report.table("account").cleared) == 2
    text = str(report)
    assert (
        'table account, row 5: dropped: column "name": NULL is not allowed: a value is required'
        in text
    )
    assert (
        "table account, row 2, column \"renewal_date\": '2027-02-30' is not a date (YYYY-MM-DD); "
        "now empty" in text
    )
    assert (
        "table account, row 4, column \"arr\": 'lots' is not a number; now 0.0 (the default)"
        in text
    )
    assert "refers to a lost or missing account" in text


def test_it_refuses_to_overwrite_and_leaves_nothing_when_it_fails(
    demo_path: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "Taken.csmbook"
    taken.write_text("mine")
    with pytest.raises(BookError, match="already exists"):
        salvage(demo_path, taken)
    assert taken.read_text() == "mine"
    with pytest.raises(MissingBookError):
        salvage(tmp_path / "none.csmbook", tmp_path / "Out.csmbook")
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(NotABookError):
        salvage(other, tmp_path / "Out.csmbook")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "Demo.csmbook",
        "Taken.csmbook",
        "other.db",
    ]


def test_a_repeated_crm_id_is_cleared_not_the_account_dropped(
    demo_path: Path, tmp_path: Path
) -> None:
    # A damaged schema no longer holds crm_id unique, and a second account took account 1's.
    con = sqlite3.connect(demo_path)
    (sql,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'account'").fetchone()
    con.execute("PRAGMA writable_schema = ON")
    con.execute(
        "UPDATE sqlite_master SET sql = ? WHERE name = 'account'",
        (sql.replace(", \n\tUNIQUE (crm_id)", ""),),
    )
    con.execute("DELETE FROM sqlite_master WHERE name = 'sqlite_autoindex_account_1'")
    con.commit()
    con.close()
    write(
        demo_path,
        "UPDATE account SET crm_id = (SELECT crm_id FROM account WHERE id = 1) WHERE id = 3",
    )
    out = tmp_path / "Out.csmbook"

    report = salvage(demo_path, out)

    assert counts(out)["account"] == counts(demo_path)["account"]
    assert value(out, "SELECT crm_id FROM account WHERE id = 3") is None
    assert value(out, "SELECT crm_id FROM account WHERE id = 1") is not None
    assert 'table account, row 3, column "crm_id": ' in str(report)
    assert "repeats the crm_id of row 1; now empty" in str(report)
    assert check_book(out).ok


def test_a_truncated_book_gives_up_only_what_is_missing(demo_path: Path, tmp_path: Path) -> None:
    con = sqlite3.connect(demo_path)
    (pages,) = con.execute("PRAGMA page_count").fetchone()
    (size,) = con.execute("PRAGMA page_size").fetchone()
    con.close()
    with demo_path.open("r+b") as handle:
        handle.truncate(size * (pages - 8))
    out = tmp_path / "Out.csmbook"

    report = salvage(demo_path, out)

    assert report.rows_copied > 1000
    assert not report.complete
    assert check_book(out).ok


def test_a_reference_to_another_accounts_row_is_cleared_or_dropped(
    demo_path: Path, tmp_path: Path
) -> None:
    kpi, account = rows(demo_path, "SELECT id, account_id FROM kpi LIMIT 1")[0]
    other = value(demo_path, f"SELECT id FROM objective WHERE account_id <> {account} LIMIT 1")
    link, link_account = rows(demo_path, "SELECT id, account_id FROM stakeholder_link LIMIT 1")[0]
    stranger = value(
        demo_path, f"SELECT id FROM stakeholder WHERE account_id <> {link_account} LIMIT 1"
    )
    write(demo_path, "UPDATE kpi SET objective_id = ? WHERE id = ?", (other, kpi))
    write(demo_path, "UPDATE stakeholder_link SET to_id = ? WHERE id = ?", (stranger, link))
    out = tmp_path / "Out.csmbook"

    report = salvage(demo_path, out)

    assert value(out, f"SELECT objective_id FROM kpi WHERE id = {kpi}") is None
    assert value(out, f"SELECT count(*) FROM stakeholder_link WHERE id = {link}") == 0
    assert f"refers to objective {other} of another account; now empty" in str(report)
    assert f"refers to stakeholder {stranger} of another account" in str(report)
    assert check_book(out).ok
