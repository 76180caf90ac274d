"""The examples in the engine's docstrings are run: each module's doctests pass.

The engine's docstrings carry DOMAIN.md's worked examples (NPS 50/30/20 → 30, NRR 107 % and
GRR 92 %, band edges, renewal phases…); running them keeps the examples true.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import csm_desk.engine

MODULES = sorted(
    f"{csm_desk.engine.__name__}.{info.name}"
    for info in pkgutil.iter_modules(csm_desk.engine.__path__)
)


@pytest.mark.parametrize("name", MODULES)
def test_engine_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_engine_has_examples_to_run() -> None:
    """The worked examples are still there (a docstring rewritten without them shows here)."""
    finder = doctest.DocTestFinder()
    examples = {
        name: sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
        for name in MODULES
    }
    for name in ("health", "history", "metrics", "renewals", "segments", "settings"):
        assert examples[f"csm_desk.engine.{name}"] > 0, name
