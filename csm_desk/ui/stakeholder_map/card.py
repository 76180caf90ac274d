"""One stakeholder card on the map canvas: painted, movable, and drawn like the printed card.

A card shows the name (struck through when the person has left) and title, role badges,
relationship strength as one to five dots, the stance as the card's colour and in words, and
influence as the weight of the border; a mark sits on people not contacted recently. Sizes are
those of ``charts.map_cards`` for the standard card, one canvas unit to a pixel at 100 %.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from csm_desk.engine.coverage import ROLE_BADGES, not_contacted
from csm_desk.engine.facts import StakeholderFacts
from csm_desk.engine.maplayout import CARD_H, CARD_W
from csm_desk.engine.vocab import Role, Stance
from csm_desk.ui.stakeholder_map.colours import LIGHT, MapColours

if TYPE_CHECKING:
    from csm_desk.ui.stakeholder_map.lines import LinkItem

# Border width by influence (1–5), in canvas units.
BORDER = {1: 1.0, 2: 1.6, 3: 2.3, 4: 3.1, 5: 4.0}
PAD = CARD_W * 0.05
RADIUS = CARD_H * 0.09
HALO = 7.0  # room around the card for the border and the selection ring


@dataclass(frozen=True)
class CardFacts:
    """What one card shows (compared as a whole, so an unchanged card is not repainted)."""

    id: int
    name: str
    title: str
    badges: tuple[tuple[Role, str], ...]
    influence: int | None
    strength: int | None
    stance: str | None
    departed: bool
    quiet: bool
    tooltip: str


def _stance_label(stance: str | None) -> str:
    return Stance(stance).label if stance in Stance.choices() else "Stance not set"


def card_facts(
    person: StakeholderFacts,
    as_of: dt.date,
    quiet_days: int,
    details: Mapping[str, Any] | None = None,
) -> CardFacts:
    """The card of ``person`` as of ``as_of``: "quiet" when still at the customer and not
    contacted within ``quiet_days`` (or never). ``details`` adds what they care about and their
    role in the renewal to the tooltip."""
    departed = person.departed_by(as_of)
    last = person.last_contact(as_of)
    quiet = not_contacted(person, as_of, quiet_days)
    badges = tuple((role, words) for role, words in ROLE_BADGES if role in person.roles)
    lines = [person.name + (f" — {person.title}" if person.title else "")]
    lines.append("Roles: " + (", ".join(w for _r, w in badges) if badges else "none set"))
    influence = f"influence {person.influence}/5" if person.influence else "influence not set"
    strength = (
        f"relationship {person.relationship_strength}/5"
        if person.relationship_strength
        else "relationship not set"
    )
    lines.append(f"{_stance_label(person.stance)} · {influence} · {strength}")
    if departed:
        lines.append(
            "Departed" + (f" on {person.departed_on:%d %b %Y}" if person.departed_on else "")
        )
    if last is None:
        lines.append("Never contacted")
    else:
        days = (as_of - last).days
        lines.append(f"Last contact {last:%d %b %Y} ({days} day{'s' if days != 1 else ''} ago)")
    for key, label in (("renewal_role", "In the renewal"), ("cares_about", "Cares about")):
        text = " ".join(str((details or {}).get(key) or "").split())
        if text:
            lines.append(f"{label}: {text}")
    return CardFacts(
        id=person.id,
        name=person.name,
        title=person.title or "",
        badges=badges,
        influence=person.influence,
        strength=person.relationship_strength,
        stance=person.stance,
        departed=departed,
        quiet=quiet,
        tooltip="\n".join(lines),
    )


@cache
def _font(pixels: int, *, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def card_rect() -> QRectF:
    return QRectF(0.0, 0.0, CARD_W, CARD_H)


class CardItem(QGraphicsItem):
    """A person on the map; its position is the card's top-left corner in canvas units.

    Positions snap to whole units. Moving the card moves its lines and calls ``on_moved``.

    Attributes:
        facts: what the card shows.
        links: the lines drawn to and from this card.
        on_moved: called with the card after every change of position (the scene debounces).
    """

    def __init__(self, facts: CardFacts, colours: MapColours = LIGHT) -> None:
        super().__init__()
        self.facts = facts
        self.colours = colours
        self.links: list[LinkItem] = []
        self.on_moved: Callable[[CardItem], None] | None = None
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1.0)
        self.setToolTip(facts.tooltip)

    @property
    def person_id(self) -> int:
        return self.facts.id

    def set_facts(self, facts: CardFacts) -> bool:
        """Show ``facts``; False (and no repaint) when nothing changed."""
        if facts == self.facts:
            return False
        self.facts = facts
        self.setToolTip(facts.tooltip)
        self.update()
        return True

    def set_colours(self, colours: MapColours) -> None:
        if colours != self.colours:
            self.colours = colours
            self.update()

    def rect_in_scene(self) -> QRectF:
        return card_rect().translated(self.pos())

    # -- QGraphicsItem -------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return card_rect().adjusted(-HALO, -HALO, HALO, HALO)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(card_rect(), RADIUS, RADIUS)
        return path

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and isinstance(
            value, QPointF
        ):
            return QPointF(round(value.x()), round(value.y()))
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for link in self.links:
                link.adjust()
            if self.on_moved is not None:
                self.on_moved(self)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setZValue(2.0 if self.isSelected() else 1.0)
        return super().itemChange(change, value)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        paint_card(painter, self.facts, self.colours, selected=self.isSelected())


def _fill(facts: CardFacts, colours: MapColours) -> str:
    if facts.departed:
        return colours.departed
    if facts.stance == Stance.SUPPORTER:
        return colours.supporter
    if facts.stance == Stance.RESISTANT:
        return colours.resistant
    return colours.neutral


def badge_colour(role: Role, colours: MapColours) -> str:
    return {
        Role.CHAMPION: colours.champion,
        Role.ECONOMIC_BUYER: colours.economic_buyer,
        Role.EXECUTIVE_SPONSOR: colours.executive_sponsor,
        Role.BLOCKER: colours.blocker,
    }.get(role, colours.muted)


def paint_card(
    painter: QPainter, facts: CardFacts, colours: MapColours, *, selected: bool = False
) -> None:
    """Paint one card at the origin (used by the canvas, the PNG and the legend)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    ink = QColor(colours.muted if facts.departed else colours.foreground)
    rect = card_rect()
    if selected:
        ring = QPen(QColor(colours.highlight), 3.0)
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-5, -5, 5, 5), RADIUS + 4, RADIUS + 4)
    border = BORDER.get(facts.influence or 1, 1.0)
    painter.setPen(QPen(ink, border))
    painter.setBrush(QColor(_fill(facts, colours)))
    inset = border / 2
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), RADIUS, RADIUS)

    right = CARD_W - PAD
    name_font = _font(15, bold=True)
    metrics = QFontMetricsF(name_font)
    room = right - PAD - (22 if facts.quiet else 0)
    name = metrics.elidedText(facts.name, Qt.TextElideMode.ElideRight, room)
    painter.setFont(name_font)
    painter.setPen(ink)
    painter.drawText(QRectF(PAD, 9, room, 20), Qt.AlignmentFlag.AlignVCenter, name)
    if facts.departed:
        painter.setPen(QPen(ink, 1.4))
        width = metrics.horizontalAdvance(name)
        painter.drawLine(QPointF(PAD, 19.5), QPointF(PAD + width, 19.5))
    if facts.title:
        title_font = _font(12)
        title = QFontMetricsF(title_font).elidedText(
            facts.title, Qt.TextElideMode.ElideRight, right - PAD
        )
        painter.setFont(title_font)
        painter.setPen(QColor(colours.muted))
        painter.drawText(QRectF(PAD, 29, right - PAD, 18), Qt.AlignmentFlag.AlignVCenter, title)
    _badges(painter, facts, colours, PAD, 59.0)
    _dots(painter, facts, colours, ink, PAD, CARD_H - 15)
    stance = "departed" if facts.departed else (facts.stance or "")
    if stance:
        painter.setFont(_font(11, italic=True))
        painter.setPen(QColor(colours.muted))
        painter.drawText(
            QRectF(CARD_W / 2, CARD_H - 24, CARD_W / 2 - PAD, 18),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            stance,
        )
    if facts.quiet:
        _quiet_mark(painter, colours, QPointF(right - 7, 19))
    painter.restore()


