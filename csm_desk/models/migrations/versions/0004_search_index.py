"""Search index: an FTS5 table of every free-text field of every account.

Only the virtual table is part of the format. Its triggers and its contents are derived from
the field metadata of the version that opens the book (``csm_desk.models.search.ensure``, run
after every migration and on every writable open), so they always cover the current fields.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 07:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: this revision's table, whatever later versions do.
CREATE = (
    "CREATE VIRTUAL TABLE search_index USING fts5(body, account_id UNINDEXED, tbl UNINDEXED, "
    "col UNINDEXED, row_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
)


def upgrade() -> None:
    op.execute(CREATE)


def downgrade() -> None:
    connection = op.get_bind()
    names = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' "
        "ESCAPE '\\'"
    ).fetchall()
    for (name,) in names:
        op.execute(f'DROP TRIGGER "{name}"')
    op.execute("DROP TABLE search_index")
