"""Flags a list item that ends without terminal punctuation in a list of sentences.

``position: end`` (the default) looks only at the item that ends the
document: the typical length-limit cut ("8. Encouraging dialogue: ... By
engaging in cross-cultural conversation, individuals"). ``position: inside``
looks at the other items: one unterminated item in a list whose other items
are terminated sentences.

The last item counts as cut only when the writer visibly ends sentences
there: at least ``sibling-ratio`` of the list's other items (and at least
two, or the only other one) are terminated, or the item holds a terminated
sentence before its unfinished one, or it stops on a dangling word (unless
other items do too: a list of sentence starters), or its last line runs on
for ``runaway`` words without a mark or many commas. ``inside`` needs at
least three other items, ``sibling-ratio`` of them terminated. Label lists
(ingredients, names, titles: short fragments with no punctuation at all)
never qualify. Table rows, URLs and items shorter than ``min-words`` words
are left alone.

Terminated means ending with . ! ? : ; an ellipsis or full-width 。！？,
optionally followed by closing quotes or brackets or Markdown emphasis; an
ending in an emoji, emoticon, hashtag or closing bracket is never a cut
(see ``_truncation.ending``).
"""

from __future__ import annotations

from typing import Iterator

from essaylint.kinds import Hit, Option
from essaylint.kinds._truncation import (
    DANGLING, TERMINALS, Ending, after_content, cut_kind, describe, ending, has_sentence_end, is_table_row, last_token,
    has_words, last_word, last_words, runaway,
)

SUMMARY = "a list item that stops without terminal punctuation in a list of sentences"
SCOPES = ("list-item",)
OPTIONS = {
    "position": Option("choice", "end", "end: the item that ends the document; inside: every other item",
                       choices=("end", "inside")),
    "min-words": Option("int", 3, "ignore items with fewer words than this", min=1),
    "runaway": Option("int", 60, "a last line this long without a mark is a runaway generation", min=1),
    "sibling-ratio": Option("number", 0.5, "share of the list's other items that must be terminated", min=0, max=1),
}
FIELDS = ("number", "tail", "cut", "word")


class Compiled:
    __slots__ = ("position", "min_words", "ratio", "runaway")

    def __init__(self, position, min_words, ratio, runaway):
        self.position = position
        self.min_words = min_words
        self.ratio = ratio
        self.runaway = runaway


def compile(options: dict) -> Compiled:
    return Compiled(options["position"], options["min-words"], options["sibling-ratio"], options["runaway"])


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    items = doc.units("list-item")
    if not items:
        return
    if c.position == "end":
        final = final_item(doc)
        if final is None or _ends_in_mark(final):
            return  # terminated (the usual case: ending() would say so at once)
        if ending(final.body).state != "cut":
            return
        items = [x for x in items if x.list_id == final.list_id]
        candidates = [len(items) - 1]
    else:
        # an item whose last character is a terminal mark is terminated (ending() says so
        # at once): only the others can be cut, and most lists have none
        candidates = [k for k, x in enumerate(items) if x.text[-1] not in TERMINALS]
        if not candidates:
            return
        final = final_item(doc)
        candidates = [k for k in candidates if items[k] is not final]
        if not candidates:
            return
    # each item's ending, judged once; an item whose last character is a terminal
    # mark is terminated (ending() says so at once), and only its state is read
    ends = [_TERMINATED if _ends_in_mark(x) else ending(x.body) for x in items]
    lists: dict[int, list[int]] = {}
    for k, x in enumerate(items):
        lists.setdefault(x.list_id, []).append(k)
    for k in candidates:
        if ends[k].state != "cut":
            continue  # _judge would return None: skip grouping the item's siblings
        hit = _judge(doc, items, ends, tight_group(doc, items, ends, lists[items[k].list_id], k), k, c)
        if hit is not None:
            yield hit


_TERMINATED = Ending("terminated", -1, "")  # a terminated sibling's ending: only its state is read


def _ends_in_mark(item) -> bool:
    """Does the item (with a body) end in a terminal mark? Then ending() would say "terminated" at once."""
    return item.text[-1] in TERMINALS and item.end > item.body_start


def final_item(doc):
    """The list item that ends the document, or None (something else follows).

    Any block after the last item (a paragraph, heading or rule) is text
    after it, so ``after_content`` alone tells whether the last block is it.
    """
    items = doc.units("list-item")
    if not items or after_content(doc, items[-1].end):
        return None
    return items[-1]


def tight_group(doc, items, ends, members, k):
    """The members to compare item k with.

    A list whose items come in blank-line-separated groups ("- Gift ideas for
    him / her / teens" after a group of sentences) is judged by the item's
    own group when that group is a group of labels: two items or more, none
    of them terminated. A label group after a group of sentences is not a
    cut. Any other item, and a loose list (a blank line after every item),
    is judged against the whole list.
    """
    # each gap between two items of the list holds a line break: with no more than that
    # from the first item's end to the last one's start, the list is one tight group
    if doc.source.count("\n", items[members[0]].end, items[members[-1]].start) == len(members) - 1:
        return members
    return _group_walk(doc, items, ends, members, k)


def _group_walk(doc, items, ends, members, k):
    """tight_group's answer found by walking out from item k over single line breaks."""
    count = doc.source.count

    def adjacent(a, b) -> bool:  # item b starts on the line after the one item a ends on
        return count("\n", items[a].end, items[b].start) == 1

    at = members.index(k)
    lo = hi = at
    while lo > 0 and adjacent(members[lo - 1], members[lo]):
        lo -= 1
    while hi + 1 < len(members) and adjacent(members[hi], members[hi + 1]):
        hi += 1
    group = members[lo:hi + 1]
    if 1 < len(group) < len(members) and not any(ends[j].state == "terminated" for j in group):
        return group
    return members


def _evidence(items, ends, siblings, done, body, last_line, cut, c: Compiled) -> bool:
    """Does the writer visibly end sentences here, so that a missing mark is a cut?"""
    if siblings and done >= c.ratio * len(siblings) and done >= min(2, len(siblings)):
        return True  # a list of terminated sentences
    # a dangling last word is a cut, unless the list is one of sentence
    # starters ("1. This paper will explore the issue of")
    if cut == "dangling" and not any(
            ends[j].state == "cut" and last_word(items[j].body, ends[j].end) in DANGLING for j in siblings):
        return True
    return runaway(last_line, c.runaway) or has_sentence_end(body)


def _judge(doc, items, ends, members, k, c: Compiled):
    item, e = items[k], ends[k]
    if e.state != "cut":
        return None
    body = item.body
    last_line = body[body.rfind("\n", 0, e.end) + 1:e.end]
    if is_table_row(last_line) or not has_words(body, c.min_words):
        return None
    siblings = [j for j in members if j != k]
    done = sum(1 for j in siblings if ends[j].state == "terminated")
    if c.position == "inside" and (len(siblings) < 3 or done < c.ratio * len(siblings)):
        return None  # inside a list: at least three siblings, terminated as the rule asks
    base = item.body_start
    word_start = base + e.end - len(last_token(body, e.end))
    cut, word, full = cut_kind(doc, body, e.end, word_start)
    if c.position == "end" and not _evidence(items, ends, siblings, done, body, last_line, cut, c):
        return None
    number = item.number if item.number is not None else item.index + 1
    return Hit(word_start, base + e.end, {
        "number": number, "tail": last_words(body, e.end), "cut": describe(cut, word, full), "word": word,
    })
