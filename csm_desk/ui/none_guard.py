"""Keeps Python's ``None`` alive under a Qt binding that forgets to count its references.

PySide6 6.12.0 hands ``None`` back from every wrapped C++ function that returns nothing
without taking a reference to it. From Python 3.12 on ``None`` is immortal and this does no
harm; on Python 3.11 each such call (``painter.drawText``, ``item.setPos``…) uses up one of
``None``'s references, and after some tens of thousands of calls — a few hundred repaints of
the stakeholder map, a long scroll through the portfolio — the interpreter aborts with "Fatal
Python error: deallocating None".

``protect_none`` checks whether the binding in use does this and, only then, gives ``None`` a
reference count no session can use up, which is what Python 3.12 does for every program.
Bindings that count correctly, and Python 3.12 and later, are left alone.
"""

from __future__ import annotations

import ctypes
import sys

# More references than any session can drop (one per call: ~10^12 calls).
HEADROOM = 1 << 40
_PROBE_CALLS = 64


def binding_drops_none() -> bool:
    """Whether calling a Qt function that returns nothing loses a reference to ``None``."""
    from PySide6.QtCore import QPointF

    point = QPointF()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        point.setX(1.0)
    return sys.getrefcount(None) < before - _PROBE_CALLS // 2


def protect_none() -> bool:
    """Give ``None`` headroom when the binding drops references to it; True when it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not binding_drops_none():
        return False
    # ob_refcnt is the first field of every CPython object.
    ctypes.c_ssize_t.from_address(id(None)).value += HEADROOM
    return True
