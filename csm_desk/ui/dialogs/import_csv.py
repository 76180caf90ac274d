"""Import CSV: choose what the file holds and the file, check it, then import it as one step.

Checking reads the whole file against the book off the GUI thread and lists every problem; a
file with any problem imports nothing. The check shows each column of the file with its first
values and what it is imported as, in a combo the person can change; their choices, and the
words typed under "Read values as", are remembered for the next file with the same headers. A
workbook with more than one sheet gets a Sheet chooser once checked; choosing a sheet checks
it. A good file is written through one op, so one undo takes the whole import back, after a
verified backup of the book is kept (as the command line does): no backup, no import.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csm_desk import paths
from csm_desk.csvimport.convert import ReadOptions
from csm_desk.csvimport.dates import DateOrder
from csm_desk.csvimport.hints import in_window_words
from csm_desk.csvimport.numbers import DecimalMark
from csm_desk.csvimport.plan import ImportPlan, plan_import
from csm_desk.csvimport.preview import IGNORE, FilePreview, preview_file
from csm_desk.csvimport.problems import ImportRefused, SheetRefused
from csm_desk.csvimport.remembered import as_maps, recall, remember, remembered_sheet
from csm_desk.models.backups import BEFORE_IMPORT, take_backup
from csm_desk.ui.dialogs.import_columns import MAPPING_COLUMN, ColumnsModel
from csm_desk.ui.session import BookSession
from csm_desk.ui.worker import BackgroundTask

KINDS = (
    ("accounts", "Accounts (name, CRM id, ARR, renewal date…)"),
    ("contacts", "Contacts (stakeholders of existing accounts)"),
    ("signals", "Health signals (account, date, signal, value)"),
    ("arr", "ARR history (account, date, kind, amount)"),
    ("expansions", "Expansion opportunities (account, opportunity, stage, amount…)"),
)
CSV_FILTER = "CSV files and Excel workbooks (*.csv *.tsv *.txt *.xlsx);;All files (*)"
ENCODINGS = (
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252 (Western European)"),
    ("cp1250", "Windows-1250 (Central European)"),
    ("latin-1", "Latin-1"),
    ("utf-16", "UTF-16"),
)


@dataclasses.dataclass
class Checked:
    """What a check found: the file's preview (None when it could not be read), the plan or
    why there is none, the column choices it was read with, and the value mappings
    remembered for the file (None: none were brought back); for a workbook, its sheets and
    the one read."""

    preview: FilePreview | None
    outcome: ImportPlan | str
    chosen: dict[str, str]
    values: tuple[str, ...] | None = None
    sheets: tuple[str, ...] = ()
    sheet_name: str = ""


def read_preview(kind: str, file: Path, options: ReadOptions) -> tuple[FilePreview, ReadOptions]:
    """The file's preview and the options to read it with: a workbook of several sheets for
    which no sheet was chosen is read from the sheet last imported from a workbook with the
    same sheets, when there is one (``SheetRefused`` when the sheet read cannot be)."""
    if options.sheet is not None:
        return preview_file(kind, file, options), options
    try:
        preview = preview_file(kind, file, options)
    except SheetRefused as exc:
        last = remembered_sheet(kind, exc.sheets)
        if last is None or last == exc.sheet_name:
            raise
    else:
        last = remembered_sheet(kind, preview.sheets) if len(preview.sheets) > 1 else None
        if last is None or last == preview.sheet_name:
            return preview, options
    options = dataclasses.replace(options, sheet=last)
    return preview_file(kind, file, options), options


class ImportDialog(QDialog):
    """Plans an import, shows what it would do, and writes it when asked.

    Attributes:
        plan: the last checked plan (None before a check or after a refusal).
        columns: the file's columns, what each is imported as, and its first values.
        chosen: the column choices the person made (header → field or ``ignore``).
    """

    def __init__(self, session: BookSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.plan: ImportPlan | None = None
        self.task: BackgroundTask | None = None
        self.chosen: dict[str, str] = {}
        # Whether the value mappings remembered for this source were offered already (once
        # per source, so mappings the person clears stay cleared), and the text offered.
        self.values_offered = False
        self.values_restored: str | None = None
        self.combos: dict[str, QComboBox] = {}
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
        self.encoding = QComboBox()
        self.encoding.addItem("Decide from the file", None)
        for key, label in ENCODINGS:
            self.encoding.addItem(label, key)
        self.sheet = QComboBox()
        self.sheet.setToolTip("The workbook's sheet to import")
        self.values = QLineEdit()
        self.values.setPlaceholderText("e.g. mid-touch=low_touch; Growth Pod=low_touch")
        self.values.setToolTip(
            "Words of a segment, role, signal, ARR-kind, lifecycle, stage or expansion-type "
            "column to read as one of the book's keys, separated by semicolons"
        )
        form = QFormLayout()
        form.addRow("The file holds", self.kind)
        form.addRow("File", file_row)
        form.addRow("Sheet", self.sheet)
        # Shown once a check finds a workbook with more than one sheet.
        form.setRowVisible(self.sheet, False)
        self.form = form
        form.addRow("Dates are written as", self.dates)
        form.addRow("Numbers use", self.decimal)
        form.addRow("Encoding", self.encoding)
        form.addRow("Read values as", self.values)
        self.columns = ColumnsModel()
        self.column_view = QTableView()
        self.column_view.setModel(self.columns)
        self.column_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.column_view.verticalHeader().hide()
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
        for widget in (self.kind, self.dates, self.decimal, self.encoding):
            widget.currentIndexChanged.connect(self._forget)
        self.kind.currentIndexChanged.connect(self._new_source)
        self.file.textChanged.connect(self._new_file)
        self.sheet.activated.connect(self._sheet_chosen)
        self.values.textChanged.connect(self._forget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(QLabel("Columns (change what a column is imported as, then check again)"))
        layout.addWidget(self.column_view, 1)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(820, 640)

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
            maps=as_maps(self.chosen),
            encoding=self.encoding.currentData(),
            value_maps=self.value_maps(),
            sheet=self.sheet.currentData() if self.sheet.count() else None,
        )

    def value_maps(self) -> tuple[str, ...]:
        """The ``WORD=key`` entries typed under "Read values as"."""
        values = [v.strip() for v in self.values.text().replace("\n", ";").split(";")]
        return tuple(v for v in values if v)

    def _forget(self) -> None:
        self.plan = None
        self.import_button.setEnabled(False)

    def _new_file(self) -> None:
        """Another file: its sheets are not known until it is checked."""
        self.sheet.clear()
        self.form.setRowVisible(self.sheet, False)
        self._new_source()

    def _sheet_chosen(self, _index: int) -> None:
        """Another sheet is another source: its columns are read afresh, at once."""
        self._new_source()
        self._forget()
        if self.check_button.isEnabled():
            self.check()

    def _show_sheets(self, sheets: tuple[str, ...], read: str) -> None:
        """Offer the workbook's sheets when it has more than one, the one read chosen."""
        many = len(sheets) > 1
        if many and [self.sheet.itemData(i) for i in range(self.sheet.count())] != list(sheets):
            self.sheet.clear()
            for name in sheets:
                self.sheet.addItem(name, name)
        if many and read:
            self.sheet.setCurrentIndex(max(0, self.sheet.findData(read)))
        elif self.sheet.count():
            self.sheet.clear()
        self.form.setRowVisible(self.sheet, many)

    def _new_source(self) -> None:
        """Another file or kind: the column choices made for the last one no longer apply, nor
        do value mappings brought back for it (mappings the person typed stay)."""
        self.chosen = {}
        self.values_offered = False
        if self.values_restored is not None and self.values.text() == self.values_restored:
            self.values.setText("")
        self.values_restored = None
        self._show_columns(None)

    def choose_column(self, header: str, field: str) -> None:
        """Read the column ``header`` as ``field`` (``ignore``: not imported)."""
        combo = self.combos.get(header)
        if combo is not None:
            at = combo.findData(field)
            if at >= 0 and combo.currentIndex() != at:
                combo.setCurrentIndex(at)  # _column_chosen records it
                return
        self._column_chosen(header, field)

    def _column_chosen(self, header: str, field: str) -> None:
        self.chosen[header] = field
        row = self.columns.preview.headers.index(header) if self.columns.preview else -1
        if 0 <= row < len(self.columns.chosen):
            self.columns.chosen[row] = field
        self._forget()
        self.status.setText("Columns changed: check the file again to see what it would do.")

    def _show_columns(self, preview: FilePreview | None) -> None:
        # The view lets go of (and deletes) its index widgets when the model resets.
        self.combos = {}
        chosen = (
            [
                self.chosen.get(h, guess or IGNORE)
                for h, guess in zip(preview.headers, preview.guessed, strict=True)
            ]
            if preview
            else []
        )
        self.columns.show(preview, chosen)
        if preview is None:
            return
        for row, header in enumerate(preview.headers):
            if header in self.combos or not header:
                continue
            combo = QComboBox()
            for value, label in preview.choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen[row])))
            combo.currentIndexChanged.connect(
                lambda _i, h=header, c=combo: self._column_chosen(h, str(c.currentData()))
            )
            self.combos[header] = combo
            self.column_view.setIndexWidget(self.columns.index(row, MAPPING_COLUMN), combo)
        self.column_view.resizeColumnsToContents()

    def check(self) -> None:
        """Plan the import off the GUI thread; the result arrives in ``show_plan``."""
        text = self.file.text().strip()
        if not text:
            self.status.setText("Choose a file first.")
            return
        book = self.session.book
        kind = str(self.kind.currentData())
        options = self.options()
        chosen = dict(self.chosen)
        offer_values = not self.values_offered and not options.value_maps
        file = Path(text).expanduser()

        def job(progress):  # type: ignore[no-untyped-def]
            progress(0.2, f"Reading {file.name}…")
            nonlocal options, chosen
            try:
                preview, options = read_preview(kind, file, options)
            except SheetRefused as exc:
                return Checked(None, str(exc), chosen, None, exc.sheets, exc.sheet_name)
            except ImportRefused as exc:
                return Checked(None, str(exc), chosen)
            said = recall(kind, preview.headers)
            values = said.values if offer_values and said.values else None
            if values:
                options = dataclasses.replace(options, value_maps=values)
            if not chosen:
                chosen = dict(said.columns)
                if chosen:
                    options = dataclasses.replace(options, maps=as_maps(chosen))
                    preview = preview_file(kind, file, options)
            progress(0.5, f"Checking {file.name} against the book…")
            try:
                outcome: ImportPlan | str = plan_import(book, kind, file, options)
            except ImportRefused as exc:
                outcome = str(exc)
            return Checked(preview, outcome, chosen, values, preview.sheets, preview.sheet_name)

        self.check_button.setEnabled(False)
        self.task = BackgroundTask(self, "Checking the file", job)
        self.task.done.connect(self.show_plan)
        self.task.failed.connect(self.show_plan)
        self.task.start()

    def show_plan(self, checked: Checked | str) -> None:
        self.check_button.setEnabled(True)
        if isinstance(checked, Checked):
            self.chosen = dict(checked.chosen)
            if checked.preview is not None:
                self.values_offered = True
            self._show_sheets(checked.sheets, checked.sheet_name)
            if checked.values:
                self.values_restored = "; ".join(checked.values)
                self.values.setText(self.values_restored)
            self._show_columns(checked.preview)
            outcome = checked.outcome
        else:
            outcome = checked
        if isinstance(outcome, str):
            self.plan = None
            self.report.setPlainText(in_window_words(outcome))
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
        self.report.setPlainText(in_window_words("\n".join(lines)))
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
            if self.columns.preview is not None:
                remember(
                    self.plan.kind,
                    self.columns.preview.headers,
                    self.chosen,
                    values=self.value_maps(),
                    sheets=self.columns.preview.sheets,
                    sheet=self.columns.preview.sheet_name,
                )
            self.accept()
        else:
            self.import_button.setEnabled(True)
            self.status.setText("Nothing was imported.")
