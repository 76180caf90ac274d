"""Nothing empty goes out: a customer document whose plan the discipline check calls missing or
incomplete is refused with the unmet criteria unless the CSM chooses to go on, and the parts
still empty are one "To agree together" list rather than empty headings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from csm_desk import cli
from csm_desk.export import export_document
from csm_desk.export.readiness import IncompleteArtifactError, document_gaps
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import InsertRow
from csm_desk.models.writer import Writer
from tests.export.test_wording import document_texts

UNMET = (
    "no business objective; no KPI with a baseline, a target and a by-when date; "
    "no milestone with an owner and a due date; review cadence not set"
)


def bare_account(book: BookFile) -> int:
    op = InsertRow("account", {"name": "Bare Ltd"})
    Writer(book).run(op)
    assert op.pk is not None
    return int(op.pk["id"])


def test_a_missing_success_plan_is_refused_with_its_unmet_criteria(
    sample_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    bare = bare_account(sample_book)
    out = tmp_path / "plan.docx"
    with pytest.raises(IncompleteArtifactError) as caught:
        export_document(sample_book, bare, "success-plan", out, as_of=today)
    assert str(caught.value) == f"the success plan of Bare Ltd is missing: {UNMET}"
    assert not out.exists()
    gaps = document_gaps(sample_book, bare, "success-plan", today)
    assert gaps is not None and gaps.status == "missing"


def test_a_complete_plan_has_no_gaps_and_internal_documents_are_not_checked(
    sample_book: BookFile, northwind: int, today: dt.date
) -> None:
    assert document_gaps(sample_book, northwind, "success-plan", today) is None
    assert document_gaps(sample_book, northwind, "account-brief", today) is None


def test_the_command_refuses_in_one_line_unless_told_to_go_on(
    sample_book: BookFile, sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare_account(sample_book)
    sample_book.close()
    out = tmp_path / "plan.docx"
    argv = ["export", "Bare Ltd", "success-plan", "-o", str(out), "--book", str(sample_path)]
    assert cli.run(argv, open_window=lambda _p: 99) == 1
    err = capsys.readouterr().err
    assert err == (
        f"csm-desk: the success plan of Bare Ltd is missing: {UNMET}; "
        "use --allow-incomplete to export it anyway\n"
    )
    assert not out.exists()
    assert cli.run([*argv, "--allow-incomplete"], open_window=lambda _p: 99) == 0
    captured = capsys.readouterr()
    assert captured.err == f"csm-desk: warning: the success plan of Bare Ltd is missing: {UNMET}\n"
    assert "Wrote the joint success plan for Bare Ltd" in captured.out
    assert out.exists()


def test_empty_parts_fold_into_one_list_instead_of_empty_headings(
    sample_book: BookFile, today: dt.date, tmp_path: Path
) -> None:
    import docx

    bare = bare_account(sample_book)
    out = export_document(
        sample_book, bare, "success-plan", tmp_path / "p.docx", as_of=today, allow_incomplete=True
    )
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    # Nothing to sum up yet; the acceptance block still closes the plan.
    assert headings == ["To agree together", "Acceptance"]
    listed = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Success metrics, each with a baseline, a target and a date" in listed
    assert "Milestones, each with an owner and a due date" in listed
    assert "Whom we turn to, in order, if the plan falls off track" in listed
    text = "\n".join(document_texts(out))
    assert "still to be" not in text


def test_a_filled_plan_has_no_list_to_agree(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = export_document(sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=today)
    assert "To agree together" not in "\n".join(document_texts(out))
