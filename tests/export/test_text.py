"""Text helpers: what Word cannot store is dropped, and numbers print the way people read them."""

from __future__ import annotations

import datetime as dt

from csm_desk.export import text


def test_clean_drops_xml_illegal_characters_and_keeps_the_rest() -> None:
    raw = "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ud800h\ufffei\uffffj\tk\nl"
    assert text.clean(raw) == "abcdefghij\tk\nl"
    assert text.clean("مرحبا 👋 e\u0301") == "مرحبا 👋 e\u0301"
    assert text.clean(None) == ""
    assert text.clean("a\r\nb\rc") == "a\nb\nc"


def test_lines_and_paragraphs() -> None:
    assert text.lines("  one \n\n two\x07\n   ") == ["one", "two"]
    assert text.paragraphs("first\nstill first\n\n\nsecond\n") == ["first\nstill first", "second"]
    assert text.one_line(" a \n b\t c ") == "a b c"


def test_right_to_left_is_detected_by_its_first_strong_character() -> None:
    assert text.is_rtl("שלום world")
    assert text.is_rtl("123 مرحبا")
    assert not text.is_rtl("hello مرحبا")
    assert not text.is_rtl("123 …")


def test_money_number_percent_and_dates() -> None:
    assert text.money(120000, "USD") == "$120,000"
    assert text.money(1234.5, "EUR") == "€1,234.50"
    assert text.money(-500, "GBP") == "−£500"
    assert text.money(9000, "CHF") == "9,000 CHF"
    assert text.money(None, "USD") == ""
    assert text.number(82, "%") == "82%"
    assert text.number(2.5, "days") == "2.5 days"
    assert text.number(1250, None) == "1,250"
    assert text.percent(92) == "92.0%"
    assert text.signed(-4) == "−4.0"
    assert text.day(dt.date(2026, 11, 2)) == "2 Nov 2026"
    assert text.long_day(dt.date(2026, 11, 22)) == "22 November 2026"
    assert text.days_phrase(54) == "in 54 days"
    assert text.days_phrase(-1) == "1 day ago"
    assert text.join_names(["A", " ", "B", "C"]) == "A, B and C"


def test_a_quotation_keeps_its_own_attribution() -> None:
    assert text.split_quote("“Worth it.” (Priya Raman, Director)") == (
        "Worth it.",
        "Priya Raman, Director",
    )
    assert text.split_quote('"Fast close" — Dana') == ("Fast close", "Dana")
    assert text.split_quote("“Just the words.”") == ("Just the words.", None)
    assert text.split_quote("Plain words, no marks") == ("Plain words, no marks", None)
