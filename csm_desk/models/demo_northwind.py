"""Northwind Payments, the demo's fully worked account: people, meetings, risks, the renewal.

A mid-market FinTech on low touch whose champion left a few weeks ago while adoption slid;
the CSM has opened a recovery plan. The success plan, onboarding, business reviews, health
signals and the rest are in ``demo_northwind_plan``.
"""

from __future__ import annotations

from csm_desk.models.demo_data import (
    PHASES_BEFORE_ENGAGEMENT,
    AccountSpec,
    Action,
    Clock,
    LinkSpec,
    MeetingSpec,
    NextStep,
    Person,
    RenewalPlanSpec,
    RiskSpec,
    checklist,
)
from csm_desk.models.demo_northwind_plan import northwind_plan

RENEWAL = 75  # days to renewal: in the engagement phase
DEPARTED = -26  # the champion's last day
QBR = -110  # the last business review delivered
ALEX, DANA, SAM, RYAN, NADIA = (
    "Alex Morgan",
    "Dana Whitfield",
    "Sam Okafor",
    "Ryan Castillo",
    "Nadia Brooks",
)


def _people(c: Clock) -> tuple[Person, ...]:
    return (
        Person(
            "priya", "Priya Raman", "Director of Payment Operations", "champion", 4, 5,
            "supporter",
            "Fewer manual breaks for her team; an end to month-end overtime.",
            "Slack Connect; short calls before 9 a.m.",
            "Drove the purchase and was expected to sponsor the renewal.",
            last_contact=-45, departed_on=DEPARTED,
            notes=f"Left Northwind on {c.say(DEPARTED)} for a role at another payments "
            "company. Handed her open items to Aisha Khan; happy to take a call as a reference.",
            reports_to="elena",
        ),
        Person(
            "marcus", "Marcus Oyelaran", "Chief Financial Officer", "economic_buyer", 5, 3,
            "neutral",
            "Month-end close time, audit findings, cost per transaction.",
            "Email with a one-page summary; meetings only with a decision to make.",
            "Signs the renewal and owns the budget line.",
            last_contact=-110,
            notes="Acknowledged the close-time gains at the QBR but asked whether all 200 "
            "seats are needed. Will ask again at renewal, with usage down.",
        ),
        Person(
            "elena", "Elena Vasquez", "Chief Operating Officer", "executive_sponsor", 5, 2,
            "neutral",
            "Entering two new markets next year without adding operations headcount.",
            "Short executive briefings arranged through her chief of staff.",
            "Approves every renewal above $50k.",
            last_contact=-110,
            notes=f"Met once, at the {c.quarter(QBR - 45)} review. Sam Okafor wrote to her "
            "after Priya left; no reply yet.",
        ),
        Person(
            "tom", "Tom Becker", "Head of Platform Engineering", "technical_owner", 3, 4,
            "supporter",
            "A stable ledger API; not being paged at night for reconciliation jobs.",
            "Email and the shared engineering channel.",
            "Confirms technical fit; signs off the security section of the vendor review.",
            last_contact=-110, reports_to="elena",
        ),
        Person(
            "aisha", "Aisha Khan", "Payment Operations Team Lead", "champion,end_user", 3, 4,
            "supporter",
            "Getting her analysts through the exception queue; a credible plan to show Marcus.",
            "Teams calls on Tuesday and Thursday mornings.",
            "Interim owner of the programme since Priya left; will recommend to Marcus.",
            last_contact=-5,
            notes="Agreed on the call of "
            f"{c.say(-20)} to act as interim owner. Keen, but new to budget conversations "
            "and stretched by six new analysts.",
            reports_to="elena", influences=("marcus",),
        ),
        Person(
            "daniel", "Daniel Cho", "Senior Reconciliation Analyst", "end_user", 2, 3,
            "neutral",
            "Fewer false breaks; faster bulk matching.",
            "In-app messages and Slack.",
            "A voice of the users; Aisha asks his view.",
            last_contact=-45, reports_to="aisha",
        ),
        Person(
            "greg", "Greg Halvorsen", "Head of Risk & Compliance", "blocker", 4, 1,
            "resistant",
            "A complete audit trail; EU transaction data kept in the EU.",
            "Formal written answers; meetings with an agenda sent in advance.",
            "Can hold the renewal through the annual vendor risk review.",
            last_contact=-110,
            notes="Raised data residency late in the sales cycle and still cites it. His "
            "vendor risk questionnaire is overdue on his side, not ours.",
            influences=("marcus",),
        ),
        Person(
            "sofia", "Sofia Lindqvist", "Finance Systems Manager", "internal_ally", 3, 4,
            "supporter",
            "One source of truth between the ledger, the platform and the ERP.",
            "Email; happy to join working sessions.",
            "Prepares the business case Marcus reads before he signs.",
            last_contact=-100, reports_to="marcus", influences=("marcus",),
        ),
    )  # fmt: skip


