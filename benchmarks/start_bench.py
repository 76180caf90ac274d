"""Start-up benchmark: how soon the window shows a book, and how it compares with a spreadsheet.

    python benchmarks/start_bench.py [--sizes 200,2000,10000] [--runs 3]

For each size, on the synthetic book of engine_bench (cached under benchmarks/out/), whole
processes, medians of paired runs:

- start → painted portfolio, with the results the window kept at its last close;
- the first start of a new day (every result out of date): painted, and fully up to date;
- ``csm-desk report --json`` with the kept results;
- LibreOffice Calc opening an .xlsx of the same portfolio headless (open, convert, quit),
  run by run beside the window's start, and the ratio of the two;
- an edit as a person makes it: from the edit to its row and the book's totals painted;
- the window's peak memory (its resident set once the book is open and scored).

Figures, not assertions: these machines are shared. Calc is skipped when it is not installed
(``make benchmarks`` installs ``libreoffice-calc-nogui`` through ``tools/system-deps.sh``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.engine_bench import AS_OF, book_of  # noqa: E402

# A fresh process as `csm-desk` starts (window first, then the book): prints when the table
# was first painted with accounts in it, when the book was open and scored, and the peak
# resident memory then.
CHILD = """
import resource, sys, time
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
        if event.type() == QEvent.Type.Paint and not self.shown:
            if window.portfolio.model.rowCount():
                self.shown = True
                print(f"painted {time.time() - t0:.3f}", flush=True)
        return False
