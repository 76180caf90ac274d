"""The map's legend: what colours, borders, lines, dots and marks mean, painted with the same
functions as the cards so it always matches them (on screen and in the PNG)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from csm_desk.ui.stakeholder_map.card import BORDER, RADIUS
from csm_desk.ui.stakeholder_map.colours import LIGHT, MapColours
from csm_desk.ui.stakeholder_map.lines import HEAD

SWATCH_W = 30.0
SWATCH_H = 15.0
ROW_H = 21.0
TEXT_GAP = 8.0

Draw = Callable[[QPainter, QRectF, MapColours], None]


def _swatch(fill: str, *, muted: bool = False, border: float = 1.0) -> Draw:
    def draw(painter: QPainter, box: QRectF, colours: MapColours) -> None:
        ink = colours.muted if muted else colours.foreground
        painter.setPen(QPen(QColor(ink), border))
        painter.setBrush(QColor(getattr(colours, fill)))
        inset = border / 2
        radius = min(RADIUS, box.height() / 3)
        painter.drawRoundedRect(box.adjusted(inset, inset, -inset, -inset), radius, radius)

    return draw


def _line(reports: bool) -> Draw:
    def draw(painter: QPainter, box: QRectF, colours: MapColours) -> None:
        y = box.center().y()
        colour = QColor(colours.foreground if reports else colours.muted)
        pen = QPen(colour, 1.6 if reports else 1.4)
        if not reports:
            pen.setDashPattern([4.0, 3.0])
        painter.setPen(pen)
        tip = QPointF(box.right(), y)
        painter.drawLine(QPointF(box.left(), y), tip)
        head = HEAD * 0.8
        path = QPainterPath(tip + QPointF(-head, -head * 0.45))
        path.lineTo(tip)
        path.lineTo(tip + QPointF(-head, head * 0.45))
        painter.setPen(QPen(colour, 1.4))
        if reports:
            path.closeSubpath()
            painter.setBrush(colour)
            painter.drawPath(path)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)

    return draw


def _dots(painter: QPainter, box: QRectF, colours: MapColours) -> None:
    ink = QColor(colours.foreground)
    painter.setPen(QPen(ink, 1.0))
    for index in range(3):
        painter.setBrush(ink if index < 2 else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(box.left() + 4 + index * 10, box.center().y()), 3.6, 3.6)


def _mark(painter: QPainter, box: QRectF, colours: MapColours) -> None:
    centre = QPointF(box.left() + 8, box.center().y())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colours.no_contact))
    painter.drawEllipse(centre, 7.0, 7.0)
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(
        QRectF(centre.x() - 7, centre.y() - 7, 14, 14), Qt.AlignmentFlag.AlignCenter, "!"
    )


def entries(quiet_days: int) -> list[tuple[Draw, str]]:
    """Every legend entry: how to draw its sample, and its words."""
    return [
        (_swatch("supporter"), "Supporter"),
        (_swatch("neutral"), "Neutral"),
        (_swatch("resistant"), "Resistant"),
        (_swatch("departed", muted=True), "Departed (name struck through)"),
        (_swatch("background", border=BORDER[5]), "Thick border: influential"),
        (_line(True), "Reports to (arrow at the manager)"),
        (_line(False), "Influences"),
        (_dots, "Relationship strength, 1–5 dots"),
        (_mark, f"Not contacted in {quiet_days} days"),
    ]


def legend_size(font: QFont, quiet_days: int, columns: int = 1) -> QSize:
    metrics = QFontMetricsF(font)
    items = entries(quiet_days)
    rows = -(-len(items) // columns)
    widest = max(metrics.horizontalAdvance(words) for _d, words in items)
    width = columns * (SWATCH_W + TEXT_GAP + widest + 16)
    return QSize(int(width), int(rows * ROW_H + 4))


def paint_legend(
    painter: QPainter,
    origin: QPointF,
    colours: MapColours,
    quiet_days: int,
    *,
    columns: int = 1,
    column_width: float | None = None,
) -> None:
    """Paint the legend from ``origin`` in ``columns`` columns (entries run down each column)."""
    items = entries(quiet_days)
    rows = -(-len(items) // columns)
    metrics = QFontMetricsF(painter.font())
    widest = max(metrics.horizontalAdvance(words) for _d, words in items)
    step = column_width or SWATCH_W + TEXT_GAP + widest + 16
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(painter.font())
    for index, (draw, words) in enumerate(items):
        column, row = divmod(index, rows)
        x = origin.x() + column * step
        y = origin.y() + row * ROW_H
        box = QRectF(x, y + (ROW_H - SWATCH_H) / 2, SWATCH_W, SWATCH_H)
        painter.save()
        draw(painter, box, colours)
        painter.restore()
        painter.setFont(font)
        painter.setPen(QColor(colours.foreground))
        painter.drawText(
            QRectF(x + SWATCH_W + TEXT_GAP, y, step - SWATCH_W - TEXT_GAP, ROW_H),
            Qt.AlignmentFlag.AlignVCenter,
            words,
        )
    painter.restore()


class MapLegend(QWidget):
    """The legend beside the map, in the map's colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapLegend")
        self.colours = LIGHT
        self.quiet_days = 90
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def show_legend(self, colours: MapColours, quiet_days: int) -> None:
        self.colours = colours
        self.quiet_days = quiet_days
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return legend_size(self.font(), self.quiet_days)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.font())
        palette_colours = self.colours
        paint_legend(painter, QPointF(2, 2), palette_colours, self.quiet_days)
        painter.end()
