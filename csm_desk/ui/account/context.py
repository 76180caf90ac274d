"""The open account as its tabs see it: its rows, its scored result, and how to write to it.

Rows are read once per change as plain dicts (one query per table); every write is turned into
an op and handed to the ``BookSession``, so it is one transaction and one undo step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from csm_desk.engine.book import AccountResult
from csm_desk.engine.renewals import derived_renewal_date
from csm_desk.models import rowdata
from csm_desk.models.ops import DeleteRow, InsertRow, Op, SetFields
from csm_desk.models.tables import ACCOUNT_PARENTS
from csm_desk.ui.editors.values import RefOptions
from csm_desk.ui.session import BookSession

# Tables whose rows hang off another row of the account rather than the account itself.
CHILD_TABLES: Mapping[str, tuple[str, str]] = ACCOUNT_PARENTS
ACCOUNT_ROW_TABLES = (
    "handoff",
    "stakeholder",
    "stakeholder_link",
    "objective",
    "kpi",
    "use_case",
    "milestone",
    "commitment",
    "cadence_item",
    "plan_item",
    "meeting",
    "action_item",
    "risk",
    "review",
    "renewal_plan",
    "renewal_step",
    "renewal_cycle",
    "renewal_cycle_step",
    "arr_event",
    "value_item",
    "expansion",
    "feedback",
    "signal_reading",
    "health_override",
    "link",
)


def read_account_rows(session: BookSession, account_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of one account, by table (the account row itself under ``"account"``)."""
    found: dict[str, list[dict[str, Any]]] = {}
    with session.book.engine.connect() as conn:
        account = rowdata.table("account")
        found["account"] = [
            dict(r)
            for r in conn.execute(select(account).where(account.c.id == account_id)).mappings()
        ]
        for name in ACCOUNT_ROW_TABLES:
            tbl = rowdata.table(name)
            query = (
                select(tbl).where(tbl.c.account_id == account_id).order_by(*tbl.primary_key.columns)
            )
            found[name] = [dict(r) for r in conn.execute(query).mappings()]
        for name, (parent, column) in CHILD_TABLES.items():
            tbl = rowdata.table(name)
            parent_tbl = rowdata.table(parent)
            query = (
                select(tbl)
                .join(parent_tbl, parent_tbl.c.id == tbl.c[column])
                .where(parent_tbl.c.account_id == account_id)
                .order_by(*tbl.primary_key.columns)
            )
            found[name] = [dict(r) for r in conn.execute(query).mappings()]
    return found


def _short(text: Any, limit: int = 48) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


class AccountContext:
    """One account, read and written.

    Attributes:
        session: the book session every write goes through.
        account_id: the account.
        rows: its rows by table name (plain dicts), as of the last ``reload``.
    """

    def __init__(self, session: BookSession, account_id: int) -> None:
        self.session = session
        self.account_id = account_id
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.reload()

    def reload(self) -> None:
        self.rows = read_account_rows(self.session, self.account_id)

    @property
    def exists(self) -> bool:
        return bool(self.rows.get("account"))

    @property
    def account(self) -> dict[str, Any]:
        return self.rows["account"][0] if self.rows.get("account") else {}

    @property
    def result(self) -> AccountResult | None:
        return self.session.account(self.account_id)

    @property
    def as_of(self) -> dt.date:
        return self.session.as_of

    @property
    def renewal_date(self) -> dt.date | None:
        """The renewal date the account works to: as typed, or when empty the one derived from
        contract start + term (DOMAIN.md §4); none once it churned."""
        stored = self.account.get("renewal_date")
        if stored is not None:
            return stored  # type: ignore[no-any-return]
        result = self.result
        start = self.account.get("contract_start")
        if (result is not None and result.churned) or not isinstance(start, dt.date):
            return None
        return derived_renewal_date(start, int(self.account.get("contract_term_months") or 12))

    @property
    def renewal_date_derived(self) -> bool:
        """The renewal date is empty and ``renewal_date`` is the derived one."""
        return self.account.get("renewal_date") is None and self.renewal_date is not None

    @property
    def currency(self) -> str:
        return self.session.currency

    def rows_of(self, table: str) -> list[dict[str, Any]]:
        return self.rows.get(table, [])

    def first(self, table: str) -> dict[str, Any] | None:
        rows = self.rows_of(table)
        return rows[0] if rows else None

    # -- references ----------------------------------------------------------------------------

    def stakeholder_options(self) -> RefOptions:
        return [
            (r["id"], r["name"] + (f" ({r['title']})" if r.get("title") else ""))
            for r in self.rows_of("stakeholder")
        ]

    def objective_options(self) -> RefOptions:
        return [(r["id"], _short(r["text"])) for r in self.rows_of("objective")]

    def milestone_options(self) -> RefOptions:
        return [(r["id"], _short(r["title"])) for r in self.rows_of("milestone")]

    def risk_options(self) -> RefOptions:
        return [(r["id"], _short(r["statement"])) for r in self.rows_of("risk")]

    def meeting_options(self) -> RefOptions:
        return [
            (r["id"], f"{r['date']} {r.get('title') or ''}".strip())
            for r in self.rows_of("meeting")
        ]

    # -- writing -------------------------------------------------------------------------------

    def apply(self, op: Op) -> bool:
        return self.session.apply(op) is not None

    def set_fields(
        self, table: str, key: Mapping[str, Any], values: Mapping[str, Any], label: str = ""
    ) -> bool:
        return self.apply(SetFields(table, key, values, label or "Edit"))

    def insert(
        self, table: str, values: Mapping[str, Any], label: str = ""
    ) -> dict[str, Any] | None:
        op = InsertRow(table, values, label or "Add")
        return op.pk if self.apply(op) else None

    def delete(self, table: str, key: Mapping[str, Any], label: str = "") -> bool:
        return self.apply(DeleteRow(table, key, label or "Delete"))
