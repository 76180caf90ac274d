"""Tables the program derives from the rest of the book and can always rebuild: never a source
of truth for anything a person typed, not part of undo, salvage or damage checks.

``account_stamp`` counts the writes to each account's rows (triggers bump it in the same
transaction as the write); ``account_result`` holds each account's scored summary with the
counter value, the day and the scoring it was computed with, and is used only while all three
still match.
"""

from sqlmodel import Field, SQLModel


class AccountStamp(SQLModel, table=True):
    """How many writes an account's rows have had."""

    __tablename__ = "account_stamp"

    account_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    n: int


class StoredResult(SQLModel, table=True):
    """An account's scored summary (``engine.summary``), as JSON, and what it was computed
    from: the counter value, the as-of day and the scoring (settings and code)."""

    __tablename__ = "account_result"

    account_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    stamp: int
    as_of: str
    computed_with: str
    data: str


DERIVED_TABLES: tuple[type[SQLModel], ...] = (AccountStamp, StoredResult)
