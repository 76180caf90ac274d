"""Write docs/rules.md, the table of every rule the engine declares (``engine.rules``).

Run from the repository root:  python tools/rules_doc.py [--check]

``--check`` writes nothing and fails when docs/rules.md differs from what the rules say (the
test suite checks the same).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csm_desk.engine.rules import rules_markdown  # noqa: E402

TARGET = ROOT / "docs" / "rules.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="fail if docs/rules.md is stale")
    args = parser.parse_args(argv)
    text = rules_markdown()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python tools/rules_doc.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(TARGET.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
