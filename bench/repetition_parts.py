"""CPU per essay of each per-document piece the repetition kinds share, and of each rule on top of them.

    .venv/bin/python bench/repetition_parts.py --docs 1000
    PYTHONPATH=/path/to/main/src .venv/bin/python bench/repetition_parts.py --docs 1000

Fresh gen_corpus documents with their units built (as in
``repetition_instructions.py``). The pieces are timed in the order listed,
each on documents that already hold the pieces before it, so each figure is
that piece's own cost (``time.process_time``, min of ``--reps`` passes over
fresh documents). Then each rule's ``check`` is timed with every piece
already cached: what is left is the rule's own work (a rule whose result
is itself a cached piece, as duplicate-item's copies are ``copied_blocks``
and degenerate-loop's hits ``loop_spans`` since the speed work, then costs
almost nothing: read the fresh-documents line for the whole). Noisy on a loaded
machine; compare two checkouts back to back, or count instructions with
``repetition_instructions.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import slice_parts_instructions  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args(argv)

    import essaylint
    from essaylint.document import Document
    from essaylint.engine import lint
    from essaylint.rules import load_rules

    texts = corpus.speed_texts()[:a.docs]
    rules = [r for r in load_rules() if "repetition" in r.tags and r.enabled]
    # the shared pieces, as slice_parts_instructions.py counts them (its rules are timed below, one by one)
    pieces = [(name, fn) for name, fn in slice_parts_instructions.pieces() if not name.startswith("rule ")]
    for t in texts[-50:]:
        lint(Document(t, "w.txt"), rules)

    best = {}
    for _ in range(a.reps):
        ds = corpus.with_units(texts)
        for name, fn in pieces:
            t0 = time.process_time()
            for d in ds:
                fn(d)
            best[name] = min(best.get(name, 1e9), time.process_time() - t0)
        for r in rules:
            t0 = time.process_time()
            for d in ds:
                lint(d, [r])
            best[r.id] = min(best.get(r.id, 1e9), time.process_time() - t0)
        ds = corpus.with_units(texts)
        t0 = time.process_time()
        for d in ds:
            lint(d, rules)
        best["all five, fresh documents"] = min(best.get("all five, fresh documents", 1e9), time.process_time() - t0)
    print(f"essaylint from {essaylint.__file__}; {len(texts)} documents, min of {a.reps}")
    for name, s in best.items():
        print(f"{s / len(texts) * 1e3:8.4f} ms  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
