"""Shared tokenising for the repetition kinds (not a kind: the name starts with '_').

Phrases are compared as *runs*: maximal stretches of words with nothing but
spaces (and at most one line break, a soft wrap) between them. Any
punctuation, markup, list marker or blank line ends a run, so a phrase never
spans "exchange, individuals" or the end of one item and the start of the
next. Words are case-folded and curly apostrophes read as straight ones.
"""

from __future__ import annotations

import re

from essaylint.document import cached  # noqa: F401  (the kinds import it from here)

WORD = r"\w+(?:['’\-]\w+)*"
SEP = "\x00"  # ends a run in runs_text()
_PUNCT = '.,;:!?()[]{}"*#/\\|<>=+_~`^@$%&“”‘«»…—–•·'  # punctuation and symbols (apostrophes and hyphens are not)
_BREAKS = str.maketrans({c: SEP for c in _PUNCT})
WORD_RE = re.compile(WORD)
# punctuation and symbols to spaces (apostrophes and hyphens kept): words by str.split, in C
PUNCT_TO_SPACE = str.maketrans({c: " " for c in _PUNCT})
# the same for ASCII text translated as bytes (the ASCII part of the tables above)
ASCII_PUNCT = "".join(c for c in _PUNCT if c.isascii()).encode()
_PUNCT_TO_SPACE_BYTES = bytes.maketrans(ASCII_PUNCT, b" " * len(ASCII_PUNCT))
_BREAKS_BYTES = bytes.maketrans(ASCII_PUNCT, SEP.encode() * len(ASCII_PUNCT))

# Function words: a phrase made only of these ("one of the", "as well as")
# is how English is glued together, not a repetition a reader notices.
STOPWORDS = tuple("""
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each either even ever every few for from further had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if
in into is isn't it it's its itself just let's like may me might more most much must mustn't my myself
neither no nor not now of off on once one only or other others our ours ourselves out over own per
rather same shall shan't she she'd she'll she's should shouldn't so some such than that that's the
their theirs them themselves then there there's these they they'd they'll they're they've this those
though through thus to too under until up upon us very via was wasn't we we'd we'll we're we've were
weren't what what's when when's where where's whether which while who who's whom whose why why's will
with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
yourselves well many still often able way ways
""".split())


def fold(word: str) -> str:
    return word.lower().replace("’", "'")


_LABEL_RE = re.compile(
    # "**Title**:", "**Title:**", "__Title__", or "Title:" of at most 8 words. The title's
    # characters exclude what must follow them, so they can be taken possessively ({1,80}+):
    # the same matches as a lazy {1,80}?, without trying every length. A quotation in a "Title:" is
    # taken whole ('"The Wire": ...'), so the colon of a quoted title ('"Scaling Algorithms: A Review"
    # by ...') is the title's own, not a label's
    r"[ \t]*(?:(?:\*\*|__)[^\n*_]{1,80}+(?:\*\*|__)[ \t]*[:.\-–—]?"
    r"|(?=[^\n]{1,80}:)(?:[^\n:.!?*\"“]++|\"[^\n\"]*+\"|“[^\n”]*+”)++(?:\*\*)?:(?:\*\*)?)[ \t]+"
)


def opening_start(text: str, start: int, end: int) -> int:
    """Offset where an item's own prose opens: after a short "Title:" label.

    Generated lists put a label before each item's sentence ("3. Building
    bridges: Cultural exchange can ..."); the repetition a reader notices is
    in the sentence after it. A label is a bold span or at most eight words
    before a colon, followed by more text.
    """
    m = _LABEL_RE.match(text, start, end)
    if m and m.end() < end and len(m.group().split()) <= 8:
        return m.end()
    return start


CLAUSE_END_RE = re.compile(r"[.!?;:\n]")


def clause_end(text: str, ends: bytes | None, start: int, end: int) -> int:
    """Where the first clause of text[start:end] ends: its first CLAUSE_END_RE character, else ``end``.

    ``ends`` is ``clause_ends(...)`` of the text (None: the regex is used).
    """
    if ends is None:
        m = CLAUSE_END_RE.search(text, start, end)
        return m.start() if m else end
    stop = ends.find(10, start, end)  # 10: b"\n"
    return end if stop == -1 else stop


_CLAUSE_END_BYTES = bytes.maketrans(b".!?;:", b"\n" * 5)


def clause_ends(doc, low: str) -> bytes | None:
    """The lowered text as ASCII bytes with every CLAUSE_END_RE character made b"\\n".

    ``ends.find(10, a, b)`` then gives the first clause end in a span as
    ``CLAUSE_END_RE.search(low, a, b)`` would, by memchr instead of a regex
    call per unit. None for non-ASCII text (the regex is used there).
    """
    if not low.isascii():
        return None
    return cached(doc, "clause-ends", lambda: low.encode("ascii").translate(_CLAUSE_END_BYTES))


def opening_words(text: str, start: int, end: int, count: int, ends: bytes | None = None) -> list[tuple[int, int]]:
    """Spans of up to ``count`` words opening text[start:end], within its first clause.

    Commas and markup between them are skipped ("Through dialogue, people
    can"); a sentence end, colon, semicolon or line break stops the opening.
    ``ends`` (``clause_ends``) finds the clause end without a regex call.
    """
    end = clause_end(text, ends, start, min(end, start + 24 * count))
    out = []
    for w in WORD_RE.finditer(text, start, end):
        out.append(w.span())
        if len(out) == count:
            break
    return out


