"""Importing signals: readings keyed on account + date + signal, ranges checked, and component
names setting manual overrides."""

from __future__ import annotations

import json

from csm_desk.csvimport.convert import ReadOptions
from csm_desk.csvimport.plan import Counts, plan_import
from csm_desk.models.writer import Writer

HEADER = "Account,Date,Signal,Value\n"


def test_readings_are_created_and_reimport_updates_only_changed_values(
    book, write_csv, query, hashes
) -> None:
    first = write_csv(
        HEADER + "Acme Corp,2026-11-01,active_users,80\n"
        "Acme Corp,2026-11-01,Licensed seats,100\n"
        "001B,2026-11-01,NPS,9\n"
        "Gamma Health,2026-11-01,csat,4.5\n",
        "first.csv",
    )
    plan = plan_import(book, "signals", first)
    assert plan.problems == []
    assert plan.counts == {"signal readings": Counts(4, 0, 0)}
    Writer(book).run(plan.op())
    assert query(
        book,
        "SELECT a.name, r.date, r.key, r.value FROM signal_reading r "
        "JOIN account a ON a.id = r.account_id ORDER BY r.id",
    ) == [
        ("Acme Corp", "2026-11-01", "active_users", 80.0),
        ("Acme Corp", "2026-11-01", "licensed_seats", 100.0),
        ("Beta Bank", "2026-11-01", "nps", 9.0),
        ("Gamma Health", "2026-11-01", "csat", 4.5),
    ]
    before = hashes(book.path)
    again = plan_import(book, "signals", first)
    assert again.counts == {"signal readings": Counts(0, 0, 4)}
    Writer(book).run(again.op())
    assert hashes(book.path) == before

    changed = write_csv(
        HEADER + "Acme Corp,2026-11-01,active_users,85\n"
        "Acme Corp,2026-11-01,licensed_seats,100\n"
        "Acme Corp,2026-11-15,active_users,90\n",
        "changed.csv",
    )
    plan = plan_import(book, "signals", changed)
    assert plan.counts == {"signal readings": Counts(created=1, updated=1, unchanged=1)}
    Writer(book).run(plan.op())
    assert query(
        book,
        "SELECT date, value FROM signal_reading WHERE key = 'active_users' ORDER BY date",
    ) == [("2026-11-01", 85.0), ("2026-11-15", 90.0)]


def test_readings_record_the_days_health_snapshot(book, write_csv, query) -> None:
    path = write_csv(
        HEADER + "Acme Corp,2026-11-01,active_users,90\nAcme Corp,2026-11-01,licensed_seats,100\n"
    )
    Writer(book).run(plan_import(book, "signals", path).op())
    (components,) = query(
        book,
        "SELECT s.components_json FROM health_snapshot s JOIN account a ON a.id = s.account_id "
        "WHERE a.name = 'Acme Corp' AND s.date = '2026-11-22'",
    )[0]
    assert json.loads(components)["usage"] == 100.0


def test_values_are_checked_against_each_signals_range(book, write_csv) -> None:
    path = write_csv(
        HEADER + "Acme Corp,2026-11-01,nps,11\n"
        "Acme Corp,2026-11-01,csat,0\n"
        "Acme Corp,2026-11-01,active_users,-3\n"
        "Acme Corp,2026-11-01,ces,7\n"
        "Acme Corp,2026-11-02,mood,3\n"
        "Acme Corp,2026-11-02,nps,\n"
        "Acme Corp,2026-11-01,nps,8\n"
        "Nobody,2026-11-01,nps,8\n"
    )
    plan = plan_import(book, "signals", path)
    assert [str(p) for p in plan.problems] == [
        'row 2, column "Value": 11 is not a valid nps: it must be between 0 and 10',
        'row 3, column "Value": 0 is not a valid csat: it must be between 1 and 5',
        'row 4, column "Value": -3 is not a valid active_users: it must be at least 0',
        "row 6, column \"Signal\": 'mood' is not a signal (use active_users, licensed_seats, "
        "logins_per_user_month, features_in_use, key_features, nps, csat, ces, csm_read, "
        "open_high_sev_tickets, tickets_30d, tickets_monthly_avg_90d; or a component to "
        "override: usage, engagement, sentiment, support, growth); or say what it is with "
        '--map-value "mood=key"',
        'row 7, column "Value": is empty (a value is needed)',
        'row 8, column "Signal": the same account, date and signal as row 2',
        "row 9, column \"Account\": no account called 'Nobody' (by name or CRM id) in the book",
    ]


