"""The strip of book totals above the portfolio: accounts, ARR, bands, renewals, retention."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from csm_desk.engine.health import BAND_COLOURS
from csm_desk.engine.summary import BookSummary
from csm_desk.engine.vocab import Band
from csm_desk.ui import formatting

UPDATING = "Totals of the values last kept in the book: being brought up to date"


class StatCard(QFrame):
    """A figure with a caption under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.value = QLabel("—")
        self.value.setObjectName("statValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("statCaption")
        # Long captions wrap so the strip fits a small window (1024 px) without a scroll bar.
        self.caption.setWordWrap(True)
        self.value.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def show_value(self, text: str, tooltip: str = "") -> None:
        self.value.setText(text)
        self.setToolTip(tooltip)


class SummaryStrip(QWidget):
    """Book totals, refreshed from each new ``BookSummary``.

    Attributes:
        cards: the stat cards by key (accounts, arr, bands, renewals, retention, discipline).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.cards = {
            "accounts": StatCard("Accounts"),
            "arr": StatCard("ARR"),
            "bands": StatCard("Healthy · stable · at risk · critical · emergency · unscored"),
            "renewals": StatCard("Renewals in 90 days · ARR due · forecast"),
            "retention": StatCard("GRR · NRR (12 months)"),
            "discipline": StatCard("Artifact discipline"),
        }
        for card in self.cards.values():
            layout.addWidget(card)
        layout.addStretch(1)

    def set_updating(self, updating: bool) -> None:
        """Show the figures as last kept values being brought up to date (greyed), or not."""
        self.setEnabled(not updating)
        self.setToolTip(UPDATING if updating else "")

    def show_book(self, result: BookSummary) -> None:
        currency = result.currency
        self.cards["accounts"].show_value(f"{result.totals.active:,}")
        self.cards["arr"].show_value(formatting.money(result.arr, currency, compact=True))
        parts = []
        for band in Band:
            fill, _ink = formatting.BAND_CHIP[BAND_COLOURS[band]]
            parts.append(f'<span style="color:{fill}">●</span>&nbsp;{result.bands[band]}')
        self.cards["bands"].show_value(
            "&nbsp;&nbsp;".join(parts),
            "\n".join(f"{b.label}: {result.bands[b]}" for b in Band),
        )
        window = result.renewals[90]
        share = f" ({window.percent:.0f} %)" if window.percent is not None else ""
        self.cards["renewals"].show_value(
            f"{window.count} · {formatting.money(window.arr_due, currency, compact=True)} · "
            f"{formatting.money(window.forecast_arr, currency, compact=True)}{share}"
        )
        self.cards["retention"].show_value(
            f"{formatting.percent(result.metrics.grr)} · {formatting.percent(result.metrics.nrr)}"
        )
        self.cards["discipline"].show_value(formatting.percent(result.metrics.discipline))
