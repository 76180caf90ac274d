"""A Word document built on the CSM Desk template: headings, text, lists, tables, figures.

``Composer`` writes WordprocessingML straight into the body (python-docx handles the package:
the template, header and footer parts, images, properties). That keeps every paragraph and table
exactly as designed, and keeps a 2,000-page hand-over brief fast. Every piece of text goes
through ``text.clean`` on its way in, so nothing the user typed can break the file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from csm_desk import paths
from csm_desk.export.errors import ExportError
from csm_desk.export.text import clean, has_text, is_rtl, paragraphs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TEMPLATE_NAME = "csm-desk.docx"

# Page geometry in twentieths of a point (the template's margins, A4 or US Letter).
A4 = (11906, 16838)
LETTER = (12240, 15840)
MARGIN = 1247
EMU_PER_TWIP = 635
EMU_PER_INCH = 914400
TWIPS_PER_INCH = 1440

# Rows longer than this many characters may break across pages: a row taller than a page
# cannot be kept whole, and Word and LibreOffice would otherwise clip it.
KEEP_ROW_WHOLE_CHARS = 1200
# Tables up to this many rows and characters are kept on one page with their heading.
KEEP_TABLE_ROWS = 8
KEEP_TABLE_CHARS = 700

NAVY = "1F3A5F"
BAND = "F2F5F9"
RULE = "C9D3DE"
MUTED = "5B6670"

Align = Literal["left", "right", "center"]


_QUALIFIED: dict[str, str] = {}


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML tag or attribute (cached: called per cell)."""
    name = _QUALIFIED.get(tag)
    if name is None:
        name = _QUALIFIED[tag] = f"{{{W_NS}}}{tag}"
    return name


def template_path() -> Path:
    return paths.resources_dir() / "templates" / TEMPLATE_NAME


@dataclass(frozen=True)
class Span:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    style: str | None = None  # a character style of the template


Inline = str | Span | Sequence[str | Span]


@dataclass(frozen=True)
class Column:
    """A table column: its heading, relative width and alignment."""

    title: str
    width: float = 1.0
    align: Align = "left"


def _spans(content: Inline) -> list[Span]:
    if isinstance(content, str):
        return [Span(content)]
    if isinstance(content, Span):
        return [content]
    return [Span(c) if isinstance(c, str) else c for c in content]


def _plain(content: Inline) -> str:
    return "".join(s.text for s in _spans(content))


def _set(el: etree._Element, attr: str, value: str | int) -> None:
    el.set(w(attr), str(value))


def _sub(parent: etree._Element, tag: str, **attrs: str | int) -> etree._Element:
    if attrs:
        return etree.SubElement(parent, w(tag), {w(k): str(v) for k, v in attrs.items()})
    return etree.SubElement(parent, w(tag))


