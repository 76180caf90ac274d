"""Words and numbers as documents print them: safe text, dates, money, percentages, lists.

Everything the user typed passes through ``clean`` before it reaches the document, so pasted
control characters (which XML cannot store) vanish silently instead of failing the export.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

# Characters XML 1.0 cannot hold (C0 controls except tab, newline and carriage return; lone
# surrogates; the two non-characters U+FFFE and U+FFFF).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLANKS = re.compile(r"[ \t]+")

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}

DASH = "—"


def clean(text: object) -> str:
    """``text`` as a string Word can store: XML-illegal characters removed, CR/LF normalised."""
    if text is None:
        return ""
    value = str(text)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def has_text(text: object) -> bool:
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
    whole with no attribution."""
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


def day(value: dt.date | None, *, empty: str = DASH) -> str:
    """A date as printed: 22 Nov 2026."""
    if value is None:
        return empty
    return f"{value.day} {value.strftime('%b')} {value.year}"


def long_day(value: dt.date) -> str:
    """A date written out: 22 November 2026."""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def money(amount: float | None, currency: str, *, empty: str = DASH) -> str:
    """An amount in the book's currency: $120,000; 120,000 CHF for a currency without a sign."""
    if amount is None:
        return empty
    sign = CURRENCY_SIGNS.get(currency.upper())
    whole = round(amount)
    shown = f"{abs(whole):,}" if abs(amount - whole) < 0.005 else f"{abs(amount):,.2f}"
    minus = "−" if amount < 0 else ""
    return f"{minus}{sign}{shown}" if sign else f"{minus}{shown} {currency.upper()}"


def number(value: float | None, unit: str | None = None, *, empty: str = DASH) -> str:
    """A measured value with its unit: 82%, 1,250 users, 4.5 days."""
    if value is None:
        return empty
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    unit_text = one_line(unit)
    if not unit_text:
        return shown
    if unit_text in ("%", "x", "×") or unit_text.startswith("%"):
        return f"{shown}{unit_text}"
    if unit_text in CURRENCY_SIGNS.values():
        return f"{unit_text}{shown}"
    return f"{shown} {unit_text}"


def percent(value: float | None, *, digits: int = 1, empty: str = DASH) -> str:
    """A percentage: 92.0%."""
    if value is None:
        return empty
    return f"{value:.{digits}f}%"


def score(value: float | None, *, empty: str = DASH) -> str:
    """A 0–100 score with one decimal."""
    return empty if value is None else f"{value:.1f}"


def signed(value: float | None, *, digits: int = 1, empty: str = DASH) -> str:
    """A change with its sign: +3.2, −4.0."""
    if value is None:
        return empty
    text = f"{value:+.{digits}f}"
    return text.replace("-", "−")


def join_names(names: Iterable[str], *, empty: str = DASH) -> str:
    """Names joined as in a sentence: A, B and C."""
    items = [one_line(n) for n in names if has_text(n)]
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def days_phrase(days: int) -> str:
    """How far a date is: "in 54 days", "today", "12 days ago"."""
    if days == 0:
        return "today"
    if days > 0:
        return f"in {plural(days, 'day')}"
    return f"{plural(-days, 'day')} ago"
