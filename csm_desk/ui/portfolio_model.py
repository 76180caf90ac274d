"""The portfolio table: one row per account, built from the engine's plain results.

``PortfolioModel`` holds a precomputed row per ``AccountSummary`` (display text, sort key, band),
so ``data()`` is a lookup and sorting compares real numbers and dates through ``SORT_ROLE``.
``PortfolioFilter`` is the proxy that sorts and applies the portfolio's filters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import IntEnum
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from csm_desk.engine.batch import collection_paused
from csm_desk.engine.renewals import in_window
from csm_desk.engine.summary import AccountSummary
from csm_desk.engine.vocab import AlertSeverity, Band, RenewalPhase, Segment
from csm_desk.ui import formatting

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
BAND_ROLE = Qt.ItemDataRole.UserRole + 3  # Band value of the health column
ALERTS_ROLE = Qt.ItemDataRole.UserRole + 4  # (red, amber) of the alerts column

Index = QModelIndex | QPersistentModelIndex
_MISSING = float("-inf")  # sorts unknown values below every real one


class Column(IntEnum):
    """The portfolio's columns, in display order."""

    ACCOUNT = 0
    SEGMENT = 1
    ARR = 2
    HEALTH = 3
    TREND = 4
    RENEWAL = 5
    COUNTDOWN = 6
    FORECAST = 7
    ALERTS = 8
    DISCIPLINE = 9


HEADERS = {
    Column.ACCOUNT: "Account",
    Column.SEGMENT: "Segment",
    Column.ARR: "ARR",
    Column.HEALTH: "Health",
    Column.TREND: "30-day trend",
    Column.RENEWAL: "Renewal",
    Column.COUNTDOWN: "Countdown",
    Column.FORECAST: "Forecast",
    Column.ALERTS: "Alerts",
    Column.DISCIPLINE: "Discipline",
}
_RIGHT = {Column.ARR, Column.HEALTH, Column.TREND, Column.FORECAST, Column.DISCIPLINE}
_SEGMENT_ORDER = {s: i for i, s in enumerate(Segment)}


class PortfolioRow(NamedTuple):
    """One account as the table shows it."""

    account_id: int
    texts: tuple[str, ...]
    keys: tuple[Any, ...]
    summary: AccountSummary
    band: Band
    red: int
    amber: int
    trend: float | None
    churned: bool
    segment: Segment
    phase: RenewalPhase | None
    days: int | None
    search: str
    updating: bool = False


def _num(value: float | int | None) -> float:
    return _MISSING if value is None else float(value)


_SEGMENT_LABELS = {s: s.label for s in Segment}
_BAND_LABELS = {b: b.label for b in Band}


def summary_row(summary: AccountSummary, currency: str, *, updating: bool = False) -> PortfolioRow:
    """The table row of one scored account (its tooltips are made when asked for);
    ``updating``: its values are the last ones kept in the book, being brought up to date."""
    segment = summary.shown_segment
    score = summary.score
    trend = summary.trend_30d
    renewal = summary.renewal_day
    days = summary.days_to_renewal
    phase = summary.phase
    forecast = summary.forecast_arr
    discipline = summary.discipline
    name = summary.name
    red = amber = 0
    for alert in summary.alerts:
        if alert.severity is AlertSeverity.RED:
            red += 1
        elif alert.severity is AlertSeverity.AMBER:
            amber += 1
    texts = (
        name,
        _SEGMENT_LABELS[segment] + (" ↑" if summary.upgraded else ""),
        formatting.money(summary.arr, currency),
        formatting.score(score),
        formatting.trend(trend),
        formatting.day(renewal),
        formatting.countdown(days, phase),
        formatting.money(forecast, currency),
        f"{red} red, {amber} amber",
        formatting.percent(discipline),
    )
    keys = (
        name.casefold(),
        _SEGMENT_ORDER[segment],
        summary.arr,
        _num(score),
        _num(trend),
        _num(renewal.toordinal() if renewal else None),
        _num(days),
        _num(forecast),
        red * 1000 + amber,
        _num(discipline),
    )
    return PortfolioRow(
        account_id=summary.id,
        texts=texts,
        keys=keys,
        summary=summary,
        band=summary.band,
        red=red,
        amber=amber,
        trend=trend,
        churned=summary.churned,
        segment=segment,
        phase=phase,
        days=days,
        search=f"{name} {summary.crm_id or ''}".casefold(),
        updating=updating,
    )


UPDATING = "Last values kept in the book: being brought up to date"
CHURNED = "Churned: kept for history, counted in no total"


