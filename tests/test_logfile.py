"""The log file: where it lives, how it rotates, and that an unexpected error on the command
line is one line on screen and its traceback in the log."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from csm_desk import logfile, paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_log_left_open() -> Iterator[None]:
    yield
    logfile.stop()


def test_the_log_lives_under_the_home_and_rotates(isolated_home: Path) -> None:
    assert paths.log_dir() == isolated_home / "logs"
    path = logfile.start()
    assert path == isolated_home / "logs" / "csm-desk.log"
    assert logfile.start() == path, "starting twice keeps one handler"
    ours = [h for h in logging.getLogger().handlers if isinstance(h, logfile._LogFile)]
    assert len(ours) == 1
    assert (ours[0].maxBytes, ours[0].backupCount) == (1_000_000, 3)
    logging.getLogger("csm_desk.test").info("a line for the log")
    ours[0].flush()
    assert "INFO csm_desk.test" in path.read_text(encoding="utf-8")


def test_a_new_home_moves_the_log(isolated_home: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = logfile.start()
    monkeypatch.setenv("CSM_DESK_HOME", str(tmp_path / "elsewhere"))
    second = logfile.start()
    assert second == tmp_path / "elsewhere" / "logs" / "csm-desk.log" != first
    ours = [h for h in logging.getLogger().handlers if isinstance(h, logfile._LogFile)]
    assert [Path(h.baseFilename) for h in ours] == [second]


def test_an_unexpected_error_in_a_command_is_one_line_and_logged(
    isolated_home, tmp_path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from csm_desk import cli
    from csm_desk.__main__ import main

    def broken_report(_args) -> int:  # type: ignore[no-untyped-def]
        raise RuntimeError("the report broke")

    monkeypatch.setattr(cli, "cmd_report", broken_report)
    code = main(["report", "--book", str(tmp_path / "Book.csmbook")])
    out, err = capsys.readouterr()
    log = isolated_home / "logs" / "csm-desk.log"
    assert code == 1 and out == ""
    assert err == (
        "csm-desk: unexpected problem (RuntimeError: the report broke); "
        f"details were written to {log}\n"
    )
    text = log.read_text(encoding="utf-8")
    assert "Unexpected error in csm-desk report" in text
    assert "Traceback (most recent call last)" in text
    assert "in broken_report" in text and "RuntimeError: the report broke" in text


def test_the_installed_entry_point_writes_the_log(isolated_home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real program, in its own process: a failure it cannot put in words is one line,
    exit 1, and the traceback in the log."""
    probe = (
        "import sys\n"
        "import csm_desk.cli as cli\n"
        "def broken(_args):\n"
        "    raise ZeroDivisionError('nothing to divide')\n"
        "cli.cmd_check = broken\n"
        "from csm_desk.__main__ import main\n"
        "sys.exit(main(['check', '--book', sys.argv[1]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "Book.csmbook")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = isolated_home / "logs" / "csm-desk.log"
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "csm-desk: unexpected problem (ZeroDivisionError: nothing to divide); "
        f"details were written to {log}"
    ]
    assert "ZeroDivisionError: nothing to divide" in log.read_text(encoding="utf-8")
