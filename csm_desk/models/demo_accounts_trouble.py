"""The demo book's accounts in trouble: the largest account with no champion and Sev-1s open,
an overdue renewal nobody owns, a small studio barely using its seats, and a quiet slide.
"""

from __future__ import annotations

from csm_desk.models.demo_data import (
    OWNER,
    AccountSpec,
    Action,
    ArrSpec,
    CadenceSpec,
    Clock,
    ExpansionSpec,
    FeedbackSpec,
    KpiSpec,
    MeetingSpec,
    MilestoneSpec,
    NextStep,
    ObjectiveSpec,
    Person,
    RenewalPlanSpec,
    ReviewSpec,
    RiskSpec,
    business_review,
    checklist,
    once,
    past_onboarding,
    series,
)

ALEX = OWNER


def cobalt_ridge(c: Clock) -> AccountSpec:
    """The largest account, in critical health: champion gone, usage falling, Sev-1s open."""
    renewal = 105
    start = renewal - 3 * 365
    return AccountSpec(
        name="Cobalt Ridge Energy", crm_id="0015g00000CBLTR", industry="Energy & utilities",
        tier="Enterprise", arr=310_000, contract_start=start, renewal=renewal,
        lifecycle="renewal", factors=(3, 3, 2),
        live_definition="Wholesale energy settlements reconciled daily for every market.",
        go_live=start + 70,
        vision="Settlement disputes found in days, not at quarter end.", cadence="quarterly",
        notes="Jordan's note at hand-over: the relationship was Lars. Build a second thread.",
        people=(
            Person("lars", "Lars Whitaker", "Head of Settlement Operations", "champion", 4, 5,
                   "supporter", "Dispute turnaround.", "Phone", "Sponsored both renewals",
                   -60, departed_on=-50, notes="Retired early; no successor named yet."),
            Person("victoria", "Victoria Hale", "Chief Financial Officer",
                   "economic_buyer,executive_sponsor", 5, 2, "neutral",
                   "Cost cutting in the next budget.",
                   "Through her EA", "Signs the renewal", -200),
            Person("owen", "Owen Pratt", "IT Integration Manager", "technical_owner", 3, 3,
                   "neutral", "The failing market-data interface.", "Ticket updates", None,
                   -35),
            Person("rita", "Rita Gomes", "Settlement Analyst", "end_user", 2, 3, "neutral",
                   "Manual workarounds since the interface broke.", "Email", None, -60,
                   reports_to="lars"),
            Person("paul", "Paul Nakamura", "Procurement Lead", "influencer", 3, 1, "resistant",
                   "Vendor consolidation.", "Email", "Runs the renewal process", -150,
                   influences=("victoria",)),
        ),
        meetings=(
            MeetingSpec(-240, "check_in", "Check-in", ("lars", "rita", "owen"), ALEX,
                        ("Upgrade the market-data interface next quarter",)),
            MeetingSpec(-200, "executive", "Executive check-in", ("victoria", "lars"),
                        f"{ALEX}, Sam Okafor", ("Budget held flat for next year",)),
            MeetingSpec(-130, "qbr", "Business review", ("lars", "owen", "rita"), ALEX,
                        (f"Interface upgrade scheduled for {c.month(-100)}",)),
            MeetingSpec(-60, "check_in", "Check-in", ("lars", "rita"), ALEX,
                        ("Lars to introduce his successor before he leaves",),
                        (Action("Introduce the successor for settlement operations",
                                "Lars Whitaker", "customer", -45, "cancelled"),)),
            MeetingSpec(-35, "check_in", "Sev-1 escalation call", ("owen",),
                        f"{ALEX}, Chris Albright (Support)",
                        ("Support ships a hotfix, then a written root-cause analysis",),
                        actions=(Action("Hotfix for the market-data interface", "Chris Albright",
                                        "vendor", 5),
                                 Action("Provide interface logs", "Owen Pratt", "customer",
                                        -30, "done", -31))),
        ),
        signals=(
            once("licensed_seats", (-400, 600)),
            series("active_users", (420, 410, 400, 380, 330, 280, 230, 180)),
            series("logins_per_user_month", (10, 9, 9, 8, 6, 5, 4, 3)),
            once("key_features", (-400, 9)),
            series("features_in_use", (6, 6, 5, 5, 4, 4, 3, 3)),
            once("nps", (-200, 7), (-90, 4)),
            once("csat", (-130, 3), (-30, 2)),
            once("ces", (-30, 6)),
            once("csm_read", (-215, 3), (-60, 2)),
            once("open_high_sev_tickets", (-215, 0), (-95, 1), (-40, 3)),
            series("tickets_30d", (5, 5, 6, 7, 9, 10, 12, 24)),
            series("tickets_monthly_avg_90d", (5, 5, 5, 6, 7, 8, 9, 11)),
        ),
        milestones=(*past_onboarding(start, "Owen Pratt", "First market settled in-platform"),
                    MilestoneSpec("interface", "adoption", "Market-data interface upgraded",
                                  "vendor", "Chris Albright", 5, "at_risk")),
        objectives=(ObjectiveSpec("disputes", "Find settlement disputes within five days.",
                                  True),),
        kpis=(KpiSpec("disputes", "Days to detect a dispute", "days", 45, 5, 60, "Platform",
                      ((-200, 6), (-90, 12)), higher_is_better=False),),
        risks=(
            RiskSpec("Settlement team usage has halved since the interface broke; they are "
                     "back on spreadsheets.", "adoption", "Active users 410 → 180.", "critical",
                     "high", "high", ALEX, "Workshop with Rita Gomes once the hotfix is in.",
                     -8, "open", -60),
            RiskSpec("Three Sev-1 tickets on the market-data interface.", "support",
                     "Tickets open 40+ days.", "high", "high", "high", "Chris Albright",
                     "Hotfix and a written root-cause analysis.", 10, "mitigating", -40),
        ),
        reviews=(business_review(-130, "Disputes found in 12 days, from 45.",
                         "Interface failures; workarounds by hand.",
                         "Cobalt Ridge: approve the interface upgrade window"),),
        renewal_steps=checklist(renewal, ALEX),
        past_plan=RenewalPlanSpec(
            start + 730 - 110,
            (f"{c.dated(start + 730 - 60)}: renewal proposal to Victoria Hale",
             f"{c.dated(start + 730 - 30)}: procurement review with Paul Nakamura",
             f"{c.dated(start + 730 - 7)}: order form signed"),
            ("Disputes found in 12 days instead of 45", "Four markets settled in-platform"),
            ("Procurement wants 60 unused seats removed", "Budget held flat for the year"),
            ("Finance sign-off on a seat true-down",),
            "Renew the four markets; give back the 60 unused seats rather than risk the "
            "whole renewal, and keep Lars as the sponsor of the interface upgrade.",
            ("victoria", "lars", "paul"),
            (NextStep("Send the renewal proposal", ALEX, "vendor", start + 730 - 60, True),
             NextStep("Procurement review", "Paul Nakamura", "customer", start + 730 - 30, True),
             NextStep("Sign the order form", "Victoria Hale", "customer", start + 730 - 7,
                      True)),
            0.8, "Lars backed the renewal; procurement pushed for fewer seats.",
        ),
        arr_events=(ArrSpec(start, "new", 280_000, "Settlement reconciliation, four markets"),
                    ArrSpec(start + 365, "renewal", 45_000, "Renewed up: two more markets"),
                    ArrSpec(start + 730, "renewal", -15_000, "Renewed down: 60 seats fewer")),
        feedback=(FeedbackSpec(-90, "A supported market-data interface for the new feed",
                               "Integrations", "critical", "planned"),),
        touched=(("success_plan", -50), ("stakeholder_map", -50), ("risk_register", -45),
                 ("recap", -31), ("qbr", -130)),
    )  # fmt: skip