def tooltip(row: PortfolioRow, column: int) -> str | None:
    """The tooltip of one cell, made only when the person hovers over it."""
    summary = row.summary
    if column == Column.ACCOUNT:
        lines = (
            UPDATING if row.updating else "",
            CHURNED if row.churned else "",
            summary.crm_id or "",
        )
        return "\n".join(t for t in lines if t) or None
    text: str | None = None
    if column == Column.SEGMENT:
        if summary.upgraded:
            text = (
                f"Temporarily high touch while health is "
                f"{_BAND_LABELS[summary.band].lower()} "
                f"(normally {_SEGMENT_LABELS[summary.segment].lower()})"
            )
        elif summary.segment_pinned:
            text = "Pinned segment"
    elif column == Column.HEALTH:
        text = _BAND_LABELS[summary.band]
    elif column == Column.TREND:
        text = "Change in health score over the last 30 days"
    elif column == Column.RENEWAL and summary.renewal_date_derived:
        text = "No renewal date set: derived from contract start + term"
    elif column == Column.FORECAST:
        text = (
            f"Renewal probability {summary.renewal_probability:.0%} ({summary.probability_source})"
        )
    elif column == Column.ALERTS:
        text = "\n".join(f"• {a.message}" for a in summary.alerts[:12]) or "No alerts"
    elif column == Column.DISCIPLINE:
        text = "Complete, fresh mandatory artifacts"
    if row.updating:
        return UPDATING if text is None else f"{text}\n{UPDATING}"
    return text


class PortfolioModel(QAbstractTableModel):
    """Every account of the book as a table row (churned ones included; the proxy hides them).

    Attributes:
        currency: the book's currency, for money columns.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = "USD"
        self._rows: list[PortfolioRow] = []
        self._position: dict[int, int] = {}
        self._order: tuple[int, Qt.SortOrder] | None = None

    # -- filling -------------------------------------------------------------------------------

    def set_summaries(
        self,
        summaries: Sequence[AccountSummary],
        currency: str,
        updating: frozenset[int] = frozenset(),
    ) -> None:
        """Show ``summaries`` (``updating``: the ids shown with their last values kept in the
        book until they are scored afresh). When they are the accounts already shown, only the
        rows whose values changed are made again, and the table keeps its scroll place and
        selection: the book opened behind its first look changes nothing where the values
        the look showed still hold."""
        if currency == self.currency and self._same_accounts(summaries):
            self._replace_changed(summaries, updating)
            return
        self.beginResetModel()
        self.currency = currency
        with collection_paused():
            self._rows = [summary_row(s, currency, updating=s.id in updating) for s in summaries]
        if self._order is not None:
            self._rows.sort(key=self._key(self._order[0]), reverse=self._descending())
        self._reindex()
        self.endResetModel()

    def _same_accounts(self, summaries: Sequence[AccountSummary]) -> bool:
        position = self._position
        return len(summaries) == len(self._rows) and all(s.id in position for s in summaries)

    def _replace_changed(
        self, summaries: Sequence[AccountSummary], updating: frozenset[int]
    ) -> None:
        changed: list[int] = []
        with collection_paused():
            for summary in summaries:
                at = self._position[summary.id]
                row = self._rows[at]
                marked = summary.id in updating
                if row.summary is not summary or row.updating != marked:
                    self._rows[at] = summary_row(summary, self.currency, updating=marked)
                    changed.append(at)
        if not changed:
            return
        last = len(Column) - 1
        self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))
        if self._order is not None:
            self.sort(*self._order)

    @property
    def updating(self) -> int:
        """How many rows show last values being brought up to date."""
        return sum(1 for r in self._rows if r.updating)

    def update_summaries(self, ids: Iterable[int], results: Mapping[int, AccountSummary]) -> None:
        """Replace, add or remove the rows of ``ids`` (``results`` lacks a removed account)."""
        moved = False
        for account_id in ids:
            result = results.get(account_id)
            row = self._position.get(account_id)
            if result is None and row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self._reindex()
                self.endRemoveRows()
            elif result is not None and row is None:
                end = len(self._rows)
                self.beginInsertRows(QModelIndex(), end, end)
                self._rows.append(summary_row(result, self.currency))
                self._reindex()
                self.endInsertRows()
                moved = True
            elif result is not None and row is not None:
                self._rows[row] = summary_row(result, self.currency)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                moved = moved or not self._in_order(row)
        if self._order is not None and moved:
            # Changed and added rows take their place in the order the person chose.
            self.sort(*self._order)

    def _in_order(self, row: int) -> bool:
        """Whether ``row`` still sorts between its neighbours in the chosen order."""
        if self._order is None:
            return True
        key = self._key(self._order[0])
        here = key(self._rows[row])
        before = key(self._rows[row - 1]) if row > 0 else None
        after = key(self._rows[row + 1]) if row + 1 < len(self._rows) else None
        if self._descending():
            return (before is None or before >= here) and (after is None or here >= after)
        return (before is None or before <= here) and (after is None or here <= after)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by the real values of ``column`` (its ``SORT_ROLE`` keys).

        Sorting here, in one Python ``sorted`` call, rather than through the proxy's
        comparisons (two ``data()`` calls per comparison) keeps 2,000 rows well under 100 ms.
        """
        if not 0 <= column < len(Column):
            return
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old_ids = [self._rows[i.row()].account_id for i in before]
        self._rows.sort(key=self._key(column), reverse=self._descending())
        self._reindex()
        after = [
            self.index(self._position[i], p.column()) for i, p in zip(old_ids, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    @staticmethod
    def _key(column: int):  # type: ignore[no-untyped-def]
        return lambda r: (r.keys[column], r.keys[Column.ACCOUNT])

    def _descending(self) -> bool:
        return self._order is not None and self._order[1] == Qt.SortOrder.DescendingOrder

    def _reindex(self) -> None:
        self._position = {r.account_id: i for i, r in enumerate(self._rows)}

    def row_of(self, account_id: int) -> int | None:
        return self._position.get(account_id)

    def portfolio_row(self, row: int) -> PortfolioRow:
        return self._rows[row]

    # -- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == SORT_ROLE:
            return row.keys[column]
        if role == ACCOUNT_ID_ROLE:
            return row.account_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row, column)
        if row.churned and role == Qt.ItemDataRole.FontRole:
            # A churned account, shown with "Show churned", reads as history at a glance.
            font = QFont()
            font.setItalic(True)
            font.setStrikeOut(column == Column.ACCOUNT)
            return font
        if (row.churned or row.updating) and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(formatting.GREY)
        if row.updating and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)  # last values, being brought up to date
            return font
        derived = column == Column.RENEWAL and row.summary.renewal_date_derived
        if role == Qt.ItemDataRole.FontRole and derived:
            font = QFont()
            font.setItalic(True)  # a derived date, as on the Snapshot tab
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column in _RIGHT else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == BAND_ROLE and column == Column.HEALTH:
            return row.band.value
        if role == ALERTS_ROLE and column == Column.ALERTS:
            return (row.red, row.amber)
        trending = row.trend is not None and abs(row.trend) >= 0.05
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.TREND and trending:
            return QColor(formatting.GREEN if (row.trend or 0) > 0 else formatting.RED)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[Column(section)]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                right = Column(section) in _RIGHT
                flag = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
                return int(flag | Qt.AlignmentFlag.AlignVCenter)
        return None


