"""Painted cells of the portfolio: the health chip and the alert counts."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from csm_desk.engine.health import BAND_COLOURS
from csm_desk.engine.vocab import Band
from csm_desk.ui import formatting
from csm_desk.ui.portfolio_model import ALERTS_ROLE, BAND_ROLE

Index = QModelIndex | QPersistentModelIndex


def _background(painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
    """Draw the cell's normal background (selection, hover, alternate rows), no text."""
    opt = QStyleOptionViewItem(option)
    opt.text = ""
    style = opt.widget.style() if opt.widget else None
    if style is not None:
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)


def paint_chip(
    painter: QPainter, rect: QRectF, text: str, fill: str, ink: str, *, align_right: bool = False
) -> None:
    """A rounded pill with ``text`` in it, vertically centred in ``rect``."""
    metrics = QFontMetrics(painter.font())
    width = metrics.horizontalAdvance(text) + 16
    height = min(rect.height() - 6, metrics.height() + 6)
    left = rect.right() - width - 6 if align_right else rect.left() + 6
    chip = QRectF(left, rect.center().y() - height / 2, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(fill))
    painter.drawRoundedRect(chip, height / 2, height / 2)
    painter.setPen(QColor(ink))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


class HealthDelegate(QStyledItemDelegate):
    """The score in a chip coloured by its band (green, amber, red, grey)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        _background(painter, option, index)
        band_value = index.data(BAND_ROLE)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "—")
        band = Band(band_value) if band_value else Band.UNSCORED
        fill, ink = formatting.BAND_CHIP[BAND_COLOURS[band]]
        paint_chip(painter, QRectF(option.rect), text, fill, ink, align_right=True)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 24, size.height())


class AlertsDelegate(QStyledItemDelegate):
    """Red and amber alert counts as coloured dots with numbers; blank when there are none."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        _background(painter, option, index)
        counts = index.data(ALERTS_ROLE) or (0, 0)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(painter.font())
        x = option.rect.left() + 8.0
        centre = option.rect.center().y()
        radius = max(4.0, metrics.height() / 4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = option.palette.highlightedText() if selected else option.palette.text()
        for count, colour in ((counts[0], formatting.RED), (counts[1], formatting.AMBER)):
            if not count:
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QRectF(x, centre - radius, radius * 2, radius * 2))
            x += radius * 2 + 4
            painter.setPen(text_colour.color())
            label = str(count)
            painter.drawText(
                QRectF(
                    x, option.rect.top(), metrics.horizontalAdvance(label) + 2, option.rect.height()
                ),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
            )
            x += metrics.horizontalAdvance(label) + 12
        painter.restore()
