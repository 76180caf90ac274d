"""The meeting recap, the QBR / EBR narrative and the customer's renewal plan (customer view)."""

from __future__ import annotations

import datetime as dt

from csm_desk.engine.recaps import recap_refusal
from csm_desk.engine.vocab import (
    ActionStatus,
    MeetingType,
    ReviewKind,
    ReviewStatus,
    ValueCategory,
)
from csm_desk.export.branding import Branding
from csm_desk.export.common import (
    GOOD,
    KPI_COLUMNS,
    MUTED,
    action_status,
    label_of,
    owner_cell,
    section,
    text_or_agree,
    text_or_note,
)
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.customer_cover import add_months, cover_logos, plan_particulars
from csm_desk.export.customer_summary import (
    qbr_summary,
    recap_summary,
    renewal_summary,
    write_summary,
)
from csm_desk.export.customer_view import CustomerAccountView, ViewMeeting, ViewReview
from csm_desk.export.errors import ExportError
from csm_desk.export.plan_sections import contract_term, kpi_rows, shared_risk_table
from csm_desk.export.text import (
    date_range,
    day,
    has_text,
    join_names,
    lines,
    long_day,
    money,
    next_meeting_words,
    number,
    one_line,
    plural,
)


def chosen_meeting(view: CustomerAccountView, meeting_id: int | None) -> ViewMeeting:
    """The meeting to recap: ``meeting_id``, else the latest on or before the as-of date. Only a
    meeting someone from the customer attended and whose type is not internal can be recapped
    (``engine.recaps``): any other is refused, with the reason, in one line.
    """
    customer = one_line(view.name)
    if meeting_id is not None:
        found = view.meeting(meeting_id)
        if found is None:
            raise ExportError(f"{customer} has no meeting with id {meeting_id}")
        refusal = recap_refusal(found.type, len(found.attendees))
        if refusal is not None:
            raise ExportError(
                f"meeting {meeting_id} of {customer} ({meeting_name(found)}) cannot be recapped "
                f"for the customer: {refusal}"
            )
        return found
    held = [
        m
        for m in view.meetings
        if m.date is not None
        and m.date <= view.as_of
        and recap_refusal(m.type, len(m.attendees)) is None
    ]
    if not held:
        raise ExportError(
            f"{customer} has no customer meeting on or before {day(view.as_of)} to "
            "recap (a recap needs a meeting the customer attended that is not internal)"
        )
    return max(held, key=lambda m: (m.date or dt.date.min, m.id))


def meeting_name(meeting: ViewMeeting) -> str:
    """The meeting in a few words: its title (else its type) and its date."""
    what = one_line(meeting.title) or label_of(MeetingType, meeting.type)
    return f"{what} on {day(meeting.date)}" if meeting.date else what


def chosen_review(view: CustomerAccountView, review_id: int | None = None) -> ViewReview:
    """The review ``review_id`` (whatever its date or status: a draft prepared for next week
    is exported to be reviewed), else the latest QBR or EBR dated on or before the as-of date.
    """
    if review_id is not None:
        found = next((r for r in view.reviews if r.id == review_id), None)
        if found is None:
            raise ExportError(f"{one_line(view.name)} has no business review with id {review_id}")
        return found
    held = [r for r in view.reviews if r.date is not None and r.date <= view.as_of]
    if not held:
        raise ExportError(
            f"{one_line(view.name)} has no business review on or before "
            f"{day(view.as_of)}; write one first"
        )
    return max(held, key=lambda r: r.date or dt.date.min)


