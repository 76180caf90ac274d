"""Damaged books, every way at once: each damaged copy of the demo book is run through the
reading commands and opened in the window.

Over a hundred copies of the demo book are damaged the ways real books get damaged: bytes
flipped at random offsets, truncation, zeroed pages, a garbage journal beside the book, and bad
values in every column type (impossible and foreign dates, text in number columns, NULL where a
value is required, numbers out of range, values outside a vocabulary, settings that are not
JSON). Each is run through ``check``, ``report``, ``report --json`` and two exports in their own
processes, and opened in the window. Whatever the damage:

- nothing prints a traceback, and every failure is exactly one line on stderr starting with
  ``csm-desk: ``, with a non-zero exit;
- a command succeeds only where the book is truly fine, and on a fine book the commands succeed;
- the book's bytes are not changed by reading it, and a failed export leaves no file behind;
- the window opens a fine book, and for a damaged one shows a message; it never raises.

A book is judged independently of the program: its damage is known (bad values, truncation),
or SQLite's own ``integrity_check`` and ``foreign_key_check`` on a copy and a comparison of
every row with the undamaged book decide. A flip that changes a value without breaking the
file ("changed") is only held to the first and third rules. Every problem of every variant is
collected and reported together.

The fast variants run on every test run; the rest are marked slow.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import sqlite3
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from benchmarks.crash_writer import content_checksum
from csm_desk.models.bookfile import APPLICATION_ID, SCHEMA_VERSION
from tests.bookprocs import Cli, run_cli, sha256
from tests.conftest import TODAY
from tests.sweep_variants import CHANGED, DAMAGED, FAST, FINE, JUDGE, VARIANTS, Variant

ACCOUNT = "Northwind Payments"
COMMANDS: dict[str, list[str]] = {
    "check": ["check"],
    "report": ["report"],
    "report --json": ["report", "--json"],
    "export success-plan": ["export", ACCOUNT, "success-plan", "-o", "plan.docx"],
    "export account-brief": ["export", ACCOUNT, "account-brief", "-o", "brief.docx"],
}
OUTPUTS = {"export success-plan": "plan.docx", "export account-brief": "brief.docx"}
OFFSCREEN_LIMITS = r"^This plugin does not support "

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS)


def test_there_are_over_a_hundred_variants_with_distinct_names() -> None:
    names = [v.name for v in VARIANTS]
    assert len(names) == len(set(names))
    assert len(VARIANTS) >= 100
    assert FAST <= set(names)


# -- judging a damaged copy without the program -------------------------------------------------


def judge(book: Path, master_checksum: str, master_head: bytes, folder: Path) -> str:
    """FINE, DAMAGED or CHANGED for a damaged copy, decided with plain SQLite on a copy."""
    copy = folder / "judged.csmbook"
    for source in book.parent.glob(book.name + "*"):
        shutil.copyfile(source, folder / source.name.replace(book.name, copy.name))
    head = copy.read_bytes()[:100]
    if len(head) < 100 or head[:16] != b"SQLite format 3\x00":
        return DAMAGED
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        return CHANGED
    if int.from_bytes(head[60:64], "big") != SCHEMA_VERSION:
        return CHANGED
    try:
        con = sqlite3.connect(copy)
        try:
            verdict = [r[0] for r in con.execute("PRAGMA integrity_check")]
            broken = con.execute("PRAGMA foreign_key_check").fetchall()
            checksum = content_checksum(con)
        finally:
            con.close()
    except (sqlite3.Error, UnicodeDecodeError):
        # UnicodeDecodeError: a value, or a name in the schema, is bytes that are not text.
        return DAMAGED
    if verdict != ["ok"] or broken:
        return DAMAGED
    if checksum == master_checksum and head == master_head:
        return FINE
    return CHANGED


# -- running a variant --------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the command line did with one damaged copy."""

    expect: str
    runs: dict[str, Cli]
    problems: list[str]


def folder_name(variant: Variant) -> str:
    return variant.name.replace("/", "-")


