#!/usr/bin/env python3
"""Write every finding of the default rule set, one repr per line, to compare two versions.

Usage: bench/dump_findings.py OUT [--docs N]
  e.g. git archive main | tar -x -C /tmp/essaylint-main
       PYTHONPATH=/tmp/essaylint-main/src .venv/bin/python bench/dump_findings.py /tmp/before.txt
       .venv/bin/python bench/dump_findings.py /tmp/after.txt && cmp /tmp/before.txt /tmp/after.txt

Lints N gen_corpus essays (seed 1, default 10,000) and all alpaca_eval
responses, each as plain text and as Markdown, and writes each diagnostic
with every field (position, rule, severity, message, fix, related), so a
speed-up that changes any finding shows up as a difference. The essaylint
that runs is whichever the import finds (PYTHONPATH picks another checkout);
its path is printed on stderr.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

import essaylint  # noqa: E402
from essaylint.document import Document  # noqa: E402
from essaylint.engine import lint  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=10_000)
    a = ap.parse_args()
    print(f"essaylint from {essaylint.__file__}", file=sys.stderr)
    rules = [r for r in load_rules() if r.enabled]
    folder = corpus.generate(a.docs, 1, Path(tempfile.gettempdir()) / f"essaylint-findings-{a.docs}", "jsonl")
    texts = [(label, text) for label, text in corpus.corpus_docs(folder)]
    if corpus.ALPACA.exists():
        texts += [(f"{model}#{i}", output) for model, i, _, output in corpus.alpaca_responses()]
    t0 = time.perf_counter()
    n = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for label, text in texts:
            for md in (False, True):
                doc = Document(text, label + (".md" if md else ".txt"), markdown=md)
                for d in lint(doc, rules):
                    out.write(repr((d.path, d.line, d.column, d.end_line, d.end_column, d.rule, d.severity,
                                    d.message, d.fix, d.related)) + "\n")
                    n += 1
    print(f"{n} findings on {len(texts)} texts x 2 formats in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
