"""``csm-desk report --format csv|xlsx -o FILE``: the portfolio written to a spreadsheet file."""

from __future__ import annotations

import argparse

from csm_desk.cli import EXIT_OK, CommandError
from csm_desk.engine.book import BookResult
from csm_desk.portfolio_sheet import SheetError, write_sheet


def check_sheet_args(args: argparse.Namespace) -> None:
    """Refuse options that do not fit together, before the book is opened."""
    if args.format is None:
        raise CommandError("-o writes a spreadsheet file: say which with --format csv or xlsx")
    if args.output is None:
        raise CommandError(f"--format {args.format} writes a file: name it with -o FILE")
    if args.json:
        raise CommandError(f"choose --json or --format {args.format}, not both")
    if args.output.exists():
        raise CommandError(f"{args.output} already exists; choose another name")


def write_report_sheet(args: argparse.Namespace, result: BookResult) -> int:
    """Write the book's active accounts (the report's rows, in its order) to ``args.output``."""
    try:
        count = write_sheet(args.output, result.active, result.currency, args.format)
    except SheetError as exc:
        raise CommandError(str(exc)) from None
    noun = "account" if count == 1 else "accounts"
    print(f"Wrote {count} {noun} to {args.output}")
    return EXIT_OK
