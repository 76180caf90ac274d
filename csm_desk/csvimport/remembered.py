"""Column choices and value words remembered per source: the next file with the same headers
(the same CRM report exported again) is read the way the person last said, both which field
each column is and what its words mean ("mid-touch" → low_touch). For a workbook of several
sheets, the sheet last imported is remembered per set of sheet names too."""

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
        sheet: for a workbook's set of sheets, the sheet imported.
    """

    columns: dict[str, str] = field(default_factory=dict)
    values: tuple[str, ...] = ()
    sheet: str = ""

    def __bool__(self) -> bool:
        return bool(self.columns or self.values or self.sheet)


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
        sheet = found.get("sheet")
        return Remembered(
            {str(h): str(f) for h, f in columns.items()},
            tuple(str(v) for v in values) if isinstance(values, list) else (),
            sheet if isinstance(sheet, str) else "",
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


def _sheets_key(kind: str, sheets: Sequence[str]) -> str:
    return kind + ":sheets:" + "|".join(sheets)


def remembered_sheet(kind: str, sheets: Sequence[str], store: Path | None = None) -> str | None:
    """The sheet last imported from a workbook with these sheets (None: none, or it is not
    one of them)."""
    sheet = _read(store or _store()).get(_sheets_key(kind, sheets), Remembered()).sheet
    return sheet if sheet in sheets else None


def _save(path: Path, found: dict[str, Remembered]) -> None:
    data = {
        k: {
            "columns": e.columns,
            "values": list(e.values),
            **({"sheet": e.sheet} if e.sheet else {}),
        }
        for k, e in found.items()
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass


def remember(
    kind: str,
    headers: Sequence[str],
    chosen: Mapping[str, str],
    store: Path | None = None,
    values: Iterable[str] = (),
    sheets: Sequence[str] = (),
    sheet: str = "",
) -> None:
    """Save the person's column choices and value mappings for this source (replacing earlier
    ones), and for a workbook of several ``sheets`` the ``sheet`` imported; an unwritable
    store is not an error: remembering is a convenience."""
    path = store or _store()
    found = _read(path)
    key = source_key(kind, headers)
    entry = Remembered(dict(chosen), tuple(v.strip() for v in values if v.strip()))
    if entry:
        found[key] = entry
    else:
        found.pop(key, None)
    if len(sheets) > 1 and sheet:
        found[_sheets_key(kind, sheets)] = Remembered(sheet=sheet)
    _save(path, found)


def as_maps(chosen: Mapping[str, str]) -> tuple[str, ...]:
    """Column choices as ``HEADER=field`` map entries."""
    return tuple(f"{header}={field}" for header, field in chosen.items())
