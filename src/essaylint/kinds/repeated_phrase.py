"""Flags a phrase of ``min-words`` or more words used more than ``max-count`` times.

Every run of words (no punctuation between them, compared case-folded) is
cut into n-grams of ``min-words`` words, counted by hashing; repeated
n-grams are extended one word at a time while the longer phrase still
occurs often enough, so each place gets its *maximal* repeated phrase and
overlapping n-grams of one repetition give one finding, not ten. Each
occurrence from the (max-count + 1)-th on is reported at its own position;
the related location is the first use. Time is linear in the number of
words (at most ``MAX_WORDS`` extension rounds over the repeated positions).

Phrases made only of stopwords ("one of the") are never reported, nor
phrases that are allow-listed (the words of an allow-listed phrase count as
stopwords where they occur). Numbers and single letters count as stopwords.
A phrase needs ``min-content-words`` (default 2) words that are not
stopwords: one content word among function words ("can be used to", "the
importance of") is how English is glued together, the stopword rule
extended by one word; set it to 1 for the bare rule. With ``ignore-names``
(default), proper names are not reported: a phrase whose content words are
capitalised wherever they are not at the start of a sentence or line ("the
Black Death", "in the United States"), which names the subject of the text
and should be named the same way each time (see ``_proper_name``). With
``ignore-terms`` (default) a lower-case term ("the film industry", "the
number of moles", see ``_term``) is not reported: naming a thing the same
way is consistency (on real answers, even a term named in sentences in a row
was almost always the matter at hand); with ``ignore-collocations`` (default) two
content words in under five words ("provide feedback to") are ignored unless
they end with a modal ("cultural exchange can", see ``_collocation``). Any
other phrase of two or more content words is reported ("individuals from
different backgrounds", "cultural exchange can help"). Occurrences at the opening of list items that
``repeated-opener`` reports are left to it (``leave-openers``), so a reader
is not told twice about the same words at the same place; so are uses inside
items that duplicate-item reports as copies and inside degenerate loops. They still count, as do uses
inside verse (stanzas, choruses), blockquotes, formulas (``_operand``) and titles (list items under
eight words with no label: "Gift ideas for teens"), which are never reported.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from itertools import accumulate, repeat
from operator import itemgetter
from typing import Iterator

from essaylint.kinds import Hit, Option, get_kind
from essaylint.kinds._repetition import (
    PUNCT_TO_SPACE, SEP, STOPWORDS, TITLE_WORDS, cached, fold, item_openings, opening_start, lowered, runs_text, spaced,
    title_spans, verse_spans)

SUMMARY = "a multi-word phrase used more often than allowed"
SCOPES = ("document", "paragraph", "list-item", "sentence")
OPTIONS = {
    "min-words": Option("int", 3, "shortest phrase counted, in words", min=2, max=12),
    "max-count": Option("int", 2, "uses allowed before each further one is reported", min=1),
    "stopwords": Option("str-list", list(STOPWORDS), "a phrase made only of these words is ignored"),
    "allow-list": Option("str-list", [], "phrases never reported (case-insensitive)"),
    "min-content-words": Option("int", 2, "a phrase with fewer words outside the stopwords is ignored", min=1, max=12),
    "ignore-names": Option("bool", True, "ignore proper names: content words capitalised mid-sentence ('the Black Death')"),
    "ignore-topic": Option("bool", True, "ignore the subject: a noun phrase of the opening used after it, or words of the prompt"),
    "ignore-terms": Option("bool", True, "ignore terms, lower-case names for things ('the film industry', 'the number of moles')"),
    "ignore-collocations": Option("bool", True, "ignore two content words in a phrase under five words ('provide feedback to')"),
    "leave-openers": Option("bool", True, "leave repeated item openings, copied items and loops to their own rules"),
}
FIELDS = ("phrase", "count", "related_line")
MAX_WORDS = 24  # longest phrase tracked: bounds the extension rounds (and the time) on looping text


class Compiled:
    __slots__ = ("min_words", "max_count", "stopwords", "allow", "leave_openers", "ignore_names", "min_content", "ignore_topic",
                 "ignore_terms", "ignore_collocations")

    def __init__(self, min_words, max_count, stopwords, allow, leave_openers, ignore_names=True, min_content=2, ignore_topic=True,
                 ignore_terms=True, ignore_collocations=True):
        self.min_words = min_words
        self.max_count = max_count
        self.stopwords = stopwords
        self.allow = allow
        self.leave_openers = leave_openers
        self.ignore_names = ignore_names
        self.min_content = min_content
        self.ignore_topic = ignore_topic
        self.ignore_terms = ignore_terms
        self.ignore_collocations = ignore_collocations


def compile(options: dict) -> Compiled:
    allow = []
    for phrase in options["allow-list"]:
        words = [fold(w) for w in phrase.split()]
        if not words:
            raise ValueError("option 'allow-list': an empty phrase")
        allow.append(tuple(words))
    return Compiled(options["min-words"], options["max-count"], frozenset(fold(w) for w in options["stopwords"]),
                    allow, options["leave-openers"], options["ignore-names"], options["min-content-words"],
                    options["ignore-topic"], options["ignore-terms"],
                    options["ignore-collocations"])


def _opener_starts(doc) -> set[int]:
    """Word starts inside list-item openings that repeated-opener (defaults) reports."""
    opener = get_kind("repeated-opener")
    groups = opener.repeated_openings(doc, "list-item", _default_opener())
    return {a for members in groups for spans in members for a, _ in spans}


_OPENER_DEFAULTS = None


def _default_opener():
    global _OPENER_DEFAULTS
    if _OPENER_DEFAULTS is None:
        opener = get_kind("repeated-opener")
        _OPENER_DEFAULTS = opener.compile({k: o.default for k, o in opener.OPTIONS.items()})
    return _OPENER_DEFAULTS


def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    low = lowered(doc)
    if scope == "document":
        spans = [(0, len(low))]
    else:
        spans = [(u.start, u.end) for u in doc.units(scope)]
    quiet = _Quiet(doc, c)  # what silences a finding, built only as far as a finding needs
    for start, end in spans:
        for hit in _check_span(doc, low, start, end, c, quiet):
            if not quiet(hit):
                yield hit


class _Quiet:
    """Tests whether a finding is silenced, each built on first use.

    ``at`` holds the tests that read only where a use starts, ``phrase`` the
    ones that read the phrase too. Most documents have no candidate finding,
    and most candidates are the formula repeated at list-item openings, which
    repeated-opener reports: that test (on groups the default rule set has
    already found) comes first.
    """

    __slots__ = ("doc", "c", "labels", "opening", "titles", "spans", "skip", "others", "openings", "window")

    def __init__(self, doc, c: Compiled):
        self.doc = doc
        self.c = c
        self.labels = self.opening = self.titles = self.spans = self.skip = self.others = self.openings = None
        self.window = 0

    def __call__(self, hit: Hit) -> bool:
        return self.at(hit.start) or self.phrase(hit)

    def at(self, at: int) -> bool:
        """The tests that read only where a use starts: is a use starting at ``at`` silenced wherever its phrase ends?

        Other rules' findings (openings, copies, loops: cached pieces those
        rules build anyway) come first, since generated lists repeat their
        formula at item openings; then verse and titles, labels, quotations.
        """
        c = self.c
        if c.leave_openers:
            # item openings that repeated-opener reports, copied items and loops are other rules' findings
            if self._near_opening(at):
                if self.skip is None:
                    self.skip = _opener_starts(self.doc)
                if at in self.skip:
                    return True
            if self.others is None:
                doc = self.doc
                self.others = get_kind("duplicate-unit").copied_blocks(doc) + get_kind("degenerate-loop").loop_spans(doc)
            if any(a <= at < b for a, b in self.others):
                return True
        # choruses repeat on purpose
        if self.spans is None:
            self.spans = verse_spans(self.doc) + title_spans(self.doc)
        if any(a <= at < b for a, b in self.spans):
            return True
        if self.labels is None:
            self.labels = _label_spans(self.doc)
        # a heading or an item's "Label:" names what follows
        if any(a <= at < b for a, b in self.labels):
            return True
        return _quoted(lowered(self.doc), _line_of(self.doc, at)[0], at)

    def phrase(self, hit: Hit) -> bool:
        """The tests that read the phrase too (after ``at``, which builds ``labels``)."""
        doc, c, at = self.doc, self.c, hit.start
        if _operand(doc, _line_of(doc, at), at, hit.end):
            return True
        words = hit.values["phrase"].split()
        if c.ignore_topic and doc.prompt and _from_prompt(doc, words, c.stopwords):
            return True  # the question's own matter, restated in the answer
        if c.ignore_topic and _noun_phrase(words, c.stopwords):
            # the subject: named in the opening and carried through the body, or named by a heading or label
            if self.opening is None:
                self.opening = _opening_end(doc)
            if hit.related[0] < self.opening <= at:
                return True
            if self.titles is None:
                sp = spaced(doc)
                # one string of all labels; SEP between them, so a phrase never spans two
                self.titles = " " + f" {SEP} ".join(" ".join(sp[a:b].split()) for a, b in self.labels) + " "
            if f" {hit.values['phrase']} " in self.titles:
                return True
        return False

    def _near_opening(self, at: int) -> bool:
        """Could ``at`` be among the opening words of a list item (a cheap necessary test)?"""
        if self.openings is None:
            self.openings = sorted(start for _, start in item_openings(self.doc))
            self.window = 24 * get_kind("repeated-opener").MAX_SHOWN  # opening_words reads 24 characters a word
        k = bisect.bisect_right(self.openings, at) - 1
        return k >= 0 and at < self.openings[k] + self.window


# a line of 1 to TITLE_WORDS - 1 words (whitespace as str.split sees it, newlines apart)
_TITLE_LINE_RE = re.compile(r"^(?:[^\S\n]*+\S++){1,%d}[^\S\n]*+$" % (TITLE_WORDS - 1), re.M)


def _label_spans(doc) -> list[tuple[int, int]]:
    """Headings, the "Label:" before the prose of list items and lines, and title lines.

    A line label is a speaker or a step ("Interviewer:", "Day 4:"); a title
    line has fewer than TITLE_WORDS words and does not end a sentence
    ("Chapter 6: Classes and Objects", "Data Model for a Test Tool:").
    """
    def make():
        out = [(u.start, u.end) for u in doc.units("heading")]
        out += [(item.body_start, start) for item, start in item_openings(doc) if start > item.body_start]
        text = doc.text
        lines = []
        titled = set()
        for m in _TITLE_LINE_RE.finditer(text):
            if not m.group().rstrip().endswith((".", "!", "?", ",", ";")):
                lines.append((m.start(), m.end()))
                titled.add(m.start())
        colon = text.find(":")
        while colon != -1:
            pos = text.rfind("\n", 0, colon) + 1
            end = text.find("\n", colon)
            end = len(text) if end == -1 else end
            if pos not in titled:
                start = opening_start(text, pos, end)
                if start > pos:
                    lines.append((pos, start))
            colon = text.find(":", end)
        lines.sort()
        return out + lines
    return cached(doc, "labels", make)


def _opening_end(doc) -> int:
    """End of the document's opening: its first paragraph (after any title or heading).

    A first paragraph of fewer than eight words is a title ("Data Model for a
    Test Tool:"); the opening then runs to the end of the next paragraph.
    """
    paras = doc.units("paragraph")
    if not paras:
        return -1
    first = paras[0]
    if len(paras) > 1 and len(first.text.split()) < 8:
        first = paras[1]
    return first.end


def _from_prompt(doc, words: list[str], stop) -> bool:
    """Are all the content words of the phrase words of the prompt the text answers (``doc.prompt``)?

    An answer restates its question's matter ("How many pages are in all the
    books ever written?" ... "pages in all the books ever written"); a
    formula adds words of its own ("has been influential in modern"), or
    frames a sentence with the matter ("cultural barriers can").
    """
    if words[-1] in _MODALS:  # "cultural barriers can" frames a sentence with the matter: a formula still
        return False
    said = cached(doc, "prompt-words", lambda: frozenset(fold(doc.prompt).translate(PUNCT_TO_SPACE).split()))
    content = [w for w in words if not _weak(w, stop)]
    return bool(content) and all(w in said for w in content)


def _noun_phrase(words: list[str], stop) -> bool:
    """Function words, then only content words: a name for a thing ("the test automation tool").

    It may open with articles, possessives, quantifiers and prepositions
    ("in the", "your"); numbers, articles, prepositions and "and"/"or" may stand between content
    words ("sales and revenue", "a Thunderbolt 4 port", "working from home", "access to education",
    "the quality of the air"). A clause ("cultural exchange can help",
    "features interviews with") has another function word (a verb, pronoun
    or conjunction) after its first content word, or ends with a function
    word, and is not a noun phrase.
    """
    flags = [_weak(w, stop) for w in words]
    if all(flags):
        return False
    first = flags.index(False)
    # led by articles, possessives, quantifiers or prepositions; "is a federal agency" is a clause
    if any(w not in _NP_LEAD and not w[0].isdigit() for w in words[:first]):
        return False
    last = len(words) - 1
    for q in range(first, len(words)):
        if not flags[q]:
            continue
        w = words[q]
        if q < last and (w[0].isdigit() or w in _NP_INNER):
            continue
        return False
    return True


_NP_INNER = frozenset("""and or & of for from in on with at by to the a an about across after against among around before
    between during into over per through under until within without""".split())
_NP_LEAD = _NP_INNER | frozenset("""my your his her its our their this these those that some any each every all both
    many more most few such no other into about through between during over under within without upon via per
    to before after against among""".split())


def _term(words: list[str], flags: list[bool]) -> bool:
    """A term: leading function words, then content words joined only by "of", "and", "or".

    ``flags`` marks the weak words (stopwords, numbers, single letters).
    "the film industry", "version control systems", "the total number of
    primordial black holes", "the cost of electricity and gas", "a pickaxe or
    an axe" (an article may follow a joining word), and "blood sugar levels
    and" (a term with the list it starts cut off). A term is the writer's name for a thing: an
    answer about the film industry names it in every paragraph, and should
    (naming-drift asks for one name throughout). Any other function word after
    the first content word ("individuals from different backgrounds", "clean
    the cage", "cultural exchange can help", "a more nuanced understanding
    of") makes a construction whose repetition is wording, not naming.
    """
    last = len(words)
    while last and words[last - 1] in _TRAILING:
        last -= 1
    first = flags.index(False)
    if first >= last or flags[last - 1] or not _TERM_LEADS.issuperset(words[:first]):
        return False
    q = first
    while q < last:
        if flags[q]:
            if words[q] not in _JOINS:
                return False
            q += 2 if words[q + 1] in _ARTICLES else 1
            continue
        q += 1
    return True


_JOINS = frozenset(("of", "and", "or"))
_ARTICLES = frozenset(("the", "a", "an"))
# comparing words a term may follow, where the repeated n-gram starts before it: "while animal-based protein sources"
_TERM_LEAD = frozenset("while whereas than unlike".split())
_TERM_LEADS = _NP_LEAD | _TERM_LEAD  # the words a term's function words before its first content word may be
# words a term may trail, where the repeated n-gram runs on into the sentence: "the film industry and",
# "the meaning of life is", "the christmas wreath is a" (a trailing "of" makes a construction: "understanding of")
_TRAILING = frozenset(("and", "or", "is", "are", "was", "were", "has", "have", "had")) | _ARTICLES
_MODALS = frozenset("can could may might must shall should will would".split())
COLLOCATION_WORDS = 5  # a phrase of fewer words with two content words is a collocation


def _collocation(words: list[str], flags: list[bool]) -> bool:
    """Two content words glued by function words, in under five words ("provide feedback to").

    English pairs words this way all the time ("reduce the risk of",
    "advantages and disadvantages", "km per hour") and uses the pair as often
    as the matter needs: on real answers most such alarms were the topic, not
    a formula. A pair that ends with a modal ("cultural exchange can",
    "software engineers should") frames a sentence, and is a formula.
    """
    return len(words) < COLLOCATION_WORDS and flags.count(False) == 2 and words[-1] not in _MODALS


_OPERATORS = "=*/+-×÷<>≈("
_MARKER_CHARS = " \t-*+•0123456789.)"
_MARKERS_RE = re.compile("[%s]*" % re.escape(_MARKER_CHARS))
_QUOTE_RE = re.compile(r"\s*>")


def _line_of(doc, at: int) -> tuple[int, int]:
    """(start, end) of the line holding offset ``at``, by bisection: a loop on one long line stays linear."""
    return doc.line_span(bisect.bisect_right(doc.line_starts, at) - 1)


def _operand(doc, line: tuple[int, int], a: int, b: int) -> bool:
    """Is text[a:b] a quantity in a formula ("Total flight time = Flight time to London + Delay")?

    On a line with " = ", a phrase standing between operators (or the line's
    start, after any list marker, and its end) names a quantity, and a formula
    must name it the same way each time. Prose around the formula on the same
    line ("..., assuming a Gaussian distribution for the") is not an operand.
    Only the characters next to the phrase are read, and the " = " are found
    once per document.
    """
    text = doc.text
    start, end = line
    equals = cached(doc, "equals", lambda: [m.start() for m in _EQUALS_RE.finditer(text)])
    k = bisect.bisect_left(equals, start)
    if k == len(equals) or equals[k] + 3 > end:
        return False
    i = a - 1
    while i >= start and text[i].isspace():
        i -= 1
    if i >= start and text[i] not in _OPERATORS and _MARKERS_RE.match(text, start, i + 1).end() != i + 1:
        return False  # words before the phrase: prose
    j = b
    while j < end and text[j].isspace():
        j += 1
    return j == end or text[j] in _OPERATORS + ":"


_EQUALS_RE = re.compile(" = ")


def _quoted(low: str, line_start: int, offset: int) -> bool:
    """In a Markdown blockquote ("> ..."): quoted words are someone else's choice."""
    return _QUOTE_RE.match(low, line_start, offset) is not None


def _weak(word: str, stop) -> bool:
    """Stopwords, numbers and single letters (variables) carry no phrase of their own."""
    return word in stop or word[0].isdigit() or len(word) == 1


_LEAD_IN = " \t*_#>`'\"“‘([{\x00"  # markup and quotes that may stand before a sentence's first word
_SENTENCE_END = ".!?:;\n"


def _initial(text: str, a: int) -> bool:
    """Does the word at ``a`` open a sentence, line or heading (where any word is capitalised)?"""
    i = a - 1
    while i >= 0 and text[i] in _LEAD_IN:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _proper_name(text: str, occurrences, flags: list[bool]) -> bool:
    """A proper name: every content word capitalised wherever it is not sentence-initial.

    ``occurrences`` lists the word spans of each use. "the Black Death",
    "in the United States" are names (the subject, which naming-drift wants
    named the same way each time); "the quick brown fox" is not. A name needs
    evidence: at least one content word seen capitalised mid-sentence.
    """
    seen = False
    for spans in occurrences:
        for (a, _), weak in zip(spans, flags):
            if weak or _initial(text, a):
                continue
            if not text[a].isupper():
                return False
            seen = True
    return seen


class _Tokens:
    """The words of text[start:end] with SEP tokens where runs end (and one after the last), and their offsets on demand.

    ``toks`` comes from one C-level split; the offsets of a token are found
    only for candidates, inside the token's own run. ``kinds`` has one byte
    per token: 2 for SEP, 1 for a word used often enough to be part of a
    repeated n-gram (set by ``repeated``), 0 otherwise; the run of a token
    is found by counting the 2s before it (``bytes.count``, in C), and where
    that run starts by one ``str.replace`` and ``str.find`` (in a text longer
    than LONG_SPAN, from the runs' lengths, found once: the replace reads
    the whole text). A run once placed is kept (``_placed``): overlapping
    phrases of one repetition ("shared cooking classes can", "cooking
    classes can") are looked up in the same run, so on generated essays
    about half the lookups find their run already placed.
    """

    __slots__ = ("rt", "start", "end", "toks", "kinds", "_starts", "_lookups", "_runs", "_placed")

    def __init__(self, rt: str, start: int, end: int):
        self.rt, self.start, self.end = rt, start, end
        self.toks = rt[start:end].replace(SEP, _SEP_SPACED).split()
        self.toks.append(SEP)  # a sentinel: the token after any phrase exists
        self.kinds = None
        self._starts = None
        self._lookups = 0
        self._runs = None
        self._placed: dict[int, tuple[int, int]] = {}  # the SEP token before a run -> (start, end) of the run

    def starts(self) -> list[int]:
        """The offset of every token, from one C-level scan; for phrases with many uses to place."""
        if self._starts is None:
            # map calls Match.start in C: no bytecode per token
            self._starts = list(map(re.Match.start, _TOKEN_RE.finditer(self.rt, self.start, self.end)))
        return self._starts

    def repeated(self, n: int, k: int) -> list[list[int]]:
        """The positions of each n-gram (no SEP among its words) used k or more times, in order.

        An n-gram used k times is made of words used k times each, so the
        words are counted first (one C-level Counter) and only the stretches
        of n or more such words in a row (found by one regex over ``kinds``)
        are cut into n-grams: in prose that is a few percent of the
        positions, so n-gram tuples are built for those only.
        """
        toks = self.toks
        self.kinds = _kinds(toks, k)
        run_re = _RUN_RES.get(n)
        if run_re is None:
            run_re = _RUN_RES[n] = re.compile(b"\x01" * n + b"\x01*")  # a literal prefix: searched at C speed
        where: dict[tuple, list[int]] = {}  # n-gram -> its positions, in order
        for m in run_re.finditer(self.kinds):
            a, b = m.span()
            for p in range(a, b - n + 1):
                where.setdefault(tuple(toks[p:p + n]), []).append(p)
        return [ps for ps in where.values() if len(ps) >= k]

    def spans(self, p: int, length: int) -> list[tuple[int, int]]:
        """Word spans of tokens p .. p+length-1, which lie in one run.

        A lookup reads the text up to the token; after LOOKUPS of them (a
        looping text with hundreds of findings) every token's offset is found
        once instead, so the time stays linear.
        """
        if self._starts is None and self._lookups < LOOKUPS:
            self._lookups += 1
            return self._spans_in_run(p, length)
        starts, toks = self.starts(), self.toks
        return [(starts[q], starts[q] + len(toks[q])) for q in range(p, p + length)]

    def start_of(self, p: int) -> int:
        """The offset of token p, as ``spans(p, 1)[0][0]``: only its start placed."""
        if self._starts is None and self._lookups < LOOKUPS:
            self._lookups += 1
            first, off, stop = self._run_of(p)
            if first:  # the rest of the run from token p on (str.split keeps it whole)
                return stop - len(self.rt[off:stop].split(None, first)[-1])
            return stop - len(self.rt[off:stop].lstrip())
        return self.starts()[p]

    def _run_of(self, p: int) -> tuple[int, int, int]:
        """(tokens of its run before token p, start and end of that run)."""
        kinds = self.kinds
        if kinds is None:
            kinds = self.kinds = bytes(map({SEP: 2}.get, self.toks, repeat(0)))
        before = kinds.rfind(2, 0, p)  # the SEP token that ends the run before (-1 in the first run)
        first = p - before - 1  # tokens of the run before p
        placed = self._placed.get(before)
        if placed is None:
            placed = self._placed[before] = self._place(kinds.count(2, 0, p))
        return first, placed[0], placed[1]

    def _place(self, j: int) -> tuple[int, int]:
        """(start, end) of run j, the run after the j-th SEP."""
        rt = self.rt
        if self.end - self.start > LONG_SPAN:  # where each run starts, found once: a lookup need not read the text
            runs = self._runs
            if runs is None:  # run i starts after i SEPs and the i runs before it: at runs[i] + i
                runs = self._runs = list(accumulate(map(len, rt[self.start:self.end].split(SEP)), initial=self.start))
            return runs[j] + j, runs[j + 1] + j
        off = self.start
        if j:  # just after the j-th SEP: the first j - 1 masked, the next one found, both in C
            off += rt[off:self.end].replace(SEP, "\x01", j - 1).find(SEP) + 1
        stop = rt.find(SEP, off, self.end)
        return off, self.end if stop == -1 else stop

    def _spans_in_run(self, p: int, length: int) -> list[tuple[int, int]]:
        first, off, stop = self._run_of(p)
        seg = self.rt[off:stop]  # the run: its words are the tokens after the j-th SEP
        if first:
            seg = seg.split(None, first)[-1]  # from token p on (str.split keeps the rest whole)
        base = stop - len(seg)
        out = []
        at = 0
        for w in seg.split(None, length)[:length]:
            a = seg.find(w, at)  # only whitespace stands between two words
            at = a + len(w)
            out.append((base + a, base + at))
        return out

    def offsets(self, p: int, length: int) -> tuple[int, int]:
        spans = self.spans(p, length)
        return spans[0][0], spans[-1][1]


def _kinds(toks: list[str], k: int) -> bytes:
    """One byte per token: 2 for SEP, 1 for a word used k or more times, 0 for the others.

    The counts themselves become the bytes (SEP counted as 0, a word at
    least once), and one 256-byte table maps each count to its kind: C-level
    passes over the tokens after the Counter, with no Python loop over the
    distinct words. ``itemgetter`` reads every token's count in one call, from
    a plain dict (it reads a Counter's items more slowly).
    """
    cnt = dict(Counter(toks))
    cnt[SEP] = 0
    if k < 256 and len(toks) > 1:  # itemgetter of a single key gives the value, not a tuple
        table = _KIND_TABLES.get(k)
        if table is None:
            table = _KIND_TABLES[k] = bytes([2] + [0] * (k - 1) + [1] * (256 - k))
        try:
            return bytes(itemgetter(*toks)(cnt)).translate(table)
        except ValueError:  # a word used 256 times or more: a count is not a byte
            pass
    code = dict.fromkeys([w for w, v in cnt.items() if v >= k], 1)
    code[SEP] = 2  # SEP ends a run: never part of an n-gram
    return bytes(map(code.get, toks, repeat(0)))


_KIND_TABLES: dict[int, bytes] = {}  # k -> count (a byte) to kind
_SEP_SPACED = f" {SEP} "
LOOKUPS = 32  # offset lookups inside a run before all token offsets are found at once
LONG_SPAN = 6000  # characters: in a longer text the runs' offsets are found once, not per lookup
_TOKEN_RE = re.compile(r"\x00|[^\s\x00]+")  # the tokens of _Tokens.toks: each SEP alone, words between spaces
_RUN_RES: dict[int, re.Pattern] = {}  # n -> n or more b"\x01" (n words used often enough, in a row)


def _may_report(doc, low, tk: _Tokens, c: Compiled, quiet: _Quiet, occurrences, best, flags_of, names) -> bool:
    """Could any use be reported? A necessary condition, tested phrase by phrase, cheapest test first.

    A use is reported only if it is the (max-count + 1)-th or a later use of
    the longest phrase starting there, that phrase passes the tests on its
    words (content words, term, collocation) and is no proper name, and
    ``quiet`` lets it through. Choosing among overlapping phrases (the
    longest first) only drops more uses, so where no use passes these tests
    (most documents: the repeated phrases are the formula at list-item
    openings that repeated-opener reports, or the subject's name) nothing is
    reported and the choosing is skipped. Only without allow-listed words,
    where a phrase's words are weak or not the same way at every use.
    ``flags_of`` and ``names`` keep what was decided, for the choosing.
    """
    toks, stop, late = tk.toks, c.stopwords, c.max_count
    for key, occ in occurrences.items():
        uses = [p for p in occ[late:] if best[p] == key]  # where this phrase is the longest
        if not uses:
            continue
        length = key[0]
        words = toks[occ[0]:occ[0] + length]
        # _weak, inline
        flags = flags_of[key] = [w in stop or w[0].isdigit() or len(w) == 1 for w in words]
        if flags.count(False) < c.min_content:
            continue
        if _term(words, flags):
            if c.ignore_terms:
                continue
        elif c.ignore_collocations and _collocation(words, flags):
            continue
        for p in uses:
            if quiet.at(tk.start_of(p)):
                continue
            if c.ignore_names:
                name = names.get(key)
                if name is None:
                    name = names[key] = _proper_name(doc.text, (tk.spans(q, length) for q in occ), flags)
                if name:
                    break
            a, b = tk.offsets(p, length)
            if not quiet.phrase(Hit(a, b, {"phrase": " ".join(low[a:b].split())}, related=tk.offsets(occ[0], length))):
                return True
    return False


def _check_span(doc, low, start, end, c: Compiled, quiet: _Quiet) -> Iterator[Hit]:
    n = c.min_words
    k = c.max_count + 1
    # words, with SEP wherever punctuation, a list marker or a blank line ends a run
    tk = _Tokens(runs_text(doc), start, end)
    toks = tk.toks
    best: dict[int, tuple[int, int]] = {}  # position -> the longest repeated phrase there, (length, id)
    occurrences: dict[tuple[int, int], list[int]] = {}
    groups = tk.repeated(n, k)  # the uses of each repeated phrase of ``length`` words
    if not groups:
        return
    length = n
    while groups:
        for i, ps in enumerate(groups):
            key = (length, i)  # phrase i of this length
            occurrences[key] = ps
            for p in ps:
                best[p] = key
        if length >= MAX_WORDS:
            break
        # extend by one word: a longer phrase repeats only where its prefix does
        longer = []
        for ps in groups:
            nexts = [toks[p + length] for p in ps]  # toks ends with SEP: every phrase is followed by a token
            # most phrases end here: no word (SEP is none) follows k of the uses
            words = len(ps) - nexts.count(SEP)
            if words < k or len(set(nexts)) - (words < len(ps)) > words - k + 1:
                continue
            ext: dict[str, list[int]] = {}  # next word -> the uses followed by it
            for p, w in zip(ps, nexts):
                if w != SEP:
                    ext.setdefault(w, []).append(p)
            longer += [e for e in ext.values() if len(e) >= k]
        groups = longer
        length += 1
    stop = c.stopwords
    weak = set()
    if c.allow:  # the words of an allow-listed phrase are weak where it occurs
        firsts: dict[str, list] = {}
        for a in c.allow:
            firsts.setdefault(a[0], []).append(a)
        for p, w in enumerate(toks):
            for a in firsts.get(w, ()):
                if tuple(toks[p:p + len(a)]) == a:
                    weak.update(range(p, p + len(a)))
    names: dict[tuple[int, int], bool] = {}
    flags_of: dict[tuple[int, int], list[bool]] = {}
    if not weak and not _may_report(doc, low, tk, c, quiet, occurrences, best, flags_of, names):
        return
    # the longest phrases first; one overlapping a chosen phrase is dropped
    taken: set[int] = set()
    chosen = []
    terms: set[tuple[int, int]] = set()
    for p in sorted(best, key=lambda p: (-best[p][0], p)):
        key = best[p]  # the phrase: its length and n-gram id
        span = range(p, p + key[0])
        if not taken.isdisjoint(span):
            continue
        if weak:
            flags = [q in weak or _weak(toks[q], stop) for q in span]
        else:  # the same words wherever the phrase occurs
            flags = flags_of.get(key)
            if flags is None:
                flags = flags_of[key] = [_weak(toks[q], stop) for q in span]
        if flags.count(False) < c.min_content:
            continue
        if c.ignore_names:
            name = names.get(key)
            if name is None:  # decided once per phrase; spans found lazily, most phrases fail at once
                name = names[key] = _proper_name(
                    doc.text, (tk.spans(q, key[0]) for q in occurrences[key]), flags)
            if name:
                continue
        if key not in terms:
            words = toks[p:p + key[0]]
            if _term(words, flags):  # a term is a name, never a collocation
                if c.ignore_terms:
                    terms.add(key)  # chosen, so it takes its place, and never reported
            elif c.ignore_collocations and _collocation(words, flags):
                continue
        taken.update(span)
        chosen.append(p)
    report = []
    rank: dict[tuple, dict[int, int]] = {}  # key -> {position: its use's number}: one dict per phrase, no index() per use
    for p in sorted(chosen):
        key = best[p]
        L = key[0]
        occ = occurrences[key]
        if key in terms:  # a name for a thing: it keeps its place, so its parts are not reported either
            continue
        nth = rank.get(key)
        if nth is None:
            nth = rank[key] = {q: i for i, q in enumerate(occ)}
        if nth[p] >= c.max_count:
            report.append((p, L, occ))
    firsts: dict[tuple[int, int], tuple[int, int]] = {}  # the first use of each reported phrase, placed once
    for p, L, occ in report:
        a, b = tk.offsets(p, L)
        related = firsts.get((occ[0], L))
        if related is None:
            related = firsts[occ[0], L] = tk.offsets(occ[0], L)
        yield Hit(a, b, {"phrase": " ".join(low[a:b].split()), "count": len(occ)}, related=related)
