"""Shared fixtures: every test runs headless, with its own CSM_DESK_HOME and a fixed date."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The date the tests treat as today (demo books are written relative to it).
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every location at a fresh folder and fix today's date."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CSM_DESK_HOME", str(home))
    monkeypatch.setenv("CSM_DESK_TODAY", TODAY.isoformat())
    return home


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def empty_book(tmp_path: Path) -> Iterator[BookFile]:  # noqa: F821
    from csm_desk.models.bookfile import BookFile

    book = BookFile.create(tmp_path / "Empty.csmbook", owner="Test Owner")
    yield book
    book.close()


@pytest.fixture(scope="session")
def demo_book_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo book, written once per test session (copy it before changing it)."""
    from csm_desk.models.demo import write_demo

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "Demo.csmbook"
    previous = os.environ.get("CSM_DESK_HOME")
    os.environ["CSM_DESK_HOME"] = str(folder / "home")
    try:
        write_demo(path, TODAY)
    finally:
        if previous is None:
            os.environ.pop("CSM_DESK_HOME", None)
        else:
            os.environ["CSM_DESK_HOME"] = previous
    return path


@pytest.fixture
def demo_path(demo_book_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo book."""
    target = tmp_path / "Demo.csmbook"
    shutil.copyfile(demo_book_master, target)
    return target


@pytest.fixture
def demo_book(demo_path: Path) -> Iterator[BookFile]:  # noqa: F821
    from csm_desk.models.bookfile import BookFile

    book = BookFile.open(demo_path)
    yield book
    book.close()
