"""The rest of the demo book: a model low-touch account, an onboarding running late, a
contented self-serve account, a brand-new signing, and a churned account kept for history.
"""

from __future__ import annotations

from csm_desk.models.demo_data import (
    OWNER,
    AccountSpec,
    Action,
    ArrSpec,
    Clock,
    ExpansionSpec,
    HandoffSpec,
    KpiSpec,
    MeetingSpec,
    MilestoneSpec,
    ObjectiveSpec,
    Person,
    PlanItemSpec,
    ReviewSpec,
    RiskSpec,
    once,
    past_onboarding,
    series,
)

ALEX = OWNER
ONBOARDING_MONTHS = (-70, -40, -5)  # Quillfeather's readings, from its first week on


def atlas(c: Clock) -> AccountSpec:
    """A healthy field-services company: the model low-touch account."""
    renewal = 160
    start = renewal - 2 * 365
    return AccountSpec(
        name="Atlas Field Services", crm_id="0015g00000ATLSF", industry="Field services",
        tier="Professional", arr=28_000, contract_start=start, renewal=renewal,
        lifecycle="growth", live_definition="Technician expenses and supplier invoices "
        "matched weekly.", go_live=start + 70,
        vision="Close each month in three days with no expense surprises.",
        cadence="semiannual",
        people=(
            Person("gina", "Gina Albrecht", "Controller", "champion", 4, 5, "supporter",
                   "A clean close.", "Phone", "Recommends renewal", -30),
            Person("marco", "Marco Bellini", "Chief Financial Officer", "economic_buyer", 5, 3,
                   "supporter", "Cost per technician.", "Email", "Signs", -100),
            Person("tess", "Tess Nguyen", "Accounts Payable Supervisor", "end_user", 2, 4,
                   "supporter", "Supplier matching.", "In-app chat", None, -30,
                   reports_to="gina"),
        ),
        meetings=(
            MeetingSpec(-260, "check_in", "Check-in", ("gina", "tess", "marco"), ALEX,
                        ("Mileage claims to be scoped after the busy season",)),
            MeetingSpec(-190, "check_in", "Check-in", ("gina", "tess"), ALEX,
                        ("Add the Denver branch suppliers",)),
            MeetingSpec(-100, "qbr", "Half-year review", ("gina", "marco", "tess"), ALEX,
                        ("Scope ten seats for the new Denver branch",)),
            MeetingSpec(-30, "check_in", "Check-in", ("gina", "tess"), ALEX,
                        ("Denver seats to be added at renewal",),
                        (Action("Send the Denver seat quote", "Ryan Castillo", "vendor", -20,
                                "done", -22),)),
        ),
        signals=(
            once("licensed_seats", (-400, 40)),
            series("active_users", (34, 34, 35, 35, 35, 35, 36, 36)),
            series("logins_per_user_month", (21, 22, 22, 21, 22, 23, 22, 22)),
            once("key_features", (-400, 6)),
            series("features_in_use", (5, 5, 5, 5, 5, 5, 5, 5)),
            once("nps", (-100, 9), (-30, 10)),
            once("csat", (-100, 5), (-30, 5)),
            once("ces", (-30, 2)),
            once("csm_read", (-190, 4), (-30, 4)),
            once("open_high_sev_tickets", (-215, 0)),
            series("tickets_30d", (2, 2, 1, 2, 2, 2, 1, 2)),
            series("tickets_monthly_avg_90d", (2, 2, 2, 2, 2, 2, 2, 2)),
        ),
        milestones=past_onboarding(start, "Gina Albrecht", "First week's expenses matched"),
        objectives=(ObjectiveSpec("close", "Close each month in three days.", True),),
        kpis=(KpiSpec("close", "Days to close", "days", 7, 3, 60, "Controller's calendar",
                      ((-150, 4), (-60, 3)), higher_is_better=False),),
        reviews=(ReviewSpec(
            "qbr", -100, "A three-day close with no expense surprises.",
            "Two new supplier groups added.", "Close down from seven days to three.",
            "Mileage claims still manual.", ("Automate mileage claims",),
            ("Atlas: approve the Denver seats",), ("Results", "Next half"),
            ("Denver quote",)),),
        arr_events=(ArrSpec(start, "new", 24_000, "30 seats"),
                    ArrSpec(start + 365, "renewal", 4_000, "Renewed up: 10 seats")),
        expansions=(ExpansionSpec("seats", "Ten seats for the Denver branch",
                                  (f"Branch opens in {c.month(60)}",), "qualified", 6_000, 60),),
        touched=(("success_plan", -60), ("risk_register", -20), ("recap", -30)),
    )  # fmt: skip


