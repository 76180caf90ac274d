"""`report --json` carries every key of DESIGN.md, as plain numbers, null where unknown."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from csm_desk.__main__ import main
from csm_desk.engine.renewals import add_months
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import InsertRow
from csm_desk.models.writer import Writer

BOOK_KEYS = {
    "owner",
    "currency",
    "accounts",
    "arr",
    "bands",
    "renewals",
    "grr_ttm",
    "nrr_ttm",
    "nps",
    "expansion_pipeline_weighted",
    "discipline",
    "health_coverage",
}
ACCOUNT_KEYS = {
    "name",
    "crm_id",
    "segment",
    "arr",
    "health_score",
    "health_band",
    "components",
    "renewal_date",
    "renewal_date_derived",
    "days_to_renewal",
    "renewal_phase",
    "renewal_probability",
    "forecast_arr",
    "discipline",
    "artifacts",
    "reviews",
    "alerts",
}


@pytest.fixture
def small_book(empty_book: BookFile, today: dt.date) -> BookFile:
    writer = Writer(empty_book)
    scored = InsertRow(
        "account",
        {
            "name": "Scored",
            "crm_id": "S-1",
            "arr": 100_000.0,
            "renewal_date": today + dt.timedelta(days=54),
        },
    )
    writer.run(scored)
    assert scored.pk is not None
    writer.run(
        InsertRow(
            "signal_reading",
            {"account_id": scored.pk["id"], "date": today, "key": "nps", "value": 9.0},
        )
    )
    writer.run(InsertRow("account", {"name": "Blank", "arr": 5_000.0}))
    return empty_book


def test_report_json_shape(small_book: BookFile, capsys: pytest.CaptureFixture[str]) -> None:
    path = small_book.path
    small_book.close()
    assert main(["report", "--json", "--book", str(path), "--today", "2026-11-22"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-11-22"
    book = data["book"]
    assert BOOK_KEYS <= set(book)
    assert book["accounts"] == 2 and book["arr"] == 105_000.0
    assert set(book["bands"]) == {
        "healthy",
        "stable",
        "at_risk",
        "critical",
        "emergency",
        "unscored",
    }
    assert book["bands"]["healthy"] == 1 and book["bands"]["unscored"] == 1
    assert book["renewals"]["next_90_days"] == {
        "count": 1,
        "arr_due": 100_000.0,
        "forecast_arr": 95_000.0,
    }
    assert set(book["renewals"]) == {"next_90_days", "next_365_days"}
    assert book["grr_ttm"] is None and book["nps"] == 100.0
    assert book["health_coverage"] == 50.0
    by_name = {a["name"]: a for a in data["accounts"]}
    scored = by_name["Scored"]
    assert ACCOUNT_KEYS <= set(scored)
    assert scored["segment"] == "high_touch"
    assert scored["health_score"] == 90.0 and scored["health_band"] == "healthy"
    assert scored["components"] == {
        "usage": None,
        "engagement": None,
        "sentiment": 90.0,
        "support": None,
        "growth": None,
    }
    assert (scored["days_to_renewal"], scored["renewal_phase"]) == (54, "negotiation")
    assert (scored["renewal_probability"], scored["forecast_arr"]) == (0.95, 95_000.0)
    assert scored["renewal_date"] == "2027-01-15"
    assert isinstance(scored["discipline"], float)
    assert scored["artifacts"]["renewal_plan"] == "missing"
    assert {a["code"] for a in scored["alerts"]} >= {"renewal_no_plan", "no_champion"}
    assert all(set(a) >= {"code", "severity", "message"} for a in scored["alerts"])
    blank = by_name["Blank"]
    assert blank["health_score"] is None and blank["health_band"] == "unscored"
    assert blank["renewal_date"] is None and blank["days_to_renewal"] is None
    assert blank["renewal_phase"] is None and blank["forecast_arr"] is None
    assert blank["renewal_probability"] == 0.6


def test_report_lists_each_review_with_its_id(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A script can pick a QBR/EBR by id: every review of the account, planned ones too."""
    assert main(["report", "--json", "--book", str(demo_path), "--today", "2026-11-22"]) == 0
    data = json.loads(capsys.readouterr().out)
    northwind = next(a for a in data["accounts"] if a["name"] == "Northwind Payments")
    assert northwind["reviews"] == [
        {"id": 1, "kind": "qbr", "date": "2026-08-04", "status": "delivered"},
        {"id": 2, "kind": "qbr", "date": "2026-12-02", "status": "draft"},
    ]
    assert all(isinstance(a["reviews"], list) for a in data["accounts"])


def test_the_readable_report_shows_probability_in_percent_and_derived_dates(
    small_book: BookFile, today: dt.date, capsys: pytest.CaptureFixture[str]
) -> None:
    Writer(small_book).run(
        InsertRow(
            "account",
            {
                "name": "Undated",
                "arr": 20_000.0,
                "contract_start": today - dt.timedelta(days=300),
                "contract_term_months": 12,
            },
        )
    )
    path = small_book.path
    small_book.close()
    assert main(["report", "--book", str(path), "--today", today.isoformat()]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "95%" in lines["Scored"].split() and "0.95" not in out
    derived = add_months(today - dt.timedelta(days=300), 12).isoformat()
    assert f"{derived} †" in lines["Undated"] and "† no renewal date set: derived" in out
    assert "†" not in lines["Scored"]
