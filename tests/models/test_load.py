"""Loading a book into engine facts: pruning as of a date never changes a result."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from csm_desk.engine.book import score_book
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book
from csm_desk.report import report_json


def _report(book: BookFile, as_of: dt.date, *, pruned: bool) -> str:
    facts = load_book(book, as_of=as_of if pruned else None)
    return json.dumps(report_json(score_book(facts, as_of)), sort_keys=True)


@pytest.mark.parametrize("offset", [-200, -45, 0, 30, 400])
def test_pruned_loading_gives_the_same_results(
    demo_book: BookFile, today: dt.date, offset: int
) -> None:
    """Any as-of date, before, during or after the demo's history."""
    as_of = today + dt.timedelta(days=offset)
    assert _report(demo_book, as_of, pruned=True) == _report(demo_book, as_of, pruned=False)


def test_pruned_loading_on_a_synthetic_book(tmp_path: Path, today: dt.date) -> None:
    from benchmarks.synthetic import build_book

    path = build_book(tmp_path / "s.csmbook", 40, today)
    with BookFile.open(path) as book:
        for offset in (-120, 0, 60):
            as_of = today + dt.timedelta(days=offset)
            assert _report(book, as_of, pruned=True) == _report(book, as_of, pruned=False)


def test_one_account_loads_alone(demo_book: BookFile) -> None:
    everything = load_book(demo_book)
    first = everything.accounts[0]
    alone = load_book(demo_book, [first.id])
    assert alone.accounts == (first,)
    assert load_book(demo_book, []).accounts == ()
