"""The sections of the joint success plan, each a function writing one part from the customer
view (``customer_plans`` lists them in order), and the plan helpers the onboarding plan and the
reviews share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from csm_desk.engine.vocab import (
    MilestonePhase,
    MilestoneStatus,
    PlanStatus,
    ReviewCadence,
    Side,
)
from csm_desk.export.branding import Branding
from csm_desk.export.common import (
    KPI_COLUMNS,
    kpi_movement,
    label_of,
    milestone_status,
    owner_cell,
    phrase_of,
    section,
)
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.customer_cover import cover_logos, plan_particulars
from csm_desk.export.customer_summary import (
    success_plan_summary,
    write_summary,
)
from csm_desk.export.customer_view import CustomerAccountView, SharedRisk, ViewMilestone
from csm_desk.export.text import (
    date_range,
    day,
    has_text,
    lines,
    long_day,
    number,
    one_line,
    plural,
    split_quote,
)

# One part of a plan, written from the customer view with the cover's branding.
PlanSection = Callable[[Composer, CustomerAccountView, Branding], None]


def contract_term(view: CustomerAccountView) -> str:
    """The contract's term: its dates and length in months, or the length alone."""
    period = date_range(view.contract_start, view.renewal_date)
    months = plural(view.contract_term_months, "month")
    return f"{period} ({months})" if period else months


def prepared_with(view: CustomerAccountView, brand: Branding) -> str:
    """The cover's byline: with whom, by whom and as of when the plan was prepared.

    "Prepared with Northwind Payments by Maya Lindqvist of Acme · 22 November 2026".
    """
    customer = one_line(view.name)
    csm = one_line(view.csm) or "your Customer Success Manager"
    company = f" of {brand.vendor}" if brand.vendor_named else ""
    return f"Prepared with {customer} by {csm}{company} · {long_day(view.as_of)}"


def person(view_person: object | None) -> str:
    """A person as a plan names them (name, title), or "" without one."""
    shown = getattr(view_person, "shown", None)
    return one_line(shown()) if callable(shown) else ""


def kpi_rows(view: CustomerAccountView) -> list[list[Inline]]:
    """A row per success metric: baseline, movement, target, by when and data source."""
    return [
        [
            Span(one_line(k.name), bold=True),
            number(k.baseline, k.unit),
            kpi_movement(k.baseline, k.current, k.target, k.higher_is_better, k.unit),
            number(k.target, k.unit),
            day(k.by_when),
            one_line(k.data_source) or "",
        ]
        for k in view.kpis
    ]


def milestone_title(m: ViewMilestone) -> Inline:
    """A milestone's title, tagged below when it marks first value or go-live."""
    spans: list[str | Span] = [Span(one_line(m.title))]
    tags = []
    if m.first_value:
        tags.append("First value")
    if m.go_live:
        tags.append("Go-live")
    if tags:
        spans.append(Span("\n" + " · ".join(tags), bold=True, colour="2B6CB0"))
    return spans


def _milestone_rows(view: CustomerAccountView, items: list[ViewMilestone]) -> list[list[Inline]]:
    return [
        [
            milestone_title(m),
            owner_cell(m.owner_side, m.owner_name, view.name),
            day(m.due),
            milestone_status(m.status, m.completed_on, m.due, view.as_of),
        ]
        for m in items
    ]


def success_cover(doc: Composer, view: CustomerAccountView, brand: Branding) -> None:
    """Write the success plan's cover: summary, then the plan's key facts."""
    customer = one_line(view.name)
    cover_logos(doc, brand)
    doc.title_block("Joint success plan", customer, prepared_with(view, brand))
    write_summary(
        doc, success_plan_summary(view), customer=customer, vendor=brand.vendor, as_of=view.as_of
    )
    doc.facts(
        [
            ("Customer", customer),
            ("Product / plan tier", one_line(view.product_tier) or ""),
            ("Contract term", contract_term(view)),
            ("Customer Success Manager", one_line(view.csm) or ""),
            ("Champion", person(view.champion)),
            ("Executive sponsor", person(view.executive_sponsor)),
            ("Last updated", day(view.success_plan_updated)),
            ("Status", label_of(PlanStatus, view.plan_status)),
            *plan_particulars(view, view.success_plan_updated),
        ]
    )


