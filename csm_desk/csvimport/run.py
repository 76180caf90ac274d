"""``csm-desk import KIND FILE`` (accounts, contacts, signals, arr, expansions): plan, then
write all or nothing.

Every problem in the file is printed (``row N, column "X": what is wrong``) and nothing is
written; otherwise the whole file is written through one op in one transaction and a summary
says what was created, updated and left unchanged. A book that does not exist yet is created
only once the file is known to be good; a book that exists is backed up (a verified
copy, see ``models.backups``) before anything is written to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from csm_desk.csvimport.convert import ReadOptions
from csm_desk.csvimport.dates import parse_date_format
from csm_desk.csvimport.numbers import parse_decimal_mark
from csm_desk.csvimport.plan import ImportPlan, plan_import
from csm_desk.csvimport.problems import ImportRefused
from csm_desk.csvimport.textfile import parse_delimiter, parse_encoding
from csm_desk.csvimport.words import parse_value_maps
from csm_desk.models.backups import BEFORE_IMPORT, take_backup
from csm_desk.models.bookfile import BookFile, describe_failure
from csm_desk.models.writer import Writer

EXIT_OK = 0
EXIT_FAILED = 1
# How long an import waits for another program to finish with the book before it refuses.
WRITER_WAIT = 5.0


def options_from(args: argparse.Namespace) -> ReadOptions:
    """The reading options a command line asked for; ``ImportRefused`` when one is wrong."""
    try:
        options = ReadOptions(
            date_order=parse_date_format(getattr(args, "date_format", None)),
            decimal_mark=parse_decimal_mark(getattr(args, "decimal", None)),
            delimiter=parse_delimiter(getattr(args, "delimiter", None)),
            maps=tuple(getattr(args, "map", None) or ()),
            encoding=parse_encoding(getattr(args, "encoding", None)),
            value_maps=tuple(getattr(args, "map_value", None) or ()),
            sheet=getattr(args, "sheet", None),
        )
        parse_value_maps(options.value_maps)
        return options
    except ValueError as exc:
        raise ImportRefused(str(exc)) from None


def _fail(message: str) -> int:
    print(f"csm-desk: {message}", file=sys.stderr)
    return EXIT_FAILED


def _report_problems(plan: ImportPlan) -> int:
    count = len(plan.problems)
    noun = "problem" if count == 1 else "problems"
    print(
        f"csm-desk: {plan.source.name} was not imported ({count} {noun}); "
        "nothing in the book was changed:",
        file=sys.stderr,
    )
    for problem in plan.problems:
        print(str(problem), file=sys.stderr)
    return EXIT_FAILED


def _remove_new_book(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)


def _not_written(file: Path, book_path: Path, exc: BaseException) -> str:
    """One line for a write the book refused: the disk's words when it was the disk (full,
    read-only), else the first line of the error (SQLAlchemy's run over several)."""
    reason = describe_failure(exc, book_path) if isinstance(exc, SQLAlchemyError) else None
    if reason is not None:
        return f"{file.name} could not be written: {reason}"
    detail = str(getattr(exc, "orig", None) or exc).splitlines()
    return f"{file.name} could not be written; nothing was changed ({detail[0] if detail else exc})"


def _write(plan: ImportPlan, book: BookFile, as_of: dt.date) -> None:
    def now() -> dt.datetime:
        return dt.datetime.combine(as_of, dt.datetime.now().time().replace(microsecond=0))

    Writer(book, now=now).run(plan.op())


def run_import(args: argparse.Namespace, book_path: Path, as_of: dt.date) -> int:
    """Run the import command; returns the exit code."""
    file = Path(args.file).expanduser()
    try:
        options = options_from(args)
    except ImportRefused as exc:
        return _fail(str(exc))
    exists = book_path.exists()
    if not exists and args.kind != "accounts":
        return _fail(
            f"no book at {book_path} yet; import accounts first ({args.kind} belong to accounts)"
        )
    book = (
        BookFile.open(book_path, access="write", wait=WRITER_WAIT, program="csm-desk import")
        if exists
        else None
    )
    try:
        try:
            plan = plan_import(book, args.kind, file, options)
        except ImportRefused as exc:
            return _fail(f"{file.name}: {exc}" if not str(exc).startswith(file.name) else str(exc))
        if not plan.ok:
            return _report_problems(plan)
        created_book = False
        if plan.changes_anything:
            if book is None:
                book = BookFile.create(book_path)
                created_book = True
            else:
                take_backup(book, BEFORE_IMPORT)
            try:
                _write(plan, book, as_of)
            except BaseException as exc:
                if created_book:
                    book.close()
                    book = None
                    _remove_new_book(book_path)
                if isinstance(exc, SQLAlchemyError | LookupError | ValueError):
                    return _fail(_not_written(file, book_path, exc))
                raise
    finally:
        if book is not None:
            book.close()
    if plan.changes_anything:
        print(f"Imported {args.kind} into {book_path}" + (" (a new book)" if created_book else ""))
    else:
        print(f"Nothing to change in {book_path}: it already holds every row of {file.name}")
    print(plan.summary())
    return EXIT_OK
