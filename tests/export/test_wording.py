"""Every document of every demo account reads as a person would write it: dates in words, labels
instead of stored keys, one minus sign, no doubled punctuation and no "None", "nan" or lone dash
standing in for a value."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from csm_desk.engine import vocab
from csm_desk.export import DOCUMENTS, ExportError, export_document, write_handover_brief
from csm_desk.export import text as words
from csm_desk.models.bookfile import BookFile


def _underscore_keys() -> set[str]:
    found: set[str] = set()
    for name in dir(vocab):
        kind = getattr(vocab, name)
        if isinstance(kind, type) and issubclass(kind, vocab.Vocab) and kind is not vocab.Vocab:
            found |= {member.value for member in kind if "_" in member.value}
    return found


RAW_KEY = re.compile(r"\b(" + "|".join(sorted(_underscore_keys(), key=len, reverse=True)) + r")\b")
PROBLEMS = {
    "an ISO date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "a stored vocabulary key": RAW_KEY,
    # ".." (not an ellipsis), ". ,", ", ;"… and a stop before a bracket or a dash: "discount. (Ryan"
    "doubled punctuation": re.compile(
        r"(?<!\.)[.;:,][ \t]*[.;:,](?!\.)|[.;:,][ \t]+\((?=[A-Z])|[.;,][ \t]+—[ \t]"
    ),
    "None or nan as a value": re.compile(r"\b(None|nan|NaN)\b"),
    "a dash standing for a value": re.compile(r"^[ \t]*[—–-][ \t]*$|—[ \t]*→|→[ \t]*—", re.M),
    "a hyphen as a minus sign": re.compile(r"(?<![\w\-–—/.])-\d"),
    "an acronym in lower case": re.compile(r"\b(nps|qbr|arr|kpi|ebr|csat)\b"),
}


def document_texts(path: Path) -> list[str]:
    """Every paragraph and every table cell (nested tables too), header and footer of a .docx."""
    import docx

    document = docx.Document(str(path))
    found: list[str] = []

    def cells(tables: list[object]) -> None:
        for table in tables:
            for row in table.rows:  # type: ignore[attr-defined]
                for cell in row.cells:
                    found.extend(p.text for p in cell.paragraphs)
                    found.append(cell.text)
                    cells(cell.tables)

    found.extend(p.text for p in document.paragraphs)
    cells(document.tables)
    for section in document.sections:
        found.extend(p.text for p in section.header.paragraphs)
        found.extend(p.text for p in section.footer.paragraphs)
    return found


def problems_in(path: Path) -> list[str]:
    out = []
    for piece in document_texts(path):
        for what, pattern in PROBLEMS.items():
            hit = pattern.search(piece)
            if hit:
                out.append(f"{path.stem}: {what} {hit.group(0)!r} in {piece[:160]!r}")
    return out


def test_every_document_of_every_demo_account_reads_as_written_by_a_person(
    demo_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    with demo_book.engine.connect() as conn:
        accounts = conn.exec_driver_sql("SELECT id FROM account ORDER BY id").fetchall()
        meetings = conn.exec_driver_sql("SELECT account_id, id FROM meeting").fetchall()
        reviews = conn.exec_driver_sql("SELECT account_id, id FROM review").fetchall()
    # Every document with its default choices, then a recap of every meeting and a QBR of
    # every review.
    wanted = [(a, key, {}) for (a,) in accounts for key in DOCUMENTS]
    wanted += [(a, "recap", {"meeting_id": m}) for a, m in meetings]
    wanted += [(a, "qbr", {"review_id": r}) for a, r in reviews]
    written: list[Path] = []
    for index, (account_id, key, chosen) in enumerate(wanted):
        out = tmp_path / f"{account_id}-{key}-{index}.docx"
        try:
            written.append(
                export_document(
                    demo_book, account_id, key, out, as_of=today, allow_incomplete=True, **chosen
                )
            )
        except ExportError:
            continue  # nothing to write (an internal meeting, no review, no renewal plan)
    written.append(write_handover_brief(demo_book, tmp_path / "handover-brief.docx", today))
    # Every kind of document was written for at least one account.
    kinds = {p.stem.split("-", 1)[1].rsplit("-", 1)[0] for p in written if p.stem[0].isdigit()}
    assert kinds == set(DOCUMENTS)
    assert len(written) > len(accounts) * 4
    problems = [line for path in written for line in problems_in(path)]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(
    ("sample", "what"),
    [
        ("Milestone due 2026-11-28: Kickoff", "an ISO date"),
        ("Health 16.0 is at_risk", "a stored vocabulary key"),
        ("Offer a discount. (Ryan Castillo)", "doubled punctuation"),
        ("Done.. next", "doubled punctuation"),
        ("Owner: None", "None or nan as a value"),
        ("—", "a dash standing for a value"),
        ("latest NPS response — → 90", "a dash standing for a value"),
        ("growth -32.1%", "a hyphen as a minus sign"),
        ("renewed with new arr", "an acronym in lower case"),
    ],
)
def test_the_scan_catches_what_it_looks_for(sample: str, what: str) -> None:
    assert PROBLEMS[what].search(sample)


@pytest.mark.parametrize(
    "sample",
    [
        "9 February 2027",
        "Wait...",
        "A 30-day window, 2-3 people",
        "Auto-match rate 87–93%",
        "Health 54.2 · At risk (−22.1 since 18 Oct)",
        "Prepared for Northwind Payments · 22 November 2026",
    ],
)
def test_the_scan_passes_ordinary_wording(sample: str) -> None:
    assert not [what for what, pattern in PROBLEMS.items() if pattern.search(sample)]


def test_the_one_wording_helper_writes_dates_numbers_and_missing_values_in_words() -> None:
    assert words.day(dt.date(2027, 2, 9)) == "9 Feb 2027"
    assert words.long_day(dt.date(2027, 2, 9)) == "9 February 2027"
    assert words.day(None) == ""
    assert words.number(-3.5, "days") == "−3.5 days"
    assert words.number(float("nan"), "%") == ""
    assert words.percent(-4) == "−4.0%"
    assert words.signed(-4) == "−4.0"
    assert words.clean(None) == words.clean(float("nan")) == ""
    assert words.clause("a discounted one.") == "a discounted one"
    assert words.clause("Wait...") == "Wait..."
    assert words.date_range(dt.date(2025, 8, 14), None) == "from 14 Aug 2025"
    assert words.date_range(None, None) == ""
