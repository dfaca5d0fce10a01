"""The document model: decoding, positions, units as offset spans, exclusions."""

from pathlib import Path

import pytest

from essaylint.document import SCOPES, DecodeError, Document, decode

ROOT = Path(__file__).resolve().parents[1]
ALL_TEXTS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").rglob("*.md")) + sorted(
    (ROOT / "tests" / "fixtures").rglob("*.txt"))


def test_decode_strips_bom_and_normalises_newlines():
    assert decode(b"\xef\xbb\xbfa\r\nb\rc\n") == "a\nb\nc\n"


@pytest.mark.parametrize("markdown", [True, False])
def test_given_text_with_cr_line_breaks_reads_as_the_same_file_decoded(markdown):
    # a dataset record or an API caller hands text over undecoded; markdown-it reads a lone CR
    # as a line break, and a Markdown table or code block after one used to raise IndexError
    for raw in ["a\r\r|a|b|\n|-|-|\n", "x\r\r    code\n", "one\r\ntwo\rthree\n\n```\r\ncode\r\n```\r\n"]:
        given = Document(raw, "x.md" if markdown else "x.txt")
        read = Document.from_bytes(raw.encode(), "x.md" if markdown else "x.txt")
        assert given.text == read.text and given.source == read.source and "\r" not in given.source
        assert given.line_starts == read.line_starts and given.excluded_lines == read.excluded_lines
        for scope in SCOPES:
            assert given.units(scope) == read.units(scope)


def test_decode_rejects_binary_and_non_utf8():
    with pytest.raises(DecodeError, match="binary"):
        decode(b"PK\x03\x04\x00\x00")
    with pytest.raises(DecodeError, match=r"not valid UTF-8 \(byte 0xff at offset 2\)"):
        decode(b"ab\xffcd")


def test_position_is_one_based_and_counts_code_points():
    doc = Document("héllo\nwörld 😀 x\n")
    assert doc.position(0) == (1, 1)
    assert doc.position(6) == (2, 1)
    assert doc.position(doc.text.index("x")) == (2, 9)  # the emoji is one column


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.name)
def test_every_unit_span_equals_its_text(path):
    doc = Document.from_bytes(path.read_bytes(), str(path))
    assert len(doc.text) == len(doc.source)
    assert [i for i, c in enumerate(doc.source) if c == "\n"] == [i for i, c in enumerate(doc.text) if c == "\n"]
    for scope in SCOPES:
        for u in doc.units(scope):
            assert doc.text[u.start:u.end] == u.text
            assert u.text == u.text.strip() or scope == "document"


def test_numbered_and_bulleted_items_with_continuation_and_nesting():
    text = (
        "Intro line.\n\n"
        "1. First item\n   continues here.\n"
        "2) Second item.\n"
        "   - nested a\n"
        "   - nested b\n"
        "3. Third item.\n\n"
        "   Its second paragraph.\n\n"
        "Closing paragraph.\n"
        "* star\n+ plus\n"
    )
    doc = Document(text, "x.txt")
    items = doc.units("list-item")
    assert [(i.marker, i.number, i.depth, i.index, i.size) for i in items] == [
        ("1.", 1, 0, 0, 3), ("2)", 2, 0, 1, 3), ("-", None, 1, 0, 2), ("-", None, 1, 1, 2),
        ("3.", 3, 0, 2, 3), ("*", None, 0, 0, 2), ("+", None, 0, 1, 2),
    ]
    assert items[0].text == "1. First item\n   continues here."
    assert items[0].body == "First item\n   continues here."
    assert items[4].text.endswith("Its second paragraph.")
    assert len({i.list_id for i in items}) == 3
    assert [p.text for p in doc.units("paragraph")] == ["Intro line.", "Closing paragraph."]


def test_a_number_inside_a_paragraph_starts_no_list():
    doc = Document("The war ended in\n1945. Then peace came.\n", "x.txt")
    assert doc.units("list-item") == []
    assert len(doc.units("paragraph")) == 1


def test_sentences_split_on_terminal_marks_but_not_abbreviations():
    doc = Document("Use tools, e.g. hammers, etc. and more. Really? Yes! 你好。再见。\n", "x.txt")
    assert [s.text for s in doc.units("sentence")] == [
        "Use tools, e.g. hammers, etc. and more.", "Really?", "Yes!", "你好。", "再见。"]


def test_headings_are_their_own_units():
    doc = Document("# Title\n\nBody.\n\nSetext\n======\n", "x.md")
    assert [h.text for h in doc.units("heading")] == ["# Title", "Setext\n======"]
    assert [p.text for p in doc.units("paragraph")] == ["Body."]


MD = """---
title: Front matter: not prose
---
Intro.

```python
def f():  # code
```

| a | b |
|---|---|
| 1 | 2 |

<!-- a comment
over two lines -->
Last line.
"""


def test_markdown_exclusions_blank_text_without_moving_offsets():
    doc = Document(MD, "x.md")
    assert len(doc.text) == len(MD)
    for gone in ("Front matter", "def f", "| a |", "a comment"):
        assert gone not in doc.text
    assert doc.text.index("Intro.") == MD.index("Intro.")
    assert doc.text.index("Last line.") == MD.index("Last line.")
    assert [p.text for p in doc.units("paragraph")] == ["Intro.", "Last line."]


def test_plain_text_indented_lines_are_not_code_but_fences_are_excluded():
    text = "Intro:\n\n    an indented line of prose.\n\n```\ncode here\n```\n"
    doc = Document(text, "x.txt")
    assert "an indented line of prose." in doc.text
    assert "code here" not in doc.text
    assert len(doc.text) == len(text)


def test_unclosed_fence_runs_to_the_end():
    doc = Document("Prose.\n\n```\nnever closed\n", "x.txt")
    assert "never closed" not in doc.text
