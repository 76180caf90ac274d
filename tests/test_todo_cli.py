"""``csm-desk todo``: the demo book's follow-ups as text and as JSON, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bookprocs import run_cli


def test_todo_json_parses_and_groups_the_demo_book(demo_path: Path) -> None:
    done = run_cli("todo", "--json", "--days", "7", "--book", str(demo_path))
    assert done.problems(expect_ok=True) == []
    data = json.loads(done.out)
    counts = {name: len(items) for name, items in data["groups"].items()}
    assert counts == {"overdue": 19, "today": 2, "this_week": 15, "later": 0}
    assert len(data["waiting_on_customer"]) == 7
    first = data["groups"]["today"][0]
    assert first == {
        "kind": "renewal_step",
        "id": 41,
        "account_id": first["account_id"],
        "account": "Cobalt Ridge Energy",
        "text": "Identify risks and expansion opportunities",
        "owner": "Alex Morgan",
        "due": "2026-11-22",
        "days_from_today": 0,
    }
    assert all(i["days_from_today"] < 0 for i in data["groups"]["overdue"])


def test_todo_text_lists_groups_and_the_customers_items(demo_path: Path) -> None:
    done = run_cli("todo", "--book", str(demo_path))
    assert done.problems(expect_ok=True) == []
    assert "Overdue (19)" in done.out and "Today (2)" in done.out
    assert "This week (15)" in done.out and "Later (26)" in done.out
    assert "Waiting on the customer (8)" in done.out
    assert "Northwind Payments · Action item: Draft the customer-facing recovery plan" in done.out


def test_todo_refuses_a_missing_book_and_bad_days(tmp_path: Path) -> None:
    missing = run_cli("todo", "--book", str(tmp_path / "none.csmbook"))
    assert missing.code != 0 and missing.problems() == []
    assert missing.err.startswith("csm-desk: ")
    bad = run_cli("todo", "--days", "-3", "--book", str(tmp_path / "none.csmbook"))
    assert bad.code == 2
