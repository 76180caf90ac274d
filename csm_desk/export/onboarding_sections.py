"""The sections of the onboarding plan, each a function writing one part from the customer view
(``customer_plans`` lists them in order).
"""

from __future__ import annotations

from csm_desk.engine.vocab import MilestonePhase, MilestoneStatus, Side
from csm_desk.export.branding import Branding
from csm_desk.export.common import MUTED, milestone_status, owner_cell, text_or_agree
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.customer_cover import cover_logos, plan_particulars
from csm_desk.export.customer_summary import onboarding_summary, write_summary
from csm_desk.export.customer_view import CustomerAccountView, ViewMilestone
from csm_desk.export.plan_sections import milestone_title, person, prepared_with
from csm_desk.export.text import day, has_text, one_line, plural


def _onboarding(view: CustomerAccountView) -> list[ViewMilestone]:
    return [m for m in view.milestones if m.phase == MilestonePhase.ONBOARDING.value]


def onboarding_cover(doc: Composer, view: CustomerAccountView, brand: Branding) -> None:
    """Write the onboarding plan's cover: the summary, then key facts, go-live and progress."""
    customer = one_line(view.name)
    onboarding = _onboarding(view)
    done = sum(1 for m in onboarding if m.status == MilestoneStatus.COMPLETE.value)
    cover_logos(doc, brand)
    doc.title_block("Onboarding plan", customer, prepared_with(view, brand))
    write_summary(
        doc, onboarding_summary(view), customer=customer, vendor=brand.vendor, as_of=view.as_of
    )
    go_live = next((m for m in onboarding if m.go_live), None)
    doc.facts(
        [
            ("Customer", customer),
            ("Product / plan tier", one_line(view.product_tier) or ""),
            ("Contract start", day(view.contract_start)),
            ("Go-live date", day(view.go_live_date or (go_live.due if go_live else None))),
            ("Customer Success Manager", one_line(view.csm) or ""),
            ("Champion", person(view.champion)),
            (
                "Progress",
                f"{done} of {plural(len(onboarding), 'milestone')} complete" if onboarding else "",
            ),
            *plan_particulars(view, None),
        ]
    )


def live_definition(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write what "live" means, or mark it still to agree."""
    text_or_agree(doc, "What “live” means", view.live_definition, "What “live” means")


def first_value(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write the first-value milestone, or mark it still to agree."""
    milestone = next((m for m in _onboarding(view) if m.first_value), None) or next(
        (m for m in view.milestones if m.first_value), None
    )
    if milestone is None:
        doc.still_to_agree("The first-value milestone: the first result worth celebrating")
        return
    doc.heading("First value")
    owner = one_line(milestone.owner_name)
    status = (
        f"reached on {day(milestone.completed_on)}"
        if milestone.status == MilestoneStatus.COMPLETE.value
        else f"due {day(milestone.due)}"
    )
    doc.callout(
        [
            Span(one_line(milestone.title), bold=True),
            Span(f" — {status}" + (f"; owner {owner}" if owner else "") + "."),
        ]
    )
    doc.note("The first moment the value is real enough to celebrate together.")


def onboarding_milestones(doc: Composer, view: CustomerAccountView, _brand: Branding) -> None:
    """Write the onboarding milestones: owners, due dates, status and dependencies."""
    onboarding = _onboarding(view)
    if not onboarding:
        doc.still_to_agree("Onboarding milestones, with owners on both sides and due dates")
        return
    customer = one_line(view.name)
    doc.heading("Milestones")
    numbers = {m.id: i + 1 for i, m in enumerate(onboarding)}
    rows: list[list[Inline]] = []
    for m in onboarding:
        before = view.milestone(m.depends_on_id)
        if before is None:
            depends: Inline = ""
        elif before.id in numbers:
            depends = f"{numbers[before.id]}. {one_line(before.title)}"
        else:
            depends = one_line(before.title)
        rows.append(
            [
                str(numbers[m.id]),
                milestone_title(m),
                owner_cell(m.owner_side, m.owner_name, customer),
                depends,
                day(m.due),
                milestone_status(m.status, m.completed_on, m.due, view.as_of),
            ]
        )
    doc.table(
        (
            Column("#", 0.35, "right"),
            Column("Milestone", 2.6),
            Column("Owner", 1.6),
            Column("Depends on", 1.55),
            Column("Due", 1.15),
            Column("Status", 1.3),
        ),
        rows,
    )


def owners_on_both_sides(doc: Composer, view: CustomerAccountView, brand: Branding) -> None:
    """Write who owns onboarding milestones on the vendor's side and the customer's."""
    onboarding = _onboarding(view)
    if not onboarding:
        return
    doc.heading("Owners on both sides", 2)
    for side, heading in (
        (Side.VENDOR.value, brand.vendor_title),
        (Side.CUSTOMER.value, one_line(view.name)),
    ):
        names = sorted(
            {
                one_line(m.owner_name)
                for m in onboarding
                if m.owner_side == side and has_text(m.owner_name)
            }
        )
        doc.paragraph(
            [
                Span(f"{heading}: ", bold=True),
                Span(
                    ", ".join(names) if names else "no owner named yet",
                    colour=None if names else MUTED,
                ),
            ]
        )
