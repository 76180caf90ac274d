"""Put a backup back in place of a book, keeping the book as it was first.

The whole restore holds the book's writer lock, so it is refused (naming the program) while a
window or a command has the book open for changes. In order:

1. the backup is verified (a CSM Desk book this version can open, ``integrity_check`` ok);
2. the book as it is now is kept in its backup folder: a verified ``before-restore`` copy when
   SQLite can read it; when it cannot (a damaged book), the file and its journals are copied
   aside whole, named ``… before-restore damaged.csmbook``, for salvage;
3. the backup is copied with the backup API into a hidden file beside the book, which starts a
   journal lineage of its own (so no journal of the book it replaces can ever be replayed into
   it) and is verified again;
4. under the lock's gate (no other process is opening the book), any journal of the old book
   is removed and the new file is moved over the book with one atomic ``os.replace``.

Until step 4 the book is not touched (beyond checkpointing its own journal into it), and a
failure anywhere leaves it as it was, with no hidden file behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from csm_desk import paths
from csm_desk.models import clock
from csm_desk.models.backups import (
    BEFORE_RESTORE,
    FOLDER_KEY,
    Backup,
    UnverifiedCopyError,
    connection_folder_id,
    copy_verified,
    folder_for,
    free_name,
    is_damage,
    parse_name,
    reason_of,
    rotate,
    stored_keep,
)
from csm_desk.models.bookfile import (
    BookError,
    BookLockedError,
    NewerBookError,
    NotABookError,
    _known_revisions,
    _remove_file_set,
    _settle_journal,
    connect_read_only,
    first_problem,
    inspect_header,
    open_here,
    place_without_overwrite,
    temporary_sibling,
)
from csm_desk.models.booklock import BookLock
from csm_desk.models.journal import MARKER_KEY, Marker, shm_path, wal_path

# How long a restore waits for another program that is just opening the book.
GATE_WAIT = 10.0


def verify_backup(backup: Path) -> Backup:
    """The backup at ``backup``, checked to be a whole CSM Desk book this version can open;
    a one-line ``BookError`` otherwise.
    """
    if not backup.is_file():
        raise BookError(f"no backup at {backup}")
    inspect_header(backup)
    try:
        con = connect_read_only(backup)
    except sqlite3.Error as exc:
        raise BookError(f"{backup} cannot be read: {reason_of(exc)}") from None
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA integrity_check")]
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        accounts = int(con.execute("SELECT count(*) FROM account").fetchone()[0])
    except sqlite3.Error as exc:
        raise BookError(
            f"{backup.name} cannot be restored: it is not a readable CSM Desk book "
            f"({reason_of(exc)})"
        ) from None
    finally:
        con.close()
    if rows != ["ok"]:
        raise BookError(
            f"{backup.name} cannot be restored: it failed its integrity check "
            f"({first_problem(rows)}); "
            "choose another backup"
        )
    if revision is None or str(revision[0]) not in _known_revisions():
        raise NewerBookError(
            f"{backup.name} was written by a newer CSM Desk; update CSM Desk to restore it"
        )
    parsed = parse_name(backup)
    taken_at, reason = (parsed[0], parsed[1]) if parsed else (_modified(backup), "copy")
    return Backup(backup, taken_at, reason, backup.stat().st_size, accounts)


def _modified(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def _refuse_foreign(path: Path) -> None:
    """A file that is not a book at all is never restored over, unless it is named as one."""
    if not path.exists():
        return
    try:
        inspect_header(path)
    except NotABookError:
        if path.suffix.lower() != paths.BOOK_SUFFIX:
            raise BookError(
                f"{path} is not a CSM Desk book; restore the backup to a new book instead"
            ) from None
    except NewerBookError:
        pass


def _take_writer(path: Path, program: str) -> BookLock:
    """Become the book's one writer, or say who is."""
    try:
        lock = BookLock(path)
    except OSError as exc:
        why = reason_of(exc)
        raise BookError(f"cannot restore {path.name}: {why}; nothing was changed") from None
    try:
        if not lock.enter_gate(GATE_WAIT):
            raise BookError(f"{path} is being opened by another program; try again")
        if not lock.take_writer(program):
            holder = lock.holder()
            who = holder.describe() if holder else "another program"
            raise BookLockedError(
                f"{path.name} is open in {who}; close it there, then restore", holder
            )
        if path.exists():
            # A journal left by a crash is judged as an open would: one that is not the
            # book's own is set aside, never replayed into the copy kept of it.
            _settle_journal(path)
        lock.leave_gate()
    except BaseException:
        lock.close()
        raise
    return lock


def _keep_current(path: Path, backup: Backup, when: dt.datetime) -> tuple[Path | None, str | None]:
    """Keep the book as it is now in its backup folder. Returns where (None when there is no
    book) and the id of the folder, which the restored book keeps.
    """
    if not path.exists():
        return None, file_folder_id(backup.path)
    try:
        inspect_header(path)
    except NotABookError:
        return _set_aside(path, backup, when)
    except NewerBookError:
        pass
    try:
        con = sqlite3.connect(str(path), timeout=5.0)
    except sqlite3.Error:
        return _set_aside(path, backup, when)
    try:
        book_id = connection_folder_id(con) or file_folder_id(backup.path)
        folder = folder_for(path, book_id)
        kept = copy_verified(con, folder, path.stem, BEFORE_RESTORE, when, what=path.name)
    except UnverifiedCopyError:
        pass  # SQLite cannot read it whole: keep the file itself
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
    else:
        _checkpoint(con, path)
        rotate(folder, stored_keep(con), when.date())
        return kept.path, book_id
    finally:
        con.close()
    return _set_aside(path, backup, when)


