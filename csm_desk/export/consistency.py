"""One number per fact: where a narrative the CSM typed quotes a success metric, the value it
quotes must be the one the book holds for the document's date.

A sentence "quotes" a metric when it names it; the numbers in that sentence other than the
metric's baseline and target are the values it claims. When there are some and none of them is
the book's value (to the precision written), the document would contradict its own table, so
the mismatch is reported before the document is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from csm_desk.export.customer_view import CustomerAccountView, ViewKpi, ViewReview
from csm_desk.export.text import day, number, one_line

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])|\b(" + "|".join(NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
# A sentence ends at a full stop, a semicolon or a line break (not at a decimal point).
_SENTENCE = re.compile(r"(?<!\d)[.;!?](?!\d)|\n")


@dataclass(frozen=True)
class Mismatch:
    """A narrative quoting a metric at a value the book does not hold.

    Attributes:
        where: the narrative's name ("the outcomes").
        metric: the metric's name.
        quoted: the value as the narrative writes it.
        held: the book's value, in words.
        as_of: the date the book's value is read on.
    """

    where: str
    metric: str
    quoted: str
    held: str
    as_of: dt.date

    def sentence(self) -> str:
        """The mismatch in one sentence: where, what is written and what the book holds."""
        return (
            f"{self.where[0].upper()}{self.where[1:]}: {self.metric} is given as {self.quoted}, "
            f"but the book holds {self.held} on {day(self.as_of)}"
        )


def _same(written: str, value: float, held: float) -> bool:
    """Whether ``written`` (``value``) is ``held`` to the precision it is written with."""
    decimals = len(written.split(".")[1]) if "." in written else 0
    return bool(abs(value - held) <= 0.5 * 10.0**-decimals + 1e-9)


# What follows a number given in percent: a percent sign, or a range ending in one ("87–93%").
_PERCENT_AFTER = re.compile(r"\s?(%|percent\b|[–-]\s?\d+(\.\d+)?\s?%)")
STOP_WORDS = frozenset({"with", "from", "into", "within", "than", "that", "this", "per", "the"})
STEM = 5
_WORD = re.compile(r"[^\W\d_]+")


def _stems(text: str) -> list[str]:
    return [w.casefold()[:STEM] for w in _WORD.findall(text)]


def names_metric(sentence: str, kpi: ViewKpi) -> bool:
    """Whether ``sentence`` speaks of ``kpi``: every longer word of its name appears in it, as
    written or in another form ("transactions match automatically" for "Transactions matched
    automatically").

    >>> k = ViewKpi(1, None, "Auto-match rate", "%", 62, 87, 95, True, None, None, ())
    >>> names_metric("The auto-match rate reached 93%", k), names_metric("Rates rose", k)
    (True, False)
    """
    wanted = [
        w
        for w in _WORD.findall(one_line(kpi.name))
        if len(w) >= 4 and w.casefold() not in STOP_WORDS
    ]
    if not wanted:
        return False
    present = set(_stems(sentence))
    return all(w.casefold()[:STEM] in present for w in wanted)


def _claims(sentence: str, kpi: ViewKpi) -> list[tuple[str, float]]:
    """The values ``sentence`` gives for ``kpi``: its numbers (with a percent sign, for a metric
    in percent), less the metric's baseline and target.
    """
    found = []
    percent = one_line(kpi.unit) == "%"
    for match in _NUMBER.finditer(sentence):
        digits, word = match.group(1), match.group(2)
        if percent and not _PERCENT_AFTER.match(sentence[match.end() :]):
            continue
        written = digits or word
        value = float(digits.replace(",", "")) if digits else float(NUMBER_WORDS[word.lower()])
        if kpi.baseline is not None and _same(written, value, kpi.baseline):
            continue
        if kpi.target is not None and _same(written, value, kpi.target):
            continue
        found.append((written, value))
    return found


def quoted_mismatches(
    where: str, text: str | None, kpis: Sequence[ViewKpi], as_of: dt.date
) -> list[Mismatch]:
    """Every metric ``text`` quotes at a value other than its current one (see the module)."""
    if not text:
        return []
    found: list[Mismatch] = []
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    for kpi in kpis:
        if kpi.current is None:
            continue
        for sentence in sentences:
            if not names_metric(sentence, kpi):
                continue
            claims = _claims(sentence, kpi)
            if not claims or any(_same(w, v, kpi.current) for w, v in claims):
                continue
            written = claims[-1][0]
            quoted = f"{written}%" if one_line(kpi.unit) == "%" else written
            found.append(
                Mismatch(where, one_line(kpi.name), quoted, number(kpi.current, kpi.unit), as_of)
            )
            break
    return found


def _review_texts(review: ViewReview) -> Iterable[tuple[str, str | None]]:
    yield "the outcomes", review.outcomes
    yield "what changed", review.what_changed
    yield "the friction noted", review.friction


def review_mismatches(view: CustomerAccountView, review: ViewReview) -> list[Mismatch]:
    """The metrics a review's narrative quotes at values the book does not hold on the date of
    ``view`` (the review's own date for a QBR).
    """
    found: list[Mismatch] = []
    for where, text in _review_texts(review):
        found += quoted_mismatches(where, text, view.kpis, view.as_of)
    return found


def plan_mismatches(view: CustomerAccountView) -> list[Mismatch]:
    """The metrics the success vision quotes at values the book does not hold."""
    return quoted_mismatches("the success vision", view.success_vision, view.kpis, view.as_of)
