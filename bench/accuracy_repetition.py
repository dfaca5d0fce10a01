"""Accuracy of the repetition rules: gen_corpus labels and real responses.

    .venv/bin/python bench/accuracy_repetition.py --docs 10000 --seed 1
    .venv/bin/python bench/accuracy_repetition.py --alpaca --sample 50 --sample-seed 4
    .venv/bin/python bench/accuracy_repetition.py --alpaca --exclude-model Qwen1.5-1.8B-Chat  # the other models
    .venv/bin/python bench/accuracy_repetition.py --alpaca --prompt   # each response linted with its instruction
    .venv/bin/python bench/accuracy_repetition.py --timing --docs 1000
    .venv/bin/python bench/accuracy_repetition.py --timing --alpaca      # the same on the real responses
    .venv/bin/python bench/accuracy_repetition.py --linearity            # a looping line 8x and 16x as long
    .venv/bin/python bench/accuracy_repetition.py --recheck D.txt E.txt  # sampled alarms this code no longer gives
    .venv/bin/python bench/accuracy_repetition.py --recheck bench/reviews/repetition-samples/*.txt \
        --review bench/reviews/repetition.md                           # and the agreement over those still given
    .venv/bin/python bench/accuracy_repetition.py --dump before.txt --docs 10000  # then diff two dumps

gen_corpus plants one repeated opener per labelled document ("repeated-phrase"
label: ``line`` = first item opening with the phrase, ``lines`` = all of
them). repeated-opener is scored two ways:

- per document: a document is predicted positive when the rule reports at
  least once; true positive when it carries the label;
- per line: the rule reports the items from the (max-count + 1)-th on, so
  the expected lines are ``lines[max-count:]``; a reported line is a true
  positive when it is expected. The related location (the first use) of every
  true-positive finding must be ``line``; mismatches are counted.

The other repetition rules have no gen_corpus label; their findings on the
corpus are counted (unlabelled documents repeat the group name by design, so
repeated-phrase findings there are not false alarms of the opener rule).
``--alpaca`` lints the real responses as Markdown and prints a seeded sample
of alarms for manual review (bench/reviews/repetition.md).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from essaylint.document import Document  # noqa: E402
from essaylint.engine import lint  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402

FAMILY = "repetition"


def family_rules():
    return [r for r in load_rules() if FAMILY in r.tags and r.enabled]


def score_gen(docs: int, seed: int, folder: Path | None = None) -> dict:
    folder = corpus.generate(docs, seed, folder or Path(tempfile.gettempdir()) / f"essaylint-gen-{docs}-{seed}",
                             layout="jsonl")
    rules = family_rules()
    opener = next(r for r in rules if r.id == "repeated-opener")
    allowed = opener.options["max-count"]
    labels = {r["file"]: r for r in corpus.labels(folder, "repeated-phrase")}
    tp = fp = fn = 0
    ltp = lfp = lfn = 0
    related_wrong = 0
    other = Counter()
    misses = []
    t0 = time.perf_counter()
    n = 0
    for name, text in corpus.corpus_docs(folder):
        n += 1
        diags = lint(Document(text, name + ".txt"), rules)
        found = sorted({d.line for d in diags if d.rule == opener.id})
        for d in diags:
            if d.rule != opener.id:
                other[d.rule] += 1
        lab = labels.get(name)
        if lab:
            tp += bool(found)
            fn += not found
            expected = set(lab["lines"][allowed:])
            ltp += len(expected & set(found))
            lfp += len(set(found) - expected)
            lfn += len(expected - set(found))
            related_wrong += sum(1 for d in diags if d.rule == opener.id and d.line in expected
                                 and d.related[0] != lab["line"])
            if not found and len(misses) < 5:
                misses.append((name, lab["phrase"]))
        else:
            fp += bool(found)
            if found and len(misses) < 5:
                misses.append((name, "unlabelled", found))
    elapsed = time.perf_counter() - t0
    p, r = corpus.prf(tp, fp, fn)
    lp, lr = corpus.prf(ltp, lfp, lfn)
    return {"docs": n, "labelled": len(labels), "doc": (tp, fp, fn, p, r), "line": (ltp, lfp, lfn, lp, lr),
            "related_wrong": related_wrong, "other": dict(other), "misses": misses,
            "ms_per_doc_all_family_rules": 1000 * elapsed / max(n, 1)}


def alpaca(sample: int, sample_seed: int, only: list[str] | None = None, skip_models: list[str] | None = None,
           prompts: bool = False) -> None:
    rules = family_rules()
    alarms = []
    per_rule = Counter()
    docs_with = Counter()
    n = 0
    for model, index, instr, output in corpus.alpaca_responses():
        n += 1
        diags = lint(Document(output, f"{model}/{index}.md", markdown=True, prompt=instr if prompts else None), rules)
        for rid in {d.rule for d in diags}:
            docs_with[rid] += 1
        for d in diags:
            per_rule[d.rule] += 1
            alarms.append((model, index, d, output))
    print(f"alpaca_eval: {n} responses linted as Markdown")
    for rid in sorted(per_rule):
        print(f"  {rid}: {per_rule[rid]} alarms in {docs_with[rid]} responses")
    rnd = random.Random(sample_seed)
    if only:
        alarms = [a for a in alarms if a[2].rule in only]
        print(f"sampling only {', '.join(only)}: {len(alarms)} alarms")
    if skip_models:  # a stratum: the small model's loops make most alarms, and hide how the rest fare
        alarms = [a for a in alarms if a[0] not in skip_models]
        print(f"sampling without {', '.join(skip_models)}: {len(alarms)} alarms")
    picked = rnd.sample(alarms, min(sample, len(alarms)))
    picked.sort(key=lambda a: (a[0], a[1], a[2].line, a[2].column))
    for k, (model, index, d, output) in enumerate(picked, 1):
        lines = output.split("\n")
        ctx = lines[d.line - 1] if d.line - 1 < len(lines) else ""
        print(f"\n#{k} {model} [{index}] {d.line}:{d.column} {d.rule}: {d.message}")
        if d.related:
            print(f"   first: {lines[d.related[0] - 1][:160]!r}")
        print(f"   here:  {ctx[max(0, d.column - 40):d.column + 120]!r}")


def timing(docs: int, seed: int, profile: bool = False, real: bool = False) -> None:
    """CPU time per essay of the repetition rules, in-process after warm-up, on gen_corpus essays.

    With ``real`` (``--timing --alpaca``): on the 4,025 alpaca_eval responses
    as Markdown instead, whose long looping answers are where a rule's cost
    per use shows.

    Every figure uses fresh documents whose units (list-item, sentence,
    paragraph, heading) are built before timing (the document model is timed
    by issue 9), so each rule pays the per-document helpers of
    ``kinds/_repetition.py`` it uses (lowered text, runs, labels, ...), and
    the figure for all of them together pays each helper once. The cost of
    ``lint(doc, [])`` (engine, suppression scan) is subtracted. CPU time of
    this process (``time.process_time``), best of five runs: wall time on a
    shared machine counts the other processes. Run it with
    ``PYTHONPATH=/path/to/other/src`` to time another checkout the same way.
    """
    import essaylint

    if real:
        texts = [output for _, _, _, output in corpus.alpaca_responses()]
    else:
        folder = corpus.generate(docs, seed, Path(tempfile.gettempdir()) / f"essaylint-gen-{docs}-{seed}", layout="jsonl")
        texts = [t for _, t in corpus.corpus_docs(folder)]
    name = "a.md" if real else "a.txt"
    size = sum(len(t.encode()) for t in texts) / len(texts)
    rules = family_rules()
    for t in texts[:200]:
        lint(Document(t, name), rules)
    print(f"essaylint from {essaylint.__file__}")
    print(f"{len(texts)} essays, {size:.0f} bytes on average; CPU ms per essay, best of 5, fresh documents")

    def fresh():
        ds = [Document(t, name) for t in texts]
        for d in ds:
            d.units("list-item"), d.units("sentence"), d.units("paragraph"), d.units("heading")
        return ds

    def cost(rs, repeat=5) -> float:
        best = float("inf")
        for _ in range(repeat):
            ds = fresh()
            t0 = time.process_time()
            for d in ds:
                lint(d, rs)
            best = min(best, time.process_time() - t0)
        return 1000 * best / len(texts)

    base = cost([])
    print(f"  lint() with no rule (subtracted below): {base:.3f}")
    for rule in rules:
        print(f"  {rule.id:<20} alone: {cost([rule]) - base:.3f}")
    print(f"  all {len(rules)} together (each helper paid once): {cost(rules) - base:.3f}")
    if profile:
        import cProfile
        import pstats

        ds = fresh()
        prof = cProfile.Profile()
        prof.enable()
        for d in ds:
            lint(d, rules)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def linearity() -> None:
    """Time of repeated-phrase on one looping line, 1x, 8x and 16x as long (the test asserts < 3x linear)."""
    rules = [r for r in load_rules() if r.id == "repeated-phrase"]
    base = "Cultural exchange can help build bridges between groups. " * 200

    def cost(text):
        best = float("inf")
        for _ in range(3):
            doc = Document(text)
            t0 = time.process_time()
            lint(doc, rules)
            best = min(best, time.process_time() - t0)
        return best

    one = cost(base)
    for k in (8, 16):
        print(f"{k:2}x the text: {cost(base * k) / one:.1f}x the time (1x: {1000 * one:.1f} ms)")


def review_verdicts(review: Path) -> dict[tuple[str, int], str]:
    """(sample letter, item number) -> verdict, from the tables of bench/reviews/repetition.md.

    Each sample's table sits under a heading "#### Sample X (...)"; a row is
    "| # | model | index | finding | verdict | why |" with verdict agree,
    disagree or (gone).
    """
    import re

    out = {}
    letter = None
    for line in review.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#### Sample ([A-Z]) ", line)
        if m:
            letter = m.group(1)
            continue
        if line.startswith("## "):
            letter = None
        m = re.match(r"\| (\d+) \| [^|]+ \| \d+ \| .* \| (agree|disagree|\(gone\)) \|", line)
        if letter and m:
            out[(letter, int(m.group(1)))] = m.group(2)
    return out


def recheck(samples: list[Path], review: Path | None = None, prompts: bool = False) -> None:
    """Which alarms of saved ``--alpaca`` sample printouts does this code no longer give?

    The samples in bench/reviews/repetition.md were drawn on earlier code;
    an alarm the current code still gives stays in the (uniform) sample,
    one it no longer gives is "gone". With ``review`` (the review file), the
    verdicts recorded there are tallied over the alarms still given: per
    sample, and pooled over the uniform samples and over the samples drawn
    without a model (printouts whose name contains "other-models").
    """
    import re

    want = {}
    for f in samples:
        for line in f.read_text(encoding="utf-8").splitlines():
            m = re.match(r"#(\d+) (\S+) \[(\d+)\] (\d+):(\d+) (\S+):", line)
            if m:
                want[(f.name, int(m[1]))] = (m[2], int(m[3]), int(m[4]), int(m[5]), m[6])
    need = {(v[0], v[1]) for v in want.values()}
    rules = family_rules()
    have = set()
    for model, index, instr, output in corpus.alpaca_responses():
        if (model, index) in need:
            doc = Document(output, f"{model}/{index}.md", markdown=True, prompt=instr if prompts else None)
            for d in lint(doc, rules):
                have.add((model, index, d.line, d.column, d.rule))
    gone = [k for k in sorted(want) if want[k] not in have]
    for k in gone:
        print(f"gone: {k[0]} #{k[1]} {want[k]}")
    print(f"{len(want) - len(gone)} of {len(want)} sampled alarms still given")
    if review is None:
        return
    verdicts = review_verdicts(review)
    tally: dict[tuple, Counter] = defaultdict(Counter)
    for (name, n), alarm in sorted(want.items()):
        verdict = verdicts.get((name[0], n))
        if verdict is None:
            print(f"no verdict in {review.name} for {name} #{n}")
            continue
        if verdict == "(gone)" or alarm not in have:
            continue
        stratum = "other models" if "other-models" in name else "uniform"
        for key in ((name,), (stratum,), (stratum, alarm[4])):
            tally[key][verdict] += 1

    def show(key):
        c = tally[key]
        n = c["agree"] + c["disagree"]
        return f"{c['agree']} of {n} agreed ({100 * c['agree'] / n:.1f}%)" if n else "no alarm"

    for name in sorted({k[0] for k in want}):
        print(f"  {name}: {show((name,))}")
    for stratum in ("uniform", "other models"):
        if tally[(stratum,)]:
            rules_seen = sorted(k[1] for k in tally if len(k) == 2 and k[0] == stratum)
            print(f"{stratum}, pooled: {show((stratum,))}; " + ", ".join(f"{r} {show((stratum, r))}" for r in rules_seen))


def dump(path: Path, docs: int, seed: int, prompts: bool = False) -> None:
    """Every repetition finding on ``docs`` gen_corpus essays and all real responses, one per line.

    Two dumps (before and after a change) diffed line by line show exactly
    which findings a change adds or removes.
    """
    folder = corpus.generate(docs, seed, Path(tempfile.gettempdir()) / f"essaylint-gen-{docs}-{seed}", layout="jsonl")
    rules = family_rules()
    with open(path, "w", encoding="utf-8") as out:
        for name, text in corpus.corpus_docs(folder):
            for d in lint(Document(text, name + ".txt"), rules):
                out.write(f"gen/{name}:{d.line}:{d.column}:{d.end_line}:{d.end_column}: {d.message} [{d.rule}] {d.related}\n")
        for model, index, instr, output in corpus.alpaca_responses():
            doc = Document(output, f"{model}/{index}.md", markdown=True, prompt=instr if prompts else None)
            for d in lint(doc, rules):
                out.write(f"{model}/{index}:{d.line}:{d.column}:{d.end_line}:{d.end_column}: {d.message} [{d.rule}] {d.related}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--alpaca", action="store_true", help="lint the real responses and print a review sample")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--sample-seed", type=int, default=4)
    ap.add_argument("--timing", action="store_true", help="per-rule CPU time per essay")
    ap.add_argument("--profile", action="store_true", help="with --timing: cProfile of the rules together")
    ap.add_argument("--rule", action="append", help="sample only alarms of this rule (repeatable)")
    ap.add_argument("--exclude-model", action="append", help="sample no alarms of this model (repeatable)")
    ap.add_argument("--prompt", action="store_true",
                    help="give each response its instruction as the prompt (what essaylint --prompt-field does)")
    ap.add_argument("--dump", type=Path, help="write every finding (gen_corpus and real responses) to this file")
    ap.add_argument("--linearity", action="store_true", help="repeated-phrase time on a looping line 8x and 16x as long")
    ap.add_argument("--recheck", type=Path, nargs="+", help="saved --alpaca printouts: which sampled alarms are gone")
    ap.add_argument("--review", type=Path, help="with --recheck: tally the verdicts of this review file over the alarms still given")
    a = ap.parse_args(argv)
    if a.linearity:
        linearity()
        return 0
    if a.recheck:
        recheck(a.recheck, a.review, a.prompt)
        return 0
    if a.dump:
        dump(a.dump, a.docs, a.seed, a.prompt)
        return 0
    if a.timing:
        timing(a.docs, a.seed, a.profile, a.alpaca)
        return 0
    if a.alpaca:
        alpaca(a.sample, a.sample_seed, a.rule, a.exclude_model, a.prompt)
        return 0
    res = score_gen(a.docs, a.seed)
    tp, fp, fn, p, r = res["doc"]
    print(f"gen_corpus docs={res['docs']} seed={a.seed} labelled={res['labelled']}")
    print(f"repeated-opener per document: tp={tp} fp={fp} fn={fn} precision={p:.4f} recall={r:.4f}")
    tp, fp, fn, p, r = res["line"]
    print(f"repeated-opener per line:     tp={tp} fp={fp} fn={fn} precision={p:.4f} recall={r:.4f}")
    print(f"first-use line differing from the label's line: {res['related_wrong']}")
    print(f"other repetition findings on the corpus: {res['other']}")
    print(f"time: {res['ms_per_doc_all_family_rules']:.3f} ms per document (lint with all repetition rules)")
    for m in res["misses"]:
        print("  example miss/false alarm:", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
