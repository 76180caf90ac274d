"""The coverage panel beside the map: each gap in the account's stakeholder coverage, and a
click on one selects (and shows) the people it is about."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.coverage import CoverageFinding
from csm_desk.engine.vocab import AlertSeverity
from csm_desk.ui import formatting, icons

PEOPLE_ROLE = Qt.ItemDataRole.UserRole


class CoveragePanel(QWidget):
    """Coverage findings as a list.

    Attributes:
        findings: the findings shown, in order.
        list: one row per finding.

    Signals:
        people_chosen(object): the tuple of stakeholder ids of the finding clicked.
    """

    people_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[CoverageFinding] = []
        heading = QLabel("Coverage")
        heading.setObjectName("sectionHeading")
        self.summary = QLabel()
        self.summary.setObjectName("coverageSummary")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("coverageList")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.list.setMaximumHeight(420)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)

    def show_findings(self, findings: Sequence[CoverageFinding]) -> None:
        self.findings = list(findings)
        self.list.clear()
        if not self.findings:
            self.summary.setText("No gaps: champion, economic buyer and recent contact covered.")
            self.list.hide()
            return
        self.list.show()
        red = sum(1 for f in self.findings if f.severity is AlertSeverity.RED)
        gaps = f"{len(self.findings)} gap{'s' if len(self.findings) != 1 else ''}"
        self.summary.setText(
            gaps + (f", {red} urgent" if red else "") + ". Click one to select the people."
        )
        for finding in self.findings:
            colour = formatting.RED if finding.severity is AlertSeverity.RED else formatting.AMBER
            item = QListWidgetItem(icons.dot(colour), f"{finding.gap.label}\n{finding.message}")
            item.setData(PEOPLE_ROLE, finding.people)
            item.setToolTip(finding.message)
            self.list.addItem(item)

    def texts(self) -> list[str]:
        """The rows as shown (for tests and screen readers)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        self.people_chosen.emit(tuple(item.data(PEOPLE_ROLE) or ()))
