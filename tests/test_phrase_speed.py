"""repeated-phrase's offset lookups: a run placed once and kept gives the offsets a fresh lookup gives.

``_Tokens`` finds a token's offset inside its run and keeps each run it has
placed; these tests look tokens up in random order, many per run, and
compare every answer with the offsets of one C-level scan of all tokens
(``starts``), in short texts and in texts longer than ``LONG_SPAN``.
"""

import random

from essaylint.kinds import repeated_phrase as rp
from essaylint.kinds._repetition import SEP

WORDS = ["the", "film", "industry", "can", "a", "of", "x", "1990", "well-known", "don't", "café"]
GAPS = [" ", " ", "  ", "\n", " \n  ", "\t"]


def _runs_text(rng: random.Random, words: int) -> str:
    """A text as runs_text gives it: words between whitespace, SEP where a run ends (alone, doubled, glued)."""
    out = []
    for _ in range(words):
        out.append(rng.choice(WORDS))
        r = rng.random()
        if r < 0.15:
            out.append(SEP)  # punctuation glued to the word: "word."
        elif r < 0.2:
            out.append(rng.choice(GAPS) + SEP * rng.randint(1, 3))  # a list marker
        out.append(rng.choice(GAPS))
    return rng.choice(["", SEP, " "]) + "".join(out)


def _check(rng: random.Random, rt: str) -> int:
    start = rng.randint(0, 3)
    end = len(rt) - rng.randint(0, 3)
    tk = rp._Tokens(rt, start, end)
    tk.repeated(3, 3)
    starts = rp._Tokens(rt, start, end).starts()
    words = [p for p, t in enumerate(tk.toks[:-1]) if t != SEP]
    looked = 0
    for p in rng.sample(words, len(words)) * 2:  # every word twice, in random order: most runs placed already
        if tk._lookups >= rp.LOOKUPS:  # past LOOKUPS, the offsets come from starts() itself
            break
        assert tk.start_of(p) == starts[p], (rt, p)
        length = rng.randint(1, 3)
        if all(t != SEP for t in tk.toks[p:p + length]) and tk._lookups < rp.LOOKUPS:
            assert tk.spans(p, length) == [(starts[q], starts[q] + len(tk.toks[q])) for q in range(p, p + length)], (rt, p)
        looked += 1
    return looked


def test_placed_runs_give_the_offsets_of_a_full_scan():
    rng = random.Random(2026)
    looked = sum(_check(rng, _runs_text(rng, rng.randint(1, 40))) for _ in range(1500))
    assert looked > 10000


def test_placed_runs_in_a_long_text():
    rng = random.Random(7)
    for _ in range(20):
        rt = _runs_text(rng, 1800)
        assert len(rt) > rp.LONG_SPAN
        assert _check(rng, rt) > 0
