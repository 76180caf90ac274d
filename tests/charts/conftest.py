"""Books to chart: a hand-built sample, and the demo book once it exists."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from csm_desk.engine.book import AccountResult, BookResult, score_book
from tests.charts.sample import sample_book


@pytest.fixture(scope="session")
def sample_result() -> BookResult:
    return score_book(sample_book(), dt.date(2026, 11, 22))


@pytest.fixture
def demo_result(request: pytest.FixtureRequest, today: dt.date) -> BookResult:
    """The demo book scored as of the test date, with full health history."""
    pytest.importorskip("csm_desk.models.demo", reason="the demo book is not available")
    book = request.getfixturevalue("demo_book")
    from csm_desk.models.load import load_book

    return score_book(load_book(book, full_history=True), today)


@pytest.fixture(params=["sample", "demo"])
def book_result(request: pytest.FixtureRequest) -> BookResult:
    """Each book in turn."""
    return request.getfixturevalue(f"{request.param}_result")  # type: ignore[no-any-return]


def worked_account(book: BookResult) -> AccountResult:
    """The account with the most to show: the most snapshots, then stakeholders, then KPIs."""
    return max(
        book.active,
        key=lambda a: (len(a.facts.snapshots), len(a.facts.stakeholders), len(a.facts.kpis)),
    )


def drawn(figure: Figure) -> Figure:
    """The figure drawn on an Agg canvas, so artists have their final places."""
    FigureCanvasAgg(figure).draw()
    return figure
