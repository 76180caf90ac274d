"""Numbers and money as spreadsheets and CRMs write them, read one column at a time.

``$1,200.50``, ``1.200,50 €``, ``1 200,50`` (with ordinary, non-breaking or narrow spaces),
``1'200.50``, ``(1,200.50)`` for a negative, ``USD 1200``, ``-1200``, ``1.2E+05``. Whether a comma
or a point is the decimal mark is decided once per column: ``1,200`` alone could be 1200 or 1.2,
so the other values of the column decide, then the file's delimiter (a semicolon-separated file
comes from a decimal-comma locale), and failing both the importer asks rather than guesses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from csm_desk.csvimport.problems import Problem


class DecimalMark(StrEnum):
    POINT = "point"
    COMMA = "comma"

    @property
    def char(self) -> str:
        return "." if self is DecimalMark.POINT else ","

    @property
    def words(self) -> str:
        return "a decimal point" if self is DecimalMark.POINT else "a decimal comma"


_MARKS = (DecimalMark.POINT, DecimalMark.COMMA)
_MINUS = "-\u2212\u2013"  # hyphen, minus sign, en dash
_SPACE_GROUPS = " \u00a0\u202f\u2009\u2007"
_QUOTE_GROUPS = "'\u2019"
_SYMBOLS = "$€£¥₹₩₽₺₪₫₱₦฿¢"
# Currency codes are upper case (USD, EUR); a word in lower case is not a currency.
_CURRENCY = r"(?:[A-Z]{1,2}\$|[A-Z]{3}|[" + re.escape(_SYMBOLS) + r"]|kr\.?|Kr\.?|Fr\.?|zł|Kč|R)"
_PREFIX = re.compile(r"^" + _CURRENCY + r"(?=[\s\d" + re.escape(_MINUS) + r".,(])")
_SUFFIX = re.compile(r"(?<=[\s\d.,)])" + _CURRENCY + r"$")
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
_BODY = re.compile(r"^[\d.,'\u2019" + _SPACE_GROUPS + r"]+$")


_SYMBOL_CODES = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "CA$": "CAD",
    "C$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "Fr.": "CHF",
    "zł": "PLN",
    "Kč": "CZK",
}
CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "CHF",
        "JPY",
        "CAD",
        "AUD",
        "NZD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "INR",
        "BRL",
        "SGD",
        "HKD",
        "ZAR",
        "MXN",
        "CNY",
    ]
)
_HEADER_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])|([€£¥₹])|(\$)")


def currency_of(text: str) -> str | None:
    """The currency a cell writes its amount in (``€ 1.200`` → EUR, ``USD 5,000`` → USD), or
    None when it names none."""
    s = text.strip().strip("()").strip().lstrip(_MINUS + "+").strip()
    for pattern in (_PREFIX, _SUFFIX):
        found = pattern.search(s)
        if found:
            word = found.group().strip()
            code = _SYMBOL_CODES.get(word, word if word in CURRENCY_CODES else None)
            if code:
                return code
    return None


def currency_of_header(header: str) -> str | None:
    """The currency a column's header names (``ARR (EUR)``, ``Jahresumsatz in €``), or None."""
    for found in _HEADER_CODE.finditer(header):
        code, symbol, dollar = found.groups()
        if code in CURRENCY_CODES:
            return code
        if symbol or dollar:
            return _SYMBOL_CODES[symbol or dollar]
    return None


def parse_decimal_mark(text: str | None) -> DecimalMark | None:
    """The decimal mark a person named (``point``/``.``, ``comma``/``,``), or None when unset."""
    if text is None or not text.strip():
        return None
    word = text.strip().lower()
    if word in ("point", ".", "dot", "period"):
        return DecimalMark.POINT
    if word in ("comma", ","):
        return DecimalMark.COMMA
    raise ValueError(f"--decimal {text!r} is not 'point' or 'comma'")


@dataclass(frozen=True)
class NumberReading:
    """Every way one cell's text reads as a number: its value under each decimal mark that can
    read it. A cell that reads the same either way (``1200``, ``1 200``) is not ambiguous."""

    values: dict[DecimalMark, Decimal]

    @property
    def marks(self) -> frozenset[DecimalMark]:
        return frozenset(self.values)

    @property
    def ambiguous(self) -> bool:
        found = set(self.values.values())
        return len(found) > 1


def _grouped(part: str, groups: str) -> str | None:
    """Digits of an integer part written with grouping characters from ``groups`` (one kind),
    or None when the grouping is not in threes."""
    used = {c for c in part if not c.isdigit()}
    if not used:
        return part
    if len(used) > 1 or not used <= set(groups):
        return None
    chunks = part.split(used.pop())
    first, rest = chunks[0], chunks[1:]
    if not 1 <= len(first) <= 3 or (first == "0") or not first.isdigit():
        return None
    if any(len(c) != 3 or not c.isdigit() for c in rest):
        return None
    return "".join(chunks)


def _read_with(body: str, mark: DecimalMark) -> Decimal | None:
    other = "," if mark is DecimalMark.POINT else "."
    groups = other + _SPACE_GROUPS + _QUOTE_GROUPS
    parts = body.split(mark.char)
    if len(parts) > 2:
        return None
    whole = _grouped(parts[0], groups) if parts[0] else "0"
    if whole is None:
        return None
    if len(parts) == 2:
        fraction = parts[1]
        if not fraction or not fraction.isdigit():
            return None
        if not parts[0] and not fraction:
            return None
        return Decimal(f"{whole}.{fraction}")
    return Decimal(whole)


