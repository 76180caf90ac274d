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
import random
import shutil
import sqlite3
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from benchmarks.crash_harness import content_checksum
from csm_desk.models.bookfile import APPLICATION_ID, SCHEMA_VERSION
from tests.bookprocs import Cli, run_cli, sha256
from tests.conftest import TODAY

FINE = "fine"
DAMAGED = "damaged"
CHANGED = "changed"  # a value changed, the file is sound: only the process rules apply
JUDGE = "judge"  # decided by looking at the damaged copy (random flips)

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


# -- ways to damage a closed copy of a book ---------------------------------------------------


def _page_size(path: Path) -> int:
    with path.open("rb") as handle:
        head = handle.read(100)
    size = int.from_bytes(head[16:18], "big")
    return 65536 if size == 1 else size


def flip(fraction: float, mask: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        offset = min(len(data) - 1, int(fraction * len(data)))
        data[offset] ^= mask
        path.write_bytes(bytes(data))

    return damage


def flip_at(offset: int, mask: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[offset] ^= mask
        path.write_bytes(bytes(data))

    return damage


def burst(fraction: float, length: int, seed: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        offset = min(len(data) - length, int(fraction * len(data)))
        data[offset : offset + length] = random.Random(seed).randbytes(length)
        path.write_bytes(bytes(data))

    return damage


def truncate(length: Callable[[int, int], int]) -> Callable[[Path], None]:
    """Cut the file to ``length(size, page_size)`` bytes."""

    def damage(path: Path) -> None:
        os.truncate(path, length(path.stat().st_size, _page_size(path)))

    return damage


def zero_page(which: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        page = _page_size(path)
        pages = path.stat().st_size // page
        number = {"header": 1, "second": 2, "middle": pages // 2, "last": pages}[which]
        with path.open("r+b") as handle:
            handle.seek((number - 1) * page)
            handle.write(bytes(page))

    return damage


def garbage_beside(suffix: str, size: int, seed: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        Path(f"{path}{suffix}").write_bytes(random.Random(seed).randbytes(size))

    return damage


def wal_header_then_garbage(path: Path) -> None:
    """A log whose header is valid (checksum and all) but whose frames are noise."""
    import struct

    from csm_desk.models.journal import _checksum

    page = _page_size(path)
    header = struct.pack(">6I", 0x377F0682, 3007000, page, 0, 0x1234, 0x5678)
    s1, s2 = _checksum(header, 0, 0, False)
    frames = random.Random(7).randbytes(3 * (24 + page))
    Path(f"{path}-wal").write_bytes(header + struct.pack(">2I", s1, s2) + frames)


def replace_bytes(*pairs: tuple[bytes, bytes]) -> Callable[[Path], None]:
    """Overwrite every occurrence of each ``old`` in the file with its ``new`` (of the same
    length), in turn."""
    assert all(len(old) == len(new) for old, new in pairs)

    def damage(path: Path) -> None:
        data = path.read_bytes()
        for old, new in pairs:
            assert old in data, old
            data = data.replace(old, new)
        path.write_bytes(data)

    return damage


def sql(
    statement: str, *params: Any, relax: tuple[str, str] | None = None
) -> Callable[[Path], None]:
    """Change values with plain SQLite, as another tool would (no checks, no journal marker);
    ``relax`` drops a column's NOT NULL from the stored schema first."""

    def damage(path: Path) -> None:
        con = sqlite3.connect(path)
        try:
            if relax is not None:
                table, column = relax
                (schema,) = con.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                ).fetchone()
                declared = f"{column} VARCHAR NOT NULL"
                assert declared in schema, schema
                con.execute("PRAGMA writable_schema = ON")
                con.execute(
                    "UPDATE sqlite_master SET sql = ? WHERE name = ?",
                    (schema.replace(declared, f"{column} VARCHAR"), table),
                )
                con.commit()
                con.close()
                con = sqlite3.connect(path)
            changed = con.execute(statement, params).rowcount
            assert changed >= 1, f"{statement} changed nothing"
            con.commit()
        finally:
            con.close()

    return damage


def first(table: str, column: str, value: Any, where: str = "") -> Callable[[Path], None]:
    """Set ``column`` of the first row of ``table`` (matching ``where``) to ``value``."""
    condition = f"WHERE {where}" if where else ""
    return sql(
        f'UPDATE "{table}" SET "{column}" = ? '
        f'WHERE rowid = (SELECT min(rowid) FROM "{table}" {condition})',
        value,
    )


NORTHWIND_ROW = "account_id = 1"


# -- the variants -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    name: str
    damage: Callable[[Path], None] = field(compare=False)
    expect: str


def _variants() -> list[Variant]:
    rng = random.Random(20261122)
    found: list[Variant] = []

    def add(name: str, damage: Callable[[Path], None], expect: str) -> None:
        found.append(Variant(name, damage, expect))

    # Bytes flipped at random offsets anywhere in the file, and a few runs of noise.
    for n in range(50):
        add(f"flip-{n:02d}", flip(rng.random(), 1 << rng.randrange(8)), JUDGE)
    for n in range(6):
        add(f"noise-{n}", burst(rng.random(), 64, n), JUDGE)
    # The header's fields: magic, page size, versions, page count, schema cookie, app id.
    for offset in (0, 16, 18, 21, 28, 40, 44, 56, 60, 68, 96):
        add(f"header-byte-{offset}", flip_at(offset, 0x04), JUDGE)
    # The schema on page 1 (table definitions).
    for n in range(6):
        add(f"schema-flip-{n}", flip_at(100 + rng.randrange(3900), 0x20), JUDGE)
    # The schema damaged where it names an index, into bytes that are not text: SQLite's own
    # message about the damage ("malformed database schema (name)") then cannot be decoded.
    add(
        "schema-name-not-text",
        replace_bytes(
            (
                b"CREATE INDEX ix_stakeholder_link_from_id",
                b"CREATE INDEZ ix_stakeholder\xb7link_from_id",
            ),
            (b"ix_stakeholder_link_from_id", b"ix_stakeholder\xb7link_from_id"),
        ),
        DAMAGED,
    )
    # Truncation.
    for name, length in {
        "empty": lambda size, page: 0,
        "50-bytes": lambda size, page: 50,
        "header-only": lambda size, page: 100,
        "one-page": lambda size, page: page,
        "half": lambda size, page: size // 2,
        "one-page-short": lambda size, page: size - page,
        "one-byte-short": lambda size, page: size - 1,
        "mid-page": lambda size, page: size - page // 2,
    }.items():
        add(f"truncated-{name}", truncate(length), DAMAGED)
    # Zeroed pages.
    for which in ("header", "second", "middle", "last"):
        add(f"zeroed-{which}-page", zero_page(which), DAMAGED)
    # Garbage beside the book.
    add("garbage-wal", garbage_beside("-wal", 70_000, 1), FINE)
    add("garbage-wal-short", garbage_beside("-wal", 20, 2), FINE)
    add("wal-header-then-garbage", wal_header_then_garbage, FINE)
    add("garbage-shm", garbage_beside("-shm", 32_768, 3), FINE)
    # Dates: impossible, and written the way another country writes them.
    for table, column, where in (
        ("account", "renewal_date", "id = 1"),
        ("account", "contract_start", "id = 5"),
        ("meeting", "date", NORTHWIND_ROW),
        ("signal_reading", "date", NORTHWIND_ROW),
        ("milestone", "due", NORTHWIND_ROW),
        ("risk", "reassess_on", "account_id = 2"),
        ("health_snapshot", "date", "account_id = 3"),
        ("kpi_reading", "date", ""),
    ):
        add(f"{table}.{column}=2027-02-30", first(table, column, "2027-02-30", where), DAMAGED)
        add(f"{table}.{column}=05/02/2027", first(table, column, "05/02/2027", where), DAMAGED)
    add(
        "artifact_touch.touched_at=yesterday",
        first("artifact_touch", "touched_at", "yesterday"),
        DAMAGED,
    )
    add("book.created_at=2026-13-01", first("book", "created_at", "2026-13-01 09:00:00"), DAMAGED)
    add(
        "handover_log.handed_over_at=last-year",
        first("handover_log", "handed_over_at", "last year"),
        DAMAGED,
    )
    # Text in number columns.
    for table, column, value, where in (
        ("account", "arr", "lots", "id = 1"),
        ("account", "complexity", "high", "id = 2"),
        ("account", "contract_term_months", "12 months", "id = 3"),
        ("signal_reading", "value", "n/a", NORTHWIND_ROW),
        ("health_snapshot", "score", "good", "account_id = 4"),
        ("kpi", "target", "more", NORTHWIND_ROW),
        ("expansion", "estimated_arr", "big", ""),
        ("stakeholder", "influence", "very", NORTHWIND_ROW),
    ):
        add(f"{table}.{column}=text", first(table, column, value, where), DAMAGED)
    # NULL or nothing where a value is required.
    add(
        "account.name=NULL",
        sql("UPDATE account SET name = NULL WHERE id = 1", relax=("account", "name")),
        DAMAGED,
    )
    add(
        "risk.statement=NULL",
        sql("UPDATE risk SET statement = NULL WHERE account_id = 1", relax=("risk", "statement")),
        DAMAGED,
    )
    add(
        "stakeholder.name=NULL",
        sql(
            "UPDATE stakeholder SET name = NULL WHERE account_id = 1",
            relax=("stakeholder", "name"),
        ),
        DAMAGED,
    )
    add("account.name=empty", first("account", "name", "   ", "id = 2"), DAMAGED)
    add("meeting.date=NULL", first("meeting", "date", None, NORTHWIND_ROW), DAMAGED)
    # Numbers out of range.
    for table, column, value, where in (
        ("stakeholder", "influence", 9, NORTHWIND_ROW),
        ("stakeholder", "relationship_strength", -3, NORTHWIND_ROW),
        ("health_override", "value", 500.0, ""),
        ("renewal_plan", "probability_override", 5.0, ""),
        ("account", "arr", -85000.0, "id = 1"),
        ("account", "complexity", 42, "id = 1"),
        ("signal_reading", "value", float("inf"), NORTHWIND_ROW),
    ):
        add(f"{table}.{column}={value}", first(table, column, value, where), DAMAGED)
    # Values outside their vocabulary, and yes/no values that are neither.
    for table, column, value, where in (
        ("account", "segment", "platinum", "id = 1"),
        ("account", "lifecycle_stage", "zombie", "id = 2"),
        ("risk", "status", "maybe", NORTHWIND_ROW),
        ("meeting", "type", "party", NORTHWIND_ROW),
        ("signal_reading", "key", "mood", NORTHWIND_ROW),
        ("stakeholder", "roles", "champion,wizard", NORTHWIND_ROW),
        ("account", "segment_pinned", "yes", "id = 3"),
        ("risk", "shared", 7, ""),
    ):
        add(f"{table}.{column}={value}", first(table, column, value, where), DAMAGED)
    # Settings and stored JSON that cannot be read.
    for name, value in (
        ("not-json", "{not json"),
        ("a-list", "[]"),
        ("empty", ""),
        ("wrong-types", '{"weights": "heavy"}'),
    ):
        add(f"book.settings_json={name}", first("book", "settings_json", value), DAMAGED)
    add(
        "health_snapshot.components_json=not-json",
        first("health_snapshot", "components_json", "{bad", "account_id = 1"),
        DAMAGED,
    )
    # Rows that cannot be stored text, and references to nothing.
    add("account.name=blob", first("account", "name", b"\x00\xff\x10", "id = 1"), DAMAGED)
    add(
        "account.name=invalid-utf8",
        sql("UPDATE account SET name = CAST(X'4e6fff72' AS TEXT) WHERE id = 1"),
        DAMAGED,
    )
    add("risk.account_id=missing", first("risk", "account_id", 9999), DAMAGED)
    add("book-row-deleted", sql("DELETE FROM book"), DAMAGED)
    add("schema-version-deleted", sql("DELETE FROM alembic_version"), DAMAGED)
    return found


VARIANTS = _variants()
# Run on every test run: one of each kind of damage.
FAST = {
    "header-byte-68",
    "header-byte-16",
    "truncated-half",
    "zeroed-middle-page",
    "garbage-wal",
    "schema-name-not-text",
    "account.renewal_date=2027-02-30",
    "account.arr=text",
    "account.name=NULL",
    "stakeholder.influence=9",
    "book.settings_json=not-json",
}


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
