"""Hand-over copies and `check`: verified, self-contained, and the source untouched."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from csm_desk.models.bookfile import SCHEMA_VERSION, BookError, BookFile, DamagedBookError
from csm_desk.models.tables import ALL_TABLES

FIXTURE = Path(__file__).parent.parent / "data" / "first-schema.csmbook"


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {
            t.__tablename__: sorted(
                con.execute(f'SELECT * FROM "{t.__tablename__}"').fetchall(), key=repr
            )
            for t in ALL_TABLES
        }
    finally:
        con.close()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "src" / "Mine.csmbook"
    path.parent.mkdir()
    shutil.copyfile(FIXTURE, path)
    return path


def test_handover_copy_is_verified_and_equal_row_for_row(source: Path, tmp_path: Path) -> None:
    BookFile.open(source).close()  # the kept first-schema book, migrated to the current schema
    before = rows(source)
    out = tmp_path / "out" / "For Jo.csmbook"
    out.parent.mkdir()
    with BookFile.open(source) as book:
        written = book.handover_copy(out, to_owner="Jo Park", note="Good luck")
    assert written == out
    assert sorted(p.name for p in out.parent.iterdir()) == ["For Jo.csmbook"]
    copy = rows(out)
    for name, source_rows in before.items():
        if name in ("book", "handover_log"):
            continue
        if name == "book_meta":
            # The copy is a book of its own: a new lineage for its journal marker.
            source_lineage = [r for r in source_rows if r[0] == "journal"]
            copy_lineage = [r for r in copy[name] if r[0] == "journal"]
            assert copy_lineage and copy_lineage != source_lineage
            source_rows = [r for r in source_rows if r[0] != "journal"]
            copy[name] = [r for r in copy[name] if r[0] != "journal"]
        assert copy[name] == source_rows, name
    assert rows(source) == before, "the source book's rows are unchanged"
    con = sqlite3.connect(out)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    log = con.execute("SELECT from_owner, to_owner, note FROM handover_log").fetchall()
    assert log == [("Robin Field", "Jo Park", "Good luck")]
    assert con.execute("SELECT owner FROM book").fetchone()[0] == "Jo Park"
    con.close()
    with BookFile.open(out) as successor:
        assert successor.check().ok
        assert successor.book_row().owner == "Jo Park"


def test_handover_refuses_to_overwrite(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "taken.csmbook"
    out.write_bytes(b"precious")
    with BookFile.open(source) as book, pytest.raises(BookError, match="already exists"):
        book.handover_copy(out, to_owner="Jo")
    assert out.read_bytes() == b"precious"


def test_check_reports_counts_and_integrity(source: Path) -> None:
    with BookFile.open(source) as book:
        report = book.check()
    assert report.ok
    assert report.integrity == "ok"
    assert report.schema_version == SCHEMA_VERSION
    assert report.counts["account"] == 1 and report.counts["stakeholder"] == 1


def test_check_finds_a_damaged_book(source: Path) -> None:
    """Damage inside a table page (header intact): opening refuses it, `check` reports it."""
    BookFile.open(source).close()  # at the current schema, so opening needs no migration
    con = sqlite3.connect(source)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'stakeholder'").fetchone()[
        0
    ]
    con.close()
    data = bytearray(source.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + 200] = b"\xff" * 192
    source.write_bytes(bytes(data))
    with pytest.raises(DamagedBookError, match="is damaged"):
        BookFile.open(source)
    with BookFile.open(source, verify=False) as book:
        report = book.check()
    assert not report.ok
    assert report.integrity != "ok"
    assert report.counts["account"] == 1
