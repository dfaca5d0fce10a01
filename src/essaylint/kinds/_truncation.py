"""Shared logic of the truncation kinds: how a piece of text ends.

``ending(text)`` strips what may legitimately follow the last sentence mark
(closing quotes and brackets, Markdown emphasis, emoji, hashtags) and says
whether what is left is terminated, a URL, or cut. ``cut_kind`` explains a
cut: mid-word (the last word is the start of a longer word used earlier in
the document) or dangling (a word that cannot end an English sentence).
Not a kind: the leading underscore keeps it out of the kind registry.
"""

from __future__ import annotations

import regex

from essaylint.document import Document

# . ! ? : ; and the ellipsis, full-width 。！？：；and the interrobang. ';' counts:
# "apples;" ends a list item by a common convention, and a length cut never
# leaves a semicolon on its own (cuts stop at word ends).
TERMINALS = frozenset(".!?:;…。！？：；‽｡")
# what may follow the mark: closing quotes and brackets, emphasis, inline code
CLOSERS = frozenset("\"'”’»›)]}）」』】〕〉》*_~`")
# emoji, pictographs, hashtags, @mentions, emoticons after the final mark
_TRAILER_RE = regex.compile(
    r"(?:[\s\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f\u20e3]|(?<!\S)[#@][\w\-]+|(?<!\S)[:;]-?[()DPp](?!\S))+\Z"
)
_URL_RE = regex.compile(r"(?:https?://|www\.|mailto:)\S+\Z|(?<!\S)[\w\-]+(?:\.[\w\-]+)+/\S*\Z|<https?://\S+>\Z")
_WORD_RE = regex.compile(r"\w+(?:['’\-]\w+)*")
_CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")

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
    decorated = closed = False
    while True:
        # closers, and emoji or hashtags between them ("done.** 🎉", '#tag"')
        while end > 0 and (text[end - 1] in CLOSERS or text[end - 1].isspace()):
            closed = closed or text[end - 1] in CLOSERS
            end -= 1
        m = _TRAILER_RE.search(text, 0, end)
        if m is None or m.start() == end:
            break
        decorated = decorated or bool(text[m.start():end].strip())
        end = m.start()
    if end == 0:
        return Ending("empty", 0, "")
    ch = text[end - 1]
    if ch in TERMINALS:
        return Ending("terminated", end, ch)
    if decorated:
        return Ending("decorated", end, ch)
    if closed:
        return Ending("closed", end, ch)
    if _URL_RE.search(text, 0, end):
        return Ending("url", end, ch)
    return Ending("cut", end, ch)


def last_words(text: str, end: int, n: int = 6) -> str:
    """The last ``n`` words before ``end`` (the last ~12 characters of CJK text)."""
    chunk = text[max(0, end - 200):end]
    if _CJK_RE.search(chunk[-12:]):
        tail = chunk[-12:].lstrip()
        return tail if len(chunk) <= 12 else "…" + tail
    parts = chunk.split()
    tail = " ".join(parts[-n:])
    return tail if len(parts) <= n and end <= 200 else "…" + tail


def last_token(text: str, end: int) -> str:
    """The whitespace-delimited token that ends at ``end`` (in CJK text,
    which has no spaces, the last character)."""
    if end and _CJK_RE.match(text[end - 1]):
        return text[end - 1]
    i = end
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:end]


def last_word(text: str, end: int) -> str:
    m = None
    for m in _WORD_RE.finditer(text, max(0, end - 60), end):
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
        src = doc.text
        n = len(word)
        best = None
        counts: dict[str, int] = {}
        for s, e in doc.words:
            if s >= before:
                break
            if e - s > n and src[s:s + n].lower() == low and _continues(src[s + n - 1:e]):
                while e < len(src) and src[e] == "+":  # LGBTQ+
                    e += 1
                full = src[s:e]
                counts[full] = counts.get(full, 0) + 1
                if best is None or counts[full] > counts[best]:
                    best = full
        if best is not None:
            return "mid-word", word, best
    return "mid-sentence", word, ""


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
    abbreviation or initial ("Dr. Fager", "J.R.R. Tolkien", "et al. (2020)").
    """
    for m in _INNER_END_RE.finditer(text):
        if m.group(1) == "." and Document._is_abbreviation(text, m.start(1)):
            continue
        return True
    return False


_INNER_END_RE = regex.compile(r"\p{Ll}{2}[\"'”’)\]*]*([.!?…])[\"'”’)\]*]*\s+[\"'“‘(*]*[\p{Lu}\d]|([。！？])\s*\S")
_INFLECTIONS = frozenset(("s", "es", "'s", "’s", "d", "ed", "ing"))


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
    return len(_WORD_RE.findall(text)) + len(_CJK_RE.findall(text))


def is_table_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") or s.count("|") >= 2


def after_content(doc, end: int) -> bool:
    """True when the source has non-blank text after offset ``end``
    (excluded regions such as code blocks and tables count as content)."""
    return bool(doc.source[end:].strip())
