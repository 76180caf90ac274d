"""The book as it was on a day (DOMAIN.md §3.2, as-of rule): facts cut at a date.

``book_as_of`` is the one definition of "as of": what the book held on ``day``, rebuilt from
today's rows. Accounts whose contract had not started are absent; ARR is read back from the ARR
ledger (§6) and the renewal date from the renewals closed since (§4); every record of what
happened later — ARR events, signal readings, overrides, meetings and the contacts they made,
action items from later meetings, risks raised later, departures, KPI readings and health
snapshots — is left out. Plans keep their own dates (milestones, actions, reviews, renewal
steps are due on a day; the rules read them as of the date).

``models.load`` applies the cut once, where the facts are built, so no rule ever sees a later
fact; ``engine.book.score_book`` applies it to facts that were loaded without a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any, TypeVar

from csm_desk.engine.facts import AccountFacts, BookFacts, KpiFacts, Reading, StakeholderFacts
from csm_desk.engine.metrics import arr_at, existed_on
from csm_desk.engine.renewals import add_months, renewal_date_on
from csm_desk.engine.vocab import ArrEventKind, SignalKey

T = TypeVar("T")


def _until(
    items: tuple[T, ...], day: dt.date, date_of: Callable[[T], dt.date | None]
) -> tuple[T, ...]:
    """The items dated on or before ``day`` (undated ones kept); ``items`` itself when none is
    later, so an unchanged account is not copied.
    """
    if all((d := date_of(i)) is None or d <= day for i in items):
        return items
    return tuple(i for i in items if (d := date_of(i)) is None or d <= day)


def _first(item: Any) -> dt.date:
    return item[0]  # type: ignore[no-any-return]


def _signals(
    signals: Mapping[SignalKey, tuple[Reading, ...]], day: dt.date
) -> Mapping[SignalKey, tuple[Reading, ...]]:
    cut = {key: _until(readings, day, _first) for key, readings in signals.items()}
    if all(cut[key] is readings for key, readings in signals.items()):
        return signals
    return MappingProxyType({key: readings for key, readings in cut.items() if readings})


def _person(person: StakeholderFacts, day: dt.date) -> StakeholderFacts:
    contacts = _until(person.contact_dates, day, lambda d: d)
    left_later = person.departed_on is not None and person.departed_on > day
    if contacts is person.contact_dates and not left_later:
        return person
    if left_later:
        return person._replace(contact_dates=contacts, departed=False, departed_on=None)
    return person._replace(contact_dates=contacts)


def _kpi(kpi: KpiFacts, day: dt.date) -> KpiFacts:
    readings = _until(kpi.readings, day, _first)
    return kpi if readings is kpi.readings else kpi._replace(readings=readings)


def _same(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    return len(before) == len(after) and all(a is b for a, b in zip(before, after, strict=True))


def renewal_as_of(account: AccountFacts, day: dt.date) -> tuple[dt.date | None, int]:
    """The renewal date and contract term that were current on ``day`` (DOMAIN.md §4).

    Each closed renewal keeps the exact date it closed (``renewal_cycle``), so the date current
    on ``day`` is the one closed by the first outcome recorded after ``day``, whatever terms
    that and later outcomes set; the term then is the one set by the last outcome recorded by
    then, else the whole months from the contract start to that renewal, one term a renewal
    (else the account's own). Outcomes on the ledger that closed no
    renewal of record (a book kept before closed renewals were) are undone one current term
    each (``engine.renewals.renewal_date_on``).
    """
    term = account.contract_term_months
    cycles = account.renewal_cycles
    later = [c for c in cycles if c.recorded_on is not None and c.recorded_on > day]
    kept = {c.recorded_on for c in cycles}
    if not later:
        ledger = ((e.date, e.kind) for e in account.arr_events)
        date = renewal_date_on(account.renewal_date, account.contract_start, term, ledger, day)
        return date, term
    first = min(later, key=lambda c: c.recorded_on or day)
    assert first.recorded_on is not None
    earlier = [c for c in cycles if c.recorded_on is not None and c.recorded_on <= day]
    terms = [c.term_months for c in earlier if c.term_months is not None]
    if terms:
        term = terms[-1]
    else:
        # No earlier outcome tells it: the months from the contract start (or the renewal
        # closed before) to the renewal the first later outcome closed, shared by the
        # renewals recorded on the ledger only in between, when whole.
        since = earlier[-1].renewal_date if earlier else account.contract_start
        after = earlier[-1].recorded_on if earlier else None
        between = sum(
            1
            for e in account.arr_events
            if e.kind == ArrEventKind.RENEWAL
            and e.date < first.recorded_on
            and (after is None or e.date > after)
            and e.date not in kept
        )
        months = _whole_months(since, first.renewal_date)
        if months is not None and months % (1 + between) == 0:
            term = months // (1 + between)
    # Outcomes without a closed renewal of record between the day and the first closed one.
    unkept = [
        (e.date, e.kind)
        for e in account.arr_events
        if day < e.date < first.recorded_on and e.date not in kept
    ]
    date = renewal_date_on(first.renewal_date, account.contract_start, term, unkept, day)
    return date, term


def _whole_months(start: dt.date | None, end: dt.date | None) -> int | None:
    """The whole number of months (1–120) from ``start`` to ``end``, or None."""
    if start is None or end is None or end <= start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if 1 <= months <= 120 and add_months(start, months) == end else None


def account_as_of(account: AccountFacts, day: dt.date) -> AccountFacts | None:
    """``account`` as it was on ``day``, or None when it did not exist yet (see the module)."""
    if not existed_on(account, day):
        return None
    changes: dict[str, Any] = {}
    events = account.arr_events
    cycles = account.renewal_cycles
    if any(e.date > day for e in events) or any(
        c.recorded_on is not None and c.recorded_on > day for c in cycles
    ):
        changes["arr"] = arr_at(account.arr, events, day)
        changes["renewal_date"], term = renewal_as_of(account, day)
        if term != account.contract_term_months:
            changes["contract_term_months"] = term
        changes["arr_events"] = _until(events, day, _first)
        changes["renewal_cycles"] = _until(cycles, day, lambda c: c.recorded_on)
    signals = _signals(account.signals, day)
    if signals is not account.signals:
        changes["signals"] = signals
    for name in ("overrides", "meetings", "snapshots"):
        items: tuple[Any, ...] = getattr(account, name)
        cut = _until(items, day, (lambda m: m.date) if name == "meetings" else _first)
        if cut is not items:
            changes[name] = cut
    later_meetings = {m.id for m in account.meetings if m.date > day}
    if later_meetings:
        changes["actions"] = tuple(a for a in account.actions if a.meeting_id not in later_meetings)
    risks = tuple(r for r in account.risks if r.raised_on is None or r.raised_on <= day)
    if len(risks) != len(account.risks):
        changes["risks"] = risks
    people = tuple(_person(p, day) for p in account.stakeholders)
    if not _same(account.stakeholders, people):
        changes["stakeholders"] = people
    kpis = tuple(_kpi(k, day) for k in account.kpis)
    if not _same(account.kpis, kpis):
        changes["kpis"] = kpis
    return replace(account, **changes) if changes else account


def book_as_of(book: BookFacts, day: dt.date) -> BookFacts:
    """The whole book as it was on ``day`` (accounts that did not exist yet are absent)."""
    accounts = tuple(a for a in (account_as_of(x, day) for x in book.accounts) if a is not None)
    return replace(book, accounts=accounts, as_of=day)
