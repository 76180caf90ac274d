"""Column choices and value words remembered per source: the next file with the same headers
(the same CRM report exported again) is read the way the person last said, both which field
each column is and what its words mean ("mid-touch" → low_touch)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csm_desk import paths
from csm_desk.csvimport.words import squash

FILE_NAME = "import-columns.json"


@dataclass(frozen=True)
class Remembered:
    """What was said about one source.

    Attributes:
        columns: header → field (or ``ignore``).
        values: ``WORD=key`` value mappings, in the order they were typed.
    """

    columns: dict[str, str] = field(default_factory=dict)
    values: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.columns or self.values)


def _store() -> Path:
    return paths.config_dir() / FILE_NAME


def source_key(kind: str, headers: Sequence[str]) -> str:
    """What identifies a source: the kind and its set of headers (order, case and spacing
    aside), so a report exported again with its columns moved is still the same source."""
    return kind + ":" + "|".join(sorted({squash(h) for h in headers if squash(h)}))


def _entry(found: Any) -> Remembered | None:
    if not isinstance(found, dict):
        return None
    columns = found.get("columns")
    if isinstance(columns, dict):
        values = found.get("values")
        return Remembered(
            {str(h): str(f) for h, f in columns.items()},
            tuple(str(v) for v in values) if isinstance(values, list) else (),
        )
    # The first form of the store: header → field only.
    return Remembered({str(h): str(f) for h, f in found.items() if isinstance(f, str)})


def _read(path: Path) -> dict[str, Remembered]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    out = {}
    for key, value in found.items():
        entry = _entry(value)
        if isinstance(key, str) and entry is not None:
            out[key] = entry
    return out


def recall(kind: str, headers: Sequence[str], store: Path | None = None) -> Remembered:
    """Everything last saved for this source (empty when nothing was)."""
    return _read(store or _store()).get(source_key(kind, headers), Remembered())


def remembered(kind: str, headers: Sequence[str], store: Path | None = None) -> dict[str, str]:
    """The column choices last saved for this source (header → field), or none."""
    return dict(recall(kind, headers, store).columns)


def remember(
    kind: str,
    headers: Sequence[str],
    chosen: Mapping[str, str],
    store: Path | None = None,
    values: Iterable[str] = (),
) -> None:
    """Save the person's column choices and value mappings for this source (replacing earlier
    ones); an unwritable store is not an error: remembering is a convenience."""
    path = store or _store()
    found = _read(path)
    key = source_key(kind, headers)
    entry = Remembered(dict(chosen), tuple(v.strip() for v in values if v.strip()))
    if entry:
        found[key] = entry
    else:
        found.pop(key, None)
    data = {k: {"columns": e.columns, "values": list(e.values)} for k, e in found.items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass


def as_maps(chosen: Mapping[str, str]) -> tuple[str, ...]:
    """Column choices as ``HEADER=field`` map entries."""
    return tuple(f"{header}={field}" for header, field in chosen.items())