def quillfeather(c: Clock) -> AccountSpec:
    """An online-learning company still onboarding, with first value running late."""
    start, renewal = -75, 290
    return AccountSpec(
        name="Quillfeather Learning", crm_id="0015g00000QLFTH", industry="EdTech",
        tier="Professional", arr=36_000, contract_start=start, renewal=renewal,
        lifecycle="onboarding", live_definition="Every instructor payout and course refund "
        "reconciled in the platform, with SSO for all staff.", go_live=30,
        vision="Pay 400 instructors on time and explain every refund.", cadence="monthly",
        people=(
            Person("harriet", "Harriet Cole", "Director of Academic Operations", "champion", 4,
                   4, "supporter", "Instructor complaints about late payouts.", "Video calls",
                   "Sponsor", -15),
            Person("simon", "Simon Adeyemi", "Chief Financial Officer", "economic_buyer", 5, 3,
                   "neutral", "Refund leakage.", "Email", "Signs", -72),
            Person("ravi", "Ravi Menon", "IT Systems Administrator", "technical_owner", 2, 3,
                   "neutral", "SSO and provisioning.", "Email", None, -15),
        ),
        meetings=(
            MeetingSpec(-72, "kickoff", "Kickoff", ("harriet", "simon", "ravi"),
                        f"{ALEX}, Nadia Brooks", ("First value: first 40 instructors paid "
                                                  "from the platform",)),
            MeetingSpec(-40, "onboarding", "Onboarding: data import", ("harriet", "ravi"),
                        "Nadia Brooks", ("Import complete; SSO next",)),
            MeetingSpec(-15, "onboarding", "Onboarding: SSO status", ("harriet", "ravi"), ALEX,
                        ("First-value date moves once SSO is live",),
                        (Action("Finish the SSO configuration", "Ravi Menon", "customer", -5),
                         Action("Send SSO troubleshooting guide", "Nadia Brooks", "vendor",
                                -13, "done", -14))),
        ),
        signals=(
            series("licensed_seats", (300, 300, 300), ONBOARDING_MONTHS),
            series("active_users", (40, 80, 105), ONBOARDING_MONTHS),
            series("logins_per_user_month", (6, 7, 8), ONBOARDING_MONTHS),
            series("key_features", (8, 8, 8), ONBOARDING_MONTHS),
            series("features_in_use", (2, 3, 4), ONBOARDING_MONTHS),
            once("nps", (-20, 9)),
            once("ces", (-20, 3)),
            once("csat", (-40, 4)),
            once("csm_read", (-15, 4)),
            once("open_high_sev_tickets", (-70, 0)),
            series("tickets_30d", (6, 8, 9), ONBOARDING_MONTHS),
            series("tickets_monthly_avg_90d", (6, 6, 6), ONBOARDING_MONTHS),
        ),
        milestones=(
            MilestoneSpec("kickoff", "onboarding", "Kickoff held", "vendor", ALEX, -72,
                          "complete", -72),
            MilestoneSpec("import", "onboarding", "Instructor and course data imported",
                          "vendor", "Nadia Brooks", -45, "complete", -42, "kickoff"),
            MilestoneSpec("sso", "onboarding", "SSO live for all staff", "customer",
                          "Ravi Menon", -20, "in_progress", None, "import"),
            MilestoneSpec("first_value", "onboarding", "First 40 instructors paid from the "
                          "platform", "customer", "Harriet Cole", -10, "in_progress", None,
                          "sso", first_value=True),
            MilestoneSpec("go_live", "onboarding", "Go-live: all payouts and refunds",
                          "customer", "Harriet Cole", 30, "not_started", None, "first_value",
                          go_live=True),
        ),
        objectives=(ObjectiveSpec("payouts", "Pay every instructor on the 5th.", True),),
        kpis=(KpiSpec("payouts", "Payouts on time", "%", 70, 99, 120, "Payout ledger",
                      ((-30, 78),)),),
        plan_items=(PlanItemSpec("30", "Escalate SSO to Simon Adeyemi if not live by "
                                 f"{c.say(3)}", ALEX, 3),),
        risks=(RiskSpec("SSO delay pushes first value past the first payout run.", "timeline",
                        "SSO two weeks late.", "medium", "medium", "medium", ALEX,
                        "Daily SSO stand-up with Ravi Menon.", 7, "open", -15),),
        arr_events=(ArrSpec(start, "new", 36_000, "300 instructor seats"),),
        handoff=HandoffSpec(-78, "Mei Tanaka", "Instructor payouts were late two months in "
                            "three.", "Fundraising diligence flagged refund leakage.",
                            "Handles marketplace payouts natively.", ("SSO",),
                            ("Payouts on time",), ("IT has one admin",), "Spreadsheets"),
        touched=(("onboarding_plan", -8), ("success_plan", -30), ("risk_register", -15),
                 ("recap", -15)),
    )  # fmt: skip


