"""A table of contents for a long document: its main headings, each with its page number.

The pages are not known until a word processor lays the document out, so the length is
estimated from the text, tables and pictures; above ``CONTENTS_FROM_PAGES`` a contents list is
put before the first main section. Each line names a main heading, links to a bookmark on it
and gives its page in a PAGEREF field, which LibreOffice works out as it lays the pages out and
Word works out when it opens the file (the field is marked dirty).

A list longer than ``MOST_ENTRIES`` lines would not be read (a hand-over brief has a main
heading per account): then each run of like sections the document names (``groups``) is shown
in a few lines, each naming the first and last section it covers and the page of the first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from lxml import etree

from csm_desk.export.ooxml import Span, add_run, sub, w

CONTENTS_FROM_PAGES = 6
# The estimate: lines on a page, characters on a line, lines a table row or picture takes.
LINES_PER_PAGE = 46
CHARS_PER_LINE = 95
ROW_LINES = 1.6
PICTURE_LINES = 18
# Main headings the contents list leaves out: the summary before it, and itself.
SKIPPED = ("Executive summary", "Contents")
# The most lines a contents list has when the document names runs of like sections.
MOST_ENTRIES = 30
# The fewest lines a run of like sections is shown in, when it is shortened.
RUN_LINES = 6


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def _style(p: etree._Element) -> str:
    found = p.find(f"{w('pPr')}/{w('pStyle')}")
    return str(found.get(w("val"))) if found is not None else ""


def estimated_pages(body: etree._Element) -> float:
    """About how many pages ``body`` fills."""
    lines = 0.0
    for element in body:
        if element.tag == w("p"):
            lines += 1 + len(_text(element)) / CHARS_PER_LINE
            if element.find(f".//{w('drawing')}") is not None:
                lines += PICTURE_LINES
            for br in element.iter(w("br")):
                if br.get(w("type")) == "page":
                    lines = (int(lines // LINES_PER_PAGE) + 1) * LINES_PER_PAGE
        elif element.tag == w("tbl"):
            for row in element.iter(w("tr")):
                cells = row.findall(w("tc"))
                widest = max((len(_text(c)) for c in cells), default=0)
                share = max(len(cells), 1)
                lines += ROW_LINES + widest * share / CHARS_PER_LINE
    return lines / LINES_PER_PAGE


def _field_char(p: etree._Element, kind: str) -> None:
    char = sub(sub(p, "r"), "fldChar", fldCharType=kind)
    if kind == "begin":
        # Word works the page number out again when it opens the file.
        char.set(w("dirty"), "true")


def _instruction(p: etree._Element, text: str) -> None:
    run = sub(p, "r")
    instr = sub(run, "instrText")
    instr.text = text
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


class Entry(NamedTuple):
    """One line of the contents list: its words and the main heading it leads to."""

    text: str
    heading: etree._Element


def contents_entries(
    headings: Sequence[etree._Element],
    groups: Sequence[tuple[etree._Element, str]] = (),
    most: int = MOST_ENTRIES,
) -> list[Entry]:
    """The lines of the contents list: one per main heading while there are at most ``most``;
    beyond that each run of consecutive headings of one of ``groups`` is cut into just enough
    blocks to bring the list within ``most`` lines (at least ``RUN_LINES`` per run, more when
    there is room), each block one line "Run name: first – last" leading to its first heading.
    """
    named = {id(element): group for element, group in groups}
    if len(headings) <= most or not named:
        return [Entry(_text(h).strip(), h) for h in headings]
    runs: list[tuple[str | None, list[etree._Element]]] = []
    for heading in headings:
        group = named.get(id(heading))
        if group is not None and runs and runs[-1][0] == group:
            runs[-1][1].append(heading)
        else:
            runs.append((group, [heading]))
    single = sum(len(items) for group, items in runs if group is None)
    grouped = [items for group, items in runs if group is not None]
    room = max(RUN_LINES * len(grouped), most - single)
    per_run = max(RUN_LINES, room // max(len(grouped), 1))
    entries: list[Entry] = []
    for group, items in runs:
        if group is None or len(items) <= per_run:
            entries += [Entry(_text(h).strip(), h) for h in items]
            continue
        size = math.ceil(len(items) / per_run)
        for start in range(0, len(items), size):
            block = items[start : start + size]
            first, last = _text(block[0]).strip(), _text(block[-1]).strip()
            words = first if len(block) == 1 else f"{first} – {last}"
            entries.append(Entry(f"{group}: {words}", block[0]))
    return entries


def add_contents(
    body: etree._Element,
    width: int,
    *,
    min_pages: float = CONTENTS_FROM_PAGES,
    groups: Sequence[tuple[etree._Element, str]] = (),
) -> bool:
    """Put a contents list before the first main section of a document longer than
    ``min_pages``, its page numbers at the right of a text block ``width`` twips wide; whether
    one was added. ``groups`` are the main headings that belong to runs of like sections, with
    the run's name (see ``contents_entries``).
    """
    headings = [
        p
        for p in body.iterchildren(w("p"))
        if _style(p) == "Heading1" and _text(p).strip() and _text(p).strip() not in SKIPPED
    ]
    if len(headings) < 3 or estimated_pages(body) <= min_pages:
        return False
    lines = contents_entries(headings, groups)
    entries: list[etree._Element] = []
    for index, (text, heading) in enumerate(lines, start=1):
        name = f"_Toc{index:05d}"
        ppr = heading.find(w("pPr"))
        start = etree.Element(w("bookmarkStart"))
        start.set(w("id"), str(9000 + index))
        start.set(w("name"), name)
        end = etree.Element(w("bookmarkEnd"))
        end.set(w("id"), str(9000 + index))
        if ppr is not None:
            ppr.addnext(start)
        else:
            heading.insert(0, start)
        heading.append(end)
        entries.append(_entry(text, name, width, keep=index < len(lines)))
    title = etree.Element(w("p"))
    title_ppr = sub(title, "pPr")
    sub(title_ppr, "pStyle", val="Kicker")
    sub(title_ppr, "keepNext")
    add_run(title, Span("Contents"), False)
    anchor = headings[0]
    anchor.addprevious(title)
    for entry in entries:
        anchor.addprevious(entry)
    return True


def _entry(text: str, bookmark: str, width: int, *, keep: bool) -> etree._Element:
    """One line of the list: the heading, a tab with dot leader, its page number; every line
    but the last keeps with the next, so the list is never split over two pages.
    """
    p = etree.Element(w("p"))
    ppr = sub(p, "pPr")
    if keep:
        sub(ppr, "keepNext")
    tabs = sub(ppr, "tabs")
    sub(tabs, "tab", val="right", leader="dot", pos=width)
    sub(ppr, "spacing", before=0, after=60)
    link = sub(p, "hyperlink")
    link.set(w("anchor"), bookmark)
    link.set(w("history"), "1")
    add_run(link, Span(text), False)
    sub(sub(link, "r"), "tab")
    _field_char(link, "begin")
    _instruction(link, f" PAGEREF {bookmark} \\h ")
    _field_char(link, "separate")
    number = sub(link, "r")
    t = sub(number, "t")
    t.text = "1"
    _field_char(link, "end")
    return p
