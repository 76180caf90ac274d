"""Fixtures for window tests: a sample book, a window on it, and file dialogs answered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import TODAY
from tests.ui.sample_book import write_sample_book


@pytest.fixture(scope="session")
def sample_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    folder = tmp_path_factory.mktemp("sample")
    previous = os.environ.get("CSM_DESK_TODAY")
    os.environ["CSM_DESK_TODAY"] = TODAY.isoformat()
    try:
        return write_sample_book(folder / "Sample.csmbook", TODAY)
    finally:
        if previous is None:
            os.environ.pop("CSM_DESK_TODAY", None)
        else:
            os.environ["CSM_DESK_TODAY"] = previous


@pytest.fixture
def sample_path(sample_master: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "Sample.csmbook"
    shutil.copyfile(sample_master, target)
    return target


@pytest.fixture
def window(qtbot: QtBot, sample_path: Path) -> Iterator[object]:
    from csm_desk.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_book(sample_path)
    yield win
    win.close_book()


def account_id(win: object, name: str) -> int:
    session = win.session  # type: ignore[attr-defined]
    return next(a.id for a in session.result.accounts if a.name == name)


# The offscreen platform says it cannot do window-manager things (raise, grab the keyboard,
# size hints); those are facts about the test platform, not warnings about the program.
OFFSCREEN_LIMITS = r"^This plugin does not support "


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS))


@pytest.fixture
def demo_window(qtbot: QtBot, demo_path: Path) -> Iterator[object]:
    """The window on a private copy of the demo book."""
    from csm_desk.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_book(demo_path)
    yield win
    win.close_book()
