"""Rows → engine facts: the whole book (or some accounts) in one query per table.

Never one query per account: each table is read once and its rows grouped by account, so loading
2,000 accounts costs the same number of queries as loading one. The readers are in ``load_rows``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import MappingProxyType

from sqlalchemy.engine import Connection

from csm_desk.engine.asof import account_as_of
from csm_desk.engine.batch import collection_paused
from csm_desk.engine.facts import (
    AccountFacts,
    ActionFacts,
    BookFacts,
    KpiFacts,
    LinkFacts,
    MeetingFacts,
    MilestoneFacts,
    RenewalPlanFacts,
    RenewalStepFacts,
    ReviewFacts,
    RiskFacts,
    SnapshotFacts,
)
from csm_desk.engine.vocab import Artifact
from csm_desk.models import load_rows as read
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load_rows import read_settings

__all__ = ["load_book", "load_facts", "read_settings"]


def load_facts(
    conn: Connection,
    account_ids: Iterable[int] | None = None,
    *,
    as_of: dt.date | None = None,
    full_history: bool = False,
    health_only: bool = False,
) -> BookFacts:
    """Read the book (or only ``account_ids``) into engine facts.

    With ``as_of``, the facts are the book as it was that day: each account is cut at the date
    (``engine.asof.account_as_of``: no account that did not exist yet, ARR and the renewal date
    read back from the ledger, nothing dated later), and rows that cannot change any result as
    of that date are left in the file (readings other than each signal's latest, the survey
    responses of the trailing year and the active users growth compares; meetings outside the
    recap window but the latest; action items closed before it; snapshots older than the trend
    and drop windows; KPI readings). That makes scoring a big book several times faster, and
    changes nothing — tested as ``score_book(load_facts(c, as_of=d), d) ==
    score_book(load_facts(c), d)`` (which cuts the whole book at ``d`` itself).

    ``full_history`` gives snapshots their component detail (to explain changes). ``health_only``
    reads just the inputs of the health score (for recording snapshots).
    """
    owner, currency, settings = read_settings(conn)
    q = read.Query.make(conn, account_ids, as_of, settings)
    people, attendees = read.stakeholders(q)
    signals = read.signals(q)
    overrides = read.overrides(q)
    expansions = read.expansions(q)
    events = read.arr_events(q)  # ARR (and so the segment) as of the date comes from the ledger
    cycles = read.renewal_cycles(q)  # and the renewal date from the renewals closed since
    if health_only:
        links: dict[int, list[LinkFacts]] = {}
        milestones: dict[int, list[MilestoneFacts]] = {}
        kpis: dict[int, list[KpiFacts]] = {}
        objectives: dict[int, int] = {}
        meetings: dict[int, list[MeetingFacts]] = {}
        actions: dict[int, list[ActionFacts]] = {}
        risks: dict[int, list[RiskFacts]] = {}
        reviews: dict[int, list[ReviewFacts]] = {}
        plans: dict[int, RenewalPlanFacts] = {}
        steps: dict[int, list[RenewalStepFacts]] = {}
        snapshots: dict[int, list[SnapshotFacts]] = {}
        touched: dict[int, dict[Artifact, dt.datetime]] = {}
    else:
        links = read.links(q)
        milestones = read.milestones(q)
        kpis, objectives = read.kpis(q)
        meetings = read.meetings(q, attendees)
        actions = read.actions(q)
        risks = read.risks(q)
        reviews = read.reviews(q)
        plans = read.renewal_plans(q)
        steps = read.renewal_steps(q)
        snapshots = read.snapshots(q, full_history=full_history)
        touched = read.touches(q)
    day = read.day_of
    found: list[AccountFacts] = []
    for r in read.accounts(q):
        account_id = r.id
        account = AccountFacts(
            id=account_id,
            name=r.name,
            crm_id=r.crm_id,
            arr=float(r.arr or 0.0),
            segment=r.segment,
            segment_pinned=bool(r.segment_pinned),
            complexity=r.complexity,
            growth_potential=r.growth_potential,
            strategic_value=r.strategic_value,
            contract_start=day(r.contract_start),
            renewal_date=day(r.renewal_date),
            contract_term_months=int(r.contract_term_months or 12),
            lifecycle_stage=r.lifecycle_stage,
            live_defined=read.has_text(r.live_definition),
            go_live_date=day(r.go_live_date),
            has_success_vision=read.has_text(r.success_vision),
            review_cadence=r.review_cadence,
            objective_count=int(objectives.get(account_id, 0)),
            stakeholders=tuple(people.get(account_id, ())),
            links=tuple(links.get(account_id, ())),
            signals=MappingProxyType(signals.get(account_id, {})),
            overrides=tuple(overrides.get(account_id, ())),
            milestones=tuple(milestones.get(account_id, ())),
            kpis=tuple(kpis.get(account_id, ())),
            meetings=tuple(meetings.get(account_id, ())),
            actions=tuple(actions.get(account_id, ())),
            risks=tuple(risks.get(account_id, ())),
            reviews=tuple(reviews.get(account_id, ())),
            renewal_plan=plans.get(account_id),
            renewal_steps=tuple(steps.get(account_id, ())),
            expansions=tuple(expansions.get(account_id, ())),
            arr_events=tuple(events.get(account_id, ())),
            renewal_cycles=tuple(cycles.get(account_id, ())),
            snapshots=tuple(snapshots.get(account_id, ())),
            touched=MappingProxyType(touched.get(account_id, {})),
        )
        cut = account if as_of is None else account_as_of(account, as_of)
        if cut is not None:
            found.append(cut)
    return BookFacts(owner, currency, settings, tuple(found), as_of)


def load_book(
    book: BookFile,
    account_ids: Iterable[int] | None = None,
    *,
    as_of: dt.date | None = None,
    full_history: bool = False,
) -> BookFacts:
    """``load_facts`` on a fresh connection to ``book``."""
    with collection_paused(), book.engine.connect() as conn:
        return load_facts(conn, account_ids, as_of=as_of, full_history=full_history)
