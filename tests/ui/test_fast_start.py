"""Starting on a book that keeps its results: the window paints the portfolio from them before
anything else loads, marks the accounts being brought up to date, then opens, checks, reads and
scores the book off the GUI thread and shows the scored values in place. A book that turns out
to be held or damaged is explained as before, and nothing stays on screen that was not opened."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csm_desk.ui.portfolio_model import UPDATING, Column, PortfolioModel, summary_row
from tests import holding
from tests.conftest import TODAY
from tests.models.test_stored_results import keep_all, sql
from tests.ui.answering import answer_box

ROOT = Path(__file__).resolve().parents[2]

# A fresh process, as `csm-desk` starts: at the first paint of the table with accounts in it,
# which heavy libraries are loaded and how many rows are marked; then, once the book is open,
# the same again.
FIRST_PAINT = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from csm_desk.ui.app import make_app
from csm_desk.ui.main_window import MainWindow
from csm_desk.ui.prefs import WindowPrefs
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "matplotlib", "docx")
app = make_app()
window = MainWindow(WindowPrefs(Path(sys.argv[2])))
seen = {}
def loaded():
    return sorted(h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in sys.modules))
def texts():
    model = window.portfolio.model
    return sorted(
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    )
class Spy(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "paint" not in seen:
            if window.portfolio.model.rowCount():
                seen["paint"] = {
                    "heavy": loaded(),
                    "open": window.session is not None,
                    "updating": window.portfolio.model.updating,
                    "texts": texts(),
                }
        return False
spy = Spy()
window.portfolio.table.viewport().installEventFilter(spy)
window.show()
window.open_book(Path(sys.argv[1]), background=True)
deadline = time.monotonic() + 90
while window.session is None and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
seen["open"] = {
    "heavy": loaded(),
    "updating": window.portfolio.model.updating,
    "texts": texts(),
}
window.close()
print(json.dumps(seen))
"""


