#!/usr/bin/env python3
"""Instructions per essay of the document model and the readability family, first pass, counted by valgrind.

    .venv/bin/python bench/document_instructions.py --docs 300
    PYTHONPATH=/work/ref5/src .venv/bin/python bench/document_instructions.py --docs 300

Wall and CPU time on a shared machine swing by a third from run to run; the
number of instructions executed does not. This runs itself under
``valgrind --tool=callgrind``, counting only inside ``functools.reduce``
(``--toggle-collect``; nothing else here calls it), in a process that has
linted only 50 warm-up essays (rules compiled, lazy imports done, the
dictionaries opened), so that the measured essays are text it has never
seen, as in a real run:

- ``units``: ``Document(text)`` and every unit scope the default rules read
  (paragraph, list-item, heading, sentence), on fresh essays;
- ``readability``: ``lint`` with the readability family (readability-grade,
  readability-hard-paragraph, sentence-length) on fresh essays whose units
  are already built (they are shared with every family), minus ``lint`` with
  no rule on the same documents;
- ``cached``: 36 ``document.cached`` look-ups per essay (what a default run
  makes), keys already made, to see the helper's hot path.

``--part`` picks some (default all). Prints k instructions per essay; divide
two runs' figures (this checkout and the reference, through PYTHONPATH) for
the speed-up. The child runs with PYTHONHASHSEED=0 (string hashes change dict probing).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import callgrind  # noqa: E402
import corpus  # noqa: E402

PARTS = ("units", "readability", "cached")
FAMILY = ("readability-grade", "readability-hard-paragraph", "sentence-length")
SCOPES = ("paragraph", "list-item", "heading", "sentence")


def inner(part: str, docs: int) -> None:
    from essaylint.document import Document, cached
    from essaylint.engine import lint
    from essaylint.rules import load_rules

    texts = corpus.speed_texts()
    rules = [r for r in load_rules() if r.id in FAMILY]
    if part == "readability-empty":
        rules = []
    for t in texts[-50:]:  # warm-up on other essays
        d = Document(t, "w.txt")
        for s in SCOPES:
            d.units(s)
        lint(d, rules)
    texts = texts[:docs]
    if part == "units":
        def step(_, t):
            d = Document(t, "a.txt")
            for s in SCOPES:
                d.units(s)
        functools.reduce(step, texts, None)
        return
    ds = [Document(t, "a.txt") for t in texts]
    for d in ds:
        for s in SCOPES:
            d.units(s)
    if part == "cached":
        keys = [f"k{i}" for i in range(12)]
        for d in ds:
            for k in keys:
                cached(d, k, lambda: 0)

        def look(_, d):
            for k in keys:
                cached(d, k, None), cached(d, k, None), cached(d, k, None)
        functools.reduce(look, ds, None)
        return
    functools.reduce(lambda _, d: lint(d, rules), ds, None)


def count(part: str, docs: int) -> int:
    return callgrind.count(__file__, [part, f"--docs={docs}"])[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--part", action="append", choices=PARTS)
    ap.add_argument("--inner", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.inner:
        inner(a.inner, a.docs)
        return 0
    import essaylint

    print(f"essaylint from {essaylint.__file__}, {a.docs} fresh gen_corpus essays")
    for part in a.part or PARTS:
        n = count(part, a.docs)
        if part == "readability":
            n -= count("readability-empty", a.docs)
        print(f"  {part:12} {n / a.docs / 1e3:8.1f} k instructions per essay")
    return 0


if __name__ == "__main__":
    sys.exit(main())
