"""The stages exports give accounts and expansion opportunities: an account's lifecycle stage
(HubSpot's "Lifecycle Stage") and an opportunity's stage and type (a Salesforce opportunities
report, a HubSpot deals export), read as the book's keys.

Each reader accepts the stored key, its label and the CRMs' words, compared without case,
spaces or punctuation; an unknown word raises ``ValueError`` naming what is accepted.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from csm_desk.csvimport.words import ValueMap, allowed_keys, mapped, squash, word_table
from csm_desk.engine.vocab import ExpansionKind, ExpansionStage, LifecycleStage

# An account's lifecycle stage (DOMAIN.md: onboarding, adoption, growth, renewal). HubSpot's
# lifecycle stages for a company that buys are "customer" (live and using: adoption) and
# "evangelist" (an advocate, where growth comes from).
_LIFECYCLE_WORDS: dict[str, tuple[str, ...]] = {
    "onboarding": (
        "implementation",
        "implementing",
        "kickoff",
        "kick-off",
        "new customer",
        "getting started",
        "setup",
        "activation",
        "Einführung",
    ),
    "adoption": (
        "customer (HubSpot)",
        "live",
        "active",
        "active customer",
        "adopting",
        "nurture",
        "steady state",
        "value realization",
        "value realisation",
        "Nutzung",
    ),
    "growth": (
        "evangelist (HubSpot)",
        "advocate",
        "advocacy",
        "expansion",
        "expanding",
        "expand",
        "upsell",
        "Wachstum",
    ),
    "renewal": ("renewing", "up for renewal", "renewal due", "Verlängerung"),
}
# The stages a CRM gives a contact or company before it buys: not an account of the book.
_BEFORE_CUSTOMER_WORDS = (
    "subscriber",
    "lead",
    "marketing qualified lead",
    "MQL",
    "sales qualified lead",
    "SQL",
    "opportunity",
    "prospect",
)

# Expansion opportunity stages (DOMAIN.md §6: identified 0.10, qualified 0.25, proposed 0.50,
# committed 0.75, closed 1.00, lost 0). Salesforce's default opportunity stages and HubSpot's
# default deal stages are read as the stage whose probability is nearest theirs: a Salesforce
# "Qualification" (10%) is still being qualified, so it is identified; "Negotiation/Review"
# (90%) and HubSpot's "Contract sent" (90%) are committed.
_STAGE_WORDS: dict[str, tuple[str, ...]] = {
    "identified": (
        "Prospecting",
        "Qualification",
        "Appointment scheduled",
        "prospect",
        "discovery",
        "open",
        "new",
        "idea",
    ),
    "qualified": (
        "Needs Analysis",
        "Value Proposition",
        "Id. Decision Makers",
        "Perception Analysis",
        "Qualified to buy",
        "identify decision makers",
        "evaluation",
        "solution",
    ),
    "proposed": (
        "Proposal/Price Quote",
        "Presentation scheduled",
        "proposal",
        "proposal sent",
        "price quote",
        "quote",
        "quote sent",
    ),
    "committed": (
        "Negotiation/Review",
        "Decision maker bought-in",
        "Contract sent",
        "negotiation",
        "commit",
        "verbal commit",
        "verbal",
    ),
    "closed": ("Closed Won", "won", "booked", "signed"),
    "lost": ("Closed Lost", "dead", "no decision", "disqualified", "lost deal"),
}


def _spelled(words: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The words as a table reads them: a note in brackets (the CRM using it) left out."""
    return {k: tuple(re.sub(r"\s*\(.*\)$", "", w) for w in ws) for k, ws in words.items()}


_LIFECYCLE = word_table(LifecycleStage, _spelled(_LIFECYCLE_WORDS))
_BEFORE_CUSTOMER = frozenset(squash(word) for word in _BEFORE_CUSTOMER_WORDS)
_STAGES = word_table(ExpansionStage, _spelled(_STAGE_WORDS))

_EXPANSION_KINDS = word_table(
    ExpansionKind,
    {
        "upsell": (
            "up-sell",
            "upgrade",
            "tier upgrade",
            "add-on",
            "addon",
            "existing customer - upgrade",
        ),
        "cross_sell": (
            "cross sell",
            "crosssell",
            "new product",
            "new module",
            "additional product",
        ),
        "seats": (
            "seat expansion",
            "more seats",
            "add seats",
            "licenses",
            "licences",
            "license expansion",
            "licence expansion",
            "headcount",
        ),
        "usage": ("consumption", "overage", "usage-based", "usage based", "volume"),
    },
)


def read_lifecycle(text: str, value_map: ValueMap | None = None) -> str:
    """An account lifecycle stage from ``onboarding``, ``Implementation``, HubSpot's
    ``customer`` (adoption) and ``evangelist`` (growth)…; a stage before a customer (lead,
    opportunity) is refused: an account of the book is a customer."""
    key = squash(mapped(text, value_map))
    found = _LIFECYCLE.get(key)
    if found is not None:
        return found
    allowed = allowed_keys(LifecycleStage)
    if key in _BEFORE_CUSTOMER:
        raise ValueError(
            f"{text!r} is a stage before someone buys, and an account of the book is a "
            f"customer (use {allowed}, or HubSpot's customer or evangelist)"
        )
    raise ValueError(f"{text!r} is not a lifecycle stage (use {allowed})")


def read_stage(text: str, value_map: ValueMap | None = None) -> str:
    """An expansion opportunity's stage from ``qualified``, Salesforce's ``Closed Won`` or
    ``Prospecting``, HubSpot's ``Contract sent``…"""
    found = _STAGES.get(squash(mapped(text, value_map)))
    if found is None:
        raise ValueError(
            f"{text!r} is not a stage of an expansion opportunity (use "
            f"{allowed_keys(ExpansionStage)}, or Salesforce's and HubSpot's stage names)"
        )
    return found


def read_expansion_kind(text: str, value_map: ValueMap | None = None) -> str:
    """The type of an expansion opportunity from ``upsell``, ``Cross-sell``, ``Seats``…"""
    found = _EXPANSION_KINDS.get(squash(mapped(text, value_map)))
    if found is None:
        raise ValueError(f"{text!r} is not a type of expansion (use {allowed_keys(ExpansionKind)})")
    return found


def stage_words(width: int = 78) -> str:
    """The words read as each lifecycle stage and expansion stage (besides the keys and
    their labels), for ``import --help``."""

    def entry(key: str, words: Iterable[str]) -> str:
        return textwrap.fill(
            f"{key:<11} {', '.join(words)}",
            width,
            initial_indent="  ",
            subsequent_indent=" " * 14,
            break_on_hyphens=False,
        )

    lines = [
        "Words read as stages, besides the keys themselves (case and punctuation aside):",
        "",
        'lifecycle_stage (accounts; e.g. HubSpot\'s "Lifecycle Stage" column):',
    ]
    lines += [entry(key, words) for key, words in _LIFECYCLE_WORDS.items()]
    lines.append(
        textwrap.fill(
            "refused, as not yet customers: " + ", ".join(_BEFORE_CUSTOMER_WORDS),
            width,
            initial_indent="  ",
            subsequent_indent="  ",
        )
    )
    lines.append("stage (expansions; e.g. Salesforce opportunities, HubSpot deals):")
    lines += [entry(key, words) for key, words in _STAGE_WORDS.items()]
    lines.append('Any other word: --map-value "WORD=key".')
    return "\n".join(lines)
