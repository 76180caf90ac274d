"""Which backups of a book rotation keeps (grandfather-father-son), as a pure rule.

The newest backup of each of the last ``daily`` days, of each of the last ``weekly`` ISO weeks
and of each of the last ``monthly`` months is kept (today, this week and this month counting as
the first), with the ``newest`` newest of any reason. The numbers are book settings
(``backup_keep_daily``, ``backup_keep_weekly``, ``backup_keep_monthly``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csm_desk.engine.settings import BookSettings

if TYPE_CHECKING:
    from csm_desk.models.backups import Backup

KEEP_NEWEST = 5  # the newest backups kept whatever their day


@dataclass(frozen=True)
class Keep:
    """How many backups rotation keeps (``BookSettings``: ``backup_keep_*``)."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    newest: int = KEEP_NEWEST

    @classmethod
    def from_settings(cls, settings: BookSettings) -> Keep:
        """How many daily, weekly and monthly backups the book's settings keep."""
        return cls(
            daily=settings.days("backup_keep_daily"),
            weekly=settings.days("backup_keep_weekly"),
            monthly=settings.days("backup_keep_monthly"),
        )


def _months_back(day: dt.date, count: int) -> set[tuple[int, int]]:
    months = set()
    year, month = day.year, day.month
    for _ in range(count):
        months.add((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def _iso_week(day: dt.date) -> tuple[int, int]:
    year, week, _weekday = day.isocalendar()
    return year, week


def to_keep(backups: Iterable[Backup], keep: Keep, today: dt.date) -> set[Path]:
    """The backups rotation keeps: the newest of each of the last ``keep.daily`` days, of each
    of the last ``keep.weekly`` ISO weeks and of each of the last ``keep.monthly`` months
    (today's counting as the first), the ``keep.newest`` newest of any day, and every damaged
    book set aside or backup dated after ``today`` (a clock that was set wrong never costs a
    backup).
    """
    ordered = sorted(backups, key=lambda b: (b.taken_at, b.path.name), reverse=True)
    kept = {b.path for b in ordered[: max(keep.newest, 0)]}
    kept |= {b.path for b in ordered if b.damaged or b.taken_at.date() > today}
    days = {today - dt.timedelta(days=i) for i in range(max(keep.daily, 0))}
    weeks = {_iso_week(today - dt.timedelta(weeks=i)) for i in range(max(keep.weekly, 0))}
    months = _months_back(today, max(keep.monthly, 0))
    slots: list[tuple[Callable[[dt.date], object], set[object]]] = [
        (lambda d: d, set(days)),
        (_iso_week, set(weeks)),
        (lambda d: (d.year, d.month), set(months)),
    ]
    for slot_of, wanted in slots:
        for backup in ordered:
            day = backup.taken_at.date()
            if day > today or backup.damaged:
                continue
            slot = slot_of(day)
            if slot in wanted:
                wanted.discard(slot)
                kept.add(backup.path)
    return kept
