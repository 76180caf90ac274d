"""The words exports use for our vocabularies: segments, stakeholder roles, signals, ARR moves,
account lifecycle stages and expansion opportunities' stages and types.

Each reader accepts the stored key, its label, and the usual CRM spellings, compared without
case, spaces or punctuation; an unknown word raises ``ValueError`` naming what is accepted.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping

from csm_desk.engine.vocab import (
    ArrEventKind,
    Component,
    ExpansionKind,
    ExpansionStage,
    LifecycleStage,
    Role,
    Segment,
    SignalKey,
    Vocab,
)


def squash(text: str) -> str:
    """Lower case, accents and everything but letters and digits removed: how headers and
    vocabulary words are compared."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in plain if not unicodedata.combining(c)))


def _table(vocab: type[Vocab], extra: Mapping[str, Iterable[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for member in vocab:
        out[squash(member.value)] = member.value
        out[squash(member.label)] = member.value
    for key, words in extra.items():
        for word in words:
            out[squash(word)] = key
    return out


_SEGMENTS = _table(
    Segment,
    {
        "high_touch": (
            "enterprise",
            "strategic",
            "high",
            "named account",
            "named",
            "key account",
            "large enterprise",
            "großkunde",
            "grosskunde",
            "großkunden",
        ),
        "low_touch": (
            "mid-market",
            "midmarket",
            "mid market",
            "mm",
            "commercial",
            "mid",
            "low",
            "pooled",
            "mid-touch",
            "mid touch",
            "medium touch",
            "mid-size",
            "midsize",
            "growth",
            "mittelstand",
            "mittelständisch",
        ),
        "tech_touch": (
            "smb",
            "small business",
            "small and medium business",
            "scaled",
            "digital",
            "tech",
            "self-serve",
            "self serve",
            "long tail",
            "one to many",
            "1:many",
            "scale",
            "scaled touch",
            "self-service",
            "pooled digital",
            "kleinkunde",
            "kleinkunden",
        ),
    },
)

_ROLES = _table(
    Role,
    {
        "economic_buyer": (
            "eb",
            "economic buyer",
            "decision maker",
            "budget holder",
            "buyer",
            "signer",
            "signatory",
            "economic decision maker",
        ),
        "executive_sponsor": ("exec sponsor", "executive", "sponsor", "exec"),
        "champion": ("champ", "advocate", "power user"),
        "influencer": ("evaluator", "influencer / evaluator"),
        "end_user": ("user", "end user", "practitioner", "business user"),
        "technical_owner": (
            "technical contact",
            "technical buyer",
            "tech owner",
            "admin",
            "administrator",
            "system owner",
        ),
        "blocker": ("skeptic", "sceptic", "detractor", "blocker / skeptic", "opponent"),
        "internal_ally": ("ally", "coach"),
    },
)

_SIGNALS = _table(
    SignalKey,
    {
        "active_users": ("active users", "mau", "monthly active users", "users active"),
        "licensed_seats": ("seats", "licenses", "licences", "licensed users", "purchased seats"),
        "logins_per_user_month": ("logins per user", "logins per active user", "logins"),
        "features_in_use": ("features used", "key features in use", "features adopted"),
        "key_features": ("key features available", "total key features", "features available"),
        "nps": ("net promoter score", "nps response", "nps score", "likelihood to recommend"),
        "csat": ("customer satisfaction", "csat score"),
        "ces": ("customer effort", "customer effort score", "ces score"),
        "csm_read": ("csm read", "csm sentiment", "csm score", "csm pulse"),
        "open_high_sev_tickets": (
            "open high severity tickets",
            "high sev tickets",
            "p1 tickets",
            "open p1 tickets",
            "escalations",
        ),
        "tickets_30d": ("tickets last 30 days", "tickets 30 days", "tickets"),
        "tickets_monthly_avg_90d": (
            "tickets monthly average",
            "tickets per month 90 day average",
            "average monthly tickets",
        ),
    },
)

_COMPONENTS = _table(Component, {})
for _key in Component.choices():
    for _suffix in ("score", "health", "override", "health score"):
        _COMPONENTS[squash(f"{_key} {_suffix}")] = _key

_ARR_KINDS = _table(
    ArrEventKind,
    {
        "new": ("new business", "new logo", "new customer", "initial", "first year", "nb"),
        "renewal": ("renewed", "renew", "flat renewal"),
        "expansion": ("upsell", "upgrade", "cross-sell", "cross sell", "add-on", "increase"),
        "contraction": ("downgrade", "downsell", "down-sell", "decrease", "reduction"),
        "churn": ("churned", "cancellation", "cancelled", "canceled", "lost", "non-renewal"),
    },
)

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
    "other",
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


_LIFECYCLE = _table(LifecycleStage, _spelled(_LIFECYCLE_WORDS))
_BEFORE_CUSTOMER = frozenset(squash(word) for word in _BEFORE_CUSTOMER_WORDS)
_STAGES = _table(ExpansionStage, _spelled(_STAGE_WORDS))

_EXPANSION_KINDS = _table(
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


def _allowed(vocab: type[Vocab]) -> str:
    return ", ".join(member.value for member in vocab)


ValueMap = Mapping[str, str]


def parse_value_maps(entries: Iterable[str]) -> dict[str, str]:
    """``--map-value FROM=TO`` entries as a table from the squashed word to the word to read
    instead; ``ValueError`` for an entry that is not ``FROM=TO``."""
    out: dict[str, str] = {}
    for entry in entries:
        word, sep, key = entry.rpartition("=")
        if not sep or not squash(word) or not key.strip():
            raise ValueError(f'--map-value {entry!r} should be written "VALUE=key"')
        out[squash(word)] = key.strip()
    return out


def mapped(text: str, value_map: ValueMap | None) -> str:
    """The word to read for a cell: what ``--map-value`` says for it, else the cell."""
    if not value_map:
        return text
    return value_map.get(squash(text), text)


def read_segment(text: str, value_map: ValueMap | None = None) -> str:
    """A segment key from ``high_touch``, ``Enterprise``, ``Mid-Market``, ``SMB``, or what
    ``value_map`` maps the word to.

    Enterprise, strategic and key account are high touch (a named CSM); mid-market,
    mid-touch and growth are low touch (pooled CSMs); SMB, scale and digital are tech touch
    (one-to-many), as the three are sized in DOMAIN.md §5.
    """
    found = _SEGMENTS.get(squash(mapped(text, value_map)))
    if found is None:
        raise ValueError(
            f"{text!r} is not a segment (use {_allowed(Segment)}, or Enterprise, Mid-Market, SMB)"
        )
    return found


def read_roles(text: str, value_map: ValueMap | None = None) -> list[str]:
    """Role keys, in the vocabulary's order, from a cell listing several (``;`` ``,`` ``|``)."""
    wanted: set[str] = set()
    unknown: list[str] = []
    for part in re.split(r"[;,|\n]", text):
        if not part.strip():
            continue
        found = _ROLES.get(squash(mapped(part.strip(), value_map)))
        if found is None:
            unknown.append(part.strip())
        else:
            wanted.add(found)
    if unknown:
        names = ", ".join(repr(u) for u in unknown)
        raise ValueError(
            f"{names} {'is not a role' if len(unknown) == 1 else 'are not roles'}"
            f" (use {', '.join(r.label for r in Role)})"
        )
    return [r for r in Role.choices() if r in wanted]


def read_signal(text: str, value_map: ValueMap | None = None) -> SignalKey | Component:
    """A signal key (``nps``, ``Active users``…) or a health component (``usage``…), which
    sets a manual override."""
    key = squash(mapped(text, value_map))
    if key in _SIGNALS:
        return SignalKey(_SIGNALS[key])
    if key in _COMPONENTS:
        return Component(_COMPONENTS[key])
    raise ValueError(
        f"{text!r} is not a signal (use {_allowed(SignalKey)}; or a component to override: "
        f"{_allowed(Component)})"
    )


def read_arr_kind(text: str, value_map: ValueMap | None = None) -> str:
    """An ARR event kind from ``new``, ``Upsell``, ``Churned``…"""
    found = _ARR_KINDS.get(squash(mapped(text, value_map)))
    if found is None:
        raise ValueError(f"{text!r} is not a kind of ARR change (use {_allowed(ArrEventKind)})")
    return found


def read_lifecycle(text: str, value_map: ValueMap | None = None) -> str:
    """An account lifecycle stage from ``onboarding``, ``Implementation``, HubSpot's
    ``customer`` (adoption) and ``evangelist`` (growth)…; a stage before a customer (lead,
    opportunity) is refused: an account of the book is a customer."""
    key = squash(mapped(text, value_map))
    found = _LIFECYCLE.get(key)
    if found is not None:
        return found
    allowed = _allowed(LifecycleStage)
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
            f"{_allowed(ExpansionStage)}, or Salesforce's and HubSpot's stage names)"
        )
    return found


def read_expansion_kind(text: str, value_map: ValueMap | None = None) -> str:
    """The type of an expansion opportunity from ``upsell``, ``Cross-sell``, ``Seats``…"""
    found = _EXPANSION_KINDS.get(squash(mapped(text, value_map)))
    if found is None:
        raise ValueError(f"{text!r} is not a type of expansion (use {_allowed(ExpansionKind)})")
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
    lines.append(entry("refused", [*_BEFORE_CUSTOMER_WORDS[:-1], "other: not yet customers"]))
    lines.append("stage (expansions; e.g. Salesforce opportunities, HubSpot deals):")
    lines += [entry(key, words) for key, words in _STAGE_WORDS.items()]
    lines.append('Any other word: --map-value "WORD=key".')
    return "\n".join(lines)
