"""The readers behind ``load``: one query per table, rows grouped by account as engine facts.

Each reader takes a ``Query`` (connection, which accounts, the as-of date for pruning) and
returns ``{account id: facts}``. Each query's columns are declared once in ``select_lists``,
which builds its SELECT list and reads each value of a row by name. Rows come straight from the
SQLite driver, and dates are parsed through a memo: a big book repeats the same few thousand
dates many times.
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
from csm_desk.models import select_lists as cols
from csm_desk.models.select_lists import SelectList

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
    """A stored timestamp (ISO text) as a datetime; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def line_count(text: str | None) -> int:
    """How many lines of ``text`` are not blank (each a point, a decision, a proof)."""
    return sum(1 for line in (text or "").splitlines() if line.strip())


def has_text(text: str | None) -> bool:
    """Whether ``text`` holds anything but white space."""
    return bool(text and text.strip())


def roles_of(text: str | None) -> frozenset[Role]:
    """A stakeholder's roles from their stored comma-separated list (unknown ones dropped)."""
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
        """A query for ``account_ids`` (None: all), each id once and in order."""
        ids = None if account_ids is None else tuple(sorted(set(account_ids)))
        return cls(conn, ids, as_of, settings)

    @property
    def day(self) -> str:
        """The as-of date as ISO text, for a query parameter (only when pruning)."""
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

    def select(self, columns: SelectList, rest: str = "", params: tuple[Any, ...] = ()) -> Any:
        """The rows of ``columns.sql + rest``, each value read by its column's name."""
        return columns.read(self.rows(columns.sql + rest, params))

    def unpack(
        self, columns: SelectList, names: tuple[str, ...], rest: str, params: tuple[Any, ...] = ()
    ) -> Any:
        """The rows of ``columns.sql + rest`` as the values of ``names``, in that order (for the
        readers of many rows: see ``SelectList.unpack``).
        """
        return columns.unpack(self.rows(columns.sql + rest, params), *names)


def read_settings(conn: Connection) -> tuple[str, str, BookSettings]:
    """The book's owner, currency and settings (defaults for a book without its row)."""
    found = conn.exec_driver_sql(cols.BOOK.sql + " ORDER BY id LIMIT 1").first()
    if found is None:
        return "", "USD", BookSettings()
    book = cols.BOOK.row(found)
    return (
        str(book.owner or ""),
        str(book.currency or "USD"),
        BookSettings.from_json(json.loads(book.settings_json or "{}")),
    )


def stakeholders(q: Query) -> tuple[dict[int, list[StakeholderFacts]], dict[int, list[int]]]:
    """People with their contact dates (last contact and meetings attended), and each meeting's
    attendees. As of a date, only each person's latest meeting on or before it is read.
    """
    contacts: dict[int, list[dt.date]] = defaultdict(list)
    attendees: dict[int, list[int]] = defaultdict(list)
    if q.as_of is None:
        for stakeholder_id, meeting_id, date in q.unpack(
            cols.ATTENDANCE,
            ("stakeholder_id", "meeting_id", "date"),
            q.where("m.account_id") + " ORDER BY ma.meeting_id, ma.stakeholder_id",
        ):
            when = day_of(date)
            if when is not None:
                contacts[stakeholder_id].append(when)
            attendees[meeting_id].append(stakeholder_id)
    else:
        for stakeholder_id, date in q.unpack(
            cols.LAST_ATTENDED,
            ("stakeholder_id", "date"),
            q.where("m.account_id", "m.date <= ?") + " GROUP BY ma.stakeholder_id",
            (q.day,),
        ):
            when = day_of(date)
            if when is not None:
                contacts[stakeholder_id].append(when)
    people: dict[int, list[StakeholderFacts]] = defaultdict(list)
    for (
        person_id,
        account_id,
        name,
        title,
        roles,
        influence,
        relationship_strength,
        stance,
        departed,
        departed_on,
        last_contact,
    ) in q.unpack(
        cols.STAKEHOLDER,
        (
            "id",
            "account_id",
            "name",
            "title",
            "roles",
            "influence",
            "relationship_strength",
            "stance",
            "departed",
            "departed_on",
            "last_contact",
        ),
        q.where("account_id") + " ORDER BY id",
    ):
        dates = contacts.get(person_id, [])
        last = day_of(last_contact)
        if last is not None:
            dates.append(last)
        if len(dates) > 1:
            dates.sort()
        people[account_id].append(
            StakeholderFacts(
                person_id,
                name,
                title,
                roles_of(roles),
                influence,
                relationship_strength,
                stance,
                bool(departed),
                day_of(departed_on),
                tuple(dates),
            )
        )
    return people, attendees


