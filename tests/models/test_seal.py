"""Verified seals (``models.seal``): a book its writer closed sound is not checked whole again
while its file is unchanged; any change by any program, a replaced file or a log holding
writes brings the full check back; ``report`` on a sealed book with current results reads
them without opening the book, and says exactly what a fresh scoring says."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csm_desk.models import bookfile, seal
from csm_desk.models.bookfile import BookFile, DamagedBookError
from csm_desk.models.peek import sealed_look
from tests.conftest import TODAY
from tests.models.test_stored_results import keep_all, sql

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def seal_every_book(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seal books of any size (the demo book is smaller than ``SEAL_FROM_BYTES``)."""
    monkeypatch.setattr(seal, "SEAL_FROM_BYTES", 0)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every whole check an open runs."""
    seen: list[Path] = []
    real = bookfile._refuse_damaged_values

    def counting(path: Path, connection: object) -> None:
        seen.append(path)
        real(path, connection)  # type: ignore[arg-type]

    monkeypatch.setattr(bookfile, "_refuse_damaged_values", counting)
    return seen


def settle() -> None:
    """Let the file system's clock tick past the close (see ``models.seal``)."""
    time.sleep(0.05)


def test_a_book_closed_sound_by_its_writer_is_not_checked_again(
    demo_path: Path, checks: list[Path]
) -> None:
    keep_all(demo_path)  # opened checked, written, closed: sealed
    assert checks == [demo_path] and seal.is_sealed(demo_path)
    with BookFile.open(demo_path, access="read"):
        pass
    with BookFile.open(demo_path):
        pass
    assert checks == [demo_path]
    assert seal.is_sealed(demo_path)  # the writer closed it sound again


def test_a_change_by_another_program_brings_the_check_back(
    demo_path: Path, checks: list[Path]
) -> None:
    keep_all(demo_path)
    settle()
    sql(demo_path, "UPDATE account SET renewal_date = '2027-02-30' WHERE id = 2")
    assert not seal.is_sealed(demo_path)
    with pytest.raises(DamagedBookError, match="2027-02-30"):
        BookFile.open(demo_path, access="read")
    assert len(checks) == 2


def test_a_replaced_or_restored_file_is_checked(
    demo_path: Path, tmp_path: Path, checks: list[Path]
) -> None:
    keep_all(demo_path)
    copy = tmp_path / "copy.csmbook"
    shutil.copyfile(demo_path, copy)
    os.replace(copy, demo_path)  # same name, same bytes, another file
    assert not seal.is_sealed(demo_path)
    with BookFile.open(demo_path, access="read"):
        pass
    assert len(checks) == 2


def test_a_log_holding_writes_or_a_small_book_is_never_taken_as_sealed(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_all(demo_path)
    log = demo_path.with_name(demo_path.name + "-wal")
    log.write_bytes(b"\0" * 32)
    assert not seal.is_sealed(demo_path)
    log.unlink()
    assert seal.is_sealed(demo_path)
    monkeypatch.setattr(seal, "SEAL_FROM_BYTES", demo_path.stat().st_size + 1)
    assert not seal.is_sealed(demo_path)


def test_only_a_writer_that_found_the_book_sound_seals_it(demo_path: Path) -> None:
    with BookFile.open(demo_path, access="read"):
        pass
    assert not seal.is_sealed(demo_path)  # a reader never seals
    with BookFile.open(demo_path, verify=False):
        pass
    assert not seal.is_sealed(demo_path)  # nor a writer that did not check (restore, salvage)
    with BookFile.open(demo_path):
        pass
    assert seal.is_sealed(demo_path)


def test_a_sealed_look_needs_current_results_and_an_unchanged_file(demo_path: Path) -> None:
    assert sealed_look(demo_path, TODAY) is None  # never opened by a writer
    keep_all(demo_path)
    look = sealed_look(demo_path, TODAY)
    assert look is not None and look.current
    assert sealed_look(demo_path, TODAY + dt.timedelta(days=1)) is None  # results of another day
    seal.unseal(demo_path)
    assert sealed_look(demo_path, TODAY) is None


def _report(book: Path, *extra: str) -> tuple[str, list[str]]:
    """``csm-desk report`` in a fresh process: its output, and which heavy libraries it
    loaded."""
    probe = (
        "import sys, io, contextlib\n"
        "from csm_desk.models import seal\n"
        "seal.SEAL_FROM_BYTES = 0\n"
        "from csm_desk.__main__ import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main(['report', '--book', {str(book)!r}, *{list(extra)!r}])\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules]\n"
        "sys.stdout.write(out.getvalue() + '\\x00' + ','.join(heavy))\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    output, heavy = result.stdout.split("\x00")
    return output, [h for h in heavy.split(",") if h]


@pytest.mark.parametrize("form", [["--json"], []])
def test_report_of_a_sealed_book_reads_its_results_without_opening_it(
    demo_path: Path, form: list[str]
) -> None:
    keep_all(demo_path)
    sealed, heavy = _report(demo_path, *form)
    assert heavy == []
    fresh, heavy = _report(demo_path, *form, "--rescore")
    assert heavy  # opened, checked and scored whole
    assert sealed == fresh


def test_report_after_a_change_by_hand_opens_and_checks_the_book(demo_path: Path) -> None:
    keep_all(demo_path)
    settle()
    sql(demo_path, "UPDATE account SET arr = 424242 WHERE id = 1")
    output, heavy = _report(demo_path, "--json")
    assert heavy and "424242" in output