def meridian(c: Clock) -> AccountSpec:
    """A retail chain in emergency: renewal date passed unsigned, nobody owns the platform."""
    renewal = -12
    start = renewal - 365
    return AccountSpec(
        name="Meridian Retail Group", crm_id="0015g00000MRDNR", industry="Retail",
        tier="Professional", arr=42_000, contract_start=start, renewal=renewal,
        lifecycle="renewal", live_definition="Card takings from all 40 stores matched daily.",
        go_live=start + 70,
        notes="Bought by IT to replace a batch script; no business owner ever took it on.",
        people=(
            Person("craig", "Craig Dunmore", "IT Manager", "technical_owner", 3, 2, "neutral",
                   "Keeping the batch jobs green.", "Email", "Raised the purchase order",
                   -95),
            Person("beth", "Beth Alvarez", "Store Finance Coordinator", "end_user", 1, 3,
                   "supporter", "Fewer store cash-up queries.", "Phone", None, -130,
                   reports_to="craig"),
        ),
        meetings=(
            MeetingSpec(-300, "kickoff", "Kickoff", ("craig", "beth"), "Jordan Ellis",
                        ("Pilot with ten stores first",)),
            MeetingSpec(-200, "check_in", "Check-in", ("craig",), ALEX,
                        ("Craig to find a finance sponsor",)),
            MeetingSpec(-95, "check_in", "Renewal heads-up", ("craig",), ALEX,
                        ("Craig to forward the renewal to finance",),
                        (Action("Forward renewal notice to finance", "Craig Dunmore", "customer",
                                -80, "done", -85),)),
        ),
        signals=(
            once("licensed_seats", (-400, 80)),
            series("active_users", (30, 28, 25, 22, 20, 18, 16, 14)),
            series("logins_per_user_month", (3, 3, 2, 2, 2, 1, 1, 1)),
            once("key_features", (-400, 8)),
            series("features_in_use", (2, 2, 2, 2, 1, 1, 1, 1)),
            once("nps", (-200, 5), (-60, 1)),
            once("csat", (-60, 1)),
            once("csm_read", (-200, 2), (-30, 1)),
            once("open_high_sev_tickets", (-215, 1), (-70, 3)),
            series("tickets_30d", (3, 3, 4, 4, 5, 6, 7, 8)),
            series("tickets_monthly_avg_90d", (3, 3, 3, 3.5, 4, 4, 3.5, 3)),
        ),
        milestones=past_onboarding(start, "Craig Dunmore", "First store's card takings matched"),
        risks=(RiskSpec("Renewal unsigned and nobody at Meridian owns the platform; likely "
                        "churn.", "stakeholder", "No reply to three renewal emails; usage at "
                        "18% of seats.", "critical", "high", "high", ALEX,
                        "Ask Ryan Castillo to reach the CFO directly.", 3, "open", -70),),
        renewal_steps=checklist(renewal, ALEX, done=("planning",),
                                left_open=("Set the renewal forecast",)),
        arr_events=(ArrSpec(start, "new", 42_000, "40 stores"),),
        feedback=(FeedbackSpec(-150, "Integration with the store till system",
                               "Integrations", "high", "declined", -140),),
        touched=(("risk_register", -70), ("recap", -95)),
    )  # fmt: skip


