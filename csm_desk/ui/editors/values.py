"""Field values to words and back, by the field's ``Kind``: what every editor shares."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QLocale

from csm_desk.models.fields import FieldSpec, Kind
from csm_desk.models.validation import check_value, split_choices

RefOptions = Sequence[tuple[int, str]]  # (row id, label) of the rows a REF field may point at
NUMBER_KINDS = frozenset({Kind.INT, Kind.FLOAT, Kind.MONEY, Kind.PROBABILITY})
DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d/%m/%Y")
_BASE_YEAR = 2000  # a two-digit year typed in the locale's short format is in this century


def show(spec: FieldSpec, value: Any, refs: RefOptions = ()) -> str:
    """``value`` as a person reads it in a table cell."""
    if value is None or value == "":
        return ""
    kind = spec.kind
    if kind is Kind.DATE and isinstance(value, dt.date):
        return value.isoformat()
    if kind is Kind.BOOL:
        return "Yes" if value else "No"
    if kind is Kind.MONEY and isinstance(value, int | float):
        return f"{value:,.2f}".removesuffix(".00")
    if kind is Kind.PROBABILITY and isinstance(value, int | float):
        return percent(value)
    if kind is Kind.FLOAT and isinstance(value, int | float):
        return f"{value:g}"
    if kind is Kind.CHOICE and spec.vocab is not None:
        return _label(spec, str(value))
    if kind is Kind.CHOICES:
        return ", ".join(_label(spec, v) for v in split_choices(str(value)))
    if kind is Kind.REF:
        return dict(refs).get(int(value), f"#{value}")
    if kind is Kind.LINES or kind is Kind.LONGTEXT:
        first, _sep, rest = str(value).strip().partition("\n")
        return first + (" …" if rest.strip() else "")
    return str(value)


def percent(probability: float) -> str:
    """A probability (0–1) in the unit people type and read it in: 0.85 → "85%"."""
    return f"{round(probability * 100, 1):g}%"


def _label(spec: FieldSpec, key: str) -> str:
    if spec.vocab is None:
        return key
    try:
        return spec.vocab(key).label
    except ValueError:
        return key


def parse_number(spec: FieldSpec, text: str) -> tuple[Any, str | None]:
    """A typed number: ``(value, None)`` or ``(None, reason)``; empty text is None."""
    cleaned = re.sub(r"[,\s$€£¥]", "", text.strip())
    if spec.kind is Kind.PROBABILITY:
        # Probabilities are typed as percentages (85 or 85%), as they are shown.
        cleaned = cleaned.removesuffix("%")
        if not cleaned:
            return None, None
        try:
            return float(cleaned) / 100, None
        except ValueError:
            return None, "must be a percentage"
    if not cleaned:
        return None, None
    try:
        number = float(cleaned)
    except ValueError:
        return None, "must be a number"
    if spec.kind is Kind.INT:
        if number != int(number):
            return None, "must be a whole number"
        return int(number), None
    return number, None


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """A typed date: YYYY-MM-DD, the person's own short or long date (12/15/26 in the US),
    or 22 Nov 2026, 22/11/2026; empty text is None."""
    cleaned = " ".join(text.strip().replace(",", " ").split())
    if not cleaned:
        return None, None
    # ISO first, then the person's own way of writing dates (so 03/04/2026 is read as their
    # locale reads it), then the spelled-out forms.
    local = _locale_date(text.strip())
    for number, pattern in enumerate(DATE_FORMATS):
        if number == 1 and local is not None:
            return local, None
        try:
            return dt.datetime.strptime(cleaned, pattern).date(), None
        except ValueError:
            continue
    return None, "must be a date (YYYY-MM-DD)"


def _locale_date(text: str) -> dt.date | None:
    """``text`` read in the locale's short or long date format (two-digit years are 20xx)."""
    locale = QLocale()
    for kind in (QLocale.FormatType.ShortFormat, QLocale.FormatType.LongFormat):
        found = locale.toDate(text, kind, _BASE_YEAR)
        if found.isValid():
            return dt.date(found.year(), found.month(), found.day())
    return None


def problem(spec: FieldSpec, value: Any) -> str | None:
    """Why ``value`` cannot be saved in this field, as the book layer would say it."""
    return check_value(spec, value)


def default_for(
    name: str,
    spec: FieldSpec,
    today: dt.date,
    refs: Mapping[str, RefOptions],
    declared: Any = None,
) -> tuple[Any, bool]:
    """A starting value for a required field of a new row: ``(value, found)``.

    Text and numbers are the person's to type, so they start empty (None) and the row waits
    for them; else the column's declared default when it has one, dates today, choices the
    first value and references the first row. ``found`` is False when a reference has nothing
    to point at.
    """
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LONGTEXT, Kind.LINES, Kind.LINK) or kind in NUMBER_KINDS:
        return None, True
    if declared not in (None, ""):
        return declared, True
    if kind is Kind.DATE:
        return today, True
    if kind is Kind.CHOICE and spec.vocab is not None:
        return spec.vocab.choices()[0], True
    if kind is Kind.BOOL:
        return False, True
    if kind is Kind.REF:
        options = refs.get(name, ())
        return (options[0][0], True) if options else (None, False)
    return None, True
