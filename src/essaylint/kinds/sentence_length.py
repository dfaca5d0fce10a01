"""Flags sentences with more words than a limit.

Words are counted as textstat counts them (``lexicon_count``: punctuation
removed, a hyphenated word or a contraction is one word, a number is a
word), so the count agrees with the words-per-sentence figure behind the
readability formulas. The finding spans the sentence.

A "sentence" that runs over several lines, most of them starting with a
capital letter, a digit or a quote after a line that ends with no
punctuation, is a list written one entry per line (titles, figures,
calculation steps) rather than prose wrapped at a line width: its lines are
counted one by one, and only a line over the limit is reported.
"""

from __future__ import annotations

from typing import Iterator

import regex

from essaylint.kinds import Hit, Option
from essaylint.textstats import blocks, word_count_over

SUMMARY = "sentences with more words than a limit"
SCOPES = ("sentence",)
OPTIONS = {
    "max": Option("int", 45, "report a sentence with more words than this", min=1),
}
FIELDS = ("words", "limit")


# a line break inside a sentence, and whether the next line starts like an entry
_BREAK = regex.compile(r"\n[ \t]*")
_ENTRY_START = regex.compile(r"[\p{Lu}\p{N}\"'“‘(\[*]")


def _ends_bare(text: str, end: int) -> bool:
    """Whether the line ending at ``end`` ends with a letter or digit (no punctuation)."""
    i = end - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i].isalnum()


def _line_list(text: str) -> list[tuple[int, int]] | None:
    """The (start, end) of each line if the sentence is written one entry per line, else None."""
    breaks = list(_BREAK.finditer(text))
    if len(breaks) < 2:
        return None
    entries = sum(1 for m in breaks if _ENTRY_START.match(text, m.end()) and _ends_bare(text, m.start()))
    if 2 * entries <= len(breaks):
        return None
    spans, start = [], 0
    for m in breaks:
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def compile(options: dict) -> int:
    return options["max"]


def _long_blocks(doc, limit: int) -> list[tuple[int, int]]:
    """Spans of the paragraphs and list items with more than ``limit`` tokens, in document order.

    Sentences are cut from paragraphs and list item bodies, so a sentence
    over the limit lies in one of these; the rest are never split into
    words. The blocks' tokens are shared with the readability rules.
    """
    blks = blocks(doc)
    return [(blks.starts[i], blks.units[i].end) for i, toks in enumerate(blks.tokens) if len(toks) > limit]


def check(doc, scope: str, limit: int) -> Iterator[Hit]:
    spans = _long_blocks(doc, limit)
    if not spans:
        return
    k = 0
    for s in doc.units("sentence"):
        while k < len(spans) and spans[k][1] <= s.start:
            k += 1
        if k == len(spans):
            break
        if s.start < spans[k][0]:
            continue
        text = s.text
        if len(text) < 2 * limit + 1:  # more than limit words need at least 2 * limit + 1 characters
            continue
        n = word_count_over(text, limit)
        if n <= limit:
            continue
        lines = _line_list(text)
        if lines is None:
            yield Hit(s.start, s.end, {"words": n, "limit": limit})
            continue
        for a, b in lines:
            n = word_count_over(text[a:b], limit)
            if n > limit:
                yield Hit(s.start + a, s.start + b, {"words": n, "limit": limit})