def keep_yesterday(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Results kept by a window that had the book open yesterday."""
    yesterday = TODAY - dt.timedelta(days=1)
    with monkeypatch.context() as m:
        m.setenv("CSM_DESK_TODAY", yesterday.isoformat())
        keep_all(path, yesterday)


def _first_paint(book: Path, tmp_path: Path) -> dict[str, dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(book), str(tmp_path / "window.ini")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, dict[str, object]] = json.loads(result.stdout.strip().splitlines()[-1])
    return seen


def test_the_first_paint_comes_from_stored_results_before_any_heavy_library(
    demo_path: Path, tmp_path: Path
) -> None:
    keep_all(demo_path)
    seen = _first_paint(demo_path, tmp_path)
    paint, opened = seen["paint"], seen["open"]
    assert paint["heavy"] == [] and paint["open"] is False
    assert paint["updating"] == 0
    assert opened["heavy"], "the book itself is opened afterwards"
    assert opened["updating"] == 0
    assert paint["texts"] == opened["texts"]  # what was painted is what the book holds


def test_a_new_day_paints_last_values_marked_then_brings_them_up_to_date(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_yesterday(demo_path, monkeypatch)
    seen = _first_paint(demo_path, tmp_path)
    paint, opened = seen["paint"], seen["open"]
    assert paint["heavy"] == []
    assert paint["updating"] == len(paint["texts"])  # type: ignore[arg-type]
    assert opened["updating"] == 0
    assert paint["texts"] != opened["texts"]  # countdowns moved on by a day


def _rows(model: PortfolioModel) -> dict[int, tuple[str, ...]]:
    return {
        model.portfolio_row(r).account_id: model.portfolio_row(r).texts
        for r in range(len(model._rows))
    }


@pytest.fixture
def window(qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from csm_desk.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: not win.tasks, timeout=60_000)
    win.close_book()


def test_opening_behind_a_current_look_keeps_every_row_and_the_selection(
    window, demo_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """With every kept value current, the book opened behind the first look changes no row:
    the person's selection and scroll place made meanwhile stay, and nothing is rebuilt."""
    keep_all(demo_path)
    assert window.open_book(demo_path, background=True)
    model = window.portfolio.model
    assert window.session is None and model.rowCount() > 3 and model.updating == 0
    rows = [model.portfolio_row(r) for r in range(model.rowCount())]
    table = window.portfolio.table
    table.selectRow(3)
    chosen = table.currentIndex().data()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    qtbot.waitUntil(lambda: window.session is not None, timeout=60_000)
    assert not resets
    assert [model.portfolio_row(r) for r in range(model.rowCount())] == rows
    assert all(model.portfolio_row(r) is rows[r] for r in range(model.rowCount()))
    assert table.currentIndex().data() == chosen
    assert window.session.summary(rows[0].account_id) is rows[0].summary


def test_marked_rows_read_as_waiting_and_are_replaced_in_place(
    window, demo_path, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    keep_yesterday(demo_path, monkeypatch)
    sql(demo_path, "UPDATE account SET arr = 777000 WHERE id = 1")  # changed by hand since
    assert window.open_book(demo_path, background=True)
    model = window.portfolio.model
    assert window.session is None and model.rowCount() > 0
    assert model.updating == model.rowCount()
    index = model.index(model.row_of(1), Column.ARR)
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert UPDATING in model.index(model.row_of(1), Column.SEGMENT).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert index.data() != "$777,000"  # the last value, until the account is scored
    assert "Opening Demo" in window.statusBar().currentMessage()
    assert not window.portfolio.summary.isEnabled()  # the totals too are last values
    qtbot.waitUntil(lambda: window.session is not None, timeout=60_000)
    assert model.updating == 0
    assert window.portfolio.summary.isEnabled()
    from csm_desk.models.scored import load_scored

    scored = load_scored(window.session.book, window.session.as_of, rescore=True).book
    fresh = {s.id: summary_row(s, scored.currency).texts for s in scored.accounts}
    assert _rows(model) == fresh
    assert model.index(model.row_of(1), Column.ARR).data() == "$777,000"
    assert not model.index(model.row_of(1), Column.ARR).data(Qt.ItemDataRole.FontRole)


def test_the_window_answers_while_the_book_opens(window, demo_path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Typing into the search box is handled while the book is opened off the GUI thread."""
    keep_yesterday(demo_path, monkeypatch)
    assert window.open_book(demo_path, background=True)
    assert window.session is None
    qtbot.keyClicks(window.portfolio.search, "north")
    assert window.portfolio.proxy.rowCount() == 1
    qtbot.waitUntil(lambda: window.session is not None, timeout=60_000)
    assert window.portfolio.search.text() == "north"
    assert window.portfolio.proxy.rowCount() == 1  # the filter holds over the scored rows
    index = window.portfolio.proxy.index(0, Column.ACCOUNT)
    assert index.data() == "Northwind Payments"


def test_a_book_held_elsewhere_is_offered_read_only_after_its_first_paint(  # type: ignore[no-untyped-def]
    window, demo_path, qtbot
) -> None:
    keep_all(demo_path)
    holder = holding.start(demo_path)
    try:
        seen: list[str] = []
        answer_box("bookLockedDialog", "Open read-only", seen)
        assert window.open_book(demo_path, background=True)
        assert window.portfolio.model.rowCount() > 0  # painted from the stored results
        qtbot.waitUntil(lambda: window.session is not None, timeout=60_000)
        assert len(seen) == 1 and "[Open read-only | Cancel]" in seen[0]
        assert window.session.read_only
        assert window.read_only_banner.isVisible()
        assert window.windowTitle().startswith("Demo (read-only) — ")
    finally:
        holding.release(holder)


def test_cancelling_a_held_book_leaves_nothing_on_screen(window, demo_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    keep_all(demo_path)
    holder = holding.start(demo_path)
    try:
        seen: list[str] = []
        answer_box("bookLockedDialog", "Cancel", seen)
        assert window.open_book(demo_path, background=True)
        qtbot.waitUntil(lambda: bool(seen) and not window.tasks, timeout=60_000)
        QApplication.processEvents()
        assert window.session is None
        assert window.portfolio.model.rowCount() == 0
        assert window.portfolio.priorities.model.rowCount() == 0
        assert "Demo" not in window.windowTitle()
    finally:
        holding.release(holder)


def test_a_book_found_damaged_after_its_first_paint_is_refused_and_cleared(  # type: ignore[no-untyped-def]
    window, demo_path, qtbot
) -> None:
    keep_all(demo_path)
    sql(demo_path, "UPDATE account SET renewal_date = '2027-02-30' WHERE id = 2")
    seen: list[str] = []
    answer_box("damagedBookDialog", "Close", seen)
    assert window.open_book(demo_path, background=True)
    assert window.portfolio.model.rowCount() > 0
    qtbot.waitUntil(lambda: bool(seen) and not window.tasks, timeout=60_000)
    assert "Demo.csmbook cannot be opened: it is damaged" in seen[0]
    assert window.session is None
    assert window.portfolio.model.rowCount() == 0


def test_closing_the_window_while_the_book_opens_lets_go_of_it(qtbot, demo_path) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.models.bookfile import open_here
    from csm_desk.ui.main_window import MainWindow

    keep_all(demo_path)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_book(demo_path, background=True)
    deadline = time.monotonic() + 5
    while not win.tasks and time.monotonic() < deadline:
        QApplication.processEvents()  # the work starts after the first paint
    win.close()
    assert open_here(demo_path) is None
    assert win.session is None


def test_opening_another_book_once_one_is_shown_keeps_the_usual_path(  # type: ignore[no-untyped-def]
    window, demo_path, tmp_path, qtbot
) -> None:
    """The stored results are painted only on a window with no book: with one shown, the
    shown book stays usable until the next is open."""
    keep_all(demo_path)
    assert window.open_book(demo_path)
    other = tmp_path / "other"
    other.mkdir()
    copy = other / "Copy.csmbook"
    copy.write_bytes(demo_path.read_bytes())
    shown = window.session
    assert window.open_book(copy, background=True)
    assert window.session is shown  # still usable while the other one is read
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.book.path == copy, timeout=60_000
    )
    assert window.portfolio.model.updating == 0


def test_the_last_book_asked_for_is_the_one_shown(  # type: ignore[no-untyped-def]
    window, demo_path, tmp_path, qtbot, monkeypatch
) -> None:
    """Another book chosen while the first still opens takes its place, even when the first
    finishes opening last; the first is let go."""
    from csm_desk.models import scored as session_module
    from csm_desk.models.bookfile import open_here

    real = session_module.load_scored

    def slow_for_the_first(book, as_of, progress=None, **kwargs):  # type: ignore[no-untyped-def]
        if book.path == demo_path:
            time.sleep(1.5)
        return real(book, as_of, progress, **kwargs)

    monkeypatch.setattr(session_module, "load_scored", slow_for_the_first)
    keep_all(demo_path)
    other = tmp_path / "second" / "Second.csmbook"
    other.parent.mkdir()
    other.write_bytes(demo_path.read_bytes())
    sql(other, "UPDATE book SET owner = 'Second Owner'")
    assert window.open_book(demo_path, background=True)
    qtbot.waitUntil(lambda: bool(window.tasks), timeout=10_000)  # the first is being opened
    assert window.open_book(other, background=True)
    qtbot.waitUntil(lambda: window.session is not None and not window.tasks, timeout=60_000)
    QApplication.processEvents()
    assert window.session.book.path == other
    assert window.session.owner == "Second Owner"
    assert open_here(demo_path) is None
    assert window.windowTitle().startswith("Second — ")
