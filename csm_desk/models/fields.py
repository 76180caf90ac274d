"""What every column means to a person: label, kind, audience, bounds, and the artifact it feeds.

Each table column is declared with ``column(...)``, which stores a ``FieldSpec`` in the SQLAlchemy
column's ``info``. Editors, validation, the customer view used by exports and the leak tests all
read these specs, so a field is classified (customer-facing or internal, DOMAIN.md §8) exactly
once, where it is declared.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from csm_desk.engine.vocab import Artifact, Vocab


class Kind(StrEnum):
    """How a value is entered and shown."""

    TEXT = "text"  # one line
    LONGTEXT = "longtext"  # paragraphs
    LINES = "lines"  # one item per line (decisions, proof points…)
    INT = "int"
    FLOAT = "float"
    MONEY = "money"
    PROBABILITY = "probability"  # 0–1
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"  # one value of a vocabulary
    CHOICES = "choices"  # several values of a vocabulary, comma-separated in the file
    LINK = "link"  # a web address or a file path, opened from the app
    REF = "ref"  # id of another row (stakeholder, milestone, objective…)
    SYSTEM = "system"  # ids, timestamps, canvas positions: not edited as a field


class Audience(StrEnum):
    """Who may read a field (DOMAIN.md §8)."""

    CUSTOMER = "customer"
    INTERNAL = "internal"
    SHARED_RISK = "shared_risk"  # customer-facing only on a risk marked shared
    SHAREABLE_LINK = "shareable_link"  # customer-facing only on a link marked shareable
    SYSTEM = "system"


@dataclass(frozen=True)
class FieldSpec:
    """The meaning of one column.

    Attributes:
        label: words shown beside the field.
        kind: how it is edited and shown.
        audience: who may read it.
        required: a row cannot be saved without it.
        minimum, maximum: inclusive bounds for numbers.
        vocab: the vocabulary of a CHOICE/CHOICES field.
        ref: the table a REF field points at.
        artifacts: the artifacts whose "last updated" an edit of this field refreshes; empty
            means the table's own artifacts.
        help: one sentence of guidance.
    """

    label: str
    kind: Kind
    audience: Audience = Audience.CUSTOMER
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    vocab: type[Vocab] | None = None
    ref: str | None = None
    artifacts: tuple[Artifact, ...] = ()
    help: str = ""

    @property
    def internal(self) -> bool:
        """Whether the field is for our team only, never shown to the customer (DOMAIN.md §8)."""
        return self.audience is Audience.INTERNAL


INFO_KEY = "csm"


def column(
    label: str,
    kind: Kind = Kind.TEXT,
    *,
    default: Any = None,
    audience: Audience = Audience.CUSTOMER,
    required: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    vocab: type[Vocab] | None = None,
    foreign_key: str | None = None,
    ondelete: str | None = None,
    artifacts: tuple[Artifact, ...] = (),
    index: bool = False,
    unique: bool = False,
    sa_type: Any = None,
    help: str = "",
) -> Any:
    """A SQLModel ``Field`` carrying its ``FieldSpec``."""
    spec = FieldSpec(
        label=label,
        kind=kind,
        audience=audience,
        required=required,
        minimum=minimum,
        maximum=maximum,
        vocab=vocab,
        ref=foreign_key.split(".")[0] if foreign_key else None,
        artifacts=artifacts,
        help=help,
    )
    extra: dict[str, Any] = {}
    if foreign_key:
        extra["foreign_key"] = foreign_key
        if ondelete:
            extra["ondelete"] = ondelete
    if index:
        extra["index"] = True
    if unique:
        extra["unique"] = True
    if sa_type is not None:
        extra["sa_type"] = sa_type
    return Field(default=default, sa_column_kwargs={"info": {INFO_KEY: spec}}, **extra)


def account_fk(*, unique: bool = False, indexed: bool = True) -> Any:
    """The owning account of a row; deleting the account deletes the row.

    ``indexed=False`` when another index of the table already starts with ``account_id``.
    """
    return column(
        "Account",
        Kind.SYSTEM,
        default=None,
        audience=Audience.SYSTEM,
        foreign_key="account.id",
        ondelete="CASCADE",
        index=indexed and not unique,
        unique=unique,
    )


def primary_key() -> Any:
    """The ``id`` field every table starts with: an integer primary key the book assigns."""
    return Field(
        default=None,
        primary_key=True,
        sa_column_kwargs={"info": {INFO_KEY: FieldSpec("Id", Kind.SYSTEM, Audience.SYSTEM)}},
    )


def timestamp(label: str) -> Any:
    """A naive local date-time column (set by the program, not edited as a field)."""
    return column(label, Kind.SYSTEM, audience=Audience.SYSTEM, sa_type=DateTime)


def now() -> dt.datetime:
    """The current local time, to the second: the clock edits are stamped with."""
    return dt.datetime.now().replace(microsecond=0)


def spec_of(table: type[SQLModel], name: str) -> FieldSpec:
    """The ``FieldSpec`` of one column of a table."""
    col: Column[Any] = table.__table__.c[name]  # type: ignore[attr-defined]
    found = col.info.get(INFO_KEY)
    if not isinstance(found, FieldSpec):
        raise KeyError(f"{table.__name__}.{name} has no field spec")
    return found


def specs_of(table: type[SQLModel]) -> dict[str, FieldSpec]:
    """Every column's spec, in declaration order."""
    out: dict[str, FieldSpec] = {}
    for col in table.__table__.columns:  # type: ignore[attr-defined]
        found = col.info.get(INFO_KEY)
        if isinstance(found, FieldSpec):
            out[col.name] = found
    return out


def table_artifacts(table: type[SQLModel]) -> tuple[Artifact, ...]:
    """The artifacts a table belongs to (its ``__artifacts__``), for freshness bookkeeping."""
    found: tuple[Artifact, ...] = getattr(table, "__artifacts__", ())
    return found
