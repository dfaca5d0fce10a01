"""Flags units whose readability score passes a limit (textstat's formulas).

Each unit of the rule's scope (the document, each paragraph, each list item,
each sentence) with at least ``min-words`` words is scored with ``metric``
(the same number textstat 0.7.8 gives for that text: see
``essaylint.textstats``) and reported, spanning the whole unit, when the
score is above ``max`` or below ``min``. A list item is measured without its
marker; ``include-list-items`` makes a paragraph-scope rule measure list
items as paragraphs too, since in generated answers the hard prose is as
often in a long bullet as in a paragraph. The document is measured as its
paragraphs and list items, each ending a sentence (see ``document_text``).
"""

from __future__ import annotations

from typing import Iterator

from essaylint.kinds import Hit, Option
from essaylint.textstats import COUNT_FORMULAS, METRICS, blocks, joined_text, stats

SUMMARY = "units whose readability score (textstat's formulas) passes a limit"
SCOPES = ("document", "paragraph", "list-item", "sentence")
OPTIONS = {
    "metric": Option("choice", "flesch-kincaid-grade", "the formula", choices=tuple(METRICS)),
    "max": Option("number", None, "report a unit scoring above this"),
    "min": Option("number", None, "report a unit scoring below this (for reading ease, where higher is easier)"),
    "min-words": Option("int", 100, "skip units with fewer words (scores of short texts swing widely)", min=1),
    "include-list-items": Option("bool", False, "with scope paragraph: measure list items as paragraphs too"),
}
FIELDS = ("metric", "score", "limit", "relation", "words", "sentences", "words_per_sentence", "unit")

_UNIT_NAMES = {"document": "document", "paragraph": "paragraph", "list-item": "list item", "sentence": "sentence"}


class Compiled:
    __slots__ = ("metric", "name", "max", "min", "min_words", "list_items")

    def __init__(self, metric, name, hi, lo, min_words, list_items):
        self.metric = metric
        self.name = name
        self.max = hi
        self.min = lo
        self.min_words = min_words
        self.list_items = list_items


def compile(options: dict) -> Compiled:
    hi, lo = options["max"], options["min"]
    if hi is None and lo is None:
        raise ValueError("option 'max': give 'max', 'min' or both (the limit to report)")
    if hi is not None and lo is not None and lo > hi:
        raise ValueError(f"option 'min': {lo} is above 'max' ({hi})")
    metric = options["metric"]
    return Compiled(metric, METRICS[metric][0], hi, lo, options["min-words"], options["include-list-items"])


def _fmt(x: float, limit: float) -> str:
    s = f"{x:.1f}"
    if float(s) == limit:  # 16.04 against a limit of 16 would read "16.0 above 16"
        s = f"{x:.2f}"
    return s


def block_text(doc, unit) -> tuple[int, str]:
    """(start offset, text) measured for a paragraph or list item (no marker)."""
    start = getattr(unit, "body_start", unit.start)
    return start, doc.text[start:unit.end]


def _blocks(doc) -> list[str]:
    units = sorted(doc.units("paragraph") + doc.units("list-item"), key=lambda u: u.start)
    return [block_text(doc, u)[1] for u in units]


def document_text(doc) -> str:
    """The text measured for the document: its paragraphs and list items.

    Each block, stripped, ends a sentence (a full stop is added to a block
    that does not end with '.', '!' or '?'); blocks are joined by blank
    lines. Measured raw, textstat reads an unpunctuated list or a
    colon-ended lead-in as the start of one long "sentence" that runs into
    the next block: a lead-in and 30 six-word bullets score as one 184-word
    sentence, grade 75.8. Headings, code, tables and front matter are left
    out.
    """
    return joined_text(_blocks(doc))


def _measured(doc, scope: str, c: Compiled):
    """(start, end, stats, unit name) of each unit that may be reported: the span and the counts measured.

    Paragraphs and list items are split and counted once per document
    (``textstats.blocks``), whichever rules read them, and the document's
    counts are the sums of theirs. A unit with fewer words than
    ``min-words`` is left out, and so, for a metric computed from the
    counts alone (``COUNT_FORMULAS``), is one whose score is within the
    limits: its ``Stats`` is made only to be reported.
    """
    min_words = c.min_words
    formula = COUNT_FORMULAS.get(c.metric)
    if scope == "document":
        text = doc.text
        start, end = len(text) - len(text.lstrip()), len(text.rstrip())
        if end > start:
            blks = blocks(doc).counted()
            n_words = sum(blks.n_words)
            if n_words >= min_words and (
                    formula is None or _outside(c, formula(n_words, sum(blks.syllables), sum(blks.valid)))):
                yield start, end, blks.joined(), "document"
        return
    if scope in ("paragraph", "list-item"):
        scopes = ("paragraph", "list-item") if scope == "paragraph" and c.list_items else (scope,)
        blks = blocks(doc).counted()
        n_words, syl, valid = blks.n_words, blks.syllables, blks.valid
        for i, u in enumerate(blks.units):
            if n_words[i] >= min_words and u.scope in scopes and (
                    formula is None or _outside(c, formula(n_words[i], syl[i], valid[i]))):
                yield blks.starts[i], u.end, blks.stats(i), _UNIT_NAMES[u.scope]
        return
    for u in doc.units(scope):
        start, text = block_text(doc, u)
        st = stats(text)
        if st.n_words >= min_words:
            yield start, u.end, st, _UNIT_NAMES[u.scope]


def _outside(c: Compiled, value: float) -> bool:
    """Whether a score is above the maximum or below the minimum."""
    return c.max is not None and value > c.max or c.min is not None and value < c.min


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    for h_start, h_end, st, unit in _measured(doc, scope, c):
        value = st.score(c.metric)
        if c.max is not None and value > c.max:
            relation, limit = "above the maximum", c.max
        elif c.min is not None and value < c.min:
            relation, limit = "below the minimum", c.min
        else:
            continue
        yield Hit(h_start, h_end, {
            "metric": c.name, "score": _fmt(value, limit), "limit": f"{limit:g}", "relation": relation,
            "words": st.n_words, "sentences": st.sentences,
            "words_per_sentence": f"{st.words_per_sentence():.0f}", "unit": unit,
        })
