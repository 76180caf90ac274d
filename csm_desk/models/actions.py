"""Compound edits the window offers as one step: each returns one ``Op`` (one transaction, one
undo) built from the simple ops and the engine's rules.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from csm_desk.engine.renewals import OutcomeEffect, checklist_for, outcome_effect
from csm_desk.engine.vocab import Artifact, RenewalOutcome, StepStatus
from csm_desk.models import rowdata
from csm_desk.models.ops import (
    Batch,
    Changed,
    Custom,
    DeleteRow,
    InsertRow,
    Op,
    SetFields,
    _Touches,
)


class _StartRenewalPlan(Op):
    """Start the renewal plan without duplicating what the account already has.

    What to insert is decided from the book the first time the op runs: the plan when there is
    none, the default checklist when the renewal date is known and the account has no checklist
    yet. Redoing inserts exactly the same rows again.
    """

    def __init__(self, account_id: int, renewal_date: dt.date | None, started_on: dt.date) -> None:
        self.label = "Start renewal plan"
        self.account_id = account_id
        self.renewal_date = renewal_date
        self.started_on = started_on
        self.inserts: list[InsertRow] | None = None

    def _plan_rows(self, conn: Connection) -> list[InsertRow]:
        rows: list[InsertRow] = []
        if rowdata.get_row(conn, "renewal_plan", {"account_id": self.account_id}) is None:
            rows.append(
                InsertRow(
                    "renewal_plan", {"account_id": self.account_id, "started_on": self.started_on}
                )
            )
        step = rowdata.table("renewal_step")
        has_checklist = (
            conn.execute(
                select(step.c.id).where(step.c.account_id == self.account_id).limit(1)
            ).first()
            is not None
        )
        if self.renewal_date is not None and not has_checklist:
            for phase, action, due in checklist_for(self.renewal_date):
                values = {
                    "account_id": self.account_id,
                    "renewal_date": self.renewal_date,
                    "phase": phase.value,
                    "action": action,
                    "due": due,
                    "status": StepStatus.OPEN.value,
                }
                rows.append(InsertRow("renewal_step", values))
        return rows

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        if rowdata.get_row(conn, "account", {"id": self.account_id}) is None:
            raise LookupError(f"account {self.account_id} no longer exists")
        if self.inserts is None:
            self.inserts = self._plan_rows(conn)
        changed = Changed(frozenset(), frozenset({self.account_id}))
        for op in self.inserts:
            changed |= op.apply(conn, touches)
        return changed

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        assert self.inserts is not None, "revert before apply"
        changed = Changed(frozenset(), frozenset({self.account_id}))
        for op in reversed(self.inserts):
            changed |= op.revert(conn, touches)
        return changed


def start_renewal_plan(account_id: int, renewal_date: dt.date | None, started_on: dt.date) -> Op:
    """Create the renewal plan and, when the renewal date is known, its default checklist
    (every step of ``engine.renewals.DEFAULT_CHECKLIST`` due at its point before the date).

    Idempotent: a plan the account already has is kept and no second one is made, and an
    existing checklist is kept as it is (no step is added twice). On an account that has both
    the op changes nothing.
    """
    return _StartRenewalPlan(account_id, renewal_date, started_on)


# The renewal plan's fields kept on the closed renewal (plan column → renewal_cycle column).
_ARCHIVED_PLAN_FIELDS = {
    "started_on": "plan_started_on",
    "decision_milestones": "decision_milestones",
    "value_proof_points": "value_proof_points",
    "objections": "objections",
    "internal_support": "internal_support",
    "internal_strategy": "internal_strategy",
    "probability_override": "probability_override",
    "probability_note": "probability_note",
}


class _RecordOutcome(Op):
    """The outcome's ARR event and account update, and the close of the renewal cycle: the
    plan (with its approvers and next steps) and the checklist move into a ``renewal_cycle``
    row and its ``renewal_cycle_step`` rows, so the next cycle starts empty.

    What to archive is read from the book the first time the op runs; redoing writes the same
    rows with the same keys, and undoing restores the live plan and checklist exactly.
    """

    def __init__(
        self,
        account_id: int,
        outcome: RenewalOutcome,
        effect: OutcomeEffect,
        *,
        current_arr: float,
        renewal_date: dt.date,
        term_months: int,
        on: dt.date,
        note: str | None,
    ) -> None:
        self.label = f"Record renewal outcome: {outcome.label.lower()}"
        self.account_id = account_id
        self.outcome = outcome
        self.effect = effect
        self.current_arr = current_arr
        self.renewal_date = renewal_date
        self.term_months = term_months
        self.on = on
        self.note = note
        self.batch: Batch | None = None

    def _ops(self, conn: Connection) -> list[Op]:
        churned = self.outcome is RenewalOutcome.CHURNED
        account_values: dict[str, object] = {
            "arr": self.effect.new_arr,
            "renewal_date": self.effect.new_renewal_date,
        }
        if not churned:
            account_values["contract_term_months"] = self.term_months
        ops: list[Op] = [
            InsertRow(
                "arr_event",
                {
                    "account_id": self.account_id,
                    "date": self.on,
                    "kind": self.effect.event_kind.value,
                    "amount": self.effect.amount,
                    "note": self.note or self.outcome.label,
                },
            ),
            SetFields("account", {"id": self.account_id}, account_values),
        ]
        cycle_id = _next_id(conn, "renewal_cycle")
        cycle: dict[str, object] = {
            "id": cycle_id,
            "account_id": self.account_id,
            "renewal_date": self.renewal_date,
            "outcome": self.outcome.value,
            "recorded_on": self.on,
            "arr_before": self.current_arr,
            "arr_after": self.effect.new_arr,
            "term_months": None if churned else self.term_months,
            "next_renewal_date": self.effect.new_renewal_date,
            "note": self.note,
            "had_plan": False,
        }
        plan = rowdata.get_row(conn, "renewal_plan", {"account_id": self.account_id})
        steps: list[dict[str, object]] = []
        if plan is not None:
            cycle["had_plan"] = True
            cycle.update({kept: plan[field] for field, kept in _ARCHIVED_PLAN_FIELDS.items()})
            cycle["approvers"] = "\n".join(_approver_names(conn, int(plan["id"]))) or None
            for row in _rows(conn, "renewal_next_step", "renewal_plan_id", int(plan["id"])):
                steps.append(
                    {
                        "next_step": True,
                        "action": row["action"],
                        "owner": row["owner"],
                        "side": row["side"],
                        "due": row["due"],
                        "status": (StepStatus.DONE if row["done"] else StepStatus.OPEN).value,
                    }
                )
        checklist = _rows(conn, "renewal_step", "account_id", self.account_id)
        for row in checklist:
            steps.append(
                {
                    "phase": row["phase"],
                    "action": row["action"],
                    "owner": row["owner"],
                    "due": row["due"],
                    "status": row["status"],
                }
            )
        ops.append(InsertRow("renewal_cycle", cycle))
        for step in steps:
            values = {"account_id": self.account_id, "renewal_cycle_id": cycle_id, **step}
            ops.append(InsertRow("renewal_cycle_step", values))
        if plan is not None:
            ops.append(DeleteRow("renewal_plan", {"id": plan["id"]}))
        ops.extend(DeleteRow("renewal_step", {"id": row["id"]}) for row in checklist)
        return ops

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        if rowdata.get_row(conn, "account", {"id": self.account_id}) is None:
            raise LookupError(f"account {self.account_id} no longer exists")
        if self.batch is None:
            self.batch = Batch(self.label, self._ops(conn))
        return self.batch.apply(conn, touches)

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        assert self.batch is not None, "revert before apply"
        return self.batch.revert(conn, touches)


def _next_id(conn: Connection, table: str) -> int:
    """The id SQLite would give the next row of ``table`` (the highest so far + 1)."""
    tbl = rowdata.table(table)
    highest = conn.execute(select(func.max(tbl.c.id))).scalar()
    return int(highest or 0) + 1


def _rows(conn: Connection, table: str, column: str, value: int) -> list[rowdata.Row]:
    tbl = rowdata.table(table)
    query = select(tbl).where(tbl.c[column] == value).order_by(tbl.c.id)
    return [dict(r) for r in conn.execute(query).mappings()]


def _approver_names(conn: Connection, plan_id: int) -> list[str]:
    """The plan's approvers as a person reads them later: "Name (Title)", by name."""
    found = conn.exec_driver_sql(
        "SELECT s.name, s.title FROM renewal_approver a "
        "JOIN stakeholder s ON s.id = a.stakeholder_id WHERE a.renewal_plan_id = ? "
        "ORDER BY s.name COLLATE NOCASE, s.id",
        (plan_id,),
    ).fetchall()
    return [f"{name} ({title})" if title else str(name) for name, title in found]