def build_recap(
    doc: Composer, view: CustomerAccountView, meeting: ViewMeeting, *, brand: Branding = Branding()
) -> None:
    """One meeting's decisions, action items and open items."""
    customer = one_line(view.name)
    kind = label_of(MeetingType, meeting.type)
    title = one_line(meeting.title) or f"{kind} with {customer}"
    cover_logos(doc, brand)
    doc.title_block("Meeting recap", title, f"{customer} · {long_day(meeting.date or view.as_of)}")
    write_summary(
        doc, recap_summary(view, meeting), customer=customer, vendor=brand.vendor, as_of=view.as_of
    )
    people = [p.shown() for p in meeting.attendees]
    doc.facts(
        [
            ("Date", day(meeting.date)),
            ("Meeting", kind),
            (f"From {customer}", "\n".join(one_line(p) for p in people) if people else ""),
            (f"From {brand.vendor}", join_names((meeting.internal_attendees or "").split(","))),
            (
                "Next meeting",
                next_meeting_words(view.next_meeting_after(meeting), empty="To be scheduled"),
            ),
        ]
    )
    decisions = lines(meeting.decisions)
    section(
        doc, "Decisions", decisions, lambda: doc.numbered(decisions), "No decisions were recorded."
    )
    section(
        doc,
        "Action items",
        meeting.actions,
        lambda: doc.table(
            (
                Column("Action", 3.6),
                Column("Owner", 1.9),
                Column("Due", 1.1),
                Column("Status", 1.0),
            ),
            [
                [
                    one_line(a.text),
                    owner_cell(a.side, a.owner, customer),
                    day(a.due),
                    action_status(a.status, a.due, view.as_of),
                ]
                for a in meeting.actions
            ],
        ),
        "No action items came out of this meeting.",
    )
    open_items = lines(meeting.open_items)
    section(
        doc, "Open items", open_items, lambda: doc.bullets(open_items), "Nothing was left open."
    )


def build_qbr(
    doc: Composer,
    view: CustomerAccountView,
    review: ViewReview,
    kpi_png: bytes | None,
    *,
    brand: Branding = Branding(),
) -> None:
    """The review narrative: goals, what changed, outcomes with KPI movement, friction and
    shared risks, recommendations, decisions needed, agenda, next steps.
    """
    customer = one_line(view.name)
    kind = ReviewKind.EBR if review.kind == ReviewKind.EBR.value else ReviewKind.QBR
    kicker = "Executive business review" if kind is ReviewKind.EBR else "Quarterly business review"
    period = one_line(review.period)
    when = long_day(review.date or view.as_of)
    cover_logos(doc, brand)
    doc.title_block(kicker, customer, f"{period} · {when}" if period else when)
    if review.status == ReviewStatus.DRAFT.value:
        doc.note("Draft for discussion.")
    write_summary(
        doc,
        qbr_summary(view, review),
        customer=customer,
        vendor=brand.vendor,
        as_of=view.as_of,
        full_page=True,
    )
    # The agenda comes first: it is what the room reads as the meeting opens.
    agenda = lines(review.agenda)
    section(
        doc,
        "Agenda",
        agenda,
        lambda: doc.numbered(agenda),
        agree="The agenda of the review",
    )

    if has_text(review.goals_recap) or view.objectives:
        doc.heading("Where we set out to go")
        if has_text(review.goals_recap):
            doc.text(review.goals_recap)
        doc.numbered(one_line(o.text) for o in view.objectives)
    else:
        doc.still_to_agree("Where we set out to go: the goals this review looks back on")

    text_or_agree(
        doc,
        "What changed since the last review",
        review.what_changed,
        "What has changed since the last review",
    )

    if has_text(review.outcomes) or view.kpis:
        doc.heading("Outcomes")
        if has_text(review.outcomes):
            doc.text(review.outcomes)
    else:
        doc.still_to_agree("The outcomes reached so far")
    if view.kpis:
        doc.heading("Success metrics", 2)
        doc.table(
            KPI_COLUMNS,
            kpi_rows(view),
            caption=f"Current values are the latest readings on or before {long_day(view.as_of)}.",
        )
        if kpi_png is not None:
            doc.image(
                kpi_png,
                alt="Chart of each success metric's progress from baseline toward its target: "
                + ", ".join(one_line(k.name) for k in view.kpis),
                caption="Progress of each success metric from baseline toward target.",
            )

    doc.heading("Friction and risks")
    text_or_note(doc, review.friction, "No friction has been noted.")
    if view.shared_risks:
        shared_risk_table(
            doc, view.shared_risks, risk="Shared risk", action="What we are doing about it"
        )

    for heading, value, empty, numbered in (
        ("Recommendations", review.recommendations, "Our recommendations", True),
        ("Decisions needed", review.decisions_needed, "The decisions this review asks for", True),
        ("Next steps", review.next_steps, "The next steps, each with an owner", False),
    ):
        items = lines(value)
        if not items:
            doc.still_to_agree(empty)
            continue
        doc.heading(heading)
        if numbered:
            doc.numbered(items)
        else:
            doc.bullets(items)


