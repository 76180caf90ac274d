"""Every chart renders to PNG in every theme: same bytes each time, no pyplot, no Qt."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from csm_desk.charts import account, portfolio
from csm_desk.charts.common import DateWords, chart_fonts
from csm_desk.charts.render import ChartError, ensure_fonts, png_bytes, render_png
from csm_desk.charts.stakeholder_map import stakeholder_map
from csm_desk.charts.theme import DARK, LIGHT, PRINT, ChartTheme
from csm_desk.engine.book import BookResult
from csm_desk.engine.summary import summary_of_book
from tests.charts.conftest import worked_account

PNG = b"\x89PNG\r\n\x1a\n"

Builder = Callable[[BookResult, ChartTheme], Figure]


def _account(book: BookResult):  # type: ignore[no-untyped-def]
    return worked_account(book)


BUILDERS: dict[str, Builder] = {
    "health_trend": lambda b, t: account.health_trend(_account(b).history, as_of=b.as_of, theme=t),
    "component_breakdown": lambda b, t: account.component_breakdown(_account(b).health, theme=t),
    "kpi_progress": lambda b, t: account.kpi_progress(
        _account(b).facts.kpis, as_of=b.as_of, theme=t
    ),
    "accounts_per_band": lambda b, t: portfolio.accounts_per_band(summary_of_book(b), theme=t),
    "renewals_by_month": lambda b, t: portfolio.renewals_by_month(summary_of_book(b), theme=t),
    "arr_by_segment": lambda b, t: portfolio.arr_by_segment(summary_of_book(b), theme=t),
    "discipline_by_artifact": lambda b, t: portfolio.discipline_by_artifact(
        summary_of_book(b), theme=t
    ),
    "stakeholder_map": lambda b, t: stakeholder_map(
        _account(b).facts.stakeholders, _account(b).facts.links, None, as_of=b.as_of, theme=t
    ),
}


def png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("theme", [LIGHT, DARK, PRINT], ids=lambda t: t.name)
@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_chart_renders_in_every_theme(
    book_result: BookResult, name: str, theme: ChartTheme
) -> None:
    figure = BUILDERS[name](book_result, theme)
    assert isinstance(figure, Figure)
    data = png_bytes(figure, dpi=80)
    assert data.startswith(PNG)
    width, height = png_size(data)
    assert abs(width - figure.get_figwidth() * 80) <= 1
    assert 0 < height < 11 * 80
    assert figure.get_figwidth() <= 6.5


def test_rendering_is_deterministic_and_leaves_the_figure_alone(
    sample_result: BookResult, tmp_path: Path
) -> None:
    figure = BUILDERS["health_trend"](sample_result, LIGHT)
    canvas = FigureCanvasAgg(figure)
    size = tuple(figure.get_size_inches())
    first = png_bytes(figure)
    assert png_bytes(figure) == first
    assert figure.canvas is canvas
    # A chosen width rescales this image only.
    narrow = png_bytes(figure, dpi=100, width_in=4.0)
    assert png_size(narrow)[0] == 400
    # (matplotlib drops the fraction of a pixel.)
    assert abs(png_size(narrow)[1] - size[1] * 4.0 / size[0] * 100) < 1
    assert tuple(figure.get_size_inches()) == size
    target = tmp_path / "trend.png"
    render_png(figure, target)
    assert target.read_bytes() == first
    stream = io.BytesIO()
    render_png(figure, stream)
    assert stream.getvalue() == first
    # Rebuilt from the same facts, byte for byte the same.
    assert png_bytes(BUILDERS["health_trend"](sample_result, LIGHT)) == first


def test_bad_width_is_refused(sample_result: BookResult) -> None:
    figure = BUILDERS["arr_by_segment"](sample_result, LIGHT)
    with pytest.raises(ChartError, match="width must be positive"):
        png_bytes(figure, width_in=0)
    assert tuple(figure.get_size_inches()) == (6.5, 1.9)


def test_every_text_is_in_the_documents_body_font(sample_result: BookResult) -> None:
    fonts = chart_fonts()
    assert fonts[-1] == "DejaVu Sans"
    # Calibri or its metric twin Carlito when installed (the Word template's body font).
    assert fonts[0] in ("Calibri", "Carlito", "DejaVu Sans")
    stem = Path(ensure_fonts()).stem.replace(" ", "").casefold()
    assert stem.startswith(fonts[0].replace(" ", "").casefold())
    for build in BUILDERS.values():
        figure = build(sample_result, PRINT)
        FigureCanvasAgg(figure).draw()
        families = {tuple(t.get_fontfamily()) for t in figure.findobj(Text) if t.get_text()}
        assert families == {fonts}


def test_the_body_font_is_used_when_installed() -> None:
    from matplotlib import font_manager

    try:
        font_manager.findfont("Carlito", fallback_to_default=False)
    except ValueError:
        pytest.skip("Carlito is not installed here")
    assert chart_fonts()[0] in ("Calibri", "Carlito")


def test_date_axis_labels_are_words_like_the_body(sample_result: BookResult) -> None:
    import matplotlib.dates as mdates

    words = DateWords()
    days = [dt.date(2027, 2, 9), dt.date(2027, 3, 16)]
    assert words.format_ticks([mdates.date2num(d) for d in days]) == ["9 Feb 2027", "16 Mar 2027"]
    months = [dt.date(2026, 12, 1), dt.date(2027, 1, 1)]
    assert words.format_ticks([mdates.date2num(d) for d in months]) == ["Dec 2026", "Jan 2027"]
    years = [dt.date(2026, 1, 1), dt.date(2027, 1, 1)]
    assert words.format_ticks([mdates.date2num(d) for d in years]) == ["2026", "2027"]
    figure = BUILDERS["health_trend"](sample_result, PRINT)
    FigureCanvasAgg(figure).draw()
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"(\d{1,2} )?[A-Z][a-z]{2} \d{4}|\d{4}", t) for t in labels)


def test_charts_need_neither_pyplot_nor_qt() -> None:
    code = (
        "import sys, datetime as dt\n"
        "from tests.charts.sample import sample_book\n"
        "from csm_desk.engine.book import score_book\n"
        "from csm_desk.charts import portfolio, render\n"
        "book = score_book(sample_book(), dt.date(2026, 11, 22))\n"
        "from csm_desk.engine.summary import summary_of_book\n"
        "render.png_bytes(portfolio.renewals_by_month(summary_of_book(book)))\n"
        "bad = [m for m in sys.modules if m.startswith(('matplotlib.pyplot', 'PySide6'))]\n"
        "assert not bad, bad\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True, timeout=120)
