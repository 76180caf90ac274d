"""The mutual plans carry a version, a date, a next review and an acceptance block; the company
name and both logos come from the book's settings; the renewal plan says what renews."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from csm_desk.engine.settings import BookSettings
from csm_desk.export import export_document
from csm_desk.export.cli import run_export
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import SetFields
from csm_desk.models.writer import Writer
from tests.export.conftest import body_text

SIGNED = ("success-plan", "onboarding-plan", "renewal-plan")


def _png(path: Path, colour: str) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), colour).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _set(book: BookFile, **changes: object) -> None:
    settings = book.settings().with_changes(**changes)
    Writer(book).run(
        SetFields("book", {"id": 1}, {"settings_json": json.dumps(settings.to_json())})
    )


@pytest.mark.parametrize("document", SIGNED)
def test_plans_have_version_date_next_review_and_acceptance(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path, document: str
) -> None:
    out = export_document(sample_book, northwind, document, tmp_path / "p.docx", as_of=today)
    text = body_text(out)
    for label in ("Version", "Date of this document", "Next review", "Acceptance"):
        assert label in text, label
    assert "For Northwind Payments" in text and "For our team" in text
    assert text.count("________") >= 4  # signature and date lines for both sides
    assert "Maya Lindqvist" in text
    # The acceptance block is the last thing in the document.
    paragraphs = [p for p in text.split("\n") if p.strip()]
    assert text.rfind("Acceptance") > text.rfind("To agree together")
    assert paragraphs


def test_qbr_and_recap_have_no_acceptance_block(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    for document in ("qbr", "recap"):
        out = export_document(
            sample_book, northwind, document, tmp_path / f"{document}.docx", as_of=today
        )
        assert "Acceptance" not in body_text(out)


def test_company_name_and_logos_from_the_settings(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    vendor = _png(tmp_path / "acme.png", "navy")
    customer = _png(tmp_path / "northwind.png", "teal")
    _set(
        sample_book,
        vendor_name="Acme Reconciliation",
        vendor_logo=str(vendor),
        customer_logos={"northwind payments": str(customer)},
    )
    warnings: list[str] = []
    out = export_document(
        sample_book,
        northwind,
        "success-plan",
        tmp_path / "p.docx",
        as_of=today,
        warn=warnings.append,
    )
    assert warnings == []
    text = body_text(out)
    assert "Acme Reconciliation commits to" in text
    assert "Maya Lindqvist of Acme Reconciliation" in text
    assert "For Acme Reconciliation" in text
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode()
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert 'descr="Company logo"' in body and 'descr="Customer logo"' in body
    assert len(media) >= 3  # two logos and the metrics chart
    # The logos are on the cover: before the title.
    assert body.index('descr="Company logo"') < body.index("Joint success plan")


def test_a_missing_or_broken_logo_is_a_warning_not_a_crash(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image at all")
    _set(
        sample_book,
        vendor_logo=str(tmp_path / "nowhere.png"),
        customer_logos={"Northwind Payments": str(broken)},
    )
    warnings: list[str] = []
    out = export_document(
        sample_book, northwind, "qbr", tmp_path / "q.docx", as_of=today, warn=warnings.append
    )
    assert out.exists()
    assert len(warnings) == 2
    assert "nowhere.png was not found" in warnings[0]
    assert "broken.png is not a PNG, JPEG, GIF or BMP image" in warnings[1]
    assert "Logo" not in zipfile.ZipFile(out).read("word/document.xml").decode()


def test_cli_prints_a_warning_line_for_a_missing_logo(
    sample_path: Path, today: dt.date, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    with BookFile.open(sample_path) as book:
        _set(book, vendor_logo=str(tmp_path / "gone.png"))
    args = argparse.Namespace(
        account="Northwind Payments", document="recap", output=str(tmp_path / "r.docx")
    )
    assert run_export(args, sample_path, today) == 0
    err = capsys.readouterr().err
    assert "csm-desk: warning: The company logo" in err and "gone.png was not found" in err


def test_renewal_plan_states_what_renews(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "renewal-plan", tmp_path / "a.docx", as_of=today)
    text = body_text(out)
    assert "What renews" in text
    assert "Next term" in text and "15 January 2027" in text
    assert "500 licensed seats" in text  # the latest licensed-seats reading
    assert "Price" not in text  # not shared unless the CSM says so
    _set(sample_book, share_renewal_price=True)
    out = export_document(sample_book, northwind, "renewal-plan", tmp_path / "b.docx", as_of=today)
    text = body_text(out)
    assert "Price" in text and "a year" in text


def test_document_settings_round_trip_and_default() -> None:
    settings = BookSettings().with_changes(
        vendor_name="Acme", vendor_logo="/x.png", customer_logos={"A": "/a.png"}
    )
    again = BookSettings.from_json(json.loads(json.dumps(settings.to_json())))
    assert again.vendor_name == "Acme" and again.vendor_logo == "/x.png"
    assert again.customer_logo(" a ") == "/a.png"
    assert not again.share_renewal_price
    assert BookSettings.from_json({"documents": "junk"}).vendor_name == ""


def test_a_renewal_step_past_its_due_date_is_overdue(
    sample_book: BookFile, northwind: int, tmp_path: Path
) -> None:
    import docx

    # As of 1 December, "Share the value summary" (due 28 November, not done) is overdue.
    out = export_document(
        sample_book, northwind, "renewal-plan", tmp_path / "r.docx", as_of=dt.date(2026, 12, 1)
    )
    rows = {
        r.cells[0].text: r.cells[-1].text
        for t in docx.Document(str(out)).tables
        for r in t.rows
        if t.rows[0].cells[0].text == "Step"
    }
    assert rows["Share the value summary"] == "Overdue"
    assert rows["Send the renewal proposal"] == "Open"
    assert rows["Book the value review"] == "Done"
