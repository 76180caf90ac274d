"""What a salvage did, table by table: rows copied, rows lost (and why), values cleared."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from csm_desk.models.damage import BadValue


@dataclass(frozen=True)
class LostRow:
    """A row of the damaged book that is not in the salvaged one, and why."""

    table: str
    row: int
    reason: str


@dataclass(frozen=True)
class ClearedValue:
    """A value that was cleared (or reset to its default) so that its row could be kept."""

    bad: BadValue
    now: object

    def __str__(self) -> str:
        now = "now empty" if self.now is None else f"now {self.now!r} (the default)"
        return f"{self.bad}; {now}"


@dataclass
class TableSalvage:
    """What happened to one table's rows.

    Attributes:
        table: the table's name.
        copied: rows written to the salvaged book.
        unreadable: ids of rows that could not be read (known from a readable index).
        unreadable_spans: stretches of ids, ``(first, last)`` inclusive, that could not be read
            where no index could say which rows were there (``None``: no bound).
        dropped: readable rows left out (a bad required value, or a reference to a lost row).
        cleared: values cleared so their rows could be kept.
        reason: SQLite's words for why pages could not be read.
    """

    table: str
    copied: int = 0
    unreadable: list[int] = field(default_factory=list)
    unreadable_spans: list[tuple[int | None, int | None]] = field(default_factory=list)
    dropped: list[LostRow] = field(default_factory=list)
    cleared: list[ClearedValue] = field(default_factory=list)
    reason: str | None = None

    @property
    def lost(self) -> int:
        """Rows known to be lost (unreadable or dropped); spans may hide more."""
        return len(self.unreadable) + len(self.dropped)


@dataclass(frozen=True)
class SalvageReport:
    """What a salvage copied, lost and cleared, table by table; ``str()`` is readable lines."""

    source: Path
    out: Path
    tables: tuple[TableSalvage, ...]
    notes: tuple[str, ...] = ()

    @property
    def rows_copied(self) -> int:
        """Rows copied into the salvaged book, over every table."""
        return sum(t.copied for t in self.tables)

    @property
    def rows_lost(self) -> int:
        """Rows that could not be read, over every table."""
        return sum(t.lost for t in self.tables)

    @property
    def values_cleared(self) -> int:
        """Values that could not be read and were cleared in copied rows."""
        return sum(len(t.cleared) for t in self.tables)

    @property
    def complete(self) -> bool:
        """Every row was copied, with nothing cleared."""
        return not (
            self.rows_lost or self.values_cleared or any(t.unreadable_spans for t in self.tables)
        )

    def table(self, name: str) -> TableSalvage:
        """The salvage of the table called ``name``."""
        return next(t for t in self.tables if t.table == name)

    def lines(self) -> Iterator[str]:
        """The report as lines of text, as ``salvage`` prints it."""
        more = (
            " (and an unknown number more)" if any(t.unreadable_spans for t in self.tables) else ""
        )
        yield (
            f"Salvaged {self.source} into {self.out}: {self.rows_copied:,} rows copied, "
            f"{self.rows_lost:,} lost{more}, {self.values_cleared:,} values cleared"
        )
        shown = [t for t in self.tables if t.copied or t.lost or t.cleared or t.unreadable_spans]
        width = max((len(t.table) for t in shown), default=0)
        for t in shown:
            unknown = " +?" if t.unreadable_spans else ""
            yield (
                f"  {t.table.ljust(width)}  {t.copied:>8,} copied  {t.lost:>6,}{unknown} lost  "
                f"{len(t.cleared):>6,} cleared"
            )
        lost = [line for t in self.tables for line in _lost_lines(t)]
        if lost:
            yield "Lost rows:"
            yield from (f"  {line}" for line in lost)
        cleared = [str(c) for t in self.tables for c in t.cleared]
        if cleared:
            yield "Cleared values:"
            yield from (f"  {line}" for line in cleared)
        yield from self.notes

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _ranges(ids: Iterable[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"rows 3–5, 9"``."""
    ordered = sorted(set(ids))
    parts: list[str] = []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ("row " if len(ordered) == 1 else "rows ") + ", ".join(parts)


def _lost_lines(t: TableSalvage) -> Iterator[str]:
    why = f" ({t.reason})" if t.reason else ""
    if t.unreadable:
        yield f"table {t.table}, {_ranges(t.unreadable)}: unreadable{why}"
    for first, last in t.unreadable_spans:
        if first is None and last is None:
            span = "every row"
        elif first is None:
            span = f"rows up to {last} (how many is not known)"
        elif last is None:
            span = f"rows from {first} on (how many is not known)"
        else:
            span = f"rows {first}–{last} (how many is not known)"
        yield f"table {t.table}, {span}: unreadable{why}"
    by_reason: dict[str, list[int]] = defaultdict(list)
    for row in t.dropped:
        by_reason[row.reason].append(row.row)
    for reason, rows in by_reason.items():
        yield f"table {t.table}, {_ranges(rows)}: dropped: {reason}"


__all__ = ["ClearedValue", "LostRow", "SalvageReport", "TableSalvage"]
