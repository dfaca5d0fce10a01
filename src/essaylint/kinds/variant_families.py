"""Flags a term spelled other than the way a team declared (declared variant families).

Like Vale's ``consistency`` and ``substitution``, for terms a team wants
spelled one way everywhere: ``variants`` is a list of families, each a list
of spellings of one term (``[[LGBTQ+, LGBTQ, LGBT], [non-binary, nonbinary,
non binary]]``). With ``prefer: listed`` (the default) the first spelling of
each family is the house spelling and every other one is reported wherever
it appears; with ``prefer: first-used`` the spelling a document uses first
wins and later different spellings in that document are reported (a
consistency check that imposes no house style). Matching is on whole words,
case-insensitive unless two spellings of a family differ only in case
("Two-Spirit" / "two-spirit"); a space in a spelling matches any run of
spaces or one line break.
"""

from __future__ import annotations

from typing import Iterator

from essaylint.kinds import Hit, Option

SUMMARY = "a term spelled other than its declared or first-used spelling"
SCOPES = ("document",)
OPTIONS = {
    "variants": Option("str-list-list", [], "families of spellings of one term; the first is preferred"),
    "prefer": Option("choice", "listed", "listed: the first spelling of a family; first-used: the document's first",
                     choices=("listed", "first-used")),
}
FIELDS = ("variant", "preferred", "line")


class Compiled:
    __slots__ = ("regex", "families", "listed")

    def __init__(self, rx, families, listed):
        self.regex = rx
        self.families = families
        self.listed = listed


def compile(options: dict) -> Compiled:
    import regex

    fams = options["variants"]
    if not fams:
        raise ValueError("option 'variants': give at least one family of spellings")
    owner: dict[str, int] = {}
    for i, fam in enumerate(fams):
        if len(fam) < 2:
            raise ValueError(f"option 'variants': family {fam!r} needs at least two spellings")
        for sp in fam:
            key = " ".join(sp.split()).casefold()
            if owner.get(key, i) != i:
                raise ValueError(f"option 'variants': {sp!r} is in two families")
            owner[key] = i
    parts = sorted(owner, key=len, reverse=True)
    gap = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"  # one or more spaces, or one line break
    alts = "|".join(gap.join(regex.escape(w) for w in sp.split()) for sp in parts)
    rx = regex.compile(rf"(?<![\w+-])(?:{alts})(?![\w-]|\+)", regex.IGNORECASE)
    return Compiled(rx, [[" ".join(sp.split()) for sp in fam] for fam in fams], options["prefer"] == "listed")


def _which(found: str, fam: list[str]) -> str | None:
    """The family spelling ``found`` is: exact first, then ignoring case (if that is unambiguous)."""
    flat = " ".join(found.split())
    if flat in fam:
        return flat
    matches = [sp for sp in fam if sp.casefold() == flat.casefold()]
    return matches[0] if len(matches) == 1 else None


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    first: dict[int, tuple[str, int, int]] = {}  # family -> (spelling, start, end) of its first use
    pos = doc.position
    for m in c.regex.finditer(doc.text):
        flat = " ".join(m.group(0).split()).casefold()
        i = next((k for k, fam in enumerate(c.families) if any(sp.casefold() == flat for sp in fam)), None)
        if i is None:
            continue
        fam = c.families[i]
        sp = _which(m.group(0), fam)
        if sp is None:
            continue  # "TWO-SPIRIT" when the family has "Two-Spirit" and "two-spirit": not ours to judge
        seen = first.setdefault(i, (sp, m.start(), m.end()))
        preferred = fam[0] if c.listed else seen[0]
        if sp == preferred:
            continue
        ref = seen if seen[0] == preferred else None
        yield Hit(m.start(), m.end(), {"variant": m.group(0), "preferred": preferred,
                                       "line": pos(ref[1])[0] if ref else ""},
                  fix=preferred, related=(ref[1], ref[2]) if ref else None)
