"""Northwind Payments' plans and numbers: onboarding, the joint success plan, the recovery plan,
business reviews, value, expansion, feedback, the sales handoff and the signals behind its dip.
"""

from __future__ import annotations

from typing import Any

from csm_desk.models.demo_data import (
    ArrSpec,
    CadenceSpec,
    Clock,
    Day,
    ExpansionSpec,
    FeedbackSpec,
    HandoffSpec,
    KpiSpec,
    MilestoneSpec,
    ObjectiveSpec,
    PlanItemSpec,
    ReviewSpec,
    UseCaseSpec,
    ValueSpec,
    once,
    series,
)

ALEX, SAM, RYAN, NADIA = "Alex Morgan", "Sam Okafor", "Ryan Castillo", "Nadia Brooks"
GO_LIVE = -213


def _milestones() -> tuple[MilestoneSpec, ...]:
    on, ad, va, ex = "onboarding", "adoption", "value", "expansion"
    return (
        MilestoneSpec("kickoff", on, "Kickoff held and success criteria agreed", "vendor", ALEX,
                      -284, "complete", -284),
        MilestoneSpec("ledger", on, "Sandbox connected to the core ledger (read-only API)",
                      "customer", "Tom Becker", -265, "complete", -262, "kickoff"),
        MilestoneSpec("mapping", on, "Acquirer settlement file mapping signed off", "customer",
                      "Priya Raman", -250, "complete", -252, "ledger"),
        MilestoneSpec("first_value", on, "First EU daily reconciliation closes with no manual "
                      "matching", "vendor", NADIA, -235, "complete", -231, "mapping",
                      first_value=True),
        MilestoneSpec("training", on, "Payment operations team trained (12 analysts)", "vendor",
                      ALEX, -222, "complete", -220, "ledger"),
        MilestoneSpec("go_live", on, "Go-live: every acquiring account reconciled in the "
                      "platform, legacy spreadsheet retired", "customer", "Priya Raman", -215,
                      "complete", GO_LIVE, "first_value", go_live=True),
        MilestoneSpec("queue", ad, "Exception queue used by the whole team (80% of breaks "
                      "closed in-app)", "customer", "Aisha Khan (interim)", -14, "at_risk",
                      None, "go_live"),
        MilestoneSpec("workshop", ad, "Recovery workshop with the interim owner and ops leads",
                      "vendor", ALEX, 6, "in_progress"),
        MilestoneSpec("refresher", ad, "Exception-queue refresher for the six new analysts",
                      "vendor", NADIA, 18, "not_started", None, "workshop"),
        MilestoneSpec("recovered", ad, "Active analysts back above 150 of 200 seats",
                      "customer", "Aisha Khan", 60, "not_started", None, "refresher"),
        MilestoneSpec("close", va, "Month-end close in three working days", "customer",
                      "Marcus Oyelaran", 40, "in_progress", None, "go_live"),
        MilestoneSpec("payouts", ex, "Marketplace payouts reconciliation pilot scoped",
                      "customer", "Tom Becker", 120, "not_started", None, "recovered"),
    )  # fmt: skip


def _objectives() -> tuple[ObjectiveSpec, ...]:
    return (
        ObjectiveSpec("daily", "Close the books every day by 10 a.m. without manual matching.",
                      True),
        ObjectiveSpec("month_end", "Cut month-end close from six working days to three."),
        ObjectiveSpec("scale", "Add two new acquiring partners next year without hiring more "
                      "reconciliation analysts."),
        ObjectiveSpec("audit", "Give audit a complete trail of every break and how it was "
                      "resolved."),
    )  # fmt: skip


