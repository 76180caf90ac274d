"""``csm-desk report --format csv|xlsx -o FILE``: the portfolio written to a spreadsheet file,
narrowed by the same filters as the window's portfolio (segment, band, renewal window, alerts,
churned accounts)."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from csm_desk.cli import EXIT_OK, CommandError
from csm_desk.engine.renewals import in_window
from csm_desk.engine.summary import AccountSummary, BookSummary
from csm_desk.engine.vocab import AlertSeverity, Band, Segment
from csm_desk.portfolio_sheet import FORMATS, SheetError, write_sheet

_FILTERS = ("segment", "band", "renewing_within", "alerts", "churned")


def add_sheet_arguments(parser: argparse.ArgumentParser) -> None:
    """``--format``, ``-o`` and the filters, on the ``report`` parser."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="write every portfolio column to a spreadsheet file (-o) instead",
    )
    parser.add_argument("-o", "--output", type=Path, help="with --format: the file to write")
    sheet = parser.add_argument_group("filters for --format")
    sheet.add_argument("--segment", choices=[s.value for s in Segment], help="only this segment")
    sheet.add_argument("--band", choices=[b.value for b in Band], help="only this health band")
    sheet.add_argument(
        "--renewing-within",
        type=int,
        metavar="DAYS",
        help="only accounts renewing in the next DAYS days",
    )
    sheet.add_argument(
        "--alerts", action="store_true", help="only accounts with a red or amber alert"
    )
    sheet.add_argument("--churned", action="store_true", help="include churned accounts")


def wants_sheet(args: argparse.Namespace) -> bool:
    """Whether ``args`` ask for a sheet (or give one of its options)."""
    return bool(args.format or args.output or any(getattr(args, f) for f in _FILTERS))


def check_sheet_args(args: argparse.Namespace) -> None:
    """Refuse options that do not fit together, before the book is opened."""
    if args.format is None:
        raise CommandError("-o and the filters write a spreadsheet file: add --format csv or xlsx")
    if args.output is None:
        raise CommandError(f"--format {args.format} writes a file: name it with -o FILE")
    if args.json:
        raise CommandError(f"choose --json or --format {args.format}, not both")
    if args.renewing_within is not None and args.renewing_within < 0:
        raise CommandError("--renewing-within takes a number of days, 0 or more")
    if args.output.exists():
        raise CommandError(f"{args.output} already exists; choose another name")


def chosen_accounts(result: BookSummary, args: argparse.Namespace) -> list[AccountSummary]:
    """The accounts the filters keep, in the report's order."""
    accounts: Iterable[AccountSummary] = result.accounts if args.churned else result.active
    kept = []
    for account in accounts:
        if args.segment and account.shown_segment.value != args.segment:
            continue
        if args.band and account.band.value != args.band:
            continue
        if args.renewing_within is not None and not in_window(
            account.days_to_renewal, args.renewing_within
        ):
            continue
        if args.alerts and not any(
            a.severity in (AlertSeverity.RED, AlertSeverity.AMBER) for a in account.alerts
        ):
            continue
        kept.append(account)
    return kept


def write_report_sheet(args: argparse.Namespace, result: BookSummary) -> int:
    """Write the accounts the filters keep to ``args.output``."""
    try:
        count = write_sheet(
            args.output, chosen_accounts(result, args), result.currency, args.format
        )
    except SheetError as exc:
        raise CommandError(str(exc)) from None
    noun = "account" if count == 1 else "accounts"
    print(f"Wrote {count} {noun} to {args.output}")
    return EXIT_OK
