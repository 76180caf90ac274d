"""Which meetings a customer recap may be made from (DOMAIN.md §8)."""

from __future__ import annotations

from csm_desk.engine.vocab import MeetingType

# Meeting types held among ourselves: what was said there is never sent to the customer.
INTERNAL_MEETING_TYPES: frozenset[str] = frozenset({MeetingType.RISK_REVIEW.value})


def recap_refusal(meeting_type: str | None, customer_attendees: int) -> str | None:
    """Why no customer recap can be made from a meeting, or None when one can.

    A recap is made only from a meeting that someone from the customer attended and whose type
    is not internal (a risk review is internal).

    >>> recap_refusal("risk_review", 2)
    'it is a risk review, an internal meeting'
    >>> recap_refusal("check_in", 0)
    'no one from the customer attended it'
    >>> recap_refusal("check_in", 1) is None
    True
    """
    if meeting_type in INTERNAL_MEETING_TYPES:
        label = MeetingType(meeting_type).label.lower()
        return f"it is a {label}, an internal meeting"
    if customer_attendees <= 0:
        return "no one from the customer attended it"
    return None
