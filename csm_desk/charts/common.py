"""What every chart shares: a themed figure, styled axes, the empty-chart message, money text."""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
from collections.abc import Sequence
from typing import Any, Literal

import matplotlib.dates as mdates
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.ticker import Formatter, MaxNLocator

from csm_desk.charts.theme import BODY_FONTS, FALLBACK_FONT, ChartTheme
from csm_desk.engine.wording import date_words

# A4 and Letter both leave about 6.5 inches between the margins.
PAGE_WIDTH_IN = 6.5

_MEASURE = TextToPath()

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "AUD": "A$", "CAD": "C$"}


@functools.cache
def chart_fonts() -> tuple[str, ...]:
    """The font families every chart text is set in, first choice first: the documents' body
    font when one of ``BODY_FONTS`` is installed, then DejaVu Sans for what it lacks.

    The choice is made once per process and depends only on the fonts installed, so the same
    chart draws to the same bytes every time on one machine.
    """
    for name in BODY_FONTS:
        try:
            font_manager.findfont(name, fallback_to_default=False)
        except ValueError:
            continue
        return (name, FALLBACK_FONT)
    return (FALLBACK_FONT,)


class DateWords(Formatter):
    """Date-axis labels in the words the documents use for dates: "9 Feb 2027"; "Feb 2027" when
    every tick falls on the first of a month; "2027" when every tick falls on 1 January."""

    def format_ticks(self, values: Sequence[Any]) -> list[str]:
        days = [mdates.num2date(float(v)).date() for v in values]  # type: ignore[no-untyped-call]
        if days and all((d.month, d.day) == (1, 1) for d in days):
            return [str(d.year) for d in days]
        if days and all(d.day == 1 for d in days):
            return [date_words(d).split(" ", 1)[1] for d in days]
        return [date_words(d) for d in days]

    def __call__(self, x: Any, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]


def new_figure(theme: ChartTheme, height_in: float, width_in: float = PAGE_WIDTH_IN) -> Figure:
    """An empty figure in the theme's background, laid out with constrained layout."""
    figure = Figure(figsize=(width_in, height_in), layout="constrained", dpi=100)
    figure.set_facecolor(theme.background)
    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(w_pad=0.06, h_pad=0.06)
    return figure


def style_axes(
    ax: Axes, theme: ChartTheme, *, grid: Literal["x", "y", "both"] | None = "y"
) -> None:
    """Background, spines, ticks and grid in the theme's colours; only the bottom and left
    spines, faint; a grid along ``grid`` ("x", "y" or None) behind the data."""
    ax.set_facecolor(theme.background)
    for side, spine in ax.spines.items():
        spine.set_visible(side in ("bottom", "left"))
        spine.set_color(theme.grid)
    ax.tick_params(
        colors=theme.foreground,
        labelcolor=theme.foreground,
        labelsize=theme.small,
        length=3,
        color=theme.grid,
    )
    ax.xaxis.label.set_color(theme.muted)
    ax.yaxis.label.set_color(theme.muted)
    ax.xaxis.label.set_fontsize(theme.small)
    ax.yaxis.label.set_fontsize(theme.small)
    ax.set_axisbelow(True)
    if grid:
        ax.grid(True, axis=grid, color=theme.grid, linewidth=0.6)


def set_title(ax: Axes, text: str, theme: ChartTheme) -> None:
    ax.set_title(text, loc="left", fontsize=theme.large, color=theme.foreground, pad=8)


def message_figure(message: str, theme: ChartTheme, height_in: float = 1.4) -> Figure:
    """A figure that says, in words, why there is nothing to draw."""
    figure = new_figure(theme, height_in)
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        textwrap.fill(message, 70),
        ha="center",
        va="center",
        color=theme.muted,
        fontsize=theme.font_size,
        transform=ax.transAxes,
        gid="message",
    )
    return finish(figure)


