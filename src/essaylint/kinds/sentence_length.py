"""Flags sentences with more words than a limit.

Words are counted as textstat counts them (``lexicon_count``: punctuation
removed, a hyphenated word or a contraction is one word, a number is a
word), so the count agrees with the words-per-sentence figure behind the
readability formulas. The finding spans the sentence.
"""

from __future__ import annotations

from typing import Iterator

from essaylint.kinds import Hit, Option
from essaylint.textstats import word_count

SUMMARY = "sentences with more words than a limit"
SCOPES = ("sentence",)
OPTIONS = {
    "max": Option("int", 45, "report a sentence with more words than this", min=1),
}
FIELDS = ("words", "limit")


def compile(options: dict) -> int:
    return options["max"]


def check(doc, scope: str, limit: int) -> Iterator[Hit]:
    for s in doc.units("sentence"):
        text = s.text
        if len(text) < 2 * limit + 1:  # more than limit words need at least 2 * limit + 1 characters
            continue
        n = word_count(text)
        if n > limit:
            yield Hit(s.start, s.end, {"words": n, "limit": limit})