def _strip_sign_and_currency(text: str, money: bool) -> tuple[str, bool] | None:
    """The bare digits of a cell and whether it is negative; None if something else is there."""
    s = text.strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    for _ in range(2):  # a sign and a currency, in either order
        if s and s[0] in _MINUS:
            if negative:
                return None
            negative, s = True, s[1:].strip()
        if s.startswith("+"):
            s = s[1:].strip()
        if money:
            found = _PREFIX.match(s)
            if found:
                s = s[found.end() :].strip()
    if money:
        found = _SUFFIX.search(s)
        if found:
            s = s[: found.start()].strip()
    if s and s[-1] in _MINUS and not negative:  # 1200- (accounting exports)
        negative, s = True, s[:-1].strip()
    return s, negative


def read_number(text: str, *, money: bool = True) -> NumberReading | None:
    """Every reading of a cell as a number, or None when it is not one. A number that is not
    money may end in a percent sign: ``68%`` and ``68 %`` are 68 (a component score, a share
    of seats), never 0.68."""
    if not money:
        text = text.strip()
        if text.endswith("%"):
            text = text[:-1]
    stripped = _strip_sign_and_currency(text, money)
    if stripped is None:
        return None
    body, negative = stripped
    if not body:
        return None
    sign = -1 if negative else 1
    if _SCIENTIFIC.match(body):
        try:
            return NumberReading({DecimalMark.POINT: sign * Decimal(body)})
        except InvalidOperation:
            return None
    if not _BODY.match(body) or not any(c.isdigit() for c in body):
        return None
    values: dict[DecimalMark, Decimal] = {}
    for mark in _MARKS:
        value = _read_with(body, mark)
        if value is not None:
            values[mark] = sign * value
    return NumberReading(values) if values else None


def parse_number(text: str, mark: DecimalMark | None = None, *, money: bool = True) -> float:
    """One cell as a number, the decimal mark given or, when None, needed only if the text is
    ambiguous. Raises ``ValueError`` saying what is wrong.

    >>> parse_number("$1,200.50"), parse_number("1.200,50 €"), parse_number("(1,200.50)")
    (1200.5, 1200.5, -1200.5)
    """
    reading = read_number(text, money=money)
    if reading is None:
        raise ValueError(f"{text!r} is not a number")
    if mark is not None:
        if mark not in reading.values:
            raise ValueError(f"{text!r} is not a number written with {mark.words}")
        return float(reading.values[mark])
    if reading.ambiguous:
        raise ValueError(f"{text!r} could be read with a decimal point or a decimal comma")
    return float(next(iter(reading.values.values())))


@dataclass(frozen=True)
class NumberCell:
    """One non-blank cell of a number column."""

    row: int
    text: str
    reading: NumberReading | None


def decide_decimal_mark(
    cells: Sequence[NumberCell],
    column: str,
    *,
    delimiter: str,
    forced: DecimalMark | None = None,
    money: bool = True,
) -> tuple[DecimalMark | None, list[Problem]]:
    """The column's decimal mark and the problems of cells that cannot be read with it.

    Returns ``(None, [problem])`` when the column cannot be decided (asks for ``--decimal``).
    Cells that are not numbers at all are reported too.
    """
    what = "an amount" if money else "a number"
    problems = [Problem(c.row, column, f"{c.text!r} is not {what}") for c in cells if not c.reading]
    readable = [c for c in cells if c.reading]
    if not readable:
        return DecimalMark.POINT, problems
    if forced is not None:
        chosen = forced
    else:
        fits = {m: [c for c in readable if c.reading and m in c.reading.values] for m in _MARKS}
        both = [m for m in _MARKS if len(fits[m]) == len(readable)]
        if len(both) == 1:
            chosen = both[0]
        elif len(both) == 2:
            ambiguous = [c for c in readable if c.reading and c.reading.ambiguous]
            if not ambiguous:
                return DecimalMark.POINT, problems
            hint = {",": DecimalMark.POINT, ";": DecimalMark.COMMA}.get(delimiter)
            if hint is None:
                example = ambiguous[0]
                reading = example.reading
                assert reading is not None
                point = reading.values[DecimalMark.POINT]
                comma = reading.values[DecimalMark.COMMA]
                problems.append(
                    Problem(
                        None,
                        column,
                        f"cannot tell whether {example.text!r} (row {example.row}) means "
                        f"{point:f} or {comma:f}; say which with --decimal point or "
                        "--decimal comma",
                    )
                )
                return None, problems
            chosen = hint
        else:
            chosen = max(_MARKS, key=lambda m: len(fits[m]))
            other = _MARKS[1] if chosen is _MARKS[0] else _MARKS[0]
            sample = next(c for c in fits[chosen] if c.reading and other not in c.reading.values)
            for cell in readable:
                if cell.reading and chosen not in cell.reading.values:
                    problems.append(
                        Problem(
                            cell.row,
                            column,
                            f"{cell.text!r} is written with {other.words} but this column uses "
                            f"{chosen.words} (as in row {sample.row}: {sample.text!r})",
                        )
                    )
            return chosen, problems
    for cell in readable:
        if cell.reading and chosen not in cell.reading.values:
            problems.append(
                Problem(
                    cell.row, column, f"{cell.text!r} is not {what} written with {chosen.words}"
                )
            )
    return chosen, problems


def value_of(cell: NumberCell, mark: DecimalMark) -> float | None:
    """The cell's value with the column's decimal mark (None if it cannot be read so)."""
    if cell.reading is None or mark not in cell.reading.values:
        return None
    return float(cell.reading.values[mark])
