"""A health snapshot is recorded only when a health input, override or weight changed
(DOMAIN.md §3.4: "Every change to a health input, override or weight records a snapshot"), and
the health the edit scored for it is handed back, so nothing scores the account twice."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from csm_desk.engine.settings import BookSettings
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import HEALTH_INPUTS, MODELS, InsertRow, Op, SetFields, touches_health
from csm_desk.models.writer import Writer


def snapshots_today(book: BookFile, today: dt.date) -> int:
    with book.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM health_snapshot WHERE date = ?", (today.isoformat(),)
            ).scalar_one()
        )


def forget_snapshots(book: BookFile) -> None:
    with book.write() as conn:
        conn.exec_driver_sql("DELETE FROM health_snapshot")


@pytest.fixture
def seeded(empty_book: BookFile, today: dt.date) -> tuple[Writer, dict[str, int]]:
    """An account with a stakeholder, a meeting, an expansion and an NPS reading."""
    writer = Writer(empty_book)
    ids: dict[str, int] = {}

    def add(table: str, values: dict[str, object]) -> int:
        op = InsertRow(table, values)
        writer.run(op)
        assert op.pk is not None
        ids[table] = int(op.pk["id"])
        return ids[table]

    account = add("account", {"name": "Acme", "arr": 50_000.0})
    add("stakeholder", {"account_id": account, "name": "Ann", "roles": "champion"})
    add("meeting", {"account_id": account, "date": today - dt.timedelta(days=3)})
    add("expansion", {"account_id": account, "description": "More seats"})
    add("signal_reading", {"account_id": account, "date": today, "key": "nps", "value": 8.0})
    add("risk", {"account_id": account, "statement": "Budget"})
    return writer, ids


D = dt.date(2026, 11, 20)
# (what, table, values, health input?): a change of these fields of the seeded row of table, or a
# new row (values holding "new") in it.
EDITS: list[tuple[str, str, dict[str, object], bool]] = [
    ("success vision", "account", {"success_vision": "Two-day close"}, False),
    ("account name", "account", {"name": "Acme Ltd"}, False),
    ("internal notes", "account", {"internal_notes": "x"}, False),
    ("ARR", "account", {"arr": 150_000.0}, True),
    ("pinned segment", "account", {"segment": "high_touch", "segment_pinned": True}, True),
    ("stakeholder title", "stakeholder", {"title": "CFO"}, False),
    ("stakeholder last contact", "stakeholder", {"last_contact": D}, True),
    ("stakeholder roles", "stakeholder", {"roles": "executive_sponsor"}, True),
    ("stakeholder departed", "stakeholder", {"departed": True}, True),
    ("meeting title", "meeting", {"title": "Kick-off"}, False),
    ("meeting date", "meeting", {"date": D}, True),
    ("expansion ARR", "expansion", {"estimated_arr": 5_000.0}, False),
    ("expansion stage", "expansion", {"stage": "qualified"}, True),
    ("signal value", "signal_reading", {"value": 3.0}, True),
    ("risk statement", "risk", {"statement": "Budget cut"}, False),
    ("new risk", "risk", {"new": True, "statement": "Churn"}, False),
    (
        "new override",
        "health_override",
        {"new": 1, "date": D, "component": "usage", "value": 5},
        True,
    ),
    ("new stakeholder", "stakeholder", {"new": True, "name": "Bo"}, True),
]


def edit(ids: dict[str, int], table: str, values: dict[str, object]) -> Op:
    if values.get("new"):
        fields = {k: v for k, v in values.items() if k != "new"}
        return InsertRow(table, {"account_id": ids["account"], **fields})
    return SetFields(table, {"id": ids[table]}, values)


@pytest.mark.parametrize(("what", "table", "values", "health"), EDITS, ids=[e[0] for e in EDITS])
def test_a_snapshot_only_when_a_health_input_changed(
    seeded: tuple[Writer, dict[str, int]],
    today: dt.date,
    what: str,
    table: str,
    values: dict[str, object],
    health: bool,
) -> None:
    writer, ids = seeded
    forget_snapshots(writer.book)
    op = edit(ids, table, values)
    changed = writer.run(op)
    assert changed.health_affected is health, what
    assert snapshots_today(writer.book, today) == (1 if health else 0), what
    assert set(changed.scored) == ({ids["account"]} if health else set())
    writer.undo(op)
    assert snapshots_today(writer.book, today) == 0, "undo puts back exactly what was there"


def test_book_owner_is_no_weight_and_settings_are(
    seeded: tuple[Writer, dict[str, int]], today: dt.date
) -> None:
    writer, ids = seeded
    forget_snapshots(writer.book)
    changed = writer.run(SetFields("book", {"id": 1}, {"owner": "Sam"}))
    assert not changed.health_affected and snapshots_today(writer.book, today) == 0
    weights = BookSettings().to_json()
    weights["segment_weights"]["low_touch"]["usage"] = 30.0
    weights["segment_weights"]["low_touch"]["growth"] = 20.0
    changed = writer.run(SetFields("book", {"id": 1}, {"settings_json": json.dumps(weights)}))
    assert changed.health_affected and snapshots_today(writer.book, today) == 1
    assert set(changed.scored) == {ids["account"]}


def test_the_scored_health_is_the_snapshot_recorded(
    seeded: tuple[Writer, dict[str, int]], today: dt.date
) -> None:
    from csm_desk.engine.book import score_account
    from csm_desk.models.load import load_book

    writer, ids = seeded
    changed = writer.run(SetFields("signal_reading", {"id": ids["signal_reading"]}, {"value": 4.0}))
    health = changed.scored[ids["account"]]
    facts = load_book(writer.book, [ids["account"]], as_of=today)
    fresh = score_account(facts.accounts[0], facts.settings, today)
    assert health == fresh.health
    assert score_account(facts.accounts[0], facts.settings, today, health=health) == fresh


def test_every_health_input_column_exists() -> None:
    """``HEALTH_INPUTS`` names real tables and columns (a renamed column shows here)."""
    for table, columns in HEALTH_INPUTS.items():
        assert table in MODELS, table
        known = set(MODELS[table].__table__.columns.keys())  # type: ignore[attr-defined]
        assert columns is None or columns <= known, (table, columns - known)
    assert touches_health("account", ["arr", "success_vision"])
    assert not touches_health("account", ["success_vision"])
