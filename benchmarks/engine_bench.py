"""Engine benchmark: prints how loading, scoring and reporting a book grow with its size.

    python benchmarks/engine_bench.py [--sizes 200,2000,10000] [--repeat 5]

For each size it builds (once, cached under benchmarks/out/) a synthetic book where every
account has ~20 stakeholders, 10 risks, 20 meetings, 100 signal readings and 5 ARR events, then
prints the median of several runs of: loading and scoring the whole book; re-scoring one account
after an edit; `csm-desk report --json` end to end (a fresh process), with every account's
result kept in the book (as the window keeps them) and with ``--rescore``; and the peak memory of
a process that loads and scores the book. Figures, not assertions: these machines are shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import build_book  # noqa: E402
from csm_desk.engine.book import score_account, score_book  # noqa: E402
from csm_desk.models.bookfile import BookFile  # noqa: E402
from csm_desk.models.load import load_book  # noqa: E402
from csm_desk.models.ops import SetFields  # noqa: E402
from csm_desk.models.results import counted  # noqa: E402
from csm_desk.models.scored import keep_results  # noqa: E402
from csm_desk.models.writer import Writer  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
AS_OF = dt.date(2026, 11, 22)
os.environ["CSM_DESK_TODAY"] = AS_OF.isoformat()  # results are kept for the real today only


def book_of(size: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"synthetic-{size}.csmbook"
    if not path.exists():
        started = time.perf_counter()
        build_book(path, size, AS_OF)
        print(f"  (built {size:,} accounts in {time.perf_counter() - started:.1f} s)")
    return path


def median_ms(runs: list[float]) -> str:
    return f"{statistics.median(runs) * 1000:8.1f} ms"


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return runs


def peak_memory_mb(path: Path) -> float:
    code = (
        "import sys, datetime as dt; sys.path.insert(0, sys.argv[1]);"
        "from csm_desk.models.bookfile import BookFile;"
        "from csm_desk.models.load import load_book;"
        "from csm_desk.engine.book import score_book;"
        "b = BookFile.open(sys.argv[2]); score_book(load_book(b, as_of=dt.date(2026, 11, 22)), dt.date(2026, 11, 22));"
        "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip()) / 1024


def bench(size: int, repeat: int) -> dict[str, str]:
    path = book_of(size)
    row: dict[str, str] = {}
    with BookFile.open(path) as book:
        row["load + score book"] = median_ms(
            timed(lambda: score_book(load_book(book, as_of=AS_OF), AS_OF), repeat)
        )
        facts = load_book(book, as_of=AS_OF)
        account = facts.accounts[len(facts.accounts) // 2]
        writer = Writer(book)
        arr = [account.arr]

        def edit_and_rescore() -> None:
            arr[0] += 1
            writer.run(SetFields("account", {"id": account.id}, {"arr": arr[0]}))
            one = load_book(book, [account.id], as_of=AS_OF).accounts[0]
            score_account(one, facts.settings, AS_OF)

        def rescore_only() -> None:
            one = load_book(book, [account.id], as_of=AS_OF).accounts[0]
            score_account(one, facts.settings, AS_OF)

        row["re-score one account"] = median_ms(timed(rescore_only, repeat * 4))
        row["edit + re-score one"] = median_ms(timed(edit_and_rescore, repeat))
        with book.read() as conn:
            before = counted(conn)
        scored = score_book(load_book(book, as_of=AS_OF), AS_OF)
        keep_results(book, AS_OF, before, scored.accounts, before.stamps)
    report = [
        sys.executable,
        "-m",
        "csm_desk",
        "report",
        "--json",
        "--book",
        str(path),
        "--today",
        AS_OF.isoformat(),
    ]
    row["report --json, kept"] = median_ms(
        timed(lambda: subprocess.run(report, cwd=ROOT, capture_output=True, check=True), repeat)
    )
    rescore = [*report, "--rescore"]
    row["report --json --rescore"] = median_ms(
        timed(lambda: subprocess.run(rescore, cwd=ROOT, capture_output=True, check=True), repeat)
    )
    row["peak memory"] = f"{peak_memory_mb(path):8.1f} MB"
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for size in sizes:
        print(f"{size:,} accounts…", flush=True)
        results[size] = bench(size, args.repeat)
    names = list(next(iter(results.values())))
    print()
    print("measure".ljust(26) + "".join(f"{s:>14,}" for s in sizes))
    for name in names:
        print(name.ljust(26) + "".join(f"{results[s][name]:>14}" for s in sizes))


if __name__ == "__main__":
    main()
