"""File ▸ Export portfolio… and the portfolio's copy: the accounts as the table shows them
(its filter and sort) written to CSV or XLSX, or put on the clipboard as tab-separated text.

The export is written off the GUI thread with its progress shown (a workbook of thousands of
accounts takes a while); a file that cannot be written (a read-only folder, a full disk) is
said in one line, and no partial file is left."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from csm_desk import paths
from csm_desk.engine.summary import AccountSummary
from csm_desk.portfolio_sheet import SheetError, sheet_rows, tab_separated, write_sheet
from csm_desk.ui.crash import could_not_write
from csm_desk.ui.portfolio_view import PortfolioView
from csm_desk.ui.worker import Job, Progress

XLSX_FILTER = "Excel workbook (*.xlsx)"
CSV_FILTER = "CSV, comma-separated (*.csv)"
SHEET_FILTERS = f"{XLSX_FILTER};;{CSV_FILTER}"


def shown_results(view: PortfolioView) -> list[AccountSummary]:
    """The accounts the table shows, in the order it shows them."""
    proxy = view.proxy
    rows = []
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0))
        rows.append(view.model.portfolio_row(source.row()).summary)
    return rows


def selected_results(view: PortfolioView) -> list[AccountSummary]:
    """The selected accounts, in the table's order."""
    proxy = view.proxy
    chosen = sorted({i.row() for i in view.table.selectionModel().selectedRows()})
    found = (
        view.model.portfolio_row(proxy.mapToSource(proxy.index(row, 0)).row()).summary
        for row in chosen
    )
    return list(found)


def copy_selected(view: PortfolioView) -> int:
    """Put the selected rows (with a header row) on the clipboard; returns how many."""
    results = selected_results(view)
    if results:
        text = tab_separated(sheet_rows(results, view.model.currency))
        QGuiApplication.clipboard().setText(text)
    return len(results)


def ask_target(parent: QWidget, book_name: str) -> Path | None:
    """Where to write the portfolio (None: the person cancelled); a name without a ``.csv``
    or ``.xlsx`` ending gets the ending of the kind chosen."""
    suggested = paths.documents_dir() / f"{Path(book_name).stem} portfolio.xlsx"
    with contextlib.suppress(OSError):  # else the file dialog starts where it can
        suggested.parent.mkdir(parents=True, exist_ok=True)
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent, "Export portfolio", str(suggested), SHEET_FILTERS
    )
    if not name:
        return None
    out = Path(name)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        out = out.with_suffix(".csv" if chosen_filter == CSV_FILTER else ".xlsx")
    return out


def export_job(view: PortfolioView, out: Path) -> Job:
    """The job writing the accounts the table shows now (its filter and sort) to ``out``,
    for a worker thread: it returns how many accounts it wrote, and fails with one line
    (``SheetError``) when the file cannot be written."""
    # Plain values taken on the GUI thread: the worker never touches the table.
    results = shown_results(view)
    currency = view.model.currency

    def job(progress: Progress) -> int:
        progress(0.1, f"Writing {out.name}…")
        try:
            write_sheet(out, results, currency, progress=progress)
        except OSError as exc:
            raise SheetError(could_not_write(out, exc)) from exc
        return len(results)

    return job
