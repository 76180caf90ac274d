"""The map's view: zoom, pan, rubber-band selection, keyboard nudging and the context menu.

Conventions: the wheel scrolls and Ctrl+wheel zooms about the pointer (as in drawing tools and
browsers); a drag on empty canvas draws a selection rectangle; the middle button, or Space held
with the left button, pans; arrow keys move the selected cards by 10 units, Shift+arrow by 1.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsItem, QGraphicsView, QWidget

from csm_desk.ui.stakeholder_map.card import CardItem
from csm_desk.ui.stakeholder_map.lines import LinkItem
from csm_desk.ui.stakeholder_map.scene import MapScene

MIN_ZOOM = 0.15
MAX_ZOOM = 4.0
STEP = 1.2
NUDGE = 10.0
FINE_NUDGE = 1.0


class MapView(QGraphicsView):
    """Shows a ``MapScene``.

    Signals:
        edit_requested(int): a card was double-clicked (stakeholder id).
        menu_requested(object, QPointF, QPoint): a context menu was asked for over an item (a
            card, a line, or None for empty canvas), at a scene and a global position.
        delete_requested(): Delete or Backspace with something selected.
        zoom_changed(float): the scale changed.
    """

    edit_requested = Signal(int)
    menu_requested = Signal(object, QPointF, QPoint)
    delete_requested = Signal()
    zoom_changed = Signal(float)

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.setObjectName("stakeholderMapView")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: QPoint | None = None
        self._space = False
        # While on, the whole map is kept in view as the view is resized; zooming or panning by
        # hand turns it off, "Fit map" turns it back on.
        self.auto_fit = True

    # -- zoom ----------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, scale: float) -> None:
        scale = max(MIN_ZOOM, min(MAX_ZOOM, scale))
        factor = scale / self.zoom()
        if abs(factor - 1.0) > 1e-9:
            self.scale(factor, factor)
            self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.auto_fit = False
        self.set_zoom(self.zoom() * STEP)

    def zoom_out(self) -> None:
        self.auto_fit = False
        self.set_zoom(self.zoom() / STEP)

    def fit_all(self) -> None:
        """Show every card (never larger than 100 %), and keep doing so on resizes."""
        self.auto_fit = True
        self.fit_rect(self.map_scene.map_rect(), largest=1.0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit_rect(self.map_scene.map_rect(), largest=1.0)

    def showEvent(self, event: QShowEvent) -> None:
        # A map built while its tab was hidden was fitted to a size the view never had.
        super().showEvent(event)
        if self.auto_fit:
            self.fit_rect(self.map_scene.map_rect(), largest=1.0)

    def fit_rect(self, rect: QRectF, *, largest: float = 1.0) -> None:
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > largest:
            self.set_zoom(largest)
            self.centerOn(rect.center())
        elif self.zoom() < MIN_ZOOM:
            self.set_zoom(MIN_ZOOM)
            self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom())

    def show_people(self, ids: list[int]) -> None:
        """Centre on the cards of ``ids``, zooming out only when they do not fit."""
        rect = self.map_scene.people_rect(ids)
        if rect.isEmpty():
            return
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if rect.width() > visible.width() or rect.height() > visible.height():
            self.fit_rect(rect.adjusted(-30, -30, 30, 30), largest=self.zoom())
        else:
            self.centerOn(rect.center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.auto_fit = False
                self.set_zoom(self.zoom() * STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- keys ----------------------------------------------------------------------------------

    def nudge(self, dx: float, dy: float) -> bool:
        """Move the selected cards; False when none is selected."""
        if not self.map_scene.movable:
            return False
        cards = [i for i in self.map_scene.selectedItems() if isinstance(i, CardItem)]
        for card in cards:
            card.moveBy(dx, dy)
        return bool(cards)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        step = FINE_NUDGE if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
        moves = {
            Qt.Key.Key_Left: (-step, 0.0),
            Qt.Key.Key_Right: (step, 0.0),
            Qt.Key.Key_Up: (0.0, -step),
            Qt.Key.Key_Down: (0.0, step),
        }
        if key in moves and self.nudge(*moves[key]):
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.map_scene.selectedItems():
            self.delete_requested.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
        super().keyReleaseEvent(event)

    # -- mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pan = event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        )
        if pan:
            self.auto_fit = False
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            now = event.position().toPoint()
            delta = now - self._pan_from
            self._pan_from = now
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            if self._space:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        card = self._item_at(event.position().toPoint())
        if isinstance(card, CardItem):
            self.edit_requested.emit(card.person_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self._item_at(event.pos())
        if isinstance(item, CardItem | LinkItem) and not item.isSelected():
            self.map_scene.clearSelection()
            item.setSelected(True)
        self.menu_requested.emit(item, self.mapToScene(event.pos()), event.globalPos())
        event.accept()

    def _item_at(self, pos: QPoint) -> QGraphicsItem | None:
        for item in self.items(pos):
            if isinstance(item, CardItem | LinkItem):
                return item
        return None
