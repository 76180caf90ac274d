"""The printed stakeholder map: cards where the canvas put them, and what each card says."""

from __future__ import annotations

import datetime as dt

from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text

from csm_desk.charts.hover import hover_text
from csm_desk.charts.stakeholder_map import map_positions, no_recent_contact, stakeholder_map
from csm_desk.charts.theme import DARK, PRINT
from csm_desk.engine.book import BookResult
from csm_desk.engine.maplayout import CARD_H, CARD_W, auto_layout, overlaps
from tests.charts.conftest import drawn, worked_account
from tests.charts.sample import FINTECH_LINKS, FINTECH_PEOPLE

TODAY = dt.date(2026, 11, 22)


def by_gid(figure, prefix):  # type: ignore[no-untyped-def]
    return {a.get_gid(): a for a in figure.findobj(lambda a: str(a.get_gid()).startswith(prefix))}


def test_positions_saved_auto_or_mixed() -> None:
    everyone = {p.id: (float(p.id * 300), 10.0) for p in FINTECH_PEOPLE}
    assert map_positions(FINTECH_PEOPLE, FINTECH_LINKS, everyone) == everyone
    auto = auto_layout(FINTECH_PEOPLE, FINTECH_LINKS)
    assert map_positions(FINTECH_PEOPLE, FINTECH_LINKS, None) == auto
    assert map_positions(FINTECH_PEOPLE, FINTECH_LINKS, {}) == auto
    some = {1: (-500.0, -200.0), 4: (900.0, 400.0)}
    mixed = map_positions(FINTECH_PEOPLE, FINTECH_LINKS, some)
    assert mixed[1] == some[1]
    assert mixed[4] == some[4]
    assert not overlaps(mixed, CARD_W, CARD_H)


def test_cards_sit_at_their_positions() -> None:
    saved = {p.id: (float(p.id % 3) * 260, float(p.id // 3) * 170) for p in FINTECH_PEOPLE}
    figure = stakeholder_map(FINTECH_PEOPLE, FINTECH_LINKS, saved, as_of=TODAY)
    cards = by_gid(figure, "card-")
    assert len(cards) == len(FINTECH_PEOPLE)
    for pid, (x, y) in saved.items():
        card = cards[f"card-{pid}"]
        assert (card.get_x(), card.get_y()) == (x, y)
        assert (card.get_width(), card.get_height()) == (CARD_W, CARD_H)
    assert figure.get_figwidth() <= 6.5
    # Wide maps shrink to the page width, narrow ones keep their natural size.
    wide = {p.id: (float(p.id) * 400, 0.0) for p in FINTECH_PEOPLE}
    assert stakeholder_map(FINTECH_PEOPLE, [], wide, as_of=TODAY).get_figwidth() == 6.5
    one = stakeholder_map(FINTECH_PEOPLE[:1], [], None, as_of=TODAY)
    assert one.get_figwidth() < 3


def test_stance_departure_influence_and_contact_marks() -> None:
    figure = stakeholder_map(FINTECH_PEOPLE, FINTECH_LINKS, None, as_of=TODAY, theme=PRINT)
    cards = by_gid(figure, "card-")
    people = {p.id: p for p in FINTECH_PEOPLE}
    colour = {pid: to_hex(cards[f"card-{pid}"].get_facecolor()) for pid in people}
    assert colour[2] == PRINT.supporter  # supporter
    assert colour[1] == PRINT.neutral  # neutral
    assert colour[6] == PRINT.resistant  # resistant
    assert colour[7] == PRINT.neutral  # stance not set
    assert colour[3] == PRINT.departed  # departed: greyed whatever the stance
    assert set(by_gid(figure, "strike-")) == {"strike-3"}
    # Influence 5 > 4 > 2 > 1 in border weight.
    widths = [cards[f"card-{pid}"].get_linewidth() for pid in (1, 2, 5, 7)]
    assert widths == sorted(widths, reverse=True)
    assert len(set(widths)) == 4
    marked = {gid.removeprefix("no-contact-") for gid in by_gid(figure, "no-contact-")}
    assert marked == {"1", "6", "7"}  # 120 days, never, 100 days; not the departed one
    assert marked == {str(p.id) for p in FINTECH_PEOPLE if no_recent_contact(p, TODAY)}
    # Relationship strength: that many filled dots of five.
    for pid, person in people.items():
        on = by_gid(figure, f"dot-{pid}-")
        assert len(on) == 5
        assert sum(gid.endswith("-on") for gid in on) == person.relationship_strength
    badges = by_gid(figure, "badge-4-")
    assert set(badges) == {"badge-4-champion", "badge-4-technical_owner"}
    shown = {t.get_text() for t in figure.findobj(Text)}
    assert {"Champion", "Economic buyer", "Exec sponsor", "Blocker"} <= shown


def test_lines_reports_solid_influences_dashed() -> None:
    figure = stakeholder_map(FINTECH_PEOPLE, FINTECH_LINKS, None, as_of=TODAY)
    reports = by_gid(figure, "reports-")
    influences = by_gid(figure, "influences-")
    assert set(reports) == {
        f"reports-{lk.from_id}-{lk.to_id}" for lk in FINTECH_LINKS if lk.kind == "reports_to"
    }
    assert set(influences) == {"influences-6-1"}
    assert all(isinstance(a, FancyArrowPatch) for a in (*reports.values(), *influences.values()))
    assert all(a.get_linestyle() == "-" for a in reports.values())
    assert influences["influences-6-1"].get_linestyle() != "-"
    assert "Reports to (arrow at manager)" in {t.get_text() for t in figure.findobj(Text)}


def test_card_hover() -> None:
    figure = drawn(stakeholder_map(FINTECH_PEOPLE, FINTECH_LINKS, None, as_of=TODAY, theme=DARK))
    card = by_gid(figure, "card-3")["card-3"]
    ax = figure.axes[0]
    x, y = ax.transData.transform((card.get_x() + 30, card.get_y() + 30))
    assert hover_text(figure, x, y) == (
        "Priya Raman — Head of Payments\n"
        "Roles: Champion\n"
        "Supporter · influence 4/5 · relationship 5/5\n"
        "Departed on 13 Oct 2026\n"
        "Last contact 8 Oct 2026 (45 days ago)"
    )


def test_the_worked_account_map(book_result: BookResult) -> None:
    account = worked_account(book_result)
    people, links = account.facts.stakeholders, account.facts.links
    figure = stakeholder_map(people, links, None, as_of=book_result.as_of)
    cards = by_gid(figure, "card-")
    assert len(cards) == len(people)
    spots = {int(g.removeprefix("card-")): (c.get_x(), c.get_y()) for g, c in cards.items()}
    assert not overlaps(spots, CARD_W, CARD_H)
    assert all(isinstance(c, FancyBboxPatch) for c in cards.values())


def test_nobody_mapped() -> None:
    figure = stakeholder_map([], [], None, as_of=TODAY)
    assert "No stakeholders mapped yet" in {t.get_text() for t in figure.findobj(Text)}
    assert not figure.findobj(Circle)
    assert not [ln for ln in figure.findobj(Line2D) if str(ln.get_gid()).startswith("strike")]
