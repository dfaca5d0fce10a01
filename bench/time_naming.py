"""In-process CPU time of the naming rules per essay (Documents built first, warm-up, best of 3).

    python bench/time_naming.py --docs 1000
    python bench/time_naming.py --docs 1000 --base e02dc76   # the kind as committed there, same harness

The kind remembers facts about words and compared names for the whole
process (they recur across documents). So that a figure is not a replay of
its own cache, the warm-up lints other documents (another seed, the other
half of the real responses), and every timed pass starts with those caches
emptied: each pass is what one run over these documents costs, caches filling
as it goes. ``--warm`` times a second pass with the caches kept instead.

CPU time on a shared machine is noisy; instruction counts are not. Count
one pass's instructions as the difference of two runs under callgrind:

    for n in 1 3; do valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        python bench/time_naming.py --docs 300 --only gen_corpus --passes $n; done
    # (Collected(3) - Collected(1)) / 2 / 300 = instructions per essay of a pass, likewise with --base;
    # a pass also builds its Documents and runs lint(), the same on both sides
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
from essaylint.kinds import naming_consistency  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--warm", action="store_true", help="keep the caches between passes")
    ap.add_argument("--base", default=None, help="time the naming-consistency kind as committed at this git revision")
    ap.add_argument("--passes", type=int, default=3, help="timed passes (the best is reported)")
    ap.add_argument("--only", choices=("gen_corpus", "alpaca_eval"), default=None, help="time one corpus only")
    a = ap.parse_args(argv)
    kind = naming_consistency
    if a.base:
        from naming_equivalence import load_base

        kind = sys.modules["essaylint.kinds.naming_consistency"] = load_base(a.base)
    tmp = Path(tempfile.mkdtemp())
    texts = [t for _, t in corpus.corpus_docs(corpus.generate(a.docs, a.seed, tmp / "t", layout="jsonl"))]
    other = [t for _, t in corpus.corpus_docs(corpus.generate(50, a.seed + 1000, tmp / "w", layout="jsonl"))]
    real_all = [o for *_, o in corpus.alpaca_responses()] if a.only != "gen_corpus" else []
    real, real_other = real_all[::2][:2000], real_all[1::2][:50]
    rules = [r for r in load_rules() if "naming" in r.tags and r.enabled]
    naming = [compiled(r) for r in rules if r.kind == "naming-consistency"]
    assert all(type(c).__module__ == kind.__name__ for c in naming)

    def forget():
        for c in naming:
            if hasattr(kind, "clear_caches"):
                kind.clear_caches(c)

    for label, batch, warmup, md in (("gen_corpus", texts, other, False), ("alpaca_eval", real, real_other, True)):
        if a.only not in (None, label):
            continue
        for t in warmup:
            lint(Document(t, "x.md" if md else "x.txt", markdown=md), rules)
        best = float("inf")
        for _ in range(a.passes):  # best of several CPU times: the machine is shared
            docs = [Document(t, "x.md" if md else "x.txt", markdown=md) for t in batch]
            for d in docs:
                d.text  # the document model's own work is not the rule's
            if not a.warm:
                forget()
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
              f"{1000 * dt / len(docs):.3f} ms/doc{' (warm caches)' if a.warm else ''} "
              f"(word-regex yardstick {1000 * yard / len(docs):.3f} ms/doc)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
