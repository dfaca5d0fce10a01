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
import heapq
import operator
import re
from dataclasses import dataclass, fields
from functools import lru_cache

import regex

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")

SCOPES = ("document", "paragraph", "list-item", "heading", "sentence", "line")


class DecodeError(ValueError):
    """The bytes are not a text document essaylint can read."""


def decode(data: bytes) -> str:
    """Decode UTF-8 (BOM stripped) and normalise CRLF and CR to LF."""
    if data.find(b"\x00", 0, 8192) != -1:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DecodeError(f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """CRLF and CR as LF: the one line break every offset, line number and Markdown block is counted by."""
    if "\r" in text:  # memchr
        return text.replace("\r\n", "\n").replace("\r", "\n")
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


class _cached:
    """``functools.cached_property`` without its lock: Python 3.11's takes an
    RLock on every first read (3.12 dropped it), a measurable share of a
    document's units. The value is stored in the instance ``__dict__`` under
    the method's name, which then shadows this descriptor, as there."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


def cached(doc: "Document", key, make):
    """A value derived from ``doc.text`` by ``make()``, made once per document (again if the text changes).

    The kinds share what several rules derive from the same text (lowered
    text, runs of words, readability counts) through this one cache. Each
    entry keeps the text it was made from; the usual call, a hit on an
    unchanged text, is one dict look-up and one identity test.
    """
    try:
        text, value = doc._derived_cache[key]
        if text is doc.text:
            return value
    except (AttributeError, KeyError):  # not made yet (or a Document made without __init__)
        pass
    text = doc.text
    value = make()
    doc.__dict__.setdefault("_derived_cache", {})[key] = (text, value)
    return value


def slot_constructor(cls):
    """A positional constructor for the frozen slots dataclass ``cls``: every field, in order.

    A frozen dataclass's own ``__init__`` stores each field through
    ``object.__setattr__`` (its ``__setattr__`` refuses), and a slot's
    descriptor ``__set__`` is a C call without vectorcall (an argument tuple
    per field): about a microsecond per unit. This builds the instance as a
    *twin* class instead: the same base and the same ``__slots__`` (so the
    same memory layout) but the plain ``object.__setattr__`` (and
    ``__delattr__``: the two share one type slot), so each field
    is one specialised slot store of the interpreter; then the instance's
    ``__class__`` is set to ``cls`` (allowed between classes of the same
    layout). The result is an ordinary ``cls`` instance (equal, hashable,
    frozen); there are no defaults, so every field must be given.
    """
    names = [f.name for f in fields(cls)]
    # object's own __init__ too (not the dataclass's of a base): ``_twin()`` is then
    # type_call straight to object_new and object_init, cheaper than object.__new__(_twin)
    twin = type(f"_{cls.__name__}Builder", (cls.__base__,),
                {"__slots__": cls.__dict__.get("__slots__", ()), "__init__": object.__init__,
                 "__setattr__": object.__setattr__, "__delattr__": object.__delattr__})
    env = {"_twin": twin, "_cls": cls}
    body = "".join(f"    self.{name} = {name}\n" for name in names)
    exec(f"def make({', '.join(names)}):\n    self = _twin()\n{body}    self.__class__ = _cls\n    return self\n", env)
    return env["make"]


_unit = slot_constructor(Unit)
_list_item = slot_constructor(ListItem)
_block = slot_constructor(Block)

# Line patterns of the block parse (stdlib re: nothing here needs the regex module,
# and these run on every line). \d is a decimal digit as int() reads it.
# a list marker, its spaces, and some text after them (a marker alone on its line starts no item)
_ITEM_RE = re.compile(r"([ \t]*)(?:(\d{1,9})([.)])|([-*+•]))[ \t]+(?=\s*\S)")
_HEADING_RE = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]|$)")
_HR_RE = re.compile(r"[ ]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT_RE = re.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*$")
_COMMENT_RE = regex.compile(r"<!--.*?-->", regex.DOTALL)
_FRONT_MATTER_RE = regex.compile(r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\.\.\.|\+\+\+)[ \t]*(?:\n|\Z)", regex.DOTALL)
_FENCE_RE = regex.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_EXCLUDED_TOKENS = frozenset(("fence", "code_block", "table_open", "html_block"))
# Each excluded block needs one of these in the text: a fence, four columns of
# indentation (4 spaces or a tab), a pipe, or "<". Without any, the Markdown
# parse cannot exclude anything and is skipped (it is most of a document's cost;
# the test is in _blank_excluded).
_WORD_RE = regex.compile(r"\w+(?:['’\-]\w+)*")
# for ASCII text the stdlib engine gives the same spans (\w is [A-Za-z0-9_] in both), faster
_ASCII_WORD_RE = re.compile(r"\w+(?:['\-]\w+)*", re.ASCII)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")

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
# The same ends, one pattern per mark, each led by its literal: the stdlib engine
# scans for a literal with a tight loop, about 5x faster than for a class of
# marks. A match covers a run of marks (greedy, never given back: no mark,
# closer or space can end a run early), so the matches of all seven patterns,
# merged in order with those inside an earlier match dropped, are the matches
# of _SENT_END_WS_RE (see _sentence_ends); in a text with one kind of mark,
# that mark's pattern alone gives them.
# Written possessive (*+: the engine keeps no backtracking points, which give
# nothing back here) and, for the marks that need a space after them, with
# that space taken into the group instead of tested by a lookahead: the
# same spans, one step less per match.
_MARK_RES = tuple(
    (mark, re.compile(re.escape(mark) + (r"[.!?…]*+[\"'”’)\]*_]*+(" + _RE_S + r"\s*)" if mark in ".!?…"
                                         else r"[。！？]*+[\"'”’）」』)\]]*+(\s*)")))
    for mark in ".!?…。！？"
)
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
    regions blanked (same length, same line breaks). ``prompt`` is what the
    text answers, when a dataset gives it (``--prompt-field``); rules may
    read it, and it is never linted.
    """

    def __init__(self, source: str, path: str = "<text>", *, markdown: bool | None = None, prompt: str | None = None):
        self.path = path
        # given text (a dataset record, an API caller) is normalised as decode() normalises a file:
        # markdown-it reads a lone CR as a line break, and its block lines must be ours
        source = normalise_newlines(source)
        self.source = source
        self.prompt = prompt
        if markdown is None:
            markdown = path.lower().endswith(MARKDOWN_SUFFIXES)
        self.markdown = markdown
        self.excluded_lines: set[int] = set()  # 0-based lines wholly outside linting
        self._unit_cache: dict[str, list[Unit]] = {}
        self._derived_cache: dict = {}  # see cached()
        if markdown:
            self.text = self._blank_excluded(source)
        elif "`" in source and "```" in source or "~" in source and "~~~" in source:  # one character: memchr
            self.text = self._blank_fences(source)
        else:
            self.text = source

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "<text>", *, markdown: bool | None = None) -> "Document":
        return cls(decode(data), path, markdown=markdown)

    # ------------------------------------------------------------ positions
    @_cached
    def line_starts(self) -> list[int]:
        """The offset where each line starts (computed on first use: a rule
        over the whole document that finds nothing never needs it; the block
        parse, which splits the text into lines anyway, makes it on its way)."""
        starts = [0]
        find = self.source.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

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
        # one-character tests first (memchr), and the costly search for four spaces last
        if not ("`" in text and "```" in text or "~" in text and "~~~" in text or "\t" in text or "|" in text
                or "<" in text or "    " in text):
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
        for cached in ("blocks", "_raw_blocks", "_block_units", "words"):
            self.__dict__.pop(cached, None)
        self._unit_cache.clear()

    # ------------------------------------------------------------ blocks
    @_cached
    def blocks(self) -> list[Block]:
        """Line-level blocks: paragraphs, list items, headings, rules."""
        return [_block(*b) for b in self._raw_blocks]

    @_cached
    def _raw_blocks(self) -> list[list]:
        """The block parse, as ``[kind, first, last, indent, marker, number, content_col]``
        lists (the fields of Block, in order): the units are made from these, and
        Block objects only when ``blocks`` is read."""
        # each regex runs only on lines whose first character it could match
        excluded = self.excluded_lines
        markdown = self.markdown
        blocks: list[list] = []
        append = blocks.append
        item_match = _ITEM_RE.match
        cur: list | None = None  # the open block
        blank_before = True
        starts = [0]  # the line index too, on the way (the same line breaks as the source)
        add_start = starts.append
        pos = 0
        for i, line in enumerate(self.text.split("\n")):
            pos += len(line) + 1
            add_start(pos)
            if not line or line.isspace() or (excluded and i in excluded):
                if cur is not None:
                    append(cur)
                    cur = None
                blank_before = True
                continue
            c = line[0]  # the first character str.strip() keeps; indent counts spaces and tabs only
            if c.isspace():
                indent = len(line) - len(line.lstrip(" \t"))
                c = line.lstrip()[0]
            else:
                indent = 0
            if c == "#" and _HEADING_RE.match(line):
                if cur is not None:
                    append(cur)
                    cur = None
                append(["heading", i, i, indent, "", None, 0])
                blank_before = False
                continue
            if c in "*-_" and _HR_RE.match(line):
                if cur is not None and cur[0] == "paragraph" and markdown and _SETEXT_RE.match(line):
                    append(["heading", cur[1], i, cur[3], "", None, 0])
                    cur = None
                    continue
                if cur is not None:
                    append(cur)
                    cur = None
                append(["hr", i, i, indent, "", None, 0])
                blank_before = False
                continue
            m = item_match(line) if c in "-*+•" or c.isdigit() else None
            if m is not None:  # a marker with text after it
                _, digits, sep, bullet = m.groups()
                number = int(digits) if digits is not None else None
                # a numbered line inside a paragraph ("in 1990. Then") starts
                # no list unless it follows a blank line or another item
                if number is not None and cur is not None and cur[0] == "paragraph" and not blank_before and number != 1:
                    cur[2] = i
                    continue
                if cur is not None:
                    append(cur)
                blank_before = False
                cur = ["item", i, i, indent, digits + sep if digits is not None else bullet, number, m.end()]
                continue
            if markdown and cur is not None and cur[0] == "paragraph" and c == "=" and _SETEXT_RE.match(line):
                append(["heading", cur[1], i, cur[3], "", None, 0])
                cur = None
                continue
            if cur is None:
                # after a blank line, an indented line continues the item above
                prev = blocks[-1] if blocks else None
                if blank_before and prev is not None and prev[0] == "item" and indent >= prev[6] > 0:
                    cur = blocks.pop()
                    cur[2] = i
                else:
                    cur = ["paragraph", i, i, indent, "", None, 0]
            else:
                cur[2] = i
            blank_before = False
        if cur is not None:
            append(cur)
        starts.pop()  # where a line after the last would start
        self.__dict__.setdefault("line_starts", starts)
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

    @_cached
    def _block_units(self) -> dict[str, list]:
        """Paragraphs, headings and list items, from the block parse.

        Items are grouped into lists by indentation and marker family: an
        item indented to (or past) the content column of the item above
        opens a nested list; one at a shallower indent closes lists; a
        change between numbered and bulleted markers at the same level
        starts a sibling list; any paragraph, heading or rule between two
        items ends every open list.

        Also, under ``"spans"``, what the sentences are split from: for each
        paragraph (its span) and list item (its body), in document order,
        ``(start, end, whether it runs over several lines)``.
        """
        text = self.text
        raw_blocks = self._raw_blocks  # first: the block parse makes the line index on its way
        starts = self.line_starts
        last_line = len(starts) - 1
        size = len(text)
        paragraphs: list[Unit] = []
        headings: list[Unit] = []
        stack: list[list] = []  # open lists: [indent, content_col, ordered, id, count]
        next_id = 0
        recs = []  # per item: (start, end, body_start, block, depth, its list, index in it)
        spans = []
        for b in raw_blocks:
            kind, first, last, indent, _, number, content_col = b
            if kind == "hr":
                stack = []
                continue
            # self._span(first, last), inlined
            line_start = start = starts[first]
            end = starts[last + 1] - 1 if last < last_line else size
            while start < end and text[start] in " \t":
                start += 1
            while end > start and text[end - 1] in " \t":
                end -= 1
            if kind != "item":
                stack = []
                if kind == "paragraph":
                    paragraphs.append(_unit("paragraph", start, end, text[start:end]))
                    spans.append((start, end, first != last))
                else:
                    headings.append(_unit("heading", start, end, text[start:end]))
                continue
            ordered = number is not None
            while stack and indent < stack[-1][0]:
                stack.pop()
            if stack and indent < stack[-1][1] and stack[-1][2] != ordered:
                stack.pop()  # sibling list of the other marker family
            if not stack or indent >= stack[-1][1]:
                stack.append([indent, content_col, ordered, next_id, 0])
                next_id += 1
            lst = stack[-1]
            lst[1] = content_col
            body = line_start + content_col
            body = body if start <= body <= end else start if body < start else end  # clamped to [start, end]
            recs.append((start, end, body, b, len(stack) - 1, lst, lst[4]))
            lst[4] += 1
            spans.append((body, end, first != last))
        # (scope, start, end, text, marker, number, depth, list_id, index, size, body_start)
        items = [_list_item("list-item", start, end, text[start:end], b[4], b[5], depth, lst[3], index, lst[4], body)
                 for start, end, body, b, depth, lst, index in recs]
        return {"paragraph": paragraphs, "heading": headings, "list-item": items, "spans": spans}

    def _make_units(self, scope: str) -> list[Unit]:
        text = self.text
        if scope == "document":
            return [_unit("document", 0, len(text), text)]
        if scope in ("paragraph", "heading", "list-item"):
            return self._block_units[scope]
        if scope == "sentence":
            # (start, end, more than one line: only then can it hold a blank line) per block, in
            # document order; blocks never overlap, so their sentences, block by block, are sorted
            spans = self._block_units["spans"]
            patterns = [rx for mark, rx in _MARK_RES if mark in text]
            if len(patterns) > 1:
                return self._split_sentences(spans, patterns)
            # One kind of mark (the usual "."), or none: each block is scanned
            # on its own with that mark's pattern, which needs none of the
            # fix-ups of the whole-text scan, nor the list markers' ends it finds.
            # With no mark at all, any mark's pattern finds nothing.
            ends = patterns[0] if patterns else _MARK_RES[0][1]
            out: list[Unit] = []
            for start, end, lines in spans:
                self._sentences(start, end, out, ends, lines)
            return out
        if scope == "line":
            out = []
            for i in range(self.line_count):
                if i in self.excluded_lines:
                    continue
                s, e = self.line_span(i)
                if text[s:e].strip():
                    s, e = self._span(i, i)  # trimmed, like every other unit (blanked comments leave spaces)
                    out.append(_unit("line", s, e, text[s:e]))
            return out
        raise KeyError(f"unknown scope {scope!r}")

    def _split_sentences(self, spans: list[tuple[int, int, bool]], patterns: list) -> list[Unit]:
        """The sentences of each (start, end, lines) block span, in order, in a text with several kinds of mark.

        Gives what ``_sentences`` gives block by block, from one scan of the
        whole text (``_sentence_ends``; ``patterns`` are the ``_MARK_RES`` of
        the marks the text holds), faster than the pattern of every mark
        ``_sentences`` then needs. A block's chunk ``text[start:end]``
        is preceded by a space or nothing and followed by a space, a newline
        or nothing, and sentence ends cover marks, closers and spaces only;
        so the ends found in the whole text that start inside a block are the
        ends a scan of the block alone finds, except that (1) a mark whose
        closers reach ``end`` needs a space after it, which the block alone
        does not have (there, the rest of the block is its last sentence),
        and (2) the spaces an end takes may run past ``end``. A block with a
        blank line inside (a list item's second paragraph) is cut by
        ``_sentences``, which also ends a sentence at the blank line.
        """
        text = self.text
        ends = _sentence_ends(text, patterns)
        n = len(ends)
        k = 0
        out: list[Unit] = []
        append = out.append
        for start, end, lines in spans:
            if lines and _BLANK_LINE_RE.search(text, start, end):
                self._sentences(start, end, out)
                continue
            s = start
            while s < end and text[s].isspace():
                s += 1
            while k < n and ends[k].start() < s:
                k += 1  # ends outside any block (list markers, headings) or in a block cut apart above
            while k < n:
                m = ends[k]
                dot = m.start()
                if dot >= end:
                    break
                k += 1
                e, after = m.span(1)  # e > s: an end starts at or after the sentence it ends
                if e == end and text[dot] in ".!?…":
                    break  # (1): the rest of the block is its last sentence
                if text[dot] == "." and _abbreviation_at(text, dot):
                    continue
                append(_unit("sentence", s, e, text[s:e]))
                s = after if after < end else end  # (2)
            if s < end:
                tail = text[s:end].rstrip()
                if tail:
                    append(_unit("sentence", s, s + len(tail), tail))
        return out

    def _sentences(self, start: int, end: int, out: list, ends=_SENT_END_WS_RE, lines: bool = True) -> None:
        """Append the sentences of ``text[start:end]`` to ``out``.

        ``ends`` finds the sentence ends: ``_SENT_END_WS_RE``, or the
        ``_MARK_RES`` pattern of the one mark the text holds (the same
        matches there). ``lines`` is False when the span is known to hold
        no line break (then no blank line either). The patterns run on the
        whole text between ``start`` and ``end`` (pos and endpos), which
        matches as on the slice: no lookahead sees past ``end``, and the one
        lookbehind that can test the character before ``start`` wants a
        non-space there, where a block never has one.
        """
        text = self.text
        s = start
        while s < end and text[s].isspace():
            s += 1
        # the blank-line boundary can only match where there is a blank line
        boundary = _SENT_BOUNDARY_WS_RE if lines and _BLANK_LINE_RE.search(text, s, end) else ends
        append = out.append
        for m in boundary.finditer(text, s, end):
            e, after = m.span(1)
            if e <= s:
                continue
            dot = m.start()
            if text[dot] == "." and _abbreviation_at(text, dot):
                continue
            append(_unit("sentence", s, e, text[s:e]))
            s = after
        if s < end:
            tail = text[s:end].rstrip()
            if tail:
                append(_unit("sentence", s, s + len(tail), tail))

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

    @_cached
    def words(self) -> list[tuple[int, int]]:
        """(start, end) offsets of every word in the lintable text."""
        text = self.text
        return [m.span() for m in (_ASCII_WORD_RE if text.isascii() else _WORD_RE).finditer(text)]


