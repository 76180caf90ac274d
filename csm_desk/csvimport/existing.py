"""What the book already holds, read once per import so each row can be matched to its row.

Accounts are read whole (a book has at most a few thousand); the rows an import may update
(stakeholders, readings, overrides, ARR events) are read only for the accounts and dates the
file names.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from csm_desk.engine.settings import BookSettings
from csm_desk.models.load import read_settings

_CHUNK = 500
# Legal-form words that do not tell two companies apart in a CSM's book ("Acme Logistics" and
# "Acme Logistics, Inc." are one customer); compared after punctuation is dropped.
_LEGAL_FORMS = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "llp",
        "lp",
        "plc",
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "kgaa",
        "ohg",
        "ug",
        "se",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "oy",
        "oyj",
        "ab",
        "asa",
        "as",
        "aps",
        "pty",
        "pte",
        "kk",
        "sp",
        "zoo",
        "group",
        "holding",
        "holdings",
        "the",
    ]
)


_SP_Z_OO = re.compile(r"\bs\.?\s*p\.?\s*z\s*o\.?\s*o\.?")  # Polish "sp. z o.o."
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def base_name(name: str) -> str:
    """A company name without case, accents, punctuation and legal forms: what near-duplicate
    names share ("ACME Logistics, Inc." and "Acme-Logistics GmbH" → "acme logistics")."""
    plain = name.casefold()
    if not plain.isascii():
        plain = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = _SP_Z_OO.sub(" ", plain)
    words = _NOT_WORD.sub(" ", plain.replace(".", "")).split()
    kept = [w for w in words if w not in _LEGAL_FORMS]
    return " ".join(kept or words)


ACCOUNT_COLUMNS = (
    "id",
    "name",
    "crm_id",
    "arr",
    "segment",
    "segment_pinned",
    "renewal_date",
    "contract_start",
    "contract_term_months",
    "industry",
    "product_tier",
    "lifecycle_stage",
    "complexity",
    "growth_potential",
    "strategic_value",
)


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class AccountIndex:
    """The book's accounts, findable by CRM id or by name (without case).

    Attributes:
        rows: account id → its row (a dict of ``ACCOUNT_COLUMNS``).
        settings: the book's settings (segment thresholds).
    """

    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    settings: BookSettings = field(default_factory=BookSettings)
    _by_crm: dict[str, int] = field(default_factory=dict)
    _by_crm_fold: dict[str, list[int]] = field(default_factory=dict)
    _by_name: dict[str, list[int]] = field(default_factory=dict)
    _by_sf15: dict[str, list[int]] = field(default_factory=dict)
    _by_base: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for account_id, row in self.rows.items():
            self._index(account_id, row)

    def _index(self, account_id: int, row: dict[str, Any]) -> None:
        crm = (row.get("crm_id") or "").strip()
        if crm:
            self._by_crm[crm] = account_id
            self._by_crm_fold.setdefault(crm.casefold(), []).append(account_id)
            if len(crm) == 18:
                self._by_sf15.setdefault(crm[:15], []).append(account_id)
        self._by_name.setdefault((row.get("name") or "").strip().casefold(), []).append(account_id)
        base = base_name(row.get("name") or "")
        if base:
            self._by_base.setdefault(base, []).append(account_id)

    def by_crm_id(self, crm_id: str) -> int | None:
        """The account with this CRM id: exactly, else without case when only one matches,
        else a Salesforce 15-character id matching its 18-character form (or back)."""
        text = crm_id.strip()
        if text in self._by_crm:
            return self._by_crm[text]
        folded = self._by_crm_fold.get(text.casefold(), [])
        if len(folded) == 1:
            return folded[0]
        if len(text) == 18 and text[:15] in self._by_crm:
            return self._by_crm[text[:15]]
        longer = self._by_sf15.get(text, []) if len(text) == 15 else []
        return longer[0] if len(longer) == 1 else None

    def by_name(self, name: str) -> list[int]:
        return list(self._by_name.get(name.strip().casefold(), []))

    def near(self, name: str, base: str | None = None) -> list[int]:
        """Accounts whose names differ from ``name`` only in case, punctuation or a legal
        form (Inc., Ltd, GmbH…), the same name excluded (``base``: its ``base_name``)."""
        found = self._by_base.get(base if base is not None else base_name(name), [])
        if not found:
            return []
        exact = set(self.by_name(name))
        return [i for i in found if i not in exact]

    def resolve(self, text: str) -> tuple[int | None, str]:
        """The account a cell names (CRM id first, then name), or None and why not."""
        found = self.by_crm_id(text)
        if found is not None:
            return found, ""
        named = self.by_name(text)
        if len(named) == 1:
            return named[0], ""
        if named:
            return None, (
                f"{len(named)} accounts are called {text.strip()!r}; use the account's CRM id"
            )
        close = self.near(text)
        if close:
            names = " or ".join(repr(self.rows[i]["name"]) for i in close)
            return None, (
                f"no account called {text.strip()!r} in the book; it has {names} (write the "
                "name as the book has it, or use the CRM id)"
            )
        return None, f"no account called {text.strip()!r} (by name or CRM id) in the book"


def read_accounts(conn: Connection | None) -> AccountIndex:
    """Every account of the book (an empty index for a book not created yet)."""
    if conn is None:
        return AccountIndex()
    _owner, _currency, settings = read_settings(conn)
    sql = f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM account ORDER BY id"
    rows: dict[int, dict[str, Any]] = {}
    for record in conn.exec_driver_sql(sql).all():
        row = dict(zip(ACCOUNT_COLUMNS, record, strict=True))
        row["segment_pinned"] = bool(row["segment_pinned"])
        row["renewal_date"] = _date(row["renewal_date"])
        row["contract_start"] = _date(row["contract_start"])
        rows[int(row["id"])] = row
    return AccountIndex(rows, settings)


def read_rows(
    conn: Connection | None,
    table: str,
    columns: Sequence[str],
    account_ids: Iterable[int],
    dates: Sequence[dt.date] = (),
) -> list[dict[str, Any]]:
    """Rows of ``table`` for some accounts (and, when ``dates`` are given, within their span);
    ``date`` and ``last_contact`` come back as dates."""
    if conn is None:
        return []
    ids = sorted(set(account_ids))
    out: list[dict[str, Any]] = []
    span = ""
    params: tuple[Any, ...] = ()
    if dates:
        span = " AND date BETWEEN ? AND ?"
        params = (min(dates).isoformat(), max(dates).isoformat())
    for part in chunks(ids):
        marks = ",".join("?" * len(part))
        sql = (
            f"SELECT {', '.join(columns)} FROM {table} WHERE account_id IN ({marks}){span} "
            "ORDER BY id"
        )
        for record in conn.exec_driver_sql(sql, (*part, *params)).all():
            row = dict(zip(columns, record, strict=True))
            for name in ("date", "last_contact"):
                if name in row:
                    row[name] = _date(row[name])
            out.append(row)
    return out