def run_commands(variant: Variant, master: Path, master_checksum: str, root: Path) -> Outcome:
    folder = root / folder_name(variant)
    pristine = folder / "pristine"
    work = folder / "cli"
    for made in (pristine, work, folder / "judge", folder / "home"):
        made.mkdir(parents=True)
    book = pristine / "Book.csmbook"
    shutil.copyfile(master, book)
    variant.damage(book)
    for source in pristine.iterdir():
        shutil.copyfile(source, work / source.name)
    expect = variant.expect
    if expect == JUDGE:
        expect = judge(book, master_checksum, master.read_bytes()[:100], folder / "judge")
    target = work / "Book.csmbook"
    before = sha256(target)
    env = {"CSM_DESK_HOME": str(folder / "home"), "CSM_DESK_TODAY": TODAY.isoformat()}
    runs: dict[str, Cli] = {}
    problems: list[str] = []
    for label, argv in COMMANDS.items():
        done = run_cli(*argv, "--book", str(target), cwd=work, env=env)
        runs[label] = done
        problems += [f"{label}: {p}" for p in done.problems()]
        if expect == DAMAGED and done.code == 0:
            problems.append(f"{label}: succeeded on a damaged book")
        if expect == FINE and done.code != 0:
            problems.append(f"{label}: failed on a fine book: {done.err.strip()}")
        if expect == FINE and label.startswith("report") and "csm-desk:" in done.err:
            problems.append(f"{label}: printed a problem on a fine book: {done.err.strip()}")
        output = OUTPUTS.get(label)
        if output is not None and done.code != 0 and (work / output).exists():
            problems.append(f"{label}: failed but left {output} behind")
        if output is not None and done.code == 0 and not (work / output).stat().st_size:
            problems.append(f"{label}: succeeded but {output} is empty")
    leftovers = [p.name for p in work.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        problems.append(f"temporary files left behind: {leftovers}")
    if sha256(target) != before:
        problems.append("reading the book changed its bytes")
    return Outcome(expect, runs, problems)


class Sweep:
    """Runs the command line over every variant this session will test, several at a time."""

    def __init__(self, master: Path, root: Path, wanted: list[Variant]) -> None:
        self.master = master
        self.root = root
        self.wanted = wanted
        self.master_checksum = _checksum_of(master)
        self.outcomes: dict[str, Outcome] = {}

    def outcome(self, variant: Variant) -> Outcome:
        if variant.name not in self.outcomes:
            pending = [v for v in self.wanted if v.name not in self.outcomes]
            if variant not in pending:
                pending.append(variant)
            workers = max(2, min(6, (os.cpu_count() or 2) * 2))
            with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {
                    v.name: pool.submit(
                        run_commands, v, self.master, self.master_checksum, self.root
                    )
                    for v in pending
                }
                for name, future in futures.items():
                    try:
                        self.outcomes[name] = future.result()
                    except Exception:
                        self.outcomes[name] = Outcome(
                            "?", {}, [f"the sweep failed: {traceback.format_exc()}"]
                        )
        return self.outcomes[variant.name]

    def summary(self) -> str:
        lines = [f"corruption sweep: {len(self.outcomes)} variants x {len(COMMANDS)} commands"]
        by_expect: dict[str, int] = {}
        failed_runs = ok_runs = 0
        for outcome in self.outcomes.values():
            by_expect[outcome.expect] = by_expect.get(outcome.expect, 0) + 1
            for run in outcome.runs.values():
                if run.code == 0:
                    ok_runs += 1
                else:
                    failed_runs += 1
        lines.append(f"  judged: {by_expect}")
        lines.append(f"  runs: {ok_runs} succeeded, {failed_runs} refused in one line or failed")
        bad = {n: o.problems for n, o in self.outcomes.items() if o.problems}
        lines.append(f"  variants with problems: {len(bad)}")
        lines += [f"    {n}: {p[0][:200]}" for n, p in sorted(bad.items())]
        return "\n".join(lines)


def _checksum_of(path: Path) -> str:
    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return content_checksum(con)
    finally:
        con.close()


@pytest.fixture(scope="session")
def sweep(
    request: pytest.FixtureRequest,
    demo_book_master: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Sweep]:
    wanted = [
        item.callspec.params["variant"]
        for item in request.session.items
        if item.path.name == Path(__file__).name
        and hasattr(item, "callspec")
        and "variant" in item.callspec.params
    ]
    runner = Sweep(demo_book_master, tmp_path_factory.mktemp("sweep"), wanted)
    yield runner
    summary = os.environ.get("CSM_SWEEP_SUMMARY")
    if summary:
        Path(summary).write_text(runner.summary() + "\n", encoding="utf-8")


# -- the window ---------------------------------------------------------------------------------


class Messages:
    """Every message box the window tried to show, answered at once instead of blocking."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        self.shown: list[str] = []
        button = QMessageBox.StandardButton

        def static(answer: Any) -> Callable[..., Any]:
            def show(_parent: Any, _title: Any, text: Any, *args: Any, **kwargs: Any) -> Any:
                self.shown.append(str(text))
                return answer

            return show

        def exec_box(box: Any) -> int:
            self.shown.append(f"{box.text()} {box.informativeText()}".strip())
            return int(QMessageBox.StandardButton.Cancel.value)

        def exec_dialog(dialog: Any) -> int:
            self.shown.append(f"dialog {dialog.windowTitle()}")
            return int(QDialog.DialogCode.Rejected.value)

        monkeypatch.setattr(QMessageBox, "warning", static(button.Ok))
        monkeypatch.setattr(QMessageBox, "critical", static(button.Ok))
        monkeypatch.setattr(QMessageBox, "information", static(button.Ok))
        monkeypatch.setattr(QMessageBox, "question", static(button.No))
        monkeypatch.setattr(QMessageBox, "exec", exec_box)
        monkeypatch.setattr(QDialog, "exec", exec_dialog)


def open_in_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, book: Path, expect: str, folder: Path
) -> list[str]:
    from csm_desk.ui.main_window import MainWindow
    from csm_desk.ui.prefs import WindowPrefs

    messages = Messages(monkeypatch)
    problems: list[str] = []
    window = MainWindow(WindowPrefs(folder / "window.ini"))
    qtbot.addWidget(window)
    opened = False
    with qtbot.capture_exceptions() as raised:
        try:
            opened = bool(window.open_book(book))
            qtbot.wait(400)  # the account workspace is built once the portfolio is shown
        except Exception:
            problems.append(f"window: open_book raised: {traceback.format_exc()[-1500:]}")
        finally:
            try:
                window.close_book()
            except Exception:
                problems.append(f"window: close_book raised: {traceback.format_exc()[-800:]}")
    for _type, value, tb in raised:
        text = "".join(traceback.format_exception(_type, value, tb))
        problems.append(f"window: raised in a Qt callback: {text[-1500:]}")
    if not opened and not messages.shown:
        problems.append("window: did not open the book and showed no message")
    if expect == FINE and not opened:
        problems.append(f"window: refused a fine book: {messages.shown}")
    if expect == DAMAGED and opened and not messages.shown:
        problems.append("window: opened a damaged book without a word")
    return problems


# -- the test -----------------------------------------------------------------------------------


@pytest.mark.timeout(3600)  # the first variant runs the command line over all of them
@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(v, id=v.name, marks=() if v.name in FAST else (pytest.mark.slow,))
        for v in VARIANTS
    ],
)
def test_a_damaged_book_is_refused_in_one_line_and_never_with_a_traceback(
    variant: Variant,
    sweep: Sweep,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    outcome = sweep.outcome(variant)
    problems = list(outcome.problems)
    window_book = tmp_path / "window" / "Book.csmbook"
    window_book.parent.mkdir()
    for source in (sweep.root / folder_name(variant) / "pristine").iterdir():
        shutil.copyfile(source, window_book.parent / source.name)
    problems += open_in_window(qtbot, monkeypatch, window_book, outcome.expect, tmp_path)
    assert not problems, f"{variant.name} ({outcome.expect}):\n" + "\n".join(problems)


def test_a_value_that_is_not_text_is_named_damage_in_one_line_without_quoting_it(
    tmp_path: Path,
) -> None:
    from csm_desk.models.bookfile import describe_failure

    book = tmp_path / "Book.csmbook"
    exc = sqlite3.OperationalError(
        "Could not decode to UTF-8 column 'next_action' with text 'Call them\n\x1b[2J\udcff'"
    )
    line = describe_failure(exc, book)
    assert line is not None
    assert "\n" not in line and "Call them" not in line
    assert line.startswith(f"{book} is damaged (Could not decode to UTF-8 column 'next_action')")
