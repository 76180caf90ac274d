"""Books that cannot be written: a read-only file, a read-only folder, a full disk.

Tests run as root, for whom permission bits do not stop a write, so the read-only cases are real
read-only mounts (a bind mount of the file, a tmpfs remounted read-only) and the full disk is a
small tmpfs filled up. Each test is skipped where mounting is not allowed.

Reading works and never changes a byte; writing refuses in one line, without a traceback, and
never as "damaged"; a failure on a full disk leaves no half-written file behind and the book as
it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from csm_desk.models.bookfile import BookFile, ReadOnlyBookError
from csm_desk.models.journal import read_wal
from tests.bookprocs import Cli, folder_state, run_cli, sha256

ACCOUNT = "Northwind Payments"


def _mount(*argv: str) -> bool:
    done = subprocess.run(["mount", *argv], capture_output=True, text=True, check=False)
    return done.returncode == 0


def _unmount(target: Path) -> None:
    done = subprocess.run(["umount", str(target)], capture_output=True, check=False)
    if done.returncode != 0:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs of this test's own (unmounted at the end)."""
    target = tmp_path / "mnt"
    target.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=3m", "tmpfs", str(target)):
        pytest.skip("cannot mount a tmpfs here")
    yield target
    _unmount(target)


def remount_read_only(target: Path) -> None:
    assert _mount("-o", "remount,ro", str(target))


@pytest.fixture
def read_only_file(demo_path: Path) -> Iterator[Path]:
    """The demo book, made read-only by a read-only bind mount of the file onto itself."""
    if not _mount("--bind", str(demo_path), str(demo_path)):
        pytest.skip("cannot bind-mount here")
    try:
        if not _mount("-o", "remount,bind,ro", str(demo_path)):
            pytest.skip("cannot remount read-only here")
        yield demo_path
    finally:
        _unmount(demo_path)


def one_line_failure(done: Cli) -> str:
    assert done.code != 0, f"{done.argv} succeeded: {done.out}"
    assert "Traceback" not in done.err, done.err
    lines = done.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("csm-desk: "), done.err
    return lines[0]


def reads_work(book: Path, out: Path) -> None:
    for argv in (
        ["report"],
        ["report", "--json"],
        ["check"],
        ["export", ACCOUNT, "success-plan", "-o", str(out / "plan.docx")],
        ["export", ACCOUNT, "account-brief", "-o", str(out / "brief.docx")],
    ):
        done = run_cli(*argv, "--book", str(book))
        assert done.code == 0, f"{argv}: {done.err}"
        assert "Traceback" not in done.err
        assert "damaged" not in done.err
        if argv == ["check"]:
            assert "Integrity: ok" in done.out
    assert (out / "plan.docx").stat().st_size > 0


def import_csv(folder: Path) -> Path:
    csv = folder / "accounts.csv"
    csv.write_text("Account Name,ARR\nNew Account Ltd,12000\n", encoding="utf-8")
    return csv


# -- read-only ----------------------------------------------------------------------------------


def test_a_read_only_book_file_reads_and_refuses_writes_in_one_line(
    read_only_file: Path, tmp_path: Path
) -> None:
    before = sha256(read_only_file)
    out = tmp_path / "out"
    out.mkdir()
    reads_work(read_only_file, out)
    line = one_line_failure(
        run_cli("import", "accounts", str(import_csv(out)), "--book", str(read_only_file))
    )
    assert "read-only" in line and "damaged" not in line
    with pytest.raises(ReadOnlyBookError):
        BookFile.open(read_only_file, access="write")
    with BookFile.open(read_only_file, access="write", allow_read_only=True) as book:
        assert book.read_only
        assert book.check().ok
    assert sha256(read_only_file) == before


def test_a_book_in_a_read_only_folder_reads_and_is_never_called_damaged(
    tmpfs: Path, demo_path: Path, tmp_path: Path
) -> None:
    book = tmpfs / "Team Book.csmbook"
    shutil.copyfile(demo_path, book)
    remount_read_only(tmpfs)
    before = folder_state(tmpfs)
    out = tmp_path / "out"
    out.mkdir()
    reads_work(book, out)
    line = one_line_failure(
        run_cli("import", "accounts", str(import_csv(out)), "--book", str(book))
    )
    assert "read-only" in line and "damaged" not in line
    with BookFile.open(book, access="write", allow_read_only=True) as opened:
        assert opened.read_only
        assert opened.check().ok
        assert not [n for n in opened.notices if "damaged" in n]
    assert folder_state(tmpfs) == before


# -- a full disk -------------------------------------------------------------------------------


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` up, leaving about ``leave`` bytes free."""
    fd = os.open(folder / "filler.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        size = 0
        block = b"\xa5" * 4096
        while True:
            try:
                size += os.write(fd, block)
            except OSError:
                break
        os.ftruncate(fd, max(0, size - leave))
    finally:
        os.close(fd)


def integrity_of_copy(book: Path, folder: Path) -> str:
    copy = folder / "copy.csmbook"
    shutil.copyfile(book, copy)
    con = sqlite3.connect(copy)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize("leave", [0, 48 * 1024], ids=["full", "nearly-full"])
def test_a_full_disk_fails_each_write_in_one_line_leaving_nothing_behind(
    tmpfs: Path, demo_path: Path, tmp_path: Path, leave: int
) -> None:
    book = tmpfs / "Book.csmbook"
    shutil.copyfile(demo_path, book)
    csv = import_csv(tmp_path)
    bigger = tmp_path / "many.csv"
    bigger.write_text(
        "Account Name,ARR\n" + "".join(f"Imported Account {n:05d},{n}\n" for n in range(3000)),
        encoding="utf-8",
    )
    fill(tmpfs, leave)
    before = folder_state(tmpfs)
    lines = {
        "import": one_line_failure(run_cli("import", "accounts", str(bigger), "--book", str(book))),
        "handover": one_line_failure(
            run_cli("handover", "-o", str(tmpfs / "Copy.csmbook"), "--book", str(book))
        ),
        "export": one_line_failure(
            run_cli(
                "export",
                ACCOUNT,
                "account-brief",
                "-o",
                str(tmpfs / "brief.docx"),
                "--book",
                str(book),
            )
        ),
    }
    for command, line in lines.items():
        assert "damaged" not in line, f"{command}: {line}"
        assert "full" in line or "space" in line, f"{command}: {line}"
    after = folder_state(tmpfs)
    # SQLite's own files beside the book may be left, empty: it made them trying to open it.
    for own in (f"{book.name}-wal", f"{book.name}-shm"):
        if own in after and own not in before:
            del after[own]
            assert read_wal(tmpfs / own) is None
    assert after == before
    assert integrity_of_copy(book, tmp_path) == "ok"
    # The same import succeeds once there is room: the refusal was the disk's, not the book's.
    (tmpfs / "filler.bin").unlink()
    done = run_cli("import", "accounts", str(csv), "--book", str(book))
    assert done.code == 0, done.err
