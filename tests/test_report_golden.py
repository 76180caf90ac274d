"""`report --json` on the demo book is pinned: a refactoring of the rules changes no output.

The golden file was written by ``csm-desk report --json --today 2026-11-22`` on the demo book of
that day. When a change is meant to alter what the report says, regenerate it with::

    CSM_DESK_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from csm_desk.__main__ import main

GOLDEN = Path(__file__).parent / "data" / "demo-report-2026-11-22.json"


def test_demo_report_json_matches_the_golden_file(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--json", "--book", str(demo_path), "--today", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    if os.environ.get("CSM_DESK_UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert json.loads(out) == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert out == GOLDEN.read_text(encoding="utf-8")
