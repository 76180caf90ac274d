"""The layer rules of DESIGN.md hold: checked by import-linter and by what actually loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_the_engine_runs_without_qt_or_sql() -> None:
    loaded = _loaded_after("import csm_desk.engine.book, csm_desk.engine.history")
    for forbidden in ("PySide6", "sqlalchemy", "sqlmodel", "matplotlib", "docx"):
        assert not any(m == forbidden or m.startswith(forbidden + ".") for m in loaded), forbidden


def test_headless_commands_never_load_qt() -> None:
    loaded = _loaded_after(
        "import csm_desk.cli, csm_desk.report, csm_desk.models.load, csm_desk.models.writer"
    )
    assert not any(m.startswith("PySide6") for m in loaded)
    assert not any(m.startswith("matplotlib") for m in loaded)
