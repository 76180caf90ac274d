"""The parts that make a mutual plan something both sides sign: the logos on the cover, the
version, date and next review, and the acceptance block with a signature line for each side.
"""

from __future__ import annotations

import datetime as dt

from csm_desk.engine.vocab import ReviewCadence
from csm_desk.export.branding import Branding
from csm_desk.export.compose import Column, Composer, Inline
from csm_desk.export.customer_view import CustomerAccountView, Person
from csm_desk.export.text import day, long_day, one_line

# Months between business reviews, for a next review counted from the last one.
CADENCE_MONTHS = {
    ReviewCadence.MONTHLY.value: 1,
    ReviewCadence.QUARTERLY.value: 3,
    ReviewCadence.SEMIANNUAL.value: 6,
    ReviewCadence.ANNUAL.value: 12,
}
SIGNATURE_LINE = "\n\n________________________________"
REVIEW_WORDS = ("review", "qbr", "ebr")


def add_months(day_: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter).

    >>> add_months(dt.date(2026, 11, 30), 3)
    datetime.date(2027, 2, 28)
    """
    index = day_.month - 1 + months
    year, month = day_.year + index // 12, index % 12 + 1
    for day_of_month in range(day_.day, 27, -1):
        try:
            return dt.date(year, month, day_of_month)
        except ValueError:
            continue
    return dt.date(year, month, min(day_.day, 28))


def next_review(view: CustomerAccountView) -> dt.date | None:
    """When the plan is next reviewed together: the next business review on the cadence, else
    the last review (or the as-of date) plus the agreed review interval.
    """
    planned = [
        c.next_date
        for c in view.cadence
        if c.next_date is not None
        and c.next_date >= view.as_of
        and any(word in one_line(c.touchpoint).casefold() for word in REVIEW_WORDS)
    ]
    planned += [r.date for r in view.reviews if r.date is not None and r.date > view.as_of]
    if planned:
        return min(planned)
    months = CADENCE_MONTHS.get(view.review_cadence or "")
    if months is None:
        return None
    held = [r.date for r in view.reviews if r.date is not None and r.date <= view.as_of]
    start = max(held) if held else view.as_of
    when = add_months(start, months)
    while when < view.as_of:
        when = add_months(when, months)
    return when


def cover_logos(doc: Composer, brand: Branding) -> None:
    """The company's logo at the left of the cover and the customer's at the right."""
    if brand.vendor_logo is not None or brand.customer_logo is not None:
        doc.logos(brand.vendor_logo, brand.customer_logo)


def plan_particulars(
    view: CustomerAccountView, updated: dt.date | None
) -> list[tuple[str, Inline]]:
    """Version, date and next review, as rows of the plan's facts table."""
    version = f"Updated {day(updated)}" if updated else f"As of {day(view.as_of)}"
    review = next_review(view)
    return [
        ("Version", version),
        ("Date of this document", day(view.as_of)),
        ("Next review", day(review, empty="To agree together")),
    ]


def _signer(person: Person | None) -> tuple[str, str]:
    if person is None:
        return "", ""
    return one_line(person.name), one_line(person.title)


def acceptance_block(
    doc: Composer, view: CustomerAccountView, brand: Branding, *, what: str
) -> None:
    """Names, titles, dates and signature lines for both sides."""
    customer = one_line(view.name)
    name, title = _signer(view.executive_sponsor or view.champion)
    doc.heading("Acceptance")
    doc.note(
        keep_next=True,
        text=f"Signing below, {customer} and {brand.vendor} accept this {what} as of "
        f"{long_day(view.as_of)} and agree to review it together at the next review.",
    )
    vendor_company = brand.vendor if brand.vendor_named else ""
    doc.table(
        (Column("", 1.3), Column(f"For {customer}", 3.1), Column(f"For {brand.vendor}", 3.1)),
        [
            ["Name", name, one_line(view.csm)],
            ["Title", title, "Customer Success Manager"],
            ["Company", customer, vendor_company],
            ["Signature", SIGNATURE_LINE, SIGNATURE_LINE],
            ["Date", SIGNATURE_LINE, SIGNATURE_LINE],
        ],
    )
