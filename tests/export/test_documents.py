"""Every document of an account: written, re-opened, with the right content and page furniture."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from csm_desk.export import DOCUMENTS, ExportError, export_document
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import InsertRow
from csm_desk.models.writer import Writer
from tests.export.conftest import body_text, package_text

EXPECTED = {
    "success-plan": [
        "Joint success plan",
        "Reconciliation cycle time",
        "Primary goal",
        "If my team can stop living in spreadsheets",
        "Escalation path",
        "Elena Sokolova, Director of Finance Systems",
        "Our team commits to",
    ],
    "onboarding-plan": [
        "What “live” means",
        "First automated month-end reconciliation",
        "Depends on",
        "Go-live",
        "31 Mar 2026",
    ],
    "recap": [
        "Check-in after the change of programme owner",
        "Elena Sokolova, Director of Finance Systems",
        "Elena acts as programme owner until a permanent owner is named",
        "Send the interim contact plan",
        "Who owns APAC reconciliation",
    ],
    "qbr": [
        "Quarterly business review",
        "Q3 2026",
        "Seat utilisation",
        "Who owns APAC",
        "Usage in the APAC team has dipped",
    ],
    "renewal-plan": [
        "Renewal on 15 January 2027",
        "12 Jan 2027 — order form signed",
        "84% of transactions matched automatically",
        "Send the renewal proposal",
        "$102,000",
    ],
    "account-brief": [
        "Account brief",
        "NW-4471",
        "Risk register",
        "Aisha Rahman",
        "Treasury forecasting module",
        "Alerts and what to do",
        "Sales handoff",
        "Set by hand",
    ],
    "renewal-strategy": [
        "Renewal strategy",
        "70%",
        "Price increase on renewal",
        "Executive sponsor call from our VP",
        "Present the renewal proposal",
    ],
}


def test_documents_list_is_the_contract() -> None:
    assert list(DOCUMENTS) == [
        "success-plan",
        "onboarding-plan",
        "recap",
        "qbr",
        "renewal-plan",
        "account-brief",
        "renewal-strategy",
    ]
    assert {k for k, s in DOCUMENTS.items() if s.audience == "internal"} == {
        "account-brief",
        "renewal-strategy",
    }
    assert [k for k, s in DOCUMENTS.items() if s.needs_meeting] == ["recap"]
    assert all(s.title and s.description for s in DOCUMENTS.values())


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_every_document_is_written_and_reopens(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path, document: str
) -> None:
    steps: list[tuple[int, int]] = []
    out = export_document(
        sample_book,
        northwind,
        document,
        tmp_path / f"{document}.docx",
        as_of=today,
        progress=lambda done, total: steps.append((done, total)),
    )
    text = body_text(out)
    for expected in EXPECTED[document]:
        assert expected in text, expected
    internal = DOCUMENTS[document].audience == "internal"
    header = "\n".join(p.text for p in docx.Document(str(out)).sections[0].header.paragraphs)
    assert ("Internal — do not share" in header) is internal
    parts = package_text(out)
    # One section with one header: the marking is on every page, the first included.
    assert parts["word/document.xml"].count("<w:sectPr") == 1
    assert "titlePg" not in parts["word/document.xml"]
    assert [n for n in parts if n.startswith("word/header")] == ["word/header1.xml"]
    footer = parts["word/footer1.xml"]
    assert "NUMPAGES" in footer and " PAGE " in footer
    # A QBR is as of its review's date (24 September), every other document as of today.
    dated = "24 September 2026" if document == "qbr" else "22 November 2026"
    assert (f"Prepared for Northwind Payments · {dated}" in footer) is not internal
    # Progress goes forward and ends complete.
    assert steps[-1][0] == steps[-1][1]
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert not list(tmp_path.glob("*.partial"))


def test_tables_repeat_their_header_and_keep_rows_whole(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    body = package_text(out)["word/document.xml"]
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", body, flags=re.S)
    data_tables = [t for t in tables if "CSMTable" in t]
    assert len(data_tables) >= 5
    for table in data_tables:
        rows = re.findall(r"<w:tr>.*?</w:tr>", table, flags=re.S)
        assert "<w:tblHeader/>" in rows[0]
        assert all("<w:cantSplit/>" in r for r in rows)


def test_long_rows_may_break_rather_than_be_clipped(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    long = "y" * 700
    Writer(sample_book).run(
        InsertRow(
            "cadence_item",
            {"account_id": northwind, "touchpoint": long, "frequency": long, "channel": long},
        )
    )
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    body = package_text(out)["word/document.xml"]
    row = next(r for r in re.findall(r"<w:tr>.*?</w:tr>", body, flags=re.S) if long[:200] in r)
    assert "<w:cantSplit/>" not in row


def test_a_cell_too_long_for_a_page_is_printed_in_full_below_its_table(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    Writer(sample_book).run(
        InsertRow("cadence_item", {"account_id": northwind, "touchpoint": "x" * 5000})
    )
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    body = package_text(out)["word/document.xml"]
    row = next(r for r in re.findall(r"<w:tr>.*?</w:tr>", body, flags=re.S) if "x" * 500 in r)
    assert "x" * 5000 not in row and "in full below the table" in row
    assert "x" * 5000 in body_text(out)


def test_refuses_to_overwrite_and_names_the_file(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = tmp_path / "plan.docx"
    out.write_bytes(b"mine")
    with pytest.raises(ExportError, match="already exists"):
        export_document(sample_book, northwind, "success-plan", out, as_of=today)
    assert out.read_bytes() == b"mine"
    with pytest.raises(ExportError, match=r"must end in \.docx"):
        export_document(sample_book, northwind, "success-plan", tmp_path / "plan.pdf", as_of=today)
    with pytest.raises(ExportError, match="is not a folder"):
        export_document(
            sample_book, northwind, "success-plan", tmp_path / "no" / "p.docx", as_of=today
        )


def test_unknown_document_lists_the_valid_ones(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    with pytest.raises(ExportError) as caught:
        export_document(sample_book, northwind, "brochure", tmp_path / "b.docx", as_of=today)
    message = str(caught.value)
    assert "\n" not in message
    assert all(name in message for name in DOCUMENTS)


def test_recap_of_a_chosen_meeting(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    with sample_book.engine.connect() as conn:
        kickoff = conn.exec_driver_sql(
            "SELECT id FROM meeting WHERE account_id = ? AND type = 'kickoff'", (northwind,)
        ).scalar_one()
    out = export_document(
        sample_book, northwind, "recap", tmp_path / "r.docx", as_of=today, meeting_id=kickoff
    )
    text = body_text(out)
    assert "Kickoff and success planning" in text
    assert "Priya Nair, Head of Payment Operations" in text
    with pytest.raises(ExportError, match="no meeting with id 999"):
        export_document(
            sample_book, northwind, "recap", tmp_path / "x.docx", as_of=today, meeting_id=999
        )
    with pytest.raises(ExportError, match="only be chosen for a recap"):
        export_document(
            sample_book, northwind, "qbr", tmp_path / "y.docx", as_of=today, meeting_id=kickoff
        )


def test_the_recap_and_review_follow_the_as_of_date(
    sample_book: BookFile, northwind: int, tmp_path: Path
) -> None:
    recap = export_document(
        sample_book, northwind, "recap", tmp_path / "r.docx", as_of=dt.date(2026, 7, 1)
    )
    assert "Q2 business review" in body_text(recap)
    qbr = export_document(
        sample_book, northwind, "qbr", tmp_path / "q.docx", as_of=dt.date(2026, 7, 1)
    )
    assert "Q2 2026" in body_text(qbr)


def test_a_bare_account_still_exports_what_it_can(
    sample_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    op = InsertRow("account", {"name": "Bare Ltd"})
    Writer(sample_book).run(op)
    assert op.pk is not None
    bare = op.pk["id"]
    for document in ("success-plan", "onboarding-plan", "account-brief", "renewal-strategy"):
        out = export_document(
            sample_book,
            bare,
            document,
            tmp_path / f"{document}.docx",
            as_of=today,
            allow_incomplete=True,
        )
        assert "Bare Ltd" in body_text(out)
    plan = body_text(tmp_path / "success-plan.docx")
    assert "To agree together" in plan
    assert "Success metrics, each with a baseline, a target and a date" in plan
    for document, reason in (
        ("recap", "no customer meeting on or before 22 Nov 2026"),
        ("qbr", "no business review"),
        ("renewal-plan", "no renewal plan yet"),
    ):
        with pytest.raises(ExportError, match=reason):
            export_document(sample_book, bare, document, tmp_path / f"{document}.docx", as_of=today)
        assert not (tmp_path / f"{document}.docx").exists()


def test_unknown_account(sample_book: BookFile, today: dt.date, tmp_path: Path) -> None:
    for document in ("success-plan", "account-brief"):
        with pytest.raises(ExportError, match="no account with id 4242"):
            export_document(sample_book, 4242, document, tmp_path / "x.docx", as_of=today)


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_every_document_of_the_demo_fintech_account(
    demo_book: BookFile, demo_northwind: int, today: dt.date, tmp_path: Path, document: str
) -> None:
    out = export_document(
        demo_book, demo_northwind, document, tmp_path / f"{document}.docx", as_of=today
    )
    reopened = docx.Document(str(out))
    assert reopened.core_properties.title.endswith("— Northwind Payments")
    assert "Northwind Payments" in body_text(out)
    header = "\n".join(p.text for p in reopened.sections[0].header.paragraphs)
    assert ("Internal — do not share" in header) == (DOCUMENTS[document].audience == "internal")


def test_charts_are_embedded_at_print_resolution_and_page_width(
    demo_book: BookFile, demo_northwind: int, today: dt.date, tmp_path: Path
) -> None:
    from PIL import Image

    out = export_document(
        demo_book, demo_northwind, "account-brief", tmp_path / "b.docx", as_of=today
    )
    document = docx.Document(str(out))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    shapes = document.inline_shapes
    assert len(shapes) == 3  # health trend, what makes up the score, the stakeholder map
    widths = []
    with zipfile.ZipFile(out) as package:
        media = sorted(n for n in package.namelist() if n.startswith("word/media/"))
        sizes = [Image.open(io.BytesIO(package.read(n))).size for n in media]
    for shape in shapes:
        assert shape.width <= text_width
        widths.append(shape.width)
    assert max(widths) >= text_width - 12700  # charts span the text block (within 1 pt)
    for (px_w, _), shape in zip(sorted(sizes), sorted(shapes, key=lambda s: s.width), strict=True):
        assert px_w / shape.width.inches >= 199.5
    body = package_text(out)["word/document.xml"]
    assert 'descr="Line chart of the health score over time"' in body


def test_the_window_map_replaces_the_drawn_one(
    demo_book: BookFile, demo_northwind: int, today: dt.date, tmp_path: Path
) -> None:
    from PIL import Image

    canvas = io.BytesIO()
    Image.new("RGB", (1600, 900), "#abcdef").save(canvas, format="PNG", dpi=(200, 200))
    out = export_document(
        demo_book,
        demo_northwind,
        "account-brief",
        tmp_path / "b.docx",
        as_of=today,
        map_png=canvas.getvalue(),
    )
    with zipfile.ZipFile(out) as package:
        media = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    assert canvas.getvalue() in media
    assert len(media) == 3


@pytest.mark.parametrize(("currency", "width"), [("USD", 12240), ("EUR", 11906)])
def test_page_size_follows_the_books_currency(
    sample_book: BookFile,
    northwind: int,
    today: dt.date,
    tmp_path: Path,
    currency: str,
    width: int,
) -> None:
    from csm_desk.models.ops import SetFields

    Writer(sample_book).run(SetFields("book", {"id": 1}, {"currency": currency}))
    out = export_document(sample_book, northwind, "renewal-plan", tmp_path / "r.docx", as_of=today)
    parts = package_text(out)
    assert f'<w:pgSz w:w="{width}"' in parts["word/document.xml"]
    text_width = width - 2 * 1247
    assert f'w:val="right" w:pos="{text_width}"' in parts["word/footer1.xml"] or width == 11906
    assert ("€" in body_text(out)) is (currency == "EUR")


def test_the_default_recap_is_a_meeting_the_customer_attended(
    demo_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    """Northwind's latest meeting is an internal risk review; the recap skips it."""
    with demo_book.engine.connect() as conn:
        account_id = conn.exec_driver_sql(
            "SELECT id FROM account WHERE name = 'Northwind Payments'"
        ).scalar_one()
        latest_type = conn.exec_driver_sql(
            "SELECT type FROM meeting WHERE account_id = ? AND date <= ? ORDER BY date DESC",
            (account_id, today.isoformat()),
        ).scalar()
    assert latest_type == "risk_review"
    text = body_text(
        export_document(demo_book, account_id, "recap", tmp_path / "r.docx", as_of=today)
    )
    assert "Risk review" not in text
    assert "Aisha Khan" in text
