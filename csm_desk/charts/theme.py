"""Chart colours and type: a light, a dark and a print theme, or one derived from a palette.

Every builder takes a ``ChartTheme`` and styles what it draws from it (never from global
matplotlib settings), so a chart looks the same whichever theme was used before it. Band
colours follow DOMAIN.md §3.3: healthy and stable green, at risk amber, critical and emergency
red, unscored grey; ``band_fill`` is the muted version used behind the health line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from csm_desk import palette
from csm_desk.engine.vocab import Band
from csm_desk.palette import luminance, mix

# Charts are set in the documents' body font so their text matches the text around them: the
# Word template's Calibri, or Carlito (free, with the same metrics) where Calibri is not
# installed; else DejaVu Sans, which matplotlib ships and which also fills in any character the
# body font lacks (``common.chart_fonts``).
BODY_FONTS = ("Calibri", "Carlito")
FALLBACK_FONT = "DejaVu Sans"

__all__ = [
    "BODY_FONTS",
    "DARK",
    "FALLBACK_FONT",
    "LIGHT",
    "PRINT",
    "ChartTheme",
    "luminance",
    "mix",
    "theme_from_colours",
]


@dataclass(frozen=True)
class ChartTheme(palette.Palette):
    """A palette (``csm_desk.palette``) and the charts' base font size.

    Attributes:
        font_size: base text size in points; titles a little larger, notes a little smaller.
    """

    font_size: float = 9.0

    @classmethod
    def of(cls, colours: palette.Palette, font_size: float = 9.0) -> ChartTheme:
        return cls(**asdict(colours), font_size=font_size)

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


LIGHT = ChartTheme.of(palette.LIGHT)
DARK = ChartTheme.of(palette.DARK)
PRINT = ChartTheme.of(palette.PRINT, font_size=8.5)


def theme_from_colours(window: str, text: str, highlight: str) -> ChartTheme:
    """A theme matching a window palette (see ``csm_desk.palette.for_window``)."""
    return ChartTheme.of(palette.for_window(window, text, highlight))
