"""Word documents: customer-facing plans, internal briefs and the handover brief (no Qt).

``DOCUMENTS`` lists what an account can be exported as; ``export_document`` writes one and
``write_handover_brief`` writes the whole book for a successor. Customer-facing documents are
built from the account's customer view alone, so internal fields cannot reach them.
"""

from csm_desk.export.documents import DOCUMENTS, DocumentSpec, export_document
from csm_desk.export.errors import ExportError
from csm_desk.export.handover import write_handover_brief

__all__ = ["DOCUMENTS", "DocumentSpec", "ExportError", "export_document", "write_handover_brief"]
