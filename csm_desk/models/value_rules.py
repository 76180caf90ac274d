"""The rules a stored value must keep to be read correctly, per column, from the table
declarations: the column's SQL type and nullability and its ``FieldSpec`` (kind, required, bounds,
vocabulary, reference). Each rule has two forms that agree: an SQL condition that flags every row
whose value might break it (so a whole table is filtered in one query), and the Python check
that decides and words the problem for the few rows flagged.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, String
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from csm_desk.engine.links import SAFE_SCHEMES, link_scheme
from csm_desk.engine.settings import BookSettings
from csm_desk.models.fields import INFO_KEY, FieldSpec, Kind
from csm_desk.models.validation import check_value

_LARGEST = sys.float_info.max

# The two shapes of date-time the program writes: ``isoformat(" ")`` and SQLAlchemy's own.
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?")

_NOUNS: tuple[tuple[type[Any], str], ...] = (
    (DateTime, "a date and time (YYYY-MM-DD HH:MM:SS)"),
    (Date, "a date (YYYY-MM-DD)"),
    (Boolean, "a yes/no value (0 or 1)"),
    (Integer, "a whole number"),
    (Float, "a number"),
    (String, "text"),
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Reference:
    """A column holding the id of a row of another table (a foreign key)."""

    parent: str
    parent_column: str
    ondelete: str | None
    same_account: bool  # both rows carry an account_id, which must agree


@dataclass(frozen=True)
class ColumnRule:
    """How one column's values are checked.

    Attributes:
        name: the column.
        nullable: NULL is a valid value (the column is nullable and not required).
        spec: the column's field declaration, when it has one.
        noun: what a value must be ("a whole number"), from the column's SQL type.
        sql_type: the SQLAlchemy type class the column is declared with.
        reference: the row the column refers to, for a foreign key.
        json: the column holds a JSON object (or an empty string, read as ``{}``).
        settings: the column holds the book's settings (``BookSettings`` JSON).
        names_row: the column is what the row is known by everywhere (an account's name):
            the program never stores it blank. Other required text may be blank while a new
            row waits for its first words.
    """

    name: str
    nullable: bool
    spec: FieldSpec | None
    noun: str
    sql_type: type[Any] | None
    reference: Reference | None
    json: bool
    settings: bool
    names_row: bool = False

    # -- SQL: true for every row whose value the Python check might reject -------------------

    def condition(self, schema: str) -> str:
        """An SQL condition on ``t.<column>`` that is true when the value may be bad."""
        c = f"t.{_quote(self.name)}"
        parts: list[str] = []
        if not self.nullable:
            parts.append(f"{c} IS NULL")
        kind = self.spec.kind if self.spec else None
        if self.sql_type is DateTime:
            parts.append(
                f"{c} IS NOT NULL AND NOT (typeof({c}) = 'text' "
                f"AND (length({c}) = 19 OR (length({c}) = 26 AND substr({c}, 20, 1) = '.' "
                f"AND substr({c}, 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')) "
                f"AND datetime(substr({c}, 1, 19), '+0 days') IS substr({c}, 1, 19) "
                f"AND substr({c}, 12, 2) < '24' AND {c} >= '0001-01-01')"
            )
        elif self.sql_type is Date:
            # A modifier makes SQLite carry 2027-02-30 over to March (without one it is kept).
            # A date column has numeric affinity: the lower bound must not look like a number.
            parts.append(f"date({c}, '+0 days') IS NOT {c} OR {c} < '0001-01-01'")
        elif self.sql_type is Boolean:
            parts.append(f"{c} NOT IN (0, 1)")
        elif self.sql_type is Integer:
            # Text (and blobs) sort after every number; a fraction changes when cast.
            parts.append(f"{c} >= '' OR {c} <> CAST({c} AS INTEGER)")
        elif self.sql_type is Float:
            # Text and blobs sort after every number, infinities beyond the largest one.
            parts.append(f"{c} > {_LARGEST!r} OR {c} < {-_LARGEST!r}")
        elif self.sql_type is String:
            # Numbers sort before every text, blobs after; text that is not UTF-8 cannot be read.
            parts.append(f"{c} < '' OR {c} >= x'' OR {not_utf8(c)}")
            if self.names_row:
                parts.append(f"trim({c}, {_literal(_WHITESPACE)}) = ''")
        if kind in (Kind.INT, Kind.FLOAT, Kind.MONEY, Kind.PROBABILITY) and self.spec:
            low, high = _bounds(self.spec)
            if low is not None:
                parts.append(f"{c} < {low!r}")
            if high is not None:
                parts.append(f"{c} > {high!r}")
        if kind is Kind.CHOICE and self.spec and self.spec.vocab:
            allowed = ", ".join(_literal(v) for v in self.spec.vocab.choices())
            unset = f" AND {c} <> ''" if self._empty_is_unset() else ""
            parts.append(f"{c} NOT IN ({allowed}){unset}")
        if kind is Kind.CHOICES and self.spec and self.spec.vocab:
            # No value or one known value passes at once. Otherwise items are wrapped as
            # ",item," and every known one removed: anything left over is unknown. Spaces
            # (which the Python check strips) send the row to Python.
            reduced = f"',' || replace({c}, ',', ',,') || ','"
            for choice in self.spec.vocab.choices():
                reduced = f"replace({reduced}, {_literal(',' + choice + ',')}, '')"
            allowed = ", ".join(_literal(v) for v in ("", *self.spec.vocab.choices()))
            parts.append(
                f"{c} NOT IN ({allowed}) AND (instr({c}, ' ') > 0 OR trim({reduced}, ',') <> '')"
            )
        if kind is Kind.LINK:
            # Only a target with a colon can name a scheme; Python judges which.
            parts.append(f"instr({c}, ':') > 0")
        if self.json:
            parts.append(
                f"CASE WHEN typeof({c}) <> 'text' THEN 0 "
                f"WHEN json_valid({c}) THEN json_type({c}) <> 'object' ELSE {c} <> '' END"
            )
        if self.reference is not None:
            ref = self.reference
            if ref.same_account:
                parts.append(f"{self.reference_code(schema)} <> 0")
            else:
                parent = f"{_quote(schema)}.{_quote(ref.parent)}"
                parts.append(f"{c} NOT IN (SELECT {_quote(ref.parent_column)} FROM {parent})")
        return " OR ".join(f"({p})" for p in parts)

    def selected(self) -> str:
        """The column as the scan selects it: text that is not UTF-8 comes as its bytes, which
        Python can hold (reading it as text would fail) and the check calls not text.
        """
        c = f"t.{_quote(self.name)}"
        if self.sql_type is not String:
            return c
        return f"CASE WHEN {not_utf8(c)} THEN CAST({c} AS BLOB) ELSE {c} END"

    def reference_code(self, schema: str) -> str:
        """SQL: 0 when the reference is sound, 1 when it points at nothing, 2 when it points at
        a row of another account.
        """
        ref = self.reference
        assert ref is not None
        c = f"t.{_quote(self.name)}"
        parent = f"{_quote(schema)}.{_quote(ref.parent)}"
        match = f"p.{_quote(ref.parent_column)} = {c}"
        found = f"NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {match})"
        if not ref.same_account:
            return f"(CASE WHEN {c} IS NULL THEN 0 WHEN {found} THEN 1 ELSE 0 END)"
        other = f"(SELECT p.account_id FROM {parent} AS p WHERE {match}) IS NOT t.account_id"
        return f"(CASE WHEN {c} IS NULL THEN 0 WHEN {found} THEN 1 WHEN {other} THEN 2 ELSE 0 END)"

    def _empty_is_unset(self) -> bool:
        """An empty choice means "not set" where validation allows leaving the field empty."""
        return self.spec is not None and not self.spec.required and self.nullable

    # -- Python: the rule itself, and its words ----------------------------------------------

    def problem(self, value: Any, reference_code: int = 0) -> str | None:
        """What is wrong with ``value`` in this column, or None when it can be used."""
        if value is None:
            return None if self.nullable else "is not allowed: a value is required"
        found = self._storage_problem(value)
        if found is None and self.names_row and isinstance(value, str) and not value.strip():
            found = "is blank: a value is required"
        if found is None and self.json:
            found = _json_problem(value, settings=self.settings)
        if found is None and self.spec is not None:
            found = self._spec_problem(value)
        if found is None and reference_code and self.reference is not None:
            parent = self.reference.parent.replace("_", " ")
            found = (
                f"refers to {parent} {value}, which does not exist"
                if reference_code == 1
                else f"refers to {parent} {value} of another account"
            )
        return found

    def _storage_problem(self, value: Any) -> str | None:
        kind = self.sql_type
        if kind is DateTime:
            ok = isinstance(value, str) and _is_moment(value)
        elif kind is Date:
            ok = isinstance(value, str) and _is_iso_date(value)
        elif kind is Boolean:
            ok = type(value) in (int, float) and value in (0, 1)
        elif kind is Integer:
            ok = type(value) is int or (
                type(value) is float and value.is_integer() and -(2**63) <= value < 2**63
            )
        elif kind is Float:
            if type(value) is float and not math.isfinite(value):
                return "is not a finite number"
            ok = type(value) in (int, float)
        elif kind is String:
            if isinstance(value, bytes):
                return "is not readable text (UTF-8)"
            ok = isinstance(value, str)
        else:
            ok = True
        return None if ok else f"is not {self.noun}"

    def _spec_problem(self, value: Any) -> str | None:
        spec = self.spec
        assert spec is not None
        if spec.kind in (Kind.INT, Kind.FLOAT, Kind.MONEY, Kind.PROBABILITY):
            message = check_value(spec, value)
            return None if message is None else f"is out of range: {message}"
        if spec.kind is Kind.CHOICE and spec.vocab is not None:
            if isinstance(value, str) and not value.strip():
                if self._empty_is_unset():
                    return None
            elif check_value(spec, value) is None:
                return None
            return f"is not one of: {', '.join(spec.vocab.choices())}"
        if spec.kind is Kind.CHOICES and spec.vocab is not None:
            message = check_value(spec, value)
            return None if message is None else f"has {message}"
        if spec.kind is Kind.LINK and isinstance(value, str):
            scheme = link_scheme(value)
            if scheme is not None and scheme not in SAFE_SCHEMES:
                return f"is not a safe link: it uses the {scheme}: scheme"
        return None


def _bounds(spec: FieldSpec) -> tuple[float | None, float | None]:
    """A numeric field's inclusive bounds, as validation applies them (a probability is 0–1)."""
    low, high = spec.minimum, spec.maximum
    if spec.kind is Kind.PROBABILITY:
        low = 0.0 if low is None else low
        high = 1.0 if high is None else high
    return low, high


def _is_iso_date(text: str) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _is_moment(text: str) -> bool:
    if not _MOMENT.fullmatch(text):
        return False
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _json_problem(value: Any, *, settings: bool) -> str | None:
    if value == "":
        # An empty value reads as no data, except the book's settings, which are always written
        # as an object: empty settings would silently put every choice back to its default.
        return "is empty: the settings are missing" if settings else None
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return "is not valid JSON"
    if not isinstance(data, dict):
        return "is not a JSON object"
    if not settings:
        return None
    try:
        problems = BookSettings.from_json(data).problems()
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        return f"is not usable as settings ({type(exc).__name__}: {exc})"
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return f"holds settings that cannot be used: {problems[0]}{more}"
    return None


# SQL's name for the Python check of text that is not UTF-8 (see ``register``).
_NOT_UTF8 = "csm_not_utf8"
# Text holding any byte outside ASCII (control characters included in ASCII): only such text can
# be malformed UTF-8, so only it is handed to the Python check.
_BEYOND_ASCII = "'*[^' || char(1) || '-' || char(127) || ']*'"


def not_utf8(c: str) -> str:
    """SQL: true when the text value ``c`` is not valid UTF-8 (needs ``register``)."""
    return f"(typeof({c}) = 'text' AND {c} GLOB {_BEYOND_ASCII} AND {_NOT_UTF8}(CAST({c} AS BLOB)))"


def _is_not_utf8(data: bytes | None) -> int:
    if data is None:
        return 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return 1
    return 0


def register(raw: sqlite3.Connection) -> None:
    """Give ``raw`` the SQL function the rules' conditions call."""
    raw.create_function(_NOT_UTF8, 1, _is_not_utf8, deterministic=True)


def _sql_type(column: Column[Any]) -> type[Any] | None:
    declared = column.type
    if isinstance(declared, TypeDecorator):  # SQLModel's AutoString is a String underneath
        declared = declared.impl_instance
    for base, _noun in _NOUNS:
        if isinstance(declared, base):
            return base
    return None


def _noun(sql_type: type[Any] | None) -> str:
    return next((noun for base, noun in _NOUNS if base is sql_type), "readable")


@dataclass(frozen=True)
class TableRules:
    """The rules for every column of one table, and the query that finds suspicious rows.

    Attributes:
        model: the table's class.
        name: the table's name in the file.
        columns: one rule per checked column (an ``INTEGER PRIMARY KEY`` is the rowid itself
            and cannot hold a bad value).
        every_row: some rule can only be applied in Python (the book's settings), so every row
            is checked; the table is small.
    """

    model: type[SQLModel]
    name: str
    columns: tuple[ColumnRule, ...]
    every_row: bool

    def query(self, schema: str = "main") -> str:
        """One query: the rowid, every checked column and each reference's code, for the rows
        that may hold a bad value.
        """
        fields = ["t.rowid"] + [rule.selected() for rule in self.columns]
        fields += [rule.reference_code(schema) for rule in self.columns if rule.reference]
        sql = f"SELECT {', '.join(fields)} FROM {_quote(schema)}.{_quote(self.name)} AS t"
        if not self.every_row:
            conditions = [rule.condition(schema) for rule in self.columns]
            sql += " WHERE " + " OR ".join(f"({c})" for c in conditions if c)
        return sql + " ORDER BY t.rowid"

    def problems(self, row: Sequence[Any]) -> Iterator[tuple[str, Any, str]]:
        """``(column, value, problem)`` for every bad value in one row returned by ``query``
        (the first problem of each column).
        """
        codes = iter(row[1 + len(self.columns) :])
        for rule, value in zip(self.columns, row[1:], strict=False):
            code = int(next(codes) or 0) if rule.reference else 0
            found = rule.problem(value, code)
            if found is not None:
                yield rule.name, value, found


# Every character Python's ``str.strip`` removes, for SQLite's ``trim`` to remove the same.
_WHITESPACE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())

