"""Flags a short span repeated many times in a row ("1 + 1 + 1 + 1 ...").

Small models fall into loops: the same few tokens (words and punctuation
marks) again and again. For each period of 1 to ``max-span`` tokens the
token stream is compared with itself shifted by that period (one C-level
pass each, so linear time); a stretch that repeats its first ``period``
tokens at least ``min-repeats`` times, and contains a word, is one finding
covering the whole loop. Loops never cross a blank line or a unit boundary
of the scope.
"""

from __future__ import annotations

import operator
from typing import Iterator

import re

from essaylint.kinds import Hit, Option
from essaylint.kinds._repetition import cached, lowered, spaced_bytes

SUMMARY = "the same short span repeated many times in a row"
SCOPES = ("paragraph", "document")
OPTIONS = {
    "min-repeats": Option("int", 5, "times the span must occur in a row", min=2),
    "max-span": Option("int", 10, "longest repeated span, in tokens (words and punctuation marks)", min=1, max=50),
}
FIELDS = ("span", "repeats")
TOKEN_RE = re.compile(r"\w+|[^\w\s]")
DIGIT_LOOP_REPEATS = 10  # periods needed by a loop without letters
FOLDED_NEED = 8  # fewest equal word lengths the screen tests for a loop at twice its period
NON_WORD_RE = re.compile(r"\W+")
# ASCII bytes that are not word characters (letters, digits, "_") -> space
_WORDS_ONLY = bytes(c if chr(c).isalnum() or c == 0x5F else 0x20 for c in range(256))


class Compiled:
    __slots__ = ("min_repeats", "max_span", "lags", "same_word")

    def __init__(self, min_repeats, max_span):
        self.min_repeats = min_repeats
        self.max_span = max_span
        # the screen (``_maybe_loop``), made once, not per text: zero bytes for the equal
        # word lengths a loop of one word needs at lag 1, then (lag, equalities, zero bytes)
        # for the loops of 2 words or more
        self.same_word = bytes(min_repeats - 2)
        self.lags = tuple((k, need, bytes(need)) for k, need in _screen_lags(min_repeats, max_span))


def compile(options: dict) -> Compiled:
    return Compiled(options["min-repeats"], options["max-span"])


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    # once per document and settings: the shipped rule's loops are also ``loop_spans``
    return iter(cached(doc, ("loop-hits", scope, c.min_repeats, c.max_span), lambda: _find(doc, scope, c)))


def _find(doc, scope: str, c: Compiled) -> list[Hit]:
    if not _maybe_loop(_screen_text(doc), c):
        return []
    low = lowered(doc)
    if scope == "document":
        spans = [(0, len(low))]
    else:  # paragraphs, list items and headings: every block of the document
        spans = sorted((u.start, u.end) for s in ("paragraph", "list-item", "heading") for u in doc.units(s))
    return [hit for start, end in spans for hit in _loops(low, start, end, c)]


def _screen_text(doc) -> str | bytes:
    """The lowered text with every character that is not a word character as a space.

    Its ``split()`` gives exactly the word tokens (``\\w+``) that ``_loops``
    compares, whatever the spacing around punctuation: "go-on go -on go- on"
    is "go on" three times here, where splitting ``spaced(doc)`` (which
    keeps hyphens and apostrophes) gave chunks of three different lengths.
    ASCII text is one ``bytes.translate`` of the bytes other kinds share
    (the information separators U+001C..U+001F, which ``str.split`` splits
    at and ``bytes.split`` does not, become spaces too); those bytes have
    lost their underscores, a word character, so text holding one takes the
    regex.
    """
    low = lowered(doc)
    b = spaced_bytes(doc)
    if b is not None and "_" not in low:
        return b.translate(_WORDS_ONLY)
    return NON_WORD_RE.sub(" ", low)