def links(q: Query) -> dict[int, list[LinkFacts]]:
    """The lines of each account's stakeholder map."""
    found: dict[int, list[LinkFacts]] = defaultdict(list)
    for r in q.select(cols.LINK, q.where("account_id")):
        found[r.account_id].append(LinkFacts(r.from_id, r.to_id, r.kind))
    return found


READING = ("account_id", "key", "date", "value")


def _signal_rows(q: Query) -> list[Any]:
    """The readings to load, as one or more sets of rows of the ``READING`` values."""
    if q.as_of is None:
        return [q.unpack(cols.SIGNAL_READING, READING, q.where("account_id"))]
    # Each signal's latest reading (SQLite returns the row holding the max for bare columns),
    # the survey responses of the trailing year, and the active users growth compares.
    latest = q.unpack(
        cols.LATEST_SIGNAL,
        READING,
        q.where("account_id", "date <= ?") + " GROUP BY account_id, key",
        (q.day,),
    )
    surveys = q.unpack(
        cols.SIGNAL_READING,
        READING,
        q.where("account_id", f"key IN {SURVEY_KEYS!r}", "date > ?", "date <= ?"),
        (window_start(q.as_of).isoformat(), q.day),
    )
    growth = q.unpack(
        cols.GROWTH_READING,
        READING,
        " JOIN (SELECT account_id, max(date) AS last FROM signal_reading"
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
    for r in q.select(
        cols.OVERRIDE,
        q.where("account_id", *later) + " ORDER BY date, id",
        () if q.as_of is None else (q.day,),
    ):
        component = _COMPONENTS.get(r.component)
        when = day_of(r.date)
        if component is not None and when is not None:
            value = None if r.value is None else float(r.value)
            found[r.account_id].append(Override(when, component, value, r.note))
    return found


def expansions(q: Query) -> dict[int, list[ExpansionFacts]]:
    """Each account's expansion opportunities."""
    found: dict[int, list[ExpansionFacts]] = defaultdict(list)
    for r in q.select(cols.EXPANSION, q.where("account_id") + " ORDER BY id"):
        found[r.account_id].append(
            ExpansionFacts(
                r.id,
                r.kind,
                r.description,
                r.stage,
                r.estimated_arr,
                day_of(r.expected_close),
            )
        )
    return found


def milestones(q: Query) -> dict[int, list[MilestoneFacts]]:
    """Each account's milestones, by due date."""
    found: dict[int, list[MilestoneFacts]] = defaultdict(list)
    for r in q.select(cols.MILESTONE, q.where("account_id") + " ORDER BY due, id"):
        found[r.account_id].append(
            MilestoneFacts(
                r.id,
                r.phase,
                r.title,
                r.owner_side,
                r.owner_name,
                day_of(r.due),
                r.status,
                bool(r.first_value),
                bool(r.go_live),
                day_of(r.completed_on),
            )
        )
    return found


def kpis(q: Query) -> tuple[dict[int, list[KpiFacts]], dict[int, int]]:
    """KPIs (with their readings unless pruning: scoring never needs them) and the number of
    objectives per account.
    """
    readings: dict[int, list[Reading]] = defaultdict(list)
    if q.as_of is None:
        for k in q.select(cols.KPI_READING, q.where("k.account_id") + " ORDER BY kr.date, kr.id"):
            when = day_of(k.date)
            if when is not None:
                readings[k.kpi_id].append(Reading(when, float(k.value)))
    found: dict[int, list[KpiFacts]] = defaultdict(list)
    for r in q.select(cols.KPI, q.where("account_id") + " ORDER BY id"):
        found[r.account_id].append(
            KpiFacts(
                r.id,
                r.name,
                r.unit,
                r.baseline,
                r.current,
                r.target,
                bool(r.higher_is_better),
                day_of(r.by_when),
                r.data_source,
                tuple(readings.get(r.id, ())),
            )
        )
    objectives = {
        o.account_id: o.objectives
        for o in q.select(cols.OBJECTIVE_COUNT, q.where("account_id") + " GROUP BY account_id")
    }
    return found, objectives


def _recap_since(q: Query) -> str:
    assert q.as_of is not None
    return (q.as_of - dt.timedelta(days=q.settings.days("recap_window_days"))).isoformat()


def meetings(q: Query, attendees: Mapping[int, list[int]]) -> dict[int, list[MeetingFacts]]:
    """Meetings; as of a date, those of the recap window and each account's latest."""
    params: tuple[Any, ...] = ()
    if q.as_of is not None:
        latest = q.select(
            cols.LATEST_MEETING,
            " JOIN (SELECT account_id, max(date) AS last FROM meeting"
            + q.where("account_id", "date <= ?")
            + " GROUP BY account_id) l ON l.account_id = m.account_id AND m.date = l.last"
            " GROUP BY m.account_id",
            (q.day,),
        )
        ids = ",".join(str(int(m.id)) for m in latest) or "0"
        where = q.where("account_id", "date <= ?", f"date >= ? OR id IN ({ids})")
        params = (q.day, _recap_since(q))
    else:
        where = q.where("account_id")
    found: dict[int, list[MeetingFacts]] = defaultdict(list)
    for meeting_id, account_id, date, kind, title, decisions in q.unpack(
        cols.MEETING,
        ("id", "account_id", "date", "type", "title", "decisions"),
        where + " ORDER BY date, id",
        params,
    ):
        when = day_of(date)
        if when is not None:
            found[account_id].append(
                MeetingFacts(
                    meeting_id,
                    when,
                    kind,
                    title,
                    line_count(decisions),
                    tuple(attendees.get(meeting_id, ())),
                )
            )
    return found


def actions(q: Query) -> dict[int, list[ActionFacts]]:
    """Action items; as of a date, those still open then or from a meeting in the window, and
    none from a meeting held later (they did not exist yet).
    """
    params: tuple[Any, ...] = ()
    if q.as_of is not None:
        where = q.where(
            "account_id",
            "status = 'open' OR (status = 'done' AND completed_on > ?)"
            " OR meeting_id IN (SELECT id FROM meeting" + q.where("account_id", "date >= ?") + ")",
            "meeting_id IS NULL OR meeting_id NOT IN (SELECT id FROM meeting"
            + q.where("account_id", "date > ?")
            + ")",
        )
        params = (q.day, _recap_since(q), q.day)
    else:
        where = q.where("account_id")
    found: dict[int, list[ActionFacts]] = defaultdict(list)
    for action_id, account_id, meeting_id, text, owner, due, status, completed_on in q.unpack(
        cols.ACTION,
        ("id", "account_id", "meeting_id", "text", "owner", "due", "status", "completed_on"),
        where + " ORDER BY due, id",
        params,
    ):
        found[account_id].append(
            ActionFacts(
                action_id, meeting_id, text, owner, day_of(due), status, day_of(completed_on)
            )
        )
    return found


def risks(q: Query) -> dict[int, list[RiskFacts]]:
    """Each account's risk register."""
    found: dict[int, list[RiskFacts]] = defaultdict(list)
    for r in q.select(cols.RISK, q.where("account_id") + " ORDER BY id"):
        found[r.account_id].append(
            RiskFacts(
                r.id,
                r.statement,
                r.category,
                r.evidence,
                r.severity,
                r.owner,
                r.next_action,
                day_of(r.reassess_on),
                r.status,
                day_of(r.raised_on),
                bool(r.shared),
            )
        )
    return found


def reviews(q: Query) -> dict[int, list[ReviewFacts]]:
    """Each account's QBRs and EBRs, by date."""
    found: dict[int, list[ReviewFacts]] = defaultdict(list)
    for r in q.select(cols.REVIEW, q.where("account_id") + " ORDER BY date, id"):
        when = day_of(r.date)
        if when is not None:
            found[r.account_id].append(
                ReviewFacts(
                    r.id,
                    r.kind,
                    when,
                    r.status,
                    has_text(r.goals_recap),
                    has_text(r.outcomes),
                    has_text(r.friction),
                    has_text(r.decisions_needed),
                )
            )
    return found


def renewal_plans(q: Query) -> dict[int, RenewalPlanFacts]:
    """Each account's renewal plan, with its approvers and next steps."""
    approvers: dict[int, list[int]] = defaultdict(list)
    for a in q.select(cols.RENEWAL_APPROVER, q.where("p.account_id")):
        approvers[a.renewal_plan_id].append(a.stakeholder_id)
    next_steps: dict[int, list[NextStepFacts]] = defaultdict(list)
    for s in q.select(cols.RENEWAL_NEXT_STEP, q.where("p.account_id") + " ORDER BY s.due, s.id"):
        next_steps[s.renewal_plan_id].append(
            NextStepFacts(s.action, s.owner, day_of(s.due), bool(s.done))
        )
    found: dict[int, RenewalPlanFacts] = {}
    for r in q.select(cols.RENEWAL_PLAN, q.where("account_id")):
        override = r.probability_override
        found[r.account_id] = RenewalPlanFacts(
            r.id,
            day_of(r.started_on),
            tuple(approvers.get(r.id, ())),
            line_count(r.value_proof_points),
            tuple(next_steps.get(r.id, ())),
            None if override is None else float(override),
            r.probability_note,
        )
    return found


def renewal_steps(q: Query) -> dict[int, list[RenewalStepFacts]]:
    """Each account's renewal checklist steps, by due date."""
    found: dict[int, list[RenewalStepFacts]] = defaultdict(list)
    for r in q.select(cols.RENEWAL_STEP, q.where("account_id") + " ORDER BY due, id"):
        found[r.account_id].append(
            RenewalStepFacts(
                r.id,
                day_of(r.renewal_date),
                r.phase,
                r.action,
                r.owner,
                day_of(r.due),
                r.status,
            )
        )
    return found


def arr_events(q: Query) -> dict[int, list[ArrEventFacts]]:
    """Each account's ARR ledger, by date."""
    found: dict[int, list[ArrEventFacts]] = defaultdict(list)
    for r in q.select(cols.ARR_EVENT, q.where("account_id") + " ORDER BY date, id"):
        when = day_of(r.date)
        if when is not None:
            found[r.account_id].append(ArrEventFacts(when, r.kind, float(r.amount)))
    return found


def renewal_cycles(q: Query) -> dict[int, list[RenewalCycleFacts]]:
    """The closed renewals, by the day their outcome was recorded (each is needed as of any
    earlier day: the renewal date then is the one the first later outcome closed).
    """
    found: dict[int, list[RenewalCycleFacts]] = defaultdict(list)
    for r in q.select(cols.RENEWAL_CYCLE, q.where("account_id") + " ORDER BY recorded_on, id"):
        found[r.account_id].append(
            RenewalCycleFacts(
                day_of(r.renewal_date),
                day_of(r.recorded_on),
                r.outcome,
                None if r.term_months is None else int(r.term_months),
                day_of(r.next_renewal_date),
            )
        )
    return found


def snapshots(q: Query, *, full_history: bool) -> dict[int, list[SnapshotFacts]]:
    """Health snapshots with their component scores (past ones are shown re-scored with today's
    weights), and the inputs and contributions behind them only for ``full_history``. As of a
    date (without full history), the drop window and the latest one 30 days back (for the
    trend).
    """
    columns = cols.SNAPSHOT_WITH_DETAIL if full_history else cols.SNAPSHOT
    params: tuple[Any, ...] = ()
    if q.as_of is not None and not full_history:
        back = max(30, q.settings.days("health_drop_days"))
        trend_day = (q.as_of - dt.timedelta(days=30)).isoformat()
        where = q.where(
            "account_id",
            "date <= ?",
            "date >= ? OR date = (SELECT max(o.date) FROM health_snapshot o "
            "WHERE o.account_id = health_snapshot.account_id AND o.date <= ?)",
        )
        params = (q.day, (q.as_of - dt.timedelta(days=back)).isoformat(), trend_day)
    else:
        where = q.where("account_id")
    found: dict[int, list[SnapshotFacts]] = defaultdict(list)
    for r in q.select(columns, where + " ORDER BY account_id, date", params):
        when = day_of(r.date)
        if when is None:
            continue
        components = _components(r.components_json)
        if full_history:
            info = json.loads(r.detail_json or "{}")
            found[r.account_id].append(
                SnapshotFacts(
                    when,
                    r.score,
                    r.band,
                    components,
                    MappingProxyType(info.get("contributions", {})),
                    MappingProxyType(info.get("inputs", {})),
                    frozenset(info.get("manual", ())),
                )
            )
        else:
            found[r.account_id].append(
                SnapshotFacts(
                    when,
                    r.score,
                    r.band,
                    components,
                    EMPTY,
                    EMPTY,
                )
            )
    return found


_COMPONENT_SETS: dict[str, Mapping[str, float]] = {}


def _components(text: str | None) -> Mapping[str, float]:
    """A snapshot's stored component scores, memoised (weekly history repeats many). Anything
    but numbers by component reads as none: the snapshot then keeps its stored score.
    """
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
    """When each artifact of each account was last touched."""
    found: dict[int, dict[Artifact, dt.datetime]] = defaultdict(dict)
    for r in q.select(cols.TOUCH, q.where("account_id")):
        key = _ARTIFACTS.get(r.artifact)
        moment = moment_of(r.touched_at)
        if key is not None and moment is not None:
            found[r.account_id][key] = moment
    return found


def accounts(q: Query) -> list[Any]:
    """The accounts' own rows (``select_lists.ACCOUNT``, read by name), by name."""
    return list(q.select(cols.ACCOUNT, q.where("id") + " ORDER BY name COLLATE NOCASE, id"))
