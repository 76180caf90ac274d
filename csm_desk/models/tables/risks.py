"""The risk register: specific, evidenced risks with owners and next actions."""

import datetime as dt

from sqlmodel import SQLModel

from csm_desk.engine.vocab import Artifact, Level, RiskCategory, RiskStatus, Severity
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_I = Audience.INTERNAL
_SHARED = Audience.SHARED_RISK


class Risk(SQLModel, table=True):
    """One risk to the account. Internal, except the customer wording of a shared risk."""

    __tablename__ = "risk"
    __artifacts__ = (Artifact.RISK_REGISTER,)

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    statement: str = column(
        "Risk",
        Kind.LONGTEXT,
        required=True,
        default="",
        audience=_I,
        help="Specific: who, what, and what happens to the renewal if it goes wrong.",
    )
    category: str = column(
        "Category",
        Kind.CHOICE,
        default=RiskCategory.ADOPTION.value,
        vocab=RiskCategory,
        audience=_I,
        required=True,
    )
    evidence: str | None = column("Evidence", Kind.LONGTEXT, audience=_I)
    severity: str | None = column("Severity", Kind.CHOICE, vocab=Severity, audience=_I)
    likelihood: str | None = column("Likelihood", Kind.CHOICE, vocab=Level, audience=_SHARED)
    impact: str | None = column("Impact", Kind.CHOICE, vocab=Level, audience=_SHARED)
    owner: str | None = column("Mitigation owner", audience=_I)
    next_action: str | None = column("Next action", Kind.LONGTEXT, audience=_I)
    reassess_on: dt.date | None = column("Reassess on", Kind.DATE, audience=_I)
    status: str = column(
        "Status",
        Kind.CHOICE,
        default=RiskStatus.OPEN.value,
        vocab=RiskStatus,
        audience=_I,
        required=True,
    )
    raised_on: dt.date | None = column("Raised on", Kind.DATE, audience=_I)
    trigger_signal: str | None = column("Trigger signal", audience=_I)
    mitigation: str | None = column("Mitigation", Kind.LONGTEXT, audience=_SHARED)
    shared: bool = column(
        "Shared with the customer",
        Kind.BOOL,
        default=False,
        audience=_I,
        help="Shared risks appear in customer documents, in their customer wording only.",
    )
    customer_wording: str | None = column(
        "Customer wording",
        Kind.LONGTEXT,
        audience=_SHARED,
        help="How the risk reads in documents the customer sees.",
    )
