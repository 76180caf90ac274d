"""The program's log file, ``csm-desk.log`` in ``paths.log_dir()``: where an error nobody
expected is written in full (its traceback), for the window and the command line alike, so the
person is told one calm line and the details are kept.

The file is rotated at 1 MB, with three older files kept. ``start()`` is called at start-up by
the entry point; it is safe to call again (tests change ``CSM_DESK_HOME`` between them).
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from csm_desk import paths

LOG_NAME = "csm-desk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [process %(process)d, %(threadName)s] %(message)s"

log = logging.getLogger("csm_desk")


class _LogFile(RotatingFileHandler):
    """The program's own handler (so ``start`` finds it again among the root's handlers)."""


def log_path() -> Path:
    """Where the log is written."""
    return paths.log_dir() / LOG_NAME


def start() -> Path | None:
    """Send this process's log records to ``log_path()`` from now on: the program's own from
    INFO up, every library's warnings and errors. Returns the log's path, or None when its
    folder cannot be made (the program then runs without a log file)."""
    path = log_path().absolute()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _LogFile):
            if Path(handler.baseFilename) == path:
                return path
            root.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.INFO)
    return path


def stop() -> None:
    """Stop writing the log (closing its file)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _LogFile):
            root.removeHandler(handler)
            handler.close()


def record_unexpected(exc: BaseException, where: str) -> Path | None:
    """Write ``exc`` with its traceback to the log, saying ``where`` it happened ("in the
    window", "in csm-desk report"); returns the log's path (None when there is no log file)."""
    path = start()
    log.error("Unexpected error %s", where, exc_info=(type(exc), exc, exc.__traceback__))
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _LogFile):
            handler.flush()
    return path


def one_line(exc: BaseException) -> str:
    """``RuntimeError: what it said`` — the first line of an error, for a message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
