"""The screenshot of a read-only book: the demo book opened while another CSM Desk process has
it open for changes, so the window shows it read-only with its banner.

    python tools/screenshot_read_only.py [OUT.png]

Runs under X like ``tools/screenshots.py`` (starting ``Xvfb :99`` when no display is set) and
saves ``docs/screenshots/read-only.png`` by default.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.screenshots import SIZE, ensure_display  # noqa: E402

# The other process: it has the book open for changes until it is stopped.
HOLDER = """
import sys, time
from csm_desk.models.bookfile import BookFile
book = BookFile.open(sys.argv[1], access="write", program="the CSM Desk window")
print("ready", flush=True)
time.sleep(600)
"""


def take(out: Path) -> Path:
    home = Path(tempfile.mkdtemp(prefix="csm-desk-shots-"))
    os.environ["CSM_DESK_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop, QTimer

    from csm_desk.engine.vocab import Area
    from csm_desk.models import clock
    from csm_desk.models.demo import write_demo
    from csm_desk.ui import book_problems
    from csm_desk.ui.app import make_app
    from csm_desk.ui.main_window import MainWindow

    app = make_app()
    book = home / "Demo.csmbook"
    write_demo(book, clock.today())
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(book)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        # The person chooses "Open read-only" in the dialog that names the other window.
        book_problems.ask_to_read_only = lambda *_args: True  # type: ignore[assignment]
        window = MainWindow()
        window.resize(*SIZE)
        window.show()
        assert window.open_book(book)
        session = window.session
        assert session is not None
        assert session.read_only
        northwind = next(a.id for a in session.result.accounts if a.name == "Northwind Payments")
        window.open_account(northwind, Area.SNAPSHOT.value)
        loop = QEventLoop()
        QTimer.singleShot(800, loop.quit)
        loop.exec()
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.screen().grabWindow(window.winId()).save(str(out))
        window.close()
    finally:
        holder.kill()
        holder.wait()
        shutil.rmtree(home, ignore_errors=True)
    return out


def main() -> None:
    default = ROOT / "docs" / "screenshots" / "read-only.png"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    server = ensure_display()
    try:
        print(take(out.resolve()))
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
