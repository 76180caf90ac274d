"""Account charts: what they plot is what the engine says."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from csm_desk.charts.account import (
    component_breakdown,
    component_rows,
    health_trend,
    health_trend_notes,
    health_trend_series,
)
from csm_desk.charts.hover import hover_text
from csm_desk.charts.theme import DARK
from csm_desk.engine.book import BookResult
from csm_desk.engine.history import chart_moves
from csm_desk.engine.vocab import Band, Component
from csm_desk.engine.wording import date_words
from tests.charts.conftest import drawn, worked_account

TODAY = dt.date(2026, 11, 22)


def texts(figure) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for t in figure.findobj(Text)]


def test_trend_series_are_the_scored_snapshots_up_to_as_of(book_result: BookResult) -> None:
    account = worked_account(book_result)
    snapshots = account.facts.snapshots
    assert len(snapshots) >= 3, "the worked account needs a health history"
    points = health_trend_series(snapshots, as_of=book_result.as_of)
    expected = [s for s in snapshots if s.score is not None and s.date <= book_result.as_of]
    assert [p.date for p in points] == [s.date for s in expected]
    assert [p.score for p in points] == [s.score for s in expected]
    # A snapshot after the as-of date is not history yet.
    earlier = snapshots[len(snapshots) // 2].date
    assert all(p.date <= earlier for p in health_trend_series(snapshots, as_of=earlier))


def test_trend_figure_plots_the_series_and_numbers_the_largest_moves(
    book_result: BookResult,
) -> None:
    account = worked_account(book_result)
    snapshots = account.facts.snapshots
    figure = health_trend(snapshots, as_of=book_result.as_of, annotate=3)
    ax = figure.axes[0]
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == "Health score"]
    series = health_trend_series(snapshots, as_of=book_result.as_of)
    assert list(line.get_ydata()) == pytest.approx([p.score for p in series])
    moves = chart_moves([s for s in snapshots if s.date <= book_result.as_of], limit=3)
    notes = health_trend_notes(snapshots, as_of=book_result.as_of, annotate=3)
    assert [n.text for n in notes] == [m.label for m in moves]
    assert [n.date for n in notes] == [m.date for m in moves]
    assert moves, "the worked account should have a large move to explain"
    shown = " ".join(texts(figure)).replace("\n", " ")
    for note in notes:
        assert [t for t in figure.findobj(Text) if t.get_gid() == f"note-{note.number}"]
        # The explanation is printed beneath the plot (wrapped, so compare its words).
        assert " ".join(note.text.split()[:4]) in shown


def test_trend_bands_are_shaded_and_labelled() -> None:
    from csm_desk.engine.settings import BookSettings
    from tests.charts.sample import fintech

    figure = health_trend(fintech(BookSettings()).snapshots, as_of=TODAY)
    ax = figure.axes[0]
    spans = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(spans) == 5
    labels = {t.get_text().strip() for t in ax.texts}
    assert {b.label for b in Band if b is not Band.UNSCORED} <= labels


def test_trend_annotate_zero_and_empty_history() -> None:
    from csm_desk.engine.settings import BookSettings
    from tests.charts.sample import fintech

    snapshots = fintech(BookSettings()).snapshots
    assert health_trend_notes(snapshots, as_of=TODAY, annotate=0) == []
    assert len(health_trend(snapshots, as_of=TODAY, annotate=0).axes) == 1
    empty = health_trend([], as_of=TODAY)
    assert "No health history yet" in texts(empty)
    # History that all lies after the as-of date is no history.
    assert "No health history yet" in texts(health_trend(snapshots, as_of=dt.date(2020, 1, 1)))


def test_trend_hover_reads_the_point_under_the_pointer(book_result: BookResult) -> None:
    account = worked_account(book_result)
    figure = drawn(health_trend(account.facts.snapshots, as_of=book_result.as_of, theme=DARK))
    (line,) = [ln for ln in figure.axes[0].get_lines() if ln.get_label() == "Health score"]
    x, y = line.get_transform().transform(line.get_xydata()[0])
    point = health_trend_series(account.facts.snapshots, as_of=book_result.as_of)[0]
    assert hover_text(figure, x + 1, y - 1) == (
        f"{date_words(point.date)}: health {point.score:.1f} ({point.band.label})"
    )
    assert hover_text(figure, 1, 1) is None


def test_component_bars_are_the_component_scores(book_result: BookResult) -> None:
    account = worked_account(book_result)
    health = account.health
    assert health.score is not None
    figure = component_breakdown(health)
    ax = figure.axes[0]
    (bars,) = ax.containers
    present = [r for r in component_rows(health) if r.present]
    assert [b.get_width() for b in bars] == pytest.approx([r.score for r in present])
    assert [r.component for r in present] == [c for c in Component if c in health.components]
    assert sum(r.contribution or 0 for r in present) == pytest.approx(health.score)
    shown = texts(figure)
    for row in present:
        assert any(f"+{row.contribution:.1f} pts" in t and f"{row.share:.0f}%" in t for t in shown)


def test_component_breakdown_marks_manual_and_missing(sample_result: BookResult) -> None:
    fintech = sample_result.accounts[0]
    rows = component_rows(fintech.health)
    manual = [r for r in rows if r.manual]
    assert [r.component for r in manual] == [Component.SENTIMENT]
    figure = component_breakdown(fintech.health)
    assert any("set by hand" in t for t in texts(figure))
    # Take a component away: it is listed as left out, not drawn as a zero bar.
    components = dict(fintech.health.components)
    del components[Component.GROWTH]
    thinner = replace(fintech.health, components=components, missing=(Component.GROWTH,))
    figure = component_breakdown(thinner)
    (bars,) = figure.axes[0].containers
    assert len(bars) == 4
    assert any(t.startswith("no data") for t in texts(figure))


def test_component_breakdown_hover_and_unscored(sample_result: BookResult) -> None:
    fintech = sample_result.accounts[0]
    figure = drawn(component_breakdown(fintech.health))
    (bars,) = figure.axes[0].containers
    first = bars[0]
    x, y = figure.axes[0].transData.transform(
        (first.get_x() + first.get_width() / 2, first.get_y() + first.get_height() / 2)
    )
    usage = fintech.health.components[Component.USAGE]
    assert hover_text(figure, x, y) == (
        f"Usage: {usage.score:.1f} — weight {usage.weight:.0f}%, {usage.share:.1f}% of the "
        f"score after scaling, contributes {usage.contribution:.1f} points"
    )
    unscored = next(a for a in sample_result.active if a.health.score is None)
    assert any(t.startswith("Unscored") for t in texts(component_breakdown(unscored.health)))


def test_trend_note_markers_explain_themselves_on_hover(sample_result: BookResult) -> None:
    snapshots = sample_result.accounts[0].facts.snapshots
    figure = drawn(health_trend(snapshots, as_of=TODAY))
    notes = health_trend_notes(snapshots, as_of=TODAY)
    assert notes
    for note in notes:
        (marker,) = [t for t in figure.findobj(Text) if t.get_gid() == f"note-{note.number}"]
        box = marker.get_window_extent(figure.canvas.get_renderer())
        assert hover_text(figure, box.x0 + box.width / 2, box.y0 + box.height / 2) == (
            f"{date_words(note.date)}: {note.detail}"
        )
