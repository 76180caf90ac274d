"""``csm-desk backups`` and ``csm-desk restore``, and the backups ``import`` and ``handover``
take first: what is printed, one-line errors, books left unchanged on failure."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from csm_desk.__main__ import main
from csm_desk.models import backups
from csm_desk.models.backups import list_backups
from tests import holding

ACCOUNTS = 'Account Name,Account ID,ARR,Renewal Date\nGlobex Freight,009G,"$80,000",06/30/2027\n'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def owner(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT owner FROM book").fetchone()[0])
    finally:
        con.close()


def accounts(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM account").fetchone()[0])
    finally:
        con.close()


FULL = "csm-desk: could not back up Demo.csmbook: the disk is full; the book is unchanged\n"


def set_owner(path: Path, name: str) -> None:
    from csm_desk.models.bookfile import BookFile

    with BookFile.open(path) as book, book.write() as conn:
        conn.exec_driver_sql("UPDATE book SET owner = ?", (name,))


def test_backups_lists_the_books_backups_newest_first(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    book = str(demo_path)
    code, out, err = run(capsys, "backups", "--book", book)
    assert (code, out, err) == (0, "No backups of Demo.csmbook yet\n", "")
    code, out, err = run(capsys, "backups", "--now", "--book", book, "--today", "2026-11-20")
    assert (code, err) == (0, "")
    assert out.startswith("Backed up Demo.csmbook to ")
    run(capsys, "backups", "--now", "--book", book, "--today", "2026-11-22")
    code, out, err = run(capsys, "backups", "--book", book)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Backups of Demo.csmbook, newest first:"
    assert lines[1].split() == ["#", "Taken", "Reason", "Accounts", "Size"]
    assert lines[2].split()[:5] == ["1", "2026-11-22", lines[2].split()[2], "manual", "13"]
    assert lines[3].split()[:2] == ["2", "2026-11-20"]
    assert lines[3].split()[-1] in ("KB", "MB")
    assert lines[-1] == "Restore one with: csm-desk restore NUMBER"


def test_backups_json(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    run(capsys, "backups", "--now", "--book", str(demo_path))
    code, out, _err = run(capsys, "backups", "--json", "--book", str(demo_path))
    assert code == 0
    listing = json.loads(out)
    assert listing["book"] == str(demo_path)
    [entry] = listing["backups"]
    assert (
        entry["number"] == 1
        and entry["reason"] == "manual"
        and entry["accounts"] == accounts(demo_path)
    )
    assert entry["taken_at"].startswith("2026-11-22T") and entry["damaged"] is False
    assert Path(entry["path"]).stat().st_size == entry["size"]


def test_a_backup_that_cannot_be_written_is_one_line(
    capsys: pytest.CaptureFixture[str], demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "_copy_pages", full)
    before = digest(demo_path)
    code, out, err = run(capsys, "backups", "--now", "--book", str(demo_path))
    assert code == 1 and out == ""
    assert (
        err == "csm-desk: could not back up Demo.csmbook: the disk is full; the book is unchanged\n"
    )
    assert digest(demo_path) == before


def test_restore_by_number_says_what_it_did(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    original = owner(demo_path)
    run(capsys, "backups", "--now", "--book", str(demo_path))
    set_owner(demo_path, "Changed since")
    code, out, err = run(capsys, "restore", "1", "--book", str(demo_path))
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first.startswith(f"Restored {demo_path} from the backup of 2026-11-22 ")
    assert f"(manual, {accounts(demo_path)} accounts)" in first
    kept = Path(second.removeprefix("The book as it was before is kept as a backup: "))
    assert kept.name.endswith(" before-restore.csmbook") and owner(kept) == "Changed since"
    assert owner(demo_path) == original
    # The list now starts with the copy kept, so restoring number 1 undoes the restore.
    code, out, _err = run(capsys, "restore", "1", "--book", str(demo_path))
    assert code == 0 and owner(demo_path) == "Changed since"


def test_restore_by_path(capsys: pytest.CaptureFixture[str], demo_path: Path) -> None:
    run(capsys, "backups", "--now", "--book", str(demo_path))
    [backup] = list_backups(demo_path)
    set_owner(demo_path, "Changed since")
    code, out, err = run(capsys, "restore", str(backup.path), "--book", str(demo_path))
    assert (code, err) == (0, "")
    assert str(backup.path) in out.splitlines()[0]
    assert owner(demo_path) == owner(backup.path)


def test_restore_refusals_are_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    run(capsys, "backups", "--now", "--book", str(demo_path))
    before = digest(demo_path)
    code, _out, err = run(capsys, "restore", "7", "--book", str(demo_path))
    assert code == 1
    assert err == (
        "csm-desk: there is no backup number 7 of Demo.csmbook (csm-desk backups lists 1 to 1)\n"
    )
    missing = tmp_path / "nowhere.csmbook"
    code, _out, err = run(capsys, "restore", str(missing), "--book", str(demo_path))
    assert (code, err) == (1, f"csm-desk: no backup at {missing}\n")
    proc = holding.start(demo_path)
    try:
        code, _out, err = run(capsys, "restore", "1", "--book", str(demo_path))
    finally:
        holding.release(proc)
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"csm-desk: Demo.csmbook is open in {holding.PROGRAM} of ")
    assert err.endswith("; close it there, then restore\n")
    assert digest(demo_path) == before


def test_import_backs_the_book_up_only_when_it_changes_it(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "accounts.csv"
    csv.write_text(ACCOUNTS)
    code, _out, err = run(capsys, "import", "accounts", str(csv), "--book", str(demo_path))
    assert (code, err) == (0, "")
    [taken] = list_backups(demo_path)
    assert taken.reason == "before-import" and taken.accounts == accounts(demo_path) - 1
    code, out, _err = run(capsys, "import", "accounts", str(csv), "--book", str(demo_path))
    assert code == 0 and out.startswith("Nothing to change")
    assert len(list_backups(demo_path)) == 1


def test_an_import_that_cannot_back_up_the_book_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    csv = tmp_path / "accounts.csv"
    csv.write_text(ACCOUNTS)

    def full(*_args: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_copy_pages", full)
    before = digest(demo_path)
    code, out, err = run(capsys, "import", "accounts", str(csv), "--book", str(demo_path))
    assert (code, out) == (1, "")
    assert (
        err == "csm-desk: could not back up Demo.csmbook: the disk is full; the book is unchanged\n"
    )
    assert digest(demo_path) == before


def test_handover_backs_the_book_up_first(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "For Sam.csmbook"
    code, _out, err = run(
        capsys, "handover", "-o", str(out_path), "--to", "Sam", "--book", str(demo_path)
    )
    assert (code, err) == (0, "")
    assert [b.reason for b in list_backups(demo_path)] == ["before-handover"]
    assert list_backups(out_path) == [], "the successor's copy starts with no backups"
