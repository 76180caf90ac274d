"""The crash harness (``benchmarks/crash_harness.py``): writers killed with SIGKILL at random
moments never lose a committed edit, never leave one half applied, never damage the book, and
their journals are replayed, never set aside.

The full run (300 kills and more) is the benchmark; here a smaller one runs as a slow test. The
fast tests show that the harness's checks do fail when an edit is lost, half applied or a journal
set aside, so a clean run means something.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from benchmarks import crash_harness
from benchmarks.crash_harness import Lane, Reference, reference_run, verify


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Reference]:
    folder = tmp_path_factory.mktemp("crash-reference")
    master = crash_harness.make_master(folder)
    return master, reference_run(master, 8, folder)


def lane_at(master: Path, folder: Path) -> Lane:
    folder.mkdir()
    lane = Lane(folder, master, folder / "Book.csmbook")
    lane.reset()
    return lane


def test_the_reference_run_gives_one_distinct_checksum_per_edit(
    reference: tuple[Path, Reference],
) -> None:
    _master, ref = reference
    assert len(ref.checksums) == 9 == len(set(ref.checksums))
    assert ref.sequences == sorted(ref.sequences)
    assert len(set(ref.sequences)) == 9


def test_the_check_after_a_kill_finds_a_lost_edit(
    reference: tuple[Path, Reference], tmp_path: Path
) -> None:
    master, ref = reference
    lane = lane_at(master, tmp_path / "lane")
    problems, found = verify(
        lane, 3, ref, cli_first=False, access="read", home=tmp_path / "home", tag="lost"
    )
    assert found == 0
    assert any("lost committed edits: 3 were reported committed" in p for p in problems)
    problems, found = verify(
        lane, 0, ref, cli_first=True, access="write", home=tmp_path / "home", tag="kept"
    )
    assert (problems, found) == ([], 0)


def test_the_check_after_a_kill_finds_a_half_applied_edit(
    reference: tuple[Path, Reference], tmp_path: Path
) -> None:
    master, ref = reference
    lane = lane_at(master, tmp_path / "lane")
    con = sqlite3.connect(lane.book)
    con.execute("UPDATE account SET internal_notes = 'crash edit 1' WHERE id = 1")
    con.commit()
    con.close()
    problems, found = verify(
        lane, 0, ref, cli_first=True, access="read", home=tmp_path / "home", tag="half"
    )
    assert found is None
    assert any("matches no edit boundary" in p for p in problems)


def test_the_check_after_a_kill_finds_a_journal_set_aside(
    reference: tuple[Path, Reference], tmp_path: Path
) -> None:
    master, ref = reference
    lane = lane_at(master, tmp_path / "lane")
    shutil.copyfile(master, lane.folder / "Book.csmbook-wal.set-aside-20261122-101500")
    problems, _found = verify(
        lane, 0, ref, cli_first=False, access="read", home=tmp_path / "home", tag="aside"
    )
    assert any("journals set aside beside the book" in p for p in problems)


@pytest.mark.slow
def test_writers_killed_at_random_moments_lose_nothing(tmp_path: Path) -> None:
    figures = crash_harness.run(40, edits=120, jobs=2, seed=7, folder=tmp_path / "crash")
    summary = figures.summary(0)
    assert figures.failures == [], summary + "\n" + "\n".join(figures.failures)
    assert figures.kills == 40, summary
    assert figures.edits_verified > 0, summary
    assert figures.wal_replayed > 0, summary
    assert figures.kills_with_reader > 0, summary
