"""Times CSV imports end to end on synthetic books: 10,000 signal rows into books of 200, 2,000
and 10,000 accounts (the target is 3 s or less for 2,000 accounts).

Run from the repository root: ``python benchmarks/import_bench.py``. Prints figures only; the
tests never assert on time.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from csm_desk.__main__ import main

SIGNALS = ("active_users", "licensed_seats", "logins_per_user_month", "nps", "csat")


def write_accounts(path: Path, count: int) -> None:
    lines = ["Account ID,Account Name,ARR,Renewal Date,Contract Start Date,Industry"]
    for i in range(count):
        arr = 5_000 + (i * 7_919) % 240_000
        month = 1 + i % 12
        lines.append(
            f'SF{i:06d},Account {i:05d},"${arr:,}.00",{month:02d}/15/2027,{month:02d}/15/2025,'
            f"{('FinTech', 'Retail', 'Health', 'Logistics')[i % 4]}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_signals(path: Path, accounts: int, rows: int) -> None:
    lines = ["Account ID,Date,Signal,Value"]
    for n in range(rows):
        account = n % accounts
        signal = SIGNALS[(n // accounts) % len(SIGNALS)]
        day = 1 + (n // (accounts * len(SIGNALS))) % 28
        value = {"nps": 7, "csat": 4, "licensed_seats": 100}.get(signal, 10 + n % 80)
        lines.append(f"SF{account:06d},2026-10-{day:02d},{signal},{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(argv: list[str]) -> float:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(argv)
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"import failed: {out.getvalue()}")
    return elapsed


def bench(accounts: int, rows: int, folder: Path, *, subprocess_too: bool) -> None:
    book = folder / f"bench-{accounts}.csmbook"
    accounts_csv = folder / f"accounts-{accounts}.csv"
    signals_csv = folder / f"signals-{accounts}.csv"
    write_accounts(accounts_csv, accounts)
    write_signals(signals_csv, accounts, rows)
    build = run(["import", "accounts", str(accounts_csv), "--book", str(book)])
    first = run(["import", "signals", str(signals_csv), "--book", str(book)])
    again = run(["import", "signals", str(signals_csv), "--book", str(book)])
    print(
        f"{accounts:>6,} accounts: accounts import {build:5.2f} s | "
        f"{rows:,} signal rows: first import {first:5.2f} s, re-import (unchanged) {again:5.2f} s"
    )
    if subprocess_too:
        signals2 = folder / f"signals2-{accounts}.csv"
        write_signals(signals2, accounts, rows)
        text = signals2.read_text().replace("2026-10-", "2026-09-")
        signals2.write_text(text)
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "csm_desk",
                "import",
                "signals",
                str(signals2),
                "--book",
                str(book),
            ],
            check=True,
            capture_output=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        total = time.perf_counter() - start
        print(f"{'':>6}  as a command (new process, Python start-up included): {total:5.2f} s")


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--sizes", default="200,2000,10000")
    args = parser.parse_args()
    os.environ.setdefault("CSM_DESK_TODAY", "2026-11-22")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CSM_DESK_HOME"] = str(Path(tmp) / "home")
        for size in (int(s) for s in args.sizes.split(",")):
            bench(size, args.rows, Path(tmp), subprocess_too=size == 2000)


if __name__ == "__main__":
    main_bench()
