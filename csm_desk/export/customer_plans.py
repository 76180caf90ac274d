"""The joint success plan and the onboarding plan, written from the customer view only: each a
list of sections (``plan_sections``, ``onboarding_sections``) written in order.
"""

from __future__ import annotations

from functools import partial

from csm_desk.export import onboarding_sections as onboarding
from csm_desk.export import plan_sections as part
from csm_desk.export.branding import Branding
from csm_desk.export.compose import Composer
from csm_desk.export.customer_view import CustomerAccountView
from csm_desk.export.plan_sections import PlanSection

ONBOARDING_PLAN: tuple[PlanSection, ...] = (
    onboarding.onboarding_cover,
    onboarding.live_definition,
    onboarding.first_value,
    onboarding.onboarding_milestones,
    onboarding.owners_on_both_sides,
)


def success_plan_sections(kpi_png: bytes | None) -> tuple[PlanSection, ...]:
    """The success plan's sections in order, the metrics with their chart (when drawn)."""
    return (
        part.success_cover,
        part.vision,
        part.goals,
        part.success_statement,
        part.use_cases,
        partial(part.success_metrics, kpi_png=kpi_png),
        part.leading_indicators,
        part.milestones_by_phase,
        part.commitments,
        part.engagement,
        part.shared_risks,
        part.useful_links,
        part.escalation_path,
    )


def build_success_plan(
    doc: Composer, view: CustomerAccountView, kpi_png: bytes | None, *, brand: Branding = Branding()
) -> None:
    """The joint success plan (DOMAIN.md §2): outcomes, metrics, milestones, commitments."""
    for write in success_plan_sections(kpi_png):
        write(doc, view, brand)


def build_onboarding_plan(
    doc: Composer, view: CustomerAccountView, *, brand: Branding = Branding()
) -> None:
    """The onboarding plan: milestones with owners on both sides, dependencies, what "live"
    means, the first-value milestone, the go-live date.
    """
    for write in ONBOARDING_PLAN:
        write(doc, view, brand)
