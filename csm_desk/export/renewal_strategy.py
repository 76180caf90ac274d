"""The internal renewal strategy, and the renewal sections the account brief shares with it."""

from __future__ import annotations

from csm_desk.engine.renewals import PHASE_GUIDANCE, PHASE_ORDER
from csm_desk.engine.vocab import RenewalPhase, Role, Side, Stance, StepStatus
from csm_desk.export.common import BAD, GOOD, MUTED, WARN, label_of, owner_cell
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.internal_view import AccountDossier, Row
from csm_desk.export.past_renewals import past_renewals
from csm_desk.export.text import (
    day,
    days_phrase,
    has_text,
    lines,
    long_day,
    money,
    one_line,
)

STANCE_COLOURS = {
    Stance.SUPPORTER.value: GOOD,
    Stance.NEUTRAL.value: WARN,
    Stance.RESISTANT.value: BAD,
}


def stance_cell(stance: str | None) -> Inline:
    """A stakeholder's stance in words, coloured, or "Unknown"."""
    if not stance:
        return Span("Unknown", colour=MUTED)
    return Span(label_of(Stance, stance), colour=STANCE_COLOURS.get(stance))


def person_cell(person: Row) -> Inline:
    """A stakeholder's name in bold, with their title below."""
    title = one_line(person.get("title"))
    spans: list[str | Span] = [Span(one_line(person["name"]), bold=True)]
    if title:
        spans.append(Span(f"\n{title}", colour=MUTED))
    return spans


def roles_text(dossier: AccountDossier, person: Row) -> str:
    """A stakeholder's roles in words, comma-separated."""
    return ", ".join(label_of(Role, r) for r in dossier.roles(person)) or ""


def renewal_summary(
    dossier: AccountDossier,
) -> tuple[list[tuple[str, Inline]], list[tuple[str, Inline]]]:
    """The renewal's particulars: date, countdown and phase, probability and forecast."""
    result = dossier.result
    plan = dossier.first("renewal_plan")
    days = result.days_to_renewal
    when = day(result.facts.renewal_date)
    if result.renewal_date_derived:
        when += " (derived from contract start + term)"
    if days is not None:
        when += f" ({days_phrase(days)})"
    source = (
        "set by hand"
        if result.probability_source == "override"
        else f"from the {result.health.band.phrase} health band"
    )
    probability: list[str | Span] = [
        Span(f"{result.renewal_probability:.0%}", bold=True),
        Span(f" — {source}"),
    ]
    if plan is not None and has_text(plan.get("probability_note")):
        probability.append(Span(f"\n{one_line(plan['probability_note'])}", colour=MUTED))
    return [
        ("Renewal date", when),
        (
            "Phase",
            label_of(RenewalPhase, result.renewal_phase.value) if result.renewal_phase else "",
        ),
        ("ARR", money(result.arr, dossier.currency)),
        ("Forecast ARR", money(result.forecast_arr, dossier.currency)),
    ], [
        ("Renewal probability", probability),
        ("Plan started", day(plan.get("started_on")) if plan else "No renewal plan yet"),
    ]


def approvers_table(doc: Composer, dossier: AccountDossier) -> None:
    """Write the renewal's approvers: roles, stance, influence, strength, part in the decision."""
    people = [p for p in (dossier.person(i) for i in dossier.approver_ids) if p is not None]
    if not people:
        doc.note("No approvers are named yet.")
        return
    doc.table(
        (
            Column("Approver", 2.2),
            Column("Roles", 1.6),
            Column("Stance", 0.9),
            Column("Influence", 0.8, "center"),
            Column("Strength", 0.9, "center"),
            Column("Role in the decision", 1.8),
        ),
        [
            [
                person_cell(p),
                roles_text(dossier, p),
                stance_cell(p.get("stance")),
                f"{p['influence']}/5" if p.get("influence") else "",
                f"{p['relationship_strength']}/5" if p.get("relationship_strength") else "",
                one_line(p.get("renewal_role")) or "",
            ]
            for p in people
        ],
    )


