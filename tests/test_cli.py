"""The command line: exit codes, one-line errors, and books left unchanged on failure."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from csm_desk.__main__ import main

FIXTURE = Path(__file__).parent / "data" / "first-schema.csmbook"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "Book.csmbook"
    shutil.copyfile(FIXTURE, path)
    return path


def test_reading_commands_refuse_a_missing_book(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "none.csmbook"
    for command in (["report"], ["check"], ["handover", "-o", str(tmp_path / "x.csmbook")]):
        code, out, err = run(capsys, *command, "--book", str(missing))
        assert code == 1
        assert err == f"csm-desk: no book at {missing}\n"
        assert not missing.exists()


def test_a_foreign_file_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = tmp_path / "notes.csmbook"
    text.write_text("hello")
    code, _out, err = run(capsys, "report", "--book", str(text))
    assert code == 1
    assert err.count("\n") == 1 and "is a text file, not a CSM Desk book" in err
    assert text.read_text() == "hello"


def test_bad_dates_are_usage_errors(capsys: pytest.CaptureFixture[str], book: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["report", "--book", str(book), "--today", "22/11/2026"])
    assert caught.value.code == 2
    assert "is not a date of the form YYYY-MM-DD" in capsys.readouterr().err


def test_bad_csm_desk_today_is_reported(
    capsys: pytest.CaptureFixture[str], book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSM_DESK_TODAY", "tomorrow")
    code, _out, err = run(capsys, "report", "--book", str(book))
    assert code == 1
    assert "CSM_DESK_TODAY 'tomorrow' is not a date" in err


def test_report_json_and_table(capsys: pytest.CaptureFixture[str], book: Path) -> None:
    from csm_desk.models.bookfile import BookFile

    BookFile.open(book).close()  # a book in use has been opened before (WAL is switched on once)
    before = digest(book)
    code, out, _err = run(capsys, "report", "--json", "--book", str(book), "--today", "2026-11-22")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-11-22"
    assert data["book"]["owner"] == "Robin Field"
    assert data["accounts"][0]["name"] == "Fixture Logistics"
    code, out, _err = run(capsys, "report", "--book", str(book))
    assert code == 0 and "Fixture Logistics" in out and "Robin Field" in out
    assert digest(book) == before, "reading a book does not change it"


def test_check_exit_codes(capsys: pytest.CaptureFixture[str], book: Path) -> None:
    code, out, _ = run(capsys, "check", "--book", str(book))
    assert code == 0
    assert "Integrity: ok" in out and "account" in out and out.strip().endswith("OK")


def test_handover_command(capsys: pytest.CaptureFixture[str], book: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "successor.csmbook"
    code, out, err = run(capsys, "handover", "--book", str(book), "-o", str(out_path), "--to", "Jo")
    assert code == 0, err
    assert "for Jo" in out and out_path.exists()
    code, _out, err = run(
        capsys, "handover", "--book", str(book), "-o", str(out_path), "--to", "Jo"
    )
    assert code == 1
    assert err == f"csm-desk: {out_path} already exists; choose another name\n"
    code, _out, err = run(capsys, "handover", "--book", str(book))
    assert code == 1 and "say where to write" in err


def test_demo_refuses_an_existing_book(capsys: pytest.CaptureFixture[str], book: Path) -> None:
    before = digest(book)
    code, _out, err = run(capsys, "demo", "--book", str(book))
    assert code == 1
    assert "already exists" in err and err.count("\n") == 1
    assert digest(book) == before


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert "CSM Desk" in capsys.readouterr().out


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`csm-desk report --json | head`: more output than a pipe holds, and no traceback."""
    import datetime as dt
    import subprocess
    import sys

    from benchmarks.synthetic import build_book

    big = build_book(tmp_path / "big.csmbook", 150, dt.date(2026, 11, 22))
    command = [sys.executable, "-m", "csm_desk", "report", "--json", "--book", str(big)]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None
    reader.stdout.read(10)
    reader.stdout.close()
    _out, err = reader.communicate(timeout=120)
    assert b"Traceback" not in err
