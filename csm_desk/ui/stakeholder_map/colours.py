"""The map's colours, from the window palette, in the same visual language as the printed map.

The card colours are those of ``charts.theme`` (light and dark), repeated here because the
charts package imports matplotlib, which the window loads only when a chart is first shown; a
test keeps the two in step. ``for_palette`` follows the window's light or dark palette the way
``charts.theme.theme_from_colours`` does; ``PRINT`` is the white-paper version for PNGs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QPalette


def mix(a: str, b: str, share: float) -> str:
    """The colour ``share`` of the way from ``a`` to ``b``, as #rrggbb."""
    ca, cb = QColor(a), QColor(b)
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * share),
        round(ca.green() + (cb.green() - ca.green()) * share),
        round(ca.blue() + (cb.blue() - ca.blue()) * share),
    ).name()


def luminance(colour: str) -> float:
    """Relative luminance (0 black … 1 white), as WCAG defines it."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    return 0.2126 * channel(q.redF()) + 0.7152 * channel(q.greenF()) + 0.0722 * channel(q.blueF())


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


LIGHT = MapColours(
    name="light",
    background="#ffffff",
    foreground="#1f2328",
    muted="#5f6670",
    highlight="#1f6fbf",
    supporter="#dcefdc",
    neutral="#eceff1",
    resistant="#f8dcdc",
    departed="#f2f2f2",
    champion="#2e7d32",
    economic_buyer="#1f6fbf",
    executive_sponsor="#7b4fb0",
    blocker="#e53935",
    no_contact="#f0a30a",
    red="#e53935",
)

DARK = MapColours(
    name="dark",
    background="#1f2125",
    foreground="#e8eaed",
    muted="#a6adb5",
    highlight="#6cb4ff",
    supporter="#27412a",
    neutral="#32363c",
    resistant="#4a2a2a",
    departed="#2a2c30",
    champion="#5cb85f",
    economic_buyer="#6cb4ff",
    executive_sponsor="#b894e8",
    blocker="#ff6b66",
    no_contact="#f7b733",
    red="#ff6b66",
)

PRINT = replace(LIGHT, name="print", foreground="#000000", muted="#555555")


def for_palette(palette: QPalette) -> MapColours:
    """Colours matching a window palette: its base colour behind the cards, its text colour for
    ink, its highlight for selection; fills from the light or dark set, whichever suits."""
    background = palette.color(QPalette.ColorRole.Base).name()
    text = palette.color(QPalette.ColorRole.Text).name()
    base = DARK if luminance(background) < 0.4 else LIGHT
    return replace(
        base,
        name="palette",
        background=background,
        foreground=text,
        muted=mix(background, text, 0.62),
        highlight=palette.color(QPalette.ColorRole.Highlight).name(),
        neutral=mix(background, text, 0.1),
        departed=mix(background, text, 0.05),
    )
