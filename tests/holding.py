"""Another program holding a book: a child process that opens it for writing and holds it
until its input closes, or writes one change and dies without closing (leaving its journal)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = "CSM Desk test window"
CHILD = """
import os, sys
from csm_desk.models.bookfile import BookFile
book = BookFile.open(sys.argv[1], program=sys.argv[2])
if sys.argv[3] == "crash":
    with book.write() as conn:
        conn.exec_driver_sql("UPDATE book SET owner = 'Written before the crash'")
    print("ready", flush=True)
    os._exit(0)
print("ready", flush=True)
sys.stdin.read()
book.close()
"""


def start(book: Path, mode: str = "hold") -> subprocess.Popen[str]:
    """Start the child on ``book`` (``mode``: "hold" or "crash"); returns once it has it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(book), PROGRAM, mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def release(proc: subprocess.Popen[str]) -> None:
    """Let a holding child close the book and end."""
    if proc.stdin is not None:
        proc.stdin.close()
    proc.wait(timeout=30)
