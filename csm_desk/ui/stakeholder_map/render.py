"""The map as a PNG for documents and for "Save map as PNG…": the whole map, as it is laid out
on the canvas, on white, in the print colours, with the legend underneath.

The image is A4-wide at the requested resolution (200 dpi by default), so it stays sharp when a
document places it at the page width. A small map is not blown up: a card is drawn at most
about 1.55 inches wide (as on the printed map) and the map is centred.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

from csm_desk.engine.maplayout import CARD_W
from csm_desk.ui.stakeholder_map.colours import PRINT
from csm_desk.ui.stakeholder_map.legend import legend_size, paint_legend
from csm_desk.ui.stakeholder_map.scene import MapScene

A4_WIDTH_IN = 8.27
NATURAL_CARD_IN = 1.55
SCREEN_DPI = 96.0  # the legend is laid out in screen pixels, then scaled to the print


def render_map_png(
    scene: MapScene,
    *,
    dpi: int = 200,
    width_in: float = A4_WIDTH_IN,
    quiet_days: int = 90,
    legend: bool = True,
) -> bytes:
    """The map of ``scene`` as PNG bytes, ``width_in`` inches wide at ``dpi``.

    Raises ValueError when the map has no one on it, or the size asked for is not positive.
    """
    if dpi <= 0 or width_in <= 0:
        raise ValueError(f"A map image needs a positive size, not {width_in} in at {dpi} dpi")
    source = scene.map_rect()
    if source.isEmpty():
        raise ValueError("No stakeholders mapped yet: there is no map to draw")
    width_px = round(width_in * dpi)
    scale = min(width_px / source.width(), NATURAL_CARD_IN * dpi / CARD_W)
    map_w, map_h = source.width() * scale, source.height() * scale
    legend_scale = dpi / SCREEN_DPI
    font = QFont()
    font.setPixelSize(12)
    columns = 3
    legend_h = 0.0
    if legend:
        while columns > 1 and legend_size(font, quiet_days, columns).width() * legend_scale > (
            width_px * 0.94
        ):
            columns -= 1
        legend_h = (legend_size(font, quiet_days, columns).height() + 16) * legend_scale
    image = QImage(width_px, round(map_h + legend_h), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("#ffffff"))

    previous = scene.colours
    selected = scene.selectedItems()
    caches = {item: item.cacheMode() for item in scene.items()}
    painter = QPainter(image)
    try:
        scene.clearSelection()
        for item in caches:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        scene.set_colours(PRINT)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        target = QRectF((width_px - map_w) / 2, 0.0, map_w, map_h)
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        if legend:
            size = legend_size(font, quiet_days, columns)
            painter.save()
            painter.translate(
                (width_px - size.width() * legend_scale) / 2, map_h + 8 * legend_scale
            )
            painter.scale(legend_scale, legend_scale)
            painter.setFont(font)
            paint_legend(painter, QPointF(0, 0), PRINT, quiet_days, columns=columns)
            painter.restore()
    finally:
        painter.end()
        scene.set_colours(previous)
        for item, mode in caches.items():
            item.setCacheMode(mode)
        for item in selected:
            item.setSelected(True)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The type stubs ask for bytes here; the binding itself takes the format as text.
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())
