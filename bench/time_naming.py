"""In-process CPU time of the naming rules per essay (Documents built first, warm-up, best of 3).

    python bench/time_naming.py --docs 2000
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
from essaylint.engine import lint  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=3)
    a = ap.parse_args(argv)
    folder = corpus.generate(a.docs, a.seed, Path(tempfile.mkdtemp()) / "t", layout="jsonl")
    texts = [t for _, t in corpus.corpus_docs(folder)]
    real = [o for *_, o in corpus.alpaca_responses()][:2000]
    rules = [r for r in load_rules() if "naming" in r.tags and r.enabled]
    for label, batch, md in (("gen_corpus", texts, False), ("alpaca_eval", real, True)):
        docs = [Document(t, "x.md" if md else "x.txt", markdown=md) for t in batch]
        for d in docs[:50]:
            lint(d, rules)
        best = float("inf")
        for _ in range(3):  # best of three CPU times: the machine is shared
            docs = [Document(t, "x.md" if md else "x.txt", markdown=md) for t in batch]
            t0 = time.process_time()
            for d in docs:
                lint(d, rules)
            best = min(best, time.process_time() - t0)
        dt = best
        # a yardstick measured alongside: one pass of a word regex over each text
        # (what any tokenising check pays), to compare figures taken under other loads
        import regex

        word = regex.compile(r"\w+")
        t0 = time.process_time()
        for t in batch:
            for _ in word.finditer(t):
                pass
        yard = time.process_time() - t0
        kb = sum(len(t.encode()) for t in batch) / len(batch) / 1024
        print(f"{label}: {len(docs)} docs, {kb:.1f} KB avg, {', '.join(r.id for r in rules)}: "
              f"{1000 * dt / len(docs):.3f} ms/doc (word-regex yardstick {1000 * yard / len(docs):.3f} ms/doc)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
