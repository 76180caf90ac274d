"""Every document of the demo book's Northwind Payments, and the demo book's hand-over brief,
reads word for word as the text kept under ``tests/data/document-text``.

A change meant to alter what a document says updates the kept text on purpose:
``CSM_DESK_KEEP_DOCUMENT_TEXT=1 pytest tests/export/test_document_text.py`` writes it again.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csm_desk.export import DOCUMENTS, export_document, write_handover_brief
from csm_desk.models.bookfile import BookFile
from tests.conftest import TODAY
from tests.export.conftest import body_text

KEPT = Path(__file__).resolve().parents[1] / "data" / "document-text"
REWRITE = os.environ.get("CSM_DESK_KEEP_DOCUMENT_TEXT") == "1"


def _compare(name: str, written: Path) -> None:
    text = body_text(written) + "\n"
    kept = KEPT / f"{name}.txt"
    if REWRITE:
        kept.write_text(text, encoding="utf-8")
    assert text == kept.read_text(encoding="utf-8"), name


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_each_document_of_northwind_reads_as_kept(
    key: str, demo_book: BookFile, demo_northwind: int, tmp_path: Path
) -> None:
    out = export_document(
        demo_book, demo_northwind, key, tmp_path / f"{key}.docx", as_of=TODAY, allow_incomplete=True
    )
    _compare(key, out)


def test_the_handover_brief_reads_as_kept(demo_book: BookFile, tmp_path: Path) -> None:
    out = write_handover_brief(demo_book, tmp_path / "brief.docx", TODAY, successor="Jamie Chen")
    _compare("handover-brief", out)
