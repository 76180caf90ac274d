"""Screenshots of the stakeholder map and the chart views of the real window.

    python tools/screenshot_map.py OUTDIR [--book PATH] [--account NAME] [--today YYYY-MM-DD]
                                          [--dark] [--size 1440x900]

Without ``--book`` the demo book is written to a temporary folder first (and the account is
Northwind Payments). Writes ``map.png`` (the Stakeholders tab), ``map-export.png`` (the map as
rendered for documents), ``health.png`` and ``health-lower.png`` (the Health tab's charts) and
``portfolio-charts.png``, with ``-dark`` in the names for ``--dark``; prints each file written.
Starts ``Xvfb :99`` when no display is set (as ``tools/screenshots.py`` does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from screenshots import ensure_display  # noqa: E402


def _dark_palette():  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in (
        (role.Window, "#2b2d31"),
        (role.WindowText, "#e8eaed"),
        (role.Base, "#1f2125"),
        (role.AlternateBase, "#26282c"),
        (role.Text, "#e8eaed"),
        (role.Button, "#33363b"),
        (role.ButtonText, "#e8eaed"),
        (role.Highlight, "#3d7bd9"),
        (role.HighlightedText, "#ffffff"),
        (role.ToolTipBase, "#33363b"),
        (role.ToolTipText, "#e8eaed"),
        (role.PlaceholderText, "#8d939a"),
    ):
        palette.setColor(name, QColor(colour))
    return palette


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--book", type=Path)
    parser.add_argument("--account", default="Northwind Payments")
    parser.add_argument("--today", type=dt.date.fromisoformat)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--size", default="1440x900")
    args = parser.parse_args(argv)
    server = ensure_display()
    try:
        return _shoot(args)
    finally:
        if server is not None:
            server.terminate()


def _shoot(args: argparse.Namespace) -> int:
    home = Path(tempfile.mkdtemp(prefix="csm-shots-"))
    os.environ["CSM_DESK_HOME"] = str(home)
    if args.today:
        os.environ["CSM_DESK_TODAY"] = args.today.isoformat()

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from csm_desk.engine.vocab import Area
    from csm_desk.models import clock
    from csm_desk.ui.app import make_app
    from csm_desk.ui.main_window import MainWindow

    app = make_app()
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(_dark_palette())
    book = args.book
    if book is None:
        from csm_desk.models.demo import write_demo

        book = home / "Demo.csmbook"
        write_demo(book, clock.today())
    width, height = (int(v) for v in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "-dark" if args.dark else ""

    def settle(ms: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        QApplication.processEvents()

    window = MainWindow()
    window.resize(width, height)
    if not window.open_book(book):
        return 1
    window.show()
    settle()
    assert window.session is not None
    assert window.workspace is not None
    account = next(
        (a for a in window.session.result.accounts if a.name.lower() == args.account.lower()), None
    )
    if account is None:
        print(f"No account named {args.account!r}", file=sys.stderr)
        return 1

    def shoot(name: str) -> None:
        path = args.out / f"{name}{suffix}.png"
        # The screen's pixels, as a person sees them (QWidget.grab re-renders graphics views
        # with a stale scroll position).
        window.screen().grabWindow(window.winId()).save(str(path))
        print(path)

    window.open_account(account.id, Area.STAKEHOLDERS.value)
    settle(800)
    shoot("map")
    tab = window.workspace.pages[Area.STAKEHOLDERS]
    panel = tab.map_panel  # type: ignore[attr-defined]
    if len(panel.coverage.rows) > 1:
        panel.coverage.rows[-1].click()  # the people not contacted lately
        settle(400)
        shoot("map-selected")
        panel.scene.clearSelection()
    export = args.out / f"map-export{suffix}.png"
    export.write_bytes(panel.map_png())
    print(export)

    window.workspace.show_area(Area.HEALTH)
    settle(1200)
    shoot("health")
    health = window.workspace.pages[Area.HEALTH]
    bar = health.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    settle(600)
    shoot("health-lower")

    window.show_portfolio()
    show_charts = getattr(window.portfolio, "show_charts", None)
    if show_charts is not None:
        show_charts(True)
        settle(1500)
        shoot("portfolio-charts")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
