"""The Timeline tab: Northwind's history newest first, filtered by clicking kinds and typing
words, and updated by an edit; the Links tab: links added, refused and opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest

from csm_desk.engine.vocab import Area
from csm_desk.ui.account.tab_links import LinksTab, link_url
from csm_desk.ui.account.tab_timeline import TimelineTab
from tests.ui.conftest import account_id

NORTHWIND = "Northwind Payments"


def shown(page: TimelineTab, column: int) -> list[str]:
    model = page.view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def open_timeline(win) -> TimelineTab:  # type: ignore[no-untyped-def]
    win.show()
    win.open_account(account_id(win, NORTHWIND), Area.TIMELINE.value)
    page = win.workspace.pages[Area.TIMELINE]
    assert isinstance(page, TimelineTab)
    return page


def test_the_timeline_is_filtered_by_clicking_kinds_and_typing_words(
    demo_window, qtbot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    page = open_timeline(demo_window)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.shown)
    total = page.model.rowCount()
    assert total > 20
    assert shown(page, 0)[0] == "22 Nov 2026"  # newest first: today's fall in health
    assert shown(page, 2)[0].startswith("Health −12.3 to 54.2")
    assert page.count.text() == f"{total} entries"

    meetings_button = next(b for k, b in page.kind_buttons.items() if k.value == "meeting")
    QTest.mouseClick(meetings_button, Qt.MouseButton.LeftButton)
    kinds = set(shown(page, 1))
    assert kinds == {"Meeting"}
    meetings = page.view.model().rowCount()
    assert page.count.text() == f"{meetings} of {total} entries"
    risks = next(b for k, b in page.kind_buttons.items() if k.value == "risk")
    QTest.mouseClick(risks, Qt.MouseButton.LeftButton)
    assert set(shown(page, 1)) == {"Meeting", "Risk"}
    assert not page.all_button.isChecked()

    page.words.setFocus()
    QTest.keyClicks(page.words, "priya")
    titles = shown(page, 2)
    assert titles and all("priya" in t.lower() or "Priya" in t for t in titles)
    assert "Call with Aisha Khan after Priya's departure" in titles
    QTest.mouseClick(page.all_button, Qt.MouseButton.LeftButton)
    assert page.all_button.isChecked()
    assert "Stakeholder" in shown(page, 1)  # Priya's departure
    page.words.clear()
    assert page.view.model().rowCount() == total


def test_an_edit_appears_on_the_timeline_and_leaves_it_when_undone(demo_window) -> None:  # type: ignore[no-untyped-def]
    page = open_timeline(demo_window)
    before = page.model.rowCount()
    ctx = page.ctx
    assert ctx is not None
    ctx.insert("stakeholder", {"account_id": ctx.account_id, "name": "Lena Park"}, "Add")
    assert "Stakeholder added: Lena Park" in shown(page, 2)
    assert page.model.rowCount() > before
    demo_window.commands.undo.trigger()
    assert "Stakeholder added: Lena Park" not in shown(page, 2)


def test_links_are_added_refused_when_unsafe_and_opened(demo_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    demo_window.show()
    demo_window.open_account(account_id(demo_window, NORTHWIND), Area.LINKS.value)
    page = demo_window.workspace.pages[Area.LINKS]
    assert isinstance(page, LinksTab)
    rows = page.links.rows
    assert rows.rowCount() == 5  # the demo's links of Northwind
    column = rows.columns.index("target")
    shareable = rows.columns.index("shareable")
    assert rows.index(0, rows.columns.index("label")).data() == "Account folder"
    assert sum(bool(rows.index(r, shareable).data(Qt.ItemDataRole.CheckStateRole) ==
                    Qt.CheckState.Checked.value) for r in range(5)) <= 1  # fmt: skip
    opened: list[QUrl] = []
    monkeypatch.setattr(
        "csm_desk.ui.account.tab_links.QDesktopServices.openUrl",
        lambda url: opened.append(url) or True,
    )
    assert not page.open_button.isEnabled()
    page.links.view.selectRow(1)
    assert page.open_button.isEnabled()
    QTest.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert [u.toString() for u in opened] == ["https://crm.example.com/opportunity/0015g00000NWPAY"]
    # An unsafe address put in the link's cell is refused, naming the field.
    assert not rows.setData(rows.index(1, column), "javascript:alert(1)")
    assert page.links.problem.text().startswith("Link uses the unsafe javascript: scheme")
    assert page.links.problem.isVisibleTo(page)
    assert rows.index(1, column).data() == "https://crm.example.com/opportunity/0015g00000NWPAY"


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("/srv/accounts/plan.docx", "file:///srv/accounts/plan.docx"),
    ],
)
def test_a_link_opens_as_a_web_address_or_a_local_file(target: str, url: str) -> None:
    assert link_url(target).toString(QUrl.ComponentFormattingOption.FullyEncoded) == url


def test_a_risks_links_follow_the_selected_risk_and_new_ones_belong_to_it(
    demo_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    demo_window.show()
    demo_window.open_account(account_id(demo_window, NORTHWIND), Area.RISKS.value)
    page = demo_window.workspace.pages[Area.RISKS]
    ctx = page.ctx
    champion = next(r["id"] for r in ctx.rows_of("risk") if "Priya" in r["statement"])
    other = next(r["id"] for r in ctx.rows_of("risk") if r["id"] != champion)
    links = page.risk_links.table.rows
    page.risks.select({"id": other})
    assert links.rowCount() == 0
    page.risks.select({"id": champion})
    assert links.rowCount() == 1
    assert links.index(0, 0).data() == "Priya's handover notes"
    opened: list[QUrl] = []
    monkeypatch.setattr(
        "csm_desk.ui.account.tab_links.QDesktopServices.openUrl",
        lambda url: opened.append(url) or True,
    )
    page.risk_links.table.view.selectRow(0)
    QTest.mouseClick(page.risk_links.open_button, Qt.MouseButton.LeftButton)
    assert opened and opened[0].isLocalFile()
    assert opened[0].toLocalFile().endswith("Accounts/Northwind Payments/priya-handover.docx")
    # A new link is started for the selected risk and written once its label and address are in.
    QTest.mouseClick(page.risk_links.table.add_button, Qt.MouseButton.LeftButton)
    draft = links.rowCount() - 1
    assert links.setData(links.index(draft, 0), "Mitigation plan")
    assert links.setData(links.index(draft, 1), "https://wiki.example.com/northwind/recovery")
    added = [r for r in page.ctx.rows_of("link") if r["label"] == "Mitigation plan"]
    assert len(added) == 1 and added[0]["risk_id"] == champion
    assert added[0]["account_id"] == page.ctx.account_id
    assert links.rowCount() == 2
