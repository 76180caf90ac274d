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
import dataclasses
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from csm_desk.csvimport.problems import ImportRefused, Problem, SheetRefused
from csm_desk.csvimport.workbook import ENCODING as XLSX
from csm_desk.csvimport.workbook import is_workbook, listed, read_workbook

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
    "cp1250": "Windows-1250 (Central European)",
    "xlsx": "Excel workbook",
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
class Skipped:
    """A row of the file that is not data: above the header, blank, a total or a footer line.

    Attributes:
        row: the spreadsheet row.
        reason: why it is skipped, in a word or two ("blank", "total", "footer"…).
    """

    row: int
    reason: str


@dataclass(frozen=True)
class Sheet:
    """A file read into a header and records.

    Attributes:
        headers: the header row's cells, as written (stripped).
        records: every non-blank data record.
        delimiter: the delimiter used.
        encoding: the encoding the bytes were read with.
        problems: records that could not be read (unclosed quotes, extra values).
        header_row: the spreadsheet row of the header.
        skipped: rows that are not data (titles above the header, blank rows, totals,
            footer lines), each listed so the person sees what was left out.
        note: how the encoding was decided, when the file needed more than its bytes' word.
        sheet_name: for a workbook, the sheet read.
        sheets: for a workbook, the names of all its sheets.
    """

    headers: tuple[str, ...]
    records: tuple[Record, ...]
    delimiter: str
    encoding: str
    problems: tuple[Problem, ...] = ()
    header_row: int = 1
    skipped: tuple[Skipped, ...] = ()
    note: str = ""
    sheet_name: str = ""
    sheets: tuple[str, ...] = ()