def plan_lists(doc: Composer, dossier: AccountDossier, *, level: int = 2) -> None:
    """Objections, internal support, strategy, proof points and the decision timeline."""
    plan = dossier.first("renewal_plan")
    if plan is None:
        doc.note("There is no renewal plan yet.")
        return
    for heading, field in (
        ("Risks and objections", "objections"),
        ("Internal support needed", "internal_support"),
    ):
        doc.heading(heading, level)
        items = lines(plan.get(field))
        if items:
            doc.bullets(items)
        else:
            doc.note("Nothing recorded yet.")
    doc.heading("Strategy", level)
    if has_text(plan.get("internal_strategy")):
        doc.text(plan.get("internal_strategy"))
    else:
        doc.note("The strategy is still to be written.")
    doc.heading("Value proof points", level)
    proof = lines(plan.get("value_proof_points"))
    if proof:
        doc.bullets(proof)
    else:
        doc.note("No proof points yet.")
    timeline = lines(plan.get("decision_milestones"))
    if timeline:
        doc.heading("Timeline to decision", level)
        doc.bullets(timeline)


def next_steps_table(doc: Composer, dossier: AccountDossier) -> None:
    """Write the renewal's next steps: owner, due date and status, or a note if none."""
    steps = dossier.table("renewal_next_step")
    if not steps:
        doc.note("No next steps yet.")
        return
    doc.table(
        (Column("Next step", 3.6), Column("Owner", 1.9), Column("Due", 1.1), Column("Status", 1.0)),
        [
            [
                one_line(s["action"]),
                owner_cell(s.get("side"), s.get("owner"), dossier.name),
                day(s.get("due")),
                Span("Done", colour=GOOD)
                if s.get("done")
                else (
                    Span("Overdue", colour=BAD)
                    if s.get("due") and s["due"] < dossier.as_of
                    else "Open"
                ),
            ]
            for s in steps
        ],
    )


def checklist_table(doc: Composer, dossier: AccountDossier) -> None:
    """The phase checklist of the current renewal, phase by phase."""
    # The steps of this renewal: as stored, or the derived date the plan was started for.
    renewals = (None, dossier.account.get("renewal_date"), dossier.result.facts.renewal_date)
    steps = [s for s in dossier.table("renewal_step") if s.get("renewal_date") in renewals]
    if not steps:
        doc.note("No checklist has been started for this renewal.")
        return
    order = {p.value: i for i, p in enumerate(PHASE_ORDER)}
    steps.sort(key=lambda s: (order.get(s["phase"], 99), s.get("due") or dossier.as_of))
    current = dossier.result.renewal_phase
    rows: list[list[Inline]] = []
    for s in steps:
        status = s["status"]
        late = (
            status == StepStatus.OPEN.value
            and current is not None
            and s["phase"] in order
            and order[s["phase"]] < order[current.value]
        )
        if status == StepStatus.DONE.value:
            shown: Inline = Span("Done", colour=GOOD)
        elif status == StepStatus.SKIPPED.value:
            shown = Span("Skipped", colour=MUTED)
        elif late:
            shown = Span("Open — phase passed", colour=BAD)
        else:
            shown = "Open"
        rows.append(
            [
                label_of(RenewalPhase, s["phase"]),
                one_line(s["action"]),
                one_line(s.get("owner")) or "",
                day(s.get("due")),
                shown,
            ]
        )
    doc.table(
        (
            Column("Phase", 1.1),
            Column("Step", 3.0),
            Column("Owner", 1.4),
            Column("Due", 1.0),
            Column("Status", 1.5),
        ),
        rows,
    )


def build_renewal_strategy(doc: Composer, dossier: AccountDossier) -> None:
    """Approvers and their stance, objections, internal support, probability (source and
    note), phase and checklist, then the past renewals and the plans they were worked with.
    """
    result = dossier.result
    renewal = result.facts.renewal_date
    doc.title_block(
        "Renewal strategy",
        one_line(dossier.name),
        (f"Renewal on {long_day(renewal)}" if renewal else "No renewal date")
        + f" · as of {long_day(dossier.as_of)}",
    )
    short, wide = renewal_summary(dossier)
    doc.facts(short, wide=wide, columns=2)
    doc.heading("Approvers")
    approvers_table(doc, dossier)
    doc.heading("The plan")
    plan_lists(doc, dossier)
    doc.heading("Next steps")
    next_steps_table(doc, dossier)
    doc.heading("Phase and checklist")
    phase = result.renewal_phase
    if phase is not None:
        doc.callout([Span(f"{phase.label}: ", bold=True), Span(PHASE_GUIDANCE[phase])])
    checklist_table(doc, dossier)
    owners = sorted(
        {
            one_line(s.get("owner"))
            for s in dossier.table("renewal_next_step")
            if s.get("side") == Side.VENDOR.value and has_text(s.get("owner"))
        }
    )
    if owners:
        doc.note("Our people on this renewal: " + ", ".join(owners) + ".")
    doc.heading("Past renewals")
    past_renewals(doc, dossier)
