"""Import CSV: choose what the file holds and the file, check it, then import it as one step.

Checking reads the whole file against the book off the GUI thread and lists every problem; a
file with any problem imports nothing. A good file is written through one op, so one undo
takes the whole import back, after a verified backup of the book is kept (as the command line
does): no backup, no import.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csm_desk import paths
from csm_desk.csvimport.convert import ReadOptions
from csm_desk.csvimport.dates import DateOrder
from csm_desk.csvimport.numbers import DecimalMark
from csm_desk.csvimport.plan import ImportPlan, plan_import
from csm_desk.csvimport.problems import ImportRefused
from csm_desk.models.backups import BEFORE_IMPORT, take_backup
from csm_desk.ui.session import BookSession
from csm_desk.ui.worker import BackgroundTask

KINDS = (
    ("accounts", "Accounts (name, CRM id, ARR, renewal date…)"),
    ("contacts", "Contacts (stakeholders of existing accounts)"),
    ("signals", "Health signals (account, date, signal, value)"),
    ("arr", "ARR history (account, date, kind, amount)"),
)
CSV_FILTER = "CSV files (*.csv *.tsv *.txt);;All files (*)"


class ImportDialog(QDialog):
    """Plans an import, shows what it would do, and writes it when asked.

    Attributes:
        plan: the last checked plan (None before a check or after a refusal).
    """

    def __init__(self, session: BookSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.plan: ImportPlan | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle("Import CSV")
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.file = QLineEdit()
        self.file.setPlaceholderText("A CSV export from your CRM or analytics tool")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        self.dates = QComboBox()
        self.dates.addItem("Decide from the file", None)
        for order in DateOrder:
            self.dates.addItem(order.pattern, order.value)
        self.decimal = QComboBox()
        self.decimal.addItem("Decide from the file", None)
        for mark in DecimalMark:
            self.decimal.addItem(mark.words.capitalize(), mark.value)
        form = QFormLayout()
        form.addRow("The file holds", self.kind)
        form.addRow("File", file_row)
        form.addRow("Dates are written as", self.dates)
        form.addRow("Numbers use", self.decimal)
        self.check_button = QPushButton("Check file")
        self.check_button.clicked.connect(self.check)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("Check the file to see what it would change.")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.kind, self.dates, self.decimal):
            widget.currentIndexChanged.connect(self._forget)
        self.file.textChanged.connect(self._forget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(680, 460)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Import CSV", str(paths.documents_dir()), CSV_FILTER
        )
        if name:
            self.file.setText(name)

    def options(self) -> ReadOptions:
        dates = self.dates.currentData()
        decimal = self.decimal.currentData()
        return ReadOptions(
            date_order=DateOrder(dates) if dates else None,
            decimal_mark=DecimalMark(decimal) if decimal else None,
        )

    def _forget(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)

    def check(self) -> None:
        """Plan the import off the GUI thread; the result arrives in ``show_plan``."""
        text = self.file.text().strip()
        if not text:
            self.status.setText("Choose a file first.")
            return
        book = self.session.book
        kind = str(self.kind.currentData())
        options = self.options()
        file = Path(text).expanduser()

        def job(progress):  # type: ignore[no-untyped-def]
            progress(0.2, f"Reading {file.name}…")
            try:
                return plan_import(book, kind, file, options)
            except ImportRefused as exc:
                return str(exc)

        self.check_button.setEnabled(False)
        self.task = BackgroundTask(self, "Checking the file", job)
        self.task.done.connect(self.show_plan)
        self.task.failed.connect(self.show_plan)
        self.task.start()

    def show_plan(self, outcome: ImportPlan | str) -> None:
        self.check_button.setEnabled(True)
        if isinstance(outcome, str):
            self.plan = None
            self.report.setPlainText(outcome)
            self.status.setText("The file cannot be imported.")
            self.import_button.setEnabled(False)
            return
        self.plan = outcome
        lines = [outcome.summary()]
        if outcome.problems:
            count = len(outcome.problems)
            lines.append("")
            lines.append(f"{count} problem{'s' if count != 1 else ''}; nothing will be imported:")
            lines.extend(str(p) for p in outcome.problems)
            self.status.setText("Fix the file and check it again.")
        elif not outcome.changes_anything:
            self.status.setText("The book already holds everything in this file.")
        else:
            self.status.setText("Ready: the whole file is imported as one step you can undo.")
        self.report.setPlainText("\n".join(lines))
        self.import_button.setEnabled(outcome.ok and outcome.changes_anything)

    def write(self) -> None:
        """Keep a verified backup of the book (off the GUI thread), then write the checked plan
        as one undoable op; when the backup cannot be kept, nothing is imported."""
        if self.plan is None or not self.plan.ok:
            return
        book = self.session.book

        def job(progress):  # type: ignore[no-untyped-def]
            progress(0.1, "Keeping a backup of the book before the import…")
            return take_backup(book, BEFORE_IMPORT)

        self.import_button.setEnabled(False)
        self.check_button.setEnabled(False)
        self.status.setText("Keeping a backup of the book before the import…")
        self.task = BackgroundTask(self, "Backing up before the import", job)
        self.task.done.connect(self._write_plan)
        self.task.failed.connect(self._not_backed_up)
        self.task.start()

    def _not_backed_up(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(self.plan is not None and self.plan.ok)
        self.status.setText("Nothing was imported.")
        self.report.setPlainText(
            f"No backup of the book could be kept before the import, so nothing was imported: "
            f"{message}"
        )

    def _write_plan(self, _backup: object) -> None:
        self.check_button.setEnabled(True)
        if self.plan is None:
            return
        if self.session.apply(self.plan.op()) is not None:
            self.accept()
        else:
            self.import_button.setEnabled(True)
            self.status.setText("Nothing was imported.")