def _checkpoint(con: sqlite3.Connection, path: Path) -> None:
    """Write the book's own journal into it, so removing the journal later loses nothing."""
    if not wal_path(path).exists():
        return
    busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy and busy[0]:
        raise BookError(
            f"{path.name} is being read by another program; try again when it has finished"
        )


def file_folder_id(path: Path) -> str | None:
    """The backup folder id held in a backup copy (read through a connection to the copy)."""
    try:
        con = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        return connection_folder_id(con)
    except sqlite3.Error:
        return None
    finally:
        con.close()


def _set_aside(path: Path, backup: Backup, when: dt.datetime) -> tuple[Path, str | None]:
    """Copy a book SQLite cannot read, with its journals, into the backup folder as found
    (the folder of the backup being restored: the book's own cannot be read from it).
    """
    book_id = file_folder_id(backup.path)
    folder = folder_for(path, book_id)
    parts = [(path, ""), (wal_path(path), "-wal"), (shm_path(path), "-shm")]
    placed: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = free_name(folder, path.stem, when, BEFORE_RESTORE, damaged=True)
        for source, suffix in parts:
            if not source.exists():
                continue
            final = Path(f"{target}{suffix}")
            partial = temporary_sibling(final, "aside")
            try:
                shutil.copyfile(source, partial)
                _sync(partial)
                place_without_overwrite(partial, final)
                placed.append(final)
            finally:
                partial.unlink(missing_ok=True)
    except OSError as exc:
        for done in placed:
            done.unlink(missing_ok=True)
        raise BookError(
            f"could not keep a copy of {path.name} before restoring: {reason_of(exc)}; "
            "nothing was changed"
        ) from None
    return target, book_id


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        _sync(folder)


def _prepare(backup: Path, partial: Path, book_id: str | None) -> None:
    """Write the backup's content at ``partial``: a single rollback-journal file starting a
    journal lineage of its own that keeps the book's backup folder, verified.
    """
    _remove_file_set(partial)
    source = connect_read_only(backup)
    copy = sqlite3.connect(str(partial))
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
        fresh = Marker.new_lineage()
        copy.execute(
            "INSERT OR REPLACE INTO book_meta(key, value) VALUES (?, ?)",
            (MARKER_KEY, fresh.text()),
        )
        if book_id is not None:
            copy.execute(
                "INSERT OR REPLACE INTO book_meta(key, value) VALUES (?, ?)",
                (FOLDER_KEY, f"{fresh.lineage}:{book_id}"),
            )
        copy.commit()
        rows = [str(r[0]) for r in copy.execute("PRAGMA integrity_check")]
    finally:
        copy.close()
        source.close()
    if rows != ["ok"]:
        raise BookError(f"the restored copy failed its integrity check ({first_problem(rows)})")
    for suffix in ("-wal", "-shm", "-journal"):
        if Path(f"{partial}{suffix}").exists():
            raise BookError("the restored copy is not a single self-contained file")


def _clear_journals(path: Path) -> None:
    """Remove the old book's journals, so none is ever paired with the restored file."""
    for journal in (wal_path(path), shm_path(path), Path(f"{path}-journal")):
        journal.unlink(missing_ok=True)


def _swap(partial: Path, path: Path, lock: BookLock) -> None:
    """Move the restored file over the book, with no other process opening it meanwhile."""
    if not lock.enter_gate(GATE_WAIT):
        raise BookError(f"{path} is being opened by another program; try again")
    try:
        _clear_journals(path)
        os.replace(partial, path)
        _sync_folder(path.parent)
    finally:
        lock.leave_gate()


def restore(book_path: Path, backup: Path, *, program: str = "csm-desk restore") -> Path | None:
    """Put the backup at ``backup`` in place of the book at ``book_path``.

    Returns where the book as it was is kept (a ``before-restore`` backup, or the damaged
    book set aside whole), or None when there was no book at ``book_path``. Raises a
    one-line ``BookError`` (``BookLockedError`` naming the program that has the book open)
    and leaves the book as it was when the restore cannot be done.
    """
    path = Path(book_path).expanduser().absolute()
    source = Path(backup).expanduser().absolute()
    if path.exists() and source.exists() and os.path.samefile(path, source):
        raise BookError(f"{source} is the book itself; choose one of its backups")
    if open_here(path) is not None:
        raise BookError(f"{path.name} is open in this window; close it first")
    _refuse_foreign(path)
    chosen = verify_backup(source)
    when = clock.now()
    lock = _take_writer(path, program)
    partial = temporary_sibling(path, "restore")
    try:
        try:
            kept, book_id = _keep_current(path, chosen, when)
            _prepare(source, partial, book_id)
            _swap(partial, path, lock)
        except (sqlite3.Error, OSError) as exc:
            raise BookError(
                f"could not restore {path.name}: {reason_of(exc)}; the book was left as it was"
            ) from None
    finally:
        _remove_file_set(partial)
        lock.close()
    return kept