def _kpis() -> tuple[KpiSpec, ...]:
    return (
        KpiSpec("daily", "Auto-match rate", "%", 62, 95, 100,
                "Platform reconciliation dashboard",
                ((-230, 78), (-200, 86), (-170, 90), (-140, 92), (-110, 93), (-80, 92),
                 (-50, 90), (-20, 87))),
        KpiSpec("month_end", "Month-end close", "working days", 6, 3, 40,
                "Finance close calendar (Marcus Oyelaran's team)",
                ((-235, 6), (-205, 5), (-174, 5), (-143, 4), (-113, 4), (-82, 4), (-52, 4),
                 (-21, 5)), higher_is_better=False),
        KpiSpec("daily", "Exceptions closed in-app within 24 h", "%", 0, 80, 20,
                "Exception queue report",
                ((-200, 45), (-170, 62), (-140, 71), (-110, 76), (-80, 74), (-50, 66),
                 (-20, 54))),
        KpiSpec("scale", "Transactions reconciled per analyst per day", "transactions", 1800,
                4000, 190, "Operations productivity tracker",
                ((-180, 2600), (-90, 3300), (-30, 3100))),
    )  # fmt: skip


def _use_cases() -> tuple[UseCaseSpec, ...]:
    return (
        UseCaseSpec("daily", "Daily card-acquiring reconciliation",
                    "Settlement files from both acquirers matched to the ledger every morning.",
                    "complete"),
        UseCaseSpec("daily", "Exception queue and break resolution",
                    "Every unmatched item worked, assigned and closed in the queue.", "at_risk"),
        UseCaseSpec("month_end", "Month-end accrual matching",
                    "Accruals matched to settlements so finance can close without rework.",
                    "in_progress"),
        UseCaseSpec("audit", "Audit trail export",
                    "Break history exported in the auditors' format for the annual audit.",
                    "not_started"),
        UseCaseSpec("scale", "New acquirer feed onboarding",
                    "A new acquirer's files mapped and reconciled within two weeks.",
                    "not_started"),
    )  # fmt: skip


def _plan_items(c: Clock) -> tuple[PlanItemSpec, ...]:
    return (
        PlanItemSpec("30", "Document the champion departure and hand Priya's open items to "
                     "Aisha Khan", ALEX, -18, "done"),
        PlanItemSpec("30", "Executive outreach: Sam Okafor to Elena Vasquez", SAM, -9, "done"),
        PlanItemSpec("30", "Run the recovery workshop and re-baseline the exception workflow",
                     ALEX, 6),
        PlanItemSpec("30", "Confirm Aisha Khan as programme owner in writing, with Elena "
                     "Vasquez's backing", ALEX, 10),
        PlanItemSpec("60", "Re-enable the six new analysts on the exception queue", NADIA, 18),
        PlanItemSpec("60", "Walk Greg Halvorsen through the audit-trail export and the data "
                     "residency answers", RYAN, 30),
        PlanItemSpec("60", f"Present the renewal proposal to Marcus Oyelaran by {c.say(35)}",
                     RYAN, 35),
        PlanItemSpec("90", "Active analysts back above 150; auto-match rate back above 92%",
                     ALEX, 60),
        PlanItemSpec("90", "Qualify the marketplace payouts pilot with Tom Becker", ALEX, 80),
    )  # fmt: skip