def _screen_lags(reps: int, max_span: int) -> list[tuple[int, int]]:
    """(lag, equal word lengths needed) the screen tests for the loops of 2 words or more.

    A loop of k' words (``reps * k' - 1`` of them, period k') also repeats
    at lag 2k': ``(reps - 2) * k' - 1`` equalities. Where lag 2k' is tested
    anyway (2k' <= max_span), a loop of k' words is left to it when that
    is still FOLDED_NEED equalities or more (rare by chance), with the
    smaller of the two needs: three lags fewer with the defaults (k' = 3,
    4, 5 at lags 6, 8, 10: 8, 11, 14 equalities); k' = 2 keeps its own lag
    (3 equalities at lag 4 would pass too often).
    Sorted by ``need + lag``, the words a test needs, so the screen stops
    at the first lag the text is too short for.
    """
    need = {k: _need(reps, k) for k in range(2, max_span + 1)}
    taken = set()  # lags testing a shorter loop too: not folded again (a loop of 3 words has 2 equalities at 12)
    for k in range(3, max_span // 2 + 1):
        if k not in taken and (reps - 2) * k - 1 >= FOLDED_NEED:
            need[2 * k] = min(need[2 * k], (reps - 2) * k - 1)
            taken.add(2 * k)
            del need[k]
    return sorted(need.items(), key=lambda kn: kn[0] + kn[1])


def _maybe_loop(words_text: str | bytes, c: Compiled) -> bool:
    """Cheap screen over the whole text: could any span repeat ``min-repeats`` times?

    A necessary condition, never a sufficient one (the exact check follows).
    The words of a loop of k tokens, punctuation left out, repeat with a
    period of k' <= k words; the exact check needs reps * k - 1 tokens
    (the last period may be short of one token), so the loop holds at least
    reps * k' - 1 words: ``_need(reps, k')`` equal words at lag k' when
    k' > 1 (or fewer at lag 2k': ``_screen_lags``), and reps - 2 at lag 1 (the same word reps - 1 times in a row,
    punctuation between allowed). Words are reduced to their lengths, one
    byte each, packed into one big integer; XOR with itself shifted by k
    bytes is zero wherever a length repeats at lag k. At lag 1 equal
    lengths are common, so each stretch found is checked for equal words.
    ``tests/test_loop_screen.py`` checks the condition on random loops.
    """
    toks = words_text.split()
    n = len(toks)
    if not n:
        return False
    run = len(c.same_word)
    if run < 1:  # min-repeats 2: one word may be a loop (". it ." at period 2)
        return True
    try:
        lengths = bytes(map(len, toks))
    except ValueError:  # a word of 256 characters or more
        return True
    x = int.from_bytes(lengths, "big")
    if n > run:
        lag1 = (x ^ (x >> 8)).to_bytes(n, "big")
        pos = lag1.find(c.same_word, 1)
        while pos != -1:
            if len(set(toks[pos - 1:pos + run])) == 1:
                return True
            pos = lag1.find(c.same_word, pos + 1)
    for k, need, zeros in c.lags:
        if need + k > n:
            break
        if ((x ^ (x >> (8 * k))).to_bytes(n, "big")).find(zeros, k) != -1:
            return True
    return False


def _loops(text: str, start: int, end: int, c: Compiled) -> Iterator[Hit]:
    toks = TOKEN_RE.findall(text, start, end)
    n = len(toks)
    reps = c.min_repeats
    if n < 2 * reps:
        return
    found = []  # (first token, token count, period)
    for k in range(1, c.max_span + 1):
        need = _need(reps, k)
        if need + k > n:
            break
        eq = bytes(map(operator.eq, toks, toks[k:]))
        pos = eq.find(b"\x01" * need)
        while pos != -1:
            stop = pos + need
            while stop < len(eq) and eq[stop]:
                stop += 1
            first, count = pos, stop - pos + k
            unit = toks[first:first + k]
            # digits alone repeat in numbers ("700,000,000,000,000"): a loop needs a
            # letter, or many more periods ("(1/2) * (1/2) * ..." 300 times)
            # and punctuation alone ("-----", "....") is a rule line or an ellipsis
            letters = any(ch.isalpha() for t in unit for ch in t)
            digits = letters or any(ch.isdigit() for t in unit for ch in t)
            if (letters or digits and count >= DIGIT_LOOP_REPEATS * k) and not any(
                    a <= first < a + m for a, m, _ in found):
                found.append((first, count, k))
            pos = eq.find(b"\x01" * need, stop)
    if not found:
        return
    spans = [m.span() for m in TOKEN_RE.finditer(text, start, end)]
    for first, count, k in sorted(found):
        a, b = spans[first][0], spans[first + count - 1][1]
        one = text[a:spans[first + k - 1][1]]
        yield Hit(a, b, {"span": " ".join(one.split()), "repeats": (count + k - 1) // k})


def _need(reps: int, k: int) -> int:
    """Equalities at lag k in a loop of ``reps`` periods, the last one short of a
    token ("go on, go on, go on, go on, go on.": the final comma is a full stop)."""
    return max(1, (reps - 1) * k - (k > 1))


_DEFAULTS = None


def loop_spans(doc) -> list[tuple[int, int]]:
    """Spans of the loops found with the default settings (for the other repetition kinds)."""
    global _DEFAULTS
    if _DEFAULTS is None:
        _DEFAULTS = compile({k: o.default for k, o in OPTIONS.items()})
    return cached(doc, "loops", lambda: [(h.start, h.end) for h in check(doc, SCOPES[0], _DEFAULTS)])
