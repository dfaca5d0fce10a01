"""Flags a group named one way at first and differently later (naming drift).

No list of group names is involved. A *group mention* is a run of modifier
words ending in a group head noun ("rural bisexual groups", "ethnically
diverse Asian LGBTQ communities"); the run stops at punctuation, function
words (articles, determiners, prepositions, pronouns, auxiliaries), common
verbs and other head nouns, so "these groups", "both communities",
"different groups" and "group members" name nothing and are never compared.
The words before the head noun are the *name*.

The first mention of a name is its **reference**. Every later mention is
aligned word by word with the references (an edit-distance alignment where
spelling variants count as matches) and reported when it names the same
group differently:

- a dropped, added or swapped modifier ("rural Latinx queer" -> "Latinx queer");
- a respelled or cut acronym ("LGBTQ+" -> "LGBT");
- a derived form ("ethnically diverse" -> "ethnic");
- hyphenation or spacing ("non-binary" -> "nonbinary" / "non binary");
- mid-sentence capitalisation ("Deaf" -> "deaf"), never at a sentence start
  or in a heading (a capitalised head noun mid-sentence marks a proper name
  or a title, "Universal Music Group", which is not a mention);
- optionally (``head-change``) a head noun of another class ("groups" ->
  "individuals").

"The same group" means the variant keeps the reference's last name word
(its core, possibly respelled) and at least half of its words, and the
change is not a coordination ("Asian and Deaf" vs "Deaf"). A mention after
"other"/"another" names another group and is skipped; a one-word reference
("LGBTQ+ youth") is only checked for spelling, since adding a word to it
names a subgroup ("Black LGBTQ+ youth"). A singular/plural change of the
head noun alone is never reported.

Acronyms, hyphenated words and two-word capitalised names ("Arab American")
of a reference are also tracked as *terms*: a later standalone respelling
("LGBT rights", "identify as nonbinary", "Arab-American culture") is
reported too, even without a head noun.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from essaylint.kinds import Hit, Option
from essaylint.kinds._repetition import lowered

SUMMARY = "a group named one way at first and differently later in the same document"
SCOPES = ("document",)

DEFAULT_HEADS = [
    "group", "groups", "community", "communities", "population", "populations",
    "network", "networks", "circle", "circles", "individual", "individuals",
    "people", "peoples", "person", "persons", "member", "members", "family", "families",
    "student", "students", "youth", "youths", "participant", "participants", "folks",
    "women", "men", "adults", "teens", "teenagers", "children", "kids", "residents", "workers",
    "immigrants", "refugees", "elders", "seniors", "parents", "veterans", "employees", "patients",
    "voters", "citizens", "neighbors", "neighbours",
]
DEFAULT_CLASSES = [
    ["group", "groups", "community", "communities", "population", "populations",
     "network", "networks", "circle", "circles", "peoples"],
    ["individual", "individuals", "people", "person", "persons", "member", "members",
     "participant", "participants", "folks"],
    ["women", "men", "adults", "teens", "teenagers", "children", "kids", "youth", "youths"],
]

OPTIONS = {
    "head-nouns": Option("str-list", DEFAULT_HEADS, "nouns that end a group mention (singular and plural)"),
    "head-classes": Option("str-list-list", DEFAULT_CLASSES,
                           "head nouns that name the same kind of thing (a change inside a class is never reported)"),
    "weak-heads": Option("str-list", ["network", "networks", "circle", "circles"],
                         "head nouns that end a mention compared with a reference but never start one "
                         "(\"neural networks\" is no group)"),
    "head-change": Option("bool", False, "also report a head noun changed to one of another class"),
    "stop-words": Option("str-list", [], "extra words that end a name (added to the built-in function words)"),
    "min-reference-words": Option("int", 2, "a reference needs this many name words before modifier changes count",
                                  min=1, max=10),
    "core-swap-support": Option("int", 2, "a different last name word ('asexual' -> 'ace') counts only when this "
                                "many other name words match", min=1, max=10),
    "terms": Option("bool", True, "also report standalone respellings of a reference's acronyms and compounds"),
}
FIELDS = ("variant", "reference", "line", "change")

# Function words: a name never contains one. Closed classes, not group names.
_FUNCTION = """
a an the this that these those their our its his her my your whose which what who whom
each every all both some many most several various different other another any no none few
more less fewer certain same such own entire whole numerous multiple countless
new current existing potential future former prospective key main specific particular similar
additional fellow respective typical average
of in for from between among amongst with within without to by on at into onto about across
like including toward towards through throughout against over under around beyond than
upon via versus vs per despite among amid behind beside besides near
and or but nor so yet if while because although though whether when where how why
i you he she it we they me him us them myself yourself themselves ourselves
is are was were be been being am do does did done have has had having
can could will would shall should may might must
not also often even still only just very too especially particularly
here there then now today always never sometimes already
together up out down away back off apart alike closer forward
one two three four five six seven eight nine ten dozens hundreds thousands millions
help support empower connect serve reach engage include involve affect impact benefit
protect welcome invite bring give offer provide allow enable encourage unite target
represent harm attract assist educate train teach mentor inspire motivate join meet
build create form lead organize mobilize exclude oppress integrate celebrate honor
say says said understand know see hear treat respect value recognize ask tell show make let get keep
become remain leave find consider call address study visit attend host fund amplify
uplift strengthen foster promote bridge break challenge share learn discuss reflect
""".split()
_VERB_BEFORE = frozenset(
    "can could will would shall should may might must to i you we they it he she who that which "
    "do does did not also often".split())
_AND = frozenset(("and", "or", "&"))
_INSIDE = _AND | {"as"}  # function words a name may contain
_OTHER = frozenset(("other", "another", "others", "non"))
_KEEP_S = ("ss", "us", "is", "ous")


def _stem_verb(w: str) -> list[str]:
    out = []
    for suf in ("ing", "ed"):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            b = w[: -len(suf)]
            out += [b, b + "e"]
            if len(b) > 2 and b[-1] == b[-2]:
                out.append(b[:-1])
            if b.endswith("i"):
                out.append(b[:-1] + "y")
    return out


class Compiled:
    __slots__ = ("head_list", "core_swap", "heads", "weak", "head_class", "head_change", "stop", "min_ref",
                 "terms", "word_re", "head_res", "name_word", "chunks", "compared", "relations", "shapes",
                 "after", "walks")


def compile(options: dict) -> Compiled:
    import regex

    heads = {h.casefold() for h in options["head-nouns"]}
    if not heads:
        raise ValueError("option 'head-nouns': give at least one head noun")
    c = Compiled()
    c.weak = frozenset(h.casefold() for h in options["weak-heads"])
    c.heads = frozenset(heads) | c.weak
    c.head_class = {}
    for i, cls in enumerate(options["head-classes"]):
        for h in cls:
            c.head_class[h.casefold()] = i
    c.head_change = options["head-change"]
    c.core_swap = options["core-swap-support"]
    c.stop = frozenset(_FUNCTION) | {w.casefold() for w in options["stop-words"]}
    c.min_ref = options["min-reference-words"]
    c.terms = options["terms"]
    c.word_re = regex.compile(_WORD)
    c.head_list = tuple(sorted(c.heads))
    c.head_res = _head_patterns(c.heads)
    c.name_word = {}  # word -> _name_word (words recur across documents)
    c.chunks = {}  # white-space chunk -> _chunk_kind
    c.compared = {}  # see _compare_cached
    c.relations = {}  # word pair -> _relation (the memo of _align)
    c.shapes = {}  # see _find_mentions
    c.after = {}  # a head and the text after it -> (head's length, _after_ends)
    c.walks = {}  # the 40 characters before a head -> (name start - head start, key of c.shapes), see _find_mentions
    return c


def _head_patterns(heads) -> tuple | None:
    """Regexes for head nouns after a space (or a line break, see _find_heads) or other white space; None: str.find.

    A head matters only after white space (a name must stand before it), so
    the scan for the common case is a literal-prefixed regex (" " + a trie of
    the heads), several times faster than one str.find per head. The trie
    matches the longest head at a place; with heads made of letters and
    digits only, a shorter head there would end inside the longer one and
    fail the word-boundary test, so nothing is lost (other heads: str.find).
    """
    if not all(h.isalnum() for h in heads):
        return None
    # not followed by a letter, digit or hyphen: [^\W_] is str.isalnum() in the standard library's re
    trie = _trie(sorted(heads))
    end = r"(?![^\W_]|-)"
    # in ASCII text the same test is an ASCII class, which the standard library's re scans about half again as
    # fast; the space-prefixed scan (tried at every space) also leaves out the group: a match is " " + the head
    end_ascii = r"(?![A-Za-z0-9-])"
    other = "[" + re.escape("".join(ch for ch in _SPACES if ch not in " \n")) + "]"
    return (re.compile(" " + trie + end), re.compile(other), re.compile(other + trie + end),
            re.compile(" (?:" + trie[1:-1] + ")" + end_ascii))


# every character str.isspace() accepts (tests/test_naming.py checks the list)
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
           "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _other_ascii_space(text: str) -> bool:
    """Does ASCII text hold white space other than " " and a line break? (str.__contains__: a memchr each)"""
    return ("\t" in text or "\x0b" in text or "\x0c" in text or "\r" in text or "\x1c" in text or "\x1d" in text
            or "\x1e" in text or "\x1f" in text)


def _trie(words: list[str]) -> str:
    """One regex alternation for the words, shared prefixes factored ("group(?:s)?")."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return "(" + emit(tree) + ")"