spy = Painted()
window.portfolio.table.viewport().installEventFilter(spy)
window.show()
window.open_book(Path(sys.argv[1]), background=True)  # as csm-desk starts (ui.app.run_app)
def check():
    if window.session is not None and spy.shown:
        print(f"ready {time.time() - t0:.3f}", flush=True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak {peak:.1f}", flush=True)
        app.quit()
    else:
        QTimer.singleShot(5, check)
QTimer.singleShot(5, check)
app.exec()
window.close()
"""

# A fresh window on the book, then a run of edits to account ARRs as a person types them: from
# the edit to its row and the book's totals updated and painted, in milliseconds, each edit.
EDIT = """
import sys, time
from pathlib import Path
from csm_desk.models.ops import SetFields
from csm_desk.ui.app import make_app
from csm_desk.ui.main_window import MainWindow
app = make_app()
window = MainWindow()
window.show()
window.open_book(Path(sys.argv[1]), background=False)
deadline = time.monotonic() + 60  # the account workspace is built after the portfolio shows
while not (window.workspace is not None and window.workspace.complete):
    app.processEvents()
    if time.monotonic() > deadline:
        break
session = window.session
view = window.portfolio
ids = [a.id for a in session.result.active][: int(sys.argv[2])]
for n, account_id in enumerate(ids):
    arr = session.summary(account_id).arr
    started = time.perf_counter()
    session.apply(SetFields("account", {"id": account_id}, {"arr": arr + 1000 + n}, "Edit ARR"))
    app.processEvents()  # the row now, the totals once the edit's event is done
    view.table.viewport().repaint()
    view.summary.repaint()
    view.priorities.view.viewport().repaint()
    print(f"edit {(time.perf_counter() - started) * 1000:.2f}", flush=True)
window.close()
"""
EDITS = 12


def _env(home: Path, day: dt.date) -> dict[str, str]:
    # As installed: Python's compiled modules are written and used (pip compiles them when it
    # installs), whatever this shell says.
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {
        **inherited,
        "CSM_DESK_HOME": str(home),
        "CSM_DESK_TODAY": day.isoformat(),
        "QT_QPA_PLATFORM": "offscreen",
    }


def window_start(book: Path, home: Path, day: dt.date) -> dict[str, float]:
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(book), f"{started:.6f}"],
        capture_output=True,
        text=True,
        env=_env(home, day),
        cwd=ROOT,
        check=True,
    )
    return {k: float(v) for k, v in (line.split() for line in done.stdout.splitlines() if line)}


def edits(book: Path, home: Path, day: dt.date) -> list[float]:
    """Milliseconds from each edit to its row and the totals painted (the first left out: it
    pays for first-use costs once)."""
    done = subprocess.run(
        [sys.executable, "-c", EDIT, str(book), str(EDITS)],
        capture_output=True,
        text=True,
        env=_env(home, day),
        cwd=ROOT,
        check=True,
    )
    return [float(line.split()[1]) for line in done.stdout.splitlines() if line][1:]


def report_json(book: Path, home: Path, day: dt.date) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "csm_desk", "report", "--json", "--book", str(book)],
        stdout=subprocess.DEVNULL,
        env=_env(home, day),
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - started


def portfolio_xlsx(book: Path, folder: Path) -> Path:
    """The book's portfolio as the window exports it."""
    from csm_desk.models.bookfile import BookFile
    from csm_desk.models.scored import load_scored
    from csm_desk.portfolio_sheet import write_sheet

    out = folder / f"{book.stem}.xlsx"
    with BookFile.open(book, access="read") as opened:
        result = load_scored(opened, AS_OF).book
    write_sheet(out, result.accounts, result.currency)
    return out


def calc_open(sheet: Path, profile: Path) -> float | None:
    """Calc opening ``sheet`` headless, converting it and quitting (whole process)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    out = sheet.parent / "calc-out"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(out),
            str(sheet),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=600,
    )
    seconds = time.perf_counter() - started
    # soffice exits 0 having written nothing when it cannot read the file (no Calc installed).
    return seconds if (out / f"{sheet.stem}.csv").is_file() else None


def _median(values: list[float]) -> float:
    return statistics.median(values)


def bench(size: int, runs: int) -> list[tuple[str, str]]:
    folder = Path(tempfile.mkdtemp(prefix="csm-desk-start-"))
    home = folder / "home"
    book = folder / f"book-{size}.csmbook"
    shutil.copyfile(book_of(size), book)
    # As a person leaves it: opened, scored and closed by the window (results kept, sealed).
    window_start(book, home, AS_OF)
    sheet = portfolio_xlsx(book, folder)
    profile = folder / "calc-profile"
    calc_open(sheet, profile)  # Calc's first start makes its profile: not counted
    painted: list[float] = []
    calc: list[float] = []
    ratios: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        marks = window_start(book, home, AS_OF)
        painted.append(marks["painted"])
        peaks.append(marks["peak"])
        seconds = calc_open(sheet, profile)
        if seconds is not None:
            calc.append(seconds)
            ratios.append(marks["painted"] / seconds)
    new_day_painted: list[float] = []
    new_day_ready: list[float] = []
    new_day_peaks: list[float] = []
    for n in range(runs):
        # The next day, and the next: every kept result is a day old, the book as the window
        # left it (sealed) the day before.
        marks = window_start(book, home, AS_OF + dt.timedelta(days=n + 1))
        new_day_painted.append(marks["painted"])
        new_day_ready.append(marks["ready"])
        new_day_peaks.append(marks["peak"])
    last_day = AS_OF + dt.timedelta(days=runs)
    reports = [report_json(book, home, last_day) for _ in range(runs)]
    edit_ms = edits(book, home, last_day)
    rows = [
        ("start → painted portfolio", f"{_median(painted):.2f} s"),
        ("new day: painted", f"{_median(new_day_painted):.2f} s"),
        ("new day: fully up to date", f"{_median(new_day_ready):.2f} s"),
        ("report --json, kept results", f"{_median(reports):.2f} s"),
        ("Calc opens the portfolio .xlsx", f"{_median(calc):.2f} s" if calc else "no Calc"),
        ("start ÷ Calc (paired)", f"{_median(ratios):.2f}×" if ratios else "—"),
        (f"edit → row and totals ({EDITS - 1})", f"{_median(edit_ms):.1f} ms"),
        ("window peak memory", f"{_median(peaks):.0f} MiB"),
        ("new day: window peak memory", f"{_median(new_day_peaks):.0f} MiB"),
    ]
    shutil.rmtree(folder, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    table = {size: bench(size, args.runs) for size in sizes}
    names = [name for name, _value in table[sizes[0]]]
    print(
        f"{'measure (median of ' + str(args.runs) + ')':<34}" + "".join(f"{s:>12,}" for s in sizes)
    )
    for i, name in enumerate(names):
        print(f"{name:<34}" + "".join(f"{table[s][i][1]:>12}" for s in sizes))


if __name__ == "__main__":
    main()
