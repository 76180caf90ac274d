"""Words and numbers as documents print them: safe text, dates, money, percentages, lists.

Everything the user typed passes through ``clean`` before it reaches the document, so pasted
control characters (which XML cannot store) vanish silently instead of failing the export, and
bidirectional overrides and isolates (which can show text reversed) are dropped. Dates are in
words with their year, negatives take the minus sign, and a value that is not there prints as
nothing (``EMPTY``) rather than as a dash, "None" or "nan".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from csm_desk.engine.wording import MINUS, date_words, with_minus
from csm_desk.engine.wording import signed as signed_number

# Characters XML 1.0 cannot hold (C0 controls except tab, newline and carriage return; lone
# surrogates; the two non-characters U+FFFE and U+FFFF).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLANKS = re.compile(r"[ \t]+")
# Bidirectional embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they can make
# text display in an order other than the one it was typed in ("evil" shown as "live").
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}

# What a value that is not recorded prints as in a table cell: nothing.
EMPTY = ""


def clean(text: object) -> str:
    """``text`` as a string Word can store and show as typed: XML-illegal characters and
    bidirectional controls removed, CR/LF normalised; a missing number (None, NaN) is empty.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    value = str(text)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if _BIDI_CONTROLS.search(value):
        value = _BIDI_CONTROLS.sub("", value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _missing(value: float | None) -> bool:
    """No number to show: None, or NaN (a spreadsheet's empty cell)."""
    return value is None or value != value


def has_text(text: object) -> bool:
    """Whether ``text`` holds anything but whitespace once cleaned."""
    return bool(clean(text).strip())


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a one-item-per-line field, stripped, in order."""
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def paragraphs(text: str | None) -> list[str]:
    """Paragraphs of a long text field: blank lines separate them; single newlines stay."""
    blocks = re.split(r"\n\s*\n", clean(text).strip())
    return [b.strip() for b in blocks if b.strip()]


def one_line(text: str | None) -> str:
    """The text on one line (newlines and runs of spaces become single spaces)."""
    return _BLANKS.sub(" ", clean(text).replace("\n", " ")).strip()


_QUOTED = re.compile(
    r"^\s*[“\"„«]\s*(?P<body>.+?)\s*[”\"“»]\s*"
    r"(?:[(\[](?P<paren>[^()\[\]]+)[)\]]|[—–-]+\s*(?P<dash>\S.*))?\s*$",
    re.S,
)


def split_quote(text: str | None) -> tuple[str, str | None]:
    """A quotation and who said it, when the text carries both: ``“…” (Name, Title)`` or
    ``"…" — Name`` give the words inside the marks and the attribution; other text is returned
    whole with no attribution.
    """
    value = clean(text).strip()
    found = _QUOTED.match(value)
    if found is None:
        return value, None
    said_by = found.group("paren") or found.group("dash")
    return found.group("body").strip(), one_line(said_by) or None


def is_rtl(text: str) -> bool:
    """Whether the first strongly directional character of ``text`` reads right to left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def day(value: dt.date | None, *, empty: str = EMPTY) -> str:
    """A date as printed in a table: 22 Nov 2026."""
    if value is None:
        return empty
    return date_words(value)


def next_meeting_words(found: tuple[dt.date, str | None] | None, *, empty: str) -> str:
    """The next meeting as a recap states it: its date, and the cadence touchpoint it comes
    from when it was not agreed at the meeting itself ("25 Nov 2026 (Weekly check-in)").
    """
    if found is None:
        return empty
    when, touchpoint = found
    name = one_line(touchpoint) if touchpoint else ""
    return day(when) + (f" ({name})" if name else "")


def stored_day(value: object) -> str:
    """A date as the book stores it (a date, a timestamp or its ISO text) in words; text that
    is not a date is shown as it is.
    """
    if isinstance(value, dt.datetime):
        return day(value.date())
    if isinstance(value, dt.date):
        return day(value)
    raw = one_line(clean(value))
    try:
        return day(dt.date.fromisoformat(raw[:10]))
    except ValueError:
        return raw


def long_day(value: dt.date) -> str:
    """A date written out: 22 November 2026."""
    return date_words(value, full=True)


def date_range(start: dt.date | None, end: dt.date | None) -> str:
    """A period in words: "14 Aug 2025 → 14 Aug 2026", "from 14 Aug 2025", "until …"; empty
    when neither end is known.
    """
    if start is not None and end is not None:
        return f"{day(start)} → {day(end)}"
    if start is not None:
        return f"from {day(start)}"
    if end is not None:
        return f"until {day(end)}"
    return EMPTY


def clause(text: object) -> str:
    """Typed text on one line without its closing full stop, for a sentence that goes on after
    it ("… a discounted one" — medium severity), so no stop is doubled.
    """
    value = one_line(clean(text))
    while value.endswith((".", ";", ",", ":")) and not value.endswith("..."):
        value = value[:-1].rstrip()
    return value


def money(amount: float | None, currency: str, *, empty: str = EMPTY) -> str:
    """An amount in the book's currency: $120,000; 120,000 CHF for a currency without a sign."""
    if _missing(amount):
        return empty
    assert amount is not None
    sign = CURRENCY_SIGNS.get(currency.upper())
    whole = round(amount)
    shown = f"{abs(whole):,}" if abs(amount - whole) < 0.005 else f"{abs(amount):,.2f}"
    minus = MINUS if amount < 0 else ""
    return f"{minus}{sign}{shown}" if sign else f"{minus}{shown} {currency.upper()}"


def number(value: float | None, unit: str | None = None, *, empty: str = EMPTY) -> str:
    """A measured value with its unit: 82%, 1,250 users, 4.5 days, −3 (minus sign)."""
    if _missing(value):
        return empty
    assert value is not None
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    shown = with_minus(shown)
    unit_text = one_line(unit)
    if not unit_text:
        return shown
    if unit_text in ("%", "x", "×") or unit_text.startswith("%"):
        return f"{shown}{unit_text}"
    if unit_text in CURRENCY_SIGNS.values():
        return f"{unit_text}{shown}"
    return f"{shown} {unit_text}"


def percent(value: float | None, *, digits: int = 1, empty: str = EMPTY) -> str:
    """A percentage: 92.0%."""
    if _missing(value):
        return empty
    return with_minus(f"{value:.{digits}f}%")


def score(value: float | None, *, empty: str = EMPTY) -> str:
    """A 0–100 score with one decimal."""
    return empty if _missing(value) else with_minus(f"{value:.1f}")


def signed(value: float | None, *, digits: int = 1, empty: str = EMPTY) -> str:
    """A change with its sign: +3.2, −4.0."""
    if _missing(value):
        return empty
    assert value is not None
    return signed_number(value, digits)


def join_names(names: Iterable[str], *, empty: str = EMPTY) -> str:
    """Names joined as in a sentence: A, B and C."""
    items = [one_line(n) for n in names if has_text(n)]
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, plural unless one (``many``, else ``word`` + "s")."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def days_phrase(days: int) -> str:
    """How far a date is: "in 54 days", "today", "12 days ago"."""
    if days == 0:
        return "today"
    if days > 0:
        return f"in {plural(days, 'day')}"
    return f"{plural(-days, 'day')} ago"
