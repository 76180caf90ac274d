"""Where each card goes on a stakeholder map: levels from titles and reports-to lines, then rows.

Shared by the window's map canvas and the printed map. A person's ``Level`` starts from their
title (a "Chief …" is an executive, a "Head of …" a VP/director, a "Team Lead" a manager) and is
pushed up by reports-to lines: a manager sits at least one level above anyone who reports to
them. ``auto_layout`` then puts executives in the top row, each level in rows below (y grows
downward), people under their manager, and never lets two cards overlap. Positions are the
top-left corners of cards of ``card_w`` × ``card_h`` in the canvas's units.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from enum import nonmember

from csm_desk.engine.facts import LinkFacts, StakeholderFacts
from csm_desk.engine.vocab import LinkKind, Vocab

Point = tuple[float, float]

# The card geometry the map canvas and the printed map share (canvas units, y downward).
CARD_W = 200.0
CARD_H = 96.0
GAP_X = 24.0
GAP_Y = 56.0


class Level(Vocab):
    """How senior a person is on the map; rows run in this order from the top."""

    EXECUTIVE = "executive"
    VP_DIRECTOR = "vp_director"
    MANAGER = "manager"
    USER = "user"

    _LABELS = nonmember(
        {
            "executive": "Executive",
            "vp_director": "VP / director",
            "manager": "Manager",
            "user": "User",
        }
    )

    @property
    def rank(self) -> int:
        """0 for executives down to 3 for users."""
        return _LEVEL_ORDER.index(self)


_LEVEL_ORDER: tuple[Level, ...] = tuple(Level)

# Title words, most senior first; the first pattern that matches decides.
_TITLE_PATTERNS: tuple[tuple[re.Pattern[str], Level], ...] = (
    (
        re.compile(
            r"\b(ceo|cfo|cto|coo|cio|ciso|cro|cmo|cpo|chief|(?<!vice )(?<!vice-)president|"
            r"founder|co-founder|evp|svp|executive vice president|senior vice president)\b",
            re.IGNORECASE,
        ),
        Level.EXECUTIVE,
    ),
    (
        re.compile(r"\b(vp|vice[ -]president|director|head of)\b", re.IGNORECASE),
        Level.VP_DIRECTOR,
    ),
    (re.compile(r"\b(manager|lead|supervisor)\b", re.IGNORECASE), Level.MANAGER),
)


def title_level(title: str | None) -> Level:
    """The level a job title suggests.

    >>> title_level("Chief Financial Officer"), title_level("VP Finance")
    (<Level.EXECUTIVE: 'executive'>, <Level.VP_DIRECTOR: 'vp_director'>)
    >>> title_level("Payments Team Lead"), title_level("Analyst"), title_level(None)
    (<Level.MANAGER: 'manager'>, <Level.USER: 'user'>, <Level.USER: 'user'>)
    """
    if title:
        for pattern, level in _TITLE_PATTERNS:
            if pattern.search(title):
                return level
    return Level.USER


def reporting_lines(
    people: Iterable[StakeholderFacts], links: Iterable[LinkFacts]
) -> dict[int, tuple[int, ...]]:
    """Each person's managers (ids, ascending), keeping only lines that form no loop.

    A reports-to line between people not on the map, to oneself, or one that would close a
    loop (A reports to B who reports to A) is left out; loops are broken at the line met last
    when walking people in id order, so the result is deterministic.
    """
    ids = sorted({p.id for p in people})
    known = set(ids)
    wanted: dict[int, set[int]] = defaultdict(set)
    for link in links:
        if link.kind != LinkKind.REPORTS_TO:
            continue
        if link.from_id in known and link.to_id in known and link.from_id != link.to_id:
            wanted[link.from_id].add(link.to_id)
    kept: dict[int, list[int]] = {i: [] for i in ids}
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for start in ids:
        if start in state:
            continue
        state[start] = 1
        stack: list[tuple[int, list[int]]] = [(start, sorted(wanted[start], reverse=True))]
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                continue
            manager = todo.pop()
            seen = state.get(manager)
            if seen == 1:
                continue  # this line would close a loop
            kept[node].append(manager)
            if seen is None:
                state[manager] = 1
                stack.append((manager, sorted(wanted[manager], reverse=True)))
    return {i: tuple(sorted(m)) for i, m in kept.items()}


def _topological(managers: Mapping[int, tuple[int, ...]]) -> list[int]:
    """People ordered so that everyone comes after all of their managers (ids break ties)."""
    order: list[int] = []
    placed: set[int] = set()
    for start in sorted(managers):
        if start in placed:
            continue
        stack: list[tuple[int, int]] = [(start, 0)]
        while stack:
            node, index = stack.pop()
            if node in placed:
                continue
            ups = managers[node]
            if index < len(ups):
                stack.append((node, index + 1))
                if ups[index] not in placed:
                    stack.append((ups[index], 0))
                continue
            placed.add(node)
            order.append(node)
    return order


def person_levels(
    people: Sequence[StakeholderFacts], links: Sequence[LinkFacts]
) -> dict[int, Level]:
    """Each person's level: their title's level, raised to at least one level above anyone who
    reports to them (an executive stays an executive; a CFO reporting to a CEO is one too).

    Someone titled "Analyst" with two people reporting to them is a manager; a "Manager" to whom
    a manager reports becomes a VP/director.
    """
    managers = reporting_lines(people, links)
    rank = {p.id: title_level(p.title).rank for p in people}
    # Bottom up: everyone after their reports, so a report's final rank is known first.
    for person in reversed(_topological(managers)):
        for manager in managers[person]:
            rank[manager] = min(rank[manager], max(0, rank[person] - 1))
    return {i: _LEVEL_ORDER[r] for i, r in rank.items()}


def layout_rows(people: Sequence[StakeholderFacts], links: Sequence[LinkFacts]) -> dict[int, int]:
    """Each person's row, 0 at the top: levels in order, and within a level a manager one row
    above a same-level report, so every manager is strictly above everyone reporting to them.
    """
    managers = reporting_lines(people, links)
    levels = person_levels(people, links)
    depth: dict[int, int] = {}
    for person in _topological(managers):
        same = [depth[m] + 1 for m in managers[person] if levels[m] is levels[person]]
        depth[person] = max(same, default=0)
    rows_per_level = [0] * len(_LEVEL_ORDER)
    for person, level in levels.items():
        rows_per_level[level.rank] = max(rows_per_level[level.rank], depth[person] + 1)
    offsets = [sum(rows_per_level[:r]) for r in range(len(_LEVEL_ORDER))]
    return {p: offsets[levels[p].rank] + depth[p] for p in levels}


class _Subtree:
    """A laid-out subtree: x of each card's left edge relative to the subtree, and its contour
    (leftmost and rightmost card edge in each row).
    """

    def __init__(self) -> None:
        self.x: dict[int, float] = {}
        self.contour: dict[int, tuple[float, float]] = {}

    def shift(self, dx: float) -> None:
        self.x = {k: v + dx for k, v in self.x.items()}
        self.contour = {r: (a + dx, b + dx) for r, (a, b) in self.contour.items()}

    def absorb(self, other: _Subtree) -> None:
        self.x.update(other.x)
        for row, (left, right) in other.contour.items():
            if row in self.contour:
                mine = self.contour[row]
                self.contour[row] = (min(mine[0], left), max(mine[1], right))
            else:
                self.contour[row] = (left, right)


def _pack(parts: Sequence[tuple[int, _Subtree]], column: float | None, gap_x: float) -> _Subtree:
    """Put subtrees side by side, each as far left as its contour allows without touching the
    ones before it. With a ``column`` width, each root also stays clear of the previous root's
    column, so siblings on different rows do not stack into what reads as a reporting line.
    """
    packed = _Subtree()
    last_root: float | None = None
    for root, part in parts:
        shift = -math.inf
        if last_root is not None and column is not None:
            shift = last_root + column - part.x[root]
        for row, (left, _right) in part.contour.items():
            if row in packed.contour:
                shift = max(shift, packed.contour[row][1] + gap_x - left)
        if shift == -math.inf:
            shift = -min(left for left, _ in part.contour.values())
        part.shift(shift)
        packed.absorb(part)
        last_root = part.x[root]
    return packed


def _tree_layout(
    people: Sequence[StakeholderFacts], links: Sequence[LinkFacts], card_w: float, gap_x: float
) -> tuple[dict[int, float], dict[int, int]]:
    """Left edges and rows of every card, with no card fixed in place."""
    rows = layout_rows(people, links)
    managers = reporting_lines(people, links)
    children: dict[int, list[int]] = defaultdict(list)
    roots: list[int] = []
    for person in sorted(rows):
        # The primary manager is the nearest one above (then the lowest id): the tree parent.
        above = [m for m in managers[person] if rows[m] < rows[person]]
        if above:
            parent = min(above, key=lambda m: (-rows[m], m))
            children[parent].append(person)
        else:
            roots.append(person)

    def order(ids: Iterable[int]) -> list[int]:
        return sorted(ids, key=lambda i: (rows[i], i))

    def build(node: int, parent_row: int) -> _Subtree:
        kids = order(children[node])
        if kids:
            parts = [(k, build(k, rows[node])) for k in kids]
            tree = _pack(parts, card_w + gap_x, gap_x)
            first, last = tree.x[kids[0]], tree.x[kids[-1]]
            x = (first + last) / 2
        else:
            tree = _Subtree()
            x = 0.0
        tree.x[node] = x
        tree.contour[rows[node]] = (x, x + card_w)
        # A line up to a manager several rows higher keeps the rows it crosses clear in this
        # card's column, so no card sits on it.
        for row in range(parent_row + 1, rows[node]):
            tree.contour[row] = (x, x + card_w)
        return tree

    forest = _pack([(r, build(r, rows[r] - 1)) for r in order(roots)], None, gap_x)
    return forest.x, rows


def overlaps(positions: Mapping[int, Point], w: float, h: float) -> bool:
    """Whether any two cards of ``w`` × ``h`` at these top-left corners overlap (touching edges
    do not count).
    """
    items = sorted(positions.values())
    for i, (x1, y1) in enumerate(items):
        for x2, y2 in items[i + 1 :]:
            if x2 - x1 >= w:
                break
            if abs(y1 - y2) < h:
                return True
    return False


def _clashes(x: float, y: float, placed: Iterable[Point], w: float, h: float) -> bool:
    """A card at (x, y) would come closer than the gaps to a placed card (w, h include gaps)."""
    return any(abs(x - px) < w and abs(y - py) < h for px, py in placed)


def _free_spot(
    x: float, y: float, placed: Sequence[Point], w: float, h: float, step: float
) -> Point:
    """The nearest spot along the row at ``y`` (tried at ``x``, then alternately right and left
    by ``step``) where a card keeps clear of every placed card.
    """
    for n in range(2 * len(placed) + 3):
        offset = (n + 1) // 2 * step * (1 if n % 2 else -1)
        if not _clashes(x + offset, y, placed, w, h):
            return (x + offset, y)
    return (max((px for px, _ in placed), default=x) + step, y)


def auto_layout(
    people: Sequence[StakeholderFacts],
    links: Sequence[LinkFacts],
    *,
    card_w: float = CARD_W,
    card_h: float = CARD_H,
    gap_x: float = GAP_X,
    gap_y: float = GAP_Y,
    fixed: Mapping[int, Point] | None = None,
) -> dict[int, Point]:
    """Top-left corner of every person's card.

    With nothing ``fixed``: one row per level (executives on top, y growing downward), each
    person centred under their reports and their reports under them, cards ``gap_x`` apart in
    a row and rows ``gap_y`` apart. People in ``fixed`` keep their position (unknown ids are
    ignored); everyone else is placed one row under their manager where the manager already has
    a place (else above their placed reports, else on their level's row), at the nearest spot
    along that row that keeps clear of every card already there. Deterministic.
    """
    lefts, rows = _tree_layout(people, links, card_w, gap_x)
    pitch_y = card_h + gap_y
    auto = {p: (lefts[p], rows[p] * pitch_y) for p in rows}
    kept = {p: (float(x), float(y)) for p, (x, y) in (fixed or {}).items() if p in rows}
    if not kept:
        return auto
    managers = reporting_lines(people, links)
    reports: dict[int, list[int]] = defaultdict(list)
    for person, ups in managers.items():
        for manager in ups:
            reports[manager].append(person)
    result = dict(kept)
    placed = list(kept.values())
    for person in sorted((p for p in rows if p not in kept), key=lambda p: (rows[p], lefts[p], p)):
        x, y = auto[person]
        bosses = [result[m] for m in managers[person] if m in result]
        below = [result[r] for r in reports[person] if r in result]
        if bosses:
            x, y = min(bosses, key=lambda b: (b[1], b[0]))
            y += pitch_y
        elif below:
            x = min(b[0] for b in below)
            y = min(b[1] for b in below) - pitch_y
        spot = _free_spot(x, y, placed, card_w + gap_x, card_h + gap_y, card_w + gap_x)
        result[person] = spot
        placed.append(spot)
    return result
