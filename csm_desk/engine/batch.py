"""Working on a whole book at once without the garbage collector getting in the way.

Loading and scoring a big book creates hundreds of thousands of small immutable facts. None of
them form reference cycles, yet each burst of allocations triggers full collections that walk
every one of them again; pausing collection for the duration makes whole-book work several
times faster. When the outermost pause ends, what it left alive is moved out of the collector's
sight (``gc.freeze``) before collection resumes: the book's facts live as long as the book is
open, and walking them again at every later collection would cost as much as the pause saved
(they are still freed, by reference counting, when the book lets go of them).

The collector is one switch for the whole process, so the pauses are counted process-wide
under a lock: a book opening off the GUI thread while the window records a snapshot must not
leave collection off once both are done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
# Pauses under way across all threads, and whether collection was on when the first began.
_depth = 0
_resume = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (nesting is fine, on any thread).

    Collection resumes when the last pause still under way ends, and only if it was enabled
    when the first of them began; what was alive then is frozen out of later collections.
    """
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
        _depth += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _resume:
                    gc.enable()
