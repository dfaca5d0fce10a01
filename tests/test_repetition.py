"""Repetition rules: fixtures beside their expected diagnostics, options, accuracy."""

from pathlib import Path

import pytest

from conftest import FIXTURES
from essaylint.document import Document
from essaylint.engine import lint
from essaylint.rules import load_rules

REP = FIXTURES / "repetition"
CASES = sorted(p for p in REP.iterdir() if p.suffix in (".txt", ".md"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_fixture_gives_exactly_the_expected_diagnostics(run, path):
    code, out, err = run("-q", str(path.relative_to(FIXTURES.parents[1])))
    assert out == path.with_suffix(".expected").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["stopword-phrases", "phrase-used-twice", "list-numbers",
                                  "punctuation-breaks", "openers-allowed", "chorus", "proper-name",
                                  "one-content-word", "term-per-item", "collocation", "formula", "code-lines",
                                  "term-with-verb", "topic-with-preposition",
                                  "quick-brown-fox", "term-in-one-paragraph"])
def test_must_not_fire_cases_are_silent(name):
    path = next(p for p in CASES if p.stem == name)
    assert path.with_suffix(".expected").read_text() == ""


def rule_with(tmp_path, kind, scope, options, name="my-rule"):
    opts = "".join(f"  {k}: {v}\n" for k, v in options.items())
    (tmp_path / f"{name}.yaml").write_text(
        f"kind: {kind}\nscope: {scope}\nmessage: '{{phrase}} {{count}} {{related_line}}'\nwhy: test\n"
        + (f"options:\n{opts}" if opts else ""))
    return load_rules([tmp_path], defaults=False)


TEXT = "Willows grew beside the river. Reeds grew beside the river. Moss grew beside the river.\n"


def test_phrase_reported_from_third_use_with_first_line(tmp_path):
    rules = rule_with(tmp_path, "repeated-phrase", "document", {})
    diags = lint(Document("Oaks grew beside the river.\nWillows grew beside the river.\nMoss grew beside the river.\n"
                          "Then reeds grew beside the river.\n"), rules)
    assert [(d.line, d.column, d.message) for d in diags] == [
        (3, 6, "grew beside the river 4 1"), (4, 12, "grew beside the river 4 1")]


def test_max_count_and_min_words_options(tmp_path):
    assert lint(Document(TEXT), rule_with(tmp_path, "repeated-phrase", "document", {"max-count": 3})) == []
    rules = rule_with(tmp_path, "repeated-phrase", "document", {"min-words": 5})
    assert lint(Document(TEXT), rules) == []


def test_allow_list_silences_a_phrase(tmp_path):
    rules = rule_with(tmp_path, "repeated-phrase", "document", {"allow-list": "['grew beside the river']"})
    assert lint(Document(TEXT), rules) == []


def test_custom_stopwords_replace_the_default_list(tmp_path):
    rules = rule_with(tmp_path, "repeated-phrase", "document", {"stopwords": "[the, grew, beside, river]"})
    assert lint(Document(TEXT), rules) == []


def test_scope_paragraph_counts_within_each_paragraph(tmp_path):
    text = "Oaks will grow beside the river. Moss will grow beside the river.\n\nReeds will grow beside the river.\n"
    assert lint(Document(text), rule_with(tmp_path, "repeated-phrase", "paragraph", {})) == []
    assert len(lint(Document(text), rule_with(tmp_path, "repeated-phrase", "document", {}, "doc-rule"))) == 1


def test_proper_names_are_not_phrases_unless_asked(tmp_path):
    text = "The Black Death spread. Few survived the Black Death. After the Black Death, wages rose.\n"
    assert lint(Document(text), rule_with(tmp_path, "repeated-phrase", "document", {})) == []
    rules = rule_with(tmp_path, "repeated-phrase", "document", {"ignore-names": "false", "ignore-terms": "false"}, "names")
    assert [d.message for d in lint(Document(text), rules)] == ["the black death 3 1"]


def test_content_words_in_lower_case_are_a_phrase_not_a_name(tmp_path):
    rules = rule_with(tmp_path, "repeated-phrase", "document", {"ignore-terms": "false"})  # not a name: a term
    for text in ("The black death spread. Few survived the black death. After the black death, wages rose.\n",
                 "We saw the big old barn. They painted the big old barn. Rain hit the big old barn.\n",
                 "Cultural exchange programs help. Fund cultural exchange programs. Cut cultural exchange programs.\n"):
        assert len(lint(Document(text), rules)) == 1, text
    # capitalised only where every word is (sentence starts, headings) is no evidence of a name
    text = "Big old barn stories. The big old barn stood. Rain hit the big old barn.\n"
    assert [d.message for d in lint(Document(text, markdown=True), rules)] == ["big old barn 3 1"]


def test_a_term_is_counted_per_paragraph_or_item_unless_asked(tmp_path):
    text = (REP / "term-per-item.md").read_text()
    assert lint(Document(text, markdown=True), rule_with(tmp_path, "repeated-phrase", "document", {})) == []
    (tmp_path / "off").mkdir()
    rules = rule_with(tmp_path / "off", "repeated-phrase", "document", {"ignore-terms": "false"})
    assert [(d.line, d.message) for d in lint(Document(text, markdown=True), rules)] == [
        (7, "the film industry 3 3")]  # "industry's" is another word
    # joined by "of", "and", "or" it is still a term; any other function word makes it wording
    # the n-gram may run on past the term into its verb ("is", "is a"); not past "of", which makes a construction
    for phrase, term in (("the cost of electricity and gas", True), ("a pickaxe or an axe", True),
                         ("the meaning of life is", True), ("the christmas wreath is a", True),
                         ("while animal-based protein sources", True), ("if your fountain pen has a", False),
                         ("individuals from different backgrounds", False), ("a more nuanced understanding of", False),
                         ("cultural exchange programs can", False), ("the end date of the", False)):
        text = "Notes from the week, in the order the team wrote them down.\n\n" + "\n\n".join(f"{a} {phrase} {b}." for a, b in (("Ann saw", "today"), ("Later Bo found", "again"),
                                                             ("Then Cy praised", "loudly"))) + "\n"
        assert (lint(Document(text), rule_with(tmp_path, "repeated-phrase", "document", {})) == []) == term, phrase


def test_a_collocation_is_ignored_unless_asked_or_it_ends_with_a_modal(tmp_path):
    text = (REP / "collocation.txt").read_text()
    rules = rule_with(tmp_path, "repeated-phrase", "document", {})
    assert lint(Document(text), rules) == []
    modal = "Cultural exchange can build trust. In schools cultural exchange can open minds. At work cultural exchange can ease conflict.\n"
    assert [d.message for d in lint(Document(modal), rules)] == ["cultural exchange can 3 1"]
    (tmp_path / "off").mkdir()
    rules = rule_with(tmp_path / "off", "repeated-phrase", "document", {"ignore-collocations": "false"})
    assert [d.message for d in lint(Document(text), rules)] == ["provide feedback to 3 1", "pursue a degree in 3 3"]


def test_one_content_word_needs_min_content_words_1(tmp_path):
    text = "It can be used to cut. It can be used to dig. It can be used to carry.\n"
    assert lint(Document(text), rule_with(tmp_path, "repeated-phrase", "document", {})) == []
    rules = rule_with(tmp_path, "repeated-phrase", "document", {"min-content-words": 1}, "one")
    assert [d.message for d in lint(Document(text), rules)] == ["it can be used to 3 1"]


def test_allow_listed_words_still_let_a_longer_phrase_fire(tmp_path):
    # "the river" allowed leaves two content words: a collocation, counted here to see the allow-list alone
    rules = rule_with(tmp_path, "repeated-phrase", "document",
                      {"allow-list": "['the river']", "ignore-collocations": "false"})
    assert [d.message for d in lint(Document(TEXT), rules)] == ["grew beside the river 3 1"]


def test_degenerate_loop_without_spaces_and_with_trailing_punctuation():
    rules = [r for r in load_rules() if r.id == "degenerate-loop"]
    diags = lint(Document("Sum: x+y+x+y+x+y+x+y+x+y.\nSo I say: go on, go on, go on, go on, go on.\n"
                          "About 700,000,000,000,000,000 atoms. 1, 1, 1, 1, 1, 1.\n"), rules)
    assert [(d.line, d.column, d.message) for d in diags] == [
        (1, 6, "'x+y+' repeated 5 times in a row"), (2, 11, "'go on,' repeated 5 times in a row")]


def test_duplicate_count_is_every_copy_and_grids_are_not_prose():
    rules = [r for r in load_rules() if r.id == "duplicate-item"]
    text = "- Old tape\n- New glue\n- Old tape\n- Red wire\n- Old tape\n\n1 | 2 | 3 | 4 | 5 | 6\n\n1 | 2 | 3 | 4 | 5 | 6\n"
    assert [(d.line, d.message) for d in lint(Document(text), rules)] == [
        (5, "this item repeats the one on line 1 (3 copies in the document)")]


def test_opener_scope_sentence_compares_sentences_of_a_paragraph(tmp_path):
    rules = rule_with(tmp_path, "repeated-opener", "sentence", {})
    text = "By cooking together we learn. By cooking together we share. By cooking together we grow.\n"
    diags = lint(Document(text), rules)
    assert [(d.line, d.column, d.message) for d in diags] == [(1, 61, "By cooking together we 3 1")]


def test_phrase_is_linear_in_document_length():
    """Doubling a looping document must not quadruple the work (n-gram hashing, no pairs).

    The work is counted, not timed: lines of essaylint's own code executed
    (``sys.settrace``), the same on any machine and under any load.
    """
    import sys

    import essaylint

    rules = [r for r in load_rules() if r.id == "repeated-phrase"]
    base = "Cultural exchange can help build bridges between groups. " * 200
    package = str(Path(essaylint.__file__).parent)

    def lines_run(text):
        doc = Document(text)
        count = 0

        def tracer(frame, event, arg):
            nonlocal count
            if not frame.f_code.co_filename.startswith(package):
                return None
            if event == "line":
                count += 1
            return tracer

        sys.settrace(tracer)
        try:
            lint(doc, rules)
        finally:
            sys.settrace(None)
        return count

    small, large = lines_run(base), lines_run(base * 8)
    assert small > 1000  # the trace saw the rule's work
    assert large < small * 8 * 1.5  # linear work is 8 times; quadratic would be 64


def test_opener_accuracy_on_generated_essays(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import corpus

    if not corpus.GEN.exists():
        pytest.skip("shared/ corpora not available")
    import accuracy_repetition

    res = accuracy_repetition.score_gen(300, 7, tmp_path / "gen")
    tp, fp, fn, p, r = res["doc"]
    assert tp > 50 and p >= 0.95 and r >= 0.95
    _, _, _, lp, lr = res["line"]
    assert lp >= 0.95 and lr >= 0.95 and res["related_wrong"] == 0


def test_the_subject_named_in_the_opening_or_a_heading_is_not_a_repetition(tmp_path):
    rules = rule_with(tmp_path, "repeated-phrase", "document", {})
    opening = ("Here are some tips for working from home, drawn from many years of practice.\n\n"
               "1. Set hours: working from home needs a routine and a plan for each day.\n"
               "2. Take breaks: working from home can blur the days, so rest well.\n"
               "3. Dress up: working from home still calls for a morning ritual.\n")
    assert lint(Document(opening, markdown=True), rules) == []
    heading = ("## The test automation tool\n\nEvery user of the test automation tool has a role. "
               "Projects belong to the test automation tool. Reports come from the test automation tool.\n")
    assert lint(Document(heading, markdown=True), rules) == []
    # a clause is not a subject, wherever it is first used
    clause = ("Here are some ways cultural exchange can help, drawn from many years of practice.\n\n"
              "1. Trust: over time cultural exchange can help neighbours trust each other.\n"
              "2. Empathy: in schools cultural exchange can help pupils see other lives.\n"
              "3. Dialogue: at work cultural exchange can help teams talk through conflict.\n")
    assert [d.message for d in lint(Document(clause, markdown=True), rules)] == ["cultural exchange can help 4 1"] * 2
    # in one paragraph nothing has been introduced yet: the fox is no subject, but a term, which is not reported
    fox = "I saw the quick brown fox today. Later the quick brown fox ran. Then the quick brown fox slept.\n"
    assert lint(Document(fox), rules) == []
    (tmp_path / "terms").mkdir()
    counted = rule_with(tmp_path / "terms", "repeated-phrase", "document", {"ignore-terms": "false"})
    assert len(lint(Document(fox), counted)) == 1


def test_labels_and_speaker_names_are_not_reported(tmp_path):
    rules = rule_with(tmp_path, "repeated-phrase", "document", {})
    text = ("Host: We welcome a female film director today to talk about her long career.\n\n"
            "Female film director: Thank you, it is a pleasure to be here with you all.\n\n"
            "Host: What drew you to the craft of making films in the first place?\n\n"
            "Female film director: My father owned a small cinema in our town.\n\n"
            "Female film director: I watched every reel that arrived there as a child.\n")
    assert lint(Document(text, markdown=True), rules) == []


def test_prose_around_a_formula_is_still_counted(tmp_path):
    rules = rule_with(tmp_path, "repeated-phrase", "document", {})
    text = ("Net pay = gross pay - tax, assuming a standard personal allowance for the year.\n"
            "Tax = gross pay * rate, assuming a standard personal allowance for the year.\n"
            "Bonus = 0, assuming a standard personal allowance for the year.\n")
    assert [d.message for d in lint(Document(text), rules)] == ["assuming a standard personal allowance for the year 3 1"]


def test_copied_lines_of_code_or_config_are_not_items():
    rules = [r for r in load_rules() if r.id == "duplicate-item"]
    text = ("- ./logs:/logs\n- Cloud Computing\n- ./logs:/logs\n- Cloud Computing\n- ./logs:/logs\n"
            "- Cloud Computing\n- x = 1\n- x = 1\n- x = 1\n")
    assert [(d.line, d.message) for d in lint(Document(text, markdown=True), rules)] == [
        (6, "this item repeats the one on line 2 (3 copies in the document)")]


def test_cheap_keys_know_every_ascii_whitespace():
    # duplicate-unit deletes the whitespace of ASCII text to compare units: every character
    # str.split() splits at must be deleted, or copies differing in spacing would differ
    from essaylint.kinds.duplicate_unit import ASCII_SPACES

    assert sorted(ASCII_SPACES.decode()) == [c for c in map(chr, range(128)) if c.isspace()]


def test_copies_differing_only_in_spacing_are_copies():
    text = ("1. Drink water  before every meal today.\n2. Sleep eight hours a night.\n"
            "3. Drink water before\u00a0every meal today.\n4. Drink\twater before every meal today.\n")
    dup = next(r for r in load_rules() if r.id == "duplicate-item")
    found = lint(Document(text, "a.txt"), [dup])
    assert [(d.line, d.related) for d in found] == [(3, (1, 4))]
    assert "3 copies" in found[0].message


def test_cheap_keys_are_the_units_words_run_together():
    # duplicate-unit's cheap keys must be equal wherever the word tuples are: in ASCII text
    # they are the words (after any lead number) with nothing between them; the blocks'
    # keys, made from their sentences', are the same as made from the blocks' texts
    import random

    from essaylint.kinds import _repetition as rep
    from essaylint.kinds.duplicate_unit import _block_keys, _cheap_keys, _key, _sentence_keys

    rnd = random.Random(3)
    vocab = "Step 3: 12) no. 4. NO 5) part 7. nothing Eat well, DRINK (water) don't well-being \"x\" a.b ... - * Sleep".split()
    spaces = [" ", " ", " ", "  ", "\t", "\x0b", "\x1c", " \n"]
    for n in range(300):
        lines = []
        for _ in range(rnd.randint(1, 8)):
            words = [rnd.choice(vocab) for _ in range(rnd.randint(1, 9))]
            line = "".join(w + rnd.choice(spaces) for w in words).strip()
            lines.append(rnd.choice(["", "- ", "1. ", "2) "]) + line + rnd.choice([".", "!", "", ":"]))
        text = rnd.choice(["\n", "\n\n", "\n\n   "]).join(lines)  # the last: an item's second paragraph
        if n % 3 == 0:
            text = text.replace("Eat", "Éat")  # the unit-by-unit paths: word tuples
        elif n % 3 == 1:
            text = text.replace("Eat", "“Eat—”")  # and spaced text in ASCII
        doc = Document(text, "a.txt")
        low, sp, verse = rep.lowered(doc), rep.spaced(doc), rep.verse_spans(doc)
        for units, body in ((doc.units("sentence"), False), (doc.units("paragraph"), False),
                            (doc.units("list-item"), True)):
            keys = _cheap_keys(doc, units, body)
            words = [_key(low, sp, u.body_start if body else u.start, u.end) for u in units]
            assert len(keys) == len(units)
            if body or units is doc.units("sentence"):  # as the rules ask for them
                assert (_block_keys(doc) if body else _sentence_keys(doc, units)) == (
                    keys + _cheap_keys(doc, [u for u in doc.units("paragraph") if (u.start, u.end) not in verse])
                    if body else keys), text
            if text.isascii():  # from the joined texts: the digits are deleted too
                assert keys == ["".join(w).encode().translate(None, b"0123456789") for w in words], text
            elif sp.isascii():
                assert keys == ["".join(w).encode() for w in words], text
            else:
                assert keys == words, text


def test_ascii_text_is_translated_as_bytes_with_the_same_characters():
    from essaylint.kinds import _repetition as rep

    ascii_chars = "".join(map(chr, range(128)))
    assert ascii_chars.encode().translate(rep._PUNCT_TO_SPACE_BYTES).decode() == ascii_chars.translate(rep.PUNCT_TO_SPACE)
    assert ascii_chars.encode().translate(rep._BREAKS_BYTES).decode() == ascii_chars.translate(rep._BREAKS)
