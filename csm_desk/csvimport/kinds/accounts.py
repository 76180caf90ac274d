"""Accounts: matched on CRM id, else on name without case; new ones created, known ones updated.

A segment given in the file that differs from the one the account's ARR gives pins it (a
strategic designation); one that agrees leaves the account following its ARR. A blank segment
leaves a new account's segment to its ARR and a known account's as it is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from csm_desk.csvimport.convert import ParsedRow
from csm_desk.csvimport.existing import AccountIndex, base_name, read_accounts
from csm_desk.csvimport.op import TableWrites
from csm_desk.csvimport.planning import KindOutcome, Planning, same
from csm_desk.engine.segments import computed_segment
from csm_desk.models.tables import Account
from csm_desk.models.validation import problems_in

FIELDS = (
    "name",
    "crm_id",
    "arr",
    "renewal_date",
    "contract_start",
    "contract_term_months",
    "industry",
    "product_tier",
    "lifecycle_stage",
)


def _match(row: ParsedRow, planning: Planning, index: AccountIndex) -> tuple[bool, int | None]:
    """``(usable, account id)``: the book account a row describes (None for a new one)."""
    crm_id = row.values.get("crm_id")
    name = row.values.get("name")
    if crm_id:
        found = index.by_crm_id(crm_id)
        if found is None and name:
            # A book account entered by hand, before it had a CRM id.
            unlinked = [i for i in index.by_name(name) if not index.rows[i]["crm_id"]]
            found = unlinked[0] if len(unlinked) == 1 else None
        return True, found
    named = index.by_name(name or "")
    if len(named) > 1:
        planning.problem(
            row,
            "name",
            f"{len(named)} accounts in the book are called {name!r}; add a CRM id column to "
            "say which",
        )
        return False, None
    return True, named[0] if named else None


def _wanted(row: ParsedRow, index: AccountIndex, existing: dict[str, Any] | None) -> dict[str, Any]:
    values = {name: row.values[name] for name in FIELDS if name in row.values}
    arr = float(values.get("arr", existing["arr"] if existing else 0.0) or 0.0)
    factors = (
        (existing["complexity"], existing["growth_potential"], existing["strategic_value"])
        if existing
        else (None, None, None)
    )
    by_arr = computed_segment(arr, index.settings, *factors).value
    if "segment" in row.values:
        values["segment"] = row.values["segment"]
        values["segment_pinned"] = row.values["segment"] != by_arr
    elif existing is None:
        values["segment"] = by_arr
        values["segment_pinned"] = False
    return values


def _distinct(
    row: ParsedRow,
    planning: Planning,
    index: AccountIndex,
    bases: dict[str, tuple[int, str]],
    crm_id: str | None,
) -> bool:
    """Whether a new account's name is its own: one that differs from a book account's (or
    an earlier new row's) only in case, punctuation or a legal form is refused without a CRM
    id (it is most likely the same customer) and warned about with one (the CRM keeps them
    apart)."""
    name = str(row.values["name"])
    base = base_name(name)
    close = [index.rows[i]["name"] for i in index.near(name, base)]
    earlier = bases.get(base)
    bases.setdefault(base, (row.row, name))
    if not close and (earlier is None or earlier[1].casefold() == name.casefold()):
        return True
    like = (
        f"the book's account {' and '.join(repr(n) for n in close)}"
        if close
        else f"{earlier[1]!r} of row {earlier[0]}"  # type: ignore[index]
    )
    why = "the names differ only in case, punctuation or a legal form such as Inc. or GmbH"
    if crm_id:
        planning.warnings.append(
            f"row {row.row}: {name!r} is added as a new account (CRM id {crm_id!r}) though it "
            f"looks like {like}: {why}."
        )
        return True
    fix = f"write it as {close[0]!r} to update that account" if close else "write both the same way"
    planning.problem(
        row,
        "name",
        f"{name!r} looks like {like} ({why}); {fix}, or give it a CRM id to add it as "
        "another account",
    )
    return False


def plan_accounts(
    rows: list[ParsedRow], planning: Planning, conn: Connection | None
) -> KindOutcome:
    index = read_accounts(conn)
    writes = TableWrites("account")
    seen: dict[tuple[str, str], int] = {}
    claimed: dict[int, int] = {}
    bases: dict[str, tuple[int, str]] = {}
    for row in rows:
        crm_id = row.values.get("crm_id")
        name = row.values.get("name")
        if not crm_id and not name:
            if "name" not in row.text and "crm_id" not in row.text:
                planning.problem(row, None, "has neither an account name nor a CRM id")
            continue
        key = ("crm", crm_id) if crm_id else ("name", (name or "").casefold())
        if key in seen:
            planning.problem(
                row, "crm_id" if crm_id else "name", f"the same account as row {seen[key]}"
            )
            continue
        seen[key] = row.row
        usable, account_id = _match(row, planning, index)
        if not usable:
            continue
        if account_id is not None:
            if account_id in claimed:
                planning.problem(
                    row,
                    None,
                    f"is the same book account ({index.rows[account_id]['name']!r}) as row "
                    f"{claimed[account_id]}",
                )
                continue
            claimed[account_id] = row.row
        existing = index.rows.get(account_id) if account_id is not None else None
        values = _wanted(row, index, existing)
        if existing is None and name and not _distinct(row, planning, index, bases, crm_id):
            continue
        if existing is None:
            if not values.get("name"):
                planning.problem(
                    row,
                    "name",
                    f"no account with CRM id {crm_id!r} yet, and a new one needs a name",
                )
                continue
            found = problems_in(Account, values, whole_row=True)
            if found:
                planning.invalid(row, found)
                continue
            planning.create(row, writes, "accounts", values)
            continue
        found = problems_in(Account, values)
        if found:
            planning.invalid(row, found)
            continue
        diff = {k: v for k, v in values.items() if not same(existing.get(k), v)}
        planning.update(row, writes, "accounts", existing["id"], diff)
    return KindOutcome([writes], ("accounts",))
