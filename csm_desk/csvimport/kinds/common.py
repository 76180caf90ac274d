"""What the planners share: finding the account a row names, and checking required cells."""

from __future__ import annotations

from csm_desk.csvimport.convert import ParsedRow
from csm_desk.csvimport.existing import AccountIndex
from csm_desk.csvimport.planning import Planning


def account_of(row: ParsedRow, planning: Planning, index: AccountIndex) -> int | None:
    """The account a row names by CRM id (an account id column) or by name or CRM id (an
    account column); reports the row and returns None when there is no such account."""
    crm_id = row.values.get("account_crm_id")
    name = row.values.get("account")
    if crm_id:
        found = index.by_crm_id(crm_id)
        if found is not None:
            return found
        if not name:
            planning.problem(
                row, "account_crm_id", f"no account with CRM id {crm_id!r} in the book"
            )
            return None
    if name:
        found, why = index.resolve(name)
        if found is None:
            planning.problem(row, "account", why)
        return found
    planning.problem(
        row,
        "account" if "account" in planning.columns.columns else "account_crm_id",
        "no account given",
    )
    return None


def needs(row: ParsedRow, planning: Planning, *names: str) -> bool:
    """Whether the row has every named value; reports blank cells (a cell that was given but
    could not be read has been reported already)."""
    ok = True
    for name in names:
        if name in row.values:
            continue
        ok = False
        if name not in row.text:
            planning.problem(row, name, "is empty (a value is needed)")
    return ok
