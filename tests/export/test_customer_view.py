"""The customer view reads only customer-facing columns (and a shared risk's shared ones)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

from csm_desk.export import export_document
from csm_desk.export.customer_load import customer_columns, load_customer_view
from csm_desk.export.customer_view import (
    CustomerAccountView,
    SharedLink,
    SharedRisk,
    view_field_sources,
)
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import Audience, specs_of
from csm_desk.models.ops import SetFields
from csm_desk.models.tables import Link, Risk
from csm_desk.models.writer import Writer

# Facts of the view that are not columns of the account: allowed derivations only.
DERIVED = {
    "as_of",
    "csm",
    "currency",
    "champion",
    "executive_sponsor",
    "success_plan_updated",
    "objectives",
    "kpis",
    "use_cases",
    "milestones",
    "commitments",
    "cadence",
    "meetings",
    "shared_risks",
    "shared_links",
    "reviews",
    "renewal",
    "value_items",
    "statement_by_former",
}


def test_every_view_field_is_a_customer_column_or_a_named_derivation() -> None:
    for cls, table, extra in view_field_sources():
        allowed = set(customer_columns(table)) | set(extra)
        if cls is CustomerAccountView:
            allowed |= DERIVED
        names = {f.name for f in dataclasses.fields(cls)}
        assert names <= allowed, (cls.__name__, names - allowed)
        internal = {n for n, s in specs_of(table).items() if s.audience is Audience.INTERNAL}
        assert not names & internal, (cls.__name__, names & internal)


def test_shared_risk_carries_only_the_shared_fields() -> None:
    shared = {n for n, s in specs_of(Risk).items() if s.audience is Audience.SHARED_RISK}
    assert {f.name for f in dataclasses.fields(SharedRisk)} == shared
    assert set(customer_columns(Risk, shared_risk=True)) == shared


def test_view_of_northwind(sample_book: BookFile, northwind: int, today: dt.date) -> None:
    view = load_customer_view(sample_book, northwind, today)
    assert view.name == "Northwind Payments"
    assert view.csm == "Maya Lindqvist"
    # Priya (champion) has left: the current champion is Elena.
    assert view.champion is not None and view.champion.name == "Elena Sokolova"
    assert view.executive_sponsor is not None and view.executive_sponsor.name == "Marcus Hale"
    assert view.objectives[0].primary
    # Only open shared risks, in their customer wording.
    assert len(view.shared_risks) == 2
    assert all(r.customer_wording for r in view.shared_risks)
    cycle = next(k for k in view.kpis if k.name == "Reconciliation cycle time")
    assert cycle.current == 2.0 and len(cycle.readings) == 3
    assert view.success_plan_updated == dt.date(2026, 11, 15)
    recap = max(view.meetings, key=lambda m: m.date or dt.date.min)
    assert {p.name for p in recap.attendees} == {"Marcus Hale", "Elena Sokolova"}
    assert len(recap.actions) == 4


def test_as_of_hides_later_readings_and_departures(sample_book: BookFile, northwind: int) -> None:
    view = load_customer_view(sample_book, northwind, dt.date(2026, 8, 1))
    cycle = next(k for k in view.kpis if k.name == "Reconciliation cycle time")
    assert cycle.current == 2.5
    # Before her departure Priya was the first champion on the map.
    assert view.champion is not None and view.champion.name == "Priya Nair"


def test_unsharing_a_risk_removes_it(sample_book: BookFile, northwind: int, today: dt.date) -> None:
    with sample_book.engine.connect() as conn:
        ids = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT id FROM risk WHERE account_id = ? AND shared = 1", (northwind,)
            )
        ]
    Writer(sample_book).run(SetFields("risk", {"id": ids[0]}, {"shared": False}))
    assert len(load_customer_view(sample_book, northwind, today).shared_risks) == 1


def test_a_recaps_next_meeting_is_the_one_agreed_else_the_next_on_the_cadence(
    demo_book: BookFile,
) -> None:
    view = load_customer_view(demo_book, 1, dt.date(2026, 11, 22))
    call = view.meeting(9)
    assert call is not None and call.next_meeting is None
    # Nothing was agreed at the call: the weekly check-in the cadence plans after it.
    assert view.next_meeting_after(call) == (dt.date(2026, 11, 25), "Weekly recovery check-in")
    agreed = dataclasses.replace(call, next_meeting=dt.date(2026, 12, 1))
    assert view.next_meeting_after(agreed) == (dt.date(2026, 12, 1), None)
    late = dataclasses.replace(call, date=dt.date(2027, 6, 1))
    assert view.next_meeting_after(late) is None  # nothing planned after it


def test_a_shareable_link_carries_only_its_label_and_address() -> None:
    shareable = {n for n, s in specs_of(Link).items() if s.audience is Audience.SHAREABLE_LINK}
    assert {f.name for f in dataclasses.fields(SharedLink)} == shareable == {"label", "target"}
    assert set(customer_columns(Link)) == set()
    assert set(customer_columns(Link, shareable_link=True)) == shareable


def test_only_links_marked_shareable_reach_the_success_plan(
    demo_book: BookFile, demo_northwind: int, today: dt.date, tmp_path: Path
) -> None:
    view = load_customer_view(demo_book, demo_northwind, today)
    assert [link.label for link in view.shared_links] == ["Exception-queue refresher guide"]
    out = export_document(
        demo_book, demo_northwind, "success-plan", tmp_path / "sp.docx", as_of=today
    )
    with zipfile.ZipFile(out) as package:
        body = package.read("word/document.xml").decode()
    assert "https://docs.example.com/reconciliation/exception-queue" in body
    assert "crm.example.com" not in body and "Account folder" not in body
    # Marked shareable, a link shows; unmarked again, it goes.
    writer = Writer(demo_book)
    with demo_book.engine.connect() as conn:
        crm = conn.exec_driver_sql("SELECT id FROM link WHERE label = 'CRM opportunity'").scalar()
    writer.run(SetFields("link", {"id": crm}, {"shareable": True}))
    assert len(load_customer_view(demo_book, demo_northwind, today).shared_links) == 2
