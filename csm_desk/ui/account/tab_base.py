"""What every workspace tab shares: the artifact banner, a scrolling page, and the wiring of
generic editors to undoable writes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import SQLModel

from csm_desk.engine.discipline import ArtifactState
from csm_desk.engine.vocab import Area, Artifact, ArtifactStatus
from csm_desk.models.fields import Kind, spec_of, specs_of
from csm_desk.models.ops import MODELS, Op, SetFields
from csm_desk.ui import formatting, icons
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.editors.form import FormEditor
from csm_desk.ui.editors.row_table import RowTableEditor
from csm_desk.ui.editors.values import RefOptions, default_for

STATUS_COLOURS = {
    ArtifactStatus.COMPLETE: formatting.GREEN,
    ArtifactStatus.INCOMPLETE: formatting.AMBER,
    ArtifactStatus.STALE: formatting.AMBER,
    ArtifactStatus.MISSING: formatting.RED,
    ArtifactStatus.NOT_DUE: formatting.GREY,
}
CUSTOMER = "Customer-facing"
INTERNAL = "Internal"
MIXED = "Customer version + internal notes"


def status_colour(state: ArtifactState) -> str:
    """The colour of an artifact's status: a missing artifact the segment does not require is
    not a problem, so it is grey rather than red."""
    if state.status is ArtifactStatus.MISSING and not state.mandatory:
        return formatting.GREY
    return STATUS_COLOURS[state.status]


def status_icon(state: ArtifactState | None):  # type: ignore[no-untyped-def]
    """The dot shown on an artifact's tab."""
    if state is None:
        return icons.dot(formatting.GREY, hollow=True)
    hollow = state.status in (ArtifactStatus.MISSING, ArtifactStatus.NOT_DUE)
    return icons.dot(status_colour(state), hollow=hollow and not state.mandatory)


class ArtifactBanner(QFrame):
    """The strip at the top of a tab: audience, artifact status and its unmet criteria.

    Signals:
        reviewed(): the person marked the artifact as reviewed (still current).
        export(): the person asked for the tab's document.
    """

    reviewed = Signal()
    export = Signal()

    def __init__(
        self,
        audience: str,
        artifact: Artifact | None,
        parent: QWidget | None = None,
        document: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("artifactBanner")
        self.audience = QLabel(audience)
        self.audience.setObjectName(
            "audienceCustomer" if audience == CUSTOMER else "audienceInternal"
        )
        self.status = QLabel()
        self.status.setObjectName("artifactStatus")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.detail = QLabel()
        self.detail.setObjectName("artifactDetail")
        self.detail.setWordWrap(True)
        self.review_button = QPushButton(icons.icon("reviewed"), "Mark reviewed")
        self.review_button.setToolTip(
            "Record that this artifact was reviewed today and is still current"
        )
        self.review_button.clicked.connect(self.reviewed)
        self.review_button.setVisible(artifact is not None)
        self.export_button = QPushButton(icons.icon("export"), "Export…")
        self.export_button.setToolTip("Write this artifact as a Word document")
        self.export_button.clicked.connect(self.export)
        self.export_button.setVisible(document is not None)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.audience)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.detail)
        self.detail.hide()

    def show_state(self, artifact: Artifact | None, state: ArtifactState | None) -> None:
        if artifact is None or state is None:
            self.status.setText("")
            self.detail.hide()
            return
        colour = status_colour(state)
        need = "mandatory" if state.mandatory else "optional for this segment"
        updated = f" · updated {formatting.day(state.last_updated)}" if state.last_updated else ""
        self.status.setText(
            f'<span style="color:{colour}">●</span> <b>{artifact.label}: {state.status.label}</b>'
            f" <span>({need}{updated})</span>"
        )
        lines = [f"• {u}" for u in state.unmet]
        if state.stale_reason:
            lines.append(f"• {state.stale_reason[0].upper()}{state.stale_reason[1:]}")
        self.detail.setText("\n".join(lines))
        self.detail.setVisible(bool(lines))


