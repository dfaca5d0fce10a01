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
from essaylint.kinds._repetition import cached, lowered, spaced, spaced_bytes

SUMMARY = "the same short span repeated many times in a row"
SCOPES = ("paragraph", "document")
OPTIONS = {
    "min-repeats": Option("int", 5, "times the span must occur in a row", min=2),
    "max-span": Option("int", 10, "longest repeated span, in tokens (words and punctuation marks)", min=1, max=50),
}
FIELDS = ("span", "repeats")
TOKEN_RE = re.compile(r"\w+|[^\w\s]")
DIGIT_LOOP_REPEATS = 10  # periods needed by a loop without letters
LONG_CHUNK = 20  # characters: a chunk this long may hide a loop written without spaces
_SHORT = bytes(range(LONG_CHUNK))  # the lengths under LONG_CHUNK, as bytes


class Compiled:
    __slots__ = ("min_repeats", "max_span", "lags")

    def __init__(self, min_repeats, max_span):
        self.min_repeats = min_repeats
        self.max_span = max_span
        # (period, equalities needed, that many zero bytes) per period, made once, not per text
        self.lags = tuple((k, _need(min_repeats, k), bytes(_need(min_repeats, k))) for k in range(1, max_span + 1))


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
    """``spaced(doc)``, as the ASCII bytes other kinds share where its ``split()`` gives the same chunks.

    ``bytes.split()`` is a little cheaper than ``str.split()`` and makes
    chunks of the same lengths, except that ``str.split()`` also splits at
    the information separators U+001C..U+001F: text holding one stays str.
    """
    b = spaced_bytes(doc)
    if b is None or b"\x1c" in b or b"\x1d" in b or b"\x1e" in b or b"\x1f" in b:
        return spaced(doc)
    return b


def _maybe_loop(spaced_text: str | bytes, c: Compiled) -> bool:
    """Cheap screen over the whole text: could any span repeat ``min-repeats`` times?

    Words (punctuation dropped, so a loop's words repeat with a period no
    longer than its tokens') are reduced to their lengths, one byte each,
    packed into one big integer; XOR with itself shifted by k bytes is zero
    wherever a length repeats at lag k, and a loop needs a long stretch of
    such zeros. A loop written without spaces ("1+1+1+1+1") is one long chunk,
    so any long chunk sends the text to the exact check too. Equal lengths
    are necessary, not sufficient: the exact check follows.
    """
    toks = spaced_text.split()
    n = len(toks)
    if not n:
        return False
    try:
        lengths = bytes(map(len, toks))
    except ValueError:  # a chunk of 256 characters or more
        return True
    if lengths.translate(None, _SHORT):  # what is left when the short lengths are deleted: a long chunk
        return True
    x = int.from_bytes(lengths, "big")
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
