"""Dates: every format, Excel serials, one interpretation per column, asking when ambiguous."""

from __future__ import annotations

import datetime as dt

import pytest

from csm_desk.csvimport.dates import (
    DateCell,
    DateOrder,
    decide_date_order,
    parse_date_format,
    read_date,
)

D = dt.date
ISO, MDY, DMY, SERIAL = (
    DateOrder.ISO,
    DateOrder.MONTH_FIRST,
    DateOrder.DAY_FIRST,
    DateOrder.SERIAL,
)


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("2026-01-31", {ISO: D(2026, 1, 31)}),
        ("2026/1/5", {ISO: D(2026, 1, 5)}),
        ("2026-01-31T09:30:00Z", {ISO: D(2026, 1, 31)}),
        ("2026-01-31 09:30", {ISO: D(2026, 1, 31)}),
        ("12/31/2026", {MDY: D(2026, 12, 31)}),
        ("31/12/2026", {DMY: D(2026, 12, 31)}),
        ("31.12.2026", {DMY: D(2026, 12, 31)}),
        ("05.03.2026", {DMY: D(2026, 3, 5)}),
        ("05/03/2026", {DMY: D(2026, 3, 5), MDY: D(2026, 5, 3)}),
        ("5-3-2026", {DMY: D(2026, 3, 5), MDY: D(2026, 5, 3)}),
        ("3/5/2026 2:15 PM", {DMY: D(2026, 5, 3), MDY: D(2026, 3, 5)}),
        ("46000", {SERIAL: D(2025, 12, 9)}),
        ("46000.75", {SERIAL: D(2025, 12, 9)}),
        ("45292", {SERIAL: D(2024, 1, 1)}),
        ("2026-02-30", {}),
        ("02/30/2026", {}),
        ("31.31.2026", {}),
        ("next week", {}),
        ("2026", {}),
        ("1/2/26", {MDY: D(2026, 1, 2), DMY: D(2026, 2, 1)}),
        ("3/4/70", {MDY: D(1970, 3, 4), DMY: D(1970, 4, 3)}),
        ("24-Nov-2026", {MDY: D(2026, 11, 24), DMY: D(2026, 11, 24)}),
        ("Nov 24, 2026", {MDY: D(2026, 11, 24), DMY: D(2026, 11, 24)}),
        ("24 November 2026", {MDY: D(2026, 11, 24), DMY: D(2026, 11, 24)}),
        ("24. Dezember 26", {MDY: D(2026, 12, 24), DMY: D(2026, 12, 24)}),
        ("24 Novembr 2026", {}),
    ],
)
def test_read_date(text: str, readings: dict[DateOrder, dt.date]) -> None:
    assert read_date(text) == readings


def _cells(*texts: str) -> list[DateCell]:
    return [DateCell(i + 2, t, read_date(t)) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("texts", "order"),
    [
        (("2026-01-31", "2025-12-01"), ISO),
        (("12/31/2026", "01/05/2026"), MDY),
        (("31/12/2026", "01/05/2026"), DMY),
        (("31.12.2026", "01.05.2026"), DMY),
        (("46000", "45292"), SERIAL),
        (("05/05/2026", "01/01/2027"), MDY),  # reads the same either way: nothing to ask
    ],
)
def test_a_column_consistent_with_one_format_uses_it(texts: tuple[str, ...], order) -> None:
    assert decide_date_order(_cells(*texts), "Renewal Date") == (order, [])


def test_an_all_ambiguous_column_asks_for_date_format() -> None:
    cells = _cells("01/02/2026", "03/04/2026", "05/05/2026")
    order, problems = decide_date_order(cells, "Renewal Date")
    assert order is None
    assert [str(p) for p in problems] == [
        "column \"Renewal Date\": cannot tell whether dates like '01/02/2026' (row 2) are day "
        "first or month first; say which with --date-format DD/MM/YYYY or --date-format "
        "MM/DD/YYYY"
    ]


