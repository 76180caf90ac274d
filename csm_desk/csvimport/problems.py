"""What is wrong with an import file, said the way a spreadsheet user can find it.

Row numbers count physical records as a spreadsheet shows them: the header is row 1, the first
data record row 2, and a quoted cell holding line breaks is still one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the file.

    Attributes:
        row: the spreadsheet row (header = 1), or None for the file or a whole column.
        column: the column's header as written in the file, or None for a whole row.
        message: what is wrong, in words.
    """

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRefused(Exception):
    """The file cannot be imported at all (unreadable, empty, a column missing…).

    ``str()`` is one line fit to show a person.
    """


class SheetRefused(ImportRefused):
    """A workbook's sheet cannot be imported (missing, or without the data): the workbook's
    sheets come with the refusal so another can be chosen.

    Attributes:
        sheet_name: the sheet that was read ("" when the one asked for is missing).
        sheets: every sheet of the workbook, in tab order.
    """

    def __init__(self, message: str, sheet_name: str, sheets: tuple[str, ...]) -> None:
        super().__init__(message)
        self.sheet_name = sheet_name
        self.sheets = sheets


def sort_problems(problems: list[Problem], headers: Sequence[str] = ()) -> list[Problem]:
    """File- and column-level problems first, then by row, then by the column's place."""
    place = {h: i for i, h in reversed(list(enumerate(headers)))}

    def key(p: Problem) -> tuple[bool, int, int]:
        return (p.row is not None, p.row or 0, place.get(p.column or "", -1))

    return sorted(problems, key=key)
