"""degenerate-loop's screen is a necessary condition: it never hides a loop the exact check would report.

The screen (``_maybe_loop``) looks at word lengths only, so that most
documents skip the token-by-token comparison. A loop's words repeat
whatever the spacing around its punctuation ("go-on go -on go- on"), so a
screen that split at spaces alone missed such loops; these tests feed the
screen and the exact check random loops with random spacing and demand
that the screen never says no where the exact check finds one.
"""

import random

from essaylint.document import Document
from essaylint.engine import lint
from essaylint.kinds import degenerate_loop as dl
from essaylint.kinds._repetition import lowered
from essaylint.rules import load_rules

WORDS = ["go", "on", "a", "the", "it", "s", "1", "x", "and", "we", "café", "naïve", "don't", "well-known", "snake_case", "_x_"]
PUNCT = ["-", "'", ",", ".", "+", "/", "—", "…", "(", ")", ":", "*", "’", "\x1c"]


def _loop_text(rng: random.Random) -> str:
    period = [rng.choice(WORDS + PUNCT) for _ in range(rng.randint(1, 6))]
    if not any(t[0].isalnum() for t in period):
        period[0] = rng.choice(WORDS)
    parts = ["Some opening words here."]
    for _ in range(rng.randint(3, 9)):
        parts += [rng.choice(["", " ", " ", "  "]) + t for t in period]
    parts.append(rng.choice([".", " end.", "", " and then more words follow here."]))
    return "".join(parts) + "\n"


def test_screen_never_hides_a_loop_the_exact_check_finds():
    c = dl.compile({k: o.default for k, o in dl.OPTIONS.items()})
    rng = random.Random(2026)
    found = 0
    for _ in range(4000):
        text = _loop_text(rng)
        doc = Document(text, "a.txt")
        if any(True for _ in dl._loops(lowered(doc), 0, len(text), c)):
            found += 1
            assert dl._maybe_loop(dl._screen_text(doc), c), text
    assert found > 1000  # the generator does make loops


def test_loop_with_irregular_spacing_around_hyphens_is_reported():
    rules = [r for r in load_rules() if r.id == "degenerate-loop"]
    text = "The plan was simple. " + " ".join(["go-on", "go -on", "go- on", "go - on"] * 4) + ".\n"
    found = lint(Document(text, "a.txt"), rules)
    assert [(d.line, d.rule) for d in found] == [(1, "degenerate-loop")]
    assert "repeated 16 times" in found[0].message
