"""Render every chart of a book to PNG files, in the light, dark and print themes.

    python tools/render_charts.py OUTDIR [--book PATH] [--today YYYY-MM-DD] [--dpi N]

Without ``--book`` the demo book is written to a temporary folder first. The account charts and
the stakeholder map are drawn for the account with the richest history (in the demo book,
Northwind Payments), or for ``--account NAME``. Prints each file written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matplotlib.figure import Figure  # noqa: E402

from csm_desk.charts import account as account_charts  # noqa: E402
from csm_desk.charts import portfolio  # noqa: E402
from csm_desk.charts.render import render_png  # noqa: E402
from csm_desk.charts.stakeholder_map import stakeholder_map  # noqa: E402
from csm_desk.charts.theme import DARK, LIGHT, PRINT  # noqa: E402
from csm_desk.engine.book import AccountResult, BookResult, score_book  # noqa: E402
from csm_desk.models import clock  # noqa: E402
from csm_desk.models.bookfile import BookFile  # noqa: E402
from csm_desk.models.load import load_book  # noqa: E402


def chosen_account(book: BookResult, name: str | None) -> AccountResult:
    if name is not None:
        for result in book.accounts:
            if result.name.lower() == name.lower() or result.facts.crm_id == name:
                return result
        raise SystemExit(f"No account named {name!r} in the book")
    return max(
        book.active,
        key=lambda a: (len(a.facts.snapshots), len(a.facts.stakeholders), len(a.facts.kpis)),
    )


def charts(book: BookResult, worked: AccountResult) -> dict[str, Callable[..., Figure]]:
    facts = worked.facts
    return {
        "health-trend": lambda t: account_charts.health_trend(
            facts.snapshots, as_of=book.as_of, theme=t
        ),
        "components": lambda t: account_charts.component_breakdown(worked.health, theme=t),
        "kpis": lambda t: account_charts.kpi_progress(facts.kpis, as_of=book.as_of, theme=t),
        "bands": lambda t: portfolio.accounts_per_band(book, theme=t),
        "renewals": lambda t: portfolio.renewals_by_month(book, theme=t),
        "segments": lambda t: portfolio.arr_by_segment(book, theme=t),
        "discipline": lambda t: portfolio.discipline_by_artifact(book, theme=t),
        "stakeholder-map": lambda t: stakeholder_map(
            facts.stakeholders, facts.links, None, as_of=book.as_of, theme=t
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--book", type=Path, help="a book file (default: a fresh demo book)")
    parser.add_argument("--today", type=clock.parse_day, help="as-of date (default: today)")
    parser.add_argument("--account", help="the account for the account charts")
    parser.add_argument("--dpi", type=int, default=150)
    args = parser.parse_args(argv)
    as_of = args.today or clock.today()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.book
        if path is None:
            from csm_desk.models.demo import write_demo

            path = Path(scratch) / "Demo.csmbook"
            write_demo(path, as_of)
        bookfile = BookFile.open(path)
        try:
            book = score_book(load_book(bookfile, full_history=True), as_of)
        finally:
            bookfile.close()
    worked = chosen_account(book, args.account)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, build in charts(book, worked).items():
        for theme in (LIGHT, DARK, PRINT):
            target = args.outdir / f"{name}-{theme.name}.png"
            render_png(build(theme), target, dpi=args.dpi)
            print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
