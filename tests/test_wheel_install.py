"""The program as a person installs it: a wheel built from this checkout, installed into a clean
virtual environment outside it, run from a folder that is not the checkout.

It writes the demo book, exports every document and the portfolio (CSV and XLSX) and opens
the window offscreen with its icons; all of it reads the package's own resources, so a file
left out of the wheel fails here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from csm_desk.export import DOCUMENTS

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parent.parent

WINDOW_CHECK = """
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from csm_desk.ui import app as ui_app
from csm_desk.ui.main_window import MainWindow

qt_app = ui_app.make_app()
seen = []


def look() -> None:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    window = windows[0]
    seen.append(window.isVisible())
    seen.append(not window.windowIcon().isNull())
    seen.append(not window.commands.export_document.icon().isNull())
    seen.append(window.portfolio.model.rowCount() > 0)
    window.close()
    qt_app.quit()


QTimer.singleShot(3000, look)
ui_app.run_app(Path(sys.argv[1]))
print("window:", seen)
sys.exit(0 if seen == [True, True, True, True] else 1)
"""


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a clean virtual environment with the wheel installed."""
    base = tmp_path_factory.mktemp("wheel")
    # Built from a copy of what the wheel is made of, so the build leaves nothing in the checkout.
    source = base / "source"
    shutil.copytree(
        ROOT / "csm_desk", source / "csm_desk", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    wheels = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(wheels)],
        cwd=base,
        check=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("csm_desk-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(env_dir)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        cwd=base,
        check=True,
        timeout=900,
    )
    return bin_dir


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(CSM_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen", CSM_DESK_TODAY="2026-11-24")
    return env


def test_the_installed_program_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    where = _run(
        [str(installed / "python"), "-c", "import csm_desk; print(csm_desk.__file__)"],
        tmp_path,
        _env(tmp_path / "home"),
    )
    assert Path(where.strip()).is_relative_to(installed.parent)
    assert not Path(where.strip()).is_relative_to(ROOT)


def test_demo_every_export_and_the_portfolio(installed: Path, tmp_path: Path) -> None:
    env = _env(tmp_path / "home")
    program = str(installed / "csm-desk")
    book = tmp_path / "demo.csmbook"
    _run([program, "demo", "--book", str(book)], tmp_path, env)
    for key in DOCUMENTS:
        out = tmp_path / f"{key}.docx"
        _run(
            [program, "export", "Northwind Payments", key, "-o", str(out), "--book", str(book)],
            tmp_path,
            env,
        )
        assert out.stat().st_size > 5000, key
    _run([program, "handover", "--brief", "brief.docx", "--book", str(book)], tmp_path, env)
    assert (tmp_path / "brief.docx").is_file()
    for kind in ("csv", "xlsx"):
        _run(
            [program, "report", "--format", kind, "-o", f"portfolio.{kind}", "--book", str(book)],
            tmp_path,
            env,
        )
        assert (tmp_path / f"portfolio.{kind}").stat().st_size > 500


def test_the_window_opens_with_its_icons(installed: Path, tmp_path: Path) -> None:
    env = _env(tmp_path / "home")
    book = tmp_path / "demo.csmbook"
    _run([str(installed / "csm-desk"), "demo", "--book", str(book)], tmp_path, env)
    script = tmp_path / "look.py"
    script.write_text(WINDOW_CHECK, encoding="utf-8")
    out = _run([str(installed / "python"), str(script), str(book)], tmp_path, env)
    assert "window: [True, True, True, True]" in out


def test_pipx_installs_a_working_program(installed: Path, tmp_path: Path) -> None:
    """``pipx install`` of the wheel, into its own folders: the program it puts on the PATH
    makes the demo book, reports it and writes a customer document."""
    (wheel,) = installed.parent.parent.glob("dist/csm_desk-*.whl")
    tools = tmp_path / "pipx-tool"
    venv.EnvBuilder(with_pip=True, clear=True).create(tools)
    env = _env(tmp_path / "home")
    _run([str(tools / "bin" / "python"), "-m", "pip", "install", "-q", "pipx"], tmp_path, env)
    env.update(PIPX_HOME=str(tmp_path / "pipx"), PIPX_BIN_DIR=str(tmp_path / "bin"))
    _run([str(tools / "bin" / "pipx"), "install", str(wheel)], tmp_path, env)
    program = str(tmp_path / "bin" / "csm-desk")
    book = tmp_path / "demo.csmbook"
    _run([program, "demo", "--book", str(book)], tmp_path, env)
    report = json.loads(_run([program, "report", "--json", "--book", str(book)], tmp_path, env))
    assert len(report["accounts"]) >= 5
    out = tmp_path / "plan.docx"
    _run(
        [
            program,
            "export",
            "Northwind Payments",
            "success-plan",
            "-o",
            str(out),
            "--book",
            str(book),
        ],
        tmp_path,
        env,
    )
    assert out.stat().st_size > 5000