def _reviews(c: Clock) -> tuple[ReviewSpec, ...]:
    return (
        ReviewSpec(
            "qbr", -110,
            "Close the books daily by 10 a.m. without manual matching; month-end close in "
            "three days; two new acquirers without new hires.",
            "Go-live on every acquiring account; the legacy spreadsheet switched off; the "
            "US acquirer files added.",
            "Auto-match rate up from 62% to 93%. Month-end close down from six working days to "
            "four. About 30 analyst hours a week no longer spent matching by hand.",
            "Exception queue used by about three quarters of analysts; the rest still export "
            "to spreadsheets. Risk & Compliance wants a written answer on EU data residency.",
            ("Make the exception queue the only place breaks are worked",
             "Scope the marketplace payouts pilot after the audit"),
            (f"Northwind: confirm the three-day close target for {c.quarter(40)}",
             "Northwind: name a reviewer for the data residency answer"),
            ("Goals and progress", "Value delivered", "Friction and risks", "Next quarter"),
            ("Audit-trail sample to Risk & Compliance", "Vendor risk questionnaire",
             "Next review in three months"),
        ),
        ReviewSpec(
            "qbr", 10,
            "The same goals, plus an owner for the programme after Priya's departure.",
            "Priya Raman left; Aisha Khan is interim owner. Six new analysts joined. Usage "
            "dipped from a peak of 168 to 112 active analysts.",
            "Auto-match rate 87% (from 62% before the platform). Month-end close back at five "
            "days last month, from four the quarter before.",
            "Usage fell after the team changes; exceptions closed in-app within 24 h down to "
            "54%. The vendor risk questionnaire is still open.",
            ("Refresher training for the new analysts", "Weekly usage review until recovered",
             "A permanent programme owner before the renewal"),
            ("Northwind: confirm the programme owner", "Both: agree the recovery milestones"),
            ("Where we are", "Recovery plan", "Value to date", "Renewal timeline"),
            ("Recovery workshop follow-up", "Renewal proposal"),
            status="draft",
            notes="Draft for the review with Marcus and Elena; keep the recovery plan "
            "front and centre, no expansion talk.",
        ),
    )  # fmt: skip


def _signals() -> tuple[tuple[str, tuple[tuple[Day, float], ...]], ...]:
    return (
        once("licensed_seats", (-280, 200)),
        series("active_users", (120, 150, 164, 168, 165, 160, 155, 112)),
        series("logins_per_user_month", (9, 13, 16, 17, 16, 14, 12, 4)),
        once("key_features", (-280, 8)),
        series("features_in_use", (3, 5, 6, 6, 6, 6, 6, 4)),
        once("nps", (-150, 8), (-20, 6)),
        once("csat", (-180, 5), (-100, 4), (-40, 4), (-15, 3)),
        once("ces", (-150, 3), (-15, 5)),
        once("csm_read", (-215, 4), (-125, 4), (-65, 4), (-35, 3), (-20, 2)),
        once("open_high_sev_tickets", (-215, 0), (-10, 1)),
        series("tickets_30d", (5, 4, 3, 3, 3, 3, 4, 5)),
        series("tickets_monthly_avg_90d", (5, 4, 4, 3, 3, 3, 3.3, 4)),
    )


