#!/usr/bin/env python3
"""Instructions per essay of each piece of the document model's units, by valgrind.

    .venv/bin/python bench/units_parts_instructions.py --docs 300
    PYTHONPATH=/work/ref6/src .venv/bin/python bench/units_parts_instructions.py --docs 300 --piece sentence

The per-piece twin of ``document_instructions.py --part units``: fresh
gen_corpus essays (after 50 warm-up essays); each piece is counted
(callgrind, only inside ``functools.reduce``) on documents that already hold
the pieces listed before it, so each figure is that piece's own cost:
``Document(text)``, the line index, the block parse (``_raw_blocks``), the
paragraphs, headings and list items (``_block_units``), and the sentences.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import callgrind  # noqa: E402
import corpus  # noqa: E402

PIECES = {
    "line_starts": lambda d: d.line_starts,
    "raw_blocks": lambda d: d._raw_blocks,
    "block_units": lambda d: (d.units("paragraph"), d.units("list-item"), d.units("heading")),
    "sentence": lambda d: d.units("sentence"),
}


def inner(docs: int, piece: str) -> None:
    from essaylint.document import Document

    texts = corpus.speed_texts()
    for t in texts[-50:]:
        d = Document(t, "w.txt")
        for fn in PIECES.values():
            fn(d)
    texts = texts[:docs]
    if piece == "document":
        functools.reduce(lambda _, t: Document(t, "a.txt"), texts, None)
        return
    ds = [Document(t, "a.txt") for t in texts]
    names = list(PIECES)
    for name in names[:names.index(piece)]:
        for d in ds:
            PIECES[name](d)
    fn = PIECES[piece]
    functools.reduce(lambda _, d: fn(d), ds, None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--piece", action="append", choices=["document", *PIECES])
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.inner:
        inner(a.docs, a.piece[0])
        return 0
    import essaylint

    print(f"essaylint from {essaylint.__file__}, {a.docs} fresh gen_corpus essays")
    callgrind.print_pieces(__file__, a.docs, a.piece or ["document", *PIECES])
    return 0


if __name__ == "__main__":
    sys.exit(main())
