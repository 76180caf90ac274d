"""Signals: dated health readings keyed on account + date + signal, and manual overrides.

A row whose signal is a health component (usage, engagement, sentiment, support, growth) sets
that component by hand from its date (0–100), noted as imported from the file. Values are
checked against each signal's plausible range (an NPS response is 0–10).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sqlalchemy.engine import Connection

from csm_desk.csvimport.convert import ParsedRow
from csm_desk.csvimport.existing import read_accounts, read_rows
from csm_desk.csvimport.kinds.common import account_of, needs
from csm_desk.csvimport.op import TableWrites
from csm_desk.csvimport.planning import KindOutcome, Planning, same
from csm_desk.engine.vocab import SIGNAL_RANGES, Component, SignalKey
from csm_desk.models.tables import HealthOverride
from csm_desk.models.validation import problems_in

Key = tuple[int, dt.date, str]


def _range_problem(signal: SignalKey, value: float) -> str | None:
    if not math.isfinite(value):
        return "must be a finite number"
    low, high = SIGNAL_RANGES.get(signal, (0, None))
    if high is not None and not low <= value <= high:
        return f"{value:g} is not a valid {signal.value}: it must be between {low:g} and {high:g}"
    if value < low:
        return f"{value:g} is not a valid {signal.value}: it must be at least {low:g}"
    return None


def _by_key(rows: list[dict[str, Any]], column: str) -> dict[Key, dict[str, Any]]:
    out: dict[Key, dict[str, Any]] = {}
    for row in rows:
        if row["date"] is not None:
            # Several overrides may share a day; the latest entered is the one in force.
            out[(int(row["account_id"]), row["date"], str(row[column]))] = row
    return out


def plan_signals(rows: list[ParsedRow], planning: Planning, conn: Connection | None) -> KindOutcome:
    index = read_accounts(conn)
    accounts = {row.row: account_of(row, planning, index) for row in rows}
    ids = {a for a in accounts.values() if a is not None}
    dates = [r.values["date"] for r in rows if "date" in r.values]
    readings = _by_key(
        read_rows(
            conn, "signal_reading", ("id", "account_id", "date", "key", "value", "note"), ids, dates
        ),
        "key",
    )
    overrides = _by_key(
        read_rows(
            conn,
            "health_override",
            ("id", "account_id", "date", "component", "value", "note"),
            ids,
            dates,
        ),
        "component",
    )
    signal_writes = TableWrites("signal_reading")
    override_writes = TableWrites("health_override")
    seen: dict[Key, int] = {}
    note = f"Imported from {planning.source}"
    for row in rows:
        account_id = accounts[row.row]
        if not needs(row, planning, "date", "signal", "value") or account_id is None:
            continue
        day: dt.date = row.values["date"]
        signal: SignalKey | Component = row.values["signal"]
        value = float(row.values["value"])
        key = (account_id, day, signal.value)
        if key in seen:
            planning.problem(row, "signal", f"the same account, date and signal as row {seen[key]}")
            continue
        seen[key] = row.row
        if isinstance(signal, SignalKey):
            wrong = _range_problem(signal, value)
            if wrong:
                planning.problem(row, "value", wrong)
                continue
            values: dict[str, Any] = {"value": value}
            if row.values.get("note"):
                values["note"] = row.values["note"]
            writes, what, existing = signal_writes, "signal readings", readings.get(key)
            create = {"account_id": account_id, "date": day, "key": signal.value}
        else:
            found = problems_in(HealthOverride, {"value": value})
            if found:
                planning.problem(
                    row, "value", f"{value:g}: a {signal.value} override {found[0].message}"
                )
                continue
            values = {"value": value}
            writes, what, existing = override_writes, "health overrides", overrides.get(key)
            create = {"account_id": account_id, "date": day, "component": signal.value}
            if existing is None or not same(existing["value"], value):
                values["note"] = note
        if existing is None:
            planning.create(row, writes, what, {**create, **values})
            continue
        diff = {k: v for k, v in values.items() if not same(existing[k], v)}
        planning.update(row, writes, what, int(existing["id"]), diff)
    return KindOutcome([signal_writes, override_writes], ("signal readings",))
