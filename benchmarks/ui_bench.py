"""How fast the window is on books of 200 and 2,000 accounts.

Prints, for each size: process start to the portfolio painted, opening an account, switching
tabs, an edit until the portfolio shows the re-scored account, and sorting by health. Targets
for 2,000 accounts: start ≤ 1.5 s, open ≤ 150 ms, edit ≤ 100 ms, sort ≤ 100 ms. Figures only;
nothing here fails a build.

    python benchmarks/ui_bench.py [SIZE ...]
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
AS_OF = dt.date(2026, 11, 22)

# Started as a fresh process, the way `csm-desk` starts (window first, then the book): prints
# the time from interpreter start to the window on screen, then to the first paint of the
# portfolio table with the book's accounts in it.
CHILD = """
import sys, time
t0 = float(sys.argv[2])
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from csm_desk.ui.app import make_app
from csm_desk.ui.main_window import MainWindow
app = make_app()
window = MainWindow()
class Painted(QObject):
    shown = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            if not self.shown:
                self.shown = True
                print(f"window {time.time() - t0:.3f}", flush=True)
            if window.portfolio.model.rowCount():
                print(f"portfolio {time.time() - t0:.3f}", flush=True)
                QTimer.singleShot(0, app.quit)
        return False
spy = Painted()
window.portfolio.table.viewport().installEventFilter(spy)
window.show()
window.open_book(Path(sys.argv[1]))
app.exec()
window.close()
"""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def start_to_painted(book: Path, runs: int = 3) -> tuple[list[float], list[float]]:
    """Seconds from process start to the window on screen, and to the portfolio painted."""
    env = {**os.environ, "CSM_DESK_HOME": tempfile.mkdtemp(), "CSM_DESK_TODAY": AS_OF.isoformat()}
    window: list[float] = []
    portfolio: list[float] = []
    for _ in range(runs):
        started = time.time()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(book), f"{started:.6f}"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        marks = dict(line.split() for line in done.stdout.split("\n") if line.strip())
        window.append(float(marks["window"]))
        portfolio.append(float(marks["portfolio"]))
    return window, portfolio


def in_process(book: Path) -> dict[str, list[float]]:
    os.environ["CSM_DESK_HOME"] = tempfile.mkdtemp()
    os.environ["CSM_DESK_TODAY"] = AS_OF.isoformat()
    from PySide6.QtCore import Qt

    from csm_desk.engine.vocab import Area
    from csm_desk.models.ops import SetFields
    from csm_desk.ui.app import make_app
    from csm_desk.ui.main_window import MainWindow
    from csm_desk.ui.portfolio_model import Column

    app = make_app()
    window = MainWindow()
    window.show()
    window.open_book(book)
    while window.session is None:  # a big book opens on a worker thread
        app.processEvents()
        time.sleep(0.02)
    # A person looks at the portfolio before opening an account.
    for _ in range(30):
        app.processEvents()
        time.sleep(0.02)
    session = window.session
    assert session is not None
    assert window.workspace is not None
    ids = [a.id for a in session.result.active][:12]
    figures: dict[str, list[float]] = {"open": [], "tab": [], "edit": [], "totals": [], "sort": []}
    for account_id in ids[:6]:
        window.show_portfolio()
        app.processEvents()
        t = time.perf_counter()
        window.open_account(account_id, Area.SNAPSHOT.value)
        app.processEvents()
        figures["open"].append(time.perf_counter() - t)
    tabs = window.workspace.tabs
    for _round in range(2):
        for index in range(tabs.count()):
            t = time.perf_counter()
            tabs.setCurrentIndex(index)
            app.processEvents()
            figures["tab"].append(time.perf_counter() - t)
    window.show_portfolio()
    app.processEvents()
    model = window.portfolio.model
    for n, account_id in enumerate(ids[:6]):
        ctx_arr = session.account(account_id).arr
        t = time.perf_counter()
        # The same path as the account form's: one op, applied, stacked and re-scored; the
        # row is repainted at once, the book's totals on the next turn of the event loop.
        session.apply(SetFields("account", {"id": account_id}, {"arr": ctx_arr + 1000 + n}))
        window.portfolio.table.viewport().repaint()
        figures["edit"].append(time.perf_counter() - t)
        app.processEvents()
        figures["totals"].append(time.perf_counter() - t)
        row = model.row_of(account_id)
        assert row is not None
    table = window.portfolio.table
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder) * 3:
        table.sortByColumn(Column.ACCOUNT, Qt.SortOrder.AscendingOrder)
        app.processEvents()
        t = time.perf_counter()
        table.sortByColumn(Column.HEALTH, order)
        app.processEvents()
        figures["sort"].append(time.perf_counter() - t)
    window.close()
    return figures


def main(sizes: list[int]) -> None:
    from benchmarks.synthetic import build_book

    folder = Path(tempfile.mkdtemp())
    for size in sizes:
        book = build_book(folder / f"book-{size}.csmbook", size, AS_OF)
        shown, starts = start_to_painted(book)
        child = subprocess.run(
            [sys.executable, __file__, "--in-process", str(book)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        print(f"{size:>5} accounts")
        print(
            f"  start to window on screen    median {statistics.median(shown):6.2f} s"
            f"   (runs: {', '.join(f'{s:.2f}' for s in shown)})"
        )
        print(
            f"  start to painted portfolio   median {statistics.median(starts):6.2f} s"
            f"   (runs: {', '.join(f'{s:.2f}' for s in starts)})"
        )
        print(child.stdout.rstrip())


def report(figures: dict[str, list[float]]) -> None:
    names = {
        "open": "open an account",
        "tab": "switch tabs",
        "edit": "edit to re-scored row",
        "totals": "edit to updated totals",
        "sort": "sort by health",
    }
    for key, words in names.items():
        values = figures[key]
        print(f"  {words:<28} median {_ms(statistics.median(values))}   max {_ms(max(values))}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--in-process":
        report(in_process(Path(sys.argv[2])))
        sys.stdout.flush()
    else:
        main([int(a) for a in sys.argv[1:]] or [200, 2000])
