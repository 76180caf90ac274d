"""Export benchmark: prints how long each Word export takes.

    python benchmarks/export_bench.py [--sizes 200,2000] [--repeat 3]

Measures, as the median of several runs: the success plan of the demo book's fully worked
FinTech account (Northwind Payments) with its charts; its account brief with the stakeholder map and health
charts; and the hand-over brief of synthetic books of each size (built once and cached under
benchmarks/out/, with a few weeks of health history), reporting how often progress was told.
Figures, not assertions: these machines are shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import build_book  # noqa: E402
from csm_desk.export import export_document, write_handover_brief  # noqa: E402
from csm_desk.export.cli import find_account  # noqa: E402
from csm_desk.models.bookfile import BookFile  # noqa: E402
from csm_desk.models.demo import write_demo  # noqa: E402
from csm_desk.models.history import snapshot_accounts  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
AS_OF = dt.date(2026, 11, 22)


def synthetic_book(size: int) -> Path:
    """A synthetic book with weekly health snapshots over the last two months."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"export-synthetic-{size}.csmbook"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build_book(partial, size, AS_OF)
        with BookFile.open(partial) as book, book.engine.begin() as conn:
            for weeks in range(8, -1, -1):
                snapshot_accounts(conn, None, AS_OF - dt.timedelta(weeks=weeks))
        partial.rename(path)
        print(f"  (built {size:,} accounts in {time.perf_counter() - started:.1f} s)", flush=True)
    return path


def median_s(runs: list[float]) -> str:
    return f"{statistics.median(runs):7.2f} s"


def timed(fn: Callable[[int], object], repeat: int) -> list[float]:
    runs = []
    for i in range(repeat):
        started = time.perf_counter()
        fn(i)
        runs.append(time.perf_counter() - started)
    return runs


def handover_line(size: int, work: Path, repeat: int) -> str:
    """Time the hand-over brief of a synthetic book and describe how progress was told."""
    path = synthetic_book(size)
    calls: list[float] = []
    started = [0.0]

    def progress(_done: int, _total: int) -> None:
        calls.append(time.perf_counter() - started[0])

    def handover(i: int) -> None:
        calls.clear()
        started[0] = time.perf_counter()
        calls.append(0.0)
        with BookFile.open(path) as synthetic:
            write_handover_brief(
                synthetic, work / f"handover-{size}-{i}.docx", AS_OF, progress=progress
            )

    runs = timed(handover, 1 if size > 1000 else repeat)
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    out = work / f"handover-{size}-0.docx"
    return (
        f"hand-over brief, {size:>5,} accounts     {median_s(runs)}   "
        + ("target ≤ 60 s   " if size >= 2000 else "")
        + f"progress told {len(calls) - 1:,} times, longest gap {max(gaps, default=0):.2f} s,"
        f" file {out.stat().st_size / 1e6:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        write_demo(work / "Demo.csmbook", AS_OF)
        book = BookFile.open(work / "Demo.csmbook")
        northwind, _name = find_account(book, "Northwind Payments")
        plan = timed(
            lambda i: export_document(
                book, northwind, "success-plan", work / f"plan-{i}.docx", as_of=AS_OF
            ),
            args.repeat,
        )
        brief = timed(
            lambda i: export_document(
                book, northwind, "account-brief", work / f"brief-{i}.docx", as_of=AS_OF
            ),
            args.repeat,
        )
        book.close()
        print(f"success plan (with charts)          {median_s(plan)}   target ≤ 1 s")
        print(f"account brief (map and charts)      {median_s(brief)}   target ≤ 2 s")
        for size in sizes:
            print(handover_line(size, work, args.repeat), flush=True)


if __name__ == "__main__":
    main()
