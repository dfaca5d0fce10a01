#!/usr/bin/env python3
"""In-process cost of each truncation rule per essay, after warm-up.

Documents are parsed once and their units computed (the engine shares that
work between all rules), then each rule's ``check`` is timed alone over every
essay, best of ``--repeat`` rounds.

    .venv/bin/python bench/speed_truncation.py --docs 2000
    .venv/bin/python bench/speed_truncation.py --real
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from essaylint.document import Document  # noqa: E402
from essaylint.engine import compiled, lint  # noqa: E402
from essaylint.kinds import get_kind  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--real", action="store_true", help="time the alpaca_eval responses (as Markdown) instead")
    a = ap.parse_args(argv)
    if a.real:
        texts = [(f"{m}/{i}.md", out) for m, i, _instr, out in corpus.alpaca_responses()]
        label = "alpaca_eval responses"
    else:
        folder = corpus.generate(a.docs, a.seed, Path(tempfile.gettempdir()) / f"essaylint-truncation-gen-{a.docs}-{a.seed}")
        texts = [(name, text) for name, text in corpus.corpus_docs(folder)]
        label = "gen_corpus essays"
    rules = [r for r in load_rules() if "truncation" in r.tags]
    docs = [Document(text, name) for name, text in texts]
    for d in docs:  # warm-up: units and words, as the other rules would leave them
        lint(d, rules)
    size = sum(len(t) for _, t in texts) / len(texts)
    print(f"{len(docs)} {label}, mean {size / 1000:.1f} KB")
    for rule in rules:
        kind = get_kind(rule.kind)
        c = compiled(rule)
        best = float("inf")
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            for d in docs:
                for _hit in kind.check(d, rule.scope, c):
                    pass
            best = min(best, time.perf_counter() - t0)
        print(f"  {rule.id}: {1e6 * best / len(docs):.1f} µs/essay")
    best = float("inf")
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for _name, text in texts:
            lint(Document(text, _name), rules)
        best = min(best, time.perf_counter() - t0)
    print(f"  all {len(rules)} rules from raw text (parsing included): {1e3 * best / len(docs):.3f} ms/essay")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
