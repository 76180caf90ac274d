"""The portfolio table: one row per account, built from the engine's plain results.

``PortfolioModel`` holds a precomputed row per ``AccountResult`` (display text, sort key, band),
so ``data()`` is a lookup and sorting compares real numbers and dates through ``SORT_ROLE``.
``PortfolioFilter`` is the proxy that sorts and applies the portfolio's filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
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
from csm_desk.engine.book import AccountResult
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
    result: AccountResult | None
    band: Band
    red: int
    amber: int
    trend: float | None
    churned: bool
    segment: Segment
    phase: RenewalPhase | None
    days: int | None
    search: str
    summary: AccountSummary | None = None
    updating: bool = False


def _num(value: float | int | None) -> float:
    return _MISSING if value is None else float(value)


_SEGMENT_LABELS = {s: s.label for s in Segment}
_BAND_LABELS = {b: b.label for b in Band}


class _Values(NamedTuple):
    """What a row shows of an account, however it was scored."""

    account_id: int
    name: str
    crm_id: str | None
    segment: Segment
    upgraded: bool
    arr: float
    score: float | None
    band: Band
    trend: float | None
    renewal: dt.date | None
    days: int | None
    phase: RenewalPhase | None
    forecast: float | None
    discipline: float | None
    churned: bool
    alerts: Sequence[Any]


def _row(
    v: _Values,
    currency: str,
    *,
    result: AccountResult | None = None,
    summary: AccountSummary | None = None,
    updating: bool = False,
) -> PortfolioRow:
    """The table row of ``v`` (its tooltips are made when asked for)."""
    red = amber = 0
    for alert in v.alerts:
        if alert.severity is AlertSeverity.RED:
            red += 1
        elif alert.severity is AlertSeverity.AMBER:
            amber += 1
    texts = (
        v.name,
        _SEGMENT_LABELS[v.segment] + (" ↑" if v.upgraded else ""),
        formatting.money(v.arr, currency),
        formatting.score(v.score),
        formatting.trend(v.trend),
        formatting.day(v.renewal),
        formatting.countdown(v.days, v.phase),
        formatting.money(v.forecast, currency),
        f"{red} red, {amber} amber",
        formatting.percent(v.discipline),
    )
    keys = (
        v.name.casefold(),
        _SEGMENT_ORDER[v.segment],
        v.arr,
        _num(v.score),
        _num(v.trend),
        _num(v.renewal.toordinal() if v.renewal else None),
        _num(v.days),
        _num(v.forecast),
        red * 1000 + amber,
        _num(v.discipline),
    )
    return PortfolioRow(
        account_id=v.account_id,
        texts=texts,
        keys=keys,
        result=result,
        band=v.band,
        red=red,
        amber=amber,
        trend=v.trend,
        churned=v.churned,
        segment=v.segment,
        phase=v.phase,
        days=v.days,
        search=f"{v.name} {v.crm_id or ''}".casefold(),
        summary=summary,
        updating=updating,
    )


def build_row(result: AccountResult, currency: str) -> PortfolioRow:
    """The table row for one scored account."""
    health = result.health
    values = _Values(
        account_id=result.id,
        name=result.name,
        crm_id=result.facts.crm_id,
        segment=result.shown_segment,
        upgraded=result.upgraded,
        arr=result.arr,
        score=health.score,
        band=health.band,
        trend=result.trend_30d,
        renewal=result.facts.renewal_date,
        days=result.days_to_renewal,
        phase=result.renewal_phase,
        forecast=result.forecast_arr,
        discipline=result.discipline,
        churned=result.churned,
        alerts=result.alerts,
    )
    return _row(values, currency, result=result)


def summary_row(summary: AccountSummary, currency: str, *, updating: bool) -> PortfolioRow:
    """The table row for an account as the book's stored results give it, before its facts are
    read; ``updating``: its values are the last ones stored, being brought up to date."""
    entry = summary.entry
    renewal = summary.renewal_date
    values = _Values(
        account_id=summary.id,
        name=summary.name,
        crm_id=entry["crm_id"],
        segment=summary.shown_segment,
        upgraded=summary.upgraded,
        arr=summary.arr,
        score=entry["health_score"],
        band=summary.band,
        trend=entry["health_trend_30d"],
        renewal=dt.date.fromisoformat(renewal) if renewal else None,
        days=summary.days_to_renewal,
        phase=RenewalPhase(summary.renewal_phase) if summary.renewal_phase else None,
        forecast=summary.forecast_arr,
        discipline=summary.discipline,
        churned=summary.churned,
        alerts=summary.alerts,
    )
    return _row(values, currency, summary=summary, updating=updating)


def _derived(row: PortfolioRow) -> bool:
    """Whether the row's renewal date is derived (no date set)."""
    if row.result is not None:
        return row.result.renewal_date_derived
    return row.summary is not None and row.summary.renewal_date_derived


