"""Rule authoring: `essaylint rules`, `--explain`, `essaylint check-rules`, and the README's walk-throughs."""

import re
import shutil

from conftest import FIXTURES, ROOT

RULES = FIXTURES / "config" / "rules"
README = (ROOT / "README.md").read_text(encoding="utf-8")

LISTING = """\
rule           kind     severity  tags        summary
filler-phrase  pattern  info      repetition  A wordy filler phrase with a shorter equivalent.
lorem-text     pattern  error     truncation  Lorem ipsum filler text. (off by default)
template-slot  pattern  warning   truncation  A template slot such as "[insert name]" was left in the text.
"""


def section(title):
    """The text of one README section (up to the next heading of the same level)."""
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.M | re.S)
    assert m, title
    return m.group(1)


# ---------------------------------------------------------------- essaylint rules / --explain
def test_rules_lists_id_kind_severity_tags_summary(run, tmp_path):
    code, out, err = run("rules", "--isolated", "--no-default-rules", "--rules", str(RULES), cwd=tmp_path)
    assert code == 0 and out == LISTING and err == ""


def test_list_rules_flag_gives_the_same_listing(run, tmp_path):
    code, out, err = run("--isolated", "--no-default-rules", "--rules", str(RULES), "--list-rules", cwd=tmp_path)
    assert code == 0 and out == LISTING


def test_rules_shows_the_config_of_the_current_folder(run, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".essaylint.toml").write_text('ignore = ["filler-phrase"]\n[rules.template-slot]\nseverity = "error"\n')
    code, out, err = run("rules", "--no-default-rules", "--rules", str(RULES), cwd=tmp_path)
    assert out.splitlines()[1:] == [
        "filler-phrase  pattern  info      repetition  A wordy filler phrase with a shorter equivalent. (off in this config)",
        "lorem-text     pattern  error     truncation  Lorem ipsum filler text. (off by default)",
        'template-slot  pattern  error     truncation  A template slot such as "[insert name]" was left in the text.',
    ]


def test_rules_errors(run, tmp_path):
    code, out, err = run("rules", "--no-default-rules", "--rules", str(tmp_path / "nope"), cwd=tmp_path)
    assert code == 2 and err == (f"{tmp_path / 'nope'}: rule directory not found\n"
                                 "essaylint: 1 problem(s) in rule files; nothing was linted\n")
    code, out, err = run("rules", "--bogus", cwd=tmp_path)
    assert code == 2 and "unrecognized arguments: --bogus" in err


def test_explain_shows_options_as_the_config_sets_them(run, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".essaylint.toml").write_text('[rules.template-slot]\nignore-case = false\n')
    code, out, err = run("--no-default-rules", "--rules", str(RULES), "--explain", "template-slot", cwd=tmp_path)
    assert code == 0
    assert out.startswith("template-slot (pattern, warning, scope: sentence)\n")
    assert "  ignore-case: False\n" in out
    assert "Fires on:\n    Thanks, [insert name here]." in out


def test_explain_a_suppression_check(run, tmp_path):
    code, out, err = run("--isolated", "--no-default-rules", "--explain", "unclosed-disable", cwd=tmp_path)
    assert code == 0 and out.startswith("unclosed-disable (suppression comment check, warning)\n")
    assert 'ignore = ["unclosed-disable"]' in out


def test_explain_unknown_rule_suggests_the_closest(run, tmp_path):
    code, out, err = run("--isolated", "--no-default-rules", "--rules", str(RULES), "--explain", "templat-slot",
                         cwd=tmp_path)
    assert code == 2 and out == ""
    assert err == "essaylint: no rule 'templat-slot' (did you mean 'template-slot'?); `essaylint rules` lists them\n"


# ---------------------------------------------------------------- a folder named like a subcommand
def test_a_folder_named_rules_is_linted_when_written_as_a_path(run, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.md").write_text("Hi [insert x].\n")
    base = ("--no-default-rules", "--rules", str(RULES))
    for path in ("./rules", "rules/"):
        code, out, err = run(*base, path, cwd=tmp_path)
        assert out == f"{path.rstrip('/')}/a.md:1:4: warning: unfilled template slot '[insert x]' [template-slot]\n"
    # `--` first: everything after it is a path (the config stands in for the options)
    (tmp_path / ".essaylint.toml").write_text(f'rule-dirs = ["{RULES}"]\nselect = ["template-slot"]\n')
    code, out, err = run("--", "rules", cwd=tmp_path)
    assert out == "rules/a.md:1:4: warning: unfilled template slot '[insert x]' [template-slot]\n"
    code, out, err = run("rules", *base, cwd=tmp_path)
    assert code == 0 and out.startswith("rule ")
    assert err == "essaylint: note: `essaylint rules` lists rules; to lint the folder named rules, write `essaylint ./rules`\n"


# ---------------------------------------------------------------- check-rules
def test_check_rules_passes_when_every_example_behaves(run, tmp_path):
    code, out, err = run("check-rules", str(RULES), cwd=tmp_path)
    assert (code, out, err) == (0, "", "essaylint: 3 rules, 6 examples checked: all behave\n")


def test_check_rules_reports_examples_that_misbehave(run, tmp_path):
    (tmp_path / "slot.yaml").write_text(
        "kind: pattern\nmessage: 'slot {match!r}'\nwhy: w\noptions:\n  patterns: ['\\[insert [^\\]]+\\]']\n"
        "examples:\n  fail: 'Thanks, [name].'\n  pass:\n    - 'Thanks, Ana.'\n    - 'Hi [insert x].'\n")
    (tmp_path / "no-pass.yaml").write_text(
        "kind: pattern\nmessage: m\nwhy: w\noptions:\n  patterns: [x]\nexamples:\n  fail: 'x'\n")
    code, out, err = run("check-rules", str(tmp_path), cwd=tmp_path)
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path}/no-pass.yaml:1: no 'pass' example: add text it must not fire on under examples.pass",
        f"{tmp_path}/slot.yaml:7: 'fail' example did not fire: 'Thanks, [name].'",
        f"{tmp_path}/slot.yaml:10: 'pass' example fired at 1:4: slot '[insert x]'",
    ]
    assert err == "essaylint: 2 rules, 4 examples checked: 3 problem(s)\n"


