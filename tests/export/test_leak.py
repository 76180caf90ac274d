"""Nothing internal reaches a customer document, in any part of the file.

A unique marker goes into every internal-only text field of every row of an account (and into
the customer wording and mitigation of the risks not shared, and the label and address of the
links not marked shareable). Each field's marker must show up in the account's internal
documents, and no marker may appear anywhere in a customer document: body, headers, footers,
properties, relationships, alt text, images.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from csm_desk.export import DOCUMENTS, export_document, write_handover_brief
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import Audience, Kind, specs_of
from csm_desk.models.ops import Batch, InsertRow, SetFields
from csm_desk.models.tables import ALL_TABLES, Link, Risk
from csm_desk.models.writer import Writer
from tests.export.conftest import account_rows

TEXT_KINDS = (Kind.TEXT, Kind.LONGTEXT, Kind.LINES, Kind.LINK)
SHARED_TEXT = [
    n
    for n, s in specs_of(Risk).items()
    if s.audience is Audience.SHARED_RISK and s.kind in TEXT_KINDS
]
SHAREABLE_TEXT = [
    n
    for n, s in specs_of(Link).items()
    if s.audience is Audience.SHAREABLE_LINK and s.kind in TEXT_KINDS
]


def _internal_text_fields(table: type[SQLModel]) -> list[str]:
    return [
        name
        for name, spec in specs_of(table).items()
        if spec.audience is Audience.INTERNAL and spec.kind in TEXT_KINDS
    ]


def plant_markers(book: BookFile, account_id: int) -> dict[tuple[str, str], set[str]]:
    """Put a marker in every internal text field; returns (table, field) → its markers."""
    counter = itertools.count(1)
    markers: dict[tuple[str, str], set[str]] = {}
    ops = []
    for table in ALL_TABLES:
        name = str(table.__tablename__)
        fields = _internal_text_fields(table)
        if not fields and table is not Link:
            continue
        rows = account_rows(book, account_id, table)
        assert rows, f"the sample has no {name} rows to mark"
        for row in rows:
            chosen = list(fields)
            if table is Risk and not row["shared"]:
                chosen += SHARED_TEXT
            if table is Link and not row["shareable"]:
                chosen += SHAREABLE_TEXT
            if not chosen:
                continue  # a shareable link is shown to the customer
            values = {}
            for field in chosen:
                marker = f"zqleak{next(counter):04d}q"
                values[field] = marker
                markers.setdefault((name, field), set()).add(marker)
            ops.append(SetFields(name, {"id": row["id"]}, values))
    Writer(book).run(Batch("markers", ops))
    return markers


def package_contents(path: Path) -> str:
    """Every part of the package, text parts decoded and binary parts as Latin-1 (so a marker
    hidden in image metadata would be found too)."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(n).decode("latin-1") for n in package.namelist())


# The id of the closed renewal added to an account that has none (its step refers to it).
LEAK_CYCLE = 1_000_000


# A row for each table that may hold none for the account, so every field gets its marker.
def _minimal_rows(account_id: int, today: dt.date, renewal: dt.date | None) -> dict[str, dict]:
    return {
        "handoff": {"account_id": account_id},
        "stakeholder": {"account_id": account_id, "name": "Added for the test"},
        "plan_item": {"account_id": account_id, "horizon": "30", "action": "x", "status": "open"},
        "meeting": {"account_id": account_id, "date": today, "type": "check_in"},
        "risk": {
            "account_id": account_id,
            "statement": "x",
            "category": "adoption",
            "status": "open",
        },
        "review": {"account_id": account_id, "kind": "qbr", "date": today, "status": "draft"},
        "renewal_plan": {"account_id": account_id},
        "renewal_step": {
            "account_id": account_id,
            "renewal_date": renewal,
            "phase": "planning",
            "action": "x",
            "status": "open",
        },
        "renewal_cycle": {
            "id": LEAK_CYCLE,
            "account_id": account_id,
            "renewal_date": today - dt.timedelta(days=365),
            "outcome": "renewed_flat",
            "had_plan": True,
        },
        "renewal_cycle_step": {
            "account_id": account_id,
            "renewal_cycle_id": LEAK_CYCLE,
            "action": "x",
            "status": "skipped",
        },
        "arr_event": {"account_id": account_id, "date": today, "kind": "expansion", "amount": 1.0},
        "expansion": {
            "account_id": account_id,
            "kind": "upsell",
            "description": "x",
            "stage": "identified",
        },
        "feedback": {"account_id": account_id, "request": "x", "status": "open"},
        "signal_reading": {
            "account_id": account_id,
            "date": today - dt.timedelta(days=400),
            "key": "csm_read",
            "value": 3.0,
        },
        "health_override": {
            "account_id": account_id,
            "date": today,
            "component": "sentiment",
            "value": 50.0,
        },
        "handover_log": {"from_owner": "A", "to_owner": "B"},
        "link": {"account_id": account_id, "label": "x", "target": "https://example.com/x"},
    }


