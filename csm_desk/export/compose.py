"""A Word document built on the CSM Desk template: headings, text, lists, tables, figures.

``Composer`` writes WordprocessingML straight into the body (python-docx handles the package:
the template, header and footer parts, images, properties). That keeps every paragraph and table
exactly as designed, and keeps a 2,000-page hand-over brief fast. Every piece of text goes
through ``text.clean`` on its way in (see ``ooxml``), so nothing the user typed can break the
file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from csm_desk import paths
from csm_desk.export.doc_tables import Column, data_table, facts_table, split_width
from csm_desk.export.errors import ExportError, TargetExistsError
from csm_desk.export.ooxml import (
    Inline,
    Span,
    add_run,
    make_paragraph,
    plain,
    set_attr,
    sub,
    w,
)
from csm_desk.export.text import clean, has_text, paragraphs
from csm_desk.models.bookfile import BookError, place_without_overwrite

TEMPLATE_NAME = "csm-desk.docx"

# Page sizes in twentieths of a point (twips); the margins come from the template.
A4 = (11906, 16838)
LETTER = (12240, 15840)
EMU_PER_TWIP = 635
EMU_PER_INCH = 914400
TWIPS_PER_INCH = 1440
# A table cell shows about this many lines of text (at about this many characters an inch);
# the rest of a longer field is printed in full below the table.
CELL_LINES = 30
CHARS_PER_INCH = 16
CELL_MIN_CHARS = 240
ROW_NAME_CHARS = 60
# A list of at most this many items is kept on one page, with its heading: a closing section
# never leaves its heading, or a single item, alone at a page's end or top.
KEEP_LIST_ITEMS = 8
# Logos on a cover are at most this tall and this wide (inches).
LOGO_HEIGHT_IN = 0.6
LOGO_WIDTH_IN = 2.4
# Headers and footers hold one line.
HEADER_CHARS = 110


def template_path() -> Path:
    """The Word template every document starts from."""
    return paths.resources_dir() / "templates" / TEMPLATE_NAME


class Composer:
    """One document being written.

    Attributes:
        document: the python-docx ``Document`` (package, parts, properties).
        content_width: the text block's width in twips.
        contents: whether a long document gets a contents list when saved.
        contents_groups: main headings that belong to a run of like sections (an account page
            each), with the run's name: a contents list too long to read shows such a run in
            a few lines (``contents.add_contents``).
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
        pg_sz = self._sect.find(w("pgSz"))
        margins = self._sect.find(w("pgMar"))
        left, right, top, bottom = (
            int(margins.get(w(k))) for k in ("left", "right", "top", "bottom")
        )
        # The template's header and footer styles put their right tab at its own margin.
        self._template_tab = int(pg_sz.get(w("w"))) - left - right
        page_w, page_h = LETTER if letter else A4
        set_attr(pg_sz, "w", page_w)
        set_attr(pg_sz, "h", page_h)
        self.content_width = page_w - left - right
        self.content_height = page_h - top - bottom
        self._figures = 0
        self._next_num: int | None = None
        # Parts with nothing in them yet, listed once under "To agree together".
        self.to_agree: list[str] = []
        # A long document gets a contents list when it is saved (``contents.add_contents``).
        self.contents = True
        self.contents_groups: list[tuple[etree._Element, str]] = []
        self._write_header(header_text, internal)
        self._write_footer(footer_text)

    @property
    def content_width_in(self) -> float:
        """The text block's width in inches (charts are drawn this wide)."""
        return self.content_width / TWIPS_PER_INCH

    # -- header and footer ------------------------------------------------------------------

    def _tabs(self, p: etree._Element) -> None:
        """Move the right-hand tab stop to this page size's right margin."""
        if self.content_width == self._template_tab:
            return
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        tabs = etree.Element(w("tabs"))
        sub(tabs, "tab", val="clear", pos=self._template_tab)
        sub(tabs, "tab", val="right", pos=self.content_width)
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
            add_run(p, Span("Internal — do not share", style="InternalMark"), False)
        sub(sub(p, "r"), "tab")
        add_run(p, Span(short_line(text)), False)

    def _write_footer(self, text: str) -> None:
        footer = self.document.sections[0].footer
        p = footer.paragraphs[0]._p
        self._tabs(p)
        # "Prepared for …" goes before the template's tab and page number.
        holder = etree.Element(w("p"))
        add_run(holder, Span(short_line(text)), False)
        start = 1 if p.find(w("pPr")) is not None else 0
        for offset, run in enumerate(list(holder)):
            p.insert(start + offset, run)

    # -- blocks -----------------------------------------------------------------------------

    def add(self, element: etree._Element) -> etree._Element:
        """Append ``element`` to the body, before the section properties, and return it."""
        self._sect.addprevious(element)
        return element

    def paragraph(
        self, content: Inline, style: str | None = None, *, keep_next: bool = False
    ) -> None:
        """Append a paragraph of ``content`` in ``style``."""
        self.add(make_paragraph(content, style, keep_next=keep_next))

    def title_block(self, kicker: str, title: str, subtitle: str) -> None:
        """Append the cover's kicker, title and subtitle."""
        self.paragraph(kicker, "Kicker")
        self.paragraph(title, "Title")
        self.paragraph(subtitle, "Subtitle")

    def heading(self, text: str, level: int = 1, *, group: str | None = None) -> None:
        """A heading; ``group`` names the run of like sections a main heading belongs to."""
        element = self.add(make_paragraph(text, f"Heading{level}"))
        if group is not None:
            self.contents_groups.append((element, group))

    def text(self, value: str | None, style: str | None = None) -> None:
        """A long text field: one paragraph per blank-line-separated block."""
        for block in paragraphs(value):
            self.paragraph(block, style)

    def note(self, text: Inline, *, keep_next: bool = False) -> None:
        """Append a note: a muted aside."""
        self.paragraph(text, "Note", keep_next=keep_next)

    def callout(self, content: Inline) -> None:
        """Append a callout: a paragraph set apart for what matters most."""
        self.paragraph(content, "Callout")

    def quote(self, text: str, source: str | None = None) -> None:
        """Append ``text`` in quotation marks, one paragraph per block, and its source if any."""
        blocks = paragraphs(text)
        for i, block in enumerate(blocks):
            opening = "“" if i == 0 else ""
            closing = "”" if i == len(blocks) - 1 else ""
            self.paragraph(f"{opening}{block}{closing}", "Quote")
        if source:
            self.paragraph(f"— {source}", "QuoteSource")

    def bullets(self, items: Iterable[Inline]) -> int:
        """A bulleted list; a short one is kept on one page (with the heading before it)."""
        chosen = [item for item in items if has_text(plain(item))]
        keep = len(chosen) <= KEEP_LIST_ITEMS
        for index, item in enumerate(chosen):
            last = index == len(chosen) - 1
            self.add(make_paragraph(item, "ListBullet", keep_next=keep and not last))
        return len(chosen)

    def numbered(self, items: Iterable[Inline]) -> int:
        """A numbered list that starts again at 1."""
        chosen = [item for item in items if has_text(plain(item))]
        if not chosen:
            return 0
        num_id = self._restart_numbering()
        keep = len(chosen) <= KEEP_LIST_ITEMS
        for index, item in enumerate(chosen):
            last = index == len(chosen) - 1
            self.add(
                make_paragraph(item, "ListNumber", keep_next=keep and not last, num=(num_id, 0))
            )
        return len(chosen)

    def _restart_numbering(self) -> int:
        numbering = self.document.part.numbering_part.element
        if self._next_num is None:
            ids = [int(n.get(w("numId"))) for n in numbering.findall(w("num"))]
            self._next_num = max(ids, default=0) + 1
        num_id = self._next_num
        self._next_num += 1
        # w:num elements follow every w:abstractNum, so appending keeps the schema's order.
        num = sub(numbering, "num", numId=num_id)
        sub(num, "abstractNumId", val=2)
        override = sub(num, "lvlOverride", ilvl=0)
        sub(override, "startOverride", val=1)
        return num_id

    def still_to_agree(self, what: str) -> None:
        """Note a part with nothing in it yet: it gets no heading of its own, but a line in the
        "To agree together" list (``agree_together``).
        """
        self.to_agree.append(what)

    def agree_together(self) -> None:
        """The parts still empty, as one list at the end (nothing when every part is filled)."""
        if not self.to_agree:
            return
        self.heading("To agree together")
        self.note(
            "These parts are still open. We will settle them together and add them here.",
            keep_next=True,
        )
        self.bullets(self.to_agree)

    def page_break(self) -> None:
        """Start a new page."""
        p = etree.Element(w("p"))
        sub(sub(p, "r"), "br", type="page")
        self.add(p)

    def gap(self) -> None:
        """Space after a table (and the paragraph that keeps two tables apart)."""
        p = etree.Element(w("p"))
        ppr = sub(p, "pPr")
        sub(ppr, "spacing", before=0, after=0, line=200, lineRule="exact")
        self.add(p)

    # -- tables -----------------------------------------------------------------------------

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Inline]],
        *,
        caption: str | None = None,
    ) -> None:
        """A data table with a repeating, shaded header row; rows never break across pages
        (unless a row is too long to fit on one).
        """
        widths = split_width(self.content_width, [c.width for c in columns])
        overflow: list[tuple[str, str]] = []
        fitted = [
            [
                _fit(cell, width, f"{column.title} ({_row_name(row)})", overflow)
                for column, width, cell in zip(columns, widths, row, strict=True)
            ]
            for row in rows
        ]
        self.add(data_table(columns, widths, fitted))
        if caption:
            self.paragraph(caption, "Caption")
        else:
            self.gap()
        self._in_full(overflow)

    def _in_full(self, overflow: Sequence[tuple[str, str]]) -> None:
        """The whole text of cells too long for a table, as paragraphs below it."""
        for label, full in overflow:
            self.paragraph(Span(f"{label}, in full", bold=True), keep_next=True)
            self.text(full)

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
        weights = [0.19, 0.31, 0.19, 0.31] if columns == 2 else [0.32, 0.68]
        widths = split_width(self.content_width, weights)
        overflow: list[tuple[str, str]] = []
        pairs = [(label, _fit(value, widths[1], label, overflow)) for label, value in pairs]
        wide = [(label, _fit(value, sum(widths[1:]), label, overflow)) for label, value in wide]
        self.add(facts_table(widths, pairs, wide, columns))
        self.gap()
        self._in_full(overflow)

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
        ppr = sub(p, "pPr")
        sub(ppr, "pStyle", val="Figure")
        sub(sub(p, "r"), "drawing").append(inline)
        self.add(p)
        if caption:
            self.paragraph(caption, "Caption")
        else:
            self.gap()

    def logos(self, left: bytes | None, right: bytes | None) -> None:
        """One line of the cover: the ``left`` logo at the margin, the ``right`` one at the
        right margin, each at most ``LOGO_HEIGHT_IN`` tall and ``LOGO_WIDTH_IN`` wide.
        """
        p = etree.Element(w("p"))
        ppr = sub(p, "pPr")
        sub(ppr, "pStyle", val="Figure")
        tabs = sub(ppr, "tabs")
        sub(tabs, "tab", val="right", pos=self.content_width)
        sub(ppr, "jc", val="left")
        for index, png in enumerate((left, right)):
            if index == 1:
                sub(sub(p, "r"), "tab")
            if png is not None:
                sub(sub(p, "r"), "drawing").append(self._logo_inline(png, index))
        self.add(p)

    def _logo_inline(self, png: bytes, index: int) -> Any:
        from docx.shared import Emu

        part = self.document.part
        _rid, picture = part.get_or_add_image(io.BytesIO(png))
        px_w, px_h = picture.px_width or 1, picture.px_height or 1
        height = int(LOGO_HEIGHT_IN * EMU_PER_INCH)
        width = int(height * px_w / px_h)
        if width > LOGO_WIDTH_IN * EMU_PER_INCH:
            width = int(LOGO_WIDTH_IN * EMU_PER_INCH)
            height = int(width * px_h / px_w)
        inline = part.new_pic_inline(io.BytesIO(png), Emu(width), Emu(height))
        doc_pr = inline.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
        if doc_pr is not None:
            doc_pr.set("name", f"Logo {index + 1}")
            doc_pr.set("descr", "Company logo" if index == 0 else "Customer logo")
        return inline

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

    def save(self, out: Path, *, replace: bool = False) -> Path:
        """Write beside ``out`` first, then move into place. An existing file is replaced only
        when ``replace`` is given, and then in one step, so it is never left half-written.

        The document is put together in memory and written in one go: python-docx leaves its
        zip file open when the disk refuses a write, to fail again whenever it is collected.
        A failure of the disk (full, read-only, no permission) leaves no partial file behind
        and is raised as the ``OSError`` it was.
        """
        check_target(out, replace=replace)
        if self.contents:
            from csm_desk.export.contents import add_contents

            add_contents(self._body, self.content_width, groups=self.contents_groups)
            self.contents = False
        partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
        try:
            packed = io.BytesIO()
            self.document.save(packed)
            partial.write_bytes(packed.getbuffer())
            if replace:
                os.replace(partial, out)
            else:
                place_new(partial, out)
        finally:
            partial.unlink(missing_ok=True)
        return out


