"""One number per fact: a QBR shows its figures as of its review's date, and a narrative that
quotes a success metric at a value the book does not hold is flagged before writing."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import docx
import pytest

from csm_desk.export import export_document
from csm_desk.export.cli import run_export
from csm_desk.export.consistency import quoted_mismatches
from csm_desk.export.customer_view import ViewKpi
from csm_desk.export.documents import narrative_warnings
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import SetFields
from csm_desk.models.writer import Writer
from tests.export.conftest import body_text

REVIEW_DAY = dt.date(2026, 9, 24)


def _row_of(path: Path, metric: str) -> list[str]:
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if cells and cells[0] == metric:
                return cells
    raise AssertionError(metric)


def test_qbr_shows_its_figures_as_of_its_review_date(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "qbr", tmp_path / "q.docx", as_of=today)
    # Seat utilisation read 82 % on 31 August and 60 % on 15 November: the review of
    # 24 September shows 82 %, not today's 60 %.
    assert _row_of(out, "Seat utilisation")[2] == "82%"
    assert _row_of(out, "Transactions matched automatically")[2] == "71%"
    text = body_text(out)
    assert "latest readings on or before 24 September 2026" in text
    assert "Where we stand on 24 September 2026" in text
    assert "Prepared for Northwind Payments · 24 September 2026" in text
    assert "22 November 2026" not in text


def test_success_plan_states_its_as_of_date(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    text = body_text(out)
    assert "Where we stand on 22 November 2026" in text
    assert _row_of(out, "Seat utilisation")[2] == "60%"


def test_a_narrative_contradicting_the_book_is_flagged(
    sample_book: BookFile, northwind: int, today: dt.date
) -> None:
    # The Q3 review's outcomes say 84 % of transactions match automatically; on the review's
    # date the book holds 71 % (84 % was read on 31 October).
    found = narrative_warnings(sample_book, northwind, "qbr", as_of=today)
    assert found == [
        "The outcomes: Transactions matched automatically is given as 84%, but the book holds "
        "71% on 24 Sep 2026"
    ]
    # Written to agree with the book, nothing is flagged.
    with sample_book.engine.connect() as conn:
        review = conn.exec_driver_sql(
            "SELECT id FROM review WHERE account_id = ? AND date = ?",
            (northwind, REVIEW_DAY.isoformat()),
        ).scalar_one()
    Writer(sample_book).run(
        SetFields(
            "review",
            {"id": review},
            {"outcomes": "71% of transactions now match automatically, up from 40%."},
        )
    )
    assert narrative_warnings(sample_book, northwind, "qbr", as_of=today) == []
    assert narrative_warnings(sample_book, northwind, "recap", as_of=today) == []


def test_cli_prints_a_warning_line_for_a_contradicting_narrative(
    sample_path: Path, today: dt.date, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(
        account="Northwind Payments", document="qbr", output=str(tmp_path / "q.docx")
    )
    assert run_export(args, sample_path, today) == 0
    err = capsys.readouterr().err
    assert (
        "csm-desk: warning: The outcomes: Transactions matched automatically is given as 84%" in err
    )


@pytest.mark.parametrize(
    ("text", "current", "flagged"),
    [
        ("Auto-match rate up from 62% to 93%.", 93, False),
        ("Auto-match rate up from 62% to 93%.", 87, True),
        ("Auto-match rate up from 62% to 87–93% since go-live.", 87, False),
        ("The auto-match rate is 87.0%.", 87.04, False),
        ("Auto-match rate is on its way to 95%.", 80, False),  # the target, not a claim
        ("About 30 analyst hours a week saved; auto-match rate holding.", 80, False),
    ],
)
def test_quoted_values(text: str, current: float, flagged: bool) -> None:
    kpi = ViewKpi(1, None, "Auto-match rate", "%", 62, current, 95, True, None, None, ())
    assert bool(quoted_mismatches("the outcomes", text, [kpi], REVIEW_DAY)) is flagged


def test_number_words_for_a_metric_in_days() -> None:
    kpi = ViewKpi(1, None, "Month-end close", "working days", 6, 5, 3, False, None, None, ())
    text = "Month-end close down from six working days to four."
    (found,) = quoted_mismatches("what changed", text, [kpi], REVIEW_DAY)
    assert found.quoted == "four" and found.held == "5 working days"


def test_qbr_summary_asks_only_what_was_open_by_the_review_date(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    from csm_desk.export.customer_load import load_customer_view

    view = load_customer_view(sample_book, northwind, today)
    review = next(r for r in view.reviews if r.date == REVIEW_DAY)
    said = f"{review.recommendations}\n{review.decisions_needed}"
    later = [
        a.text
        for m in view.meetings
        if m.date is not None and m.date > REVIEW_DAY
        for a in m.actions
        if a.side == "customer" and a.text not in said
    ]
    assert later  # the sample has customer actions from meetings after the review
    out = export_document(sample_book, northwind, "qbr", tmp_path / "q.docx", as_of=today)
    text = body_text(out)
    summary = text[text.index("Executive summary") : text.index("Agenda")]
    assert not any(action in summary for action in later)


def test_qbr_counts_milestones_complete_by_its_date(
    sample_book: BookFile, northwind: int, today: dt.date
) -> None:
    from csm_desk.export.customer_docs import document_view
    from csm_desk.export.customer_summary import qbr_summary

    view, review = document_view(sample_book, northwind, "qbr", today)
    assert review is not None
    done = sum(
        1
        for m in view.milestones
        if m.status == "complete" and (m.completed_on is None or m.completed_on <= REVIEW_DAY)
    )
    assert (
        f"{done} of {len(view.milestones)} milestones complete" in qbr_summary(view, review).status
    )
