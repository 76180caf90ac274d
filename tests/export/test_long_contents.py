"""A hand-over brief of a big book keeps a contents list that can be read: the book's own
sections one line each, and the account pages in a few lines of first – last account."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from csm_desk.export import write_handover_brief
from csm_desk.export.compose import Composer
from csm_desk.export.contents import MOST_ENTRIES, add_contents
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import Batch, InsertRow
from csm_desk.models.writer import Writer

ACCOUNTS = 150


def _contents_lines(path: Path) -> list[str]:
    lines = [p for p in docx.Document(str(path)).paragraphs if "PAGEREF" in p._p.xml]
    return [p.text.rsplit("\t", 1)[0] for p in lines]


def test_a_big_books_brief_has_a_short_contents_list(
    empty_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    names = [f"Account {n:03d}" for n in range(1, ACCOUNTS + 1)]
    Writer(empty_book).run(
        Batch(
            "accounts",
            [
                InsertRow("account", {"name": name, "arr": 20_000.0 + n})
                for n, name in enumerate(names)
            ],
        )
    )
    out = write_handover_brief(empty_book, tmp_path / "brief.docx", today)
    lines = _contents_lines(out)
    assert len(lines) <= MOST_ENTRIES
    assert lines[:4] == [
        "From Test Owner",
        "The book at a glance",
        "Where to start",
        "Accounts",
    ]
    blocks = lines[4:]
    assert blocks and all(b.startswith("Accounts: ") for b in blocks)
    # The blocks cover every account page, in order, from the first to the last.
    assert blocks[0].startswith("Accounts: Account 001 – ")
    assert blocks[-1].endswith(" – Account 150")
    bounds = [b.removeprefix("Accounts: ").split(" – ") for b in blocks]
    for (_first, last), (following, _end) in itertools.pairwise(bounds):
        assert names.index(following) == names.index(last) + 1
    # Each line leads to the page of its first account.
    body = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert re.findall(r"PAGEREF (_Toc\d+)", body) == re.findall(
        r'w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', body
    )
    marked = [
        p.text
        for p in docx.Document(str(out)).paragraphs
        if p._p.find(qn("w:bookmarkStart")) is not None and p.style.name == "Heading 1"
    ]
    assert marked[4:] == [first for first, _last in bounds]


def test_a_short_list_keeps_a_line_per_heading() -> None:
    doc = Composer(header_text="x", footer_text="y", internal=True)
    doc.heading("Overview")
    for n in range(12):
        doc.heading(f"Client {n}", group="Accounts")
        for _ in range(20):
            doc.text("Words " * 60)
    assert add_contents(doc._body, doc.content_width, groups=doc.contents_groups)
    texts = [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in doc._body.iterchildren(qn("w:p"))
        if "PAGEREF" in "".join(t.text or "" for t in p.iter(qn("w:instrText")))
    ]
    assert [t.removesuffix("1") for t in texts] == ["Overview"] + [f"Client {n}" for n in range(12)]