def test_component_names_set_overrides_noted_with_the_file(book, write_csv, query) -> None:
    path = write_csv(
        HEADER + "Acme Corp,2026-11-10,usage,35\n"
        "Acme Corp,2026-11-10,Sentiment,80\n"
        "Beta Bank,2026-11-10,growth,101\n",
        "overrides.csv",
    )
    plan = plan_import(book, "signals", path)
    assert [str(p) for p in plan.problems] == [
        'row 4, column "Value": 101: a growth override must be between 0 and 100'
    ]
    path = write_csv(
        HEADER + "Acme Corp,2026-11-10,usage,35\nAcme Corp,2026-11-10,Sentiment,80\n",
        "overrides.csv",
    )
    plan = plan_import(book, "signals", path)
    assert plan.counts == {
        "signal readings": Counts(0, 0, 0),
        "health overrides": Counts(2, 0, 0),
    }
    Writer(book).run(plan.op())
    assert query(book, "SELECT date, component, value, note FROM health_override ORDER BY id") == [
        ("2026-11-10", "usage", 35.0, "Imported from overrides.csv"),
        ("2026-11-10", "sentiment", 80.0, "Imported from overrides.csv"),
    ]
    assert query(book, "SELECT count(*) FROM signal_reading") == [(0,)]
    (components,) = query(
        book,
        "SELECT s.components_json FROM health_snapshot s JOIN account a ON a.id = s.account_id "
        "WHERE a.name = 'Acme Corp' AND s.date = '2026-11-22'",
    )[0]
    assert json.loads(components) == {"sentiment": 80.0, "usage": 35.0}
    changed = write_csv(HEADER + "Acme Corp,2026-11-10,usage,40\n", "later.csv")
    plan = plan_import(book, "signals", changed)
    assert plan.counts["health overrides"] == Counts(0, 1, 0)
    Writer(book).run(plan.op())
    assert query(book, "SELECT value, note FROM health_override WHERE component = 'usage'") == [
        (40.0, "Imported from later.csv")
    ]


def test_account_id_column_and_notes(book, write_csv, query) -> None:
    path = write_csv(
        "Account ID,Account Name,As of,Metric,Reading,Notes\n"
        "001B,Beta Bank,11/30/2026,open_high_sev_tickets,2,two P1s on billing\n"
    )
    plan = plan_import(book, "signals", path)
    assert plan.problems == []
    Writer(book).run(plan.op())
    assert query(book, "SELECT date, key, value, note FROM signal_reading") == [
        ("2026-11-30", "open_high_sev_tickets", 2.0, "two P1s on billing")
    ]


def test_a_column_is_named_as_a_signal_with_map(book, write_csv) -> None:
    path = write_csv(
        "Account,Date,Promoter score,Weekly Actives\nAcme Corp,2026-11-20,9,40\n", "wide.csv"
    )
    plan = plan_import(
        book, "signals", path, ReadOptions(maps=("Promoter score=nps", "Weekly Actives=ignore"))
    )
    assert plan.ok, plan.problems
    assert plan.counts["signal readings"].created == 1
    assert 'One column per signal: "Promoter score" as nps.' in plan.summary()
    assert 'Columns not imported: "Weekly Actives".' in plan.summary()
