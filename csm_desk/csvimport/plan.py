"""Planning an import: read the file, check every row, and work out what would change.

``plan_import`` writes nothing. Its ``ImportPlan`` lists every problem (an import with any
problem imports nothing), counts what would be created, updated and left unchanged, and gives
the whole import as one ``Op`` for ``Writer.run`` (one transaction, one undo step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Connection

from csm_desk.csvimport.columns import header_score, map_columns
from csm_desk.csvimport.convert import ParsedRow, ReadOptions, parse_rows
from csm_desk.csvimport.fieldsets import KINDS
from csm_desk.csvimport.kinds import (
    plan_accounts,
    plan_arr,
    plan_contacts,
    plan_expansions,
    plan_signals,
)
from csm_desk.csvimport.op import ImportOp, TableWrites
from csm_desk.csvimport.planning import Counts, KindOutcome, Planning, RowOutcome
from csm_desk.csvimport.problems import ImportRefused, Problem, SheetRefused, sort_problems
from csm_desk.csvimport.textfile import (
    DELIMITER_WORDS,
    Skipped,
    describe_skipped,
    encoding_name,
    other_sheets,
    read_sheet,
)
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import read_settings

# The currency ``BookFile.create`` gives a book the import creates.
NEW_BOOK_CURRENCY = "USD"

Planner = Callable[[list[ParsedRow], Planning, Connection | None], KindOutcome]


@dataclass
class ImportPlan:
    """A checked import, ready to write (when it has no problems).

    Attributes:
        kind: ``accounts``, ``contacts``, ``signals``, ``arr`` or ``expansions``.
        source: the file.
        rows_read: data records read.
        problems: every problem, in row order; any problem means nothing is imported.
        counts: per kind of row ("accounts", "signal readings"…), created/updated/unchanged.
        writes: the rows to insert and update.
        outcomes: what each good row does (create, update with which fields, unchanged).
        ignored_columns: headers that were read as no field.
        explained: ignored headers whose reason is said (an overall health score).
        encoding, delimiter: how the file was read.
        sheet_name: for a workbook, the sheet read.
        header_row: the spreadsheet row of the header.
        skipped: rows that are not data (titles, blank rows, totals, footers).
        notes: how the file was read where it was a choice (two-digit years, encoding).
        warnings: what the person should know but does not stop the import (a currency
            other than the book's, a name close to an existing account's).
    """

    kind: str
    source: Path
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    writes: list[TableWrites] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    explained: dict[str, str] = field(default_factory=dict)
    encoding: str = ""
    delimiter: str = ","
    header_row: int = 1
    sheet_name: str = ""
    skipped: tuple[Skipped, ...] = ()
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> Counts:
        out = Counts()
        for counts in self.counts.values():
            out += counts
        return out

    @property
    def created(self) -> int:
        return self.total.created

    @property
    def updated(self) -> int:
        return self.total.updated

    @property
    def unchanged(self) -> int:
        return self.total.unchanged

    @property
    def changes_anything(self) -> bool:
        return any(self.writes)

    def op(self) -> ImportOp:
        """The whole import as one op; refuses a plan with problems."""
        if self.problems:
            raise ValueError(f"{self.source.name} has {len(self.problems)} problems")
        return ImportOp(f"Import {self.kind} from {self.source.name}", self.writes)

    def summary(self) -> str:
        """One line per kind of row: created, updated, unchanged."""
        rows = f"{self.rows_read:,} row{'' if self.rows_read == 1 else 's'}"
        header = f", header in row {self.header_row}" if self.header_row != 1 else ""
        lines = [f"Read {rows} from {self.source.name} ({self.reading}{header})."]
        if self.skipped:
            count = len(self.skipped)
            lines.append(
                f"Skipped {count} row{'' if count == 1 else 's'} that are not data: "
                f"{describe_skipped(self.skipped)}."
            )
        lines.extend(self.notes)
        for label, counts in self.counts.items():
            lines.append(
                f"{label.capitalize()}: {counts.created:,} created, {counts.updated:,} updated, "
                f"{counts.unchanged:,} unchanged."
            )
        plain = [h for h in self.ignored_columns if h not in self.explained]
        if plain:
            names = ", ".join(f'"{h}"' for h in plain)
            lines.append(f"Columns not imported: {names}.")
        for header, why in self.explained.items():
            lines.append(f'Column "{header}" not imported: {why}.')
        lines.extend(f"Warning: {w}" for w in self.warnings)
        return "\n".join(lines)

    @property
    def reading(self) -> str:
        """How the file was read, e.g. "UTF-16, tab-separated"."""
        encoding = encoding_name(self.encoding)
        if self.sheet_name:
            return f'{encoding}, sheet "{self.sheet_name}"'
        return f"{encoding}, {DELIMITER_WORDS.get(self.delimiter, self.delimiter)}-separated"


_PLANNERS: dict[str, Planner] = {
    "accounts": plan_accounts,
    "contacts": plan_contacts,
    "signals": plan_signals,
    "arr": plan_arr,
    "expansions": plan_expansions,
}


def plan_import(
    book: BookFile | None, kind: str, file: Path, options: ReadOptions | None = None
) -> ImportPlan:
    """Read ``file`` as ``kind`` and check it against ``book`` (None: a book not created yet).

    Raises ``ImportRefused`` when the file cannot be read at all (missing, empty, a needed
    column absent); every row-level problem is collected in the plan instead.
    """
    options = options or ReadOptions()
    spec = KINDS.get(kind)
    if spec is None:
        raise ImportRefused(f"cannot import {kind!r}: choose one of {', '.join(KINDS)}")
    sheet = read_sheet(
        Path(file),
        options.delimiter,
        options.encoding,
        header_score(spec, options.maps),
        sheet_name=options.sheet,
    )
    try:
        columns = map_columns(sheet.headers, spec, options.maps)
    except ImportRefused as exc:
        if not sheet.sheets:
            raise
        raise SheetRefused(
            f"{exc}{other_sheets(sheet.sheet_name, sheet.sheets)}", sheet.sheet_name, sheet.sheets
        ) from None
    plan = ImportPlan(
        kind,
        Path(file),
        rows_read=len(sheet.records),
        ignored_columns=columns.ignored,
        explained=columns.explained,
        encoding=sheet.encoding,
        delimiter=sheet.delimiter,
        header_row=sheet.header_row,
        sheet_name=sheet.sheet_name,
        skipped=sheet.skipped,
    )
    parsed = parse_rows(sheet, columns, spec, options)
    if sheet.note:
        plan.notes.append(sheet.note)
    plan.notes.extend(parsed.notes)
    if parsed.undecided:
        plan.problems = sort_problems(parsed.problems, sheet.headers)
        return plan
    planning = Planning(columns, Path(file).name, list(parsed.problems))
    if book is None:
        book_currency = NEW_BOOK_CURRENCY
        outcome = _PLANNERS[kind](parsed.rows, planning, None)
    else:
        with book.engine.connect() as conn:
            book_currency = read_settings(conn)[1] or NEW_BOOK_CURRENCY
            outcome = _PLANNERS[kind](parsed.rows, planning, conn)
    for header, (code, where) in parsed.currencies.items():
        if code != book_currency:
            plan.warnings.append(
                f'column "{header}" has amounts in {code} ({where}) but the book counts in '
                f"{book_currency}; they are imported as written, not converted."
            )
    plan.warnings.extend(planning.warnings)
    # A wide file's readings share their record's account and date: say a problem once.
    plan.problems = sort_problems(list(dict.fromkeys(planning.problems)), sheet.headers)
    plan.counts = planning.counts(outcome.labels)
    plan.outcomes = planning.outcomes
    plan.writes = outcome.writes
    return plan
