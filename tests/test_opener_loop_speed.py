"""degenerate-loop's screen stays a necessary condition with its lags folded (``_screen_lags``).

A loop of k' words is also tested at lag 2k' when that lag is tested
anyway; these tests feed random loops of every period, under several
settings, to the exact check and the screen, and demand that the screen
never says no where the exact check finds a loop.
"""

import random

from essaylint.document import Document
from essaylint.kinds import degenerate_loop as dl
from essaylint.kinds._repetition import lowered

WORDS = ["go", "on", "a", "the", "it", "s", "1", "x", "and", "we", "café", "don't", "well-known", "ab", "cd", "xyz"]
PUNCT = ["-", "'", ",", ".", "+", "/", "—", "(", ")", ":", "*"]


def _loop_text(rng: random.Random, reps: int, span: int) -> str:
    period = [rng.choice(WORDS + PUNCT if rng.random() < 0.3 else WORDS) for _ in range(rng.randint(1, span))]
    if not any(t[0].isalnum() for t in period):
        period[0] = rng.choice(WORDS)
    parts = ["Some opening words here."]
    for _ in range(rng.randint(reps, reps + 2)):
        parts += [rng.choice(["", " ", " ", "  "]) + t for t in period]
    parts.append(rng.choice([".", " end.", "", " and then more words follow here."]))
    return "".join(parts) + "\n"


def test_folded_screen_never_hides_a_loop_the_exact_check_finds():
    rng = random.Random(66)
    for reps, span in [(5, 10), (3, 10), (4, 12), (6, 20), (5, 7), (2, 6), (3, 1)]:
        c = dl.compile({"min-repeats": reps, "max-span": span})
        found = 0
        for _ in range(1500):
            text = _loop_text(rng, reps, span)
            doc = Document(text, "a.txt")
            if any(True for _ in dl._loops(lowered(doc), 0, len(text), c)):
                found += 1
                assert dl._maybe_loop(dl._screen_text(doc), c), (reps, span, text)
        assert found > 40, (reps, span, found)  # the generator does make loops


def test_every_loop_period_has_a_lag_it_satisfies():
    # a loop of k words (reps * k - 1 of them, period k) has reps * k - 1 - m equal word lengths
    # at any lag m that is a multiple of k: the table must hold such a lag for every period
    for reps in range(3, 9):
        for span in range(1, 31):
            lags = dl._screen_lags(reps, span)
            for k in range(2, span + 1):
                assert any(m % k == 0 and need <= reps * k - 1 - m for m, need in lags), (reps, span, k)
            needs = [m + need for m, need in lags]
            assert needs == sorted(needs)  # the screen stops at the first lag the text is too short for
    # defaults: loops of 3, 4, 5 words are tested at 6, 8, 10; 7 and 9 keep their lags
    assert dl._screen_lags(5, 10) == [(2, 7), (6, 8), (8, 11), (10, 14), (7, 27), (9, 35)]
