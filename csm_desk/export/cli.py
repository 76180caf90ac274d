"""``csm-desk export`` and ``handover --brief``: the command-line side of the Word exports.

Imported only when one of those commands runs, so python-docx is loaded only then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
import time
from pathlib import Path
from typing import TextIO

from csm_desk.export import handover
from csm_desk.export.documents import export_document, narrative_warnings, spec_for
from csm_desk.export.errors import ExportError, TargetExistsError
from csm_desk.export.readiness import IncompleteArtifactError, document_gaps
from csm_desk.models.bookfile import BookError, BookFile, describe_failure

EXIT_OK = 0
EXIT_FAILED = 1
# A brief for more accounts than this reports its progress on stderr.
PROGRESS_FROM_ACCOUNTS = 100


def find_account(book: BookFile, wanted: str) -> tuple[int, str]:
    """The account called ``wanted`` (case-insensitive) or with that CRM id: (id, name)."""
    key = wanted.strip()
    with book.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, name, crm_id FROM account ORDER BY id").fetchall()
    by_crm = [r for r in rows if r[2] is not None and str(r[2]).strip() == key]
    if len(by_crm) == 1:
        return int(by_crm[0][0]), str(by_crm[0][1])
    folded = key.casefold()
    by_name = [r for r in rows if str(r[1]).strip().casefold() == folded]
    if len(by_name) == 1:
        return int(by_name[0][0]), str(by_name[0][1])
    if len(by_name) > 1:
        ids = ", ".join(str(r[2]) for r in by_name if r[2])
        hint = f" (CRM ids: {ids})" if ids else ""
        raise ExportError(
            f"{len(by_name)} accounts are called {wanted!r}; name one by its CRM id{hint}"
        )
    close = difflib.get_close_matches(key, [str(r[1]) for r in rows], n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise ExportError(f"no account called {wanted!r} or with that CRM id in {book.path.name}{hint}")


def run_export(args: argparse.Namespace, book_path: Path, as_of: dt.date) -> int:
    """``csm-desk export ACCOUNT DOCUMENT -o OUT.docx [--meeting ID] [--review ID] [--force]``.

    Every failure is one line on stderr and a non-zero exit: an existing file (without
    ``--force``), a missing folder, a full disk, a folder it may not write in.
    """
    out = Path(args.output).expanduser()
    allow_incomplete = bool(getattr(args, "allow_incomplete", False))
    warnings: list[str] = []
    try:
        spec = spec_for(args.document)
        with BookFile.open(book_path, access="read") as book:
            account_id, name = find_account(book, args.account)
            gaps = document_gaps(book, account_id, spec.key, as_of) if allow_incomplete else None
            review_id = getattr(args, "review", None)
            # A narrative contradicting the book's figures is said before the file is written.
            for line in narrative_warnings(
                book, account_id, spec.key, as_of=as_of, review_id=review_id
            ):
                print(f"csm-desk: warning: {line}", file=sys.stderr)
            export_document(
                book,
                account_id,
                spec.key,
                out,
                as_of=as_of,
                meeting_id=getattr(args, "meeting", None),
                review_id=review_id,
                replace=bool(getattr(args, "force", False)),
                allow_incomplete=allow_incomplete,
                warn=warnings.append,
            )
    except TargetExistsError as exc:
        print(f"csm-desk: {exc}; use --force to replace it", file=sys.stderr)
        return EXIT_FAILED
    except IncompleteArtifactError as exc:
        print(f"csm-desk: {exc}; use --allow-incomplete to export it anyway", file=sys.stderr)
        return EXIT_FAILED
    except (ExportError, BookError) as exc:
        print(f"csm-desk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"csm-desk: {could_not_write(out, exc)}", file=sys.stderr)
        return EXIT_FAILED
    if gaps is not None:
        print(f"csm-desk: warning: {gaps.sentence()}", file=sys.stderr)
    for line in warnings:
        print(f"csm-desk: warning: {line}", file=sys.stderr)
    print(f"Wrote the {spec.title.lower()} for {name} to {out}")
    return EXIT_OK


def could_not_write(target: Path, exc: OSError) -> str:
    """One line for a document the disk refused (full, read-only, no permission), naming the
    file asked for rather than the temporary one beside it.
    """
    reason = describe_failure(OSError(exc.errno, exc.strerror)) or str(exc)
    return f"could not write {target.name} in {target.parent}: {reason}"


class StderrProgress:
    """Prints "Hand-over brief: 40% done" lines on stderr, at most about once a second."""

    def __init__(self, stream: TextIO, every_seconds: float = 1.0) -> None:
        self.stream = stream
        self.every = every_seconds
        self.last: float | None = None

    def __call__(self, done: int, total: int) -> None:
        """Print the share done, unless a line went out less than ``every`` seconds ago."""
        now = time.monotonic()
        if done < total and self.last is not None and now - self.last < self.every:
            return
        self.last = now
        share = 100 if total <= 0 else done * 100 // total
        self.stream.write(f"Hand-over brief: {share}% done\n")
        self.stream.flush()


def write_handover_brief(book: BookFile, out: Path, as_of: dt.date, *, successor: str = "") -> Path:
    """``handover --brief OUT.docx``: the brief of the whole book, progress on stderr for big
    books. Raises ``BookError`` (which the command line prints) when it cannot.
    """
    with book.engine.connect() as conn:
        count = int(conn.exec_driver_sql("SELECT count(*) FROM account").scalar_one())
    progress = StderrProgress(sys.stderr) if count > PROGRESS_FROM_ACCOUNTS else None
    try:
        return handover.write_handover_brief(
            book, Path(out), as_of, progress=progress, successor=successor
        )
    except ExportError as exc:
        raise BookError(str(exc)) from None
