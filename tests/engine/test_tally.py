"""A ``Tally`` kept up to date account by account gives exactly the totals a fresh one gives,
after any sequence of changed, added and removed accounts: same sums (the same order), same
bands and the same priorities in the same order, ties included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from csm_desk.engine.alerts import Alert
from csm_desk.engine.metrics import RetentionPart, SurveyPart
from csm_desk.engine.totals import Contribution, Tally, book_totals
from csm_desk.engine.vocab import AlertCode, AlertSeverity, Area, Band

AS_OF = dt.date(2026, 11, 22)


@dataclass(frozen=True)
class Account:
    """A scored account as the totals see it (``engine.totals.Scored``)."""

    id: int
    churned: bool
    arr: float
    band: Band
    scored: bool
    renewal_probability: float
    days_to_renewal: int | None
    discipline: float | None
    time_to_value: int | None
    contribution: Contribution
    alerts: tuple[Alert, ...]
    due: tuple[Alert, ...]


# Few distinct values, so ties in the priorities' order are common.
money = st.sampled_from([0.0, 0.1, 0.2, 1000.0, 25_000.5, 1e6])
days = st.sampled_from([None, -3, 0, 45, 90, 91, 365, 400])


@st.composite
def alerts(draw: st.DrawFn, account_id: int, name: str) -> tuple[Alert, ...]:
    found = []
    for _ in range(draw(st.integers(0, 3))):
        found.append(
            Alert(
                code=draw(st.sampled_from([None, AlertCode.HEALTH_DROP, AlertCode.NO_CHAMPION])),
                severity=draw(st.sampled_from(list(AlertSeverity))),
                account_id=account_id,
                account_name=name,
                arr=draw(money),
                message=draw(st.sampled_from(["a", "b"])),
                playbook="",
                date=AS_OF + dt.timedelta(days=draw(st.integers(-2, 2))),
                area=Area.SNAPSHOT,
            )
        )
    return tuple(found)


@st.composite
def accounts(draw: st.DrawFn, account_id: int) -> Account:
    name = draw(st.sampled_from(["Acme", "Beta", "Acme"]))
    return Account(
        id=account_id,
        churned=draw(st.booleans()),
        arr=draw(money),
        band=draw(st.sampled_from(list(Band))),
        scored=draw(st.booleans()),
        renewal_probability=draw(st.sampled_from([0.0, 0.3, 0.6, 0.95])),
        days_to_renewal=draw(days),
        discipline=draw(st.sampled_from([None, 0.0, 33.3, 100.0])),
        time_to_value=draw(st.sampled_from([None, 10, 45])),
        contribution=Contribution(
            retention=RetentionPart(
                in_cohort=draw(st.booleans()),
                start_arr=draw(money),
                expansion=draw(money),
                contraction=draw(money),
                churn=draw(money),
                retained=draw(st.booleans()),
            ),
            surveys=SurveyPart(
                promoters=draw(st.integers(0, 3)),
                detractors=draw(st.integers(0, 3)),
                nps_responses=draw(st.integers(0, 6)),
                satisfied=draw(st.integers(0, 2)),
                csat_responses=draw(st.integers(0, 3)),
                effort_total=draw(money),
                ces_responses=draw(st.integers(0, 3)),
            ),
            pipeline=draw(money),
        ),
        alerts=draw(alerts(account_id, name)),
        due=draw(alerts(account_id, name)),
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_tally_kept_up_to_date_equals_a_fresh_one(data: st.DataObject) -> None:
    book = {i: data.draw(accounts(i)) for i in range(1, data.draw(st.integers(0, 6)) + 1)}
    tally = Tally(book.values(), AS_OF)
    next_id = len(book) + 1
    for _step in range(data.draw(st.integers(1, 12))):
        action = data.draw(st.sampled_from(["change", "add", "remove"]))
        if action == "add" or not book:
            account_id, next_id = next_id, next_id + 1
            book[account_id] = data.draw(accounts(account_id))
            tally.replace(account_id, book[account_id])
        elif action == "change":
            account_id = data.draw(st.sampled_from(sorted(book)))
            book[account_id] = data.draw(accounts(account_id))
            tally.replace(account_id, book[account_id])
        else:
            account_id = data.draw(st.sampled_from(sorted(book)))
            del book[account_id]
            tally.replace(account_id, None)
        assert tally.totals() == book_totals(list(book.values()), AS_OF)


def test_priorities_keep_the_book_order_among_equals() -> None:
    """Two accounts of the same name and ARR with alerts of the same severity and date: the
    first in the book comes first, before and after the second one changes."""
    alert = {
        "code": AlertCode.NO_CHAMPION,
        "severity": AlertSeverity.RED,
        "account_name": "Acme",
        "arr": 10.0,
        "playbook": "",
        "date": AS_OF,
        "area": Area.SNAPSHOT,
    }
    plain = Contribution(RetentionPart(), SurveyPart(), 0.0)

    def account(account_id: int, message: str) -> Account:
        return Account(
            account_id, False, 10.0, Band.HEALTHY, True, 0.5, 30, None, None, plain,
            (Alert(account_id=account_id, message=message, **alert),), (),
        )  # fmt: skip

    tally = Tally([account(7, "first"), account(3, "second")], AS_OF)
    assert [a.message for a in tally.totals().priorities] == ["first", "second"]
    tally.replace(3, account(3, "second, changed"))
    assert [a.message for a in tally.totals().priorities] == ["first", "second, changed"]
    tally.replace(7, account(7, "first, changed"))
    assert [a.message for a in tally.totals().priorities] == ["first, changed", "second, changed"]
