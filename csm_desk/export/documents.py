"""The documents an account can be exported as, and ``export_document`` which writes one.

Customer-facing documents are built from ``CustomerAccountView`` alone; internal ones from the
account dossier (every field, with the engine's scoring). Both are written through ``Composer``
onto the template and saved atomically, over an existing file only when asked to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from csm_desk.export.compose import check_target
from csm_desk.export.errors import ExportError
from csm_desk.models.bookfile import BookFile

Progress = Callable[[int, int], None]
Audience = Literal["customer", "internal"]


@dataclass(frozen=True)
class DocumentSpec:
    """One kind of document.

    Attributes:
        key: the name used on the command line (``success-plan``).
        title: the document's title as printed.
        audience: ``customer`` (may be shared) or ``internal`` (marked "do not share").
        needs_meeting: the document is about one meeting (a recap).
        description: one sentence for a menu or ``--help``.
        picks_review: the document tells one business review, which may be chosen (a QBR).
    """

    key: str
    title: str
    audience: Audience
    needs_meeting: bool
    description: str
    picks_review: bool = False


DOCUMENTS: Mapping[str, DocumentSpec] = MappingProxyType(
    {
        spec.key: spec
        for spec in (
            DocumentSpec(
                "success-plan",
                "Joint success plan",
                "customer",
                False,
                "Goals, success metrics, milestones, commitments, cadence, shared risks and "
                "escalation path, to agree with the customer.",
            ),
            DocumentSpec(
                "onboarding-plan",
                "Onboarding plan",
                "customer",
                False,
                "Onboarding milestones with owners on both sides, dependencies, what live means "
                "and the first-value milestone.",
            ),
            DocumentSpec(
                "recap",
                "Meeting recap",
                "customer",
                True,
                "One meeting's attendees, decisions, action items and open items.",
            ),
            DocumentSpec(
                "qbr",
                "Business review",
                "customer",
                False,
                "A QBR or EBR narrative (the latest, or the one chosen), with success metrics "
                "and their movement.",
                picks_review=True,
            ),
            DocumentSpec(
                "renewal-plan",
                "Renewal plan",
                "customer",
                False,
                "The customer's renewal plan: timeline to decision, value delivered, next steps.",
            ),
            DocumentSpec(
                "account-brief",
                "Account brief",
                "internal",
                False,
                "Everything about the account on a few pages: health, people, risks, renewal, "
                "expansion, open actions and alerts.",
            ),
            DocumentSpec(
                "renewal-strategy",
                "Renewal strategy",
                "internal",
                False,
                "Approvers and their stance, objections, internal support, probability, phase "
                "and checklist.",
            ),
        )
    }
)


def document_names() -> str:
    return ", ".join(DOCUMENTS)


def spec_for(document: str) -> DocumentSpec:
    spec = DOCUMENTS.get(document)
    if spec is None:
        raise ExportError(f"unknown document {document!r}; choose one of: {document_names()}")
    return spec


def export_document(
    book: BookFile,
    account_id: int,
    document: str,
    out: Path,
    *,
    as_of: dt.date,
    meeting_id: int | None = None,
    review_id: int | None = None,
    map_png: bytes | None = None,
    progress: Progress | None = None,
    replace: bool = False,
    allow_incomplete: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Write ``document`` for one account to ``out`` (a new .docx file) and return its path.

    ``meeting_id`` picks the meeting of a recap (default: the latest on or before ``as_of``
    with the customer); ``review_id`` the review a QBR tells (default: the latest on or before
    ``as_of``);
    ``map_png`` is the stakeholder map as drawn in the window, used instead of the printed one.
    An existing ``out`` is replaced only when ``replace`` is given (``TargetExistsError``
    otherwise). A customer document whose artifact the discipline check calls missing or
    incomplete is refused with its unmet criteria (``IncompleteArtifactError``) unless
    ``allow_incomplete`` is given. ``warn`` hears, one line at a time, what the document could
    not show as set (a logo that cannot be read). Raises ``ExportError`` (one line) when it
    cannot, or the ``OSError`` of a disk that refused the file; ``out`` is then left as it was
    and no partial file remains.
    """
    spec = spec_for(document)
    out = Path(out)
    check_target(out, replace=replace)
    if meeting_id is not None and not spec.needs_meeting:
        raise ExportError(f"a meeting can only be chosen for a recap, not for {spec.key}")
    if review_id is not None and not spec.picks_review:
        raise ExportError(f"a review can only be chosen for a qbr, not for {spec.key}")
    report = progress or (lambda _done, _total: None)
    if spec.audience == "customer":
        from csm_desk.export.customer_docs import write_customer_document

        return write_customer_document(
            book,
            account_id,
            spec,
            out,
            as_of=as_of,
            meeting_id=meeting_id,
            review_id=review_id,
            progress=report,
            replace=replace,
            allow_incomplete=allow_incomplete,
            warn=warn,
        )
    from csm_desk.export.internal_docs import write_internal_document

    return write_internal_document(
        book,
        account_id,
        spec,
        out,
        as_of=as_of,
        map_png=map_png,
        progress=report,
        replace=replace,
    )


def narrative_warnings(
    book: BookFile,
    account_id: int,
    document: str,
    *,
    as_of: dt.date,
    review_id: int | None = None,
) -> list[str]:
    """Where the narrative ``document`` repeats (a QBR's outcomes, what changed and friction; a
    success plan's vision) quotes a success metric at a value the book does not hold on the
    document's date, and where a success plan's statement is credited to someone who has left
    the customer: one line each, to show before the document is written. Empty for other
    documents, and when the review to tell cannot be found (the export says why)."""
    spec = spec_for(document)
    if spec.key not in ("qbr", "success-plan"):
        return []
    from csm_desk.export.customer_docs import narrative_warnings as found

    try:
        return found(book, account_id, spec.key, as_of, review_id)
    except ExportError:
        return []


__all__ = [
    "DOCUMENTS",
    "DocumentSpec",
    "ExportError",
    "Progress",
    "document_names",
    "export_document",
    "narrative_warnings",
    "spec_for",
]