# A report's total row: "Total", "Grand Totals (27 records)", "Subtotal:", "Summe", "Gesamt".
# Only the whole cell counts, so an account called "Total Wine & More" is data.
_TOTAL = re.compile(
    r"^(?:grand\s+)?(?:sub-?)?totals?\s*:?\s*(?:\(.*\))?\s*$|^(?:gesamt(?:summe)?|summe|"
    r"insgesamt|zwischensumme|record count|count)\s*:?\s*(?:\(.*\))?\s*$",
    re.IGNORECASE,
)
# The lines report exports put below the data (Salesforce: "Confidential Information - Do Not
# Distribute", "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.").
_FOOTER = re.compile(
    r"confidential|copyright|\(c\)|©|all rights reserved|do not distribute|generated (?:by|on|at)|"
    r"exported (?:by|on|at)|report (?:run|generated)|vertraulich",
    re.IGNORECASE,
)
# How far down a header row is looked for (report exports put a few title rows above it).
HEADER_SEARCH = 30
HeaderScore = Callable[[tuple[str, ...]], int]


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

    Windows-1250 (Excel's "CSV" in Poland, Czechia, Slovakia, Hungary…) is valid Windows-1252
    byte for byte, so it is told apart by what the text says: read as Windows-1252, "Wrocław"
    becomes "Wroc³aw", a symbol inside a word. Such a file is read as Windows-1250 when it
    reads cleanly so; when Windows-1252 (or Latin-1) was forced, or neither reading is clean,
    it is refused at the row of the first such word. Letters that are letters in both code
    pages (č read as è, ř as ø) cannot be told apart this way.

    Raises ``ImportRefused`` naming the row of the first byte that is not valid in the
    encoding chosen.
    """
    if encoding is not None:
        text = _strict(data, encoding, forced=True).removeprefix("\ufeff")
        if encoding in WESTERN:
            return _western_or_central(data, text, forced=encoding)
        return text, encoding
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
    return _western_or_central(data, _strict(data, "cp1252"), forced=None)


def _central_european_bytes() -> str:
    """The characters Windows-1252 (and Latin-1) show for bytes that Windows-1250 reads as
    letters but they do not: ``³`` for ł, ``¹`` for ą, ``¿`` for ż, ``£`` for Ł, ``¾`` for ľ."""
    out = []
    for byte in range(0x80, 0x100):
        central = bytes([byte]).decode("cp1250", errors="replace")
        if unicodedata.category(central) not in ("Lu", "Ll"):
            continue
        for western_code in ("cp1252", "latin-1"):
            western = bytes([byte]).decode(western_code, errors="replace")
            if western != "\ufffd" and not western.isalpha() and western.isprintable():
                out.append(western)
    return "".join(sorted(set(out)))


_NOT_WESTERN = _central_european_bytes()
# A symbol among letters ("Wroc³aw", "Z¹bki") or, for the capitals Ł Ą Ż, starting a word
# before a small letter ("£ódŸ"); Spanish "¿qué" is not one.
_MISREAD = re.compile(
    r"(?<=[^\W\d_])[" + re.escape(_NOT_WESTERN) + r"](?=[^\W\d_])|(?<![^\W\d_])[£¥¯](?=[a-zß-öø-ÿ])"
)
WESTERN = ("cp1252", "latin-1", "iso8859-1")


def misread_word(text: str) -> tuple[int, str, str] | None:
    """Where text read as Windows-1252 shows a symbol inside a word, as Central European text
    (Polish, Czech, Slovak, Hungarian, Romanian…) read with the Western code page does:
    ``(offset, the word, the symbol)`` of the first, or None."""
    found = _MISREAD.search(text)
    if found is None:
        return None
    start = found.start()
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in ',;\t"':
        start -= 1
    end = found.end()
    while end < len(text) and not text[end].isspace() and text[end] not in ',;\t"':
        end += 1
    return found.start(), text[start:end], found.group()


def _western_or_central(data: bytes, text: str, *, forced: str | None) -> tuple[str, str]:
    """Windows-1252 text, unless it shows symbols inside words: then Windows-1250 when the
    bytes read cleanly as that (detected), or a refusal naming the row (forced, or neither
    reading fits)."""
    wrong = misread_word(text)
    if wrong is None:
        return text, forced or "cp1252"
    offset, word, symbol = wrong
    row = row_at_end(text[:offset])
    western = encoding_name(forced or "cp1252")
    try:
        central: str | None = data.decode("cp1250")
    except UnicodeDecodeError:
        central = None
    is_central = central is not None and misread_word(central) is None
    if forced is not None:
        # The person's word stands unless the file reads cleanly as Central European text
        # (UTF-8 read as Windows-1252, "ZÃ¼rich", is theirs to ask for).
        if not is_central or _MULTIBYTE.search(data.decode("utf-8", errors="surrogateescape")):
            return text, forced
    elif is_central and central is not None:
        return central, "cp1250"
    how = (
        "the file looks like Windows-1250 (Central European): import it with --encoding cp1250"
        if forced
        else "say which encoding it uses with --encoding (e.g. cp1250 or cp1252)"
    )
    raise ImportRefused(
        f'row {row}: read as {western}, "{word}" has "{symbol}" inside a word, which is not '
        f"how text is written; {how}"
    )


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
    if data.startswith(b"PK\x03\x04") and not is_workbook(data):
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
    """The delimiter that splits the most records into the same number of columns (two or
    more), so title rows above a header do not decide it (a comma inside a quoted cell does
    not count)."""
    best = ","
    best_score = (0, 0)
    for candidate in DELIMITERS:
        sample = [
            r for r in _records(text, candidate, _SAMPLE_RECORDS) if any(c.strip() for c in r)
        ]
        widths: dict[int, int] = {}
        for record in sample:
            if len(record) >= 2:
                widths[len(record)] = widths.get(len(record), 0) + 1
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        score = (count, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def other_sheets(title: str, sheets: tuple[str, ...]) -> str:
    """What to add to a refusal of a workbook's sheet when the workbook has others: the data
    may well be on one of them."""
    others = [s for s in sheets if s != title]
    if not others:
        return ""
    return f' (in the sheet "{title}"; the workbook also has {listed(others)}: give --sheet NAME)'


def read_sheet(
    path: Path,
    delimiter: str | None = None,
    encoding: str | None = None,
    header_score: HeaderScore | None = None,
    sheet_name: str | None = None,
) -> Sheet:
    """Read ``path`` into a header and records; refuse files that are not delimited text, or
    not text in ``encoding`` (by default, the encoding the bytes show). A workbook is read
    from its sheet ``sheet_name`` (None: its active sheet); a text file refuses a sheet."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"no file at {path}") from None
    except IsADirectoryError:
        raise ImportRefused(f"{path} is a folder, not a CSV file") from None
    except OSError as exc:
        raise ImportRefused(f"{path} cannot be read: {exc.strerror or exc}") from None
    _refuse_binary(path, data)
    if is_workbook(data):
        book = read_workbook(data, path.name, sheet_name)
        try:
            sheet = sheet_of_rows(book.rows, path.name, encoding=XLSX, header_score=header_score)
        except ImportRefused as exc:
            raise SheetRefused(
                f"{exc}{other_sheets(book.title, book.sheets)}", book.title, book.sheets
            ) from None
        note = ""
        if sheet_name is None and len(book.sheets) > 1:
            others = [s for s in book.sheets if s != book.title]
            note = (
                f'Read the sheet "{book.title}" (the one open when the workbook was saved); it '
                f"also has {listed(others)}: give --sheet NAME to read another."
            )
        return dataclasses.replace(sheet, sheet_name=book.title, sheets=book.sheets, note=note)
    if sheet_name is not None:
        raise ImportRefused(
            f"{path.name} is a text file, not an Excel workbook: it has no sheets to choose "
            "(leave out --sheet)"
        )
    forced = encoding
    text, encoding = decode(data, encoding)
    sheet = sheet_of_text(
        text, path.name, encoding=encoding, delimiter=delimiter, header_score=header_score
    )
    if encoding == "cp1250" and forced is None:
        western = data.decode("cp1252", errors="replace")
        wrong = misread_word(western)
        if wrong is not None:
            offset, word, symbol = wrong
            note = (
                f"Read as Windows-1250 (Central European), not Windows-1252: read so, row "
                f'{row_at_end(western[:offset], sheet.delimiter)} would say "{word}" (a '
                f'"{symbol}" inside a word); give --encoding if it is another.'
            )
            return dataclasses.replace(sheet, note=note)
    return sheet


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


def _header_index(rows: list[tuple[int, tuple[str, ...]]], score: HeaderScore | None) -> int:
    """Which of the non-blank rows is the header: the first of the top rows whose cells name
    the most fields (of two that name as many, the one with more cells: a one-cell title
    "Customer" above a header), or the first row when none names any."""
    if score is None:
        return 0
    scores = [(score(cells), len(_filled(cells))) for _row, cells in rows[:HEADER_SEARCH]]
    best = max(scores, default=(0, 0))
    return scores.index(best) if best[0] > 0 else 0


def _padded(cells: tuple[str, ...], width: int) -> tuple[str, ...]:
    return cells[:width] + ("",) * (width - len(cells))


def _filled(cells: tuple[str, ...]) -> list[str]:
    return [c for c in cells if c]


def sheet_of_text(
    text: str,
    name: str,
    *,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    header_score: HeaderScore | None = None,
) -> Sheet:
    """Split decoded text into a header and records (see ``read_sheet``).

    ``header_score`` tells how many fields a row's cells name; the header is then the best
    row among the first ``HEADER_SEARCH`` (report exports put title and filter rows above
    it). Rows above the header, blank rows, total rows and footer lines are skipped and
    listed in ``Sheet.skipped``, not refused.
    """
    if "\x00" in text:
        raise ImportRefused(f"{name} is not a text file")
    if not text.strip():
        raise ImportRefused(f"{name} is empty")
    chosen = delimiter or detect_delimiter(text)
    parsed, stopped = _parse(text, chosen)
    return sheet_of_rows(
        parsed,
        name,
        encoding=encoding,
        delimiter=chosen,
        header_score=header_score,
        stopped=stopped,
    )


def sheet_of_rows(
    parsed: list[list[str]],
    name: str,
    *,
    encoding: str,
    delimiter: str = ",",
    header_score: HeaderScore | None = None,
    stopped: Problem | None = None,
) -> Sheet:
    """Rows of cells (from a delimited file or a workbook) as a header and records."""
    chosen = delimiter
    rows = [(row, tuple(c.strip() for c in cells)) for row, cells in enumerate(parsed, start=1)]
    filled = [(row, cells) for row, cells in rows if any(cells)]
    if not filled:
        raise ImportRefused(f"{name} is empty")
    header_at, headers = filled[_header_index(filled, header_score)]
    skipped: list[Skipped] = [
        Skipped(row, "above the header") for row, _cells in rows if row < header_at
    ]
    records: list[Record] = []
    problems: list[Problem] = []
    # Once the data has ended (a blank or total row after it), a one-cell line is a footer,
    # unless data follows it: then it was a short record after a blank row.
    data_ended = False
    pending: list[tuple[int, tuple[str, ...]]] = []
    for row, stripped in rows:
        if row <= header_at:
            continue
        values = _filled(stripped)
        if not values:
            skipped.append(Skipped(row, "blank"))
            data_ended = data_ended or bool(records)
            continue
        if _TOTAL.match(values[0]):
            skipped.append(Skipped(row, "total"))
            data_ended = True
            continue
        if len(values) == 1 and len(headers) >= 2 and _FOOTER.search(values[0]):
            skipped.append(Skipped(row, "footer"))
            continue
        if len(values) == 1 and len(headers) >= 2 and data_ended:
            pending.append((row, stripped))
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
        data_ended = False
        for short_row, short in pending:
            records.append(Record(short_row, _padded(short, len(headers))))
        pending = []
        records.append(Record(row, _padded(stripped, len(headers))))
    skipped.extend(Skipped(row, "footer") for row, _cells in pending)
    skipped.sort(key=lambda s: s.row)
    if stopped is not None:
        problems.append(stopped)
    if not records and not problems:
        raise ImportRefused(f"{name} has a header row but no data rows")
    return Sheet(
        headers,
        tuple(records),
        chosen,
        encoding,
        tuple(problems),
        header_row=header_at,
        skipped=tuple(skipped),
    )


def describe_skipped(skipped: tuple[Skipped, ...] | list[Skipped]) -> str:
    """The skipped rows in one line, runs of the same reason joined: "rows 1–3 (above the
    header), 40 (blank), 41 (total)"."""
    runs: list[tuple[int, int, str]] = []
    for item in skipped:
        if runs and runs[-1][2] == item.reason and runs[-1][1] == item.row - 1:
            runs[-1] = (runs[-1][0], item.row, item.reason)
        else:
            runs.append((item.row, item.row, item.reason))
    listed = ", ".join(
        f"{first}{'' if first == last else f'–{last}'} ({reason})" for first, last, reason in runs
    )
    return f"{'row' if len(skipped) == 1 else 'rows'} {listed}"
