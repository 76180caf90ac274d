"""A small book for the export tests: Northwind Payments, a mid-market FinTech account with every
artifact filled in (a champion has just left and adoption dipped), and three plainer accounts.

Everything is written through ``models.ops`` and a ``Writer`` whose clock is moved through the
year, so the health history has real snapshots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csm_desk.engine.renewals import checklist_for
from csm_desk.models.bookfile import BookFile
from csm_desk.models.history import snapshot_accounts
from csm_desk.models.ops import InsertRow, SetFields
from csm_desk.models.writer import Writer

D = dt.date
OWNER = "Maya Lindqvist"
NORTHWIND = "Northwind Payments"


@dataclass
class Sample:
    book: BookFile
    northwind: int
    others: tuple[int, ...]


class _Builder:
    def __init__(self, book: BookFile, today: dt.date) -> None:
        self.book = book
        self.today = today
        self.moment = dt.datetime.combine(today, dt.time(9, 0))
        self.writer = Writer(book, now=lambda: self.moment)

    def at(self, day: dt.date) -> _Builder:
        self.moment = dt.datetime.combine(day, dt.time(9, 0))
        return self

    def add(self, table: str, **values: Any) -> int:
        op = InsertRow(table, values)
        self.writer.run(op)
        assert op.pk is not None
        return int(next(iter(op.pk.values())))

    def set(self, table: str, pk: dict[str, Any], **values: Any) -> None:
        self.writer.run(SetFields(table, pk, values))


def _signals(b: _Builder, account: int, day: dt.date, **values: float) -> None:
    b.at(day)
    for key, value in values.items():
        b.add("signal_reading", account_id=account, date=day, key=key, value=float(value))


def build_northwind(b: _Builder) -> int:
    a = b.at(D(2026, 1, 15)).add(
        "account",
        name=NORTHWIND,
        crm_id="NW-4471",
        arr=160000.0,
        product_tier="Payments Cloud — Enterprise",
        industry="FinTech",
        complexity=3,
        growth_potential=3,
        strategic_value=2,
        contract_start=D(2026, 1, 15),
        renewal_date=D(2027, 1, 15),
        contract_term_months=12,
        lifecycle_stage="adoption",
        live_definition=(
            "Northwind is live when all three regional finance teams close the month in "
            "Payments Cloud without the legacy spreadsheets, and bank feeds from every "
            "partner arrive before 7 a.m. local time."
        ),
        go_live_date=D(2026, 3, 31),
        success_vision=(
            "Northwind's finance team closes every month in one day instead of five, with "
            "reconciliation that runs itself and exceptions handled by the people who own "
            "them.\n\nThe CFO sees the company's cash position across all banking partners on "
            "the same day, not at the end of the week."
        ),
        success_statement=(
            "If my team can stop living in spreadsheets at month end and I can tell Marcus our "
            "cash position before lunch, this will have been worth every cent."
        ),
        review_cadence="quarterly",
        leading_indicators=(
            "Share of transactions matched automatically each week\n"
            "Regional teams reconciling in Payments Cloud, not spreadsheets\n"
            "Exceptions older than three days"
        ),
        plan_status="active",
        escalation_path=(
            "Customer Success Manager and Elena Sokolova agree a recovery plan within 5 days\n"
            "Account executive and Marcus Hale review progress within 10 days\n"
            "Our VP of Customer Success and Northwind's CFO meet within 15 days"
        ),
        internal_notes="Strategic logo for the FinTech vertical; reference candidate once stable.",
    )
    b.add(
        "handoff",
        account_id=a,
        handoff_date=D(2026, 1, 12),
        sales_owner="Jordan Blake",
        why_bought="Month-end close took five days and two people full time.",
        why_now="New CFO mandate to cut close time before the 2027 audit.",
        why_us="Bank-feed coverage for all 14 partners and the exception workflow.",
        decision_criteria="Feed coverage\nSSO and audit trail\nTime to first automated close",
        promised_outcomes="One-day close by Q4 2026\nSame-day cash visibility",
        risk_flags="Champion carries the project alone\nRisk team sceptical of cloud vendors",
        competitors="Reconcilely, in-house build",
        internal_notes="Discount of 12% agreed for a 12-month term.",
    )

    people = {}
    for key, values in {
        "priya": {
            "name": "Priya Nair",
            "title": "Head of Payment Operations",
            "email": "priya.nair@northwind.example",
            "roles": "champion,influencer",
            "influence": 4,
            "relationship_strength": 5,
            "stance": "supporter",
            "cares_about": "Getting her team out of month-end overtime.",
            "preferred_communication": "Slack, short weekly calls",
            "renewal_role": "Recommends",
            "last_contact": D(2026, 10, 10),
            "departed": True,
            "departed_on": D(2026, 10, 15),
            "sentiment_notes": "Was our strongest advocate; left for a competitor bank.",
        },
        "marcus": {
            "name": "Marcus Hale",
            "title": "Chief Financial Officer",
            "email": "marcus.hale@northwind.example",
            "roles": "economic_buyer,executive_sponsor",
            "influence": 5,
            "relationship_strength": 3,
            "stance": "neutral",
            "cares_about": "Close time and audit readiness for 2027.",
            "preferred_communication": "Short written briefs before meetings",
            "renewal_role": "Signs",
            "last_contact": D(2026, 11, 12),
            "sentiment_notes": "Guarded since Priya left; wants proof the programme is owned.",
        },
        "elena": {
            "name": "Elena Sokolova",
            "title": "Director of Finance Systems",
            "email": "elena.sokolova@northwind.example",
            "roles": "technical_owner,champion",
            "influence": 4,
            "relationship_strength": 3,
            "stance": "supporter",
            "cares_about": "A clean integration she does not have to babysit.",
            "preferred_communication": "Email, agenda in advance",
            "renewal_role": "Recommends",
            "last_contact": D(2026, 11, 18),
            "sentiment_notes": "Stepping up as interim owner; needs air cover from Marcus.",
        },
        "tom": {
            "name": "Tom Becker",
            "title": "Treasury Analyst",
            "roles": "end_user",
            "influence": 2,
            "relationship_strength": 4,
            "stance": "supporter",
            "cares_about": "The cash dashboard.",
            "preferred_communication": "Teams chat",
            "last_contact": D(2026, 11, 5),
        },
        "aisha": {
            "name": "Aisha Rahman",
            "title": "VP Risk & Compliance",
            "roles": "blocker",
            "influence": 4,
            "relationship_strength": 2,
            "stance": "resistant",
            "cares_about": "Data residency and vendor concentration risk.",
            "preferred_communication": "Formal review meetings",
            "renewal_role": "Can veto on compliance grounds",
            "last_contact": D(2026, 9, 30),
            "sentiment_notes": "Asked procurement for a competing review.",
        },
    }.items():
        people[key] = b.at(D(2026, 1, 20)).add("stakeholder", account_id=a, **values)
    for src, dst, kind in (
        ("priya", "marcus", "reports_to"),
        ("elena", "marcus", "reports_to"),
        ("tom", "elena", "reports_to"),
        ("aisha", "marcus", "influences"),
    ):
        b.add("stakeholder_link", account_id=a, from_id=people[src], to_id=people[dst], kind=kind)

    obj = [
        b.add(
            "objective",
            account_id=a,
            position=0,
            primary=True,
            text="Cut payment reconciliation from five days to one by the end of 2026",
        ),
        b.add(
            "objective",
            account_id=a,
            position=1,
            text="Retire the reconciliation spreadsheets in all three regional finance teams",
        ),
        b.add(
            "objective",
            account_id=a,
            position=2,
            text="Give the CFO a same-day view of cash across all 14 banking partners",
        ),
    ]
    kpis = [
        (
            "Reconciliation cycle time",
            "days",
            5,
            1,
            False,
            D(2026, 12, 31),
            "Northwind close calendar",
            [(D(2026, 4, 30), 4), (D(2026, 7, 31), 2.5), (D(2026, 10, 31), 2)],
            obj[0],
        ),
        (
            "Seat utilisation",
            "%",
            35,
            80,
            True,
            D(2026, 9, 30),
            "Payments Cloud analytics",
            [(D(2026, 5, 31), 62), (D(2026, 8, 31), 82), (D(2026, 11, 15), 60)],
            obj[1],
        ),
        (
            "Transactions matched automatically",
            "%",
            40,
            90,
            True,
            D(2027, 1, 15),
            "Payments Cloud analytics",
            [(D(2026, 6, 30), 71), (D(2026, 10, 31), 84)],
            obj[0],
        ),
        (
            "Regional teams off spreadsheets",
            "of 3",
            0,
            3,
            True,
            D(2026, 12, 31),
            "Regional controllers",
            [(D(2026, 8, 1), 1), (D(2026, 11, 1), 2)],
            obj[1],
        ),
    ]
    for name, unit, base, target, up, by, source, readings, objective in kpis:
        k = b.add(
            "kpi",
            account_id=a,
            objective_id=objective,
            name=name,
            unit=unit,
            baseline=float(base),
            target=float(target),
            higher_is_better=up,
            by_when=by,
            data_source=source,
        )
        for day, value in readings:
            b.add("kpi_reading", kpi_id=k, date=day, value=float(value), note=f"Read {day}")
    for title, text, objective, status in (
        (
            "Automated bank reconciliation",
            "Daily matching of bank statements to the ledger, "
            "with exceptions routed to the owning team.",
            obj[0],
            "in_progress",
        ),
        (
            "Same-day cash dashboard",
            "Cash position by partner and currency for the CFO's staff every morning.",
            obj[2],
            "not_started",
        ),
        (
            "Exception workflow",
            "Unmatched items assigned, tracked and closed within three days.",
            obj[0],
            "complete",
        ),
    ):
        b.add(
            "use_case",
            account_id=a,
            objective_id=objective,
            title=title,
            description=text,
            status=status,
        )

    b.at(D(2026, 1, 20))
    m: dict[str, int] = {}
    for key, values in (
        (
            "kickoff",
            {
                "phase": "onboarding",
                "title": "Kickoff held and success plan co-signed",
                "owner_side": "vendor",
                "owner_name": OWNER,
                "due": D(2026, 1, 22),
                "status": "complete",
                "completed_on": D(2026, 1, 22),
            },
        ),
        (
            "sso",
            {
                "phase": "onboarding",
                "title": "SSO and roles configured",
                "owner_side": "customer",
                "owner_name": "Elena Sokolova",
                "due": D(2026, 2, 6),
                "status": "complete",
                "completed_on": D(2026, 2, 10),
            },
        ),
        (
            "feeds",
            {
                "phase": "onboarding",
                "title": "Bank feeds connected for the first 5 partners",
                "owner_side": "vendor",
                "owner_name": "Sam Ortiz",
                "due": D(2026, 2, 27),
                "status": "complete",
                "completed_on": D(2026, 3, 4),
            },
        ),
        (
            "training",
            {
                "phase": "onboarding",
                "title": "All three regional teams trained",
                "owner_side": "vendor",
                "owner_name": OWNER,
                "due": D(2026, 3, 20),
                "status": "complete",
                "completed_on": D(2026, 3, 25),
            },
        ),
        (
            "first",
            {
                "phase": "onboarding",
                "title": "First automated month-end reconciliation",
                "owner_side": "customer",
                "owner_name": "Priya Nair",
                "due": D(2026, 3, 31),
                "status": "complete",
                "completed_on": D(2026, 4, 2),
                "first_value": True,
            },
        ),
        (
            "golive",
            {
                "phase": "onboarding",
                "title": "Go-live: reconciliation runs in Payments Cloud only",
                "owner_side": "customer",
                "owner_name": "Priya Nair",
                "due": D(2026, 3, 31),
                "status": "complete",
                "completed_on": D(2026, 4, 6),
                "go_live": True,
            },
        ),
        (
            "partners",
            {
                "phase": "adoption",
                "title": "Remaining nine bank partners connected",
                "owner_side": "vendor",
                "owner_name": "Sam Ortiz",
                "due": D(2026, 6, 30),
                "status": "complete",
                "completed_on": D(2026, 7, 8),
            },
        ),
        (
            "emea",
            {
                "phase": "adoption",
                "title": "EMEA team retires its spreadsheet",
                "owner_side": "customer",
                "owner_name": "Lena Vogel",
                "due": D(2026, 9, 30),
                "status": "complete",
                "completed_on": D(2026, 9, 28),
            },
        ),
        (
            "apac",
            {
                "phase": "adoption",
                "title": "APAC team retires its spreadsheet",
                "owner_side": "customer",
                "owner_name": "Elena Sokolova",
                "due": D(2026, 11, 15),
                "status": "at_risk",
            },
        ),
        (
            "cycle",
            {
                "phase": "value",
                "title": "Close under two days for a full quarter",
                "owner_side": "customer",
                "owner_name": "Elena Sokolova",
                "due": D(2026, 12, 31),
                "status": "in_progress",
            },
        ),
        (
            "dashboard",
            {
                "phase": "value",
                "title": "Cash dashboard adopted by the CFO's staff",
                "owner_side": "vendor",
                "owner_name": OWNER,
                "due": D(2026, 12, 15),
                "status": "not_started",
            },
        ),
        (
            "forecast",
            {
                "phase": "expansion",
                "title": "Treasury forecasting module evaluated",
                "owner_side": "vendor",
                "owner_name": "Jordan Blake",
                "due": D(2027, 2, 26),
                "status": "not_started",
            },
        ),
    ):
        m[key] = b.add("milestone", account_id=a, **values)
    for later, earlier in (
        ("sso", "kickoff"),
        ("feeds", "sso"),
        ("first", "feeds"),
        ("golive", "first"),
        ("training", "kickoff"),
    ):
        b.set("milestone", {"id": m[later]}, depends_on_id=m[earlier])

    for side, text in (
        ("vendor", "A named Customer Success Manager and a monthly health review"),
        ("vendor", "Solutions engineering for every new bank feed within 10 business days"),
        ("vendor", "Quarterly business reviews with evidence of return on investment"),
        ("customer", "A named reconciliation owner in each regional team"),
        ("customer", "Access to the close calendar so cycle time can be measured"),
        ("customer", "The executive sponsor at each quarterly review"),
    ):
        b.add("commitment", account_id=a, side=side, text=text)
    for values in (
        {
            "touchpoint": "Working session",
            "audience_names": "Elena Sokolova, Tom Becker",
            "frequency": "Weekly",
            "channel": "Video call",
            "owner": OWNER,
            "next_date": D(2026, 11, 26),
        },
        {
            "touchpoint": "Health update",
            "audience_names": "Elena Sokolova",
            "frequency": "Monthly",
            "channel": "Email summary",
            "owner": OWNER,
            "next_date": D(2026, 12, 1),
        },
        {
            "touchpoint": "Business review",
            "audience_names": "Marcus Hale, Elena Sokolova",
            "frequency": "Quarterly",
            "channel": "On site",
            "owner": f"{OWNER}, Jordan Blake",
            "next_date": D(2026, 12, 10),
        },
        {
            "touchpoint": "Product updates",
            "audience_names": "Finance systems team",
            "frequency": "As released",
            "channel": "Release notes",
            "owner": OWNER,
        },
    ):
        b.add("cadence_item", account_id=a, **values)
    for horizon, action, owner, due in (
        ("30", "Get Marcus to name Elena as programme owner", OWNER, D(2026, 12, 5)),
        ("30", "Run two APAC enablement sessions", OWNER, D(2026, 11, 30)),
        ("60", "Security and compliance pack for Aisha's team", "Jordan Blake", D(2027, 1, 5)),
        ("90", "Scope the treasury forecasting pilot", "Jordan Blake", D(2027, 2, 20)),
    ):
        b.add("plan_item", account_id=a, horizon=horizon, action=action, owner=owner, due=due)

    meetings = [
        (
            D(2026, 1, 20),
            "kickoff",
            "Kickoff and success planning",
            ["priya", "marcus", "elena"],
            f"{OWNER}, Jordan Blake, Sam Ortiz",
            "Success plan goals agreed\nGo-live set for 31 March\nPriya owns the programme",
            "Data residency question from the risk team",
            D(2026, 2, 3),
            "Marcus quiet; Priya drove the whole meeting.",
            [
                (
                    "Send the signed success plan",
                    OWNER,
                    "vendor",
                    D(2026, 1, 23),
                    "done",
                    D(2026, 1, 22),
                )
            ],
        ),
        (
            D(2026, 6, 18),
            "qbr",
            "Q2 business review",
            ["priya", "marcus", "elena", "tom"],
            f"{OWNER}, Jordan Blake",
            "Connect the remaining nine partners by end of June\nStart the cash dashboard in Q4",
            "",
            D(2026, 9, 24),
            "Expansion interest from Tom on forecasting.",
            [
                (
                    "Share the partner connection schedule",
                    "Sam Ortiz",
                    "vendor",
                    D(2026, 6, 25),
                    "done",
                    D(2026, 6, 24),
                )
            ],
        ),
        (
            D(2026, 10, 20),
            "check_in",
            "Check-in after the change of programme owner",
            ["elena", "tom"],
            OWNER,
            "Elena acts as programme owner until a permanent owner is named",
            "Who owns APAC reconciliation",
            D(2026, 11, 12),
            "Elena unsure she has the mandate; escalate to Marcus.",
            [
                (
                    "Send the interim contact plan",
                    OWNER,
                    "vendor",
                    D(2026, 10, 22),
                    "done",
                    D(2026, 10, 21),
                )
            ],
        ),
        (
            D(2026, 11, 12),
            "risk_review",
            "Adoption recovery review",
            ["marcus", "elena"],
            f"{OWNER}, Jordan Blake",
            "Two enablement sessions for the APAC team in November\n"
            "Elena to name an APAC reconciliation owner\n"
            "The next business review moves to 10 December",
            "Whether the cash dashboard starts before or after renewal\n"
            "Budget for the forecasting pilot",
            D(2026, 11, 26),
            "Marcus asked twice about the price; expect a discount request.",
            [
                (
                    "Run enablement sessions for the APAC team",
                    OWNER,
                    "vendor",
                    D(2026, 11, 27),
                    "open",
                    None,
                ),
                (
                    "Name an APAC reconciliation owner",
                    "Elena Sokolova",
                    "customer",
                    D(2026, 11, 20),
                    "open",
                    None,
                ),
                (
                    "Share the utilisation report by region",
                    OWNER,
                    "vendor",
                    D(2026, 11, 18),
                    "done",
                    D(2026, 11, 17),
                ),
                (
                    "Confirm the review date and attendees",
                    "Marcus Hale",
                    "customer",
                    D(2026, 11, 30),
                    "open",
                    None,
                ),
            ],
        ),
    ]
    for (
        day,
        kind,
        title,
        who,
        ours,
        decisions,
        open_items,
        next_meeting,
        notes,
        actions,
    ) in meetings:
        b.at(day)
        mid = b.add(
            "meeting",
            account_id=a,
            date=day,
            type=kind,
            title=title,
            internal_attendees=ours,
            decisions=decisions,
            open_items=open_items or None,
            next_meeting=next_meeting,
            internal_notes=notes,
        )
        for person in who:
            b.add("meeting_attendee", meeting_id=mid, stakeholder_id=people[person])
        for text, owner, side, due, status, done_on in actions:
            b.add(
                "action_item",
                account_id=a,
                meeting_id=mid,
                text=text,
                owner=owner,
                side=side,
                due=due,
                status=status,
                completed_on=done_on,
            )

    b.at(D(2026, 11, 16))
    for values in (
        {
            "statement": "Champion Priya Nair left on 15 October; nobody at director level owns "
            "reconciliation outcomes, so the renewal may lack an internal advocate",
            "category": "stakeholder",
            "evidence": "Priya's farewell email; Elena acting without a formal mandate",
            "severity": "high",
            "likelihood": "high",
            "impact": "high",
            "owner": OWNER,
            "next_action": "Have Marcus confirm Elena as the named owner",
            "reassess_on": D(2026, 12, 1),
            "status": "mitigating",
            "raised_on": D(2026, 10, 16),
            "trigger_signal": "Champion departed",
            "shared": True,
            "mitigation": "Weekly working sessions with Elena and an alignment call with Marcus",
            "customer_wording": "Ownership of the reconciliation programme changed hands in "
            "October; continuity depends on a named owner on each side.",
        },
        {
            "statement": "Seat utilisation fell from 82% to 60% after the APAC team paused",
            "category": "adoption",
            "evidence": "Utilisation report of 15 November",
            "severity": "high",
            "likelihood": "medium",
            "impact": "high",
            "owner": OWNER,
            "next_action": "Two APAC enablement sessions",
            "reassess_on": D(2026, 11, 29),
            "status": "open",
            "raised_on": D(2026, 11, 15),
            "trigger_signal": "Utilisation below 70%",
            "shared": True,
            "mitigation": "Enablement sessions for APAC and a named APAC owner",
            "customer_wording": "Usage in the APAC team has dipped since September, which puts "
            "the reconciliation target at risk.",
        },
        {
            "statement": "Aisha Rahman is pushing procurement for a competing vendor review",
            "category": "commercial",
            "evidence": "Procurement asked for our security pack",
            "severity": "medium",
            "likelihood": "medium",
            "impact": "high",
            "owner": "Jordan Blake",
            "next_action": "Send the security and compliance pack",
            "reassess_on": D(2026, 12, 5),
            "status": "open",
            "raised_on": D(2026, 11, 2),
            "shared": False,
            "mitigation": "Security review with the risk team",
            "customer_wording": "A compliance review is planned before renewal.",
        },
        {
            "statement": "Bank feed latency for two partners delayed morning matching",
            "category": "product",
            "evidence": "Support tickets in May",
            "severity": "low",
            "likelihood": "low",
            "impact": "medium",
            "owner": "Sam Ortiz",
            "next_action": "None: fixed in the June release",
            "status": "closed",
            "raised_on": D(2026, 5, 10),
            "shared": False,
        },
    ):
        b.add("risk", account_id=a, **values)

    b.at(D(2026, 6, 18))
    b.add(
        "review",
        account_id=a,
        kind="qbr",
        date=D(2026, 6, 18),
        period="Q2 2026",
        goals_recap="One-day close, no spreadsheets, same-day cash.",
        what_changed="Go-live on 6 April; five partners connected.",
        outcomes="Close time down from five days to two and a half.",
        friction="Two partners' feeds arrive late.",
        recommendations="Connect the remaining partners",
        decisions_needed="Dashboard timing",
        agenda="Results\nRoadmap",
        next_steps="Partner schedule",
        status="delivered",
        internal_notes="Good meeting; Priya strong.",
    )
    b.at(D(2026, 9, 24))
    b.add(
        "review",
        account_id=a,
        kind="qbr",
        date=D(2026, 9, 24),
        period="Q3 2026",
        goals_recap=(
            "We set out to close the month in one day, retire the regional "
            "spreadsheets and give the CFO a same-day cash view."
        ),
        what_changed=(
            "All 14 bank partners now feed Payments Cloud. EMEA closed September "
            "without its spreadsheet. APAC paused its move while its team "
            "changed."
        ),
        outcomes=(
            "Month-end close now takes two days, down from five. 84% of transactions "
            "match automatically, saving an estimated 60 hours of manual matching "
            "each month."
        ),
        friction=(
            "APAC onboarding stalled in August; usage there has dipped. Exception "
            "handling still depends on two people."
        ),
        recommendations=(
            "Name an APAC reconciliation owner\nRun two enablement sessions "
            "for APAC\nStart the cash dashboard in Q4"
        ),
        decisions_needed=(
            "Who owns APAC reconciliation\nWhether to start the cash dashboard before renewal"
        ),
        agenda=(
            "Results against the success plan\nWhat changed this quarter\n"
            "Risks and how we handle them\nDecisions for Q4"
        ),
        next_steps=(
            "Enablement sessions for APAC in November\nRecovery review on "
            "12 November\nNext business review on 10 December"
        ),
        status="delivered",
        internal_notes="Marcus asked about price twice; prepare the value case early.",
    )

    b.at(D(2026, 9, 20))
    plan = b.add(
        "renewal_plan",
        account_id=a,
        started_on=D(2026, 9, 20),
        decision_milestones=(
            "2 Dec 2026 — value review with Marcus Hale and Elena Sokolova\n"
            "10 Dec 2026 — business review and renewal proposal\n"
            "5 Jan 2027 — security review complete\n"
            "12 Jan 2027 — order form signed"
        ),
        value_proof_points=(
            "Close time down from five days to two\n"
            "84% of transactions matched automatically\n"
            "About 60 hours a month of manual matching saved\n"
            "All 14 bank partners connected"
        ),
        objections="Price increase on renewal\nCompeting review requested by risk",
        internal_support="Executive sponsor call from our VP\nSecurity pack from the trust team",
        internal_strategy=(
            "Lead with the close-time result; re-anchor Marcus on the 2027 audit. Offer the "
            "forecasting pilot as part of a two-year term rather than a discount."
        ),
        probability_override=0.7,
        probability_note="Strong results, but the champion has left and risk wants a review",
    )
    for person in ("marcus", "elena", "aisha"):
        b.add("renewal_approver", renewal_plan_id=plan, stakeholder_id=people[person])
    for action, owner, side, due, done in (
        ("Share the value summary", OWNER, "vendor", D(2026, 11, 28), False),
        ("Confirm the budget holder for 2027", "Marcus Hale", "customer", D(2026, 12, 2), False),
        ("Send the renewal proposal", "Jordan Blake", "vendor", D(2026, 12, 10), False),
        ("Book the value review", OWNER, "vendor", D(2026, 11, 14), True),
    ):
        b.add(
            "renewal_next_step",
            renewal_plan_id=plan,
            action=action,
            owner=owner,
            side=side,
            due=due,
            done=done,
        )
    for phase, action, due in checklist_for(D(2027, 1, 15)):
        status = "done" if due <= D(2026, 11, 1) else "open"
        b.add(
            "renewal_step",
            account_id=a,
            renewal_date=D(2027, 1, 15),
            phase=phase.value,
            action=action,
            owner=OWNER,
            due=due,
            status=status,
        )

    # The pilot that closed into the first term: a past renewal with its plan and steps.
    pilot = b.add(
        "renewal_cycle",
        account_id=a,
        renewal_date=D(2026, 1, 15),
        outcome="renewed_up",
        recorded_on=D(2026, 1, 12),
        arr_before=0.0,
        arr_after=160000.0,
        term_months=12,
        next_renewal_date=D(2027, 1, 15),
        note="Pilot converted into the first 12-month term",
        had_plan=True,
        plan_started_on=D(2025, 11, 20),
        decision_milestones="12 Jan 2026 — order form signed",
        value_proof_points="Two bank feeds matched automatically in the pilot",
        objections="Price of the full rollout",
        internal_support="Solutions engineer for the pilot review",
        internal_strategy="Convert the pilot before the budget freeze.",
        probability_override=0.8,
        probability_note="The pilot met every success criterion",
        approvers="Marcus Hale (CFO)",
    )
    for next_step, phase, action in (
        (True, None, "Send the order form"),
        (False, "execution", "Collect the signature"),
    ):
        b.add(
            "renewal_cycle_step",
            account_id=a,
            renewal_cycle_id=pilot,
            next_step=next_step,
            phase=phase,
            action=action,
            owner=OWNER,
            due=D(2026, 1, 12),
            status="done",
        )
    b.add(
        "arr_event",
        account_id=a,
        date=D(2026, 1, 15),
        kind="new",
        amount=160000.0,
        note="Initial 12-month term",
    )
    b.at(D(2026, 7, 10))
    b.add(
        "arr_event",
        account_id=a,
        date=D(2026, 7, 10),
        kind="expansion",
        amount=25000.0,
        note="Nine more bank feeds",
    )
    b.set("account", {"id": a}, arr=185000.0)
    for day, category, text, value, ok in (
        (
            D(2026, 7, 31),
            "efficiency",
            "Close time cut from five days to two and a half",
            48000.0,
            True,
        ),
        (
            D(2026, 10, 31),
            "efficiency",
            "About 60 hours a month of manual matching saved",
            54000.0,
            True,
        ),
        (D(2026, 11, 10), "risk", "Audit trail for every matched transaction", None, False),
    ):
        b.add(
            "value_item",
            account_id=a,
            date=day,
            category=category,
            description=text,
            quantified_value=value,
            customer_validated=ok,
        )
    b.add(
        "expansion",
        account_id=a,
        kind="upsell",
        description="Treasury forecasting module",
        readiness_signals="Tom asked about forecasting\nCFO wants a 13-week cash view",
        stage="qualified",
        estimated_arr=40000.0,
        expected_close=D(2027, 3, 31),
    )
    b.add(
        "expansion",
        account_id=a,
        kind="seats",
        description="40 more seats for APAC",
        stage="identified",
        estimated_arr=12000.0,
        expected_close=D(2027, 6, 30),
    )
    b.add(
        "feedback",
        account_id=a,
        date=D(2026, 10, 2),
        request="Bulk re-assignment of exceptions",
        theme="Exception workflow",
        severity="medium",
        status="planned",
    )
    b.add(
        "feedback",
        account_id=a,
        date=D(2026, 8, 14),
        request="CSV export of matches",
        theme="Reporting",
        severity="low",
        status="shipped",
        customer_told_on=D(2026, 9, 1),
    )

    # Health history: monthly readings from August, the dip in November.
    for day, users, logins, nps, read, tickets in (
        (D(2026, 8, 15), 410, 18, 9, 4, 0),
        (D(2026, 9, 15), 405, 17, 9, 4, 0),
        (D(2026, 10, 15), 360, 14, 8, 3, 1),
        (D(2026, 11, 15), 300, 11, 7, 3, 2),
    ):
        _signals(
            b,
            a,
            day,
            active_users=users,
            licensed_seats=500,
            logins_per_user_month=logins,
            features_in_use=7 if users > 350 else 6,
            key_features=9,
            nps=nps,
            csat=4,
            csm_read=read,
            open_high_sev_tickets=tickets,
            tickets_30d=6 + tickets * 3,
            tickets_monthly_avg_90d=6,
        )
    b.at(D(2026, 11, 15))
    b.set("milestone", {"id": m["apac"]}, status="at_risk")
    b.at(D(2026, 11, 18))
    b.add(
        "signal_reading",
        account_id=a,
        date=D(2026, 11, 18),
        key="csm_read",
        value=3.0,
        note="Elena positive, Marcus guarded",
    )
    b.add(
        "health_override",
        account_id=a,
        date=D(2026, 11, 18),
        component="sentiment",
        value=55.0,
        note="Champion gone; CFO guarded until an owner is named",
    )
    return a


def build_others(b: _Builder) -> tuple[int, ...]:
    ids = []
    for name, arr, renewal, users, seats, nps in (
        ("Contoso Health", 48000.0, D(2027, 2, 20), 70, 80, 9),
        ("Fabrikam Logistics", 9000.0, D(2026, 12, 5), 12, 40, 5),
        ("Tailspin Travel", 130000.0, D(2026, 11, 10), 150, 400, 3),
    ):
        b.at(D(2026, 6, 1))
        a = b.add(
            "account",
            name=name,
            arr=arr,
            contract_start=renewal.replace(year=2026 - 1),
            renewal_date=renewal,
            product_tier="Payments Cloud — Team",
            lifecycle_stage="growth",
        )
        b.add("arr_event", account_id=a, date=renewal.replace(year=2025), kind="new", amount=arr)
        s = b.add(
            "stakeholder",
            account_id=a,
            name=f"Alex Morgan ({name})",
            title="Controller",
            roles="champion,economic_buyer",
            influence=4,
            relationship_strength=4,
            stance="supporter",
            last_contact=D(2026, 10, 1),
        )
        _signals(b, a, D(2026, 9, 1), active_users=users + 10, licensed_seats=seats, nps=nps)
        _signals(b, a, D(2026, 11, 1), active_users=users, licensed_seats=seats, nps=nps)
        b.at(D(2026, 11, 2))
        b.add(
            "risk",
            account_id=a,
            statement=f"{name} budget review in Q1",
            category="commercial",
            severity="medium",
            owner=OWNER,
            next_action="Confirm budget with the controller",
            reassess_on=D(2026, 12, 20),
            status="open",
            raised_on=D(2026, 11, 2),
        )
        mid = b.add(
            "meeting",
            account_id=a,
            date=D(2026, 11, 3),
            type="check_in",
            decisions="Keep the monthly call",
        )
        b.add("meeting_attendee", meeting_id=mid, stakeholder_id=s)
        b.add(
            "action_item",
            account_id=a,
            meeting_id=mid,
            text="Send usage report",
            owner=OWNER,
            side="vendor",
            due=D(2026, 11, 10),
            status="open",
        )
        ids.append(a)
    return tuple(ids)


def build_sample_book(path: Path, today: dt.date) -> Sample:
    """Create the sample book at ``path`` (as of ``today``) and return it open."""
    book = BookFile.create(path, owner=OWNER)
    b = _Builder(book, today)
    northwind = build_northwind(b)
    others = build_others(b)
    b.at(today)
    b.set(
        "book",
        {"id": 1},
        notes=(
            "Start with Northwind: the renewal is in January and the champion has left.\n\n"
            "Tailspin's renewal date has passed; the outcome is still to be recorded."
        ),
    )
    b.add(
        "handover_log",
        from_owner="Chris Park",
        to_owner=OWNER,
        note="Took the book over in January 2026.",
    )
    record_history(book, D(2026, 7, 1), today)
    return Sample(book, northwind, others)


def record_history(book: BookFile, start: dt.date, today: dt.date) -> None:
    """Replace the health history with weekly snapshots from ``start`` to ``today``, each scored
    as of its own day (the book was written out of date order)."""
    with book.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM health_snapshot")
        day = start
        while day < today:
            snapshot_accounts(conn, None, day)
            day += dt.timedelta(days=7)
        snapshot_accounts(conn, None, today)
