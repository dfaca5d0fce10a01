"""Instructions per essay of each per-document piece of the repetition and truncation kinds, by valgrind.

    .venv/bin/python bench/slice_parts_instructions.py --docs 300
    PYTHONPATH=/work/ref5/src .venv/bin/python bench/slice_parts_instructions.py --docs 300 --piece spaced

The instruction-count twin of ``repetition_parts.py``: fresh gen_corpus
documents (never linted by the process) with their units built; each piece
is counted (callgrind, only inside ``functools.reduce``) on documents that
already hold the pieces listed before it, so each figure is that piece's
own cost. The rules come last, each with every piece cached: what is left
is the rule's own work. One valgrind run per piece (``--piece`` picks some).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import callgrind  # noqa: E402
import corpus  # noqa: E402

RULES = ("degenerate-loop", "duplicate-item", "duplicate-sentence", "list-numbering", "repeated-opener",
         "truncated-ending", "unpunctuated-list-item", "unterminated-list-item", "repeated-phrase")


def pieces():
    from essaylint.engine import lint
    from essaylint.kinds import _repetition as rep, get_kind
    from essaylint.rules import load_rules

    phrase = get_kind("repeated-phrase")
    opener = get_kind("repeated-opener")
    dup = get_kind("duplicate-unit")
    out = [
        ("lowered", rep.lowered),
        ("spaced", rep.spaced),
        ("runs_text", rep.runs_text),
        ("item_openings", rep.item_openings),
        ("verse_spans", rep.verse_spans),
        ("title_spans", rep.title_spans),
        # the blocks' cheap test (before it, the blocks and their keys)
        ("duplicate-unit blocks", getattr(dup, "_blocks_may_repeat", dup._blocks)),
        ("copied_blocks", dup.copied_blocks),
        ("loop_spans", get_kind("degenerate-loop").loop_spans),
        ("openers (defaults)", lambda d: opener.repeated_openings(d, "list-item", phrase._default_opener())),
    ]
    rules = {r.id: r for r in load_rules()}
    out += [(f"rule {r}", functools.partial(lambda d, r: lint(d, [r]), r=rules[r])) for r in RULES]
    return out


def inner(docs: int, piece: str) -> None:
    from essaylint.document import Document
    from essaylint.engine import lint
    from essaylint.rules import load_rules

    texts = corpus.speed_texts()
    rules = [r for r in load_rules() if r.enabled]
    for t in texts[-50:]:
        lint(Document(t, "w.txt"), rules)
    ds = corpus.with_units(texts[:docs])
    ps = pieces()
    names = [n for n, _ in ps]
    k = names.index(piece)
    for name, fn in ps[:k]:
        if not name.startswith("rule "):
            for d in ds:
                fn(d)
    if piece.startswith("rule "):  # every piece cached
        for name, fn in ps:
            if not name.startswith("rule "):
                for d in ds:
                    fn(d)
    fn = ps[k][1]
    functools.reduce(lambda _, d: fn(d), ds, None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--piece", action="append", default=[])
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.inner:
        inner(a.docs, a.piece[0])
        return 0
    import essaylint

    print(f"essaylint from {essaylint.__file__}")
    callgrind.print_pieces(__file__, a.docs, a.piece or [n for n, _ in pieces()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
