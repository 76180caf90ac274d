"""One stakeholder card of the printed map: name, title, role badges, strength dots, marks.

Sizes are given for the standard map card (``engine.maplayout.CARD_W`` × ``CARD_H`` canvas
units) and scaled to the card being drawn and to the drawing's points per canvas unit, so the
card looks the same at any size the map is printed.
"""

from __future__ import annotations

import datetime as dt

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyBboxPatch

from csm_desk.charts.common import fit_text, text_width_pt, wrap_all
from csm_desk.charts.theme import ChartTheme
from csm_desk.engine.coverage import NOT_CONTACTED_DAYS, ROLE_BADGES, not_contacted
from csm_desk.engine.facts import StakeholderFacts
from csm_desk.engine.maplayout import CARD_H, CARD_W
from csm_desk.engine.vocab import Role, Stance
from csm_desk.engine.wording import date_words

NO_CONTACT_DAYS = NOT_CONTACTED_DAYS
BADGES = ROLE_BADGES
_BORDER_PT = {1: 0.6, 2: 1.0, 3: 1.5, 4: 2.1, 5: 2.8}
TITLE_LINE = 12.5  # standard-card units from one line of a wrapped title to the next
TITLE_SIZE = 12.0  # a wrapped title's size, in standard-card units


def no_recent_contact(person: StakeholderFacts, as_of: dt.date) -> bool:
    """Still at the customer and not contacted in the last 90 days (or never)."""
    return not_contacted(person, as_of, NO_CONTACT_DAYS)


def _stance_fill(person: StakeholderFacts, as_of: dt.date, theme: ChartTheme) -> str:
    if person.departed_by(as_of):
        return theme.departed
    if person.stance == Stance.SUPPORTER:
        return theme.supporter
    if person.stance == Stance.RESISTANT:
        return theme.resistant
    return theme.neutral


def _badge_colour(role: Role, theme: ChartTheme) -> str:
    return {
        Role.CHAMPION: theme.healthy,
        Role.ECONOMIC_BUYER: theme.series[0],
        Role.EXECUTIVE_SPONSOR: theme.series[2],
        Role.BLOCKER: theme.critical,
    }.get(role, theme.muted)


def describe(person: StakeholderFacts, as_of: dt.date) -> str:
    """The hover readout of a card."""
    lines = [person.name + (f" — {person.title}" if person.title else "")]
    roles = [words for role, words in BADGES if role in person.roles]
    lines.append("Roles: " + (", ".join(roles) if roles else "none set"))
    stance = Stance(person.stance).label if person.stance in Stance.choices() else "stance not set"
    influence = f"influence {person.influence}/5" if person.influence else "influence not set"
    strength = (
        f"relationship {person.relationship_strength}/5"
        if person.relationship_strength
        else "relationship not set"
    )
    lines.append(f"{stance} · {influence} · {strength}")
    if person.departed_by(as_of):
        when = f" on {date_words(person.departed_on)}" if person.departed_on else ""
        lines.append(f"Departed{when}")
    last = person.last_contact(as_of)
    if last is None:
        lines.append("Never contacted")
    else:
        lines.append(f"Last contact {date_words(last)} ({(as_of - last).days} days ago)")
    return "\n".join(lines)


def title_room_pt(w: float, pt_per_unit: float) -> float:
    """How wide a title line may be on a card ``w`` canvas units wide, in points."""
    return (w - 2 * w * 0.05) * pt_per_unit


def title_lines(title: str | None, w: float, h: float, pt_per_unit: float) -> list[str]:
    """A title wrapped whole for a printed card of ``w`` × ``h`` canvas units."""
    if not title:
        return []
    size = TITLE_SIZE * min(w / CARD_W, h / CARD_H) * pt_per_unit
    return wrap_all(title, title_room_pt(w, pt_per_unit), size)