def sparrow(c: Clock) -> AccountSpec:
    """A design studio that barely uses its seats, renewing in 50 days."""
    renewal = 50
    start = renewal - 2 * 365
    return AccountSpec(
        name="Sparrow & Finch Studio", crm_id="0015g00000SPRWF", industry="Design agency",
        tier="Starter", arr=6_000, contract_start=start, renewal=renewal, lifecycle="renewal",
        people=(Person("chloe", "Chloe Finch", "Co-founder & Studio Director",
                       "champion,economic_buyer", 5, 2, "neutral", "Cash flow.", "Email",
                       "Decides alone", -120),),
        signals=(
            once("licensed_seats", (-400, 10)),
            series("active_users", (5, 5, 4, 4, 3, 3, 2, 2)),
            series("logins_per_user_month", (4, 4, 3, 3, 3, 2, 2, 2)),
            once("key_features", (-400, 6)),
            series("features_in_use", (2, 2, 2, 1, 1, 1, 1, 1)),
            once("csat", (-100, 3)),
            once("open_high_sev_tickets", (-215, 0), (-20, 1)),
            series("tickets_30d", (1, 1, 1, 2, 2, 2, 2, 4)),
            series("tickets_monthly_avg_90d", (1, 1, 1, 1, 1.5, 2, 2, 2)),
        ),
        renewal_plan=RenewalPlanSpec(
            -20, (f"{c.dated(35)}: downgrade offer answered",), ("Invoices out two days faster",),
            ("Only two people log in",), (),
            "Offer a five-seat plan before the automated renewal notice goes out.", ("chloe",),
            (NextStep("Email the five-seat offer", ALEX, "vendor", 5),),
        ),
        arr_events=(ArrSpec(start, "new", 8_000, "Team plan"),
                    ArrSpec(start + 365, "renewal", -2_000, "Renewed down: fewer seats")),
        feedback=(FeedbackSpec(-60, "Cheaper plan for very small teams", "Pricing", "low",
                               "open"),),
        touched=(("renewal_plan", -10),),
    )  # fmt: skip


