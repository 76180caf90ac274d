"""Tables as the documents set them: data tables with a repeating shaded header, fact tables.

Rows never break across pages (``cantSplit``) unless a row is too long to fit on one page, and
long tables repeat their header row (``tblHeader``). The shading is written on the cells as well
as coming from the template's table style, so Word and LibreOffice show the same table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from csm_desk.export.ooxml import Align, Inline, Span, make_paragraph, plain, spans, sub, w
from csm_desk.export.text import clean

# Rows longer than this many characters may break across pages: a row taller than a page
# cannot be kept whole, and Word and LibreOffice would otherwise clip it.
KEEP_ROW_WHOLE_CHARS = 1200
# Tables up to this many rows and characters are kept on one page with their heading.
KEEP_TABLE_ROWS = 8
KEEP_TABLE_CHARS = 700

NAVY = "1F3A5F"
BAND = "F2F5F9"
MUTED = "5B6670"
# What a fact with no value says, so no label stands beside an empty cell.
NOT_RECORDED = "Not recorded yet"


@dataclass(frozen=True)
class Column:
    """A table column: its heading, relative width and alignment."""

    title: str
    width: float = 1.0
    align: Align = "left"


def split_width(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` twips shared in proportion to ``weights`` (adding up exactly)."""
    whole = sum(weights) or 1.0
    widths = [int(total * weight / whole) for weight in weights]
    widths[-1] += total - sum(widths)
    return widths


def _table(widths: Sequence[int], style: str, *, first_row: bool) -> etree._Element:
    tbl = etree.Element(w("tbl"))
    pr = sub(tbl, "tblPr")
    sub(pr, "tblStyle", val=style)
    sub(pr, "tblW", w=sum(widths), type="dxa")
    sub(pr, "tblLayout", type="fixed")
    sub(
        pr,
        "tblLook",
        val="04A0",
        firstRow=int(first_row),
        lastRow=0,
        firstColumn=int(not first_row),
        lastColumn=0,
        noHBand=0 if first_row else 1,
        noVBand=1,
    )
    grid = sub(tbl, "tblGrid")
    for width in widths:
        sub(grid, "gridCol", w=width)
    return tbl


def _cell(
    tr: etree._Element,
    width: int,
    content: Inline,
    *,
    align: Align,
    fill: str | None,
    keep_next: bool,
    header: bool = False,
    grid_span: int = 1,
) -> None:
    tc = sub(tr, "tc")
    tcpr = sub(tc, "tcPr")
    sub(tcpr, "tcW", w=width, type="dxa")
    if grid_span > 1:
        sub(tcpr, "gridSpan", val=grid_span)
    if fill:
        sub(tcpr, "shd", val="clear", color="auto", fill=fill)
    found = spans(content)
    if header:
        found = [Span(s.text, bold=True, colour="FFFFFF") for s in found]
    # Each line of a cell is its own paragraph (decisions, proof points…).
    pieces: list[list[Span]] = [[]]
    for span in found:
        for i, part in enumerate(clean(span.text).split("\n")):
            if i:
                pieces.append([])
            if part:
                pieces[-1].append(Span(part, span.bold, span.italic, span.colour, span.style))
    for piece in pieces:
        tc.append(make_paragraph(piece, "TableText", keep_next=keep_next, align=align))


def _row(tbl: etree._Element, length: int, *, header: bool = False) -> etree._Element:
    tr = sub(tbl, "tr")
    if header or length <= KEEP_ROW_WHOLE_CHARS:
        pr = sub(tr, "trPr")
        sub(pr, "cantSplit")
        if header:
            sub(pr, "tblHeader")
    return tr


def data_table(
    columns: Sequence[Column], widths: Sequence[int], rows: Sequence[Sequence[Inline]]
) -> etree._Element:
    """A ``w:tbl`` with a header row of ``columns`` and one row per entry of ``rows``."""
    tbl = _table(widths, "CSMTable", first_row=True)
    # A small table stays on one page with its heading; a longer one keeps at least its first
    # row with the header (and the heading before it).
    keep_all = len(rows) <= KEEP_TABLE_ROWS and (
        sum(len(plain(c)) for row in rows for c in row) <= KEEP_TABLE_CHARS
    )
    head = _row(tbl, 0, header=True)
    for column, width in zip(columns, widths, strict=True):
        _cell(head, width, column.title, align=column.align, fill=NAVY, keep_next=True, header=True)
    for index, row in enumerate(rows):
        tr = _row(tbl, sum(len(plain(c)) for c in row))
        fill = BAND if index % 2 == 1 else None
        last = index == len(rows) - 1
        # ... and never leaves its last row alone at the top of a page.
        keep = not last and (keep_all or index in (0, len(rows) - 2))
        for column, width, content in zip(columns, widths, row, strict=True):
            _cell(tr, width, content, align=column.align, fill=fill, keep_next=keep)
    return tbl


def facts_table(
    widths: Sequence[int],
    pairs: Sequence[tuple[str, Inline]],
    wide: Sequence[tuple[str, Inline]],
    columns: int,
) -> etree._Element:
    """A label | value table: ``pairs`` ``columns`` to a row, each of ``wide`` on a whole row
    (``widths`` has a label and a value width per column).
    """
    tbl = _table(widths, "CSMFacts", first_row=False)
    rows: list[list[tuple[str, Inline]]] = [
        list(pairs[i : i + columns]) for i in range(0, len(pairs), columns)
    ]
    rows += [[pair] for pair in wide]
    sizes = [sum(len(label) + len(plain(value)) for label, value in row) for row in rows]
    keep_all = sum(sizes) <= KEEP_TABLE_CHARS
    for index, (row, size) in enumerate(zip(rows, sizes, strict=True)):
        tr = _row(tbl, size)
        keep = index < len(rows) - 1 and (keep_all or index == 0)
        for slot, (label, value) in enumerate(row):
            label_cell = Span(label, bold=True, colour=MUTED)
            _cell(tr, widths[2 * slot], label_cell, align="left", fill=BAND, keep_next=keep)
            if not plain(value).strip():
                value = Span(NOT_RECORDED, italic=True, colour=MUTED)
            span = len(widths) - 2 * slot - 1 if slot == len(row) - 1 else 1
            width = sum(widths[2 * slot + 1 : 2 * slot + 1 + span])
            _cell(tr, width, value, align="left", fill=None, keep_next=keep, grid_span=span)
    return tbl
