"""The product's colours, declared once: charts, the stakeholder-map canvas and documents all
paint with these (light, dark and print sets, or a set derived from a window's palette).

Band colours follow DOMAIN.md §3.3: healthy and stable green, at risk amber, critical and
emergency red, unscored grey. No Qt and no matplotlib here, so any layer may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


def _rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` (or ``#rgb``) as three fractions 0–1."""
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def mix(a: str, b: str, share: float) -> str:
    """The colour ``share`` of the way from ``a`` to ``b`` (0 → a, 1 → b), as #rrggbb."""
    ra, ga, ba = _rgb(a)
    rb, gb, bb = _rgb(b)
    return _hex((ra + (rb - ra) * share, ga + (gb - ga) * share, ba + (bb - ba) * share))


def luminance(colour: str) -> float:
    """Relative luminance (0 black … 1 white), as WCAG defines it."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@dataclass(frozen=True)
class Palette:
    """One set of colours.

    Attributes:
        background: what everything sits on.
        foreground: text, axes, borders and the main lines.
        grid: grid lines and empty tracks.
        muted: secondary text (notes, units, legends, influence lines, departed people).
        healthy … unscored: the band colours (strong; fills are mixed toward the background).
        series: colours for data series, the main one first (also the selection highlight).
        supporter, neutral, resistant, departed: stakeholder card fills by stance.
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

    @property
    def dark(self) -> bool:
        return luminance(self.background) < 0.4

    def fill(self, colour: str, strength: float = 0.3) -> str:
        """Any colour muted toward the background."""
        return mix(self.background, colour, strength)


LIGHT = Palette(
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

DARK = Palette(
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

# White paper, black ink: documents and the map rendered for them.
PRINT = replace(LIGHT, name="print", foreground="#000000", grid="#d0d0d0", muted="#555555")


def for_window(window: str, text: str, highlight: str) -> Palette:
    """Colours matching a window palette: its window colour behind, its text colour for ink,
    its highlight for the main series; bands and fills from the light or dark set, whichever
    suits the background."""
    window, text, highlight = (_hex(_rgb(c)) for c in (window, text, highlight))
    base = DARK if luminance(window) < 0.4 else LIGHT
    return replace(
        base,
        name="palette",
        background=window,
        foreground=text,
        grid=mix(window, text, 0.18),
        muted=mix(window, text, 0.62),
        series=(highlight, *base.series[1:]),
        neutral=mix(window, text, 0.1),
        departed=mix(window, text, 0.05),
    )
