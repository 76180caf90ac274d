"""Excel workbooks (.xlsx) read directly: one sheet's cells (the active one unless a sheet is
named) as the text a CSV export of it would hold, so the same header detection, column
matching and checks apply.

openpyxl reads them (already the portfolio export's library, pure Python, and it exposes each
cell's number format, which tells a percentage from a plain number); it is imported only when a
workbook is imported. Cells become text as a spreadsheet shows them: dates as ISO dates, whole
numbers without ".0", percentages as ``68%``, formulas as their last computed value.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from csm_desk.csvimport.problems import ImportRefused, SheetRefused

ENCODING = "xlsx"


def is_workbook(data: bytes) -> bool:
    """Whether bytes are an Office Open XML workbook (a ZIP holding ``xl/workbook.xml``)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def cell_text(value: Any, number_format: str = "General") -> str:
    """One cell's value as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in number_format:
            return f"{value * 100:.10g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return f"{value:.15g}" if isinstance(value, float) else str(value)
    return str(value).strip()


def _rows(sheet: Any) -> Iterator[list[str]]:
    for row in sheet.iter_rows():
        yield [cell_text(c.value, getattr(c, "number_format", "General")) for c in row]


@dataclass(frozen=True)
class WorkbookSheet:
    """One sheet of a workbook read as text.

    Attributes:
        rows: its rows' cells as text (blank rows at the end left out).
        title: the sheet's name.
        sheets: the names of every worksheet of the workbook, in tab order.
    """

    rows: list[list[str]]
    title: str
    sheets: tuple[str, ...]


def listed(names: tuple[str, ...] | list[str]) -> str:
    """Sheet names quoted for a message: '"Renewals", "Churned" and "Notes"'."""
    quoted = [f'"{n}"' for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def pick_sheet(sheets: tuple[str, ...], wanted: str, name: str) -> str:
    """The sheet of ``sheets`` that ``wanted`` names: exactly, else the one sheet whose name
    is the same but for case and surrounding spaces; ``ImportRefused`` naming the sheets
    there are when there is none."""
    if wanted in sheets:
        return wanted
    near = [s for s in sheets if s.strip().casefold() == wanted.strip().casefold()]
    if len(near) == 1:
        return near[0]
    one = "its only sheet is" if len(sheets) == 1 else "its sheets are"
    raise SheetRefused(
        f'{name} has no sheet "{wanted}"; {one} {listed(sheets)} (give one with --sheet)',
        "",
        sheets,
    )


def read_workbook(data: bytes, name: str, sheet_name: str | None = None) -> WorkbookSheet:
    """The rows of the sheet ``sheet_name`` (None: the active sheet) as text, with the
    sheet's name and every sheet's; ``ImportRefused`` when there is no such sheet."""
    try:
        # By name: its typing is configured where the project declares it.
        openpyxl = importlib.import_module("openpyxl")
    except ImportError:
        raise ImportRefused(
            f"{name} is an Excel workbook and the Excel reader is not installed; save it as "
            "CSV and import that"
        ) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportRefused(f"{name} is an Excel workbook that cannot be read ({exc})") from None
    try:
        sheets = tuple(str(s.title) for s in book.worksheets)
        if sheet_name is not None:
            sheet = book[pick_sheet(sheets, sheet_name, name)]
        else:
            active = book.active
            # A chart sheet can be the active one: it holds no cells, so read the first sheet.
            sheet = active if active in book.worksheets else book.worksheets[0]
        rows = list(_rows(sheet))
        title = str(sheet.title)
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    return WorkbookSheet(rows, title, sheets)
