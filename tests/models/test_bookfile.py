"""The book file: creation, refusal of anything that is not a readable book, WAL, migration."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from csm_desk.models import bookfile
from csm_desk.models.bookfile import (
    APPLICATION_ID,
    HEAD_REVISION,
    SCHEMA_VERSION,
    BookError,
    BookFile,
    MissingBookError,
    NewerBookError,
    NotABookError,
)

FIXTURE = Path(__file__).parent.parent / "data" / "first-schema.csmbook"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_create_sets_identity_and_defaults(tmp_path: Path) -> None:
    with BookFile.create(tmp_path / "New.csmbook", owner="Sam Lee", currency="GBP") as book:
        row = book.book_row()
        assert (row.owner, row.currency) == ("Sam Lee", "GBP")
        assert book.settings().to_json() == bookfile.BookSettings().to_json()
        with book.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
            assert c.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    # Closed: checkpointed into one self-contained file, no WAL or journal beside it.
    assert siblings(tmp_path / "New.csmbook") == {"New.csmbook"}


def test_opening_and_reading_leaves_the_bytes_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "r.csmbook"
    shutil.copyfile(FIXTURE, path)
    BookFile.open(path).close()  # the first open switches the file to WAL for good
    before = digest(path)
    with BookFile.open(path) as book:
        book.check()
        from csm_desk.models.load import load_book

        load_book(book)
    assert digest(path) == before
    assert siblings(path) == {"r.csmbook"}


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "Taken.csmbook"
    target.write_text("mine")
    with pytest.raises(BookError, match="already exists"):
        BookFile.create(target)
    assert target.read_text() == "mine"


def test_missing_book_is_refused_unless_creating(tmp_path: Path) -> None:
    with pytest.raises(MissingBookError, match="no book at"):
        BookFile.open(tmp_path / "nope.csmbook")
    assert not (tmp_path / "nope.csmbook").exists()
    with BookFile.open(tmp_path / "made.csmbook", create=True) as book:
        assert book.check().ok


def test_every_session_has_foreign_keys_on(empty_book: BookFile) -> None:
    for _ in range(3):
        with empty_book.session() as session:
            assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_head_revision_matches_the_shipped_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(bookfile.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrations_create_exactly_the_models_schema(tmp_path: Path) -> None:
    """The first revision builds the same tables and columns as the SQLModel metadata (the
    search index's FTS table and its shadow tables are not models, and are left out)."""
    from sqlalchemy import create_engine, inspect
    from sqlmodel import SQLModel

    from csm_desk.models.search import SEARCH_TABLES

    with BookFile.create(tmp_path / "m.csmbook") as book:
        inspector = inspect(book.engine)
        migrated = {
            t: {c["name"] for c in inspector.get_columns(t)}
            for t in inspector.get_table_names()
            if t != "alembic_version" and t not in SEARCH_TABLES
        }
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    direct = inspect(engine)
    expected = {t: {c["name"] for c in direct.get_columns(t)} for t in direct.get_table_names()}
    assert migrated == expected


# -- refusing what is not a book ------------------------------------------------------------


def _other_database(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO photos(name) VALUES ('beach.jpg')")
    con.commit()
    con.close()
    return path


def _other_app(path: Path) -> Path:
    _other_database(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id = 1234")
    con.close()
    return path


def _text_file(path: Path) -> Path:
    path.write_text("Account,ARR\nAcme,1000\n", encoding="utf-8")
    return path


def _empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _truncated_book(path: Path) -> Path:
    data = FIXTURE.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _header_only(path: Path) -> Path:
    path.write_bytes(FIXTURE.read_bytes()[:60])
    return path


def _newer_book(path: Path) -> Path:
    shutil.copyfile(FIXTURE, path)
    con = sqlite3.connect(path)
    con.execute("INSERT OR REPLACE INTO book_meta(key, value) VALUES ('min_app_version', '9.4.0')")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    return path


def _unknown_revision(path: Path) -> Path:
    shutil.copyfile(FIXTURE, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (_other_database, NotABookError, "is an SQLite database, not a CSM Desk book"),
        (_other_app, NotABookError, "SQLite database of another program"),
        (_text_file, NotABookError, "is a text file, not a CSM Desk book"),
        (_empty_file, NotABookError, "is empty"),
        (_truncated_book, NotABookError, "truncated CSM Desk book"),
        (_header_only, NotABookError, "truncated"),
        (_newer_book, NewerBookError, "needs CSM Desk 9.4.0 or later"),
        (_unknown_revision, NewerBookError, "newer CSM Desk"),
    ],
)
def test_refused_files_are_left_byte_for_byte_unchanged(
    tmp_path: Path, make, error: type[BookError], words: str
) -> None:
    path = make(tmp_path / "candidate.csmbook")
    before = digest(path)
    with pytest.raises(error) as caught:
        BookFile.open(path)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message
    assert str(path) in message
    assert digest(path) == before
    assert siblings(path) == {"candidate.csmbook"}, "no journal, WAL or backup beside it"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.csmbook"
    folder.mkdir()
    with pytest.raises(NotABookError, match="is a folder"):
        BookFile.open(folder)


# -- the kept first-schema book and the migration machinery ----------------------------------


def test_the_first_schema_book_opens_and_reads(tmp_path: Path) -> None:
    path = tmp_path / "first.csmbook"
    shutil.copyfile(FIXTURE, path)
    with BookFile.open(path) as book:
        report = book.check()
        assert report.ok, report
        assert report.counts["account"] == 1
        assert book.book_row().owner == "Robin Field"
        from csm_desk.models.load import load_book

        facts = load_book(book)
        assert facts.accounts[0].name == "Fixture Logistics"
        assert facts.currency == "EUR"


def test_an_older_book_is_backed_up_then_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    """Opening a book at an older revision takes a timestamped backup, then upgrades it."""
    scripts = tmp_path / "migrations"
    shutil.copytree(bookfile.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9002_test_extra.py").write_text(
        '"""Add a column (test revision)."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "9002"\ndown_revision = "{HEAD_REVISION}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        '    with op.batch_alter_table("account") as batch:\n'
        '        batch.add_column(sa.Column("nickname", sa.String(), nullable=True))\n\n\n'
        "def downgrade() -> None:\n    pass\n"
    )
    monkeypatch.setattr(bookfile, "MIGRATIONS", scripts)
    monkeypatch.setattr(bookfile, "HEAD_REVISION", "9002")
    path = tmp_path / "old.csmbook"
    shutil.copyfile(FIXTURE, path)
    before = digest(path)
    with BookFile.open(path) as book:
        assert book.backup_path is not None
        # In the book's own backup folder, named for when and why it was taken.
        assert book.backup_path.parent.parent == isolated_home / "data" / "backups"
        assert book.backup_path.name.endswith(" before-migration.csmbook")
        assert digest(book.backup_path) != "" and book.backup_path.exists()
        with book.engine.connect() as c:
            columns = [r[1] for r in c.exec_driver_sql("PRAGMA table_info(account)")]
            assert "nickname" in columns
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "9002"
            assert c.exec_driver_sql("SELECT count(*) FROM stakeholder").scalar() == 1
            assert not c.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    # The backup is the book as it was: it opens at the first revision with the same rows.
    con = sqlite3.connect(book.backup_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("SELECT count(*) FROM account").fetchone()[0] == 1
    con.close()
    assert digest(path) != before
