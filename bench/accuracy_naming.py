"""Accuracy of naming-drift: labelled gen_corpus essays and real alpaca_eval responses.

    python bench/accuracy_naming.py --docs 10000 --seed 1        # precision / recall
    python bench/accuracy_naming.py --docs 0 --alpaca --sample 50 # real-text alarms, sampled
    python bench/accuracy_naming.py --docs 0 --alpaca --option head-change=true   # one option relaxed

Labelled: one ``inconsistent-naming`` record per variant mention (file, line);
a diagnostic on a labelled line is a true positive (each label matches at
most one diagnostic), any other diagnostic a false positive. Real text: every
alpaca_eval response is linted as Markdown; alarms are counted and a fixed
sample printed for manual review (bench/reviews/naming.md).
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
from essaylint.rules import load_rules  # noqa: E402

RULE = "naming-drift"


def naming_rules(overrides: dict | None = None):
    rules = [r for r in load_rules() if r.id == RULE]
    if overrides:
        rules = [r.with_changes(options={**r.options, **overrides}) for r in rules]
    return rules


def labelled(docs: int, seed: int, out: Path, show: int = 0, overrides: dict | None = None) -> dict:
    rules = naming_rules(overrides)
    folder = corpus.generate(docs, seed, out, layout="jsonl")
    recs = corpus.labels(folder, "inconsistent-naming")
    want = Counter((r["file"], r["line"]) for r in recs)
    variants = {}
    for r in recs:
        variants.setdefault((r["file"], r["line"]), []).append(r["variant"])
    got = Counter()
    on_variant = 0  # hits on a labelled line whose span is (part of) the labelled variant text
    texts = {}
    t0 = time.perf_counter()
    for name, text in corpus.corpus_docs(folder):
        doc = Document(text, name + ".txt")
        for d in lint(doc, rules):
            got[(name, d.line)] += 1
            span = doc.text[d.fix[0]:d.fix[1]] if d.fix else ""
            if span and any(span in v for v in variants.get((name, d.line), ())):
                on_variant += 1
            if show:
                texts.setdefault(name, text)
    elapsed = time.perf_counter() - t0
    tp = sum(min(n, want[k]) for k, n in got.items())
    fp = sum(got.values()) - tp
    fn = sum(want.values()) - tp
    p, r = corpus.prf(tp, fp, fn)
    if show:
        fps = [k for k, n in got.items() if n > want[k]][:show]
        fns = [k for k, n in want.items() if n > got[k]][:show]
        labels = {(x["file"], x["line"]): x for x in corpus.labels(folder, "inconsistent-naming")}
        for k in fps:
            print("FP", k, texts[k[0]].split("\n")[k[1] - 1][:300])
        for k in fns:
            print("FN", k, labels[k]["canonical"], "->", labels[k]["variant"])
    return {"docs": docs, "seed": seed, "labels": sum(want.values()), "tp": tp, "fp": fp, "fn": fn,
            "precision": p, "recall": r, "on_variant": on_variant, "ms_per_doc": 1000 * elapsed / max(docs, 1)}


def real(sample: int, seed: int = 5, overrides: dict | None = None) -> tuple[int, int, list]:
    rules = naming_rules(overrides)
    alarms = []
    n = 0
    for model, index, _instr, output in corpus.alpaca_responses():
        n += 1
        for d in lint(Document(output, f"{model}/{index}.md", markdown=True), rules):
            alarms.append((model, index, d))
    picked = alarms if len(alarms) <= sample else random.Random(seed).sample(alarms, sample)
    return n, len(alarms), sorted(picked, key=lambda a: (a[0], a[1], a[2].line))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=None, help="corpus folder (default: a temporary one)")
    ap.add_argument("--alpaca", action="store_true", help="also lint the real responses")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--show", type=int, default=0, help="print this many false positives and negatives")
    ap.add_argument("--option", action="append", default=[], metavar="NAME=YAML",
                    help="override one rule option, e.g. head-change=true (repeatable)")
    a = ap.parse_args(argv)
    import yaml

    overrides = {k: yaml.safe_load(v) for k, v in (o.split("=", 1) for o in a.option)}
    if a.docs:
        out = Path(a.out) if a.out else Path(tempfile.mkdtemp()) / f"gen-{a.docs}-{a.seed}"
        m = labelled(a.docs, a.seed, out, a.show, overrides)
        print(f"gen_corpus docs={m['docs']} seed={m['seed']} labels={m['labels']} tp={m['tp']} fp={m['fp']} "
              f"fn={m['fn']} precision={m['precision']:.4f} recall={m['recall']:.4f} "
              f"spans-on-the-variant={m['on_variant']}/{m['tp'] + m['fp']} "
              f"({m['ms_per_doc']:.3f} ms/doc incl. parsing)")
    if a.alpaca:
        n, total, picked = real(a.sample, overrides=overrides)
        print(f"alpaca_eval responses={n} alarms={total} sampled={len(picked)}")
        for model, index, d in picked:
            print(f"  {model} #{index} line {d.line}:{d.column}: {d.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
