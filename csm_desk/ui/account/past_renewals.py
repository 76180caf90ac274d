"""Past renewals on the Renewal tab: each closed renewal's outcome and ARR before and after, and,
once one is opened, the plan, next steps and checklist it was worked with (read-only)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.renewals import PHASE_ORDER
from csm_desk.engine.vocab import RenewalOutcome, RenewalPhase, Side, StepStatus
from csm_desk.ui import formatting

Row = Mapping[str, Any]
Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Renewal date", "Outcome", "ARR before", "ARR after", "Recorded on", "Next renewal")
_MONEY_COLUMNS = frozenset({2, 3})
_OUTCOME_COLOURS = {
    RenewalOutcome.RENEWED_UP.value: formatting.GREEN,
    RenewalOutcome.RENEWED_FLAT.value: formatting.GREEN,
    RenewalOutcome.DOWNGRADED.value: formatting.AMBER,
    RenewalOutcome.CHURNED.value: formatting.RED,
}
_PHASE_INDEX = {p.value: i for i, p in enumerate(PHASE_ORDER)}
# The archived plan's fields, in the order the Renewal plan form shows them.
_PLAN_FIELDS = (
    ("decision_milestones", "Decision milestones"),
    ("value_proof_points", "Value proof points"),
    ("objections", "Risks and objections"),
    ("internal_support", "Internal support needed"),
    ("internal_strategy", "Internal strategy"),
    ("approvers", "Approvers"),
)


def _label(vocab: type[RenewalOutcome | RenewalPhase | Side | StepStatus], value: Any) -> str:
    try:
        return vocab(value).label
    except ValueError:
        return str(value or "")


class PastRenewalsModel(QAbstractTableModel):
    """Closed renewals, newest first: a lookup over plain rows, never edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self.currency = "USD"

    def set_rows(self, rows: Sequence[Row], currency: str) -> None:
        self.beginResetModel()
        self._rows = sorted(
            rows,
            key=lambda r: (r["renewal_date"] or dt.date.min, r["id"]),
            reverse=True,
        )
        self.currency = currency
        self.endResetModel()

    def cycle_at(self, row: int) -> Row:
        return self._rows[row]

    def row_of(self, cycle_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r["id"] == cycle_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            colour = _OUTCOME_COLOURS.get(row["outcome"])
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and row.get("note"):
            return str(row["note"])
        return None

    def _text(self, row: Row, column: int) -> str:
        if column == 0:
            return formatting.day(row["renewal_date"])
        if column == 1:
            return _label(RenewalOutcome, row["outcome"])
        if column == 2:
            return formatting.money(row["arr_before"], self.currency)
        if column == 3:
            return formatting.money(row["arr_after"], self.currency)
        if column == 4:
            return formatting.day(row["recorded_on"])
        if row["outcome"] == RenewalOutcome.CHURNED.value:
            return "none: churned"
        return formatting.day(row["next_renewal_date"])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _cell(value: Any) -> str:
    return html.escape(str(value)) if value not in (None, "") else "—"


def _lines(value: Any) -> str:
    items = [line.strip() for line in str(value or "").splitlines() if line.strip()]
    return "<br>".join(html.escape(line) for line in items) if items else "—"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain rich-text table (no header row when ``headers`` is empty)."""
    head = "".join(f"<th align='left'>{h}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td valign='top'>{c}</td>" for c in r) + "</tr>" for r in rows
    )
    return (
        f"<table cellspacing='0' cellpadding='3'>{f'<tr>{head}</tr>' if head else ''}{body}</table>"
    )


def describe_cycle(cycle: Row, steps: Sequence[Row], currency: str) -> str:
    """The closed renewal as rich text: what was decided, then the plan, next steps and
    checklist as they stood when the outcome was recorded (every value escaped)."""
    outcome = _label(RenewalOutcome, cycle["outcome"])
    facts = [
        f"{formatting.money(cycle['arr_before'], currency)} → "
        f"{formatting.money(cycle['arr_after'], currency)} ARR",
        f"recorded {formatting.day(cycle['recorded_on'])}",
    ]
    if cycle["outcome"] != RenewalOutcome.CHURNED.value:
        if cycle.get("term_months"):
            facts.append(f"new term {cycle['term_months']} months")
        facts.append(f"next renewal {formatting.day(cycle['next_renewal_date'])}")
    parts = [
        f"<p><b>Renewal of {formatting.day(cycle['renewal_date'])}: {html.escape(outcome)}</b>"
        f"<br>{html.escape(' · '.join(facts))}"
        + (f"<br>Note: {html.escape(str(cycle['note']))}" if cycle.get("note") else "")
        + "</p>"
    ]
    if cycle.get("had_plan"):
        plan_rows = [["Started on", formatting.day(cycle["plan_started_on"])]]
        plan_rows += [[label, _lines(cycle.get(name))] for name, label in _PLAN_FIELDS]
        if cycle.get("probability_override") is not None:
            why = f" ({cycle['probability_note']})" if cycle.get("probability_note") else ""
            plan_rows.append(
                ["Probability", html.escape(f"{cycle['probability_override']:.0%}{why}")]
            )
        plan_rows = [[f"<span style='color:{formatting.GREY}'>{k}</span>", v] for k, v in plan_rows]
        parts.append("<p><b>Renewal plan</b></p>" + _table((), plan_rows))
    else:
        parts.append("<p><i>No renewal plan was written for this renewal.</i></p>")
    next_steps = sorted(
        (s for s in steps if s["next_step"]), key=lambda s: (s["due"] or dt.date.max, s["id"])
    )
    if next_steps:
        rows = [
            [
                _cell(s["action"]),
                _cell(s["owner"]) + (f" ({_label(Side, s['side'])})" if s.get("side") else ""),
                formatting.day(s["due"]),
                _label(StepStatus, s["status"]),
            ]
            for s in next_steps
        ]
        parts.append("<p><b>Next steps</b></p>" + _table(("Step", "Owner", "Due", "Status"), rows))
    checklist = sorted(
        (s for s in steps if not s["next_step"]),
        key=lambda s: (_PHASE_INDEX.get(s["phase"], 9), s["due"] or dt.date.max, s["id"]),
    )
    if checklist:
        rows = [
            [
                _label(RenewalPhase, s["phase"]),
                _cell(s["action"]),
                _cell(s["owner"]),
                formatting.day(s["due"]),
                _label(StepStatus, s["status"]),
            ]
            for s in checklist
        ]
        parts.append(
            "<p><b>Checklist</b></p>" + _table(("Phase", "Step", "Owner", "Due", "Status"), rows)
        )
    elif not next_steps:
        parts.append("<p><i>No next steps or checklist were kept for this renewal.</i></p>")
    return "".join(parts)


class PastRenewalsView(QWidget):
    """The list of closed renewals and, below it, the one opened.

    Attributes:
        model: the closed renewals (``PastRenewalsModel``); ``view`` the table showing them.
        detail: the opened renewal's plan, next steps and checklist.
        empty: shown instead of the table when no renewal has closed yet.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pastRenewals")
        self.model = PastRenewalsModel(self)
        self._steps: list[Row] = []
        self.title = QLabel("Past renewals")
        self.title.setObjectName("sectionHeading")
        self.empty = QLabel(
            "No renewal has closed yet. Recording an outcome closes this one and keeps its "
            "plan, next steps and checklist here."
        )
        self.empty.setWordWrap(True)
        self.view = QTableView()
        self.view.setObjectName("pastRenewalsTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.setToolTip("Select a renewal to see the plan it was worked with")
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.hint = QLabel("Select a renewal to see its plan, next steps and checklist.")
        self.hint.setStyleSheet(f"color: {formatting.GREY}")
        self.detail = QLabel()
        self.detail.setObjectName("pastRenewalDetail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setContentsMargins(0, 6, 0, 0)
        self.detail.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for widget in (self.title, self.empty, self.view, self.hint, self.detail):
            layout.addWidget(widget)

    def show_cycles(self, cycles: Sequence[Row], steps: Sequence[Row], currency: str) -> None:
        """Show the account's closed renewals, keeping the opened one open."""
        kept = self.opened_id()
        self._steps = list(steps)
        self.model.set_rows(cycles, currency)
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)
        self.view.setVisible(has_rows)
        shown = min(max(self.model.rowCount(), 1), 5)
        self.view.setFixedHeight(
            self.view.horizontalHeader().sizeHint().height()
            + shown * self.view.verticalHeader().defaultSectionSize()
            + 2 * self.view.frameWidth()
            + 2
        )
        row = None if kept is None else self.model.row_of(kept)
        if row is not None:
            self.view.selectRow(row)
        self._show_opened()

    def opened_id(self) -> int | None:
        """The id of the renewal opened (selected), if any."""
        rows = self.view.selectionModel().selectedRows()
        return int(self.model.cycle_at(rows[0].row())["id"]) if rows else None

    def open_row(self, row: int) -> None:
        self.view.selectRow(row)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_opened()

    def _show_opened(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        has_rows = self.model.rowCount() > 0
        if not rows:
            self.detail.hide()
            self.detail.clear()
            self.hint.setVisible(has_rows)
            return
        cycle = self.model.cycle_at(rows[0].row())
        steps = [s for s in self._steps if s["renewal_cycle_id"] == cycle["id"]]
        self.detail.setText(describe_cycle(cycle, steps, self.model.currency))
        self.detail.show()
        self.hint.hide()
