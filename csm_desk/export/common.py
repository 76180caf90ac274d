"""Pieces several documents share: the page furniture, owner and status wording, KPI rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from csm_desk.engine.vocab import (
    ActionStatus,
    MilestoneStatus,
    Side,
    Vocab,
    in_sentence,
)
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.text import day, has_text, long_day, number, one_line

V = TypeVar("V", bound=Vocab)

# Muted colour for secondary words inside a table cell.
MUTED = "5B6670"
GOOD = "1E7B4B"
WARN = "B7791F"
BAD = "B42318"


def label_of(vocab: type[V], value: str | None, *, empty: str = "") -> str:
    """The human label of a stored vocabulary key (unknown keys shown in words)."""
    if not value:
        return empty
    try:
        return vocab(value).label
    except ValueError:
        return value.replace("_", " ").capitalize()


def phrase_of(vocab: type[V], value: str | None, *, empty: str = "") -> str:
    """The label as it reads inside a sentence: "renewed with new ARR", "at risk"."""
    return in_sentence(label_of(vocab, value, empty=empty))


def new_document(
    *,
    customer: str,
    title: str,
    as_of: dt.date,
    internal: bool,
    currency: str,
    footer: str | None = None,
) -> Composer:
    """A document on the template: the header names it, the footer says for whom and when."""
    name = one_line(customer)
    return Composer(
        header_text=f"{name} · {title}" if name else title,
        footer_text=footer or f"Prepared for {name} · {long_day(as_of)}",
        internal=internal,
        letter=currency.upper() in ("USD", "CAD"),
    )


def owner_cell(side: str | None, name: str | None, customer: str) -> Inline:
    """Who owns a step: the person, then their side (our team, or the customer by name)."""
    side_text = ""
    if side == Side.VENDOR.value:
        side_text = Side.VENDOR.label
    elif side == Side.CUSTOMER.value:
        side_text = one_line(customer) or Side.CUSTOMER.label
    person = one_line(name)
    if person and side_text:
        return [Span(person), Span(f"\n{side_text}", colour=MUTED)]
    return person or side_text or ""


def milestone_status(
    status: str, completed_on: dt.date | None, due: dt.date | None, as_of: dt.date
) -> Inline:
    """A milestone's status in words, coloured: complete (and when), overdue, at risk or as set."""
    if status == MilestoneStatus.COMPLETE.value:
        when = f" {day(completed_on)}" if completed_on else ""
        return Span(f"Complete{when}", colour=GOOD)
    if due is not None and due < as_of:
        return Span(f"Overdue ({phrase_of(MilestoneStatus, status)})", colour=BAD)
    if status == MilestoneStatus.AT_RISK.value:
        return Span("At risk", colour=WARN)
    return label_of(MilestoneStatus, status)


def action_status(status: str, due: dt.date | None, as_of: dt.date) -> Inline:
    """An action item's status in words, coloured: done, cancelled, overdue or open."""
    if status == ActionStatus.DONE.value:
        return Span("Done", colour=GOOD)
    if status == ActionStatus.CANCELLED.value:
        return Span("Cancelled", colour=MUTED)
    if due is not None and due < as_of:
        return Span("Overdue", colour=BAD)
    return "Open"


def kpi_movement(
    baseline: float | None,
    current: float | None,
    target: float | None,
    higher_is_better: bool,
    unit: str | None,
) -> Inline:
    """The current value, coloured by whether it has moved the right way from baseline."""
    shown = number(current, unit)
    if current is None or baseline is None or current == baseline:
        return shown
    better = (current > baseline) == higher_is_better
    if target is not None and ((current >= target) == higher_is_better or current == target):
        return Span(shown, bold=True, colour=GOOD)
    return Span(shown, colour=GOOD if better else BAD)


KPI_COLUMNS = (
    Column("Metric", 2.4),
    Column("Baseline", 1.0, "right"),
    Column("Current", 1.0, "right"),
    Column("Target", 1.0, "right"),
    Column("By when", 1.1),
    Column("Data source", 1.6),
)


def section(
    doc: Composer,
    heading: str,
    items: Sequence[object],
    render: Callable[[], object],
    empty: str | None = None,
    *,
    level: int = 1,
    agree: str | None = None,
) -> None:
    """A heading, then the section. With nothing in it: one sentence saying so (``empty``), or,
    for a part still to be settled with the customer, no heading and a line ``agree`` in the
    document's "To agree together" list.
    """
    if not items and agree is not None:
        doc.still_to_agree(agree)
        return
    doc.heading(heading, level)
    if items:
        render()
    elif empty:
        doc.note(empty)


def text_or_note(doc: Composer, value: str | None, empty: str) -> None:
    """Write ``value`` as text, or the note ``empty`` when it holds no text."""
    if has_text(value):
        doc.text(value)
    else:
        doc.note(empty)


def text_or_agree(
    doc: Composer, heading: str, value: str | None, agree: str, *, level: int = 1
) -> None:
    """A heading and a long text field, or (when it is empty) a line ``agree`` in the
    "To agree together" list instead of an empty heading.
    """
    if has_text(value):
        doc.heading(heading, level)
        doc.text(value)
    else:
        doc.still_to_agree(agree)
