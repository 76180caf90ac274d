"""Money and numbers: every supported spelling, one decimal mark per column, and a property
test that any supported formatting of a number reads back as that number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csm_desk.csvimport.numbers import (
    DecimalMark,
    NumberCell,
    decide_decimal_mark,
    parse_decimal_mark,
    parse_number,
    read_number,
)

POINT, COMMA = DecimalMark.POINT, DecimalMark.COMMA


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$1,200.50", 1200.5),
        ("1.200,50 €", 1200.5),
        ("€1.200,50", 1200.5),
        ("1 200,50", 1200.5),
        ("1\u00a0200,50", 1200.5),
        ("1\u202f200,50", 1200.5),
        ("1'200.50", 1200.5),
        ("(1,200.50)", -1200.5),
        ("($1,200.50)", -1200.5),
        ("USD 1200", 1200.0),
        ("1200 USD", 1200.0),
        ("EUR 1.200,50", 1200.5),
        ("-1200", -1200.0),
        ("-$1,200.50", -1200.5),
        ("$-1,200.50", -1200.5),
        ("\u22121200", -1200.0),
        ("1200-", -1200.0),
        ("£950", 950.0),
        ("1,200,000", 1_200_000.0),
        ("1.200.000", 1_200_000.0),
        ("0,5", 0.5),
        (".5", 0.5),
        ("1.2E+05", 120_000.0),
        ("  42  ", 42.0),
        ("+7", 7.0),
    ],
)
def test_money_spellings(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "12 apples", "1,2,3.4.5", "$", "((1))", "1.2.3,4,5", "--5", "1,20,000"]
)
def test_not_numbers(text: str) -> None:
    assert read_number(text) is None
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text)


def test_lower_case_words_are_not_currencies() -> None:
    assert read_number("abc 1200") is None
    assert read_number("1200 usd") is None


def test_currency_only_for_money() -> None:
    assert read_number("$5", money=False) is None
    assert parse_number("5", money=False) == 5.0


def test_a_lone_thousands_group_is_ambiguous_until_the_mark_is_known() -> None:
    reading = read_number("1,200")
    assert reading is not None
    assert reading.ambiguous
    assert reading.values == {POINT: Decimal("1200"), COMMA: Decimal("1.200")}
    with pytest.raises(ValueError, match="decimal point or a decimal comma"):
        parse_number("1,200")
    assert parse_number("1,200", POINT) == 1200.0
    assert parse_number("1,200", COMMA) == 1.2


def test_a_number_that_reads_the_same_either_way_is_not_ambiguous() -> None:
    for text in ("1200", "1 200", "12"):
        reading = read_number(text)
        assert reading is not None
        assert not reading.ambiguous


def _cells(*texts: str) -> list[NumberCell]:
    return [NumberCell(i + 2, t, read_number(t)) for i, t in enumerate(texts)]


def test_other_values_of_the_column_decide_the_mark() -> None:
    mark, problems = decide_decimal_mark(_cells("1,200", "350.75"), "ARR", delimiter="\t")
    assert (mark, problems) == (POINT, [])
    mark, problems = decide_decimal_mark(_cells("1.200", "350,75"), "ARR", delimiter="\t")
    assert (mark, problems) == (COMMA, [])


def test_the_delimiter_decides_when_the_column_cannot() -> None:
    assert decide_decimal_mark(_cells("1,200", "2,500"), "ARR", delimiter=",")[0] is POINT
    assert decide_decimal_mark(_cells("1,200", "2,500"), "ARR", delimiter=";")[0] is COMMA


def test_undecidable_column_asks_for_decimal() -> None:
    mark, problems = decide_decimal_mark(_cells("1,200", "2,500"), "ARR", delimiter="\t")
    assert mark is None
    assert [str(p) for p in problems] == [
        "column \"ARR\": cannot tell whether '1,200' (row 2) means 1200 or 1.200; say which "
        "with --decimal point or --decimal comma"
    ]
    forced, problems = decide_decimal_mark(
        _cells("1,200", "2,500"), "ARR", delimiter="\t", forced=COMMA
    )
    assert (forced, problems) == (COMMA, [])


def test_mixed_marks_report_the_odd_rows() -> None:
    mark, problems = decide_decimal_mark(
        _cells("1,200.50", "300.25", "1.200,50"), "ARR", delimiter=","
    )
    assert mark is POINT
    assert [(p.row, p.column) for p in problems] == [(4, "ARR")]
    assert "decimal comma but this column uses a decimal point" in problems[0].message
    assert "row 2" in problems[0].message


def test_forced_mark_reports_values_it_cannot_read() -> None:
    mark, problems = decide_decimal_mark(
        _cells("1,200.50", "3"), "ARR", delimiter=",", forced=COMMA
    )
    assert mark is COMMA
    assert [p.row for p in problems] == [2]


def test_not_a_number_is_reported_with_the_row() -> None:
    _mark, problems = decide_decimal_mark(_cells("12", "lots"), "Value", delimiter=",", money=False)
    assert [str(p) for p in problems] == ["row 3, column \"Value\": 'lots' is not a number"]


def test_decimal_names() -> None:
    assert parse_decimal_mark("comma") is COMMA
    assert parse_decimal_mark(".") is POINT
    assert parse_decimal_mark(None) is None
    with pytest.raises(ValueError, match="'point' or 'comma'"):
        parse_decimal_mark("semicolon")


# -- the property: any supported formatting reads back --------------------------------------

GROUPS = {
    POINT: ["", ",", " ", "\u00a0", "\u202f", "'"],
    COMMA: ["", ".", " ", "\u00a0", "\u202f"],
}


def _group(digits: str, sep: str) -> str:
    if not sep:
        return digits
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


@st.composite
def formatted(draw: st.DrawFn) -> tuple[str, Decimal, DecimalMark, bool]:
    cents = draw(st.integers(min_value=-(10**11), max_value=10**11))
    places = draw(st.sampled_from([0, 1, 2, 3]))
    value = Decimal(cents).scaleb(-places)
    mark = draw(st.sampled_from([POINT, COMMA]))
    sep = draw(st.sampled_from(GROUPS[mark]))
    whole, _, fraction = f"{abs(value):f}".partition(".")
    body = _group(whole, sep) + (mark.char + fraction if fraction else "")
    currency = draw(st.sampled_from(["", "$", "€", "£", "USD ", "EUR"]))
    suffix = currency in ("€", "EUR") and draw(st.booleans())
    money = f"{body} {currency.strip()}" if suffix else f"{currency}{body}"
    if value < 0:
        style = draw(st.sampled_from(["minus", "brackets", "sign-after-currency"]))
        if style == "brackets":
            money = f"({money})"
        elif style == "sign-after-currency" and currency and not suffix:
            money = f"{currency}-{body}"
        else:
            money = f"-{money}"
    return money, value, mark, bool(fraction) and len(fraction) != 3


@given(formatted())
def test_any_supported_formatting_reads_back(case: tuple[str, Decimal, DecimalMark, bool]) -> None:
    text, value, mark, unambiguous = case
    assert parse_number(text, mark) == float(value)
    reading = read_number(text)
    assert reading is not None
    assert reading.values[mark] == value
    if unambiguous:
        assert parse_number(text) == float(value)
