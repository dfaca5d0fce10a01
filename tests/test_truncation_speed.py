"""The truncation kinds' shortcuts give what the full computations give (random equivalence)."""

import random

from essaylint.document import Document
from essaylint.kinds import _truncation as tr
from essaylint.kinds.list_termination import TERMINALS

_PIECES = ["word", "Wörd", "漢字", "a", "of", ".", "!", ":", "…", ")", "*", "🎉", "#tag", " ", "  ", "\t", "\n",
           "\x0b", "\x1c", "\u3000", "\xa0", "3.", "- "]


def _texts(n, seed):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 40)))


def test_has_words_is_word_count_at_least():
    for text in _texts(3000, 1):
        for n in range(1, 8):
            assert tr.has_words(text, n) == (tr.word_count(text) >= n), (text, n)


def _last_words_split(text, end, n=6):  # last_words as written with str.split
    chunk = text[max(0, end - 200):end]
    if tr._CJK_RE.search(chunk, max(0, len(chunk) - 12)):
        tail = chunk[-12:].lstrip()
        return tail if len(chunk) <= 12 else "…" + tail
    parts = chunk.split()
    tail = " ".join(parts[-n:])
    return tail if len(parts) <= n and end <= 200 else "…" + tail


def test_last_words_from_rsplit_is_from_split():
    rnd = random.Random(2)
    for text in _texts(3000, 2):
        text = text * rnd.randint(1, 12)
        for end in {len(text), len(text) // 2, rnd.randint(0, len(text))}:
            for n in (1, 3, 6):
                assert tr.last_words(text, end, n) == _last_words_split(text, end, n), (text, end, n)


def test_an_item_ending_in_a_mark_is_terminated():
    # list-termination skips ending() for an item whose last character is a terminal mark
    rnd = random.Random(3)
    checked = 0
    for body in _texts(3000, 3):
        text = rnd.choice(["1. ", "- ", "* "]) + body
        for item in Document(text, "a.txt").units("list-item"):
            if item.text[-1] in TERMINALS and item.end > item.body_start:
                assert tr.ending(item.body).state == "terminated", text
                checked += 1
    assert checked > 300


def _last_word_full(text, end):  # last_word as written: the scan from 60 characters back
    m = None
    for m in tr._WORD_RE.finditer(text, max(0, end - 60), end):
        pass
    return m.group(0) if m is not None and m.end() == end else ""


def test_last_word_from_its_run_is_from_the_scan():
    rnd = random.Random(4)
    pieces = ["ab", "x", "9", "_", "'", "-", "’", " ", ".", "--", "é", "well-being", "don't", "(", "\n"]
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 50)))
        for end in {len(text), rnd.randint(0, len(text))}:
            assert tr.last_word(text, end) == _last_word_full(text, end), (text, end)


def _numbering_full(doc):  # list-numbering's check without its screen
    from essaylint.kinds import list_numbering as ln

    lists = {}
    for item in doc.units("list-item"):
        if item.number is not None:
            lists.setdefault(item.list_id, []).append(item)
    earlier = {}
    for items in lists.values():
        if len(items) >= 2 and len({x.number for x in items}) > 1:
            yield from ln._check_list(doc, items, earlier)
        earlier.setdefault(items[-1].depth, set()).add(items[-1].number)


def test_list_numbering_screen_hides_nothing():
    from essaylint.kinds import list_numbering as ln

    rnd = random.Random(5)
    for _ in range(2000):
        first = rnd.choice([0, 1, 1, 3])
        lines = []
        n = first
        for _ in range(rnd.randint(1, 7)):
            marker = rnd.choice([f"{n}.", f"{n})", f"{n}.", "-"]) if rnd.random() < 0.9 else f"{n + 2}."
            lines.append(rnd.choice(["", "", "   "]) + marker + " item text" + rnd.choice(["", "\n"]))
            n += 1
        doc = Document("\n".join(lines), "a.txt")
        got = [(h.start, h.end, h.values) for h in ln.check(doc, "list-item", None)]
        assert got == [(h.start, h.end, h.values) for h in _numbering_full(doc)], lines


def test_tight_group_screen_is_the_walk():
    from essaylint.kinds import list_termination as lt

    rnd = random.Random(6)
    grouped = 0
    for _ in range(2000):
        lines = []
        for i in range(rnd.randint(1, 8)):
            lines.append(rnd.choice(["- ", "1. ", "  - "]) + rnd.choice(["Gift ideas", "A sentence.", "more words here"]))
            lines += rnd.choice([[], [], [""], ["  continued"]])
        doc = Document("\n".join(lines), "a.txt")
        items = doc.units("list-item")
        ends = [tr.ending(x.body) for x in items]
        lists = {}
        for j, x in enumerate(items):
            lists.setdefault(x.list_id, []).append(j)
        for members in lists.values():
            for k in members:
                got = lt.tight_group(doc, items, ends, members, k)
                assert got == lt._group_walk(doc, items, ends, members, k), lines
                grouped += got != members
    assert grouped > 50


def test_no_emoji_or_cjk_below_the_screens_bounds():
    # ending() and last_token() call _is_emoji / is_cjk only from these characters on
    assert not any(tr._is_emoji(chr(o)) for o in range(0x200D))
    assert not any(tr.is_cjk(chr(o)) for o in range(0x2E80))
