"""The window survives a Qt binding that drops a reference to None on every call returning
nothing (PySide6 6.12.0 on Python 3.11): a long run of such calls must not abort Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# A fresh interpreter with little else loaded, so None has few references to lose; 300,000
# calls that return nothing (a few thousand map repaints) would abort it on a bad binding.
CHILD = """
import sys
import csm_desk.ui
from PySide6.QtCore import QPointF
point = QPointF()
for _ in range(300_000):
    point.setX(1.0)
print("alive", sys.getrefcount(None) > 1000)
"""


def test_many_calls_returning_nothing_do_not_use_up_none() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["alive", "True"]


def test_the_probe_sees_a_binding_that_counts_correctly_after_the_guard() -> None:
    from csm_desk.ui import none_guard

    # Whatever the binding, after the guard the next probe either finds nothing wrong or None
    # has far more references than it can lose.
    assert not none_guard.binding_drops_none() or sys.getrefcount(None) > none_guard.HEADROOM
