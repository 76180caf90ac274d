"""Documents state each health-change figure in the engine's one definition (DOMAIN.md §3.4):
the 30-day trend with the day it is measured from, the drop with its high and date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csm_desk.export import export_document
from csm_desk.export.handover import write_handover_brief
from csm_desk.models.bookfile import BookFile
from tests.export.conftest import body_text

# Northwind on 22 Nov 2026: 54.17 today; 76.25 on 18 Oct, the latest snapshot on or before
# 23 Oct (30 days back) → trend −22.1 since 18 Oct. Highest within 23 Oct–22 Nov: 74.75 on
# 25 Oct (1 Nov equal, later) → fell 20.6 points from 74.8 on 25 Oct.
TREND = "−22.1 since 18 Oct"
DROP = "Health fell 20.6 points from 74.8 on 25 Oct"


def test_the_account_brief_and_the_handover_brief_agree(
    demo_book: BookFile, demo_northwind: int, today: dt.date, tmp_path: Path
) -> None:
    brief = body_text(
        export_document(
            demo_book, demo_northwind, "account-brief", tmp_path / "a.docx", as_of=today
        )
    )
    handover = body_text(write_handover_brief(demo_book, tmp_path / "h.docx", today))
    for text in (brief, handover):
        assert TREND in text
        assert DROP in text
        assert "in 30 days" not in text
        # The explanation of the trend is measured from the same day.
        assert "Fell 22.1 points" in text
