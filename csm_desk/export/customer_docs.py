"""Writing a customer-facing document: read the customer view, build, save.

Only ``CustomerAccountView`` reaches the builders; the engine is not consulted, so nothing it
knows (health, probability, alerts) can reach a document the customer will read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from csm_desk.export.branding import load_branding
from csm_desk.export.common import new_document
from csm_desk.export.consistency import plan_mismatches, review_mismatches
from csm_desk.export.customer_cover import acceptance_block
from csm_desk.export.customer_load import load_customer_view
from csm_desk.export.customer_plans import build_onboarding_plan, build_success_plan
from csm_desk.export.customer_reviews import (
    build_qbr,
    build_recap,
    build_renewal_plan,
    chosen_meeting,
    chosen_review,
)
from csm_desk.export.customer_view import CustomerAccountView, ViewReview
from csm_desk.export.errors import ExportError
from csm_desk.export.figures import kpi_chart
from csm_desk.export.readiness import IncompleteArtifactError, document_gaps
from csm_desk.export.text import one_line, split_quote
from csm_desk.models.bookfile import BookFile

if TYPE_CHECKING:
    from csm_desk.export.documents import DocumentSpec

STEPS = 4
# The mutual plans both sides sign, and what the acceptance block calls each.
SIGNED = {
    "success-plan": "success plan",
    "onboarding-plan": "onboarding plan",
    "renewal-plan": "renewal plan",
}


def document_view(
    book: BookFile, account_id: int, key: str, as_of: dt.date, review_id: int | None = None
) -> tuple[CustomerAccountView, ViewReview | None]:
    """The customer view a document is written from, and for a QBR its review.

    One number per fact: a QBR shows every figure as of its review's date (as of ``as_of`` when
    the review is later, a draft for a coming meeting), every other document as of ``as_of``."""
    try:
        view = load_customer_view(book, account_id, as_of)
        if key != "qbr":
            return view, None
        review = chosen_review(view, review_id)
        if review.date is not None and review.date < as_of:
            view = load_customer_view(book, account_id, review.date)
        return view, review
    except LookupError as exc:
        raise ExportError(str(exc)) from None


def narrative_warnings(
    book: BookFile,
    account_id: int,
    key: str,
    as_of: dt.date,
    review_id: int | None = None,
) -> list[str]:
    """Where the narrative a document repeats quotes a success metric at a value the book does
    not hold on the document's date, one line each (to flag before the document is written)."""
    view, review = document_view(book, account_id, key, as_of, review_id)
    if review is not None:
        found = review_mismatches(view, review)
    elif key == "success-plan":
        found = plan_mismatches(view)
    else:
        found = []
    lines = [m.sentence() for m in found]
    if key == "success-plan" and view.statement_by_former:
        _words, said_by = split_quote(view.success_statement)
        lines.append(
            f"The success statement is credited to {said_by}, who has left {view.name}: the plan "
            "shows the words without naming them as champion (update the statement with the "
            "current champion)"
        )
    return lines


def write_customer_document(
    book: BookFile,
    account_id: int,
    spec: DocumentSpec,
    out: Path,
    *,
    as_of: dt.date,
    meeting_id: int | None,
    progress: Callable[[int, int], None],
    review_id: int | None = None,
    replace: bool = False,
    allow_incomplete: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Build and save one customer-facing document from the account's customer view.

    A document whose artifact is missing or incomplete (``readiness``) is refused with the
    unmet criteria unless ``allow_incomplete``. Why a logo set in the settings is not shown is
    passed to ``warn``, one line at a time."""
    progress(0, STEPS)
    view, review = document_view(book, account_id, spec.key, as_of, review_id)
    progress(1, STEPS)
    title = spec.title
    if review is not None:
        title = "Executive business review" if review.kind == "ebr" else "Quarterly business review"
    if not allow_incomplete and not (spec.key == "renewal-plan" and view.renewal is None):
        gaps = document_gaps(book, account_id, spec.key, as_of)
        if gaps is not None:
            raise IncompleteArtifactError(gaps)
    brand = load_branding(book, account_id, view.name, view.as_of)
    for line in brand.warnings:
        if warn is not None:
            warn(line)
    doc = new_document(
        customer=view.name, title=title, as_of=view.as_of, internal=False, currency=view.currency
    )
    if spec.key == "success-plan":
        progress(2, STEPS)
        build_success_plan(doc, view, kpi_chart(view, doc.content_width_in), brand=brand)
    elif spec.key == "onboarding-plan":
        build_onboarding_plan(doc, view, brand=brand)
    elif spec.key == "recap":
        build_recap(doc, view, chosen_meeting(view, meeting_id), brand=brand)
    elif spec.key == "qbr" and review is not None:
        progress(2, STEPS)
        build_qbr(doc, view, review, kpi_chart(view, doc.content_width_in), brand=brand)
    elif spec.key == "renewal-plan":
        build_renewal_plan(doc, view, brand=brand)
    else:  # pragma: no cover - DOCUMENTS and this dispatch are kept together
        raise ExportError(f"{spec.key} is not a customer document")
    doc.agree_together()
    if spec.key in SIGNED:
        acceptance_block(doc, view, brand, what=SIGNED[spec.key])
    progress(3, STEPS)
    doc.set_properties(title=f"{title} — {one_line(view.name)}", owner=view.csm)
    doc.save(out, replace=replace)
    progress(STEPS, STEPS)
    return out
