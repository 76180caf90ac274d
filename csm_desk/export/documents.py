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
from typing import ClassVar, Literal

from csm_desk.engine.vocab import Artifact
from csm_desk.export import customer_docs, internal_docs
from csm_desk.export.compose import check_target
from csm_desk.export.customer_docs import CustomerDraft
from csm_desk.export.errors import ExportError
from csm_desk.export.internal_docs import InternalDraft
from csm_desk.models.bookfile import BookFile

Progress = Callable[[int, int], None]
Audience = Literal["customer", "internal"]


@dataclass(frozen=True, kw_only=True)
class DocumentSpec:
    """One kind of document: a ``CustomerDocument`` or an ``InternalDocument``.

    Attributes:
        key: the name used on the command line (``success-plan``).
        title: the document's title as printed.
        audience: ``customer`` (may be shared) or ``internal`` (marked "do not share").
        description: one sentence for a menu or ``--help``.
        needs_meeting: the document is about one meeting (a recap).
        picks_review: the document tells one business review, which may be chosen (a QBR).
    """

    audience: ClassVar[Audience]
    key: str
    title: str
    description: str
    needs_meeting: bool = False
    picks_review: bool = False


@dataclass(frozen=True, kw_only=True)
class CustomerDocument(DocumentSpec):
    """A document the customer may read, built from the customer view alone.

    Attributes:
        build: writes the document's body from a ``CustomerDraft``.
        signed_as: what the acceptance block calls a plan both sides sign (None: not signed).
        artifact: the artifact the document is written from, checked against its completeness
            criteria before the document goes out (``readiness``; None: nothing is checked).
        checks_narrative: the narrative it repeats is checked against the book's figures, and
            its success statement against who has left, before it is written.
    """

    audience: ClassVar[Audience] = "customer"
    build: Callable[[CustomerDraft], None]
    signed_as: str | None = None
    artifact: Artifact | None = None
    checks_narrative: bool = False


@dataclass(frozen=True, kw_only=True)
class InternalDocument(DocumentSpec):
    """A document for the CSM's own side, built from the account dossier.

    Attributes:
        build: writes the document's body from an ``InternalDraft``.
    """

    audience: ClassVar[Audience] = "internal"
    build: Callable[[InternalDraft], None]


DOCUMENTS: Mapping[str, DocumentSpec] = MappingProxyType(
    {
        spec.key: spec
        for spec in (
            CustomerDocument(
                key="success-plan",
                title="Joint success plan",
                description="Goals, success metrics, milestones, commitments, cadence, shared "
                "risks and escalation path, to agree with the customer.",
                build=customer_docs.success_plan,
                artifact=Artifact.SUCCESS_PLAN,
                checks_narrative=True,
                signed_as="success plan",
            ),
            CustomerDocument(
                key="onboarding-plan",
                title="Onboarding plan",
                description="Onboarding milestones with owners on both sides, dependencies, what "
                "live means and the first-value milestone.",
                build=customer_docs.onboarding_plan,
                artifact=Artifact.ONBOARDING_PLAN,
                signed_as="onboarding plan",
            ),
            CustomerDocument(
                key="recap",
                title="Meeting recap",
                description="One meeting's attendees, decisions, action items and open items.",
                needs_meeting=True,
                build=customer_docs.recap,
            ),
            CustomerDocument(
                key="qbr",
                title="Business review",
                description="A QBR or EBR narrative (the latest, or the one chosen), with success "
                "metrics and their movement.",
                picks_review=True,
                build=customer_docs.qbr,
                artifact=Artifact.QBR,
                checks_narrative=True,
            ),
            CustomerDocument(
                key="renewal-plan",
                title="Renewal plan",
                description="The customer's renewal plan: timeline to decision, value delivered, "
                "next steps.",
                build=customer_docs.renewal_plan,
                artifact=Artifact.RENEWAL_PLAN,
                signed_as="renewal plan",
            ),
            InternalDocument(
                key="account-brief",
                title="Account brief",
                description="Everything about the account on a few pages: health, people, risks, "
                "renewal, expansion, open actions and alerts.",
                build=internal_docs.account_brief,
            ),
            InternalDocument(
                key="renewal-strategy",
                title="Renewal strategy",
                description="Approvers and their stance, objections, internal support, "
                "probability, phase and checklist.",
                build=internal_docs.renewal_strategy,
            ),
        )
    }
)


def document_names() -> str:
    """The name of every document, comma-separated."""
    return ", ".join(DOCUMENTS)


def spec_for(document: str) -> DocumentSpec:
    """The spec of the document called ``document``; ExportError names the choices if none."""
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
    if isinstance(spec, CustomerDocument):
        return customer_docs.write_customer_document(
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
    if not isinstance(spec, InternalDocument):  # pragma: no cover - every spec is one or other
        raise ExportError(f"{spec.key} is neither a customer nor an internal document")
    return internal_docs.write_internal_document(
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
    documents, and when the review to tell cannot be found (the export says why).
    """
    spec = spec_for(document)
    if not (isinstance(spec, CustomerDocument) and spec.checks_narrative):
        return []
    try:
        return customer_docs.narrative_warnings(book, account_id, spec.key, as_of, review_id)
    except ExportError:
        return []


__all__ = [
    "DOCUMENTS",
    "CustomerDocument",
    "DocumentSpec",
    "ExportError",
    "InternalDocument",
    "Progress",
    "document_names",
    "export_document",
    "narrative_warnings",
    "spec_for",
]
