"""Suppression comments: each directive working in .txt and .md, and each directive's warning."""

from pathlib import Path

import pytest
from conftest import FIXTURES

from essaylint.config import RuleSet
from essaylint.document import Document
from essaylint.engine import lint
from essaylint.rules import load_rules

RULES = FIXTURES / "config" / "rules"
CASES = FIXTURES / "config" / "suppression"


@pytest.fixture(scope="module")
def rules():
    return load_rules([RULES], defaults=False)


def found(text, rules, path="a.txt"):
    return [f"{d.line}:{d.column} {d.rule}" for d in lint(Document(text, path), rules)]


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.suffix in (".txt", ".md")))
def test_fixture_output(run, case):
    """Each fixture beside its expected diagnostics (the comments in it say what each line shows)."""
    code, out, err = run("--isolated", "--no-default-rules", "--rules", "../rules", "-q", case, cwd=CASES)
    assert out == (CASES / (Path(case).stem + ".expected")).read_text()


@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_disable_next_line_silences_only_the_next_line(rules, path):
    text = "<!-- essaylint-disable-next-line template-slot -->\nHi [insert a].\nHi [insert b].\n"
    assert found(text, rules, path) == ["3:4 template-slot"]


@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_disable_line_silences_the_line_it_ends(rules, path):
    text = ("Hi [insert a]. <!-- essaylint-disable-line template-slot -->\nHi [insert b].\n"
            "A paragraph's first line\nthen [insert c] in order to. <!-- essaylint-disable-line -->\n")
    assert found(text, rules, path) == ["2:4 template-slot"]


@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_disable_and_enable_bound_a_range(rules, path):
    text = ("Hi [insert a].\n\n<!-- essaylint-disable template-slot -->\n\nHi [insert b].\n\n"
            "<!-- essaylint-enable template-slot -->\n\nHi [insert c].\n")
    assert found(text, rules, path) == ["1:4 template-slot", "9:4 template-slot"]


@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_disable_with_no_ids_silences_every_rule(rules, path):
    text = "<!-- essaylint-disable -->\n\nHi [insert b] in order to.\n\n<!-- essaylint-enable -->\n\nin order to\n"
    assert found(text, rules, path) == ["7:1 filler-phrase"]


@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_disable_file_applies_before_and_after_the_comment(rules, path):
    text = "Hi [insert a].\n\n<!-- essaylint-disable-file template-slot -->\n\nHi [insert b] in order to.\n"
    assert found(text, rules, path) == ["5:15 filler-phrase"]


def test_family_tags_work_in_directives(rules):
    text = "essaylint-disable-file truncation\nHi [insert a] in order to.\n"
    assert found(text, rules) == ["2:15 filler-phrase"]


def test_bare_directive_works_in_plain_text_but_is_prose_in_markdown(rules):
    text = "essaylint-disable-next-line template-slot\nHi [insert a].\n"
    assert found(text, rules, "a.txt") == []
    assert found(text, rules, "a.md") == ["2:4 template-slot"]


def test_bare_directive_must_be_alone_on_its_line(rules):
    text = "We said essaylint-disable-next-line template-slot here.\nHi [insert a].\n"
    assert found(text, rules) == ["2:4 template-slot"]


def test_directive_lines_never_count_as_text(tmp_path):
    # a rule that would fire on the directive's own words, at every scope
    for scope in ("document", "paragraph", "sentence", "line"):
        (tmp_path / "word-essaylint.yaml").write_text(
            f"kind: pattern\nscope: {scope}\nmessage: x\nwhy: y\noptions:\n  patterns: ['essaylint', 'disable']\n")
        rule = load_rules([tmp_path], defaults=False)
        text = ("Intro line.\n{bare}Body.\n"
                "<!-- essaylint-disable-next-line naming -->\nMore. <!-- essaylint-disable -->\n<!-- essaylint-enable -->\n")
        known = RuleSet(tuple(rule), frozenset({"word-essaylint", "repeated-phrase", "naming"}))
        bare = "essaylint-disable-next-line repeated-phrase\n"  # the bare form is plain text's only
        assert found(text.format(bare=bare), known, "a.txt") == [], scope
        assert found(text.format(bare=""), known, "a.md") == [], scope


def test_directive_in_plain_text_is_blanked_without_moving_offsets(rules):
    doc = Document("Hi. <!-- essaylint-disable-next-line -->\nHi [insert a].\nHi [insert b].\n", "a.txt")
    diags = lint(doc, rules)
    assert [(d.line, d.column) for d in diags] == [(3, 4)]
    assert len(doc.text) == len(doc.source) and "essaylint" not in doc.text


def test_directive_inside_fenced_code_is_not_a_directive(rules):
    for path in ("a.txt", "a.md"):
        text = "```\n<!-- essaylint-disable-file -->\n```\n\nHi [insert a].\n"
        assert found(text, rules, path) == ["5:4 template-slot"], path


def test_unknown_rule_in_a_directive_is_a_warning_and_silences_nothing(rules):
    text = "<!-- essaylint-disable-next-line templateslot -->\nHi [insert a].\n"
    diags = lint(Document(text, "a.md"), rules)
    assert [(d.line, d.column, d.severity, d.rule, d.message) for d in diags] == [
        (1, 1, "warning", "unknown-rule-in-directive",
         "essaylint-disable-next-line names 'templateslot', which is not a rule id or tag (did you mean 'template-slot'?)"),
        (2, 4, "warning", "template-slot", "unfilled template slot '[insert a]'"),
    ]


