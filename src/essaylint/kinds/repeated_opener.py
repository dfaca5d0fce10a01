"""Flags list items (or sentences of a paragraph) that open with the same words.

Generated lists open item after item with one formula ("Cultural exchange
can help ...", "By engaging in ..."). Items of one list are compared by
their first ``min-words`` words (case-folded, commas ignored), read after a
short "Title:" label or bold lead-in, since that is where the formula sits.
When more than ``max-count`` items share an opening, each one from the
(max-count + 1)-th on is reported at its opening; the phrase shown is the
longest opening all of them share, and the related location is the first.
With scope ``sentence`` the sentences of each paragraph (or list item) are
compared instead. Openings made only of stopwords ("It is a") or starting
with a number ("1/2 cup") are ignored, and so are titles (list items of
fewer than eight words and no "Label:", such as "Gift ideas for teens"),
which are parallel on purpose. Units that copy an earlier unit word for word are left to
duplicate-item.
"""

from __future__ import annotations

import bisect
from typing import Iterator

from essaylint.kinds import Hit, Option
from essaylint.kinds._repetition import (
    STOPWORDS, cached, clause_end, clause_ends, fold, item_openings, lowered, opening_words, spaced, title_spans)

SUMMARY = "list items or sentences that open with the same words"
SCOPES = ("list-item", "sentence")
OPTIONS = {
    "min-words": Option("int", 3, "opening words compared", min=1, max=12),
    "max-count": Option("int", 2, "items of one list allowed to share an opening", min=1),
    "stopwords": Option("str-list", list(STOPWORDS), "an opening made only of these words is ignored"),
}
FIELDS = ("phrase", "count", "units", "related_line")
MAX_SHOWN = 8  # words of the shared opening named in the message


class Compiled:
    __slots__ = ("min_words", "max_count", "stopwords")

    def __init__(self, min_words, max_count, stopwords):
        self.min_words = min_words
        self.max_count = max_count
        self.stopwords = stopwords


_STOPWORD_SETS: dict[frozenset, frozenset] = {}


def compile(options: dict) -> Compiled:
    stopwords = frozenset(fold(w) for w in options["stopwords"])
    # one object per distinct set: the openings are cached under a key holding it, and two
    # rules with equal settings (the shipped rule, repeated-phrase's defaults) then find
    # each other's key by identity, not by comparing two sets of 200 words on every look-up
    stopwords = _STOPWORD_SETS.setdefault(stopwords, stopwords)
    return Compiled(options["min-words"], options["max-count"], stopwords)


def _groups(doc, scope: str) -> list[list[tuple[int, int]]]:
    """Units to compare with each other, as (opening start, unit end) lists."""
    if scope == "list-item":
        lists: dict[int, list] = {}
        for item, start in item_openings(doc):
            lists.setdefault(item.list_id, []).append((start, item.end))
        return [g for g in lists.values() if len(g) > 1]
    blocks = doc.units("paragraph") + doc.units("list-item")
    bounds = sorted((b.start, b.end) for b in blocks)
    out: dict[int, list] = {}
    starts = [b[0] for b in bounds]
    for s in doc.units("sentence"):
        k = bisect.bisect_right(starts, s.start) - 1
        out.setdefault(k, []).append((s.start, s.end))
    return [g for g in out.values() if len(g) > 1]


def repeated_openings(doc, scope: str, c: Compiled) -> list[list[list[tuple[int, int]]]]:
    """Groups of units sharing an opening beyond the limit.

    Each group lists, per unit in document order, the word spans of the
    longest opening all units of the group share.
    """
    # keyed by the settings, not the rule: repeated-phrase asks with the defaults and
    # shares the groups the default repeated-opener rule has already found
    key = ("openers", scope, c.min_words, c.max_count, c.stopwords)
    return cached(doc, key, lambda: _find(doc, scope, c))


def _find(doc, scope: str, c: Compiled):
    n = c.min_words
    found = []
    if n > MAX_SHOWN:  # an opening is read to MAX_SHOWN words: none has n
        return found
    groups = _groups(doc, scope)
    if not groups:
        return found
    low = lowered(doc)
    sp = spaced(doc)
    ends = clause_ends(doc, low)
    if scope == "list-item":
        title_set = set(title_spans(doc))
        titles = {(start, item.end) for item, start in item_openings(doc) if (item.start, item.end) in title_set}
    else:
        titles = ()
    stopwords = c.stopwords
    reach = 24 * MAX_SHOWN
    for group in groups:
        by_key: dict[str, list] = {}
        for start, end in group:
            # a title ("Gift ideas for teens", "How to become a developer") opens like its
            # siblings on purpose; the formula a reader tires of opens full sentences
            if titles and (start, end) in titles:
                continue
            limit = start + reach
            if limit > end:
                limit = end
            # the opening runs to its first clause end within ``limit``, else to the unit's end
            stop = ends.find(10, start, limit) if ends is not None else clause_end(low, None, start, limit)
            opening = sp[start:end if stop == -1 or stop == limit else stop]
            words = opening.split(None, n)  # the first n words only: most openings are unique
            if len(words) < n:
                continue
            del words[n:]
            # the words joined are the key: n words without spaces join one-to-one
            key = " ".join(words)
            if "'" in key or "-" in key:  # rare: strip the quotes and hyphens around words
                words = [w.strip("'-") for w in words]
                key = " ".join(words)
            # an opening that starts with a number is data ("1/2 cup", "1939:"), not a formula
            if not words[0] or words[0][0].isdigit() or stopwords.issuperset(words):
                continue
            members = by_key.get(key)
            if members is None:
                by_key[key] = [(start, end, opening)]
            else:
                members.append((start, end, opening))
        for members in by_key.values():
            if len(members) <= c.max_count:
                continue
            # the shared openings, to MAX_SHOWN words
            members = [(start, end, [w.strip("'-") for w in opening.split(None, MAX_SHOWN)[:MAX_SHOWN]])
                       for start, end, opening in members]
            # an item that copies an earlier one is duplicate-item's finding, not a formula;
            # copies end with the same word, so members whose last words all differ are
            # distinct without splitting them whole (rsplit reads one word from the end)
            lasts = {tuple(sp[m[0]:m[1]].rsplit(None, 1)[-1:]) for m in members}
            if len(lasts) < len(members):
                whole = set()
                distinct = []
                for m in members:
                    body = tuple(sp[m[0]:m[1]].split())
                    if body not in whole:
                        whole.add(body)
                        distinct.append(m)
                members = distinct
            if len(members) <= c.max_count:
                continue
            shared = n
            first = members[0][2]
            while shared < MAX_SHOWN and all(len(w) > shared and w[shared] == first[shared] for _, _, w in members):
                shared += 1
            found.append([opening_words(low, start, end, shared, ends) for start, end, _ in members])
    return found


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    text = doc.text
    units = "items" if scope == "list-item" else "sentences"
    for members in repeated_openings(doc, scope, c):
        first = members[0]
        related = (first[0][0], first[-1][1])
        phrase = " ".join(text[first[0][0]:first[-1][1]].split())
        for spans in members[c.max_count:]:
            yield Hit(spans[0][0], spans[-1][1], {"phrase": phrase, "count": len(members), "units": units},
                      related=related)
