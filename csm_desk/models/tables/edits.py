"""The edit journal: what each write changed, kept as history of the book.

Each write is a step (numbered by its first entry's id); an undo's entries name the step they
undo. One row per table and kind of change per account in one write: which account, which table and
row (``rows`` counts them when one write changed many of one table), added, changed or deleted,
the names of the fields changed, the artifacts the write refreshed, when, the step's name, and
whether it was an undo or a redo. Values themselves are not kept: the rows hold them.

The journal is not content a person typed: it is not edited, searched, stamped, scanned for
damage or part of undo (undoing a step adds an entry saying so), and whole-book comparisons
leave it out. It has no foreign keys, so it outlives the rows it names.
"""

import datetime as dt

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel


class EditJournal(SQLModel, table=True):
    """One entry of the edit journal."""

    __tablename__ = "edit_journal"

    id: int | None = Field(default=None, primary_key=True)
    step: int
    undoes: int | None = None
    at: dt.datetime = Field(sa_type=DateTime)
    account_id: int | None = Field(default=None, index=True)
    tbl: str
    row_id: int | None = None
    rows: int = 1
    kind: str
    fields: str = ""
    artifacts: str = ""
    via: str = ""
    label: str = ""


HISTORY_TABLES: tuple[type[SQLModel], ...] = (EditJournal,)
