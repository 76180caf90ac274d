"""How values are written for a person in the window: money, scores, dates, countdowns."""

from __future__ import annotations

import datetime as dt

from csm_desk.engine.vocab import Area, BandColour, RenewalPhase

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "AUD": "A$"}

# Chip colours per band colour: (fill, text). Chosen to read on light and dark palettes alike.
BAND_CHIP = {
    BandColour.GREEN: ("#2e7d32", "#ffffff"),
    BandColour.AMBER: ("#ef9f00", "#1f1f1f"),
    BandColour.RED: ("#c62828", "#ffffff"),
    BandColour.GREY: ("#8a8f98", "#ffffff"),
}
RED = "#d32f2f"
AMBER = "#ef9f00"
GREEN = "#2e7d32"
GREY = "#8a8f98"


def money(amount: float | None, currency: str = "USD", *, compact: bool = False) -> str:
    """``$125,000`` (or ``$1.2M`` when compact); an em dash for unknown."""
    if amount is None:
        return "—"
    symbol = CURRENCY_SYMBOLS.get(currency.upper(), currency.upper() + " ")
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    if compact and value >= 1_000_000:
        return f"{sign}{symbol}{value / 1_000_000:.1f}M"
    if compact and value >= 10_000:
        return f"{sign}{symbol}{value / 1_000:.0f}k"
    return f"{sign}{symbol}{value:,.0f}"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} %"


def trend(points: float | None) -> str:
    """▲ 4.2 / ▼ 3.0 / ► 0.0 for a score change; an em dash without history."""
    if points is None:
        return "—"
    if abs(points) < 0.05:
        return "► 0.0"
    return f"{'▲' if points > 0 else '▼'} {abs(points):.1f}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: dt.date | None) -> str:
    """``15 Jan 2027``."""
    return "—" if value is None else f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def countdown(days: int | None, phase: RenewalPhase | None) -> str:
    """``54 days · Negotiation``, ``12 days overdue``, or an em dash."""
    if days is None or phase is None:
        return "—"
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    return f"{days} day{'s' if days != 1 else ''} · {_PHASE_LABELS[phase]}"


_PHASE_LABELS = {p: p.label for p in RenewalPhase}


# The workspace tab each area of an account opens at, by its title.
AREA_TITLES = {
    Area.SNAPSHOT: "Snapshot",
    Area.ONBOARDING: "Onboarding",
    Area.SUCCESS_PLAN: "Success plan",
    Area.STAKEHOLDERS: "Stakeholders",
    Area.MEETINGS: "Meetings & recaps",
    Area.RISKS: "Risks",
    Area.QBR: "QBR / EBR",
    Area.RENEWAL: "Renewal",
    Area.EXPANSION: "Expansion",
    Area.VALUE: "Value",
    Area.CADENCE: "Cadence & 30/60/90",
    Area.HANDOFF: "Handoff & feedback",
    Area.HEALTH: "Health",
    Area.LINKS: "Links",
    Area.TIMELINE: "Timeline",
}
