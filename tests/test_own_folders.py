"""Where the program keeps files besides the book: the log, the cache and matplotlib's cache all
live under ``CSM_DESK_HOME`` when it is set; and ``export --help`` names every document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from csm_desk import cli, paths
from csm_desk.export import DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent


def test_log_and_cache_folders_are_under_the_home(isolated_home: Path) -> None:
    assert paths.log_dir() == isolated_home / "logs"
    assert paths.cache_dir() == isolated_home / "cache"
    assert paths.matplotlib_dir() == isolated_home / "cache" / "matplotlib"


def test_without_a_home_the_folders_are_the_platforms(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("CSM_DESK_HOME")
    assert paths.cache_dir() == Path(platformdirs.user_cache_dir("CSM Desk", appauthor=False))
    monkeypatch.setenv("MPLCONFIGDIR", "/somewhere/chosen")
    paths.use_own_folders()
    assert os.environ["MPLCONFIGDIR"] == "/somewhere/chosen"
    monkeypatch.delenv("MPLCONFIGDIR")
    paths.use_own_folders()
    assert os.environ["MPLCONFIGDIR"] == str(paths.matplotlib_dir())


def test_the_home_wins_over_a_matplotlib_folder(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPLCONFIGDIR", "/somewhere/else")
    paths.use_own_folders()
    assert os.environ["MPLCONFIGDIR"] == str(isolated_home / "cache" / "matplotlib")


def test_an_export_writes_nothing_outside_the_home(demo_path: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    user = tmp_path / "user"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MPLCONFIGDIR", "XDG_", "CSM_DESK_HOME"))
    }
    env.update(HOME=str(user), CSM_DESK_HOME=str(home), PYTHONPATH=str(ROOT))
    out = tmp_path / "brief.docx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "csm_desk",
            "export",
            "Northwind Payments",
            "account-brief",
            "-o",
            str(out),
            "--book",
            str(demo_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    assert list((home / "cache" / "matplotlib").glob("fontlist-*.json"))
    assert not (user / ".cache").exists()
    assert not (user / ".config").exists()


def test_export_help_names_every_document(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.run(["export", "--help"], open_window=lambda _path: 0)
    text = capsys.readouterr().out
    assert "README" not in text
    assert {key for key, _what in cli.EXPORT_DOCUMENTS} == set(DOCUMENTS)
    for key in DOCUMENTS:
        assert f"\n  {key} " in text