def lowered(doc) -> str:
    """``doc.text`` lower-cased with straight apostrophes, offsets unchanged.

    Built once per document and shared by the repetition kinds and naming-drift, so each
    compares words without folding them one by one. Where lower-casing would
    change the length (rare letters such as 'İ'), characters are lowered one
    at a time to keep every offset.
    """
    def make():
        text = doc.text
        low = text.lower()
        if len(low) != len(text):
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        return low.replace("’", "'")
    return cached(doc, "lowered", make)


VERSE_LINE = 60  # characters: a paragraph of two or more lines no longer than this is verse
# a paragraph opening with a song part's name ("Chorus:", "[Verse 2]") is verse however long its lines
_SONG_PART_RE = re.compile(r"[(\[*_ ]*(?:pre-)?(?:chorus|verse|refrain|bridge|hook|outro|intro)\b[^\n]{0,12}?[:)\]\n]", re.I)


def verse_spans(doc) -> list[tuple[int, int]]:
    """Paragraphs of short lines, some not ending a sentence: stanzas and choruses.

    Songs and poems repeat on purpose; prose written one sentence per line
    (every line ending with . ! ? or :) is not verse. A paragraph that opens
    with a song part's name ("Chorus:", "(Verse 2)") is verse too.
    """
    def make():
        out = []
        for u in doc.units("paragraph"):
            lines = u.text.split("\n")
            if _SONG_PART_RE.match(u.text) or len(lines) > 1 and all(len(line) <= VERSE_LINE for line in lines) and any(
                    not line.rstrip().endswith((".", "!", "?", ":")) for line in lines):
                out.append((u.start, u.end))
        return out
    return cached(doc, "verse", make)


TITLE_WORDS = 8  # a list item with fewer words after its label is a title


def title_spans(doc) -> list[tuple[int, int]]:
    """List items of fewer than TITLE_WORDS words and no label: titles, parallel on purpose."""
    def make():
        sp = spaced(doc)
        # an item with a "Label:" before its text is a point, not a title, however short
        # (split at most TITLE_WORDS - 1 times: as many pieces as words, up to TITLE_WORDS)
        return [(item.start, item.end) for item, start in item_openings(doc)
                if start == item.body_start and len(sp[start:item.end].split(None, TITLE_WORDS - 1)) < TITLE_WORDS]
    return cached(doc, "titles", make)


def item_openings(doc) -> list:
    """(list item, offset where its prose opens after any label), in document order."""
    def make():
        text = doc.text
        return [(item, opening_start(text, item.body_start, item.end)) for item in doc.units("list-item")]
    return cached(doc, "item-openings", make)


_NEW_LINE_RE = re.compile(r"\n(?=[ \t]*[A-Z])")


def runs_text(doc) -> str:
    """The lowered text with SEP wherever a run of words ends, offsets unchanged.

    Punctuation, list markers, a dash between spaces, blank lines and a
    line break before a capital letter become SEP, so ``text.split(SEP)`` gives the runs and ``run.split()`` their
    words, at C speed; offsets are found again only for what is reported.
    """
    def make():
        low = lowered(doc)
        # ASCII text translated as bytes, as in spaced()
        t = low.encode("ascii").translate(_BREAKS_BYTES).decode("ascii") if low.isascii() else low.translate(_BREAKS)
        # bullets and numbers are not words of the item
        cut = [(item.start, item.body_start) for item in doc.units("list-item") if item.body_start > item.start]
        # a line opening with a capital starts a new line of text (a formula, a caption), not a soft wrap
        cut += [(m.start(), m.start() + 1) for m in _NEW_LINE_RE.finditer(doc.text)]
        if cut:
            cut.sort()
            pieces = []
            pos = 0
            for a, b in cut:
                a = max(a, pos)
                if b > a:
                    pieces.append(t[pos:a])
                    pieces.append(SEP * (b - a))
                    pos = b
            pieces.append(t[pos:])
            t = "".join(pieces)
        return t.replace(" - ", " " + SEP + " ").replace("\n-", "\n" + SEP).replace("\n\n", "\n" + SEP)
    return cached(doc, "runs", make)


def spaced(doc) -> str:
    """The lowered text with punctuation as spaces (apostrophes, hyphens kept), offsets unchanged.

    ``spaced(doc)[a:b].split()`` gives the words of any span at C speed.
    ASCII text is translated as bytes (a table lookup per byte, about twice
    as fast as ``str.translate``; the same characters are mapped).
    """
    def make():
        low = lowered(doc)
        if low.isascii():  # a flag of the string: no scan
            return low.encode("ascii").translate(_PUNCT_TO_SPACE_BYTES).decode("ascii")
        return low.translate(PUNCT_TO_SPACE)
    return cached(doc, "spaced", make)


def spaced_bytes(doc) -> bytes | None:
    """``spaced(doc)`` as ASCII bytes (same offsets), or None where it is not ASCII."""
    def make():
        sp = spaced(doc)
        return sp.encode("ascii") if sp.isascii() else None
    return cached(doc, "spaced-bytes", make)
