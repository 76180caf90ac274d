"""Reading files as exports write them: encodings, delimiters, quoting, row numbers."""

from __future__ import annotations

import codecs

import pytest

from csm_desk.csvimport.problems import ImportRefused
from csm_desk.csvimport.textfile import decode, parse_delimiter, read_sheet, sheet_of_text

TEXT = "Account Name;Industry\r\nCafé Müller;Gastronomie\r\nZoë & Co;Retail\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16le-bom", "utf16be-bom", "utf16le-no-bom"],
)
def test_every_encoding_reads_the_same_text(write_csv, data: bytes, encoding: str) -> None:
    sheet = read_sheet(write_csv(data=data))
    assert sheet.encoding == encoding
    assert sheet.headers == ("Account Name", "Industry")
    assert [r.cells for r in sheet.records] == [
        ("Café Müller", "Gastronomie"),
        ("Zoë & Co", "Retail"),
    ]


def test_cp1252_specific_characters_survive() -> None:
    text, encoding = decode("Name\r\n“Smart” – €100\r\n".encode("cp1252"))
    assert encoding == "cp1252"
    assert "“Smart” – €100" in text


def test_excel_unicode_text_is_utf16_with_tabs(write_csv) -> None:
    text = "Account\tSignal\tValue\r\nAcme Corp\tnps\t9\r\n"
    sheet = read_sheet(write_csv(data=codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert sheet.delimiter == "\t"
    assert sheet.records[0].cells == ("Acme Corp", "nps", "9")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_delimiter_is_detected(delimiter: str) -> None:
    text = delimiter.join(["Name", "ARR", "Industry"]) + "\n"
    text += delimiter.join(["Acme", '"1,200.50"', "Tech"]) + "\n"
    text += delimiter.join(["Beta", "300", "Retail"]) + "\n"
    sheet = sheet_of_text(text, "f.csv")
    assert sheet.delimiter == delimiter
    assert sheet.records[0].cells == ("Acme", "1,200.50", "Tech")


def test_a_semicolon_file_with_decimal_commas_is_not_read_as_commas() -> None:
    text = "Name;ARR;Term\nAcme;1200,50;12\nBeta;99,5;24\n"
    assert sheet_of_text(text, "f.csv").delimiter == ";"


def test_forced_delimiter_wins() -> None:
    text = "Name, legal;ARR\nAcme, Inc;100\n"
    assert sheet_of_text(text, "f.csv").delimiter == ","
    sheet = sheet_of_text(text, "f.csv", delimiter=";")
    assert sheet.headers == ("Name, legal", "ARR")
    assert sheet.records[0].cells == ("Acme, Inc", "100")


@pytest.mark.parametrize(
    ("given", "wanted"),
    [(",", ","), (";", ";"), ("tab", "\t"), ("\\t", "\t"), ("\t", "\t"), (None, None)],
)
def test_delimiter_names(given: str | None, wanted: str | None) -> None:
    assert parse_delimiter(given) == wanted


def test_unknown_delimiter_name_is_refused() -> None:
    with pytest.raises(ImportRefused, match="--delimiter 'x'"):
        parse_delimiter("x")


def test_quoted_delimiters_and_newlines_stay_in_one_cell_and_rows_count_records() -> None:
    text = (
        "Name,Note,ARR\n"
        'Acme,"first line\nsecond line, with a comma",100\n'
        '"Beta, Inc.","said ""hello""",200\n'
        "\n"
        "Gamma,,300\n"
    )
    sheet = sheet_of_text(text, "f.csv")
    assert [r.row for r in sheet.records] == [2, 3, 5]
    assert sheet.records[0].cells[1] == "first line\nsecond line, with a comma"
    assert sheet.records[1].cells[:2] == ("Beta, Inc.", 'said "hello"')


def test_short_records_are_padded_and_empty_trailing_cells_allowed() -> None:
    sheet = sheet_of_text("a,b,c\n1,2\n3,4,5,,\n", "f.csv")
    assert [r.cells for r in sheet.records] == [("1", "2", ""), ("3", "4", "5")]
    assert not sheet.problems


def test_a_record_with_extra_values_is_a_problem() -> None:
    sheet = sheet_of_text("Name,ARR\nAcme,1,200\nBeta,5\n", "f.csv")
    assert [str(p) for p in sheet.problems] == [
        "row 2: has 3 values but the header has 2 columns (is a comma inside a value that is "
        "not in quotes?)"
    ]
    assert [r.row for r in sheet.records] == [3]


def test_an_unclosed_quote_is_a_problem_not_a_swallowed_file() -> None:
    sheet = sheet_of_text('Name,ARR\nAcme,1\n"Beta,2\nGamma,3\n', "f.csv")
    assert [r.row for r in sheet.records] == [2]
    assert len(sheet.problems) == 1
    assert sheet.problems[0].row == 3
    assert "never closed" in sheet.problems[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \r\n\r\n", "is empty"),
        (b"Name,ARR\r\n", "has a header row but no data rows"),
        (b"Name,ARR\r\n,\r\n\r\n", "has a header row but no data rows"),
        (b"PK\x03\x04rest-of-zip", "Excel workbook"),
        (b"SQLite format 3\x00rest", "database"),
    ],
)
def test_files_that_cannot_be_imported_are_refused(write_csv, data: bytes, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        read_sheet(write_csv(data=data))


def test_missing_file_is_refused(tmp_path) -> None:
    with pytest.raises(ImportRefused, match="no file at"):
        read_sheet(tmp_path / "nope.csv")


def test_the_header_is_found_below_title_rows_and_totals_and_footers_are_skipped() -> None:
    text = (
        "Quarterly book review\n"
        "Filtered By: Owner equals Jane\n"
        "\n"
        "Account Name,ARR\n"
        "Acme,100\n"
        "Total,100\n"
        "\n"
        "Confidential Information - Do Not Distribute\n"
    )

    def score(cells: tuple[str, ...]) -> int:
        return sum(1 for c in cells if c in ("Account Name", "ARR"))

    sheet = sheet_of_text(text, "f.csv", header_score=score)
    assert sheet.headers == ("Account Name", "ARR")
    assert sheet.header_row == 4
    assert [r.cells for r in sheet.records] == [("Acme", "100")]
    assert [(s.row, s.reason) for s in sheet.skipped] == [
        (1, "above the header"),
        (2, "above the header"),
        (3, "above the header"),
        (6, "total"),
        (7, "blank"),
        (8, "footer"),
    ]


def test_a_one_cell_title_naming_a_field_does_not_win_over_the_header() -> None:
    text = "Customer\nCustomer,Plan,Region\nAcme,Gold,EU\n"

    def score(cells: tuple[str, ...]) -> int:
        return sum(1 for c in cells if c == "Customer")

    sheet = sheet_of_text(text, "f.csv", header_score=score)
    assert sheet.header_row == 2
    assert sheet.headers == ("Customer", "Plan", "Region")


def test_a_short_record_after_a_blank_row_is_data_when_data_follows() -> None:
    text = "Account Name,ARR\nAcme,100\n\nBeta\nGamma,5\n\nReport by Jane\n"
    sheet = sheet_of_text(text, "f.csv")
    assert [r.cells for r in sheet.records] == [("Acme", "100"), ("Beta", ""), ("Gamma", "5")]
    assert [(s.row, s.reason) for s in sheet.skipped] == [(3, "blank"), (6, "blank"), (7, "footer")]
