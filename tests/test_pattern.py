"""The pattern kind: regex lists, case folding, word boundaries, suggestions."""

from essaylint.document import Document
from essaylint.engine import lint
from essaylint.rules import load_rule_file


def rule(tmp_path, body, name="my-rule"):
    p = tmp_path / f"{name}.yaml"
    p.write_text("kind: pattern\nwhy: test\n" + body)
    problems = []
    r = load_rule_file(p, problems)
    assert problems == []
    return r


def test_matches_case_insensitively_on_word_boundaries(tmp_path):
    r = rule(tmp_path, "message: 'found {match}'\noptions: {patterns: ['utili[sz]e']}\n")
    diags = lint(Document("Utilize it.\nWe reutilize. UTILISE!\n", "a.txt"), [r])
    assert [(d.line, d.column, d.end_column, d.message) for d in diags] == [
        (1, 1, 8, "found Utilize"), (2, 15, 22, "found UTILISE")]


def test_case_and_boundaries_can_be_turned_off(tmp_path):
    r = rule(tmp_path, "message: '{match}'\noptions: {patterns: [AI], ignore-case: false, word-boundary: false}\n")
    diags = lint(Document("AIs and ai and fAIr\n", "a.txt"), [r])
    assert [d.column for d in diags] == [1, 17]


def test_swap_gives_each_pattern_its_replacement(tmp_path):
    r = rule(tmp_path, "message: 'use {replace!r}, not {match!r}'\noptions:\n  swap: {'in order to': 'to', 'utilize': 'use'}\n")
    diags = lint(Document("We utilize it in order to win.\n", "a.txt"), [r])
    assert [(d.column, d.message, d.fix[2]) for d in diags] == [
        (4, "use 'use', not 'utilize'", "use"), (15, "use 'to', not 'in order to'", "to")]


def test_scope_limits_where_it_looks(tmp_path):
    r = rule(tmp_path, "message: '{match}'\nscope: heading\noptions: {patterns: [draft]}\n")
    diags = lint(Document("# Draft\n\nThis draft is done.\n", "a.md"), [r])
    assert [(d.line, d.column) for d in diags] == [(1, 3)]


def test_excluded_markdown_regions_are_not_matched(tmp_path):
    r = rule(tmp_path, "message: '{match}'\noptions: {patterns: [secret]}\n")
    doc = Document("```\nsecret\n```\n<!-- secret -->\nsecret\n", "a.md")
    assert [(d.line, d.column) for d in lint(doc, [r])] == [(5, 1)]
