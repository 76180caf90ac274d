"""The words exports use for our vocabularies: segments, stakeholder roles, signals, ARR moves
(stages of accounts and opportunities are in ``stages``).

Each reader accepts the stored key, its label, and the usual CRM spellings, compared without
case, spaces or punctuation; an unknown word raises ``ValueError`` naming what is accepted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from csm_desk.engine.vocab import ArrEventKind, Component, Role, Segment, SignalKey, Vocab


def squash(text: str) -> str:
    """Lower case, accents and everything but letters and digits removed: how headers and
    vocabulary words are compared."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in plain if not unicodedata.combining(c)))


def word_table(vocab: type[Vocab], extra: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Squashed word → key: each key, its label, and the ``extra`` words given per key."""
    out: dict[str, str] = {}
    for member in vocab:
        out[squash(member.value)] = member.value
        out[squash(member.label)] = member.value
    for key, words in extra.items():
        for word in words:
            out[squash(word)] = key
    return out


_SEGMENTS = word_table(
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

_ROLES = word_table(
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

_SIGNALS = word_table(
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

_COMPONENTS = word_table(Component, {})
for _key in Component.choices():
    for _suffix in ("score", "health", "override", "health score"):
        _COMPONENTS[squash(f"{_key} {_suffix}")] = _key

_ARR_KINDS = word_table(
    ArrEventKind,
    {
        "new": ("new business", "new logo", "new customer", "initial", "first year", "nb"),
        "renewal": ("renewed", "renew", "flat renewal"),
        "expansion": ("upsell", "upgrade", "cross-sell", "cross sell", "add-on", "increase"),
        "contraction": ("downgrade", "downsell", "down-sell", "decrease", "reduction"),
        "churn": ("churned", "cancellation", "cancelled", "canceled", "lost", "non-renewal"),
    },
)


def allowed_keys(vocab: type[Vocab]) -> str:
    """The keys of ``vocab``, listed for a message."""
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
            f"{text!r} is not a segment (use {allowed_keys(Segment)}, or Enterprise, "
            "Mid-Market, SMB)"
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
        f"{text!r} is not a signal (use {allowed_keys(SignalKey)}; or a component to override: "
        f"{allowed_keys(Component)})"
    )


def read_arr_kind(text: str, value_map: ValueMap | None = None) -> str:
    """An ARR event kind from ``new``, ``Upsell``, ``Churned``…"""
    found = _ARR_KINDS.get(squash(mapped(text, value_map)))
    if found is None:
        raise ValueError(f"{text!r} is not a kind of ARR change (use {allowed_keys(ArrEventKind)})")
    return found
