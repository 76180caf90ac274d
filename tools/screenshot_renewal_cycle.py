"""The screenshot of the renewal cycle: Cobalt Ridge's Renewal tab in the demo book, scrolled to
its Past renewals with the latest closed renewal opened (the plan, next steps and checklist it
was worked with).

    python tools/screenshot_renewal_cycle.py [OUT.png]

Runs under X like ``tools/screenshots.py`` (starting ``Xvfb :99`` when no display is set) and
saves ``docs/screenshots/renewal-cycle.png`` by default.
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
    from csm_desk.ui.account.tab_renewal import RenewalTab
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
        cobalt = next(a.id for a in session.result.accounts if a.name == "Cobalt Ridge Energy")
        window.open_account(cobalt, Area.RENEWAL.value)
        assert window.workspace is not None
        tab = window.workspace.pages[Area.RENEWAL]
        assert isinstance(tab, RenewalTab)
        settle()
        tab.past.open_row(0)  # the latest closed renewal
        settle(200)
        bar = tab.scroll_area.verticalScrollBar()
        bar.setValue(tab.past.mapTo(tab.page, tab.past.rect().topLeft()).y() - 12)
        settle()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.screen().grabWindow(window.winId()).save(str(out))
        window.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return out


def main() -> None:
    default = ROOT / "docs" / "screenshots" / "renewal-cycle.png"
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
