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


def test_the_window_opens_a_book_without_charts_documents_or_migrations(
    demo_path: Path, tmp_path: Path
) -> None:
    """Opening the window on an up-to-date book loads nothing the portfolio does not need:
    matplotlib waits for the first chart, python-docx for the first export, Alembic for a book
    of an older format."""
    loaded = _loaded_after(
        "import os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from csm_desk.ui.main_window import MainWindow\n"
        "from csm_desk.ui.prefs import WindowPrefs\n"
        f"w = MainWindow(WindowPrefs(Path({str(tmp_path / 'window.ini')!r})))\n"
        "w.show()\n"
        f"assert w.open_book(Path({str(demo_path)!r}))\n"
        "for _ in range(50):\n"
        "    app.processEvents()\n"
        "assert w.portfolio.model.rowCount() > 0\n"
        "w.close_book()"
    )
    for later in ("matplotlib", "docx", "alembic"):
        assert not any(m == later or m.startswith(later + ".") for m in loaded), later