def test_check_rules_examples_may_use_suppression_comments(run, tmp_path):
    (tmp_path / "slot.yaml").write_text(
        "kind: pattern\nmessage: m\nwhy: w\noptions:\n  patterns: ['\\[insert [^\\]]+\\]']\n"
        "examples:\n  fail: 'Hi [insert x].'\n  pass: \"essaylint-disable-next-line slot\\nHi [insert x].\"\n")
    assert run("check-rules", str(tmp_path), cwd=tmp_path)[0] == 0


def test_check_rules_exits_2_on_broken_files(run, tmp_path):
    code, out, err = run("check-rules", str(FIXTURES / "broken-rules"), cwd=tmp_path)
    assert code == 2 and out == ""
    assert f"{FIXTURES}/broken-rules/bad-yaml.yaml:3: invalid YAML" in err
    assert err.endswith("essaylint: 12 problem(s) in rule files; no example was run\n")


def test_check_rules_usage_errors(run, tmp_path):
    assert run("check-rules", cwd=tmp_path)[0] == 2  # DIR is required
    code, out, err = run("check-rules", str(tmp_path / "nope"), cwd=tmp_path)
    assert code == 2 and f"{tmp_path / 'nope'}: rule directory not found" in err
    code, out, err = run("check-rules", str(tmp_path), cwd=tmp_path)
    assert code == 2 and err == f"essaylint: no rule files (*.yaml) in {tmp_path}\n"


# ---------------------------------------------------------------- the README, followed by a new user
def test_readme_custom_rule_passes_check_rules_and_lints(run, tmp_path):
    text = section("Rule authoring")
    m = re.search(r"```yaml\n(.*?)```", text, re.S)
    body = "\n".join(line[3:] if line.startswith("   ") else line for line in m.group(1).splitlines()) + "\n"
    (tmp_path / ".git").mkdir()
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "template-slot.yaml").write_text(body)
    code, out, err = run("check-rules", "style/", cwd=tmp_path)
    assert code == 0 and err == "essaylint: 1 rule, 2 examples checked: all behave\n"
    assert err.strip() in text  # the README shows this very output
    (tmp_path / "pyproject.toml").write_text('[tool.essaylint]\nrule-dirs = ["style"]\n')
    (tmp_path / "essays").mkdir()
    (tmp_path / "essays" / "a.md").write_text("Dear [insert name],\n\nthanks.\n")
    code, out, err = run("--no-default-rules", "essays/", cwd=tmp_path)
    assert out == "essays/a.md:1:6: warning: unfilled template slot '[insert name]' [template-slot]\n"


def test_readme_silence_one_finding(run, tmp_path):
    text = section("Suppression comments")
    comment = re.search(r"put\s+`(<!-- essaylint-disable-next-line repeated-phrase -->)`", text).group(1)
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.md").write_text(f"Hi [insert x].\n{comment.replace('repeated-phrase', 'template-slot')}\n"
                                   "Hi [insert y].\n")
    code, out, err = run("--no-default-rules", "--rules", str(RULES), "a.md", cwd=tmp_path)
    assert out == "a.md:1:4: warning: unfilled template slot '[insert x]' [template-slot]\n"


def test_readme_config_keys_table_lists_every_key():
    from essaylint.config import KEYS

    table = section("Configuration")
    for key in KEYS:
        if key != "rules":
            assert f"| `{key}` |" in table, key
    assert "| `[rules.ID]` |" in table


def test_readme_lists_every_suppression_check():
    from essaylint.suppress import CHECKS

    text = section("Suppression comments")
    for check in CHECKS:
        assert f"| `{check}` |" in text, check


def test_check_rules_on_a_copy_of_the_fixture_rules_after_an_edit(run, tmp_path):
    shutil.copytree(RULES, tmp_path / "r")
    p = tmp_path / "r" / "filler-phrase.yaml"
    p.write_text(p.read_text().replace("'in order to': 'to'", "'so as to': 'to'"))
    code, out, err = run("check-rules", str(tmp_path / "r"), cwd=tmp_path)
    assert code == 1 and out == f"{p}:12: 'fail' example did not fire: 'We met in order to talk.'\n"


def test_explain_a_tag_explains_every_rule_of_the_family(run, tmp_path):
    code, out, err = run("--isolated", "--no-default-rules", "--rules", str(RULES), "--explain", "truncation",
                         cwd=tmp_path)
    assert code == 0
    assert re.findall(r"^(\S+) \(pattern", out, re.M) == ["lorem-text", "template-slot"]
