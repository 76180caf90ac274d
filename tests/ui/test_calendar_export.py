"""File ▸ Export calendar…: the demo book's calendar written where the person chose, read back
with icalendar; a failure is a message and leaves no file."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest
from icalendar import Calendar


def _choose(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(
        "csm_desk.ui.calendar_export.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )
    return shown


def test_export_calendar_writes_the_books_dates(demo_window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _choose(monkeypatch, tmp_path / "My book")  # the .ics is added
    shown = _warnings(monkeypatch)
    action = demo_window.commands.export_calendar
    assert action.isEnabled() and action.text() == "Export &calendar…"
    action.trigger()
    assert shown == []
    out = tmp_path / "My book.ics"
    cal = Calendar.from_ical(out.read_bytes())
    key = demo_window.session.book.lineage[:12]
    assert key and all(str(e["UID"]).endswith(f"@{key}.csm-desk") for e in cal.walk("VEVENT"))
    found = {
        str(e["UID"]).replace(f"@{key}.", "@"): (e["DTSTART"].dt, str(e["SUMMARY"]))
        for e in cal.walk("VEVENT")
    }
    assert found["renewal-1-2027-02-05@csm-desk"] == (
        dt.date(2027, 2, 5),
        "Northwind Payments: Renewal date",
    )
    assert found["action-item-14@csm-desk"][0] == dt.date(2026, 11, 24)
    assert str(out) in demo_window.statusBar().currentMessage()
    # Exporting again over it gives the same events.
    action.trigger()
    again = Calendar.from_ical(out.read_bytes())
    assert {str(e["UID"]).replace(f"@{key}.", "@") for e in again.walk("VEVENT")} == set(found)


def test_a_failed_calendar_export_is_a_message_and_no_file(
    demo_window, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    shown = _warnings(monkeypatch)
    _choose(monkeypatch, tmp_path / "missing" / "book.ics")
    demo_window.commands.export_calendar.trigger()
    assert len(shown) == 1 and "is not a folder" in shown[0]
    assert not (tmp_path / "missing").exists()

    out = tmp_path / "book.ics"
    out.write_bytes(b"earlier")
    _choose(monkeypatch, out)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("csm_desk.ics.os.fsync", full)
    demo_window.commands.export_calendar.trigger()
    assert len(shown) == 2 and "No space left on device" in shown[1]
    assert out.read_bytes() == b"earlier"
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())
