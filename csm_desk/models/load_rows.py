"""The readers behind ``load``: one query per table, rows grouped by account as engine facts.

Each reader takes a ``Query`` (connection, which accounts, the as-of date for pruning) and
returns ``{account id: facts}``. Rows come straight from the SQLite driver as plain tuples, and
dates are parsed through a memo: a big book repeats the same few thousand dates many times.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from sqlalchemy.engine import Connection

from csm_desk.engine.facts import (
    ActionFacts,
    ArrEventFacts,
    ExpansionFacts,
    KpiFacts,
    LinkFacts,
    MeetingFacts,
    MilestoneFacts,
    NextStepFacts,
    Override,
    Reading,
    RenewalCycleFacts,
    RenewalPlanFacts,
    RenewalStepFacts,
    ReviewFacts,
    RiskFacts,
    SnapshotFacts,
    StakeholderFacts,
)
from csm_desk.engine.metrics import window_start
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Artifact, Component, Role, SignalKey

_ROLES = frozenset(Role.choices())
_SIGNALS = {k.value: k for k in SignalKey}
_ARTIFACTS = {a.value: a for a in Artifact}
_COMPONENTS = {c.value: c for c in Component}
EMPTY: Mapping[str, Any] = MappingProxyType({})
SURVEY_KEYS = ("nps", "csat", "ces")
GROWTH_WINDOW_DAYS = 106  # growth compares the latest active users with a reading 90 ± 15 days back

_DATES: dict[Any, dt.date] = {}
_ROLE_SETS: dict[str, frozenset[Role]] = {}


def day_of(value: Any) -> dt.date | None:
    """A stored date (ISO text) as a date, memoised."""
    if value is None or value == "":
        return None
    found = _DATES.get(value)
    if found is None:
        if isinstance(value, dt.date):
            return value
        found = _DATES[value] = dt.date.fromisoformat(str(value)[:10])
    return found


def moment_of(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def line_count(text: str | None) -> int:
    return sum(1 for line in (text or "").splitlines() if line.strip())


def has_text(text: str | None) -> bool:
    return bool(text and text.strip())


def roles_of(text: str | None) -> frozenset[Role]:
    key = text or ""
    found = _ROLE_SETS.get(key)
    if found is None:
        found = _ROLE_SETS[key] = frozenset(
            Role(r.strip()) for r in key.split(",") if r.strip() in _ROLES
        )
    return found


@dataclass(frozen=True)
class Query:
    """What to read: from which connection, for which accounts, pruned as of which date.

    Attributes:
        ids: the accounts to read (None: all of them).
        as_of: when set, rows that cannot change a result as of this date are skipped.
    """

    conn: Connection
    ids: tuple[int, ...] | None
    as_of: dt.date | None
    settings: BookSettings

    @classmethod
    def make(
        cls,
        conn: Connection,
        account_ids: Iterable[int] | None,
        as_of: dt.date | None,
        settings: BookSettings,
    ) -> Query:
        ids = None if account_ids is None else tuple(sorted(set(account_ids)))
        return cls(conn, ids, as_of, settings)

    @property
    def day(self) -> str:
        assert self.as_of is not None
        return self.as_of.isoformat()

    def where(self, column: str, *more: str) -> str:
        """`` WHERE`` + the account filter and further conditions (ANDed); empty when none."""
        conditions = list(more)
        if self.ids is not None:
            listed = ",".join(str(int(i)) for i in self.ids)
            conditions.insert(0, f"{column} IN ({listed})" if self.ids else "0")
        return (" WHERE " + " AND ".join(f"({c})" for c in conditions)) if conditions else ""

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """Plain tuples straight from the SQLite driver."""
        raw = self.conn.connection.driver_connection
        if raw is None:  # pragma: no cover - always a live sqlite3 connection here
            return list(self.conn.exec_driver_sql(sql, params).fetchall())
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


def stakeholders(q: Query) -> tuple[dict[int, list[StakeholderFacts]], dict[int, list[int]]]:
    """People with their contact dates (last contact and meetings attended), and each meeting's
    attendees. As of a date, only each person's latest meeting on or before it is read."""
    contacts: dict[int, list[dt.date]] = defaultdict(list)
    attendees: dict[int, list[int]] = defaultdict(list)
    if q.as_of is None:
        for stakeholder_id, meeting_id, date in q.rows(
            "SELECT ma.stakeholder_id, ma.meeting_id, m.date FROM meeting_attendee ma "
            "JOIN meeting m ON m.id = ma.meeting_id"
            + q.where("m.account_id")
            + " ORDER BY ma.meeting_id, ma.stakeholder_id"
        ):
            when = day_of(date)
            if when is not None:
                contacts[stakeholder_id].append(when)
            attendees[meeting_id].append(stakeholder_id)
    else:
        for stakeholder_id, date in q.rows(
            "SELECT ma.stakeholder_id, max(m.date) FROM meeting_attendee ma "
            "JOIN meeting m ON m.id = ma.meeting_id"
            + q.where("m.account_id", "m.date <= ?")
            + " GROUP BY ma.stakeholder_id",
            (q.day,),
        ):
            when = day_of(date)
            if when is not None:
                contacts[stakeholder_id].append(when)
    people: dict[int, list[StakeholderFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT id, account_id, name, title, roles, influence, relationship_strength, stance, "
        "departed, departed_on, last_contact FROM stakeholder"
        + q.where("account_id")
        + " ORDER BY id"
    ):
        dates = contacts.get(r[0], [])
        last = day_of(r[10])
        if last is not None:
            dates.append(last)
        if len(dates) > 1:
            dates.sort()
        people[r[1]].append(
            StakeholderFacts(
                r[0],
                r[2],
                r[3],
                roles_of(r[4]),
                r[5],
                r[6],
                r[7],
                bool(r[8]),
                day_of(r[9]),
                tuple(dates),
            )
        )
    return people, attendees


def links(q: Query) -> dict[int, list[LinkFacts]]:
    found: dict[int, list[LinkFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT account_id, from_id, to_id, kind FROM stakeholder_link" + q.where("account_id")
    ):
        found[r[0]].append(LinkFacts(r[1], r[2], r[3]))
    return found


def _signal_rows(q: Query) -> list[list[Any]]:
    """The readings to load, as one or more lists of (account, key, date, value) rows."""
    if q.as_of is None:
        return [
            q.rows(
                "SELECT account_id, key, date, value FROM signal_reading" + q.where("account_id")
            )
        ]
    # Each signal's latest reading (SQLite returns the row holding the max for bare columns),
    # the survey responses of the trailing year, and the active users growth compares.
    latest = q.rows(
        "SELECT account_id, key, max(date), value FROM signal_reading"
        + q.where("account_id", "date <= ?")
        + " GROUP BY account_id, key",
        (q.day,),
    )
    surveys = q.rows(
        "SELECT account_id, key, date, value FROM signal_reading"
        + q.where("account_id", f"key IN {SURVEY_KEYS!r}", "date > ?", "date <= ?"),
        (window_start(q.as_of).isoformat(), q.day),
    )
    growth = q.rows(
        "SELECT s.account_id, s.key, s.date, s.value FROM signal_reading s JOIN "
        "(SELECT account_id, max(date) AS last FROM signal_reading"
        + q.where("account_id", "key = 'active_users'", "date <= ?")
        + " GROUP BY account_id) l ON l.account_id = s.account_id"
        + q.where(
            "s.account_id",
            "s.key = 'active_users'",
            "s.date <= l.last",
            f"s.date >= date(l.last, '-{GROWTH_WINDOW_DAYS} days')",
        ),
        (q.day,),
    )
    return [latest, surveys, growth]


def signals(q: Query) -> dict[int, dict[SignalKey, tuple[Reading, ...]]]:
    """Readings per account and signal, in date order (a reading found twice counts once)."""
    grouped: dict[int, dict[SignalKey, dict[dt.date, float]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for rows in _signal_rows(q):
        for account_id, key, date, value in rows:
            signal = _SIGNALS.get(key)
            when = day_of(date)
            if signal is not None and when is not None:
                grouped[account_id][signal][when] = float(value)
    return {
        account_id: {
            key: tuple(Reading(d, v) for d, v in sorted(by_date.items()))
            for key, by_date in by_key.items()
        }
        for account_id, by_key in grouped.items()
    }


def overrides(q: Query) -> dict[int, list[Override]]:
    """Manual overrides in date order; as of a date, those set by then."""
    found: dict[int, list[Override]] = defaultdict(list)
    later = () if q.as_of is None else ("date <= ?",)
    for r in q.rows(
        "SELECT account_id, date, component, value, note FROM health_override"
        + q.where("account_id", *later)
        + " ORDER BY date, id",
        () if q.as_of is None else (q.day,),
    ):
        component = _COMPONENTS.get(r[2])
        when = day_of(r[1])
        if component is not None and when is not None:
            found[r[0]].append(
                Override(when, component, None if r[3] is None else float(r[3]), r[4])
            )
    return found


def expansions(q: Query) -> dict[int, list[ExpansionFacts]]:
    found: dict[int, list[ExpansionFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT id, account_id, kind, description, stage, estimated_arr, expected_close "
        "FROM expansion" + q.where("account_id") + " ORDER BY id"
    ):
        found[r[1]].append(ExpansionFacts(r[0], r[2], r[3], r[4], r[5], day_of(r[6])))
    return found


def milestones(q: Query) -> dict[int, list[MilestoneFacts]]:
    found: dict[int, list[MilestoneFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT id, account_id, phase, title, owner_side, owner_name, due, status, first_value, "
        "go_live, completed_on FROM milestone" + q.where("account_id") + " ORDER BY due, id"
    ):
        found[r[1]].append(
            MilestoneFacts(
                r[0],
                r[2],
                r[3],
                r[4],
                r[5],
                day_of(r[6]),
                r[7],
                bool(r[8]),
                bool(r[9]),
                day_of(r[10]),
            )
        )
    return found


def kpis(q: Query) -> tuple[dict[int, list[KpiFacts]], dict[int, int]]:
    """KPIs (with their readings unless pruning: scoring never needs them) and the number of
    objectives per account."""
    readings: dict[int, list[Reading]] = defaultdict(list)
    if q.as_of is None:
        for kpi_id, date, value in q.rows(
            "SELECT kr.kpi_id, kr.date, kr.value FROM kpi_reading kr JOIN kpi k ON k.id = kr.kpi_id"
            + q.where("k.account_id")
            + " ORDER BY kr.date, kr.id"
        ):
            when = day_of(date)
            if when is not None:
                readings[kpi_id].append(Reading(when, float(value)))
    found: dict[int, list[KpiFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT id, account_id, name, unit, baseline, current, target, higher_is_better, by_when, "
        "data_source FROM kpi" + q.where("account_id") + " ORDER BY id"
    ):
        found[r[1]].append(
            KpiFacts(
                r[0],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                bool(r[7]),
                day_of(r[8]),
                r[9],
                tuple(readings.get(r[0], ())),
            )
        )
    objectives = dict(
        q.rows(
            "SELECT account_id, count(*) FROM objective"
            + q.where("account_id")
            + " GROUP BY account_id"
        )
    )
    return found, objectives


def _recap_since(q: Query) -> str:
    assert q.as_of is not None
    return (q.as_of - dt.timedelta(days=q.settings.days("recap_window_days"))).isoformat()


def meetings(q: Query, attendees: Mapping[int, list[int]]) -> dict[int, list[MeetingFacts]]:
    """Meetings; as of a date, those of the recap window and each account's latest."""
    sql = "SELECT id, account_id, date, type, title, decisions FROM meeting"
    params: tuple[Any, ...] = ()
    if q.as_of is not None:
        latest = q.rows(
            "SELECT max(id) FROM meeting m JOIN (SELECT account_id, max(date) AS last FROM meeting"
            + q.where("account_id", "date <= ?")
            + " GROUP BY account_id) l ON l.account_id = m.account_id AND m.date = l.last"
            " GROUP BY m.account_id",
            (q.day,),
        )
        ids = ",".join(str(int(r[0])) for r in latest) or "0"
        sql += q.where("account_id", "date <= ?", f"date >= ? OR id IN ({ids})")
        params = (q.day, _recap_since(q))
    else:
        sql += q.where("account_id")
    found: dict[int, list[MeetingFacts]] = defaultdict(list)
    for r in q.rows(sql + " ORDER BY date, id", params):
        when = day_of(r[2])
        if when is not None:
            found[r[1]].append(
                MeetingFacts(
                    r[0], when, r[3], r[4], line_count(r[5]), tuple(attendees.get(r[0], ()))
                )
            )
    return found


def actions(q: Query) -> dict[int, list[ActionFacts]]:
    """Action items; as of a date, those still open then or from a meeting in the window, and
    none from a meeting held later (they did not exist yet)."""
    sql = (
        "SELECT id, account_id, meeting_id, text, owner, due, status, completed_on FROM action_item"
    )
    params: tuple[Any, ...] = ()
    if q.as_of is not None:
        sql += q.where(
            "account_id",
            "status = 'open' OR (status = 'done' AND completed_on > ?)"
            " OR meeting_id IN (SELECT id FROM meeting" + q.where("account_id", "date >= ?") + ")",
            "meeting_id IS NULL OR meeting_id NOT IN (SELECT id FROM meeting"
            + q.where("account_id", "date > ?")
            + ")",
        )
        params = (q.day, _recap_since(q), q.day)
    else:
        sql += q.where("account_id")
    found: dict[int, list[ActionFacts]] = defaultdict(list)
    for r in q.rows(sql + " ORDER BY due, id", params):
        found[r[1]].append(ActionFacts(r[0], r[2], r[3], r[4], day_of(r[5]), r[6], day_of(r[7])))
    return found


def risks(q: Query) -> dict[int, list[RiskFacts]]:
    found: dict[int, list[RiskFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT id, account_id, statement, category, evidence, severity, owner, next_action, "
        "reassess_on, status, raised_on, shared FROM risk" + q.where("account_id") + " ORDER BY id"
    ):
        found[r[1]].append(
            RiskFacts(
                r[0],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                day_of(r[8]),
                r[9],
                day_of(r[10]),
                bool(r[11]),
            )
        )
    return found


def reviews(q: Query) -> dict[int, list[ReviewFacts]]:
    found: dict[int, list[ReviewFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT id, account_id, kind, date, status, goals_recap, outcomes, friction, "
        "decisions_needed FROM review" + q.where("account_id") + " ORDER BY date, id"
    ):
        when = day_of(r[3])
        if when is not None:
            found[r[1]].append(
                ReviewFacts(
                    r[0],
                    r[2],
                    when,
                    r[4],
                    has_text(r[5]),
                    has_text(r[6]),
                    has_text(r[7]),
                    has_text(r[8]),
                )
            )
    return found


def renewal_plans(q: Query) -> dict[int, RenewalPlanFacts]:
    approvers: dict[int, list[int]] = defaultdict(list)
    for plan_id, stakeholder_id in q.rows(
        "SELECT ra.renewal_plan_id, ra.stakeholder_id FROM renewal_approver ra "
        "JOIN renewal_plan p ON p.id = ra.renewal_plan_id" + q.where("p.account_id")
    ):
        approvers[plan_id].append(stakeholder_id)
    next_steps: dict[int, list[NextStepFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT s.renewal_plan_id, s.action, s.owner, s.due, s.done FROM renewal_next_step s "
        "JOIN renewal_plan p ON p.id = s.renewal_plan_id"
        + q.where("p.account_id")
        + " ORDER BY s.due, s.id"
    ):
        next_steps[r[0]].append(NextStepFacts(r[1], r[2], day_of(r[3]), bool(r[4])))
    found: dict[int, RenewalPlanFacts] = {}
    for r in q.rows(
        "SELECT id, account_id, started_on, value_proof_points, probability_override, "
        "probability_note FROM renewal_plan" + q.where("account_id")
    ):
        found[r[1]] = RenewalPlanFacts(
            r[0],
            day_of(r[2]),
            tuple(approvers.get(r[0], ())),
            line_count(r[3]),
            tuple(next_steps.get(r[0], ())),
            None if r[4] is None else float(r[4]),
            r[5],
        )
    return found


def renewal_steps(q: Query) -> dict[int, list[RenewalStepFacts]]:
    found: dict[int, list[RenewalStepFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT id, account_id, renewal_date, phase, action, owner, due, status FROM renewal_step"
        + q.where("account_id")
        + " ORDER BY due, id"
    ):
        found[r[1]].append(
            RenewalStepFacts(r[0], day_of(r[2]), r[3], r[4], r[5], day_of(r[6]), r[7])
        )
    return found


def arr_events(q: Query) -> dict[int, list[ArrEventFacts]]:
    found: dict[int, list[ArrEventFacts]] = defaultdict(list)
    for account_id, date, kind, amount in q.rows(
        "SELECT account_id, date, kind, amount FROM arr_event"
        + q.where("account_id")
        + " ORDER BY date, id"
    ):
        when = day_of(date)
        if when is not None:
            found[account_id].append(ArrEventFacts(when, kind, float(amount)))
    return found


def renewal_cycles(q: Query) -> dict[int, list[RenewalCycleFacts]]:
    """The closed renewals, by the day their outcome was recorded (each is needed as of any
    earlier day: the renewal date then is the one the first later outcome closed)."""
    found: dict[int, list[RenewalCycleFacts]] = defaultdict(list)
    for r in q.rows(
        "SELECT account_id, renewal_date, recorded_on, outcome, term_months, next_renewal_date "
        "FROM renewal_cycle" + q.where("account_id") + " ORDER BY recorded_on, id"
    ):
        term = None if r[4] is None else int(r[4])
        found[r[0]].append(RenewalCycleFacts(day_of(r[1]), day_of(r[2]), r[3], term, day_of(r[5])))
    return found


def snapshots(q: Query, *, full_history: bool) -> dict[int, list[SnapshotFacts]]:
    """Health snapshots with their component scores (past ones are shown re-scored with today's
    weights), and the inputs and contributions behind them only for ``full_history``. As of a
    date (without full history), the drop window and the latest one 30 days back (for the
    trend)."""
    detail = ", detail_json" if full_history else ""
    sql = f"SELECT account_id, date, score, band, components_json{detail} FROM health_snapshot"
    params: tuple[Any, ...] = ()
    if q.as_of is not None and not full_history:
        back = max(30, q.settings.days("health_drop_days"))
        trend_day = (q.as_of - dt.timedelta(days=30)).isoformat()
        sql += q.where(
            "account_id",
            "date <= ?",
            "date >= ? OR date = (SELECT max(o.date) FROM health_snapshot o "
            "WHERE o.account_id = health_snapshot.account_id AND o.date <= ?)",
        )
        params = (q.day, (q.as_of - dt.timedelta(days=back)).isoformat(), trend_day)
    else:
        sql += q.where("account_id")
    found: dict[int, list[SnapshotFacts]] = defaultdict(list)
    for r in q.rows(sql + " ORDER BY account_id, date", params):
        when = day_of(r[1])
        if when is None:
            continue
        components = _components(r[4])
        if full_history:
            info = json.loads(r[5] or "{}")
            found[r[0]].append(
                SnapshotFacts(
                    when,
                    r[2],
                    r[3],
                    components,
                    MappingProxyType(info.get("contributions", {})),
                    MappingProxyType(info.get("inputs", {})),
                    frozenset(info.get("manual", ())),
                )
            )
        else:
            found[r[0]].append(SnapshotFacts(when, r[2], r[3], components, EMPTY, EMPTY))
    return found


_COMPONENT_SETS: dict[str, Mapping[str, float]] = {}


def _components(text: str | None) -> Mapping[str, float]:
    """A snapshot's stored component scores, memoised (weekly history repeats many). Anything
    but numbers by component reads as none: the snapshot then keeps its stored score."""
    key = text or "{}"
    found = _COMPONENT_SETS.get(key)
    if found is None:
        if len(_COMPONENT_SETS) > 50_000:
            _COMPONENT_SETS.clear()
        data = json.loads(key)
        scores = (
            {str(k): float(v) for k, v in data.items() if isinstance(v, int | float)}
            if isinstance(data, dict)
            else {}
        )
        found = _COMPONENT_SETS[key] = MappingProxyType(scores)
    return found


def touches(q: Query) -> dict[int, dict[Artifact, dt.datetime]]:
    found: dict[int, dict[Artifact, dt.datetime]] = defaultdict(dict)
    for account_id, artifact, when in q.rows(
        "SELECT account_id, artifact, touched_at FROM artifact_touch" + q.where("account_id")
    ):
        key = _ARTIFACTS.get(artifact)
        moment = moment_of(when)
        if key is not None and moment is not None:
            found[account_id][key] = moment
    return found


def accounts(q: Query) -> list[Any]:
    return q.rows(
        "SELECT id, name, crm_id, arr, segment, segment_pinned, complexity, growth_potential, "
        "strategic_value, contract_start, renewal_date, contract_term_months, lifecycle_stage, "
        "live_definition, go_live_date, success_vision, review_cadence FROM account"
        + q.where("id")
        + " ORDER BY name COLLATE NOCASE, id"
    )