def _quiet_mark(painter: QPainter, colours: MapColours, centre: QPointF) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colours.no_contact))
    painter.drawEllipse(centre, 8.0, 8.0)
    painter.setFont(_font(12, bold=True))
    painter.setPen(QColor("#ffffff"))
    painter.drawText(
        QRectF(centre.x() - 8, centre.y() - 8, 16, 16), Qt.AlignmentFlag.AlignCenter, "!"
    )


def _badges(painter: QPainter, facts: CardFacts, colours: MapColours, x: float, y: float) -> None:
    font = _font(11)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    end = x + CARD_W * 0.9
    height = 17.0
    roles = facts.badges
    for index, (role, words) in enumerate(roles):
        width = metrics.horizontalAdvance(words) + 14
        rest = len(roles) - index - 1
        more = metrics.horizontalAdvance(f"+{rest}") + 6 if rest else 0.0
        if x + width + more > end:
            painter.setPen(QColor(colours.muted))
            painter.drawText(
                QRectF(x, y - height / 2, 40, height),
                Qt.AlignmentFlag.AlignVCenter,
                f"+{len(roles) - index}",
            )
            return
        colour = colours.muted if facts.departed else badge_colour(role, colours)
        painter.setPen(QPen(QColor(colour), 1.0))
        painter.setBrush(QColor(colours.fill(colour, 0.22)))
        box = QRectF(x, y - height / 2, width, height)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(QColor(colours.foreground))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, words)
        x += width + 5


def _dots(
    painter: QPainter, facts: CardFacts, colours: MapColours, ink: QColor, x: float, y: float
) -> None:
    if facts.strength is None:
        painter.setFont(_font(10))
        painter.setPen(QColor(colours.muted))
        painter.drawText(
            QRectF(x, y - 9, 100, 18), Qt.AlignmentFlag.AlignVCenter, "strength not set"
        )
        return
    painter.setPen(QPen(ink, 1.1))
    for index in range(5):
        painter.setBrush(ink if index < facts.strength else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(x + 4.5 + index * 12.5, y), 4.5, 4.5)
