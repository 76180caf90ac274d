"""The screenshot of a renewal date derived from contract start + term: Quillfeather Learning in
the demo book with its renewal date cleared, on its Renewal tab (the header and the situation
say the date is derived, and the countdown, phase and forecast run to it).

    python tools/screenshot_derived_renewal.py [OUT.png]

Runs under X like ``tools/screenshots.py`` (starting ``Xvfb :99`` when no display is set), or
with ``QT_QPA_PLATFORM=offscreen``, and saves ``docs/screenshots/derived-renewal.png`` by
default.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.screenshots import SIZE, ensure_display  # noqa: E402


def take(out: Path) -> Path:
    home = Path(tempfile.mkdtemp(prefix="csm-desk-shots-"))
    os.environ["CSM_DESK_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop, QTimer

    from csm_desk.engine.vocab import Area
    from csm_desk.models import clock
    from csm_desk.models.demo import write_demo
    from csm_desk.models.ops import SetFields
    from csm_desk.ui.app import make_app
    from csm_desk.ui.main_window import MainWindow

    app = make_app()
    book = home / "Demo.csmbook"
    write_demo(book, clock.today())

    def settle(ms: int = 600) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        app.processEvents()

    try:
        window = MainWindow()
        window.resize(*SIZE)
        window.show()
        assert window.open_book(book)
        session = window.session
        assert session is not None
        account = next(a.id for a in session.result.accounts if a.name == "Quillfeather Learning")
        cleared = SetFields("account", {"id": account}, {"renewal_date": None}, "Clear date")
        assert session.apply(cleared)
        window.open_account(account, Area.RENEWAL.value)
        settle()
        out.parent.mkdir(parents=True, exist_ok=True)
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            window.grab().save(str(out))
        else:
            window.screen().grabWindow(window.winId()).save(str(out))
        window.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return out


def main() -> None:
    default = ROOT / "docs" / "screenshots" / "derived-renewal.png"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    offscreen = os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    server = None if offscreen else ensure_display()
    try:
        print(take(out.resolve()))
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
