"""The timeline read from a book: the demo's Northwind Payments against entries worked out by
hand from the demo's content, and journal-dated events made through the writer."""

from __future__ import annotations

import datetime as dt

from csm_desk.engine.book import score_account
from csm_desk.engine.history import chart_moves
from csm_desk.engine.timeline import TimelineKind
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book
from csm_desk.models.ops import DeleteRow, InsertRow, SetFields
from csm_desk.models.timeline import load_timeline
from csm_desk.models.writer import Writer
from tests.conftest import TODAY

K = TimelineKind


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def northwind(book: BookFile) -> int:
    with book.engine.connect() as conn:
        return int(
            conn.exec_driver_sql(
                "SELECT id FROM account WHERE name = 'Northwind Payments'"
            ).scalar_one()
        )


def test_northwind_payments_over_the_last_45_days(demo_book: BookFile) -> None:
    """From the demo's content (demo_northwind.py): meetings 12, 20 and 45 days ago; risks
    raised 22, 30 and 40 days ago; Priya Raman left 26 days ago; the artifacts' last edits
    (stakeholder map −5, QBR −3, risk register, recap and renewal plan −12, success plan −20);
    and the health moves of the chart (today's fall to 54.2, at risk)."""
    account_id = northwind(demo_book)
    found = load_timeline(demo_book, account_id, TODAY, since=day(-45))
    got = [(e.day, e.kind, e.title[:50]) for e in found if e.kind is not K.HEALTH]
    assert got == [
        (day(-3), K.ARTIFACT, "QBR / EBR narrative updated"),
        (day(-5), K.ARTIFACT, "Stakeholder map updated"),
        (day(-12), K.ARTIFACT, "Decision & action recap updated"),
        (day(-12), K.ARTIFACT, "Risk register updated"),
        (day(-12), K.ARTIFACT, "Renewal plan updated"),
        (day(-12), K.MEETING, "Risk review: champion departure and usage dip"),
        (day(-20), K.ARTIFACT, "Success plan updated"),
        (day(-20), K.MEETING, "Call with Aisha Khan after Priya's departure"),
        (day(-22), K.RISK, "Risk opened: Our champion, Priya Raman, left North"),
        (day(-26), K.STAKEHOLDER, "Stakeholder departed: Priya Raman, Director of Pay"),
        (day(-30), K.RISK, "Risk opened: Active analysts fell from 165 to 112 "),
        (day(-40), K.RISK, "Risk opened: Greg Halvorsen's vendor risk question"),
        (day(-45), K.MEETING, "Monthly operations check-in"),
    ]
    health = [e for e in found if e.kind is K.HEALTH]
    assert health[0].day == TODAY
    assert health[0].title == "Health −12.3 to 54.2 (stable → at risk)"
    assert "usage" in health[0].detail
    # Every move the health chart annotates in the window is on the timeline, with its cause.
    book = load_book(demo_book, [account_id], as_of=TODAY, full_history=True)
    shown = score_account(book.accounts[0], book.settings, TODAY).history
    moves = chart_moves([s for s in shown if s.date >= day(-52)], limit=10)
    assert moves
    assert {m.date for m in moves if m.date >= day(-45)} <= {e.day for e in health}
    # Older history is there too: the hand-over and the first contract.
    everything = load_timeline(demo_book, account_id, TODAY)
    assert any(e.kind is K.HANDOVER for e in everything)
    assert any(e.title == "ARR new: +78,000" for e in everything)


def test_edits_through_the_writer_reach_the_timeline_and_undone_ones_leave_it(
    demo_book: BookFile,
) -> None:
    account_id = northwind(demo_book)
    moment = dt.datetime.combine(TODAY, dt.time(14, 5))
    writer = Writer(demo_book, now=lambda: moment)
    person = InsertRow("stakeholder", {"account_id": account_id, "name": "Lena Park"})
    writer.run(person)
    with demo_book.engine.connect() as conn:
        closed_risk = conn.exec_driver_sql(
            "SELECT min(id) FROM risk WHERE account_id = ? AND status = 'open'", (account_id,)
        ).scalar_one()
    close = SetFields("risk", {"id": closed_risk}, {"status": "closed"}, "Close risk")
    writer.run(close)
    today = [e for e in load_timeline(demo_book, account_id, TODAY) if e.day == TODAY]
    titles = [e.title for e in today if e.at is not None]
    assert "Stakeholder added: Lena Park" in titles
    assert any(t.startswith("Risk closed: ") for t in titles)
    assert any(t == "Risk register updated" for t in titles)
    writer.undo(close)
    titles = [e.title for e in load_timeline(demo_book, account_id, TODAY) if e.day == TODAY]
    assert not any(t.startswith("Risk closed: ") for t in titles)
    assert "Risk register updated" not in titles
    assert "Stakeholder added: Lena Park" in titles


def test_a_new_account_given_a_deleted_accounts_id_does_not_inherit_its_history(
    empty_book: BookFile,
) -> None:
    moment = dt.datetime.combine(TODAY, dt.time(9))
    writer = Writer(empty_book, now=lambda: moment)
    first = InsertRow("account", {"name": "Gone"})
    writer.run(first)
    assert first.pk is not None
    writer.run(InsertRow("stakeholder", {"account_id": first.pk["id"], "name": "Old Friend"}))
    writer.run(DeleteRow("account", first.pk))
    second = InsertRow("account", {"name": "New"})
    writer.run(second)
    assert second.pk == first.pk  # SQLite gives the id again
    assert load_timeline(empty_book, int(second.pk["id"]), TODAY) == ()
