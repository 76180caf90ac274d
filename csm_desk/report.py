"""``csm-desk report``: the scored book as JSON (DESIGN.md) or as a readable table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from csm_desk.engine.book import BookResult
from csm_desk.engine.summary import BookSummary, summary_of_book
from csm_desk.engine.vocab import Band, RenewalPhase


def _num(value: float | int | None) -> float | None:
    return None if value is None else float(value)


def report_json_text(report: Mapping[str, Any]) -> str:
    """``report`` as the JSON text ``report --json`` prints: indented, with each account on a
    line of its own (a big book's thousands of accounts are written by the C encoder, fast)."""
    lines = []
    for key, value in report.items():
        if key == "accounts" and value:
            entries = ",\n".join("    " + json.dumps(entry, ensure_ascii=False) for entry in value)
            text = f"[\n{entries}\n  ]"
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2)
            text = text.replace("\n", "\n  ")
        lines.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}"


def report_json(book: BookResult | BookSummary) -> dict[str, Any]:
    """The whole ``report --json`` document: plain numbers, null where unknown."""
    if isinstance(book, BookResult):
        book = summary_of_book(book)
    totals = book.totals
    metrics = totals.metrics
    active = book.active
    return {
        "as_of": book.as_of.isoformat(),
        "book": {
            "owner": book.owner,
            "currency": book.currency,
            "accounts": len(active),
            "churned_accounts": len(book.accounts) - len(active),
            "arr": float(book.arr),
            "bands": {band.value: totals.bands.get(band, 0) for band in Band},
            "renewals": {
                f"next_{window}_days": {
                    "count": forecast.count,
                    "arr_due": float(forecast.arr_due),
                    "forecast_arr": float(forecast.forecast_arr),
                }
                for window, forecast in sorted(totals.renewals.items())
            },
            "grr_ttm": _num(metrics.grr),
            "nrr_ttm": _num(metrics.nrr),
            "logo_retention_ttm": _num(metrics.logo_retention),
            "nps": _num(metrics.nps),
            "csat": _num(metrics.csat),
            "ces": _num(metrics.ces),
            "expansion_pipeline_weighted": float(metrics.expansion_pipeline_weighted),
            "time_to_value_days": _num(metrics.time_to_value_days),
            "discipline": _num(metrics.discipline),
            "health_coverage": _num(metrics.health_coverage),
        },
        "accounts": [a.report_entry() for a in active],
    }


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def report_text(book: BookResult | BookSummary) -> str:
    """The same facts as ``report_json`` as a table for a terminal."""
    if isinstance(book, BookResult):
        book = summary_of_book(book)
    totals = book.totals
    metrics = totals.metrics
    active = book.active
    lines = [
        f"Book of {book.owner or 'an unnamed owner'} as of {book.as_of.isoformat()} "
        f"({book.currency})",
        f"Accounts {len(active)}   ARR {_money(book.arr)}   "
        + "   ".join(f"{b.label} {totals.bands.get(b, 0)}" for b in Band),
    ]
    for window, forecast in sorted(totals.renewals.items()):
        lines.append(
            f"Renewals next {window} days: {forecast.count}, ARR due {_money(forecast.arr_due)}, "
            f"forecast {_money(forecast.forecast_arr)}"
            + (f" ({forecast.percent:.1f}%)" if forecast.percent is not None else "")
        )
    lines.append(
        f"GRR {_pct(metrics.grr)}   NRR {_pct(metrics.nrr)}   "
        f"Logo retention {_pct(metrics.logo_retention)}   "
        f"NPS {'—' if metrics.nps is None else f'{metrics.nps:.0f}'}   "
        f"Pipeline (weighted) {_money(metrics.expansion_pipeline_weighted)}   "
        f"Discipline {_pct(metrics.discipline)}   Coverage {_pct(metrics.health_coverage)}"
    )
    lines.append("")
    header = (
        "Account",
        "Segment",
        "ARR",
        "Health",
        "Band",
        "Renewal",
        "Days",
        "Phase",
        "Prob",
        "Forecast",
        "Disc",
        "Alerts",
    )
    rows = [header]
    for a in active:
        rows.append(
            (
                a.name,
                a.shown_segment.label + (" *" if a.upgraded else ""),
                _money(a.arr),
                a.shown_score,
                a.band.label,
                (a.renewal_date + (" †" if a.renewal_date_derived else ""))
                if a.renewal_date
                else "—",
                "—" if a.days_to_renewal is None else str(a.days_to_renewal),
                RenewalPhase(a.renewal_phase).label if a.renewal_phase else "—",
                f"{a.renewal_probability:.0%}",
                _money(a.forecast_arr),
                _pct(a.discipline),
                f"{a.red_alerts} red, {a.amber_alerts} amber" if a.alerts else "",
            )
        )
    numeric = {2, 3, 6, 8, 9, 10}
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))]
    for row in rows:
        lines.append(
            "  ".join(
                (str(v).rjust(widths[i]) if i in numeric else str(v).ljust(widths[i]))
                for i, v in enumerate(row)
            ).rstrip()
        )
    if any(a.upgraded for a in active):
        lines.append("* temporarily high touch while health is red")
    if any(a.renewal_date_derived for a in active):
        lines.append("† no renewal date set: derived from contract start + term")
    priorities = [p for p in totals.priorities if p.code is not None][:10]
    if priorities:
        lines.append("")
        lines.append("Today's priorities:")
        for p in priorities:
            lines.append(f"  [{p.severity.value}] {p.account_name}: {p.message}")
    return "\n".join(lines)
