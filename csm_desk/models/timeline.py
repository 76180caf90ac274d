"""Rows → the account's timeline (``engine.timeline``): its dated rows, its health history as
shown, and its edit journal.

The journal outlives the rows it names, and an account id may be given again after the account
was deleted: only entries from the account's own creation on (its latest ``added`` entry that
was not an undo) are its history. A journal entry that cannot be read (a damaged value) is left
out rather than stopping the timeline: the journal is history, not content.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from csm_desk.engine.history import reweighted
from csm_desk.engine.segments import base_segment
from csm_desk.engine.timeline import (
    ArrEvent,
    HandoverEvent,
    JournalFacts,
    MeetingEvent,
    PersonEvent,
    RenewalEvent,
    RiskEvent,
    TimelineEntry,
    TimelineFacts,
    account_timeline,
)
from csm_desk.engine.vocab import Artifact
from csm_desk.models import rowdata
from csm_desk.models.bookfile import BookFile
from csm_desk.models.bookformat import raw_connection
from csm_desk.models.load import load_facts


def _rows(conn: Connection, name: str, account_id: int | None) -> list[dict[str, Any]]:
    tbl = rowdata.table(name)
    query = select(tbl)
    if account_id is not None:
        query = query.where(tbl.c.account_id == account_id)
    return [dict(r) for r in conn.execute(query.order_by(*tbl.primary_key.columns)).mappings()]


def _moment(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _artifacts(value: object) -> tuple[Artifact, ...]:
    keys = str(value or "").split(",")
    return tuple(Artifact(k) for k in keys if k in Artifact.choices())


def journal_of(conn: Connection, account_id: int) -> tuple[JournalFacts, ...]:
    """The account's edit journal, in step order (see the module's note on reused ids)."""
    raw = raw_connection(conn)
    rows = raw.execute(
        "SELECT step, undoes, at, tbl, row_id, rows, kind, fields, artifacts, via, label "
        "FROM edit_journal WHERE account_id = ?1 AND id >= (SELECT coalesce(max(id), 0) "
        "FROM edit_journal WHERE account_id = ?1 AND tbl = 'account' AND kind = 'added' "
        "AND via <> 'undo') ORDER BY id",
        (account_id,),
    ).fetchall()
    found = []
    for step, undoes, at, table, row_id, count, kind, fields, artifacts, via, label in rows:
        moment = _moment(at)
        if moment is None or not isinstance(step, int):
            continue
        found.append(
            JournalFacts(
                step,
                undoes if isinstance(undoes, int) else None,
                moment,
                str(table),
                row_id if isinstance(row_id, int) else None,
                count if isinstance(count, int) else 1,
                str(kind),
                tuple(f for f in str(fields or "").split(",") if f),
                _artifacts(artifacts),
                str(via or ""),
                str(label or ""),
            )
        )
    return tuple(found)


def timeline_facts(conn: Connection, account_id: int) -> TimelineFacts:
    """Everything the timeline of one account is made from, as stored."""
    book = load_facts(conn, [account_id], full_history=True)
    snapshots: tuple[Any, ...] = ()
    touched = {}
    if book.accounts:
        account = book.accounts[0]
        weights = book.settings.weights_for(base_segment(account, book.settings))
        snapshots = tuple(reweighted(s, weights) for s in account.snapshots)
        touched = dict(account.touched)
    return TimelineFacts(
        meetings=tuple(
            MeetingEvent(r["id"], r["date"], r["type"], r["title"])
            for r in _rows(conn, "meeting", account_id)
            if r["date"] is not None
        ),
        risks=tuple(
            RiskEvent(r["id"], r["statement"], r["raised_on"], r["status"])
            for r in _rows(conn, "risk", account_id)
        ),
        people=tuple(
            PersonEvent(r["id"], r["name"], r["title"], bool(r["departed"]), r["departed_on"])
            for r in _rows(conn, "stakeholder", account_id)
        ),
        arr_events=tuple(
            ArrEvent(r["date"], r["kind"], float(r["amount"] or 0.0), r["note"])
            for r in _rows(conn, "arr_event", account_id)
            if r["date"] is not None
        ),
        renewals=tuple(
            RenewalEvent(
                r["renewal_date"],
                r["recorded_on"],
                r["outcome"],
                float(r["arr_before"] or 0.0),
                float(r["arr_after"] or 0.0),
            )
            for r in _rows(conn, "renewal_cycle", account_id)
        ),
        handovers=tuple(
            HandoverEvent(r["handed_over_at"], r["from_owner"], r["to_owner"], r["note"])
            for r in _rows(conn, "handover_log", None)
            if r["handed_over_at"] is not None
        ),
        snapshots=snapshots,
        journal=journal_of(conn, account_id),
        touched=touched,
    )


def load_timeline(
    book: BookFile, account_id: int, as_of: dt.date, since: dt.date | None = None
) -> tuple[TimelineEntry, ...]:
    """The account's timeline up to ``as_of`` (from ``since``), newest first."""
    with book.engine.connect() as conn:
        facts = timeline_facts(conn, account_id)
    return account_timeline(facts, as_of, since)
