"""Every table round-trips every field; deleting an account deletes everything under it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from csm_desk.models import rowdata
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import Audience, Kind, specs_of
from csm_desk.models.ops import DeleteRow, InsertRow
from csm_desk.models.tables import ACCOUNT_TABLES, ALL_TABLES
from csm_desk.models.writer import Writer

DAY = dt.date(2026, 10, 5)


def sample_value(table: str, name: str, spec: Any, n: int) -> Any:
    """A distinctive valid value for a field of the given kind."""
    kind = spec.kind
    if kind is Kind.DATE:
        return DAY + dt.timedelta(days=n)
    if kind is Kind.BOOL:
        return True
    if kind is Kind.INT:
        low = int(spec.minimum or 0)
        high = int(spec.maximum or low + 10)
        return min(high, low + 1 + n % 2)
    if kind in (Kind.FLOAT, Kind.MONEY):
        return (spec.minimum or 0) + 12.5 + n
    if kind is Kind.PROBABILITY:
        return 0.42
    if kind is Kind.CHOICE:
        return spec.vocab.choices()[-1]
    if kind is Kind.CHOICES:
        return ",".join(spec.vocab.choices()[:2])
    if kind is Kind.LINES:
        return f"first {table}.{name}\nsecond {table}.{name}"
    return f"{table}.{name} ✓ #{n}"


def build_account(writer: Writer) -> dict[str, list[int]]:
    """An account with at least one fully filled row in every account table."""
    ids: dict[str, list[int]] = {}

    def add(table: str, **values: Any) -> int:
        model = next(t for t in ALL_TABLES if t.__tablename__ == table)
        full = {}
        for i, (name, spec) in enumerate(specs_of(model).items()):
            if spec.kind is Kind.SYSTEM or spec.kind is Kind.REF:
                continue
            full[name] = sample_value(table, name, spec, i)
        full.update(values)
        op = InsertRow(table, full)
        writer.run(op)
        key = next(iter(op.pk.values())) if op.pk else 0
        ids.setdefault(table, []).append(key)
        return int(key)

    account = add("account", crm_id="RT-1", arr=250000.0)
    a = {"account_id": account}
    person = add("stakeholder", **a)
    boss = add("stakeholder", **a, email="boss@example.com")
    add("stakeholder_link", **a, from_id=person, to_id=boss)
    objective = add("objective", **a)
    kpi = add("kpi", **a, objective_id=objective)
    add("kpi_reading", kpi_id=kpi)
    add("use_case", **a, objective_id=objective)
    first = add("milestone", **a)
    add("milestone", **a, depends_on_id=first)
    add("commitment", **a)
    add("cadence_item", **a)
    add("plan_item", **a)
    meeting = add("meeting", **a)
    writer.run(InsertRow("meeting_attendee", {"meeting_id": meeting, "stakeholder_id": person}))
    add("action_item", **a, meeting_id=meeting)
    risk = add("risk", **a)
    add("review", **a)
    plan = add("renewal_plan", **a)
    writer.run(InsertRow("renewal_approver", {"renewal_plan_id": plan, "stakeholder_id": boss}))
    add("renewal_next_step", renewal_plan_id=plan)
    add("renewal_step", **a)
    cycle = add("renewal_cycle", **a)
    add("renewal_cycle_step", **a, renewal_cycle_id=cycle)
    add("arr_event", **a)
    add("value_item", **a)
    add("expansion", **a)
    add("feedback", **a)
    add("handoff", **a)
    add("signal_reading", **a, key="active_users")
    add("health_override", **a)
    add("link", **a)
    add("link", **a, meeting_id=meeting)
    add("link", **a, risk_id=risk)
    add("link", **a, milestone_id=first)
    return ids


def table_rows(book: BookFile, model: type[SQLModel]) -> list[dict[str, Any]]:
    with book.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(model.__table__)).mappings()]


def test_every_field_of_every_table_round_trips(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    build_account(writer)
    for model in ACCOUNT_TABLES:
        if model.__tablename__ in ("health_snapshot", "artifact_touch"):
            continue
        rows = table_rows(empty_book, model)
        assert rows, f"{model.__tablename__} has no row"
        row = rows[0]
        for i, (name, spec) in enumerate(specs_of(model).items()):
            if spec.kind in (Kind.SYSTEM, Kind.REF):
                continue
            expected = sample_value(model.__tablename__, name, spec, i)
            if name == "key":
                expected = "active_users"
            if model.__tablename__ == "account" and name in ("crm_id", "arr", "segment"):
                continue
            assert row[name] == expected, f"{model.__tablename__}.{name}"
            assert type(row[name]) is type(expected), f"{model.__tablename__}.{name} type"


def test_every_table_is_classified_for_customers_or_internal() -> None:
    """Each editable column says who may read it (DOMAIN.md §8)."""
    for model in ALL_TABLES:
        for name, spec in specs_of(model).items():
            assert isinstance(spec.audience, Audience), f"{model.__tablename__}.{name}"
            if spec.kind is not Kind.SYSTEM:
                assert spec.label, f"{model.__tablename__}.{name} has no label"
    internal = {
        (t.__tablename__, n)
        for t in ALL_TABLES
        for n, s in specs_of(t).items()
        if s.audience is Audience.INTERNAL
    }
    for must in [
        ("account", "internal_notes"),
        ("stakeholder", "stance"),
        ("stakeholder", "influence"),
        ("stakeholder", "relationship_strength"),
        ("stakeholder", "cares_about"),
        ("stakeholder", "sentiment_notes"),
        ("renewal_plan", "probability_override"),
        ("renewal_plan", "internal_strategy"),
        ("renewal_plan", "objections"),
        ("renewal_plan", "internal_support"),
        ("expansion", "estimated_arr"),
        ("health_override", "value"),
        ("risk", "statement"),
        ("risk", "evidence"),
    ]:
        assert must in internal, must


def test_deleting_an_account_deletes_everything_under_it(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    account_id = build_account(writer)["account"][0]
    other = InsertRow("account", {"name": "Neighbour"})
    writer.run(other)
    reading = {"account_id": other.pk["id"], "date": DAY, "key": "nps", "value": 9.0}
    writer.run(InsertRow("signal_reading", reading))
    with empty_book.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM account WHERE id = ?", (account_id,))
    with empty_book.engine.connect() as conn:
        for model in ACCOUNT_TABLES:
            name = model.__tablename__
            if "account_id" in model.__table__.c:
                n = conn.exec_driver_sql(
                    f"SELECT count(*) FROM {name} WHERE account_id = ?", (account_id,)
                ).scalar()
                assert n == 0, name
        for name in (
            "kpi_reading",
            "meeting_attendee",
            "renewal_approver",
            "renewal_next_step",
            "stakeholder_link",
        ):
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar() == 0, name
        assert conn.exec_driver_sql("SELECT count(*) FROM signal_reading").scalar() == 1
        assert not conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()


def dump(book: BookFile) -> dict[str, list[tuple[Any, ...]]]:
    with book.engine.connect() as conn:
        return {
            t.__tablename__: sorted(
                (tuple(r) for r in conn.execute(select(t.__table__)) if r[0] != "journal"),
                key=repr,
            )
            for t in ALL_TABLES
            if t.__tablename__ not in ("artifact_touch", "health_snapshot")
        }


def test_deleting_an_account_is_exactly_undoable(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    ids = build_account(writer)
    before = dump(empty_book)
    op = DeleteRow("account", {"id": ids["account"][0]})
    writer.run(op)
    assert dump(empty_book)["stakeholder"] == []
    writer.undo(op)
    assert dump(empty_book) == before
    writer.run(op)
    assert dump(empty_book)["risk"] == []


def test_deleting_a_milestone_restores_what_depended_on_it(empty_book: BookFile) -> None:
    writer = Writer(empty_book)
    ids = build_account(writer)
    first, second = ids["milestone"]
    op = DeleteRow("milestone", {"id": first})
    writer.run(op)
    with empty_book.engine.connect() as conn:
        row = rowdata.get_row(conn, "milestone", {"id": second})
    assert row is not None and row["depends_on_id"] is None
    writer.undo(op)
    with empty_book.engine.connect() as conn:
        row = rowdata.get_row(conn, "milestone", {"id": second})
    assert row is not None and row["depends_on_id"] == first


@pytest.mark.parametrize("table", ["risk", "stakeholder", "meeting", "kpi"])
def test_deleting_a_row_is_undoable(empty_book: BookFile, table: str) -> None:
    writer = Writer(empty_book)
    ids = build_account(writer)
    before = dump(empty_book)
    op = DeleteRow(table, {"id": ids[table][0]})
    writer.run(op)
    assert dump(empty_book) != before
    writer.undo(op)
    assert dump(empty_book) == before


def test_every_account_row_finds_its_account_through_one_registry() -> None:
    """The rows without an account_id reach their account through the parent their foreign
    keys name (one registry, read from the tables, used by the writer, the window's account
    context and the search index)."""
    from csm_desk.models import ops, search
    from csm_desk.models.tables import ACCOUNT_PARENTS, ACCOUNT_TABLES, Account
    from csm_desk.ui.account import context

    assert dict(ACCOUNT_PARENTS) == {
        "kpi_reading": ("kpi", "kpi_id"),
        "meeting_attendee": ("meeting", "meeting_id"),  # not the person: the meeting
        "renewal_approver": ("renewal_plan", "renewal_plan_id"),
        "renewal_next_step": ("renewal_plan", "renewal_plan_id"),
    }
    names = {str(t.__tablename__): t.__table__ for t in ACCOUNT_TABLES}  # type: ignore[attr-defined]
    for name, table in names.items():
        if name == Account.__tablename__:
            continue
        if "account_id" not in table.c:
            parent, column = ACCOUNT_PARENTS[name]
            assert "account_id" in names[parent].c and column in table.c
    assert ops._PARENT_OF is ACCOUNT_PARENTS
    assert context.CHILD_TABLES is ACCOUNT_PARENTS
    indexed = {t.name: t.parent for t in search.INDEXED}
    assert {n: p for n, p in indexed.items() if p} == {
        name: parent for name, parent in ACCOUNT_PARENTS.items() if name in indexed
    }
