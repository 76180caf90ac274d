"""Stored results: a change counter per account, bumped by triggers in the same transaction as
every write to the account's rows, and each account's scored summary with what it was computed
from.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables of this format whose rows belong to an account, and how a row names its account.
DIRECT = (
    "artifact_touch", "handoff", "stakeholder", "stakeholder_link", "objective", "kpi",
    "use_case", "milestone", "commitment", "cadence_item", "plan_item", "meeting",
    "action_item", "risk", "review", "renewal_plan", "renewal_step", "renewal_cycle",
    "renewal_cycle_step", "arr_event", "value_item", "expansion", "feedback", "signal_reading",
    "health_override", "health_snapshot",
)  # fmt: skip
THROUGH = {
    "kpi_reading": ("kpi", "kpi_id"),
    "meeting_attendee": ("meeting", "meeting_id"),
    "renewal_approver": ("renewal_plan", "renewal_plan_id"),
    "renewal_next_step": ("renewal_plan", "renewal_plan_id"),
}


def _bump(account: str) -> str:
    # A row whose parent is already gone (a cascade) names no account: nothing to bump, the
    # parent's own deletion bumped it.
    return (
        f"INSERT INTO account_stamp (account_id, n) SELECT {account}, 1 WHERE {account} IS NOT "
        "NULL ON CONFLICT (account_id) DO UPDATE SET n = n + 1;"
    )


def _account_of(table: str, row: str) -> str:
    if table in THROUGH:
        parent, key = THROUGH[table]
        return f"(SELECT account_id FROM {parent} WHERE id = {row}.{key})"
    return f"{row}.account_id"


def triggers() -> list[str]:
    """Every trigger this format keeps, as SQL."""
    found = []
    for table in (*DIRECT, *THROUGH):
        new, old = _account_of(table, "NEW"), _account_of(table, "OLD")
        found += [
            f"CREATE TRIGGER stamp_{table}_insert AFTER INSERT ON {table} BEGIN {_bump(new)} END",
            f"CREATE TRIGGER stamp_{table}_update AFTER UPDATE ON {table} BEGIN {_bump(old)} "
            f"{_bump(new)} END",
            f"CREATE TRIGGER stamp_{table}_delete AFTER DELETE ON {table} BEGIN {_bump(old)} END",
        ]
    found += [
        f"CREATE TRIGGER stamp_account_insert AFTER INSERT ON account BEGIN {_bump('NEW.id')} END",
        f"CREATE TRIGGER stamp_account_update AFTER UPDATE ON account BEGIN {_bump('OLD.id')} "
        f"{_bump('NEW.id')} END",
        # The counter of a deleted account keeps counting, so an account later given the same
        # id never matches a result stored for this one; that result goes with it.
        f"CREATE TRIGGER stamp_account_delete AFTER DELETE ON account BEGIN {_bump('OLD.id')} "
        "DELETE FROM account_result WHERE account_id = OLD.id; END",
    ]
    return found


def upgrade() -> None:
    op.create_table(
        "account_stamp",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("account_id"),
    )
    op.create_table(
        "account_result",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(), nullable=False),
        sa.Column("computed_with", sa.String(), nullable=False),
        sa.Column("data", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("account_id"),
    )
    for sql in triggers():
        op.execute(sql)
    # Every account starts counted, so no result can match before one is stored.
    op.execute("INSERT INTO account_stamp (account_id, n) SELECT id, 1 FROM account")


def downgrade() -> None:
    for sql in triggers():
        op.execute(f"DROP TRIGGER IF EXISTS {sql.split()[2]}")
    op.drop_table("account_result")
    op.drop_table("account_stamp")
