"""A synthetic book of any size, for benchmarks: realistic row counts per account, fast to build.

Each account gets ~20 stakeholders, 10 risks, 20 meetings (with attendees, decisions and action
items), 100 signal readings, 5 ARR events, milestones, KPIs and a renewal plan on some. Rows are
written with ``executemany`` straight into a new book (this is bulk creation, not user edits).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from csm_desk.models.bookfile import BookFile

ROLES = [
    "champion",
    "economic_buyer",
    "executive_sponsor",
    "influencer",
    "end_user",
    "technical_owner",
]
SIGNALS = [
    ("active_users", 10, 400),
    ("licensed_seats", 50, 500),
    ("logins_per_user_month", 1, 30),
    ("nps", 0, 10),
    ("csat", 1, 5),
    ("open_high_sev_tickets", 0, 4),
    ("tickets_30d", 0, 30),
    ("tickets_monthly_avg_90d", 1, 25),
    ("features_in_use", 1, 12),
    ("key_features", 12, 12),
]


def build_book(path: Path, accounts: int, as_of: dt.date, *, seed: int = 7) -> Path:
    """Write a synthetic book of ``accounts`` accounts to ``path`` (which must not exist)."""
    rng = random.Random(seed)
    BookFile.create(path, owner="Benchmark Owner").close()
    book = BookFile.open(path)
    day = as_of.isoformat

    def ago(days: int) -> str:
        return (as_of - dt.timedelta(days=days)).isoformat()

    rows: dict[str, list[tuple]] = {
        k: []
        for k in (
            "account",
            "stakeholder",
            "risk",
            "meeting",
            "meeting_attendee",
            "action_item",
            "signal_reading",
            "arr_event",
            "milestone",
            "kpi",
            "objective",
            "renewal_plan",
        )
    }
    stakeholder_id = meeting_id = 0
    for a in range(1, accounts + 1):
        arr = round(
            rng.choice(
                [
                    rng.uniform(3_000, 14_000),
                    rng.uniform(15_000, 99_000),
                    rng.uniform(100_000, 600_000),
                ]
            ),
            2,
        )
        segment = "high_touch" if arr >= 100_000 else "low_touch" if arr >= 15_000 else "tech_touch"
        renewal = (as_of + dt.timedelta(days=rng.randint(-20, 380))).isoformat()
        rows["account"].append(
            (
                a,
                f"Account {a:05d}",
                f"CRM-{a:06d}",
                arr,
                segment,
                0,
                "onboarding",
                ago(rng.randint(100, 900)),
                renewal,
                12,
                "quarterly",
                "active",
            )
        )
        first_person = stakeholder_id + 1
        for p in range(20):
            stakeholder_id += 1
            roles = ROLES[p] if p < len(ROLES) else "end_user"
            rows["stakeholder"].append(
                (
                    stakeholder_id,
                    a,
                    f"Person {stakeholder_id}",
                    "Manager",
                    roles,
                    rng.randint(1, 5),
                    rng.randint(1, 5),
                    "neutral",
                    ago(rng.randint(0, 200)),
                    0,
                )
            )
        for r in range(10):
            rows["risk"].append(
                (
                    a,
                    f"Risk {r} on account {a}",
                    "adoption",
                    "Usage falling",
                    "medium",
                    "CSM",
                    "Call",
                    ago(-rng.randint(-20, 40)),
                    rng.choice(["open", "closed"]),
                    0,
                )
            )
        for m in range(20):
            meeting_id += 1
            rows["meeting"].append(
                (
                    meeting_id,
                    a,
                    ago(m * 9 + rng.randint(0, 5)),
                    "check_in",
                    "Decision one\nDecision two",
                )
            )
            rows["meeting_attendee"].append((meeting_id, first_person + (m % 20)))
            rows["action_item"].append(
                (
                    a,
                    meeting_id,
                    f"Follow up {m}",
                    "CSM",
                    ago(m * 9 - 7),
                    "done" if m > 1 else "open",
                )
            )
        for i in range(100):
            key, low, high = SIGNALS[i % len(SIGNALS)]
            rows["signal_reading"].append(
                (a, ago((i // len(SIGNALS)) * 30), key, float(rng.randint(low, high)))
            )
        rows["arr_event"].append((a, ago(800), "new", arr * 0.8))
        for e in range(4):
            rows["arr_event"].append((a, ago(600 - e * 120), "expansion", arr * 0.05))
        for m in range(4):
            rows["milestone"].append(
                (
                    a,
                    "onboarding",
                    f"Milestone {m}",
                    "vendor" if m % 2 else "customer",
                    "Owner",
                    ago(300 - m * 30),
                    "complete",
                    1 if m == 2 else 0,
                )
            )
        rows["objective"].append((a, "Grow adoption across teams"))
        rows["kpi"].append((a, "Weekly active users", 50.0, 80.0, 120.0, ago(-90)))
        if a % 3 == 0:
            rows["renewal_plan"].append((a, "Proof point one\nProof point two"))

    with book.engine.begin() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.executemany(
            "INSERT INTO account(id, name, crm_id, arr, segment, segment_pinned, lifecycle_stage, contract_start, renewal_date, contract_term_months, review_cadence, plan_status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            rows["account"],
        )
        raw.executemany(
            "INSERT INTO stakeholder(id, account_id, name, title, roles, influence, relationship_strength, stance, last_contact, departed) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows["stakeholder"],
        )
        raw.executemany(
            "INSERT INTO risk(account_id, statement, category, evidence, severity, owner, next_action, reassess_on, status, shared) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows["risk"],
        )
        raw.executemany(
            "INSERT INTO meeting(id, account_id, date, type, decisions) VALUES (?,?,?,?,?)",
            rows["meeting"],
        )
        raw.executemany(
            "INSERT INTO meeting_attendee(meeting_id, stakeholder_id) VALUES (?,?)",
            rows["meeting_attendee"],
        )
        raw.executemany(
            "INSERT INTO action_item(account_id, meeting_id, text, owner, due, status) VALUES (?,?,?,?,?,?)",
            rows["action_item"],
        )
        raw.executemany(
            "INSERT OR IGNORE INTO signal_reading(account_id, date, key, value) VALUES (?,?,?,?)",
            rows["signal_reading"],
        )
        raw.executemany(
            "INSERT INTO arr_event(account_id, date, kind, amount) VALUES (?,?,?,?)",
            rows["arr_event"],
        )
        raw.executemany(
            "INSERT INTO milestone(account_id, phase, title, owner_side, owner_name, due, status, first_value, go_live) VALUES (?,?,?,?,?,?,?,?,0)",
            rows["milestone"],
        )
        raw.executemany(
            'INSERT INTO objective(account_id, text, position, "primary") VALUES (?,?,0,0)',
            rows["objective"],
        )
        raw.executemany(
            "INSERT INTO kpi(account_id, name, baseline, current, target, by_when, higher_is_better) VALUES (?,?,?,?,?,?,1)",
            rows["kpi"],
        )
        raw.executemany(
            "INSERT INTO renewal_plan(account_id, value_proof_points) VALUES (?,?)",
            rows["renewal_plan"],
        )
        touched = f"{day()} 09:00:00"
        raw.executemany(
            "INSERT INTO artifact_touch(account_id, artifact, touched_at) VALUES (?,?,?)",
            [
                (a, art, touched)
                for a in range(1, accounts + 1)
                for art in ("success_plan", "stakeholder_map", "recap", "risk_register")
            ],
        )
    book.close()
    return path


if __name__ == "__main__":
    import time

    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    start = time.perf_counter()
    build_book(target, count, dt.date.today())
    print(f"built {count} accounts in {time.perf_counter() - start:.1f} s → {target}")