UPDATING = "Last values kept in the book: being brought up to date"


def summary_tooltip(row: PortfolioRow, column: int) -> str | None:
    """The tooltip of a cell of a row made from stored results (``summary_row``)."""
    summary = row.summary
    if summary is None:
        return None
    if column == Column.ACCOUNT:
        crm_id = summary.entry["crm_id"]
        return "\n".join(t for t in (UPDATING if row.updating else "", crm_id or "") if t) or None
    if column == Column.HEALTH:
        return _BAND_LABELS[summary.band]
    if column == Column.TREND:
        return "Change in health score over the last 30 days"
    if column == Column.FORECAST:
        return f"Renewal probability {summary.renewal_probability:.0%}"
    if column == Column.ALERTS:
        return "\n".join(f"• {a.message}" for a in summary.alerts[:12]) or "No alerts"
    if column == Column.DISCIPLINE:
        return "Complete, fresh mandatory artifacts"
    return UPDATING if row.updating else None


def tooltip(result: AccountResult, column: int) -> str | None:
    """The tooltip of one cell, made only when the person hovers over it."""
    if column == Column.ACCOUNT:
        return result.facts.crm_id
    if column == Column.SEGMENT:
        if result.upgraded:
            return (
                f"Temporarily high touch while health is "
                f"{_BAND_LABELS[result.health.band].lower()} "
                f"(normally {_SEGMENT_LABELS[result.segment].lower()})"
            )
        return "Pinned segment" if result.facts.segment_pinned else None
    if column == Column.HEALTH:
        return _BAND_LABELS[result.health.band]
    if column == Column.TREND:
        return "Change in health score over the last 30 days"
    if column == Column.RENEWAL and result.renewal_date_derived:
        return "No renewal date set: derived from contract start + term"
    if column == Column.FORECAST:
        return f"Renewal probability {result.renewal_probability:.0%} ({result.probability_source})"
    if column == Column.ALERTS:
        return "\n".join(f"• {a.message}" for a in result.alerts[:12]) or "No alerts"
    if column == Column.DISCIPLINE:
        return "Complete, fresh mandatory artifacts"
    return None


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

    def set_results(self, results: Sequence[AccountResult], currency: str) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.currency = currency
        with collection_paused():  # one row per account, all kept: nothing to collect
            self._rows = [build_row(r, currency) for r in results]
        if self._order is not None:
            self._rows.sort(key=self._key(self._order[0]), reverse=self._descending())
        self._reindex()
        self.endResetModel()

    def set_summaries(
        self, summaries: Sequence[AccountSummary], currency: str, updating: frozenset[int]
    ) -> None:
        """Replace every row with the book's stored results (``updating``: the ids shown with
        their last values until they are scored afresh)."""
        self.beginResetModel()
        self.currency = currency
        with collection_paused():
            self._rows = [summary_row(s, currency, updating=s.id in updating) for s in summaries]
        if self._order is not None:
            self._rows.sort(key=self._key(self._order[0]), reverse=self._descending())
        self._reindex()
        self.endResetModel()

    @property
    def updating(self) -> int:
        """How many rows show last values being brought up to date."""
        return sum(1 for r in self._rows if r.updating)

    def update_results(self, ids: Iterable[int], results: dict[int, AccountResult]) -> None:
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
                self._rows.append(build_row(result, self.currency))
                self._reindex()
                self.endInsertRows()
                moved = True
            elif result is not None and row is not None:
                self._rows[row] = build_row(result, self.currency)
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
            if row.result is None:
                return summary_tooltip(row, column)
            text = tooltip(row.result, column)
            if row.churned and column == Column.ACCOUNT:
                return "Churned: kept for history, counted in no total" + (
                    f"\n{text}" if text else ""
                )
            return text
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
        if role == Qt.ItemDataRole.FontRole and column == Column.RENEWAL and _derived(row):
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
