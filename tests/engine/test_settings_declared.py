"""Every scalar setting is declared once in ``engine.settings`` and read by the code it tunes."""

from __future__ import annotations

import re
from pathlib import Path

import csm_desk
from csm_desk.engine.settings import THRESHOLDS, BookSettings

SOURCE = Path(csm_desk.__file__).parent
READS = re.compile(r"""\.(?:days|threshold)\(\s*["']([a-z_]+)["']""")


def _sources() -> dict[Path, str]:
    return {
        p: p.read_text(encoding="utf-8")
        for p in SOURCE.rglob("*.py")
        if p.name != "settings.py" or p.parent.name != "engine"
    }


def test_every_setting_is_read_somewhere() -> None:
    text = "\n".join(_sources().values())
    unused = [t.key for t in THRESHOLDS if f'"{t.key}"' not in text]
    assert unused == []


def test_every_setting_read_is_declared() -> None:
    declared = {t.key for t in THRESHOLDS}
    read = {key for text in _sources().values() for key in READS.findall(text)}
    assert read, "the pattern finds the reads"
    assert read - declared == set()


def test_keys_are_unique_and_defaults_in_bounds() -> None:
    keys = [t.key for t in THRESHOLDS]
    assert len(keys) == len(set(keys))
    assert BookSettings().problems() == []