def _meetings(c: Clock) -> tuple[MeetingSpec, ...]:
    return (
        MeetingSpec(
            -284, "kickoff", "Kickoff: goals, plan and what live means",
            ("priya", "marcus", "tom", "aisha"), f"{ALEX}, {RYAN}, {NADIA}",
            decisions=(
                f"Go-live target {c.say(-215)}: every acquiring account reconciled daily in "
                "the platform",
                "Priya Raman owns the programme; Tom Becker owns the ledger connection",
                "First value = the EU daily run closing with no manual matching",
            ),
            actions=(
                Action("Share the onboarding plan with milestone dates", ALEX, "vendor", -282,
                       "done", -283),
                Action("Provision read-only ledger API credentials", "Tom Becker", "customer",
                       -270, "done", -266),
            ),
            next_meeting=-270,
        ),
        MeetingSpec(
            -231, "onboarding", "First value: the EU daily run",
            ("priya", "aisha", "daniel"), f"{ALEX}, {NADIA}",
            decisions=("First-value milestone met: EU daily run closed without manual matching",),
            actions=(
                Action("Extend the matching rules to the US acquirer files", NADIA, "vendor",
                       -220, "done", -219),
                Action("Nominate two analysts as super-users", "Priya Raman", "customer", -224,
                       "done", -225),
            ),
        ),
        MeetingSpec(
            -200, "check_in", "Monthly operations check-in", ("priya", "aisha", "daniel"),
            ALEX, decisions=("US acquirer files reconciled daily from next Monday",),
        ),
        MeetingSpec(
            -170, "check_in", "Monthly operations check-in", ("priya", "daniel"), ALEX,
            decisions=("Daniel Cho trains the super-users on bulk matching",),
        ),
        MeetingSpec(
            -140, "check_in", "Monthly operations check-in", ("priya", "aisha"), ALEX,
            decisions=("Exception queue becomes the only place breaks are assigned",),
        ),
        MeetingSpec(
            QBR, "qbr", f"{c.quarter(QBR - 45)} business review",
            ("marcus", "elena", "priya", "tom", "aisha", "greg"), f"{ALEX}, {RYAN}, {SAM}",
            decisions=(
                f"Target for month-end close stays at three working days by {c.say(40)}",
                "Marketplace payouts pilot to be scoped after the audit",
            ),
            actions=(
                Action("Send an audit-trail export sample to Greg Halvorsen", ALEX, "vendor",
                       -95, "done", -97),
                Action("Complete the vendor risk questionnaire for the renewal",
                       "Greg Halvorsen", "customer", -60),
            ),
            open_items=("EU data residency: written answer requested by Risk & Compliance",),
            next_meeting=10,
        ),
        MeetingSpec(
            -75, "check_in", "Monthly operations check-in", ("priya", "daniel"), ALEX,
            decisions=("Weekly auto-match report moves to Monday mornings",),
            actions=(
                Action("Investigate false breaks on the marketplace acquirer file", NADIA,
                       "vendor", -60, "done", -62),
            ),
        ),
        MeetingSpec(
            -45, "check_in", "Monthly operations check-in", ("priya", "daniel"), ALEX,
            decisions=("Aisha Khan shadows Priya on the exception queue from next week",),
            actions=(
                Action("Send the list of new analysts and their start dates", "Priya Raman",
                       "customer", -35),
                Action("Propose enablement dates for the new analysts", ALEX, "vendor", -38,
                       "done", -40),
            ),
            open_items=(f"Six new analysts join in {c.month(-30)}: enablement dates to be set",),
            notes="Priya seemed distracted and cut the call short; logins are down two "
            "months running.",
        ),
        MeetingSpec(
            -20, "check_in", "Call with Aisha Khan after Priya's departure", ("aisha",), ALEX,
            decisions=(
                "Aisha Khan acts as interim owner of the reconciliation programme until a "
                "permanent lead is named",
                "Weekly check-ins for the recovery period",
            ),
            actions=(
                Action("Send Aisha the handover pack: plan, open actions, KPI history", ALEX,
                       "vendor", -17, "done", -18),
                Action("Share the exception backlog and the analyst roster", "Aisha Khan",
                       "customer", -13, "done", -14),
            ),
        ),
        MeetingSpec(
            -12, "risk_review", "Risk review: champion departure and usage dip", (),
            f"{ALEX}, {DANA}, {RYAN}, {SAM}",
            decisions=(
                "Open a recovery plan with two tracks: re-threading and re-enablement",
                "Sam Okafor writes to Elena Vasquez this week",
            ),
            actions=(
                Action("Email Elena Vasquez asking for a 30-minute executive check-in", SAM,
                       "vendor", -9, "done", -9),
                Action("Book the recovery workshop with Aisha Khan and the ops leads", ALEX,
                       "vendor", -7, "done", -8),
                Action("Draft the customer-facing recovery plan and share it with Aisha", ALEX,
                       "vendor", 2),
                Action("Confirm who owns the budget line now that Priya has left", RYAN,
                       "vendor", 5),
                Action("Prepare a 45-minute exception-queue refresher for new analysts", NADIA,
                       "vendor", 10),
            ),
            open_items=(
                "Who replaces Priya permanently, and when?",
                "Does the overdue vendor risk questionnaire hold up the renewal?",
            ),
            next_meeting=6,
            notes="Dana asked for a weekly update in the CS forecast call. Renewal forecast "
            "held at 55% until the recovery workshop; the marketplace payouts expansion waits "
            "until usage recovers.",
        ),
    )  # fmt: skip


