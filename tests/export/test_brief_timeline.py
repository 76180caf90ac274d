"""The internal account brief carries the last 90 days of the account's timeline and its links."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from csm_desk.export import export_document
from csm_desk.models.bookfile import BookFile


def body_of(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode()


def test_the_brief_tells_the_last_90_days_and_lists_every_link(
    demo_book: BookFile, demo_northwind: int, today: dt.date, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    export_document(demo_book, demo_northwind, "account-brief", out, as_of=today)
    body = body_of(out)
    assert "The last 90 days" in body
    for shown in (
        "Health −12.3 to 54.2 (stable → at risk)",
        "Risk review: champion departure and usage dip",
        "Stakeholder departed: Priya Raman",
        "Stakeholder map updated",
    ):
        assert shown in body, shown
    assert "First value: the EU daily run" not in body  # a meeting 231 days ago
    for link in ("Account folder", "crm.example.com/opportunity", "Risk review deck"):
        assert link in body, link
