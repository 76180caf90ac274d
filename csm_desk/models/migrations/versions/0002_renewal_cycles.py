"""Closed renewals: each recorded outcome keeps the plan, next steps and checklist it closed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "renewal_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("renewal_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        sa.Column("arr_before", sa.Float(), nullable=False),
        sa.Column("arr_after", sa.Float(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("next_renewal_date", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("had_plan", sa.Boolean(), nullable=False),
        sa.Column("plan_started_on", sa.Date(), nullable=True),
        sa.Column("decision_milestones", sa.String(), nullable=True),
        sa.Column("value_proof_points", sa.String(), nullable=True),
        sa.Column("objections", sa.String(), nullable=True),
        sa.Column("internal_support", sa.String(), nullable=True),
        sa.Column("internal_strategy", sa.String(), nullable=True),
        sa.Column("probability_override", sa.Float(), nullable=True),
        sa.Column("probability_note", sa.String(), nullable=True),
        sa.Column("approvers", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("renewal_cycle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_renewal_cycle_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "renewal_cycle_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("renewal_cycle_id", sa.Integer(), nullable=True),
        sa.Column("next_step", sa.Boolean(), nullable=False),
        sa.Column("phase", sa.String(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=True),
        sa.Column("side", sa.String(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["renewal_cycle_id"], ["renewal_cycle.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("renewal_cycle_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_renewal_cycle_step_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_renewal_cycle_step_renewal_cycle_id"),
            ["renewal_cycle_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("renewal_cycle_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_renewal_cycle_step_renewal_cycle_id"))
        batch_op.drop_index(batch_op.f("ix_renewal_cycle_step_account_id"))
    op.drop_table("renewal_cycle_step")
    with op.batch_alter_table("renewal_cycle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_renewal_cycle_account_id"))
    op.drop_table("renewal_cycle")
