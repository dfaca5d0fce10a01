"""Rule loading: validation collects every problem with file and line."""

from pathlib import Path

import pytest

from essaylint.engine import check_examples
from essaylint.kinds import kind_names
from essaylint.rules import RuleError, default_rules_dir, load_rules, rule_files

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = FIXTURES / "broken-rules"


def test_broken_rule_files_report_every_problem_with_file_and_line():
    with pytest.raises(RuleError) as e:
        load_rules([BROKEN], defaults=False)
    b = str(BROKEN)
    assert e.value.problems == [
        f"{b}/Bad_Name.yaml:1: rule id 'Bad_Name' (the file name) must be kebab-case: lowercase words joined by '-'",
        f"{b}/Bad_Name.yaml:2: kind 'pattern' does not support scope 'chapter'; it supports: document, paragraph, list-item, heading, sentence, line",
        f"{b}/Bad_Name.yaml:3: severity must be one of error, warning, info, got 'fatal'",
        f"{b}/Bad_Name.yaml:4: message placeholder {{nope}} is not provided by kind 'pattern'; it provides: {{match}}, {{replace}}",
        f"{b}/Bad_Name.yaml:7: option 'patterns' must be a list of strings, got 3 (int)",
        f"{b}/Bad_Name.yaml:8: option 'ignore-case' must be true or false, got 'yes'",
        f"{b}/Bad_Name.yaml:9: unknown option 'color' for kind 'pattern'; options: patterns, swap, replace, ignore-case, word-boundary",
        f"{b}/bad-regex.yaml:5: option 'patterns' has an invalid regular expression '(unclosed': missing ) at position 9",
        f"{b}/bad-yaml.yaml:3: invalid YAML: expected ',' or ']', but got '<stream end>'",
        f"{b}/typo-keys.yaml:1: missing required key 'why'",
        f"{b}/typo-keys.yaml:1: unknown kind 'patern' (did you mean 'pattern'?); known kinds: {', '.join(kind_names())}",
        f"{b}/typo-keys.yaml:2: unknown key 'scop' (did you mean 'scope'?); allowed: kind, scope, severity, message, summary, why, options, examples, tags, enabled",
    ]


def test_duplicate_keys_and_non_mapping_files(tmp_path):
    (tmp_path / "dup-key.yaml").write_text("kind: pattern\nkind: pattern\nmessage: x\nwhy: y\noptions: {patterns: [a]}\n")
    (tmp_path / "a-list.yaml").write_text("- kind\n")
    (tmp_path / "empty-file.yaml").write_text("")
    with pytest.raises(RuleError) as e:
        load_rules([tmp_path], defaults=False)
    assert e.value.problems == [
        f"{tmp_path}/a-list.yaml:1: a rule file must be a mapping of keys (kind, message, ...)",
        f"{tmp_path}/dup-key.yaml:2: duplicate key 'kind' in the rule (first on line 1)",
        f"{tmp_path}/empty-file.yaml:1: empty rule file",
    ]


def test_missing_rule_directory_is_reported(tmp_path):
    with pytest.raises(RuleError) as e:
        load_rules([tmp_path / "nope"], defaults=False)
    assert e.value.problems == [f"{tmp_path / 'nope'}: rule directory not found"]


def test_valid_rule_gets_defaults_and_scope():
    rules = load_rules([FIXTURES / "rules"], defaults=False)
    hedge = next(r for r in rules if r.id == "hedge-words")
    assert hedge.scope == "sentence" and hedge.severity == "info" and hedge.tags == ("style",)
    assert hedge.options["ignore-case"] is True and hedge.options["word-boundary"] is True


def test_user_rule_with_a_default_id_replaces_it(tmp_path):
    defaults = load_rules()
    if not defaults:
        pytest.skip("no default rules")
    target = defaults[0]
    (tmp_path / f"{target.id}.yaml").write_text(
        "kind: pattern\nmessage: '{match}'\nwhy: replaced\noptions: {patterns: [zzz]}\n")
    rules = load_rules([tmp_path])
    replaced = [r for r in rules if r.id == target.id]
    assert len(replaced) == 1 and replaced[0].why == "replaced"


def test_default_rules_are_shipped_with_the_package():
    shipped = default_rules_dir()
    assert shipped.is_dir()
    repo_rules = Path(__file__).resolve().parents[1] / "rules"
    assert [p.name for p in rule_files(shipped)] == [p.name for p in rule_files(repo_rules)]


def _all_rules():
    return load_rules() + load_rules([FIXTURES / "rules"], defaults=False)


@pytest.mark.parametrize("rule", _all_rules(), ids=lambda r: r.id)
def test_rule_examples_behave(rule):
    """Every rule file carries examples; fail must fire and pass must not."""
    assert any(e.expect == "fail" for e in rule.examples), f"{rule.path} has no 'fail' example"
    assert any(e.expect == "pass" for e in rule.examples), f"{rule.path} has no 'pass' example"
    assert check_examples(rule) == []


def test_a_misbehaving_example_is_reported(tmp_path):
    (tmp_path / "wrong-examples.yaml").write_text(
        "kind: pattern\nmessage: '{match}'\nwhy: x\noptions: {patterns: [foo]}\n"
        "examples:\n  fail: no match here\n  pass: foo fires\n")
    rule = load_rules([tmp_path], defaults=False)[0]
    assert check_examples(rule) == [
        f"{tmp_path}/wrong-examples.yaml:6: 'fail' example did not fire: 'no match here'",
        f"{tmp_path}/wrong-examples.yaml:7: 'pass' example fired at 1:1: foo",
    ]
