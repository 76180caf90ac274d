"""Reading a delimited text file as spreadsheet programs write it.

Handles the encodings real exports come in (UTF-8 with or without a byte-order mark, Windows
cp1252, and UTF-16 as Excel's "Unicode text" writes it), detects the delimiter (comma, semicolon
or tab), and keeps each record's spreadsheet row number so problems can point at it.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from csm_desk.csvimport.problems import ImportRefused, Problem

DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {
    ",": ",",
    "comma": ",",
    ";": ";",
    "semicolon": ";",
    "tab": "\t",
    "\\t": "\t",
    "\t": "\t",
    "|": "|",
    "pipe": "|",
}
DELIMITER_WORDS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SAMPLE_RECORDS = 50


@dataclass(frozen=True)
class Record:
    """One data record: its spreadsheet row number and its cells (stripped)."""

    row: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    """A file read into a header and records.

    Attributes:
        headers: the header row's cells, as written (stripped).
        records: every non-blank data record.
        delimiter: the delimiter used.
        encoding: the encoding the bytes were read with.
        problems: records that could not be read (unclosed quotes, extra values).
    """

    headers: tuple[str, ...]
    records: tuple[Record, ...]
    delimiter: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def parse_delimiter(text: str | None) -> str | None:
    """The delimiter a person asked for (``,`` ``;`` ``tab`` or ``\\t``), or None when unset."""
    if text is None or text == "":
        return None
    found = _DELIMITER_NAMES.get(text) or _DELIMITER_NAMES.get(text.strip().lower())
    if found is None:
        raise ImportRefused(f"--delimiter {text!r} is not one of: ',' ';' 'tab' (or '\\t') '|'")
    return found


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with.

    A byte-order mark decides; without one, UTF-16 is recognised by its zero bytes, then UTF-8
    is tried, then cp1252 (what Excel on Windows writes for "CSV").
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32"), "utf-32"
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le", errors="replace"), "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", errors="replace"), "utf-16-be"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        # UTF-16 without a mark: ASCII text has a zero byte beside every character.
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _refuse_binary(path: Path, data: bytes) -> None:
    if data.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            f"{path.name} is an Excel workbook or another ZIP file; "
            "save it as CSV (or Unicode text) and import that"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(f"{path.name} is an old Excel (.xls) workbook; save it as CSV first")
    if data.startswith(b"SQLite format 3\x00"):
        raise ImportRefused(f"{path.name} is a database, not a CSV file")


def _records(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    out: list[list[str]] = []
    try:
        for record in reader:
            out.append(record)
            if limit is not None and len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns, consistently with the
    records after it (a comma inside a quoted cell does not count)."""
    best = ","
    best_score = (0, 0)
    for candidate in DELIMITERS:
        sample = [
            r for r in _records(text, candidate, _SAMPLE_RECORDS) if any(c.strip() for c in r)
        ]
        if not sample:
            continue
        width = len(sample[0])
        if width < 2:
            continue
        agreeing = sum(1 for r in sample[1:] if len(r) == width)
        score = (agreeing, width) if len(sample) > 1 else (1, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_sheet(path: Path, delimiter: str | None = None) -> Sheet:
    """Read ``path`` into a header and records; refuse files that are not delimited text."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"no file at {path}") from None
    except IsADirectoryError:
        raise ImportRefused(f"{path} is a folder, not a CSV file") from None
    except OSError as exc:
        raise ImportRefused(f"{path} cannot be read: {exc.strerror or exc}") from None
    _refuse_binary(path, data)
    text, encoding = decode(data)
    return sheet_of_text(text, path.name, encoding=encoding, delimiter=delimiter)


def _parse(text: str, delimiter: str) -> tuple[list[list[str]], Problem | None]:
    """Every record; a quoted value left open at the end of the file is a problem (read
    leniently it would silently swallow every row after it)."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records.extend(reader)
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return records, Problem(
                len(records) + 1,
                None,
                'a quoted value is never closed (a " is missing), so this row and every row '
                "after it cannot be read",
            )
        # A stray quote inside a value ("5"" screen" written as "5" screen"): read leniently.
        lenient = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        return list(lenient), None
    return records, None


def sheet_of_text(
    text: str, name: str, *, encoding: str = "utf-8", delimiter: str | None = None
) -> Sheet:
    """Split decoded text into a header and records (see ``read_sheet``)."""
    if "\x00" in text:
        raise ImportRefused(f"{name} is not a text file")
    if not text.strip():
        raise ImportRefused(f"{name} is empty")
    chosen = delimiter or detect_delimiter(text)
    parsed, unclosed = _parse(text, chosen)
    headers: tuple[str, ...] | None = None
    records: list[Record] = []
    problems: list[Problem] = []
    for row, cells in enumerate(parsed, start=1):
        stripped = tuple(c.strip() for c in cells)
        if not any(stripped):
            continue  # blank rows (above the header too) still count as spreadsheet rows
        if headers is None:
            headers = stripped
            continue
        if len(stripped) > len(headers) and any(stripped[len(headers) :]):
            problems.append(
                Problem(
                    row,
                    None,
                    f"has {len(stripped)} values but the header has {len(headers)} columns"
                    f" (is a {DELIMITER_WORDS.get(chosen, chosen)} inside a value that is not"
                    " in quotes?)",
                )
            )
            continue
        padded = stripped[: len(headers)] + ("",) * (len(headers) - len(stripped))
        records.append(Record(row, padded))
    if unclosed is not None:
        problems.append(unclosed)
    if headers is None:
        raise ImportRefused(f"{name} is empty")
    if not records and not problems:
        raise ImportRefused(f"{name} has a header row but no data rows")
    return Sheet(headers, tuple(records), chosen, encoding, tuple(problems))
