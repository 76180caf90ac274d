"""What an import file looks like before it is checked: its header, first rows, and what each
column would be read as, with every choice a person can make for a column (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csm_desk.csvimport.columns import SIGNAL_COLUMN, guess_columns, header_score
from csm_desk.csvimport.convert import ReadOptions
from csm_desk.csvimport.fieldsets import KINDS
from csm_desk.csvimport.problems import ImportRefused
from csm_desk.csvimport.textfile import read_sheet
from csm_desk.engine.vocab import Component, SignalKey

IGNORE = "ignore"


@dataclass(frozen=True)
class FilePreview:
    """The top of a file and how its columns would be read.

    Attributes:
        headers: the header row's cells.
        header_row: its spreadsheet row.
        rows: the first data records' cells.
        guessed: per column, the field (or ``signal:KEY``) it would be read as, or None.
        choices: ``(value, label)`` pairs a column can be read as, ``ignore`` first.
        sheets: for a workbook, the names of its sheets (empty for a text file).
        sheet_name: for a workbook, the sheet read.
    """

    headers: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[str, ...], ...]
    guessed: tuple[str | None, ...]
    choices: tuple[tuple[str, str], ...]
    sheets: tuple[str, ...] = ()
    sheet_name: str = ""


def column_choices(kind: str) -> tuple[tuple[str, str], ...]:
    """What a column of a ``kind`` file can be read as: not imported, each field, and for
    signals each signal and component (one column per signal)."""
    spec = KINDS[kind]
    out = [(IGNORE, "(not imported)")]
    out += [(f.name, f.name.replace("_", " ").capitalize()) for f in spec.fields]
    if kind == "signals":
        out += [(SIGNAL_COLUMN + s.value, f"Signal: {s.label}") for s in SignalKey]
        out += [(SIGNAL_COLUMN + c.value, f"Override: {c.label}") for c in Component]
    return tuple(out)


def preview_file(kind: str, file: Path, options: ReadOptions, limit: int = 5) -> FilePreview:
    """The header, the first ``limit`` records and each column's reading; ``ImportRefused``
    when the file cannot be read at all."""
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
    return FilePreview(
        sheet.headers,
        sheet.header_row,
        tuple(r.cells for r in sheet.records[:limit]),
        tuple(guess_columns(sheet.headers, spec, options.maps)),
        column_choices(kind),
        sheet.sheets,
        sheet.sheet_name,
    )
