"""The engine's rules, declared: every alert, discipline criterion, coverage gap and health input.

Each rule is a small function in the module it belongs to, declared with ``declare``: its code,
its kind, the DOMAIN.md section it implements, the settings it reads (names of
``engine.settings.THRESHOLDS``) and, for an alert or a gap, the severities it gives and the
playbook it suggests. The function's docstring quotes the DOMAIN.md sentence it implements.
``registered`` lists them all (``docs/rules.md`` is generated from it by ``tools/rules_doc.py``);
the callers (``engine.alerts.account_alerts``, ``engine.coverage.coverage_findings``,
``engine.discipline.artifact_states``, ``engine.health_inputs.component_inputs``) loop over them.

A rule that is both an alert and a coverage gap (``no_champion``…) is one function declared
twice, so the alert and the map's panel cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from csm_desk.engine.settings import THRESHOLDS
from csm_desk.engine.vocab import AlertCode, AlertSeverity, Area, Artifact, Component, Vocab

F = TypeVar("F", bound=Callable[..., Any])


class RuleKind(Vocab):
    """What a rule decides, in the order ``docs/rules.md`` lists them."""

    ALERT = "alert"
    COVERAGE = "coverage"
    DISCIPLINE = "discipline"
    HEALTH_INPUT = "health_input"


@dataclass(frozen=True)
class Hit:
    """What a firing alert or coverage rule found.

    Attributes:
        message: the sentence shown with the alert (and with the gap, unless ``listing``).
        date: the date it concerns; None for the as-of date.
        severity: None for the rule's first declared severity.
        people: ids of the stakeholders concerned, in map order (coverage gaps).
        listing: the sentence of the stakeholder map's coverage panel, when it words the same
            finding differently (naming the people).
    """

    message: str
    date: dt.date | None = None
    severity: AlertSeverity | None = None
    people: tuple[int, ...] = ()
    listing: str | None = None


@dataclass(frozen=True)
class Rule:
    """One declared rule.

    Attributes:
        code: the alert code, coverage gap, artifact or health input key.
        section: the DOMAIN.md section it implements ("§7").
        check: the function that decides it.
        settings: the names of the settings it reads.
        severities: the severities an alert or gap can have, the usual one first.
        playbook: what an alert suggests doing.
        area: where in the account workspace an alert is dealt with.
        component: the health component a health input belongs to.
    """

    code: str
    kind: RuleKind
    section: str
    check: Callable[..., Any]
    settings: tuple[str, ...] = ()
    severities: tuple[AlertSeverity, ...] = ()
    playbook: str = ""
    area: Area | None = None
    component: Component | None = None

    @property
    def summary(self) -> str:
        """The first paragraph of the rule's docstring, on one line."""
        return " ".join((inspect.getdoc(self.check) or "").split("\n\n", 1)[0].split())


SETTING_NAMES = frozenset(t.key for t in THRESHOLDS)
_DECLARED: list[Rule] = []

# The modules that declare rules; ``registered`` imports them so the list is whole.
RULE_MODULES = ("health_inputs", "discipline", "coverage", "alert_rules")


def declare(
    kind: RuleKind,
    code: str,
    section: str,
    *,
    settings: tuple[str, ...] = (),
    severities: tuple[AlertSeverity, ...] = (),
    playbook: str = "",
    area: Area | None = None,
    component: Component | None = None,
) -> Callable[[F], F]:
    """Declare the decorated function as the rule ``code`` of ``kind`` (returned unchanged).

    A setting name that ``engine.settings`` does not declare is refused at import.
    """
    unknown = [s for s in settings if s not in SETTING_NAMES]
    if unknown:
        raise ValueError(f"rule {code} reads undeclared settings {unknown}")

    def register(check: F) -> F:
        _DECLARED.append(
            Rule(
                code=code,
                kind=kind,
                section=section,
                check=check,
                settings=settings,
                severities=severities,
                playbook=playbook,
                area=area,
                component=component,
            )
        )
        return check

    return register


def declared(kind: RuleKind) -> tuple[Rule, ...]:
    """The rules of ``kind`` declared so far, in declaration order (for the modules' own loops,
    which run after their module has declared its rules)."""
    return tuple(r for r in _DECLARED if r.kind is kind)


def registered(kind: RuleKind | None = None) -> tuple[Rule, ...]:
    """Every rule (of ``kind``), once every rule module is imported: by kind, then declared."""
    for name in RULE_MODULES:
        importlib.import_module(f"csm_desk.engine.{name}")
    order = list(RuleKind)
    found = [r for r in _DECLARED if kind is None or r.kind is kind]
    return tuple(sorted(found, key=lambda r: order.index(r.kind)))


def _position(rule: Rule) -> int:
    """Where a rule comes in its kind's list: alerts in ``AlertCode`` order, discipline rules in
    ``Artifact`` order, others as declared."""
    codes = {RuleKind.ALERT: AlertCode.choices(), RuleKind.DISCIPLINE: Artifact.choices()}.get(
        rule.kind, ()
    )
    return codes.index(rule.code) if rule.code in codes else len(codes)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("``", "`").replace("|", "\\|") or "—"


def rules_markdown() -> str:
    """``docs/rules.md``: a table of every registered rule."""
    lines = [
        "# The rules of CSM Desk",
        "",
        "Generated from the engine's rule registry (`csm_desk/engine/rules.py`) by",
        "`python tools/rules_doc.py`; do not edit by hand. Each rule's function quotes the",
        "DOMAIN.md sentence it implements; the settings are those of the Settings dialog.",
        "",
        "| code | kind | DOMAIN.md | settings read | severity | playbook | rule |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule in sorted(registered(), key=lambda r: (list(RuleKind).index(r.kind), _position(r))):
        settings = ", ".join(f"`{s}`" for s in rule.settings)
        severity = " / ".join(s.value for s in rule.severities)
        lines.append(
            f"| `{rule.code}` | {rule.kind.value} | {rule.section} | {settings or '—'} "
            f"| {severity or '—'} | {_cell(rule.playbook)} | {_cell(rule.summary)} |"
        )
    return "\n".join(lines) + "\n"
