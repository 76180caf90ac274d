"""What makes a file a CSM Desk book of this version's format, with nothing heavier than
``sqlite3`` behind it (the window reads a book's stored results before anything else loads).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

APPLICATION_ID = 0x43534D44  # "CSMD"
# The newest Alembic revision shipped in models/migrations: the one number a new migration
# bumps. Revisions are numbered 0001, 0002, … and the book format version (PRAGMA user_version)
# is the head read as a number (tests/models/test_schema.py keeps both true).
HEAD_REVISION = "0005"
SCHEMA_VERSION = int(HEAD_REVISION)


class BookError(Exception):
    """A book cannot be used; ``str()`` is one line fit to show a person."""


def raw_connection(conn: sqlite3.Connection | Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``conn`` (itself when it is one already)."""
    if isinstance(conn, sqlite3.Connection):
        return conn
    return cast(sqlite3.Connection, conn.connection.driver_connection)


__all__ = ["APPLICATION_ID", "HEAD_REVISION", "SCHEMA_VERSION", "BookError", "raw_connection"]
