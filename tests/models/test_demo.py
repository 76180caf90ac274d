"""The demo book: deterministic, every table filled, and a book whose accounts tell the stories
the rest of the product is shown with (bands, phases, alerts, the Northwind recovery)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime

from csm_desk.__main__ import main
from csm_desk.engine import history, metrics
from csm_desk.engine.book import AccountResult, BookResult, score_book
from csm_desk.engine.vocab import (
    AlertCode,
    Artifact,
    ArtifactStatus,
    Band,
    Component,
    Horizon,
    RenewalPhase,
    Role,
    Segment,
)
from csm_desk.models import demo
from csm_desk.models.bookfile import BookError, BookFile
from csm_desk.models.load import load_book
from csm_desk.models.tables import ALL_TABLES
from tests.conftest import TODAY

FEATURED = "Northwind Payments"


def dump(path: Path) -> list[str]:
    """Every table's schema and rows as SQL: the book's contents without the file header (nor
    the journal marker, whose lineage is random to each book)."""
    con = sqlite3.connect(path)
    try:
        return [line for line in con.iterdump() if "'journal','CSMJ1:" not in line]
    finally:
        con.close()


def rows(path: Path, table: str) -> list[sqlite3.Row]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def scored(demo_book_master: Path) -> Iterator[BookResult]:
    book = BookFile.open(demo_book_master)
    try:
        yield score_book(load_book(book, full_history=True), TODAY)
    finally:
        book.close()


def account(result: BookResult, name: str) -> AccountResult:
    return next(a for a in result.accounts if a.name == name)


def test_same_date_gives_identical_contents(demo_book_master: Path, tmp_path: Path) -> None:
    again = tmp_path / "Again.csmbook"
    demo.write_demo(again, TODAY)
    assert dump(again) == dump(demo_book_master)


def test_a_later_date_shifts_every_date(demo_book_master: Path, tmp_path: Path) -> None:
    shift = dt.timedelta(days=5 * 365)
    later = tmp_path / "Later.csmbook"
    demo.write_demo(later, TODAY + shift)
    checked = 0
    for model in ALL_TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        before, after = rows(demo_book_master, table.name), rows(later, table.name)
        assert len(before) == len(after), table.name
        for column in table.columns:
            if isinstance(column.type, DateTime):
                parse = dt.datetime.fromisoformat
            elif isinstance(column.type, Date):
                parse = dt.date.fromisoformat  # type: ignore[assignment]
            else:
                continue
            for old, new in zip(before, after, strict=True):
                if old[column.name] is None:
                    assert new[column.name] is None
                    continue
                moved = parse(new[column.name]) - parse(old[column.name])
                assert moved == shift, f"{table.name}.{column.name}"
                checked += 1
    assert checked > 500


def test_text_names_no_calendar_that_ignores_the_date(tmp_path: Path) -> None:
    """Months, quarters and years in notes follow the as-of date: five years on, no text
    names a year the book no longer spans."""
    later = tmp_path / "Later.csmbook"
    as_of = TODAY + dt.timedelta(days=5 * 365)
    demo.write_demo(later, as_of)
    stale_years = re.compile(r"\b20(1[0-9]|2[0-7])\b")
    found = []
    for model in ALL_TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        texts = [c.name for c in table.columns if not c.name.endswith("_json")]
        for row in rows(later, table.name):
            for name in texts:
                value = row[name]
                if isinstance(value, str) and stale_years.search(value):
                    found.append(f"{table.name}.{name}: {value[:60]}")
    assert found == []


def test_every_table_has_rows(demo_book_master: Path) -> None:
    with BookFile.open(demo_book_master) as book:
        report = book.check()
    assert report.ok
    empty = [name for name, count in report.counts.items() if count == 0]
    assert empty == []
    assert set(report.counts) == {str(t.__tablename__) for t in ALL_TABLES}


def test_book_timestamps_derive_from_the_date(demo_book_master: Path) -> None:
    (book,) = rows(demo_book_master, "book")
    (handover,) = rows(demo_book_master, "handover_log")
    assert dt.datetime.fromisoformat(book["created_at"]).date() < TODAY
    assert dt.datetime.fromisoformat(handover["handed_over_at"]).date() < TODAY
    assert handover["from_owner"] != handover["to_owner"] == book["owner"]
    touched = [
        dt.datetime.fromisoformat(r["touched_at"]) for r in rows(demo_book_master, "artifact_touch")
    ]
    assert max(touched).date() <= TODAY


def test_bands_phases_segments_and_a_churned_account(scored: BookResult) -> None:
    active = scored.active
    assert 10 <= len(active) <= 14
    assert all(scored.bands[band] >= 1 for band in Band)
    unscored = [a for a in active if a.health.band is Band.UNSCORED]
    assert all(not a.facts.signals and not a.facts.stakeholders for a in unscored)
    assert {a.renewal_phase for a in active} >= set(RenewalPhase)
    overdue = [a for a in active if a.renewal_phase is RenewalPhase.OVERDUE]
    assert overdue
    assert all(a.facts.renewal_date and a.facts.renewal_date < TODAY for a in overdue)
    assert {a.segment for a in active} == set(Segment)
    assert any(a.facts.segment_pinned for a in active)
    for a in active:
        if not a.facts.segment_pinned:
            assert a.segment.value == a.facts.segment
    churned = [a for a in scored.accounts if a.churned]
    assert len(churned) == 1
    assert churned[0].arr == 0
    assert any(e.kind == "churn" for e in churned[0].facts.arr_events)


def test_book_metrics_are_sensible(scored: BookResult) -> None:
    m = scored.metrics
    assert m.grr is not None
    assert 80 <= m.grr <= 100
    assert m.nrr is not None
    assert m.grr < m.nrr <= 130
    assert m.logo_retention is not None
    assert 75 <= m.logo_retention < 100
    assert m.nps is not None
    assert m.csat is not None
    assert m.ces is not None
    stages = {e.stage for a in scored.active for e in a.facts.expansions}
    assert len(stages) >= 4
    assert m.expansion_pipeline_weighted > 0
    disciplines = [a.discipline for a in scored.active if a.discipline is not None]
    assert min(disciplines) <= 40
    assert max(disciplines) == 100
    assert min(disciplines) >= 20


def test_every_alert_code_fires_somewhere(scored: BookResult) -> None:
    fired = {alert.code for a in scored.active for alert in a.alerts}
    assert fired == set(AlertCode)


def test_health_history_is_weekly_and_dated_within_the_account_life(scored: BookResult) -> None:
    for a in scored.accounts:
        days = [s.date for s in a.facts.snapshots]
        assert days == sorted(days)
        assert all(d <= TODAY for d in days)
        if a.facts.contract_start:
            assert all(d >= a.facts.contract_start for d in days)
    northwind = account(scored, FEATURED)
    assert len(northwind.facts.snapshots) == demo.HISTORY_WEEKS + 1
    assert northwind.facts.snapshots[-1].date == TODAY


def test_northwind_has_every_artifact(scored: BookResult) -> None:
    northwind = account(scored, FEATURED)
    facts = northwind.facts
    assert facts.crm_id == "0015g00000NWPAY"
    assert northwind.segment is Segment.LOW_TOUCH
    assert 80_000 <= facts.arr <= 90_000
    present = {ArtifactStatus.COMPLETE, ArtifactStatus.INCOMPLETE, ArtifactStatus.STALE}
    assert {a: s.status for a, s in northwind.artifacts.items() if s.status not in present} == {}
    onboarding = [m for m in facts.milestones if m.phase == "onboarding"]
    assert len(onboarding) >= 3
    assert {m.owner_side for m in onboarding} == {"vendor", "customer"}
    assert any(m.first_value and m.completed_on for m in onboarding)
    assert any(m.go_live for m in onboarding)
    assert {m.phase for m in facts.milestones} >= {"onboarding", "adoption", "value"}
    assert 3 <= facts.objective_count <= 5
    for kpi in facts.kpis:
        assert None not in (kpi.baseline, kpi.target, kpi.by_when, kpi.data_source)
        assert len(kpi.readings) >= 3
    assert len(facts.stakeholders) >= 8
    roles = {r for s in facts.stakeholders for r in s.roles}
    assert roles >= {
        Role.CHAMPION,
        Role.ECONOMIC_BUYER,
        Role.EXECUTIVE_SPONSOR,
        Role.TECHNICAL_OWNER,
        Role.END_USER,
        Role.BLOCKER,
        Role.INTERNAL_ALLY,
    }
    kinds = {link.kind for link in facts.links}
    assert kinds == {"reports_to", "influences"}
    assert {r.status for r in facts.reviews} == {"delivered", "draft"}
    plan = facts.renewal_plan
    assert plan is not None
    assert plan.approver_ids
    assert plan.value_proof_count >= 1
    assert plan.probability_override is not None
    assert plan.probability_note
    assert northwind.probability_source == "override"
    assert facts.renewal_steps
    assert facts.expansions
    assert northwind.time_to_value is not None


def test_northwind_champion_left_and_adoption_dipped(scored: BookResult) -> None:
    northwind = account(scored, FEATURED)
    facts = northwind.facts
    departed = [s for s in facts.stakeholders if s.departed and Role.CHAMPION in s.roles]
    assert len(departed) == 1
    assert departed[0].departed_on is not None
    assert 21 <= (TODAY - departed[0].departed_on).days <= 35
    interim = [s for s in facts.stakeholders if not s.departed and Role.CHAMPION in s.roles]
    assert interim
    assert interim[0].last_contact(TODAY) is not None
    assert northwind.health.band is Band.AT_RISK
    usage = northwind.health.components[Component.USAGE]
    utilisation = next(i for i in usage.inputs if i.key == "utilization")
    assert 50 <= utilisation.value <= 60
    codes = {a.code for a in northwind.alerts}
    assert codes & {AlertCode.HEALTH_DROP, AlertCode.CHAMPION_LEFT}
    assert AlertCode.HEALTH_AMBER in codes
    # The drop shows in the history, driven by usage.
    before = history.snapshot_on_or_before(facts.snapshots, TODAY - dt.timedelta(days=28))
    assert before is not None
    assert before.score is not None
    assert before.score >= 60
    change = history.diff(before, facts.snapshots[-1])
    assert change.delta is not None
    assert change.delta <= -10
    assert change.moves[0].component is Component.USAGE


def test_northwind_has_a_recovery_plan(scored: BookResult) -> None:
    facts = account(scored, FEATURED).facts
    open_risks = [r for r in facts.risks if r.open]
    assert {r.category for r in open_risks} >= {"stakeholder", "adoption"}
    for risk in open_risks:
        assert risk.evidence
        assert risk.severity
        assert risk.owner
        assert risk.next_action
        assert risk.reassess_on is not None
        assert risk.reassess_on >= TODAY
    assert any(r.shared for r in open_risks)
    reviews = [m for m in facts.meetings if m.type == "risk_review"]
    assert reviews
    assert reviews[-1].decision_count >= 2
    assert any(a.meeting_id == reviews[-1].id for a in facts.actions)
    upcoming = [m for m in facts.milestones if m.open_on(TODAY) and m.due and m.due > TODAY]
    assert len(upcoming) >= 3


def test_northwind_recovery_rows(demo_book_master: Path) -> None:
    (nw,) = [r for r in rows(demo_book_master, "account") if r["name"] == FEATURED]
    assert nw["industry"] == "FinTech"
    for field in ("live_definition", "success_vision", "success_statement", "escalation_path"):
        assert nw[field]
    items = [r for r in rows(demo_book_master, "plan_item") if r["account_id"] == nw["id"]]
    assert {r["horizon"] for r in items} == {h.value for h in Horizon}
    shared = [
        r for r in rows(demo_book_master, "risk") if r["account_id"] == nw["id"] and r["shared"]
    ]
    assert shared
    assert all(r["customer_wording"] and r["mitigation"] for r in shared)
    sides = {r["side"] for r in rows(demo_book_master, "commitment") if r["account_id"] == nw["id"]}
    assert sides == {"vendor", "customer"}


def test_stale_artifacts_come_from_the_stamps(scored: BookResult) -> None:
    stale = [
        (a.name, artifact)
        for a in scored.active
        for artifact, state in a.artifacts.items()
        if state.status is ArtifactStatus.STALE
    ]
    assert any(artifact is Artifact.RISK_REGISTER for _name, artifact in stale)


def test_write_demo_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "Mine.csmbook"
    path.write_bytes(b"keep me")
    with pytest.raises(BookError, match="already exists"):
        demo.write_demo(path, TODAY)
    assert path.read_bytes() == b"keep me"


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "snapshot_days", fail)
    path = tmp_path / "Demo.csmbook"
    with pytest.raises(RuntimeError):
        demo.write_demo(path, TODAY)
    assert list(tmp_path.iterdir()) == []


def test_cli_demo_writes_then_refuses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "Demo.csmbook"
    assert main(["demo", "--book", str(path), "--today", TODAY.isoformat()]) == 0
    out, _err = capsys.readouterr()
    assert FEATURED in out
    assert "12 accounts" in out
    before = path.read_bytes()
    assert main(["demo", "--book", str(path)]) == 1
    _out, err = capsys.readouterr()
    assert err.count("\n") == 1
    assert "already exists" in err
    assert path.read_bytes() == before


def test_churned_account_stays_out_of_the_counts(scored: BookResult) -> None:
    churned = next(a for a in scored.accounts if a.churned)
    assert metrics.is_churned(churned.facts, TODAY)
    assert churned not in scored.active
    assert not churned.alerts