class CardPainter:
    """Draws cards at a fixed scale: sizes are in canvas units, turned into points here.

    With ``wrap_titles`` (print) a job title is wrapped whole; a card has room for two title
    lines and is drawn taller by a line for each of ``title_lines`` beyond two, so that no
    title is cut.
    """

    def __init__(
        self,
        ax: Axes,
        theme: ChartTheme,
        pt_per_unit: float,
        w: float,
        h: float,
        *,
        wrap_titles: bool = False,
        title_lines: int = 2,
    ):
        self.wrap_titles = wrap_titles
        self.ax = ax
        self.theme = theme
        self.scale = pt_per_unit
        self.w = w
        # Card furniture is drawn for the standard card and scaled with the card.
        self.k = min(w / CARD_W, h / CARD_H)
        # Standard-card units the card grows by for title lines beyond two.
        self.extra = max(0, title_lines - 2) * TITLE_LINE if wrap_titles else 0.0
        self.h = h + self.u(self.extra)

    def u(self, units: float) -> float:
        """Standard-card units to this card's units."""
        return units * self.k

    def pt(self, units: float) -> float:
        """Standard-card units to points."""
        return units * self.k * self.scale

    def card(self, person: StakeholderFacts, x: float, y: float, as_of: dt.date) -> FancyBboxPatch:
        theme, ax = self.theme, self.ax
        departed = person.departed_by(as_of)
        ink = theme.muted if departed else theme.foreground
        border = _BORDER_PT.get(person.influence or 1, 0.6) * min(1.0, self.scale / 0.5)
        box = FancyBboxPatch(
            (x, y),
            self.w,
            self.h,
            boxstyle=f"round,pad=0,rounding_size={self.h * 0.09:.2f}",
            fc=_stance_fill(person, as_of, theme),
            ec=ink,
            lw=border,
            zorder=3,
            gid=f"card-{person.id}",
        )
        ax.add_patch(box)
        pad = self.w * 0.05
        mark = no_recent_contact(person, as_of)
        name_size = self.pt(15.5)
        room = (self.w - 2 * pad - self.u(20 if mark else 0)) * self.scale
        name = fit_text(person.name, room, name_size, bold=True)
        ax.text(
            x + pad,
            y + self.u(19),
            name,
            fontsize=name_size,
            fontweight="bold",
            color=ink,
            va="center",
            zorder=4,
            gid=f"name-{person.id}",
        )
        if departed:
            length = text_width_pt(name, name_size, bold=True) / self.scale
            ax.add_line(
                Line2D(
                    [x + pad, x + pad + length],
                    [y + self.u(19), y + self.u(19)],
                    color=ink,
                    lw=max(0.6, self.pt(1.4)),
                    zorder=5,
                    gid=f"strike-{person.id}",
                )
            )
        if person.title:
            room = (self.w - 2 * pad) * self.scale
            size = self.pt(12.5 if not self.wrap_titles else TITLE_SIZE)
            shown = (
                wrap_all(person.title, room, size)
                if self.wrap_titles
                else [fit_text(person.title, room, size)]
            )
            top = 38 if len(shown) == 1 else 32.5
            for index, line in enumerate(shown):
                ax.text(
                    x + pad,
                    y + self.u(top + index * TITLE_LINE),
                    line,
                    fontsize=size,
                    color=theme.muted,
                    va="center",
                    zorder=4,
                    gid=f"title-{person.id}-{index + 1}",
                )
        badges_at = 61 + self.extra if self.wrap_titles else 59
        self._badges(person, x + pad, y + self.u(badges_at), departed)
        self._dots(person, x + pad, y + self.h - self.u(15), departed)
        stance = "departed" if departed else (person.stance or "")
        if stance:
            ax.text(
                x + self.w - pad,
                y + self.h - self.u(15),
                stance,
                fontsize=self.pt(12 if self.wrap_titles else 11),
                ha="right",
                va="center",
                color=theme.muted,
                style="italic",
                zorder=4,
            )
        if mark:
            cx, cy, r = x + self.w - pad - self.u(7), y + self.u(19), self.u(8)
            ax.add_patch(
                Circle(
                    (cx, cy),
                    r,
                    fc=theme.at_risk,
                    ec="none",
                    zorder=5,
                    gid=f"no-contact-{person.id}",
                )
            )
            ax.text(
                cx,
                cy,
                "!",
                fontsize=self.pt(12),
                fontweight="bold",
                color="#ffffff",
                ha="center",
                va="center",
                zorder=6,
            )
        return box

    def _badges(self, person: StakeholderFacts, x: float, y: float, departed: bool) -> None:
        roles = [(role, words) for role, words in BADGES if role in person.roles]
        size = self.pt(12 if self.wrap_titles else 11)
        end = x + self.w * 0.9
        height = self.u(17)
        for index, (role, words) in enumerate(roles):
            width = text_width_pt(words, size) / self.scale + self.u(14)
            rest = len(roles) - index - 1
            more_room = text_width_pt(f"+{rest}", size) / self.scale + self.u(6) if rest else 0
            if x + width + more_room > end:
                self.ax.text(
                    x,
                    y,
                    f"+{len(roles) - index}",
                    fontsize=size,
                    va="center",
                    color=self.theme.muted,
                    zorder=4,
                )
                return
            colour = self.theme.muted if departed else _badge_colour(role, self.theme)
            self.ax.add_patch(
                FancyBboxPatch(
                    (x, y - height / 2),
                    width,
                    height,
                    boxstyle=f"round,pad=0,rounding_size={height / 2:.1f}",
                    fc=self.theme.fill(colour, 0.22),
                    ec=colour,
                    lw=max(0.4, self.pt(0.9)),
                    zorder=4,
                    gid=f"badge-{person.id}-{role.value}",
                )
            )
            self.ax.text(
                x + width / 2,
                y,
                words,
                fontsize=size,
                ha="center",
                va="center",
                color=self.theme.foreground,
                zorder=5,
            )
            x += width + self.u(5)

    def _dots(self, person: StakeholderFacts, x: float, y: float, departed: bool) -> None:
        strength = person.relationship_strength
        colour = self.theme.muted if departed else self.theme.foreground
        if strength is None:
            self.ax.text(
                x,
                y,
                "strength not set",
                fontsize=self.pt(12 if self.wrap_titles else 10),
                va="center",
                color=self.theme.muted,
                zorder=4,
            )
            return
        for index in range(5):
            filled = index < strength
            self.ax.add_patch(
                Circle(
                    (x + self.u(4.5 + index * 12.5), y),
                    self.u(4.5),
                    fc=colour if filled else "none",
                    ec=colour,
                    lw=max(0.4, self.pt(1.0)),
                    zorder=4,
                    gid=f"dot-{person.id}-{index + 1}" + ("-on" if filled else "-off"),
                )
            )
