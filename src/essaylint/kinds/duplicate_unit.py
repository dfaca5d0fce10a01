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

import re
from itertools import repeat
from operator import attrgetter
from typing import Iterator

from essaylint.kinds import Hit, Option
from essaylint.kinds._repetition import ASCII_PUNCT, cached, lowered, spaced, spaced_bytes, verse_spans

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


ASCII_SPACES = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.split() splits ASCII text at
# ASCII text to its cheap keys' bytes: letters lowered (as str.lower); punctuation, whitespace and digits deleted
_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))
_DELETE = ASCII_PUNCT + ASCII_SPACES + b"0123456789"
# _LEAD_NUMBER_RE after a NUL (a unit's start in _cheap_keys), for ASCII text: the same matches there
_LEAD_AFTER_SEP_RE = re.compile("\x00" + _LEAD_NUMBER_RE.pattern, re.IGNORECASE)
_TEXT = attrgetter("text")
_BODY = attrgetter("body")
_MARKER = attrgetter("marker")


def _ascii(doc) -> bool:
    """Does ``_cheap_keys`` read the document's units as ASCII text joined with NULs?"""
    return doc.text.isascii() and "\x00" not in doc.text  # isascii: a flag, no scan


def _squeeze(text: str) -> bytes:
    return text.encode("ascii").translate(_LOWER, _DELETE)


def _joined_keys(texts) -> tuple[str, bytes, list[bytes]]:
    """The texts joined after a NUL each, that squeezed, and its pieces: each text's squeezed bytes."""
    joined = "\x00" + "\x00".join(texts)
    squeezed = _squeeze(joined)
    keys = squeezed.split(b"\x00")
    del keys[0]  # the empty string before the first NUL
    return joined, squeezed, keys


_LEAD_WORDS = (b"no", b"step", b"part")  # what a squeezed unit opening with a lead number's word starts with
# a squeezed unit opening with such a word in joined keys, after its NUL or a "-" bullet's "-" (_block_keys;
# _strip_leads, whose units have no bullet, asks the same: a "-" there only costs the exact search)
_LEAD_OPENING_RE = re.compile(b"\x00-?(?:" + b"|".join(_LEAD_WORDS) + b")")


def _strip_leads(joined: str, squeezed: bytes, keys: list[bytes]) -> list[bytes]:
    """``keys`` (from ``_joined_keys``) with each lead number that opens with a word left out."""
    if _LEAD_OPENING_RE.search(squeezed):  # rare (one search)
        keys = list(keys)
        for m in _LEAD_AFTER_SEP_RE.finditer(joined):
            stop = joined.find("\x00", m.end())
            keys[joined.count("\x00", 0, m.start())] = _squeeze(joined[m.end():stop if stop != -1 else len(joined)])
    return keys


def _cheap_keys(doc, units: list, body: bool = False) -> list:
    """A key per unit (from its body with ``body``), equal wherever the ``_key`` tuples are equal.

    The cheap test that no unit repeats. In ASCII text the key is the unit's
    words run together with their digits deleted: the units' texts are
    joined with NULs and lowered, their punctuation, whitespace and digits
    deleted and the result split at the NULs, a few C calls for all units
    (no word objects, no per-unit bytecode). A lead number ``_key`` strips
    ("3. ", "12) ") is made of deleted characters already; one with a word
    ("Step 2:", "No. 4") is looked for only where a unit's key starts with
    that word, by a regex over the joined text (it matches there as at the
    unit's start: a NUL ends any match), and that unit's key is remade from
    what follows it. Different units may share a key ("a bc", "ab c", "in
    1990", "in 1991"), which only sends them to the exact comparison.
    Other text gets the keys unit by unit.
    """
    if not units:
        return []
    if _ascii(doc):
        return _strip_leads(*_joined_keys(map(_BODY if body else _TEXT, units)))
    low = lowered(doc)
    starts = [u.body_start if body else u.start for u in units]
    ends = [u.end for u in units]
    b = spaced_bytes(doc)
    if b is None:
        sp = spaced(doc)
        return [_key(low, sp, start, end) for start, end in zip(starts, ends)]
    # ASCII spaced text: each unit's bytes with the whitespace deleted
    match = _LEAD_NUMBER_RE.match
    for i, start in enumerate(starts):
        if low[start:start + 1] in _LEAD_FIRST:
            m = match(low, start, ends[i])
            if m:
                starts[i] = m.end()
    return list(map(bytes.translate, map(b.__getitem__, map(slice, starts, ends)), repeat(None), repeat(ASCII_SPACES)))


# the characters a lead number can open with in lowered text whose spaced text is ASCII
# (_LEAD_NUMBER_RE: a blank, a digit, "step", "part", "no")
_LEAD_FIRST = frozenset("0123456789spn \t")


def _repeats(keys: list) -> bool:
    return len(set(keys)) != len(keys)


def _sentence_pieces(doc) -> tuple[str, bytes, list[bytes]]:
    """``_joined_keys`` of every sentence of an ASCII document: the sentences' keys before leads are stripped.

    Made once per document (every rule of scope ``sentence`` reads them).
    """
    return cached(doc, "dup-sentences", lambda: _joined_keys(map(_TEXT, doc.units("sentence"))))


