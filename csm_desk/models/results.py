"""The book's stored results: each account's scored summary kept in the book, so the portfolio
and ``report`` need not load and score every account each time.

A stored summary is used only while everything it was computed from still holds: the account's
change counter (``account_stamp``, bumped by triggers in the same transaction as every write to
the account's rows, so even an edit made by hand in ``sqlite3`` or by another version counts),
the as-of day, and the scoring (the book's settings and the scoring code, ``computed_with``).
Anything else (a missing, damaged or outdated result) makes the account be scored afresh, so a
stored result can make the program faster but never wrong.

Counters are read before the facts they go with (``stamps``): a write landing in between makes
the stored counter older than the facts, so the result is out of date at once, never taken for
newer than it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csm_desk.engine.batch import collection_paused
from csm_desk.engine.summary import AccountSummary, engine_digest, from_data, to_data
from csm_desk.models.bookformat import raw_connection

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

_ABSENT = {"absent": True}  # the account is not part of the book as of that day


def computed_with(settings_json: str) -> str:
    """What a result's scoring depends on besides the account: the book's settings and the
    scoring code.
    """
    return hashlib.sha256(f"{engine_digest()}\n{settings_json}".encode()).hexdigest()[:24]


def _settings_json(raw: sqlite3.Connection) -> str:
    row = raw.execute("SELECT settings_json FROM book ORDER BY id LIMIT 1").fetchone()
    return "" if row is None else str(row[0])


def has_results(conn: sqlite3.Connection | Connection) -> bool:
    """Whether the book is of a format that keeps results."""
    raw = raw_connection(conn)
    found = raw.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
        "AND name IN ('account_stamp', 'account_result')"
    ).fetchone()[0]
    return bool(found == 2)


@dataclass(frozen=True)
class Counted:
    """The accounts' change counters and the book's settings at one moment, read before the
    facts a result is made from (``counted``).
    """

    stamps: Mapping[int, int]
    settings_json: str


def counted(
    conn: sqlite3.Connection | Connection, account_ids: Collection[int] | None = None
) -> Counted:
    """The change counters of ``account_ids`` (every account's when None) and the book's
    settings, now.
    """
    raw = raw_connection(conn)
    if not has_results(raw):
        return Counted({}, "")
    if account_ids is None:
        rows = list(raw.execute("SELECT account_id, n FROM account_stamp"))
    else:
        ids = sorted(account_ids)
        rows = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT account_id, n FROM account_stamp WHERE account_id IN ({marks})"
            rows.extend(raw.execute(query, chunk))
    return Counted({int(a): int(n) for a, n in rows}, _settings_json(raw))


@dataclass(frozen=True)
class Stored:
    """What the book's stored results give for a day.

    Attributes:
        summaries: the usable summary of each account (None for an account that is not part
            of the book that day), by account id.
        order: every account id in the book's order (by name, then id).
        stale: the ids of the accounts that must be scored afresh, in the book's order.
        last: the last stored summary of each stale account that has one (of another day,
            or from before a change), to show until it is scored afresh.
    """

    summaries: Mapping[int, AccountSummary | None]
    order: tuple[int, ...]
    stale: tuple[int, ...]
    last: Mapping[int, AccountSummary] = field(default_factory=dict)


def read_results(conn: sqlite3.Connection | Connection, as_of: dt.date) -> Stored:
    """The stored results usable as of ``as_of``, and which accounts need scoring (read with
    the garbage collector paused: thousands of summaries are made and all kept).
    """
    with collection_paused():
        return _read_results(conn, as_of)


def _read_results(conn: sqlite3.Connection | Connection, as_of: dt.date) -> Stored:
    raw = raw_connection(conn)
    order: list[int] = []
    summaries: dict[int, AccountSummary | None] = {}
    stale: list[int] = []
    if not has_results(raw):
        ids = [int(r[0]) for r in raw.execute(_ORDERED_IDS)]
        return Stored({}, tuple(ids), tuple(ids))
    key = computed_with(_settings_json(raw))
    day = as_of.isoformat()
    last: dict[int, AccountSummary] = {}
    for account_id, n, stamp, when, scoring, data in raw.execute(
        "SELECT a.id, s.n, r.stamp, r.as_of, r.computed_with, r.data FROM account AS a "
        "LEFT JOIN account_stamp AS s ON s.account_id = a.id "
        "LEFT JOIN account_result AS r ON r.account_id = a.id "
        "ORDER BY a.name COLLATE NOCASE, a.id"
    ):
        order.append(int(account_id))
        usable = n is not None and stamp == n and when == day and scoring == key
        try:
            parsed = None if data is None else json.loads(data)
            summary = None if parsed is None or parsed == _ABSENT else from_data(parsed)
        except (ValueError, TypeError):
            parsed = summary = None  # damaged or of another format: scored afresh
            usable = False
        if usable and parsed is not None:
            summaries[account_id] = summary
            continue
        stale.append(int(account_id))
        if summary is not None:
            last[int(account_id)] = summary
    return Stored(summaries, tuple(order), tuple(stale), last)


_ORDERED_IDS = "SELECT id FROM account ORDER BY name COLLATE NOCASE, id"


def store_results(
    conn: sqlite3.Connection | Connection,
    as_of: dt.date,
    before: Counted,
    summaries: Mapping[int, AccountSummary | None],
) -> int:
    """Keep ``summaries`` (None: not part of the book that day), computed from facts read after
    ``before``; inside a write transaction. Returns how many were kept (an account that had no
    counter then is left out).
    """
    raw = raw_connection(conn)
    if not has_results(raw):
        return 0
    key = computed_with(before.settings_json)
    rows = [
        (
            account_id,
            before.stamps[account_id],
            as_of.isoformat(),
            key,
            json.dumps(_ABSENT if summary is None else to_data(summary), allow_nan=False),
        )
        for account_id, summary in summaries.items()
        if account_id in before.stamps
    ]
    raw.executemany(
        "INSERT OR REPLACE INTO account_result (account_id, stamp, as_of, computed_with, data) "
        "VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


__all__ = [
    "Counted",
    "Stored",
    "computed_with",
    "counted",
    "has_results",
    "read_results",
    "store_results",
]
