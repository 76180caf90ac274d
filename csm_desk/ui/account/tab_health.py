"""The Health tab: the score explained (each component's inputs, share and contribution), the
inputs and manual overrides as editable lists, and why the score moved between two days."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.facts import SnapshotFacts
from csm_desk.engine.health import ComponentScore, Health
from csm_desk.engine.history import HealthDiff, diff, health_history, short_day
from csm_desk.engine.vocab import Area
from csm_desk.models.load import load_book
from csm_desk.ui import formatting
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.account.health_charts import HealthCharts
from csm_desk.ui.account.tab_base import INTERNAL, WorkspaceTab
from csm_desk.ui.formatting import AREA_TITLES

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


class ComponentsModel(QAbstractTableModel):
    """One row per component of a ``Health``: score, weights, contribution, inputs."""

    HEADERS = ("Component", "Score", "Weight", "Share", "Points", "Inputs")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ComponentScore] = []

    def set_health(self, health: Health | None) -> None:
        self.beginResetModel()
        self._rows = [] if health is None else list(health.components.values())
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.component.label + (" (set by hand)" if item.manual else "")
            if column == 1:
                return _points(item.score)
            if column == 2:
                return f"{item.weight:g} %"
            if column == 3:
                return f"{item.share:.1f} %"
            if column == 4:
                return _points(item.contribution)
            return "; ".join(f"{i.label}: {i.shown} → {i.score:.0f}" for i in item.inputs) or "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.manual:
                computed = _points(item.computed)
                return f"Set by hand: {item.note or 'no note'} (the inputs give {computed})"
            return (
                "\n".join(f"{i.label}: {i.shown} scores {i.score:.0f}" for i in item.inputs) or None
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= column <= 4:
            return _RIGHT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None


class MovesModel(QAbstractTableModel):
    """What moved the score between two snapshots, largest move first."""

    HEADERS = ("Component", "Before", "After", "Points", "Inputs that moved")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._diff: HealthDiff | None = None

    def set_diff(self, found: HealthDiff | None) -> None:
        self.beginResetModel()
        self._diff = found
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._diff is None else len(self._diff.moves)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._diff is None:
            return None
        move = self._diff.moves[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return move.component.label
            if column == 1:
                return _points(move.before)
            if column == 2:
                return _points(move.after)
            if column == 3:
                return f"{move.points:+.1f}"
            moved = [
                f"{i.label}: {_points(i.before)} → {_points(i.after)}"
                for i in move.inputs
                if abs(i.delta) >= 0.05
            ]
            return "; ".join(moved) or "—"
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= column <= 3:
            return _RIGHT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None


def _fit_rows(view: QTableView, rows: int) -> None:
    """Size a short table to show all its rows and no empty space below them."""
    height = (
        view.horizontalHeader().sizeHint().height()
        + max(rows, 1) * view.verticalHeader().defaultSectionSize()
        + 2 * view.frameWidth()
    )
    view.setFixedHeight(height)


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(
        model.columnCount() - 1, QHeaderView.ResizeMode.Stretch
    )
    return view


class HealthTab(WorkspaceTab):
    """Health score, explained and editable.

    Attributes:
        chart_area: the layout under the score holding the charts.
        charts: the score over time, today's components and KPI progress.
    """

    area = Area.HEALTH
    title = AREA_TITLES[Area.HEALTH]
    audience = INTERNAL

    def build(self) -> None:
        self.score = QLabel()
        self.score.setObjectName("healthScore")
        self.score.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(self.score)
        self.chart_area = QVBoxLayout()
        self.body.addLayout(self.chart_area)
        self.charts = HealthCharts()
        self.chart_area.addWidget(self.charts)
        self.body.addWidget(self.heading("How the score is made"))
        self.components = ComponentsModel(self)
        self.components_view = _table(self.components)
        self.body.addWidget(self.components_view)

        self.body.addWidget(self.heading("Why did it change?"))
        pick = QHBoxLayout()
        self.before = QComboBox()
        self.after = QComboBox()
        for combo in (self.before, self.after):
            combo.setMinimumWidth(200)
            combo.currentIndexChanged.connect(self._show_diff)
        pick.addWidget(QLabel("From"))
        pick.addWidget(self.before)
        pick.addWidget(QLabel("to"))
        pick.addWidget(self.after)
        pick.addStretch(1)
        holder = QWidget()
        holder.setLayout(pick)
        self.body.addWidget(holder)
        self.diff_summary = QLabel()
        self.diff_summary.setObjectName("diffSummary")
        self.diff_summary.setWordWrap(True)
        self.body.addWidget(self.diff_summary)
        self.moves = MovesModel(self)
        self.moves_view = _table(self.moves)
        self.body.addWidget(self.moves_view)

        self.signals = self.row_table(
            "signal_reading",
            ["date", "key", "value", "note"],
            title="Health inputs",
            visible_rows=8,
        )
        self.overrides = self.row_table(
            "health_override",
            ["date", "component", "value", "note"],
            title="Manual overrides (a score set by hand wins over the inputs)",
            visible_rows=4,
        )
        self._snapshots: Sequence[SnapshotFacts] = ()

    def show_account(self, ctx: AccountContext) -> None:
        result = ctx.result
        health = result.health if result else None
        self.components.set_health(health)
        _fit_rows(self.components_view, self.components.rowCount())
        if health is not None and result is not None:
            fill, _ink = formatting.BAND_CHIP[health.colour]
            trend = formatting.trend(result.trend_30d)
            if result.trend is not None:
                trend += f" since {short_day(result.trend.since.date, result.as_of)}"
            missing = ", ".join(c.label.lower() for c in health.missing)
            self.score.setText(
                f'<span style="font-size:20pt; font-weight:600; color:{fill}">'
                f"{health.shown_score()}</span>&nbsp;&nbsp;<b>{health.band.label}</b>"
                f"&nbsp;&nbsp;30-day trend {trend}"
                + (f"<br>No data for: {missing} (their weight is shared out)" if missing else "")
            )
        self.signals.set_rows(
            sorted(ctx.rows_of("signal_reading"), key=lambda r: (r["date"], r["key"]), reverse=True)
        )
        self.overrides.set_rows(
            sorted(ctx.rows_of("health_override"), key=lambda r: (r["date"], r["id"]))
        )
        # The whole history as shown (past snapshots re-scored with today's weights, then
        # today's score), as of the date the book is looked at.
        facts = load_book(
            ctx.session.book, [ctx.account_id], as_of=ctx.as_of, full_history=True
        ).accounts
        self._snapshots = ()
        if facts and health is not None and result is not None:
            weights = ctx.session.settings.weights_for(result.segment)
            self._snapshots = health_history(facts[0].snapshots, health, weights)
        self._fill_snapshots()
        kpis = result.facts.kpis if result is not None else ()
        self.charts.show_account(self._snapshots, health, kpis, ctx.as_of)

    def _fill_snapshots(self) -> None:
        items = [
            (s.date.isoformat(), f"{s.date.isoformat()}  ·  {_points(s.score)}")
            for s in self._snapshots
        ]
        for combo, default in ((self.before, max(0, len(items) - 2)), (self.after, len(items) - 1)):
            combo.blockSignals(True)
            combo.clear()
            for key, label in items:
                combo.addItem(label, key)
            combo.setCurrentIndex(default)
            combo.blockSignals(False)
        self._show_diff()

    def _show_diff(self) -> None:
        before = self.before.currentIndex()
        after = self.after.currentIndex()
        if before < 0 or after < 0 or not self._snapshots:
            self.diff_summary.setText("No history yet: the score is recorded each day it changes.")
            self.moves.set_diff(None)
            _fit_rows(self.moves_view, 0)
            return
        found = diff(self._snapshots[before], self._snapshots[after])
        self.diff_summary.setText(found.summary())
        self.moves.set_diff(found)
        _fit_rows(self.moves_view, self.moves.rowCount())
