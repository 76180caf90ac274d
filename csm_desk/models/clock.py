"""Today's date for the book: the real date, or ``CSM_DESK_TODAY`` (YYYY-MM-DD) when set."""

from __future__ import annotations

import datetime as dt
import os


class ClockError(ValueError):
    """A date or a clock setting that cannot be read, with what was wrong."""


def parse_day(text: str, *, what: str = "date") -> dt.date:
    """A YYYY-MM-DD date, or a ``ClockError`` naming what was wrong."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(f"{what} {text!r} is not a date of the form YYYY-MM-DD") from None


def today() -> dt.date:
    """The as-of date: ``CSM_DESK_TODAY`` when set, else the real date."""
    override = os.environ.get("CSM_DESK_TODAY", "").strip()
    if override:
        return parse_day(override, what="CSM_DESK_TODAY")
    return dt.date.today()


def now() -> dt.datetime:
    """The current time on ``today()``, to the second."""
    clock = dt.datetime.now().replace(microsecond=0)
    return dt.datetime.combine(today(), clock.time())
