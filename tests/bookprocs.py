"""Other processes for book tests: the command line in a subprocess, a writer that can be killed,
and fingerprints of a book's bytes and content."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csm_desk.models.bookfile import BookFile

ROOT = Path(__file__).resolve().parent.parent
WRITER_CHILD = Path(__file__).resolve().parent / "models" / "book_writer_child.py"


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a command-line run: this test's CSM_DESK_HOME and date, no display."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_cli(
    *argv: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 180.0
) -> Cli:
    """``python -m csm_desk ARGV`` in a new process (``env``: variables to set for it)."""
    done = subprocess.run(
        [sys.executable, "-m", "csm_desk", *argv],
        env=cli_env(**(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd or ROOT,
    )
    return Cli(list(argv), done.returncode, done.stdout, done.stderr)


class Cli:
    """What one command-line run did."""

    def __init__(self, argv: list[str], code: int, out: str, err: str) -> None:
        self.argv = argv
        self.code = code
        self.out = out
        self.err = err

    def problems(self, *, expect_ok: bool | None = None) -> list[str]:
        """What is wrong with how the run ended: a traceback, an error that is not one line
        starting ``csm-desk: ``, a failure without an error or an error with success."""
        found = []
        command = " ".join(self.argv[:3])
        if "Traceback" in self.err:
            found.append(f"{command}: traceback: {self.err.strip()[-1200:]}")
        lines = [line for line in self.err.splitlines() if line.strip()]
        if self.code != 0 and (len(lines) != 1 or not lines[0].startswith("csm-desk: ")):
            found.append(f"{command}: exit {self.code} but stderr is not one line: {lines!r}")
        if expect_ok is True and self.code != 0:
            found.append(f"{command}: failed on a good book: {self.err.strip()}")
        if expect_ok is False and self.code == 0:
            found.append(f"{command}: succeeded on a damaged book: {self.out.strip()[:300]}")
        return found

    def __repr__(self) -> str:
        return f"Cli({self.argv!r}, code={self.code}, err={self.err!r})"


class WriterProcess:
    """A process holding a book open for writing (see ``models/book_writer_child.py``)."""

    def __init__(self, book: Path) -> None:
        self.book = book
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER_CHILD), str(book)],
            env=cli_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.pid = self.proc.pid

    def ask(self, command: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if not answer or answer.startswith("error"):
            err = (
                self.proc.stderr.read() if self.proc.poll() is not None and self.proc.stderr else ""
            )
            raise AssertionError(f"the writer answered {answer!r} to {command!r} {err}")
        return answer

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs in the writer."""
        os.kill(self.pid, signal.SIGKILL)
        self.proc.wait()
        self._close_pipes()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (recursively) with its sha256."""
    return {
        str(p.relative_to(folder)): sha256(p) if p.is_file() else "<dir>"
        for p in sorted(folder.rglob("*"))
    }


def content_checksum(path: Path) -> str:
    """A checksum of every row of a closed book (its log included)."""
    from benchmarks.crash_writer import content_checksum as checksum

    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return checksum(con)
    finally:
        con.close()


def open_checksum(book: BookFile) -> str:
    """A checksum of every row of an open book, as it reads it."""
    from benchmarks.crash_writer import content_checksum as checksum

    with book.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        return checksum(raw)