def _sentence_keys(doc, sentences: list) -> list:
    """``_cheap_keys(doc, sentences)``; for all of an ASCII document's sentences, from ``_sentence_pieces``."""
    if sentences and sentences is doc.units("sentence") and _ascii(doc):
        return _strip_leads(*_sentence_pieces(doc))
    return _cheap_keys(doc, sentences)


def _block_keys(doc) -> list:
    """The cheap keys of the list items (their bodies) and prose paragraphs (not verse): the items', then the paragraphs'.

    In ASCII text all blocks are squeezed at once from their ``text``
    (``_joined_keys``: a few C calls): an item's text is its marker, blanks,
    then its body, and squeezing deletes a number marker ("3.", "12)"), a
    "*" or "+" bullet and the blanks, so its key is its body's; a "-" bullet
    stays as the key's first byte and is cut off. A lead number's word
    ("Step 3:") after the marker is looked for only where some key starts
    with that word (or "-" and that word), as in ``_strip_leads``.
    """
    verse = verse_spans(doc)
    items = doc.units("list-item")
    paras = doc.units("paragraph")
    if verse:
        paras = [u for u in paras if (u.start, u.end) not in verse]
    if not _ascii(doc):
        return _cheap_keys(doc, items, body=True) + _cheap_keys(doc, paras)
    blocks = items + paras
    if not blocks:
        return []
    _, squeezed, keys = _joined_keys(map(_TEXT, blocks))
    dashed = "-" in map(_MARKER, items)
    if dashed:
        for i, u in enumerate(items):
            if u.marker == "-":
                keys[i] = keys[i][1:]
    # a key opens with a lead number's word right after its NUL, or after a "-" bullet's
    if _LEAD_OPENING_RE.search(squeezed):  # rare (one search, scanning for the NULs)
        text = doc.text
        for i, u in enumerate(blocks):
            start = u.body_start if i < len(items) else u.start
            m = _LEAD_NUMBER_RE.match(text, start, u.end) if keys[i].startswith(_LEAD_WORDS) else None
            if m:  # ignoring case, as in the lowered text
                keys[i] = _squeeze(text[m.end():u.end])
    return keys


def _blocks_may_repeat(doc) -> bool:
    """False when no list item or prose paragraph can repeat another (the usual case), from ``_block_keys``.

    Made once per document: duplicate-item, duplicate-sentence and
    ``copied_blocks`` all ask it first, and build the blocks only when it is True.
    """
    return cached(doc, "dup-may-repeat", lambda: _repeats(_block_keys(doc)))


def _blocks(doc) -> list[tuple[int, int, int, int | None]]:
    """(start, end, compare-from, list) of list items and prose paragraphs (verse left out), in order.

    ``list`` is an item's list id (None for a paragraph). Made once per
    document, and only where ``_blocks_may_repeat``.
    """
    def make():
        verse = verse_spans(doc)
        out = [(u.start, u.end, u.body_start, u.list_id) for u in doc.units("list-item")]
        out += [(u.start, u.end, u.start, None) for u in doc.units("paragraph") if (u.start, u.end) not in verse]
        out.sort()
        return out
    return cached(doc, "dup-blocks", make)


def _block_copies(doc, min_words: int, short_from: int) -> tuple[list[tuple[int, int, tuple]], dict[tuple, int]]:
    """``_copies`` of the blocks and the copies of each, once per document and settings (shared by the rules)."""
    if not _blocks_may_repeat(doc):
        return _NONE

    def make():
        counts: dict[tuple, int] = {}
        return list(_copies(lowered(doc), spaced(doc), _blocks(doc), min_words, short_from, counts)), counts
    return cached(doc, ("block-copies", min_words, short_from), make)


_NONE: tuple[list, dict] = ([], {})  # no copies (never changed: the callers only read it)


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


def _copies(text, sp, units, min_words, short_from=0, times=None):
    """(index, index of the first copy, key) for units repeating an earlier one.

    Units under ``min_words`` words are skipped, or, with ``short_from``,
    reported only from that copy on, counting copies within one list (a list
    of 600 "Old tape" items is a loop; "name" under each entity of a data
    model, or "2 tbsp oil" in three recipes, is not).
    The callers run it only where the units' ``_cheap_keys`` repeat: most
    documents never make the word tuples.
    """
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
    if scope == "block":
        copies, counts = _block_copies(doc, c.min_words, SHORT_FROM)
        if not copies:
            return
        units, name = _blocks(doc), "item"
    else:
        sentences = doc.units("sentence")
        copied = _block_copies(doc, c.min_words, 0)[0]
        verse = verse_spans(doc)
        if copied or verse:
            blocks = _blocks(doc)
            left = [blocks[i][:2] for i, _, _ in copied] + verse
            sentences = [s for s in sentences if not any(a <= s.start < b for a, b in left)]
        if not _repeats(_sentence_keys(doc, sentences)):
            return  # no sentence repeats: the usual case, decided by hashing alone
        units = [(s.start, s.end, s.start, None) for s in sentences]
        name = "sentence"
        counts = {}
        copies = list(_copies(lowered(doc), spaced(doc), units, c.min_words, 0, counts))
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
    copies = _block_copies(doc, OPTIONS["min-words"].default, SHORT_FROM)[0]
    if not copies:
        return []
    blocks = _blocks(doc)
    return [blocks[i][:2] for i, _, _ in copies]
