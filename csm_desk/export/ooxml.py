"""WordprocessingML by hand: qualified names, runs of text, paragraphs.

Every piece of text goes through ``text.clean`` here on its way into the XML, so nothing the user
typed (a pasted control character) can make the file unreadable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from csm_desk.export.text import clean, is_rtl

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"

Align = Literal["left", "right", "center"]

_QUALIFIED: dict[str, str] = {}


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML tag or attribute (cached: called per cell)."""
    name = _QUALIFIED.get(tag)
    if name is None:
        name = _QUALIFIED[tag] = f"{{{W_NS}}}{tag}"
    return name


@dataclass(frozen=True)
class Span:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    style: str | None = None  # a character style of the template


Inline = str | Span | Sequence[str | Span]


def spans(content: Inline) -> list[Span]:
    """``content`` as a list of spans."""
    if isinstance(content, str):
        return [Span(content)]
    if isinstance(content, Span):
        return [content]
    return [Span(c) if isinstance(c, str) else c for c in content]


def plain(content: Inline) -> str:
    """``content`` as plain text, without its formatting."""
    return "".join(s.text for s in spans(content))


def set_attr(el: etree._Element, attr: str, value: str | int) -> None:
    """Set WordprocessingML attribute ``attr`` of ``el`` to ``value``."""
    el.set(w(attr), str(value))


def sub(parent: etree._Element, tag: str, **attrs: str | int) -> etree._Element:
    """Append a WordprocessingML ``tag`` to ``parent``, with ``attrs``, and return it."""
    if attrs:
        return etree.SubElement(parent, w(tag), {w(k): str(v) for k, v in attrs.items()})
    return etree.SubElement(parent, w(tag))


def add_text(run: etree._Element, text: str) -> None:
    """Text into a run: tabs become tab marks, newlines line breaks."""
    for i, line in enumerate(text.split("\n")):
        if i:
            sub(run, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                sub(run, "tab")
            if piece:
                t = sub(run, "t")
                t.text = piece
                t.set(f"{{{XML_NS}}}space", "preserve")


def add_run(parent: etree._Element, span: Span, rtl: bool) -> None:
    """Append ``span`` to ``parent`` as a run, with its formatting; empty text adds nothing."""
    text = clean(span.text)
    if not text:
        return
    run = sub(parent, "r")
    if span.style or span.bold or span.italic or span.colour or rtl:
        rpr = sub(run, "rPr")
        if span.style:
            sub(rpr, "rStyle", val=span.style)
        if span.bold:
            sub(rpr, "b")
            sub(rpr, "bCs")
        if span.italic:
            sub(rpr, "i")
            sub(rpr, "iCs")
        if span.colour:
            sub(rpr, "color", val=span.colour)
        if rtl:
            sub(rpr, "rtl")
    add_text(run, text)


def make_paragraph(
    content: Inline,
    style: str | None = None,
    *,
    keep_next: bool = False,
    align: Align | None = None,
    num: tuple[int, int] | None = None,
) -> etree._Element:
    """A ``w:p`` with ``content``; right-to-left text gets a right-to-left paragraph.

    ``align`` left is the paragraph's natural start (the right edge for right-to-left text), so
    only right and centre are written.
    """
    found = spans(content)
    rtl = is_rtl(clean("".join(s.text for s in found)))
    if align == "left":
        align = None
    p = etree.Element(w("p"))
    if style or keep_next or align or num or rtl:
        ppr = sub(p, "pPr")
        if style:
            sub(ppr, "pStyle", val=style)
        if keep_next:
            sub(ppr, "keepNext")
        if num is not None:
            numpr = sub(ppr, "numPr")
            sub(numpr, "ilvl", val=num[1])
            sub(numpr, "numId", val=num[0])
        if rtl:
            sub(ppr, "bidi")
        if align:
            sub(ppr, "jc", val=align)
    for span in found:
        add_run(p, span, rtl)
    return p
