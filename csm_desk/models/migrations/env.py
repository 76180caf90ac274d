"""Alembic environment: migrations run programmatically on the connection the book layer passes."""

from alembic import context
from sqlmodel import SQLModel

import csm_desk.models.tables  # noqa: F401  (registers every table on the metadata)

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run by hand to draft a revision
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///draft.csmbook"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
