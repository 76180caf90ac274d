"""The importer's command-line advice said in the import dialog's words (no option names)."""

from __future__ import annotations

import pytest

from csm_desk.csvimport.hints import in_window_words
from csm_desk.csvimport.plan import plan_import
from csm_desk.csvimport.problems import ImportRefused

CENTRAL = "Account Name,ARR\nWrocław Logistyka,40000\n".encode("cp1250")


def _said(book, write_csv, kind: str, data: bytes) -> str:  # type: ignore[no-untyped-def]
    path = write_csv(data=data, name="f.csv")
    try:
        plan = plan_import(book, kind, path)
    except ImportRefused as exc:
        return str(exc)
    return plan.summary() + "\n" + "\n".join(str(p) for p in plan.problems)


@pytest.mark.parametrize(
    ("kind", "data", "words"),
    [
        ("accounts", b"Firm,ARR\nAcme,5\n", "choose it under Columns"),
        (
            "accounts",
            b"Account Name,Company,ARR\nAcme,Acme,5\n",
            'say which under Columns: "name" for "Account Name" (and "(not imported)" for '
            '"Company")',
        ),
        (
            "accounts",
            b"Account Name,Renewal Date\nAcme,05/03/2027\n",
            'say which under "Dates are written as"',
        ),
        ("accounts", b"Account Name\tARR\nAcme\t1,200\n", 'say which under "Numbers use"'),
        (
            "accounts",
            b"Account Name,Segment\nAcme,Pod\n",
            'or say what it is under "Read values as" (Pod=key)',
        ),
        ("accounts", CENTRAL, 'choose another under "Encoding" if it is one'),
        (
            "accounts",
            b"Account Name,ARR\nAcme,5\n" + "Café,4\n".encode("cp1252") + "Zürich,3\n".encode(),
            'choose its encoding under "Encoding"',
        ),
    ],
)
def test_advice_names_the_dialogs_controls(book, write_csv, kind, data, words) -> None:  # type: ignore[no-untyped-def]
    said = _said(book, write_csv, kind, data)
    assert "--" in said  # the command line's words
    window = in_window_words(said)
    assert words in window
    assert "--" not in window
