"""Flags a list item, paragraph or sentence that repeats an earlier one.

Units are compared by their words only: case-folded, punctuation and
Markdown emphasis dropped, and a leading list number ("3.", "3)", "Step 3:")
stripped, so "4. Eat well." repeating "1. eat well" counts as the same item.
Comparison is by hashing (linear time). Items shorter than ``min-words``
words are reported only from their third copy within one list: "1 cup
sugar" may rightly be in every recipe, and "name" under every entity of a
data model; a list that repeats it is a loop. A run of consecutive copies of one unit gives one finding
spanning the run. With scope ``sentence``, sentences inside a block (item
or paragraph) that is itself a copy are left to the block finding.
"""

from __future__ import annotations

from typing import Iterator

import re

from essaylint.kinds import Hit, Option
from essaylint.kinds._repetition import cached, lowered, spaced, verse_spans

SUMMARY = "a list item, paragraph or sentence identical to an earlier one"
SCOPES = ("block", "sentence")
OPTIONS = {
    "min-words": Option("int", 5, "shortest unit compared, in words", min=1),
}
FIELDS = ("units", "count", "related_line")
SHORT_FROM = 3  # a short item is reported from its third copy on
_LEAD_NUMBER_RE = re.compile(r"[ \t]*(?:(?:step|part|no\.?)[ \t]*)?\d{1,3}[.):][ \t]+", re.IGNORECASE)


class Compiled:
    __slots__ = ("min_words",)

    def __init__(self, min_words):
        self.min_words = min_words


def compile(options: dict) -> Compiled:
    return Compiled(options["min-words"])


def _key(low: str, sp: str, start: int, end: int) -> tuple:
    m = _LEAD_NUMBER_RE.match(low, start, end)
    if m:
        start = m.end()
    return tuple(sp[start:end].split())


_RARE_SPACES = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"  # the ASCII whitespace but space and line break


def _squeezed_keys(low: str, sp: str, units) -> list:
    """A key per unit, equal wherever the ``_key`` tuples are equal: a cheap test that no unit repeats.

    In ASCII text with no whitespace but spaces and line breaks, a unit's
    words with the spaces between them deleted (two C-level replaces, no
    tuple of words) is that key; two different units may rarely share it
    ("a bc", "ab c"), which only sends them to the exact comparison. Other
    text gets the ``_key`` tuples themselves.
    """
    if not sp.isascii() or any(c in sp for c in _RARE_SPACES):
        return [_key(low, sp, body, end) for _, end, body, _ in units]
    out = []
    match = _LEAD_NUMBER_RE.match
    for _, end, start, _ in units:
        m = match(low, start, end)
        out.append(sp[m.end() if m else start:end].replace(" ", "").replace("\n", ""))
    return out


def _blocks(doc) -> tuple[list[tuple[int, int, int, int | None]], list[tuple[int, int]], list[str]]:
    """(start, end, compare-from, list) of list items and prose paragraphs, in order; the verse spans; the blocks' string keys.

    ``list`` is an item's list id (None for a paragraph).

    Made once per document: duplicate-item, duplicate-sentence and
    ``copied_blocks`` all compare the same blocks.
    """
    def make():
        verse = verse_spans(doc)
        out = [(u.start, u.end, u.body_start, u.list_id) for u in doc.units("list-item")]
        out += [(u.start, u.end, u.start, None) for u in doc.units("paragraph") if (u.start, u.end) not in verse]
        out.sort()
        return out, verse, _squeezed_keys(lowered(doc), spaced(doc), out)
    return cached(doc, "dup-blocks", make)


def _block_copies(doc, min_words: int, short_from: int) -> tuple[list[tuple[int, int, tuple]], dict[tuple, int]]:
    """``_copies`` of the blocks and the copies of each, once per document and settings (shared by the rules)."""
    def make():
        blocks, _, keys = _blocks(doc)
        counts: dict[tuple, int] = {}
        return list(_copies(lowered(doc), spaced(doc), blocks, keys, min_words, short_from, counts)), counts
    return cached(doc, ("block-copies", min_words, short_from), make)


