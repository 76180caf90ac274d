"""The map's colours, from the window palette, in the same visual language as the printed map.

The colours come from ``csm_desk.palette``, which the charts use too. ``for_palette`` follows
the window's light or dark palette; ``PRINT`` is the white-paper version for PNGs.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QPalette

from csm_desk import palette
from csm_desk.palette import luminance, mix


@dataclass(frozen=True)
class MapColours:
    """Everything the cards, lines, legend and coverage panel are painted with.

    Attributes:
        background: the canvas behind the cards.
        foreground: names, borders, reporting lines.
        muted: titles, stance words, influence lines, departed people.
        highlight: the ring around selected cards and lines.
        supporter, neutral, resistant, departed: card fills by stance.
        champion, economic_buyer, executive_sponsor, blocker: badge colours of those roles.
        no_contact: the mark on people not contacted recently; also amber findings.
        red: red findings.
    """

    name: str
    background: str
    foreground: str
    muted: str
    highlight: str
    supporter: str
    neutral: str
    resistant: str
    departed: str
    champion: str
    economic_buyer: str
    executive_sponsor: str
    blocker: str
    no_contact: str
    red: str

    @property
    def dark(self) -> bool:
        return luminance(self.background) < 0.4

    def fill(self, colour: str, strength: float = 0.22) -> str:
        """``colour`` muted toward the background (badge fills)."""
        return mix(self.background, colour, strength)


def from_palette(colours: palette.Palette) -> MapColours:
    """The map's colours in a palette's set: role badges take the band and series colours."""
    return MapColours(
        name=colours.name,
        background=colours.background,
        foreground=colours.foreground,
        muted=colours.muted,
        highlight=colours.series[0],
        supporter=colours.supporter,
        neutral=colours.neutral,
        resistant=colours.resistant,
        departed=colours.departed,
        champion=colours.healthy,
        economic_buyer=colours.series[0],
        executive_sponsor=colours.series[2],
        blocker=colours.critical,
        no_contact=colours.at_risk,
        red=colours.critical,
    )


LIGHT = from_palette(palette.LIGHT)
DARK = from_palette(palette.DARK)
PRINT = from_palette(palette.PRINT)


def for_palette(window: QPalette) -> MapColours:
    """Colours matching a window palette: its base colour behind the cards, its text colour for
    ink, its highlight for selection; fills from the light or dark set, whichever suits."""
    return from_palette(
        palette.for_window(
            window.color(QPalette.ColorRole.Base).name(),
            window.color(QPalette.ColorRole.Text).name(),
            window.color(QPalette.ColorRole.Highlight).name(),
        )
    )
