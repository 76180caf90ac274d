"""Portfolio charts: every bar is a number the engine computed."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib.text import Text

from csm_desk.charts.hover import hover_text
from csm_desk.charts.portfolio import (
    accounts_per_band,
    arr_by_segment,
    arr_by_segment_series,
    band_rows,
    discipline_by_artifact,
    discipline_by_artifact_series,
    renewals_by_month,
    renewals_by_month_series,
)
from csm_desk.engine.book import BookResult
from csm_desk.engine.summary import summary_of_book
from csm_desk.engine.vocab import Artifact, ArtifactStatus, Band, Segment
from tests.charts.conftest import drawn


def bars_by_label(figure, label):  # type: ignore[no-untyped-def]
    (container,) = [c for ax in figure.axes for c in ax.containers if c.get_label() == label]
    return list(container)


def test_band_bars_are_the_book_bands(book_result: BookResult) -> None:
    rows = band_rows(summary_of_book(book_result))
    assert [r.band for r in rows] == list(Band)
    assert {r.band: r.count for r in rows} == dict(book_result.bands)
    assert sum(r.count for r in rows) == len(book_result.active)
    bars = bars_by_label(accounts_per_band(summary_of_book(book_result)), "Accounts")
    assert [b.get_height() for b in bars] == [r.count for r in rows]


def test_renewal_months_hold_each_renewal_once(book_result: BookResult) -> None:
    rows = renewals_by_month_series(summary_of_book(book_result))
    assert len(rows) == 12
    as_of = book_result.as_of
    assert rows[0].month == as_of.replace(day=1)
    assert [r.month.day for r in rows] == [1] * 12
    last_day = dt.date(
        rows[-1].month.year + rows[-1].month.month // 12, rows[-1].month.month % 12 + 1, 1
    ) - dt.timedelta(days=1)
    expected = [
        a
        for a in book_result.active
        if a.days_to_renewal is not None
        and a.days_to_renewal >= 0
        and a.facts.renewal_date is not None
        and a.facts.renewal_date <= last_day
    ]
    assert sum(r.count for r in rows) == len(expected)
    assert sum(r.arr_due for r in rows) == pytest.approx(sum(a.arr for a in expected))
    assert sum(r.forecast_arr for r in rows) == pytest.approx(
        sum(a.forecast_arr or 0.0 for a in expected)
    )
    # The renewals in the engine's 90-day window are among those charted.
    window = book_result.renewals[90]
    in_90 = [a for a in expected if a.days_to_renewal is not None and a.days_to_renewal <= 90]
    assert window.count == len(in_90)
    assert window.forecast_arr == pytest.approx(sum(a.forecast_arr or 0 for a in in_90))
    for row in rows:
        for name in row.accounts:
            account = next(a for a in expected if a.name == name)
            assert account.facts.renewal_date is not None
            assert account.facts.renewal_date.replace(day=1) == row.month


def test_renewal_bars_are_the_series(book_result: BookResult) -> None:
    rows = renewals_by_month_series(summary_of_book(book_result))
    figure = renewals_by_month(summary_of_book(book_result))
    assert [b.get_height() for b in bars_by_label(figure, "ARR due")] == pytest.approx(
        [r.arr_due for r in rows]
    )
    assert [b.get_height() for b in bars_by_label(figure, "Forecast")] == pytest.approx(
        [r.forecast_arr for r in rows]
    )


def test_sample_renewals_leave_out_overdue_and_churned(sample_result: BookResult) -> None:
    rows = renewals_by_month_series(summary_of_book(sample_result))
    named = {n for r in rows for n in r.accounts}
    assert "Initech" not in named  # overdue: an alert, not a forecast
    assert "Soylent Foods" not in named  # churned
    december = next(r for r in rows if r.month == dt.date(2026, 12, 1))
    assert december.accounts == ("Acme Logistics",)
    assert december.forecast_arr == pytest.approx(120_000 * 0.95)
    lines = [
        a
        for a in sample_result.active
        if a.days_to_renewal is not None and 0 <= a.days_to_renewal <= 365
    ]
    assert sum(r.arr_due for r in rows) == pytest.approx(sum(a.arr for a in lines))


def test_segment_bars_add_up_to_the_book(book_result: BookResult) -> None:
    rows = arr_by_segment_series(summary_of_book(book_result))
    assert [r.segment for r in rows] == list(Segment)
    assert sum(r.arr for r in rows) == pytest.approx(book_result.arr)
    assert sum(r.count for r in rows) == len(book_result.active)
    bars = bars_by_label(arr_by_segment(summary_of_book(book_result)), "ARR")
    assert [b.get_width() for b in bars] == pytest.approx([r.arr for r in rows])


def test_discipline_rows_count_required_artifacts(book_result: BookResult) -> None:
    rows = discipline_by_artifact_series(summary_of_book(book_result))
    assert [r.artifact for r in rows] == list(Artifact)
    for row in rows:
        states = [a.artifacts[row.artifact] for a in book_result.active]
        counted = [s for s in states if s.counts]
        assert row.required == len(counted)
        assert row.complete == sum(1 for s in counted if s.status is ArtifactStatus.COMPLETE)
        assert row.complete + row.stale + row.incomplete + row.missing == row.required
    figure = discipline_by_artifact(summary_of_book(book_result))
    for label, attribute in (("Complete", "complete"), ("Missing", "missing")):
        widths = [b.get_width() for b in bars_by_label(figure, label)]
        assert widths == [getattr(r, attribute) for r in rows]
    for row in rows:
        if row.required:
            assert row.share == pytest.approx(row.complete / row.required * 100)
        else:
            assert row.share is None


def test_bar_hover_readouts(sample_result: BookResult) -> None:
    figure = drawn(renewals_by_month(summary_of_book(sample_result)))
    ax = figure.axes[0]
    december = bars_by_label(figure, "ARR due")[1]
    x, y = ax.transData.transform(
        (december.get_x() + december.get_width() / 2, december.get_height() / 2)
    )
    assert hover_text(figure, x, y) == (
        "December 2026: 1 renewal — $120,000 due, $114,000 forecast (95%) — Acme Logistics"
    )
    figure = drawn(accounts_per_band(summary_of_book(sample_result)))
    ax = figure.axes[0]
    healthy = bars_by_label(figure, "Accounts")[0]
    x, y = ax.transData.transform((healthy.get_x() + 0.1, 0.5))
    assert hover_text(figure, x, y) == "Healthy (80–100): 4 accounts — 44% of the book"


def test_empty_book_says_so(sample_result: BookResult) -> None:
    from dataclasses import replace

    empty = replace(sample_result, accounts=(), bands=dict.fromkeys(Band, 0))
    for build in (accounts_per_band, arr_by_segment, discipline_by_artifact):
        shown = [t.get_text() for t in build(summary_of_book(empty)).findobj(Text)]
        assert "No active accounts in the book yet" in shown
    shown = [t.get_text() for t in renewals_by_month(summary_of_book(empty)).findobj(Text)]
    assert "No renewals in the next 12 months" in shown
