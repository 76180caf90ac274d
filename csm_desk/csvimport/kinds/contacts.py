"""Contacts: the people of the stakeholder map, keyed on account + email, else account + name.

Roles in the file replace the person's roles; a last-contact date only ever moves a person's
last contact later (an older date from a CRM does not undo a contact recorded since).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from csm_desk.csvimport.convert import ParsedRow
from csm_desk.csvimport.existing import read_accounts, read_rows
from csm_desk.csvimport.kinds.common import account_of
from csm_desk.csvimport.op import TableWrites
from csm_desk.csvimport.planning import KindOutcome, Planning, same
from csm_desk.models.tables import Stakeholder
from csm_desk.models.validation import join_choices, problems_in, split_choices

_COLUMNS = ("id", "account_id", "name", "title", "email", "roles", "last_contact")


class _People:
    """The stakeholders of the accounts a file names, findable by email and by name."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.by_email: dict[tuple[int, str], dict[str, Any]] = {}
        self.by_name: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for row in rows:
            account_id = int(row["account_id"])
            email = (row["email"] or "").strip().casefold()
            if email:
                self.by_email.setdefault((account_id, email), row)
            name = (row["name"] or "").strip().casefold()
            self.by_name.setdefault((account_id, name), []).append(row)

    def find(self, account_id: int, name: str | None, email: str | None) -> dict[str, Any] | None:
        if email:
            found = self.by_email.get((account_id, email.casefold()))
            if found is not None:
                return found
        if not name:
            return None
        named = self.by_name.get((account_id, name.casefold()), [])
        if email:
            # The same name with another address is another person.
            named = [r for r in named if not (r["email"] or "").strip()]
        return named[0] if named else None


def _name_of(row: ParsedRow) -> str | None:
    if row.values.get("name"):
        return str(row.values["name"])
    parts = [row.values.get("first_name"), row.values.get("last_name")]
    joined = " ".join(str(p) for p in parts if p)
    return joined or None


def _same_roles(stored: str | None, wanted: str) -> bool:
    return set(split_choices(stored)) == set(split_choices(wanted))


def plan_contacts(
    rows: list[ParsedRow], planning: Planning, conn: Connection | None
) -> KindOutcome:
    index = read_accounts(conn)
    accounts = {row.row: account_of(row, planning, index) for row in rows}
    ids = {a for a in accounts.values() if a is not None}
    people = _People(read_rows(conn, "stakeholder", _COLUMNS, ids))
    writes = TableWrites("stakeholder")
    seen: dict[tuple[int, str, str], int] = {}
    claimed: dict[int, int] = {}
    name_field = "name" if "name" in planning.columns.columns else "first_name"
    if name_field not in planning.columns.columns:
        name_field = "last_name"
    for row in rows:
        account_id = accounts[row.row]
        if account_id is None:
            continue
        name = _name_of(row)
        email = row.values.get("email")
        if not name and not email:
            if "email" not in row.text:
                planning.problem(row, name_field, "is empty (a contact needs a name or an email)")
            continue
        key = (
            (account_id, "email", str(email).casefold())
            if email
            else (
                account_id,
                "name",
                str(name).casefold(),
            )
        )
        if key in seen:
            planning.problem(
                row, "email" if email else name_field, f"the same person as row {seen[key]}"
            )
            continue
        seen[key] = row.row
        existing = people.find(account_id, name, email)
        values: dict[str, Any] = {}
        if name:
            values["name"] = name
        for field in ("title", "email", "last_contact"):
            if field in row.values:
                values[field] = row.values[field]
        if "roles" in row.values:
            values["roles"] = join_choices(row.values["roles"])
        if existing is None:
            if not name:
                planning.problem(row, name_field, "is empty (a new contact needs a name)")
                continue
            values["account_id"] = account_id
            found = problems_in(Stakeholder, values, whole_row=True)
            if found:
                planning.invalid(row, found)
                continue
            planning.create(row, writes, "contacts", values)
            continue
        if existing["id"] in claimed:
            planning.problem(row, None, f"is the same person as row {claimed[existing['id']]}")
            continue
        claimed[existing["id"]] = row.row
        stored_contact = existing["last_contact"]
        if "last_contact" in values and stored_contact and values["last_contact"] <= stored_contact:
            del values["last_contact"]
        diff = {
            k: v
            for k, v in values.items()
            if not (_same_roles(existing[k], v) if k == "roles" else same(existing[k], v))
        }
        planning.update(row, writes, "contacts", existing["id"], diff)
    return KindOutcome([writes], ("contacts",))
