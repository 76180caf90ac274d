"""A process that holds a book open for writing and edits it on command, for tests that kill it.

Run as ``python book_writer_child.py BOOK``; it reads one command a line from stdin and answers
each with one line on stdout:

- ``open``: open the book for writing (``opened PID``);
- ``arr NAME VALUE``: set an account's ARR through ``Writer`` (``ok``);
- ``notes NAME TEXT``: set an account's internal notes through ``Writer`` (``ok``);
- ``open-again``: open the same book a second time and close that (``shared True`` when the
  second open shared the first);
- ``close``: close the book (``closed``).

A command that fails answers ``error …``. The process is meant to be killed; it never exits on
its own until stdin closes.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any


def _answer(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _set(book: Any, name: str, values: dict[str, Any]) -> None:
    from csm_desk.models.ops import SetFields
    from csm_desk.models.writer import Writer

    with book.engine.connect() as conn:
        (account_id,) = conn.exec_driver_sql("SELECT id FROM account WHERE name = ?", (name,)).one()
    Writer(book, now=lambda: dt.datetime(2026, 11, 22, 9, 0)).run(
        SetFields("account", {"id": account_id}, values)
    )


def main() -> int:
    from csm_desk.models.bookfile import BookFile

    path = Path(sys.argv[1])
    book: Any = None
    for raw in sys.stdin:
        command, _, rest = raw.strip().partition(" ")
        try:
            if command == "open":
                book = BookFile.open(path, access="write", program="test writer")
                _answer(f"opened {os.getpid()}")
            elif command == "arr":
                name, _, value = rest.rpartition(" ")
                _set(book, name, {"arr": float(value)})
                _answer("ok")
            elif command == "notes":
                name, _, text = rest.partition("|")
                _set(book, name, {"internal_notes": text})
                _answer("ok")
            elif command == "open-again":
                again = BookFile.open(path, access="write", program="test writer")
                shared = again is book
                again.close()
                _answer(f"shared {shared}")
            elif command == "close":
                book.close()
                book = None
                _answer("closed")
            else:
                _answer(f"error unknown command {command!r}")
        except Exception as exc:
            _answer(f"error {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
