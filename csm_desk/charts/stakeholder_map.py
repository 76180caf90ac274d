"""The stakeholder map drawn for documents: one card per person, reporting and influence lines.

A card shows the person's name and title, their role badges, relationship strength as one to
five dots, and their stance as the card's colour (supporter green, neutral grey, resistant red,
all muted) with the stance also written on the card for greyscale printing; influence is the
weight of the border. Departed people are greyed with the name struck through; a mark sits on
anyone not contacted in 90 days. Reports-to lines are solid with the arrow at the manager,
influence lines dashed and curved. Cards sit where the map canvas saved them, else where
``engine.maplayout.auto_layout`` puts them; the drawing keeps the canvas's proportions and is
scaled to fit the page width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch
from matplotlib.path import Path

from csm_desk.charts.common import PAGE_WIDTH_IN, finish, message_figure, text_width_pt
from csm_desk.charts.hover import HoverTarget, attach_hover
from csm_desk.charts.map_cards import (
    NO_CONTACT_DAYS,
    TITLE_LINE,
    CardPainter,
    describe,
    no_recent_contact,
    title_lines,
)
from csm_desk.charts.theme import PRINT, ChartTheme
from csm_desk.engine.facts import LinkFacts, StakeholderFacts
from csm_desk.engine.maplayout import CARD_H, CARD_W, GAP_X, GAP_Y, Point, auto_layout
from csm_desk.engine.vocab import LinkKind

__all__ = ["describe", "map_positions", "no_recent_contact", "stakeholder_map"]

# A card is this many inches wide when the map fits the page without shrinking.
NATURAL_CARD_IN = 1.55
MARGIN = 18.0  # canvas units around the cards
SMALLEST_TEXT = 12.0  # the smallest text on a printed standard card, in canvas units


def map_positions(
    people: Sequence[StakeholderFacts],
    links: Sequence[LinkFacts],
    positions: Mapping[int, Point] | None,
    *,
    card_w: float = CARD_W,
    card_h: float = CARD_H,
) -> dict[int, Point]:
    """Where each card goes: the saved canvas positions when everyone has one; otherwise the
    automatic layout, keeping whatever positions were saved."""
    saved = {p.id: positions[p.id] for p in people if positions and p.id in positions}
    if len(saved) == len(people):
        return {k: (float(x), float(y)) for k, (x, y) in saved.items()}
    return auto_layout(people, links, card_w=card_w, card_h=card_h, fixed=saved)


def print_rows(
    spots: Mapping[int, Point], per_row: int, w: float, h: float, *, repack: bool = False
) -> dict[int, Point]:
    """``spots`` with no row wider than ``per_row`` cards: the cards of a row, left to right,
    continue on new lines beneath it, each line centred, rows kept in their order top to
    bottom. Unchanged when every row fits, unless ``repack`` (the layout left gaps in its rows
    that make the map too wide): then every row is set side by side and centred.

    >>> print_rows({1: (0, 0), 2: (224, 0), 3: (448, 0)}, 2, 200, 96)
    {1: (0.0, 0.0), 2: (224.0, 0.0), 3: (112.0, 152.0)}
    """
    rows: list[list[int]] = []
    for person in sorted(spots, key=lambda p: (spots[p][1], spots[p][0])):
        if rows and abs(spots[person][1] - spots[rows[-1][0]][1]) < h / 2:
            rows[-1].append(person)
        else:
            rows.append([person])
    if not repack and all(len(row) <= per_row for row in rows):
        return dict(spots)
    placed: dict[int, Point] = {}
    line = 0
    full = per_row * w + (per_row - 1) * GAP_X
    for row in rows:
        for start in range(0, len(row), per_row):
            chunk = row[start : start + per_row]
            width = len(chunk) * w + (len(chunk) - 1) * GAP_X
            left = (full - width) / 2
            for index, person in enumerate(chunk):
                placed[person] = (float(left + index * (w + GAP_X)), float(line * (h + GAP_Y)))
            line += 1
    return placed


def _narrower(per_row: int) -> list[tuple[int, bool]]:
    """The ways to try to fit a map to the page, widest first: rows as laid out, then repacked
    at ``per_row`` cards, then at fewer.

    >>> _narrower(2)
    [(2, False), (2, True), (1, True)]
    """
    return [(per_row, False)] + [(n, True) for n in range(per_row, 0, -1)]


def stretch_rows(spots: Mapping[int, Point], h: float, grow: float) -> dict[int, Point]:
    """``spots`` moved down so that cards ``grow`` units taller still clear the rows beneath:
    each row (cards within half a card's height of each other) moves by ``grow`` for every
    row above it.

    >>> stretch_rows({1: (0, 0), 2: (224, 10), 3: (0, 152)}, 96, 20)
    {1: (0.0, 0.0), 2: (224.0, 10.0), 3: (0.0, 172.0)}
    """
    placed: dict[int, Point] = {}
    rank, row_top = -1, None
    for person in sorted(spots, key=lambda p: (spots[p][1], spots[p][0])):
        x, y = spots[person]
        if row_top is None or y - row_top >= h / 2:
            rank, row_top = rank + 1, y
        placed[person] = (float(x), float(y + rank * grow))
    return placed


def _elbow(report: FancyBboxPatch, manager: FancyBboxPatch) -> Path | None:
    """An org-chart line from the top of a report's card up to the bottom of their manager's:
    up into the gap under the manager's row, across, and up. None when the manager is not
    above the report (someone moved the cards), for a straight line instead."""
    manager_bottom = manager.get_y() + manager.get_height()
    report_top = report.get_y()
    if report_top <= manager_bottom:
        return None
    rx = report.get_x() + report.get_width() / 2
    mx = manager.get_x() + manager.get_width() / 2
    bus = manager_bottom + min(GAP_Y, report_top - manager_bottom) / 2
    return Path([(rx, report_top), (rx, bus), (mx, bus), (mx, manager_bottom)])


def _lines(
    ax: Axes,
    links: Sequence[LinkFacts],
    cards: Mapping[int, FancyBboxPatch],
    theme: ChartTheme,
    scale: float,
) -> None:
    """Reports-to lines solid with the arrow at the manager, influence lines dashed and curved;
    both under the cards. Lines to people not on the map, or to oneself, are left out."""
    for link in links:
        if link.from_id == link.to_id or link.from_id not in cards or link.to_id not in cards:
            continue
        reports = link.kind == LinkKind.REPORTS_TO
        start, end = cards[link.from_id], cards[link.to_id]
        elbow = _elbow(start, end) if reports else None
        if elbow is not None:
            arrow = FancyArrowPatch(path=elbow)
        else:
            arrow = FancyArrowPatch(
                _centre(start),
                _centre(end),
                patchA=start,
                patchB=end,
                connectionstyle="arc3,rad=0" if reports else "arc3,rad=0.18",
            )
        arrow.set_arrowstyle("-|>" if reports else "->")
        arrow.set_mutation_scale(max(7.0, 20 * scale))
        arrow.set_color(theme.foreground if reports else theme.muted)
        arrow.set_linestyle("-" if reports else (0, (4, 3)))
        arrow.set_linewidth(max(0.6, 1.8 * scale))
        arrow.set_zorder(2)
        arrow.set_gid(f"{'reports' if reports else 'influences'}-{link.from_id}-{link.to_id}")
        ax.add_patch(arrow)


def _centre(card: FancyBboxPatch) -> Point:
    return (card.get_x() + card.get_width() / 2, card.get_y() + card.get_height() / 2)


def _legend_handles(theme: ChartTheme) -> list[Artist]:
    return [
        Patch(fc=theme.supporter, ec=theme.foreground, lw=0.6, label="Supporter"),
        Patch(fc=theme.neutral, ec=theme.foreground, lw=0.6, label="Neutral"),
        Patch(fc=theme.resistant, ec=theme.foreground, lw=0.6, label="Resistant"),
        Patch(fc=theme.departed, ec=theme.muted, lw=0.6, label="Departed"),
        Patch(fc=theme.background, ec=theme.foreground, lw=2.4, label="Thick border: influential"),
        Line2D([], [], color=theme.foreground, lw=1.0, label="Reports to (arrow at manager)"),
        Line2D([], [], color=theme.muted, lw=1.0, ls=(0, (4, 3)), label="Influences"),
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            color=theme.foreground,
            markersize=4,
            label="Relationship, 1–5 dots",
        ),
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            color=theme.at_risk,
            markersize=6,
            label=f"No contact in {NO_CONTACT_DAYS} days",
        ),
    ]


def _legend_size(theme: ChartTheme, min_text_pt: float) -> float:
    return max(theme.small * 0.92, min_text_pt)


def _legend_shape(
    theme: ChartTheme, width_in: float, min_text_pt: float = 0.0
) -> tuple[int, float]:
    """The most legend columns that fit ``width_in``, and the legend's height in inches."""
    size = _legend_size(theme, min_text_pt)
    labels = [str(h.get_label()) for h in _legend_handles(theme)]
    for ncols in (4, 3, 2, 1):
        columns = [
            labels[c * -(-len(labels) // ncols) : (c + 1) * -(-len(labels) // ncols)]
            for c in range(ncols)
        ]
        width = sum(
            max((text_width_pt(t, size) for t in col), default=0) + 3.4 * size
            for col in columns
            if col
        )
        if width + 1.2 * size * (ncols - 1) <= width_in * 72 - 8 or ncols == 1:
            rows = -(-len(labels) // ncols)
            return ncols, (rows * 1.55 * size + 10) / 72
    raise AssertionError("unreachable")


def _legend(figure: Figure, theme: ChartTheme, ncols: int, min_text_pt: float = 0.0) -> None:
    legend = figure.legend(
        handles=_legend_handles(theme),
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=ncols,
        frameon=False,
        fontsize=_legend_size(theme, min_text_pt),
        labelcolor=theme.foreground,
        handlelength=1.8,
        handletextpad=0.6,
        columnspacing=1.2,
        borderaxespad=0.3,
    )
    legend.set_gid("legend")


def stakeholder_map(
    people: Sequence[StakeholderFacts],
    links: Sequence[LinkFacts],
    positions: Mapping[int, Point] | None,
    *,
    as_of: dt.date,
    theme: ChartTheme = PRINT,
    card_size: tuple[float, float] = (CARD_W, CARD_H),
    width_in: float = PAGE_WIDTH_IN,
    min_text_pt: float = 0.0,
) -> Figure:
    """The stakeholder map as a figure no wider than ``width_in``.

    ``positions`` are the top-left corners saved by the map canvas, in its units, for cards of
    ``card_size``; people without one are placed by the automatic layout. With ``min_text_pt``
    (print) no text is smaller than that: the cards are drawn large enough, and a row of cards
    too wide for the page at that size continues on the next line (``print_rows``), and job
    titles are wrapped whole, every card drawn taller when the longest title needs more than two
    lines (``stretch_rows`` keeps the rows apart).
    """
    if not people:
        return message_figure("No stakeholders mapped yet", theme)
    w, h = card_size
    spots = map_positions(people, links, positions, card_w=w, card_h=h)
    card_in = NATURAL_CARD_IN
    if min_text_pt > 0:
        # The smallest text on a card is SMALLEST_TEXT standard units tall.
        scale_needed = min_text_pt / (SMALLEST_TEXT * min(w / CARD_W, h / CARD_H))
        card_in = max(card_in, w * scale_needed / 72)
        fits = int((width_in * 72 / scale_needed - 2 * MARGIN + GAP_X) // (w + GAP_X))
        laid_out = spots
        for per_row, repack in _narrower(max(1, fits)):
            # Rows the layout spread wider than cards side by side can still be too wide.
            spots = print_rows(laid_out, per_row, w, h, repack=repack)
            xs = [x for x, _ in spots.values()]
            if (max(xs) - min(xs) + w + 2 * MARGIN) * scale_needed / 72 <= width_in + 1e-9:
                break
    left = min(x for x, _ in spots.values()) - MARGIN
    right = max(x for x, _ in spots.values()) + w + MARGIN
    span_x = right - left
    natural_in = span_x * card_in / w
    fig_w = min(width_in, natural_in)
    scale = fig_w * 72 / span_x  # points per canvas unit
    lines = 2
    if min_text_pt > 0:
        # Printed titles are wrapped whole: every card grows for the longest one.
        lines = max(2, *(len(title_lines(p.title, w, h, scale)) for p in people))
        grow = (lines - 2) * TITLE_LINE * min(w / CARD_W, h / CARD_H)
        if grow:
            spots = stretch_rows(spots, h, grow)
            h += grow
    top = min(y for _, y in spots.values()) - MARGIN
    bottom = max(y for _, y in spots.values()) + h + MARGIN
    span_y = bottom - top
    map_h = span_y * fig_w / span_x
    ncols, legend_in = _legend_shape(theme, fig_w, min_text_pt)
    figure = Figure(figsize=(fig_w, map_h + legend_in), dpi=100)
    figure.set_facecolor(theme.background)
    fraction = legend_in / (map_h + legend_in)
    ax = figure.add_axes((0.0, fraction, 1.0, 1.0 - fraction))
    ax.set_axis_off()
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)  # y grows downward, as on the canvas
    ax.set_aspect("equal")
    painter = CardPainter(
        ax, theme, scale, w, card_size[1], wrap_titles=min_text_pt > 0, title_lines=lines
    )
    cards: dict[int, FancyBboxPatch] = {}
    targets: list[HoverTarget] = []
    for person in sorted(people, key=lambda p: p.id):
        x, y = spots[person.id]
        cards[person.id] = painter.card(person, x, y, as_of)
        targets.append(HoverTarget(cards[person.id], (describe(person, as_of),)))
    _lines(ax, links, cards, theme, scale)
    _legend(figure, theme, ncols, min_text_pt)
    attach_hover(figure, targets)
    return finish(figure)
