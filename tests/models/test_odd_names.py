"""Books with odd names: every command works on exactly the file it was given.

A name is never read as a URL: ``%20`` is not a space, ``%41`` is not an ``A``, ``?`` does not
start a query, ``#`` a fragment, and ``file:`` at the start is part of the name. Each command runs
in its own process in the book's folder, with the name given as typed (relative), beside decoys
named as a careless reading of the name would find them (``Team Book.csmbook`` beside
``Team%20Book.csmbook``). Afterwards the folder holds exactly the files the commands were asked
to write, and every decoy is byte for byte as it was.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest

from csm_desk.models.bookfile import BookFile
from tests.bookprocs import folder_state, run_cli

NAMES = [
    "Team%20Book.csmbook",
    "Growth 100%.csmbook",
    "Book%41.csmbook",
    "Why?.csmbook",
    "Plan #2.csmbook",
    "Team Book.csmbook",
    "Zürich.csmbook",
    "📒 Notes.csmbook",
    "file:Book.csmbook",
    "file:Q3%20Review?mode=ro#1.csmbook",
]
DEMO_OWNER = "Alex Morgan"
IMPORTED = "Odd Name Imports Ltd"


def decoys_for(name: str) -> set[str]:
    """The names a program that read ``name`` as a URL (or cut it short) would use instead."""
    found = set()
    for candidate in (name, name.removeprefix("file:")):
        found |= {
            urllib.parse.unquote(candidate),
            candidate.split("?")[0],
            candidate.split("#")[0],
            urllib.parse.unquote(candidate.split("?")[0]),
            candidate,
        }
    found.discard(name)
    return {d for d in found if d and "/" not in d}


@pytest.fixture(scope="module")
def decoy_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real book that is not the demo book, so reading it by mistake shows."""
    folder = tmp_path_factory.mktemp("decoy")
    book = BookFile.create(folder / "Decoy.csmbook", owner="Decoy Owner")
    book.close()
    return folder / "Decoy.csmbook"


@pytest.mark.parametrize("name", NAMES)
def test_every_command_uses_exactly_the_named_file(
    name: str, tmp_path: Path, decoy_book: Path
) -> None:
    folder = tmp_path / "books"
    folder.mkdir()
    for decoy in decoys_for(name):
        shutil.copyfile(decoy_book, folder / decoy)
    csv = folder / "new accounts.csv"
    csv.write_text(f"Account Name,ARR\n{IMPORTED},12000\n", encoding="utf-8")
    stem = name.removesuffix(".csmbook")
    plan = f"{stem} plan.docx"
    copy = f"{stem} copy.csmbook"
    before = folder_state(folder)

    def cli(*argv: str) -> None:
        done = run_cli(*argv, cwd=folder)
        assert done.code == 0, f"{argv}: {done.err}"
        assert "Traceback" not in done.err

    cli("demo", "--book", name)
    assert (folder / name).is_file()
    cli("import", "accounts", csv.name, "--book", name)
    done = run_cli("report", "--json", "--book", name, cwd=folder)
    assert done.code == 0, done.err
    report = json.loads(done.out)
    assert report["book"]["owner"] == DEMO_OWNER
    assert IMPORTED in {a["name"] for a in report["accounts"]}
    cli("export", "Northwind Payments", "success-plan", "-o", plan, "--book", name)
    cli("check", "--book", name)
    cli("handover", "-o", copy, "--to", "Sam Rivera", "--book", name)
    cli("export", "Northwind Payments", "account-brief", "-o", plan + ".brief.docx", "--book", name)

    after = folder_state(folder)
    for decoy, digest in before.items():
        assert after.get(decoy) == digest, f"{decoy} was changed or removed"
    made = set(after) - set(before)
    assert made == {name, plan, copy, plan + ".brief.docx"}, made
    with BookFile.open(folder / copy, access="read") as handed:
        assert handed.book_row().owner == "Sam Rivera"
        assert handed.check().ok
