"""Which column of a file is which field: header matching and ``--map`` overrides.

Headers are compared without case, spaces, underscores or punctuation, so ``Account Name``,
``account_name`` and ``ACCOUNT-NAME`` are the same; ``ARR (USD)`` also matches ``ARR``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from csm_desk.csvimport.problems import ImportRefused
from csm_desk.csvimport.words import read_signal, squash


class ValueType(StrEnum):
    """How a field's cells are read."""

    TEXT = "text"
    MONEY = "money"
    NUMBER = "number"
    INT = "int"
    DATE = "date"
    SEGMENT = "segment"
    ROLES = "roles"
    SIGNAL = "signal"
    ARR_KIND = "arr_kind"
    EMAIL = "email"
    LIFECYCLE = "lifecycle"
    STAGE = "stage"
    EXPANSION_KIND = "expansion_kind"


@dataclass(frozen=True)
class ImportField:
    """One field an import kind reads.

    Attributes:
        name: the field's name (what ``--map HEADER=name`` uses).
        type: how its cells are read.
        headers: the usual header spellings besides the name itself.
    """

    name: str
    type: ValueType
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class KindSpec:
    """The fields of one import kind.

    Attributes:
        kind: ``accounts``, ``contacts``, ``signals``, ``arr`` or ``expansions``.
        fields: every field the kind reads.
        required: groups of fields; each group needs at least one of its columns.
    """

    kind: str
    fields: tuple[ImportField, ...]
    required: tuple[tuple[str, ...], ...]

    def field(self, name: str) -> ImportField:
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


_IGNORE = {"", "ignore", "skip", "none", "-"}


@dataclass(frozen=True)
class ColumnMap:
    """Which column each field is read from.

    Attributes:
        headers: the file's headers as written.
        columns: field name → column index.
        ignored: headers read as no field.
        wide: for a signals file with one column per signal, column index → signal or
            component key.
        explained: ignored headers with the reason, where the reason is not obvious (an
            overall health score or colour from another tool).
    """

    headers: tuple[str, ...]
    columns: dict[str, int]
    ignored: tuple[str, ...]
    wide: dict[int, str] = dataclasses.field(default_factory=dict)
    explained: dict[str, str] = dataclasses.field(default_factory=dict)

    def header(self, field: str) -> str:
        return self.headers[self.columns[field]]


def _without_brackets(header: str) -> str:
    return re.sub(r"\([^)]*\)|\[[^\]]*\]", "", header)


def _field_for(header: str, spec: KindSpec) -> str | None:
    for variant in (header, _without_brackets(header)):
        key = squash(variant)
        if not key:
            continue
        for field in spec.fields:
            if key == squash(field.name) or key in {squash(h) for h in field.headers}:
                return field.name
    return None


def header_score(spec: KindSpec, maps: Sequence[str] = ()) -> Callable[[tuple[str, ...]], int]:
    """How many fields a row's cells name (a header the ``--map`` entries name counts too):
    how the header row is found below a report's title rows."""
    known = {squash(entry.rpartition("=")[0]) for entry in maps if "=" in entry}
    for f in spec.fields:
        known.add(squash(f.name))
        known.update(squash(h) for h in f.headers)
    known.discard("")

    def names_a_field(cell: str) -> bool:
        return squash(cell) in known or squash(_without_brackets(cell)) in known

    def score(cells: tuple[str, ...]) -> int:
        return sum(1 for c in cells if c and names_a_field(c))

    return score


# An overall score or colour another tool worked out (Gainsight's "Overall Score" and
# scorecard colour, Totango's health, ChurnZero's ChurnScore): not a signal.
_HEALTH_WORDS = {
    squash(w)
    for w in (
        "health",
        "health score",
        "overall health",
        "overall health score",
        "overall score",
        "customer health",
        "customer health score",
        "health colour",
        "health color",
        "health status",
        "health rating",
        "health grade",
        "health trend",
        "scorecard",
        "scorecard colour",
        "scorecard color",
        "overall scorecard",
        "rag",
        "rag status",
        "churn score",
        "churnscore",
        "risk score",
        "colour",
        "color",
        "status colour",
        "status color",
        "ampel",
        "gesundheit",
        "health score (0-100)",
    )
}
_UTILIZATION_WORDS = {
    squash(w)
    for w in (
        "utilization",
        "utilisation",
        "license utilization",
        "licence utilisation",
        "seat utilization",
        "seat utilisation",
        "utilization %",
        "adoption %",
    )
}
HEALTH_IGNORED = (
    "an overall health score or colour from another tool is not imported: the book works out "
    "health from the signals (to set a component by hand, name its column after it, e.g. "
    '"Usage score")'
)
UTILIZATION_IGNORED = (
    "utilization is not imported: the book works it out from the active users and licensed "
    "seats columns"
)


def _wide_signals(heads: tuple[str, ...], taken: set[int]) -> tuple[dict[int, str], dict[str, str]]:
    """The columns of a signals file written one column per signal (Account, Date, NPS,
    Active Users…), and the explained ones (health scores and colours, utilization)."""
    wide: dict[int, str] = {}
    explained: dict[str, str] = {}
    for index, header in enumerate(heads):
        if index in taken or not header:
            continue
        key = squash(_without_brackets(header))
        if squash(header) in _HEALTH_WORDS or key in _HEALTH_WORDS:
            explained[header] = HEALTH_IGNORED
            continue
        if squash(header) in _UTILIZATION_WORDS or key in _UTILIZATION_WORDS:
            explained[header] = UTILIZATION_IGNORED
            continue
        for variant in (header, _without_brackets(header)):
            try:
                wide[index] = read_signal(variant).value
                break
            except ValueError:
                continue
    return wide, explained


