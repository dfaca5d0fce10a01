"""Truncation rules: cut-off list items and endings, mid-word and dangling cuts,
list numbering, and the cases that must stay silent."""

import sys

import pytest

from conftest import FIXTURES, ROOT, update_snapshots
from essaylint.document import Document
from essaylint.engine import lint
from essaylint.kinds._truncation import cut_kind, ending
from essaylint.reporters import Context, text
from essaylint.rules import load_rules

HERE = FIXTURES / "truncation"
CASES = sorted(p for p in HERE.iterdir() if p.suffix in (".txt", ".md"))


def truncation_rules():
    return [r for r in load_rules() if "truncation" in r.tags]


def run(source: str, name: str = "t.txt"):
    return lint(Document(source, name), truncation_rules())


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_fixture_gives_exactly_the_expected_diagnostics(path):
    doc = Document.from_bytes(path.read_bytes(), path.name)
    got = text(lint(doc, truncation_rules()), Context())
    expected = path.with_suffix(".expected")
    if update_snapshots():
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


def test_every_must_not_fire_case_has_a_silent_fixture():
    silent = {p.stem for p in CASES if not p.with_suffix(".expected").read_text()}
    assert {"label-list", "heading-last", "table-rows", "fenced-code", "closing-fence", "emoji-hashtag", "url",
            "signature", "signature-placeholder", "poem", "terminal-marks", "short-answer", "sentence-starters",
            "lazy-numbering", "reference-list"} <= silent


def test_each_seed_is_reported_at_its_last_line_with_the_kind_of_cut():
    rules = truncation_rules()
    seen = {}
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        source = p.read_text(encoding="utf-8")
        diags = [d for d in lint(Document(source, p.name), rules) if d.severity == "error"]
        assert len(diags) == 1, diags
        assert diags[0].line == len(source.rstrip("\n").split("\n"))
        seen[p.name[:3]] = diags[0].message
    assert 'mid-word ("LGBT" looks like the start of "LGBTQ+")' in seen["002"]
    assert '"and"' in seen["003"] and "dangling" in seen["003"]
    assert 'mid-word ("respect" looks like the start of "respectful")' in seen["004"]
    assert seen["000"].startswith("list item 8 stops mid-sentence") and seen["000"].endswith('individuals"')


ITEMS = "1. Trust grows when people meet.\n2. Views widen when people listen.\n3. "


@pytest.mark.parametrize("end", [
    "It ends.", "It ends!", "Does it end?", "It introduces:", "It closes a clause;", "It trails off…",
    "It trails off...", "它结束了。", "它结束了！", "它结束了吗？", 'She said "it ends."', "It ends (really.)",
    "It ends **here.**", "It ends _here._", "Bring apples, pears, etc.", "Bring fruit, e.g.",
    "It ends. 🎉", "It ends! #fun #summer", "It ends. :)", "Have fun 🎈", "See https://example.org/x",
])
def test_terminated_endings_are_not_cuts(end):
    assert run(ITEMS + end + "\n") == []
    assert ending(end).state != "cut"


@pytest.mark.parametrize("end", ["It helps people share their", "交流可以促进", "Growth comes with time and patience"])
def test_unterminated_last_items_are_cuts(end):
    diags = run(ITEMS + end)
    assert [(d.rule, d.line) for d in diags] == [("unterminated-list-item", 3)]


def test_one_cut_gives_one_finding():
    diags = run("Intro.\n\n" + ITEMS + "It helps people share their stories and")
    assert [d.rule for d in diags] == ["unterminated-list-item"]
    diags = run("Intro sentence here.\n\nMore text follows here and it stops because the")
    assert [d.rule for d in diags] == ["truncated-ending"]


def test_something_after_the_item_means_it_was_not_the_cut():
    assert run(ITEMS + "It helps people share\n\nThat is all.\n") == []


def test_mid_word_needs_a_longer_word_used_earlier():
    doc = Document("Respectful talk matters. We want to respect", "t.txt")
    assert cut_kind(doc, doc.text, len(doc.text), len(doc.text) - 7) == ("mid-word", "respect", "Respectful")
    doc = Document("Their conditions were poor. It was due to their condition", "t.txt")
    assert cut_kind(doc, doc.text, len(doc.text), len(doc.text) - 9)[0] == "mid-sentence"  # a plural is not a longer word


def test_dangling_words_are_lowercase_function_words():
    for tail, expect in [("rights and", "dangling"), ("advocate for the", "dangling"), ("take Vitamin A", "mid-sentence"),
                         ("as high as you can", "mid-sentence"), ("to deal with", "mid-sentence")]:
        doc = Document(tail, "t.txt")
        assert cut_kind(doc, tail, len(tail), len(tail) - len(tail.split()[-1]))[0] == expect, tail


def test_list_numbering_reports_the_item_out_of_sequence():
    rules = [r for r in truncation_rules() if r.id == "list-numbering"]
    diags = lint(Document("1. Plan.\n2. Draft.\n4. Revise.\n5. Print.\n", "t.txt"), rules)
    assert [(d.line, d.column, d.message) for d in diags] == [(3, 1, "list numbering skips from 2 to 4 (expected 3)")]
    diags = lint(Document("1. Plan.\n2. Draft.\n3. Revise.\n1. Print.\n", "t.txt"), rules)
    assert [d.message for d in diags] == ["list numbering restarts at 1 after 3 (expected 4)"]


def test_labelled_accuracy_on_generated_essays(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    if not corpus.GEN.exists():
        pytest.skip("shared/corpora/gen_corpus.py not found")
    import accuracy_truncation

    r = accuracy_truncation.labelled(300, 7, truncation_rules(), tmp_path_factory.mktemp("gen"))
    assert r["labels"] > 80
    assert r["precision"] >= 0.99 and r["recall"] >= 0.99, r
    assert r["other"] == {}, r


def test_a_runaway_final_sentence_is_a_cut_but_a_long_comma_list_is_not():
    salad = " ".join(["growth", "trust", "respect", "dialogue", "culture", "voice", "pride"] * 10)
    assert [d.rule for d in run("Here are the words I associate with it\n\n" + salad)] == ["truncated-ending"]
    names = ", ".join(["Ana", "Ben", "Chen", "Dara", "Eli", "Farah", "Gus"] * 10)
    assert run("Here are the names of the volunteers\n\n" + names) == []
