"""An account's health charts: its score over time, and what makes up today's score.

Each chart has a pure series function (``health_trend_series``, ``health_trend_notes``,
``component_rows``) that computes exactly what the figure plots, so tests compare the figure
with the engine. ``kpi_progress`` lives in ``charts.kpis`` and is re-exported here.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from csm_desk.charts.common import (
    DateWords,
    day_number,
    finish,
    message_figure,
    new_figure,
    set_title,
    style_axes,
)
from csm_desk.charts.hover import HoverTarget, attach_hover
from csm_desk.charts.kpis import KpiRow, kpi_progress, kpi_rows
from csm_desk.charts.theme import LIGHT, ChartTheme
from csm_desk.engine.facts import SnapshotFacts
from csm_desk.engine.health import BAND_FLOORS, Health, band_for
from csm_desk.engine.history import chart_moves
from csm_desk.engine.vocab import Band, Component
from csm_desk.engine.wording import date_words

__all__ = [
    "ComponentRow",
    "KpiRow",
    "TrendNote",
    "TrendPoint",
    "component_breakdown",
    "component_rows",
    "health_trend",
    "health_trend_notes",
    "health_trend_series",
    "kpi_progress",
    "kpi_rows",
]


@dataclass(frozen=True)
class TrendPoint:
    """One scored snapshot on the health line."""

    date: dt.date
    score: float
    band: Band


@dataclass(frozen=True)
class TrendNote:
    """A large move, numbered on the chart and explained under it."""

    number: int
    date: dt.date
    score: float
    delta: float
    text: str  # the engine's label: "−12.3 on 22 Nov: usage −9.3 (…)"
    detail: str  # the full explanation, for the hover readout


def _known(snapshots: Sequence[SnapshotFacts], as_of: dt.date) -> list[SnapshotFacts]:
    return sorted((s for s in snapshots if s.date <= as_of), key=lambda s: s.date)


def health_trend_series(snapshots: Sequence[SnapshotFacts], *, as_of: dt.date) -> list[TrendPoint]:
    """The scored snapshots dated on or before ``as_of``, oldest first (unscored days are gaps
    in the history, not zeros). ``snapshots`` is the history as shown
    (``AccountResult.history``, or ``engine.history.health_history`` of a full history):
    re-scored with today's weights."""
    return [
        TrendPoint(s.date, float(s.score), band_for(s.score))
        for s in _known(snapshots, as_of)
        if s.score is not None
    ]


def health_trend_notes(
    snapshots: Sequence[SnapshotFacts], *, as_of: dt.date, annotate: int = 3
) -> list[TrendNote]:
    """The ``annotate`` largest moves up to ``as_of`` (``engine.history.chart_moves``), in date
    order, each labelled with its date and cause."""
    if annotate <= 0:
        return []
    moves = chart_moves(_known(snapshots, as_of), limit=annotate)
    return [
        TrendNote(
            number,
            move.date,
            float(move.change.after.score or 0.0),
            float(move.delta),
            move.label,
            move.change.summary(),
        )
        for number, move in enumerate(moves, start=1)
    ]


def _band_spans(ax: Axes, theme: ChartTheme) -> None:
    tops = [100.0, *(floor for floor, _ in BAND_FLOORS[:-1])]
    for (floor, band), top in zip(BAND_FLOORS, tops, strict=True):
        ax.axhspan(floor, top, color=theme.band_fill(band, 0.16), lw=0, zorder=0)
        ax.text(
            1.0,
            (floor + top) / 2,
            f" {band.label}",
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=theme.small,
            color=theme.muted,
        )


