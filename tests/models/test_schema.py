"""Schema honesty: the migrations build exactly the schema the models declare.

``alembic.autogenerate.compare_metadata`` compares tables, columns and their types and
nullability, indexes, unique constraints and foreign keys; a book built by the migrations (new,
or migrated from the first shipped schema) shows no difference from ``SQLModel.metadata``. The
book format version (``PRAGMA user_version``) is the Alembic head read as a number.

The search index (an FTS5 virtual table and the shadow tables SQLite keeps for it,
``search.SEARCH_TABLES``) is not a SQLModel model: the comparison leaves exactly those tables
out, and a test below checks they are there.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import csm_desk.models.tables  # noqa: F401  (registers every table on the metadata)
from csm_desk.models import bookfile
from csm_desk.models.bookfile import HEAD_REVISION, SCHEMA_VERSION, BookFile
from csm_desk.models.search import SEARCH_TABLES

FIXTURE = Path(__file__).parent.parent / "data" / "first-schema.csmbook"


def _not_search_index(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the search index's tables out of the comparison (they are not models)."""
    return not (type_ == "table" and name in SEARCH_TABLES)


def differences(book: BookFile, metadata: sa.MetaData = SQLModel.metadata) -> list[Any]:
    with book.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_object": _not_search_index,
            },
        )
        return list(compare_metadata(context, metadata))


def test_a_new_book_has_exactly_the_models_schema(tmp_path: Path) -> None:
    with BookFile.create(tmp_path / "new.csmbook") as book:
        assert differences(book) == []


def test_a_book_migrated_from_the_first_schema_has_exactly_the_models_schema(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.csmbook"
    shutil.copyfile(FIXTURE, path)
    with BookFile.open(path) as book:
        with book.engine.connect() as connection:
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert revision.scalar() == HEAD_REVISION
        assert differences(book) == []


def _copy() -> sa.MetaData:
    copy = sa.MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def _flip_nullable(meta: sa.MetaData) -> None:
    column = meta.tables["stakeholder"].c["name"]
    column.nullable = not column.nullable


def _change_type(meta: sa.MetaData) -> None:
    meta.tables["account"].c["arr"].type = sa.Integer()


def _drop_index(meta: sa.MetaData) -> None:
    table = next(t for t in meta.sorted_tables if t.indexes)
    table.indexes.remove(next(iter(table.indexes)))


def _drop_foreign_key(meta: sa.MetaData) -> None:
    table = meta.tables["stakeholder"]
    table.constraints.remove(next(iter(table.foreign_key_constraints)))


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        (_flip_nullable, "modify_nullable"),
        (_change_type, "modify_type"),
        (_drop_index, "remove_index"),
        (_drop_foreign_key, "remove_fk"),
    ],
)
def test_the_comparison_sees_each_kind_of_difference(
    empty_book: BookFile, change: Callable[[sa.MetaData], None], kind: str
) -> None:
    """The comparison is sharp: a model that differs from the book in nullability, type, an
    index or a foreign key is reported (the book has what the changed model lacks)."""
    meta = _copy()
    change(meta)
    found = differences(empty_book, meta)
    flat = [d for group in found for d in (group if isinstance(group, list) else [group])]
    assert kind in {d[0] for d in flat}, found


def test_the_book_format_version_is_the_alembic_head() -> None:
    """``SCHEMA_VERSION`` is the head revision read as a number ("0002" → 2), and the
    revisions are one chain numbered 0001, 0002, … so each version names one revision."""
    config = Config()
    config.set_main_option("script_location", str(bookfile.MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_heads() == [HEAD_REVISION]
    chain = [r.revision for r in scripts.walk_revisions("base", "heads")][::-1]
    assert chain == [f"{n:04d}" for n in range(1, len(chain) + 1)]
    assert SCHEMA_VERSION == int(HEAD_REVISION) == len(chain)


def test_a_new_book_carries_the_format_version(empty_book: BookFile) -> None:
    with empty_book.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
        assert (
            connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            == HEAD_REVISION
        )


def test_the_search_index_is_the_only_thing_the_comparison_leaves_out(
    empty_book: BookFile,
) -> None:
    """Exactly the FTS table and its shadow tables are in the book and not in the models."""
    with empty_book.engine.connect() as connection:
        names = {
            str(r[0])
            for r in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
    models = set(SQLModel.metadata.tables)
    assert names - models - {"alembic_version"} == set(SEARCH_TABLES)
