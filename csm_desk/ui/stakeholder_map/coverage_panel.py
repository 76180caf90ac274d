"""The coverage panel beside the map: each gap in the account's stakeholder coverage, and a
click on one selects (and shows) the people it is about."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from csm_desk.engine.coverage import CoverageFinding
from csm_desk.engine.vocab import AlertSeverity
from csm_desk.ui import formatting


class FindingRow(QFrame):
    """One finding: a severity dot, the gap in bold, the sentence under it. Clicking it (or
    Enter/Space when focused) emits ``chosen``.

    Signals:
        chosen(object): the tuple of stakeholder ids the finding is about.
    """

    chosen = Signal(object)

    def __init__(self, finding: CoverageFinding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("coverageFinding")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if finding.people else Qt.CursorShape.ArrowCursor
        )
        colour = formatting.RED if finding.severity is AlertSeverity.RED else formatting.AMBER
        dot = QLabel("●")
        dot.setStyleSheet(f"color: {colour};")
        dot.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(f"<b>{finding.gap.label}</b>")
        self.message = QLabel(finding.message)
        self.message.setWordWrap(True)
        words = QVBoxLayout()
        words.setSpacing(1)
        words.addWidget(self.title)
        words.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(dot)
        layout.addLayout(words, 1)
        self.setToolTip("Select the people concerned" if finding.people else "")

    def text(self) -> str:
        return f"{self.finding.gap.label}\n{self.finding.message}"

    def click(self) -> None:
        self.chosen.emit(self.finding.people)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.click()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.click()
            return
        super().keyPressEvent(event)


class CoveragePanel(QWidget):
    """Coverage findings, one row each.

    Attributes:
        findings: the findings shown, in order; ``rows`` their rows.

    Signals:
        people_chosen(object): the tuple of stakeholder ids of the finding chosen.
    """

    people_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[CoverageFinding] = []
        self.rows: list[FindingRow] = []
        heading = QLabel("Coverage")
        heading.setObjectName("sectionHeading")
        self.summary = QLabel()
        self.summary.setObjectName("coverageSummary")
        self.summary.setWordWrap(True)
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addLayout(self._rows)

    def show_findings(self, findings: Sequence[CoverageFinding]) -> None:
        if list(findings) == self.findings and self.rows:
            return
        self.findings = list(findings)
        for row in self.rows:
            self._rows.removeWidget(row)
            row.deleteLater()
        self.rows = []
        if not self.findings:
            self.summary.setText("No gaps: champion, economic buyer and recent contact covered.")
            return
        red = sum(1 for f in self.findings if f.severity is AlertSeverity.RED)
        gaps = f"{len(self.findings)} gap{'s' if len(self.findings) != 1 else ''}"
        self.summary.setText(
            gaps + (f", {red} urgent" if red else "") + ". Click one to select the people."
        )
        for finding in self.findings:
            row = FindingRow(finding)
            row.chosen.connect(self.people_chosen)
            self._rows.addWidget(row)
            self.rows.append(row)

    def texts(self) -> list[str]:
        """The rows as shown (for tests and screen readers)."""
        return [row.text() for row in self.rows]