def orchard_lane(c: Clock) -> AccountSpec:
    """A food manufacturer sliding quietly: no review in over six months, champion silent."""
    renewal = 130
    start = renewal - 3 * 365
    return AccountSpec(
        name="Orchard Lane Foods", crm_id="0015g00000ORCHD", industry="Food & beverage",
        tier="Professional", arr=54_000, contract_start=start, renewal=renewal,
        lifecycle="adoption", live_definition="Supplier and co-packer invoices matched "
        "before payment.", go_live=start + 70,
        vision="No supplier paid twice.", cadence="semiannual",
        people=(
            Person("ruth", "Ruth Okonkwo", "Head of Finance Operations", "champion", 4, 4,
                   "supporter", "Duplicate payments.", "Phone", "Recommends renewal", -70),
            Person("graham", "Graham Pike", "Finance Director", "economic_buyer", 5, 2,
                   "neutral", "Headcount.", "Email", "Signs", -150),
            Person("lena", "Lena Fischer", "Accounts Payable Clerk", "end_user", 1, 4,
                   "supporter", "Fewer supplier calls.", "In-app chat", None, -50,
                   reports_to="ruth"),
        ),
        meetings=(
            MeetingSpec(-200, "qbr", "Half-year review", ("ruth", "graham", "lena"), ALEX,
                        ("Co-packer invoices added next",)),
            MeetingSpec(-130, "check_in", "Check-in", ("ruth", "lena"), ALEX,
                        ("Co-packer mapping in progress",)),
            MeetingSpec(-70, "check_in", "Check-in", ("ruth", "lena"), ALEX,
                        ("Ruth is covering a vacancy; check-ins move to Lena",)),
            MeetingSpec(-50, "check_in", "Check-in", ("lena",), ALEX,
                        ("Duplicate-payment report goes weekly",),
                        (Action("Retrain two new AP clerks", ALEX, "vendor", -35, "done",
                                -36),)),
        ),
        signals=(
            once("licensed_seats", (-400, 60)),
            series("active_users", (42, 41, 40, 39, 38, 36, 35, 33)),
            series("logins_per_user_month", (11, 10, 10, 9, 9, 8, 8, 7)),
            once("key_features", (-400, 8)),
            series("features_in_use", (5, 5, 5, 4, 4, 4, 4, 4)),
            once("nps", (-200, 8), (-50, 6)),
            once("csat", (-50, 3)),
            once("csm_read", (-200, 4), (-70, 3)),
            once("open_high_sev_tickets", (-215, 0), (-40, 1)),
            series("tickets_30d", (4, 4, 4, 4, 4, 4, 5, 5)),
            series("tickets_monthly_avg_90d", (4, 4, 4, 4, 4, 4, 4, 4)),
        ),
        milestones=past_onboarding(start, "Ruth Okonkwo", "First supplier run matched"),
        objectives=(ObjectiveSpec("dupes", "No supplier paid twice.", True),),
        kpis=(KpiSpec("dupes", "Duplicate payments caught", "per month", 0, 20, 90,
                      "Platform report", ((-150, 14), (-80, 11))),),
        cadence_items=(CadenceSpec("Check-in", "Lena Fischer", "Every six weeks", "Video",
                                   ALEX, 10),),
        risks=(RiskSpec("Champion stretched covering a vacancy; usage drifting.", "adoption",
                        "Active users 42 → 33.", "medium", "medium", "medium", ALEX,
                        "Book a half-year review with Graham Pike.", 15, "open", -45),),
        reviews=(ReviewSpec(
            "qbr", -200, "No supplier paid twice.", "Co-packers next.",
            "$180k of duplicate payments stopped.", "Manual co-packer mapping.",
            ("Map the co-packers",), ("Orchard Lane: assign a co-packer owner",),
            ("Results", "Next half"), ("Co-packer mapping",)),),
        arr_events=(ArrSpec(start, "new", 50_000, "Supplier invoices"),
                    ArrSpec(start + 365, "renewal", 0, "Renewed flat"),
                    ArrSpec(start + 730, "renewal", 0, "Renewed flat"),
                    ArrSpec(-150, "expansion", 4_000, "Co-packer module")),
        expansions=(ExpansionSpec("cross_sell", "Expense management for the sales team", (),
                                  "lost", 12_000, -30),),
        touched=(("success_plan", -80), ("risk_register", -45), ("recap", -49),
                 ("qbr", -200)),
    )  # fmt: skip


def accounts_in_trouble(c: Clock) -> list[AccountSpec]:
    """The demo accounts built to show each alert and at-risk band."""
    return [cobalt_ridge(c), meridian(c), sparrow(c), orchard_lane(c)]