# ------------------------------------------------------------------ words
class _Word:
    __slots__ = ("start", "end", "text", "low", "norm", "acronym", "joined", "initial", "heading")

    def __init__(self, start, end, text, joined, initial, heading):
        self.start, self.end, self.text = start, end, text
        facts = _FACTS.get(text)
        if facts is None:
            facts = _facts(text)
        self.low, self.norm, self.acronym = facts
        self.joined = joined  # only whitespace (at most one line break) before it
        self.initial = initial  # starts a sentence, line or list item
        self.heading = heading


MEMO_SIZE = 50_000  # entries in each process-wide or per-rule memory below


def _remember(memo: dict, key, value):
    """``memo[key] = value``, emptying ``memo`` first when it holds MEMO_SIZE entries: bounded, so a long
    run over varied text does not grow without end. Returns ``value``."""
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


_FACTS: dict[str, tuple[str, str, bool]] = {}  # word -> (casefolded, without hyphens/apostrophes, acronym?)


def _facts(text: str) -> tuple[str, str, bool]:
    """What a word's spelling alone says, remembered for the process (words recur across documents)."""
    low = text.casefold()
    facts = (low, low.replace("-", "").replace("'", "").replace("’", ""),
             (text[:1].isupper() or text[:1].isdigit()) and _is_acronym(text))
    _remember(_FACTS, text, facts)
    return facts


def _word(text: str, s: int, e: int, prev_end: int | None) -> _Word:
    """A word with the facts about the gap before it (None: unknown, a boundary)."""
    if prev_end is None:
        joined, initial = False, True
    else:
        gap = text[prev_end:s]
        stripped = gap.strip()
        joined = not stripped.strip("*_") and gap.count("\n") <= 1  # Markdown emphasis is transparent
        initial = "\n" in gap or (bool(stripped) and stripped[-1] in ".!?:;\"“”*#>|(") or (
            "." in gap and text[prev_end - 1:prev_end].isdigit())
    return _Word(s, e, text[s:e], joined, initial, False)


def _in_heading(text: str, s: int) -> bool:
    ls = text.rfind("\n", 0, s) + 1
    return text[ls:ls + 4].lstrip(" ").startswith("#")


def _find_heads(text: str, c: Compiled) -> list[tuple[int, int]]:
    """Spans of lower-case head nouns on word boundaries, each right after white space.

    A capitalised head is either a sentence start (no name before it) or part
    of a proper name ("Music Group"), so lower case is all that is needed; a
    head not after white space has no name before it.
    """
    res = c.head_res
    if res is None:
        n = len(text)
        out = []
        find = text.find
        for h in c.head_list:
            size = len(h)
            i = find(h)
            while i != -1:
                e = i + size
                if i > 0 and text[i - 1].isspace() and (e >= n or not (text[e].isalnum() or text[e] == "-")):
                    out.append((i, e))
                i = find(h, e)
        out.sort()
        return out
    space, other, other_head, space_ascii = res
    # a head after a line break is one after a space in the text with its line breaks made spaces (the same
    # offsets; the test after the head reads either as a non-word character): one scan finds both
    spaced = text.replace("\n", " ") if "\n" in text else text
    if text.isascii():
        out = [(s + 1, e) for s, e in map(_span, space_ascii.finditer(spaced))]
        more = _other_ascii_space(text)
    else:
        out = [m.span(1) for m in space.finditer(spaced)]
        more = other.search(text)
    if more:
        out += [m.span(1) for m in other_head.finditer(text)]
        out.sort()
    return out


_span = re.Match.span


def _name_before(text: str, hs: int, stop: frozenset) -> bool:
    """Can the word right before the head end a name? ("these groups", "many people": no)."""
    prev = text[max(0, hs - 40):hs]
    kept = prev.rstrip()
    if not prev[-1:].isspace() or prev.count("\n", len(kept)) > 1:
        return False
    last = prev.rsplit(None, 1)[-1].rstrip("*_") if kept else ""
    return bool(last) and (last[-1].isalnum() or last[-1] == "+") and last.casefold() not in stop


_WORD = r"\w+(?:[-'’]\w+)*\+*"  # a word: letters or digits, inner hyphens or apostrophes, a trailing "+"
_WORD_ASCII = re.compile(_WORD)
# a white-space-delimited chunk that is exactly one word of ``_WORD``, in ASCII
_PLAIN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*\+*").fullmatch
_NOT_PLAIN, _NAME_PART, _ENDS_RUN, _STOP_INSIDE = range(4)  # what a chunk is, for _walk_plain


def _chunk_kind(chunk: str, c: Compiled) -> int:
    if not _PLAIN(chunk):
        kind = _NOT_PLAIN
    else:
        low = chunk.casefold()
        kind = _NAME_PART if low not in c.stop else _STOP_INSIDE if low in _INSIDE else _ENDS_RUN
    _remember(c.chunks, chunk, kind)
    return kind


def _walk_plain(text: str, hs: int, he: int, c: Compiled):
    """The walk of ``_window`` (with the ``_name_before`` test) for the common case, from white-space chunks.

    Where the words before the head are plain chunks (letters, digits,
    inner hyphens or apostrophes, a trailing "+") separated by white space,
    each chunk is one word and every gap is white space, so the walk back
    from the head gives what ``_window`` gives, with a str.rsplit instead of
    tokenising the window. Returns what ``_walk_on`` returns for the window's
    words left to right, () when there is no name, None when the shortcut does not
    apply (punctuation inside a run, a chunk at the window's edge, non-ASCII
    letters): then the general path decides.
    """
    if _no_name_near(text[hs - 40 if hs > 40 else 0:hs], c):
        return ()
    return _walk_on(text, hs, c)


