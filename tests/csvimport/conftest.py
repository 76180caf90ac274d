"""Fixtures for the CSV import tests: files written byte for byte, a small book, table hashes."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import Batch, InsertRow
from csm_desk.models.writer import Writer
from tests.conftest import TODAY
from tests.dumps import content_tables
from tests.dumps import rows_of as stored_rows

WriteCsv = Callable[..., Path]

ACCOUNTS: list[dict[str, Any]] = [
    {"name": "Acme Corp", "crm_id": "001A", "arr": 120_000.0, "segment": "high_touch"},
    {"name": "Beta Bank", "crm_id": "001B", "arr": 40_000.0, "segment": "low_touch"},
    {"name": "Gamma Health", "crm_id": None, "arr": 9_000.0, "segment": "tech_touch"},
]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write ``text`` (or raw ``data``) to a file in the test's folder; returns its path."""

    def write(
        text: str | None = None,
        name: str = "import.csv",
        *,
        encoding: str = "utf-8",
        data: bytes | None = None,
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(data if data is not None else (text or "").encode(encoding))
        return path

    return write


@pytest.fixture(scope="session")
def book_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book with three accounts (the last without a CRM id), written once per session."""
    path = tmp_path_factory.mktemp("master") / "Book.csmbook"
    previous = os.environ.get("CSM_DESK_TODAY")
    os.environ["CSM_DESK_TODAY"] = TODAY.isoformat()
    try:
        book = BookFile.create(path, owner="Test Owner")
        Writer(book).run(Batch("accounts", [InsertRow("account", a) for a in ACCOUNTS]))
        book.close()
    finally:
        if previous is None:
            os.environ.pop("CSM_DESK_TODAY", None)
        else:
            os.environ["CSM_DESK_TODAY"] = previous
    return path


@pytest.fixture
def book(book_master: Path, tmp_path: Path) -> Iterator[BookFile]:
    """A private copy of the three-account book, open."""
    target = tmp_path / "Book.csmbook"
    shutil.copyfile(book_master, target)
    book = BookFile.open(target)
    yield book
    book.close()


def table_hashes(path: Path) -> dict[str, str]:
    """A hash of every content table's rows, read straight from the file."""
    con = sqlite3.connect(path)
    try:
        return {
            name: hashlib.sha256(repr(stored_rows(con, name)).encode()).hexdigest()
            for name in content_tables(con)
        }
    finally:
        con.close()


@pytest.fixture
def hashes() -> Callable[[Path], dict[str, str]]:
    return table_hashes


def rows_of(book: BookFile, sql: str) -> list[tuple[Any, ...]]:
    with book.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql).all()]


@pytest.fixture
def query() -> Callable[[BookFile, str], list[tuple[Any, ...]]]:
    return rows_of
