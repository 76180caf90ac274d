"""LibreOffice opens and lays out every document (converted to PDF, as a reader would print it)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from csm_desk.export import DOCUMENTS, export_document, write_handover_brief
from csm_desk.models.bookfile import BookFile

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TIMEOUT = 180

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def to_pdf(docs: list[Path], folder: Path) -> list[Path]:
    """Convert with a private LibreOffice profile, as a test must not touch the user's."""
    assert SOFFICE is not None
    profile = folder / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, docs),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return [folder / f"{d.stem}.pdf" for d in docs]


def test_every_document_converts_to_pdf(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    docs = [
        export_document(sample_book, northwind, key, tmp_path / f"{key}.docx", as_of=today)
        for key in DOCUMENTS
    ]
    docs.append(write_handover_brief(sample_book, tmp_path / "handover-brief.docx", today))
    for pdf in to_pdf(docs, tmp_path / "pdf"):
        assert pdf.exists(), f"LibreOffice did not convert {pdf.stem}"
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
        assert pages >= (3 if pdf.stem in ("success-plan", "account-brief") else 1), pdf.stem
