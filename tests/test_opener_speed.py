"""The memchr clause ends (``clause_ends``) give what the regex search gives."""

import random

from essaylint.document import Document
from essaylint.kinds import repeated_opener as ro
from essaylint.kinds._repetition import CLAUSE_END_RE, clause_end, clause_ends, lowered, opening_words


def test_clause_ends_match_the_regex_search_and_opening_words():
    rng = random.Random(7)
    alphabet = "ab cd.!?;:\n,'-\t"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        doc = Document(text, "a.txt")
        low = lowered(doc)
        ends = clause_ends(doc, low)
        assert ends is not None and len(ends) == len(low)
        for _ in range(20):
            start = rng.randint(0, len(low))
            end = rng.randint(start, len(low))
            count = rng.randint(1, 8)
            lim = min(end, start + 24 * count)
            m = CLAUSE_END_RE.search(low, start, lim)
            assert clause_end(low, ends, start, lim) == clause_end(low, None, start, lim) == (m.start() if m else lim)
            assert opening_words(low, start, end, count, ends) == opening_words(low, start, end, count)


def test_non_ascii_text_falls_back_to_the_regex():
    doc = Document("Café: one. Two; thr\u00e9e\n", "a.txt")
    low = lowered(doc)
    assert clause_ends(doc, low) is None
    assert opening_words(low, 0, len(low), 3) == [(0, 4)]  # "café", up to the colon


def test_loop_screen_words_are_the_exact_checks_word_tokens():
    """Bytes (ASCII) or str, the screen splits into the words ``_loops`` tokenises."""
    from essaylint.kinds import degenerate_loop as dl

    rng = random.Random(3)
    words = ["go", "on", "a", "to", "be", "x" * 19, "y" * 20, "1", "+", "-", ",", ".", " ", "\t", "\n",
             "\x1c", "\x1f", "\x0b", "don't", "caf\u00e9", "\u2014", "\u2019s", "_x_"]
    seen = set()
    for _ in range(3000):
        text = rng.choice(["", " "]).join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        doc = Document(text, "a.txt")
        screened = dl._screen_text(doc)
        split = [w.decode() if isinstance(w, bytes) else w for w in screened.split()]
        assert split == [t for t in dl.TOKEN_RE.findall(lowered(doc)) if t[0].isalnum() or t[0] == "_"], text
        seen.add(type(screened))
    assert seen == {str, bytes}


def test_copied_items_are_left_out_whatever_their_last_words():
    c = ro.compile({k: o.default for k, o in ro.OPTIONS.items()})
    items = ["Cultural exchange can help people learn about the world today.",
             "Cultural exchange can build bridges between nations today.",
             "Cultural exchange can  help people learn about the world   today.",  # a copy, spaced apart
             "Cultural exchange can foster empathy among young people."]
    doc = Document("".join(f"- {t}\n" for t in items), "a.md")
    groups = ro.repeated_openings(doc, "list-item", c)
    assert [len(g) for g in groups] == [3]
    doc = Document("".join(f"- {t}\n" for t in items[:2] + items[3:]), "a.md")
    assert [len(g) for g in ro.repeated_openings(doc, "list-item", c)] == [3]
    doc = Document("".join(f"- {t}\n" for t in items[:3]), "a.md")
    assert ro.repeated_openings(doc, "list-item", c) == []
