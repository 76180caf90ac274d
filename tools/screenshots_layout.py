"""Screenshots of the window where layouts break: a small window (1024×700), 200 % scaling on
a 2560×1600 display (first start, sized by the app), and a dark palette.

    python tools/screenshots_layout.py [OUTDIR]

Each case runs in its own process on its own Xvfb screen (the scale factor is read when Qt
starts); the PNGs go to OUTDIR (default ``docs/screenshots``).
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

# name: (screen size, QT_SCALE_FACTOR, window size or None for the first-start size, dark)
CASES: dict[str, tuple[tuple[int, int], str, tuple[int, int] | None, bool]] = {
    "small": ((1104, 780), "1", (1024, 700), False),
    "scale200": ((2560, 1600), "2", None, False),
    "dark": ((1104, 780), "1", (1024, 700), True),
}


def dark_palette():  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in (
        (role.Window, "#202124"),
        (role.WindowText, "#e8eaed"),
        (role.Base, "#17181a"),
        (role.AlternateBase, "#25272a"),
        (role.Text, "#e8eaed"),
        (role.Button, "#2d2f33"),
        (role.ButtonText, "#e8eaed"),
        (role.Highlight, "#4f8cf7"),
        (role.HighlightedText, "#ffffff"),
        (role.ToolTipBase, "#2d2f33"),
        (role.ToolTipText, "#e8eaed"),
        (role.PlaceholderText, "#9aa0a6"),
        (role.Mid, "#3c4043"),
        (role.Link, "#8ab4f8"),
    ):
        palette.setColor(name, QColor(colour))
    return palette


def take(case: str, out: Path) -> None:
    _screen, _scale, size, dark = CASES[case]
    home = Path(tempfile.mkdtemp(prefix="csm-desk-shots-"))
    os.environ["CSM_DESK_HOME"] = str(home)
    from PySide6.QtCore import QEventLoop, QTimer

    from csm_desk.engine.vocab import Area
    from csm_desk.models import clock
    from csm_desk.models.demo import write_demo
    from csm_desk.ui.app import make_app
    from csm_desk.ui.main_window import MainWindow

    app = make_app()
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    book = home / "Demo.csmbook"
    write_demo(book, clock.today())
    window = MainWindow()
    window.open_book(book)
    if size is not None:
        window.resize(*size)
    window.show()
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        loop = QEventLoop()
        QTimer.singleShot(700, loop.quit)
        loop.exec()
        app.processEvents()
        path = out / f"{case}-{name}.png"
        window.screen().grabWindow(window.winId()).save(str(path))
        print(path, window.size().toTuple())

    shot("portfolio")
    session = window.session
    assert session is not None
    northwind = next(a.id for a in session.result.accounts if a.name == "Northwind Payments")
    for area in (Area.SNAPSHOT, Area.SUCCESS_PLAN, Area.RISKS, Area.HEALTH):
        window.open_account(northwind, area.value)
        shot(f"account-{area.value}")
    window.close()
    shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        take(sys.argv[2], Path(sys.argv[3]))
        return
    out = (Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots").resolve()
    for number, (case, (screen, scale, _size, _dark)) in enumerate(CASES.items(), start=90):
        server = subprocess.Popen(
            [
                "Xvfb",
                f":{number}",
                "-screen",
                "0",
                f"{screen[0]}x{screen[1]}x24",
                "-nolisten",
                "tcp",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        env = {**os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
        env["QT_SCALE_FACTOR"] = scale
        try:
            subprocess.run(
                [sys.executable, __file__, "--case", case, str(out)], env=env, check=True
            )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