def _walk_on(text: str, hs: int, c: Compiled):
    """``_walk_plain`` after its first test (``_no_name_near``) has passed.

    Returns (start of the first chunk, chunks, their starts), the starts
    None where one space separates each chunk from the next (they follow
    from the first and the chunks' lengths): the walk reads the chunks'
    kinds only, and where they stand is found afterwards, by one comparison
    in the common case.
    """
    kinds = c.chunks
    ws = hs - 100 if hs > 100 else 0
    parts = text[ws:hs].rsplit(None, _MAX_NAME)
    idx = len(parts) - 1
    chunk = parts[idx]
    kind = kinds.get(chunk)
    if kind is None:
        kind = _chunk_kind(chunk, c)
    if not kind:
        return None
    # the head follows white space (_find_heads): one character of it, or the chunk is further back
    le = hs - 1
    ls = le - len(chunk)
    if text[ls:le] != chunk:
        ls = text.rfind(chunk, ws, hs)
        le = ls + len(chunk)
        if ls < hs - 40:
            return None  # _name_before looks 40 characters back: let it decide
        if text.count("\n", le, hs) > 1:
            return ()  # a head after a blank line: no name
    elif ls < hs - 40:
        return None
    if kind != _NAME_PART:
        return ()  # "these groups", "many people": no name
    chunks = [chunk]
    # at most _MAX_NAME chunks (parts[0] may then be the rest, unsplit); a function word is the word before the name
    lo = idx + 1 - _MAX_NAME if idx >= _MAX_NAME else 0
    while idx > lo and kind != _ENDS_RUN:
        idx -= 1
        chunk = parts[idx]
        kind = kinds.get(chunk)
        if kind is None:
            kind = _chunk_kind(chunk, c)
        if not kind:
            ch = chunk[-1]
            if ch < "\x80" and not (ch.isalnum() or ch in "_+"):
                break  # punctuation before the word: it starts the run
            return None
        chunks.append(chunk)
    chunks.reverse()
    # Mostly one space separates the chunks: then the text before the last one's end reads them joined by
    # spaces, and one comparison places them all (a chunk holds no white space, so nothing else reads so)
    name = " ".join(chunks)
    s0 = le - len(name)
    if text[s0:le] == name:
        starts = None
    else:  # each found by searching back from the next
        starts = [ls]
        for k in range(len(chunks) - 2, -1, -1):
            starts.append(text.rfind(chunks[k], 0, starts[-1]))
        starts.reverse()
        s0 = starts[0]
    if not idx:  # the window's first word: never judged, as in _window
        if s0 == ws and ws and (text[ws - 1].isalnum() or text[ws - 1] in "-'’"):
            return None  # a word cut by the window's edge
    return s0, chunks, starts


def _no_name_near(near: str, c: Compiled) -> bool:
    """The first test of ``_walk_plain``: do the 40 characters before the head already say "no name"?"""
    near = near.rsplit(None, 1)  # what _name_before reads first
    if not near:
        return True  # only white space before the head
    kind = c.chunks.get(near[-1])
    if kind is None:
        kind = _chunk_kind(near[-1], c)
    if kind == _ENDS_RUN or kind == _STOP_INSIDE:
        return True  # "these groups", "many people": a plain function word, as _name_before sees it
    if not kind:
        ch = near[-1][-1]
        if ch < "\x80" and not (ch.isalnum() or ch in "+*_"):
            return True  # "Crucially, groups": punctuation before the head, as _name_before sees it
    return False


def _window_plain(text: str, hs: int, he: int, c: Compiled):
    """``_window`` (with the ``_name_before`` test) for the common case: see ``_walk_plain``.

    None: take the general path; (): no name; else (words, index of the head).
    """
    got = _walk_plain(text, hs, he, c)
    if not got:
        return got
    s0, chunks, starts = got
    return _all_plain_words(text, s0, chunks, starts, hs, he, _next_word(text, he, c)), len(chunks)


def _all_plain_words(text, s0, chunks, starts, hs, he, nxt) -> list[_Word]:
    """A plain window's words, the head and the word after it: what ``_window`` returns for it."""
    words = _plain_words(text, s0, chunks, starts, hs, he)
    if nxt is not None:
        words.append(_word(text, nxt[0], nxt[1], he))
    return words


def _next_word(text: str, he: int, c: Compiled) -> tuple[int, int] | None:
    """The span of the first word within 30 characters after the head."""
    # in ASCII text the standard library's \w is the regex module's, and faster to call
    m = (_WORD_ASCII if text.isascii() else c.word_re).search(text, he, min(len(text), he + 30))
    return None if m is None else m.span()


def _plain_words(text: str, s0: int, chunks: list[str], starts: list[int] | None, hs: int, he: int) -> list[_Word]:
    """The words of a plain window (as ``_walk_on`` gives it), then the head (what _word would say of each)."""
    e = s0 + len(chunks[0])
    words = [_Word(s0, e, chunks[0], False, True, False)]
    if starts is None:  # one space between words: joined, none starts a line
        for x in chunks[1:]:
            s = e + 1
            e = s + len(x)
            words.append(_Word(s, e, x, True, False, False))
    else:
        count = text.count
        for j in range(1, len(chunks)):
            s = starts[j]
            n = count("\n", e, s)
            e = s + len(chunks[j])
            words.append(_Word(s, e, chunks[j], n <= 1, n > 0, False))
    n = (text[e] == "\n") if hs == e + 1 else text.count("\n", e, hs)
    words.append(_Word(hs, he, text[hs:he], n <= 1, n > 0, False))
    return words


