"""The demo book's rows: each ``AccountSpec`` turned into table rows with ids given in order.

``AccountRows`` writes one account's spec into a ``Rows`` collector; ``Rows.write`` inserts
everything, parents first, one statement per table. Until here every date is a number of days
from the as-of date; the ``Clock`` turns them into dates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from csm_desk.engine.renewals import DEFAULT_CHECKLIST
from csm_desk.engine.segments import arr_segment
from csm_desk.engine.vocab import ArrEventKind, Artifact, LinkKind, MilestonePhase, RenewalOutcome
from csm_desk.models.demo_data import AccountSpec, Clock, Day, csm_on
from csm_desk.models.tables import ALL_TABLES

# The time of day each artifact was last edited (so the stamps look like a working day).
_EDIT_TIME: dict[Artifact, dt.time] = {
    Artifact.ONBOARDING_PLAN: dt.time(9, 40),
    Artifact.SUCCESS_PLAN: dt.time(10, 15),
    Artifact.STAKEHOLDER_MAP: dt.time(11, 5),
    Artifact.RECAP: dt.time(16, 20),
    Artifact.RISK_REGISTER: dt.time(14, 30),
    Artifact.QBR: dt.time(15, 10),
    Artifact.RENEWAL_PLAN: dt.time(13, 45),
}

_MODELS: dict[str, type[SQLModel]] = {str(t.__tablename__): t for t in ALL_TABLES}


class Rows:
    """Rows to insert, by table, with ids given in order so references can be made at once."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._ids: dict[str, int] = defaultdict(int)

    def add(self, table: str, **values: Any) -> int:
        """Collect one row; returns its id (0 for tables keyed otherwise)."""
        if "id" in _MODELS[table].model_fields:
            self._ids[table] += 1
            values["id"] = self._ids[table]
        self.tables[table].append(values)
        return int(values.get("id", 0))

    def write(self, conn: Connection) -> None:
        """Insert every row, parents first, one statement per table; a column a row does not
        name takes the table's default.
        """
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for model in ALL_TABLES:
            rows = self.tables.get(str(model.__tablename__))
            if not rows:
                continue
            defaults = model.model_fields
            columns = [c.name for c in model.__table__.columns]  # type: ignore[attr-defined]
            full = [{c: row.get(c, defaults[c].default) for c in columns} for row in rows]
            conn.execute(model.__table__.insert(), full)  # type: ignore[attr-defined]


def _lines(items: tuple[str, ...]) -> str | None:
    """A one-item-per-line field."""
    return "\n".join(items) if items else None


def _signed(kind: str, amount: float) -> float:
    """An ARR event's effect on ARR: the kind gives the direction (DOMAIN.md §6)."""
    return -float(amount) if kind == ArrEventKind.CONTRACTION else float(amount)


def _outcome(kind: str, amount: float) -> RenewalOutcome:
    """The outcome a renewal or churn event records."""
    if kind == ArrEventKind.CHURN:
        return RenewalOutcome.CHURNED
    if amount > 0:
        return RenewalOutcome.RENEWED_UP
    return RenewalOutcome.DOWNGRADED if amount < 0 else RenewalOutcome.RENEWED_FLAT


def _email(person: str, company: str) -> str:
    """An invented address: first.last@company.example."""
    first, _, last = person.partition(" ")
    domain = "".join(ch for ch in company.lower().split(" ")[0] if ch.isalnum())
    return f"{first}.{last.split(' ')[-1]}@{domain}.example".lower()


