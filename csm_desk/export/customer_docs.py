"""Writing a customer-facing document: read the customer view, build, save.

Only ``CustomerAccountView`` reaches the builders; the engine is not consulted, so nothing it
knows (health, probability, alerts) can reach a document the customer will read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csm_desk.export.branding import Branding, load_branding
from csm_desk.export.common import new_document
from csm_desk.export.compose import Composer
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
    from csm_desk.export.documents import CustomerDocument

STEPS = 4


@dataclass(frozen=True)
class CustomerDraft:
    """What a customer document's builder writes from.

    Attributes:
        doc: the document being written.
        view: the account as the customer may see it.
        review: the business review a QBR tells (None for every other document).
        meeting_id: the meeting a recap is about (None: the latest with the customer).
        brand: the logos and company name of the cover.
        drawing: says that the charts are being drawn (a step of the progress shown).
    """

    doc: Composer
    view: CustomerAccountView
    review: ViewReview | None
    meeting_id: int | None
    brand: Branding
    drawing: Callable[[], None]


def success_plan(draft: CustomerDraft) -> None:
    """Write the joint success plan, with its metrics chart."""
    draft.drawing()
    chart = kpi_chart(draft.view, draft.doc.content_width_in)
    build_success_plan(draft.doc, draft.view, chart, brand=draft.brand)


def onboarding_plan(draft: CustomerDraft) -> None:
    """Write the onboarding plan."""
    build_onboarding_plan(draft.doc, draft.view, brand=draft.brand)


def recap(draft: CustomerDraft) -> None:
    """Write the recap of the chosen meeting (by default the latest with the customer)."""
    meeting = chosen_meeting(draft.view, draft.meeting_id)
    build_recap(draft.doc, draft.view, meeting, brand=draft.brand)


def qbr(draft: CustomerDraft) -> None:
    """Write the business review, with its metrics chart."""
    if draft.review is None:  # pragma: no cover - a document that picks a review has one
        raise ExportError("a business review needs a review to tell")
    draft.drawing()
    chart = kpi_chart(draft.view, draft.doc.content_width_in)
    build_qbr(draft.doc, draft.view, draft.review, chart, brand=draft.brand)


def renewal_plan(draft: CustomerDraft) -> None:
    """Write the customer's renewal plan."""
    build_renewal_plan(draft.doc, draft.view, brand=draft.brand)


def document_view(
    book: BookFile, account_id: int, key: str, as_of: dt.date, review_id: int | None = None
) -> tuple[CustomerAccountView, ViewReview | None]:
    """The customer view the document ``key`` is written from, and for a QBR its review.

    One number per fact: a QBR shows every figure as of its review's date (as of ``as_of`` when
    the review is later, a draft for a coming meeting), every other document as of ``as_of``.
    """
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
    not hold on the document's date, one line each (to flag before the document is written).
    """
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
    spec: CustomerDocument,
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
    passed to ``warn``, one line at a time.
    """
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
    spec.build(CustomerDraft(doc, view, review, meeting_id, brand, lambda: progress(2, STEPS)))
    doc.agree_together()
    if spec.signed_as is not None:
        acceptance_block(doc, view, brand, what=spec.signed_as)
    progress(3, STEPS)
    doc.set_properties(title=f"{title} — {one_line(view.name)}", owner=view.csm)
    doc.save(out, replace=replace)
    progress(STEPS, STEPS)
    return out
