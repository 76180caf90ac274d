"""Which review a QBR tells and which meeting a recap is made from: the one chosen (by id, on
the command line too), and never an internal meeting or one no customer attended."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from csm_desk import cli
from csm_desk.engine.recaps import recap_refusal
from csm_desk.export import ExportError, export_document
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import InsertRow
from csm_desk.models.writer import Writer
from tests.export.conftest import body_text


def ids(book: BookFile, sql: str, *params: object) -> list[int]:
    with book.engine.connect() as conn:
        return [int(r[0]) for r in conn.exec_driver_sql(sql, params)]


def run(*argv: str) -> int:
    return cli.run(list(argv), open_window=lambda _path: 99)


def test_recap_rule() -> None:
    assert recap_refusal("risk_review", 3) == "it is a risk review, an internal meeting"
    assert recap_refusal("check_in", 0) == "no one from the customer attended it"
    for kind in ("kickoff", "onboarding", "check_in", "qbr", "ebr", "executive", "renewal"):
        assert recap_refusal(kind, 1) is None


def test_a_qbr_tells_the_review_chosen(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    q2, q3 = ids(sample_book, "SELECT id FROM review WHERE account_id = ? ORDER BY date", northwind)
    latest = body_text(
        export_document(sample_book, northwind, "qbr", tmp_path / "l.docx", as_of=today)
    )
    assert "Q3 2026" in latest and "Q2 2026" not in latest
    chosen = body_text(
        export_document(
            sample_book, northwind, "qbr", tmp_path / "c.docx", as_of=today, review_id=q2
        )
    )
    assert "Q2 2026" in chosen and "Q3 2026" not in chosen
    assert "Close time down from five days to two and a half." in chosen
    with pytest.raises(ExportError, match="has no business review with id 999"):
        export_document(
            sample_book, northwind, "qbr", tmp_path / "x.docx", as_of=today, review_id=999
        )
    with pytest.raises(ExportError, match="a review can only be chosen for a qbr"):
        export_document(
            sample_book, northwind, "recap", tmp_path / "y.docx", as_of=today, review_id=q3
        )
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "y.docx").exists()


def test_a_review_of_another_account_is_not_found(
    sample_book: BookFile,
    northwind: int,
    other_accounts: tuple[int, ...],
    today: dt.date,
    tmp_path: Path,
) -> None:
    theirs = InsertRow(
        "review", {"account_id": other_accounts[0], "kind": "qbr", "date": today, "status": "draft"}
    )
    Writer(sample_book).run(theirs)
    assert theirs.pk is not None
    with pytest.raises(ExportError, match=f"no business review with id {theirs.pk['id']}"):
        export_document(
            sample_book,
            northwind,
            "qbr",
            tmp_path / "x.docx",
            as_of=today,
            review_id=int(theirs.pk["id"]),
        )


def test_an_internal_meeting_is_never_recapped(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    """Northwind's latest meeting is a risk review that the customer attended: it is internal
    by type, so it cannot be chosen and the default recap is the meeting before it."""
    (review,) = ids(
        sample_book,
        "SELECT id FROM meeting WHERE account_id = ? AND type = 'risk_review'",
        northwind,
    )
    with pytest.raises(ExportError) as caught:
        export_document(
            sample_book, northwind, "recap", tmp_path / "r.docx", as_of=today, meeting_id=review
        )
    message = str(caught.value)
    assert "\n" not in message
    assert f"meeting {review} of Northwind Payments (Adoption recovery review on 12 Nov 2026)" in (
        message
    )
    assert message.endswith(
        "cannot be recapped for the customer: it is a risk review, an internal meeting"
    )
    assert not (tmp_path / "r.docx").exists()
    default = body_text(
        export_document(sample_book, northwind, "recap", tmp_path / "d.docx", as_of=today)
    )
    assert "Adoption recovery review" not in default
    assert "Check-in after the change of programme owner" in default


def test_a_meeting_no_customer_attended_is_not_recapped(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    op = InsertRow(
        "meeting",
        {"account_id": northwind, "date": today, "type": "check_in", "title": "Prep call"},
    )
    Writer(sample_book).run(op)
    assert op.pk is not None
    with pytest.raises(ExportError, match="no one from the customer attended it"):
        export_document(
            sample_book,
            northwind,
            "recap",
            tmp_path / "r.docx",
            as_of=today,
            meeting_id=int(op.pk["id"]),
        )
    default = body_text(
        export_document(sample_book, northwind, "recap", tmp_path / "d.docx", as_of=today)
    )
    assert "Prep call" not in default


def test_the_command_line_exports_the_review_chosen(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with BookFile.open(sample_path) as book:
        q2 = ids(book, "SELECT id FROM review WHERE period = 'Q2 2026'")[0]
    out = tmp_path / "q2.docx"
    code = run(
        "export", "Northwind Payments", "qbr", "--review", str(q2), "-o", str(out),
        "--book", str(sample_path),
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert "Q2 2026" in body_text(out) and "Q3 2026" not in body_text(out)
    assert run(
        "export", "Northwind Payments", "qbr", "--review", "999", "-o", str(tmp_path / "x.docx"),
        "--book", str(sample_path),
    ) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert err == "csm-desk: Northwind Payments has no business review with id 999\n"


def test_a_script_picks_a_review_from_report_json_and_exports_it(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("report", "--json", "--book", str(sample_path)) == 0
    report = json.loads(capsys.readouterr().out)
    northwind = next(a for a in report["accounts"] if a["crm_id"] == "NW-4471")
    reviews = northwind["reviews"]
    assert len(reviews) >= 2
    assert all(set(r) == {"id", "kind", "date", "status"} for r in reviews)
    with BookFile.open(sample_path) as book, book.read() as conn:
        periods = {
            int(i): str(period)
            for i, period in conn.exec_driver_sql("SELECT id, period FROM review").fetchall()
        }
    for review in reviews:
        out = tmp_path / f"review-{review['id']}.docx"
        code = run(
            "export", "NW-4471", "qbr", "--review", str(review["id"]), "-o", str(out),
            "--book", str(sample_path),
        )  # fmt: skip
        assert code == 0, capsys.readouterr().err
        text = body_text(out)
        assert periods[review["id"]] in text
        others = set(periods.values()) - {periods[review["id"]]}
        assert not any(other in text for other in others)


def test_the_command_line_refuses_to_recap_an_internal_meeting(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with BookFile.open(sample_path) as book:
        (review,) = ids(book, "SELECT id FROM meeting WHERE type = 'risk_review'")
    out = tmp_path / "recap.docx"
    code = run(
        "export", "NW-4471", "recap", "--meeting", str(review), "-o", str(out),
        "--book", str(sample_path),
    )  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"csm-desk: meeting {review} of Northwind Payments")
    assert "it is a risk review, an internal meeting" in err
    assert not out.exists()
