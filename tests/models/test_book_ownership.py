"""One owner per book, across processes: the writer's lock, readers beside it, a writer killed
with SIGKILL, and journals left beside a book by a crash or copied in from elsewhere."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from csm_desk.csvimport.run import WRITER_WAIT
from csm_desk.models.bookfile import BookFile, BookLockedError
from csm_desk.models.demo import write_demo
from csm_desk.models.journal import read_wal, wal_path
from tests.bookprocs import WriterProcess, open_checksum, run_cli, sha256
from tests.conftest import TODAY

NORTHWIND = "Northwind Payments"
HALCYON = "Halcyon Health Systems"


@pytest.fixture
def writers() -> Iterator[list[WriterProcess]]:
    """Writer processes started by a test; any still alive are killed at its end."""
    started: list[WriterProcess] = []
    yield started
    for writer in started:
        writer.stop()


def start_writer(writers: list[WriterProcess], book: Path) -> WriterProcess:
    writer = WriterProcess(book)
    writers.append(writer)
    answer = writer.ask("open")
    assert answer == f"opened {writer.pid}"
    return writer


def arr_of(book: BookFile, name: str) -> float:
    with book.engine.connect() as conn:
        return float(
            conn.exec_driver_sql("SELECT arr FROM account WHERE name = ?", (name,)).scalar_one()
        )


def notes_of(book: BookFile, name: str) -> str | None:
    with book.engine.connect() as conn:
        value = conn.exec_driver_sql(
            "SELECT internal_notes FROM account WHERE name = ?", (name,)
        ).scalar_one()
    return None if value is None else str(value)


def integrity(book: BookFile) -> str:
    with book.engine.connect() as conn:
        return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar_one())


def report_arr(book: Path, name: str) -> float:
    done = run_cli("report", "--json", "--book", str(book))
    assert done.code == 0, done.err
    assert "Traceback" not in done.err
    accounts = json.loads(done.out)["accounts"]
    return float(next(a["arr"] for a in accounts if a["name"] == name))


def set_aside(folder: Path) -> list[Path]:
    return sorted(folder.glob("*-wal.set-aside-*"))


def foreign_notices(book: BookFile) -> list[str]:
    return [n for n in book.notices if "did not belong" in n]


# -- the old bug: a second open in the writer's own process dropped SQLite's locks --------------


def test_a_second_open_in_the_writers_process_keeps_every_edit_through_a_kill(
    demo_path: Path, writers: list[WriterProcess]
) -> None:
    """A writer opens the book, edits it, opens it a second time and closes that (which once
    read the file's header with plain open()/close(), dropping SQLite's POSIX locks on it);
    a report runs in another process (which, seeing no lock, once checkpointed and deleted the
    writer's log on its way out); the writer edits again and is killed. Both edits survive."""
    writer = start_writer(writers, demo_path)
    assert writer.ask(f"arr {NORTHWIND} 111111") == "ok"
    assert writer.ask("open-again") == "shared True"
    assert report_arr(demo_path, NORTHWIND) == 111111.0
    assert writer.ask(f"notes {HALCYON}|second edit, after the report") == "ok"
    assert read_wal(wal_path(demo_path)) is not None, "the second edit should be in the log"
    writer.kill()

    with BookFile.open(demo_path) as book:
        assert foreign_notices(book) == []
        assert arr_of(book, NORTHWIND) == 111111.0
        assert notes_of(book, HALCYON) == "second edit, after the report"
        assert integrity(book) == "ok"
    assert set_aside(demo_path.parent) == []


# -- two processes ---------------------------------------------------------------------------


def test_a_second_writer_is_refused_with_the_holders_process(
    demo_path: Path, writers: list[WriterProcess]
) -> None:
    writer = start_writer(writers, demo_path)
    with pytest.raises(BookLockedError) as refused:
        BookFile.open(demo_path, access="write")
    assert refused.value.holder is not None
    assert refused.value.holder.pid == writer.pid
    assert f"process {writer.pid}" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_import_waits_for_the_writer_then_refuses_in_one_line_leaving_the_book_unchanged(
    demo_path: Path, writers: list[WriterProcess], tmp_path: Path
) -> None:
    writer = start_writer(writers, demo_path)
    assert writer.ask(f"arr {NORTHWIND} 90000") == "ok"
    csv = tmp_path / "accounts.csv"
    csv.write_text("Account Name,ARR\nNew Account Ltd,12000\n", encoding="utf-8")
    before = {p.name: sha256(p) for p in tmp_path.glob("Demo.csmbook*") if p.is_file()}
    started = time.monotonic()
    done = run_cli("import", "accounts", str(csv), "--book", str(demo_path))
    waited = time.monotonic() - started
    assert done.code == 1
    assert done.err.count("\n") == 1 and done.err.startswith("csm-desk: "), done.err
    assert f"process {writer.pid}" in done.err
    assert waited >= WRITER_WAIT - 0.5
    after = {p.name: sha256(p) for p in tmp_path.glob("Demo.csmbook*") if p.is_file()}
    assert after == before
    with BookFile.open(demo_path, access="read") as book:
        assert arr_of(book, NORTHWIND) == 90000.0
        with book.engine.connect() as conn:
            assert (
                conn.exec_driver_sql(
                    "SELECT count(*) FROM account WHERE name = 'New Account Ltd'"
                ).scalar_one()
                == 0
            )


def test_report_reads_beside_a_writer_and_sees_what_it_committed(
    demo_path: Path, writers: list[WriterProcess]
) -> None:
    writer = start_writer(writers, demo_path)
    assert report_arr(demo_path, NORTHWIND) == 85000.0
    assert writer.ask(f"arr {NORTHWIND} 99000") == "ok"
    assert report_arr(demo_path, NORTHWIND) == 99000.0
    assert writer.ask(f"arr {NORTHWIND} 101000") == "ok"
    assert report_arr(demo_path, NORTHWIND) == 101000.0


def test_the_lock_is_free_at_once_when_the_writer_is_killed(
    demo_path: Path, writers: list[WriterProcess]
) -> None:
    writer = start_writer(writers, demo_path)
    assert writer.ask(f"arr {NORTHWIND} 123000") == "ok"
    writer.kill()
    started = time.monotonic()
    with BookFile.open(demo_path, access="write", wait=0.0) as book:
        assert time.monotonic() - started < 2.0
        assert arr_of(book, NORTHWIND) == 123000.0
        assert foreign_notices(book) == []


# -- journals left beside a book ------------------------------------------------------------


def crash_leaving_a_log(writers: list[WriterProcess], book: Path, *edits: str) -> bytes:
    """Make ``edits`` in a writer process, kill it, and return the log it left."""
    writer = start_writer(writers, book)
    for edit in edits:
        assert writer.ask(edit) == "ok"
    writer.kill()
    log = wal_path(book)
    assert read_wal(log) is not None, "the killed writer should leave committed frames"
    return log.read_bytes()


def test_the_log_a_crash_leaves_is_replayed(demo_path: Path, writers: list[WriterProcess]) -> None:
    crash_leaving_a_log(
        writers, demo_path, f"arr {NORTHWIND} 77000", f"notes {HALCYON}|written before the crash"
    )
    with BookFile.open(demo_path) as book:
        assert foreign_notices(book) == []
        assert arr_of(book, NORTHWIND) == 77000.0
        assert notes_of(book, HALCYON) == "written before the crash"
        assert integrity(book) == "ok"
    assert set_aside(demo_path.parent) == []


def test_a_reader_first_after_a_crash_replays_the_log_too(
    demo_path: Path, writers: list[WriterProcess]
) -> None:
    crash_leaving_a_log(writers, demo_path, f"arr {NORTHWIND} 66000")
    assert report_arr(demo_path, NORTHWIND) == 66000.0
    done = run_cli("check", "--book", str(demo_path))
    assert done.code == 0 and done.err == "", done.err
    with BookFile.open(demo_path) as book:
        assert arr_of(book, NORTHWIND) == 66000.0
    assert set_aside(demo_path.parent) == []


def test_a_log_copied_from_another_book_is_set_aside(
    demo_path: Path, writers: list[WriterProcess], tmp_path: Path
) -> None:
    other = tmp_path / "other" / "Other.csmbook"
    other.parent.mkdir()
    write_demo(other, TODAY - dt.timedelta(days=45))
    log = crash_leaving_a_log(writers, other, f"arr {NORTHWIND} 55000")
    with BookFile.open(demo_path, access="read") as book:
        own = open_checksum(book)
    wal_path(demo_path).write_bytes(log)

    with BookFile.open(demo_path) as book:
        notices = foreign_notices(book)
        assert len(notices) == 1 and "another book" in notices[0], book.notices
        assert open_checksum(book) == own
        assert arr_of(book, NORTHWIND) == 85000.0
        assert integrity(book) == "ok"
    (aside,) = set_aside(demo_path.parent)
    assert aside.read_bytes() == log


def test_a_log_beside_an_older_copy_of_its_book_is_set_aside(
    demo_path: Path, writers: list[WriterProcess], tmp_path: Path
) -> None:
    """The book file was replaced by an older copy of itself (restored from a USB stick, say)
    while the log of a crashed session was still beside it."""
    older = tmp_path / "older.csmbook"
    shutil.copyfile(demo_path, older)
    writer = start_writer(writers, demo_path)
    assert writer.ask(f"arr {NORTHWIND} 44000") == "ok"
    assert writer.ask("close") == "closed"
    assert writer.ask("open").startswith("opened")
    assert writer.ask(f"arr {HALCYON} 250000") == "ok"
    writer.kill()
    assert read_wal(wal_path(demo_path)) is not None
    with BookFile.open(older, access="read") as book:
        own = open_checksum(book)
    older.replace(demo_path)

    done = run_cli("report", "--json", "--book", str(demo_path))
    assert done.code == 0
    assert "did not belong" in done.err and done.err.count("\n") == 1, done.err
    with BookFile.open(demo_path) as book:
        assert foreign_notices(book) == []  # set aside already, by the report
        assert open_checksum(book) == own
        assert arr_of(book, NORTHWIND) == 85000.0
        assert arr_of(book, HALCYON) == 240000.0
        assert integrity(book) == "ok"
    assert len(set_aside(demo_path.parent)) == 1


def test_an_old_log_beside_a_book_that_moved_on_is_set_aside(
    demo_path: Path, writers: list[WriterProcess]
) -> None:
    log = crash_leaving_a_log(writers, demo_path, f"arr {NORTHWIND} 33000")
    with BookFile.open(demo_path) as book:  # replays it, then carries on
        assert arr_of(book, NORTHWIND) == 33000.0
    writer = start_writer(writers, demo_path)
    assert writer.ask(f"arr {NORTHWIND} 34000") == "ok"
    assert writer.ask("close") == "closed"
    assert not wal_path(demo_path).exists() or wal_path(demo_path).stat().st_size == 0
    wal_path(demo_path).write_bytes(log)

    with BookFile.open(demo_path) as book:
        notices = foreign_notices(book)
        assert len(notices) == 1 and "older than the book" in notices[0], book.notices
        assert arr_of(book, NORTHWIND) == 34000.0
        assert integrity(book) == "ok"


# -- a checkpoint interrupted part way ----------------------------------------------------------


def checkpoint_part_way(book: Path, *, pages_in_file_only: bool) -> None:
    """Do to ``book`` what a checkpoint killed part way leaves: the newest image of page 1 (the
    header, which now counts the pages the log added) and, with ``pages_in_file_only``, of every
    page inside the old end of the file, but none of the pages past it."""
    data = wal_path(book).read_bytes()
    page_size = int.from_bytes(data[8:12], "big")
    in_file = book.stat().st_size // page_size
    newest: dict[int, bytes] = {}
    offset = 32
    while offset + 24 + page_size <= len(data):
        number = int.from_bytes(data[offset : offset + 4], "big")
        newest[number] = data[offset + 24 : offset + 24 + page_size]
        offset += 24 + page_size
    assert max(newest) > in_file, "the log should add pages past the end of the file"
    chosen = [n for n in sorted(newest) if n <= in_file] if pages_in_file_only else [1]
    with book.open("r+b") as handle:
        for number in chosen:
            handle.seek((number - 1) * page_size)
            handle.write(newest[number])


@pytest.mark.parametrize("pages_in_file_only", [False, True], ids=["header", "old-pages"])
def test_a_checkpoint_killed_part_way_is_completed_from_the_log(
    demo_path: Path, writers: list[WriterProcess], pages_in_file_only: bool
) -> None:
    long_notes = ("A long account history. " * 20_000).strip()  # about 480 KB: the book grows
    crash_leaving_a_log(writers, demo_path, f"notes {HALCYON}|{long_notes}")
    checkpoint_part_way(demo_path, pages_in_file_only=pages_in_file_only)

    done = run_cli("check", "--book", str(demo_path))
    assert done.code == 0 and "Integrity: ok" in done.out, done.out + done.err
    assert done.err == ""
    with BookFile.open(demo_path) as book:
        assert foreign_notices(book) == []
        assert notes_of(book, HALCYON) == long_notes
        assert integrity(book) == "ok"
    assert set_aside(demo_path.parent) == []


def test_a_log_is_kept_when_the_file_cannot_be_read_without_it(
    demo_path: Path, writers: list[WriterProcess]
) -> None:
    """The file's own copy of the page holding the journal marker is unreadable (a checkpoint
    tore it); the log holds a newer one, so the log is replayed, never set aside."""
    con = sqlite3.connect(demo_path)
    (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'book_meta'").fetchone()
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    crash_leaving_a_log(writers, demo_path, f"arr {NORTHWIND} 22000")
    with demo_path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    with BookFile.open(demo_path) as book:
        assert foreign_notices(book) == []
        assert arr_of(book, NORTHWIND) == 22000.0
        assert integrity(book) == "ok"
