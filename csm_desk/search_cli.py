"""``csm-desk search TEXT [--json] [--limit N]``: every free-text field of every account that
holds the words, best match first, with the matched words marked."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from csm_desk.models.bookfile import BookFile
from csm_desk.models.search import Hit, search_book

EXIT_OK = 0


def search_text(query: str, found: list[Hit]) -> str:
    """The hits for a person: account, where, and the words around the match in [brackets]."""
    if not found:
        return f"Nothing matches {query.strip()!r}" if query.strip() else "Nothing to look for"
    lines = [f"{len(found)} match{'es' if len(found) != 1 else ''} for {query.strip()!r}"]
    for hit in found:
        lines.append(f"  {hit.account} · {hit.label} (#{hit.row_id})")
        lines.append(f"      {' '.join(hit.marked().split())}")
    return "\n".join(lines)


def run_search(args: argparse.Namespace, open_book: Callable[[], BookFile]) -> int:
    query = " ".join(args.text)
    with open_book() as book:
        found = search_book(book, query, limit=args.limit)
    if args.json:
        data = {"query": query, "count": len(found), "hits": [h.to_json() for h in found]}
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(search_text(query, found))
    return EXIT_OK