def _risks(c: Clock) -> tuple[RiskSpec, ...]:
    return (
        RiskSpec(
            "Our champion, Priya Raman, left Northwind on "
            f"{c.say(DEPARTED)}. With no permanent owner of the programme, nobody inside argues "
            f"for the renewal on {c.say(RENEWAL)} and the CFO may treat it as a cost line.",
            "stakeholder",
            "Departure confirmed by Aisha Khan; Priya's email bounces. No successor named. "
            f"Executive sponsor and CFO last contacted at the {c.quarter(QBR - 45)} review, "
            f"{-QBR} days ago.",
            "high", "high", "high", ALEX,
            f"Recovery workshop on {c.say(6)}; confirm Aisha Khan as programme owner in writing "
            "with Elena Vasquez's backing.",
            9, "mitigating", -22, "Champion departed",
            "Name an interim programme owner, brief the COO on results to date, and hold "
            "weekly check-ins until a permanent owner is named.",
            shared=True,
            customer_wording="Programme ownership: since Priya's departure the reconciliation "
            "programme needs a named owner at Northwind. Until one is confirmed, decisions and "
            "enablement of new analysts may slow down.",
        ),
        RiskSpec(
            "Active analysts fell from 165 to 112 of 200 seats in 90 days. If the team drifts "
            "back to spreadsheets, the auto-match gains that justify the renewal disappear.",
            "adoption",
            "Active users 165 → 112 (−32%); logins per analyst 16 → 4 a month; exceptions "
            "closed in-app within 24 h down from 76% to 54%; six new analysts started in "
            f"{c.month(-30)} without enablement.",
            "high", "medium", "high", NADIA,
            f"Exception-queue refresher for the six new analysts by {c.say(18)}; weekly usage "
            "report to Aisha Khan.",
            14, "open", -30, "Active users down 32% in 90 days",
            "Re-enable the new analysts, review usage weekly with the interim owner, and agree "
            "recovery milestones.",
        ),
        RiskSpec(
            "Greg Halvorsen's vendor risk questionnaire is two months overdue; an open vendor "
            "review can stop the CFO signing.",
            "commercial",
            f"Questionnaire requested at the {c.quarter(QBR - 45)} review, due {c.say(-60)}; "
            "two reminders sent. Greg still cites EU data residency.",
            "medium", "medium", "high", RYAN,
            "Offer a 30-minute walkthrough of the data residency answers with our security "
            "lead; ask Sofia Lindqvist to nudge internally.",
            21, "open", -40,
        ),
        RiskSpec(
            "A ledger API schema change broke the nightly import for three days.",
            "product",
            "Nightly runs failed; 2,400 transactions went to manual matching.",
            "medium", "low", "medium", NADIA,
            "Schema-change notice agreed with Tom Becker's team.",
            -120, "closed", -150,
        ),
    )  # fmt: skip


