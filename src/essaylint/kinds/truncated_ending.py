"""Flags a document whose final paragraph stops mid-sentence.

Only the paragraph that ends the document is judged, and only when nothing
follows it (a code block, table or list after it means the text went on).
A final list item is left to ``list-termination``, so one cut gives one
finding.

It fires when the last sentence has no terminal punctuation and there is
evidence that the writer ends sentences: an earlier sentence of the
paragraph, the paragraph or list item just before it, or most of its own
lines are terminated; or the text stops on a word that cannot end a sentence
("and", "the", "of"); or the last sentence runs on for ``runaway`` words
with no mark and few commas. It stays silent on table rows, URLs, code-like
lines, sign-offs and signatures, title-like lines, poems or lyrics (a
paragraph of short lines, or of unpunctuated lines), the answer a colon on
the line above introduced, and on final sentences shorter than
``min-words`` words.
"""

from __future__ import annotations

import re
from typing import Iterator

from essaylint.kinds import Hit, Option
from essaylint.kinds._truncation import (
    after_content, cut_kind, describe, ending, has_sentence_end, is_table_row, last_token, last_words, runaway, word_count,
)

SUMMARY = "the document's final paragraph stops mid-sentence"
SCOPES = ("document",)
OPTIONS = {
    "min-words": Option("int", 4, "ignore a final sentence with fewer words than this", min=1),
    "runaway": Option("int", 60, "a final sentence this long without a mark is a runaway generation", min=1),
    "short-line": Option("int", 45, "a paragraph whose lines are all shorter than this (characters) is verse or an address", min=1),
}
FIELDS = ("tail", "cut", "word")

_SIGN_OFF_RE = re.compile(
    r"(?i)^\W*(?:best|kind|warm|warmest|with)?\s*(?:regards|wishes|sincerely|yours|cheers|thanks|thank you|"
    r"respectfully|cordially|love|all the best|take care|hope this helps|good luck|enjoy|ps\b|p\.s)"
)
_CODE_RE = re.compile(r"[{}=<>]|\(\)|;\s*$|^\s*(?:\$|>>>|#include|import |from \S+ import|def |return\b)|\w\([^)]*$")


class Compiled:
    __slots__ = ("min_words", "short_line", "runaway")

    def __init__(self, min_words, short_line, runaway):
        self.min_words = min_words
        self.short_line = short_line
        self.runaway = runaway


def compile(options: dict) -> Compiled:
    return Compiled(options["min-words"], options["short-line"], options["runaway"])


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    paras = doc.units("paragraph")
    if not paras:
        return
    para = paras[-1]
    if after_content(doc, para.end):
        return  # any block after the last paragraph is text after it: the document does not end with it
    text = para.text
    e = ending(text)
    if e.state != "cut":
        return
    lines = [ln.strip() for ln in text[:e.end].split("\n")]
    last_line = lines[-1]
    if is_table_row(last_line) or not any(ch.isalnum() for ch in last_token(text, e.end)):
        return  # a table row, ASCII art, a number or symbol
    if any(_CODE_RE.search(ln) for ln in lines) or _signed(lines):
        return
    sentence = _last_sentence(text[:e.end])
    if word_count(sentence) < c.min_words or _title_like(sentence):
        return
    word_start = para.start + e.end - len(last_token(text, e.end))
    cut, word, full = cut_kind(doc, text, e.end, word_start)
    lines_terminated = False
    if len(lines) > 1:
        open_lines = sum(ending(ln).state != "terminated" for ln in lines[:-1])
        lines_terminated = open_lines * 2 < len(lines) - 1
        # a lowercase word cut short ("nutmeg powd" after "powder") is evidence
        # enough even among unpunctuated lines; "Lemon Slice" is a label
        if not (cut == "mid-word" and word.islower()):
            if max(len(ln) for ln in lines) < c.short_line:
                return  # verse, lyrics, an address or a signature block
            if not lines_terminated:
                return  # lines without punctuation: a list of labels, a job ad, a poem
            if lines[-2].endswith((":", "：")) and cut != "dangling":
                return  # the answer or list a colon introduced
    evidence = (cut == "dangling" or lines_terminated or runaway(sentence, c.runaway)
                or has_sentence_end(text[:e.end]))
    if not (evidence or _terminated_before(doc, para)):
        return
    yield Hit(word_start, para.start + e.end, {
        "tail": last_words(text, e.end), "cut": describe(cut, word, full), "word": word,
    })


_SENT_MARK_RE = re.compile(r"[.!?…][\"'”’)\]*]*\s+|[。！？]")


def _last_sentence(text: str) -> str:
    start = 0
    for m in _SENT_MARK_RE.finditer(text):
        start = m.end()
    return text[start:]


def _title_like(sentence: str) -> bool:
    """Every word capitalised (a title or a name), or no lowercase letter at all."""
    words = [w for w in sentence.split() if w[:1].isalpha()]
    if not words:
        return True
    small = {"a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "with", "at", "by"}
    return all(w[0].isupper() or w in small for w in words) and len(words) <= 12 or sentence.isupper()


def _terminated_before(doc, para) -> bool:
    """The paragraph or list item just before ends with a sentence mark.

    If it does not ("You are my reason for everything" above "I love you
    more than anything"), the writer leaves lines unpunctuated: no cut.
    """
    before = [u for scope in ("paragraph", "list-item") for u in doc.units(scope) if u.end <= para.start]
    if not before:
        return False
    prev = max(before, key=lambda u: u.end)
    return ending(prev.text).state == "terminated"


def _signed(lines: list[str]) -> bool:
    """A sign-off among the last lines ("Best regards,", "Thanks,") or a short
    line ending with a comma above a name."""
    for ln in lines[-4:-1]:
        if _SIGN_OFF_RE.match(ln) or ln.endswith(",") and word_count(ln) <= 4:
            return True
    return bool(_SIGN_OFF_RE.match(lines[-1]))

