#!/usr/bin/env python3
"""A/B timing of the document model: a reference document.py beside this checkout's.

Usage: bench/document_speed.py REFERENCE_DOCUMENT_PY [--docs N] [--runs N]
  e.g. git show main:src/essaylint/document.py > /tmp/document_ref.py
       .venv/bin/python bench/document_speed.py /tmp/document_ref.py

Both modules are loaded in one process and timed in turn, run after run
(CPU time of this process, the minimum over the runs), on gen_corpus
essays: the block parse (paragraphs, list items and headings come from one
parse), the sentences on top of it, the lines and the words. On a shared
machine, interleaving the two keeps the comparison fair when the load
changes; bench/document_equivalence.py checks that the units are the same.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

CURRENT = Path(__file__).resolve().parents[1] / "src" / "essaylint" / "document.py"


def load(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def measures(mod):
    """(name, function of one text) for each cost, the second of a pair measured beyond the first."""
    doc = mod.Document

    def blocks(t):
        doc(t, "x.txt").units("paragraph")

    def sentences(t):
        d = doc(t, "x.txt")
        d.units("paragraph")
        d.units("sentence")

    return {
        "construct": lambda t: doc(t, "x.txt"),
        "construct as Markdown": lambda t: doc(t, "x.md"),
        "block parse": blocks,
        "sentence": sentences,
        "line": lambda t: doc(t, "x.txt").units("line"),
        "words": lambda t: doc(t, "x.txt").words,
    }


# what each figure is measured beyond
BEYOND = {"block parse": "construct", "sentence": "block parse", "line": "construct", "words": "construct"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    folder = corpus.generate(a.docs, 42, Path(tempfile.gettempdir()) / f"essaylint-docspeed-{a.docs}", "jsonl")
    texts = [t for _, t in corpus.corpus_docs(folder)]
    mods = {"reference": load("document_reference", a.reference), "current": load("document_current", str(CURRENT))}
    best: dict[tuple[str, str], float] = {}
    for _ in range(a.runs):
        for label, mod in mods.items():
            for name, fn in measures(mod).items():
                t0 = time.process_time()
                for t in texts:
                    fn(t)
                cost = (time.process_time() - t0) / len(texts) * 1e3
                best[label, name] = min(best.get((label, name), float("inf")), cost)
    print(f"document model, {len(texts)} gen_corpus essays, ms/essay (CPU, min of {a.runs} interleaved runs)")
    print(f"  {'':34} {'reference':>9} {'current':>9}")
    for name in ("construct", "construct as Markdown", *BEYOND):
        row = [best[label, name] - (best[label, BEYOND[name]] if name in BEYOND else 0.0) for label in mods]
        shown = name + (f" (beyond {BEYOND[name]})" if name in BEYOND else "")
        print(f"  {shown:34} {row[0]:9.3f} {row[1]:9.3f}")
    # what every default run pays: a document, its blocks and units, its sentences (no default rule reads lines or words)
    row = [best[label, "sentence"] for label in mods]
    print(f"  {'all shared units (= sentence)':34} {row[0]:9.3f} {row[1]:9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
