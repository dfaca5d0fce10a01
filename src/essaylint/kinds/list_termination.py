"""Flags a list item that ends without terminal punctuation in a list of sentences.

``position: end`` (the default) looks only at the item that ends the
document: the typical length-limit cut ("8. Encouraging dialogue: ... By
engaging in cross-cultural conversation, individuals"). ``position: inside``
looks at the other items: one unterminated item in a list whose other items
are terminated sentences.

An item counts as a sentence item, and so as cut off, only when the writer
visibly ends sentences in that list: at least ``sibling-ratio`` of the other
items are terminated, or the item itself holds a terminated sentence before
its unfinished one, or (for the last item) it stops on a word that cannot end
a sentence. Label lists (ingredients, names, titles: short fragments with no
punctuation at all) never qualify. Table rows, URLs and items shorter than
``min-words`` words are left alone.

Terminated means ending with . ! ? : ; an ellipsis or full-width 。！？,
optionally followed by closing quotes or brackets, Markdown emphasis, emoji
or hashtags.
"""

from __future__ import annotations

from typing import Iterator

from essaylint.kinds import Hit, Option
from essaylint.kinds._truncation import (
    DANGLING, after_content, cut_kind, describe, ending, has_sentence_end, is_table_row, last_token, last_word,
    last_words, word_count,
)

SUMMARY = "a list item that stops without terminal punctuation in a list of sentences"
SCOPES = ("list-item",)
OPTIONS = {
    "position": Option("choice", "end", "end: the item that ends the document; inside: every other item",
                       choices=("end", "inside")),
    "min-words": Option("int", 3, "ignore items with fewer words than this", min=1),
    "sibling-ratio": Option("number", 0.5, "share of the list's other items that must be terminated", min=0, max=1),
}
FIELDS = ("number", "tail", "cut", "word")


class Compiled:
    __slots__ = ("position", "min_words", "ratio")

    def __init__(self, position, min_words, ratio):
        self.position = position
        self.min_words = min_words
        self.ratio = ratio


def compile(options: dict) -> Compiled:
    return Compiled(options["position"], options["min-words"], options["sibling-ratio"])


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    items = doc.units("list-item")
    if not items:
        return
    if c.position == "end":
        item = final_item(doc)
        if item is not None:
            hit = _judge(doc, items, item, c, last=True)
            if hit is not None:
                yield hit
        return
    final = final_item(doc)
    for item in items:
        if item is not final:
            hit = _judge(doc, items, item, c, last=False)
            if hit is not None:
                yield hit


def final_item(doc):
    """The list item that ends the document, or None (something else follows)."""
    blocks = doc.blocks
    if not blocks or blocks[-1].kind != "item":
        return None
    items = doc.units("list-item")
    item = items[-1]
    if after_content(doc, item.end):
        return None
    return item


def _terminated(item) -> bool:
    return ending(item.body).state == "terminated"


def _any_dangling(doc, items) -> bool:
    """Some item ends on a dangling word: a list of sentence starters, not a cut."""
    for x in items:
        e = ending(x.body)
        if e.state == "cut" and last_word(x.body, e.end) in DANGLING:
            return True
    return False


def _judge(doc, items, item, c: Compiled, *, last: bool):
    body = item.body
    e = ending(body)
    if e.state != "cut":
        return None
    last_line = body[body.rfind("\n", 0, e.end) + 1:e.end]
    if is_table_row(last_line) or word_count(body) < c.min_words:
        return None
    base = item.body_start
    word_start = base + e.end - len(last_token(body, e.end))
    cut, word, full = cut_kind(doc, body, e.end, word_start)
    siblings = [x for x in items if x.list_id == item.list_id and x is not item]
    done = sum(1 for x in siblings if _terminated(x))
    sentence_list = bool(siblings) and done >= c.ratio * len(siblings) and done >= min(2, len(siblings))
    if not last:
        # inside a list: at least three siblings, terminated as the rule asks
        if len(siblings) < 3 or done < c.ratio * len(siblings):
            return None
    elif not (sentence_list or has_sentence_end(body) or cut == "dangling" and not _any_dangling(doc, siblings)):
        return None
    number = item.number if item.number is not None else item.index + 1
    return Hit(word_start, base + e.end, {
        "number": number, "tail": last_words(body, e.end), "cut": describe(cut, word, full), "word": word,
    })

