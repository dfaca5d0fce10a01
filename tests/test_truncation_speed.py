"""The truncation kinds' shortcuts give what the full computations give (random equivalence)."""

import random

from essaylint.document import Document
from essaylint.kinds import _truncation as tr
from essaylint.kinds.list_termination import TERMINALS

_PIECES = ["word", "Wörd", "漢字", "a", "of", ".", "!", ":", "…", ")", "*", "🎉", "#tag", " ", "  ", "\t", "\n",
           "\x0b", "\x1c", "\u3000", "\xa0", "3.", "- "]


def _texts(n, seed):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 40)))


def test_has_words_is_word_count_at_least():
    for text in _texts(3000, 1):
        for n in range(1, 8):
            assert tr.has_words(text, n) == (tr.word_count(text) >= n), (text, n)


def _last_words_split(text, end, n=6):  # last_words as written with str.split
    chunk = text[max(0, end - 200):end]
    if tr._CJK_RE.search(chunk, max(0, len(chunk) - 12)):
        tail = chunk[-12:].lstrip()
        return tail if len(chunk) <= 12 else "…" + tail
    parts = chunk.split()
    tail = " ".join(parts[-n:])
    return tail if len(parts) <= n and end <= 200 else "…" + tail


def test_last_words_from_rsplit_is_from_split():
    rnd = random.Random(2)
    for text in _texts(3000, 2):
        text = text * rnd.randint(1, 12)
        for end in {len(text), len(text) // 2, rnd.randint(0, len(text))}:
            for n in (1, 3, 6):
                assert tr.last_words(text, end, n) == _last_words_split(text, end, n), (text, end, n)


def test_an_item_ending_in_a_mark_is_terminated():
    # list-termination skips ending() for an item whose last character is a terminal mark
    rnd = random.Random(3)
    checked = 0
    for body in _texts(3000, 3):
        text = rnd.choice(["1. ", "- ", "* "]) + body
        for item in Document(text, "a.txt").units("list-item"):
            if item.text[-1] in TERMINALS and item.end > item.body_start:
                assert tr.ending(item.body).state == "terminated", text
                checked += 1
    assert checked > 300
