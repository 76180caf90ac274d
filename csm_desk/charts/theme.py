"""Chart colours and type: a light, a dark and a print theme, or one derived from a palette.

Every builder takes a ``ChartTheme`` and styles what it draws from it (never from global
matplotlib settings), so a chart looks the same whichever theme was used before it. Band
colours follow DOMAIN.md §3.3: healthy and stable green, at risk amber, critical and emergency
red, unscored grey; ``band_fill`` is the muted version used behind the health line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from matplotlib.colors import to_hex, to_rgb

from csm_desk.engine.vocab import Band

FONT_FAMILY = "DejaVu Sans"


def mix(a: str, b: str, t: float) -> str:
    """The colour ``t`` of the way from ``a`` to ``b`` (0 → a, 1 → b), as #rrggbb."""
    ra, ga, ba = to_rgb(a)
    rb, gb, bb = to_rgb(b)
    return to_hex((ra + (rb - ra) * t, ga + (gb - ga) * t, ba + (bb - ba) * t))


def luminance(colour: str) -> float:
    """Relative luminance (0 black … 1 white), as WCAG defines it."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@dataclass(frozen=True)
class ChartTheme:
    """Colours and font size for every chart.

    Attributes:
        background: figure and plot background.
        foreground: text, axes and the main lines.
        grid: grid lines and empty tracks.
        muted: secondary text (notes, units, legends).
        healthy … unscored: the band colours (strong; fills are mixed toward the background).
        series: colours for data series, first the main one.
        supporter, neutral, resistant, departed: stakeholder card fills by stance.
        font_size: base text size in points; titles a little larger, notes a little smaller.
    """

    name: str
    background: str
    foreground: str
    grid: str
    muted: str
    healthy: str
    stable: str
    at_risk: str
    critical: str
    emergency: str
    unscored: str
    series: tuple[str, ...]
    supporter: str
    neutral: str
    resistant: str
    departed: str
    font_size: float = 9.0

    @property
    def dark(self) -> bool:
        return luminance(self.background) < 0.4

    @property
    def small(self) -> float:
        return self.font_size * 0.85

    @property
    def large(self) -> float:
        return self.font_size * 1.15

    def band_colour(self, band: Band | str) -> str:
        """The strong colour of a band (bars, markers)."""
        return str(getattr(self, Band(band).value))

    def band_fill(self, band: Band | str, strength: float = 0.22) -> str:
        """The band's colour muted toward the background (shaded bands behind a line)."""
        return mix(self.background, self.band_colour(band), strength)

    def fill(self, colour: str, strength: float = 0.3) -> str:
        """Any colour muted toward the background."""
        return mix(self.background, colour, strength)


LIGHT = ChartTheme(
    name="light",
    background="#ffffff",
    foreground="#1f2328",
    grid="#d8dce0",
    muted="#5f6670",
    healthy="#2e7d32",
    stable="#7cb342",
    at_risk="#f0a30a",
    critical="#e53935",
    emergency="#8e1b1b",
    unscored="#9e9e9e",
    series=("#1f6fbf", "#9aa5b1", "#7b4fb0", "#00897b", "#c2185b"),
    supporter="#dcefdc",
    neutral="#eceff1",
    resistant="#f8dcdc",
    departed="#f2f2f2",
)

DARK = ChartTheme(
    name="dark",
    background="#1f2125",
    foreground="#e8eaed",
    grid="#3c4047",
    muted="#a6adb5",
    healthy="#5cb85f",
    stable="#a5d66b",
    at_risk="#f7b733",
    critical="#ff6b66",
    emergency="#d1453e",
    unscored="#8d939a",
    series=("#6cb4ff", "#6b7682", "#b894e8", "#4dd0c0", "#f06ba6"),
    supporter="#27412a",
    neutral="#32363c",
    resistant="#4a2a2a",
    departed="#2a2c30",
)

PRINT = replace(
    LIGHT,
    name="print",
    background="#ffffff",
    foreground="#000000",
    grid="#d0d0d0",
    muted="#555555",
    font_size=8.5,
)


def theme_from_colours(window: str, text: str, highlight: str) -> ChartTheme:
    """A theme matching a window palette: its window colour as background, its text colour for
    text and axes, its highlight for the main series; bands from the light or dark theme,
    whichever suits the background."""
    base = DARK if luminance(window) < 0.4 else LIGHT
    return replace(
        base,
        name="palette",
        background=to_hex(window),
        foreground=to_hex(text),
        grid=mix(window, text, 0.18),
        muted=mix(window, text, 0.62),
        series=(to_hex(highlight), *base.series[1:]),
        neutral=mix(window, text, 0.1),
        departed=mix(window, text, 0.05),
    )
