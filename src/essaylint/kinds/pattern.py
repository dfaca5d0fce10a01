"""Flags text matching a list of regular expressions, with optional suggestions.

Like Vale's ``existence`` and ``substitution``: ``patterns`` is a list of
regexes (``regex`` module syntax), matched case-insensitively and on word
boundaries unless the rule says otherwise; ``replace`` suggests one
replacement for every pattern, ``swap`` maps each pattern to its own.
The message can use ``{match}`` (the text found) and ``{replace}``.
"""

from __future__ import annotations

from typing import Iterator

import regex

from essaylint.kinds import Hit, Option

SUMMARY = "text matching one of a list of regular expressions"
SCOPES = ("document", "paragraph", "list-item", "heading", "sentence", "line")
OPTIONS = {
    "patterns": Option("regex-list", [], "regular expressions to flag"),
    "swap": Option("str-map", {}, "pattern -> suggested replacement"),
    "replace": Option("str", "", "one suggested replacement for every pattern"),
    "ignore-case": Option("bool", True, "match without regard to case"),
    "word-boundary": Option("bool", True, "match whole words only"),
}
FIELDS = ("match", "replace")


class Compiled:
    __slots__ = ("regex", "replacements")

    def __init__(self, rx, replacements):
        self.regex = rx
        self.replacements = replacements


def compile(options: dict) -> Compiled:
    pairs = [(p, options["replace"]) for p in options["patterns"]]
    pairs += list(options["swap"].items())
    if not pairs:
        raise ValueError("option 'patterns': give at least one pattern (or use 'swap')")
    for p, _ in pairs:
        try:
            regex.compile(p)
        except regex.error as e:
            raise ValueError(f"option 'swap': invalid regular expression {p!r}: {e}") from None
    # one alternation with a named group per pattern: one pass over the text
    alts = "|".join(f"(?P<el__{i}>{p})" for i, (p, _) in enumerate(pairs))
    if options["word-boundary"]:
        alts = rf"(?<!\w)(?:{alts})(?!\w)"
    flags = regex.IGNORECASE if options["ignore-case"] else 0
    return Compiled(regex.compile(alts, flags), [r for _, r in pairs])


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    for unit in doc.units(scope):
        base = unit.start
        for m in c.regex.finditer(unit.text):
            if m.end() == m.start():
                continue
            replace = c.replacements[int(m.lastgroup[4:])] if m.lastgroup else ""
            yield Hit(base + m.start(), base + m.end(), {"match": m.group(0), "replace": replace},
                      fix=replace or None)
