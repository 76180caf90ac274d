"""Working on a whole book at once without the garbage collector getting in the way.

Loading and scoring a big book creates hundreds of thousands of small immutable facts. None of
them form reference cycles, yet each burst of allocations triggers full collections that walk
every one of them again; pausing collection for the duration makes whole-book work several
times faster. Collection resumes (and catches up) when the outermost pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (nesting is fine)."""
    global _depth
    was_enabled = gc.isenabled()
    _depth += 1
    gc.disable()
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and was_enabled:
            gc.enable()
