"""Crash harness: kill -9 a process that is writing a book, at random moments, and check the book.

A child process (``crash_writer.py``) opens a copy of the demo book for writing and makes a long,
fixed sequence of real edits through ``Writer`` (field updates, inserts and deletes across
tables, a CSV import of signals, edits big enough to grow the file by dozens of pages), printing
``committed N`` after each commit returns. The parent kills it with SIGKILL at a random moment: during start-up and
open, inside a transaction, just after a commit, or inside a checkpoint (some runs checkpoint
after every page, some checkpoint the log into the file every few edits as closing does, some
close and reopen the book every few edits); after some kills the checkpoint that was copying the
log into the file is cut after a random page, as a kill inside it leaves the file. It then opens
the book as a new process would (``csm-desk check`` in a subprocess and ``BookFile.open`` here,
in either order) and checks that:

- SQLite's ``integrity_check`` is ok and ``check`` passes, without a traceback;
- the journal left by the crash was the book's own: it was replayed, never set aside;
- the book holds exactly the edits up to the last one reported committed, or one more (the kill
  landed after the commit but before the line was printed): every edit is all or nothing, which
  is checked by comparing a checksum of the whole book's content with a reference run of the
  same sequence that was not killed.

The next child continues the sequence from where the book is, so crashes pile up on books
recovered from earlier crashes. In some kills a reader process (``BookFile.open(access="read")``
in a loop) and ``csm-desk report --json`` run beside the writer; they must never fail, and the
book must never lose an edit a reader saw.

Run: ``python benchmarks/crash_harness.py --kills 300 [--edits 400] [--jobs 2] [--seed 1]``.
Prints kills, edits committed and verified, failures and time; exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crash_writer import AS_OF, ROOT, content_checksum, integrity, marker_sequence

WRITER = Path(__file__).resolve().with_name("crash_writer.py")


@dataclass
class Reference:
    """The sequence run without a kill: the content checksum and journal sequence after each
    edit (index 0: the starting book)."""

    checksums: list[str]
    sequences: list[int]
    seconds_per_edit: float

    def index_of(self, checksum: str) -> int | None:
        try:
            return self.checksums.index(checksum)
        except ValueError:
            return None


@dataclass
class Figures:
    kills: int = 0
    kills_during_open: int = 0
    kills_with_reader: int = 0
    edits_committed: int = 0
    edits_verified: int = 0
    in_flight_committed: int = 0
    wal_replayed: int = 0
    torn_checkpoints: int = 0
    reports_beside: int = 0
    runs_completed: int = 0
    kill_points: set[tuple[int, int]] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    on_failure: Callable[[str], None] | None = None

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def fail(self, text: str) -> None:
        with self.lock:
            self.failures.append(text)
            if self.on_failure is not None:
                self.on_failure(text)

    def summary(self, seconds: float) -> str:
        return "\n".join(
            [
                f"kills:                {self.kills} ({len(self.kill_points)} distinct kill points: "
                f"edit in flight x time into it; {self.kills_during_open} during start-up or open, "
                f"{self.kills_with_reader} with a reader beside)",
                f"edits committed:      {self.edits_committed} reported by the killed writers "
                f"(+{self.in_flight_committed} committed but killed before reporting)",
                f"edits verified:       {self.edits_verified} (every reported edit found, all or "
                "nothing, after every kill)",
                f"journals replayed:    {self.wal_replayed} (a -wal with committed frames was left "
                f"by the kill; {self.torn_checkpoints} of them with the checkpoint that was copying "
                "it into the file cut after a random page)",
                f"reports beside:       {self.reports_beside} csm-desk report --json runs beside a "
                "writer being killed",
                f"sequences completed:  {self.runs_completed}",
                f"failures:             {len(self.failures)}",
                f"time:                 {seconds:.1f} s",
            ]
        )


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CSM_DESK_HOME=str(home),
        CSM_DESK_TODAY=AS_OF.isoformat(),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def make_master(folder: Path) -> Path:
    from csm_desk.models.demo import write_demo

    path = folder / "master.csmbook"
    previous = os.environ.get("CSM_DESK_HOME")
    os.environ["CSM_DESK_HOME"] = str(folder / "home")
    try:
        write_demo(path, AS_OF)
    finally:
        if previous is None:
            os.environ.pop("CSM_DESK_HOME", None)
        else:
            os.environ["CSM_DESK_HOME"] = previous
    return path


def _child_command(book: Path, start: int, stop: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        str(WRITER),
        "--child",
        str(book),
        "--start",
        str(start),
        "--stop",
        str(stop),
        "--work",
        str(book.parent.parent / f"{book.parent.name}-imports"),
        *extra,
    ]


def reference_run(master: Path, edits: int, folder: Path) -> Reference:
    """Run the whole sequence once, unkilled, on a copy of ``master``."""
    book = folder / "reference.csmbook"
    shutil.copyfile(master, book)
    con = sqlite3.connect(str(book))
    checksums = [content_checksum(con)]
    sequences = [marker_sequence(con)]
    con.close()
    started = time.perf_counter()
    done = subprocess.run(
        [*_child_command(book, 0, edits), "--checksums"],
        env=child_env(folder / "home"),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the reference run failed:\n{done.stderr}")
    for line in done.stdout.splitlines():
        parts = line.split()
        if parts[:1] == ["committed"]:
            checksums.append(parts[2])
            sequences.append(int(parts[3]))
    if len(checksums) != edits + 1 or len(set(checksums)) != len(checksums):
        raise SystemExit("the reference run did not give one distinct checksum per edit")
    return Reference(checksums, sequences, seconds / max(1, edits))


@dataclass
class Lane:
    """One book crashed again and again; ``done`` edits of the sequence are in it."""

    folder: Path
    master: Path
    book: Path
    done: int = 0

    def reset(self) -> None:
        for leftover in self.folder.glob(self.book.name + "*"):
            leftover.unlink()
        shutil.copyfile(self.master, self.book)
        self.done = 0


class _Lines:
    """Lines read from a process's stdout on a thread, with when each arrived."""

    def __init__(self, stream: Any) -> None:
        self.items: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: Any) -> None:
        for raw in stream:
            with self.cond:
                self.items.append((time.monotonic(), raw.rstrip("\n")))
                self.cond.notify_all()
        with self.cond:
            self.items.append((time.monotonic(), "<eof>"))
            self.cond.notify_all()

    def wait_for(self, test: Callable[[str], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                if any(test(line) for _t, line in self.items):
                    return True
                if any(line == "<eof>" for _t, line in self.items):
                    return False
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)

    def snapshot(self) -> list[tuple[float, str]]:
        with self.cond:
            return list(self.items)


def _committed(lines: list[tuple[float, str]]) -> list[tuple[float, int]]:
    return [(t, int(line.split()[1])) for t, line in lines if line.startswith("committed ")]


def _run_cli(home: Path, *argv: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csm_desk", *argv],
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )


class _ReportLoop:
    """``csm-desk report --json`` run again and again beside the writer."""

    def __init__(self, home: Path, book: Path, figures: Figures, tag: str) -> None:
        self.stop = threading.Event()
        self.problems: list[str] = []
        self.runs = 0
        self.thread = threading.Thread(target=self._loop, args=(home, book, tag), daemon=True)
        self.thread.start()

    def _loop(self, home: Path, book: Path, tag: str) -> None:
        while not self.stop.is_set():
            done = _run_cli(home, "report", "--json", "--book", str(book))
            self.runs += 1
            if done.returncode != 0 or "Traceback" in done.stderr:
                self.problems.append(
                    f"{tag}: report --json beside the writer failed ({done.returncode}): "
                    f"{done.stderr.strip()[-400:]}"
                )
                continue
            try:
                json.loads(done.stdout)
            except ValueError:
                self.problems.append(f"{tag}: report --json printed no JSON")

    def finish(self) -> None:
        self.stop.set()
        self.thread.join(timeout=180)


def wal_pages(book: Path) -> tuple[int, dict[int, bytes]]:
    """The page size and the newest committed image of each page in the log beside ``book``,
    read as SQLite recovers a log: frames with the header's salts and a running checksum that
    holds, up to the last commit frame."""
    import struct

    from csm_desk.models.journal import _checksum

    try:
        data = (book.parent / (book.name + "-wal")).read_bytes()
    except OSError:
        return 0, {}
    if len(data) < 32:
        return 0, {}
    magic, _version, page_size, _seq, salt1, salt2, ck1, ck2 = struct.unpack(">8I", data[:32])
    big_endian = magic & 1 == 1
    s1, s2 = _checksum(data[:24], 0, 0, big_endian)
    if (s1, s2) != (ck1, ck2):
        return page_size, {}
    pending: dict[int, bytes] = {}
    committed: dict[int, bytes] = {}
    offset = 32
    while offset + 24 + page_size <= len(data):
        number, commit, f1, f2, c1, c2 = struct.unpack(">6I", data[offset : offset + 24])
        page = data[offset + 24 : offset + 24 + page_size]
        if (f1, f2) != (salt1, salt2):
            break
        s1, s2 = _checksum(data[offset : offset + 8], s1, s2, big_endian)
        s1, s2 = _checksum(page, s1, s2, big_endian)
        if (s1, s2) != (c1, c2):
            break
        pending[number] = page
        if commit:
            committed.update(pending)
            pending = {}
        offset += 24 + page_size
    return page_size, committed


def torn_checkpoint(book: Path, rng: random.Random) -> bool:
    """Leave ``book`` as a checkpoint killed part way leaves it: the log's pages copied into the
    file in page order (as SQLite copies them), cut after a random page. Without memory-mapped
    I/O the file grows only when the pages past its end are reached, so the header (page 1,
    copied first) can count pages the file does not have yet."""
    page_size, pages = wal_pages(book)
    if not pages:
        return False
    order = sorted(pages)
    cut = rng.randint(1, len(order))
    with book.open("r+b") as handle:
        for number in order[:cut]:
            handle.seek((number - 1) * page_size)
            handle.write(pages[number])
    return True


def verify(
    lane: Lane,
    claimed: int,
    reference: Reference,
    *,
    cli_first: bool,
    access: str,
    home: Path,
    tag: str,
) -> tuple[list[str], int | None]:
    """Open the book after a crash and check it; returns (problems, edits found in it)."""
    from csm_desk.models.bookfile import BookFile

    problems: list[str] = []
    found: int | None = None

    def by_cli() -> None:
        done = _run_cli(home, "check", "--book", str(lane.book))
        if "Traceback" in done.stderr:
            problems.append(f"{tag}: check printed a traceback: {done.stderr.strip()[-600:]}")
        if done.returncode != 0 or "Integrity: ok" not in done.stdout:
            problems.append(
                f"{tag}: check failed ({done.returncode}): "
                f"{(done.stdout + done.stderr).strip()[-600:]}"
            )
        if "did not belong" in done.stderr or "set aside" in done.stderr:
            problems.append(f"{tag}: check set the journal aside: {done.stderr.strip()}")

    def by_open() -> None:
        nonlocal found
        try:
            book = BookFile.open(lane.book, access=access)  # type: ignore[arg-type]
        except Exception as exc:
            problems.append(f"{tag}: BookFile.open({access}) failed: {type(exc).__name__}: {exc}")
            return
        try:
            foreign = [n for n in book.notices if "did not belong" in n or "set aside" in n]
            if foreign:
                problems.append(f"{tag}: the crash's own journal was set aside: {foreign}")
            with book.engine.connect() as conn:
                raw = conn.connection.driver_connection
                verdict = integrity(raw)
                checksum = content_checksum(raw)
            if verdict != "ok":
                problems.append(f"{tag}: integrity_check: {verdict[:300]}")
            found = reference.index_of(checksum)
        except Exception as exc:
            problems.append(f"{tag}: reading the book failed: {type(exc).__name__}: {exc}")
        finally:
            book.close()

    for step in (by_cli, by_open) if cli_first else (by_open, by_cli):
        step()
    aside = sorted(p.name for p in lane.folder.glob("*set-aside*"))
    if aside:
        problems.append(f"{tag}: journals set aside beside the book: {aside}")
    if found is None:
        problems.append(
            f"{tag}: the book's content matches no edit boundary of the sequence (an edit was "
            f"half applied, or the book was damaged); {claimed} were reported committed"
        )
    elif found < claimed:
        problems.append(
            f"{tag}: lost committed edits: {claimed} were reported committed, the book holds "
            f"{found}"
        )
    elif found > claimed + 1:
        problems.append(
            f"{tag}: the book holds {found} edits, but only {claimed} were reported and at most "
            "one more can have been in flight"
        )
    return problems, found


def kill_once(
    lane: Lane,
    number: int,
    rng: random.Random,
    reference: Reference,
    figures: Figures,
    edits: int,
    home: Path,
    reader_share: float,
    torn_share: float,
) -> bool:
    """One crash of ``lane``'s book, and the checks after it; False when the writer finished
    the sequence before it could be killed."""
    from csm_desk.models.journal import read_wal, wal_path

    if lane.done >= edits:
        lane.reset()
        figures.add(runs_completed=1)
    start = lane.done
    autocheckpoint = rng.choice([0, 0, 1, 4, 16, 100])
    reopen_every = rng.choice([0, 0, 0, 2, 7])
    with_reader = rng.random() < reader_share
    mode = rng.choices(["startup", "timed", "after-commit", "in-checkpoint"], weights=[1, 4, 4, 3])[
        0
    ]
    checkpoint_every = rng.choice([2, 5, 9]) if mode == "in-checkpoint" else 0
    extra = [
        "--autocheckpoint",
        str(autocheckpoint),
        "--reopen-every",
        str(reopen_every),
        "--checkpoint-every",
        str(checkpoint_every),
    ]
    tag = (
        f"kill {number} (edits from {start + 1}, {mode}, autocheckpoint {autocheckpoint}, "
        f"reopen every {reopen_every}, checkpoint every {checkpoint_every}, "
        f"reader {'yes' if with_reader else 'no'})"
    )
    reader = reports = None
    reader_lines = None
    if with_reader:
        reader = subprocess.Popen(
            [sys.executable, str(WRITER), "--reader", str(lane.book)],
            env=child_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        reader_lines = _Lines(reader.stdout)
        reports = _ReportLoop(home, lane.book, figures, tag)
    spawned = time.monotonic()
    child = subprocess.Popen(
        _child_command(lane.book, start, edits, *extra),
        env=child_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = _Lines(child.stdout)
    per_edit = max(reference.seconds_per_edit, 0.005)
    if mode == "startup":
        time.sleep(rng.uniform(0.05, 1.5))
    elif mode == "timed":
        lines.wait_for(lambda line: line.startswith("ready"), 60)
        time.sleep(rng.uniform(0, per_edit * rng.choice([2, 8, 25])))
    elif mode == "in-checkpoint":
        # Inside the checkpoint that follows a commit: the file is being rewritten from the log.
        target = start + rng.randint(1, 3) * checkpoint_every
        lines.wait_for(
            lambda line: (
                line == "done"
                or (line.startswith("checkpoint ") and int(line.split()[1]) >= target)
            ),
            120,
        )
        time.sleep(rng.choice([0.0, rng.uniform(0, 0.001), rng.uniform(0, 0.004)]))
    else:
        target = start + rng.randint(1, 12)
        lines.wait_for(
            lambda line: (
                line.startswith(("committed", "done"))
                and (line == "done" or int(line.split()[1]) >= target)
            ),
            120,
        )
        time.sleep(rng.choice([0.0, rng.uniform(0, 0.002), rng.uniform(0, per_edit)]))
    killed_at = time.monotonic()
    finished = child.poll() is not None
    if not finished:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()
    lines.thread.join(timeout=10)
    stderr = child.stderr.read() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    seen = lines.snapshot()
    committed = _committed(seen)
    claimed = committed[-1][1] if committed else start
    ready = any(line.startswith("ready") for _t, line in seen)
    if "Traceback" in stderr and not finished:
        # A kill lands without a traceback; one means the writer failed on its own first.
        figures.fail(f"{tag}: the writer failed before it was killed:\n{stderr[-1500:]}")
    if finished and not any(line == "done" for _t, line in seen):
        figures.fail(f"{tag}: the writer exited on its own ({child.returncode}): {stderr[-800:]}")
    wal = read_wal(wal_path(lane.book))
    if reader is not None:
        time.sleep(0.2)  # the reader and reports carry on beside the dead writer for a moment
        assert reports is not None
        assert reader_lines is not None
        reports.finish()
        reader.send_signal(signal.SIGKILL)
        reader.wait()
        reader_lines.thread.join(timeout=10)
        if reader.stderr:
            reader_err = reader.stderr.read()
            reader.stderr.close()
            if "Traceback" in reader_err:
                figures.fail(f"{tag}: the reader printed a traceback: {reader_err[-800:]}")
        for problem in reports.problems:
            figures.fail(problem)
        figures.add(reports_beside=reports.runs, kills_with_reader=1)
    if wal is not None and rng.random() < torn_share:
        figures.add(torn_checkpoints=1 if torn_checkpoint(lane.book, rng) else 0)
    problems, found = verify(
        lane,
        claimed,
        reference,
        cli_first=rng.random() < 0.5,
        access=rng.choice(["write", "read"]),
        home=home,
        tag=tag,
    )
    if reader_lines is not None:
        reads = [line for _t, line in reader_lines.snapshot()]
        errors = [line for line in reads if line.startswith(("error", "notice"))]
        problems += [f"{tag}: reader: {line}" for line in errors[:5]]
        seen_seqs = [int(line.split()[1]) for line in reads if line.startswith("seen ")]
        if found is not None and seen_seqs and max(seen_seqs) > reference.sequences[found]:
            problems.append(
                f"{tag}: a reader saw journal sequence {max(seen_seqs)}, but after the crash "
                f"the book is at {reference.sequences[found]}: a committed edit it read is gone"
            )
    for problem in problems:
        figures.fail(problem)
    if not finished:
        # A kill point: which edit was in flight, and how far into it (to the microsecond).
        into = int((killed_at - (committed[-1][0] if committed else spawned)) * 1_000_000)
        with figures.lock:
            figures.kill_points.add((claimed + 1 + lane_offset(lane), into))
        figures.add(
            kills=1,
            kills_during_open=0 if ready else 1,
            wal_replayed=1 if wal is not None else 0,
        )
    figures.add(edits_committed=claimed - start)
    if found is not None:
        figures.add(
            edits_verified=max(0, min(found, claimed) - start),
            in_flight_committed=1 if found == claimed + 1 else 0,
        )
        lane.done = found
    else:
        lane.reset()  # a failed lane starts again from a good book
    return not finished


_LANE_OFFSETS: dict[str, int] = {}


def lane_offset(lane: Lane) -> int:
    """Kill points of different lanes are different points."""
    return _LANE_OFFSETS.setdefault(str(lane.book), len(_LANE_OFFSETS) * 1_000_000)


def run(
    kills: int,
    *,
    edits: int = 400,
    jobs: int = 2,
    seed: int = 1,
    reader_share: float = 0.3,
    torn_share: float = 0.4,
    folder: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Figures:
    """Kill writers ``kills`` times over ``jobs`` books; returns what was found."""
    figures = Figures(on_failure=(lambda text: progress(f"FAILED {text}")) if progress else None)
    with _workspace(folder) as work:
        master = make_master(work)
        reference = reference_run(master, edits, work)
        if progress:
            progress(
                f"reference run: {edits} edits, {reference.seconds_per_edit * 1000:.1f} ms each"
            )
        lanes = []
        for n in range(jobs):
            lane_folder = work / f"lane{n}"
            lane_folder.mkdir()
            lane = Lane(lane_folder, master, lane_folder / "Book.csmbook")
            lane.reset()
            lanes.append(lane)
        homes = [work / f"home{n}" for n in range(jobs)]
        counts = [kills // jobs + (1 if n < kills % jobs else 0) for n in range(jobs)]

        def drive(n: int) -> None:
            rng = random.Random(seed * 1000 + n)
            killed = 0
            while killed < counts[n]:
                number = sum(counts[:n]) + killed + 1
                try:
                    if kill_once(
                        lanes[n],
                        number,
                        rng,
                        reference,
                        figures,
                        edits,
                        homes[n],
                        reader_share,
                        torn_share,
                    ):
                        killed += 1
                except Exception as exc:
                    figures.fail(f"kill {number}: the harness failed: {type(exc).__name__}: {exc}")
                    lanes[n].reset()
                    killed += 1
                if progress and killed % 25 == 0:
                    progress(f"{figures.kills} kills, {len(figures.failures)} failures")

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(drive, range(jobs)))
    return figures


class _workspace:
    def __init__(self, folder: Path | None) -> None:
        self.given = folder
        self.made: Path | None = None

    def __enter__(self) -> Path:
        if self.given is not None:
            self.given.mkdir(parents=True, exist_ok=True)
            return self.given
        self.made = Path(tempfile.mkdtemp(prefix="csm-crash-"))
        return self.made

    def __exit__(self, *exc: object) -> None:
        if self.made is not None:
            shutil.rmtree(self.made, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--edits", type=int, default=400, help="length of the edit sequence")
    parser.add_argument("--jobs", type=int, default=2, help="books crashed side by side")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--readers", type=float, default=0.3, help="share of kills with readers")
    parser.add_argument(
        "--torn", type=float, default=0.4, help="share of left logs whose checkpoint is cut"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    figures = run(
        args.kills,
        edits=args.edits,
        jobs=args.jobs,
        seed=args.seed,
        reader_share=args.readers,
        torn_share=args.torn,
        progress=lambda text: print(text, flush=True),
    )
    print(figures.summary(time.perf_counter() - started))
    return 1 if figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