class RenewalWindow:
    """The renewal filter's choices: a window of days, overdue, or one phase."""

    ANY = "any"
    NEXT_30 = "30"
    NEXT_90 = "90"
    NEXT_365 = "365"
    OVERDUE = "overdue"

    CHOICES: tuple[tuple[str, str], ...] = (
        (ANY, "Any renewal date"),
        (NEXT_30, "Renewing in 30 days"),
        (NEXT_90, "Renewing in 90 days"),
        (NEXT_365, "Renewing in 365 days"),
        (OVERDUE, "Overdue"),
        *((f"phase:{p.value}", f"Phase: {p.label}") for p in RenewalPhase),
    )


class PortfolioFilter(QSortFilterProxyModel):
    """Sorts by real values and keeps the rows that pass every filter.

    Attributes:
        segment, band: keep only this segment / band (None for all).
        renewal: a ``RenewalWindow`` choice.
        alerts_only: keep only accounts with a red or amber alert.
        show_churned: keep churned accounts.
        text: keep accounts whose name or CRM id contains it.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.segment: Segment | None = None
        self.band: Band | None = None
        self.renewal = RenewalWindow.ANY
        self.alerts_only = False
        self.show_churned = False
        self.text = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by real values, done by the source model in one pass (see its ``sort``); the
        proxy keeps the source's order and only filters."""
        source = self.sourceModel()
        if isinstance(source, PortfolioModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def set_filters(self, **changes: Any) -> None:
        """Change some filters (attribute names above) and re-filter once."""
        self.beginFilterChange()
        for name, value in changes.items():
            if not hasattr(self, name):
                raise AttributeError(name)
            setattr(self, name, value.casefold() if name == "text" else value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, PortfolioModel):
            return True
        row = model.portfolio_row(source_row)
        if row.churned and not self.show_churned:
            return False
        if self.segment is not None and row.segment is not self.segment:
            return False
        if self.band is not None and row.band is not self.band:
            return False
        if self.alerts_only and not (row.red or row.amber):
            return False
        if self.text and self.text not in row.search:
            return False
        return self._renewal_ok(row)

    def _renewal_ok(self, row: PortfolioRow) -> bool:
        choice = self.renewal
        if choice == RenewalWindow.ANY:
            return True
        if choice == RenewalWindow.OVERDUE:
            return row.phase is RenewalPhase.OVERDUE
        if choice.startswith("phase:"):
            return row.phase is not None and row.phase.value == choice.removeprefix("phase:")
        return in_window(row.days, int(choice))
