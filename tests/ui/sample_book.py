"""A small book for window tests, written through the same ops the window uses: one account
("Northwind Payments") with rows in every table, and a few plainer accounts around it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import InsertRow
from csm_desk.models.writer import Writer


def _add(writer: Writer, table: str, **values: object) -> int:
    op = InsertRow(table, values)
    writer.run(op)
    assert op.pk is not None
    return int(next(iter(op.pk.values())))


def write_sample_book(path: Path, today: dt.date) -> Path:
    """Write the sample book at ``path`` as of ``today``."""

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    book = BookFile.create(path, owner="Sam Rivera")
    writer = Writer(book)
    plain = [
        ("Contoso Retail", 250_000.0, 45),
        ("Fabrikam Health", 60_000.0, -5),
        ("Tailspin Media", 9_000.0, 300),
        ("Litware Labs", 9_500.0, 200),
    ]
    for name, arr, renewal in plain:
        account = _add(
            writer,
            "account",
            name=name,
            arr=arr,
            renewal_date=day(renewal),
            contract_start=day(-400),
        )
        _add(
            writer,
            "signal_reading",
            account_id=account,
            date=day(-1),
            key="licensed_seats",
            value=100.0,
        )
        used = 90.0 if name.startswith("Contoso") else 30.0
        _add(
            writer,
            "signal_reading",
            account_id=account,
            date=day(-1),
            key="active_users",
            value=used,
        )
    account = _add(
        writer,
        "account",
        name="Northwind Payments",
        crm_id="NW-001",
        arr=180_000.0,
        industry="FinTech",
        contract_start=day(-500),
        renewal_date=day(75),
        review_cadence="quarterly",
        success_vision="Close the books in two days.",
        live_definition="All entities reconcile in the platform.",
    )
    _add(writer, "handoff", account_id=account, sales_owner="Alex Kim", why_bought="Manual close")
    champion = _add(
        writer,
        "stakeholder",
        account_id=account,
        name="Dana Lee",
        title="VP Finance",
        roles="champion",
        influence=5,
        relationship_strength=4,
        last_contact=day(-10),
    )
    buyer = _add(
        writer,
        "stakeholder",
        account_id=account,
        name="Omar Haddad",
        title="CFO",
        roles="economic_buyer,executive_sponsor",
        influence=5,
        relationship_strength=3,
        last_contact=day(-40),
    )
    _add(
        writer,
        "stakeholder_link",
        account_id=account,
        from_id=champion,
        to_id=buyer,
        kind="reports_to",
    )
    objective = _add(writer, "objective", account_id=account, text="Close faster", primary=True)
    kpi = _add(
        writer,
        "kpi",
        account_id=account,
        objective_id=objective,
        name="Days to close",
        baseline=10.0,
        target=2.0,
        by_when=day(120),
    )
    _add(writer, "kpi_reading", kpi_id=kpi, date=day(-20), value=6.0)
    _add(writer, "use_case", account_id=account, objective_id=objective, title="Auto-match")
    for n, phase in enumerate(("onboarding", "onboarding", "onboarding", "adoption")):
        _add(
            writer,
            "milestone",
            account_id=account,
            phase=phase,
            title=f"Step {n + 1}",
            owner_side="vendor" if n % 2 else "customer",
            owner_name="Dana Lee",
            due=day(-100 + n * 30),
            status="complete" if n < 2 else "in_progress",
            first_value=n == 1,
        )
    _add(writer, "commitment", account_id=account, side="customer", text="Weekly data feed")
    _add(writer, "cadence_item", account_id=account, touchpoint="Weekly check-in")
    _add(
        writer,
        "plan_item",
        account_id=account,
        horizon="30",
        action="Re-map the account",
        status="open",
    )
    meeting = _add(
        writer,
        "meeting",
        account_id=account,
        date=day(-10),
        type="check_in",
        title="Close review",
        decisions="Go ahead with phase two",
    )
    _add(writer, "meeting_attendee", meeting_id=meeting, stakeholder_id=champion)
    _add(
        writer,
        "action_item",
        account_id=account,
        meeting_id=meeting,
        text="Send the plan",
        owner="Sam",
        due=day(5),
        status="open",
    )
    _add(
        writer,
        "risk",
        account_id=account,
        statement="Champion may leave",
        category="stakeholder",
        evidence="Told us",
        severity="high",
        owner="Sam",
        next_action="Meet the CFO",
        reassess_on=day(14),
        raised_on=day(-3),
        status="open",
    )
    _add(
        writer,
        "review",
        account_id=account,
        kind="qbr",
        date=day(-30),
        status="delivered",
        goals_recap="Close faster",
        outcomes="6 days",
        friction="Data feed",
        decisions_needed="Scope",
    )
    _add(writer, "arr_event", account_id=account, date=day(-500), kind="new", amount=180_000.0)
    _add(
        writer, "value_item", account_id=account, category="efficiency", description="Saved 4 days"
    )
    _add(
        writer,
        "expansion",
        account_id=account,
        kind="seats",
        description="EU entity",
        stage="qualified",
        estimated_arr=40_000.0,
    )
    _add(writer, "feedback", account_id=account, request="Bulk export", status="open")
    _add(
        writer,
        "link",
        account_id=account,
        label="Account wiki",
        target="https://wiki.example.com/accounts/northwind",
    )
    for key, value in (("licensed_seats", 200.0), ("active_users", 150.0), ("nps", 9.0)):
        _add(writer, "signal_reading", account_id=account, date=day(-2), key=key, value=value)
    _add(
        writer,
        "health_override",
        account_id=account,
        date=day(-1),
        component="sentiment",
        value=70.0,
        note="Tense call",
    )
    book.close()
    return path