_WORD_TOKEN_RE = re.compile(r"[(\"'*_]*[^\W\d_]+(?:['’\-][^\W\d_]+)*[)\"'*_.,;:!?]*")
_CODE_TOKEN_RE = re.compile(r"[=/\\{}<>|]|\w[.:]\w|:$")  # a path, an assignment, "a.b", "key:"


def _prose(text: str, start: int, end: int) -> bool:
    """Is the unit prose rather than a line of code or config?

    Code is a unit with fewer than two words standing between spaces and a
    token that only code has: a path or an assignment ("./logs:/logs",
    "x = 1"), a dotted name ("velocity.y"), a "key:" ('version: "3"'). A
    docker-compose file written outside a code fence repeats those once per
    service, and the copies belong to the file; "Casablanca (1942)" listed
    twice is still a copied item.
    """
    tokens = text[start:end].split()
    if sum(1 for t in tokens if _WORD_TOKEN_RE.fullmatch(t)) >= 2:
        return True
    return not any(_CODE_TOKEN_RE.search(t) for t in tokens)


def _copies(text, sp, units, cheap_keys, min_words, short_from=0, times=None):
    """(index, index of the first copy, key) for units repeating an earlier one.

    Units under ``min_words`` words are skipped, or, with ``short_from``,
    reported only from that copy on, counting copies within one list (a list
    of 600 "Old tape" items is a loop; "name" under each entity of a data
    model, or "2 tbsp oil" in three recipes, is not).
    ``cheap_keys`` are the units' ``_squeezed_keys``: they decide whether any
    unit may repeat at all; only then are the word tuples made.
    """
    if len(set(cheap_keys)) == len(cheap_keys):  # no unit repeats: the usual case, decided by hashing alone
        return
    keys = [_key(text, sp, body, end) for _, end, body, _ in units]
    seen: dict[tuple, int] = {}
    times = {} if times is None else times  # copies of each unit so far (filled for the caller)
    for i, (start, end, body, group) in enumerate(units):
        key = keys[i]
        # no word with a letter ("1 | 2 | 3 | 4"): a grid or numbers, not prose
        short = len(key) < min_words
        if not any(w[0].isalpha() or w[-1].isalpha() for w in key) or short and not short_from:
            continue
        if short:
            key = (group, *key)  # a short unit repeats only within its own list
        times[key] = times.get(key, 0) + 1
        if key in seen:
            # a short item ending in a colon labels what follows ("Learning objectives:")
            if (not short or times[key] >= short_from and not text[body:end].rstrip().endswith(":")) \
                    and _prose(text, body, end):
                yield i, seen[key], key
        else:
            seen[key] = i


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    blocks, verse, _ = _blocks(doc)
    if scope == "block":
        units, name = blocks, "item"
        copies, counts = _block_copies(doc, c.min_words, SHORT_FROM)
    else:
        left = [blocks[i][:2] for i, _, _ in _block_copies(doc, c.min_words, 0)[0]] + verse
        if left:
            units = [(s.start, s.end, s.start, None) for s in doc.units("sentence")
                     if not any(a <= s.start < b for a, b in left)]
        else:
            units = [(s.start, s.end, s.start, None) for s in doc.units("sentence")]
        name = "sentence"
        text, sp = lowered(doc), spaced(doc)
        counts = {}
        copies = list(_copies(text, sp, units, _squeezed_keys(text, sp, units), c.min_words, 0, counts))
    k = 0
    while k < len(copies):
        i, first, key = copies[k]
        j = k
        # consecutive copies of the same unit: one finding spanning them
        while j + 1 < len(copies) and copies[j + 1][0] == copies[j][0] + 1 and copies[j + 1][2] == key:
            j += 1
        start = units[i][2] if scope == "block" else units[i][0]
        label = name if scope != "block" or units[i][2] != units[i][0] else "paragraph"
        yield Hit(start, units[copies[j][0]][1],
                  {"units": label, "count": counts[key]},
                  related=(units[first][2], units[first][1]))
        k = j + 1


def copied_blocks(doc) -> list[tuple[int, int]]:
    """Spans of the items and paragraphs that copy an earlier one (default settings)."""
    blocks = _blocks(doc)[0]
    return [blocks[i][:2] for i, _, _ in _block_copies(doc, OPTIONS["min-words"].default, SHORT_FROM)[0]]
