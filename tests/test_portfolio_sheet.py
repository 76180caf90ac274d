"""``csm-desk report --format csv|xlsx``: every portfolio column, typed, safe to open."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from csm_desk import cli
from csm_desk.portfolio_sheet import COLUMNS, neutralise, tab_separated


def run(*argv: str) -> int:
    return cli.run(list(argv), open_window=lambda _path: 99)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _xlsx_rows(path: Path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_has_every_column_and_every_active_account(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "portfolio.csv"
    assert run("report", "--format", "csv", "-o", str(out), "--book", str(demo_path)) == 0
    assert f"Wrote 12 accounts to {out}" in capsys.readouterr().out
    rows = _csv_rows(out)
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 12
    northwind = next(r for r in rows if r["Account"] == "Northwind Payments")
    assert float(northwind["ARR"]) > 0
    assert dt.date.fromisoformat(northwind["Renewal date"])
    assert int(northwind["Days to renewal"]) >= 0
    assert northwind["Churned"] == "no"


def test_xlsx_has_numbers_as_numbers_and_dates_as_dates(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.xlsx"
    assert run("report", "--format", "xlsx", "-o", str(out), "--book", str(demo_path)) == 0
    rows = _xlsx_rows(out)
    assert len(rows) == 12
    northwind = next(r for r in rows if r["Account"] == "Northwind Payments")
    assert isinstance(northwind["ARR"], int | float)
    assert isinstance(northwind["Health"], int | float)
    assert isinstance(northwind["Renewal date"], dt.datetime)
    assert isinstance(northwind["Days to renewal"], int)
    assert isinstance(northwind["Renewal probability"], float)
    assert 0 < northwind["Renewal probability"] <= 1
    csv_out = tmp_path / "portfolio.csv"
    assert run("report", "--format", "csv", "-o", str(csv_out), "--book", str(demo_path)) == 0
    by_csv = {r["Account"]: r for r in _csv_rows(csv_out)}
    for row in rows:
        assert float(by_csv[str(row["Account"])]["ARR"]) == row["ARR"]


DANGEROUS = {
    "Atlas Field Services": '=HYPERLINK("http://example.invalid","Open")',
    "Brightline Logistics": "+1+1",
    "Cobalt Ridge Energy": "-2+3",
    "Northwind Payments": "@SUM(A1:A9)",
}


@pytest.fixture
def dangerous_book(demo_path: Path) -> Path:
    con = sqlite3.connect(demo_path)
    with con:
        for name, new in DANGEROUS.items():
            con.execute("UPDATE account SET name = ? WHERE name = ?", (new, name))
        con.execute(
            "UPDATE account SET crm_id = ? WHERE name = ?",
            ("\tTAB-1", DANGEROUS["Atlas Field Services"]),
        )
        con.execute(
            "UPDATE account SET crm_id = ? WHERE name = ?",
            ("\rCR-1", DANGEROUS["Brightline Logistics"]),
        )
    con.close()
    return demo_path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_formula_text_is_kept_as_text(dangerous_book: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"portfolio.{kind}"
    assert run("report", "--format", kind, "-o", str(out), "--book", str(dangerous_book)) == 0
    rows = _csv_rows(out) if kind == "csv" else _xlsx_rows(out)
    names = {str(r["Account"]) for r in rows}
    for text in DANGEROUS.values():
        assert "'" + text in names
        assert text not in names
    crm_ids = {str(r["CRM id"]) for r in rows}
    assert "'\tTAB-1" in crm_ids
    assert "'\rCR-1" in crm_ids
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(out).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        # Negative numbers stay numbers: only text is guarded.
        trends = [r["30-day trend"] for r in rows if isinstance(r["30-day trend"], float)]
        assert any(t < 0 for t in trends)


def test_neutralise_guards_only_formula_starts() -> None:
    for text in ("=1", "+1", "-1", "@x", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    for text in ("Acme", "1-800 Flowers", "", " =x"):
        assert neutralise(text) == text


def test_tab_separated_rows_stay_one_line_each() -> None:
    text = tab_separated([("A\tB", 1.0, dt.date(2027, 1, 2), None, "=x")])
    header, row = text.splitlines()
    assert header.split("\t") == list(COLUMNS)
    assert row.split("\t") == ["A B", "1", "2027-01-02", "", "'=x"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "csv"], "name it with -o FILE"),
        (["-o", "x.csv"], "add --format csv or xlsx"),
        (["--format", "csv", "-o", "x.csv", "--json"], "not both"),
    ],
)
def test_sheet_options_that_do_not_fit_are_refused(
    demo_path: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("report", *argv, "--book", str(demo_path)) == 1
    assert message in capsys.readouterr().err


def test_an_existing_file_is_not_overwritten(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "portfolio.csv"
    out.write_text("mine", encoding="utf-8")
    assert run("report", "--format", "csv", "-o", str(out), "--book", str(demo_path)) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"


def test_report_help_names_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("report", "--help")
    out = capsys.readouterr().out
    assert "{csv,xlsx}" in out


def test_the_filters_narrow_the_sheet(demo_path: Path, tmp_path: Path) -> None:
    everything = tmp_path / "all.csv"
    assert run("report", "--format", "csv", "-o", str(everything), "--book", str(demo_path)) == 0
    rows = _csv_rows(everything)
    out = tmp_path / "high.csv"
    argv = ["--segment", "high_touch", "--renewing-within", "365", "--alerts"]
    assert run("report", "--format", "csv", "-o", str(out), *argv, "--book", str(demo_path)) == 0
    kept = _csv_rows(out)
    expected = [
        r
        for r in rows
        if r["Segment"] == "High touch"
        and r["Days to renewal"]
        and 0 <= int(r["Days to renewal"]) <= 365
        and int(r["Red alerts"]) + int(r["Amber alerts"]) > 0
    ]
    assert kept == expected
    assert 0 < len(kept) < len(rows)
    churned = tmp_path / "churned.csv"
    assert (
        run("report", "--format", "csv", "-o", str(churned), "--churned", "--book", str(demo_path))
        == 0
    )
    with_churned = _csv_rows(churned)
    assert len(with_churned) == len(rows) + 1
    assert [r["Churned"] for r in with_churned].count("yes") == 1


def test_a_filter_without_a_format_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("report", "--band", "healthy", "--book", str(demo_path)) == 1
    assert "add --format csv or xlsx" in capsys.readouterr().err