class AccountRows:
    """Turns one ``AccountSpec`` into rows, and stamps when each of its artifacts was edited.

    Attributes:
        people, objectives: row ids by the spec's keys, for references between rows.
        latest: each artifact's latest dated content (its default last-edited day).
    """

    def __init__(self, rows: Rows, clock: Clock, spec: AccountSpec) -> None:
        self.rows = rows
        self.clock = clock
        self.spec = spec
        self.account_id = 0
        self.people: dict[str, int] = {}
        self.milestone_ids: dict[str, int] = {}
        self.meeting_ids: dict[Day, int] = {}
        self.risk_ids: list[int] = []
        self.objectives: dict[str, int] = {}
        self.latest: dict[Artifact, Day] = {}

    def d(self, offset: Day | None) -> dt.date | None:
        """The date of a demo day offset; None for none."""
        return None if offset is None else self.clock.day(offset)

    def saw(self, artifact: Artifact, day: Day | None) -> None:
        """Note dated content of an artifact (future dates count as today)."""
        if day is not None:
            day = min(day, 0)
            self.latest[artifact] = max(self.latest.get(artifact, day), day)

    def write(self) -> int:
        """Add every row of the account; returns its id."""
        s = self.spec
        complexity, growth, strategic = s.factors or (None, None, None)
        segment = s.segment if s.segment is not None else arr_segment(s.arr).value
        self.account_id = self.rows.add(
            "account", name=s.name, crm_id=s.crm_id, arr=float(s.arr), segment=segment,
            segment_pinned=s.segment is not None, product_tier=s.tier, industry=s.industry,
            complexity=complexity, growth_potential=growth, strategic_value=strategic,
            contract_start=self.d(s.contract_start), renewal_date=self.d(s.renewal),
            contract_term_months=12, lifecycle_stage=s.lifecycle,
            live_definition=s.live_definition, go_live_date=self.d(s.go_live),
            success_vision=s.vision, success_statement=s.statement, review_cadence=s.cadence,
            leading_indicators=_lines(s.indicators), plan_status=s.plan_status,
            escalation_path=_lines(s.escalation), internal_notes=s.notes,
        )  # fmt: skip
        self._people()
        self._success_plan()
        self._plans_and_handoff()
        self._meetings()
        self._risks_and_reviews()
        self._renewal()
        self._growth_and_health()
        self._links()
        self._touches()
        return self.account_id

    def _people(self) -> None:
        aid = self.account_id
        for p in self.spec.people:
            self.people[p.key] = self.rows.add(
                "stakeholder", account_id=aid, name=p.name, title=p.title,
                email=_email(p.name, self.spec.name), roles=p.roles, influence=p.influence,
                relationship_strength=p.strength, stance=p.stance, cares_about=p.cares,
                preferred_communication=p.prefers, renewal_role=p.renewal_role,
                last_contact=self.d(p.last_contact), departed=p.departed_on is not None,
                departed_on=self.d(p.departed_on), sentiment_notes=p.notes,
            )  # fmt: skip
            self.saw(Artifact.STAKEHOLDER_MAP, p.last_contact)
        for p in self.spec.people:
            links = [(p.reports_to, LinkKind.REPORTS_TO)] if p.reports_to else []
            links += [(other, LinkKind.INFLUENCES) for other in p.influences]
            for other, kind in links:
                self.rows.add(
                    "stakeholder_link", account_id=aid, from_id=self.people[p.key],
                    to_id=self.people[str(other)], kind=kind.value,
                )  # fmt: skip

    def _success_plan(self) -> None:
        aid, s = self.account_id, self.spec
        for position, o in enumerate(s.objectives):
            self.objectives[o.key] = self.rows.add(
                "objective", account_id=aid, position=position, text=o.text, primary=o.primary
            )
        for k in s.kpis:
            past = [(day, value) for day, value in k.readings if day <= 0]
            kpi_id = self.rows.add(
                "kpi", account_id=aid, objective_id=self.objectives.get(k.objective or ""),
                name=k.name, unit=k.unit, baseline=k.baseline,
                current=max(past)[1] if past else None, target=k.target,
                higher_is_better=k.higher_is_better, by_when=self.d(k.by_when),
                data_source=k.source,
            )  # fmt: skip
            for day, value in k.readings:
                self.rows.add("kpi_reading", kpi_id=kpi_id, date=self.d(day), value=value)
                self.saw(Artifact.SUCCESS_PLAN, day)
        for u in s.use_cases:
            self.rows.add(
                "use_case", account_id=aid, objective_id=self.objectives.get(u.objective or ""),
                title=u.title, description=u.description, status=u.status,
            )  # fmt: skip
        milestone_ids = self.milestone_ids
        for m in s.milestones:
            milestone_ids[m.key] = self.rows.add(
                "milestone", account_id=aid, phase=m.phase, title=m.title, owner_side=m.side,
                owner_name=m.owner, due=self.d(m.due), status=m.status,
                depends_on_id=milestone_ids.get(m.depends_on or ""), first_value=m.first_value,
                go_live=m.go_live, completed_on=self.d(m.done_on),
            )  # fmt: skip
            onboarding = m.phase == MilestonePhase.ONBOARDING
            artifact = Artifact.ONBOARDING_PLAN if onboarding else Artifact.SUCCESS_PLAN
            self.saw(artifact, m.done_on if m.done_on is not None else min(m.due or 0, 0))
        for side, text in s.commitments:
            self.rows.add("commitment", account_id=aid, side=side, text=text)

    def _plans_and_handoff(self) -> None:
        aid, s = self.account_id, self.spec
        for c in s.cadence_items:
            self.rows.add(
                "cadence_item", account_id=aid, touchpoint=c.touchpoint,
                audience_names=c.audience, frequency=c.frequency, channel=c.channel,
                owner=c.owner, next_date=self.d(c.next),
            )  # fmt: skip
        for item in s.plan_items:
            self.rows.add(
                "plan_item", account_id=aid, horizon=item.horizon, action=item.action,
                owner=item.owner, due=self.d(item.due), status=item.status,
            )  # fmt: skip
        if s.handoff is not None:
            h = s.handoff
            self.rows.add(
                "handoff", account_id=aid, handoff_date=self.d(h.day), sales_owner=h.sales_owner,
                why_bought=h.why_bought, why_now=h.why_now, why_us=h.why_us,
                decision_criteria=_lines(h.criteria), promised_outcomes=_lines(h.promised),
                risk_flags=_lines(h.risk_flags), competitors=h.competitors,
                internal_notes=h.notes,
            )  # fmt: skip

    def _meetings(self) -> None:
        aid = self.account_id
        for m in self.spec.meetings:
            meeting_id = self.rows.add(
                "meeting", account_id=aid, date=self.d(m.day), type=m.type, title=m.title,
                internal_attendees=m.ours, decisions=_lines(m.decisions),
                open_items=_lines(m.open_items), next_meeting=self.d(m.next_meeting),
                internal_notes=m.notes,
            )  # fmt: skip
            self.meeting_ids[m.day] = meeting_id
            for key in m.attendees:
                self.rows.add(
                    "meeting_attendee", meeting_id=meeting_id, stakeholder_id=self.people[key]
                )
            for a in m.actions:
                self.rows.add(
                    "action_item", account_id=aid, meeting_id=meeting_id, text=a.text,
                    owner=a.owner, side=a.side, due=self.d(a.due), status=a.status,
                    completed_on=self.d(a.done_on),
                )  # fmt: skip
            self.saw(Artifact.RECAP, m.day)

    def _risks_and_reviews(self) -> None:
        aid = self.account_id
        for r in self.spec.risks:
            risk_id = self.rows.add(
                "risk", account_id=aid, statement=r.statement, category=r.category,
                evidence=r.evidence, severity=r.severity, likelihood=r.likelihood,
                impact=r.impact, owner=r.owner, next_action=r.next_action,
                reassess_on=self.d(r.reassess), status=r.status, raised_on=self.d(r.raised),
                trigger_signal=r.trigger, mitigation=r.mitigation, shared=r.shared,
                customer_wording=r.customer_wording,
            )  # fmt: skip
            self.risk_ids.append(risk_id)
            self.saw(Artifact.RISK_REGISTER, r.raised)
        for v in self.spec.reviews:
            # A review looks back on the quarter before it is held.
            self.rows.add(
                "review", account_id=aid, kind=v.kind, date=self.d(v.day),
                period=self.clock.quarter(v.day - 45), goals_recap=v.goals_recap,
                what_changed=v.what_changed, outcomes=v.outcomes, friction=v.friction,
                recommendations=_lines(v.recommendations), decisions_needed=_lines(v.decisions),
                agenda=_lines(v.agenda), next_steps=_lines(v.next_steps), status=v.status,
                internal_notes=v.notes,
            )  # fmt: skip
            self.saw(Artifact.QBR, v.day)

    def _renewal(self) -> None:
        aid, s = self.account_id, self.spec
        plan = s.renewal_plan
        if plan is not None:
            plan_id = self.rows.add(
                "renewal_plan", account_id=aid, started_on=self.d(plan.started),
                decision_milestones=_lines(plan.milestones),
                value_proof_points=_lines(plan.proof_points), objections=_lines(plan.objections),
                internal_support=_lines(plan.support), internal_strategy=plan.strategy,
                probability_override=plan.probability, probability_note=plan.probability_note,
            )  # fmt: skip
            for key in plan.approvers:
                self.rows.add(
                    "renewal_approver", renewal_plan_id=plan_id, stakeholder_id=self.people[key]
                )
            for n in plan.next_steps:
                self.rows.add(
                    "renewal_next_step", renewal_plan_id=plan_id, action=n.action,
                    owner=n.owner, side=n.side, due=self.d(n.due), done=n.done,
                )  # fmt: skip
            self.saw(Artifact.RENEWAL_PLAN, plan.started)
        for step in s.renewal_steps:
            self.rows.add(
                "renewal_step", account_id=aid, renewal_date=self.d(s.renewal), phase=step.phase,
                action=step.action, owner=step.owner, due=self.d(step.due), status=step.status,
            )  # fmt: skip
        for e in s.arr_events:
            self.rows.add(
                "arr_event", account_id=aid, date=self.d(e.day), kind=e.kind,
                amount=float(e.amount), note=e.note,
            )  # fmt: skip
        self._past_renewals()

    def _past_renewals(self) -> None:
        """Each renewal or churn of the ledger as a closed renewal: its outcome, ARR before and
        after, and its checklist, all done (with ``past_plan`` on the latest one).
        """
        aid, s = self.account_id, self.spec
        events = sorted(s.arr_events, key=lambda e: e.day)
        closed = [e for e in events if e.kind in (ArrEventKind.RENEWAL, ArrEventKind.CHURN)]
        people = {p.key: p for p in s.people}
        arr = 0.0
        for e in events:
            before = arr
            arr = 0.0 if e.kind == ArrEventKind.CHURN else arr + _signed(e.kind, e.amount)
            if e not in closed:
                continue
            churned = e.kind == ArrEventKind.CHURN
            plan = s.past_plan if e is closed[-1] else None
            cycle = self.rows.add(
                "renewal_cycle", account_id=aid, renewal_date=self.d(e.day),
                outcome=_outcome(e.kind, e.amount).value, recorded_on=self.d(e.day),
                arr_before=before, arr_after=arr, term_months=None if churned else 12,
                next_renewal_date=None if churned else self.d(e.day + 365), note=e.note,
                had_plan=plan is not None,
                plan_started_on=None if plan is None else self.d(plan.started),
                decision_milestones=None if plan is None else _lines(plan.milestones),
                value_proof_points=None if plan is None else _lines(plan.proof_points),
                objections=None if plan is None else _lines(plan.objections),
                internal_support=None if plan is None else _lines(plan.support),
                internal_strategy=None if plan is None else plan.strategy,
                probability_override=None if plan is None else plan.probability,
                probability_note=None if plan is None else plan.probability_note,
                approvers=None if plan is None else _lines(tuple(
                    f"{people[k].name} ({people[k].title})" for k in plan.approvers
                )),
            )  # fmt: skip
            for n in () if plan is None else plan.next_steps:
                self.rows.add(
                    "renewal_cycle_step", account_id=aid, renewal_cycle_id=cycle,
                    next_step=True, action=n.action, owner=n.owner, side=n.side,
                    due=self.d(n.due), status="done" if n.done else "open",
                )  # fmt: skip
            for step in DEFAULT_CHECKLIST:
                due = e.day - step.days_before
                self.rows.add(
                    "renewal_cycle_step", account_id=aid, renewal_cycle_id=cycle,
                    phase=step.phase.value, action=step.action, owner=csm_on(due),
                    due=self.d(due), status="done",
                )  # fmt: skip

    def _growth_and_health(self) -> None:
        aid, s = self.account_id, self.spec
        for v in s.value_items:
            self.rows.add(
                "value_item", account_id=aid, date=self.d(v.day), category=v.category,
                description=v.description, quantified_value=v.value,
                customer_validated=v.validated,
            )  # fmt: skip
        for x in s.expansions:
            self.rows.add(
                "expansion", account_id=aid, kind=x.kind, description=x.description,
                readiness_signals=_lines(x.signals), stage=x.stage, estimated_arr=x.arr,
                expected_close=self.d(x.close),
            )  # fmt: skip
        for f in s.feedback:
            self.rows.add(
                "feedback", account_id=aid, date=self.d(f.day), request=f.request,
                theme=f.theme, severity=f.severity, status=f.status,
                customer_told_on=self.d(f.told_on),
            )  # fmt: skip
        for key, readings in s.signals:
            for day, value in readings:
                self.rows.add(
                    "signal_reading", account_id=aid, date=self.d(day), key=key, value=value
                )
        for o in s.overrides:
            self.rows.add(
                "health_override", account_id=aid, date=self.d(o.day), component=o.component,
                value=o.value, note=o.note,
            )  # fmt: skip

    def _links(self) -> None:
        for link in self.spec.links:
            self.rows.add(
                "link", account_id=self.account_id, label=link.label, target=link.target,
                shareable=link.shareable,
                meeting_id=None if link.meeting is None else self.meeting_ids[link.meeting],
                risk_id=None if link.risk is None else self.risk_ids[link.risk],
                milestone_id=None if link.milestone is None else self.milestone_ids[link.milestone],
            )  # fmt: skip

    def _touches(self) -> None:
        """Stamp each artifact present: on the day the spec says, else on its latest content."""
        chosen = dict(self.latest)
        chosen.update({Artifact(a): day for a, day in self.spec.touched})
        for artifact in Artifact:
            if artifact in chosen:
                moment = dt.datetime.combine(self.clock.day(chosen[artifact]), _EDIT_TIME[artifact])
                self.rows.add(
                    "artifact_touch", account_id=self.account_id, artifact=artifact.value,
                    touched_at=moment,
                )  # fmt: skip
