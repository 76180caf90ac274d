"""Writing an internal document (account brief, renewal strategy) from the account dossier."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csm_desk.export import figures
from csm_desk.export.account_brief import BriefImages, build_account_brief
from csm_desk.export.common import new_document
from csm_desk.export.compose import Composer
from csm_desk.export.errors import ExportError
from csm_desk.export.internal_view import AccountDossier, load_dossier
from csm_desk.export.renewal_strategy import build_renewal_strategy
from csm_desk.export.text import long_day, one_line
from csm_desk.models.bookfile import BookFile

if TYPE_CHECKING:
    from csm_desk.export.documents import InternalDocument

STEPS = 5


@dataclass(frozen=True)
class InternalDraft:
    """What an internal document's builder writes from.

    Attributes:
        doc: the document being written.
        dossier: every field of the account, with the engine's scoring.
        map_png: the stakeholder map as drawn in the window (None: the printed one is drawn).
        progress: reports a step (of ``STEPS``) done.
    """

    doc: Composer
    dossier: AccountDossier
    map_png: bytes | None
    progress: Callable[[int, int], None]


def account_brief(draft: InternalDraft) -> None:
    """Write the account brief, with its charts and stakeholder map."""
    images = brief_images(
        draft.dossier,
        draft.map_png,
        draft.doc.content_width_in,
        lambda: draft.progress(2, STEPS),
    )
    draft.progress(3, STEPS)
    build_account_brief(draft.doc, draft.dossier, images)


def renewal_strategy(draft: InternalDraft) -> None:
    """Write the internal renewal strategy."""
    build_renewal_strategy(draft.doc, draft.dossier)


def write_internal_document(
    book: BookFile,
    account_id: int,
    spec: InternalDocument,
    out: Path,
    *,
    as_of: dt.date,
    map_png: bytes | None,
    progress: Callable[[int, int], None],
    replace: bool = False,
) -> Path:
    """Build and save one internal document, marked "Internal — do not share" on every page."""
    progress(0, STEPS)
    try:
        dossier = load_dossier(book, account_id, as_of)
    except LookupError as exc:
        raise ExportError(str(exc)) from None
    progress(1, STEPS)
    doc = new_document(
        customer=dossier.name,
        title=spec.title,
        as_of=as_of,
        internal=True,
        currency=dossier.currency,
        footer=f"About {one_line(dossier.name)} · {long_day(as_of)}",
    )
    spec.build(InternalDraft(doc, dossier, map_png, progress))
    progress(4, STEPS)
    doc.set_properties(title=f"{spec.title} — {one_line(dossier.name)}", owner=dossier.owner)
    doc.save(out, replace=replace)
    progress(STEPS, STEPS)
    return out


def brief_images(
    dossier: AccountDossier, map_png: bytes | None, width_in: float, step: Callable[[], None]
) -> BriefImages:
    """The health trend, the component breakdown and the stakeholder map, as print PNGs (the
    window's own drawing of the map when it gave one).
    """
    trend = figures.health_trend_chart(dossier, width_in)
    breakdown = figures.breakdown_chart(dossier.result.health, width_in)
    step()
    drawn = map_png if map_png is not None else figures.stakeholder_map_chart(dossier, width_in)
    return BriefImages(trend=trend, breakdown=breakdown, stakeholder_map=drawn)
