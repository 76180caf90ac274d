"""File ▸ Export portfolio… and the portfolio's copy: the accounts as the table shows them
(its filter and sort) written to CSV or XLSX, or put on the clipboard as tab-separated text."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from csm_desk import paths
from csm_desk.engine.book import AccountResult
from csm_desk.portfolio_sheet import SheetError, sheet_rows, tab_separated, write_sheet
from csm_desk.ui.portfolio_view import PortfolioView

XLSX_FILTER = "Excel workbook (*.xlsx)"
CSV_FILTER = "CSV, comma-separated (*.csv)"
SHEET_FILTERS = f"{XLSX_FILTER};;{CSV_FILTER}"


def shown_results(view: PortfolioView) -> list[AccountResult]:
    """The accounts the table shows, in the order it shows them."""
    proxy = view.proxy
    rows = []
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0))
        result = view.model.portfolio_row(source.row()).result
        if result is not None:  # None only while the book is being opened
            rows.append(result)
    return rows


def selected_results(view: PortfolioView) -> list[AccountResult]:
    """The selected accounts, in the table's order."""
    proxy = view.proxy
    chosen = sorted({i.row() for i in view.table.selectionModel().selectedRows()})
    found = (
        view.model.portfolio_row(proxy.mapToSource(proxy.index(row, 0)).row()).result
        for row in chosen
    )
    return [r for r in found if r is not None]


def copy_selected(view: PortfolioView) -> int:
    """Put the selected rows (with a header row) on the clipboard; returns how many."""
    results = selected_results(view)
    if results:
        text = tab_separated(sheet_rows(results, view.model.currency))
        QGuiApplication.clipboard().setText(text)
    return len(results)


def export_portfolio(parent: QWidget, view: PortfolioView, book_name: str) -> Path | None:
    """Ask where, then write the accounts the table shows; returns the file written."""
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
    results = shown_results(view)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        write_sheet(out, results, view.model.currency)
    except (OSError, SheetError) as exc:
        QApplication.restoreOverrideCursor()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        QMessageBox.warning(parent, "Export portfolio", f"{out.name} was not written: {reason}.")
        return None
    QApplication.restoreOverrideCursor()
    return out