class WorkspaceTab(QWidget):
    """One tab of the account workspace.

    Subclasses set ``area``, ``title``, ``artifact``, ``audience`` and ``document``, build
    their editors in ``build()`` and fill them in ``show_account()``.

    Attributes:
        ctx: the account shown (None before the first ``refresh``).
        forms, tables: the editors of this tab, for wiring and for tests.
        write_controls: the tab's other widgets that change the book (buttons, tick lists),
            disabled while the book is read-only.

    Signals:
        export_requested(object): ``(document key, meeting id or None)`` to export.
    """

    export_requested = Signal(object)

    area: Area = Area.SNAPSHOT
    title = ""
    artifact: Artifact | None = None
    audience = INTERNAL
    # The Word document this tab exports (a key of csm_desk.export.DOCUMENTS), if any.
    document: str | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AccountContext | None = None
        self.forms: list[FormEditor] = []
        self.tables: list[RowTableEditor] = []
        self.write_controls: list[QWidget] = []
        self.banner = ArtifactBanner(self.audience, self.artifact, document=self.document)
        self.banner.reviewed.connect(self._mark_reviewed)
        self.banner.export.connect(lambda: self.export_requested.emit(self.document_choice()))
        self.page = QWidget()
        self.page.setObjectName("tabPage")
        self.body = QVBoxLayout(self.page)
        self.body.setContentsMargins(16, 12, 16, 16)
        self.body.setSpacing(14)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.page)
        self.scroll_area = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_widget(), 1)
        self.build()
        self.body.addStretch(1)

    def document_choice(self) -> tuple[str | None, int | None]:
        """The document to offer for export and, for a recap, the meeting."""
        return self.document, None

    def main_widget(self) -> QWidget:
        """The widget under the banner (the scrolling page unless a tab needs another)."""
        return self.scroll_area

    def build(self) -> None:
        raise NotImplementedError

    def show_account(self, ctx: AccountContext) -> None:
        raise NotImplementedError

    def refresh(self, ctx: AccountContext) -> None:
        """Show ``ctx``'s account (called when it is opened and after every change to it)."""
        if self.ctx is None or self.ctx.account_id != ctx.account_id:
            for table in self.tables:
                table.rows.cancel_draft()  # a new row begun on another account
        self.ctx = ctx
        result = ctx.result
        state = result.artifacts.get(self.artifact) if result and self.artifact else None
        self.banner.show_state(self.artifact, state)
        self.show_account(ctx)
        if self.read_only:
            self.show_read_only()

    @property
    def read_only(self) -> bool:
        """Whether the book shown can only be looked at (the session says)."""
        return self.ctx is not None and self.ctx.session.read_only

    def show_read_only(self) -> None:
        """Show every value without letting it be changed: the book is read-only. Called after
        ``show_account``, which may have enabled a control for the account shown."""
        for form in self.forms:
            form.set_read_only(True)
        for table in self.tables:
            table.set_read_only(True)
        self.banner.review_button.hide()
        for widget in self.write_controls:
            widget.setEnabled(False)

    def edited_fields(self) -> set[tuple[str, str]]:
        """Every (table, field) this tab lets a person edit."""
        found: set[tuple[str, str]] = set()
        for form in self.forms:
            found.update((str(form.model.__tablename__), f) for f in form.fields)
        for table in self.tables:
            found.update((str(table.rows.model.__tablename__), c) for c in table.rows.columns)
            if table.form is not None:
                found.update((str(table.form.model.__tablename__), f) for f in table.form.fields)
        return found

    # -- building blocks -----------------------------------------------------------------------

    def heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionHeading")
        return label

    def account_form(self, fields: list[str], title: str = "") -> FormEditor:
        """A form over fields of the account row."""
        form = FormEditor(MODELS["account"], fields, mark_internal=self.audience != INTERNAL)
        form.edit_requested.connect(lambda name, value: self._write_account(name, value))
        self.forms.append(form)
        if title:
            self.body.addWidget(self.heading(title))
        self.body.addWidget(form)
        return form

    def _write_account(self, name: str, value: Any) -> None:
        if self.ctx is not None:
            label = f"Edit {spec_of(MODELS['account'], name).label}"
            self.ctx.set_fields("account", {"id": self.ctx.account_id}, {name: value}, label)

    def row_form(self, table: str, get_key: Callable[[], dict[str, Any] | None]) -> FormEditor:
        """A form over one row of ``table`` found by ``get_key``."""
        model = MODELS[table]
        form = FormEditor(model, mark_internal=self.audience != INTERNAL)

        def write(name: str, value: Any) -> None:
            key = get_key()
            if self.ctx is not None and key is not None:
                self.ctx.set_fields(table, key, {name: value}, f"Edit {spec_of(model, name).label}")

        form.edit_requested.connect(write)
        self.forms.append(form)
        return form

    def row_table(
        self,
        table: str,
        columns: list[str] | None = None,
        *,
        title: str,
        detail: list[str] | None = None,
        fixed: Callable[[], dict[str, Any] | None] | None = None,
        refs: Callable[[], Mapping[str, RefOptions]] | None = None,
        visible_rows: int = 6,
        select_first: bool = False,
        add_to_page: bool = True,
    ) -> RowTableEditor:
        """A table editor for rows of ``table`` wired to undoable writes.

        ``fixed`` gives the values every new row must carry besides its account (a phase, the
        selected meeting), or None when a row cannot be added now; ``refs`` the choices of its
        REF columns.
        """
        model = MODELS[table]
        editable = [n for n, s in specs_of(model).items() if s.kind is not Kind.SYSTEM]
        editor = RowTableEditor(
            model,
            columns or editable,
            title=title,
            detail=detail,
            visible_rows=visible_rows,
            select_first=select_first,
            mark_internal=self.audience != INTERNAL,
        )
        singular = title.lower().rstrip("s") if title else "row"

        def write(key: dict[str, Any], name: str, value: Any) -> None:
            if self.ctx is not None:
                self.ctx.apply(self.edit_op(table, key, name, value))

        def add() -> None:
            if self.ctx is None:
                return
            extra = fixed() if fixed is not None else {}
            if extra is None:
                editor.problem.setText("Choose the row this belongs to first.")
                editor.problem.show()
                return
            options = refs() if refs is not None else {}
            values = self.new_row_values(model, extra, options)
            if values is None:
                editor.problem.setText(
                    "Add the rows it refers to first (for example a stakeholder)."
                )
                editor.problem.show()
                return
            editor.clear_problem()
            missing = [n for n, v in values.items() if v is None and specs_of(model)[n].required]
            if missing:
                # Nothing is invented: the row is written once the person has typed it.
                editor.start_draft(values, missing)
                return
            key = self.ctx.insert(table, values, f"Add {singular}")
            if key is not None:
                editor.edit_first_text(key)

        def write_draft(values: dict[str, Any]) -> None:
            if self.ctx is None:
                return
            extra = fixed() if fixed is not None else {}
            if extra is None or any(values.get(k) != v for k, v in extra.items()):
                # What the new row belonged to (a meeting, a KPI) is no longer selected.
                editor.rows.cancel_draft()
                return
            self.ctx.insert(table, values, f"Add {singular}")

        def delete(key: dict[str, Any]) -> None:
            if self.ctx is not None:
                self.ctx.delete(table, key, f"Delete {singular}")

        editor.edit_requested.connect(write)
        editor.add_requested.connect(add)
        editor.rows.draft_complete.connect(write_draft)
        editor.delete_requested.connect(delete)
        self.tables.append(editor)
        if add_to_page:
            self.body.addWidget(editor)
        return editor

    def edit_op(self, table: str, key: Mapping[str, Any], name: str, value: Any) -> Op:
        """The step that writes one value typed into a row table (a tab may write more with
        it, in the same step)."""
        label = f"Edit {spec_of(MODELS[table], name).label}"
        return SetFields(table, key, {name: value}, label)

    def new_row_values(
        self, model: type[SQLModel], extra: Mapping[str, Any], refs: Mapping[str, RefOptions]
    ) -> dict[str, Any] | None:
        """Values for a new row: its account, ``extra``, and a start for each required field."""
        assert self.ctx is not None
        values: dict[str, Any] = {}
        specs = specs_of(model)
        if "account_id" in specs:
            values["account_id"] = self.ctx.account_id
        values.update(extra)
        for name, spec in specs.items():
            if name in values or spec.kind is Kind.SYSTEM or not spec.required:
                continue
            declared = model.model_fields[name].default if name in model.model_fields else None
            value, found = default_for(name, spec, self.ctx.as_of, refs, declared)
            if not found:
                return None
            values[name] = value
        return values

    def _mark_reviewed(self) -> None:
        if self.ctx is None or self.artifact is None:
            return
        from csm_desk.models.actions import mark_reviewed

        self.ctx.apply(mark_reviewed(self.ctx.account_id, self.artifact))
