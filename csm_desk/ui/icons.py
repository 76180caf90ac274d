"""Vector icons: the SVGs under ``resources/icons`` drawn in the palette's text colour, and
round status dots, so every icon stays sharp at any scale and follows light or dark mode."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from csm_desk import paths


class _SvgEngine(QIconEngine):
    """Renders an SVG template at the requested size, coloured for the icon's mode."""

    def __init__(self, template: str) -> None:
        super().__init__()
        self._template = template
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, colour: str) -> QSvgRenderer:
        found = self._renderers.get(colour)
        if found is None:
            data = QByteArray(self._template.replace("currentColor", colour).encode())
            found = QSvgRenderer(data)
            self._renderers[colour] = found
        return found

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        palette = QApplication.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if mode is QIcon.Mode.Disabled
            else QPalette.ColorGroup.Active
        )
        colour = palette.color(group, QPalette.ColorRole.WindowText).name()
        self._renderer(colour).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._template)


class _DotEngine(QIconEngine):
    """A filled circle (an artifact's status, an alert's severity)."""

    def __init__(self, colour: str, hollow: bool = False) -> None:
        super().__init__()
        self._colour = colour
        self._hollow = hollow

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(rect.width(), rect.height()) * 0.6
        box = QRectF(0, 0, side, side)
        box.moveCenter(QRectF(rect).center())
        colour = QColor(self._colour)
        if self._hollow:
            pen = painter.pen()
            pen.setColor(colour)
            pen.setWidthF(max(1.5, side / 6))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            box.adjust(side / 10, side / 10, -side / 10, -side / 10)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
        painter.drawEllipse(box)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _DotEngine(self._colour, self._hollow)


@cache
def _template(name: str) -> str | None:
    path = Path(paths.resources_dir()) / "icons" / f"{name}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` in the text colour (empty if it is missing)."""
    template = _template(name)
    return QIcon(_SvgEngine(template)) if template else QIcon()


def app_icon() -> QIcon:
    path = Path(paths.resources_dir()) / "icons" / "app.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def dot(colour: str, *, hollow: bool = False) -> QIcon:
    """A round dot of ``colour`` (hollow for "nothing yet")."""
    return QIcon(_DotEngine(colour, hollow))