def tidewater(c: Clock) -> AccountSpec:
    """A small, contented self-serve account."""
    renewal = 300
    start = renewal - 2 * 365
    return AccountSpec(
        name="Tidewater Marine Supply", crm_id="0015g00000TDWTR", industry="Wholesale",
        tier="Starter", arr=9_600, contract_start=start, renewal=renewal, lifecycle="growth",
        people=(Person("bill", "Bill Carver", "Office Manager", "champion,economic_buyer", 3,
                       3, "supporter", "Getting invoices out on time.", "Email",
                       "Decides alone", -40),),
        signals=(
            once("licensed_seats", (-400, 12)),
            series("active_users", (10, 10, 11, 11, 11, 11, 11, 11)),
            series("logins_per_user_month", (14, 14, 15, 14, 14, 15, 14, 14)),
            once("key_features", (-400, 5)),
            series("features_in_use", (4, 4, 4, 4, 4, 4, 4, 4)),
            once("nps", (-65, 9)),
            once("csat", (-65, 5)),
            once("open_high_sev_tickets", (-215, 0)),
            series("tickets_30d", (1, 1, 1, 1, 1, 1, 1, 1)),
            series("tickets_monthly_avg_90d", (1, 1, 1, 1, 1, 1, 1, 1)),
        ),
        arr_events=(ArrSpec(start, "new", 9_600, "Starter plan"),
                    ArrSpec(start + 365, "renewal", 0, "Renewed flat")),
    )  # fmt: skip


def juniper(c: Clock) -> AccountSpec:
    """Signed six days ago: handoff done, kickoff booked, nothing measured yet."""
    start, renewal = -6, 359
    return AccountSpec(
        name="Juniper Robotics", crm_id="0015g00000JNPRR", industry="Manufacturing",
        tier="Professional", arr=22_000, contract_start=start, renewal=renewal,
        lifecycle="onboarding",
        meetings=(MeetingSpec(4, "kickoff", "Kickoff", (), f"{ALEX}, Nadia Brooks"),),
        milestones=(
            MilestoneSpec("kickoff", "onboarding", "Kickoff held", "vendor", ALEX, 4),
            MilestoneSpec("erp", "onboarding", "ERP sandbox connected", "vendor",
                          "Nadia Brooks", 20, "not_started", None, "kickoff"),
            MilestoneSpec("first_value", "onboarding", "First month's lease invoices matched",
                          "vendor", "Nadia Brooks", 45, "not_started", None, "erp",
                          first_value=True),
        ),
        risks=(RiskSpec("Implementation partner not chosen; ERP work could slip.", "timeline",
                        "Flagged in the sales handoff.", "medium", "medium", "medium", ALEX,
                        "Confirm the partner at kickoff.", 14, "open", -5),),
        arr_events=(ArrSpec(start, "new", 22_000, "Lease invoicing, 25 seats"),),
        handoff=HandoffSpec(-7, "Mei Tanaka", "Robot-lease invoices reconciled by hand.",
                            "New leasing business launching next quarter.",
                            "Lease schedules built in.",
                            ("ERP connector",), ("Lease invoices matched monthly",),
                            ("Implementation partner not chosen",), "ReconPoint"),
        touched=(("onboarding_plan", -5), ("risk_register", -5)),
    )  # fmt: skip


def greyfield(c: Clock) -> AccountSpec:
    """Churned a hundred days ago: its parent company consolidated vendors."""
    start = -465
    return AccountSpec(
        name="Greyfield Media", crm_id="0015g00000GRYFD", industry="Media", tier="Professional",
        arr=0, contract_start=start, renewal=None, lifecycle="renewal",
        notes="Churned: parent company moved every subsidiary to its own finance platform.",
        people=(Person("nina", "Nina Roth", "Head of Finance", "champion,economic_buyer", 4, 4,
                       "supporter", "Ad revenue reconciliation.", "Email", "Signed", -130),),
        meetings=(MeetingSpec(-130, "renewal", "Renewal decision", ("nina",), ALEX,
                              ("Greyfield will not renew: parent consolidating vendors",)),),
        signals=(
            once("licensed_seats", (-400, 25)),
            once("active_users", (-215, 20), (-185, 19), (-155, 17), (-125, 12)),
            once("nps", (-130, 3)),
        ),
        risks=(RiskSpec("Parent company consolidating finance vendors.", "commercial",
                        f"Announced in {c.month(-180)}.", "critical", "high", "high", ALEX,
                        "Closed: churned.", -100, "closed", -180),),
        arr_events=(ArrSpec(start, "new", 31_000, "Ad revenue reconciliation"),
                    ArrSpec(-100, "churn", 31_000, "Parent company consolidation")),
    )  # fmt: skip


def other_accounts(c: Clock) -> list[AccountSpec]:
    """The demo book's low- and tech-touch accounts as of the clock's day."""
    return [atlas(c), quillfeather(c), tidewater(c), juniper(c), greyfield(c)]
