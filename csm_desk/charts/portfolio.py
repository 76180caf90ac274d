"""Book-level charts from a scored book: bands, renewals by month, ARR by segment, discipline.

Each chart has a pure series function that computes what it plots from the ``BookSummary``
(active accounts only: churned ones stay out of counts, renewals and discipline), so the numbers
on a chart are the engine's numbers and tests can say so.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from csm_desk.charts.common import (
    finish,
    limit_ticks,
    message_figure,
    money,
    new_figure,
    plural,
    set_title,
    style_axes,
)
from csm_desk.charts.hover import HoverTarget, attach_hover
from csm_desk.charts.theme import LIGHT, ChartTheme
from csm_desk.engine.summary import BookSummary
from csm_desk.engine.vocab import Artifact, ArtifactStatus, Band, Segment

BAND_RANGES = {
    Band.HEALTHY: "80–100",
    Band.STABLE: "60–79.9",
    Band.AT_RISK: "40–59.9",
    Band.CRITICAL: "20–39.9",
    Band.EMERGENCY: "0–19.9",
    Band.UNSCORED: "no score",
}


@dataclass(frozen=True)
class BandRow:
    band: Band
    count: int


@dataclass(frozen=True)
class MonthRow:
    """Renewals falling in one calendar month (from the as-of date on, for the first)."""

    month: dt.date  # the first day of the month
    count: int
    arr_due: float
    forecast_arr: float
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class SegmentRow:
    segment: Segment
    count: int
    arr: float


@dataclass(frozen=True)
class ArtifactRow:
    """One artifact across the book, over the accounts where it is mandatory and due.

    Attributes:
        required: accounts where it counts toward discipline.
        share: complete ÷ required, in percent (None when required nowhere).
    """

    artifact: Artifact
    required: int
    complete: int
    stale: int
    incomplete: int
    missing: int

    @property
    def share(self) -> float | None:
        return None if self.required == 0 else self.complete / self.required * 100


def band_rows(book: BookSummary) -> list[BandRow]:
    """Active accounts per band, every band in order (zeros included)."""
    return [BandRow(band, int(book.bands.get(band, 0))) for band in Band]


def _month_start(day: dt.date, months_ahead: int) -> dt.date:
    index = day.month - 1 + months_ahead
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


def renewals_by_month_series(book: BookSummary, months: int = 12) -> list[MonthRow]:
    """For each of ``months`` calendar months starting with the as-of date's month: the active
    accounts renewing in it (not yet overdue), their ARR due and forecast (ARR × probability)."""
    rows: list[MonthRow] = []
    for ahead in range(months):
        start = _month_start(book.as_of, ahead)
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        renewing = [
            a
            for a in book.active
            if (day := a.renewal_day) is not None
            and a.days_to_renewal is not None
            and a.days_to_renewal >= 0
            and start <= day <= end
        ]
        rows.append(
            MonthRow(
                start,
                len(renewing),
                sum(a.arr for a in renewing),
                sum(a.arr * a.renewal_probability for a in renewing),
                tuple(a.name for a in sorted(renewing, key=lambda a: (-a.arr, a.name))),
            )
        )
    return rows


def arr_by_segment_series(book: BookSummary) -> list[SegmentRow]:
    """Active accounts and their ARR per segment as the portfolio shows it: a red account
    temporarily upgraded to high touch counts there (the table's segment column, marked ↑),
    so the bars and the table always agree. Churned accounts are not counted."""
    return [
        SegmentRow(
            segment,
            sum(1 for a in book.active if a.shown_segment is segment),
            sum(a.arr for a in book.active if a.shown_segment is segment),
        )
        for segment in Segment
    ]


def discipline_by_artifact_series(book: BookSummary) -> list[ArtifactRow]:
    """Per artifact, over the active accounts where it is mandatory and due: how many have it
    complete, stale, incomplete or missing."""
    rows: list[ArtifactRow] = []
    for artifact in Artifact:
        statuses = Counter(a.counted[artifact] for a in book.active if artifact in a.counted)
        rows.append(
            ArtifactRow(
                artifact,
                sum(statuses.values()),
                statuses[ArtifactStatus.COMPLETE],
                statuses[ArtifactStatus.STALE],
                statuses[ArtifactStatus.INCOMPLETE],
                statuses[ArtifactStatus.MISSING],
            )
        )
    return rows


def _money_axis(currency: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: money(value, currency, compact=True))


def accounts_per_band(book: BookSummary, *, theme: ChartTheme = LIGHT) -> Figure:
    """A bar per health band with the number of active accounts in it, in band colours."""
    rows = band_rows(book)
    if not book.active:
        return message_figure("No active accounts in the book yet", theme)
    figure = new_figure(theme, 2.6)
    ax = figure.add_subplot()
    style_axes(ax, theme)
    set_title(ax, "Accounts by health band", theme)
    xs = list(range(len(rows)))
    bars = ax.bar(
        xs,
        [r.count for r in rows],
        width=0.62,
        color=[theme.band_colour(r.band) for r in rows],
        label="Accounts",
        zorder=2,
    )
    ax.bar_label(bars, padding=2, fontsize=theme.small, color=theme.foreground)
    ax.set_xticks(xs, [r.band.label for r in rows], fontsize=theme.small)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(r.count for r in rows) * 1.18 + 0.5)
    ax.set_ylabel("Accounts")
    total = sum(r.count for r in rows)
    targets = [
        HoverTarget(
            bar,
            (
                f"{r.band.label} ({BAND_RANGES[r.band]}): {plural(r.count, 'account')}"
                f" — {r.count / total * 100:.0f}% of the book",
            ),
        )
        for bar, r in zip(bars.patches, rows, strict=True)
    ]
    attach_hover(figure, targets)
    return finish(figure)


def renewals_by_month(book: BookSummary, *, theme: ChartTheme = LIGHT, months: int = 12) -> Figure:
    """ARR due and forecast (ARR × renewal probability) per calendar month, side by side, for
    the ``months`` months from the as-of date's."""
    rows = renewals_by_month_series(book, months)
    figure = new_figure(theme, 2.8)
    ax = figure.add_subplot()
    style_axes(ax, theme)
    set_title(ax, f"Renewals in the next {months} months", theme)
    xs = list(range(len(rows)))
    width = 0.4
    due = ax.bar(
        [x - width / 2 for x in xs],
        [r.arr_due for r in rows],
        width=width,
        color=theme.series[1],
        label="ARR due",
        zorder=2,
    )
    forecast = ax.bar(
        [x + width / 2 for x in xs],
        [r.forecast_arr for r in rows],
        width=width,
        color=theme.series[0],
        label="Forecast",
        zorder=2,
    )
    labels = [
        f"{r.month:%b}" + (f"\n{r.month:%Y}" if i == 0 or r.month.month == 1 else "")
        for i, r in enumerate(rows)
    ]
    ax.set_xticks(xs, labels, fontsize=theme.small)
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_formatter(_money_axis(book.currency))
    top = max((r.arr_due for r in rows), default=0.0)
    ax.set_ylim(0, top * 1.15 if top > 0 else 1.0)
    if top == 0:
        ax.text(
            0.5,
            0.5,
            f"No renewals in the next {months} months",
            transform=ax.transAxes,
            ha="center",
            color=theme.muted,
            fontsize=theme.font_size,
            in_layout=False,
        )
        ax.set_yticks([])
    ax.legend(
        loc="upper right",
        frameon=False,
        fontsize=theme.small,
        labelcolor=theme.foreground,
        ncols=2,
    )
    targets: list[HoverTarget] = []
    for r, due_bar, forecast_bar in zip(rows, due.patches, forecast.patches, strict=True):
        names = ", ".join(r.accounts[:4]) + (
            f" and {len(r.accounts) - 4} more" if len(r.accounts) > 4 else ""
        )
        share = f" ({r.forecast_arr / r.arr_due * 100:.0f}%)" if r.arr_due else ""
        text = (
            f"{r.month:%B %Y}: {plural(r.count, 'renewal')} — "
            f"{money(r.arr_due, book.currency)} due, "
            f"{money(r.forecast_arr, book.currency)} forecast{share}"
            + (f" — {names}" if names else "")
        )
        targets += [HoverTarget(due_bar, (text,)), HoverTarget(forecast_bar, (text,))]
    attach_hover(figure, targets)
    return finish(figure)


def arr_by_segment(book: BookSummary, *, theme: ChartTheme = LIGHT) -> Figure:
    """ARR of active accounts per segment, with the number of accounts in each."""
    rows = arr_by_segment_series(book)
    if not book.active:
        return message_figure("No active accounts in the book yet", theme)
    figure = new_figure(theme, 1.9)
    ax = figure.add_subplot()
    style_axes(ax, theme, grid="x")
    set_title(ax, "ARR by segment", theme)
    ys = list(range(len(rows)))[::-1]
    colours = [theme.series[0], theme.series[2], theme.series[3]]
    bars = ax.barh(
        ys,
        [r.arr for r in rows],
        height=0.6,
        color=colours[: len(rows)],
        label="ARR",
        zorder=2,
    )
    total = sum(r.arr for r in rows)
    for y, r in zip(ys, rows, strict=True):
        share = f" ({r.arr / total * 100:.0f}%)" if total else ""
        ax.text(
            r.arr,
            y,
            f"  {money(r.arr, book.currency, compact=True)}{share} · {plural(r.count, 'account')}",
            va="center",
            fontsize=theme.small,
            color=theme.foreground,
            in_layout=False,
        )
    ax.set_yticks(ys, [r.segment.label for r in rows], fontsize=theme.small)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(_money_axis(book.currency))
    top = max(r.arr for r in rows)
    ax.set_xlim(0, top * 1.6 if top > 0 else 1.0)
    limit_ticks(ax, "x", top if top > 0 else 1.0)
    targets = [
        HoverTarget(
            bar,
            (
                f"{r.segment.label}: {money(r.arr, book.currency)} ARR, "
                f"{plural(r.count, 'account')}",
            ),
        )
        for bar, r in zip(bars.patches, rows, strict=True)
    ]
    attach_hover(figure, targets)
    return finish(figure)


def discipline_by_artifact(book: BookSummary, *, theme: ChartTheme = LIGHT) -> Figure:
    """Per artifact, the accounts where it is mandatory and due, split into complete, stale,
    incomplete and missing (stacked), with the share complete beside each bar."""
    rows = discipline_by_artifact_series(book)
    if not book.active:
        return message_figure("No active accounts in the book yet", theme)
    figure = new_figure(theme, 3.0)
    ax = figure.add_subplot()
    style_axes(ax, theme, grid="x")
    set_title(ax, "Artifact discipline: accounts where each artifact is required", theme)
    ys = list(range(len(rows)))[::-1]
    parts = (
        ("complete", "Complete", theme.healthy),
        ("stale", "Stale", theme.at_risk),
        ("incomplete", "Incomplete", theme.fill(theme.critical, 0.55)),
        ("missing", "Missing", theme.critical),
    )
    left = [0.0] * len(rows)
    targets: list[HoverTarget] = []
    for attribute, label, colour in parts:
        values = [float(getattr(r, attribute)) for r in rows]
        bars = ax.barh(ys, values, left=left, height=0.62, color=colour, label=label, zorder=2)
        for bar, r, value in zip(bars.patches, rows, values, strict=True):
            if value:
                targets.append(
                    HoverTarget(
                        bar,
                        (
                            f"{r.artifact.label}: {label.lower()} at {int(value)} of "
                            f"{plural(r.required, 'account')} where it is required",
                        ),
                    )
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, r in zip(ys, rows, strict=True):
        text = (
            "  not required yet"
            if r.share is None
            else f"  {r.share:.0f}% ({r.complete}/{r.required})"
        )
        ax.text(
            r.required,
            y,
            text,
            va="center",
            fontsize=theme.small,
            color=theme.foreground,
            in_layout=False,  # inside the room kept right of the bars
        )
    ax.set_yticks(ys, [r.artifact.label for r in rows], fontsize=theme.small)
    ax.tick_params(axis="y", length=0)
    top = max((r.required for r in rows), default=0)
    ax.set_xlim(0, max(top, 1) * 1.28)
    limit_ticks(ax, "x", max(top, 1), integer=True)
    ax.set_xlabel("Accounts")
    figure.legend(
        loc="outside lower center",
        ncols=4,
        frameon=False,
        fontsize=theme.small,
        labelcolor=theme.foreground,
    )
    attach_hover(figure, targets)
    return finish(figure)