def _find_mentions(doc, c: Compiled) -> list[_Mention]:
    """Every group mention of the document, in order.

    Only the few words before each head noun can name a group, so only they
    are read: the check stays cheap on long text. Three process-wide
    memories, each keyed on text that determines what it stores, make a
    head met again cost a few dict look-ups:

    - ``c.walks``: the 40 characters before a head -> where the name starts
      (relative to the head) and its ``c.shapes`` key, or () for "no name".
      Stored only when ``_walk_plain`` decided inside those 40 characters
      (from their last word alone, or stopping at a whole function word or
      at punctuation inside them), so they determine its result.
    - ``c.after``: the head and the 12 characters after it -> ``_after_ends``
      (see there).
    - ``c.shapes``: the name's text up to the head, with the class of the
      function word before it and the line breaks after that word (what
      ``_mention_shape`` reads of them) -> the ``_Template`` of the name
      (None: no mention). It does not depend on the head noun, so "rural
      Latinx groups" and "rural Latinx circles" share one.

    A mention's words are only built when they are compared for the first
    time or reported.
    """
    text = doc.text
    out: list[_Mention] = []
    shapes = c.shapes
    kinds = c.chunks
    walks = c.walks
    hashes = "#" in text  # no "#": no heading (see _in_heading)
    after = c.after
    for hs, he in _find_heads(text, c):
        near = text[hs - 40 if hs > 40 else 0:hs]
        known = walks.get(near)
        if known:
            got = after.get(text[hs:he + 12])  # _after_ends, remembered
            if got is not None and got[0] == he - hs:
                if got[1]:
                    continue
            elif _after_ends(text, hs, he, c):
                continue
            base = hs + known[0]
            t = shapes.get(known[1], shapes)
            if t is not shapes:
                if t is not None:
                    out.append(_Mention(t, base, hs, he, hashes and _in_heading(text, hs), text))
                continue
        if known is None:
            if _no_name_near(near, c):
                _remember(walks, near, ())
                continue
            got = _walk_on(text, hs, c)
            if got is None:
                if _name_before(text, hs, c.stop):
                    words, i = _window(text, hs, he, c)
                    _mentions(text, words, i, c, out)
                continue
            if not got:
                continue
            s0, chunks, starts = got
        elif not known:
            continue
        if known is not None:
            base = hs + known[0]
            key = known[1]
        else:
            first = chunks[0]
            if len(chunks) > 1 and kinds.get(first) == _ENDS_RUN:
                # a function word before the name: only its class and the line breaks after it matter
                if starts is None:
                    base = s0 + len(first) + 1
                    n = 0
                else:
                    base = starts[1]
                    n = text.count("\n", s0 + len(first), base)
                key = (_BEFORE.get(first.casefold(), 0), n if n < 2 else 2, text[base:hs])
                f = s0
                if f > 0 and f - 1 >= hs - 40 and text[f - 1].isspace():
                    # the walk stopped at a whole word inside ``near``: it read nothing else
                    _remember(walks, near, (base - hs, key))
            else:
                base = s0
                key = (None, 0, text[base:hs])
                lo = hs - 40 if hs > 40 else 0
                p = lo + len(text[lo:base].rstrip()) - 1
                if p >= lo and text[p] < "\x80" and not (text[p].isalnum() or text[p] in "_+"):
                    # the walk stopped at punctuation inside ``near``: it read nothing before it
                    _remember(walks, near, (base - hs, key))
        if _after_ends(text, hs, he, c):
            continue  # "group members", "community tax": the later noun is the head
        t = shapes.get(key, shapes)
        if t is shapes:
            if known is not None:
                s0, chunks, starts = _walk_on(text, hs, c)
            words = _plain_words(text, s0, chunks, starts, hs, he)  # _after_ends has judged the word after
            i = len(chunks)
            shape = _mention_shape(words, i, c)
            t = None if shape is None else _template(words[shape[0]:i], shape[1], shape[2], base)
            _remember(shapes, key, t)
        if t is not None:
            out.append(_Mention(t, base, hs, he, hashes and _in_heading(text, hs), text))
    return out


# what _mention_shape makes of the word before a name (see its use of ``before``); 0: nothing
_BEFORE = {**{w: 1 for w in _VERB_BEFORE}, **{w: 2 for w in _OTHER}, "the": 3}


def _after_ends(text: str, hs: int, he: int, c: Compiled) -> bool:
    """_mention_shape's test of the word joined after the head: is that word the head instead?

    It reads the head's and that word's spellings only, so it is remembered
    under the text from the head to 12 characters after it whenever the
    word (and the character after it) ends inside those 12 characters.
    """
    key = text[hs:he + 12]
    got = c.after.get(key)
    if got is not None and got[0] == he - hs:
        return got[1]
    nxt = _next_word(text, he, c)
    ends = False
    if nxt is not None:
        gap = text[he:nxt[0]]
        if not gap.strip().strip("*_") and gap.count("\n") <= 1:  # _word's "joined"
            # w.low in c.heads or not _plural(head) and _name_word(w, c), without a _Word when its facts are known
            x = text[nxt[0]:nxt[1]]
            facts = _FACTS.get(x)
            if (facts[0] if facts is not None else x.casefold()) in c.heads:
                ends = True
            elif not _plural(text[hs:he].casefold()):
                got = c.name_word.get(x)
                if got is None:
                    got = _name_word(_Word(0, 0, x, True, False, False), c)
                ends = got == 1  # _name_word's 2 (only right before a head) is 0 here
        if nxt[1] + 1 < he + 12 and nxt[1] + 1 < len(text):
            _remember(c.after, key, (he - hs, ends))
    return ends


def _window(text: str, hs: int, he: int, c: Compiled):
    """(words, index of the head) for the head at [hs, he): the general path."""
    ws = max(0, hs - 100)  # a name of up to about a dozen words
    spans = [x.span() for x in c.word_re.finditer(text, ws, hs)]
    k = len(spans)
    spans.append((hs, he))
    nxt = c.word_re.search(text, he, min(len(text), he + 30))
    if nxt is not None:
        spans.append(nxt.span())
    lo = k - 1 if k else 0  # no word before the head ("+ youth": a "+" bullet): no name, head at 0
    stop = c.stop
    while lo > 0 and k - lo < _MAX_NAME:
        s, e = spans[lo]
        low = text[s:e].casefold()
        if low in stop and low not in _INSIDE or text[spans[lo - 1][1]:s].strip():
            break  # the word before the name (kept for its "before" facts) or punctuation
        lo -= 1
    if lo == 0 and spans[0][0] > 0 and (text[spans[0][0] - 1].isalnum() or text[spans[0][0] - 1] in "-'’"):
        lo = 1  # a word cut by the window edge
    words = []
    prev_end = None
    for s, e in spans[lo:k + 2]:
        words.append(_word(text, s, e, prev_end))
        prev_end = e
    return words, k - lo


_MAX_NAME = 12


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 1000)  # a bounded look back: rfind over the whole prefix would be quadratic
    nl = text.rfind("\n", lo, pos)
    a = nl if nl > lo else lo  # a sentence end before the line's start cannot be the latest
    return max(text.rfind(". ", a, pos), text.rfind("! ", a, pos), text.rfind("? ", a, pos), nl, lo)


def _is_acronym(t: str) -> bool:
    if not (t[:1].isupper() or t[:1].isdigit()) or not t[1:2].isupper() and not t[1:2].isdigit():
        return False
    core = t.rstrip("+")
    letters = [ch for ch in core if ch.isalpha()]
    return (len(letters) >= 2 or len(core) >= 2 and core[0].isdigit()) and all(ch.isupper() for ch in letters)


def _name_word(w: _Word, c: Compiled, before_head: bool = False) -> int:
    """1 if w can be part of a name, 0 if not, 2 if only as the word before the head ("trans")."""
    got = c.name_word.get(w.text)
    if got is None:
        got = _remember(c.name_word, w.text, _name_word_of(w, c))
    return got if before_head or got != 2 else 0


def _name_word_of(w: _Word, c: Compiled) -> int:
    """_name_word with ``before_head``: it depends on the word's spelling and the options only."""
    low = w.low
    if low in c.stop or low in c.heads or not any(ch.isalpha() for ch in low):
        return 0
    if low.endswith(("'s", "’s", "s'")):
        return 0  # a possessive ends the phrase before it
    if not _is_acronym(w.text) and "-" not in low and low.endswith("s") and not low.endswith(_KEEP_S):
        # plural nouns and 3rd-person verbs are not modifiers ("helps people"); right before
        # the head it may be one ("trans"): such a mention is only compared, never a reference
        return 2
    if low.endswith(("ing", "ed")) and any(b in c.stop for b in _stem_verb(low)):
        return 0  # "supporting", "helped"
    return 1


