"""The internal documents tell a derived renewal date as derived, and list the checklist a
plan started for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csm_desk.engine.renewals import DEFAULT_CHECKLIST
from csm_desk.export import export_document
from csm_desk.models.actions import start_renewal_plan
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import SetFields
from csm_desk.models.writer import Writer
from tests.conftest import TODAY
from tests.export.conftest import body_text


def test_the_renewal_strategy_and_brief_name_the_derived_date(
    sample_book: BookFile, northwind: int, tmp_path: Path
) -> None:
    start = TODAY - dt.timedelta(days=300)  # 26 Jan 2026: renews 26 Jan 2027 (65 days)
    derived = dt.date(2027, 1, 26)
    writer = Writer(sample_book)
    writer.run(
        SetFields(
            "account",
            {"id": northwind},
            {"renewal_date": None, "contract_start": start, "contract_term_months": 12},
        )
    )
    with sample_book.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM renewal_step WHERE account_id = ?", (northwind,))
        conn.exec_driver_sql("DELETE FROM renewal_plan WHERE account_id = ?", (northwind,))
    writer.run(start_renewal_plan(northwind, derived, TODAY))

    out = tmp_path / "s.docx"
    strategy = body_text(
        export_document(sample_book, northwind, "renewal-strategy", out, as_of=TODAY)
    )
    assert "Renewal on 26 January 2027" in strategy
    assert "26 Jan 2027 (derived from contract start + term)" in strategy
    assert "No checklist has been started" not in strategy
    assert all(step.action in strategy for step in DEFAULT_CHECKLIST)

    brief = body_text(
        export_document(sample_book, northwind, "account-brief", tmp_path / "b.docx", as_of=TODAY)
    )
    assert "renews 26 Jan 2027" in brief
    assert "renewal date derived from contract start + term" in brief
