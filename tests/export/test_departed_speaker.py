"""A success statement credited to someone who has since left the customer: flagged before the
plan is written, and shown in the plan without presenting them as the current champion."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest

from csm_desk.export import export_document
from csm_desk.export.cli import run_export
from csm_desk.export.documents import narrative_warnings
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import SetFields
from csm_desk.models.writer import Writer
from tests.export.conftest import body_text

WORDS = "If my team can stop living in spreadsheets at month end, this was worth it."


def _say(book: BookFile, account: int, statement: str) -> None:
    Writer(book).run(SetFields("account", {"id": account}, {"success_statement": statement}))


@pytest.mark.parametrize(
    "statement",
    [
        f"“{WORDS}” (Priya Nair, Head of Payment Operations)",
        f'"{WORDS}" — priya  nair',
    ],
)
def test_a_statement_by_a_departed_champion_is_flagged_and_not_credited(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path, statement: str
) -> None:
    _say(sample_book, northwind, statement)
    found = narrative_warnings(sample_book, northwind, "success-plan", as_of=today)
    assert len(found) == 1
    assert found[0].startswith("The success statement is credited to ")
    assert "who has left Northwind Payments" in found[0]
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    text = body_text(out)
    assert WORDS in text
    assert "Success, in our customer’s words" in text
    assert "in the champion’s words" not in text
    # No line names who said it (Priya Nair still appears where she owned a milestone).
    assert not [line for line in text.splitlines() if line.startswith("— ")]
    assert "Head of Payment Operations" not in text


def test_the_current_champion_is_quoted_as_before(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    _say(sample_book, northwind, f"“{WORDS}” (Elena Sokolova, Director of Finance Systems)")
    assert narrative_warnings(sample_book, northwind, "success-plan", as_of=today) == []
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    text = body_text(out)
    assert "Success, in the champion’s words" in text
    assert "Elena Sokolova, Director of Finance Systems" in text


def test_before_the_departure_the_statement_is_still_the_champions(
    sample_book: BookFile, northwind: int, tmp_path: Path
) -> None:
    # Priya Nair left on 15 October 2026: a plan dated before then quotes her as champion.
    _say(sample_book, northwind, f"“{WORDS}” (Priya Nair, Head of Payment Operations)")
    before = dt.date(2026, 10, 1)
    assert narrative_warnings(sample_book, northwind, "success-plan", as_of=before) == []


def test_cli_prints_the_warning(
    sample_path: Path, northwind: int, today: dt.date, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    book = BookFile.open(sample_path)
    try:
        _say(book, northwind, f"“{WORDS}” (Priya Nair)")
    finally:
        book.close()
    args = argparse.Namespace(
        account="Northwind Payments", document="success-plan", output=str(tmp_path / "p.docx")
    )
    assert run_export(args, sample_path, today) == 0
    assert "csm-desk: warning: The success statement is credited to Priya Nair" in (
        capsys.readouterr().err
    )
