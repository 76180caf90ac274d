"""Expansion opportunities: keyed on account + opportunity name (case and surrounding spaces
aside), so a CRM's opportunities report imported again updates the stages it moved.

A new opportunity without a stage starts as identified and one without a type as an upsell
(the book's defaults), and the import says how many did; a blank cell never clears a value.
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
from csm_desk.engine.vocab import ExpansionKind, ExpansionStage
from csm_desk.models.tables import Expansion
from csm_desk.models.validation import problems_in

LABEL = "expansion opportunities"
FIELDS = ("description", "stage", "kind", "estimated_arr", "expected_close", "readiness_signals")
Key = tuple[int, str]


def _key(account_id: int, description: str) -> Key:
    return account_id, " ".join(description.split()).casefold()


def _stored(conn: Connection | None, ids: set[int]) -> dict[Key, list[dict[str, Any]]]:
    out: dict[Key, list[dict[str, Any]]] = {}
    for row in read_rows(conn, "expansion", ("id", "account_id", *FIELDS), ids):
        close = row["expected_close"]
        if isinstance(close, str):
            row["expected_close"] = dt.date.fromisoformat(close[:10])
        out.setdefault(_key(int(row["account_id"]), str(row["description"])), []).append(row)
    return out


def plan_expansions(
    rows: list[ParsedRow], planning: Planning, conn: Connection | None
) -> KindOutcome:
    index = read_accounts(conn)
    accounts = {row.row: account_of(row, planning, index) for row in rows}
    stored = _stored(conn, {a for a in accounts.values() if a is not None})
    writes = TableWrites("expansion")
    seen: dict[Key, int] = {}
    no_stage = no_type = 0
    for row in rows:
        account_id = accounts[row.row]
        if not needs(row, planning, "description") or account_id is None:
            continue
        key = _key(account_id, str(row.values["description"]))
        if key in seen:
            planning.problem(
                row, "description", f"the same account and opportunity as row {seen[key]}"
            )
            continue
        seen[key] = row.row
        values = {name: row.values[name] for name in FIELDS if name in row.values}
        existing = stored.get(key, [])
        if len(existing) > 1:
            name = index.rows[account_id]["name"]
            planning.problem(
                row,
                "description",
                f"{name!r} has {len(existing)} expansion opportunities called "
                f"{values['description']!r} in the book; rename one of them to say which",
            )
            continue
        if not existing:
            no_stage += "stage" not in values
            no_type += "kind" not in values
            values.setdefault("stage", ExpansionStage.IDENTIFIED.value)
            values.setdefault("kind", ExpansionKind.UPSELL.value)
            found = problems_in(Expansion, values, whole_row=True)
            if found:
                planning.invalid(row, found)
                continue
            planning.create(row, writes, LABEL, {"account_id": account_id, **values})
            continue
        # The name as the book writes it stays: the file matched it without case.
        values.pop("description")
        found = problems_in(Expansion, values)
        if found:
            planning.invalid(row, found)
            continue
        diff = {k: v for k, v in values.items() if not same(existing[0][k], v)}
        planning.update(row, writes, LABEL, int(existing[0]["id"]), diff)
    for count, what, default in ((no_stage, "stage", "identified"), (no_type, "type", "upsell")):
        if count:
            many = "new opportunity has" if count == 1 else "new opportunities have"
            planning.warnings.append(f"{count} {many} no {what}: created as {default}.")
    return KindOutcome([writes], (LABEL,))
