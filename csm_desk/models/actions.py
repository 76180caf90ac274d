"""Compound edits the window offers as one step: each returns one ``Op`` (one transaction, one
undo) built from the simple ops and the engine's rules."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Connection

from csm_desk.engine.renewals import checklist_for, outcome_effect
from csm_desk.engine.vocab import Artifact, RenewalOutcome, StepStatus
from csm_desk.models import rowdata
from csm_desk.models.ops import Batch, Changed, Custom, InsertRow, Op, SetFields, _Touches


def start_renewal_plan(account_id: int, renewal_date: dt.date | None, started_on: dt.date) -> Op:
    """Create the renewal plan and, when the renewal date is known, its default checklist
    (every step of ``engine.renewals.DEFAULT_CHECKLIST`` due at its point before the date)."""
    ops: list[Op] = [
        InsertRow("renewal_plan", {"account_id": account_id, "started_on": started_on})
    ]
    if renewal_date is not None:
        for phase, action, due in checklist_for(renewal_date):
            ops.append(
                InsertRow(
                    "renewal_step",
                    {
                        "account_id": account_id,
                        "renewal_date": renewal_date,
                        "phase": phase.value,
                        "action": action,
                        "due": due,
                        "status": StepStatus.OPEN.value,
                    },
                )
            )
    return Batch("Start renewal plan", ops)


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
    """Record a renewal's outcome: the ARR event, the new ARR and the next renewal date.

    Raises ``ValueError`` (from ``engine.renewals.outcome_effect``) when the new ARR does not
    fit the outcome, e.g. a downgrade to a higher ARR.
    """
    effect = outcome_effect(outcome, current_arr, renewal_date, term_months, new_arr)
    event = InsertRow(
        "arr_event",
        {
            "account_id": account_id,
            "date": on,
            "kind": effect.event_kind.value,
            "amount": effect.amount,
            "note": note or outcome.label,
        },
    )
    update = SetFields(
        "account",
        {"id": account_id},
        {"arr": effect.new_arr, "renewal_date": effect.new_renewal_date},
    )
    return Batch(f"Record renewal outcome: {outcome.label.lower()}", [event, update])


def mark_reviewed(account_id: int, artifact: Artifact) -> Op:
    """Stamp an artifact as reviewed now (it stays current) without changing any of its rows;
    undoing restores the previous stamp (the writer's undo log holds it)."""

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
