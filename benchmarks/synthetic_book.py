"""A synthetic book of any size, written straight into SQLite, for benchmarks.

Every account gets a realistic spread of rows (stakeholders, signals over a year, meetings with
attendees and action items, milestones, KPIs, risks, a renewal plan for near renewals, ARR
events and a year of weekly health snapshots), so loading and scoring it costs what a real book
of that size costs. The data is deterministic for a given size and date.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from pathlib import Path

from csm_desk.models.bookfile import BookFile

SIGNALS = (
    ("licensed_seats", 50, 500),
    ("active_users", 10, 450),
    ("logins_per_user_month", 1, 30),
    ("features_in_use", 1, 10),
    ("key_features", 10, 10),
    ("nps", 0, 10),
    ("csat", 1, 5),
    ("csm_read", 1, 5),
    ("open_high_sev_tickets", 0, 4),
    ("tickets_30d", 0, 20),
    ("tickets_monthly_avg_90d", 1, 15),
)
ROLES = ("champion", "economic_buyer", "executive_sponsor", "influencer", "end_user")
WORDS = [
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Proseware",
    "Adatum",
    "Wingtip",
    "Fourth",
    "Coffee",
]
KINDS = [
    "Payments",
    "Logistics",
    "Health",
    "Media",
    "Energy",
    "Retail",
    "Labs",
    "Systems",
    "Foods",
    "Robotics",
]


def write_synthetic_book(path: Path, accounts: int, today: dt.date, seed: int = 7) -> Path:
    """Create a book at ``path`` with ``accounts`` synthetic accounts as of ``today``."""
    BookFile.create(path, owner="Benchmark Owner").close()
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = OFF")
    rows: dict[str, list[tuple[object, ...]]] = {}

    def add(table: str, *values: object) -> None:
        rows.setdefault(table, []).append(values)

    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    next_id = {"stakeholder": 0, "meeting": 0, "renewal_plan": 0, "kpi": 0}

    def new_id(table: str) -> int:
        next_id[table] += 1
        return next_id[table]

    for account_id in range(1, accounts + 1):
        arr = round(
            rng.choice((8_000, 20_000, 45_000, 90_000, 150_000, 400_000)) * rng.uniform(0.6, 1.4), 2
        )
        segment = "high_touch" if arr >= 100_000 else "low_touch" if arr >= 15_000 else "tech_touch"
        renewal = rng.randint(-20, 400)
        name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {account_id}"
        add(
            "account",
            account_id,
            name,
            f"CRM-{account_id:05d}",
            arr,
            segment,
            0,
            "Enterprise",
            "FinTech",
            day(-400),
            day(renewal),
            12,
            "adoption",
            "Live means every team on the platform",
            day(-300),
            "Cut reconciliation time in half.",
            "quarterly",
            "active",
        )
        add("arr_event", account_id, day(-400), "new", arr)
        people = []
        for n in range(rng.randint(2, 6)):
            sid = new_id("stakeholder")
            people.append(sid)
            add(
                "stakeholder",
                sid,
                account_id,
                f"Person {sid}",
                "Director",
                ROLES[n % len(ROLES)],
                rng.randint(1, 5),
                rng.randint(1, 5),
                "supporter",
                day(-rng.randint(1, 120)),
                0,
            )
        for key, low, high in SIGNALS:
            for months_back in (12, 9, 6, 3, 0):
                value = rng.randint(int(low), int(high))
                add("signal_reading", account_id, day(-months_back * 30), key, float(value))
        for m in range(4):
            mid = new_id("meeting")
            add("meeting", mid, account_id, day(-m * 25 - 3), "check_in", f"Check-in {m}", "Go")
            for sid in people[:2]:
                add("meeting_attendee", mid, sid)
            add("action_item", account_id, mid, "Send the summary", "CSM", day(-m * 25 + 7), "open")
        for m in range(4):
            add(
                "milestone",
                account_id,
                "onboarding",
                f"Milestone {m}",
                "vendor" if m % 2 else "customer",
                "Owner",
                day(-200 + m * 40),
                "complete" if m < 3 else "in_progress",
                int(m == 1),
                int(m == 2),
            )
        kid = new_id("kpi")
        add("kpi", kid, account_id, "Close time (days)", 10.0, 7.0, 5.0, day(120))
        add("kpi_reading", kid, day(-30), 7.0)
        add("objective", account_id, 0, "Close the books faster", 1)
        for r in range(rng.randint(0, 3)):
            add(
                "risk",
                account_id,
                f"Risk {r}",
                "adoption",
                "Usage down",
                "high",
                "CSM",
                "Call",
                day(rng.randint(-10, 30)),
                "open",
                day(-20),
            )
        if renewal <= 120:
            pid = new_id("renewal_plan")
            add("renewal_plan", pid, account_id, day(-10), "Saved 20 hours a month")
            add("renewal_approver", pid, people[0])
            add("renewal_next_step", pid, "Send the proposal", "CSM", day(5))
        for w in range(52, -1, -1):
            score = max(0.0, min(100.0, 60 + rng.gauss(0, 15)))
            band = (
                "healthy"
                if score >= 80
                else "stable"
                if score >= 60
                else "at_risk"
                if score >= 40
                else "critical"
                if score >= 20
                else "emergency"
            )
            add(
                "health_snapshot",
                account_id,
                day(-w * 7 - 1),
                round(score, 2),
                band,
                json.dumps({"usage": score}),
                "{}",
            )

    sql = {
        "account": "INSERT INTO account(id, name, crm_id, arr, segment, segment_pinned, "
        "product_tier, industry, contract_start, renewal_date, contract_term_months, "
        "lifecycle_stage, live_definition, go_live_date, success_vision, review_cadence, "
        "plan_status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "arr_event": "INSERT INTO arr_event(account_id, date, kind, amount) VALUES (?,?,?,?)",
        "stakeholder": "INSERT INTO stakeholder(id, account_id, name, title, roles, influence, "
        "relationship_strength, stance, last_contact, departed) VALUES (?,?,?,?,?,?,?,?,?,?)",
        "signal_reading": "INSERT OR IGNORE INTO signal_reading(account_id, date, key, value) "
        "VALUES (?,?,?,?)",
        "meeting": "INSERT INTO meeting(id, account_id, date, type, title, decisions) "
        "VALUES (?,?,?,?,?,?)",
        "meeting_attendee": "INSERT INTO meeting_attendee(meeting_id, stakeholder_id) VALUES (?,?)",
        "action_item": "INSERT INTO action_item(account_id, meeting_id, text, owner, due, status) "
        "VALUES (?,?,?,?,?,?)",
        "milestone": "INSERT INTO milestone(account_id, phase, title, owner_side, owner_name, due, "
        "status, first_value, go_live) VALUES (?,?,?,?,?,?,?,?,?)",
        "kpi": "INSERT INTO kpi(id, account_id, name, baseline, current, target, by_when, "
        "higher_is_better) VALUES (?,?,?,?,?,?,?,1)",
        "kpi_reading": "INSERT INTO kpi_reading(kpi_id, date, value) VALUES (?,?,?)",
        "objective": 'INSERT INTO objective(account_id, position, text, "primary") '
        "VALUES (?,?,?,?)",
        "risk": "INSERT INTO risk(account_id, statement, category, evidence, severity, owner, "
        "next_action, reassess_on, status, raised_on, shared) VALUES (?,?,?,?,?,?,?,?,?,?,0)",
        "renewal_plan": "INSERT INTO renewal_plan(id, account_id, started_on, value_proof_points) "
        "VALUES (?,?,?,?)",
        "renewal_approver": "INSERT INTO renewal_approver(renewal_plan_id, stakeholder_id) "
        "VALUES (?,?)",
        "renewal_next_step": "INSERT INTO renewal_next_step(renewal_plan_id, action, owner, due, "
        "done) VALUES (?,?,?,?,0)",
        "health_snapshot": "INSERT OR IGNORE INTO health_snapshot(account_id, date, score, band, "
        "components_json, detail_json) VALUES (?,?,?,?,?,?)",
    }
    with con:
        for table, statement in sql.items():
            con.executemany(statement, rows.get(table, []))
    con.close()
    return path