def what_renews(doc: Composer, view: CustomerAccountView, brand: Branding) -> None:
    """What the renewal covers: the product, the next term and (when the CSM shares it) the
    price. A fact the book does not hold is left out rather than guessed.
    """
    rows: list[tuple[str, Inline]] = []
    if has_text(view.product_tier):
        rows.append(("Product", one_line(view.product_tier)))
    months = view.contract_term_months
    if view.renewal_date is not None:
        end = add_months(view.renewal_date, months) - dt.timedelta(days=1)
        rows.append(
            ("Next term", f"{date_range(view.renewal_date, end)} ({plural(months, 'month')})")
        )
    else:
        rows.append(("Next term", plural(months, "month")))
    if brand.renewal_seats is not None:
        rows.append(("Seats", f"{number(brand.renewal_seats)} licensed seats"))
    if brand.renewal_price is not None:
        rows.append(("Price", f"{money(brand.renewal_price, view.currency)} a year"))
    doc.heading("What renews")
    doc.facts(rows)


def build_renewal_plan(
    doc: Composer, view: CustomerAccountView, *, brand: Branding = Branding()
) -> None:
    """The customer's renewal plan: the date, the timeline to decision, proof of value, value
    realised and next steps. Nothing else from the plan is customer-facing.
    """
    customer = one_line(view.name)
    renewal = view.renewal
    if renewal is None:
        raise ExportError(f"{customer} has no renewal plan yet; start one first")
    cover_logos(doc, brand)
    doc.title_block(
        "Renewal plan",
        customer,
        f"Renewal on {long_day(view.renewal_date)}" if view.renewal_date else "Renewal plan",
    )
    write_summary(
        doc, renewal_summary(view), customer=customer, vendor=brand.vendor, as_of=view.as_of
    )
    doc.facts(
        [
            ("Customer", customer),
            ("Product / plan tier", one_line(view.product_tier) or ""),
            ("Current term", contract_term(view)),
            ("Renewal date", day(view.renewal_date)),
            ("Customer Success Manager", one_line(view.csm) or ""),
            *plan_particulars(view, None),
        ]
    )
    what_renews(doc, view, brand)
    timeline = lines(renewal.decision_milestones)
    section(
        doc,
        "Timeline to decision",
        timeline,
        lambda: doc.bullets(timeline),
        agree="The timeline to the renewal decision",
    )
    proof = lines(renewal.value_proof_points)
    section(
        doc,
        "Value delivered",
        proof,
        lambda: doc.bullets(proof),
        agree="The value delivered, with proof points both sides accept",
    )
    if view.value_items:
        doc.heading("Value realised", 2)
        total = sum(v.quantified_value or 0.0 for v in view.value_items)
        rows: list[list[Inline]] = [
            [
                day(v.date),
                label_of(ValueCategory, v.category),
                one_line(v.description),
                money(v.quantified_value, view.currency),
                Span("Agreed", colour=GOOD)
                if v.customer_validated
                else Span("To confirm", colour=MUTED),
            ]
            for v in view.value_items
        ]
        doc.table(
            (
                Column("Date", 1.0),
                Column("Area", 1.1),
                Column("What was achieved", 3.4),
                Column("Value", 1.1, "right"),
                Column("Confirmed", 1.0),
            ),
            rows,
            caption=f"Quantified value so far: {money(total, view.currency)}." if total else None,
        )
    section(
        doc,
        "Next steps",
        renewal.next_steps,
        lambda: doc.table(
            (Column("Step", 3.6), Column("Owner", 1.9), Column("Due", 1.1), Column("Status", 1.0)),
            [
                [
                    one_line(s.action),
                    owner_cell(s.side, s.owner, customer),
                    day(s.due),
                    Span("Done", colour=GOOD)
                    if s.done
                    else action_status(ActionStatus.OPEN.value, s.due, view.as_of),
                ]
                for s in renewal.next_steps
            ],
        ),
        agree="The next steps to the renewal, each with an owner",
    )
