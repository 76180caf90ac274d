"""python-docx and matplotlib load only when a document is actually written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_importing_the_export_package_loads_neither_docx_nor_matplotlib() -> None:
    loaded = _loaded_after("import csm_desk.export, csm_desk.export.cli, csm_desk.cli")
    for heavy in ("docx", "matplotlib", "PySide6"):
        assert not any(m == heavy or m.startswith(heavy + ".") for m in loaded), heavy