def vision(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """The heading of the plan's "why" (vision, goals, the champion's words, use cases) and the
    vision itself.
    """
    has_vision = has_text(view.success_vision)
    if has_vision or view.objectives or has_text(view.success_statement) or view.use_cases:
        doc.heading("What success looks like")
    if has_vision:
        doc.text(view.success_vision)
    else:
        doc.still_to_agree("What success looks like: the vision for this partnership")


def goals(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write the plan's business goals, primary first, or mark them still to agree."""
    if not view.objectives:
        doc.still_to_agree("The business goals this plan serves")
        return
    doc.heading("Goals", 2)
    doc.numbered(
        [Span("Primary goal: ", bold=True), Span(one_line(o.text))]
        if o.primary
        else one_line(o.text)
        for o in view.objectives
    )


def success_statement(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write success in the customer's words, said by whom, if the plan has it."""
    if not has_text(view.success_statement):
        return
    words, said_by = split_quote(view.success_statement)
    if view.statement_by_former:
        # Whoever said it has left: the words stand, not as the current champion's.
        doc.heading("Success, in our customer’s words", 2)
        doc.quote(words, None)
        return
    if said_by is None and view.champion is not None:
        said_by = one_line(view.champion.shown())
    doc.heading("Success, in the champion’s words", 2)
    doc.quote(words, said_by)


def use_cases(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write the use cases, each with the goal it serves and its status."""
    if not view.use_cases:
        return
    goal_numbers = {o.id: i + 1 for i, o in enumerate(view.objectives)}
    doc.heading("Use cases", 2)
    doc.table(
        (
            Column("Use case", 2.2),
            Column("What it involves", 3.4),
            Column("Goal", 0.8),
            Column("Status", 1.2),
        ),
        [
            [
                Span(one_line(u.title), bold=True),
                one_line(u.description) or "",
                f"Goal {goal_numbers[u.objective_id]}" if u.objective_id in goal_numbers else "",
                label_of(MilestoneStatus, u.status),
            ]
            for u in view.use_cases
        ],
    )


def success_metrics(
    doc: Composer, view: CustomerAccountView, _brand: Branding, *, kpi_png: bytes | None
) -> None:
    """The metrics' table and the chart of their progress (``kpi_png``, when drawn)."""
    if view.kpis or lines(view.leading_indicators):
        doc.heading("Success metrics")
    if not view.kpis:
        doc.still_to_agree("Success metrics, each with a baseline, a target and a date")
        return
    doc.table(
        KPI_COLUMNS,
        kpi_rows(view),
        caption=f"Current values are the latest readings on or before {long_day(view.as_of)}.",
    )
    if kpi_png is not None:
        doc.image(
            kpi_png,
            alt="Chart of each success metric's progress from baseline toward its target: "
            + ", ".join(one_line(k.name) for k in view.kpis),
            caption="How far each metric has come from its baseline toward its target.",
        )


def leading_indicators(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write the early signs that the plan is on track, if any."""
    indicators = lines(view.leading_indicators)
    if indicators:
        doc.heading("Leading indicators", 2)
        doc.note("Early signs that the plan is on track.", keep_next=True)
        doc.bullets(indicators)


def milestones_by_phase(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write the milestones, phase by phase, or mark them still to agree."""
    if view.milestones:
        doc.heading("Milestones")
    else:
        doc.still_to_agree("Milestones, each with an owner and a due date")
    for phase in MilestonePhase:
        items = [m for m in view.milestones if m.phase == phase.value]
        if items:
            doc.heading(phase.label, 2)
            doc.table(
                (
                    Column("Milestone", 3.0),
                    Column("Owner", 1.8),
                    Column("Due", 1.05),
                    Column("Status", 1.65),
                ),
                _milestone_rows(view, items),
            )


def commitments(doc: Composer, view: CustomerAccountView, brand: Branding) -> None:
    """Write what each side commits to, or mark it still to agree."""
    if view.commitments:
        doc.heading("Mutual commitments")
    else:
        doc.still_to_agree("What each side commits to")
    for side, heading in (
        (Side.VENDOR.value, f"{brand.vendor_title} commits to"),
        (Side.CUSTOMER.value, f"{one_line(view.name)} commits to"),
    ):
        promised = [one_line(c.text) for c in view.commitments if c.side == side]
        if promised:
            doc.heading(heading, 2)
            doc.bullets(promised)


def engagement(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write the touchpoints and the review cadence."""
    if view.cadence or view.review_cadence:
        doc.heading("Engagement and communication")
    if view.cadence:
        doc.table(
            (
                Column("Touchpoint", 1.8),
                Column("With", 1.6),
                Column("How often", 1.2),
                Column("Channel", 1.2),
                Column("Owner", 1.2),
                Column("Next", 1.0),
            ),
            [
                [
                    Span(one_line(c.touchpoint), bold=True),
                    one_line(c.audience_names) or "",
                    one_line(c.frequency) or "",
                    one_line(c.channel) or "",
                    one_line(c.owner) or "",
                    day(c.next_date),
                ]
                for c in view.cadence
            ],
        )
    if view.review_cadence:
        doc.paragraph(
            [
                Span("Business reviews: ", bold=True),
                Span(phrase_of(ReviewCadence, view.review_cadence)),
                Span(" — progress against this plan is reviewed together at each one."),
            ]
        )
    elif not view.cadence:
        doc.still_to_agree("How often we meet, who joins, and when we review progress")


def shared_risks(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write the risks shared with the customer, or mark them still to agree."""
    section(
        doc,
        "Shared risks",
        view.shared_risks,
        lambda: shared_risk_table(doc, view.shared_risks),
        agree="The risks we share, and what each side does about them",
    )


def useful_links(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """The links the CSM marked shareable (none: no section)."""
    if not view.shared_links:
        return
    doc.heading("Useful links")
    doc.table(
        (Column("What", 2.5), Column("Where", 4.5)),
        [[one_line(link.label), one_line(link.target)] for link in view.shared_links],
    )


def escalation_path(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write whom to turn to, in order, or mark it still to agree."""
    steps = lines(view.escalation_path)
    if not steps:
        doc.still_to_agree("Whom we turn to, in order, if the plan falls off track")
        return
    doc.heading("Escalation path")
    doc.note("If the plan falls off track, we escalate in this order.", keep_next=True)
    doc.numbered(steps)


def shared_risk_table(
    doc: Composer,
    risks: Sequence[SharedRisk],
    *,
    risk: str = "Risk",
    action: str = "Mitigation",
) -> None:
    """The risks shared with the customer, in their customer wording only."""
    doc.table(
        (Column(risk, 3.0), Column("Likelihood", 1.0), Column("Impact", 1.0), Column(action, 3.0)),
        [
            [
                one_line(r.customer_wording) or "",
                (r.likelihood or "").capitalize(),
                (r.impact or "").capitalize(),
                one_line(r.mitigation) or "",
            ]
            for r in risks
        ],
    )
