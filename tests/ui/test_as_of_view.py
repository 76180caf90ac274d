"""View ▸ As of… shows what ``csm-desk report --today D`` prints: the same book on that day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from csm_desk.__main__ import main
from csm_desk.report import report_json


@pytest.mark.parametrize("day", [dt.date(2025, 12, 1), dt.date(2026, 4, 15), dt.date(2026, 7, 5)])
def test_the_window_as_of_a_day_is_the_report_of_that_day(
    qtbot: object, demo_path: Path, capsys: pytest.CaptureFixture[str], day: dt.date
) -> None:
    from csm_desk.ui.main_window import MainWindow

    assert main(["report", "--json", "--book", str(demo_path), "--today", day.isoformat()]) == 0
    printed = json.loads(capsys.readouterr().out)

    win = MainWindow()
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    assert win.open_book(demo_path)
    try:
        win.session.set_as_of(day)
        shown = report_json(win.session.result)
        assert shown["as_of"] == printed["as_of"] == day.isoformat()
        assert shown["accounts"] == printed["accounts"]
        assert shown["book"] == printed["book"]
        names = {a["name"] for a in shown["accounts"]}
        assert "Juniper Robotics" not in names, "its contract starts in November 2026"
        # The portfolio the person sees lists the same accounts with the same ARR.
        table = win.portfolio.model
        assert table.rowCount() == len(shown["accounts"])
    finally:
        win.close_book()
