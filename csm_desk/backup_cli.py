"""``csm-desk backups [--json] [--now]`` and ``csm-desk restore BACKUP``: a book's automatic
backups, newest first and numbered, and putting one of them back in place of the book."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from csm_desk.models.backups import MANUAL, Backup, list_backups, take_backup
from csm_desk.models.bookfile import BookError, BookFile

EXIT_OK = 0


def size_words(size: int) -> str:
    """``1.2 MB``: a file size for a person."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def accounts_words(backup: Backup) -> str:
    if backup.damaged:
        return "damaged"
    return "unreadable" if backup.accounts is None else f"{backup.accounts:,}"


def backup_json(number: int, backup: Backup) -> dict[str, Any]:
    return {
        "number": number,
        "taken_at": backup.taken_at.isoformat(),
        "reason": backup.reason,
        "accounts": backup.accounts,
        "size": backup.size,
        "damaged": backup.damaged,
        "path": str(backup.path),
    }


def run_backups(args: argparse.Namespace, book_path: Path) -> int:
    """List the book's backups (after taking one, with ``--now``)."""
    if args.now:
        with BookFile.open(book_path, access="read") as book:
            taken = take_backup(book, MANUAL)
        if not args.json:
            print(f"Backed up {book_path.name} to {taken.path} ({accounts_words(taken)} accounts)")
    found = list_backups(book_path)
    if args.json:
        listing = {
            "book": str(book_path),
            "backups": [backup_json(n, b) for n, b in enumerate(found, start=1)],
        }
        json.dump(listing, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    if not found:
        print(f"No backups of {book_path.name} yet")
        return EXIT_OK
    print(f"Backups of {book_path.name}, newest first:")
    print(f"{'#':>4}  {'Taken':<19}  {'Reason':<16}  {'Accounts':>9}  {'Size':>10}")
    for number, backup in enumerate(found, start=1):
        print(
            f"{number:>4}  {backup.when():<19}  {backup.reason:<16}  "
            f"{accounts_words(backup):>9}  {size_words(backup.size):>10}"
        )
    folders = sorted({str(b.path.parent) for b in found})
    print(f"In {', '.join(folders)}")
    print("Restore one with: csm-desk restore NUMBER")
    return EXIT_OK


def chosen_backup(text: str, book_path: Path) -> Path:
    """The backup ``restore`` was given: a number from ``csm-desk backups``, or a path."""
    if text.strip().isdigit() and not Path(text).exists():
        number = int(text)
        found = list_backups(book_path)
        if not 1 <= number <= len(found):
            listed = f"1 to {len(found)}" if found else "none"
            raise BookError(
                f"there is no backup number {number} of {book_path.name} "
                f"(csm-desk backups lists {listed})"
            )
        return found[number - 1].path
    return Path(text).expanduser()


def run_restore(args: argparse.Namespace, book_path: Path) -> int:
    """Put a backup in place of the book; say what was done and where the book as it was is."""
    from csm_desk.models.backups import parse_name
    from csm_desk.models.restore import restore, verify_backup

    source = chosen_backup(args.backup, book_path)
    backup = verify_backup(source.expanduser().absolute())
    kept = restore(book_path, source)
    print(f"Restored {book_path} from {backup.describe()}: {backup.path}")
    if kept is None:
        print("There was no book there to keep.")
    else:
        parsed = parse_name(kept)
        if parsed is not None and parsed[2]:
            print(f"The damaged book was set aside as it was: {kept}")
        else:
            print(f"The book as it was before is kept as a backup: {kept}")
    return EXIT_OK