# Columns a row is known by (the command line finds an account by its name): never blank.
_ROW_NAMES = frozenset({("account", "name")})


def _rowid_alias(column: Column[Any]) -> bool:
    table = column.table
    keys = list(table.primary_key.columns)
    return len(keys) == 1 and keys[0] is column and isinstance(column.type, Integer)


def _column_rule(model: type[SQLModel], column: Column[Any]) -> ColumnRule:
    table_name = str(model.__tablename__)
    spec = column.info.get(INFO_KEY)
    spec = spec if isinstance(spec, FieldSpec) else None
    required = spec is not None and spec.required
    reference = None
    for fk in column.foreign_keys:
        parent = fk.column.table
        reference = Reference(
            parent=parent.name,
            parent_column=fk.column.name,
            ondelete=fk.ondelete,
            same_account=column.name != "account_id"
            and "account_id" in column.table.c
            and "account_id" in parent.c,
        )
    sql_type = _sql_type(column)
    return ColumnRule(
        name=column.name,
        nullable=bool(column.nullable) and not required,
        spec=spec,
        noun=_noun(sql_type),
        sql_type=sql_type,
        reference=reference,
        json=column.name.endswith("_json"),
        settings=(table_name, column.name) == ("book", "settings_json"),
        names_row=(table_name, column.name) in _ROW_NAMES,
    )


@functools.cache
def rules_for(model: type[SQLModel]) -> TableRules:
    """The checks of one table, from its declaration."""
    table = model.__table__  # type: ignore[attr-defined]
    columns = tuple(_column_rule(model, c) for c in table.columns if not _rowid_alias(c))
    return TableRules(
        model=model,
        name=str(model.__tablename__),
        columns=columns,
        every_row=any(rule.settings for rule in columns),
    )


__all__ = ["ColumnRule", "Reference", "TableRules", "not_utf8", "register", "rules_for"]
