"""Book settings: owner, currency, health weights, alert thresholds, mandatory artifacts,
segmentation, who customer documents come from (company name and logos), meeting templates,
and the date the window looks at the book on (which is not stored in the book)."""

from __future__ import annotations

import json
from types import MappingProxyType

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from csm_desk.engine.settings import THRESHOLDS, BookSettings, SegmentationMode
from csm_desk.engine.vocab import Artifact, Band, Component, Segment
from csm_desk.models import clock, rowdata
from csm_desk.models.fields import spec_of
from csm_desk.models.ops import SetFields
from csm_desk.models.tables import Account, HandoverLog
from csm_desk.ui import formatting
from csm_desk.ui.dialogs.meeting_templates import MeetingTemplatesEditor
from csm_desk.ui.editors.fields import DateField
from csm_desk.ui.editors.row_table import RowTableEditor
from csm_desk.ui.editors.values import parse_date
from csm_desk.ui.session import BookSession


def _spin(low: float, high: float, value: float, decimals: int = 0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setValue(value)
    spin.setMaximumWidth(120)
    return spin


class SettingsDialog(QDialog):
    """Edits the book's settings and saves them as one undoable change.

    Attributes:
        weights: the weight spin boxes by (segment, component); ``sums`` the running totals.
        as_of: the date the window shows the book as of (applied on save, not stored).
    """

    def __init__(self, session: BookSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Book settings")
        book = session.book.book_row()
        self.book_id = book.id
        current = BookSettings.from_json(json.loads(book.settings_json or "{}"))
        self.tabs = QTabWidget()

        general = QWidget()
        form = QFormLayout(general)
        self.owner = QLineEdit(book.owner)
        self.currency = QLineEdit(book.currency)
        self.currency.setMaximumWidth(80)
        self.notes = QPlainTextEdit(book.notes or "")
        self.notes.setPlaceholderText("What the next owner of this book should know first")
        self.notes.setFixedHeight(90)
        self.segmentation = QComboBox()
        self.segmentation.addItem("By ARR", SegmentationMode.ARR)
        self.segmentation.addItem(
            "Multi-factor (ARR, complexity, growth, strategic value)", SegmentationMode.MULTI_FACTOR
        )
        self.segmentation.setCurrentIndex(max(0, self.segmentation.findData(current.segmentation)))
        self.as_of = DateField(spec_of(Account, "renewal_date"))
        self.as_of.write(session.as_of)
        today = QPushButton("Today")
        today.clicked.connect(lambda: self.as_of.write(clock.today()))
        form.addRow("Owner (CSM) *", self.owner)
        form.addRow("Currency *", self.currency)
        form.addRow("Notes for a successor", self.notes)
        form.addRow("Segmentation", self.segmentation)
        form.addRow("Look at the book as of", self.as_of)
        form.addRow("", today)
        self.tabs.addTab(general, "General")

        weights = QWidget()
        grid = QGridLayout(weights)
        self.weights: dict[tuple[Segment, Component], QDoubleSpinBox] = {}
        self.sums: dict[Segment, QLabel] = {}
        for column, component in enumerate(Component, start=1):
            grid.addWidget(QLabel(f"<b>{component.label}</b>"), 0, column)
        grid.addWidget(QLabel("<b>Sum</b>"), 0, len(Component) + 1)
        for row, segment in enumerate(Segment, start=1):
            grid.addWidget(QLabel(segment.label), row, 0)
            for column, component in enumerate(Component, start=1):
                spin = _spin(0, 100, current.weights_for(segment).get(component, 0.0), 1)
                spin.valueChanged.connect(self._check)
                grid.addWidget(spin, row, column)
                self.weights[(segment, component)] = spin
            total = QLabel()
            total.setObjectName("weightSum")
            grid.addWidget(total, row, len(Component) + 1)
            self.sums[segment] = total
        note = QLabel("Each segment's weights must add up to 100.")
        grid.addWidget(note, len(Segment) + 1, 0, 1, len(Component) + 2)
        grid.setRowStretch(len(Segment) + 2, 1)
        self.tabs.addTab(weights, "Health weights")

        thresholds = QWidget()
        threshold_form = QFormLayout(thresholds)
        self.thresholds: dict[str, QDoubleSpinBox] = {}
        for spec in THRESHOLDS:
            spin = _spin(
                spec.minimum, spec.maximum, current.threshold(spec.key), 0 if spec.integer else 2
            )
            spin.setMaximumWidth(160)
            spin.setToolTip(spec.help)
            threshold_form.addRow(spec.label, spin)
            self.thresholds[spec.key] = spin
        self.probability: dict[Band, QDoubleSpinBox] = {}
        for band in Band:
            # In percent, as probabilities are typed and shown everywhere else.
            spin = _spin(0, 100, current.band_probability.get(band, 0.6) * 100, 1)
            spin.setSuffix(" %")
            spin.setSingleStep(5)
            threshold_form.addRow(f"Renewal probability when {band.label.lower()}", spin)
            self.probability[band] = spin
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(thresholds)
        self.tabs.addTab(scroll, "Alerts and thresholds")

        mandatory = QWidget()
        mandatory_grid = QGridLayout(mandatory)
        self.mandatory: dict[tuple[Segment, Artifact], QCheckBox] = {}
        for column, segment in enumerate(Segment, start=1):
            mandatory_grid.addWidget(QLabel(f"<b>{segment.label}</b>"), 0, column)
        for row, artifact in enumerate(Artifact, start=1):
            mandatory_grid.addWidget(QLabel(artifact.label), row, 0)
            for column, segment in enumerate(Segment, start=1):
                box = QCheckBox()
                box.setChecked(current.is_mandatory(segment, artifact))
                mandatory_grid.addWidget(box, row, column)
                self.mandatory[(segment, artifact)] = box
        mandatory_grid.setRowStretch(len(Artifact) + 1, 1)
        self.tabs.addTab(mandatory, "Mandatory artifacts")

        self.tabs.addTab(self._documents_tab(current), "Documents")
        self.meeting_templates = MeetingTemplatesEditor(current.meeting_templates)
        self.tabs.addTab(self.meeting_templates, "Meeting templates")

        self.history = RowTableEditor(
            HandoverLog,
            ["from_owner", "to_owner", "note"],
            title="Hand-over history",
            can_add=False,
            visible_rows=6,
        )
        self.history.delete_button.hide()
        self.history.edit_requested.connect(self._edit_history)
        self._show_history()
        self.tabs.addTab(self.history, "Hand-over history")

        self.problems = QLabel()
        self.problems.setObjectName("fieldProblem")
        self.problems.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.owner, self.currency):
            widget.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.resize(880, 540)
        self._check()

    def _documents_tab(self, current: BookSettings) -> QWidget:
        """Who customer documents come from: the company's name, its logo, each customer's
        logo (file paths to images) and whether renewal plans state the price."""
        tab = QWidget()
        form = QFormLayout(tab)
        self.vendor_name = QLineEdit(current.vendor_name)
        self.vendor_name.setPlaceholderText("Shown as “our team” when empty")
        self.vendor_logo = QLineEdit(current.vendor_logo)
        self.vendor_logo.setPlaceholderText("Path to a PNG or JPEG image")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_vendor_logo)
        row = QHBoxLayout()
        row.addWidget(self.vendor_logo, 1)
        row.addWidget(browse)
        self.customer_logos = QPlainTextEdit(
            "\n".join(f"{name} = {path}" for name, path in current.customer_logos.items())
        )
        self.customer_logos.setPlaceholderText("Northwind Payments = /path/to/northwind.png")
        self.customer_logos.setFixedHeight(90)
        self.share_price = QCheckBox("State the price (current ARR) on customer renewal plans")
        self.share_price.setChecked(current.share_renewal_price)
        form.addRow("Company name", self.vendor_name)
        form.addRow("Company logo", row)
        form.addRow("Customer logos (one a line)", self.customer_logos)
        form.addRow("", self.share_price)
        note = QLabel(
            "Logos appear on the cover of customer documents. A logo that cannot be read is "
            "left off, with a warning when the document is exported."
        )
        note.setWordWrap(True)
        form.addRow(note)
        return tab

    def _choose_vendor_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Company logo", self.vendor_logo.text(), "Images (*.png *.jpg *.jpeg *.gif *.bmp)"
        )
        if path:
            self.vendor_logo.setText(path)

    def customer_logo_paths(self) -> dict[str, str]:
        """The customer logos as typed: "Account name = path", one a line."""
        found: dict[str, str] = {}
        for line in self.customer_logos.toPlainText().splitlines():
            name, sep, path = line.partition("=")
            if sep and name.strip() and path.strip():
                found[name.strip()] = path.strip()
        return found

    def _show_history(self) -> None:
        with self.session.book.engine.connect() as conn:
            rows = conn.execute(select(rowdata.table("handover_log")).order_by("id")).mappings()
            self.history.set_rows([dict(r) for r in rows])

    def _edit_history(self, key: dict[str, object], name: str, value: object) -> None:
        """A correction to the hand-over log is written at once, as its own undo step."""
        if self.session.apply(SetFields("handover_log", key, {name: value}, "Edit hand-over log")):
            self._show_history()

    def settings(self) -> BookSettings:
        """The settings as the dialog shows them."""
        return BookSettings(
            segment_weights=MappingProxyType(
                {
                    s: MappingProxyType({c: self.weights[(s, c)].value() for c in Component})
                    for s in Segment
                }
            ),
            band_probability=MappingProxyType(
                {b: s.value() / 100 for b, s in self.probability.items()}
            ),
            mandatory=MappingProxyType(
                {
                    s: frozenset(a for a in Artifact if self.mandatory[(s, a)].isChecked())
                    for s in Segment
                }
            ),
            segmentation=str(self.segmentation.currentData()),
            thresholds=MappingProxyType({k: s.value() for k, s in self.thresholds.items()}),
            vendor_name=self.vendor_name.text().strip(),
            vendor_logo=self.vendor_logo.text().strip(),
            customer_logos=MappingProxyType(self.customer_logo_paths()),
            share_renewal_price=self.share_price.isChecked(),
            meeting_templates=self.meeting_templates.templates(),
        )

    def problem_list(self) -> list[str]:
        """Every reason the settings cannot be saved."""
        found = self.settings().problems()
        if not self.owner.text().strip():
            found.append("Owner is required")
        if not self.currency.text().strip():
            found.append("Currency is required")
        _day, problem = parse_date(self.as_of.text())
        if problem:
            found.append(f"As-of date {problem}")
        return found

    def _check(self) -> None:
        for segment, label in self.sums.items():
            total = sum(self.weights[(segment, c)].value() for c in Component)
            ok = abs(total - 100.0) < 1e-6
            colour = formatting.GREEN if ok else formatting.RED
            label.setText(f'<span style="color:{colour}"><b>{total:g}</b></span>')
        problems = self.problem_list()
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

    def save(self) -> None:
        """Write the settings as one undoable change and apply the as-of date to the window."""
        if self.problem_list():
            self._check()
            return
        values = {
            "owner": self.owner.text().strip(),
            "currency": self.currency.text().strip().upper(),
            "notes": self.notes.toPlainText().strip() or None,
            "settings_json": json.dumps(self.settings().to_json()),
        }
        book = self.session.book.book_row()
        changed = {k: v for k, v in values.items() if getattr(book, k) != v}
        if (
            changed
            and self.session.apply(
                SetFields("book", {"id": self.book_id}, changed, "Change book settings")
            )
            is None
        ):
            return
        day, _problem = parse_date(self.as_of.text())
        if day is not None:
            self.session.set_as_of(day)
        self.accept()
