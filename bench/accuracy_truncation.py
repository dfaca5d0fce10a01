#!/usr/bin/env python3
"""Accuracy of the truncation rules.

1. Labelled: precision and recall of ``unterminated-list-item`` on gen_corpus
   essays (label kind ``unterminated-list-item``, line = the last line).
   Any truncation finding (either rule) at the labelled line counts as a hit,
   so a cut reported by the wrong rule is not hidden; findings of
   ``truncated-ending`` or ``list-numbering`` elsewhere count as false alarms.
2. Real: every alpaca_eval response linted as Markdown; alarms per rule and
   model, and a reproducible random sample of alarms and of silent documents
   that end without terminal punctuation, for manual review.

    .venv/bin/python bench/accuracy_truncation.py --docs 10000
    .venv/bin/python bench/accuracy_truncation.py --docs 0 --sample 60 --dump /tmp/trunc-sample.txt
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from essaylint.document import Document  # noqa: E402
from essaylint.engine import lint  # noqa: E402
from essaylint.kinds._truncation import ending  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402

RULES = ("unterminated-list-item", "truncated-ending", "unpunctuated-list-item", "list-numbering")
CUT_RULES = ("unterminated-list-item", "truncated-ending")


def truncation_rules():
    return [r for r in load_rules([], defaults=True) if r.id in RULES]


def labelled(docs: int, seed: int, rules, folder: Path | None = None) -> dict:
    """Precision and recall of the cut findings on ``docs`` generated essays.

    The corpus is written once to ``folder`` (a private temporary folder by
    default: other scripts writing the same path would mix layouts)."""
    folder = folder or Path(tempfile.gettempdir()) / f"essaylint-truncation-gen-{docs}-{seed}"
    folder = corpus.generate(docs, seed, folder)
    want = {(r["file"], r["line"]) for r in corpus.labels(folder, "unterminated-list-item")}
    got = set()
    other = Counter()
    n = 0
    t0 = time.perf_counter()
    for name, text in corpus.corpus_docs(folder):
        n += 1
        for d in lint(Document(text, name), rules):
            if d.rule in CUT_RULES:
                got.add((name, d.line))
            else:
                other[d.rule] += 1
    secs = time.perf_counter() - t0
    tp, fp, fn = len(got & want), len(got - want), len(want - got)
    p, r = corpus.prf(tp, fp, fn)
    return {"docs": n, "labels": len(want), "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
            "other": dict(other), "ms_per_doc": 1000 * secs / max(n, 1),
            "misses": sorted(want - got)[:10], "false": sorted(got - want)[:10]}


def real(rules, sample: int, seed: int):
    alarms = []
    silent = []
    per = Counter()
    total = 0
    for model, idx, _instr, out in corpus.alpaca_responses():
        total += 1
        doc = Document(out, f"{model}/{idx}.md", markdown=True)
        found = lint(doc, rules)
        for d in found:
            per[(d.rule, model)] += 1
            alarms.append((model, idx, d, out))
        if not any(d.rule in CUT_RULES for d in found) and ending(out.rstrip()).state == "cut":
            silent.append((model, idx, out))
    rnd = random.Random(seed)
    by_rule = {}
    for rule in RULES:
        pool = [a for a in alarms if a[2].rule == rule]
        by_rule[rule] = rnd.sample(pool, min(sample, len(pool)))
    return total, per, by_rule, rnd.sample(silent, min(sample, len(silent))), len(silent)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10000, help="gen_corpus essays (0 skips)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=0, help="alarms and silent docs to sample from alpaca_eval")
    ap.add_argument("--no-real", action="store_true", help="skip alpaca_eval")
    ap.add_argument("--dump", help="write the sampled documents' endings here for review")
    a = ap.parse_args(argv)
    rules = truncation_rules()
    if a.docs:
        r = labelled(a.docs, a.seed, rules)
        print(f"gen_corpus {r['docs']} essays (seed {a.seed}): unterminated-list-item labels {r['labels']}, "
              f"tp {r['tp']} fp {r['fp']} fn {r['fn']}, precision {r['precision']:.4f} recall {r['recall']:.4f}; "
              f"other truncation findings {r['other'] or 0}; {r['ms_per_doc']:.3f} ms/essay ({len(rules)} rules, parsing included)")
        for m in r["misses"]:
            print("  missed", m)
        for f in r["false"]:
            print("  false", f)
    if a.no_real:
        return 0
    total, per, by_rule, silent, n_silent = real(rules, a.sample, a.seed)
    print(f"alpaca_eval {total} responses as Markdown:")
    models = sorted({m for _, m in per})
    for rule in RULES:
        row = {m: per[(rule, m)] for m in models}
        print(f"  {rule}: {sum(row.values())} alarms  " + ", ".join(f"{m} {c}" for m, c in row.items() if c))
    print(f"  silent documents ending without terminal punctuation: {n_silent}")
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as f:
            for rule, items in by_rule.items():
                for model, idx, d, out in items:
                    f.write(f"=== ALARM {rule} {model} {idx} line {d.line}: {d.message}\n{out[-700:]}\n\n")
            for model, idx, out in silent:
                f.write(f"=== SILENT {model} {idx}\n{out[-700:]}\n\n")
        print(f"  sample written to {a.dump}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
