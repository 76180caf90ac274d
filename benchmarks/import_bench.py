"""Import benchmark: prints how long CSV imports take end to end on synthetic books.

    python benchmarks/import_bench.py [--sizes 200,2000,10000] [--rows 10000]

For each size it takes the synthetic book of benchmarks/synthetic.py (built once, cached under
benchmarks/out/; every account has ~20 stakeholders, 20 meetings, 100 signal readings…), copies
it, and times `csm-desk import signals` of a 10,000-row file: first import (every row new, every
account re-scored and snapshotted), and the same file again (nothing to change). For 2,000
accounts it also times the command as a fresh process, and an accounts file of 2,000 rows into a
new book. The target is 3 s or less for 10,000 signal rows into 2,000 accounts. Figures, not
assertions: these machines are shared.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import build_book  # noqa: E402
from csm_desk.__main__ import main  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
AS_OF = dt.date(2026, 11, 22)
SIGNALS = ("active_users", "licensed_seats", "logins_per_user_month", "nps", "csat")


def book_of(size: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"synthetic-{size}.csmbook"
    if not path.exists():
        started = time.perf_counter()
        build_book(path, size, AS_OF)
        print(f"  (built {size:,} accounts in {time.perf_counter() - started:.1f} s)")
    return path


def write_signals(path: Path, accounts: int, rows: int, day: dt.date) -> None:
    """``rows`` readings spread over the accounts, by CRM id, as a CRM report would list them."""
    lines = ["Account ID,Date,Signal,Value"]
    for n in range(rows):
        account = 1 + n % accounts
        signal = SIGNALS[(n // accounts) % len(SIGNALS)]
        when = day - dt.timedelta(days=n // (accounts * len(SIGNALS)))
        value = {"nps": 7 + n % 4, "csat": 3 + n % 3, "licensed_seats": 500}.get(
            signal, 10 + n % 80
        )
        lines.append(f"CRM-{account:06d},{when.strftime('%m/%d/%Y')},{signal},{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_accounts(path: Path, count: int) -> None:
    lines = ["Account ID,Account Name,ARR,Segment,Renewal Date,Contract Start Date,Industry"]
    for i in range(count):
        arr = 5_000 + (i * 7_919) % 240_000
        month = 1 + i % 12
        segment = ("", "", "Enterprise", "SMB")[i % 4]
        lines.append(
            f'SF{i:06d},Account {i:05d},"${arr:,}.00",{segment},{month:02d}/15/2027,'
            f"{month:02d}/15/2025,{('FinTech', 'Retail', 'Health', 'Logistics')[i % 4]}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed_import(argv: list[str]) -> float:
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(argv)
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"import failed:\n{out.getvalue()}")
    return elapsed


def bench(size: int, rows: int, folder: Path) -> None:
    book = folder / f"book-{size}.csmbook"
    shutil.copyfile(book_of(size), book)
    signals = folder / f"signals-{size}.csv"
    write_signals(signals, size, rows, AS_OF - dt.timedelta(days=1))
    command = ["import", "signals", str(signals), "--book", str(book)]
    first = timed_import(command)
    again = timed_import(command)
    print(
        f"{size:>6,} accounts, {rows:,} signal rows: first import {first:5.2f} s, "
        f"same file again (unchanged) {again:5.2f} s"
    )
    if size != 2000:
        return
    later = folder / "signals-later.csv"
    write_signals(later, size, rows, AS_OF)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "csm_desk", "import", "signals", str(later), "--book", str(book)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    whole = time.perf_counter() - started
    print(f"{'':>6}  as a fresh process (Python start-up and imports included): {whole:5.2f} s")
    accounts = folder / "accounts.csv"
    write_accounts(accounts, size)
    created = timed_import(
        ["import", "accounts", str(accounts), "--book", str(folder / "new.csmbook")]
    )
    print(f"{'':>6}  {size:,} accounts from CSV into a new book: {created:5.2f} s")


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,10000")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    os.environ["CSM_DESK_TODAY"] = AS_OF.isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CSM_DESK_HOME"] = str(Path(tmp) / "home")
        for size in (int(s) for s in args.sizes.split(",")):
            bench(size, args.rows, Path(tmp))


if __name__ == "__main__":
    main_bench()