def _quoted(headers: Sequence[str]) -> str:
    return ", ".join(f'"{h}"' for h in headers) or "none"


# How an explicit map names a signal column of a wide signals file ("NPS=nps").
SIGNAL_COLUMN = "signal:"


def _parse_maps(
    maps: Sequence[str], headers: tuple[str, ...], spec: KindSpec
) -> dict[int, str | None]:
    """``--map`` entries → column index → field (None to ignore the column; for signals,
    ``SIGNAL_COLUMN + key`` for a column holding one signal's values)."""
    chosen: dict[int, str | None] = {}
    fields = {squash(f.name): f.name for f in spec.fields}
    for entry in maps:
        if "=" not in entry:
            raise ImportRefused(f'--map {entry!r} should be written "HEADER=field"')
        header, _, field = entry.rpartition("=")
        matches = [i for i, h in enumerate(headers) if h == header.strip()]
        if not matches:
            matches = [i for i, h in enumerate(headers) if squash(h) == squash(header)]
        if not matches:
            raise ImportRefused(
                f'--map {entry!r}: the file has no column "{header.strip()}" '
                f"(headers found: {_quoted(headers)})"
            )
        if field.strip().lower() in _IGNORE:
            name = None
        else:
            name = fields.get(squash(field))
            if name is None and spec.kind == "signals":
                word = field.strip().removeprefix(SIGNAL_COLUMN)
                try:
                    name = SIGNAL_COLUMN + read_signal(word).value
                except ValueError:
                    name = None
            if name is None:
                more = "; or a signal such as nps" if spec.kind == "signals" else ""
                raise ImportRefused(
                    f"--map {entry!r}: {spec.kind} have no field {field.strip()!r} "
                    f"(fields: {', '.join(spec.names)}{more}; or 'ignore')"
                )
        for index in matches:
            chosen[index] = name
    return chosen


def guess_columns(
    headers: Sequence[str], spec: KindSpec, maps: Sequence[str] = ()
) -> list[str | None]:
    """What each column would be read as (a field, ``SIGNAL_COLUMN + key``, or None), for a
    preview where a person can change it: never refuses; of two columns that could be the
    same field the first gets it."""
    heads = tuple(headers)
    try:
        explicit = _parse_maps(maps, heads, spec)
    except ImportRefused:
        explicit = {}
    out: list[str | None] = []
    taken: set[str] = {f for f in explicit.values() if f}
    for index, header in enumerate(heads):
        if index in explicit:
            out.append(explicit[index])
            continue
        field = _field_for(header, spec)
        if field is None or field in taken:
            out.append(None)
            continue
        taken.add(field)
        out.append(field)
    if spec.kind == "signals" and "signal" not in taken and "value" not in taken:
        used = {i for i, f in enumerate(out) if f} | set(explicit)
        wide, _explained = _wide_signals(heads, used)
        for index, key in wide.items():
            out[index] = SIGNAL_COLUMN + key
    return out


def map_columns(headers: Sequence[str], spec: KindSpec, maps: Sequence[str] = ()) -> ColumnMap:
    """Decide which column is which field; refuse (one message) when a needed column is
    missing or two columns could be the same field."""
    heads = tuple(headers)
    explicit = _parse_maps(maps, heads, spec)
    columns: dict[str, int] = {}
    explicit_wide = {
        i: f.removeprefix(SIGNAL_COLUMN)
        for i, f in explicit.items()
        if f and f.startswith(SIGNAL_COLUMN)
    }
    for index, field in explicit.items():
        if field is None or index in explicit_wide:
            continue
        if field in columns:
            raise ImportRefused(
                f'--map names two columns as {field}: "{heads[columns[field]]}" and '
                f'"{heads[index]}"'
            )
        columns[field] = index
    guessed: dict[str, list[int]] = {}
    ignored: list[str] = []
    for index, header in enumerate(heads):
        if index in explicit:
            if explicit[index] is None or index in explicit_wide:
                ignored.append(header)
            continue
        field = _field_for(header, spec)
        if field is None or field in columns:
            ignored.append(header)
            continue
        guessed.setdefault(field, []).append(index)
    for field, indexes in guessed.items():
        if len(indexes) > 1:
            names = [heads[i] for i in indexes]
            raise ImportRefused(
                f"columns {_quoted(names)} could all be the {field} column; say which with "
                f'--map "{names[0]}={field}" (and --map "{names[1]}=ignore")'
            )
        columns[field] = indexes[0]
    wide: dict[int, str] = {}
    explained: dict[str, str] = {}
    required = spec.required
    if spec.kind == "signals" and "signal" not in columns and "value" not in columns:
        wide, explained = _wide_signals(heads, set(columns.values()) | set(explicit))
        wide = dict(sorted({**wide, **explicit_wide}.items()))
        if wide:
            required = tuple(g for g in required if g not in (("signal",), ("value",)))
            ignored = [
                h for i, h in enumerate(heads) if i not in wide and i not in columns.values()
            ]
    missing = [group for group in required if not any(f in columns for f in group)]
    if missing:
        wanted = " and no ".join(
            " or ".join(f'"{f}"' for f in group) + " column" for group in missing
        )
        how = " ".join(f'--map "HEADER={group[0]}"' for group in missing)
        raise ImportRefused(
            f"the file has no {wanted} for {spec.kind} (headers found: {_quoted(heads)}); "
            f"name {'it' if len(missing) == 1 else 'them'} with {how}"
        )
    return ColumnMap(heads, columns, tuple(h for h in ignored if h), wide, explained)
