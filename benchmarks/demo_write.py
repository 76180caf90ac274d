"""How long writing the demo book takes (the window writes it on first start).

Run: ``python benchmarks/demo_write.py [--runs N]``. Prints the time of each write and the best.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from csm_desk.models.demo import write_demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    as_of = dt.date(2026, 11, 22)
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            path = Path(folder) / f"Demo-{run}.csmbook"
            start = time.perf_counter()
            summary = write_demo(path, as_of)
            times.append(time.perf_counter() - start)
            size = path.stat().st_size / 1024
            print(f"run {run + 1}: {times[-1]:.2f} s, {size:,.0f} KiB ({summary})")
    print(f"best of {args.runs}: {min(times):.2f} s")


if __name__ == "__main__":
    main()
