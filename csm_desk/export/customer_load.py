"""Reading the customer view of an account: only customer-facing columns are ever selected."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from csm_desk.engine.vocab import Artifact, Role
from csm_desk.export.customer_view import (
    CustomerAccountView,
    Person,
    SharedLink,
    SharedRisk,
    ViewAction,
    ViewCadence,
    ViewCommitment,
    ViewKpi,
    ViewMeeting,
    ViewMilestone,
    ViewNextStep,
    ViewObjective,
    ViewRenewal,
    ViewReview,
    ViewUseCase,
    ViewValue,
)
from csm_desk.export.text import one_line, split_quote
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import Audience, Kind, specs_of
from csm_desk.models.tables import Account as AccountRow
from csm_desk.models.tables import (
    ActionItem,
    Book,
    CadenceItem,
    Commitment,
    Kpi,
    KpiReading,
    Link,
    Meeting,
    Milestone,
    Objective,
    RenewalNextStep,
    RenewalPlan,
    Review,
    Risk,
    UseCase,
    ValueItem,
)
from csm_desk.models.validation import split_choices

T = TypeVar("T")


def customer_columns(
    table: type[SQLModel], *, shared_risk: bool = False, shareable_link: bool = False
) -> tuple[str, ...]:
    """The columns of ``table`` a customer may read (with ``shared_risk``: a shared risk's;
    with ``shareable_link``: a shareable link's).
    """
    allowed = {Audience.CUSTOMER}
    if shared_risk:
        allowed.add(Audience.SHARED_RISK)
    if shareable_link:
        allowed.add(Audience.SHAREABLE_LINK)
    return tuple(name for name, spec in specs_of(table).items() if spec.audience in allowed)


def _core(table: type[SQLModel]) -> Table:
    found: Table = table.__table__  # type: ignore[attr-defined]
    return found


def _select(
    conn: Connection,
    table: type[SQLModel],
    *,
    keys: tuple[str, ...] = (),
    where: Mapping[str, Any] | None = None,
    shared_risk: bool = False,
    shareable_link: bool = False,
    order_by: tuple[str, ...] = (),
    extra_filter: Any = None,
) -> list[dict[str, Any]]:
    """Rows of ``table`` holding only its customer columns, plus the system ``keys`` used to
    join rows together (ids, never text).
    """
    specs = specs_of(table)
    for key in keys:
        if specs[key].audience is not Audience.SYSTEM or specs[key].kind is not Kind.SYSTEM:
            raise ValueError(f"{table.__name__}.{key} is not a system key")
    core = _core(table)
    names = keys + customer_columns(table, shared_risk=shared_risk, shareable_link=shareable_link)
    query = select(*(core.c[n] for n in names))
    for column, value in (where or {}).items():
        if isinstance(value, list | tuple | set | frozenset):
            query = query.where(core.c[column].in_(list(value)))
        else:
            query = query.where(core.c[column] == value)
    if extra_filter is not None:
        query = query.where(extra_filter)
    if order_by:
        query = query.order_by(*(core.c[n] for n in order_by))
    return [dict(r) for r in conn.execute(query).mappings()]


def _build(cls: type[T], row: Mapping[str, Any], **extra: Any) -> T:
    """A view dataclass from a customer row: every field not in ``extra`` must be in ``row``."""
    values = dict(extra)
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in values:
            values[f.name] = row[f.name]
    return cls(**values)


def _key_people(
    conn: Connection, account_id: int, as_of: dt.date
) -> tuple[Person | None, Person | None]:
    """The current champion and executive sponsor, by name and title only.

    Roles and departure are internal: they are read here to choose the two people and are not
    passed on.
    """
    rows = conn.exec_driver_sql(
        "SELECT name, title, roles, departed, departed_on FROM stakeholder "
        "WHERE account_id = ? ORDER BY id",
        (account_id,),
    ).fetchall()
    champion: Person | None = None
    sponsor: Person | None = None
    for name, title, roles, departed, departed_on in rows:
        if departed and (departed_on is None or dt.date.fromisoformat(str(departed_on)) <= as_of):
            continue
        held = set(split_choices(roles))
        if champion is None and Role.CHAMPION.value in held:
            champion = Person(name, title)
        if sponsor is None and Role.EXECUTIVE_SPONSOR.value in held:
            sponsor = Person(name, title)
    return champion, sponsor


def _departed(conn: Connection, account_id: int, as_of: dt.date) -> list[str]:
    """The names of the account's people who had left the customer by ``as_of``."""
    rows = conn.exec_driver_sql(
        "SELECT name, departed_on FROM stakeholder WHERE account_id = ? AND departed ORDER BY id",
        (account_id,),
    ).fetchall()
    return [
        str(name)
        for name, departed_on in rows
        if departed_on is None or dt.date.fromisoformat(str(departed_on)[:10]) <= as_of
    ]


def credits_former(statement: str | None, departed: list[str]) -> bool:
    """Whether a success statement typed as ``“…” (Name, Title)`` or ``"…" — Name`` credits
    one of the ``departed`` people (matched by name, ignoring case and spacing).

    >>> credits_former("“Close in two days.” (Dana Lee, VP Finance)", ["dana  lee"])
    True
    >>> credits_former("Close in two days.", ["Dana Lee"])
    False
    """
    _words, said_by = split_quote(statement)
    if said_by is None:
        return False
    speaker = one_line(said_by.split(",")[0]).casefold()
    return any(one_line(name).casefold() == speaker for name in departed)


def _touched(
    conn: Connection, account_id: int, artifact: Artifact, as_of: dt.date
) -> dt.date | None:
    row = conn.exec_driver_sql(
        "SELECT touched_at FROM artifact_touch WHERE account_id = ? AND artifact = ?",
        (account_id, artifact.value),
    ).first()
    if row is None or row[0] is None:
        return None
    return min(dt.date.fromisoformat(str(row[0])[:10]), as_of)


def _kpis(conn: Connection, account_id: int, as_of: dt.date) -> tuple[ViewKpi, ...]:
    rows = _select(conn, Kpi, keys=("id",), where={"account_id": account_id}, order_by=("id",))
    readings: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    if rows:
        for r in _select(
            conn,
            KpiReading,
            keys=("kpi_id",),
            where={"kpi_id": [r["id"] for r in rows]},
            order_by=("date", "id"),
        ):
            if r["date"] is not None and r["date"] <= as_of:
                readings[r["kpi_id"]].append((r["date"], float(r["value"])))
    out = []
    for row in rows:
        series = tuple(readings.get(row["id"], ()))
        current = series[-1][1] if series else row["current"]
        out.append(_build(ViewKpi, row, current=current, readings=series))
    return tuple(out)


def _meetings(conn: Connection, account_id: int) -> tuple[ViewMeeting, ...]:
    rows = _select(
        conn, Meeting, keys=("id",), where={"account_id": account_id}, order_by=("date", "id")
    )
    ids = [r["id"] for r in rows]
    people: dict[int, list[Person]] = defaultdict(list)
    if ids:
        marks = ",".join("?" for _ in ids)
        for meeting_id, name, title in conn.exec_driver_sql(
            "SELECT ma.meeting_id, s.name, s.title FROM meeting_attendee ma "
            f"JOIN stakeholder s ON s.id = ma.stakeholder_id WHERE ma.meeting_id IN ({marks}) "
            "ORDER BY s.name COLLATE NOCASE",
            tuple(ids),
        ):
            people[meeting_id].append(Person(name, title))
    actions: dict[int | None, list[ViewAction]] = defaultdict(list)
    for r in _select(conn, ActionItem, where={"account_id": account_id}, order_by=("due", "id")):
        actions[r["meeting_id"]].append(_build(ViewAction, r))
    return tuple(
        _build(
            ViewMeeting,
            r,
            attendees=tuple(people.get(r["id"], ())),
            actions=tuple(actions.get(r["id"], ())),
        )
        for r in rows
    )


def _renewal(conn: Connection, account_id: int) -> ViewRenewal | None:
    plans = _select(conn, RenewalPlan, keys=("id",), where={"account_id": account_id})
    if not plans:
        return None
    plan = plans[0]
    steps = _select(
        conn, RenewalNextStep, where={"renewal_plan_id": plan["id"]}, order_by=("due", "id")
    )
    return _build(ViewRenewal, plan, next_steps=tuple(_build(ViewNextStep, s) for s in steps))


def _all(
    conn: Connection, table: type[SQLModel], cls: type[T], account_id: int, *order: str
) -> tuple[T, ...]:
    keys = ("id",) if any(f.name == "id" for f in dataclasses.fields(cls)) else ()  # type: ignore[arg-type]
    rows = _select(conn, table, keys=keys, where={"account_id": account_id}, order_by=order)
    return tuple(_build(cls, r) for r in rows)


def load_customer_view(book: BookFile, account_id: int, as_of: dt.date) -> CustomerAccountView:
    """Read the customer view of one account as of ``as_of``."""
    with book.engine.connect() as conn:
        found = _select(conn, AccountRow, where={"id": account_id})
        if not found:
            raise LookupError(f"no account with id {account_id}")
        account = found[0]
        book_rows = _select(conn, Book, order_by=())
        owner = str(book_rows[0]["owner"] or "") if book_rows else ""
        currency = str(book_rows[0]["currency"] or "USD") if book_rows else "USD"
        champion, sponsor = _key_people(conn, account_id, as_of)
        objectives = sorted(
            _all(conn, Objective, ViewObjective, account_id, "position", "id"),
            key=lambda o: (not o.primary, o.position, o.id),
        )
        risk_rows = _select(
            conn,
            Risk,
            where={"account_id": account_id},
            shared_risk=True,
            extra_filter=(_core(Risk).c.shared.is_(True)) & (_core(Risk).c.status != "closed"),
            order_by=("id",),
        )
        link_rows = _select(
            conn,
            Link,
            where={"account_id": account_id},
            shareable_link=True,
            extra_filter=_core(Link).c.shareable.is_(True),
            order_by=("id",),
        )
        return CustomerAccountView(
            as_of=as_of,
            csm=owner,
            currency=currency,
            **{name: account[name] for name in CustomerAccountView.ACCOUNT_FIELDS},
            champion=champion,
            executive_sponsor=sponsor,
            success_plan_updated=_touched(conn, account_id, Artifact.SUCCESS_PLAN, as_of),
            objectives=tuple(objectives),
            kpis=_kpis(conn, account_id, as_of),
            use_cases=_all(conn, UseCase, ViewUseCase, account_id, "id"),
            milestones=_all(conn, Milestone, ViewMilestone, account_id, "due", "id"),
            commitments=_all(conn, Commitment, ViewCommitment, account_id, "side", "id"),
            cadence=_all(conn, CadenceItem, ViewCadence, account_id, "id"),
            meetings=_meetings(conn, account_id),
            shared_risks=tuple(_build(SharedRisk, r) for r in risk_rows),
            shared_links=tuple(_build(SharedLink, r) for r in link_rows),
            reviews=_all(conn, Review, ViewReview, account_id, "date", "id"),
            renewal=_renewal(conn, account_id),
            value_items=_all(conn, ValueItem, ViewValue, account_id, "date", "id"),
            statement_by_former=credits_former(
                account["success_statement"], _departed(conn, account_id, as_of)
            ),
        )
