"""The demo book as it was on three past days, against values worked out by hand.

The demo (written as of 22 Nov 2026) holds this ARR ledger and these contracts (12-month
terms); every figure below is derived from it in the comments:

    Northwind Payments      start 2026-02-05  new 78,000; expansion 2026-05-06 +7,000
                            → ARR 85,000, renews 2027-02-05
    Halcyon Health Systems  start 2024-06-10  new 150,000; renewal 2025-06-10 +50,000;
                            renewal 2026-06-10 +40,000 → 240,000, renews 2027-06-10
    Brightline Logistics    start 2025-01-06  new 150,000; renewal 2026-01-06 +30,000
                            → 180,000, renews 2027-01-06
    Pinecrest Credit Union  start 2024-12-12  new 60,000; renewal 2025-12-12 +8,000
                            → 68,000, renews 2026-12-12
    Cobalt Ridge Energy     start 2024-03-07  new 280,000; renewal 2025-03-07 +45,000;
                            renewal 2026-03-07 −15,000 → 310,000, renews 2027-03-07
    Meridian Retail Group   start 2025-11-10  new 42,000 → 42,000, renews 2026-11-10
    Sparrow & Finch Studio  start 2025-01-11  new 8,000; renewal 2026-01-11 −2,000
                            → 6,000, renews 2027-01-11
    Orchard Lane Foods      start 2024-04-01  new 50,000; renewals 2025-04-01 and
                            2026-04-01 flat; expansion 2026-06-25 +4,000 → 54,000,
                            renews 2027-04-01
    Atlas Field Services    start 2025-05-01  new 24,000; renewal 2026-05-01 +4,000
                            → 28,000, renews 2027-05-01
    Quillfeather Learning   start 2026-09-08  new 36,000, renews 2027-09-08
    Tidewater Marine Supply start 2025-09-18  new 9,600; renewal 2026-09-18 flat
                            → 9,600, renews 2027-09-18
    Juniper Robotics        start 2026-11-16  new 22,000, renews 2027-11-16
    Greyfield Media         start 2025-08-14  new 31,000; churn 2026-08-14 → 0, no
                            renewal date (the churn cleared it)

As of a day: ARR = today's ARR − the net change of later events; the renewal date is the one
closed by the first renewal recorded after the day (its closed renewal keeps the date: with
12-month terms, one term back per later outcome); a renewal date cleared by a later churn is
the one that churn closed (contract start + one term per renewal by then); an account whose
contract starts later is absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from csm_desk.engine.asof import book_as_of
from csm_desk.engine.book import BookResult, score_book
from csm_desk.engine.vocab import RenewalPhase
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book

D = dt.date
P = RenewalPhase

# name: (ARR, renewal date, days to renewal, phase)
Expected = dict[str, tuple[float, dt.date, int, RenewalPhase]]

# 1 Dec 2025. Absent: Northwind (starts 2026-02-05), Quillfeather, Juniper.
# Outcomes undone (each dated after 1 Dec 2025):
#   Halcyon 2026-06-10 +40,000: 240,000 − 40,000 = 200,000; 2027-06-10 − 12 m = 2026-06-10
#   Brightline 2026-01-06 +30,000: 150,000; renews 2026-01-06
#   Pinecrest 2025-12-12 +8,000: 60,000; renews 2025-12-12
#   Cobalt 2026-03-07 −15,000: 310,000 + 15,000 = 325,000; renews 2026-03-07
#   Sparrow 2026-01-11 −2,000: 8,000; renews 2026-01-11
#   Orchard 2026-04-01 flat (one term back) and the 2026-06-25 expansion: 50,000; 2026-04-01
#   Atlas 2026-05-01 +4,000: 24,000; renews 2026-05-01
#   Tidewater 2026-09-18 flat: 9,600; renews 2026-09-18
#   Greyfield: churn 2026-08-14 not yet: 0 + 31,000; renews 2025-08-14 + 12 m = 2026-08-14
# Days from 1 Dec 2025 (Dec 31, Jan 31, Feb 28, Mar 31, Apr 30, May 31, Jun 30, Jul 31, ...):
#   to 2025-12-12: 11; 2026-01-06: 31 + 5 = 36; 2026-01-11: 41; 2026-03-07: 90 + 6 = 96;
#   2026-04-01: 121; 2026-05-01: 151; 2026-06-10: 182 + 9 = 191; 2026-08-14: 182 + 30 + 31
#   + 13 = 256; 2026-09-18: 256 + 35 = 291; 2026-11-10: 335 + 9 = 344.
DEC_2025: Expected = {
    "Halcyon Health Systems": (200_000, D(2026, 6, 10), 191, P.STEADY),
    "Brightline Logistics": (150_000, D(2026, 1, 6), 36, P.NEGOTIATION),
    "Pinecrest Credit Union": (60_000, D(2025, 12, 12), 11, P.EXECUTION),
    "Cobalt Ridge Energy": (325_000, D(2026, 3, 7), 96, P.PLANNING),
    "Meridian Retail Group": (42_000, D(2026, 11, 10), 344, P.STEADY),
    "Sparrow & Finch Studio": (8_000, D(2026, 1, 11), 41, P.NEGOTIATION),
    "Orchard Lane Foods": (50_000, D(2026, 4, 1), 121, P.STEADY),
    "Atlas Field Services": (24_000, D(2026, 5, 1), 151, P.STEADY),
    "Tidewater Marine Supply": (9_600, D(2026, 9, 18), 291, P.STEADY),
    "Greyfield Media": (31_000, D(2026, 8, 14), 256, P.STEADY),
}

# 15 Apr 2026. Absent: Quillfeather, Juniper. Northwind exists (started 2026-02-05).
# Outcomes undone: Halcyon 2026-06-10 (+40,000 → 200,000, renews 2026-06-10), Atlas
# 2026-05-01 (+4,000 → 24,000, renews 2026-05-01), Tidewater 2026-09-18 (renews 2026-09-18),
# Greyfield's churn (31,000, renews 2026-08-14). Later events that are not outcomes: Northwind's
# 2026-05-06 expansion (85,000 − 7,000 = 78,000), Orchard's 2026-06-25 (54,000 − 4,000 =
# 50,000; its 2026-04-01 renewal is before the day, so it renews 2027-04-01).
# Days from 15 Apr 2026: to May 1 16, Jun 1 47, Jul 1 77, Aug 1 108, Sep 1 139, Oct 1 169,
# Nov 1 200, Dec 1 230, 2027-01-01 261, Feb 1 292, Mar 1 320, Apr 15 365.
APR_2026: Expected = {
    "Northwind Payments": (78_000, D(2027, 2, 5), 292 + 4, P.STEADY),
    "Halcyon Health Systems": (200_000, D(2026, 6, 10), 47 + 9, P.NEGOTIATION),
    "Brightline Logistics": (180_000, D(2027, 1, 6), 261 + 5, P.STEADY),
    "Pinecrest Credit Union": (68_000, D(2026, 12, 12), 230 + 11, P.STEADY),
    "Cobalt Ridge Energy": (310_000, D(2027, 3, 7), 320 + 6, P.STEADY),
    "Meridian Retail Group": (42_000, D(2026, 11, 10), 200 + 9, P.STEADY),
    "Sparrow & Finch Studio": (6_000, D(2027, 1, 11), 261 + 10, P.STEADY),
    "Orchard Lane Foods": (50_000, D(2027, 4, 1), 365 - 14, P.STEADY),
    "Atlas Field Services": (24_000, D(2026, 5, 1), 16, P.EXECUTION),
    "Tidewater Marine Supply": (9_600, D(2026, 9, 18), 139 + 17, P.STEADY),
    "Greyfield Media": (31_000, D(2026, 8, 14), 108 + 13, P.STEADY),  # 121: still steady
}

# 5 Jul 2026 (a day the demo recorded health for: 20 weeks back). Absent: Quillfeather,
# Juniper. Every account is at today's ARR and renewal date but two: Tidewater's flat renewal
# of 2026-09-18 is undone (renews 2026-09-18), and Greyfield's churn of 2026-08-14 has not
# happened (31,000, renews 2026-08-14).
# Days from 5 Jul 2026: to Aug 1 27, Sep 1 58, Oct 1 88, Nov 1 119, Dec 1 149, 2027-01-01
# 180, Feb 1 211, Mar 1 239, Apr 1 270, May 1 300, Jun 10 340.
JUL_2026: Expected = {
    "Northwind Payments": (85_000, D(2027, 2, 5), 211 + 4, P.STEADY),
    "Halcyon Health Systems": (240_000, D(2027, 6, 10), 340, P.STEADY),
    "Brightline Logistics": (180_000, D(2027, 1, 6), 180 + 5, P.STEADY),
    "Pinecrest Credit Union": (68_000, D(2026, 12, 12), 149 + 11, P.STEADY),
    "Cobalt Ridge Energy": (310_000, D(2027, 3, 7), 239 + 6, P.STEADY),
    "Meridian Retail Group": (42_000, D(2026, 11, 10), 119 + 9, P.STEADY),
    "Sparrow & Finch Studio": (6_000, D(2027, 1, 11), 180 + 10, P.STEADY),
    "Orchard Lane Foods": (54_000, D(2027, 4, 1), 270, P.STEADY),
    "Atlas Field Services": (28_000, D(2027, 5, 1), 300, P.STEADY),
    "Tidewater Marine Supply": (9_600, D(2026, 9, 18), 58 + 17, P.ENGAGEMENT),
    "Greyfield Media": (31_000, D(2026, 8, 14), 27 + 13, P.NEGOTIATION),
}

CASES = {D(2025, 12, 1): DEC_2025, D(2026, 4, 15): APR_2026, D(2026, 7, 5): JUL_2026}

# Renewals due in the next 90 days, by hand from the tables above (0 ≤ days ≤ 90):
#   1 Dec 2025: Pinecrest 11, Brightline 36, Sparrow 41 → 60,000 + 150,000 + 8,000
#   15 Apr 2026: Atlas 16, Halcyon 56 → 24,000 + 200,000
#   5 Jul 2026: Greyfield 40, Tidewater 75 → 31,000 + 9,600
DUE_90 = {D(2025, 12, 1): (3, 218_000), D(2026, 4, 15): (2, 224_000), D(2026, 7, 5): (2, 40_600)}
# Book ARR: the sum of each table (every renewal of each is within 365 days, so the 365-day
# window holds them all).
BOOK_ARR = {D(2025, 12, 1): 899_600, D(2026, 4, 15): 998_600, D(2026, 7, 5): 1_053_600}


@pytest.fixture(scope="module")
def book(demo_book_master: Path) -> Iterator[BookFile]:
    with BookFile.open(demo_book_master, access="read") as opened:
        yield opened


def scored(book: BookFile, day: dt.date) -> BookResult:
    return score_book(load_book(book, as_of=day), day)


@pytest.mark.parametrize("day", sorted(CASES))
def test_each_account_as_it_was(book: BookFile, day: dt.date) -> None:
    result = scored(book, day)
    shown = {
        a.name: (a.arr, a.facts.renewal_date, a.days_to_renewal, a.renewal_phase)
        for a in result.active
    }
    assert shown == CASES[day]
    assert not [a.name for a in result.accounts if a.churned], "Greyfield churned later"
    assert result.arr == BOOK_ARR[day]
    due = result.renewals[90]
    assert (due.count, due.arr_due) == DUE_90[day]
    assert (result.renewals[365].count, result.renewals[365].arr_due) == (
        len(CASES[day]),
        BOOK_ARR[day],
    )


@pytest.mark.parametrize("day", sorted(CASES))
def test_nothing_dated_later_reaches_the_rules(book: BookFile, day: dt.date) -> None:
    result = scored(book, day)
    for account in result.accounts:
        facts = account.facts
        assert all(e.date <= day for e in facts.arr_events)
        assert all(s.date <= day for s in facts.snapshots)
        assert all(m.date <= day for m in facts.meetings)
        assert all(r.date <= day for readings in facts.signals.values() for r in readings)
        assert all(d <= day for p in facts.stakeholders for d in p.contact_dates)
        assert all(h.date <= day for h in account.history)


def test_scores_as_of_a_recorded_day_are_that_days_snapshots(book: BookFile) -> None:
    """On 5 Jul 2026 the demo recorded each account's health from the facts it had then; as
    of that day the book scores the same (Greyfield with its low-touch weights of that day:
    31,000 ARR, not today's 0)."""
    day = D(2026, 7, 5)
    result = scored(book, day)
    recorded = {
        a.id: next(s.score for s in a.facts.snapshots if s.date == day) for a in result.active
    }
    assert {a.id: a.health.score for a in result.active} == pytest.approx(recorded)
    greyfield = next(a for a in result.active if a.name == "Greyfield Media")
    assert greyfield.segment.value == "low_touch"


@pytest.mark.parametrize("offset", [-400, -356, -221, -144, -100, -38, -6, 0])
def test_pruned_loading_agrees_with_cutting_the_whole_book(
    book: BookFile, today: dt.date, offset: int
) -> None:
    """Loading as of a day (pruned in SQL, cut once) scores exactly as the whole book loaded
    and cut by the engine's one definition of as-of."""
    from csm_desk.report import report_json

    day = today + dt.timedelta(days=offset)
    pruned = report_json(score_book(load_book(book, as_of=day), day))
    whole = load_book(book, full_history=True)
    cut = report_json(score_book(book_as_of(whole, day), day))
    assert pruned == cut
