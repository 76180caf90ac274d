"""`csm-desk check`: every damaged value listed, a damaged file described without a traceback,
and `check --repair -o OUT` salvaging what can be read."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from damaging import allow_null, leaf_pages, write, zero_page

from csm_desk.__main__ import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sound_book_has_no_damaged_values(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    code, out, err = run(capsys, "check", "--book", str(demo_path))
    assert (code, err) == (0, "")
    assert "Integrity: ok" in out
    assert out.endswith("Damaged values: 0\nOK\n")


def test_every_damaged_value_is_listed_and_the_check_fails(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    allow_null(demo_path, "account", "name")
    write(demo_path, "UPDATE account SET name = NULL WHERE id = 5")
    write(demo_path, "UPDATE account SET renewal_date = '2027-02-30' WHERE id = 7")
    write(demo_path, "UPDATE stakeholder SET influence = 9 WHERE id = 1")
    write(demo_path, "UPDATE renewal_plan SET probability_override = 5 WHERE id = 1")
    write(demo_path, "UPDATE book SET settings_json = '{not json'")
    before = digest(demo_path)

    code, out, err = run(capsys, "check", "--book", str(demo_path))

    assert code == 1
    assert err == "csm-desk: the book has problems (see above)\n"
    listed = out.split("Damaged values: ", 1)[1].splitlines()
    assert listed[0] == "5"
    assert sorted(listed[1:]) == sorted(
        [
            "  table book, row 1, column \"settings_json\": '{not json' is not valid JSON",
            '  table account, row 5, column "name": NULL is not allowed: a value is required',
            "  table account, row 7, column \"renewal_date\": '2027-02-30' is not a date "
            "(YYYY-MM-DD)",
            '  table stakeholder, row 1, column "influence": 9 is out of range: '
            "must be between 1 and 5",
            '  table renewal_plan, row 1, column "probability_override": 5.0 is out of range: '
            "must be between 0 and 1",
        ]
    )
    assert "OK" not in out.splitlines()
    assert digest(demo_path) == before


def test_a_damaged_file_is_described_without_a_traceback(demo_path: Path, tmp_path: Path) -> None:
    zero_page(demo_path, leaf_pages(demo_path, "stakeholder")[1])
    env = {**os.environ, "CSM_DESK_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "csm_desk", "check", "--book", str(demo_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "Integrity: " in done.stdout and "Integrity: ok" not in done.stdout
    assert "Damaged values: not all can be read" in done.stdout
    assert (
        f"{demo_path} is damaged (database disk image is malformed); restore a backup "
        "(csm-desk backups) or salvage what is readable (csm-desk check --repair -o OUT.csmbook)"
    ) in done.stdout
    assert done.stderr == "csm-desk: the book has problems (see above)\n"


def test_repair_writes_a_new_book_that_checks_ok(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    zero_page(demo_path, leaf_pages(demo_path, "stakeholder")[1])
    write(demo_path, "UPDATE account SET renewal_date = '05/02/2027' WHERE id = 3")
    out_path = tmp_path / "Repaired.csmbook"
    before = digest(demo_path)

    code, out, err = run(capsys, "check", "--book", str(demo_path), "--repair", "-o", str(out_path))

    assert code == 0, err
    assert f"Salvaged {demo_path} into {out_path}: " in out
    assert "table stakeholder, rows " in out and ": unreadable (database disk image" in out
    assert "table account, row 3, column \"renewal_date\": '05/02/2027' is not a date" in out
    assert digest(demo_path) == before

    code, out, err = run(capsys, "check", "--book", str(out_path))
    assert (code, err) == (0, "")
    assert out.endswith("Damaged values: 0\nOK\n")


@pytest.mark.parametrize("extra", [["--repair"], ["-o", "x.csmbook"]])
def test_repair_and_output_go_together(
    capsys: pytest.CaptureFixture[str], demo_path: Path, extra: list[str]
) -> None:
    code, out, err = run(capsys, "check", "--book", str(demo_path), *extra)
    assert (code, out) == (1, "")
    assert err == "csm-desk: check --repair writes the repaired copy with -o OUT.csmbook\n"


def test_repair_never_overwrites(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "Taken.csmbook"
    taken.write_text("mine")
    code, out, err = run(capsys, "check", "--book", str(demo_path), "--repair", "-o", str(taken))
    assert (code, out) == (1, "")
    assert err == f"csm-desk: {taken} already exists; choose another name\n"
    assert taken.read_text() == "mine"
