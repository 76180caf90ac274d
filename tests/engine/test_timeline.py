"""The account's timeline as a pure function: kinds, order, undone steps, journal-dated events."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from csm_desk.engine.facts import SnapshotFacts
from csm_desk.engine.timeline import (
    BRIEF_DAYS,
    HandoverEvent,
    JournalFacts,
    MeetingEvent,
    PersonEvent,
    RiskEvent,
    TimelineFacts,
    TimelineKind,
    account_timeline,
    brief_timeline,
)
from csm_desk.engine.vocab import Artifact

TODAY = dt.date(2026, 11, 22)


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(TODAY + dt.timedelta(days=day), dt.time(hour))


def entry(step: int, when: dt.datetime, table: str, row: int | None, kind: str = "changed",
          fields: tuple[str, ...] = (), artifacts: tuple[Artifact, ...] = (), via: str = "",
          undoes: int | None = None, label: str = "Edit") -> JournalFacts:  # fmt: skip
    return JournalFacts(step, undoes, when, table, row, 1, kind, fields, artifacts, via, label)


def snap(day: int, score: float, band: str) -> SnapshotFacts:
    empty = MappingProxyType({})
    return SnapshotFacts(TODAY + dt.timedelta(days=day), score, band, empty, empty, empty)


def test_entries_are_newest_first_and_a_days_timed_entries_come_first() -> None:
    facts = TimelineFacts(
        meetings=(MeetingEvent(1, TODAY - dt.timedelta(days=3), "qbr", None),),
        risks=(RiskEvent(7, "Budget cut", TODAY - dt.timedelta(days=3), "open"),),
        handovers=(HandoverEvent(at(-1, 17), "Jordan", "Alex", "Walkthrough"),),
    )
    found = account_timeline(facts, TODAY)
    assert [(e.day, e.kind, e.title) for e in found] == [
        (TODAY - dt.timedelta(days=1), TimelineKind.HANDOVER, "Book handed over: Jordan → Alex"),
        (TODAY - dt.timedelta(days=3), TimelineKind.MEETING, "QBR"),
        (TODAY - dt.timedelta(days=3), TimelineKind.RISK, "Risk opened: Budget cut"),
    ]


def test_a_risk_closes_and_a_stakeholder_arrives_when_the_journal_saw_it() -> None:
    journal = (
        entry(1, at(-9), "stakeholder", 3, "added", label="Add stakeholder"),
        entry(2, at(-4), "risk", 7, fields=("status",), artifacts=(Artifact.RISK_REGISTER,)),
        entry(3, at(-2), "stakeholder", 3, fields=("departed",)),
    )
    facts = TimelineFacts(
        risks=(RiskEvent(7, "Budget cut", None, "closed"),),
        people=(PersonEvent(3, "Elena Vasquez", "COO", True, None),),
        journal=journal,
    )
    titles = {(e.day, e.title) for e in account_timeline(facts, TODAY)}
    assert titles == {
        (TODAY - dt.timedelta(days=9), "Stakeholder added: Elena Vasquez, COO"),
        (TODAY - dt.timedelta(days=4), "Risk closed: Budget cut"),
        (TODAY - dt.timedelta(days=4), "Risk register updated"),
        (TODAY - dt.timedelta(days=2), "Stakeholder departed: Elena Vasquez, COO"),
    }


def test_undone_steps_and_undo_steps_are_left_out_and_a_redo_counts() -> None:
    edit = entry(1, at(-3), "risk", 7, fields=("status",), artifacts=(Artifact.RISK_REGISTER,))
    undo = entry(2, at(-3, 11), "risk", 7, fields=("status",), via="undo", undoes=1)
    facts = TimelineFacts(risks=(RiskEvent(7, "Budget cut", None, "closed"),), journal=(edit, undo))
    assert account_timeline(facts, TODAY) == ()
    redo = entry(3, at(-2), "risk", 7, fields=("status",), artifacts=(Artifact.RISK_REGISTER,),
                 via="redo")  # fmt: skip
    facts = TimelineFacts(risks=facts.risks, journal=(edit, undo, redo))
    assert {e.title for e in account_timeline(facts, TODAY)} == {
        "Risk closed: Budget cut",
        "Risk register updated",
    }


def test_an_artifacts_edits_of_one_day_are_one_entry_and_a_stamp_fills_in_without_journal() -> None:
    plan = (Artifact.SUCCESS_PLAN,)
    facts = TimelineFacts(
        journal=(
            entry(1, at(-1, 9), "objective", 1, artifacts=plan, label="Edit objective"),
            entry(2, at(-1, 15), "kpi", 4, artifacts=plan, label="Add KPI"),
        ),
        touched=MappingProxyType({Artifact.SUCCESS_PLAN: at(-1, 15), Artifact.QBR: at(-6, 8)}),
    )
    found = account_timeline(facts, TODAY)
    assert [(e.title, e.detail, e.at) for e in found] == [
        ("Success plan updated", "2 edits: Edit objective; Add KPI", at(-1, 15)),
        ("QBR / EBR narrative updated", "", at(-6, 8)),
    ]


def test_health_moves_of_five_points_or_a_new_band_are_shown() -> None:
    facts = TimelineFacts(
        snapshots=(snap(-21, 80.0, "healthy"), snap(-14, 78.0, "healthy"),
                   snap(-7, 76.0, "stable"), snap(0, 64.0, "stable")),
    )  # fmt: skip
    found = account_timeline(facts, TODAY)
    assert [(e.day, e.title) for e in found] == [
        (TODAY, "Health −12.0 to 64.0 (stable)"),
        (TODAY - dt.timedelta(days=7), "Health −2.0 to 76.0 (healthy → stable)"),
    ]
    assert found[0].detail.startswith("Since 15 Nov: ")


def test_the_brief_carries_the_last_ninety_days() -> None:
    days = (0, BRIEF_DAYS, BRIEF_DAYS + 1)
    facts = TimelineFacts(
        meetings=tuple(
            MeetingEvent(i, TODAY - dt.timedelta(days=d), "check_in", f"m{d}")
            for i, d in enumerate(days)
        )
    )
    assert [e.title for e in brief_timeline(facts, TODAY)] == ["m0", f"m{BRIEF_DAYS}"]
    later = (*facts.meetings, MeetingEvent(9, TODAY + dt.timedelta(days=1), "qbr", "future"))
    shown = account_timeline(TimelineFacts(meetings=later), TODAY)
    assert "future" not in {e.title for e in shown}
