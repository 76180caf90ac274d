"""The processes the crash harness kills: a writer making a long, fixed sequence of real edits,
and a reader opening the book again and again beside it.

Run by ``crash_harness.py``: ``python benchmarks/crash_writer.py --child BOOK --start N --stop M``
makes edits ``N+1 .. M`` through ``Writer`` and prints ``committed I …`` after each commit
returns (with ``--checksums``, the content checksum and journal sequence after it: the reference
run); ``--reader BOOK`` reads until its parent is gone, printing the journal sequence each read
saw. Every edit is stamped with the same moment, so the same sequence from the same book always
gives the same content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2026, 11, 22)
# Every edit is stamped with this moment, so the same sequence gives the same bytes of content.
FIXED_NOW = dt.datetime(2026, 11, 22, 10, 30, 0)
KINDS = 9
# Big edits grow the file by dozens of pages, so a checkpoint writes the header well before the
# pages past the old end: a kill between the two leaves the file shorter than its header says.
BULK_TEXT = 60_000
SIGNAL_KEYS = ("active_users", "licensed_seats", "tickets_30d")


# -- the book's content --------------------------------------------------------------------------


def content_checksum(con: sqlite3.Connection) -> str:
    """A checksum of every row of every table (the journal marker included), independent of
    how the rows are laid out in pages."""
    digest = hashlib.sha256()
    names = [
        str(r[0])
        for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    for name in names:
        digest.update(name.encode())
        # Sorted here, not by rowid: the search index's config table has no rowid.
        for text in sorted(repr(row) for row in con.execute(f'SELECT * FROM "{name}"')):
            digest.update(text.encode())
    return digest.hexdigest()[:20]


def marker_sequence(con: sqlite3.Connection) -> int:
    row = con.execute("SELECT value FROM book_meta WHERE key = 'journal'").fetchone()
    return int(str(row[0]).rsplit(":", 1)[1]) if row else -1


def integrity(con: sqlite3.Connection) -> str:
    return "; ".join(str(r[0]) for r in con.execute("PRAGMA integrity_check"))


# -- the child: a long sequence of real edits ----------------------------------------------------


def _build_op(book: Any, index: int, work: Path) -> tuple[Any, str]:
    """The edit number ``index`` of the sequence, as an op on ``book`` as it is now."""
    from csm_desk.models.ops import Batch, DeleteRow, InsertRow, SetFields

    rng = random.Random(index * 7919 + 17)
    with book.engine.connect() as conn:

        def rows(sql: str, *params: Any) -> list[Any]:
            return list(conn.exec_driver_sql(sql, params).fetchall())

        accounts = rows("SELECT id, name FROM account WHERE arr > 0 ORDER BY id")
        account_id, account_name = accounts[rng.randrange(len(accounts))]
        kind = index % KINDS
        if kind == 0:
            values = {
                "internal_notes": f"crash edit {index}",
                "arr": round(rng.uniform(5_000, 500_000), 2),
            }
            return SetFields("account", {"id": account_id}, values), f"arr {account_name}"
        if kind == 1:
            op = InsertRow(
                "risk",
                {
                    "account_id": account_id,
                    "statement": f"crash edit {index}: champion may leave",
                    "category": rng.choice(["adoption", "stakeholder", "product"]),
                    "status": "open",
                    "severity": rng.choice(["low", "medium", "high"]),
                },
            )
            return op, f"risk for {account_name}"
        if kind == 2:
            day = dt.date(2015, 1, 1) + dt.timedelta(days=index)
            op = Batch(
                "action and reading",
                [
                    InsertRow(
                        "action_item",
                        {"account_id": account_id, "text": f"crash edit {index}", "status": "open"},
                    ),
                    InsertRow(
                        "signal_reading",
                        {
                            "account_id": account_id,
                            "date": day,
                            "key": "tickets_30d",
                            "value": float(rng.randint(0, 30)),
                        },
                    ),
                ],
            )
            return op, f"action and reading for {account_name}"
        if kind == 3:
            risks = rows("SELECT id FROM risk WHERE statement LIKE 'crash edit %' ORDER BY id")
            if risks:
                return DeleteRow("risk", {"id": risks[0][0]}), "delete a risk"
            actions = rows("SELECT id FROM action_item ORDER BY id")
            if actions:
                return DeleteRow("action_item", {"id": actions[0][0]}), "delete an action"
        if kind == 4:
            # A folder per process keeps writers apart; the file's own name is the same in every
            # run, since the book records it (the edit journal keeps the import's name).
            folder = work / f"signals-{os.getpid()}"
            folder.mkdir(exist_ok=True)
            path = folder / f"signals-{index}.csv"
            day = dt.date(2016, 1, 1) + dt.timedelta(days=index)
            lines = ["Account,Date,Signal,Value"]
            for _id, name in accounts:
                for key in SIGNAL_KEYS:
                    lines.append(f'"{name}",{day.isoformat()},{key},{rng.randint(1, 400)}')
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            from csm_desk.csvimport.plan import plan_import

            plan = plan_import(book, "signals", path)
            if plan.problems:
                raise SystemExit(f"import plan {index} has problems: {plan.problems[:3]}")
            return plan.op(), f"import of {len(lines) - 1} readings"
        if kind == 5:
            meetings = rows("SELECT id FROM meeting ORDER BY date, id LIMIT 1")
            if meetings:
                return DeleteRow("meeting", {"id": meetings[0][0]}), "delete a meeting"
        if kind == 6:
            return SetFields("book", {"id": 1}, {"notes": f"crash edit {index}"}), "book notes"
        if kind == 8:
            evidence = f"crash edit {index}: " + "usage log excerpt; " * (BULK_TEXT // 19)
            op = InsertRow(
                "risk",
                {
                    "account_id": account_id,
                    "statement": f"crash edit {index}: bulk evidence",
                    "category": "adoption",
                    "status": "open",
                    "evidence": evidence,
                },
            )
            return op, f"bulk risk for {account_name}"
        if kind == 7:
            (next_id,) = rows("SELECT coalesce(max(id), 0) + 1 FROM meeting")[0]
            people = rows("SELECT id FROM stakeholder WHERE account_id = ? ORDER BY id", account_id)
            ops: list[Any] = [
                InsertRow(
                    "meeting",
                    {
                        "id": next_id,
                        "account_id": account_id,
                        "date": AS_OF - dt.timedelta(days=rng.randint(1, 300)),
                        "type": "check_in",
                        "title": f"crash edit {index}",
                    },
                ),
                InsertRow(
                    "action_item",
                    {
                        "account_id": account_id,
                        "meeting_id": next_id,
                        "text": f"follow up {index}",
                        "status": "open",
                    },
                ),
            ]
            ops += [
                InsertRow("meeting_attendee", {"meeting_id": next_id, "stakeholder_id": p[0]})
                for p in people[:3]
            ]
            return Batch("meeting", ops), f"meeting for {account_name}"
    return SetFields(
        "account", {"id": account_id}, {"internal_notes": f"crash edit {index}"}
    ), f"notes of {account_name}"


def _emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _open_for_writing(path: Path, autocheckpoint: int) -> Any:
    from sqlalchemy import event

    from csm_desk.models.bookfile import BookFile

    book = BookFile.open(path, access="write", wait=30.0, program="crash harness")
    if autocheckpoint:

        def small_checkpoints(connection: Any, _record: Any) -> None:
            connection.execute(f"PRAGMA wal_autocheckpoint = {autocheckpoint}")

        event.listen(book.engine, "connect", small_checkpoints)
        book.engine.dispose()  # connections made from now on checkpoint that often
    return book


def child_main(args: argparse.Namespace) -> int:
    """Make edits ``start+1 .. stop`` of the sequence on the book, reporting each commit."""
    from csm_desk.models.writer import Writer

    path = Path(args.child)
    # The import files: in the harness's folder (removed with it), as a kill leaves them.
    work = Path(args.work) if args.work else path.parent
    work.mkdir(parents=True, exist_ok=True)
    book = _open_for_writing(path, args.autocheckpoint)
    _emit(f"ready {os.getpid()}")
    try:
        for index in range(args.start + 1, args.stop + 1):
            op, label = _build_op(book, index, work)
            Writer(book, now=lambda: FIXED_NOW).run(op)
            if args.checksums:
                with book.engine.connect() as conn:
                    raw = conn.connection.driver_connection
                    _emit(
                        f"committed {index} {content_checksum(raw)} {marker_sequence(raw)} {label}"
                    )
            else:
                _emit(f"committed {index} {label}")
            if args.checkpoint_every and index % args.checkpoint_every == 0:
                # What closing the book does: copy the log into the file and empty it.
                _emit(f"checkpoint {index}")
                if (index // args.checkpoint_every) % 2:
                    with book.engine.connect() as conn:
                        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                else:
                    # As a plain connection does it (one without memory-mapped I/O, which
                    # writes the header before it grows the file): SQLite's last connection
                    # out checkpoints this way, and so does the open of a book after a crash.
                    plain = sqlite3.connect(str(path))
                    try:
                        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                    finally:
                        plain.close()
                _emit(f"checkpointed {index}")
            if args.reopen_every and index % args.reopen_every == 0:
                book.close()
                book = _open_for_writing(path, args.autocheckpoint)
                _emit(f"reopened {index}")
    finally:
        book.close()
    _emit("done")
    return 0


def reader_main(args: argparse.Namespace) -> int:
    """Open the book to read, again and again, reporting the journal sequence each read saw."""
    from csm_desk.models.bookfile import BookFile

    path = Path(args.reader)
    parent = os.getppid()
    while os.getppid() == parent:  # ends when the harness is gone
        try:
            with BookFile.open(path, access="read") as book, book.engine.connect() as conn:
                raw = conn.connection.driver_connection
                seq = marker_sequence(raw)
                count = raw.execute("SELECT count(*) FROM signal_reading").fetchone()[0]
                notices = [n for n in book.notices if "read-only" not in n]
            _emit(f"seen {seq} {count}")
            for notice in notices:
                _emit(f"notice {notice}")
        except Exception as exc:  # reported to the parent, which counts it as a failure
            _emit(f"error {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        time.sleep(0.01)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help="the book to edit")
    parser.add_argument("--reader", help="the book to read")
    parser.add_argument("--start", type=int, default=0, help="edits already in the book")
    parser.add_argument("--stop", type=int, default=0, help="the last edit to make")
    parser.add_argument("--autocheckpoint", type=int, default=0, help="wal_autocheckpoint pages")
    parser.add_argument("--reopen-every", type=int, default=0, help="close and reopen every N")
    parser.add_argument("--checkpoint-every", type=int, default=0, help="checkpoint every N")
    parser.add_argument("--checksums", action="store_true", help="print checksums (reference)")
    parser.add_argument("--work", help="the folder for the import files")
    args = parser.parse_args()
    if args.child:
        return child_main(args)
    if args.reader:
        return reader_main(args)
    parser.error("say --child BOOK or --reader BOOK")
    return 2


if __name__ == "__main__":
    sys.exit(main())
