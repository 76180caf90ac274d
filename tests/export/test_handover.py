"""The hand-over brief: owner's notes, book totals, one page per active account."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from csm_desk.engine.book import score_book
from csm_desk.export import write_handover_brief
from csm_desk.export.handover import health_in_words
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book
from csm_desk.models.ops import Batch, InsertRow
from csm_desk.models.writer import Writer
from tests.export.conftest import body_text, package_text


def test_brief_of_the_sample_book(sample_book: BookFile, today: dt.date, tmp_path: Path) -> None:
    Writer(sample_book).run(
        Batch(
            "churned",
            [
                InsertRow(
                    "account",
                    {"name": "Gone Ltd", "arr": 0.0, "contract_start": dt.date(2025, 1, 1)},
                ),
            ],
        )
    )
    with sample_book.engine.connect() as conn:
        gone = conn.exec_driver_sql("SELECT id FROM account WHERE name = 'Gone Ltd'").scalar_one()
    Writer(sample_book).run(
        Batch(
            "history",
            [
                InsertRow(
                    "arr_event",
                    {
                        "account_id": gone,
                        "date": dt.date(2025, 1, 1),
                        "kind": "new",
                        "amount": 20000.0,
                    },
                ),
                InsertRow(
                    "arr_event",
                    {
                        "account_id": gone,
                        "date": dt.date(2026, 3, 1),
                        "kind": "churn",
                        "amount": 20000.0,
                    },
                ),
            ],
        )
    )
    steps: list[tuple[int, int]] = []
    out = write_handover_brief(
        sample_book, tmp_path / "brief.docx", today, progress=lambda d, t: steps.append((d, t))
    )
    text = body_text(out)
    assert "Start with Northwind: the renewal is in January" in text  # the owner's notes
    assert "Maya Lindqvist’s book" in text
    assert "4 accounts · $372,000 ARR" in text
    assert "Took the book over in January 2026." in text
    assert "Churned, kept for history: Gone Ltd." in text
    document = docx.Document(str(out))
    pages = [p.text for p in document.paragraphs if p.style.style_id == "Heading1"]
    accounts = ["Contoso Health", "Fabrikam Logistics", "Northwind Payments", "Tailspin Travel"]
    assert [p for p in pages if p in [*accounts, "Gone Ltd"]] == accounts
    body = package_text(out)["word/document.xml"]
    assert body.count('w:type="page"') == len(accounts)
    assert "Champion Priya Nair left on 15 October" in text  # Northwind's open risk
    assert "Run enablement sessions for the APAC team" in text  # an open action
    assert "Stakeholder map: " in text  # a stale artifact
    assert "Internal — do not share" in "\n".join(
        p.text for p in document.sections[0].header.paragraphs
    )
    totals = {t for _, t in steps}
    assert totals == {2 * (len(accounts) + 1) + 2}  # four active accounts and a churned one
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert len(steps) >= len(accounts) + 4


def test_health_in_words_names_the_weakest_component(
    sample_book: BookFile, northwind: int, today: dt.date
) -> None:
    result = score_book(load_book(sample_book, full_history=True), today)
    words = health_in_words(result.by_id(northwind))  # type: ignore[arg-type]
    # The score and its band are said once, in the account brief's words (health_words).
    assert "Stable band" not in words
    assert "Weakest: support at 40 (open high-severity tickets 2" in words
    assert "strongest: engagement at 100" in words


def test_an_empty_book(empty_book: BookFile, today: dt.date, tmp_path: Path) -> None:
    out = write_handover_brief(empty_book, tmp_path / "brief.docx", today)
    text = body_text(out)
    assert "0 accounts" in text
    assert "No notes were left for the next owner." in text
    assert "Nothing in the book needs attention today." in text


def test_brief_for_a_successor_names_them_and_records_this_handover(
    sample_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    out = write_handover_brief(
        sample_book, tmp_path / "brief.docx", today, successor="Jo Park", note="Call Elena first"
    )
    text = body_text(out)
    document = docx.Document(str(out))
    assert "For Jo Park" in document.paragraphs[2].text
    assert "Handed over to Jo Park by Maya Lindqvist on 22 November 2026." in text
    heads = ["Date", "From", "To"]
    history = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == heads)
    last = [c.text for c in history.rows[-1].cells]
    assert last == ["22 Nov 2026", "Maya Lindqvist", "Jo Park", "Call Elena first"]
    header = document.sections[0].header.paragraphs[0].text
    assert "Hand-over brief for Jo Park" in header
    # Written again after the log holds this hand-over, it is listed once.
    Writer(sample_book).run(
        InsertRow(
            "handover_log",
            {"from_owner": "Maya Lindqvist", "to_owner": "Jo Park", "handed_over_at": today},
        )
    )
    again = write_handover_brief(sample_book, tmp_path / "again.docx", today, successor="Jo Park")
    assert body_text(again).count("Jo Park\n") == body_text(out).count("Jo Park\n")


def test_brief_says_health_in_the_account_briefs_words(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    from csm_desk.export import export_document

    account = export_document(
        sample_book, northwind, "account-brief", tmp_path / "a.docx", as_of=today
    )
    brief = write_handover_brief(sample_book, tmp_path / "b.docx", today)
    in_account = [
        p.text for p in docx.Document(str(account)).paragraphs if p.text.startswith("Health ")
    ]
    assert in_account and "since" in in_account[0]
    handed = [p.text for p in docx.Document(str(brief)).paragraphs]
    assert in_account[0] in handed
