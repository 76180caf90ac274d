"""The map's scene: one card per person and one line per link, kept in step with the book.

``show_map`` updates the scene in place (new cards added, gone ones removed, changed ones
repainted, others untouched), placing people without a saved position by
``engine.maplayout.auto_layout`` around those with one. Moves made by the person (dragging,
nudging) are collected and reported once, ``debounce_ms`` after the last one and never while
a drag is still held, through ``positions_changed``; moves made by ``show_map`` itself (after
an undo, say) are not reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtWidgets import QGraphicsScene

from csm_desk.engine.facts import LinkFacts, StakeholderFacts
from csm_desk.engine.maplayout import Point, auto_layout
from csm_desk.ui.stakeholder_map.card import CardItem, card_facts
from csm_desk.ui.stakeholder_map.colours import LIGHT, MapColours
from csm_desk.ui.stakeholder_map.lines import LinkItem, MapLink

DEBOUNCE_MS = 400
MARGIN = 18.0  # canvas units kept around the cards when fitting or printing


class MapScene(QGraphicsScene):
    """The stakeholder map of one account.

    Attributes:
        cards: the card of each person, by stakeholder id.
        lines: the line of each link, by link id.
        saved: the ids of people whose position is saved in the book.
        movable: whether the person can move cards (not while the book is read-only).
        colours: what everything is painted with.

    Signals:
        positions_changed(object): ``{stakeholder id: (x, y)}`` of the cards the person moved,
            once they stopped moving them.
    """

    positions_changed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.cards: dict[int, CardItem] = {}
        self.lines: dict[int, LinkItem] = {}
        self.saved: set[int] = set()
        self.movable = True
        self.colours: MapColours = LIGHT
        self._syncing = False
        self._moved: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._report_moves)

    # -- showing -------------------------------------------------------------------------------

    def show_map(
        self,
        people: Sequence[StakeholderFacts],
        links: Sequence[MapLink],
        positions: Mapping[int, Point | None],
        *,
        as_of: dt.date,
        quiet_days: int,
        details: Mapping[int, Mapping[str, Any]] | None = None,
    ) -> None:
        """Show ``people`` and ``links``; ``positions`` are the saved top-left corners (None or
        missing: not saved). Cards the person moved but whose move is not saved yet stay put."""
        saved = {
            p.id: (float(pos[0]), float(pos[1]))
            for p in people
            if (pos := positions.get(p.id)) is not None
        }
        link_facts = [LinkFacts(k.from_id, k.to_id, k.kind) for k in links]
        spots = auto_layout(people, link_facts, fixed=saved) if people else {}
        self.saved = set(saved)
        self._syncing = True
        try:
            wanted = {p.id for p in people}
            for gone in [i for i in self.cards if i not in wanted]:
                self._remove_card(gone)
            for person in people:
                facts = card_facts(person, as_of, quiet_days, (details or {}).get(person.id))
                card = self.cards.get(person.id)
                if card is None:
                    card = CardItem(facts, self.colours)
                    card.on_moved = self._card_moved
                    card.setFlag(CardItem.GraphicsItemFlag.ItemIsMovable, self.movable)
                    self.cards[person.id] = card
                    self.addItem(card)
                else:
                    card.set_facts(facts)
                if person.id not in self._moved:
                    x, y = spots[person.id]
                    if card.pos() != QPointF(round(x), round(y)):
                        card.setPos(x, y)
            self._show_links(links)
        finally:
            self._syncing = False
        # Set the bounds at once: the scene's own, grown lazily in the event loop, would leave
        # a view fitted straight after this on the old (empty) bounds.
        self.setSceneRect(self.map_rect())

    def set_movable(self, movable: bool) -> None:
        """Let the person drag and nudge cards, or not (a read-only book)."""
        self.movable = movable
        for card in self.cards.values():
            card.setFlag(CardItem.GraphicsItemFlag.ItemIsMovable, movable)

    def _show_links(self, links: Sequence[MapLink]) -> None:
        wanted = {
            k.id: k
            for k in links
            if k.from_id in self.cards and k.to_id in self.cards and k.from_id != k.to_id
        }
        for link_id in list(self.lines):
            if link_id not in wanted or self.lines[link_id].link != wanted[link_id]:
                self._remove_line(link_id)
        for link_id, link in wanted.items():
            if link_id not in self.lines:
                item = LinkItem(
                    link, self.cards[link.from_id], self.cards[link.to_id], self.colours
                )
                names = {i: c.facts.name for i, c in self.cards.items()}
                item.setToolTip(link.describe(names))
                self.lines[link_id] = item
                self.addItem(item)

    def _remove_card(self, person_id: int) -> None:
        card = self.cards.pop(person_id)
        for link in list(card.links):
            self._remove_line(link.link.id)
        self._moved.discard(person_id)
        self.removeItem(card)

    def _remove_line(self, link_id: int) -> None:
        item = self.lines.pop(link_id, None)
        if item is not None:
            item.detach()
            self.removeItem(item)

    def set_colours(self, colours: MapColours) -> None:
        """Paint everything with ``colours`` (the palette changed, or a print is made)."""
        self.colours = colours
        for card in self.cards.values():
            card.set_colours(colours)
        for line in self.lines.values():
            line.set_colours(colours)

    def map_rect(self) -> QRectF:
        """The cards and lines, with a margin (empty when there is no one)."""
        rect = QRectF()
        for card in self.cards.values():
            rect = rect.united(card.rect_in_scene())
        for line in self.lines.values():
            rect = rect.united(line.path.boundingRect())
        return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN) if not rect.isNull() else rect

    # -- selection -----------------------------------------------------------------------------

    def selected_people(self) -> list[int]:
        return sorted(i for i, c in self.cards.items() if c.isSelected())

    def selected_links(self) -> list[int]:
        return sorted(i for i, line in self.lines.items() if line.isSelected())

    def select_people(self, ids: Iterable[int]) -> None:
        """Select exactly the cards of ``ids``."""
        chosen = set(ids)
        self.clearSelection()
        for person_id in chosen:
            card = self.cards.get(person_id)
            if card is not None:
                card.setSelected(True)

    def people_rect(self, ids: Iterable[int]) -> QRectF:
        rect = QRectF()
        for person_id in ids:
            card = self.cards.get(person_id)
            if card is not None:
                rect = rect.united(card.rect_in_scene())
        return rect

    # -- moves ---------------------------------------------------------------------------------

    def _card_moved(self, card: CardItem) -> None:
        if self._syncing:
            return
        bounds = card.rect_in_scene().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        if not self.sceneRect().contains(bounds):
            self.setSceneRect(self.sceneRect().united(bounds))
        self._moved.add(card.person_id)
        self._timer.start()

    @property
    def pending(self) -> bool:
        """Moves not reported yet."""
        return bool(self._moved)

    def _report_moves(self) -> None:
        if self.mouseGrabberItem() is not None:
            self._timer.start()  # still dragging: one report when the drag ends
            return
        self.flush()

    def flush(self) -> None:
        """Report pending moves now."""
        self._timer.stop()
        if not self._moved:
            return
        moved = {
            i: (self.cards[i].pos().x(), self.cards[i].pos().y())
            for i in sorted(self._moved)
            if i in self.cards
        }
        self._moved.clear()
        if moved:
            self.positions_changed.emit(moved)

    def discard_moves(self) -> None:
        """Forget pending moves (the account shown changes without saving them)."""
        self._timer.stop()
        self._moved.clear()

    def clear_map(self) -> None:
        self.discard_moves()
        for person_id in list(self.cards):
            self._remove_card(person_id)
        self.saved.clear()
