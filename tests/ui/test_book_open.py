"""Opening a book the window cannot simply take: one another process has open for changes, one
another window of this process shows, one that is damaged. Each is explained, and the window
stays usable."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from csm_desk.engine.vocab import Area
from csm_desk.models.ops import SetFields
from tests.ui.answering import answer_box
from tests.ui.conftest import account_id
from tests.ui.mounts import sha256

ROOT = Path(__file__).resolve().parents[2]
# Another CSM Desk process that has the book open for changes until it is killed.
HOLDER = """
import sys, time
from csm_desk.models.bookfile import BookFile
book = BookFile.open(sys.argv[1], access="write", program="the CSM Desk window")
print("ready", flush=True)
time.sleep(600)
"""


@pytest.fixture
def held(sample_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A second process holding ``sample_path`` for writing."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(sample_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def _new_window(qtbot):  # type: ignore[no-untyped-def]
    from csm_desk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_book_held_by_another_process_opens_read_only_on_request(
    qtbot, sample_path, held
) -> None:  # type: ignore[no-untyped-def]
    window = _new_window(qtbot)
    before = sha256(sample_path)
    seen: list[str] = []
    answer_box("bookLockedDialog", "Open read-only", seen)
    assert window.open_book(sample_path)
    assert len(seen) == 1, seen
    assert "Sample.csmbook is open in the CSM Desk window of " in seen[0]
    assert f"(process {held.pid}) since " in seen[0]
    assert "[Open read-only | Cancel]" in seen[0]

    session = window.session
    assert session is not None and session.read_only
    assert window.portfolio.model.rowCount() == len(session.result.accounts) == 5
    assert window.windowTitle().startswith("Sample (read-only) — ")
    banner = window.read_only_banner
    assert banner.isVisible()
    assert "open for changes in the CSM Desk window of " in banner.text.text()
    assert f"(process {held.pid})" in banner.text.text()
    assert banner.reopen_button.isVisible()
    assert window._status["saved"].text() == "Read-only"
    window.close_book()
    assert sha256(sample_path) == before


def test_cancel_leaves_the_window_as_it_was(qtbot, sample_path, held) -> None:  # type: ignore[no-untyped-def]
    window = _new_window(qtbot)
    seen: list[str] = []
    answer_box("bookLockedDialog", "Cancel", seen)
    assert not window.open_book(sample_path)
    assert len(seen) == 1
    assert window.session is None
    assert not window.read_only_banner.isVisible()


def test_open_again_takes_the_book_for_changes_once_it_is_free(qtbot, sample_path, held) -> None:  # type: ignore[no-untyped-def]
    window = _new_window(qtbot)
    answer_box("bookLockedDialog", "Open read-only", [])
    assert window.open_book(sample_path)
    assert window.session.read_only
    held.kill()
    held.wait()
    window.read_only_banner.reopen_button.click()
    assert window.session is not None and not window.session.read_only
    assert not window.read_only_banner.isVisible()
    assert window.windowTitle().startswith("Sample — ")
    assert window.commands.new_account.isEnabled()
    window.close_book()


def test_one_window_per_book_in_a_process(qtbot, sample_path) -> None:  # type: ignore[no-untyped-def]
    first = _new_window(qtbot)
    assert first.open_book(sample_path)
    session = first.session
    # Opening it again in the same window keeps what is shown (and its undo history).
    northwind = account_id(first, "Northwind Payments")
    assert session.apply(SetFields("account", {"id": northwind}, {"arr": 1.0}, "Edit ARR"))
    assert first.open_book(sample_path)
    assert first.session is session and session.undo_stack.count() == 1

    # A second window brings the first forward instead of sharing the book behind its back.
    second = _new_window(qtbot)
    assert not second.open_book(sample_path)
    assert second.session is None
    assert "Sample.csmbook is open in another CSM Desk window" in (
        second.statusBar().currentMessage()
    )
    assert first.session is session and not session.read_only
    # The first window still writes, and is the only user of the book in this process.
    assert session.apply(SetFields("account", {"id": northwind}, {"arr": 2.0}, "Edit ARR"))
    assert session.book._refs == 1
    first.close_book()
    # Once the first window let go, the second may have it.
    assert second.open_book(sample_path)
    assert second.session is not None and not second.session.read_only
    second.close_book()


def _zero_the_account_pages(path: Path) -> None:
    """Write zeros over the page holding the account table's rows, in a closed copy, with
    plain file I/O (the page is chosen by the table so the damage is on what every open reads)."""
    con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'account'").fetchone()
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    finally:
        con.close()
    assert 1 < root[0] < pages
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * page_size)
        handle.write(b"\0" * page_size)


@pytest.fixture
def zeroed(sample_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "Zeroed.csmbook"
    shutil.copyfile(sample_master, path)
    _zero_the_account_pages(path)
    return path


@pytest.fixture
def bad_value(sample_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "Bad value.csmbook"
    shutil.copyfile(sample_master, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE account SET renewal_date = '2027-02-30'")
    con.commit()
    con.close()
    return path


@pytest.fixture
def truncated(sample_master: Path, tmp_path: Path) -> Path:
    """A book that lost its second half (a copy cut short), with no log beside it."""
    path = tmp_path / "Cut short.csmbook"
    data = sample_master.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _still_usable(window) -> None:  # type: ignore[no-untyped-def]
    assert window.session is not None and window.session.book.path.name == "Sample.csmbook"
    northwind = account_id(window, "Northwind Payments")
    window.open_account(northwind, Area.SNAPSHOT.value)
    assert window.workspace.ctx.account["name"] == "Northwind Payments"
    assert window.session.apply(SetFields("account", {"id": northwind}, {"arr": 3.0}, "Edit"))


@pytest.mark.parametrize("damage", ["zeroed", "bad_value", "truncated"])
def test_a_damaged_book_is_refused_with_the_ways_out(window, damage, request) -> None:  # type: ignore[no-untyped-def]
    path = request.getfixturevalue(damage)
    before = sha256(path)
    seen: list[str] = []
    answer_box("damagedBookDialog", "Close", seen)
    assert not window.open_book(path)
    assert len(seen) == 1, seen
    assert f"{path.name} cannot be opened: it is damaged." in seen[0]
    assert path.name in seen[0].splitlines()[1], "the reason names the book"
    buttons = seen[0].splitlines()[-1]
    assert "Salvage…" in buttons and "Close" in buttons
    assert sha256(path) == before
    _still_usable(window)


def test_a_damaged_book_opened_in_the_background_is_refused_too(window, bad_value, qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    answer_box("damagedBookDialog", "Close", seen)
    window.open_book(bad_value, background=True)  # found on open, or while read off the GUI thread
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert "Bad value.csmbook cannot be opened: it is damaged" in seen[0]
    qtbot.waitUntil(lambda: not window.tasks)
    _still_usable(window)


def test_a_truncated_book_with_a_backup_is_offered_its_restore(
    window, sample_master, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.models.backups import MANUAL, take_backup
    from csm_desk.models.bookfile import BookFile

    path = tmp_path / "Cut short.csmbook"
    shutil.copyfile(sample_master, path)
    with BookFile.open(path) as book:
        take_backup(book, MANUAL)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    seen: list[str] = []
    answer_box("damagedBookDialog", "Close", seen)
    assert not window.open_book(path)
    assert "is a truncated CSM Desk book" in seen[0]
    assert "Restore a backup…" in seen[0].splitlines()[-1]
    _still_usable(window)


def test_salvage_writes_a_new_book_and_offers_to_open_it(
    window, zeroed, qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "Rescued.csmbook"
    monkeypatch.setattr(
        "csm_desk.ui.book_problems.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    damaged: list[str] = []
    salvaged: list[str] = []
    answer_box("damagedBookDialog", "Salvage…", damaged)
    answer_box("salvagedBookDialog", "Open", salvaged, within=60.0)
    assert not window.open_book(zeroed)
    qtbot.waitUntil(lambda: bool(salvaged), timeout=60_000)
    assert "Wrote Rescued.csmbook in " in salvaged[0]
    assert "rows copied" in salvaged[0]
    qtbot.waitUntil(lambda: window.session.book.path == out, timeout=30_000)
    assert not window.session.read_only
    assert window.portfolio.model.rowCount() == len(window.session.result.accounts)


def test_a_file_that_is_not_a_book_is_one_plain_message(window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    notes = tmp_path / "notes.csmbook"
    notes.write_bytes(b"SQLite format 3\x00" + b"\x01" * 20)
    assert not window.open_book(notes)
    assert shown == [f"{notes} is a truncated SQLite file (36 bytes), not a usable book"]
    _still_usable(window)


def test_another_program_is_told_which_window_has_the_book(window) -> None:  # type: ignore[no-untyped-def]
    probe = (
        "import sys\n"
        "from csm_desk.models.bookfile import BookFile, BookLockedError\n"
        "try:\n"
        "    BookFile.open(sys.argv[1])\n"
        "except BookLockedError as exc:\n"
        "    print(exc)\n"
    )
    path = window.session.book.path
    result = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert result.stdout.startswith("Sample.csmbook is open in the CSM Desk window of "), result
    assert f"(process {os.getpid()})" in result.stdout
