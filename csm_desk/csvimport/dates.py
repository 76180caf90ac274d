"""Dates as exports write them, read with one interpretation per column.

ISO (``2026-01-31``), month first (``01/31/2026``), day first (``31/01/2026``, ``31.01.2026``),
month names in English or German (``24-Nov-2026``, ``Nov 24, 2026``, ``24 November 2026``,
``24. Dezember 2026``), which read the same in either order, and Excel serial numbers in the 1900
date system (``46000`` is 2025-12-09).

Two-digit years (``11/24/26``, ``24-Nov-26``) are read with the pivot POSIX ``strptime`` and
Excel's default use: 00–68 are 2000–2068 and 69–99 are 1969–1999. The plan says so for every
column that writes them. A column whose values
could all be either day-first or month-first is not guessed: the importer asks for
``--date-format``. A column mixing formats that cannot all be read one way has its odd rows
reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from csm_desk.csvimport.problems import Problem


class DateOrder(StrEnum):
    """How a column writes its dates."""

    ISO = "iso"
    MONTH_FIRST = "month_first"
    DAY_FIRST = "day_first"
    SERIAL = "serial"

    @property
    def pattern(self) -> str:
        return {
            DateOrder.ISO: "YYYY-MM-DD",
            DateOrder.MONTH_FIRST: "MM/DD/YYYY",
            DateOrder.DAY_FIRST: "DD/MM/YYYY",
            DateOrder.SERIAL: "an Excel date number",
        }[self]


DATE_FORMATS = "YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY or DD.MM.YYYY"
_FORMAT_NAMES = {
    "yyyymmdd": DateOrder.ISO,
    "ymd": DateOrder.ISO,
    "iso": DateOrder.ISO,
    "mmddyyyy": DateOrder.MONTH_FIRST,
    "mdy": DateOrder.MONTH_FIRST,
    "us": DateOrder.MONTH_FIRST,
    "ddmmyyyy": DateOrder.DAY_FIRST,
    "dmy": DateOrder.DAY_FIRST,
    "yymmdd": DateOrder.ISO,
    "mmddyy": DateOrder.MONTH_FIRST,
    "ddmmyy": DateOrder.DAY_FIRST,
    "excel": DateOrder.SERIAL,
    "serial": DateOrder.SERIAL,
}
_STRFTIME = {"%y": "yy", "%Y": "yyyy", "%m": "mm", "%d": "dd", "%b": "mm", "%B": "mm"}

# The 1900 date system counts from 1899-12-30 (day 60, the 29 February 1900 Excel believes
# in, is why it is not 12-31); five-digit serials cover 1927–2173.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")
_TIME = (
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_ISO = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME + r"$")
_NUMERIC = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + r"$")
_WORD = r"([^\W\d_]{3,9})\.?"
_DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})\.?[-\s/]*" + _WORD + r",?[-\s/]+(\d{4}|\d{2})" + _TIME + r"$"
)
_MONTH_DAY_YEAR = re.compile(
    r"^" + _WORD + r"[-\s/]*(\d{1,2})(?:st|nd|rd|th)?\.?,?[-\s/]+(\d{4}|\d{2})" + _TIME + r"$"
)
TWO_DIGIT_PIVOT = 68
TWO_DIGIT_RULE = "00–68 as 2000–2068 and 69–99 as 1969–1999"
_MONTH_WORDS = {
    1: ("jan", "january", "januar", "jänner", "janv", "janvier"),
    2: ("feb", "february", "februar", "févr", "fevr", "février"),
    3: ("mar", "march", "märz", "mär", "mrz", "mars"),
    4: ("apr", "april", "avr", "avril"),
    5: ("may", "mai"),
    6: ("jun", "june", "juni", "juin"),
    7: ("jul", "july", "juli", "juil", "juillet"),
    8: ("aug", "august", "août"),
    9: ("sep", "sept", "september", "septembre"),
    10: ("oct", "october", "okt", "oktober", "octobre"),
    11: ("nov", "november", "novembre"),
    12: ("dec", "december", "dez", "dezember", "déc", "décembre"),
}
MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words}


def parse_date_format(text: str | None) -> DateOrder | None:
    """The order named by ``--date-format`` (YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY,
    their strftime spellings such as ``%d/%m/%Y``), or None when unset."""
    if text is None or not text.strip():
        return None
    spelled = text.strip()
    for code, word in _STRFTIME.items():
        spelled = spelled.replace(code, word)
    key = re.sub(r"[^a-z]", "", spelled.lower())
    found = _FORMAT_NAMES.get(key)
    if found is None:
        raise ValueError(f"--date-format {text!r} is not one of: {DATE_FORMATS}")
    return found


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def full_year(year: int, digits: int) -> int:
    """A year as written, two-digit years by the pivot (``TWO_DIGIT_RULE``)."""
    if digits > 2:
        return year
    return 2000 + year if year <= TWO_DIGIT_PIVOT else 1900 + year


def two_digit_year(text: str) -> bool:
    """Whether a date cell writes its year with two digits (``11/24/26``, ``24-Nov-26``)."""
    s = text.strip()
    for pattern, group in ((_NUMERIC, 4), (_DAY_MONTH_YEAR, 3), (_MONTH_DAY_YEAR, 3)):
        found = pattern.match(s)
        if found:
            return len(found[group]) == 2
    return False


def _named_month(s: str) -> dt.date | None:
    found = _DAY_MONTH_YEAR.match(s)
    if found:
        day, word, year = found[1], found[2], found[3]
    else:
        found = _MONTH_DAY_YEAR.match(s)
        if not found:
            return None
        word, day, year = found[1], found[2], found[3]
    month = MONTHS.get(word.casefold())
    if month is None:
        return None
    return _day(full_year(int(year), len(year)), month, int(day))


def read_date(text: str) -> dict[DateOrder, dt.date]:
    """Every reading of a cell as a date (empty when it is none). A date with a month name
    reads the same day first or month first."""
    s = text.strip()
    named = _named_month(s)
    if named is not None:
        return {DateOrder.MONTH_FIRST: named, DateOrder.DAY_FIRST: named}
    found = _ISO.match(s)
    if found:
        day = _day(int(found[1]), int(found[3]), int(found[4]))
        return {DateOrder.ISO: day} if day else {}
    found = _NUMERIC.match(s)
    if found:
        first, sep, second = int(found[1]), found[2], int(found[3])
        year = full_year(int(found[4]), len(found[4]))
        out: dict[DateOrder, dt.date] = {}
        day_first = _day(year, second, first)
        if day_first:
            out[DateOrder.DAY_FIRST] = day_first
        month_first = _day(year, first, second) if sep != "." else None
        if month_first:
            out[DateOrder.MONTH_FIRST] = month_first
        return out
    found = _SERIAL.match(s)
    if found:
        return {DateOrder.SERIAL: _EXCEL_EPOCH + dt.timedelta(days=int(found[1]))}
    return {}


@dataclass(frozen=True)
class DateCell:
    """One non-blank cell of a date column."""

    row: int
    text: str
    readings: dict[DateOrder, dt.date]


def _spelling(order: DateOrder, cells: Sequence[DateCell]) -> str:
    """The column's format as its own cells write it (DD.MM.YYYY for a dotted column)."""
    if order is DateOrder.DAY_FIRST and any("." in c.text for c in cells if order in c.readings):
        return "DD.MM.YYYY"
    return order.pattern


