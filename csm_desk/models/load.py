"""Rows → engine facts: the whole book (or some accounts) in one query per table.

Never one query per account: each table is read once and its rows grouped by account, so loading
2,000 accounts costs the same number of queries as loading one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from sqlalchemy.engine import Connection

from csm_desk.engine.batch import collection_paused
from csm_desk.engine.facts import (
    AccountFacts,
    ActionFacts,
    ArrEventFacts,
    BookFacts,
    ExpansionFacts,
    KpiFacts,
    LinkFacts,
    MeetingFacts,
    MilestoneFacts,
    NextStepFacts,
    Override,
    Reading,
    RenewalPlanFacts,
    RenewalStepFacts,
    ReviewFacts,
    RiskFacts,
    SnapshotFacts,
    StakeholderFacts,
)
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Artifact, Component, Role, SignalKey
from csm_desk.models.bookfile import BookFile

_ROLES = frozenset(Role.choices())
_SIGNALS = {k.value: k for k in SignalKey}
_ARTIFACTS = {a.value: a for a in Artifact}
_COMPONENTS = {c.value: c for c in Component}
_EMPTY: Mapping[str, Any] = MappingProxyType({})


_DATES: dict[str, dt.date] = {}
_ROLE_SETS: dict[str, frozenset[Role]] = {}


def _d(value: Any) -> dt.date | None:
    """A stored date (ISO text) as a date; parsing is memoised, as books repeat dates a lot."""
    if value is None or value == "":
        return None
    found = _DATES.get(value)
    if found is None:
        if isinstance(value, dt.date):
            return value
        found = _DATES[value] = dt.date.fromisoformat(str(value)[:10])
    return found


def _dt(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _lines(text: str | None) -> int:
    return sum(1 for line in (text or "").splitlines() if line.strip())


def _has(text: str | None) -> bool:
    return bool(text and text.strip())


def _roles(text: str | None) -> frozenset[Role]:
    key = text or ""
    found = _ROLE_SETS.get(key)
    if found is None:
        found = _ROLE_SETS[key] = frozenset(
            Role(r.strip()) for r in key.split(",") if r.strip() in _ROLES
        )
    return found


class _Scope:
    """The SQL filter that limits every query to some accounts (or none for the whole book)."""

    def __init__(self, account_ids: Iterable[int] | None) -> None:
        self.ids = None if account_ids is None else sorted(set(account_ids))

    def cond(self, column: str) -> str:
        if self.ids is None:
            return ""
        if not self.ids:
            return "0"
        return f"{column} IN ({','.join(str(int(i)) for i in self.ids)})"

    def where(self, column: str, *more: str) -> str:
        """`` WHERE`` + this scope and any further conditions (all ANDed); empty when none."""
        conditions = [c for c in (self.cond(column), *more) if c]
        return (" WHERE " + " AND ".join(f"({c})" for c in conditions)) if conditions else ""


def _rows(conn: Connection, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    """Plain tuples straight from the SQLite driver (no per-row wrapping: books are big)."""
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - always a live sqlite3 connection here
        return list(conn.exec_driver_sql(sql, params).fetchall())
    found: list[Any] = raw.execute(sql, params).fetchall()
    return found


def read_settings(conn: Connection) -> tuple[str, str, BookSettings]:
    row = conn.exec_driver_sql(
        "SELECT owner, currency, settings_json FROM book ORDER BY id LIMIT 1"
    ).first()
    if row is None:
        return "", "USD", BookSettings()
    return (
        str(row[0] or ""),
        str(row[1] or "USD"),
        BookSettings.from_json(json.loads(row[2] or "{}")),
    )


SURVEY_KEYS = ("nps", "csat", "ces")
GROWTH_WINDOW_DAYS = 106  # growth compares the latest active users with a reading 90 ± 15 days back


def _signal_rows(conn: Connection, scope: _Scope, as_of: dt.date | None) -> list[Any]:
    """Signal readings, in (account, key, date) order; pruned to what matters as of a date."""
    if as_of is None:
        return _rows(
            conn,
            "SELECT account_id, key, date, value FROM signal_reading"
            + scope.where("account_id")
            + " ORDER BY account_id, key, date",
        )
    from csm_desk.engine.metrics import window_start

    day = as_of.isoformat()
    # Each signal's latest reading (SQLite returns the row holding the max for bare columns).
    latest = _rows(
        conn,
        "SELECT account_id, key, max(date), value FROM signal_reading"
        + scope.where("account_id", "date <= ?")
        + " GROUP BY account_id, key",
        (day,),
    )
    surveys = _rows(
        conn,
        "SELECT account_id, key, date, value FROM signal_reading"
        + scope.where("account_id", f"key IN {SURVEY_KEYS!r}", "date > ?", "date <= ?"),
        (window_start(as_of).isoformat(), day),
    )
    growth = _rows(
        conn,
        "SELECT s.account_id, s.key, s.date, s.value FROM signal_reading s JOIN "
        "(SELECT account_id, max(date) AS last FROM signal_reading"
        + scope.where("account_id", "key = 'active_users'", "date <= ?")
        + f" GROUP BY account_id) l ON l.account_id = s.account_id "
        f"WHERE s.key = 'active_users' AND s.date <= l.last "
        f"AND s.date >= date(l.last, '-{GROWTH_WINDOW_DAYS} days')",
        (day,),
    )
    return sorted(set(latest) | set(surveys) | set(growth), key=lambda r: (r[0], r[1], r[2]))


def load_facts(
    conn: Connection,
    account_ids: Iterable[int] | None = None,
    *,
    as_of: dt.date | None = None,
    full_history: bool = False,
) -> BookFacts:
    """Read the book (or only ``account_ids``) into engine facts.

    With ``as_of``, rows that cannot change any result as of that date are left in the file
    (readings other than each signal's latest, survey responses of the trailing year and the
    active users needed for growth; meetings outside the recap window but the latest; closed
    action items of older meetings; snapshots older than the trend and drop windows; KPI
    readings), which makes scoring a big book several times faster. Invariant, tested:
    ``score_book(load_facts(c, as_of=d), d) == score_book(load_facts(c), d)``.

    Snapshots carry their component detail only with ``full_history`` (the account view needs
    it to explain changes; scoring the book needs only their scores).
    """
    scope = _Scope(account_ids)
    owner, currency, settings = read_settings(conn)
    by = defaultdict
    day = as_of.isoformat() if as_of else None

    contacts: dict[int, list[dt.date]] = by(list)
    attendees: dict[int, list[int]] = by(list)
    if day is None:
        for stakeholder_id, meeting_id, date in _rows(
            conn,
            "SELECT ma.stakeholder_id, ma.meeting_id, m.date FROM meeting_attendee ma "
            "JOIN meeting m ON m.id = ma.meeting_id"
            + scope.where("m.account_id")
            + " ORDER BY ma.meeting_id, ma.stakeholder_id",
        ):
            when = _d(date)
            if when is not None:
                contacts[stakeholder_id].append(when)
            attendees[meeting_id].append(stakeholder_id)
    else:
        # Only each person's latest meeting on or before the date matters for engagement.
        for stakeholder_id, date in _rows(
            conn,
            "SELECT ma.stakeholder_id, max(m.date) FROM meeting_attendee ma "
            "JOIN meeting m ON m.id = ma.meeting_id"
            + scope.where("m.account_id", "m.date <= ?")
            + " GROUP BY ma.stakeholder_id",
            (day,),
        ):
            when = _d(date)
            if when is not None:
                contacts[stakeholder_id].append(when)

    stakeholders: dict[int, list[StakeholderFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT id, account_id, name, title, roles, influence, relationship_strength, stance, "
        "departed, departed_on, last_contact FROM stakeholder"
        + scope.where("account_id")
        + " ORDER BY id",
    ):
        dates = contacts.get(r[0], [])
        last = _d(r[10])
        if last is not None:
            dates.append(last)
        stakeholders[r[1]].append(
            StakeholderFacts(
                r[0],
                r[2],
                r[3],
                _roles(r[4]),
                r[5],
                r[6],
                r[7],
                bool(r[8]),
                _d(r[9]),
                tuple(sorted(dates)),
            )
        )

    links: dict[int, list[LinkFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT account_id, from_id, to_id, kind FROM stakeholder_link" + scope.where("account_id"),
    ):
        links[r[0]].append(LinkFacts(r[1], r[2], r[3]))

    signals: dict[int, dict[SignalKey, list[Reading]]] = by(lambda: by(list))
    for account_id, key, date, value in _signal_rows(conn, scope, as_of):
        signal = _SIGNALS.get(key)
        when = _d(date)
        if signal is not None and when is not None:
            signals[account_id][signal].append(Reading(when, float(value)))

    overrides: dict[int, list[Override]] = by(list)
    for r in _rows(
        conn,
        "SELECT account_id, date, component, value, note FROM health_override"
        + scope.where("account_id")
        + " ORDER BY date, id",
    ):
        component = _COMPONENTS.get(r[2])
        when = _d(r[1])
        if component is not None and when is not None:
            overrides[r[0]].append(
                Override(when, component, None if r[3] is None else float(r[3]), r[4])
            )

    milestones: dict[int, list[MilestoneFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT id, account_id, phase, title, owner_side, owner_name, due, status, first_value, "
        "go_live, completed_on FROM milestone" + scope.where("account_id") + " ORDER BY due, id",
    ):
        milestones[r[1]].append(
            MilestoneFacts(
                r[0], r[2], r[3], r[4], r[5], _d(r[6]), r[7], bool(r[8]), bool(r[9]), _d(r[10])
            )
        )

    kpi_readings: dict[int, list[Reading]] = by(list)
    if day is None:
        for kpi_id, date, value in _rows(
            conn,
            "SELECT kr.kpi_id, kr.date, kr.value FROM kpi_reading kr "
            "JOIN kpi k ON k.id = kr.kpi_id"
            + scope.where("k.account_id")
            + " ORDER BY kr.date, kr.id",
        ):
            when = _d(date)
            if when is not None:
                kpi_readings[kpi_id].append(Reading(when, float(value)))
    kpis: dict[int, list[KpiFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT id, account_id, name, unit, baseline, current, target, higher_is_better, by_when, "
        "data_source FROM kpi" + scope.where("account_id") + " ORDER BY id",
    ):
        kpis[r[1]].append(
            KpiFacts(
                r[0],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                bool(r[7]),
                _d(r[8]),
                r[9],
                tuple(kpi_readings.get(r[0], ())),
            )
        )

    objectives: dict[int, int] = dict(
        _rows(
            conn,
            "SELECT account_id, count(*) FROM objective"
            + scope.where("account_id")
            + " GROUP BY account_id",
        )
    )

    meetings: dict[int, list[MeetingFacts]] = by(list)
    meeting_sql = "SELECT id, account_id, date, type, title, decisions FROM meeting"
    meeting_params: tuple[Any, ...] = ()
    since = ""
    if as_of is not None:
        # The recap window, plus each account's latest meeting (its freshness needs it).
        since = (as_of - dt.timedelta(days=settings.days("recap_window_days"))).isoformat()
        latest_meeting = _rows(
            conn,
            "SELECT max(id) FROM meeting m JOIN (SELECT account_id, max(date) AS last FROM meeting"
            + scope.where("account_id", "date <= ?")
            + " GROUP BY account_id) l ON l.account_id = m.account_id AND m.date = l.last"
            " GROUP BY m.account_id",
            (day,),
        )
        ids = ",".join(str(int(r[0])) for r in latest_meeting) or "0"
        meeting_sql += scope.where("account_id", "date <= ?", f"date >= ? OR id IN ({ids})")
        meeting_params = (day, since)
    else:
        meeting_sql += scope.where("account_id")
    for r in _rows(conn, meeting_sql + " ORDER BY date, id", meeting_params):
        when = _d(r[2])
        if when is not None:
            meetings[r[1]].append(
                MeetingFacts(r[0], when, r[3], r[4], _lines(r[5]), tuple(attendees.get(r[0], ())))
            )

    actions: dict[int, list[ActionFacts]] = by(list)
    action_sql = (
        "SELECT id, account_id, meeting_id, text, owner, due, status, completed_on FROM action_item"
    )
    action_params: tuple[Any, ...] = ()
    if as_of is not None:
        action_sql += scope.where(
            "account_id",
            "status = 'open' OR completed_on > ? OR completed_on IS NULL"
            " OR meeting_id IN (SELECT id FROM meeting WHERE date >= ?)",
        )
        action_params = (day, since)
    else:
        action_sql += scope.where("account_id")
    for r in _rows(conn, action_sql + " ORDER BY due, id", action_params):
        actions[r[1]].append(ActionFacts(r[0], r[2], r[3], r[4], _d(r[5]), r[6], _d(r[7])))

    risks: dict[int, list[RiskFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT id, account_id, statement, category, evidence, severity, owner, next_action, "
        "reassess_on, status, raised_on, shared FROM risk"
        + scope.where("account_id")
        + " ORDER BY id",
    ):
        risks[r[1]].append(
            RiskFacts(
                r[0], r[2], r[3], r[4], r[5], r[6], r[7], _d(r[8]), r[9], _d(r[10]), bool(r[11])
            )
        )

    reviews: dict[int, list[ReviewFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT id, account_id, kind, date, status, goals_recap, outcomes, friction, "
        "decisions_needed FROM review" + scope.where("account_id") + " ORDER BY date, id",
    ):
        when = _d(r[3])
        if when is not None:
            reviews[r[1]].append(
                ReviewFacts(r[0], r[2], when, r[4], _has(r[5]), _has(r[6]), _has(r[7]), _has(r[8]))
            )

    approvers: dict[int, list[int]] = by(list)
    for plan_id, stakeholder_id in _rows(
        conn,
        "SELECT ra.renewal_plan_id, ra.stakeholder_id FROM renewal_approver ra "
        "JOIN renewal_plan p ON p.id = ra.renewal_plan_id" + scope.where("p.account_id"),
    ):
        approvers[plan_id].append(stakeholder_id)
    next_steps: dict[int, list[NextStepFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT s.renewal_plan_id, s.action, s.owner, s.due, s.done FROM renewal_next_step s "
        "JOIN renewal_plan p ON p.id = s.renewal_plan_id"
        + scope.where("p.account_id")
        + " ORDER BY s.due, s.id",
    ):
        next_steps[r[0]].append(NextStepFacts(r[1], r[2], _d(r[3]), bool(r[4])))
    plans: dict[int, RenewalPlanFacts] = {}
    for r in _rows(
        conn,
        "SELECT id, account_id, started_on, value_proof_points, probability_override, "
        "probability_note FROM renewal_plan" + scope.where("account_id"),
    ):
        plans[r[1]] = RenewalPlanFacts(
            r[0],
            _d(r[2]),
            tuple(approvers.get(r[0], ())),
            _lines(r[3]),
            tuple(next_steps.get(r[0], ())),
            None if r[4] is None else float(r[4]),
            r[5],
        )

    steps: dict[int, list[RenewalStepFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT id, account_id, renewal_date, phase, action, owner, due, status FROM renewal_step"
        + scope.where("account_id")
        + " ORDER BY due, id",
    ):
        steps[r[1]].append(RenewalStepFacts(r[0], _d(r[2]), r[3], r[4], r[5], _d(r[6]), r[7]))

    expansions: dict[int, list[ExpansionFacts]] = by(list)
    for r in _rows(
        conn,
        "SELECT id, account_id, kind, description, stage, estimated_arr, expected_close "
        "FROM expansion" + scope.where("account_id") + " ORDER BY id",
    ):
        expansions[r[1]].append(ExpansionFacts(r[0], r[2], r[3], r[4], r[5], _d(r[6])))

    events: dict[int, list[ArrEventFacts]] = by(list)
    for account_id, date, kind, amount in _rows(
        conn,
        "SELECT account_id, date, kind, amount FROM arr_event"
        + scope.where("account_id")
        + " ORDER BY date, id",
    ):
        when = _d(date)
        if when is not None:
            events[account_id].append(ArrEventFacts(when, kind, float(amount)))

    snapshots: dict[int, list[SnapshotFacts]] = by(list)
    detail = ", components_json, detail_json" if full_history else ""
    snapshot_sql = f"SELECT account_id, date, score, band{detail} FROM health_snapshot"
    snapshot_params: tuple[Any, ...] = ()
    if as_of is not None and not full_history:
        # The trend needs the latest snapshot 30 days back; the drop alert, its window.
        back = max(30, settings.days("health_drop_days"))
        trend_day = (as_of - dt.timedelta(days=30)).isoformat()
        snapshot_sql += scope.where(
            "account_id",
            "date <= ?",
            "date >= ? OR date = (SELECT max(o.date) FROM health_snapshot o "
            "WHERE o.account_id = health_snapshot.account_id AND o.date <= ?)",
        )
        snapshot_params = (day, (as_of - dt.timedelta(days=back)).isoformat(), trend_day)
    else:
        snapshot_sql += scope.where("account_id")
    for r in _rows(conn, snapshot_sql + " ORDER BY account_id, date", snapshot_params):
        when = _d(r[1])
        if when is None:
            continue
        if full_history:
            components = json.loads(r[4] or "{}")
            info = json.loads(r[5] or "{}")
            snapshots[r[0]].append(
                SnapshotFacts(
                    when,
                    r[2],
                    r[3],
                    MappingProxyType(components),
                    MappingProxyType(info.get("contributions", {})),
                    MappingProxyType(info.get("inputs", {})),
                    frozenset(info.get("manual", ())),
                )
            )
        else:
            snapshots[r[0]].append(SnapshotFacts(when, r[2], r[3], _EMPTY, _EMPTY, _EMPTY))

    touched: dict[int, dict[Artifact, dt.datetime]] = by(dict)
    for account_id, artifact, when in _rows(
        conn,
        "SELECT account_id, artifact, touched_at FROM artifact_touch" + scope.where("account_id"),
    ):
        key = _ARTIFACTS.get(artifact)
        moment = _dt(when)
        if key is not None and moment is not None:
            touched[account_id][key] = moment

    accounts: list[AccountFacts] = []
    for r in _rows(
        conn,
        "SELECT id, name, crm_id, arr, segment, segment_pinned, complexity, growth_potential, "
        "strategic_value, contract_start, renewal_date, contract_term_months, lifecycle_stage, "
        "live_definition, go_live_date, success_vision, review_cadence FROM account"
        + scope.where("id")
        + " ORDER BY name COLLATE NOCASE, id",
    ):
        account_id = r[0]
        account_signals = signals.get(account_id)
        accounts.append(
            AccountFacts(
                id=account_id,
                name=r[1],
                crm_id=r[2],
                arr=float(r[3] or 0.0),
                segment=r[4],
                segment_pinned=bool(r[5]),
                complexity=r[6],
                growth_potential=r[7],
                strategic_value=r[8],
                contract_start=_d(r[9]),
                renewal_date=_d(r[10]),
                contract_term_months=int(r[11] or 12),
                lifecycle_stage=r[12],
                live_defined=_has(r[13]),
                go_live_date=_d(r[14]),
                has_success_vision=_has(r[15]),
                review_cadence=r[16],
                objective_count=int(objectives.get(account_id, 0)),
                stakeholders=tuple(stakeholders.get(account_id, ())),
                links=tuple(links.get(account_id, ())),
                signals=MappingProxyType(
                    {k: tuple(v) for k, v in account_signals.items()} if account_signals else {}
                ),
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
                snapshots=tuple(snapshots.get(account_id, ())),
                touched=MappingProxyType(touched.get(account_id, {})),
            )
        )
    return BookFacts(owner, currency, settings, tuple(accounts))


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
