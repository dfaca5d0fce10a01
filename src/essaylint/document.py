"""The document model: decoded text, a line index, and units as offset spans.

Offsets are code-point indexes into ``Document.text``. ``text`` has the same
length as the decoded source (newlines normalised): regions that must not be
linted (fenced code, front matter, tables, HTML comments in Markdown, and
suppression directives anywhere) are blanked to spaces, newlines kept, so no
offset ever moves. Line and column are computed only when a diagnostic is
rendered, from the line-start index.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

import regex

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")

SCOPES = ("document", "paragraph", "list-item", "heading", "sentence", "line")


class DecodeError(ValueError):
    """The bytes are not a text document essaylint can read."""


def decode(data: bytes) -> str:
    """Decode UTF-8 (BOM stripped) and normalise CRLF and CR to LF."""
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DecodeError(f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@dataclass(frozen=True, slots=True)
class Unit:
    """A span of the document: ``doc.text[start:end] == text``."""

    scope: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ListItem(Unit):
    """A list item. ``body_start`` is the offset just after the marker.

    ``list_id`` groups the items of one list (same parent, same depth, same
    marker family); ``index`` is the 0-based position in that list and
    ``size`` the number of items in it. ``number`` is the ordinal of a
    numbered item (``3.`` or ``3)``), None for bullets.
    """

    marker: str = ""
    number: int | None = None
    depth: int = 0
    list_id: int = 0
    index: int = 0
    size: int = 1
    body_start: int = 0

    @property
    def body(self) -> str:
        return self.text[self.body_start - self.start:]


@dataclass(frozen=True, slots=True)
class Block:
    """A line-level block found by the block parser (internal)."""

    kind: str  # "paragraph" | "item" | "heading" | "hr"
    first_line: int  # 0-based
    last_line: int  # inclusive
    indent: int = 0
    marker: str = ""
    number: int | None = None
    content_col: int = 0


_ITEM_RE = regex.compile(r"([ \t]*)(?:(\d{1,9})([.)])|([-*+•]))(?:[ \t]+|$)")
_HEADING_RE = regex.compile(r"[ ]{0,3}#{1,6}(?:[ \t]|$)")
_HR_RE = regex.compile(r"[ ]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT_RE = regex.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*$")
_COMMENT_RE = regex.compile(r"<!--.*?-->", regex.DOTALL)
_FRONT_MATTER_RE = regex.compile(r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\.\.\.|\+\+\+)[ \t]*(?:\n|\Z)", regex.DOTALL)
_FENCE_RE = regex.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_EXCLUDED_TOKENS = frozenset(("fence", "code_block", "table_open", "html_block"))
# Each excluded block needs one of these in the text: a fence, four columns of
# indentation (4 spaces or a tab), a pipe, or "<". Without any, the Markdown
# parse cannot exclude anything and is skipped (it is most of a document's cost).
_BLOCK_HINTS = ("```", "~~~", "    ", "\t", "|", "<")
_WORD_RE = regex.compile(r"\w+(?:['’\-]\w+)*")
# for ASCII text the stdlib engine gives the same spans (\w is [A-Za-z0-9_] in both), faster
_ASCII_WORD_RE = re.compile(r"\w+(?:['\-]\w+)*", re.ASCII)
_BLANK_LINE_RE = regex.compile(r"\n[ \t]*\n")

# Sentence ends: terminal punctuation, optional closing quotes/brackets, then
# whitespace. Full-width marks end a sentence with no space after them. A
# sentence also ends at a blank line (a paragraph break inside a list item).
# Both patterns run on the stdlib engine (faster here than regex), each match
# also taking the whitespace after it (str.isspace, as the sentence trimming
# uses), so the next sentence starts at m.end(); no alternative can start
# inside whitespace, so taking it changes no match. The whitespace the
# lookarounds test is regex's \s (the stdlib's without \x1c-\x1f), as before.
_RE_S = r"[^\S\x1c-\x1f]"
# "[.!?…]+Q*(?=\s)|[。！？]+R*", written to start with one character class (the
# stdlib engine then skips ahead to a candidate, about 4x faster): the two
# alternatives start with disjoint marks, and each lookbehind picks its own.
_SENT_END = (r"[.!?…。！？](?:(?<=[.!?…])[.!?…]*[\"'”’)\]*_]*(?=" + _RE_S + r")"
             r"|(?<=[。！？])[。！？]*[\"'”’）」』)\]]*)")
_SENT_END_WS_RE = re.compile(r"(?:" + _SENT_END + r")(\s*)")
_SENT_BOUNDARY_WS_RE = re.compile(r"(?:" + _SENT_END + r"|(?<=[\S\x1c-\x1f])[ \t]*(?=\n[ \t]*\n))(\s*)")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs cf al mr mrs ms dr prof sr jr st no fig approx dept est inc ltd co corp"
    " jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k a.m p.m".split()
)
_LONG_WORD = max(6, max(map(len, _ABBREVIATIONS))) + 1  # letters no abbreviation check can accept


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character but newlines of each (start, end) span made a space.

    Spans may overlap or come in any order; the text is copied once.
    """
    out = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if start >= end:
            continue
        out.append(text[pos:start])
        out.append("\n".join(" " * len(part) for part in text[start:end].split("\n")))
        pos = end
    out.append(text[pos:])
    return "".join(out)


