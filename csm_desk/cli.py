"""The headless commands: demo, import, report, export, handover, check, backups, restore, todo,
calendar, recap-mail, search.

Every command takes ``--book PATH`` and ``--today YYYY-MM-DD``, prints errors as one line on
stderr, and exits non-zero on failure without changing the book. Commands that write create the
book when it does not exist yet; commands that read refuse a missing file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from csm_desk import APP_NAME, __version__, paths

if TYPE_CHECKING:
    from csm_desk.csvimport.columns import KindSpec
    from csm_desk.engine.summary import BookSummary
    from csm_desk.models.bookfile import BookFile

EXIT_OK = 0
EXIT_FAILED = 1  # argparse itself exits with 2 on a usage error


# What `export` writes (csm_desk.export.DOCUMENTS has the same keys; listed here so that
# building the parser does not load python-docx).
EXPORT_DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("success-plan", "joint success plan, to agree with the customer"),
    ("onboarding-plan", "onboarding milestones, owners and first value"),
    ("recap", "one customer meeting's recap (the latest, or --meeting ID)"),
    ("qbr", "business review (the latest held, or --review ID)"),
    ("renewal-plan", "the renewal plan, customer version"),
    ("account-brief", "internal: the account on one page"),
    ("renewal-strategy", "internal: how the renewal will be won"),
)


class CommandError(Exception):
    """A command cannot do what was asked; ``str()`` is the one line to print."""


def _today_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date of the form YYYY-MM-DD") from None


def _days_arg(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if not 0 <= days <= 3660:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days from 0 to 3660")
    return days


def _limit_arg(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        limit = 0
    if not 1 <= limit <= 10_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hits from 1 to 10000")
    return limit


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--book",
        type=Path,
        default=argparse.SUPPRESS,
        help="the book file (default: your default book)",
    )
    common.add_argument(
        "--today",
        type=_today_arg,
        default=argparse.SUPPRESS,
        metavar="YYYY-MM-DD",
        help="look at the book as of this date (default: today, or CSM_DESK_TODAY)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="csm-desk",
        description=f"{APP_NAME}: your book of accounts, offline. "
        "With no command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", parents=[common], help="write the demo book")
    demo.set_defaults(run=cmd_demo)

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="import a CSV file into the book",
        description="Import a CSV file or Excel workbook into the book: all of it, or nothing "
        'when any row has a problem (each is listed as row N, column "X").',
        epilog=_import_words_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("kind", choices=list(_import_kinds()))
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=field",
        help="read the column HEADER as field, or 'ignore' it (repeatable); fields: "
        + "; ".join(f"{kind}: {', '.join(spec.names)}" for kind, spec in _import_kinds().items())
        + "; signals also take one column per signal, e.g. NPS=nps",
    )
    imp.add_argument(
        "--map-value",
        action="append",
        default=[],
        metavar="VALUE=key",
        help="read VALUE as key in a segment, role, signal, ARR-kind, lifecycle, stage or "
        'expansion-type column, e.g. "mid-touch=low_touch" (repeatable; the usual CRM words '
        "are known, see below)",
    )
    imp.add_argument(
        "--date-format",
        metavar="FMT",
        help="how dates are written: YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY or DD.MM.YYYY (MM/DD/YY "
        "and DD/MM/YY too; two-digit years 00-68 are 2000-2068, 69-99 are 1969-1999)",
    )
    imp.add_argument(
        "--sheet",
        metavar="NAME",
        help="the sheet of an Excel workbook to read (default: the one open when it was saved)",
    )
    imp.add_argument("--delimiter", metavar="CHAR", help="force the delimiter (',' ';' or 'tab')")
    imp.add_argument(
        "--encoding",
        metavar="NAME",
        help="the file's encoding (utf-8, cp1252, latin-1, utf-16…) when it is not the one read",
    )
    imp.add_argument(
        "--decimal",
        choices=["point", "comma"],
        help="the decimal mark of numbers, when the file leaves it open (1,200: 1200 or 1.2?)",
    )
    imp.set_defaults(run=cmd_import)

    rep = sub.add_parser("report", parents=[common], help="the book's health, renewals, alerts")
    rep.add_argument("--json", action="store_true", help="machine-readable output")
    from csm_desk.report_sheet import add_sheet_arguments

    add_sheet_arguments(rep)
    rep.add_argument(
        "--rescore",
        action="store_true",
        help="score every account afresh instead of using the results the book keeps",
    )
    rep.set_defaults(run=cmd_report)

    exp = sub.add_parser(
        "export",
        parents=[common],
        help="write a Word document for an account",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="documents:\n" + "\n".join(f"  {key:<18}{what}" for key, what in EXPORT_DOCUMENTS),
    )
    exp.add_argument("account", help="account name or CRM id")
    exp.add_argument(
        "document",
        help="the document to write: " + ", ".join(key for key, _what in EXPORT_DOCUMENTS),
    )
    exp.add_argument("-o", "--output", type=Path, required=True, help="the .docx file to write")
    exp.add_argument("--meeting", type=int, help="for a recap: the meeting id (default latest)")
    exp.add_argument(
        "--review",
        type=int,
        help="for a qbr: the review id, as report --json lists them (default: the latest held)",
    )
    exp.add_argument("--force", action="store_true", help="replace OUT.docx if it exists")
    exp.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="write a customer document even when its plan is missing or incomplete",
    )
    exp.set_defaults(run=cmd_export)

    hand = sub.add_parser("handover", parents=[common], help="copy the book for a successor")
    hand.add_argument("-o", "--output", type=Path, help="the successor's .csmbook copy")
    hand.add_argument("--to", default="", metavar="NAME", help="the successor's name")
    hand.add_argument(
        "--brief", type=Path, metavar="OUT.docx", help="also write the handover brief"
    )
    hand.set_defaults(run=cmd_handover)

    backups = sub.add_parser(
        "backups", parents=[common], help="the book's automatic backups, newest first"
    )
    backups.add_argument("--json", action="store_true", help="machine-readable output")
    backups.add_argument("--now", action="store_true", help="take a backup now, then list")
    backups.set_defaults(run=cmd_backups)

    restore = sub.add_parser(
        "restore", parents=[common], help="put a backup back in place of the book"
    )
    restore.add_argument("backup", metavar="BACKUP", help="a number from `backups`, or a path")
    restore.set_defaults(run=cmd_restore)

    todo = sub.add_parser(
        "todo", parents=[common], help="my follow-ups across the book, by when they are due"
    )
    todo.add_argument("--json", action="store_true", help="machine-readable output")
    todo.add_argument(
        "--days",
        type=_days_arg,
        default=30,
        metavar="N",
        help="list what falls due in the next N days (default 30; overdue items always)",
    )
    todo.set_defaults(run=cmd_todo)

    cal = sub.add_parser(
        "calendar",
        parents=[common],
        help="write renewals, reviews, due items and meetings as an .ics calendar",
    )
    cal.add_argument("-o", "--output", type=Path, required=True, help="the .ics file to write")
    cal.add_argument(
        "--days",
        type=_days_arg,
        default=120,
        metavar="N",
        help="the dates of the next N days (default 120)",
    )
    cal.set_defaults(run=cmd_calendar)

    mail = sub.add_parser(
        "recap-mail",
        parents=[common],
        help="write a meeting's recap as an e-mail draft (.eml) with the recap attached",
    )
    mail.add_argument("account", help="account name or CRM id")
    mail.add_argument(
        "--meeting", type=int, help="the meeting id (default: the latest customer meeting)"
    )
    mail.add_argument("-o", "--output", type=Path, required=True, help="the .eml file to write")
    mail.set_defaults(run=cmd_recap_mail)

    found = sub.add_parser(
        "search",
        parents=[common],
        help="find words in every note, recap, risk, plan and review of every account",
    )
    found.add_argument("text", nargs="+", metavar="TEXT", help="the words to look for")
    found.add_argument("--json", action="store_true", help="machine-readable output")
    found.add_argument(
        "--limit", type=_limit_arg, default=50, metavar="N", help="at most N hits (default 50)"
    )
    found.set_defaults(run=cmd_search)

    check = sub.add_parser(
        "check", parents=[common], help="integrity, schema version, counts, damaged values"
    )
    check.add_argument(
        "--repair", action="store_true", help="copy every readable row into a new book (-o)"
    )
    check.add_argument("-o", "--output", type=Path, help="with --repair: the new .csmbook")
    check.set_defaults(run=cmd_check)
    return parser


def book_path(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "book", None)
    return Path(chosen).expanduser() if chosen else paths.default_book()


def as_of(args: argparse.Namespace) -> dt.date:
    from csm_desk.models import clock

    chosen: dt.date | None = getattr(args, "today", None)
    return chosen or clock.today()


def _open_existing(args: argparse.Namespace) -> BookFile:
    """The book named by ``args``, to read: beside whoever has it open, seeing what they have
    committed."""
    from csm_desk.models.bookfile import BookFile

    return tell_notices(BookFile.open(book_path(args), access="read"))


def tell_notices(book: BookFile) -> BookFile:
    """Print what the person should know about how ``book`` was opened (a journal set aside)."""
    for notice in book.notices:
        if "read-only" not in notice:
            print(f"csm-desk: {notice}", file=sys.stderr)
    return book


def cmd_demo(args: argparse.Namespace) -> int:
    path = book_path(args)
    if path.exists():
        raise CommandError(f"{path} already exists; the demo book is only written to a new file")
    from csm_desk.models.demo import write_demo

    summary = write_demo(path, as_of(args))
    print(f"Wrote the demo book to {path}: {summary}")
    return EXIT_OK


def _import_words_help() -> str:
    """What ``import --help`` says below the options: the words read as each stage."""
    from csm_desk.csvimport.stages import stage_words

    return stage_words()


def _import_kinds() -> dict[str, KindSpec]:
    from csm_desk.csvimport.fieldsets import KINDS

    return KINDS


def cmd_import(args: argparse.Namespace) -> int:
    from csm_desk.csvimport.run import run_import

    return run_import(args, book_path(args), as_of(args))


def cmd_report(args: argparse.Namespace) -> int:
    from csm_desk.report_sheet import check_sheet_args, wants_sheet

    if wants_sheet(args):
        check_sheet_args(args)
    if not args.format and not args.rescore:
        from csm_desk.models.peek import sealed_look

        # A book unchanged since it was closed sound, with every result current: reported
        # from its stored results without opening it.
        look = sealed_look(book_path(args).absolute(), as_of(args))
        if look is not None:
            _print_report(args, look.book)
            return EXIT_OK
    from csm_desk.models.scored import load_scored

    with _open_existing(args) as book:
        result = load_scored(book, as_of(args), rescore=args.rescore).book
    if args.format:
        from csm_desk.report_sheet import write_report_sheet

        return write_report_sheet(args, result)
    _print_report(args, result)
    return EXIT_OK


def _print_report(args: argparse.Namespace, result: BookSummary) -> None:
    from csm_desk.report import report_json, report_json_text, report_text

    if args.json:
        sys.stdout.write(report_json_text(report_json(result)))
        sys.stdout.write("\n")
    else:
        print(report_text(result))


def cmd_export(args: argparse.Namespace) -> int:
    from csm_desk.export.cli import run_export

    return run_export(args, book_path(args), as_of(args))


def cmd_handover(args: argparse.Namespace) -> int:
    if args.output is None and args.brief is None:
        raise CommandError("say where to write the copy (-o OUT.csmbook) and/or --brief OUT.docx")
    if args.output is not None and args.output.exists():
        raise CommandError(f"{args.output} already exists; choose another name")
    if args.brief is not None and args.brief.exists():
        raise CommandError(f"{args.brief} already exists; choose another name")
    with _open_existing(args) as book:
        if args.brief is not None:
            from csm_desk.export.cli import write_handover_brief

            write_handover_brief(book, args.brief, as_of(args), successor=args.to)
            print(f"Wrote the handover brief to {args.brief}")
        if args.output is not None:
            from csm_desk.models.backups import BEFORE_HANDOVER, take_backup

            take_backup(book, BEFORE_HANDOVER)
            out = book.handover_copy(args.output, to_owner=args.to)
            who = f" for {args.to}" if args.to else ""
            print(f"Wrote a verified copy of {book.path.name}{who} to {out}")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from csm_desk.backup_cli import run_backups

    return run_backups(args, book_path(args).absolute())


def cmd_restore(args: argparse.Namespace) -> int:
    from csm_desk.backup_cli import run_restore

    return run_restore(args, book_path(args).absolute())


def cmd_todo(args: argparse.Namespace) -> int:
    from csm_desk.workday_cli import run_todo

    return run_todo(args, lambda: _open_existing(args), as_of(args))


def cmd_calendar(args: argparse.Namespace) -> int:
    from csm_desk.workday_cli import run_calendar

    return run_calendar(args, lambda: _open_existing(args), as_of(args))


def cmd_recap_mail(args: argparse.Namespace) -> int:
    from csm_desk.workday_cli import run_recap_mail

    return run_recap_mail(args, lambda: _open_existing(args), as_of(args))


def cmd_search(args: argparse.Namespace) -> int:
    from csm_desk.search_cli import run_search

    return run_search(args, lambda: _open_existing(args))


def cmd_check(args: argparse.Namespace) -> int:
    from csm_desk.models.bookcheck import check_book
    from csm_desk.models.bookfile import BookError, MissingBookError

    if args.repair != (args.output is not None):
        raise CommandError("check --repair writes the repaired copy with -o OUT.csmbook")
    if args.output is not None and args.output.exists():
        raise CommandError(f"{args.output} already exists; choose another name")
    path = book_path(args)
    try:
        result = check_book(path)
    except BookError as exc:
        if not args.repair or isinstance(exc, MissingBookError):
            raise
        print(f"csm-desk: {exc}", file=sys.stderr)  # a repair still tries what can be read
    else:
        print("\n".join(result.lines()))
    if args.repair:
        from csm_desk.models.salvage import salvage

        print(salvage(path, args.output))
        return EXIT_OK
    if not result.ok:
        print("csm-desk: the book has problems (see above)", file=sys.stderr)
        return EXIT_FAILED
    print("OK")
    return EXIT_OK


def run(argv: Sequence[str] | None = None, *, open_window: Callable[[Path | None], int]) -> int:
    """Parse ``argv`` and run its command (or ``open_window`` when there is none)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "today", None) is not None:
        os.environ["CSM_DESK_TODAY"] = args.today.isoformat()
    command = getattr(args, "run", None)
    if command is None:
        chosen = getattr(args, "book", None)
        return open_window(Path(chosen).expanduser() if chosen else None)
    from csm_desk.models.bookformat import BookError
    from csm_desk.models.clock import ClockError

    try:
        code: int = command(args)
        return code
    except (CommandError, BookError, ClockError) as exc:
        print(f"csm-desk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("csm-desk: interrupted; nothing was changed", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # Whoever read the output stopped early (`csm-desk report | head`): end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as exc:
        # Disk full, permission denied, a damaged page: one line, never a traceback.
        from csm_desk.models.bookfile import describe_failure

        message = describe_failure(exc, book_path(args))
        if message is None:
            # A program error: one line here, the traceback in the log file.
            from csm_desk import logfile

            log = logfile.record_unexpected(exc, f"in csm-desk {args.command}")
            message = f"unexpected problem ({logfile.one_line(exc)})" + (
                f"; details were written to {log}" if log else ""
            )
        print(f"csm-desk: {message}", file=sys.stderr)
        return EXIT_FAILED
