"""Health snapshots: the day's score recorded whenever a health input, override or weight
changes (DOMAIN.md §3.4), at most one per account per day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping

from sqlalchemy.engine import Connection

from csm_desk.engine.asof import account_as_of
from csm_desk.engine.batch import collection_paused
from csm_desk.engine.health import Health, score_health, snapshot_of
from csm_desk.engine.segments import base_segment
from csm_desk.models.load import load_facts
from csm_desk.models.ops import Changed
from csm_desk.models.undolog import UndoLog


def snapshot_values(health: Health) -> dict[str, object]:
    """The columns a snapshot row stores for a health result."""
    snap = snapshot_of(health)
    return {
        "date": snap.date.isoformat(),
        "score": snap.score,
        "band": snap.band,
        "components_json": json.dumps(dict(snap.components), sort_keys=True),
        "detail_json": json.dumps(
            {
                "contributions": dict(snap.contributions),
                "inputs": {c: dict(v) for c, v in snap.inputs.items()},
                "manual": sorted(snap.manual),
            },
            sort_keys=True,
        ),
    }


def write_snapshot(conn: Connection, account_id: int, health: Health) -> None:
    """Insert or replace the account's snapshot for ``health.as_of`` (the day's last wins)."""
    values = snapshot_values(health)
    conn.exec_driver_sql(
        "INSERT INTO health_snapshot(account_id, date, score, band, components_json, detail_json) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(account_id, date) DO UPDATE SET "
        "score = excluded.score, band = excluded.band, "
        "components_json = excluded.components_json, detail_json = excluded.detail_json",
        (
            account_id,
            values["date"],
            values["score"],
            values["band"],
            values["components_json"],
            values["detail_json"],
        ),
    )


def snapshot_accounts(
    conn: Connection, account_ids: Iterable[int] | None, day: dt.date
) -> dict[int, Health]:
    """Score the given accounts (all when None) as of ``day`` and record their snapshots;
    returns each one's health by account id.
    """
    with collection_paused():
        facts = load_facts(conn, account_ids, as_of=day, health_only=True)
    scored: dict[int, Health] = {}
    for account in facts.accounts:
        segment = base_segment(account, facts.settings)
        health = score_health(account, segment, day, facts.settings)
        write_snapshot(conn, account.id, health)
        scored[account.id] = health
    return scored


def snapshot_days(conn: Connection, plan: Iterable[tuple[dt.date, Iterable[int]]]) -> int:
    """Record snapshots for several days, loading the book once and cutting it at each day
    (``engine.asof``): each day's score, and the segment whose weights it uses, come only from
    the facts dated on or before it. Returns how many were written.
    """
    with collection_paused():
        facts = load_facts(conn, health_only=True)
    accounts = {a.id: a for a in facts.accounts}
    written = 0
    for day, account_ids in plan:
        for account_id in account_ids:
            account = account_as_of(accounts[account_id], day)
            if account is None:
                continue
            segment = base_segment(account, facts.settings)
            write_snapshot(conn, account_id, score_health(account, segment, day, facts.settings))
            written += 1
    return written


def record_snapshots(
    conn: Connection, changed: Changed, as_of: dt.date, undo_log: UndoLog
) -> Mapping[int, Health]:
    """After an edit that changed a health input, override or weight
    (``Changed.health_affected``; an edit of anything else records nothing), record today's
    snapshot of each account it affected (every account when the book's weights may have
    changed), noting in ``undo_log`` the snapshots of the day it may replace. Returns the health
    it scored, by account id.
    """
    if not changed.health_affected:
        return {}
    day = as_of.isoformat()
    if changed.book:
        undo_log.keep_rows(conn, "health_snapshot", "date", [day])
        return snapshot_accounts(conn, None, as_of)
    if changed.account_ids:
        accounts = sorted(changed.account_ids)
        undo_log.keep_rows(conn, "health_snapshot", "account_id", accounts, {"date": day})
        return snapshot_accounts(conn, accounts, as_of)
    return {}
