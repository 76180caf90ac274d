"""The account's charts on the Health tab: its score over time, what makes up today's score,
and the success plan's KPIs on their way from baseline to target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import ModuleType

from PySide6.QtWidgets import QVBoxLayout, QWidget

from csm_desk.engine.facts import KpiFacts, SnapshotFacts
from csm_desk.engine.health import Health
from csm_desk.ui.charts_view import ChartView


class HealthCharts(QWidget):
    """Three charts, each redrawn only when what it shows changed.

    Attributes:
        trend: the health score over time (``charts.account.health_trend``).
        breakdown: today's components (``charts.account.component_breakdown``).
        kpis: KPI progress (``charts.account.kpi_progress``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthCharts")
        self.trend = ChartView("healthTrendChart")
        self.breakdown = ChartView("componentChart")
        self.kpis = ChartView("kpiChart")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        for view in (self.trend, self.breakdown, self.kpis):
            layout.addWidget(view)

    def show_account(
        self,
        snapshots: Sequence[SnapshotFacts],
        health: Health | None,
        kpis: Sequence[KpiFacts],
        as_of: dt.date,
    ) -> None:
        """Chart one account as of ``as_of`` (snapshots from a full-history load)."""
        history = tuple(snapshots)
        self.trend.set_chart(
            lambda theme: _account_charts().health_trend(history, as_of=as_of, theme=theme),
            ("trend", history, as_of),
        )
        if health is None:
            self.breakdown.hide()
        else:
            self.breakdown.show()
            self.breakdown.set_chart(
                lambda theme: _account_charts().component_breakdown(health, theme=theme),
                ("breakdown", health),
            )
        goals = tuple(kpis)
        self.kpis.setVisible(bool(goals))
        self.kpis.set_chart(
            lambda theme: _account_charts().kpi_progress(goals, as_of=as_of, theme=theme),
            ("kpis", goals, as_of),
        )


def _account_charts() -> ModuleType:
    # matplotlib is loaded with the first chart, not with the window.
    from csm_desk.charts import account

    return account