def cell_limit(width: int) -> int:
    """How many characters a table cell ``width`` twips wide shows: about ``CELL_LINES`` lines.
    Longer text goes below the table, since a cell that runs over pages makes Word and
    LibreOffice lay the table out again and again (minutes for a 20,000-character field).
    """
    return max(CELL_MIN_CHARS, int(width / TWIPS_PER_INCH * CHARS_PER_INCH * CELL_LINES))


def _fit(content: Inline, width: int, label: str, overflow: list[tuple[str, str]]) -> Inline:
    """``content`` if it fits a cell ``width`` twips wide; else its start, ending in "…", with
    the whole text added to ``overflow`` under ``label``.
    """
    text = clean(plain(content))
    limit = cell_limit(width)
    if len(text) <= limit:
        return content
    start = text[:limit]
    word_end = start.rfind(" ")
    if word_end > limit * 0.8:
        start = start[:word_end]
    overflow.append((label, text))
    return [Span(start.rstrip() + "…"), Span(" (in full below the table)", italic=True)]


def _row_name(row: Sequence[Inline]) -> str:
    """What names a table row in words: its first cell, shortened."""
    name = " ".join(clean(plain(row[0])).split()) if row else ""
    return name if len(name) <= ROW_NAME_CHARS else name[: ROW_NAME_CHARS - 1].rstrip() + "…"


def short_line(text: str, limit: int = HEADER_CHARS) -> str:
    """``text`` on one line of at most ``limit`` characters (a header or footer never wraps
    into the page).
    """
    value = " ".join(clean(text).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def check_target(out: Path, *, replace: bool = False) -> None:
    """Refuse a target that is not a .docx file, sits in no folder, or exists (unless it may be
    replaced, and is a file).
    """
    if out.suffix.lower() != ".docx":
        raise ExportError(f"{out} must end in .docx")
    if out.exists() and not (replace and out.is_file()):
        raise TargetExistsError(f"{out} already exists")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent} is not a folder (it does not exist)")


def place_new(source: Path, target: Path) -> None:
    """Move a finished file to ``target``, failing rather than replacing an existing file."""
    try:
        place_without_overwrite(source, target)
    except BookError as exc:
        raise ExportError(str(exc)) from None


__all__ = ["Column", "Composer", "Inline", "Span", "check_target", "place_new", "template_path"]
