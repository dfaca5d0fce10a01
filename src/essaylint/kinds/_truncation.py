"""Shared logic of the truncation kinds: how a piece of text ends.

``ending(text)`` strips what may legitimately follow the last sentence mark
(closing quotes and brackets, Markdown emphasis, emoji, hashtags) and says
whether what is left is terminated, a URL, or cut. ``cut_kind`` explains a
cut: mid-word (the last word is the start of a longer word used earlier in
the document) or dangling (a word that cannot end an English sentence).
Not a kind: the leading underscore keeps it out of the kind registry.
"""

from __future__ import annotations

import re

from essaylint.document import Document

# Hot paths use the standard library's re and plain string scans: the regex
# module's Unicode property classes cost tens of microseconds per call here.

# . ! ? : ; and the ellipsis, full-width 。！？：；and the interrobang. ';' counts:
# "apples;" ends a list item by a common convention, and a length cut never
# leaves a semicolon on its own (cuts stop at word ends).
TERMINALS = frozenset(".!?:;…。！？：；‽｡")
# what may follow the mark: closing quotes and brackets, emphasis, inline code
CLOSERS = frozenset("\"'”’»›)]}）」』】〕〉》*_~`")
_EMOTICONS = frozenset(":) :-) :( :-( ;) ;-) :D :-D :P :-P :p ;D <3 ^^ ^_^ :o :O xD XD".split())
_URL_RE = re.compile(r"<?(?:https?://|www\.|mailto:)\S+|[\w\-]+(?:\.[\w\-]+)+/\S*")
_WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
_CJK = "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")


def _is_emoji(ch: str) -> bool:
    """Pictographs, dingbats, symbols, skin tones and the joiners between them."""
    o = ord(ch)
    return (o >= 0x1F000 or 0x2600 <= o <= 0x27BF or 0x2B00 <= o <= 0x2BFF or 0x2190 <= o <= 0x21FF
            or 0x2300 <= o <= 0x23FF or 0x25A0 <= o <= 0x25FF or o in (0x200D, 0xFE0F, 0x20E3, 0x203C, 0x2049))


def is_cjk(ch: str) -> bool:
    return _CJK_RE.match(ch) is not None


# Words that cannot end an English sentence, kept short on purpose: articles,
# coordinating and subordinating conjunctions, prepositions that are never
# stranded, possessive determiners. Auxiliaries ("as you can"), stranded
# prepositions ("to deal with", "log in") and pronouns ("saw her") can end one.
DANGLING = frozenset("""
a an the and or but nor than because although whereas unless if as
of to into onto toward towards among amongst via per
my your our their its whose
including especially particularly namely
""".split())


class Ending:
    """How a text ends. ``end`` is the offset just after the last content
    character kept (within the text given); ``state`` is one of
    ``terminated``, ``decorated``, ``closed``, ``url``, ``cut``, ``empty``."""

    __slots__ = ("state", "end", "last_char")

    def __init__(self, state: str, end: int, last_char: str):
        self.state = state
        self.end = end
        self.last_char = last_char


def ending(text: str) -> Ending:
    """Judge the end of ``text`` (a block of prose).

    ``decorated``: it ends with an emoji, emoticon or hashtag, which a writer
    adds on purpose and a length cut does not leave ("Have fun 🎉").
    ``closed``: it ends with a closing bracket, quote or emphasis mark and no
    sentence mark: a placeholder ("[Your Name]"), a stage direction, a title,
    code; the writer finished that construct, so it is no evidence of a cut.
    """
    end = len(text)
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end > 0 and text[end - 1] in TERMINALS:  # the common case, first
        return Ending("terminated", end, text[end - 1])
    decorated = closed = False
    while True:
        # closers, and emoji or hashtags between them ("done.** 🎉", '#tag"')
        while end > 0 and (text[end - 1] in CLOSERS or text[end - 1].isspace()):
            closed = closed or text[end - 1] in CLOSERS
            end -= 1
        k = end
        while k > 0 and text[k - 1] >= "\u200d" and _is_emoji(text[k - 1]):  # below: no emoji (a string compare)
            k -= 1
        if k == end:
            tok = last_token(text, end)
            if tok in _EMOTICONS or len(tok) > 1 and tok[0] in "#@" and tok[1] not in "#@":
                k = end - len(tok)
        if k == end:
            break
        decorated = True
        end = k
    if end == 0:
        return Ending("empty", 0, "")
    ch = text[end - 1]
    if ch in TERMINALS:
        return Ending("terminated", end, ch)
    if decorated:
        return Ending("decorated", end, ch)
    if closed:
        return Ending("closed", end, ch)
    if _URL_RE.fullmatch(tok):  # the loop ended on "k == end": tok is the token ending at end
        return Ending("url", end, ch)
    return Ending("cut", end, ch)


