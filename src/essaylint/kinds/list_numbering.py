"""Flags numbered list items that skip or repeat a number, or restart mid-list.

Items are compared within one list (``ListItem.list_id``: same level, not
separated by a paragraph or heading), each with the item before it: 1, 2, 4
skips 3; 1, 2, 2 repeats 2; 1, 2, 3, 1 restarts. A list may start at any
number, and a list numbered with one repeated number throughout ("1." on
every item, which Markdown renders as 1, 2, 3) is a style, not a mistake.
After a finding the count goes on from the number written, so one slip
gives one finding.
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Iterator

from essaylint.kinds import Hit

SUMMARY = "numbered list items that skip or repeat a number or restart mid-list"
SCOPES = ("list-item",)
OPTIONS: dict = {}
FIELDS = ("number", "previous", "expected", "problem")
_NUMBER = attrgetter("number")
_LIST_ID = attrgetter("list_id")


def compile(options: dict) -> None:
    return None


def check(doc, scope: str, compiled) -> Iterator[Hit]:
    items = doc.units("list-item")
    if not items:
        return
    # the usual document: one list, numbered 1, 2, 3... (or from any number) with no slip
    numbers = list(map(_NUMBER, items))
    if numbers[0] is not None and numbers == list(range(numbers[0], numbers[0] + len(numbers))) \
            and len(set(map(_LIST_ID, items))) == 1:
        return
    lists: dict[int, list] = {}
    for item in items:
        if item.number is not None:
            lists.setdefault(item.list_id, []).append(item)
    # the last numbers of earlier lists, per depth: an outer list interleaved
    # with sub-lists resumes from them ("1. Compiled languages" ...
    # "Examples:\n1. C\n2. Java\n\n2. Interpreted languages")
    earlier: dict[int, set] = {}
    for items in lists.values():
        if len(items) >= 2 and len({x.number for x in items}) > 1:
            yield from _check_list(doc, items, earlier)
        earlier.setdefault(items[-1].depth, set()).add(items[-1].number)


def _check_list(doc, items, earlier):
    prev = items[0]
    for item in items[1:]:
        expected = prev.number + 1
        n = item.number
        if n != expected and not _explained(doc, prev, item, earlier):
            if n == prev.number:
                problem = f"repeats {n}"
            elif n < prev.number:
                problem = f"restarts at {n} after {prev.number}"
            else:
                problem = f"skips from {prev.number} to {n}"
            yield Hit(item.start, item.start + len(item.marker), {
                "number": n, "previous": prev.number, "expected": expected, "problem": problem,
            })
        prev = item


def _indent(doc, item) -> int:
    return item.start - doc.line_starts[doc.position(item.start)[0] - 1]


def _explained(doc, prev, item, earlier) -> bool:
    """A number out of sequence that the text accounts for: the item is
    indented differently (meant as a sub-list), it resumes an outer list at
    the same depth, or the missing number is written inside the item above
    ("... shall do it <n>5) Mayonnaise")."""
    if _indent(doc, item) != _indent(doc, prev):
        return True
    if item.number - 1 in earlier.get(item.depth, ()) and item.number > 1:
        earlier.setdefault(item.depth, set()).add(item.number)
        return True
    return re.search(rf"(?<!\d){prev.number + 1}[.)]\s", prev.text) is not None