def _abbreviation_at(text: str, dot: int) -> bool:
    """Is the "." at ``dot`` the end of an abbreviation? (``_abbreviation_before``, memoised, on its window.)"""
    return _abbreviation_before(text[dot - _LONG_WORD:dot] if dot >= _LONG_WORD else text[:dot])


@lru_cache(maxsize=8192)
def _abbreviation_before(window: str) -> bool:
    """``Document._is_abbreviation(text, dot)`` from ``window``, the (at most
    ``_LONG_WORD``) characters before the dot: its answer depends on no
    others (a word that fills the window is too long for any abbreviation
    however far it goes on), so it is memoised on them: sentence-final
    words repeat."""
    return Document._is_abbreviation(window, len(window))


def _sentence_ends(text: str, patterns: list) -> list:
    """The matches of ``_SENT_END_WS_RE.finditer(text)``, from ``patterns``.

    ``patterns`` are the ``_MARK_RES`` of every mark the text holds. Each
    runs over the whole text; their matches are merged by start and a match
    starting inside the one before is dropped: it started on a mark of that
    match's run, so it ends where that one ends, and its own pattern went on
    from there, as the class pattern does.
    """
    out = []
    last = 0
    for m in heapq.merge(*(rx.finditer(text) for rx in patterns), key=_match_start):
        if m.start() >= last:
            out.append(m)
            last = m.end()
    return out


_match_start = operator.methodcaller("start")

_MD = None


def _markdown_parser():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        # block structure is all we use: inline parsing is switched off
        _MD = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"], ignoreInvalid=True)
    return _MD