def _add_text(run: etree._Element, text: str) -> None:
    """Text into a run: tabs become tab marks, newlines line breaks."""
    for i, line in enumerate(text.split("\n")):
        if i:
            _sub(run, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                _sub(run, "tab")
            if piece:
                t = _sub(run, "t")
                t.text = piece
                t.set(f"{{{XML_NS}}}space", "preserve")


def _run(parent: etree._Element, span: Span, rtl: bool) -> None:
    text = clean(span.text)
    if not text:
        return
    run = _sub(parent, "r")
    if span.style or span.bold or span.italic or span.colour or rtl:
        rpr = _sub(run, "rPr")
        if span.style:
            _sub(rpr, "rStyle", val=span.style)
        if span.bold:
            _sub(rpr, "b")
            _sub(rpr, "bCs")
        if span.italic:
            _sub(rpr, "i")
            _sub(rpr, "iCs")
        if span.colour:
            _sub(rpr, "color", val=span.colour)
        if rtl:
            _sub(rpr, "rtl")
    _add_text(run, text)


def make_paragraph(
    content: Inline,
    style: str | None = None,
    *,
    keep_next: bool = False,
    align: Align | None = None,
    num: tuple[int, int] | None = None,
) -> etree._Element:
    """A ``w:p`` with ``content``; right-to-left text gets a right-to-left paragraph."""
    spans = _spans(content)
    rtl = is_rtl(clean("".join(s.text for s in spans)))
    p = etree.Element(w("p"))
    if style or keep_next or align or num or rtl:
        ppr = _sub(p, "pPr")
        if style:
            _sub(ppr, "pStyle", val=style)
        if keep_next:
            _sub(ppr, "keepNext")
        if num is not None:
            numpr = _sub(ppr, "numPr")
            _sub(numpr, "ilvl", val=num[1])
            _sub(numpr, "numId", val=num[0])
        if rtl:
            _sub(ppr, "bidi")
        if align:
            _sub(ppr, "jc", val={"left": "start", "right": "end", "center": "center"}[align])
    for span in spans:
        _run(p, span, rtl)
    return p


class Composer:
    """One document being written.

    Attributes:
        document: the python-docx ``Document`` (package, parts, properties).
        content_width: the text block's width in twips.
    """

    def __init__(
        self,
        *,
        header_text: str,
        footer_text: str,
        internal: bool,
        letter: bool = False,
    ) -> None:
        import docx

        try:
            self.document: Any = docx.Document(str(template_path()))
        except (OSError, KeyError, ValueError) as exc:
            raise ExportError(
                f"the document template {template_path()} cannot be read: {exc}"
            ) from exc
        body = self.document.element.body
        self._body = body
        self._sect = body.find(w("sectPr"))
        page_w, page_h = LETTER if letter else A4
        pg_sz = self._sect.find(w("pgSz"))
        _set(pg_sz, "w", page_w)
        _set(pg_sz, "h", page_h)
        self.content_width = page_w - 2 * MARGIN
        self.content_height = page_h - 2 * MARGIN
        self._tab_fix = page_w != A4[0]
        self._figures = 0
        self._next_num: int | None = None
        self._write_header(header_text, internal)
        self._write_footer(footer_text)

    @property
    def content_width_in(self) -> float:
        """The text block's width in inches (charts are drawn this wide)."""
        return self.content_width / TWIPS_PER_INCH

    # -- header and footer ------------------------------------------------------------------

    def _tabs(self, p: etree._Element) -> None:
        """Move the right-hand tab stop to this page size's right margin."""
        if not self._tab_fix:
            return
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        tabs = etree.Element(w("tabs"))
        _sub(tabs, "tab", val="clear", pos=A4[0] - 2 * MARGIN)
        _sub(tabs, "tab", val="right", pos=self.content_width)
        style = ppr.find(w("pStyle"))
        if style is not None:
            style.addnext(tabs)
        else:
            ppr.insert(0, tabs)

    def _write_header(self, text: str, internal: bool) -> None:
        header = self.document.sections[0].header
        p = header.paragraphs[0]._p
        self._tabs(p)
        if internal:
            _run(p, Span("Internal — do not share", style="InternalMark"), False)
        _sub(_sub(p, "r"), "tab")
        _run(p, Span(text), False)

    def _write_footer(self, text: str) -> None:
        footer = self.document.sections[0].footer
        p = footer.paragraphs[0]._p
        self._tabs(p)
        holder = etree.Element(w("p"))
        _run(holder, Span(text), False)
        ppr = p.find(w("pPr"))
        anchor = ppr if ppr is not None else None
        for run in reversed(list(holder)):
            if anchor is not None:
                anchor.addnext(run)
            else:
                p.insert(0, run)

    # -- blocks -----------------------------------------------------------------------------

    def add(self, element: etree._Element) -> etree._Element:
        self._sect.addprevious(element)
        return element

    def paragraph(
        self, content: Inline, style: str | None = None, *, keep_next: bool = False
    ) -> None:
        self.add(make_paragraph(content, style, keep_next=keep_next))

    def title_block(self, kicker: str, title: str, subtitle: str) -> None:
        self.paragraph(kicker, "Kicker")
        self.paragraph(title, "Title")
        self.paragraph(subtitle, "Subtitle")

    def heading(self, text: str, level: int = 1) -> None:
        self.paragraph(text, f"Heading{level}")

    def text(self, value: str | None, style: str | None = None) -> None:
        """A long text field: one paragraph per blank-line-separated block."""
        for block in paragraphs(value):
            self.paragraph(block, style)

    def note(self, text: Inline) -> None:
        self.paragraph(text, "Note")

    def callout(self, content: Inline) -> None:
        self.paragraph(content, "Callout")

    def quote(self, text: str, source: str | None = None) -> None:
        blocks = paragraphs(text)
        for i, block in enumerate(blocks):
            opening = "“" if i == 0 else ""
            closing = "”" if i == len(blocks) - 1 else ""
            self.paragraph(f"{opening}{block}{closing}", "Quote")
        if source:
            self.paragraph(f"— {source}", "QuoteSource")

    def bullets(self, items: Iterable[Inline]) -> int:
        count = 0
        for item in items:
            if has_text(_plain(item)):
                self.add(make_paragraph(item, "ListBullet"))
                count += 1
        return count

    def numbered(self, items: Iterable[Inline]) -> int:
        """A numbered list that starts again at 1."""
        chosen = [item for item in items if has_text(_plain(item))]
        if not chosen:
            return 0
        num_id = self._restart_numbering()
        for item in chosen:
            self.add(make_paragraph(item, "ListNumber", num=(num_id, 0)))
        return len(chosen)

    def _restart_numbering(self) -> int:
        numbering = self.document.part.numbering_part.element
        if self._next_num is None:
            ids = [int(n.get(w("numId"))) for n in numbering.findall(w("num"))]
            self._next_num = max(ids, default=0) + 1
        num_id = self._next_num
        self._next_num += 1
        # w:num elements follow every w:abstractNum, so appending keeps the schema's order.
        num = _sub(numbering, "num", numId=num_id)
        _sub(num, "abstractNumId", val=2)
        override = _sub(num, "lvlOverride", ilvl=0)
        _sub(override, "startOverride", val=1)
        return num_id

    def page_break(self) -> None:
        p = etree.Element(w("p"))
        _sub(_sub(p, "r"), "br", type="page")
        self.add(p)

    def gap(self) -> None:
        """Space after a table (and the paragraph that keeps two tables apart)."""
        p = etree.Element(w("p"))
        ppr = _sub(p, "pPr")
        _sub(ppr, "spacing", before=0, after=0, line=200, lineRule="exact")
        self.add(p)

    # -- tables -----------------------------------------------------------------------------

    def _table(
        self, widths: Sequence[int], style: str, *, first_row: bool, first_col: bool
    ) -> etree._Element:
        tbl = etree.Element(w("tbl"))
        pr = _sub(tbl, "tblPr")
        _sub(pr, "tblStyle", val=style)
        _sub(pr, "tblW", w=sum(widths), type="dxa")
        _sub(pr, "tblLayout", type="fixed")
        _sub(
            pr,
            "tblLook",
            val="04A0",
            firstRow=int(first_row),
            lastRow=0,
            firstColumn=int(first_col),
            lastColumn=0,
            noHBand=0 if first_row else 1,
            noVBand=1,
        )
        grid = _sub(tbl, "tblGrid")
        for width in widths:
            _sub(grid, "gridCol", w=width)
        return tbl

    def _widths(self, weights: Sequence[float]) -> list[int]:
        total = sum(weights) or 1.0
        widths = [int(self.content_width * wt / total) for wt in weights]
        widths[-1] += self.content_width - sum(widths)
        return widths

    def _cell(
        self,
        tr: etree._Element,
        width: int,
        content: Inline,
        *,
        align: Align,
        fill: str | None,
        header: bool,
        keep_next: bool,
        grid_span: int = 1,
    ) -> None:
        tc = _sub(tr, "tc")
        tcpr = _sub(tc, "tcPr")
        _sub(tcpr, "tcW", w=width, type="dxa")
        if grid_span > 1:
            _sub(tcpr, "gridSpan", val=grid_span)
        if fill:
            _sub(tcpr, "shd", val="clear", color="auto", fill=fill)
        spans = _spans(content)
        if header:
            spans = [Span(s.text, bold=True, colour="FFFFFF") for s in spans]
        # Each line of a cell is its own paragraph (decisions, proof points…).
        pieces: list[list[Span]] = [[]]
        for span in spans:
            parts = clean(span.text).split("\n")
            for i, part in enumerate(parts):
                if i:
                    pieces.append([])
                if part:
                    pieces[-1].append(Span(part, span.bold, span.italic, span.colour, span.style))
        for piece in pieces or [[]]:
            tc.append(make_paragraph(piece, "TableText", keep_next=keep_next, align=align))

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Inline]],
        *,
        caption: str | None = None,
    ) -> None:
        """A data table with a repeating, shaded header row; rows never break across pages
        (unless a row is too long to fit on one)."""
        widths = self._widths([c.width for c in columns])
        tbl = self._table(widths, "CSMTable", first_row=True, first_col=False)
        # A small table stays on one page with its heading; a longer one keeps at least its
        # first row with the header (and the heading before it).
        keep_all = len(rows) <= KEEP_TABLE_ROWS and (
            sum(len(_plain(c)) for row in rows for c in row) <= KEEP_TABLE_CHARS
        )
        head = _sub(tbl, "tr")
        head_pr = _sub(head, "trPr")
        _sub(head_pr, "cantSplit")
        _sub(head_pr, "tblHeader")
        for column, width in zip(columns, widths, strict=True):
            self._cell(
                head,
                width,
                column.title,
                align=column.align,
                fill=NAVY,
                header=True,
                keep_next=True,
            )
        for index, row in enumerate(rows):
            tr = _sub(tbl, "tr")
            if sum(len(_plain(c)) for c in row) <= KEEP_ROW_WHOLE_CHARS:
                _sub(_sub(tr, "trPr"), "cantSplit")
            fill = BAND if index % 2 == 1 else None
            last = index == len(rows) - 1
            for column, width, content in zip(columns, widths, row, strict=True):
                self._cell(
                    tr,
                    width,
                    content,
                    align=column.align,
                    fill=fill,
                    header=False,
                    keep_next=(keep_all and not last) or (index == 0 and not last),
                )
        self.add(tbl)
        if caption:
            self.paragraph(caption, "Caption")
        else:
            self.gap()

    def facts(
        self,
        pairs: Sequence[tuple[str, Inline]],
        *,
        wide: Sequence[tuple[str, Inline]] = (),
        columns: int = 1,
    ) -> None:
        """Labelled values (an account's particulars, one risk's details).

        With ``columns=2`` the ``pairs`` sit two to a row; ``wide`` pairs (long text) always
        take a whole row.
        """
        if columns == 2:
            widths = self._widths([0.19, 0.31, 0.19, 0.31])
        else:
            widths = self._widths([0.32, 0.68])
        tbl = self._table(widths, "CSMFacts", first_row=False, first_col=True)
        rows: list[list[tuple[str, Inline]]] = [
            list(pairs[i : i + columns]) for i in range(0, len(pairs), columns)
        ]
        rows += [[pair] for pair in wide]
        keep_all = (
            sum(len(label) + len(_plain(value)) for row in rows for label, value in row)
            <= KEEP_TABLE_CHARS
        )
        for index, row in enumerate(rows):
            tr = _sub(tbl, "tr")
            if sum(len(label) + len(_plain(value)) for label, value in row) <= KEEP_ROW_WHOLE_CHARS:
                _sub(_sub(tr, "trPr"), "cantSplit")
            keep = index < len(rows) - 1 and (keep_all or index == 0)
            for slot, (label, value) in enumerate(row):
                self._cell(
                    tr,
                    widths[2 * slot],
                    Span(label, bold=True, colour=MUTED),
                    align="left",
                    fill=BAND,
                    header=False,
                    keep_next=keep,
                )
                span = len(widths) - 2 * slot - 1 if slot == len(row) - 1 else 1
                self._cell(
                    tr,
                    sum(widths[2 * slot + 1 : 2 * slot + 1 + span]),
                    value,
                    align="left",
                    fill=None,
                    header=False,
                    keep_next=keep,
                    grid_span=span,
                )
        self.add(tbl)
        self.gap()

    # -- figures ----------------------------------------------------------------------------

    def image(
        self,
        png: bytes,
        *,
        alt: str,
        caption: str | None = None,
        max_height_share: float = 0.55,
    ) -> None:
        """A picture sized to the text width (or less, when it would be too tall)."""
        from docx.shared import Emu

        part = self.document.part
        _rid, picture = part.get_or_add_image(io.BytesIO(png))
        px_w, px_h = picture.px_width or 1, picture.px_height or 1
        # Its own size (pixels at its resolution), but never wider than the text block.
        natural = int(px_w / (picture.horz_dpi or 72) * EMU_PER_INCH)
        width = min(natural, self.content_width * EMU_PER_TWIP)
        height = int(width * px_h / px_w)
        limit = int(self.content_height * EMU_PER_TWIP * max_height_share)
        if height > limit:
            width, height = int(width * limit / height), limit
        inline = part.new_pic_inline(io.BytesIO(png), Emu(width), Emu(height))
        self._figures += 1
        doc_pr = inline.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
        if doc_pr is not None:
            doc_pr.set("name", f"Figure {self._figures}")
            doc_pr.set("descr", clean(alt))
        p = etree.Element(w("p"))
        ppr = _sub(p, "pPr")
        _sub(ppr, "pStyle", val="Figure")
        _sub(_sub(p, "r"), "drawing").append(inline)
        self.add(p)
        if caption:
            self.paragraph(caption, "Caption")
        else:
            self.gap()

    # -- finishing --------------------------------------------------------------------------

    def set_properties(self, *, title: str, owner: str) -> None:
        """Title, author and last editor (the book's owner), created now; nothing else."""
        props = self.document.core_properties
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        props.title = clean(title)[:255]
        props.author = clean(owner)[:255]
        props.last_modified_by = clean(owner)[:255]
        props.created = now
        props.modified = now
        props.revision = 1

    def save(self, out: Path) -> Path:
        """Write beside ``out`` first, then move into place; never replaces an existing file."""
        check_target(out)
        partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
        try:
            self.document.save(str(partial))
            place_new(partial, out)
        finally:
            partial.unlink(missing_ok=True)
        return out


def check_target(out: Path) -> None:
    """Refuse a target that exists, sits in no folder, or is not a .docx file."""
    if out.suffix.lower() != ".docx":
        raise ExportError(f"{out} must end in .docx")
    if out.exists():
        raise ExportError(f"{out} already exists; choose another name")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent} is not a folder")


def place_new(source: Path, target: Path) -> None:
    """Move a finished file to ``target``, failing rather than replacing an existing file."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise ExportError(f"{target} already exists; choose another name") from None
    except OSError:
        if target.exists():
            raise ExportError(f"{target} already exists; choose another name") from None
        os.rename(source, target)
        return
    source.unlink(missing_ok=True)
