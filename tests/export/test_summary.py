"""Every customer document opens with an executive summary; the QBR's fills its own page and
its agenda comes before the look back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from csm_desk.export import DOCUMENTS, export_document
from csm_desk.models.bookfile import BookFile
from tests.export.conftest import body_text

CUSTOMER = [k for k, s in DOCUMENTS.items() if s.audience == "customer"]


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


@pytest.mark.parametrize("document", CUSTOMER)
def test_every_customer_document_opens_with_an_executive_summary(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path, document: str
) -> None:
    out = export_document(
        sample_book, northwind, document, tmp_path / f"{document}.docx", as_of=today
    )
    paragraphs = _paragraphs(out)
    # Kicker, title, subtitle, then the summary before anything else.
    headings = [
        p.text
        for p in docx.Document(str(out)).paragraphs
        if p.style is not None and p.style.name.startswith("Heading") and p.text.strip()
    ]
    assert headings[0] == "Executive summary", headings[:3]
    assert paragraphs.index("Executive summary") <= 4
    text = body_text(out)
    assert "Where we stand on " in text
    assert "What we ask of Northwind Payments" in text or document == "recap"


def test_success_plan_summary_gives_status_outcomes_and_asks(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    paragraphs = _paragraphs(out)
    start = paragraphs.index("Executive summary")
    summary = "\n".join(paragraphs[start : start + 20])
    assert "milestones complete" in summary
    assert "success metrics at or past target" in summary
    assert "Headline outcomes" in summary
    assert " now" in summary  # a metric's current value
    assert "What our team will do" in summary


def test_qbr_summary_is_a_page_of_its_own_and_the_agenda_comes_first(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "qbr", tmp_path / "q.docx", as_of=today)
    document = docx.Document(str(out))
    body = document.element.body
    xml = list(body.iterchildren())
    texts = ["".join(t.text or "" for t in e.iter(docx.oxml.ns.qn("w:t"))) for e in xml]
    summary_at = texts.index("Executive summary")
    breaks = [
        i
        for i, e in enumerate(xml)
        if any(b.get(docx.oxml.ns.qn("w:type")) == "page" for b in e.iter(docx.oxml.ns.qn("w:br")))
    ]
    first_break = min(i for i in breaks if i > summary_at)
    agenda_at = texts.index("Agenda")
    assert summary_at < first_break < agenda_at
    assert agenda_at < texts.index("Where we set out to go") < texts.index("Recommendations")
    # The summary names the decisions the review asks for.
    summary = "\n".join(texts[summary_at:first_break])
    assert "What we ask of Northwind Payments" in summary
