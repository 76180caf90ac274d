"""Fixtures for the export tests: the sample book (written once, copied per test) and helpers
that read a written .docx back."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel

from csm_desk.models import rowdata
from csm_desk.models.bookfile import BookFile
from tests.conftest import TODAY
from tests.export.northwind import build_sample_book

BOOK_LEVEL = ("book", "handover_log")


@pytest.fixture(scope="session")
def sample_master(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, tuple[int, ...]]:
    folder = tmp_path_factory.mktemp("sample")
    previous = os.environ.get("CSM_DESK_HOME")
    os.environ["CSM_DESK_HOME"] = str(folder / "home")
    try:
        sample = build_sample_book(folder / "Sample.csmbook", TODAY)
        ids = (sample.northwind, sample.others)
        sample.book.close()
    finally:
        if previous is None:
            os.environ.pop("CSM_DESK_HOME", None)
        else:
            os.environ["CSM_DESK_HOME"] = previous
    return folder / "Sample.csmbook", ids[0], ids[1]


@pytest.fixture
def sample_path(sample_master: tuple[Path, int, tuple[int, ...]], tmp_path: Path) -> Path:
    target = tmp_path / "Sample.csmbook"
    shutil.copyfile(sample_master[0], target)
    return target


@pytest.fixture
def sample_book(sample_path: Path) -> Iterator[BookFile]:
    book = BookFile.open(sample_path)
    yield book
    book.close()


@pytest.fixture
def northwind(sample_master: tuple[Path, int, tuple[int, ...]]) -> int:
    return sample_master[1]


@pytest.fixture
def other_accounts(sample_master: tuple[Path, int, tuple[int, ...]]) -> tuple[int, ...]:
    return sample_master[2]


def account_rows(book: BookFile, account_id: int, table: type[SQLModel]) -> list[dict[str, Any]]:
    """The rows of ``table`` that belong to the account (all rows of a book-level table)."""
    name = str(table.__tablename__)
    core = rowdata.table(name)
    query = core.select()
    if name == "account":
        query = query.where(core.c.id == account_id)
    elif "account_id" in core.c:
        query = query.where(core.c.account_id == account_id)
    elif name not in BOOK_LEVEL:
        return []
    with book.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def package_text(path: Path) -> dict[str, str]:
    """Every XML (and .rels) part of a .docx, decoded."""
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def body_text(path: Path) -> str:
    """The visible text of a document's body, headers and footers, with python-docx."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


@pytest.fixture
def demo_northwind(demo_book: BookFile) -> int:
    """The demo book's fully worked FinTech account."""
    from csm_desk.export.cli import find_account

    account_id, _name = find_account(demo_book, "Northwind Payments")
    return account_id
