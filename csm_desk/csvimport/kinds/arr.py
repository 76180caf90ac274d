"""ARR history: dated changes keyed on account + date + kind (DOMAIN.md §6).

Importing history never changes an account's current ARR. An amount is the size of the change
and the kind gives its direction, so ``-5000`` for a contraction is read as 5,000; a renewal's
amount keeps its sign (a renewal can go down).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Connection

from csm_desk.csvimport.convert import ParsedRow
from csm_desk.csvimport.existing import read_accounts, read_rows
from csm_desk.csvimport.kinds.common import account_of, needs
from csm_desk.csvimport.op import TableWrites
from csm_desk.csvimport.planning import KindOutcome, Planning, same
from csm_desk.engine.vocab import ArrEventKind
from csm_desk.models.tables import ArrEvent
from csm_desk.models.validation import problems_in

Key = tuple[int, dt.date, str]


def plan_arr(rows: list[ParsedRow], planning: Planning, conn: Connection | None) -> KindOutcome:
    index = read_accounts(conn)
    accounts = {row.row: account_of(row, planning, index) for row in rows}
    ids = {a for a in accounts.values() if a is not None}
    dates = [r.values["date"] for r in rows if "date" in r.values]
    stored: dict[Key, dict[str, Any]] = {}
    for event in read_rows(
        conn, "arr_event", ("id", "account_id", "date", "kind", "amount", "note"), ids, dates
    ):
        key = (int(event["account_id"]), event["date"], str(event["kind"]))
        stored.setdefault(key, event)
    writes = TableWrites("arr_event")
    seen: dict[Key, int] = {}
    for row in rows:
        account_id = accounts[row.row]
        if not needs(row, planning, "date", "kind", "amount") or account_id is None:
            continue
        day: dt.date = row.values["date"]
        kind: str = row.values["kind"]
        amount = float(row.values["amount"])
        if kind != ArrEventKind.RENEWAL.value:
            amount = abs(amount)
        key = (account_id, day, kind)
        if key in seen:
            planning.problem(row, "kind", f"the same account, date and kind as row {seen[key]}")
            continue
        seen[key] = row.row
        values: dict[str, Any] = {"amount": amount}
        if row.values.get("note"):
            values["note"] = row.values["note"]
        found = problems_in(ArrEvent, values)
        if found:
            planning.invalid(row, found, {"amount": "amount", "note": "note"})
            continue
        existing = stored.get(key)
        if existing is None:
            create = {"account_id": account_id, "date": day, "kind": kind, **values}
            planning.create(row, writes, "ARR events", create)
            continue
        diff = {k: v for k, v in values.items() if not same(existing[k], v)}
        planning.update(row, writes, "ARR events", int(existing["id"]), diff)
    return KindOutcome([writes], ("ARR events",))
