"""Meeting templates and what a meeting brings forward from the account's previous one."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from csm_desk.engine.meetings import (
    DEFAULT_MEETING_TEMPLATES,
    ActionItemState,
    MeetingNotes,
    MeetingTemplate,
    carry_forward,
    clean_lines,
    default_template,
    retemplated,
    template_values,
)
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import MeetingType

DAY = dt.date(2027, 2, 9)


def test_the_usual_meeting_types_have_an_agenda_decisions_and_questions() -> None:
    for kind in ("kickoff", "qbr", "ebr", "renewal", "check_in"):
        template = default_template(kind)
        assert template.agenda and template.decisions and template.questions, kind
    assert default_template("roadmap").empty


def test_a_template_fills_the_agenda_and_open_items_never_the_decisions() -> None:
    values = template_values(default_template("qbr"))
    assert set(values) == {"internal_notes", "open_items"}
    assert values["internal_notes"].splitlines()[:2] == [
        "Agenda",
        "1. Goals recap from the success plan",
    ]
    items = values["open_items"].splitlines()
    assert items[0] == "Decide: Objectives and KPI targets for next quarter"
    assert "Are the objectives in the success plan still the right ones?" in items


def test_changing_type_swaps_an_untouched_template_and_keeps_written_text() -> None:
    check_in, qbr = default_template("check_in"), default_template("qbr")
    fresh = {"id": 1, **template_values(check_in)}
    assert retemplated(fresh, check_in, qbr) == template_values(qbr)
    empty = {"id": 1, "internal_notes": None, "open_items": ""}
    assert retemplated(empty, check_in, qbr) == template_values(qbr)
    written = {**fresh, "open_items": "Ask about the budget"}
    assert retemplated(written, check_in, qbr) == {}


def test_settings_keep_edited_templates_and_default_the_rest() -> None:
    mine = MeetingTemplate(("Demo",), ("Pilot scope",), ("Who joins?",))
    settings = BookSettings().with_changes(
        meeting_templates={**DEFAULT_MEETING_TEMPLATES, "roadmap": mine}
    )
    again = BookSettings.from_json(json.loads(json.dumps(settings.to_json())))
    assert again.meeting_template("roadmap") == mine
    assert again.meeting_template("qbr") == default_template("qbr")
    old_book = BookSettings.from_json({"thresholds": {}})
    assert old_book.meeting_template("kickoff") == default_template("kickoff")
    damaged = BookSettings.from_json({"meeting_templates": {"qbr": {"agenda": "x"}, "nope": {}}})
    assert damaged.meeting_template("qbr") == MeetingTemplate()


@given(
    st.lists(st.text(alphabet="ab \n", max_size=8), max_size=4),
    st.lists(st.text(alphabet="ab \n", max_size=8), max_size=4),
)
def test_template_round_trips_through_json(agenda: list[str], questions: list[str]) -> None:
    template = MeetingTemplate.from_json({"agenda": agenda, "questions": questions})
    assert MeetingTemplate.from_json(template.to_json()) == template
    assert all(line and line == " ".join(line.split()) for line in template.agenda)


def _notes(i: int, day: dt.date, ours: str | None = None, items: str | None = None):  # type: ignore[no-untyped-def]
    return MeetingNotes(i, day, ours, items)


def test_carry_forward_brings_what_the_previous_meeting_left_open() -> None:
    meetings = [
        _notes(1, DAY - dt.timedelta(days=60), "Old", "Very old question"),
        _notes(2, DAY - dt.timedelta(days=14), "Sam, Ana", "Budget owner?\nDecide: Scope"),
        _notes(3, DAY, "sam", "Scope"),
    ]
    attendees = [(1, 7), (2, 10), (2, 11), (2, 12), (3, 11)]
    items = [
        ActionItemState(20, 2, "open"),
        ActionItemState(21, 2, "done"),
        ActionItemState(22, 2, "cancelled"),
        ActionItemState(23, 1, "open"),
        ActionItemState(24, 3, "open"),
    ]
    plan = carry_forward(meetings, 3, attendees, items, departed=[12])
    assert plan.previous is not None and plan.previous.id == 2
    assert plan.attendee_ids == (10,)  # 11 attends already; 12 has left the customer
    assert plan.action_item_ids == (20,)
    assert dict(plan.fields) == {
        "internal_attendees": "sam, Ana",
        "open_items": "Scope\nBudget owner?\nDecide: Scope",
    }


def test_carry_forward_twice_brings_nothing_new() -> None:
    meetings = [_notes(1, DAY, "Sam", "Q"), _notes(2, DAY, "Sam", "Q")]
    plan = carry_forward(meetings, 2, [(1, 5), (2, 5)], [ActionItemState(9, 1, "done")])
    assert plan.empty


def test_first_meeting_has_nothing_to_bring() -> None:
    plan = carry_forward([_notes(4, DAY)], 4, [], [])
    assert plan.previous is None and plan.empty


def test_every_meeting_type_is_in_the_settings() -> None:
    stored = BookSettings().to_json()["meeting_templates"]
    assert list(stored) == list(MeetingType.choices())


_names = st.sampled_from(["Sam", "Ana", "Bo", "sam"])
_lines = st.sampled_from(["Budget?", "Decide: Scope", "budget?", "Who signs?"])


@given(
    ours=st.lists(st.lists(_names, max_size=3), min_size=2, max_size=4),
    items=st.lists(st.lists(_lines, max_size=3), min_size=2, max_size=4),
    attendance=st.sets(st.tuples(st.integers(1, 4), st.integers(10, 14))),
    actions=st.lists(
        st.tuples(st.integers(1, 4), st.sampled_from(["open", "done", "cancelled"])), max_size=6
    ),
    departed=st.sets(st.integers(10, 14)),
)
def test_bringing_forward_twice_brings_nothing_more(
    ours: list[list[str]],
    items: list[list[str]],
    attendance: set[tuple[int, int]],
    actions: list[tuple[int, str]],
    departed: set[int],
) -> None:
    count = min(len(ours), len(items))
    meetings = [
        MeetingNotes(i + 1, DAY + dt.timedelta(days=i), ", ".join(ours[i]), "\n".join(items[i]))
        for i in range(count)
    ]
    this = meetings[-1]
    states = [ActionItemState(100 + n, m, s) for n, (m, s) in enumerate(actions)]
    plan = carry_forward(meetings, this.id, attendance, states, departed)
    assert plan.previous is not None and plan.previous.id == this.id - 1
    assert not set(plan.attendee_ids) & departed
    # What this meeting had stays first, in its order.
    if "internal_attendees" in plan.fields and this.internal_attendees:
        assert plan.fields["internal_attendees"].startswith(this.internal_attendees)
    if "open_items" in plan.fields:
        mine = clean_lines((this.open_items or "").splitlines())
        assert tuple(plan.fields["open_items"].splitlines()[: len(mine)]) == mine
    after = [
        m._replace(
            internal_attendees=plan.fields.get("internal_attendees", m.internal_attendees),
            open_items=plan.fields.get("open_items", m.open_items),
        )
        if m.id == this.id
        else m
        for m in meetings
    ]
    attending = attendance | {(this.id, s) for s in plan.attendee_ids}
    moved = [a._replace(meeting_id=this.id) if a.id in plan.action_item_ids else a for a in states]
    assert carry_forward(after, this.id, attending, moved, departed).empty
