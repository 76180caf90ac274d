"""Long fields and bidirectional controls: a table cell shows the start of a very long field and
the whole text follows the table, so LibreOffice lays a 20,000-character field out in seconds;
no bidi override or isolate reaches a document."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from csm_desk.export import DOCUMENTS, export_document, write_handover_brief
from csm_desk.export.compose import Column, Composer, cell_limit
from csm_desk.models.bookfile import BookFile
from tests.conftest import TODAY
from tests.export.conftest import body_text
from tests.export.test_fuzz import _fill

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
LONG = ("Reconciliation of the settlement files, " * 600)[:20_000]
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_a_long_cell_is_shortened_and_printed_in_full_below_the_table(tmp_path: Path) -> None:
    doc = Composer(header_text="Header " + LONG, footer_text="Footer", internal=False)
    doc.table((Column("Metric", 1.0), Column("Detail", 3.0)), [["Auto-match rate", LONG]])
    out = doc.save(tmp_path / "long.docx")
    import docx

    document = docx.Document(str(out))
    cell = document.tables[0].rows[1].cells[1].text
    assert len(cell) < cell_limit(doc.content_width) + 40
    assert cell.endswith("… (in full below the table)")
    paragraphs = [p.text for p in document.paragraphs]
    assert "Detail (Auto-match rate), in full" in paragraphs
    assert LONG.strip() in paragraphs
    header = document.sections[0].header.paragraphs[0].text
    assert len(header) < 200 and header.endswith("…")


def test_no_bidi_control_reaches_any_document(
    sample_master: tuple[Path, int, tuple[int, ...]], tmp_path: Path
) -> None:
    path = tmp_path / "Sample.csmbook"
    shutil.copyfile(sample_master[0], path)
    northwind = sample_master[1]
    tricky = [f"evil{c}live" for c in BIDI_CONTROLS] + ["\u202eevil\u202c and \u2067isolated\u2069"]
    with BookFile.open(path) as book:
        _fill(book, northwind, tricky)
        written = [
            export_document(book, northwind, key, tmp_path / f"{key}.docx", as_of=TODAY)
            for key in DOCUMENTS
        ]
        written.append(write_handover_brief(book, tmp_path / "brief.docx", TODAY))
    for out in written:
        with zipfile.ZipFile(out) as package:
            for name in package.namelist():
                if name.endswith((".xml", ".rels")):
                    xml = package.read(name).decode("utf-8")
                    assert not set(xml) & set(BIDI_CONTROLS), f"{out.name}: {name}"
        assert "evillive" in body_text(out)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_success_plan_of_20000_character_fields_converts_within_a_minute(
    sample_master: tuple[Path, int, tuple[int, ...]], tmp_path: Path
) -> None:
    assert SOFFICE is not None
    path = tmp_path / "Sample.csmbook"
    shutil.copyfile(sample_master[0], path)
    northwind = sample_master[1]
    with BookFile.open(path) as book:
        _fill(book, northwind, [LONG])
        out = export_document(book, northwind, "success-plan", tmp_path / "plan.docx", as_of=TODAY)
    profile = tmp_path / "lo-profile"
    started = time.monotonic()
    # A session of its own, so a LibreOffice that hangs is stopped with all its processes.
    converter = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        converter.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(converter.pid, signal.SIGKILL)
        converter.wait()
        pytest.fail(f"LibreOffice did not finish within 60 s ({time.monotonic() - started:.0f} s)")
    pdf = tmp_path / "plan.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
