"""What the pointer is over: each chart lists the marks that can explain themselves on hover.

Builders attach ``HoverTarget``s to their figure with ``attach_hover``; a chart widget calls
``hover_text(figure, x, y)`` from a mouse-motion event (display pixels, origin bottom left, as
matplotlib's events give them) and shows the text it returns. No Qt here, so it is tested
headless against a drawn figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

_ATTRIBUTE = "_csm_hover_targets"
POINT_RADIUS_PT = 6.0


@dataclass(frozen=True)
class HoverTarget:
    """A mark and its readout: one label for a bar or card, one per point for a line."""

    artist: Artist
    labels: tuple[str, ...]

    def text_at(self, x: float, y: float, dpi: float) -> str | None:
        """The readout when the pointer is at display (x, y), else None."""
        artist = self.artist
        if not artist.get_visible() or not self.labels:
            return None
        if isinstance(artist, Line2D):
            return self._nearest_point(artist, x, y, POINT_RADIUS_PT * dpi / 72)
        if isinstance(artist, Patch):
            return self.labels[0] if artist.contains_point((x, y)) else None
        figure = artist.get_figure()
        renderer = getattr(getattr(figure, "canvas", None), "get_renderer", None)
        if renderer is None:
            return None
        box = artist.get_window_extent(renderer())
        return self.labels[0] if box.contains(x, y) else None

    def _nearest_point(self, line: Line2D, x: float, y: float, radius: float) -> str | None:
        points = line.get_transform().transform(line.get_xydata())
        best: tuple[float, int] | None = None
        for index, (px, py) in enumerate(points):
            distance = math.hypot(px - x, py - y)
            if distance <= radius and (best is None or distance < best[0]):
                best = (distance, index)
        if best is None or best[1] >= len(self.labels):
            return None
        return self.labels[best[1]]


def attach_hover(figure: Figure, targets: Sequence[HoverTarget]) -> None:
    """Give ``figure`` its hover targets (added to any it has)."""
    setattr(figure, _ATTRIBUTE, (*hover_targets(figure), *targets))


def hover_targets(figure: Figure) -> tuple[HoverTarget, ...]:
    """The hover targets a builder attached to ``figure``."""
    found: tuple[HoverTarget, ...] = getattr(figure, _ATTRIBUTE, ())
    return found


def hover_text(figure: Figure, x: float, y: float) -> str | None:
    """The readout for display position (x, y) of a drawn figure: the topmost target under the
    pointer wins (targets added later are drawn over earlier ones)."""
    for target in reversed(hover_targets(figure)):
        text = target.text_at(x, y, figure.dpi)
        if text is not None:
            return text
    return None
