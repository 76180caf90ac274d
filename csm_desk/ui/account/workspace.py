"""The account workspace: a header with the account's vital signs and one tab per artifact.

Tabs are built once and reused for every account; opening an account reads its rows and fills
only the visible tab (the others fill when first shown), which keeps opening fast.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.vocab import Area
from csm_desk.models.ops import Changed
from csm_desk.ui import formatting, icons
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.account.tab_base import CUSTOMER, WorkspaceTab, status_icon
from csm_desk.ui.account.tab_health import HealthTab
from csm_desk.ui.account.tab_links import LinksTab
from csm_desk.ui.account.tab_renewal import RenewalTab
from csm_desk.ui.account.tab_timeline import TimelineTab
from csm_desk.ui.account.tabs_people import MeetingsTab, StakeholdersTab
from csm_desk.ui.account.tabs_plan import OnboardingTab, SnapshotTab, SuccessPlanTab
from csm_desk.ui.account.tabs_records import (
    CadenceTab,
    ExpansionTab,
    HandoffTab,
    QbrTab,
    RisksTab,
    ValueTab,
)
from csm_desk.ui.session import BookSession

TAB_CLASSES: tuple[type[WorkspaceTab], ...] = (
    SnapshotTab,
    OnboardingTab,
    SuccessPlanTab,
    StakeholdersTab,
    MeetingsTab,
    RisksTab,
    QbrTab,
    RenewalTab,
    ExpansionTab,
    ValueTab,
    CadenceTab,
    HandoffTab,
    HealthTab,
    LinksTab,
    TimelineTab,
)


class AccountHeader(QWidget):
    """Name, segment, ARR, health chip and renewal countdown of the open account.

    Signals:
        back(): return to the portfolio.
    """

    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountHeader")
        self.back_button = QPushButton(icons.icon("back"), "Portfolio")
        self.back_button.setToolTip("Back to the portfolio (Ctrl+1)")
        self.back_button.clicked.connect(self.back)
        self.name = QLabel()
        self.name.setObjectName("accountName")
        self.facts = QLabel()
        self.facts.setObjectName("accountFacts")
        self.chip = QLabel()
        self.chip.setObjectName("healthChip")
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = QLabel()
        self.countdown.setObjectName("renewalCountdown")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(14)
        layout.addWidget(self.back_button)
        layout.addWidget(self.name)
        layout.addWidget(self.chip)
        layout.addWidget(self.facts)
        layout.addStretch(1)
        layout.addWidget(self.countdown)

    def show_account(self, ctx: AccountContext) -> None:
        result = ctx.result
        self.name.setText(ctx.account.get("name", ""))
        if result is None:
            self.facts.clear()
            self.chip.clear()
            self.countdown.clear()
            return
        segment = result.shown_segment.label + (" (temporary)" if result.upgraded else "")
        churned = " · churned" if result.churned else ""
        self.facts.setText(f"{segment} · {formatting.money(result.arr, ctx.currency)} ARR{churned}")
        fill, ink = formatting.BAND_CHIP[result.health.colour]
        self.chip.setText(f"{result.health.shown_score()}  {result.health.band.label}")
        self.chip.setStyleSheet(
            f"QLabel#healthChip {{ background: {fill}; color: {ink}; border-radius: 11px;"
            " padding: 3px 12px; font-weight: 600; }"
        )
        renewal = formatting.day(result.facts.renewal_date)
        if result.renewal_date_derived:
            renewal += " (derived)"
        countdown = formatting.countdown(result.days_to_renewal, result.renewal_phase)
        self.countdown.setText(f"Renewal {renewal} · {countdown}")
        self.countdown.setToolTip(
            "No renewal date set: this one is derived from contract start + term"
            if result.renewal_date_derived
            else ""
        )
        overdue = result.days_to_renewal is not None and result.days_to_renewal < 0
        self.countdown.setProperty("overdue", overdue)
        self.countdown.style().unpolish(self.countdown)
        self.countdown.style().polish(self.countdown)


class AccountWorkspace(QWidget):
    """One account, every artifact in its own tab.

    Attributes:
        ctx: the open account (None when none is open).
        tabs: the tab widget; ``pages`` the tabs by area.

    Signals:
        back(): return to the portfolio.
        export_requested(object): a tab asks to export ``(document key, meeting id or
            None)``.
    """

    back = Signal()
    export_requested = Signal(object)

    def __init__(
        self, session: BookSession, parent: QWidget | None = None, *, tabs_later: bool = False
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.ctx: AccountContext | None = None
        self.header = AccountHeader()
        self.header.back.connect(self.back)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("accountTabs")
        self.tabs.setDocumentMode(True)
        # Thirteen tabs do not fit a 1024 px window as a row (they would hide behind scroll
        # arrows): they are listed down the side instead, every one always in view.
        self.tabs.tabBar().hide()
        self.sections = QListWidget()
        self.sections.setObjectName("accountSections")
        self.sections.setFrameShape(QFrame.Shape.NoFrame)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setSpacing(1)
        self.pages: dict[Area, WorkspaceTab] = {}
        self._stale: set[Area] = set()
        self._to_build = list(TAB_CLASSES)
        self.sections.currentRowChanged.connect(
            lambda row: self.tabs.setCurrentIndex(row) if row >= 0 else None
        )
        self.tabs.currentChanged.connect(self._sync_sections)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sections)
        body.addWidget(self.tabs, 1)
        layout.addLayout(body, 1)
        session.written.connect(self._written)
        session.rescored.connect(self._rescored)
        session.failed.connect(self._not_written)
        if not tabs_later:
            self.finish()

    @property
    def complete(self) -> bool:
        """Every tab is built (see ``build_next``)."""
        return not self._to_build

    def build_next(self) -> bool:
        """Build the next tab; True while more remain. A workspace made with ``tabs_later``
        is built a tab at a time between other events, so building it never holds the window
        up; ``finish`` builds the rest at once."""
        if not self._to_build:
            return False
        cls = self._to_build.pop(0)
        page = cls()
        self.pages[cls.area] = page
        index = self.tabs.addTab(page, cls.title.replace("&", "&&"))
        marker = "Customer-facing" if cls.audience == CUSTOMER else cls.audience
        self.tabs.setTabToolTip(index, marker)
        item = QListWidgetItem(cls.title, self.sections)
        item.setToolTip(marker)
        # A section without an artifact shows a hollow grey dot, so every name lines up.
        item.setIcon(status_icon(None))
        page.export_requested.connect(self.export_requested)
        if isinstance(page, SnapshotTab):
            page.open_area.connect(lambda area: self.show_area(Area(area)))
        if self._to_build:
            return True
        self.sections.setFixedWidth(
            max(self.sections.sizeHintForColumn(0), 150) + 2 * self.sections.frameWidth() + 28
        )
        self.sections.setCurrentRow(0)
        self.tabs.setCurrentIndex(0)
        return False

    def finish(self) -> None:
        """Build every tab not built yet."""
        while self.build_next():
            pass

    @property
    def account_id(self) -> int | None:
        return None if self.ctx is None else self.ctx.account_id

    def open_account(self, account_id: int, area: Area = Area.SNAPSHOT) -> None:
        """Show ``account_id`` at the tab for ``area``."""
        self.ctx = AccountContext(self.session, account_id)
        self._stale = set(self.pages)
        self._show_header()
        self.show_area(area)
        self._refresh_current()

    def show_area(self, area: Area) -> None:
        page = self.pages.get(area, self.pages[Area.SNAPSHOT])
        self.tabs.setCurrentWidget(page)

    def current_area(self) -> Area:
        page = self.tabs.currentWidget()
        assert isinstance(page, WorkspaceTab)
        return page.area

    def _show_header(self) -> None:
        if self.ctx is None:
            return
        self.header.show_account(self.ctx)
        result = self.ctx.result
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            assert isinstance(page, WorkspaceTab)
            if page.artifact is None or result is None:
                continue
            state = result.artifacts[page.artifact]
            self.tabs.setTabIcon(index, status_icon(state))
            audience = "Customer-facing" if page.audience == CUSTOMER else page.audience
            optional = "" if state.mandatory else " (optional for this segment)"
            self.tabs.setTabToolTip(
                index, f"{audience}\n{page.artifact.label}: {state.describe()}{optional}"
            )
            item = self.sections.item(index)
            item.setIcon(self.tabs.tabIcon(index))
            item.setToolTip(self.tabs.tabToolTip(index))

    def _sync_sections(self, index: int) -> None:
        self.sections.blockSignals(True)
        self.sections.setCurrentRow(index)
        self.sections.blockSignals(False)

    def _tab_changed(self, _index: int) -> None:
        self._refresh_current()

    def _refresh_current(self) -> None:
        page = self.tabs.currentWidget()
        if self.ctx is None or not isinstance(page, WorkspaceTab):
            return
        if page.area in self._stale:
            self._stale.discard(page.area)
            page.refresh(self.ctx)

    def _written(self, changed: Changed) -> None:
        if self.ctx is None or (
            self.ctx.account_id not in changed.account_ids and not changed.book
        ):
            return
        self.ctx.reload()
        if not self.ctx.exists:
            self.ctx = None
            self.back.emit()
            return
        self._stale = set(self.pages)
        self._show_header()
        self._refresh_current()

    def _not_written(self, _reason: str) -> None:
        # A write was refused (a full disk, a read-only book) and nothing changed: show the
        # account as the book has it, not as it was typed.
        if self.ctx is not None and self.ctx.exists:
            self._stale = set(self.pages)
            self._refresh_current()

    def _rescored(self, changed_ids: frozenset[int] | None) -> None:
        # The whole book was re-scored (another as-of date, new settings): the rows are the
        # same but every status, score and countdown may differ.
        if self.ctx is None or changed_ids is not None or not self.ctx.exists:
            return
        self._stale = set(self.pages)
        self._show_header()
        self._refresh_current()

    def edited_fields(self) -> set[tuple[str, str]]:
        """Every (table, field) some tab lets a person edit."""
        found: set[tuple[str, str]] = set()
        for page in self.pages.values():
            found |= page.edited_fields()
        return found
