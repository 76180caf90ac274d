"""Whether a customer document is ready to go out: the artifact it is written from is checked
against its completeness criteria (``engine.discipline``) before anything is written.

Only the verdict and the criteria in words leave this module; nothing the engine computes is
written into the document itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from csm_desk.engine.discipline import export_gaps
from csm_desk.engine.segments import base_segment
from csm_desk.engine.vocab import Artifact, ArtifactStatus
from csm_desk.export.errors import ExportError
from csm_desk.export.text import one_line
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_facts


@dataclass(frozen=True)
class Gaps:
    """A document's artifact is missing or incomplete.

    Attributes:
        account: the account's name; ``artifact`` the artifact; ``status`` missing or
            incomplete; ``unmet`` each completeness criterion not met, in words.
    """

    account: str
    artifact: Artifact
    status: ArtifactStatus
    unmet: tuple[str, ...]

    def sentence(self) -> str:
        """One line: "the success plan of Juniper Robotics is missing: no business objective;
        review cadence not set".
        """
        what = f"the {self.artifact.phrase} of {one_line(self.account)} is {self.status.phrase}"
        return f"{what}: {'; '.join(self.unmet)}" if self.unmet else what


class IncompleteArtifactError(ExportError):
    """The document's artifact is missing or incomplete and going on anyway was not asked for.

    Attributes:
        gaps: what is missing.
    """

    def __init__(self, gaps: Gaps) -> None:
        super().__init__(gaps.sentence())
        self.gaps = gaps


def document_gaps(book: BookFile, account_id: int, document: str, as_of: dt.date) -> Gaps | None:
    """What keeps ``document`` of the account from being ready as of ``as_of`` (None when its
    artifact is complete or merely stale, or the document has no artifact to check: a recap is
    about one meeting, and the internal documents are for the CSM's own use).
    """
    # The documents' declarations import the module that writes them, which imports this one.
    from csm_desk.export.documents import DOCUMENTS, CustomerDocument

    spec = DOCUMENTS.get(document)
    artifact = spec.artifact if isinstance(spec, CustomerDocument) else None
    if artifact is None:
        return None
    with book.engine.connect() as conn:
        facts = load_facts(conn, [account_id], as_of=as_of)
    if not facts.accounts:
        return None
    account = facts.accounts[0]
    segment = base_segment(account, facts.settings)
    status, unmet = export_gaps(account, artifact, segment, as_of, facts.settings)
    if status not in (ArtifactStatus.MISSING, ArtifactStatus.INCOMPLETE):
        return None
    return Gaps(account.name, artifact, status, unmet)


__all__ = ["Gaps", "IncompleteArtifactError", "document_gaps"]