def last_words(text: str, end: int, n: int = 6) -> str:
    """The last ``n`` words before ``end`` (the last ~12 characters of CJK text)."""
    chunk = text[max(0, end - 200):end]
    if _CJK_RE.search(chunk, max(0, len(chunk) - 12)):
        tail = chunk[-12:].lstrip()
        return tail if len(chunk) <= 12 else "…" + tail
    parts = chunk.rsplit(None, n)  # the last n words and what is before them, if anything
    tail = " ".join(parts[-n:])
    return tail if len(parts) <= n and end <= 200 else "…" + tail


def last_token(text: str, end: int) -> str:
    """The whitespace-delimited token that ends at ``end`` (in CJK text,
    which has no spaces, the last character)."""
    if end and text[end - 1] >= "\u2e80" and is_cjk(text[end - 1]):  # below: no CJK (a string compare)
        return text[end - 1]
    i = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end), text.rfind("\t", 0, end)) + 1
    return text[i:end]


# what \w matches in ASCII text, and the joiners of _WORD_RE
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'-"


def last_word(text: str, end: int) -> str:
    """The ``_WORD_RE`` word (of a scan from 60 characters back) that ends at ``end``, or ''.

    No match runs through a character that is neither a word character nor
    a joiner, so in ASCII text the scan starts where the run of those that
    ends at ``end`` starts (usually one word), as a scan from further back
    would reach it.
    """
    start = max(0, end - 60)
    if text.isascii():  # a flag, no scan
        start += len(text[start:end].rstrip(_WORD_CHARS))
    m = None
    for m in _WORD_RE.finditer(text, start, end):
        pass
    return m.group(0) if m is not None and m.end() == end else ""


def cut_kind(doc, text: str, end: int, before: int) -> tuple[str, str, str]:
    """(cut, word, full): ``cut`` is 'mid-word', 'dangling' or 'mid-sentence'.

    ``word`` is the last word of ``text[:end]``; for a mid-word cut ``full``
    is the longer word it starts, the most frequent one used in the document
    before offset ``before`` (where the last word starts).
    """
    word = last_word(text, end)
    if not word:
        return "mid-sentence", "", ""
    low = word.lower()
    if word == low and low in DANGLING:  # "Vitamin A", "Plan B" are not dangling
        return "dangling", word, ""
    if len(word) >= 3 and word.isalpha() and not _CJK_RE.search(word):
        best = None
        counts: dict[str, int] = {}
        for full, rest in _longer_words(doc.text, before, word):
            if _continues(full[len(word) - 1] + rest):
                counts[full] = counts.get(full, 0) + 1
                if best is None or counts[full] > counts[best]:
                    best = full
        if best is not None:
            return "mid-word", word, best
    return "mid-sentence", word, ""


_REST_RE = re.compile(r"\w+(?:['’\-]\w+)*")


