"""Nothing internal reaches a customer document, in any part of the file.

A unique marker goes into every internal-only text field of every row of an account (and into
the customer wording and mitigation of the risks not shared). Each field's marker must show up in
the account's internal documents, and no marker may appear anywhere in a customer document:
body, headers, footers, properties, relationships, alt text, images.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from pathlib import Path

from sqlmodel import SQLModel

from csm_desk.export import DOCUMENTS, export_document, write_handover_brief
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import Audience, Kind, specs_of
from csm_desk.models.ops import Batch, SetFields
from csm_desk.models.tables import ALL_TABLES, Risk
from csm_desk.models.writer import Writer
from tests.export.conftest import account_rows

TEXT_KINDS = (Kind.TEXT, Kind.LONGTEXT, Kind.LINES)
SHARED_TEXT = [
    n
    for n, s in specs_of(Risk).items()
    if s.audience is Audience.SHARED_RISK and s.kind in TEXT_KINDS
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
        if not fields:
            continue
        rows = account_rows(book, account_id, table)
        assert rows, f"the sample has no {name} rows to mark"
        for row in rows:
            chosen = list(fields)
            if table is Risk and not row["shared"]:
                chosen += SHARED_TEXT
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


def test_internal_fields_stay_internal(
    sample_book: BookFile, northwind: int, today: dt.date, tmp_path: Path
) -> None:
    markers = plant_markers(sample_book, northwind)
    every = {m for found in markers.values() for m in found}
    assert len(markers) >= 30  # every internal text field of the schema

    with sample_book.engine.connect() as conn:
        meetings = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT id FROM meeting WHERE account_id = ?", (northwind,)
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
