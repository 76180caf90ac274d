"""Cells → typed values, each column read with one interpretation (date order, decimal mark).

Blank cells are left out of a row's values: a blank means "not given", never "clear it".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from csm_desk.csvimport.columns import ColumnMap, KindSpec, ValueType
from csm_desk.csvimport.dates import (
    TWO_DIGIT_RULE,
    DateCell,
    DateOrder,
    decide_date_order,
    read_date,
    two_digit_year,
)
from csm_desk.csvimport.numbers import (
    DecimalMark,
    NumberCell,
    currency_of,
    currency_of_header,
    decide_decimal_mark,
    read_number,
    value_of,
)
from csm_desk.csvimport.problems import Problem
from csm_desk.csvimport.stages import read_expansion_kind, read_lifecycle, read_stage
from csm_desk.csvimport.textfile import Sheet
from csm_desk.csvimport.words import (
    ValueMap,
    parse_value_maps,
    read_arr_kind,
    read_roles,
    read_segment,
    read_signal,
    squash,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER_TYPES = (ValueType.MONEY, ValueType.NUMBER, ValueType.INT)


@dataclass(frozen=True)
class ReadOptions:
    """How a person told the importer to read the file (None: decide from the file)."""

    date_order: DateOrder | None = None
    decimal_mark: DecimalMark | None = None
    delimiter: str | None = None
    maps: tuple[str, ...] = ()
    encoding: str | None = None
    value_maps: tuple[str, ...] = ()
    sheet: str | None = None


@dataclass
class ParsedRow:
    """One data record read into field values (blank cells absent).

    ``headers`` names the column a field came from where that is not the field's own column:
    a reading of a wide signals file comes from its signal's column.
    """

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Parsed:
    """The file's rows read into values, with every cell problem found.

    Attributes:
        rows: one per data record, in file order (records with problems included, their bad
            cells left out).
        problems: every cell and column problem.
        undecided: columns whose interpretation needs the person's word (--date-format,
            --decimal); the import stops there.
        notes: how a column was read where that was a choice (two-digit years).
        currencies: money column header → the currency its amounts are written in, with
            where that shows (a row and its text, or the header).
    """

    rows: list[ParsedRow]
    problems: list[Problem]
    undecided: bool = False
    notes: list[str] = field(default_factory=list)
    currencies: dict[str, tuple[str, str]] = field(default_factory=dict)


_ONE_WORD = (
    ValueType.SEGMENT,
    ValueType.SIGNAL,
    ValueType.ARR_KIND,
    ValueType.LIFECYCLE,
    ValueType.STAGE,
    ValueType.EXPANSION_KIND,
)
_VOCABULARIES = (*_ONE_WORD, ValueType.ROLES)


def _read_simple(kind: ValueType, text: str, value_map: ValueMap) -> Any:
    if kind is ValueType.TEXT:
        return text
    if kind is ValueType.SEGMENT:
        return read_segment(text, value_map)
    if kind is ValueType.ROLES:
        return read_roles(text, value_map)
    if kind is ValueType.SIGNAL:
        return read_signal(text, value_map)
    if kind is ValueType.ARR_KIND:
        return read_arr_kind(text, value_map)
    if kind is ValueType.LIFECYCLE:
        return read_lifecycle(text, value_map)
    if kind is ValueType.STAGE:
        return read_stage(text, value_map)
    if kind is ValueType.EXPANSION_KIND:
        return read_expansion_kind(text, value_map)
    if kind is ValueType.EMAIL:
        address = text.removeprefix("mailto:").strip()
        if not _EMAIL.match(address):
            raise ValueError(f"{text!r} is not an email address")
        return address
    raise AssertionError(kind)


def _currency(
    header: str, given: list[tuple[ParsedRow, str]], currencies: dict[str, tuple[str, str]]
) -> list[Problem]:
    """Note the currency a money column is in (its header's, else its first cell's); a cell
    in another currency is a problem: one column holds one currency."""
    named = currency_of_header(header)
    if named is not None:
        currencies[header] = (named, "its header")
    problems = []
    for row, text in given:
        code = currency_of(text)
        if code is None:
            continue
        if header not in currencies:
            currencies[header] = (code, f"row {row.row}: {text!r}")
            continue
        first, where = currencies[header]
        if code != first:
            problems.append(
                Problem(
                    row.row,
                    header,
                    f"{text!r} is in {code} but this column's amounts are in {first} "
                    f"({where}); one column holds one currency",
                )
            )
    return problems


def _translations(read: dict[str, tuple[Any, str | None]]) -> str:
    """How a vocabulary column's words were read, where a word is not the key itself:
    '"Mid-Market" as low_touch, "SMB" as tech_touch'."""
    said = []
    for text, (value, wrong) in read.items():
        if wrong is not None or value is None:
            continue
        key = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        if squash(text) != squash(key):
            said.append(f'"{text}" as {key}')
    return ", ".join(said)


def parse_rows(sheet: Sheet, columns: ColumnMap, spec: KindSpec, options: ReadOptions) -> Parsed:
    """Read every mapped column of every record."""
    rows = [ParsedRow(r.row) for r in sheet.records]
    problems: list[Problem] = list(sheet.problems)
    undecided = False
    notes: list[str] = []
    value_map = parse_value_maps(options.value_maps)
    currencies: dict[str, tuple[str, str]] = {}
    fields = [(name, index, spec.field(name).type) for name, index in columns.columns.items()]
    fields += [(f"{_WIDE}{index}", index, ValueType.NUMBER) for index in columns.wide]
    for name, index, kind in fields:
        header = columns.headers[index]
        cells = [(row, rec.cells[index]) for row, rec in zip(rows, sheet.records, strict=True)]
        given = [(row, text) for row, text in cells if text]
        for row, text in given:
            row.text[name] = text
        if kind is ValueType.DATE:
            dates = {text: read_date(text) for text in {text for _, text in given}}
            date_cells = [DateCell(row.row, text, dates[text]) for row, text in given]
            order, found = decide_date_order(date_cells, header, options.date_order)
            problems.extend(found)
            if order is None:
                undecided = True
                continue
            for (row, _), date_cell in zip(given, date_cells, strict=True):
                if order in date_cell.readings:
                    row.values[name] = date_cell.readings[order]
            short = next(
                (c for c in date_cells if order in c.readings and two_digit_year(c.text)), None
            )
            if short is not None:
                notes.append(
                    f'Column "{header}" writes years with two digits, read {TWO_DIGIT_RULE} '
                    f"(row {short.row}: {short.text!r} is {short.readings[order].isoformat()})."
                )
        elif kind in _NUMBER_TYPES:
            money = kind is ValueType.MONEY
            if money:
                problems.extend(_currency(header, given, currencies))
            numbers = {t: read_number(t, money=money) for t in {text for _, text in given}}
            number_cells = [NumberCell(row.row, text, numbers[text]) for row, text in given]
            mark, found = decide_decimal_mark(
                number_cells,
                header,
                delimiter=sheet.delimiter,
                forced=options.decimal_mark,
                money=money,
            )
            problems.extend(found)
            if mark is None:
                undecided = True
                continue
            for (row, text), cell in zip(given, number_cells, strict=True):
                value = value_of(cell, mark)
                if value is None:
                    continue
                if kind is ValueType.INT:
                    if value != int(value):
                        problems.append(Problem(row.row, header, f"{text!r} is not a whole number"))
                        continue
                    row.values[name] = int(value)
                else:
                    row.values[name] = value
        else:
            # Exports repeat the same few words (signal names, kinds): read each once.
            read: dict[str, tuple[Any, str | None]] = {}
            for row, text in given:
                if text not in read:
                    try:
                        read[text] = (_read_simple(kind, text, value_map), None)
                    except ValueError as exc:
                        why = str(exc)
                        if kind in _ONE_WORD and squash(text) not in value_map:
                            why += f'; or say what it is with --map-value "{text}=key"'
                        if squash(text) in value_map:
                            mapped_to = value_map[squash(text)]
                            why = f"--map-value reads {text!r} as {mapped_to!r}: {why}"
                        read[text] = (None, why)
                value, wrong = read[text]
                if wrong is None:
                    row.values[name] = value
                else:
                    problems.append(Problem(row.row, header, wrong))
            if kind in _VOCABULARIES:
                words = _translations(read)
                if words:
                    notes.append(f'Column "{header}" read {words}.')
    if columns.wide:
        rows = _one_per_signal(rows, columns, notes)
    return Parsed(rows, problems, undecided, notes, currencies)


_WIDE = "wide:"


def _one_per_signal(rows: list[ParsedRow], columns: ColumnMap, notes: list[str]) -> list[ParsedRow]:
    """A wide signals file's records as one reading per signal cell (account, date, signal,
    value), each naming its signal's column; a record with no signal value is left out and
    said so."""
    out: list[ParsedRow] = []
    empty: list[int] = []
    for row in rows:
        shared = {k: v for k, v in row.values.items() if not k.startswith(_WIDE)}
        shared_text = {k: v for k, v in row.text.items() if not k.startswith(_WIDE)}
        found = False
        for index, key in columns.wide.items():
            name = f"{_WIDE}{index}"
            if name not in row.text:
                continue
            found = True
            header = columns.headers[index]
            reading = ParsedRow(
                row.row,
                dict(shared),
                {**shared_text, "signal": header, "value": row.text[name]},
                {"signal": header, "value": header},
            )
            reading.values["signal"] = read_signal(key)
            if name in row.values:
                reading.values["value"] = row.values[name]
            out.append(reading)
        if not found:
            empty.append(row.row)
    if empty:
        listed = ", ".join(str(r) for r in empty)
        notes.append(f"Rows with no signal value, left out: {listed}.")
    signals = ", ".join(f'"{columns.headers[i]}" as {k}' for i, k in columns.wide.items())
    notes.insert(0, f"One column per signal: {signals}.")
    return out
