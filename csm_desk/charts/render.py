"""Charts to PNG for documents: Agg only (no pyplot, no window), same bytes for the same chart."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from csm_desk.charts.common import chart_fonts
from csm_desk.charts.theme import FALLBACK_FONT


class ChartError(Exception):
    """A chart cannot be rendered; the message says why."""


def ensure_fonts() -> str:
    """The path of the font charts are set in (``common.chart_fonts``); a clear error when
    DejaVu Sans, which matplotlib ships and every chart falls back on, has gone missing rather
    than a silent fallback to another font."""
    try:
        font_manager.findfont(FALLBACK_FONT, fallback_to_default=False)
    except ValueError as error:
        raise ChartError(
            f"The {FALLBACK_FONT} font that charts use was not found; reinstall matplotlib"
        ) from error
    return str(font_manager.findfont(chart_fonts()[0], fallback_to_default=False))


def render_png(
    figure: Figure,
    target: Path | str | BinaryIO,
    *,
    dpi: int = 200,
    width_in: float | None = None,
) -> None:
    """Write ``figure`` as a PNG to a path or a binary stream.

    ``width_in`` redraws it at that width (the height scaled to keep its proportions) for this
    image only; the figure keeps its size and its canvas (so a chart shown in the window can be
    exported as it is). The PNG carries no timestamp or version, so it is byte-for-byte the same
    each time.
    """
    ensure_fonts()
    previous_canvas = figure.canvas
    width, height = (float(v) for v in figure.get_size_inches())
    try:
        if width_in is not None:
            if width_in <= 0:
                raise ChartError(f"A chart's width must be positive, not {width_in}")
            figure.set_size_inches(width_in, height * width_in / width, forward=False)
        canvas = FigureCanvasAgg(figure)
        if isinstance(target, str | Path):
            with open(target, "wb") as stream:
                _print(canvas, figure, stream, dpi)
        else:
            _print(canvas, figure, target, dpi)
    finally:
        figure.set_size_inches(width, height, forward=False)
        figure.set_canvas(previous_canvas)


def _print(canvas: FigureCanvasAgg, figure: Figure, stream: BinaryIO, dpi: int) -> None:
    canvas.print_figure(
        stream,
        format="png",
        dpi=dpi,
        facecolor=figure.get_facecolor(),
        edgecolor="none",
        metadata={"Software": None},
    )


def png_bytes(figure: Figure, *, dpi: int = 200, width_in: float | None = None) -> bytes:
    """The PNG of ``figure`` as bytes (for a document that takes an image stream)."""
    buffer = io.BytesIO()
    render_png(figure, buffer, dpi=dpi, width_in=width_in)
    return buffer.getvalue()