def record_outcome(
    account_id: int,
    outcome: RenewalOutcome,
    *,
    current_arr: float,
    renewal_date: dt.date,
    term_months: int,
    on: dt.date,
    new_arr: float | None = None,
    note: str | None = None,
) -> Op:
    """Record a renewal's outcome (DOMAIN.md §4) as one step: the ARR event, the new ARR, the
    next renewal date ``renewal_date`` + ``term_months`` (the new contract's term, kept on the
    account), and the close of the cycle: the plan, its next steps and the checklist are
    archived under the closed renewal and the next cycle starts empty. A churn leaves ARR 0
    and no next renewal.

    Raises ``ValueError`` (from ``engine.renewals.outcome_effect``) when the new ARR does not
    fit the outcome, e.g. a downgrade to a higher ARR.
    """
    effect = outcome_effect(outcome, current_arr, renewal_date, term_months, new_arr)
    return _RecordOutcome(
        account_id,
        outcome,
        effect,
        current_arr=current_arr,
        renewal_date=renewal_date,
        term_months=term_months,
        on=on,
        note=note,
    )


def mark_reviewed(account_id: int, artifact: Artifact) -> Op:
    """Stamp an artifact as reviewed now (it stays current) without changing any of its rows;
    undoing restores the previous stamp (the writer's undo log holds it).
    """

    def apply(conn: Connection, touches: _Touches) -> Changed:
        if rowdata.get_row(conn, "account", {"id": account_id}) is None:
            raise LookupError(f"account {account_id} no longer exists")
        touches.add(account_id, {artifact})
        return Changed(frozenset({"artifact_touch"}), frozenset({account_id}))

    def revert(conn: Connection, touches: _Touches) -> Changed:
        del conn, touches
        return Changed(frozenset({"artifact_touch"}), frozenset({account_id}))

    return Custom(f"Mark {artifact.label.lower()} reviewed", apply, revert)


class _NewAccount(Op):
    """Insert an account and its handoff record together (the handoff needs the new id)."""

    def __init__(self, account: dict[str, object], handoff: dict[str, object] | None) -> None:
        self.label = f"New account {account.get('name', '')}".strip()
        self.account = InsertRow("account", account)
        self.handoff_values = handoff
        self.handoff: InsertRow | None = None

    @property
    def account_id(self) -> int | None:
        return None if self.account.pk is None else int(self.account.pk["id"])

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        changed = self.account.apply(conn, touches)
        if self.handoff_values is not None:
            if self.handoff is None:
                values = {**self.handoff_values, "account_id": self.account_id}
                self.handoff = InsertRow("handoff", values)
            changed |= self.handoff.apply(conn, touches)
        return changed

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        # Deleting the account deletes its handoff with it (and restores nothing else).
        return self.account.revert(conn, touches)


def new_account(account: dict[str, object], handoff: dict[str, object] | None = None) -> Op:
    """Create an account, with its sales handoff record when ``handoff`` is given, as one step.

    The op's ``account_id`` property gives the new account's id once it has run.
    """
    return _NewAccount(account, handoff)
