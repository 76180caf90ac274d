"""The stakeholder map panel: toolbar, canvas, coverage findings and legend, wired to the book.

Every change made on the map is one undoable op through the account context: moving cards
(``SetFields`` of ``canvas_x``/``canvas_y``, or a ``Batch`` for several), tidying the layout,
adding a person or a line, editing a person, deleting. The first move on a map that was laid
out automatically also saves where everyone else stands, so the map stays as the person sees
it. The panel redraws from the account context after every write (the workspace refreshes it).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from csm_desk import paths
from csm_desk.engine.coverage import CoverageFinding
from csm_desk.engine.facts import LinkFacts
from csm_desk.engine.maplayout import CARD_H, CARD_W, auto_layout
from csm_desk.engine.vocab import LinkKind
from csm_desk.models.ops import Batch, DeleteRow, InsertRow, Op, SetFields
from csm_desk.ui import icons
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.stakeholder_map.card import CardItem
from csm_desk.ui.stakeholder_map.colours import MapColours, for_palette
from csm_desk.ui.stakeholder_map.coverage_panel import CoveragePanel
from csm_desk.ui.stakeholder_map.legend import MapLegend
from csm_desk.ui.stakeholder_map.lines import LinkItem, MapLink
from csm_desk.ui.stakeholder_map.map_data import MapData, map_data
from csm_desk.ui.stakeholder_map.render import render_map_png
from csm_desk.ui.stakeholder_map.scene import MapScene
from csm_desk.ui.stakeholder_map.view import MapView


class _Canvas(MapView):
    """The view, with a hint painted over an empty map."""

    def drawForeground(self, painter: QPainter, rect: Any) -> None:
        super().drawForeground(painter, rect)
        if self.map_scene.cards:
            return
        painter.save()
        painter.resetTransform()
        painter.setPen(QColor(self.palette().color(self.foregroundRole())))
        painter.drawText(
            self.viewport().rect(),
            Qt.AlignmentFlag.AlignCenter,
            "No one is mapped yet.\nRight-click to add a person, or use Add person.",
        )
        painter.restore()


class StakeholderMapPanel(QWidget):
    """The map of the open account.

    Attributes:
        ctx: the account shown (None before the first ``show_account``).
        scene, view: the canvas.
        coverage: the coverage findings; ``legend`` the legend.
        data: what the map shows now.
        read_only: the map can be looked at, not changed (the book is read-only).

    Signals:
        message(str): a short note for the person (e.g. "Already tidy").
    """

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stakeholderMap")
        self.ctx: AccountContext | None = None
        self.data: MapData | None = None
        self.read_only = False
        self.scene = MapScene(self)
        self.scene.positions_changed.connect(self.save_positions)
        self.view = _Canvas(self.scene)
        self.view.edit_requested.connect(self.edit_person)
        self.view.menu_requested.connect(self._menu)
        self.view.delete_requested.connect(self.delete_selected)
        self.view.zoom_changed.connect(self._show_zoom)
        self.coverage = CoveragePanel()
        self.coverage.people_chosen.connect(self.choose_people)
        self.legend = MapLegend()
        self.note = QLabel()
        self.note.setObjectName("artifactDetail")
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.message.connect(self.note.setText)

        self.add_person_action = self._action("Add person…", "add", self.add_person_dialog)
        self.tidy_action = self._action(
            "Tidy layout", "tidy", self.tidy_layout, tip="Arrange everyone by level (undoable)"
        )
        self.fit_action = self._action("Fit map", "zoom-fit", self.view.fit_all, keys=("Ctrl+0",))
        self.zoom_in_action = self._action(
            "Zoom in", "zoom-in", self.view.zoom_in, keys=("Ctrl+=", "Ctrl++")
        )
        self.zoom_out_action = self._action(
            "Zoom out", "zoom-out", self.view.zoom_out, keys=("Ctrl+-",)
        )
        self.save_png_action = self._action(
            "Save map as PNG…", "image", self.save_png_dialog, tip="Save the map as a picture"
        )
        toolbar = QToolBar("Map")
        toolbar.setObjectName("mapToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.add_person_action, self.tidy_action])
        toolbar.addSeparator()
        toolbar.addActions([self.zoom_out_action, self.zoom_in_action])
        toolbar.addWidget(self.zoom_label)
        toolbar.addAction(self.fit_action)
        for action in (self.zoom_out_action, self.zoom_in_action):
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addSeparator()
        toolbar.addAction(self.save_png_action)
        toolbar.addSeparator()
        toolbar.addWidget(self.note)

        side = QWidget()
        side.setObjectName("mapSide")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(10, 8, 10, 8)
        side_layout.setSpacing(10)
        side_layout.addWidget(self.coverage)
        legend_heading = QLabel("Legend")
        legend_heading.setObjectName("sectionHeading")
        side_layout.addSpacing(6)
        side_layout.addWidget(legend_heading)
        side_layout.addWidget(self.legend)
        side_layout.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mapSplitter")
        side_scroll = QScrollArea()
        side_scroll.setObjectName("mapSideScroll")
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setWidget(side)
        side_scroll.setMinimumWidth(260)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(side_scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([900, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.splitter, 1)
        self._apply_palette()

    def _action(
        self,
        text: str,
        icon: str | None,
        slot: Any,
        *,
        keys: tuple[str, ...] = (),
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(icons.icon(icon))
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = tip or f"{text} ({keys[0]})"
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # -- showing -------------------------------------------------------------------------------

    def show_account(self, ctx: AccountContext) -> None:
        """Show ``ctx``'s people (after opening the account or any change to it)."""
        new_account = self.ctx is None or self.ctx.account_id != ctx.account_id
        if self.ctx is not None and new_account:
            self.scene.flush()  # save moves made on the account shown before
            self.scene.clear_map()
        self.ctx = ctx
        data = map_data(ctx)
        self.data = data
        self.scene.show_map(
            data.people,
            data.links,
            data.positions,
            as_of=data.as_of,
            quiet_days=data.quiet_days,
            details=data.details,
        )
        self.coverage.show_findings(data.findings)
        self.legend.show_legend(self.scene.colours, data.quiet_days)
        has_people = bool(data.people)
        for action in (self.tidy_action, self.save_png_action, self.fit_action):
            action.setEnabled(has_people)
        self.view.viewport().update()
        if new_account:
            self.view.fit_all()

    @property
    def findings(self) -> list[CoverageFinding]:
        return [] if self.data is None else list(self.data.findings)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()

    def _apply_palette(self) -> None:
        colours: MapColours = for_palette(self.palette())
        self.scene.set_colours(colours)
        self.view.setBackgroundBrush(QColor(colours.background))
        self.legend.show_legend(colours, self.legend.quiet_days)

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")

    def choose_people(self, ids: tuple[int, ...]) -> None:
        """Select the people of a finding and bring them into view."""
        self.scene.select_people(ids)
        if ids:
            self.view.show_people(list(ids))
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        """Let the person look at the map (zoom, select, save a picture) but change nothing."""
        self.read_only = read_only
        self.scene.set_movable(not read_only)
        for action in (self.add_person_action, self.tidy_action):
            action.setVisible(not read_only)

    # -- writing -------------------------------------------------------------------------------

    def _apply(self, op: Op) -> bool:
        if self.ctx is None or self.read_only:
            return False
        done = self.ctx.apply(op)
        if not done and self.ctx is not None:
            self.show_account(self.ctx)  # put the map back as the book has it
        return done

    def _name(self, person_id: int) -> str:
        card = self.scene.cards.get(person_id)
        return card.facts.name if card is not None else "person"

    def save_positions(self, moved: dict[int, tuple[float, float]]) -> None:
        """Save where the person put cards (and where everyone unsaved stands) as one step."""
        if self.ctx is None or not moved:
            return
        values = dict(moved)
        for person_id, card in self.scene.cards.items():
            if person_id not in self.scene.saved and person_id not in values:
                values[person_id] = (card.pos().x(), card.pos().y())
        label = (
            f"Move {self._name(next(iter(moved)))}"
            if len(moved) == 1
            else f"Move {len(moved)} people"
        )
        ops: list[Op] = [
            SetFields(
                "stakeholder", {"id": pid}, {"canvas_x": float(x), "canvas_y": float(y)}, label
            )
            for pid, (x, y) in sorted(values.items())
        ]
        self._apply(ops[0] if len(ops) == 1 else Batch(label, ops))

    def tidy_layout(self) -> bool:
        """Lay everyone out by level (one undoable step); False when it already is."""
        if self.ctx is None or self.data is None or not self.data.people:
            return False
        self.scene.flush()
        links = [LinkFacts(k.from_id, k.to_id, k.kind) for k in self.data.links]
        spots = auto_layout(self.data.people, links)
        ops: list[Op] = []
        for person in self.data.people:
            x, y = spots[person.id]
            if self.data.positions.get(person.id) != (x, y):
                ops.append(
                    SetFields("stakeholder", {"id": person.id}, {"canvas_x": x, "canvas_y": y})
                )
        if not ops:
            self.message.emit("Already tidy")
            return False
        done = self._apply(Batch("Tidy layout", ops))
        if done:
            self.message.emit("")
            self.view.fit_all()
        return done

    def ask_person(self, row: dict[str, Any] | None) -> dict[str, Any] | None:
        """Show the person dialog: the values for a new person, or the changes to ``row``;
        None when cancelled."""
        from csm_desk.ui.stakeholder_map.dialogs import PersonDialog

        dialog = PersonDialog(row, self)
        if not dialog.exec():
            return None
        return dialog.changes() if row else dialog.new_values()

    def add_person_dialog(self) -> None:
        self.add_person(None)

    def add_person(self, at: QPointF | None) -> int | None:
        """Ask for a new person and add them, centred on ``at`` (else where the layout puts
        them); the new stakeholder's id, or None."""
        if self.ctx is None or self.read_only:
            return None
        values = self.ask_person(None)
        if not values:
            return None
        values["account_id"] = self.ctx.account_id
        if at is not None:
            values["canvas_x"] = float(round(at.x() - CARD_W / 2))
            values["canvas_y"] = float(round(at.y() - CARD_H / 2))
        self.scene.flush()
        op = InsertRow("stakeholder", values, f"Add {values.get('name') or 'person'}")
        if not self._apply(op) or op.pk is None:
            return None
        new_id = int(op.pk["id"])
        self.scene.select_people([new_id])
        self.view.show_people([new_id])
        return new_id

    def edit_person(self, person_id: int) -> bool:
        if self.ctx is None or self.read_only:
            return False
        row = next((r for r in self.ctx.rows_of("stakeholder") if r["id"] == person_id), None)
        if row is None:
            return False
        changes = self.ask_person(row)
        if not changes:
            return False
        return self._apply(
            SetFields("stakeholder", {"id": person_id}, changes, f"Edit {row['name']}")
        )

    def add_link(self, from_id: int, to_id: int, kind: LinkKind) -> bool:
        """Draw a line: ``from_id`` reports to / influences ``to_id``."""
        if self.ctx is None or from_id == to_id:
            return False
        verb = "reports to" if kind is LinkKind.REPORTS_TO else "influences"
        values = {
            "account_id": self.ctx.account_id,
            "from_id": from_id,
            "to_id": to_id,
            "kind": kind.value,
        }
        label = f"{self._name(from_id)} {verb} {self._name(to_id)}"
        return self._apply(InsertRow("stakeholder_link", values, label))

    def delete_selected(self) -> bool:
        """Delete the selected lines and people (one undoable step; cascaded rows come back
        with the undo)."""
        people = self.scene.selected_people()
        lines = self.scene.selected_links()
        if self.ctx is None or self.read_only or not (people or lines):
            return False
        self.scene.flush()
        ops: list[Op] = [DeleteRow("stakeholder_link", {"id": i}, "Delete line") for i in lines]
        ops += [DeleteRow("stakeholder", {"id": i}, f"Delete {self._name(i)}") for i in people]
        if len(ops) == 1:
            return self._apply(ops[0])
        if lines and not people:
            label = f"Delete {len(lines)} lines"
        elif people and not lines:
            label = f"Delete {len(people)} people"
        else:
            label = f"Delete {len(people) + len(lines)} items"
        return self._apply(Batch(label, ops))

    # -- the map as an image -------------------------------------------------------------------

    def map_png(self, *, dpi: int = 200) -> bytes:
        """The map as a PNG for documents (raises ValueError when no one is mapped)."""
        quiet = self.data.quiet_days if self.data else 90
        return render_map_png(self.scene, dpi=dpi, quiet_days=quiet)

    def save_png(self, path: Path) -> Path:
        path.write_bytes(self.map_png())
        return path

    def save_png_dialog(self) -> None:
        if self.ctx is None or not self.scene.cards:
            return
        name = self.ctx.account.get("name", "Account")
        start = str(paths.documents_dir() / f"{name} stakeholder map.png")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save map as PNG", start, "PNG images (*.png)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        try:
            self.save_png(path)
        except OSError as exc:
            self.message.emit(f"Could not save the map: {exc.strerror or exc}")
            return
        self.message.emit(f"Saved {path.name}")

    # -- context menu --------------------------------------------------------------------------

    def _menu(self, item: object, at: QPointF, where: QPoint) -> None:
        menu = self.build_menu(item, at)
        menu.exec(where)
        menu.deleteLater()

    def build_menu(self, item: object, at: QPointF) -> QMenu:
        """The context menu for a card, a line, or empty canvas at scene position ``at``."""
        menu = QMenu(self)
        if self.read_only:
            menu.addAction(self.fit_action)
            menu.addAction(self.save_png_action)
        elif isinstance(item, CardItem):
            person_id = item.person_id
            menu.addAction(f"Edit {item.facts.name}…", lambda: self.edit_person(person_id))
            for kind, words in (
                (LinkKind.REPORTS_TO, "Reports to"),
                (LinkKind.INFLUENCES, "Influences"),
            ):
                sub = menu.addMenu(words)
                existing = {
                    k.to_id
                    for k in (self.data.links if self.data else ())
                    if k.from_id == person_id and k.kind == kind
                }
                for other_id, card in sorted(
                    self.scene.cards.items(), key=lambda pair: pair[1].facts.name
                ):
                    if other_id == person_id:
                        continue
                    action = sub.addAction(
                        card.facts.name, partial(self.add_link, person_id, other_id, kind)
                    )
                    action.setEnabled(other_id not in existing)
                sub.setEnabled(len(self.scene.cards) > 1)
            menu.addSeparator()
            count = len(self.scene.selected_people()) + len(self.scene.selected_links())
            menu.addAction(
                "Delete" if count <= 1 else f"Delete {count} items", self.delete_selected
            )
        elif isinstance(item, LinkItem):
            names = {i: c.facts.name for i, c in self.scene.cards.items()}
            title = menu.addAction(item.link.describe(names))
            title.setEnabled(False)
            menu.addAction("Delete line", self.delete_selected)
        else:
            menu.addAction(icons.icon("add"), "Add a person here…", lambda: self.add_person(at))
            menu.addSeparator()
            menu.addAction(self.tidy_action)
            menu.addAction(self.fit_action)
            menu.addAction(self.save_png_action)
        return menu


__all__ = ["MapLink", "StakeholderMapPanel"]
