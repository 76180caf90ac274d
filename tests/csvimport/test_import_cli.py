"""``csm-desk import``: exit codes, messages, all or nothing, and creating the book."""

from __future__ import annotations

import codecs

from csm_desk.__main__ import main

ACCOUNTS = (
    "Account Name,Account ID,ARR,Renewal Date\n"
    'Acme Corp,001A,"$120,000.00",12/31/2026\n'
    'Delta Labs,001D,"12,500",01/15/2027\n'
)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_creates_a_missing_book_and_summarises(tmp_path, write_csv, capsys) -> None:
    target = tmp_path / "New.csmbook"
    path = write_csv(ACCOUNTS, "accounts.csv")
    code, out, err = _run(capsys, "import", "accounts", str(path), "--book", str(target))
    assert (code, err) == (0, "")
    assert target.exists()
    assert out.splitlines() == [
        f"Imported accounts into {target} (a new book)",
        "Read 2 rows from accounts.csv (UTF-8, comma-separated).",
        "Accounts: 2 created, 0 updated, 0 unchanged.",
    ]
    code, out, _err = _run(capsys, "import", "accounts", str(path), "--book", str(target))
    assert code == 0
    assert "Accounts: 0 created, 0 updated, 2 unchanged." in out
    assert out.startswith(f"Nothing to change in {target}")


def test_a_failed_import_does_not_leave_a_new_book_behind(tmp_path, write_csv, capsys) -> None:
    target = tmp_path / "New.csmbook"
    path = write_csv("Account Name,ARR\nAcme,-5\n")
    code, _out, err = _run(capsys, "import", "accounts", str(path), "--book", str(target))
    assert code == 1
    assert 'row 2, column "ARR": must be at least 0' in err
    assert list(tmp_path.glob("New.csmbook*")) == []


def test_other_kinds_need_an_existing_book(tmp_path, write_csv, capsys) -> None:
    target = tmp_path / "New.csmbook"
    path = write_csv("Account,Date,Signal,Value\nAcme,2026-01-01,nps,9\n")
    code, _out, err = _run(capsys, "import", "signals", str(path), "--book", str(target))
    assert code == 1
    assert err == (
        f"csm-desk: no book at {target} yet; import accounts first (signals belong to accounts)\n"
    )
    assert not target.exists()


def test_all_or_nothing_prints_every_problem_and_changes_nothing(
    book, write_csv, hashes, capsys
) -> None:
    path = write_csv(
        "Account,Date,Signal,Value\n"
        "Acme Corp,2026-11-01,active_users,80\n"
        "Acme Corp,2026-11-01,nps,12\n"
        "Unknown Co,2026-11-01,nps,8\n"
        "Beta Bank,2026-11-01,csat,four\n"
        "Beta Bank,2026-13-01,csat,4\n"
        "Gamma Health,2026-11-01,licensed_seats,100\n",
        "signals.csv",
    )
    book.close()
    before = hashes(book.path)
    code, out, err = _run(capsys, "import", "signals", str(path), "--book", str(book.path))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "csm-desk: signals.csv was not imported (4 problems); nothing in the book was changed:",
        'row 3, column "Value": 12 is not a valid nps: it must be between 0 and 10',
        "row 4, column \"Account\": no account called 'Unknown Co' (by name or CRM id) in the book",
        "row 5, column \"Value\": 'four' is not a number",
        "row 6, column \"Date\": '2026-13-01' is not a date (write YYYY-MM-DD, MM/DD/YYYY, "
        "DD/MM/YYYY or DD.MM.YYYY)",
    ]
    assert hashes(book.path) == before


def test_ambiguous_dates_stop_the_import_until_date_format_says(
    book, write_csv, capsys, query
) -> None:
    path = write_csv(
        "Account,Date,Signal,Value\nAcme Corp,01/02/2026,nps,9\nAcme Corp,03/04/2026,nps,8\n",
        "signals.csv",
    )
    book.close()
    code, _out, err = _run(capsys, "import", "signals", str(path), "--book", str(book.path))
    assert code == 1
    assert (
        "column \"Date\": cannot tell whether dates like '01/02/2026' (row 2) are day first or "
        "month first; say which with --date-format DD/MM/YYYY or --date-format MM/DD/YYYY"
    ) in err
    code, _out, err = _run(
        capsys,
        "import",
        "signals",
        str(path),
        "--book",
        str(book.path),
        "--date-format",
        "DD/MM/YYYY",
    )
    assert (code, err) == (0, "")
    assert query(book, "SELECT date FROM signal_reading ORDER BY date") == [
        ("2026-02-01",),
        ("2026-04-03",),
    ]


def test_map_delimiter_and_decimal_options(book, write_csv, capsys, query) -> None:
    text = "Kunde\tStichtag\tKennzahl\tWert\r\nAcme Corp\t31.10.2026\tcsm_read\t3,500\r\n"
    path = write_csv(data=codecs.BOM_UTF16_LE + text.encode("utf-16-le"), name="export.txt")
    book.close()
    args = ["import", "signals", str(path), "--book", str(book.path)]
    maps = ["--map", "Kunde=account", "--map", "Stichtag=date", "--map", "Kennzahl=signal"]
    maps += ["--map", "Wert=value"]
    code, _out, err = _run(capsys, *args, *maps)
    assert code == 1
    assert "say which with --decimal point or --decimal comma" in err
    code, out, err = _run(capsys, *args, *maps, "--delimiter", "tab", "--decimal", "comma")
    assert (code, err) == (0, "")
    assert "Read 1 row from export.txt (UTF-16, tab-separated)." in out
    assert query(book, "SELECT date, key, value FROM signal_reading") == [
        ("2026-10-31", "csm_read", 3.5)
    ]


def test_missing_column_is_one_clear_message(book, write_csv, capsys) -> None:
    path = write_csv("Company,When,Score\nAcme Corp,2026-01-01,9\n", "s.csv")
    book.close()
    code, _out, err = _run(capsys, "import", "signals", str(path), "--book", str(book.path))
    assert code == 1
    assert err == (
        'csm-desk: s.csv: the file has no "date" column and no "signal" column for signals '
        '(headers found: "Company", "When", "Score"); name them with --map "HEADER=date" '
        '--map "HEADER=signal"\n'
    )


def test_empty_header_only_and_missing_files(book, write_csv, tmp_path, capsys) -> None:
    book.close()
    cases = [
        (write_csv("", "empty.csv"), "csm-desk: empty.csv is empty\n"),
        (
            write_csv("Account Name,ARR\n", "header.csv"),
            "csm-desk: header.csv has a header row but no data rows\n",
        ),
        (tmp_path / "absent.csv", f"csm-desk: absent.csv: no file at {tmp_path / 'absent.csv'}\n"),
    ]
    for path, message in cases:
        code, _out, err = _run(capsys, "import", "accounts", str(path), "--book", str(book.path))
        assert (code, err) == (1, message)


def test_bad_options_are_refused(book, write_csv, capsys) -> None:
    book.close()
    path = write_csv(ACCOUNTS)
    code, _out, err = _run(
        capsys, "import", "accounts", str(path), "--book", str(book.path), "--date-format", "Y"
    )
    assert code == 1
    assert err.startswith("csm-desk: --date-format 'Y' is not one of:")
    code, _out, err = _run(
        capsys, "import", "accounts", str(path), "--book", str(book.path), "--map", "Nope=name"
    )
    assert code == 1
    assert 'the file has no column "Nope"' in err