def decide_date_order(
    cells: Sequence[DateCell], column: str, forced: DateOrder | None = None
) -> tuple[DateOrder | None, list[Problem]]:
    """The column's one date interpretation, and the problems of cells that do not fit it.

    Returns ``(None, [problem])`` when every value could be day-first or month-first and the
    two readings differ: that needs ``--date-format``.
    """
    problems = [
        Problem(c.row, column, f"{c.text!r} is not a date (write {DATE_FORMATS})")
        for c in cells
        if not c.readings
    ]
    readable = [c for c in cells if c.readings]
    if not readable:
        return DateOrder.ISO, problems
    common = set(DateOrder)
    for cell in readable:
        common &= set(cell.readings)
    orders = [o for o in DateOrder if o in common]
    if forced is not None:
        if forced in common or not (common & {DateOrder.ISO, DateOrder.SERIAL}):
            chosen = forced
        else:
            chosen = orders[0]  # a column of ISO dates or serials cannot be misread
    elif len(orders) == 1:
        chosen = orders[0]
    elif orders:
        differing = [
            c
            for c in readable
            if c.readings[DateOrder.DAY_FIRST] != c.readings[DateOrder.MONTH_FIRST]
        ]
        if differing:
            example = differing[0]
            problems.append(
                Problem(
                    None,
                    column,
                    f"cannot tell whether dates like {example.text!r} (row {example.row}) are "
                    "day first or month first; say which with --date-format DD/MM/YYYY or "
                    "--date-format MM/DD/YYYY",
                )
            )
            return None, problems
        chosen = DateOrder.MONTH_FIRST  # every value reads the same either way
    else:
        chosen = max(DateOrder, key=lambda o: sum(1 for c in readable if o in c.readings))
        sample = next(c for c in readable if chosen in c.readings)
        spelling = _spelling(chosen, readable)
        for cell in readable:
            if chosen not in cell.readings:
                problems.append(
                    Problem(
                        cell.row,
                        column,
                        f"{cell.text!r} is not written like the other dates of this column "
                        f"({spelling}, as in row {sample.row}: {sample.text!r}); "
                        "a column needs one date format",
                    )
                )
        return chosen, problems
    spelling = _spelling(chosen, readable)
    for cell in readable:
        if chosen not in cell.readings:
            problems.append(Problem(cell.row, column, f"{cell.text!r} is not a {spelling} date"))
    return chosen, problems
