"""How smooth the stakeholder map canvas is with a large account: 60 people and 80 lines.

Prints: building the scene (cards, lines, automatic layout), refreshing it after an edit (the
same people shown again), a simulated drag of 20 cards (each moved 30 times by setPos, lines
following), a full repaint of the view to an offscreen image, and rendering the map PNG for
documents. Figures only; nothing here fails a build.

    python benchmarks/map_bench.py [--people N] [--links N] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from csm_desk.engine.facts import StakeholderFacts  # noqa: E402
from csm_desk.engine.vocab import LinkKind, Role, Stance  # noqa: E402
from csm_desk.ui.stakeholder_map.lines import MapLink  # noqa: E402
from csm_desk.ui.stakeholder_map.render import render_map_png  # noqa: E402
from csm_desk.ui.stakeholder_map.scene import MapScene  # noqa: E402
from csm_desk.ui.stakeholder_map.view import MapView  # noqa: E402

AS_OF = dt.date(2026, 11, 22)
TITLES = ("Chief Executive Officer", "VP Operations", "Director of Finance", "Team Lead", "Analyst")


def people_and_links(n_people: int, n_links: int) -> tuple[list[StakeholderFacts], list[MapLink]]:
    """A deterministic org: a tree of reporting lines, then influence lines up to ``n_links``."""
    rng = random.Random(7)
    roles = list(Role)
    people = []
    for i in range(1, n_people + 1):
        level = 0 if i == 1 else min(4, 1 + (i - 2) // 6)
        people.append(
            StakeholderFacts(
                id=i,
                name=f"Person {i:02d} Example",
                title=TITLES[level],
                roles=frozenset(rng.sample(roles, rng.randint(0, 3))),
                influence=rng.randint(1, 5),
                relationship_strength=rng.randint(1, 5),
                stance=rng.choice([s.value for s in Stance]),
                departed=i % 17 == 0,
                departed_on=AS_OF - dt.timedelta(days=20) if i % 17 == 0 else None,
                contact_dates=(AS_OF - dt.timedelta(days=rng.randint(0, 200)),),
            )
        )
    links = [
        MapLink(1000 + i, i, max(1, (i - 2) // 3 + 1), LinkKind.REPORTS_TO.value)
        for i in range(2, n_people + 1)
    ]
    while len(links) < n_links:
        a, b = rng.sample(range(1, n_people + 1), 2)
        links.append(MapLink(1000 + len(links) + 1, a, b, LinkKind.INFLUENCES.value))
    return people, links


def timed(work, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        found.append(time.perf_counter() - start)
    return statistics.median(found), min(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--links", type=int, default=80)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    people, links = people_and_links(args.people, args.links)
    print(
        f"Stakeholder map: {len(people)} people, {len(links)} lines, {args.runs} runs (median, best)"
    )

    def build() -> MapScene:
        scene = MapScene()
        scene.show_map(people, links, {}, as_of=AS_OF, quiet_days=90)
        return scene

    holder: list[MapScene] = []
    median, best = timed(lambda: holder.append(build()), args.runs)
    print(
        f"  scene build (cards, lines, auto-layout)   {median * 1000:8.1f} ms   best {best * 1000:7.1f} ms"
    )
    scene = holder[-1]
    positions = {i: (c.pos().x(), c.pos().y()) for i, c in scene.cards.items()}

    median, best = timed(
        lambda: scene.show_map(people, links, positions, as_of=AS_OF, quiet_days=90), args.runs
    )
    print(
        f"  refresh after an edit (nothing moved)     {median * 1000:8.1f} ms   best {best * 1000:7.1f} ms"
    )

    view = MapView(scene)
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    view.fit_all()
    dragged = list(scene.cards.values())[:20]

    def drag() -> None:
        for step in range(30):
            for card in dragged:
                card.setPos(card.pos() + QPointF(3 if step < 15 else -3, 2 if step < 15 else -2))
        app.processEvents()

    median, best = timed(drag, args.runs)
    moves = 30 * len(dragged)
    print(
        f"  drag 20 cards x 30 steps ({moves} setPos)   {median * 1000:8.1f} ms   best {best * 1000:7.1f} ms"
        f"   ({median / moves * 1e6:.0f} µs a move)"
    )
    scene.discard_moves()

    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

    def repaint() -> None:
        painter = QPainter(image)
        view.render(painter)
        painter.end()

    repaint()  # fills the card caches once, as the first paint on screen does
    median, best = timed(repaint, args.runs)
    print(
        f"  full repaint of the view, offscreen       {median * 1000:8.1f} ms   best {best * 1000:7.1f} ms"
    )

    png: list[bytes] = []
    median, best = timed(lambda: png.append(render_map_png(scene)), max(1, args.runs // 2))
    size = len(png[-1]) / 1024
    print(
        f"  map PNG for documents (A4, 200 dpi)       {median * 1000:8.1f} ms   best {best * 1000:7.1f} ms   ({size:.0f} KiB)"
    )
    view.close()


if __name__ == "__main__":
    main()