def finish(figure: Figure) -> Figure:
    """Pin every text of the figure to the charts' fonts (``chart_fonts``; tick labels made
    later copy the first tick's font), so charts look the same whatever the local settings
    say."""
    families = list(chart_fonts())
    for text in figure.findobj(Text):
        text.set_fontfamily(families)
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in (*axis.get_major_ticks(), *axis.get_minor_ticks()):
                tick.label1.set_fontfamily(families)
                tick.label2.set_fontfamily(families)
    return figure


def day_number(day: dt.date) -> float:
    """A date as matplotlib's day number (what date axes plot)."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def currency_symbol(currency: str) -> str:
    return _SYMBOLS.get(currency.upper(), currency.upper() + " ")


def money(value: float, currency: str = "USD", *, compact: bool = False) -> str:
    """An amount for a label: "$1,250,000" or, compact, "$1.25M" / "$250k"."""
    symbol = currency_symbol(currency)
    sign = "−" if value < 0 else ""
    value = abs(value)
    if not compact:
        return f"{sign}{symbol}{value:,.0f}"
    if value >= 1_000_000:
        return f"{sign}{symbol}{value / 1_000_000:.3g}M"
    if value >= 1_000:
        return f"{sign}{symbol}{value / 1_000:.3g}k"
    return f"{sign}{symbol}{value:,.0f}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """How wide ``text`` is, in points, set in the charts' font at ``size`` points."""
    prop = FontProperties(
        family=list(chart_fonts()), size=size, weight="bold" if bold else "normal"
    )
    width, _height, _descent = _MEASURE.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def fit_text(text: str, max_width_pt: float, size: float, *, bold: bool = False) -> str:
    """``text``, cut short with an ellipsis if it would be wider than ``max_width_pt``."""
    if text_width_pt(text, size, bold=bold) <= max_width_pt:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width_pt(text[:middle].rstrip() + "…", size, bold=bold) <= max_width_pt:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def wrap_lines(text: str, max_width_pt: float, size: float, most: int) -> list[str]:
    """``text`` in at most ``most`` lines no wider than ``max_width_pt``, broken between words
    (a word too long for a line is cut, and the last line ends in an ellipsis only when the
    text needs more lines than that).

    >>> wrap_lines("Vice President, Finance Transformation", 90, 8, 2)
    ['Vice President,', 'Finance Transformation']
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if not current or text_width_pt(trial, size) <= max_width_pt:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > most:
        lines = [
            *lines[: most - 1],
            fit_text(" ".join(lines[most - 1 :]) + " …", max_width_pt, size),
        ]
    return [fit_text(line, max_width_pt, size) for line in lines]


def wrap_all(text: str, max_width_pt: float, size: float) -> list[str]:
    """All of ``text`` in lines no wider than ``max_width_pt``, broken between words; a word
    too long for a line of its own is broken inside it with a hyphen, never left out.

    >>> lines = wrap_all("Head of Supercalifragilistic Operations", 40, 8)
    >>> len(lines) > 2, " ".join(lines).replace("- ", "")
    (True, 'Head of Supercalifragilistic Operations')
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if text_width_pt(trial, size) <= max_width_pt:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while text_width_pt(current, size) > max_width_pt and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and text_width_pt(current[:cut] + "-", size) > max_width_pt:
                cut -= 1
            lines.append(current[:cut] + "-")
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def limit_ticks(ax: Axes, axis: str, top: float, *, integer: bool = False) -> None:
    """Ticks and the spine only from 0 to ``top`` on ``axis``, however far the limits run (the
    room beyond holds labels)."""
    locator = MaxNLocator(nbins=5, integer=integer)
    ticks = [t for t in locator.tick_values(0, top) if 0 <= t <= top * 1.0001]
    if axis == "x":
        ax.set_xticks(ticks)
        ax.spines["bottom"].set_bounds(0, max(ticks[-1], top) if ticks else top)
    else:
        ax.set_yticks(ticks)
        ax.spines["left"].set_bounds(0, max(ticks[-1], top) if ticks else top)
