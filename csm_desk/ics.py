"""Writing the book's calendar as an iCalendar file (RFC 5545) with the icalendar library.

Every entry is an all-day event that does not block time, with the UID the engine gave it
(``engine.agenda``), so importing the file again updates the events instead of adding copies.
The file is written beside its target and moved into place in one step: a failure (a folder that
is not there, a full disk) leaves no partial file, and a file exported before stays as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from icalendar import Calendar, Event

from csm_desk import APP_NAME, __version__
from csm_desk.engine.agenda import CalendarEntry


class CalendarError(Exception):
    """The calendar cannot be written; ``str()`` is one line fit to show a person."""


def build_calendar(entries: Sequence[CalendarEntry], stamp: dt.datetime, owner: str = "") -> bytes:
    """The iCalendar text of ``entries``; ``stamp`` (UTC) is every event's DTSTAMP."""
    cal = Calendar()
    cal.add("prodid", f"-//{APP_NAME}//{APP_NAME} {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{APP_NAME}: {owner}'s book" if owner else APP_NAME)
    stamp = stamp.astimezone(dt.UTC).replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("categories", [entry.category])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(data: bytes, out: Path) -> Path:
    """Write ``data`` to ``out`` (replacing a calendar exported there before) in one step."""
    if out.suffix.lower() != ".ics":
        raise CalendarError(f"{out} must end in .ics")
    if out.is_dir():
        raise CalendarError(f"{out} is a folder")
    if not out.parent.is_dir():
        raise CalendarError(f"{out.parent} is not a folder")
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, out)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CalendarError(f"could not write {out}: {reason}; nothing was written") from None
    finally:
        partial.unlink(missing_ok=True)
    return out
