"""Damage benchmark: prints how long finding damaged values (and salvaging) takes as books grow.

    python benchmarks/damage_bench.py [--sizes 200,2000] [--repeat 5] [--salvage]

For each size it builds (once, cached under benchmarks/out/) a synthetic book where every
account has ~200 rows, then prints the median of several runs of ``find_damage`` over the whole
book (wall-clock and CPU time), of ``find_damage(limit=1)`` and SQLite's
``integrity_check(1)`` (what opening a book costs) on the
clean book and on a copy with one bad value in its last-scanned big table, and with
``--salvage`` the time to salvage that copy. Figures, not assertions: these machines are shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import build_book  # noqa: E402
from csm_desk.models.damage import find_damage  # noqa: E402
from csm_desk.models.salvage import salvage  # noqa: E402
from csm_desk.models.tables import ALL_TABLES  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
AS_OF = dt.date(2026, 11, 22)


def book_of(size: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"synthetic-{size}.csmbook"
    if not path.exists():
        started = time.perf_counter()
        build_book(path, size, AS_OF)
        print(f"  (built {size:,} accounts in {time.perf_counter() - started:.1f} s)")
    return path


def rows_in(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return sum(
            con.execute(f'SELECT count(*) FROM "{m.__tablename__}"').fetchone()[0]
            for m in ALL_TABLES
        )
    finally:
        con.close()


def timed(fn: Callable[[], object], repeat: int) -> tuple[str, str]:
    """Median wall-clock and CPU milliseconds of ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return (
        f"{statistics.median(wall) * 1000:8.1f} ms",
        f"{statistics.median(cpu) * 1000:8.1f} ms",
    )


def scan(path: Path, limit: int | None = None) -> int:
    """Bad values found: all of them (as ``check`` looks), or with ``limit`` the first, as
    opening a book looks."""
    con = sqlite3.connect(path)
    try:
        return len(find_damage(con, limit=limit))
    finally:
        con.close()


def integrity(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA integrity_check(1)").fetchall()
    finally:
        con.close()


def bench(size: int, repeat: int, with_salvage: bool, folder: Path) -> dict[str, str]:
    path = book_of(size)
    damaged = folder / f"damaged-{size}.csmbook"
    shutil.copyfile(path, damaged)
    con = sqlite3.connect(damaged)
    con.execute(
        "UPDATE signal_reading SET date = '2026-02-30' WHERE id = (SELECT max(id) FROM signal_reading)"
    )
    con.commit()
    con.close()
    assert scan(path) == 0
    assert scan(damaged) == 1

    row = {"rows": f"{rows_in(path):>11,}"}
    row["find_damage (wall)"], row["find_damage (CPU)"] = timed(lambda: scan(path), repeat)
    row["limit=1, clean (wall)"], _ = timed(lambda: scan(path, 1), repeat)
    row["limit=1, one bad (wall)"], _ = timed(lambda: scan(damaged, 1), repeat)
    row["integrity_check (wall)"], _ = timed(lambda: integrity(path), repeat)
    if with_salvage:

        def salvage_once() -> None:
            out = folder / f"salvaged-{size}.csmbook"
            out.unlink(missing_ok=True)
            salvage(damaged, out)

        row["salvage (wall)"], _ = timed(salvage_once, 1)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--salvage", action="store_true", help="also time a salvage")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            print(f"{size:,} accounts…", flush=True)
            results[size] = bench(size, args.repeat, args.salvage, Path(folder))
    names = list(next(iter(results.values())))
    print()
    print("measure".ljust(26) + "".join(f"{s:>14,}" for s in sizes))
    for name in names:
        print(name.ljust(26) + "".join(f"{results[s][name]:>14}" for s in sizes))


if __name__ == "__main__":
    main()
