"""Chart themes: band colours, light and dark, and a theme from a window palette."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from csm_desk.charts.hover import HoverTarget, attach_hover, hover_targets, hover_text
from csm_desk.charts.theme import DARK, LIGHT, PRINT, luminance, mix, theme_from_colours
from csm_desk.engine.vocab import Band


def test_band_colours_follow_the_domain() -> None:
    assert LIGHT.band_colour(Band.HEALTHY) == LIGHT.healthy
    assert LIGHT.band_colour("at_risk") == LIGHT.at_risk
    assert {LIGHT.band_colour(b) for b in Band} == {
        LIGHT.healthy,
        LIGHT.stable,
        LIGHT.at_risk,
        LIGHT.critical,
        LIGHT.emergency,
        LIGHT.unscored,
    }
    # Fills are muted toward the background, so light on light and dark on dark.
    assert luminance(LIGHT.band_fill(Band.CRITICAL)) > luminance(LIGHT.critical)
    assert luminance(DARK.band_fill(Band.CRITICAL)) < luminance(DARK.critical)


def test_light_dark_print() -> None:
    assert not LIGHT.dark
    assert DARK.dark
    assert not PRINT.dark
    assert PRINT.background == "#ffffff"
    for theme in (LIGHT, DARK, PRINT):
        # Text stands out from the background (WCAG contrast of at least 7:1).
        hi, lo = sorted((luminance(theme.foreground), luminance(theme.background)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 7


def test_theme_from_a_palette() -> None:
    dark = theme_from_colours("#202124", "#eeeeee", "#3daee9")
    assert dark.dark
    assert dark.background == "#202124"
    assert dark.foreground == "#eeeeee"
    assert dark.series[0] == "#3daee9"
    assert dark.healthy == DARK.healthy
    light = theme_from_colours("#efefef", "#000000", "#308cc6")
    assert not light.dark
    assert light.healthy == LIGHT.healthy
    assert light.grid == mix("#efefef", "#000000", 0.18)


def test_mix() -> None:
    assert mix("#000000", "#ffffff", 0) == "#000000"
    assert mix("#000000", "#ffffff", 1) == "#ffffff"
    assert mix("#000000", "#ffffff", 0.5) == "#808080"


def test_hover_targets_accumulate_and_the_top_one_wins() -> None:
    figure = Figure()
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    under = ax.add_patch(Rectangle((0, 0), 6, 6))
    over = ax.add_patch(Rectangle((4, 4), 6, 6))
    attach_hover(figure, [HoverTarget(under, ("under",))])
    attach_hover(figure, [HoverTarget(over, ("over",))])
    assert [t.labels for t in hover_targets(figure)] == [("under",), ("over",)]
    point = ax.transData.transform
    assert hover_text(figure, *point((1, 1))) == "under"
    assert hover_text(figure, *point((5, 5))) == "over"
    assert hover_text(figure, *point((9, 1))) is None
    over.set_visible(False)
    assert hover_text(figure, *point((5, 5))) == "under"
    assert hover_targets(Figure()) == ()