def health_trend(
    snapshots: Sequence[SnapshotFacts],
    *,
    as_of: dt.date,
    theme: ChartTheme = LIGHT,
    annotate: int = 3,
) -> Figure:
    """Health score over time, with the bands shaded and the largest moves numbered and
    explained beneath the plot. Snapshots need their component detail (a full history load)
    for the explanations."""
    points = health_trend_series(snapshots, as_of=as_of)
    if not points:
        return message_figure("No health history yet", theme)
    notes = health_trend_notes(snapshots, as_of=as_of, annotate=annotate)
    wrapped = [textwrap.wrap(n.text, 92, subsequent_indent="   ") for n in notes]
    note_lines = sum(len(w) for w in wrapped)
    plot_h = 2.6
    note_h = 0.2 + 0.17 * note_lines if notes else 0.0
    figure = new_figure(theme, plot_h + note_h)
    if notes:
        grid = figure.add_gridspec(2, 1, height_ratios=[plot_h, note_h])
        ax = figure.add_subplot(grid[0])
        notes_ax = figure.add_subplot(grid[1])
    else:
        ax = figure.add_subplot()
        notes_ax = None
    style_axes(ax, theme)
    ax.grid(False)
    set_title(ax, "Health score over time", theme)
    _band_spans(ax, theme)
    dates = [day_number(p.date) for p in points]
    scores = [p.score for p in points]
    (line,) = ax.plot(
        dates,
        scores,
        color=theme.series[0],
        linewidth=1.6,
        marker="o",
        markersize=4,
        markerfacecolor=theme.background,
        markeredgewidth=1.2,
        label="Health score",
        zorder=3,
        clip_on=False,
    )
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    first, last = min(dates), max(max(dates), day_number(as_of))
    pad = 15.0 if first == last else max(3.0, (last - first) * 0.03)
    ax.set_xlim(first - pad, last + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(DateWords())
    labels = [f"{date_words(p.date)}: health {p.score:.1f} ({p.band.label})" for p in points]
    targets = [HoverTarget(line, tuple(labels))]
    for note in notes:
        above = note.delta > 0
        marker = ax.annotate(
            str(note.number),
            (day_number(note.date), note.score),
            xytext=(0, 11 if above else -11),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=theme.small,
            fontweight="bold",
            color=theme.background,
            bbox={"boxstyle": "circle,pad=0.25", "fc": theme.foreground, "ec": "none"},
            zorder=4,
            gid=f"note-{note.number}",
        )
        targets.append(HoverTarget(marker, (f"{date_words(note.date)}: {note.detail}",)))
    if notes_ax is not None:
        notes_ax.set_axis_off()
        y = 1.0
        step = 1.0 / max(note_lines, 1)
        for note, lines in zip(notes, wrapped, strict=True):
            notes_ax.text(
                0.0,
                y,
                f"{note.number}",
                transform=notes_ax.transAxes,
                va="top",
                fontsize=theme.small,
                fontweight="bold",
                color=theme.foreground,
                in_layout=False,
            )
            notes_ax.text(
                0.03,
                y,
                "\n".join(lines),
                transform=notes_ax.transAxes,
                va="top",
                fontsize=theme.small,
                color=theme.foreground,
                linespacing=1.35,
                in_layout=False,  # wrapped for the page width; never squeeze the plot
            )
            y -= step * len(lines)
    attach_hover(figure, targets)
    return finish(figure)


@dataclass(frozen=True)
class ComponentRow:
    """One component's part in the score (present) or why it is left out (missing)."""

    component: Component
    score: float | None
    weight: float
    share: float | None
    contribution: float | None
    manual: bool
    note: str | None

    @property
    def present(self) -> bool:
        return self.score is not None


def component_rows(health: Health) -> list[ComponentRow]:
    """Every component in the standard order: its score, configured weight, share after
    renormalisation and contribution in points; components without data carry None."""
    rows: list[ComponentRow] = []
    for component in Component:
        scored = health.components.get(component)
        if scored is None:
            rows.append(ComponentRow(component, None, 0.0, None, None, False, None))
        else:
            rows.append(
                ComponentRow(
                    component,
                    scored.score,
                    scored.weight,
                    scored.share,
                    scored.contribution,
                    scored.manual,
                    scored.note,
                )
            )
    return rows


def component_breakdown(health: Health, *, theme: ChartTheme = LIGHT) -> Figure:
    """Each component's score as a bar (coloured by the band that score would be in), with its
    share of the total and the points it contributes; manual scores are marked "manual"."""
    if health.score is None:
        return message_figure(
            "Unscored: there are no health inputs yet. Record usage, contacts, survey answers or "
            "support figures, or set a component by hand, and the score will appear here.",
            theme,
        )
    rows = component_rows(health)
    figure = new_figure(theme, 0.5 + 0.38 * len(rows))
    ax = figure.add_subplot()
    style_axes(ax, theme, grid="x")
    set_title(ax, f"Health {health.shown_score()} ({health.band.label}): what makes it up", theme)
    positions = list(range(len(rows)))[::-1]
    targets: list[HoverTarget] = []
    present = [(y, r) for y, r in zip(positions, rows, strict=True) if r.score is not None]
    bars = ax.barh(
        [y for y, _ in present],
        [float(r.score or 0.0) for _, r in present],
        height=0.6,
        color=[theme.band_colour(band_for(r.score)) for _, r in present],
        label="Component score",
        zorder=2,
    )
    for bar, (y, row) in zip(bars.patches, present, strict=True):
        score, share, points = float(row.score or 0), row.share or 0.0, row.contribution or 0.0
        text = f"{score:.0f}   {share:.0f}% of the score · +{points:.1f} pts"
        if row.manual:
            text += " · set by hand"
        ax.text(
            103,
            y,
            text,
            va="center",
            fontsize=theme.small,
            color=theme.foreground,
            in_layout=False,  # inside the room kept right of the bars
        )
        hover = (
            f"{row.component.label}: {score:.1f} — weight {row.weight:.0f}%, "
            f"{share:.1f}% of the score after scaling, contributes {points:.1f} points"
        )
        if row.manual:
            hover += f" (set by hand{': ' + row.note if row.note else ''})"
        targets.append(HoverTarget(bar, (hover,)))
    for y, row in zip(positions, rows, strict=True):
        if row.score is None:
            ax.text(
                2,
                y,
                "no data: left out, the other weights scaled up",
                va="center",
                fontsize=theme.small,
                color=theme.muted,
                style="italic",
                in_layout=False,
            )
    ax.set_yticks(
        positions,
        [r.component.label for r in rows],
        fontsize=theme.small,
    )
    ax.set_xlim(0, 175)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.tick_params(axis="y", length=0)
    attach_hover(figure, targets)
    return finish(figure)
