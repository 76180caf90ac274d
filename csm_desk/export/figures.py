"""Charts for documents: the charts package's figures, rendered as print-resolution PNGs.

Each chart is drawn with the print theme and rendered at the width of the page's text block at
200 dpi, so it prints sharp and is placed at its natural size. The charts package (and with it
matplotlib) is imported only when a document has a chart to draw.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from csm_desk.engine.facts import KpiFacts, Reading
from csm_desk.engine.health import Health
from csm_desk.engine.maplayout import Point
from csm_desk.export.customer_view import CustomerAccountView
from csm_desk.export.internal_view import AccountDossier
from csm_desk.export.text import one_line

PRINT_DPI = 200
# No text on a printed stakeholder map is smaller than this (points at print size).
MAP_MIN_TEXT_PT = 8.0
# Labels longer than this are cut before they reach a chart (a chart shows a line, not an essay).
LABEL_CHARS = 120


def label(text: str | None) -> str:
    """User text fit for a chart label: one clean line, cut to ``LABEL_CHARS`` characters."""
    line = one_line(text)
    return line if len(line) <= LABEL_CHARS else line[: LABEL_CHARS - 1].rstrip() + "…"


@contextlib.contextmanager
def _quiet_glyphs() -> Iterator[None]:
    """A character the chart font lacks (an emoji in a name) is drawn as a box, not reported."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


def _png(build: Callable[[], Any], width_in: float | None) -> bytes:
    from csm_desk.charts.render import png_bytes

    with _quiet_glyphs():
        return png_bytes(build(), dpi=PRINT_DPI, width_in=width_in)


def kpi_chart(view: CustomerAccountView, width_in: float) -> bytes | None:
    """Each success metric's progress from baseline toward target (customer data only)."""
    if not view.kpis:
        return None
    from csm_desk.charts.kpis import kpi_progress
    from csm_desk.charts.theme import PRINT

    kpis = [
        KpiFacts(
            k.id,
            label(k.name),
            label(k.unit) or None,
            k.baseline,
            k.current,
            k.target,
            k.higher_is_better,
            k.by_when,
            label(k.data_source) or None,
            tuple(Reading(day, value) for day, value in k.readings),
        )
        for k in view.kpis
    ]
    return _png(lambda: kpi_progress(kpis, as_of=view.as_of, theme=PRINT), width_in)


def health_trend_chart(dossier: AccountDossier, width_in: float) -> bytes | None:
    """The health score over time (the history as shown: re-scored with today's weights), its
    largest moves explained.
    """
    snapshots = dossier.result.history
    if not any(s.score is not None and s.date <= dossier.as_of for s in snapshots):
        return None
    from csm_desk.charts.account import health_trend
    from csm_desk.charts.theme import PRINT

    return _png(lambda: health_trend(snapshots, as_of=dossier.as_of, theme=PRINT), width_in)


def breakdown_chart(health: Health, width_in: float) -> bytes | None:
    """What makes up today's score, component by component."""
    if not health.components:
        return None
    from csm_desk.charts.account import component_breakdown
    from csm_desk.charts.theme import PRINT

    return _png(lambda: component_breakdown(health, theme=PRINT), width_in)


def map_positions(dossier: AccountDossier) -> Mapping[int, Point]:
    """Where the map canvas placed each card (people never placed are left to the layout)."""
    return {
        int(p["id"]): (float(p["canvas_x"]), float(p["canvas_y"]))
        for p in dossier.table("stakeholder")
        if p.get("canvas_x") is not None and p.get("canvas_y") is not None
    }


def stakeholder_map_chart(dossier: AccountDossier, width_in: float) -> bytes | None:
    """The stakeholder map: people, roles, stance, strength, reporting and influence lines."""
    facts = dossier.result.facts
    if not facts.stakeholders:
        return None
    from csm_desk.charts.stakeholder_map import stakeholder_map
    from csm_desk.charts.theme import PRINT

    people = [
        p._replace(name=label(p.name), title=label(p.title) or None) for p in facts.stakeholders
    ]
    return _png(
        lambda: stakeholder_map(
            people,
            facts.links,
            map_positions(dossier),
            as_of=dossier.as_of,
            theme=PRINT,
            width_in=width_in,
            min_text_pt=MAP_MIN_TEXT_PT,
        ),
        None,
    )
