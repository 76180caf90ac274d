"""Links held by accounts, meetings, risks and milestones, and the edit journal.

``link`` is account-owned content: it gets the per-account change counter's triggers of 0003
(frozen here for this revision's table). ``edit_journal`` is history written by the program in
the same transaction as each write; it has no triggers, so adding an entry bumps no account's
counter (the write it describes already bumped the accounts it changed).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _bump(account: str) -> str:
    return (
        f"INSERT INTO account_stamp (account_id, n) SELECT {account}, 1 WHERE {account} IS NOT "
        "NULL ON CONFLICT (account_id) DO UPDATE SET n = n + 1;"
    )


TRIGGERS = (
    f"CREATE TRIGGER stamp_link_insert AFTER INSERT ON link BEGIN {_bump('NEW.account_id')} END",
    f"CREATE TRIGGER stamp_link_update AFTER UPDATE ON link BEGIN {_bump('OLD.account_id')} "
    f"{_bump('NEW.account_id')} END",
    f"CREATE TRIGGER stamp_link_delete AFTER DELETE ON link BEGIN {_bump('OLD.account_id')} END",
)


def upgrade() -> None:
    op.create_table(
        "link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("risk_id", sa.Integer(), nullable=True),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("shareable", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["milestone_id"], ["milestone.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["risk_id"], ["risk.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("link", schema=None) as batch_op:
        for column in ("account_id", "meeting_id", "risk_id", "milestone_id"):
            batch_op.create_index(batch_op.f(f"ix_link_{column}"), [column], unique=False)
    for sql in TRIGGERS:
        op.execute(sql)
    op.create_table(
        "edit_journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("tbl", sa.String(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("fields", sa.String(), nullable=False),
        sa.Column("artifacts", sa.String(), nullable=False),
        sa.Column("via", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("edit_journal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_edit_journal_account_id"), ["account_id"])


def downgrade() -> None:
    op.drop_table("edit_journal")
    for sql in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {sql.split()[2]}")
    op.drop_table("link")