class _Template:
    """What the name words of a mention say, apart from where they stand and which head follows them.

    Shared by the mentions whose text from the first word to the head reads
    the same. ``words`` holds (start, end, text, joined, initial) per name
    word, offsets relative to a base offset the mention supplies; ``the``:
    the name follows "the" (see ``_spelling_only``); ``keys`` are the index
    keys (``_keys``), ``ck``/``ck_heading`` the words' part of
    ``_compare_cached``'s key outside and inside a heading, ``terms`` what
    of the words ``_term_hits`` tracks (acronyms, hyphenated words, two
    capitalised words). ``words`` and ``terms`` are made from the first
    mention's words (``_name``, at offset ``_base``) when first read: most
    names are never compared, and only references' terms are tracked.
    """
    __slots__ = ("name", "start", "end", "the", "tentative", "keys", "_name", "_base", "_words", "_ck",
                 "_ck_heading", "_terms")

    @property
    def words(self) -> tuple:
        try:
            return self._words
        except AttributeError:
            b = self._base
            got = self._words = tuple([(w.start - b, w.end - b, w.text, w.joined, w.initial) for w in self._name])
            return got

    @property
    def terms(self) -> tuple:
        try:
            return self._terms
        except AttributeError:
            got = self._terms = _terms(self._name, self._base, self.name)
            return got

    @property
    def ck(self) -> tuple:
        """(text, initial) of each name word: made when the name is first compared (most never are)."""
        try:
            return self._ck
        except AttributeError:
            got = self._ck = tuple([(x[2], x[4]) for x in self.words])
            return got

    @property
    def ck_heading(self) -> tuple:
        try:
            return self._ck_heading
        except AttributeError:
            got = self._ck_heading = tuple([(x[2], True) for x in self.words])
            return got


def _template(name: list[_Word], the: bool, tentative: bool, base: int) -> _Template:
    t = _Template()
    t._name, t._base = name, base
    t.name = joined = " ".join([w.text for w in name])
    t.start, t.end = name[0].start - base, name[-1].end - base
    t.the, t.tentative = the, tentative
    t.keys = _keys(name, "+" in joined)
    return t


def _terms(name: list[_Word], base: int, joined: str) -> tuple:
    """The terms of name words ``name`` (at offset ``base``, reading ``joined``), for ``_Template.terms``."""
    if joined.isascii() and not _TERM_MARK(joined):
        # no capital, digit or hyphen: no acronym (it opens with a capital or a digit), no hyphenated
        # word and no two capitalised words, so nothing for _term_hits (most names: one C call)
        return ()
    terms = []  # what _term_hits tracks, in its order: (acronym?, start, end, text, spelling key, parts)
    last = len(name) - 1
    for k, w in enumerate(name):
        x = w.text
        if w.acronym:
            terms.append((True, w.start - base, w.end - base, x, None, None))
        elif "-" in x:
            terms.append((False, w.start - base, w.end - base, x, w.norm, tuple(x.split("-"))))
        if k < last and not w.initial and _capitalised(x):
            nxt = name[k + 1]
            y = nxt.text
            if _capitalised(y):
                # a capitalised name in two words: "Arab American" (respelled "Arab-American")
                terms.append((False, w.start - base, nxt.end - base, f"{x} {y}", w.norm + nxt.norm, (x, y)))
    return tuple(terms)


# in an ASCII name, a character some term of _template needs: a capital, a digit or a hyphen
_TERM_MARK = re.compile(r"[-A-Z0-9]").search


def _spelling_only(the: bool, head: str) -> bool:
    """Is a mention only checked for spelling? "the LGBTQ+ community" (one community, singular) is."""
    return the and not head.endswith("s") and head not in ("people", "youth", "folks")


class _Mention:
    """A group mention: its name's ``_Template`` at offset ``base``, the head at [hs, he).

    Its words, head word and sentence start are built when first read.
    """
    __slots__ = ("t", "base", "hs", "he", "head_low", "spelling_only", "heading", "text", "name", "_words", "_sentence")

    def __init__(self, t: _Template, base: int, hs: int, he: int, heading: bool, text: str):
        self.t, self.base, self.hs, self.he, self.heading, self.text, self.name = t, base, hs, he, heading, text, t.name
        self.head_low = low = text[hs:he].casefold()
        self.spelling_only = t.the and _spelling_only(True, low)

    @property
    def words(self) -> list[_Word]:
        try:
            return self._words
        except AttributeError:
            b, h = self.base, self.heading
            ws = self._words = [_Word(b + s, b + e, x, j, i, h) for s, e, x, j, i in self.t.words]
            return ws

    @property
    def head(self) -> _Word:
        return _word(self.text, self.hs, self.he, self.end)

    @property
    def sentence(self) -> int:
        try:
            return self._sentence
        except AttributeError:
            got = self._sentence = _sentence_start(self.text, self.hs)
            return got

    @property
    def start(self) -> int:
        return self.base + self.t.start

    @property
    def end(self) -> int:
        return self.base + self.t.end

    @property
    def tentative(self) -> bool:
        return self.t.tentative

    @property
    def ck(self) -> tuple:
        return self.t.ck_heading if self.heading else self.t.ck


def _mentions(text: str, words: list[_Word], i: int, c: Compiled, out: list) -> None:
    """Append the group mention ending at head ``words[i]`` (if there is one) to ``out``."""
    got = _mention_shape(words, i, c)
    if got is not None:
        j, the, tentative = got
        base = words[j].start
        head = words[i]
        out.append(_Mention(_template(words[j:i], the, tentative, base), base, head.start, head.end,
                            _in_heading(text, head.start), text))


def _mention_shape(words: list[_Word], i: int, c: Compiled):
    """(first name word's index, after "the"?, tentative) of the mention ending at head ``words[i]``, or None.

    It reads the words' spellings and their joined/initial flags only (never
    offsets or the text around them), which is what lets ``_find_mentions``
    remember it; of the head it reads only whether it is joined and
    capitalised (``_find_heads`` gives lower-case heads) and, with the word
    after it, what ``_after_ends`` says.  The spelling_only flag is
    ``_spelling_only`` of the second value and the head.
    """
    w = words[i]
    if i == 0 or not w.joined:
        return
    nxt = words[i + 1] if i + 1 < len(words) and words[i + 1].joined else None
    if nxt is not None and (nxt.low in c.heads or not _plural(w.low) and _name_word(nxt, c)):
        return  # "group members", "community tax": the later noun is the head
    if w.text[:1].isupper() and not w.initial:
        return  # "Universal Music Group", "Staff Members On ...": a proper name or a title
    j = i
    tentative = False
    while j > 0 and words[j].joined:
        p = words[j - 1]
        if p.low in _AND:
            # inside a name only between two name words: "Asian and Deaf"
            if j - 2 >= 0 and p.joined and _name_word(words[j - 2], c) and j < i:
                j -= 1
                continue
            break
        if p.low == "as":
            # "identifying as non-binary": as after a participle
            if j - 2 >= 0 and p.joined and words[j - 2].low.endswith(("ing", "ed")) and _name_word(words[j - 2], c):
                j -= 1
                continue
            break
        ok = _name_word(p, c, j == i)
        if not ok:
            break
        if ok == 2:
            tentative = True
        j -= 1
        if p.initial:
            break
    while j < i and (words[j].low in _AND or words[j].low == "as"):
        j += 1
    before = words[j - 1].low if j > 0 and words[j].joined else ""
    if before in _VERB_BEFORE and j < i and words[j].text.islower() and "-" not in words[j].text:
        j += 1  # "can influence young people", "to support rural families": a verb, not a modifier
    if j == i:
        return
    if before in _OTHER:
        return
    return j, before == "the", tentative


# ------------------------------------------------------------------ comparing
_NEGATIONS = frozenset(("non", "anti", "un", "not"))
_SUFFIXES = ("ically", "ally", "ical", "ly", "ic", "al", "s")


@functools.lru_cache(maxsize=MEMO_SIZE)
def _stem(n: str) -> str:
    for suf in _SUFFIXES:
        if n.endswith(suf) and len(n) - len(suf) >= 4:
            return n[: -len(suf)]
    return n