def _longer_words(src: str, before: int, word: str):
    """(longer word, its rest) for each word of ``src[:before]`` that starts
    with ``word`` (case-insensitively) and goes on; a trailing '+' is kept."""
    hay = src[:before].lower()
    if len(hay) != before:  # lowercasing changed lengths (rare): use a regex
        rx = re.compile(r"(?<!\w)" + re.escape(word) + r"(\w+(?:['’\-]\w+)*)\+*", re.IGNORECASE)
        for m in rx.finditer(src, 0, before):
            yield m.group(0), m.group(1)
        return
    low, n = word.lower(), len(word)
    i = hay.find(low)
    while i != -1:
        if i == 0 or not (hay[i - 1].isalnum() or hay[i - 1] == "_"):
            m = _REST_RE.match(src, i + n, before)
            if m is not None:
                e = m.end()
                while e < before and src[e] == "+":  # LGBTQ+
                    e += 1
                yield src[i:e], m.group(0)
        i = hay.find(low, i + 1)


def describe(cut: str, word: str, full: str = "") -> str:
    """The phrase a message shows: 'mid-word ("LGBT" ... "LGBTQ+")' and so on."""
    if cut == "mid-word":
        return f'mid-word ("{word}" looks like the start of "{full}")'
    if cut == "dangling":
        return f'after the dangling word "{word}"'
    return "mid-sentence"


def has_sentence_end(text: str) -> bool:
    """True when ``text`` has a terminated sentence followed by another one.

    The mark must follow a lowercase word ("trust. It") and not close an
    abbreviation or initial ("Dr. Fager", "J.R.R. Tolkien", "et al. (2020)"),
    and the next sentence must start with a capital or a digit.
    """
    for m in _INNER_END_RE.finditer(text):
        if m.group(3) is not None:
            return True  # 。！？ followed by more text
        i, nxt = m.start(1), m.group(2)
        j = i
        while j > 0 and text[j - 1] in "\"'”’)]*":
            j -= 1
        if j < 2 or not (text[j - 1].islower() and text[j - 2].islower()):
            continue
        if not (nxt.isupper() or nxt.isdigit()):
            continue
        if m.group(1) == "." and Document._is_abbreviation(text, i):
            continue
        return True
    return False


_INNER_END_RE = re.compile(r"([.!?…])[\"'”’)\]*]*\s+[\"'“‘(*]*(\S)|([。！？])\s*\S")
_INFLECTIONS = frozenset(("s", "es", "'s", "’s", "d", "ed", "ing"))  # "condition" of "conditions", "share" of "shared"


def _continues(piece: str) -> bool:
    """``piece`` is the prefix's last letter plus the rest of the longer word:
    a real continuation, not a plural or possessive ("condition" of
    "conditions") nor two words run together ("Ocean" of "OceanAtlantic")."""
    rest = piece[1:]
    if rest.lower() in _INFLECTIONS:
        return False
    return not (piece[0].islower() and rest[:1].isupper())


def word_count(text: str) -> int:
    """Words, counting each CJK character as one."""
    return len(text.split()) + (0 if text.isascii() else len(_CJK_RE.findall(text)))  # isascii: a flag, no scan


def has_words(text: str, n: int) -> bool:
    """``word_count(text) >= n``; in ASCII text without making more than ``n`` words."""
    if text.isascii():  # a flag, no scan
        return len(text.split(None, n - 1)) >= n
    return word_count(text) >= n


def runaway(text: str, limit: int) -> bool:
    """At least ``limit`` words without a sentence mark and with few commas: a
    generation that ran on until the length limit (a word salad or a run-on),
    not a comma-separated list of names."""
    n = word_count(text)
    return n >= limit and text.count(",") + text.count("、") < n / 4


def is_table_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") or s.count("|") >= 2


_NON_SPACE_RE = re.compile(r"\S")  # not str.isspace: what str.strip() keeps


def after_content(doc, end: int) -> bool:
    """True when the source has non-blank text after offset ``end``
    (excluded regions such as code blocks and tables count as content).
    A search from ``end``: no copy of the rest of the document."""
    return _NON_SPACE_RE.search(doc.source, end) is not None
