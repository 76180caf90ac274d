"""Whatever the user typed, every export succeeds and re-opens: control characters, right-to-left
text, emoji, combining marks and 10,000-character fields in every text field."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csm_desk.export import DOCUMENTS, export_document, write_handover_brief
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import Kind, specs_of
from csm_desk.models.ops import Batch, SetFields
from csm_desk.models.tables import ALL_TABLES
from csm_desk.models.writer import Writer
from tests.conftest import TODAY
from tests.export.conftest import account_rows

TEXT_KINDS = (Kind.TEXT, Kind.LONGTEXT, Kind.LINES)

pieces = st.one_of(
    st.text(st.characters(max_codepoint=0x1F), max_size=5),  # control characters
    st.sampled_from(["مرحبا بالعالم", "שלום עולם", "نص عربي\nسطر ثان", "RTL ‏mark‎"]),
    st.sampled_from(["👩🏽‍💼", "🚀✨", "🇳🇴", "e\u0301\u0308\u0323", "ﷺ", "\u200b\u2028\u2029"]),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.sampled_from(["<w:t>&amp;</w:t>", "]]>", "\t\ttabs", "\r\n\r\n", '"quotes" & <angles>']),
)
values = st.one_of(
    st.lists(pieces, min_size=1, max_size=6).map("".join),
    pieces.map(lambda p: ((p or "long ") * 10000)[:10000]),
)


def _fill(book: BookFile, account_id: int, texts: list[str]) -> None:
    cycle = itertools.cycle(texts)
    ops = []
    for table in ALL_TABLES:
        fields = [n for n, s in specs_of(table).items() if s.kind in TEXT_KINDS]
        if not fields:
            continue
        for row in account_rows(book, account_id, table):
            if "id" not in row:
                continue
            # A leading letter keeps required fields non-empty; the rest is the fuzz.
            ops.append(
                SetFields(
                    str(table.__tablename__),
                    {"id": row["id"]},
                    {f: "A" + next(cycle) for f in fields},
                )
            )
    Writer(book).run(Batch("fuzz", ops))


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(values, min_size=3, max_size=12))
def test_every_export_survives_any_text(
    texts: list[str], sample_master: tuple[Path, int, tuple[int, ...]], tmp_path: Path
) -> None:
    folder = tmp_path / f"run-{abs(hash(tuple(texts)))}"
    folder.mkdir()
    path = folder / "Sample.csmbook"
    shutil.copyfile(sample_master[0], path)
    northwind = sample_master[1]
    with BookFile.open(path) as book:
        _fill(book, northwind, texts)
        written = [
            export_document(book, northwind, key, folder / f"{key}.docx", as_of=TODAY)
            for key in DOCUMENTS
        ]
        written.append(write_handover_brief(book, folder / "handover.docx", TODAY))
    for out in written:
        document = docx.Document(str(out))
        assert document.paragraphs
        assert document.core_properties.author.startswith("A")


def test_a_huge_field_is_kept_whole(sample_book: BookFile, northwind: int, tmp_path: Path) -> None:
    vision = "Vision " + "🚀 مرحبا e\u0301 " * 1000
    Writer(sample_book).run(
        SetFields("account", {"id": northwind}, {"success_vision": vision + "\x00\x1b end"})
    )
    out = export_document(
        sample_book, northwind, "success-plan", tmp_path / "p.docx", as_of=dt.date(2026, 11, 22)
    )
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert vision + " end" in text
