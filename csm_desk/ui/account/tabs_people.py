"""Workspace tabs about people and conversations: Stakeholders, Meetings & recaps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import SQLModel

from csm_desk.engine.meetings import MeetingTemplate, template_values
from csm_desk.engine.vocab import Area, Artifact
from csm_desk.models.meeting_ops import (
    change_meeting_type,
    copy_from_last_meeting,
    read_carry_forward,
)
from csm_desk.models.ops import Op
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.account.recap_mail_buttons import RecapMailButtons
from csm_desk.ui.account.tab_base import CUSTOMER, INTERNAL, WorkspaceTab
from csm_desk.ui.account.tab_links import RowLinks
from csm_desk.ui.editors.link_list import ATTENDEES, LinkList
from csm_desk.ui.editors.values import RefOptions
from csm_desk.ui.formatting import AREA_TITLES
from csm_desk.ui.stakeholder_map.panel import StakeholderMapPanel

STAKEHOLDER_COLUMNS = [
    "name",
    "title",
    "roles",
    "influence",
    "relationship_strength",
    "stance",
    "last_contact",
    "departed",
]


class StakeholdersTab(WorkspaceTab):
    """The stakeholder map: the map canvas and the people tables side by side in ``splitter``,
    each shown or hidden with the Map and Table buttons (both edit the same rows).

    Attributes:
        map_panel: the map canvas with its coverage panel and legend.
        splitter: the horizontal splitter holding the map and the tables.
        show_map, show_table: the buttons that show or hide each.
    """

    area = Area.STAKEHOLDERS
    title = AREA_TITLES[Area.STAKEHOLDERS]
    artifact = Artifact.STAKEHOLDER_MAP
    audience = INTERNAL
    document = "account-brief"

    def main_widget(self) -> QWidget:
        self.map_panel = StakeholderMapPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("stakeholderSplitter")
        self.splitter.addWidget(self.map_panel)
        self.splitter.addWidget(self.scroll_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.show_map = self._view_button("Map", "Show the stakeholder map")
        self.show_table = self._view_button("Table", "Show the people and lines as tables")
        self.show_map.setChecked(True)
        self.scroll_area.hide()
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 6, 12, 0)
        bar.setSpacing(0)
        bar.addWidget(QLabel("Show  "))
        bar.addWidget(self.show_map)
        bar.addWidget(self.show_table)
        bar.addStretch(1)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        return holder

    def _view_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setObjectName("viewToggle")
        button.toggled.connect(lambda _on: self._views_changed(button))
        return button

    def _views_changed(self, changed: QToolButton) -> None:
        if not (self.show_map.isChecked() or self.show_table.isChecked()):
            # One of the two is always shown: turning one off turns the other on.
            other = self.show_table if changed is self.show_map else self.show_map
            other.setChecked(True)
            return
        self.map_panel.setVisible(self.show_map.isChecked())
        self.scroll_area.setVisible(self.show_table.isChecked())

    def build(self) -> None:
        self.people = self.row_table(
            "stakeholder",
            STAKEHOLDER_COLUMNS,
            title="People",
            detail=[
                "name",
                "title",
                "email",
                "roles",
                "influence",
                "relationship_strength",
                "stance",
                "cares_about",
                "preferred_communication",
                "renewal_role",
                "last_contact",
                "departed",
                "departed_on",
                "sentiment_notes",
            ],
            visible_rows=9,
        )
        self.links = self.row_table(
            "stakeholder_link",
            ["from_id", "kind", "to_id"],
            title="Reporting and influence lines",
            refs=self._refs,
        )

    def map_png(self, ctx: AccountContext) -> bytes | None:
        """The map of ``ctx``'s account as drawn on the canvas, as a PNG for documents (the
        ``map_png`` of ``export.export_document``); None when no one is mapped."""
        self.map_panel.show_account(ctx)  # in place: the tab may not have been shown since
        try:
            return self.map_panel.map_png()
        except ValueError:
            return None

    def show_read_only(self) -> None:
        super().show_read_only()
        self.map_panel.set_read_only(True)

    def _refs(self) -> dict[str, list[tuple[int, str]]]:
        options = list(self.ctx.stakeholder_options()) if self.ctx else []
        return {"from_id": options, "to_id": options}

    def show_account(self, ctx: AccountContext) -> None:
        self.people.set_rows(ctx.rows_of("stakeholder"))
        self.links.set_refs(self._refs())
        self.links.set_rows(ctx.rows_of("stakeholder_link"))
        self.map_panel.show_account(ctx)


COPY_TIP = (
    "Bring forward from the account's previous meeting its attendees, its open items and its "
    "open action items (which move to this meeting, so each is tracked once)"
)


class MeetingsTab(WorkspaceTab):
    """Meetings and their recaps: decisions, open items, attendees and action items.

    A new meeting starts from its type's template (the book's settings); changing the type of a
    meeting that still holds only its template swaps the template in the same step.

    Attributes:
        copy_button: Copy from last meeting, for the selected meeting.
        copy_problem: why nothing was brought forward, when nothing was.
    """

    area = Area.MEETINGS
    title = AREA_TITLES[Area.MEETINGS]
    artifact = Artifact.RECAP
    audience = CUSTOMER
    document = "recap"

    def build(self) -> None:
        self.meetings = self.row_table(
            "meeting",
            ["date", "type", "title", "next_meeting"],
            title="Meetings",
            detail=[
                "date",
                "type",
                "title",
                "internal_attendees",
                "decisions",
                "open_items",
                "next_meeting",
                "internal_notes",
            ],
            visible_rows=6,
        )
        self.meetings.current_changed.connect(lambda _key: self._show_selected())
        self.copy_button = QPushButton("Copy from last meeting")
        self.copy_button.setObjectName("copyFromLastMeeting")
        self.copy_button.setToolTip(COPY_TIP)
        self.copy_button.clicked.connect(self.copy_from_last_meeting)
        self.copy_problem = QLabel()
        self.copy_problem.setObjectName("fieldProblem")
        self.copy_problem.setWordWrap(True)
        self.copy_problem.hide()
        copy_row = QHBoxLayout()
        copy_row.setContentsMargins(0, 0, 0, 0)
        copy_row.addWidget(self.copy_button)
        copy_row.addWidget(self.copy_problem)
        copy_row.addStretch(1)
        self.body.addLayout(copy_row)
        self.write_controls.append(self.copy_button)
        self.meetings.current_changed.connect(lambda _key: self.copy_problem.hide())
        self.recap_mail = RecapMailButtons(lambda: self.ctx, self._selected_meeting_id)
        self.meetings.current_changed.connect(lambda _key: self.recap_mail.update_state())
        self.body.addWidget(self.recap_mail)
        self.body.addWidget(self.heading("Customer attendees of the selected meeting"))
        self.attendees = LinkList(ATTENDEES)
        self.attendees.setObjectName("attendees")
        self.attendees.setMaximumHeight(140)
        self.attendees.link_requested.connect(self._apply)
        self.body.addWidget(self.attendees)
        self.write_controls.append(self.attendees)
        self.action_items = self.row_table(
            "action_item",
            ["text", "owner", "side", "due", "status", "completed_on", "meeting_id"],
            title="Action items of the selected meeting",
            fixed=self._selected_meeting,
            refs=lambda: {"meeting_id": list(self.ctx.meeting_options()) if self.ctx else []},
        )
        self.meeting_links = RowLinks(self, self.meetings, "meeting_id", "meeting")

    def document_choice(self) -> tuple[str | None, int | None]:
        """The recap of the selected meeting."""
        key = self.meetings.selected_key()
        return self.document, None if key is None else int(key["id"])

    def _template(self, meeting_type: str) -> MeetingTemplate:
        assert self.ctx is not None
        return self.ctx.session.settings.meeting_template(meeting_type)

    def new_row_values(
        self, model: type[SQLModel], extra: Mapping[str, Any], refs: Mapping[str, RefOptions]
    ) -> dict[str, Any] | None:
        """A new meeting starts from its type's template."""
        values = super().new_row_values(model, extra, refs)
        if values is not None and model.__tablename__ == "meeting":
            values.update(template_values(self._template(str(values["type"]))))
        return values

    def edit_op(self, table: str, key: Mapping[str, Any], name: str, value: Any) -> Op:
        """A meeting's new type brings its template while the meeting holds only the old one."""
        if table == "meeting" and name == "type" and self.ctx is not None:
            row = next((r for r in self.ctx.rows_of("meeting") if r["id"] == key["id"]), None)
            if row is not None and row["type"] != value:
                old, new = self._template(str(row["type"])), self._template(str(value))
                return change_meeting_type(row, str(value), old, new)
        return super().edit_op(table, key, name, value)

    def copy_from_last_meeting(self) -> None:
        """Bring forward into the selected meeting what the previous one left open, as one
        step; when there is nothing to bring, say why beside the button."""
        meeting_id = self._selected_meeting_id()
        if self.ctx is None or meeting_id is None:
            return
        with self.ctx.session.book.engine.connect() as conn:
            plan = read_carry_forward(conn, meeting_id)
        if plan.previous is None:
            self._copy_refused("This is the account's first meeting: there is no earlier one.")
        elif plan.empty:
            self._copy_refused("The previous meeting left nothing open that this one lacks.")
        else:
            self.copy_problem.hide()
            self.ctx.apply(copy_from_last_meeting(meeting_id))

    def _copy_refused(self, message: str) -> None:
        self.copy_problem.setText(message)
        self.copy_problem.show()

    def _selected_meeting_id(self) -> int | None:
        key = self.meetings.selected_key()
        return None if key is None else int(key["id"])

    def _selected_meeting(self) -> dict[str, Any] | None:
        key = self.meetings.selected_key()
        return None if key is None else {"meeting_id": key["id"]}

    def show_account(self, ctx: AccountContext) -> None:
        self.meetings.set_rows(
            sorted(ctx.rows_of("meeting"), key=lambda m: (m["date"], m["id"]), reverse=True)
        )
        self.action_items.set_refs({"meeting_id": ctx.meeting_options()})
        self._show_selected()
        self.meeting_links.show()

    def _show_selected(self) -> None:
        if self.ctx is None:
            return
        key = self.meetings.selected_key()
        meeting_id = None if key is None else key["id"]
        self.action_items.set_rows(
            [a for a in self.ctx.rows_of("action_item") if a["meeting_id"] == meeting_id]
        )
        attended = {
            r["stakeholder_id"]
            for r in self.ctx.rows_of("meeting_attendee")
            if r["meeting_id"] == meeting_id
        }
        self.attendees.fill(self.ctx.stakeholder_options(), attended, meeting_id)
        self.attendees.setEnabled(meeting_id is not None and not self.read_only)
        self.copy_button.setEnabled(meeting_id is not None and not self.read_only)

    def _apply(self, op: Op) -> None:
        if self.ctx is not None:
            self.ctx.apply(op)
