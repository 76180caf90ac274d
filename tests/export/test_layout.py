"""Layout: short closing lists stay with their heading, and a long document opens with a
contents list whose lines link to its main headings and give their pages."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from csm_desk.export import export_document, write_handover_brief
from csm_desk.export.compose import Composer
from csm_desk.export.contents import add_contents, estimated_pages
from csm_desk.models.bookfile import BookFile


def _paragraphs(path: Path) -> list[tuple[str, str, bool]]:
    """(style, text, keep with next) of every body paragraph."""
    found = []
    for p in docx.Document(str(path)).paragraphs:
        ppr = p._p.pPr
        keep = ppr is not None and ppr.find(qn("w:keepNext")) is not None
        found.append((p.style.name if p.style is not None else "", p.text, keep))
    return found


def test_short_closing_lists_keep_with_their_heading(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    paragraphs = _paragraphs(out)
    at = next(i for i, p in enumerate(paragraphs) if p[1] == "Escalation path")
    section = []
    for p in paragraphs[at + 1 :]:
        if p[0].startswith("Heading"):
            break
        section.append(p)
    # The note and every step but the last keep with the next, so the heading never ends a page
    # alone and the last step never starts one alone.
    assert len(section) >= 3
    assert all(keep for _s, _t, keep in section[:-1])
    assert not section[-1][2]


def test_hand_over_brief_closing_lists_keep_together(
    sample_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    out = write_handover_brief(sample_book, tmp_path / "b.docx", today)
    paragraphs = _paragraphs(out)
    lists = [i for i, p in enumerate(paragraphs) if p[0] in ("List Bullet", "List Number")]
    assert lists
    for i in lists:
        last = i + 1 >= len(paragraphs) or paragraphs[i + 1][0] not in (
            "List Bullet",
            "List Number",
        )
        assert paragraphs[i][2] is not last


def test_a_long_document_gets_a_contents_list(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "account-brief", tmp_path / "b.docx", as_of=today)
    body = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "Contents" in body
    refs = re.findall(r"PAGEREF (_Toc\d+)", body)
    marks = re.findall(r'w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', body)
    assert refs and refs == marks
    assert 'w:anchor="_Toc00001"' in body
    # The list comes before the first main section.
    assert body.index("Contents") < body.index('w:name="_Toc00001"')


def test_a_short_document_gets_none(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "recap", tmp_path / "r.docx", as_of=today)
    assert "PAGEREF" not in zipfile.ZipFile(out).read("word/document.xml").decode()


def test_estimate_and_threshold() -> None:
    doc = Composer(header_text="x", footer_text="y", internal=False)
    for n in range(4):
        doc.heading(f"Part {n}")
        doc.text("Words " * 60)
    assert estimated_pages(doc._body) < 2
    assert not add_contents(doc._body, doc.content_width)
    for n in range(4, 12):
        doc.heading(f"Part {n}")
        for _ in range(30):
            doc.text("More words " * 40)
    assert estimated_pages(doc._body) > 6
    assert add_contents(doc._body, doc.content_width)


def test_the_contents_list_is_never_split_over_two_pages(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "account-brief", tmp_path / "b.docx", as_of=today)
    entries = [p for p in _paragraphs(out) if p[1].startswith(("Snapshot", "Health", "Background"))]
    lines = [p for p in docx.Document(str(out)).paragraphs if "PAGEREF" in p._p.xml]
    assert entries and lines
    keeps = [p._p.pPr is not None and p._p.pPr.find(qn("w:keepNext")) is not None for p in lines]
    assert keeps == [True] * (len(lines) - 1) + [False]
