"""Render every Word export of the demo book to PDF and PNG pages, to look at the typesetting.

    python tools/render_docs.py OUTDIR [--today YYYY-MM-DD] [--account NAME] [--dpi N]

Writes the demo book to OUTDIR, exports every document of Northwind Payments (or ``--account``)
and the hand-over brief as .docx, converts each to PDF with LibreOffice (a private profile under
OUTDIR), renders the pages to PNG with pdftoppm, and prints each file written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csm_desk.export import (  # noqa: E402
    DOCUMENTS,
    ExportError,
    export_document,
    write_handover_brief,
)
from csm_desk.export.cli import find_account  # noqa: E402
from csm_desk.models.bookfile import BookFile  # noqa: E402
from csm_desk.models.demo import write_demo  # noqa: E402

TIMEOUT = 300


def tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(f"{names[0]} is not installed (see tools/system-deps.sh)")


def to_pdf(docs: list[Path], out: Path) -> list[Path]:
    soffice = tool("soffice", "libreoffice")
    profile = out / ".lo-profile"
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docs),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return [out / f"{d.stem}.pdf" for d in docs]


def to_png(pdf: Path, dpi: int) -> list[Path]:
    pdftoppm = tool("pdftoppm")
    for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-r", str(dpi), "-png", str(pdf), str(pdf.with_suffix(""))],
        check=True,
        timeout=TIMEOUT,
    )
    return sorted(pdf.parent.glob(f"{pdf.stem}-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 22))
    parser.add_argument("--account", default="Northwind Payments")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--successor", default="Jamie Chen", help="the hand-over brief's reader")
    args = parser.parse_args()
    out: Path = args.outdir
    out.mkdir(parents=True, exist_ok=True)
    book_path = out / "Demo.csmbook"
    if book_path.exists():
        book_path.unlink()
    write_demo(book_path, args.today)
    docs = []
    with BookFile.open(book_path) as book:
        account_id, _name = find_account(book, args.account)
        for key in DOCUMENTS:
            target = out / f"{key}.docx"
            target.unlink(missing_ok=True)
            # Rendered to be looked at, so a sparse account's plans are written as they are; a
            # document the account cannot have (a recap without a customer meeting) is skipped.
            try:
                docs.append(
                    export_document(
                        book, account_id, key, target, as_of=args.today, allow_incomplete=True
                    )
                )
            except ExportError as exc:
                print(f"{key}: skipped ({exc})")
        target = out / "handover-brief.docx"
        target.unlink(missing_ok=True)
        docs.append(write_handover_brief(book, target, args.today, successor=args.successor))
    for doc, pdf in zip(docs, to_pdf(docs, out), strict=True):
        pages = to_png(pdf, args.dpi)
        print(f"{doc.name}: {pdf.name}, {len(pages)} pages ({pages[0].name} …)")


if __name__ == "__main__":
    main()
