"""Dates and signed numbers as a person writes them, for every message the program composes.

The engine's alert and discipline messages, the reports and the documents all print dates
through ``date_words`` ("9 Feb 2027", or "9 February 2027" written out) and negative numbers
with the one minus sign U+2212, so no message shows an ISO date or a hyphen for a minus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

MINUS = "\u2212"

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_words(value: dt.date, *, full: bool = False) -> str:
    """A date in words, always with its year: ``9 Feb 2027`` (``9 February 2027`` if full).

    Month names are spelled here rather than by ``strftime`` so the words do not depend on
    the process's C locale.
    """
    month = _MONTHS[value.month - 1]
    return f"{value.day} {month if full else month[:3]} {value.year}"


def with_minus(text: str) -> str:
    """``text`` with each hyphen that stands before a digit as a minus sign turned into U+2212
    (a hyphen inside a word or a range, as in "30-day" or "2-3", is kept)."""
    out = []
    for i, char in enumerate(text):
        if (
            char == "-"
            and i + 1 < len(text)
            and text[i + 1].isdigit()
            and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "-_/."))
        ):
            out.append(MINUS)
        else:
            out.append(char)
    return "".join(out)


def signed(value: float, digits: int = 1) -> str:
    """A change with its sign: +3.2, −4.0 (the minus sign, not a hyphen)."""
    return f"{value:+.{digits}f}".replace("-", MINUS)


def plural(n: int, word: str) -> str:
    """``n`` and the word, with an s unless n is 1: "1 milestone", "3 milestones"."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def first_few(items: Sequence[str], limit: int = 3) -> str:
    """The first ``limit`` items, then how many more: "A, B, C and 2 more"."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def shortened(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
