"""Links held by an account, a meeting, a risk or a milestone: which targets are safe to open.

A link is a web address or a file path. Opening one hands it to the desktop, so a target that
would run code or carry a document inline (``javascript:``, ``data:``, ``vbscript:``…) is
refused when it is typed, and again if one is found in a book.
"""

from __future__ import annotations

import re
import unicodedata

# Schemes the desktop opens as a place to go, not as code to run.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "file", "ftp", "sftp", "tel"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _without_controls(text: str) -> str:
    # Browsers drop tabs, newlines and other control characters inside a scheme
    # ("java\tscript:"), so they are dropped before the scheme is read.
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf")).strip()


def link_scheme(target: str) -> str | None:
    r"""The scheme of a link, lower case, or None for a file path.

    >>> link_scheme("https://example.com"), link_scheme("C:\\Docs\\plan.docx")
    ('https', None)
    >>> link_scheme(" Java\tScript:alert(1)"), link_scheme("~/notes/qbr.md")
    ('javascript', None)
    """
    text = _without_controls(target)
    if _DRIVE.match(text):
        return None
    found = _SCHEME.match(text)
    return found.group(1).lower() if found else None


def link_problem(target: str) -> str | None:
    """Why a link target cannot be kept, or None when it can.

    >>> link_problem("https://wiki.example.com/northwind") is None
    True
    >>> link_problem("javascript:alert(1)")
    'uses the unsafe javascript: scheme; give a web address (https://…) or a file path'
    """
    if not _without_controls(target):
        return "is empty"
    scheme = link_scheme(target)
    if scheme is None or scheme in SAFE_SCHEMES:
        return None
    return f"uses the unsafe {scheme}: scheme; give a web address (https://…) or a file path"


def is_web_address(target: str) -> bool:
    """Whether a link opens in a browser (else it is a file path or another safe scheme)."""
    return link_scheme(target) in ("http", "https")
