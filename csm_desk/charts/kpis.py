"""Success-plan KPIs: how far each has come from its baseline toward its target, and by when.

Progress is measured toward the target whichever way is better: a KPI where lower is better
(days to close the books, 12 → target 5) that now reads 8 is (8 − 12) ÷ (5 − 12) = 57 % of the
way. The current value is the latest reading on or before the as-of date, else the KPI's own
"current" field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from csm_desk.charts.common import (
    day_number,
    finish,
    fit_text,
    message_figure,
    new_figure,
    text_width_pt,
)
from csm_desk.charts.hover import HoverTarget, attach_hover
from csm_desk.charts.theme import LIGHT, ChartTheme
from csm_desk.engine.facts import KpiFacts, Reading
from csm_desk.engine.wording import date_words


@dataclass(frozen=True)
class KpiRow:
    """One KPI as the chart shows it.

    Attributes:
        current_date: the date of the reading used as current (None: the KPI's own field).
        progress: percent of the way from baseline to target (may be below 0 when it moved
            away, above 100 past the target); None without baseline, target or current.
        met: the current value has reached the target (in the better direction).
        overdue: the by-when date has passed and the target is not met.
    """

    name: str
    unit: str | None
    baseline: float | None
    current: float | None
    current_date: dt.date | None
    target: float | None
    higher_is_better: bool
    by_when: dt.date | None
    progress: float | None
    met: bool
    overdue: bool
    readings: tuple[Reading, ...]


def kpi_progress_percent(
    baseline: float | None, current: float | None, target: float | None, higher_is_better: bool
) -> float | None:
    """Percent of the way from ``baseline`` to ``target`` that ``current`` has come.

    >>> kpi_progress_percent(12, 8, 5, higher_is_better=False)
    57.14285714285714
    >>> kpi_progress_percent(40, 55, 70, higher_is_better=True)
    50.0
    """
    if baseline is None or current is None or target is None:
        return None
    if target == baseline:
        return 100.0 if _met(current, target, higher_is_better) else 0.0
    return (current - baseline) / (target - baseline) * 100


def _met(current: float | None, target: float | None, higher_is_better: bool) -> bool:
    if current is None or target is None:
        return False
    return current >= target if higher_is_better else current <= target


def kpi_rows(kpis: Sequence[KpiFacts], *, as_of: dt.date) -> list[KpiRow]:
    """Each KPI's baseline, current value, target, progress and deadline as of ``as_of``."""
    rows: list[KpiRow] = []
    for kpi in kpis:
        readings = tuple(sorted((r for r in kpi.readings if r.date <= as_of), key=lambda r: r.date))
        if readings:
            current: float | None = readings[-1].value
            current_date: dt.date | None = readings[-1].date
        else:
            current, current_date = kpi.current, None
        met = _met(current, kpi.target, kpi.higher_is_better)
        rows.append(
            KpiRow(
                name=kpi.name,
                unit=kpi.unit,
                baseline=kpi.baseline,
                current=current,
                current_date=current_date,
                target=kpi.target,
                higher_is_better=kpi.higher_is_better,
                by_when=kpi.by_when,
                progress=kpi_progress_percent(
                    kpi.baseline, current, kpi.target, kpi.higher_is_better
                ),
                met=met,
                overdue=kpi.by_when is not None and kpi.by_when < as_of and not met,
                readings=readings,
            )
        )
    return rows


def show_value(value: float | None, unit: str | None) -> str:
    """A KPI value with its unit: "40%", "12 days", "—" when unknown."""
    if value is None:
        return "—"
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    if not unit:
        return number
    return f"{number}{unit}" if unit in ("%", "pp") else f"{number} {unit}"


def _status(row: KpiRow) -> str:
    if row.progress is None:
        return "no baseline or target" if row.current is not None else "no reading yet"
    if row.met:
        return "target met"
    if row.progress < 0:
        return f"{row.progress:.0f}% (moving away)"
    return f"{row.progress:.0f}% of the way"


def _bar_colour(row: KpiRow, theme: ChartTheme) -> str:
    if row.met:
        return theme.healthy
    if row.overdue or (row.progress is not None and row.progress < 0):
        return theme.critical
    return theme.series[0]


def _sparkline(spark: Axes, row: KpiRow, theme: ChartTheme) -> HoverTarget | None:
    """The KPI's readings as a small line on a faint panel, the target dashed."""
    if len(row.readings) < 2:
        spark.set_axis_off()
        return None
    spark.set_facecolor(theme.fill(theme.grid, 0.35))
    for spine in spark.spines.values():
        spine.set_visible(False)
    spark.set_xticks([])
    spark.set_yticks([])
    dates = [day_number(r.date) for r in row.readings]
    values = [r.value for r in row.readings]
    (line,) = spark.plot(
        dates, values, color=theme.series[0], linewidth=1.2, label=f"{row.name} readings"
    )
    spark.plot(dates[-1:], values[-1:], "o", color=theme.series[0], markersize=3)
    if row.target is not None:
        spark.axhline(row.target, color=theme.muted, linewidth=0.8, linestyle=(0, (2, 2)))
    spark.margins(x=0.08, y=0.2)
    return HoverTarget(
        line,
        tuple(
            f"{row.name} on {date_words(r.date)}: {show_value(r.value, row.unit)}"
            for r in row.readings
        ),
    )


def kpi_progress(kpis: Sequence[KpiFacts], *, as_of: dt.date, theme: ChartTheme = LIGHT) -> Figure:
    """One row per KPI: a track from baseline (left) to target (right) filled to where the
    current value stands; the share of the way and the by-when date above it (marked overdue
    when past and not met); the values beneath; and a sparkline of its readings with the
    target dashed."""
    rows = kpi_rows(kpis, as_of=as_of)
    if not rows:
        return message_figure("No KPIs in the success plan yet", theme)
    row_h = 0.62
    figure = new_figure(theme, 0.3 + row_h * len(rows))
    grid = figure.add_gridspec(len(rows), 2, width_ratios=[5.2, 1], wspace=0.05)
    # About the progress column's width in points (the figure less its margins and the
    # sparkline column), to keep a long KPI name clear of the status beside it.
    column_pt = figure.get_figwidth() * 72 * 0.76
    targets: list[HoverTarget] = []
    for index, row in enumerate(rows):
        ax = figure.add_subplot(grid[index, 0])
        ax.set_axis_off()
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 1)
        if index == 0:
            ax.set_title(
                "KPI progress", loc="left", fontsize=theme.large, color=theme.foreground, pad=8
            )
        status = _status(row)
        deadline = ""
        if row.by_when is not None:
            deadline = f"by {date_words(row.by_when)}" + (" · overdue" if row.overdue else "")
        right = " · ".join(t for t in (status, deadline) if t)
        alarm = row.overdue or (row.progress is not None and row.progress < 0)
        ax.text(
            100,
            0.86,
            right,
            fontsize=theme.small,
            va="center",
            ha="right",
            color=theme.critical if alarm else (theme.healthy if row.met else theme.muted),
            fontweight="bold" if alarm or row.met else "normal",
            in_layout=False,
        )
        room = column_pt - text_width_pt(right, theme.small, bold=alarm or row.met) - 16
        ax.text(
            0,
            0.86,
            fit_text(row.name, room, theme.font_size, bold=True),
            fontsize=theme.font_size,
            fontweight="bold",
            va="center",
            color=theme.foreground,
            in_layout=False,
        )
        track = FancyBboxPatch(
            (0, 0.42), 100, 0.22, boxstyle="square,pad=0", fc=theme.grid, ec="none"
        )
        ax.add_patch(track)
        filled = 0.0 if row.progress is None else max(0.0, min(100.0, row.progress))
        bar = ax.barh([0.53], [filled], height=0.22, color=_bar_colour(row, theme), label=row.name)
        values = (
            f"Baseline {show_value(row.baseline, row.unit)}  →  now "
            f"{show_value(row.current, row.unit)}  →  target {show_value(row.target, row.unit)}"
        )
        direction = "" if row.higher_is_better else "lower is better"
        if direction:
            ax.text(
                100,
                0.14,
                direction,
                fontsize=theme.small,
                va="center",
                ha="right",
                color=theme.muted,
                style="italic",
                in_layout=False,
            )
        room = column_pt - (text_width_pt(direction, theme.small) + 16 if direction else 0)
        ax.text(
            0,
            0.14,
            fit_text(values, room, theme.small),
            fontsize=theme.small,
            va="center",
            color=theme.foreground,
            in_layout=False,
        )
        when = f" on {date_words(row.current_date)}" if row.current_date else ""
        hover = f"{row.name}{direction and ' (lower is better)'}: {values}{when} — {right}"
        targets.append(HoverTarget(track, (hover,)))
        targets.append(HoverTarget(bar.patches[0], (hover,)))
        spark_target = _sparkline(figure.add_subplot(grid[index, 1]), row, theme)
        if spark_target is not None:
            targets.append(spark_target)
    attach_hover(figure, targets)
    return finish(figure)
