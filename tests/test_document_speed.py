"""The document model's fast paths give exactly what their slow twins give.

Sentences: a text holding one kind of sentence mark (the usual ".") is
split block by block with that mark's own pattern (``_MARK_RES``); a text
with several kinds is split by one merged scan of the whole text
(``_split_sentences``). Both must give what the class pattern
(``_SENT_END_WS_RE``) gives block by block, the reference; these tests feed
all three random documents of marks, closers, odd spaces, list markers,
abbreviations and blank lines, each text restricted to one mark or not.
"""

import random

import pytest

from essaylint import document as dm
from essaylint.document import Document

MARKS = ".!?…。！？"
PIECES = ["word", "Dr", "e.g", "U.S", "J", "approx", "Longerword", "a.b.c", "x", "1990", "café", "İstanbul",
          " ", " ", "  ", "\t", "\n", "\n\n", "\n   ", "\x0b", "\x1c", "\xa0",
          "\"", "'", "”", "’", ")", "]", "*", "_", "）", "」", "(",
          "1. ", "2) ", "- ", "   * ", "# ", "---", "10. "]


def _text(rng: random.Random, marks: str) -> str:
    out = []
    for _ in range(rng.randint(1, 40)):
        if rng.random() < 0.3:
            out.append(rng.choice(marks) * rng.choice([1, 1, 1, 2, 3]))
        else:
            out.append(rng.choice(PIECES))
        if rng.random() < 0.4:
            out.append(" ")
    return "".join(out)


def _reference(doc: Document) -> list:
    spans = [(u.start, u.end, "\n" in u.text) for u in doc.units("paragraph")]
    spans += [(u.body_start, u.end, "\n" in u.text) for u in doc.units("list-item")]
    spans.sort()
    out = []
    for start, end, _ in spans:
        doc._sentences(start, end, out)  # the class pattern, every mark; looks for blank lines in every block
    return spans, out


@pytest.mark.parametrize("markdown", [False, True])
def test_sentences_of_each_path_match_the_class_pattern_block_by_block(markdown):
    rng = random.Random(7)
    one_mark = 0
    for i in range(6000):
        # mostly one kind of mark (the per-block path), else several (the merged scan)
        marks = rng.choice(MARKS) if i % 3 else "".join(rng.sample(MARKS, rng.randint(2, 4)))
        text = _text(rng, marks)
        doc = Document(text, "a.md" if markdown else "a.txt")
        spans, want = _reference(doc)
        assert [(u.start, u.end, u.text) for u in doc.units("sentence")] == [
            (u.start, u.end, u.text) for u in want], text
        patterns = [rx for mark, rx in dm._MARK_RES if mark in doc.text]
        if patterns:  # the merged scan agrees on single-mark texts too
            assert doc._split_sentences(spans, patterns) == want, text
        one_mark += len(patterns) == 1
    assert one_mark > 1000  # the generator does exercise the per-block path


@pytest.mark.parametrize("markdown", [False, True])
def test_line_index_made_by_the_block_parse_is_the_line_index(markdown):
    rng = random.Random(11)
    for _ in range(2000):
        text = _text(rng, rng.choice(MARKS)) + rng.choice(["", "\n", "\n\n", "\n "])
        path = "a.md" if markdown else "a.txt"
        parsed_first = Document(text, path)
        parsed_first._raw_blocks
        want = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        assert parsed_first.line_starts == want == Document(text, path).line_starts, text
