"""Column choices remembered per source: the next file with the same headers (the same CRM
report exported again) is read the way the person last said."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from csm_desk import paths
from csm_desk.csvimport.words import squash

FILE_NAME = "import-columns.json"


def _store() -> Path:
    return paths.config_dir() / FILE_NAME


def source_key(kind: str, headers: Sequence[str]) -> str:
    """What identifies a source: the kind and its set of headers (order, case and spacing
    aside), so a report exported again with its columns moved is still the same source."""
    return kind + ":" + "|".join(sorted({squash(h) for h in headers if squash(h)}))


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        k: {str(h): str(f) for h, f in v.items()}
        for k, v in found.items()
        if isinstance(k, str) and isinstance(v, dict)
    }


def remembered(kind: str, headers: Sequence[str], store: Path | None = None) -> dict[str, str]:
    """The column choices last saved for this source (header → field), or none."""
    return _read(store or _store()).get(source_key(kind, headers), {})


def remember(
    kind: str, headers: Sequence[str], chosen: Mapping[str, str], store: Path | None = None
) -> None:
    """Save the person's column choices for this source (replacing earlier ones); an
    unwritable store is not an error: remembering is a convenience."""
    path = store or _store()
    found = _read(path)
    key = source_key(kind, headers)
    if chosen:
        found[key] = dict(chosen)
    else:
        found.pop(key, None)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(found, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass


def as_maps(chosen: Mapping[str, str]) -> tuple[str, ...]:
    """Column choices as ``HEADER=field`` map entries."""
    return tuple(f"{header}={field}" for header, field in chosen.items())
