"""``csm-desk import`` with long cells and with bytes that do not belong to the file's encoding:
long cells are read, bad bytes refused at their row (the book untouched), ``--encoding``
forces an encoding."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from csm_desk.__main__ import main
from csm_desk.csvimport.problems import ImportRefused
from csm_desk.csvimport.textfile import CELL_LIMIT, decode

# Rows 2 and 3 were exported as UTF-8, row 4 was pasted in from a cp1252 export.
MIXED = (
    "Account Name,ARR,Industry\nAcme Corp,120000,Retail\nBeta Bank,40000,Café Zürich\n".encode()
    + "Gamma Health,9000,Café\n".encode("cp1252")
)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_cell_longer_than_the_csv_modules_default_limit_is_imported(
    book, write_csv, capsys, query
) -> None:
    note = "word " * 40_000  # 200,000 characters: past the csv module's 131,072
    path = write_csv(
        f'Account,Date,Signal,Value,Note\nAcme Corp,2026-11-01,nps,9,"{note}"\n', "signals.csv"
    )
    book.close()
    code, out, err = _run(capsys, "import", "signals", str(path), "--book", str(book.path))
    assert (code, err) == (0, "")
    assert "Signal readings: 1 created" in out
    assert query(book, "SELECT length(note) FROM signal_reading") == [(len(note.strip()),)]


def test_a_cell_past_the_cell_limit_is_a_problem_of_its_row(book, write_csv, capsys) -> None:
    path = write_csv(
        "Account,Date,Signal,Value,Note\n"
        "Acme Corp,2026-11-01,nps,9,fine\n"
        f"Acme Corp,2026-11-02,nps,8,{'x' * (CELL_LIMIT + 1)}\n",
        "signals.csv",
    )
    book.close()
    before = sha256(book.path)
    code, out, err = _run(capsys, "import", "signals", str(path), "--book", str(book.path))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "csm-desk: signals.csv was not imported (1 problem); nothing in the book was changed:",
        f"row 3: has a value longer than {CELL_LIMIT:,} characters, more than a cell can hold, "
        "so this row and every row after it cannot be read",
    ]
    assert "Traceback" not in err
    assert sha256(book.path) == before


def test_a_file_mixing_utf8_and_cp1252_is_refused_at_the_row_that_goes_wrong(
    book, write_csv, capsys, query
) -> None:
    path = write_csv(data=MIXED, name="accounts.csv")
    book.close()
    before = sha256(book.path)
    code, out, err = _run(capsys, "import", "accounts", str(path), "--book", str(book.path))
    assert code == 1
    assert out == ""
    assert err == (
        "csm-desk: accounts.csv: row 4: the file is not valid UTF-8 text (byte 0xE9); "
        "say which encoding it uses with --encoding cp1252\n"
    )
    assert sha256(book.path) == before
    assert query(book, "SELECT count(*) FROM account WHERE industry LIKE '%Ã%'") == [(0,)]


def test_the_row_counts_records_not_lines(book, write_csv, capsys) -> None:
    data = b'Account Name,ARR,Industry\r\n\r\n"Acme\r\nCorp",1,Retail\r\nBeta,2,R\xc3\xa9\xe9\r\n'
    path = write_csv(data=data, name="accounts.csv")
    book.close()
    code, _out, err = _run(capsys, "import", "accounts", str(path), "--book", str(book.path))
    assert code == 1
    assert "accounts.csv: row 4: the file is not valid UTF-8 text (byte 0xE9)" in err


def test_encoding_forces_how_the_file_is_read(book, write_csv, capsys, query) -> None:
    path = write_csv(data=MIXED, name="accounts.csv")
    book.close()
    args = ["import", "accounts", str(path), "--book", str(book.path)]
    code, out, err = _run(capsys, *args, "--encoding", "cp1252")
    assert (code, err) == (0, "")
    assert "Read 3 rows from accounts.csv (Windows-1252, comma-separated)." in out
    # The person said cp1252: the rows written as UTF-8 are read as cp1252, as asked.
    assert query(book, "SELECT name, industry FROM account ORDER BY name") == [
        ("Acme Corp", "Retail"),
        ("Beta Bank", "CafÃ© ZÃ¼rich"),
        ("Gamma Health", "Café"),
    ]


def test_a_forced_encoding_is_checked_too(book, write_csv, capsys) -> None:
    # 0x81 is not a character in cp1252.
    path = write_csv(
        data=b"Account Name,ARR\r\nAcme Corp,1\r\nBeta Bank,2\r\nX\x81,3\r\n", name="a.csv"
    )
    book.close()
    before = sha256(book.path)
    code, out, err = _run(
        capsys,
        "import",
        "accounts",
        str(path),
        "--book",
        str(book.path),
        "--encoding",
        "windows-1252",
    )
    assert code == 1
    assert out == ""
    assert err == (
        "csm-desk: a.csv: row 4: the file is not valid Windows-1252 text (byte 0x81); "
        "--encoding cp1252 says it is; give the encoding it is written in\n"
    )
    assert sha256(book.path) == before


def test_an_unknown_encoding_name_is_refused(book, write_csv, capsys) -> None:
    path = write_csv("Account Name,ARR\nAcme Corp,1\n")
    book.close()
    code, _out, err = _run(
        capsys, "import", "accounts", str(path), "--book", str(book.path), "--encoding", "klingon"
    )
    assert (code, err) == (
        1,
        "csm-desk: --encoding 'klingon' is not an encoding name "
        "(try utf-8, cp1252, latin-1 or utf-16)\n",
    )


@pytest.mark.parametrize(
    ("data", "row", "shown"),
    [
        (codecs.BOM_UTF8 + b"Name\nAcme\nCaf\xe9\n", 3, "UTF-8"),
        (codecs.BOM_UTF16_LE + "Name\nAcme\n".encode("utf-16-le") + b"\x00", 3, "UTF-16"),
        (b"Name\nCaf\xe9\nZ\xc3\xbcrich\n", 2, "UTF-8"),
    ],
    ids=["utf8-bom", "utf16-odd-length", "utf8-after-cp1252"],
)
def test_bytes_not_valid_in_the_encoding_shown_by_the_file_are_refused(
    data: bytes, row: int, shown: str
) -> None:
    with pytest.raises(ImportRefused, match=rf"^row {row}: the file is not valid {shown} text"):
        decode(data)


def test_a_cp1252_file_with_no_utf8_in_it_is_still_read_as_cp1252() -> None:
    assert decode("Name\nCafé Zürich – €5\n".encode("cp1252")) == (
        "Name\nCafé Zürich – €5\n",
        "cp1252",
    )


def test_a_forced_utf8_encoding_drops_the_byte_order_mark() -> None:
    assert decode(codecs.BOM_UTF8 + b"Name\nAcme\n", "utf-8") == ("Name\nAcme\n", "utf-8")


# Written by Excel on a Polish Windows: "CSV" in Windows-1250, which is valid Windows-1252 too.
CENTRAL = (
    "Account Name,ARR,Industry\n"
    "Acme Corp,120000,Retail\n"
    "Wrocław Logistyka Sp. z o.o.,40000,Logistyka\n"
    "Łódź Zdrowie,9000,Opieka zdrowotna\n"
).encode("cp1250")


def test_a_cp1250_file_is_read_as_cp1250_and_the_plan_says_why(book, write_csv, query) -> None:
    from csm_desk.csvimport.plan import plan_import

    plan = plan_import(book, "accounts", write_csv(data=CENTRAL, name="pl.csv"))
    assert plan.ok, plan.problems
    assert plan.encoding == "cp1250"
    assert (
        "Read as Windows-1250 (Central European), not Windows-1252: read so, row 3 would say "
        '"Wroc³aw" (a "³" inside a word); give --encoding if it is another.'
    ) in plan.summary()
    names = {o.row for o in plan.outcomes}
    assert names == {2, 3, 4}


def test_a_cp1250_file_forced_as_cp1252_is_refused_naming_the_row(book, write_csv, capsys) -> None:
    path = write_csv(data=CENTRAL, name="pl.csv")
    book.close()
    code, _out, err = _run(
        capsys, "import", "accounts", str(path), "--book", str(book.path), "--encoding", "cp1252"
    )
    assert code == 1
    assert err == (
        'csm-desk: pl.csv: row 3: read as Windows-1252, "Wroc³aw" has "³" inside a word, which '
        "is not how text is written; the file looks like Windows-1250 (Central European): "
        "import it with --encoding cp1250\n"
    )
    code, out, err = _run(
        capsys, "import", "accounts", str(path), "--book", str(book.path), "--encoding", "cp1250"
    )
    assert (code, err) == (0, "")
