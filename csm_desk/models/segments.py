"""Keep each unpinned account's stored segment in step with the rule that decides it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Connection

from csm_desk.engine.segments import computed_segment
from csm_desk.models.load import read_settings
from csm_desk.models.ops import Changed
from csm_desk.models.undolog import UndoLog

_SEGMENT_INPUTS = frozenset({"account", "book"})


def sync_segments(conn: Connection, changed: Changed, as_of: dt.date, undo_log: UndoLog) -> None:
    """After an edit of an account (or of the book's settings), store the segment the rules
    give every affected unpinned account (DOMAIN.md §5), noting in ``undo_log`` the segment
    each one had.
    """
    del as_of
    if not changed.tables & _SEGMENT_INPUTS:
        return
    _owner, _currency, settings = read_settings(conn)
    sql = (
        "SELECT id, arr, segment, complexity, growth_potential, strategic_value FROM account "
        "WHERE segment_pinned = 0"
    )
    if not changed.book:
        if not changed.account_ids:
            return
        sql += f" AND id IN ({','.join(str(int(i)) for i in changed.account_ids)})"
    for account_id, arr, segment, complexity, growth, strategic in conn.exec_driver_sql(sql).all():
        wanted = computed_segment(float(arr or 0.0), settings, complexity, growth, strategic).value
        if wanted != segment:
            undo_log.keep_values("account", {"id": account_id}, {"segment": segment})
            conn.exec_driver_sql(
                "UPDATE account SET segment = ? WHERE id = ?", (wanted, account_id)
            )
