# ruff: noqa: E501  (the table of mutants reads best one to a line)
"""Apply hand-made mutants of the engine's rule edges one at a time and check a test kills each.

Each mutant changes one comparison or one default of an alert, discipline, health-band or
metrics rule (``>`` for ``>=``, 9 for 8…). For each, the edge tests run against the mutated
source; a mutant the tests do not notice is reported as SURVIVED and the run fails. The source
is always put back.

Run from the repository root:  python tools/edge_mutants.py [NAME-FRAGMENT…]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/engine/test_alert_edges.py", "tests/engine/test_health.py"]
ALERTS = "csm_desk/engine/alerts.py"
ALERT_RULES = "csm_desk/engine/alert_rules.py"
COVERAGE = "csm_desk/engine/coverage.py"
PEOPLE = "csm_desk/engine/people.py"
DISCIPLINE = "csm_desk/engine/discipline.py"
COMPLETENESS = "csm_desk/engine/completeness.py"
METRICS = "csm_desk/engine/metrics.py"
HISTORY = "csm_desk/engine/history.py"
SETTINGS = "csm_desk/engine/settings.py"
RENEWALS = "csm_desk/engine/renewals.py"
SCORING = "csm_desk/engine/scoring.py"

# (name, file, original text, mutated text): the original must occur exactly once.
MUTANTS: list[tuple[str, str, str, str]] = [
    ("champion_silent > → >=", ALERT_RULES, "(as_of - last).days > limit", "(as_of - last).days >= limit"),
    ("champion_silent on any champion", ALERT_RULES, "if len(silent) == len(champions):", "if silent:"),
    ("health_drop >= → >", HISTORY, "round(drop.fall, _DIGITS) >= points", "round(drop.fall, _DIGITS) > points"),
    ("health_drop window start <= → <", HISTORY, "start <= snapshot.date <= as_of", "start < snapshot.date <= as_of"),
    ("champion_left <= → <", PEOPLE, "(as_of - p.departed_on).days <= news_for)", "(as_of - p.departed_on).days < news_for)"),
    ("champion_left default 180 → 181", SETTINGS, '"Champion left: alert for (days after leaving)",\n        180,', '"Champion left: alert for (days after leaving)",\n        181,'),
    ("engaged window <= → <", PEOPLE, "is not None and d <= window", "is not None and d < window"),
    ("single_threaded < → <=", COVERAGE, "if len(threads) >= needed:", "if len(threads) > needed:"),
    ("low_adoption >= → >", ALERT_RULES, '.days < settings.days("low_adoption_days")', '.days <= settings.days("low_adoption_days")'),
    ("low_adoption utilisation < → <=", ALERT_RULES, "utilisation.value < settings.threshold(", "utilisation.value <= settings.threshold("),
    ("renewal_no_plan <= → <", ALERT_RULES, "if days > renewal_plan_window(", "if days >= renewal_plan_window("),
    ("renewal_no_plan red <= → <", ALERT_RULES, "RED if days <= facts.settings", "RED if days < facts.settings"),
    ("renewal plan due <= → <", COMPLETENESS, "<= renewal_plan_window(segment, settings)", "< renewal_plan_window(segment, settings)"),
    ("qbr_due staleness > → >=", ALERT_RULES, "if (as_of - since).days > cadence:", "if (as_of - since).days >= cadence:"),
    ("qbr artifact staleness > → >=", COMPLETENESS, "if age > cadence else None", "if age >= cadence else None"),
    ("recap grace > → >=", DISCIPLINE, "(as_of - latest).days > grace", "(as_of - latest).days >= grace"),
    ("recap window <= → <", COMPLETENESS, "(as_of - m.date).days <= window", "(as_of - m.date).days < window"),
    ("freshness age > → >=", DISCIPLINE, "if age > days else None", "if age >= days else None"),
    ("stakeholder map: 3 people for low touch", COMPLETENESS, '"stakeholder_map_min_high" if segment is Segment.HIGH_TOUCH else "stakeholder_map_min_low"', '"stakeholder_map_min_high"'),
    ("stakeholder map low default 2 → 3", SETTINGS, '"Stakeholder map complete from (people, low touch)", 2,', '"Stakeholder map complete from (people, low touch)", 3,'),
    ("renewal step of a passed phase < → <=", RENEWALS, "PHASE_ORDER.index(phase) < PHASE_ORDER.index(current)", "PHASE_ORDER.index(phase) <= PHASE_ORDER.index(current)"),
    ("first value late < → <=", ALERT_RULES, "if m.first_value and m.open_on(as_of) and m.due and m.due < as_of", "if m.first_value and m.open_on(as_of) and m.due and m.due <= as_of"),
    ("due soon horizon <= → <", ALERTS, "as_of <= m.due <= horizon", "as_of <= m.due < horizon"),
    ("due soon from today <= → <", ALERTS, "as_of <= a.due <= horizon", "as_of < a.due <= horizon"),
    ("NPS promoter >= 9 → >= 8", METRICS, "if r >= 9)", "if r >= 8)"),
    ("CSAT >= 4 → >= 3", METRICS, "if r >= 4)", "if r >= 3)"),
    ("retention window start < → <=", METRICS, "if not start < event.date <= as_of:", "if not start <= event.date <= as_of:"),
    ("cohort start > → >=", METRICS, "if account.contract_start > start:", "if account.contract_start >= start:"),
    ("survey window start < → <=", METRICS, "if start < reading.date <= end:", "if start <= reading.date <= end:"),
    ("utilization band 80 → 79", SCORING, "ScoreBand(80, 100.0),", "ScoreBand(79, 100.0),"),
    ("logins > 20 → >= 20", SCORING, "ScoreBand(20, 100.0, strict=True),", "ScoreBand(20, 100.0),"),
    ("contact recency <= 14 → < 14", SCORING, "ScoreBand(14, 100.0),", "ScoreBand(14, 100.0, strict=True),"),
    ("high-severity tickets 1 → 60 at 0", SCORING, "ScoreBand(1, 100.0, strict=True),", "ScoreBand(0, 100.0, strict=True),"),
    ("ticket volume <= 2.0 → < 2.0", SCORING, "ScoreBand(2.0, 40.0))", "ScoreBand(2.0, 40.0, strict=True))"),
    ("user growth >= 0 → > 0", SCORING, "ScoreBand(0, 70.0),", "ScoreBand(0, 70.0, strict=True),"),
    ("at-least edge is reached, not passed", SCORING, "if value > band.edge or (value == band.edge and not band.strict):", "if value > band.edge:"),
    ("at-most edge is within, not under", SCORING, "if value < band.edge or (value == band.edge and not band.strict):", "if value < band.edge:"),
]  # fmt: skip


def run(only: list[str]) -> int:
    survived = 0
    for name, path, original, mutated in MUTANTS:
        if only and not any(fragment in name for fragment in only):
            continue
        source = ROOT / path
        text = source.read_text(encoding="utf-8")
        if text.count(original) != 1:
            print(f"STALE     {name}: the original text occurs {text.count(original)} times")
            survived += 1
            continue
        source.write_text(text.replace(original, mutated), encoding="utf-8")
        try:
            result = subprocess.run(
                [sys.executable, "-m", "pytest", *TESTS, "-q", "-x", "-p", "no:cacheprovider"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            source.write_text(text, encoding="utf-8")
        killed = result.returncode != 0
        survived += not killed
        print(f"{'killed  ' if killed else 'SURVIVED'}  {name}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
