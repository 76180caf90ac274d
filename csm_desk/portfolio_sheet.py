"""The portfolio as a sheet for a spreadsheet: every portfolio column as typed values (numbers
as numbers, dates as dates), written as CSV or XLSX, or as tab-separated text to paste.

Used by ``csm-desk report --format csv|xlsx``, File ▸ Export portfolio… and the portfolio's
copy. Text that a spreadsheet would read as a formula (it begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a single quote before it, so an account
named ``=HYPERLINK(…)`` stays text wherever the file is opened.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from csm_desk.engine.summary import AccountSummary

Cell = str | float | int | dt.date | None

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS: tuple[str, ...] = (
    "Account",
    "CRM id",
    "Segment",
    "Currency",
    "ARR",
    "Health",
    "Health band",
    "30-day trend",
    "Renewal date",
    "Days to renewal",
    "Renewal phase",
    "Renewal probability",
    "Forecast ARR",
    "Red alerts",
    "Amber alerts",
    "Discipline %",
    "Churned",
)
_MONEY = {"ARR", "Forecast ARR"}
_DATES = {"Renewal date"}
# Characters an XLSX file cannot hold (XML 1.0 control characters).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class SheetError(Exception):
    """The sheet cannot be written; ``str()`` is the one line to show."""


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet keeps it: a quote before a leading ``= + - @``, tab or CR.

    >>> neutralise("=1+2"), neutralise("Acme")
    ("'=1+2", 'Acme')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(float(value), places)


def account_row(result: AccountSummary, currency: str) -> tuple[Cell, ...]:
    """One account's cells, in the order of ``COLUMNS``."""
    phase = result.phase
    return (
        result.name,
        result.crm_id or None,
        result.shown_segment.label,
        currency,
        _round(result.arr, 2),
        _round(result.score, 1),
        result.band.label,
        _round(result.trend_30d, 1),
        result.renewal_day,
        result.days_to_renewal,
        phase.label if phase else None,
        _round(result.renewal_probability, 4),
        _round(result.forecast_arr, 2),
        result.red_alerts,
        result.amber_alerts,
        _round(result.discipline, 1),
        "yes" if result.churned else "no",
    )


def sheet_rows(results: Iterable[AccountSummary], currency: str) -> list[tuple[Cell, ...]]:
    """The rows of ``results`` in the order given (the caller's filter and sort)."""
    return [account_row(r, currency) for r in results]


def _text_cell(value: Cell) -> str:
    """A cell as CSV or clipboard text: numbers plain, dates ISO, unknown empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def tab_separated(rows: Sequence[Sequence[Cell]], *, header: bool = True) -> str:
    """Rows as tab-separated lines for the clipboard (tabs and line breaks inside a cell
    become spaces, so every row stays one line)."""
    lines = [list(COLUMNS)] if header else []
    for row in rows:
        lines.append([re.sub(r"[\t\r\n]+", " ", _text_cell(v)) for v in row])
    return "".join("\t".join(line) + "\n" for line in lines)


def csv_bytes(rows: Sequence[Sequence[Cell]]) -> bytes:
    """The sheet as CSV: UTF-8 with a byte-order mark, so Excel reads accented names right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_text_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: Sequence[Sequence[Cell]], *, title: str = "Portfolio") -> bytes:
    """The sheet as an Excel workbook: typed cells, dates as dates, a frozen header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values: list[Cell] = []
        for value in row:
            if isinstance(value, str):
                value = neutralise(_NOT_XML.sub("", value))
            values.append(value)
        sheet.append(values)
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        if name in _DATES:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"
        elif name in _MONEY:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "#,##0"
        sheet.column_dimensions[letter].width = max(12, min(40, len(name) + 4))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_format(path: Path, chosen: str | None = None) -> str:
    """``csv`` or ``xlsx``: ``chosen`` when given, else from the file's suffix."""
    kind = (chosen or path.suffix.removeprefix(".")).lower()
    if kind not in FORMATS:
        raise SheetError(f"{path.name}: write the portfolio as .csv or .xlsx")
    return kind


def write_sheet(
    path: Path,
    results: Iterable[AccountSummary],
    currency: str,
    kind: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> int:
    """Write ``results`` (in their order) to ``path`` as CSV or XLSX; returns the row count.
    ``progress`` hears how far it got (a fraction and words).

    The file appears whole or not at all: it is written beside ``path`` and moved into place.
    """
    kind = sheet_format(path, kind)
    rows = sheet_rows(results, currency)
    if progress is not None:
        progress(0.3, f"Laying out {len(rows):,} accounts for {path.name}…")
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)
    if progress is not None:
        progress(0.8, f"Writing {path.name}…")
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=".portfolio-", suffix="." + kind, dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)  # as an ordinary new file, not mkstemp's owner-only
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(rows)
