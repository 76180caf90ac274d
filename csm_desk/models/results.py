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
import itertools
import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
        keys: what each summary read (usable or last) was stored under: its change counter,
            day and scoring (``read_results``' ``known``).
    """

    summaries: Mapping[int, AccountSummary | None]
    order: tuple[int, ...]
    stale: tuple[int, ...]
    last: Mapping[int, AccountSummary] = field(default_factory=dict)
    keys: Mapping[int, tuple[object, ...]] = field(default_factory=dict)

    def read(self, account_id: int, key: tuple[object, ...]) -> AccountSummary | bool | None:
        """What was read for ``account_id`` under ``key`` (a summary, or None: not part of the
        book that day); False when nothing was read under that key.
        """
        if self.keys.get(account_id) != key:
            return False
        if account_id in self.summaries:
            return self.summaries[account_id]
        return self.last.get(account_id, False)


def read_results(
    conn: sqlite3.Connection | Connection, as_of: dt.date, *, known: Stored | None = None
) -> Stored:
    """The stored results usable as of ``as_of``, and which accounts need scoring (read with
    the garbage collector paused: thousands of summaries are made and all kept). A result
    stored under the same counter, day and scoring as one in ``known`` (read earlier, as the
    window's first look at the book) is that one, not read and parsed again.
    """
    with collection_paused():
        return _read_results(conn, as_of, known)


_RESULTS = (
    "SELECT a.id, s.n, r.stamp, r.as_of, r.computed_with{data} FROM account AS a "
    "LEFT JOIN account_stamp AS s ON s.account_id = a.id "
    "LEFT JOIN account_result AS r ON r.account_id = a.id "
    "ORDER BY a.name COLLATE NOCASE, a.id"
)


def _data_of(raw: sqlite3.Connection, account_ids: list[int]) -> dict[int, object]:
    found: dict[int, object] = {}
    for start in range(0, len(account_ids), 500):
        chunk = account_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT account_id, data FROM account_result WHERE account_id IN ({marks})"
        found.update(raw.execute(query, chunk))
    return found


_DAMAGED = object()  # stored data that is not JSON


def _parse_all(datas: list[object]) -> list[object]:
    """Each stored result's data parsed (None where there is none, ``_DAMAGED`` where it is not
    JSON). All are parsed in one call when they can be, so the names they share are one string
    each in memory; a result whose data is not JSON has them parsed one by one. A stored
    result's own account id is checked against its row (``_read_results``), so data that would
    shift its neighbours in the one call can only make results be scored afresh.
    """
    texts = [d for d in datas if d is not None]
    if texts and all(isinstance(t, str) for t in texts):
        try:
            values = json.loads("[" + ",".join(texts) + "]")  # type: ignore[arg-type]
        except ValueError:
            values = None
        if isinstance(values, list) and len(values) == len(texts):
            found = iter(values)
            return [None if d is None else next(found) for d in datas]
    return [None if d is None else _parse_one(d) for d in datas]


_PARSED_AT_ONCE = 500


def _with_parsed(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[tuple[Any, ...], object]]:
    """Each row with its data parsed, a few hundred rows at a time."""
    rows = iter(rows)
    while part := list(itertools.islice(rows, _PARSED_AT_ONCE)):
        yield from zip(part, _parse_all([r[5] for r in part]), strict=True)


def _parse_one(data: object) -> object:
    try:
        return json.loads(data)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return _DAMAGED


def _read_results(
    conn: sqlite3.Connection | Connection, as_of: dt.date, known: Stored | None
) -> Stored:
    raw = raw_connection(conn)
    order: list[int] = []
    summaries: dict[int, AccountSummary | None] = {}
    stale: list[int] = []
    if not has_results(raw):
        ids = [int(r[0]) for r in raw.execute(ORDERED_IDS)]
        return Stored({}, tuple(ids), tuple(ids))
    key = computed_with(_settings_json(raw))
    day = as_of.isoformat()
    last: dict[int, AccountSummary] = {}
    keys: dict[int, tuple[object, ...]] = {}
    rows: Iterable[tuple[Any, ...]]
    if known is None:
        rows = raw.execute(_RESULTS.format(data=", r.data"))
    else:
        heads = list(raw.execute(_RESULTS.format(data="")))
        missing = [int(h[0]) for h in heads if known.read(h[0], h[2:5]) is False]
        data = _data_of(raw, missing)
        rows = [(*h, data.get(h[0])) for h in heads]
    for (account_id, n, stamp, when, scoring, _data), parsed in _with_parsed(rows):
        order.append(int(account_id))
        usable = n is not None and stamp == n and when == day and scoring == key
        earlier = False if known is None else known.read(account_id, (stamp, when, scoring))
        if earlier is not False:
            summary = earlier if isinstance(earlier, AccountSummary) else None
            parsed = True  # read before, under the same key
        else:
            try:
                if parsed is _DAMAGED:
                    raise ValueError("not JSON")
                summary = None if parsed is None or parsed == _ABSENT else from_data(parsed)
                if summary is not None and summary.id != account_id:
                    raise ValueError("the result of another account")
            except (ValueError, TypeError):
                parsed = summary = None  # damaged or of another format: scored afresh
                usable = False
        if parsed is not None:
            keys[int(account_id)] = (stamp, when, scoring)
        if usable and parsed is not None:
            summaries[account_id] = summary
            continue
        stale.append(int(account_id))
        if summary is not None:
            last[int(account_id)] = summary
    return Stored(summaries, tuple(order), tuple(stale), last, keys)


ORDERED_IDS = "SELECT id FROM account ORDER BY name COLLATE NOCASE, id"


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
    "ORDERED_IDS",
    "Counted",
    "Stored",
    "computed_with",
    "counted",
    "has_results",
    "read_results",
    "store_results",
]