class Document:
    """A decoded document with its units.

    ``source`` is the decoded text; ``text`` is the same text with excluded
    regions blanked (same length, same line breaks).
    """

    def __init__(self, source: str, path: str = "<text>", *, markdown: bool | None = None):
        self.path = path
        self.source = source
        if markdown is None:
            markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
        self.markdown = markdown
        starts = [0]
        find = source.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.line_starts = starts
        self.excluded_lines: set[int] = set()  # 0-based lines wholly outside linting
        self._unit_cache: dict[str, list[Unit]] = {}
        if markdown:
            self.text = self._blank_excluded(source)
        elif "```" in source or "~~~" in source:
            self.text = self._blank_fences(source)
        else:
            self.text = source

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "<text>", *, markdown: bool | None = None) -> "Document":
        return cls(decode(data), path, markdown=markdown)

    # ------------------------------------------------------------ positions
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count code points."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets (start, end) of 0-based ``line``, without its newline."""
        start = self.line_starts[line]
        if line + 1 < len(self.line_starts):
            return start, self.line_starts[line + 1] - 1
        return start, len(self.source)

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    # ------------------------------------------------------------ exclusion
    def _blank_excluded(self, source: str) -> str:
        """Blank front matter, HTML comments, code, tables and HTML blocks."""
        spans: list[tuple[int, int]] = []  # blanked at once (no per-character copy of the text)
        m = _FRONT_MATTER_RE.match(source)
        if m:
            spans.append((0, m.end()))
            self._exclude_span(0, m.end())
        if "<!--" in source:
            for m in _COMMENT_RE.finditer(source):
                spans.append((m.start(), m.end()))
                if self._whole_lines(m.start(), m.end()):
                    self._exclude_span(m.start(), m.end())
        text = _blanked(source, spans) if spans else source
        if not any(hint in text for hint in _BLOCK_HINTS):
            return text
        n = len(spans)
        for tok in _markdown_parser().parse(text):
            if tok.map is None or tok.type not in _EXCLUDED_TOKENS:
                continue
            first, last = tok.map[0], tok.map[1] - 1
            while last > first and not source[slice(*self.line_span(last))].strip():
                last -= 1  # markdown-it counts a trailing blank line into some blocks
            spans.append((self.line_starts[first], self.line_span(last)[1]))
            self.excluded_lines.update(range(first, last + 1))
        return _blanked(source, spans) if len(spans) > n else text

    def _blank_fences(self, source: str) -> str:
        """Plain text: only fenced code is excluded (``` and ~~~ are never prose)."""
        spans: list[tuple[int, int]] = []
        open_fence = None
        for i in range(self.line_count):
            s, e = self.line_span(i)
            m = _FENCE_RE.match(source, s, e)
            if open_fence is None:
                if m:
                    open_fence, first = m.group(1), i
                continue
            if m and m.group(1)[0] == open_fence[0] and len(m.group(1)) >= len(open_fence) and not source[m.end():e].strip():
                spans.append((self.line_starts[first], e))
                self.excluded_lines.update(range(first, i + 1))
                open_fence = None
        if open_fence is not None:  # unclosed fence runs to the end, as in CommonMark
            spans.append((self.line_starts[first], len(source)))
            self.excluded_lines.update(range(first, self.line_count))
        return _blanked(source, spans) if spans else source

    def _whole_lines(self, start: int, end: int) -> bool:
        line_start = self.line_starts[self.position(start)[0] - 1]
        l_end = self.line_span(self.position(end)[0] - 1)[1]
        return not self.source[line_start:start].strip() and not self.source[end:l_end].strip()

    def _exclude_span(self, start: int, end: int) -> None:
        first = self.position(start)[0] - 1
        last = self.position(max(start, end - 1))[0] - 1
        self.excluded_lines.update(range(first, last + 1))

    def blank(self, start: int, end: int, *, whole_lines: bool = True) -> None:
        """Blank a span after construction (used for suppression directives)."""
        self.text = _blanked(self.text, [(start, end)])
        if whole_lines:
            self._exclude_span(start, end)
        for cached in ("blocks", "_block_units", "words"):
            self.__dict__.pop(cached, None)
        self._unit_cache.clear()

    # ------------------------------------------------------------ blocks
    @cached_property
    def blocks(self) -> list[Block]:
        """Line-level blocks: paragraphs, list items, headings, rules."""
        # The open block is a list [kind, first, last, indent, marker, number,
        # content_col], made a Block when it closes; each regex runs only on
        # lines whose first character it could match.
        excluded = self.excluded_lines
        markdown = self.markdown
        blocks: list[Block] = []
        cur: list | None = None
        blank_before = True
        for i, line in enumerate(self.text.split("\n")):
            stripped = line.strip()
            if not stripped or (excluded and i in excluded):
                if cur is not None:
                    blocks.append(Block(*cur))
                    cur = None
                blank_before = True
                continue
            c = stripped[0]
            indent = len(line) - len(line.lstrip(" \t"))
            if c == "#" and _HEADING_RE.match(line):
                if cur is not None:
                    blocks.append(Block(*cur))
                    cur = None
                blocks.append(Block("heading", i, i, indent))
                blank_before = False
                continue
            if c in "*-_" and _HR_RE.match(line):
                if cur is not None and cur[0] == "paragraph" and markdown and _SETEXT_RE.match(line):
                    blocks.append(Block("heading", cur[1], i, cur[3]))
                    cur = None
                    continue
                if cur is not None:
                    blocks.append(Block(*cur))
                    cur = None
                blocks.append(Block("hr", i, i, indent))
                blank_before = False
                continue
            m = _ITEM_RE.match(line) if c in "-*+•" or c.isdigit() else None
            if m and line[m.end():].strip():
                number = int(m.group(2)) if m.group(2) else None
                marker = (m.group(2) + m.group(3)) if m.group(2) else m.group(4)
                # a numbered line inside a paragraph ("in 1990. Then") starts
                # no list unless it follows a blank line or another item
                if number is not None and cur is not None and cur[0] == "paragraph" and not blank_before and number != 1:
                    cur[2] = i
                    continue
                if cur is not None:
                    blocks.append(Block(*cur))
                blank_before = False
                cur = ["item", i, i, indent, marker, number, m.end()]
                continue
            if markdown and cur is not None and cur[0] == "paragraph" and c == "=" and _SETEXT_RE.match(line):
                blocks.append(Block("heading", cur[1], i, cur[3]))
                cur = None
                continue
            if cur is None:
                # after a blank line, an indented line continues the item above
                prev = blocks[-1] if blocks else None
                if blank_before and prev is not None and prev.kind == "item" and indent >= prev.content_col > 0:
                    cur = ["item", prev.first_line, i, prev.indent, prev.marker, prev.number, prev.content_col]
                    blocks.pop()
                else:
                    cur = ["paragraph", i, i, indent, "", None, 0]
            else:
                cur[2] = i
            blank_before = False
        if cur is not None:
            blocks.append(Block(*cur))
        return blocks

    # ------------------------------------------------------------ units
    def _span(self, first_line: int, last_line: int) -> tuple[int, int]:
        start = self.line_starts[first_line]
        end = self.line_span(last_line)[1]
        text = self.text
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t":
            end -= 1
        return start, end

    @cached_property
    def _block_units(self) -> dict[str, list]:
        text = self.text
        starts = self.line_starts
        last_line = len(starts) - 1
        size = len(text)
        paragraphs: list[Unit] = []
        headings: list[Unit] = []
        # (block, start, end, whether a paragraph, heading or rule came between it and the item before)
        items: list[tuple[Block, int, int, bool]] = []
        gap = False
        for b in self.blocks:
            kind = b.kind
            if kind == "hr":
                gap = True
                continue
            # self._span(b.first_line, b.last_line), inlined
            start = starts[b.first_line]
            end = starts[b.last_line + 1] - 1 if b.last_line < last_line else size
            while start < end and text[start] in " \t":
                start += 1
            while end > start and text[end - 1] in " \t":
                end -= 1
            if kind == "item":
                items.append((b, start, end, gap))
                gap = False
            else:
                gap = True
                if kind == "paragraph":
                    paragraphs.append(Unit("paragraph", start, end, text[start:end]))
                else:
                    headings.append(Unit("heading", start, end, text[start:end]))
        return {"paragraph": paragraphs, "heading": headings, "list-item": self._list_items(items)}

    def _make_units(self, scope: str) -> list[Unit]:
        text = self.text
        if scope == "document":
            return [Unit("document", 0, len(text), text)]
        if scope in ("paragraph", "heading", "list-item"):
            return self._block_units[scope]
        if scope == "sentence":
            # blocks never overlap: their sentences, block by block in document order, are sorted
            spans = [(u.start, u.end) for u in self.units("paragraph")]
            spans += [(u.body_start, u.end) for u in self.units("list-item")]
            spans.sort()
            out = []
            sentences = self._sentences
            for s, e in spans:
                sentences(s, e, out)
            return out
        if scope == "line":
            out = []
            for i in range(self.line_count):
                if i in self.excluded_lines:
                    continue
                s, e = self.line_span(i)
                if text[s:e].strip():
                    s, e = self._span(i, i)  # trimmed, like every other unit (blanked comments leave spaces)
                    out.append(Unit("line", s, e, text[s:e]))
            return out
        raise KeyError(f"unknown scope {scope!r}")

    def _list_items(self, items: list[tuple[Block, int, int, bool]]) -> list[ListItem]:
        """Group item blocks into lists by indentation and marker family.

        An item indented to (or past) the content column of the item above
        opens a nested list; one at a shallower indent closes lists; a
        change between numbered and bulleted markers at the same level
        starts a sibling list; any paragraph or heading between two items
        ends every open list.
        """
        stack: list[list] = []  # open lists: [indent, content_col, ordered, id, count]
        recs = []
        next_id = 0
        for b, start, end, gap in items:
            if gap:
                stack = []
            ordered = b.number is not None
            while stack and b.indent < stack[-1][0]:
                stack.pop()
            if stack and b.indent < stack[-1][1] and stack[-1][2] != ordered:
                stack.pop()  # sibling list of the other marker family
            if not stack or b.indent >= stack[-1][1]:
                stack.append([b.indent, b.content_col, ordered, next_id, 0])
                next_id += 1
            lst = stack[-1]
            lst[1] = b.content_col
            recs.append((b, start, end, len(stack) - 1, lst, lst[4]))
            lst[4] += 1
        text = self.text
        starts = self.line_starts
        # positional: (scope, start, end, text, marker, number, depth, list_id, index, size, body_start)
        return [ListItem("list-item", start, end, text[start:end], b.marker, b.number, depth, lst[3], index, lst[4],
                         min(max(starts[b.first_line] + b.content_col, start), end))
                for b, start, end, depth, lst, index in recs]

    def _sentences(self, start: int, end: int, out: list) -> None:
        """Append the sentences of ``text[start:end]`` to ``out``."""
        chunk = self.text[start:end]
        n = len(chunk)
        s = n - len(chunk.lstrip())
        # the blank-line boundary can only match where there is a blank line
        boundary = _SENT_BOUNDARY_WS_RE if "\n" in chunk and _BLANK_LINE_RE.search(chunk) else _SENT_END_WS_RE
        is_abbreviation = self._is_abbreviation
        append = out.append
        for m in boundary.finditer(chunk):
            e = m.start(1)
            if e <= s:
                continue
            if chunk[m.start()] == "." and is_abbreviation(chunk, m.start()):
                continue
            append(Unit("sentence", start + s, start + e, chunk[s:e]))
            s = m.end()
        if s < n:
            tail = chunk[s:].rstrip()
            if tail:
                append(Unit("sentence", start + s, start + s + len(tail), tail))

    @staticmethod
    def _is_abbreviation(chunk: str, dot: int) -> bool:
        if dot >= _LONG_WORD and chunk[dot - _LONG_WORD:dot].isalpha():
            return False  # the word before the dot is longer than any abbreviation or initialism
        j = dot
        while j > 0 and (chunk[j - 1].isalpha() or chunk[j - 1] == "."):
            j -= 1
        word = chunk[j:dot].lower()
        if not word:
            return False
        if word in _ABBREVIATIONS:
            return True
        # single letters ("J. Smith") and dotted initialisms ("U.S.A")
        return len(word) == 1 and word.isalpha() and chunk[j:dot].isupper() or "." in word and len(word) <= 5

    def units(self, scope: str) -> list[Unit]:
        """Units of one scope, in document order (computed on first use)."""
        cache = self._unit_cache
        got = cache.get(scope)
        if got is None:
            got = cache[scope] = self._make_units(scope)
        return got

    @cached_property
    def words(self) -> list[tuple[int, int]]:
        """(start, end) offsets of every word in the lintable text."""
        text = self.text
        return [m.span() for m in (_ASCII_WORD_RE if text.isascii() else _WORD_RE).finditer(text)]


_MD = None


def _markdown_parser():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        # block structure is all we use: inline parsing is switched off
        _MD = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"], ignoreInvalid=True)
    return _MD
