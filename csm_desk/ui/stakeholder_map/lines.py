"""Lines between cards: reports-to (solid, arrow at the manager) and influences (dashed).

As on the printed map, a reporting line runs as an org-chart elbow from the top of the report's
card up to the bottom of the manager's when the manager is above; otherwise it is straight.
Influence lines are gently curved and dashed with an open arrow. A line recomputes its path
only when one of its two cards moves.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from csm_desk.engine.maplayout import GAP_Y
from csm_desk.engine.vocab import LinkKind
from csm_desk.ui.stakeholder_map.card import CardItem
from csm_desk.ui.stakeholder_map.colours import LIGHT, MapColours

HEAD = 10.0  # arrowhead length, canvas units
CURVE = 0.18  # how far an influence line bows, as a share of its length


class MapLink(NamedTuple):
    """A row of ``stakeholder_link``: ``from_id`` reports to / influences ``to_id``."""

    id: int
    from_id: int
    to_id: int
    kind: str

    @property
    def reports(self) -> bool:
        return self.kind == LinkKind.REPORTS_TO

    def describe(self, names: dict[int, str]) -> str:
        verb = "reports to" if self.reports else "influences"
        return f"{names.get(self.from_id, '?')} {verb} {names.get(self.to_id, '?')}"


def _border_point(rect: QRectF, inside: QPointF, outside: QPointF) -> QPointF:
    """Where the segment from ``inside`` (in ``rect``) to ``outside`` leaves ``rect``."""
    lo, hi = 0.0, 1.0
    for _ in range(18):
        mid = (lo + hi) / 2
        point = inside + (outside - inside) * mid
        if rect.contains(point):
            lo = mid
        else:
            hi = mid
    return inside + (outside - inside) * hi


class LinkItem(QGraphicsItem):
    """One line of the map, drawn between two cards.

    Attributes:
        link: the row it shows.
        source, target: the cards it joins (``source`` reports to / influences ``target``).
    """

    def __init__(
        self, link: MapLink, source: CardItem, target: CardItem, colours: MapColours = LIGHT
    ) -> None:
        super().__init__()
        self.link = link
        self.source = source
        self.target = target
        self.colours = colours
        self._path = QPainterPath()
        self._head = QPolygonF()
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(0.0)
        source.links.append(self)
        target.links.append(self)
        self.adjust()

    def detach(self) -> None:
        """Forget the two cards (before the line leaves the scene)."""
        for card in (self.source, self.target):
            if self in card.links:
                card.links.remove(self)

    def set_colours(self, colours: MapColours) -> None:
        if colours != self.colours:
            self.colours = colours
            self.update()

    @property
    def path(self) -> QPainterPath:
        return self._path

    @property
    def head(self) -> QPolygonF:
        return self._head

    # -- geometry ------------------------------------------------------------------------------

    def adjust(self) -> None:
        """Recompute the path from where the two cards are now."""
        self.prepareGeometryChange()
        start = self.source.rect_in_scene()
        end = self.target.rect_in_scene()
        if self.link.reports:
            points = self._elbow(start, end) or self._straight(start, end)
        else:
            points = self._curve(start, end)
        path = QPainterPath()
        if len(points) >= 2:
            path.moveTo(points[0])
            if self.link.reports:
                for point in points[1:]:
                    path.lineTo(point)
            else:
                path.quadTo(points[1], points[2])
            self._head = self._arrowhead(points[-2], points[-1])
        else:
            self._head = QPolygonF()
        self._path = path
        self._bounds = path.boundingRect().united(self._head.boundingRect()).adjusted(-8, -8, 8, 8)

    @staticmethod
    def _elbow(report: QRectF, manager: QRectF) -> list[QPointF] | None:
        if report.top() <= manager.bottom():
            return None
        rx, mx = report.center().x(), manager.center().x()
        bus = manager.bottom() + min(GAP_Y, report.top() - manager.bottom()) / 2
        if abs(rx - mx) < 0.5:
            return [QPointF(rx, report.top()), QPointF(mx, manager.bottom())]
        return [
            QPointF(rx, report.top()),
            QPointF(rx, bus),
            QPointF(mx, bus),
            QPointF(mx, manager.bottom()),
        ]

    @staticmethod
    def _straight(a: QRectF, b: QRectF) -> list[QPointF]:
        if a.intersects(b):
            return []
        return [_border_point(a, a.center(), b.center()), _border_point(b, b.center(), a.center())]

    @staticmethod
    def _curve(a: QRectF, b: QRectF) -> list[QPointF]:
        """The part of a gently bowed curve from centre to centre that lies between the two
        cards, as (start, control, end) of a quadratic Bézier; empty when the cards overlap."""
        if a.intersects(b):
            return []
        (px, py), (qx, qy) = (a.center().x(), a.center().y()), (b.center().x(), b.center().y())
        cx = (px + qx) / 2 + (qy - py) * CURVE
        cy = (py + qy) / 2 - (qx - px) * CURVE

        def at(t: float) -> tuple[float, float]:
            u = 1 - t
            return (
                u * u * px + 2 * u * t * cx + t * t * qx,
                u * u * py + 2 * u * t * cy + t * t * qy,
            )

        def inside(rect: QRectF, point: tuple[float, float]) -> bool:
            return (
                rect.left() <= point[0] <= rect.right() and rect.top() <= point[1] <= rect.bottom()
            )

        # Where the curve leaves the first card and enters the second, by bisection.
        lo, hi = 0.0, 1.0
        for _ in range(14):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if inside(a, at(mid)) else (lo, mid)
        t0 = hi
        lo, hi = t0, 1.0
        for _ in range(14):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if inside(b, at(mid)) else (mid, hi)
        t1 = lo
        # The same curve between t0 and t1 is a quadratic Bézier with this control point.
        k0, k1 = 1 - t0, 1 - t1
        mx = px * k0 * k1 + cx * (k0 * t1 + t0 * k1) + qx * t0 * t1
        my = py * k0 * k1 + cy * (k0 * t1 + t0 * k1) + qy * t0 * t1
        return [QPointF(*at(t0)), QPointF(mx, my), QPointF(*at(t1))]

    def _arrowhead(self, before: QPointF, tip: QPointF) -> QPolygonF:
        line = QLineF(tip, before)
        if line.length() < 1e-6:
            return QPolygonF()
        angle = math.atan2(line.dy(), line.dx())
        spread = 0.42 if self.link.reports else 0.5
        left = tip + QPointF(math.cos(angle + spread), math.sin(angle + spread)) * HEAD
        right = tip + QPointF(math.cos(angle - spread), math.sin(angle - spread)) * HEAD
        return QPolygonF([left, tip, right])

    # -- QGraphicsItem -------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        outline = QPainterPath(self._path)
        if not self._head.isEmpty():
            outline.addPolygon(self._head)
        stroker = QPainterPathStroker()
        stroker.setWidth(10.0)
        return stroker.createStroke(outline)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        paint_link(
            painter, self._path, self._head, self.link.reports, self.colours, self.isSelected()
        )


def paint_link(
    painter: QPainter,
    path: QPainterPath,
    head: QPolygonF,
    reports: bool,
    colours: MapColours,
    selected: bool = False,
) -> None:
    """Paint a line and its arrowhead (the canvas and the legend share this)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if selected:
        halo = QPen(QColor(colours.fill(colours.highlight, 0.55)), 7.0)
        halo.setCapStyle(Qt.PenCapStyle.RoundCap)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(halo)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    colour = QColor(colours.foreground if reports else colours.muted)
    pen = QPen(colour, 1.6 if reports else 1.4)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    if not reports:
        pen.setDashPattern([4.0, 3.0])
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    if not head.isEmpty():
        solid = QPen(colour, 1.4)
        solid.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(solid)
        if reports:
            painter.setBrush(colour)
            painter.drawPolygon(head)
        else:
            painter.drawPolyline(head)
    painter.restore()
