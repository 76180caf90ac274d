"""Checking a value against its field's declaration, with a reason a person can act on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticUndefined
from sqlmodel import SQLModel

from csm_desk.engine.links import link_problem
from csm_desk.models.fields import FieldSpec, Kind, specs_of


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field."""

    table: str
    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class ValidationError(ValueError):
    """Values that cannot be saved; ``problems`` names each field and what is wrong."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_value(spec: FieldSpec, value: Any) -> str | None:
    """Why ``value`` cannot go in a field declared by ``spec``, or None when it can."""
    empty = value is None or (isinstance(value, str) and not value.strip())
    if empty:
        return "is required" if spec.required else None
    kind = spec.kind
    if kind in (Kind.INT, Kind.FLOAT, Kind.MONEY, Kind.PROBABILITY):
        if not _is_number(value):
            return "must be a number"
        if kind is Kind.INT and int(value) != value:
            return "must be a whole number"
        if value != value or value in (float("inf"), float("-inf")):
            return "must be a finite number"
        low = spec.minimum
        high = spec.maximum
        if kind is Kind.PROBABILITY:
            low = 0.0 if low is None else low
            high = 1.0 if high is None else high
        if low is not None and high is not None and not low <= value <= high:
            return f"must be between {low:g} and {high:g}"
        if low is not None and value < low:
            return f"must be at least {low:g}"
        if high is not None and value > high:
            return f"must be at most {high:g}"
    elif kind is Kind.DATE:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            return "must be a date"
    elif kind is Kind.BOOL:
        if not isinstance(value, bool):
            return "must be yes or no"
    elif kind is Kind.CHOICE:
        if spec.vocab is not None and value not in spec.vocab.choices():
            allowed = ", ".join(spec.vocab.choices())
            return f"{value!r} is not one of: {allowed}"
    elif kind is Kind.CHOICES:
        if not isinstance(value, str):
            return "must be a comma-separated list"
        if spec.vocab is not None:
            unknown = [v for v in split_choices(value) if v not in spec.vocab.choices()]
            if unknown:
                allowed = ", ".join(spec.vocab.choices())
                return f"{', '.join(unknown)} not one of: {allowed}"
    elif kind in (Kind.TEXT, Kind.LONGTEXT, Kind.LINES):
        if not isinstance(value, str):
            return "must be text"
    elif kind is Kind.LINK:
        if not isinstance(value, str):
            return "must be text"
        return link_problem(value)
    elif kind is Kind.REF and not isinstance(value, int):
        return "must refer to a row"
    return None


def split_choices(value: str | None) -> list[str]:
    """The values of a CHOICES field (stored comma-separated)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def join_choices(values: list[str] | tuple[str, ...] | set[str]) -> str:
    """Several choices as stored in one column: comma-separated."""
    return ",".join(values)


def _default_of(model: type[SQLModel], name: str) -> Any:
    """The value a new row gets for a field left out (None when it has no default)."""
    info = model.model_fields.get(name)
    if info is None or info.default is PydanticUndefined:
        return None
    return info.default


def problems_in(
    model: type[SQLModel], values: Mapping[str, Any], *, whole_row: bool = False
) -> list[FieldProblem]:
    """Every problem in ``values`` for a table; ``whole_row`` also checks absent required fields."""
    specs = specs_of(model)
    name = str(model.__tablename__)
    found: list[FieldProblem] = []
    for field_name, spec in specs.items():
        if field_name not in values:
            if whole_row and spec.required and spec.kind is not Kind.SYSTEM:
                default = check_value(spec, _default_of(model, field_name))
                if default is not None:
                    found.append(FieldProblem(name, field_name, spec.label, "is required"))
            continue
        message = check_value(spec, values[field_name])
        if message:
            found.append(FieldProblem(name, field_name, spec.label, message))
    return found