def fill_missing_rows(book: BookFile, account_id: int, today: dt.date) -> None:
    with book.engine.connect() as conn:
        renewal = conn.exec_driver_sql(
            "SELECT renewal_date FROM account WHERE id = ?", (account_id,)
        ).scalar_one()
    renewal_day = dt.date.fromisoformat(str(renewal)) if renewal else None
    ops = []
    for name, values in _minimal_rows(account_id, today, renewal_day).items():
        table = next(t for t in ALL_TABLES if t.__tablename__ == name)
        if not account_rows(book, account_id, table):
            ops.append(InsertRow(name, values))
    if ops:
        Writer(book).run(Batch("rows for the test", ops))


@pytest.fixture(params=["sample", "demo"])
def marked(request: pytest.FixtureRequest, today: dt.date) -> tuple[BookFile, int]:
    if request.param == "sample":
        book = request.getfixturevalue("sample_book")
        account_id = request.getfixturevalue("northwind")
    else:
        book = request.getfixturevalue("demo_book")
        account_id = request.getfixturevalue("demo_northwind")
    fill_missing_rows(book, account_id, today)
    return book, account_id


def test_internal_fields_stay_internal(
    marked: tuple[BookFile, int], today: dt.date, tmp_path: Path
) -> None:
    sample_book, northwind = marked
    markers = plant_markers(sample_book, northwind)
    every = {m for found in markers.values() for m in found}
    assert len(markers) >= 30  # every internal text field of the schema
    assert ("link", "target") in markers and ("link", "label") in markers

    with sample_book.engine.connect() as conn:
        # Every meeting a customer recap may be made from (engine.recaps); the others are
        # refused before anything is written.
        meetings = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT id FROM meeting m WHERE account_id = ? AND type != 'risk_review' "
                "AND EXISTS (SELECT 1 FROM meeting_attendee a WHERE a.meeting_id = m.id)",
                (northwind,),
            )
        ]
        reviews = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT date FROM review WHERE account_id = ?", (northwind,)
            )
        ]
    customer_files = []
    for key, spec in DOCUMENTS.items():
        if spec.audience != "customer":
            continue
        if key == "recap":
            for meeting in meetings:
                customer_files.append(
                    export_document(
                        sample_book,
                        northwind,
                        key,
                        tmp_path / f"recap-{meeting}.docx",
                        as_of=today,
                        meeting_id=meeting,
                    )
                )
        elif key == "qbr":
            for when in reviews:
                day = dt.date.fromisoformat(str(when))
                customer_files.append(
                    export_document(
                        sample_book, northwind, key, tmp_path / f"qbr-{day}.docx", as_of=day
                    )
                )
        else:
            customer_files.append(
                export_document(sample_book, northwind, key, tmp_path / f"{key}.docx", as_of=today)
            )
    for path in customer_files:
        contents = package_contents(path)
        leaked = sorted(m for m in every if m in contents)
        assert not leaked, f"{path.name} shows internal fields: {leaked}"

    internal = "\n".join(
        package_contents(p)
        for p in (
            export_document(
                sample_book, northwind, "account-brief", tmp_path / "ab.docx", as_of=today
            ),
            export_document(
                sample_book, northwind, "renewal-strategy", tmp_path / "rs.docx", as_of=today
            ),
            write_handover_brief(sample_book, tmp_path / "handover.docx", today),
        )
    )
    missing = sorted(
        f"{t}.{f}" for (t, f), found in markers.items() if not any(m in internal for m in found)
    )
    assert not missing, f"internal fields missing from the internal documents: {missing}"
