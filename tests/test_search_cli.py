"""``csm-desk search``: the demo book's hits as JSON (parsed) and as text, and its errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.bookprocs import run_cli


def test_search_json_parses_ranks_and_marks_the_words(demo_path: Path) -> None:
    done = run_cli("search", "renewal", "budget", "--json", "--book", str(demo_path))
    assert done.problems(expect_ok=True) == []
    data = json.loads(done.out)
    assert data["query"] == "renewal budget"
    assert data["count"] == len(data["hits"]) > 0
    ranks = [h["rank"] for h in data["hits"]]
    assert ranks == sorted(ranks)
    for hit in data["hits"]:
        assert set(hit) == {
            "account_id", "account", "table", "row_id", "field", "label", "rank", "snippet",
            "highlights",
        }  # fmt: skip
        marked = [hit["snippet"][a:b].lower() for a, b in hit["highlights"]]
        assert any(m.startswith("renewal") for m in marked)
        assert any(m.startswith("budget") for m in marked)
    first = data["hits"][0]
    con = sqlite3.connect(demo_path)
    value = con.execute(
        f'SELECT "{first["field"]}" FROM "{first["table"]}" WHERE id = ?', (first["row_id"],)
    ).fetchone()[0]
    con.close()
    assert first["snippet"].strip("…") in value


def test_search_text_and_what_a_person_types(demo_path: Path) -> None:
    done = run_cli("search", "Northwind", "--book", str(demo_path))
    assert done.problems(expect_ok=True) == []
    assert "Northwind Payments · Account · " in done.out
    assert "[Northwind]" in done.out
    for typed in ('"', "NOT", "a:(b", "-x*"):
        odd = run_cli("search", "--json", "--book", str(demo_path), "--", typed)
        assert odd.problems(expect_ok=True) == []
        json.loads(odd.out)
    nothing = run_cli("search", "--json", "--book", str(demo_path), "--", "  ")
    assert json.loads(nothing.out)["hits"] == []


def test_search_of_a_book_whose_index_is_gone_still_finds(demo_path: Path, tmp_path: Path) -> None:
    con = sqlite3.connect(demo_path)
    con.execute("DROP TABLE search_index")
    con.commit()
    con.close()
    done = run_cli("search", "Northwind", "--json", "--book", str(demo_path))
    assert done.problems(expect_ok=True) == []
    assert json.loads(done.out)["count"] > 0


def test_search_refuses_a_missing_book(tmp_path: Path) -> None:
    missing = run_cli("search", "x", "--book", str(tmp_path / "none.csmbook"))
    assert missing.code != 0 and missing.problems() == []
    assert missing.err.startswith("csm-desk: ")
    bad = run_cli("search", "x", "--limit", "0", "--book", str(tmp_path / "none.csmbook"))
    assert bad.code == 2
