"""Reading a delimited text file as spreadsheet programs write it.

Handles the encodings real exports come in (UTF-8 with or without a byte-order mark, Windows
cp1252, and UTF-16 as Excel's "Unicode text" writes it), detects the delimiter (comma, semicolon
or tab), and keeps each record's spreadsheet row number so problems can point at it.

Bytes that are not valid in the encoding read are refused, never replaced: a file pasted
together from a UTF-8 and a cp1252 export would otherwise import as "CafÃ© ZÃ¼rich".
"""

from __future__ import annotations

import codecs
import csv
import io
import re
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
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
    "iso8859-1": "Latin-1",
}
_SAMPLE_RECORDS = 50
# The longest cell read (the csv module stops at 131,072 characters by default, which a pasted
# e-mail thread in a note column can pass); a longer one is reported as a problem of its row.
CELL_LIMIT = 1 << 24
# A character of a UTF-8 sequence of two or more bytes, once undecodable bytes are escaped.
_MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")


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


def parse_encoding(text: str | None) -> str | None:
    """The encoding a person asked for, by its canonical name (``cp1252``, ``utf-8``…), or
    None when unset; ``ImportRefused`` for a name Python does not know."""
    if text is None or not text.strip():
        return None
    try:
        return codecs.lookup(text.strip()).name
    except LookupError:
        raise ImportRefused(
            f"--encoding {text!r} is not an encoding name (try utf-8, cp1252, latin-1 or utf-16)"
        ) from None


def encoding_name(encoding: str) -> str:
    """How an encoding is shown to a person, e.g. "Windows-1252" for cp1252."""
    return ENCODING_NAMES.get(encoding, encoding)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of a file and the encoding it was read with.

    ``encoding`` forces one. Otherwise a byte-order mark decides; without one, UTF-16 is
    recognised by its zero bytes, then UTF-8 is tried, then cp1252 (what Excel on Windows
    writes for "CSV") -- but only when no byte sequence in the file is UTF-8: a file that
    mixes the two is UTF-8 with some bytes that do not belong.

    Raises ``ImportRefused`` naming the row of the first byte that is not valid in the
    encoding chosen.
    """
    if encoding is not None:
        return _strict(data, encoding, forced=True).removeprefix("\ufeff"), encoding
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _strict(data, "utf-32"), "utf-32"
    if data.startswith(codecs.BOM_UTF16_LE):
        return _strict(data[2:], "utf-16-le"), "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data[2:], "utf-16-be"), "utf-16-be"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        # UTF-16 without a mark: ASCII text has a zero byte beside every character.
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
        return _strict(data, encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _MULTIBYTE.search(data.decode("utf-8", errors="surrogateescape")):
        return _strict(data, "utf-8"), "utf-8"
    return _strict(data, "cp1252"), "cp1252"


def _strict(data: bytes, encoding: str, *, forced: bool = False) -> str:
    """``data`` decoded, or ``ImportRefused`` at the row of the first byte that is invalid."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode(encoding, errors="replace")
        name = encoding_name(encoding)
        bad = data[exc.start] if exc.start < len(data) else data[-1]
        if forced:
            hint = f"--encoding {encoding} says it is; give the encoding it is written in"
        elif encoding == "utf-8":
            hint = "say which encoding it uses with --encoding cp1252"
        else:
            hint = "say which encoding it uses with --encoding (e.g. utf-8 or latin-1)"
        raise ImportRefused(
            f"row {row_at_end(before)}: the file is not valid {name} text (byte 0x{bad:02X}); "
            f"{hint}"
        ) from None


def row_at_end(text: str, delimiter: str | None = None) -> int:
    """The spreadsheet row the end of ``text`` (the start of a file) falls in."""
    allow_long_cells()
    chosen = delimiter or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text + "x", newline=""), delimiter=chosen, strict=False)
    try:
        return max(1, sum(1 for _ in reader))
    except csv.Error:
        return max(1, reader.line_num)


def allow_long_cells() -> None:
    """Let the csv module read cells up to ``CELL_LIMIT`` characters (never lowering a limit
    something else in the process raised further)."""
    if csv.field_size_limit() < CELL_LIMIT:
        csv.field_size_limit(CELL_LIMIT)


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
    allow_long_cells()
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


def read_sheet(path: Path, delimiter: str | None = None, encoding: str | None = None) -> Sheet:
    """Read ``path`` into a header and records; refuse files that are not delimited text, or
    not text in ``encoding`` (by default, the encoding the bytes show)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"no file at {path}") from None
    except IsADirectoryError:
        raise ImportRefused(f"{path} is a folder, not a CSV file") from None
    except OSError as exc:
        raise ImportRefused(f"{path} cannot be read: {exc.strerror or exc}") from None
    _refuse_binary(path, data)
    text, encoding = decode(data, encoding)
    return sheet_of_text(text, path.name, encoding=encoding, delimiter=delimiter)


def _parse(text: str, delimiter: str) -> tuple[list[list[str]], Problem | None]:
    """Every record, and the problem that stopped the reading early, if one did: a quoted
    value left open at the end of the file (read leniently it would silently swallow every row
    after it) or a cell longer than ``CELL_LIMIT``."""
    allow_long_cells()
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return records, Problem(
                len(records) + 1,
                None,
                'a quoted value is never closed (a " is missing), so this row and every row '
                "after it cannot be read",
            )
        if "field larger than field limit" in str(exc):
            return records, _too_long(len(records) + 1)
        # A stray quote inside a value ("5"" screen" written as "5" screen"): read leniently.
        records = []
        lenient = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        try:
            records.extend(lenient)
        except csv.Error:
            return records, _too_long(len(records) + 1)
    return records, None


def _too_long(row: int) -> Problem:
    return Problem(
        row,
        None,
        f"has a value longer than {CELL_LIMIT:,} characters, more than a cell can hold, so "
        "this row and every row after it cannot be read",
    )


def sheet_of_text(
    text: str, name: str, *, encoding: str = "utf-8", delimiter: str | None = None
) -> Sheet:
    """Split decoded text into a header and records (see ``read_sheet``)."""
    if "\x00" in text:
        raise ImportRefused(f"{name} is not a text file")
    if not text.strip():
        raise ImportRefused(f"{name} is empty")
    chosen = delimiter or detect_delimiter(text)
    parsed, stopped = _parse(text, chosen)
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
    if stopped is not None:
        problems.append(stopped)
    if headers is None:
        raise ImportRefused(f"{name} is empty")
    if not records and not problems:
        raise ImportRefused(f"{name} has a header row but no data rows")
    return Sheet(headers, tuple(records), chosen, encoding, tuple(problems))
