"""Document properties: title, author and last editor are the book's owner; nothing else."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest

from csm_desk.export import DOCUMENTS, export_document, write_handover_brief
from csm_desk.models.bookfile import BookFile

EMPTY_PROPERTIES = (
    "subject",
    "keywords",
    "comments",
    "category",
    "content_status",
    "identifier",
    "language",
    "version",
)


def _check(path: Path, title: str, owner: str) -> None:
    props = docx.Document(str(path)).core_properties
    assert props.title == title
    assert props.author == owner
    assert props.last_modified_by == owner
    assert props.revision == 1
    assert props.created is not None
    created = props.created.replace(tzinfo=dt.UTC)
    assert abs((dt.datetime.now(dt.UTC) - created).total_seconds()) < 600
    for name in EMPTY_PROPERTIES:
        assert not getattr(props, name), name
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        app = package.read("docProps/app.xml").decode()
        core = package.read("docProps/core.xml").decode()
    assert "python-docx" not in core and "CSM Desk" not in core
    for tag in ("Application", "Company", "Template", "Manager", "AppVersion"):
        assert tag not in app
    assert "docProps/custom.xml" not in names
    assert "word/comments.xml" not in names
    assert not any(n.startswith(("customXml/", "docProps/thumbnail")) for n in names)


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_properties_of_each_document(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path, document: str
) -> None:
    out = export_document(sample_book, northwind, document, tmp_path / "d.docx", as_of=today)
    title = docx.Document(str(out)).core_properties.title
    assert title.endswith(" — Northwind Payments")
    assert title.split(" — ")[0] in (DOCUMENTS[document].title, "Quarterly business review")
    _check(out, title, "Maya Lindqvist")


def test_properties_of_the_handover_brief(
    sample_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    out = write_handover_brief(sample_book, tmp_path / "brief.docx", today)
    _check(out, "Hand-over brief — Maya Lindqvist's book", "Maya Lindqvist")
