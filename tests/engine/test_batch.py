"""Pausing the garbage collector: nested and overlapping pauses, on one thread or several."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from csm_desk.engine.batch import collection_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def overlap(first_to_finish: str) -> None:
    """Threads A and B each hold a pause; both begin before either ends, and
    ``first_to_finish`` ends first."""
    a_in, b_in = threading.Event(), threading.Event()
    a_may_leave, b_may_leave = threading.Event(), threading.Event()
    a_out, b_out = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def pause(entered: threading.Event, may_leave: threading.Event, out: threading.Event) -> None:
        try:
            with collection_paused():
                entered.set()
                assert may_leave.wait(5)
                assert not gc.isenabled()
        except BaseException as exc:  # reported on the main thread
            errors.append(exc)
        finally:
            out.set()

    a = threading.Thread(target=pause, args=(a_in, a_may_leave, a_out))
    b = threading.Thread(target=pause, args=(b_in, b_may_leave, b_out))
    a.start()
    assert a_in.wait(5)
    b.start()
    assert b_in.wait(5)
    assert not gc.isenabled()
    first, second = (
        ((a_may_leave, a_out), (b_may_leave, b_out))
        if first_to_finish == "A"
        else ((b_may_leave, b_out), (a_may_leave, a_out))
    )
    first[0].set()
    assert first[1].wait(5)
    assert not gc.isenabled(), "collection resumed while the other pause was still under way"
    second[0].set()
    assert second[1].wait(5)
    a.join(5)
    b.join(5)
    assert not errors
    assert gc.isenabled(), "collection left off after every pause ended"


def test_overlapping_pauses_on_two_threads_resume_collection_the_first_to_start_ends_first() -> (
    None
):
    overlap(first_to_finish="A")


def test_overlapping_pauses_on_two_threads_resume_collection_the_last_to_start_ends_first() -> None:
    overlap(first_to_finish="B")


def test_nested_pauses_resume_only_when_the_outermost_ends() -> None:
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_begun_with_collection_off_leaves_it_off() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_collection_resumes_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


class _Node:
    """An object the collector tracks."""


def test_what_a_pause_leaves_alive_is_not_walked_by_later_collections() -> None:
    with collection_paused():
        kept = _Node()
    assert gc.isenabled()
    assert not any(o is kept for o in gc.get_objects()), "later collections would walk it"
    assert gc.get_freeze_count() > 0