def _relation(a: _Word, b: _Word) -> str | None:
    """How word b (variant) relates to word a (reference), or None."""
    if a.text == b.text:
        return "same"
    if a.low == b.low:
        # capitalisation counts only mid-sentence, outside headings, in both places
        if a.initial or b.initial or a.heading or b.heading:
            return "same"
        return "case"
    ta, tb = a.text, b.text
    if a.acronym and b.acronym:
        x, y = ta.rstrip("+"), tb.rstrip("+")
        if x == y or min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)):
            return "acronym"  # LGBT / LGBTQ / LGBTQ+ / LGBTQIA+; never AI / AIDS
        return None
    na, nb = a.norm, b.norm
    if na == nb:
        return "spelling"
    if na[:2] != nb[:2] and "-" not in a.low and "-" not in b.low:
        # every relation below needs a shared start (a stem, a prefix, a SequenceMatcher match after the same
        # four letters) or a hyphen ("ethnically-diverse" / "diverse"): most word pairs have neither
        return None
    if len(na) >= 4 and len(nb) >= 4 and _stem(na) == _stem(nb):
        return "derived"
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    if len(short) >= 2 and long_.startswith(short) and not a.acronym and not b.acronym:
        if long_[len(short):] in _SUFFIXES or len(short) >= 4 and long_[len(short):] in ("ish", "n"):
            return "derived"  # not "er"/"est": "younger children" are not "young children" respelled
        return "similar" if len(long_) >= 2 * len(short) else None  # a clipping: "trans", "bi"
    pa, pb = a.low.split("-"), b.low.split("-")
    if pa[0] in _NEGATIONS or pb[0] in _NEGATIONS:
        return None  # "non-Jewish" is the other group
    if len(pa) > 1 and pb[-1] == pa[-1] and len(pb) < len(pa) or len(pb) > 1 and pa[-1] == pb[-1] and len(pa) < len(pb):
        return "similar"
    if len(short) >= 5 and na[:4] == nb[:4]:
        from difflib import SequenceMatcher

        if SequenceMatcher(None, na, nb).ratio() >= 0.75:
            return "similar"  # "Latinx" / "Latino", "neurodivergent" / "neurodiverse"
    return None


_MATCH = ("match", 1, 1, "same")
_SWAP = ("swap", 1, 1, None)
_SPLIT = ("respell", 1, 2, "spelling")  # one reference word written as two ("nonbinary" / "non binary")
_JOIN = ("respell", 2, 1, "spelling")
_DROP = ("drop", 1, 0, None)
_ADD = ("add", 0, 1, None)


def _align(ref: list[_Word], var: list[_Word], memo: dict):
    """Edit-distance alignment; returns ops [(op, ref words, var words, relation)].

    ``memo`` caches word relations (the same words meet again and again).
    The alignment depends only on the words' relations (row by row), which
    reference words are two variant words run together and the other way
    round (``_align_path``): that path is remembered for the process, and
    names never seen before mostly relate as names seen before do.
    """
    rels = []
    vk = [(b, b.text, b.initial or b.heading) for b in var]  # what the memo's key reads of each variant word
    get = memo.get
    for a in ref:
        at = a.text
        ka = a.initial or a.heading
        for b, bt, kb in vk:
            k = (at, bt, ka, kb)
            x = get(k, memo)
            if x is memo:
                x = memo[k] = _relation(a, b)
            rels.append(x)
    v = len(var)
    splits = joins = ()
    if len(var) > 1 or len(ref) > 1:
        rn = [w.norm for w in ref]
        vn = [w.norm for w in var]
        vcat = [x + y for x, y in zip(vn, vn[1:])]  # two variant words run together
        rcat = [x + y for x, y in zip(rn, rn[1:])]
        if vcat and not set(vcat).isdisjoint(rn):
            splits = frozenset((i, j) for i, x in enumerate(rn) for j, y in enumerate(vcat) if x == y)
        if rcat and not set(rcat).isdisjoint(vn):
            joins = frozenset((i, j) for j, y in enumerate(vn) for i, x in enumerate(rcat) if x == y)
    key = (v, tuple(rels), splits, joins)
    path = _PATHS.get(key)
    if path is None:
        path = _remember(_PATHS, key, _align_path(len(ref), v, rels, splits, joins))
    return [(op, ref[pi:i], var[pj:j], x) for op, pi, i, pj, j, x in path]


_PATHS: dict = {}  # see _align


def _align_path(r: int, v: int, rels: list, splits, joins) -> tuple:
    """The cheapest alignment of r reference words with v variant words: ((op, i0, i1, j0, j1, relation), ...).

    ``rels[i * v + j]`` is the relation of reference word i and variant word j
    (``_relation``), ``splits`` the cells (i, j) where reference word i is
    variant words j and j + 1 run together, ``joins`` the other way round.
    The steps out of each cell are tried in a fixed order (diagonal, split,
    join, drop, add) and a cell keeps the first cheapest way in: ties
    resolve the same way on every run.
    """
    INF = 1e9
    cost = [[INF] * (v + 1) for _ in range(r + 1)]
    back = [[None] * (v + 1) for _ in range(r + 1)]  # the step into each cell; it came from (i - di, j - dj)
    cost[0][0] = 0.0
    for i in range(r + 1):
        crow = cost[i]
        brow = back[i]
        last = i == r
        if not last:
            nrow = cost[i + 1]
            nback = back[i + 1]
        for j in range(v + 1):
            cur = crow[j]
            if cur >= INF:
                continue
            if not last:
                if j < v:
                    x = rels[i * v + j]
                    if x == "same":
                        c, op = 0.0, _MATCH
                    elif x is not None:
                        c, op = 0.2, ("respell", 1, 1, x)
                    else:
                        c, op = 1.1, _SWAP
                    if cur + c < nrow[j + 1]:
                        nrow[j + 1] = cur + c
                        nback[j + 1] = op
                    if splits and (i, j) in splits and cur + 0.2 < nrow[j + 2]:
                        nrow[j + 2] = cur + 0.2
                        nback[j + 2] = _SPLIT
                    if joins and (i, j) in joins and cur + 0.2 < cost[i + 2][j + 1]:
                        cost[i + 2][j + 1] = cur + 0.2
                        back[i + 2][j + 1] = _JOIN
                if cur + 1.0 < nrow[j]:
                    nrow[j] = cur + 1.0
                    nback[j] = _DROP
            if j < v and cur + 1.0 < crow[j + 1]:
                crow[j + 1] = cur + 1.0
                brow[j + 1] = _ADD
    path = []
    i, j = r, v
    while i or j:
        op, di, dj, x = back[i][j]
        path.append((op, i - di, i, j - dj, j, x))
        i, j = i - di, j - dj
    path.reverse()
    return tuple(path)


def _compare(ref: _Mention, var: _Mention, c: Compiled, memo: dict):
    """(kind of change, description) if var names ref's group differently; 'same' if identical; None if unrelated."""
    if ref.name == var.name:
        return "same", ""
    rw = ref.words
    ops = _align(rw, var.words, memo)
    changes = [op for op in ops if op[0] != "match"]
    if not changes:
        return "same", ""
    light = _light(rw)
    matched = sum(1 for op in ops if op[0] in ("match", "respell") for w in op[1] if id(w) not in light)
    if matched == 0:
        return None
    last = ops[-1]
    core_kept = last[0] in ("match", "respell") or (last[0] == "swap" and matched >= c.core_swap)
    if not core_kept:
        return None
    structural = [op for op in changes if op[0] != "respell"]
    if structural:
        r = len(rw) - len(light) or 1  # _weight(ref.words)
        if var.spelling_only or r < c.min_ref:
            return None
        if any(w.low in _AND for op in structural for w in op[1] + op[2]):
            return None  # one side of a coordination: another group
        if any(w.low in _AND for w in ref.words) and any(op[0] == "swap" for op in structural) and matched < 2:
            return None  # "large and active" vs "large and growing": a description, not a name
        if matched * 2 < r or matched * 2 < _weight(var.words):
            return None
        if last[0] == "swap" and any(op[0] == "swap" for op in structural[:-1]):
            return None
    return "variant", _describe(changes)


