"""KPI progress: toward the target either way, the latest reading as current, deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib.text import Text

from csm_desk.charts.hover import hover_text
from csm_desk.charts.kpis import kpi_progress, kpi_progress_percent, kpi_rows, show_value
from csm_desk.engine.book import BookResult
from csm_desk.engine.facts import KpiFacts, Reading
from tests.charts.conftest import drawn

TODAY = dt.date(2026, 11, 22)


def kpi(
    baseline: float | None,
    current: float | None,
    target: float | None,
    *,
    higher: bool = True,
    by_when: dt.date | None = None,
    readings: tuple[Reading, ...] = (),
    name: str = "KPI",
) -> KpiFacts:
    return KpiFacts(1, name, None, baseline, current, target, higher, by_when, None, readings)


def test_progress_is_measured_toward_the_target_either_way() -> None:
    assert kpi_progress_percent(40, 55, 70, True) == pytest.approx(50.0)
    assert kpi_progress_percent(12, 8, 5, False) == pytest.approx(4 / 7 * 100)
    assert kpi_progress_percent(12, 14, 5, False) == pytest.approx(-2 / 7 * 100)  # moved away
    assert kpi_progress_percent(10, 42, 40, True) == pytest.approx(32 / 30 * 100)  # past it
    assert kpi_progress_percent(5, 5, 5, True) == 100.0
    assert kpi_progress_percent(5, 4, 5, True) == 0.0
    assert kpi_progress_percent(5, 4, 5, False) == 100.0
    assert kpi_progress_percent(None, 4, 5, True) is None
    assert kpi_progress_percent(4, None, 5, True) is None


def test_current_is_the_latest_reading_on_or_before_as_of() -> None:
    readings = (
        Reading(TODAY - dt.timedelta(days=60), 50),
        Reading(TODAY - dt.timedelta(days=5), 60),
        Reading(TODAY + dt.timedelta(days=5), 90),  # later: ignored
    )
    (row,) = kpi_rows([kpi(40, 45, 80, readings=readings)], as_of=TODAY)
    assert row.current == 60
    assert row.current_date == TODAY - dt.timedelta(days=5)
    assert row.progress == pytest.approx(50.0)
    assert len(row.readings) == 2
    # Without readings by then, the KPI's own current value.
    (early,) = kpi_rows([kpi(40, 45, 80, readings=readings)], as_of=TODAY - dt.timedelta(days=90))
    assert early.current == 45
    assert early.current_date is None


def test_met_and_overdue() -> None:
    past = TODAY - dt.timedelta(days=1)
    rows = kpi_rows(
        [
            kpi(12, 9, 5, higher=False, by_when=past),  # not met, past: overdue
            kpi(12, 5, 5, higher=False, by_when=past),  # met: not overdue
            kpi(40, 50, 80, by_when=TODAY),  # due today: not yet overdue
            kpi(40, 85, 80, by_when=None),
        ],
        as_of=TODAY,
    )
    assert [r.overdue for r in rows] == [True, False, False, False]
    assert [r.met for r in rows] == [False, True, False, True]


def test_show_value() -> None:
    assert show_value(40, "%") == "40%"
    assert show_value(12, "days") == "12 days"
    assert show_value(3.5, None) == "3.5"
    assert show_value(1250.25, "USD") == "1,250.25 USD"
    assert show_value(None, "%") == "—"


def test_figure_bars_follow_progress_and_say_when(sample_result: BookResult) -> None:
    kpis = sample_result.accounts[0].facts.kpis
    rows = kpi_rows(kpis, as_of=TODAY)
    figure = drawn(kpi_progress(kpis, as_of=TODAY))
    widths = [ax.containers[0][0].get_width() for ax in figure.axes if ax.containers]
    assert widths == pytest.approx([max(0.0, min(100.0, r.progress or 0.0)) for r in rows])
    shown = [t.get_text() for t in figure.findobj(Text)]
    # The date as the documents write it: no leading zero.
    assert "57% of the way · by 1 Apr 2027" in shown
    assert any("overdue" in t for t in shown)
    assert "target met · by 10 Jun 2027" in shown
    # A sparkline for each KPI with two readings or more.
    lines = [ln for ax in figure.axes for ln in ax.get_lines() if "readings" in str(ln.get_label())]
    assert len(lines) == sum(1 for r in rows if len(r.readings) >= 2)
    assert list(lines[0].get_ydata()) == [r.value for r in rows[0].readings]
    bar = figure.axes[0].containers[0][0]
    x, y = figure.axes[0].transData.transform((bar.get_width() / 2, 0.53))
    readout = hover_text(figure, x, y)
    assert readout is not None
    assert readout.startswith("Days to close the books (lower is better): Baseline 12 days")


def test_no_kpis() -> None:
    figure = kpi_progress([], as_of=TODAY)
    assert "No KPIs in the success plan yet" in [t.get_text() for t in figure.findobj(Text)]