def northwind_plan(c: Clock, renewal: Day) -> dict[str, Any]:
    """The AccountSpec fields of Northwind's plans, value and health inputs."""
    return {
        "live_definition": "Live means every acquiring account (EU and US) is reconciled daily "
        "in the platform, breaks are worked in the exception queue rather than in "
        "spreadsheets, and the legacy reconciliation spreadsheet is switched off.",
        "go_live": GO_LIVE,
        "vision": "Northwind's payment operations team closes every day's books by 10 a.m. "
        "without manual matching, so the business can add acquiring partners and markets "
        "without adding headcount. Finance gets a month-end close that is fast, auditable "
        "and uneventful.",
        "statement": "“If my team spends its mornings fixing breaks instead of hunting for "
        "them, and month-end stops being a week of overtime, this was worth it.” "
        "(Priya Raman, Director of Payment Operations)",
        "cadence": "quarterly",
        "indicators": (
            "Weekly active analysts in the exception queue",
            "Share of breaks closed in-app within 24 hours",
            "Auto-match rate on the daily runs",
            "Logins per analyst per month",
        ),
        "escalation": (
            "Day to day: Alex Morgan (CSM) ↔ Aisha Khan (interim programme owner)",
            "Management: Dana Whitfield (Director, Customer Success) ↔ Marcus Oyelaran (CFO)",
            "Executive: Sam Okafor (VP Customer Success) ↔ Elena Vasquez (COO)",
        ),
        "milestones": _milestones(),
        "objectives": _objectives(),
        "kpis": _kpis(),
        "use_cases": _use_cases(),
        "commitments": (
            ("vendor", "A named onboarding engineer until the second acquirer feed is live."),
            ("vendor", "Refresher sessions for new analysts within ten working days of a "
             "request."),
            ("vendor", "A monthly usage and auto-match report to the programme owner."),
            ("vendor", "A roadmap preview of marketplace payouts before the renewal decision."),
            ("customer", "A named owner of the reconciliation programme (interim: Aisha Khan)."),
            ("customer", "Ledger API access kept current when schemas change, with a week's "
             "notice."),
            ("customer", "New analysts attend enablement in their first two weeks."),
            ("customer", "Month-end close data shared for the quarterly value review."),
        ),
        "cadence_items": (
            CadenceSpec("Weekly recovery check-in", "Aisha Khan, Daniel Cho", "Weekly", "Video",
                        ALEX, 3),
            CadenceSpec("Usage and auto-match report", "Aisha Khan, Tom Becker", "Monthly",
                        "Email", ALEX, 8),
            CadenceSpec("Quarterly business review", "Marcus Oyelaran, Elena Vasquez, Aisha "
                        "Khan", "Quarterly", "On site", ALEX, 10),
            CadenceSpec("Executive sponsor touchpoint", "Elena Vasquez", "Quarterly", "Call",
                        SAM, 5),
        ),
        "plan_items": _plan_items(c),
        "arr_events": (
            ArrSpec(renewal - 365, "new", 78_000, "Initial contract: 200 seats, EU acquiring"),
            ArrSpec(-200, "expansion", 7_000, "Added the US acquirer feed"),
        ),
        "value_items": (
            ValueSpec(-200, "efficiency", "Legacy spreadsheet retired: about 30 analyst hours "
                      "a week no longer spent matching by hand.", 62_000, True),
            ValueSpec(-120, "efficiency", "Month-end close shortened from six working days to "
                      "four.", 45_000, True),
            ValueSpec(-60, "risk", "No unexplained breaks in the audit sample, the first clean "
                      "sample in three years.", None, False),
        ),
        "expansions": (
            ExpansionSpec("cross_sell", "Marketplace payouts reconciliation module",
                          ("Tom Becker asked for a roadmap preview",
                           "Marketplace volumes doubled in 12 months"),
                          "identified", 28_000, renewal + 90),
        ),
        "feedback": (
            FeedbackSpec(-140, "Bulk-close similar exceptions in one action", "Exception queue",
                         "medium", "planned", -100),
            FeedbackSpec(-60, "Export the audit trail as signed PDF in the auditors' format",
                         "Audit", "high", "open"),
            FeedbackSpec(-30, "Role-based views so new analysts only see their own queues",
                         "Permissions", "medium", "shipped", -10),
        ),
        "handoff": HandoffSpec(
            -292, RYAN,
            "Reconciling card-acquiring settlements by hand took 12 analysts most of each "
            "morning, and month-end close ran to six working days.",
            "Two new acquiring partners were signed for the coming year; the spreadsheet "
            "process would not scale without four more analysts.",
            "Native matching for acquirer settlement files and an exception queue with an audit "
            "trail; the alternative needed a data-warehouse project first.",
            ("Auto-match rate above 90%", "Audit trail for every break",
             "Live within three months", "EU data stays in the EU"),
            ("Daily reconciliation closed by 10 a.m.", "Month-end close in three days within "
             "a year", "Audit-ready break history"),
            ("Champion-led purchase: Priya Raman drove it, the CFO was neutral",
             "Risk & Compliance raised EU data residency late in the cycle"),
            "ReconPoint; an in-house build",
            "Priya is the relationship. Get the CFO and COO to a review early.",
        ),
        "reviews": _reviews(c),
        "signals": _signals(),
    }  # fmt: skip
