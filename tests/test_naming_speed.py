"""Naming drift's shortcuts agree with its general path on random text (fuzz equivalence).

The walk back from a head places the words it read by one comparison when
single spaces separate them (``_walk_on``), and a plain window's words are
then built without counting line breaks (``_plain_words``); these tests mix
single spaces with other white space, punctuation and function words, and
compare what the shortcuts give with the general path's words and mentions.
"""

import random

import pytest

from essaylint.document import Document
from essaylint.rules import load_rules

WORDS = ["rural", "Latinx", "queer", "LGBTQ+", "non-binary", "Deaf", "these", "and", "the", "for", "x",
         "groups", "communities", "people", "youth", "members", "other", "can", "Black", "ab", "b", "rur"]
GAPS = [" "] * 12 + ["  ", "\n", "\n\n", "\t", " \n", ", ", ". ", " (", "; ", "\u00a0", " **", "** "]


def _compiled():
    from essaylint.engine import compiled

    (r,) = [r for r in load_rules() if r.id == "naming-drift"]
    return compiled(r)


def _texts(seed: int, n: int):
    rnd = random.Random(seed)
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 40)):
            parts.append(rnd.choice(WORDS))
            parts.append(rnd.choice(GAPS))
        yield "".join(parts)


def _facts(words):
    return [(w.start, w.end, w.text, w.low, w.norm, w.acronym, w.joined, w.initial, w.heading) for w in words]


@pytest.mark.parametrize("seed", range(4))
def test_plain_window_agrees_with_the_general_path_on_random_text(seed):
    from essaylint.kinds import naming_consistency as nc

    c = _compiled()
    plain = 0
    for text in _texts(seed, 400):
        for hs, he in nc._find_heads(text, c):
            got = nc._window_plain(text, hs, he, c)
            if got is None:
                continue
            if not got:
                assert not nc._name_before(text, hs, c.stop) or nc._mention_shape(
                    *nc._window(text, hs, he, c), c) is None, text[:he]
                continue
            plain += 1
            words, i = nc._window(text, hs, he, c)
            assert (_facts(got[0]), got[1]) == (_facts(words), i), text[:he]
    assert plain > 300  # the shortcut is taken


@pytest.mark.parametrize("seed", range(4))
def test_mentions_agree_with_the_general_path_on_random_text(seed):
    from essaylint.kinds import naming_consistency as nc

    c = _compiled()

    def facts(ms):
        return [(m.start, m.end, m.name, m.head.start, m.head.end, m.spelling_only, m.tentative,
                 [(w.start, w.initial, w.heading, w.joined) for w in m.words]) for m in ms]

    found = 0
    for text in _texts(100 + seed, 300):
        doc = Document(text, "a.txt")
        want = []
        for hs, he in nc._find_heads(doc.text, c):
            if nc._name_before(doc.text, hs, c.stop):
                nc._mentions(doc.text, *nc._window(doc.text, hs, he, c), c, want)
        got = nc._find_mentions(doc, c)
        assert facts(got) == facts(want), text
        found += len(got)
    assert found > 100


HEAD_WORDS = ["groups", "group", "people", "peoples", "Groups", "members", "youth", "café", "x", "menx", "women"]
HEAD_GAPS = [" ", " ", " ", "\n", "\n\n", " \n", "\t", "\u2003", "\u00a0", "\r\n", "-", "'", "_", ", ", "é"]


@pytest.mark.parametrize("seed", range(3))
def test_head_scan_agrees_with_a_search_for_each_head_on_random_text(seed):
    from essaylint.kinds import naming_consistency as nc

    c = _compiled()
    rnd = random.Random(seed)
    found = 0
    for _ in range(300):
        text = "".join(rnd.choice(HEAD_WORDS) + rnd.choice(HEAD_GAPS) for _ in range(rnd.randint(1, 30)))
        want = sorted((i, i + len(h)) for h in c.head_list for i in range(1, len(text))
                      if text.startswith(h, i) and text[i - 1].isspace()
                      and not (text[i + len(h):i + len(h) + 1].isalnum() or text[i + len(h):i + len(h) + 1] == "-"))
        assert nc._find_heads(text, c) == want, text
        found += len(want)
    assert found > 1000
