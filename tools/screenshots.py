"""Screenshots of the real window on the demo book: the portfolio and every account tab.

    python tools/screenshots.py [OUTDIR]

Runs the app under X (starting ``Xvfb :99`` when no display is set, with Qt's xcb platform),
opens a fresh demo book in a temporary home, and saves one PNG per view into OUTDIR (default
``screenshots/out``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZE = (1440, 900)


def ensure_display() -> subprocess.Popen[bytes] | None:
    """Start Xvfb on :99 when there is no display; returns the process to stop later."""
    if os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
        return None
    if shutil.which("Xvfb") is None:
        sys.exit("screenshots: no DISPLAY and no Xvfb; install xvfb (tools/system-deps.sh)")
    server = subprocess.Popen(
        ["Xvfb", ":99", "-screen", "0", f"{SIZE[0] + 80}x{SIZE[1] + 80}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    os.environ["DISPLAY"] = ":99"
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return server


def take(out: Path) -> list[Path]:
    """Open the demo book in the window and save the screenshots; returns the files."""
    home = Path(tempfile.mkdtemp(prefix="csm-desk-shots-"))
    os.environ["CSM_DESK_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop, QTimer

    from csm_desk.engine.vocab import Area
    from csm_desk.models import clock
    from csm_desk.models.demo import write_demo
    from csm_desk.ui.app import make_app
    from csm_desk.ui.main_window import MainWindow

    app = make_app()
    book = home / "Demo.csmbook"
    write_demo(book, clock.today())
    window = MainWindow()
    window.open_book(book)
    window.resize(*SIZE)
    window.show()
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def settle(ms: int = 500) -> None:
        # Run the event loop (timers included) as a person would wait for the screen.
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        app.processEvents()

    def shot(name: str) -> None:
        settle()
        path = out / f"{name}.png"
        # The screen's pixels, as a person sees them (QWidget.grab re-renders graphics views
        # with a stale scroll position).
        window.screen().grabWindow(window.winId()).save(str(path))
        saved.append(path)

    shot("portfolio")
    session = window.session
    assert session is not None
    # Search everything (Ctrl+Shift+F), with words typed and their hits marked.
    dialog = window.search_dialog
    dialog.open_for(session)
    dialog.box.setText("renewal budget")
    settle()
    path = out / "search.png"
    dialog.grab().save(str(path))
    saved.append(path)
    dialog.hide()
    northwind = next(a.id for a in session.result.accounts if a.name == "Northwind Payments")
    workspace = window.ensure_workspace()
    assert workspace is not None
    for number, area in enumerate(workspace.pages, start=1):
        window.open_account(northwind, area.value)
        shot(f"account-{number:02d}-{area.value}")
    window.open_account(northwind, Area.SNAPSHOT.value)
    window.close()
    shutil.rmtree(home, ignore_errors=True)
    return saved


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots" / "out"
    server = ensure_display()
    try:
        for path in take(out.resolve()):
            print(path)
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