def _compare_cached(ref: _Mention, var: _Mention, c: Compiled):
    """_compare, remembered for the process: it depends only on the words' spellings and boundary flags.

    ``_relation`` reads a word's text and whether it starts a sentence or sits
    in a heading (the "initial or heading" flag), ``_compare`` the words, the
    variant's ``spelling_only`` and the options: so the key below determines
    the result, and a name compared with its reference again (in this or
    another document) costs one dict look-up instead of an alignment.
    """
    key = (ref.ck, var.ck, var.spelling_only)
    got = c.compared.get(key, c)
    if got is c:
        if len(c.compared) >= 10_000:
            c.compared.clear()
            c.relations.clear()
        got = c.compared[key] = _compare(ref, var, c, c.relations)
    return got


def clear_caches(c: Compiled | None = None) -> None:
    """Forget what was learnt about words and names (for timing a cold start)."""
    _FACTS.clear()
    _PATHS.clear()
    _stem.cache_clear()
    if c is not None:
        for d in (c.name_word, c.chunks, c.compared, c.relations, c.shapes, c.after, c.walks):
            d.clear()


def _keys(ws: list[_Word], plus: bool = True) -> frozenset:
    """Index keys of a mention's words: every word's spelling-free form, and the start of the last (core) word.

    A related mention shares a word outright, or keeps a respelled core
    ("trans" for "transgender", "LGBT" for "LGBTQ+"), or writes two words as one.
    ``plus``: some word may end with "+" (False: none does, nothing to strip).
    """
    norms = [w.norm for w in ws]
    keys = {n.rstrip("+") for n in norms} if plus else set(norms)
    keys.update(map(str.__add__, norms, norms[1:]))  # "non binary" meets "non-binary"
    keys.add("^" + norms[-1][:2])
    return frozenset(keys)


def _light(ws: list[_Word]) -> set[int]:
    """Name words that do not count: "and", "as", and an -ly adverb leaning on the next word."""
    return {id(w) for k, w in enumerate(ws) if w.low in _INSIDE or w.low.endswith("ly") and k + 1 < len(ws)}


def _weight(ws: list[_Word]) -> int:
    return len(ws) - len(_light(ws)) or 1


def _describe(changes) -> str:
    merged = []
    for op, rw, vw, rel in changes:  # "drops 'soft libertarian'", not two drops
        if merged and op in ("drop", "add") and merged[-1][0] == op:
            p = merged[-1]
            merged[-1] = (op, p[1] + rw, p[2] + vw, rel)
        else:
            merged.append((op, rw, vw, rel))
    parts = []
    for op, rw, vw, rel in merged:
        key = op if op != "respell" else rel
        parts.append(_change(key, " ".join(w.text for w in rw), " ".join(w.text for w in vw)))
    return ", ".join(parts)


_CHANGES = {
    "drop": "drops {a!r}", "add": "adds {b!r}", "case": "capitalises {a!r} as {b!r}",
    "spelling": "spells {a!r} as {b!r}", "derived": "has the form {b!r} for {a!r}",
}


def _change(key: str, a: str, b: str) -> str:
    """How variant b differs from reference a, in words."""
    if key == "acronym":
        key = "cuts {a!r} as {b!r}" if len(b.rstrip("+")) < len(a.rstrip("+")) else "respells {a!r} as {b!r}"
    return _CHANGES.get(key, key if "{" in key else "has {b!r} for {a!r}").format(a=a, b=b)


def _fix_text(ref: _Mention, var: _Mention) -> str:
    name = ref.name
    if var.words[0].initial and name[:1].islower():
        name = name[:1].upper() + name[1:]
    # a reference at a sentence start keeps its capital: it may be a proper name ("Latinx")
    return name


def _singular(head: str) -> str:
    if head in ("people", "youth", "folks"):
        return head
    if head.endswith("ies"):
        return head[:-3] + "y"
    return head[:-1] if head.endswith("s") and not head.endswith("ss") else head


def _plural_of(head: str) -> str:
    if _plural(head):
        return head
    return head[:-1] + "ies" if head.endswith("y") and head[-2:-1] not in "aeiou" else head + "s"


def _plural(head: str) -> bool:
    return head in ("people", "folks", "peoples") or head.endswith("s") and not head.endswith("ss")


# ------------------------------------------------------------------ check
def check(doc, scope: str, c: Compiled) -> Iterator[Hit]:
    mentions = _find_mentions(doc, c)
    if not mentions:
        return
    pos = doc.position
    refs: list[_Mention] = []
    # index key (see _keys) -> indexes of the references with it; built once there are many references
    by_key: dict[str, list[int]] | None = None
    hits: list[Hit] = []
    ref_names: set[str] = set()  # names of the references
    same_only = not c.head_change
    weak = c.weak
    for m in mentions:
        if same_only and m.name in ref_names:
            continue  # an exact repeat: the reference of that name compares "same", nothing to report
        best = None
        t = m.t
        keys = t.keys
        # only references sharing an index key can be related: a long document stays linear
        if by_key is None and len(refs) > _FEW_REFS:
            by_key = {}
            for k, ref in enumerate(refs):
                for key in ref.t.keys:
                    by_key.setdefault(key, []).append(k)
        if by_key is None:
            related = [ref for ref in refs if not keys.isdisjoint(ref.t.keys)]
        else:
            related = [refs[k] for k in sorted({k for key in keys for k in by_key.get(key, ())})]
        for ref in related:
            got = _compare_cached(ref, m, c)
            if got is None:
                continue
            if got[0] == "same":
                best = ("same", ref, "")
                break
            if best is None:
                best = ("variant", ref, got[1])
        if best is None:
            if m.head_low not in weak and not t.tentative:
                _add_ref(refs, by_key, m, keys)
                ref_names.add(m.name)
            continue
        kind, ref, change = best
        if kind == "same":
            if c.head_change and _head_changed(ref, m, c):
                head, rhead = m.head, ref.head
                fixed = _singular(rhead.low) if not _plural(head.low) else _plural_of(rhead.low)
                hits.append(Hit(head.start, head.end, {
                    "variant": f"{m.name} {head.text}", "reference": f"{ref.name} {rhead.text}",
                    "line": pos(ref.start)[0], "change": f"has {head.text!r} for {rhead.text!r}"},
                    fix=fixed, related=(rhead.start, rhead.end)))
            continue
        sentence = m.sentence
        if any(x.name == ref.name and x.sentence == sentence for x in mentions):
            # beside an exact use of the reference: the sentence contrasts two groups
            _add_ref(refs, by_key, m, keys)
            ref_names.add(m.name)
            continue
        hits.append(Hit(m.start, m.end, {"variant": m.name, "reference": ref.name,
                                         "line": pos(ref.start)[0], "change": change},
                        fix=_fix_text(ref, m), related=(ref.start, ref.end)))
    if c.terms and refs and any(r.t.terms for r in refs):
        hits.extend(_term_hits(doc, refs, mentions, hits, pos, c))
    hits.sort(key=lambda h: h.start)
    yield from hits


def _head_changed(ref: _Mention, m: _Mention, c: Compiled) -> bool:
    a, b = ref.head.low, m.head.low
    if a == b or _singular(a) == _singular(b):
        return False
    ca, cb = c.head_class.get(a), c.head_class.get(b)
    return ca is None or cb is None or ca != cb