@pytest.mark.parametrize(("forced", "first"), [(DMY, D(2026, 2, 1)), (MDY, D(2026, 1, 2))])
def test_date_format_resolves_the_ambiguity(forced: DateOrder, first: dt.date) -> None:
    cells = _cells("01/02/2026", "03/04/2026")
    order, problems = decide_date_order(cells, "Renewal Date", forced)
    assert (order, problems) == (forced, [])
    assert cells[0].readings[forced] == first


def test_forced_format_does_not_misread_an_iso_or_serial_column() -> None:
    assert decide_date_order(_cells("2026-01-02"), "Date", DMY) == (ISO, [])
    assert decide_date_order(_cells("46000"), "Date", MDY) == (SERIAL, [])


def test_forced_format_reports_values_it_cannot_read() -> None:
    order, problems = decide_date_order(_cells("01/02/2026", "12/31/2026"), "Date", DMY)
    assert order is DMY
    assert [str(p) for p in problems] == [
        "row 3, column \"Date\": '12/31/2026' is not a DD/MM/YYYY date"
    ]


def test_a_mixed_column_reports_the_rows_that_do_not_fit() -> None:
    cells = _cells("12/31/2026", "01/15/2026", "2026-03-01", "28/02/2026")
    order, problems = decide_date_order(cells, "Renewal Date")
    assert order is MDY
    assert [p.row for p in problems] == [4, 5]
    assert all("MM/DD/YYYY, as in row 2: '12/31/2026'" in p.message for p in problems)


def test_not_a_date_is_reported_and_the_rest_still_decided() -> None:
    order, problems = decide_date_order(_cells("31.12.2026", "soon", "2026-02-30"), "Date")
    assert order is DMY
    assert [(p.row, p.message.split(" is ")[0]) for p in problems] == [
        (3, "'soon'"),
        (4, "'2026-02-30'"),
    ]


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("YYYY-MM-DD", ISO),
        ("MM/DD/YYYY", MDY),
        ("DD/MM/YYYY", DMY),
        ("DD.MM.YYYY", DMY),
        ("dd-mm-yyyy", DMY),
        ("%d/%m/%Y", DMY),
        ("%m/%d/%Y", MDY),
        ("%Y-%m-%d", ISO),
        (None, None),
    ],
)
def test_date_format_names(text: str | None, order: DateOrder | None) -> None:
    assert parse_date_format(text) == order


def test_unknown_date_format_is_refused() -> None:
    with pytest.raises(ValueError, match=r"YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY or DD\.MM\.YYYY"):
        parse_date_format("MM-YYYY")


def test_month_names_percentages_and_two_digit_years_import_with_the_pivot_stated(
    book, write_csv, query
) -> None:
    from csm_desk.csvimport.plan import plan_import

    path = write_csv(
        "Account,Date,Signal,Value\n"
        "Acme Corp,24-Nov-2026,usage,68%\n"
        'Beta Bank,"Nov 20, 2026",nps,9\n'
        "Gamma Health,21 November 2026,csat,4\n",
        "signals.csv",
    )
    plan = plan_import(book, "signals", path)
    assert plan.ok, plan.problems
    assert plan.counts["health overrides"].created == 1
    short = write_csv(
        "Account,Date,Signal,Value\nAcme Corp,11/20/26,nps,9\nBeta Bank,11/2/26,nps,7\n",
        "short.csv",
    )
    plan = plan_import(book, "signals", short)
    assert plan.ok, plan.problems
    assert (
        'Column "Date" writes years with two digits, read 00–68 as 2000–2068 and 69–99 as '
        "1969–1999 (row 2: '11/20/26' is 2026-11-20)."
    ) in plan.summary()


def test_two_digit_year_formats_can_be_named() -> None:
    assert parse_date_format("DD/MM/YY") is DMY
    assert parse_date_format("%m/%d/%y") is MDY