def test_rule_switched_off_for_the_file_is_still_known_to_directives(rules):
    only_filler = RuleSet(tuple(r for r in rules if r.id == "filler-phrase"), frozenset(r.id for r in rules))
    assert found("<!-- essaylint-disable-file template-slot -->\n", only_filler) == []
    assert found("<!-- essaylint-disable-file template-slot -->\n", list(only_filler)) == [
        "1:1 unknown-rule-in-directive"]  # a plain list only knows its own rules


def test_unknown_directive_is_a_warning_with_did_you_mean(rules):
    diags = lint(Document("<!-- essaylint-disable-nextline template-slot -->\nHi [insert a].\n", "a.md"), rules)
    assert diags[0].rule == "unknown-directive" and diags[0].message == (
        "unknown directive 'essaylint-disable-nextline' (did you mean 'essaylint-disable-next-line'?); use one of: "
        "essaylint-disable, essaylint-enable, essaylint-disable-next-line, essaylint-disable-line, essaylint-disable-file")
    assert diags[1].rule == "template-slot"


def test_malformed_ids_are_a_warning(rules):
    diags = lint(Document("<!-- essaylint-disable=template-slot -->\n", "a.md"), rules)
    assert [d.rule for d in diags] == ["unknown-directive"]
    assert diags[0].message.startswith("malformed essaylint-disable: rule ids must be kebab-case words")


def test_disable_never_re_enabled_is_reported(rules):
    text = "<!-- essaylint-disable template-slot,filler-phrase -->\nHi.\n<!-- essaylint-enable filler-phrase -->\n"
    diags = lint(Document(text, "a.md"), rules)
    assert [(d.line, d.rule, d.message) for d in diags] == [
        (1, "unclosed-disable", "essaylint-disable template-slot is never re-enabled; "
                                "add <!-- essaylint-enable template-slot --> or use essaylint-disable-file")]
    closed = text + "<!-- essaylint-enable -->\n"
    assert lint(Document(closed, "a.md"), rules) == []


def test_directive_checks_can_be_ignored_in_config(run, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.md").write_text("<!-- essaylint-disable -->\nHi [insert a].\n")
    args = ("--no-default-rules", "--rules", str(RULES), "a.md")
    assert run(*args, cwd=tmp_path)[1] == (
        "a.md:1:1: warning: essaylint-disable (all rules) is never re-enabled; add <!-- essaylint-enable --> "
        "or use essaylint-disable-file [unclosed-disable]\n")
    (tmp_path / ".essaylint.toml").write_text('ignore = ["unclosed-disable"]\n')
    assert run(*args, cwd=tmp_path)[1] == ""
    (tmp_path / ".essaylint.toml").write_text('[per-file-ignores]\n"*.md" = ["unclosed-disable"]\n')
    assert run(*args, cwd=tmp_path)[1] == ""


def test_documents_without_directives_are_untouched(rules):
    doc = Document("Hi [insert a].\n", "a.txt")
    before = doc.text
    lint(doc, rules)
    assert doc.text == before


@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_disable_next_line_skips_blank_lines_to_the_next_line_of_text(rules, path):
    text = "<!-- essaylint-disable-next-line template-slot -->\n\nHi [insert a].\nHi [insert b].\n"
    assert found(text, rules, path) == ["4:4 template-slot"]


@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_a_directive_line_inside_a_paragraph_ends_it(path):
    doc = Document("One line\n<!-- essaylint-disable-next-line x -->\ntwo line.\n", path)
    lint(doc, [])
    assert [u.text for u in doc.units("paragraph")] == ["One line", "two line."]


@pytest.mark.parametrize("action", ["disable", "enable", "disable-next-line", "disable-line", "disable-file"])
@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_every_directive_warns_about_an_unknown_rule(rules, action, path):
    diags = lint(Document(f"<!-- essaylint-{action} filler-phrase,no-such-rule -->\n", path), rules)
    messages = [(d.rule, d.message) for d in diags if d.rule == "unknown-rule-in-directive"]
    assert messages == [("unknown-rule-in-directive",
                         f"essaylint-{action} names 'no-such-rule', which is not a rule id or tag")]


def test_a_colon_instead_of_the_hyphen_is_reported(rules):
    diags = lint(Document("<!-- essaylint: disable-next-line template-slot -->\nHi [insert a].\n", "a.md"), rules)
    assert [(d.rule, d.message) for d in diags] == [
        ("unknown-directive", "unknown directive 'essaylint: disable-next-line'; write "
                              "<!-- essaylint-disable-next-line RULE --> (joined by a hyphen)"),
        ("template-slot", "unfilled template slot '[insert a]'")]


@pytest.mark.parametrize("path", ["a.txt", "a.md"])
def test_linting_the_same_document_twice_still_honours_directives(rules, path):
    doc = Document("<!-- essaylint-disable-file template-slot -->\nHi [insert a] in order to.\n", path)
    first = lint(doc, rules)
    assert [d.rule for d in first] == ["filler-phrase"]
    assert lint(doc, rules) == first  # in .txt the directive is no longer in doc.text after the first run
    assert lint(doc, [r for r in rules if r.id == "template-slot"]) == []