_FEW_REFS = 8  # up to this many references, a mention is tested against each; past it, through an index


def _add_ref(refs: list[_Mention], by_key: dict[str, list[int]] | None, m: _Mention, keys) -> None:
    if by_key is not None:
        for key in keys:
            by_key.setdefault(key, []).append(len(refs))
    refs.append(m)


def _term_hits(doc, refs, mentions, hits, pos, c: Compiled) -> list[Hit]:
    """Standalone respellings of a reference's acronyms and hyphenated words."""
    text = doc.text
    taken = None  # word starts already judged, and the spans already reported (built when first needed)
    acronyms, compounds = [], {}  # compounds: spelling key -> (text, parts, start, end) of the first use
    for ref in refs:
        b = ref.base
        for acronym, s, e, x, key, parts in ref.t.terms:
            if acronym:
                acronyms.append(_Word(b + s, b + e, x, False, False, False))  # _relation's "acronym" reads no flag
            else:
                compounds.setdefault(key, (x, parts, b + s, b + e))
    found = []  # (term, variant word, relation)
    if acronyms and not _acronyms_only_repeated(text, [t.text for t in acronyms]):
        taken = _taken(mentions, hits)
        for m in (_ACRONYM_ASCII if text.isascii() else _acronym_re()).finditer(text):
            if m.start() in taken:
                continue
            w = _word(text, m.start(), m.end(), None)
            t = next((t for t in acronyms if t.start < w.start and _relation(t, w) == "acronym"), None)
            if t is not None:
                found.append((t, w, "acronym"))
    # ASCII text lower-cased: the repetition kinds' copy (no curly apostrophe, the same length), made once
    low = lowered(doc) if compounds and text.isascii() else None
    for ttext, parts, tstart, tend in compounds.values():
        if low is not None and not _joined_otherwise(low, ttext, parts):
            continue  # every spelling in the text joins the parts as the compound does: nothing to report
        for ms, me in (_compound_spans(low, parts, tend) if low is not None else
                       (m.span() for m in _compound_re(parts).finditer(text, tend))):
            if text[ms:me].casefold() == ttext.casefold():
                continue
            if taken is None:
                taken = _taken(mentions, hits)
            if any(i in taken for i in range(ms, me)):
                continue
            found.append((_word(text, tstart, tend, None), _word(text, ms, me, None), "spelling"))
    return [Hit(w.start, w.end, {"variant": w.text, "reference": t.text, "line": pos(t.start)[0],
                                 "change": _change(rel, t.text, w.text)}, fix=t.text, related=(t.start, t.end))
            for t, w, rel in found]


def _joined_otherwise(low: str, ttext: str, parts: tuple[str, ...]) -> bool:
    """Does lower-cased ASCII text join two neighbouring parts of the compound other than the compound does?

    A reported respelling (``_compound_spans``) differs from the compound
    in some separator (none, a space or a hyphen) and not only in case, so
    it holds one such pair: without one there is nothing to search for.
    """
    pos = 0
    for a, b in zip(parts, parts[1:]):
        pos += len(a)
        own = ttext[pos]  # the compound's separator there: " " or "-"
        pos += 1
        a, b = a.lower(), b.lower()
        for sep in ("", " ", "-"):
            if sep != own and a + sep + b in low:
                return True
    return False


def _taken(mentions: list[_Mention], hits: list[Hit]) -> set[int]:
    """The start offsets of every mention's name words, and every offset inside a reported span."""
    taken = set()
    for m in mentions:
        b = m.base
        taken.update([b + w[0] for w in m.t.words])
    for h in hits:
        taken.update(range(h.start, h.end))
    return taken


def _acronyms_only_repeated(text: str, acronyms: list[str]) -> bool:
    """Is every acronym of the text that could respell a tracked one that very acronym? (then none is reported)

    ``_relation`` calls a word an acronym of ``t`` only if it differs from
    ``t`` and starts with ``t``'s first three letters (all of them, for a
    shorter one). In ASCII text, ``_prefix_re`` finds, at every place an
    ``_ACRONYM`` match could start with that prefix, the longest run of
    capitals, digits and "+" not followed by a word character: a match
    there other than ``t`` itself shows up as a different run. So when each
    run is ``t``, the full scan (a regex tried at every character) can be
    skipped. Other text: False (the ``regex`` module's word class decides).
    """
    if not text.isascii():
        return False
    for t in acronyms:
        for run in _prefix_re(t.rstrip("+")[:3]).findall(text):
            if run != t:
                return False
    return True


@functools.lru_cache(maxsize=512)
def _prefix_re(prefix: str):
    return re.compile(re.escape(prefix) + r"[A-Z0-9+]*(?!\w)")


@functools.lru_cache(maxsize=512)
def _compound_re(parts: tuple[str, ...]):
    """The spellings of a compound: "non-binary", "nonbinary", "non binary" (any case)."""
    import regex

    return regex.compile(r"(?<![\w-])" + r"[ -]?".join(regex.escape(p) for p in parts) + r"(?![\w-])",
                         regex.IGNORECASE)


@functools.lru_cache(maxsize=512)
def _compound_lower_re(parts: tuple[str, ...]):
    """_compound_re for lower-cased ASCII text, without its look-behind: it starts with a literal."""
    return re.compile(r"[ -]?".join(re.escape(p.lower()) for p in parts) + r"(?![\w-])")


def _compound_spans(low: str, parts: list[str], pos: int) -> Iterator[tuple[int, int]]:
    """The spans ``_compound_re(parts).finditer(text, pos)`` gives, for ASCII text (``low``: lower-cased).

    Case-insensitive matching of ASCII is matching the lower-cased text, and
    a literal first part lets the standard library's re skip ahead; the
    look-behind ("not after a letter, digit, _ or hyphen") is tested here,
    and a rejected place resumes the search one character on, as a failed
    match does in ``finditer``.
    """
    search = _compound_lower_re(tuple(parts)).search
    while True:
        m = search(low, pos)
        if m is None:
            return
        s, e = m.span()
        if s and (low[s - 1].isalnum() or low[s - 1] in "_-"):
            pos = s + 1
            continue
        yield s, e
        pos = e


def _capitalised(text: str) -> bool:
    """One capital, then lower-case letters only: "Arab", not "LGBTQ" or "non-binary"."""
    return text[:1].isupper() and text[1:].islower() and text.isalpha()


_ACRONYM = r"(?<![\w+])[A-Z0-9]*[A-Z][A-Z0-9]*\+*(?![\w])"
_ACRONYM_ASCII = re.compile(_ACRONYM)  # the same in ASCII text, where both modules' \w agree


@functools.lru_cache(maxsize=1)
def _acronym_re():
    import regex

    return regex.compile(_ACRONYM)


def references(doc, c: Compiled) -> list[tuple[str, str, int, int]]:
    """(spelling key, name as written, start, end) of each group's first mention.

    The key ignores case, hyphens, spaces and a trailing "+", so the same
    subject spelled differently in two documents gets the same key (used by
    corpus mode, ``essaylint.corpus``).
    """
    mentions = _find_mentions(doc, c)
    out = []
    seen = set()
    for m in mentions:
        if m.tentative or m.head.low in c.weak or m.words[0].initial or m.words[0].heading:
            continue  # a sentence start or a heading does not show how the name is spelled
        key = "".join(w.norm.rstrip("+") for w in m.words)
        if key in seen:
            continue
        seen.add(key)
        out.append((key, m.name, m.start, m.end))
    return out