def _renewal_plan(c: Clock) -> RenewalPlanSpec:
    return RenewalPlanSpec(
        started=-40,
        milestones=(
            f"{c.dated(20)}: recovery milestones reviewed with Aisha Khan",
            f"{c.dated(35)}: renewal proposal to Marcus Oyelaran",
            f"{c.dated(50)}: vendor risk review closed",
            f"{c.dated(65)}: order form signed",
            f"{c.dated(RENEWAL)}: renewal date",
        ),
        proof_points=(
            "Auto-match rate up from 62% to 87–93% since go-live",
            "Month-end close down from six working days to four",
            "Legacy reconciliation spreadsheet retired at go-live",
            "Transactions reconciled per analyst per day up from 1,800 to 3,100",
        ),
        objections=(
            "“Usage is down: are we paying for 200 seats we don't use?” (Marcus)",
            "EU data residency and audit trail (Greg Halvorsen)",
            "No programme owner since Priya left",
        ),
        support=(
            "Executive outreach from Sam Okafor to Elena Vasquez",
            "Two days of Nadia Brooks's time for re-enablement",
            "Security team to answer the vendor risk questionnaire within a week",
        ),
        strategy="Renew flat at 200 seats on a 12-month term. Lead with the close-time and "
        "auto-match results, and with the recovery plan rather than the dip. Keep the payouts "
        f"expansion out of the proposal until active users are back above 150. If usage has "
        f"not recovered by {c.say(45)}, offer a true-down to 170 seats rather than risk the "
        "whole renewal.",
        approvers=("marcus", "elena", "greg"),
        next_steps=(
            NextStep("Recovery workshop", ALEX, "vendor", 6),
            NextStep("Confirm the programme owner in writing", "Aisha Khan", "customer", 10),
            NextStep("Share month-end close data for the value review", "Sofia Lindqvist",
                     "customer", 25),
            NextStep("Complete the vendor risk questionnaire", "Greg Halvorsen", "customer", 30),
            NextStep("Send the renewal proposal", RYAN, "vendor", 35),
            NextStep("Send the audit-trail sample", ALEX, "vendor", -95, True),
        ),
        probability=0.55,
        probability_note="Band default is 60%; lowered because nobody at Northwind owns the "
        "renewal yet and the vendor risk review is open.",
    )  # fmt: skip


def northwind(c: Clock) -> AccountSpec:
    """The fully worked FinTech account."""
    return AccountSpec(
        name="Northwind Payments",
        crm_id="0015g00000NWPAY",
        industry="FinTech",
        tier="Growth",
        arr=85_000,
        contract_start=RENEWAL - 365,
        renewal=RENEWAL,
        lifecycle="adoption",
        factors=(2, 3, 2),
        notes="Card-acquiring processor, ~400 staff, EU and US. Bought to replace a "
        "spreadsheet reconciliation process run by 12 analysts.",
        people=_people(c),
        meetings=_meetings(c),
        risks=_risks(c),
        renewal_plan=_renewal_plan(c),
        renewal_steps=checklist(RENEWAL, ALEX, done=PHASES_BEFORE_ENGAGEMENT),
        links=(
            LinkSpec("Account folder", "~/Accounts/Northwind Payments"),
            LinkSpec("CRM opportunity", "https://crm.example.com/opportunity/0015g00000NWPAY"),
            LinkSpec(
                "Priya's handover notes",
                "~/Accounts/Northwind Payments/priya-handover.docx",
                risk=0,
            ),
            LinkSpec(
                "Risk review deck", "https://drive.example.com/northwind/risk-review", meeting=-12
            ),
            LinkSpec(
                "Exception-queue refresher guide",
                "https://docs.example.com/reconciliation/exception-queue",
                shareable=True,
                milestone="refresher",
            ),
        ),
        touched=(
            ("stakeholder_map", -5),
            ("risk_register", -12),
            ("recap", -12),
            ("renewal_plan", -12),
            ("success_plan", -20),
            ("qbr", -3),
        ),
        **northwind_plan(c, RENEWAL),
    )
