"""The engine's rule registry (``engine.rules``): one declared rule per alert, discipline
criterion, coverage gap and health input, each naming real settings, and ``docs/rules.md``
generated from it."""

from __future__ import annotations

import inspect
import re
from collections import Counter
from pathlib import Path

import pytest
from factories import AS_OF, account, person
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from csm_desk.engine import alert_rules, alerts, coverage, discipline, health_inputs
from csm_desk.engine.book import score_account
from csm_desk.engine.facts import StakeholderFacts
from csm_desk.engine.rules import SETTING_NAMES, Rule, RuleKind, registered, rules_markdown
from csm_desk.engine.settings import THRESHOLDS, BookSettings
from csm_desk.engine.vocab import AlertCode, Artifact

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(r"""\.(?:days|threshold)\(\s*["']([a-z_]+)["']""")
RULES = registered()


def _codes(kind: RuleKind) -> Counter[str]:
    return Counter(r.code for r in RULES if r.kind is kind)


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), (
        "docs/rules.md is out of date: regenerate it with `.venv/bin/python tools/rules_doc.py`"
    )


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        (RuleKind.ALERT, AlertCode.choices()),
        (RuleKind.DISCIPLINE, Artifact.choices()),
        (RuleKind.COVERAGE, coverage.Gap.choices()),
        (RuleKind.HEALTH_INPUT, tuple(health_inputs.INPUT_LABELS)),
    ],
)
def test_every_code_has_exactly_one_rule(kind: RuleKind, codes: tuple[str, ...]) -> None:
    declared = _codes(kind)
    assert {c: declared[c] for c in codes} == dict.fromkeys(codes, 1)
    assert set(declared) == set(codes), "a rule for a code the vocabulary does not have"


def test_every_setting_a_rule_names_exists() -> None:
    assert SETTING_NAMES == {t.key for t in THRESHOLDS}
    for rule in RULES:
        assert set(rule.settings) <= SETTING_NAMES, rule.code
        assert len(set(rule.settings)) == len(rule.settings), rule.code


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.kind.value}:{r.code}")
def test_a_rule_declares_the_settings_it_reads(rule: Rule) -> None:
    read = set(READS.findall(inspect.getsource(rule.check)))
    assert read <= set(rule.settings)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.kind.value}:{r.code}")
def test_a_rule_quotes_its_section_of_domain_md(rule: Rule) -> None:
    doc = inspect.getdoc(rule.check) or ""
    assert re.fullmatch(r"§\d+(\.\d+)?", rule.section)
    assert f"DOMAIN.md {rule.section}" in doc
    assert '"' in doc, "the docstring quotes the sentence it implements"


def test_alerts_and_gaps_have_severities_and_alerts_an_area() -> None:
    for rule in RULES:
        if rule.kind in (RuleKind.ALERT, RuleKind.COVERAGE):
            assert rule.severities, rule.code
        if rule.kind is RuleKind.ALERT:
            assert rule.area is not None, rule.code
        if rule.kind is RuleKind.HEALTH_INPUT:
            assert rule.component is not None, rule.code


def test_an_alert_that_is_also_a_coverage_gap_is_one_function() -> None:
    by_code = {(r.kind, r.code): r for r in RULES}
    shared = [code for code in AlertCode.choices() if (RuleKind.COVERAGE, code) in by_code]
    assert shared == ["no_champion", "single_threaded", "no_economic_buyer"]
    for code in shared:
        alert, gap = by_code[RuleKind.ALERT, code], by_code[RuleKind.COVERAGE, code]
        assert alert.check is gap.check
        assert alert.settings == gap.settings and alert.playbook == gap.playbook


def test_the_callers_run_the_registered_rules() -> None:
    """``account_alerts``, ``coverage_findings``, ``artifact_states`` and ``component_inputs``
    loop over the registry rather than a list of their own."""
    assert [r.code for r in alert_rules.ALERT_RULES] == list(AlertCode.choices())
    assert [r.code for r in coverage.COVERAGE_RULES] == list(coverage.Gap.choices())
    assert list(discipline.DISCIPLINE_RULES) == list(Artifact)
    assert [r.code for r in health_inputs.INPUT_RULES] == list(health_inputs.INPUT_LABELS)
    assert dict(alerts.PLAYBOOKS) == {
        AlertCode(r.code): r.playbook for r in alert_rules.ALERT_RULES
    }


ROLE_SETS = st.lists(
    st.sampled_from(["champion", "economic_buyer", "executive_sponsor", "blocker", "end_user"]),
    max_size=2,
    unique=True,
)


@st.composite
def stakeholders(draw: st.DrawFn) -> tuple[StakeholderFacts, ...]:
    count = draw(st.integers(0, 6))
    return tuple(
        person(
            pid,
            *draw(ROLE_SETS),
            contact=draw(st.one_of(st.none(), st.integers(0, 200))),
            departed=draw(st.one_of(st.none(), st.integers(0, 400))),
        )
        for pid in range(1, count + 1)
    )


@given(people=stakeholders(), arr=st.sampled_from([5_000.0, 50_000.0, 150_000.0]))
@hypothesis_settings(max_examples=150, deadline=None)
def test_the_alert_and_the_coverage_gap_of_one_rule_always_agree(
    people: tuple[StakeholderFacts, ...], arr: float
) -> None:
    """For any mapped people, ``no_champion``, ``no_economic_buyer`` and ``single_threaded``
    fire as alerts exactly when the stakeholder map lists them as gaps."""
    result = score_account(account(arr=arr, stakeholders=people), BookSettings(), AS_OF)
    shared = {"no_champion", "no_economic_buyer", "single_threaded"}
    raised = {a.code.value for a in result.alerts if a.code} & shared
    gaps = coverage.coverage_findings(people, (), None, result.segment, AS_OF, BookSettings())
    assert raised == {f.gap.value for f in gaps} & shared
