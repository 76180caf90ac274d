"""``csm-desk export`` and ``handover --brief`` from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from csm_desk import cli
from csm_desk.export import DOCUMENTS
from csm_desk.export import cli as export_cli
from tests.export.conftest import body_text


def run(*argv: str) -> int:
    return cli.run(list(argv), open_window=lambda _path: 99)


def test_export_by_name_in_any_case(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.docx"
    code = run(
        "export", "NORTHWIND payments", "success-plan", "-o", str(out), "--book", str(sample_path)
    )
    assert code == 0
    assert "Northwind Payments" in body_text(out)
    assert (
        f"Wrote the joint success plan for Northwind Payments to {out}" in capsys.readouterr().out
    )


def test_export_by_crm_id_with_a_meeting(sample_path: Path, tmp_path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(sample_path)
    kickoff = con.execute("SELECT id FROM meeting WHERE type = 'kickoff'").fetchone()[0]
    con.close()
    out = tmp_path / "recap.docx"
    assert (
        run(
            "export",
            "NW-4471",
            "recap",
            "-o",
            str(out),
            "--meeting",
            str(kickoff),
            "--book",
            str(sample_path),
        )
        == 0
    )
    assert "Kickoff and success planning" in body_text(out)


@pytest.mark.parametrize(
    ("account", "document", "expected"),
    [
        ("Nobody Inc", "success-plan", "no account called 'Nobody Inc'"),
        ("Northwind Paymnts", "success-plan", "did you mean 'Northwind Payments'?"),
        ("Northwind Payments", "brochure", "unknown document 'brochure'; choose one of: "),
    ],
)
def test_bad_names_fail_with_one_line(
    sample_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    account: str,
    document: str,
    expected: str,
) -> None:
    out = tmp_path / "x.docx"
    assert run("export", account, document, "-o", str(out), "--book", str(sample_path)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err
    if document == "brochure":
        assert all(name in err for name in DOCUMENTS)
    assert not out.exists()


def test_missing_book_and_existing_output_are_refused(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.docx"
    assert (
        run(
            "export",
            "Northwind Payments",
            "qbr",
            "-o",
            str(out),
            "--book",
            str(tmp_path / "none.csmbook"),
        )
        == 1
    )
    assert "no book at" in capsys.readouterr().err
    out.write_bytes(b"keep")
    assert (
        run("export", "Northwind Payments", "qbr", "-o", str(out), "--book", str(sample_path)) == 1
    )
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"keep"


def test_two_accounts_with_one_name_ask_for_the_crm_id(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    con = sqlite3.connect(sample_path)
    con.execute(
        "UPDATE account SET name = 'Twin' WHERE name IN ('Contoso Health', 'Fabrikam Logistics')"
    )
    con.commit()
    con.close()
    assert (
        run(
            "export",
            "twin",
            "success-plan",
            "-o",
            str(tmp_path / "t.docx"),
            "--book",
            str(sample_path),
        )
        == 1
    )
    assert "2 accounts are called 'twin'" in capsys.readouterr().err


def test_handover_brief_from_the_command_line(
    sample_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(export_cli, "PROGRESS_FROM_ACCOUNTS", 0)
    out = tmp_path / "brief.docx"
    assert run("handover", "--brief", str(out), "--book", str(sample_path)) == 0
    captured = capsys.readouterr()
    assert "Wrote the handover brief" in captured.out
    assert captured.err.splitlines()[0] == "Hand-over brief: 0% done"
    assert captured.err.splitlines()[-1] == "Hand-over brief: 100% done"
    headings = [
        p.text for p in docx.Document(str(out)).paragraphs if p.style.style_id == "Heading1"
    ]
    assert {"Northwind Payments", "Contoso Health", "Tailspin Travel"} <= set(headings)


def test_progress_lines_are_throttled_but_the_last_always_shows() -> None:
    stream = io.StringIO()
    progress = export_cli.StderrProgress(stream, every_seconds=3600)
    for done in range(4003):
        progress(done, 4002)
    lines = stream.getvalue().splitlines()
    assert lines == ["Hand-over brief: 0% done", "Hand-over brief: 100% done"]
