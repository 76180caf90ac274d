"""File ▸ Export document… for the open account: pick a document and a file, and write it off
the GUI thread. The account brief carries the stakeholder map exactly as it is laid out on the
canvas (rendered here, on the GUI thread, as the export's ``map_png``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog

from csm_desk import paths
from csm_desk.engine.vocab import Area
from csm_desk.ui.account.tabs_people import StakeholdersTab
from csm_desk.ui.worker import BackgroundTask, Progress

if TYPE_CHECKING:
    from csm_desk.ui.main_window import MainWindow

DOCX_FILTER = "Word documents (*.docx)"
# Documents that show the stakeholder map.
WITH_MAP = frozenset({"account-brief"})


def choose_document(window: MainWindow) -> str | None:
    """Ask which document to write; its key (``account-brief``), or None when cancelled."""
    from csm_desk.export import DOCUMENTS

    labels = [
        f"{spec.title} ({'customer-facing' if spec.audience == 'customer' else 'internal'})"
        for spec in DOCUMENTS.values()
    ]
    chosen, ok = QInputDialog.getItem(
        window, "Export document", "Document for this account:", labels, 0, False
    )
    if not ok or chosen not in labels:
        return None
    return list(DOCUMENTS)[labels.index(chosen)]


def export_open_account(window: MainWindow) -> BackgroundTask | None:
    """Export a document of the account open in ``window``; the running task, or None."""
    session, workspace = window.session, window.workspace
    if session is None or workspace is None or workspace.ctx is None:
        return None
    ctx = workspace.ctx
    document = choose_document(window)
    if document is None:
        return None
    from csm_desk.export import DOCUMENTS

    spec = DOCUMENTS[document]
    name = str(ctx.account.get("name") or "Account")
    start = paths.documents_dir() / f"{name} - {spec.title}.docx"
    chosen, _filter = QFileDialog.getSaveFileName(
        window, "Export document", str(start), DOCX_FILTER
    )
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() != ".docx":
        out = out.with_suffix(".docx")
    map_png: bytes | None = None
    if document in WITH_MAP:
        stakeholders = workspace.pages[Area.STAKEHOLDERS]
        if isinstance(stakeholders, StakeholdersTab):
            map_png = stakeholders.map_png(ctx)
    book, account_id, as_of = session.book, ctx.account_id, session.as_of

    def job(progress: Progress) -> Path:
        from csm_desk.export import export_document

        progress(0.05, f"Writing the {spec.title.lower()}…")
        return export_document(
            book,
            account_id,
            document,
            out,
            as_of=as_of,
            map_png=map_png,
            progress=lambda done, total: progress(done / max(total, 1), ""),
        )

    return window.run_task(
        "Export document",
        job,
        lambda path: window.statusBar().showMessage(f"Exported: {path}", 8000),
    )
