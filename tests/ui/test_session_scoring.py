"""Each edit scores an account's health once: the health scored for the day's snapshot is the
one the window shows, and an edit that changes no health input records no snapshot."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from csm_desk.engine import health as health_rules
from csm_desk.engine.settings import BookSettings
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import InsertRow, SetFields
from csm_desk.models.scored import load_scored
from csm_desk.ui.session import BookSession


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args: object, **kwargs: object) -> health_rules.Health:
        self.calls += 1
        return health_rules.score_health(*args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def session(qtbot: QtBot, demo_path: Path, today: dt.date) -> BookSession:
    book = BookFile.open(demo_path)
    opened = BookSession(book, today)
    yield opened
    book.close()


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Counter:
    count = Counter()
    monkeypatch.setattr("csm_desk.engine.book.score_health", count)
    monkeypatch.setattr("csm_desk.models.history.score_health", count)
    return count


def northwind(session: BookSession) -> int:
    return next(a.id for a in session.result.accounts if a.name == "Northwind Payments")


def snapshots(session: BookSession, account_id: int, day: dt.date) -> int:
    with session.book.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM health_snapshot WHERE account_id = ? AND date = ?",
                (account_id, day.isoformat()),
            ).scalar_one()
        )


def assert_current(session: BookSession, today: dt.date) -> None:
    """What the session shows is what scoring the book afresh gives."""
    fresh = load_scored(session.book, today, rescore=True).book
    assert {a.id: a for a in session.result.accounts} == {a.id: a for a in fresh.accounts}
    # The totals, kept up to date from each changed account (``Tally``), are the fresh ones.
    shown = session.result
    assert (shown.bands, shown.renewals, shown.metrics) == (
        fresh.bands,
        fresh.renewals,
        fresh.metrics,
    )
    assert shown.priorities == fresh.priorities


def test_a_health_edit_scores_the_account_once(
    session: BookSession, counter: Counter, today: dt.date
) -> None:
    account = northwind(session)
    op = InsertRow(
        "signal_reading", {"account_id": account, "date": today, "key": "nps", "value": 2.0}
    )
    assert session.apply(op) is not None
    assert counter.calls == 1
    assert snapshots(session, account, today) == 1
    assert session.account(account).health.components  # type: ignore[union-attr]
    assert_current(session, today)


def test_an_edit_of_anything_else_records_no_snapshot(
    session: BookSession, counter: Counter, today: dt.date
) -> None:
    account = northwind(session)
    before = snapshots(session, account, today)
    changed = session.apply(
        SetFields("account", {"id": account}, {"success_vision": "Close the books in a day."})
    )
    assert changed is not None and not changed.health_affected
    assert snapshots(session, account, today) == before
    assert counter.calls == 1, "scored once, for the window"
    assert_current(session, today)


def test_a_weight_change_scores_each_account_once(
    session: BookSession, counter: Counter, today: dt.date
) -> None:
    settings = BookSettings().to_json()
    settings["segment_weights"]["high_touch"]["usage"] = 40.0
    settings["segment_weights"]["high_touch"]["growth"] = 0.0
    changed = session.apply(SetFields("book", {"id": 1}, {"settings_json": json.dumps(settings)}))
    assert changed is not None and changed.health_affected
    assert counter.calls == len(session.result.accounts)
    assert_current(session, today)


def test_undo_and_redo_keep_the_window_current(session: BookSession, today: dt.date) -> None:
    account = northwind(session)
    op = SetFields("account", {"id": account}, {"arr": 10_000.0})
    assert session.apply(op) is not None
    assert session.undo() and session.account(account).arr != 10_000.0  # type: ignore[union-attr]
    assert_current(session, today)
    assert session.redo() and session.account(account).arr == 10_000.0  # type: ignore[union-attr]
    assert_current(session, today)
