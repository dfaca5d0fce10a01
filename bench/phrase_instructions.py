"""Instructions (callgrind) or CPU per essay of repeated-phrase's own work, first pass over unseen essays.

    .venv/bin/python bench/phrase_instructions.py --docs 300
    PYTHONPATH=/work/ref5/src .venv/bin/python bench/phrase_instructions.py --docs 300
    .venv/bin/python bench/phrase_instructions.py --time --docs 1000     # process_time instead

Two figures, each over ``--docs`` gen_corpus essays that this process has
never linted (the warm-up lints other essays of the corpus):

- ``own``: every other default rule has already linted the document (not
  counted), so the pieces the rules share (units, lowered text, item
  openings, the openers repeated-opener reports, copied items, loops) are
  built; what is counted is ``lint(doc, [repeated-phrase])``: what the rule
  adds to a default run;
- ``alone``: the document's units built, then repeated-phrase alone (as in
  ``repetition_instructions.py --rule repeated-phrase``): the rule's work
  plus every shared piece it asks for.

Instructions are counted inside ``functools.reduce`` only (see
``repetition_instructions.py``), with ``PYTHONHASHSEED=0`` so set and dict
orders, and so the counts, repeat; ``--time`` reports the minimum of
``--reps`` passes of ``time.process_time`` instead (noisy on a shared machine).

``--stages`` splits the ``own`` figure into cumulative prefixes of the work on
each document (shipped options, document scope): ``runs`` (``runs_text``),
``tokens`` (that plus ``_Tokens``: the split into words), ``repeated`` (that
plus ``_Tokens.repeated``: the word count, token kinds and n-gram groups) and
``lint`` (the whole rule); each stage's own cost is the difference with the
one before, so the next speed-up can be aimed where the instructions are.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import callgrind  # noqa: E402
import corpus  # noqa: E402

RULE = "repeated-phrase"


def _setup(docs: int, mode: str):
    from essaylint.document import Document
    from essaylint.engine import lint
    from essaylint.rules import load_rules

    texts = corpus.speed_texts()
    rules = [r for r in load_rules() if r.enabled]
    rule = [r for r in rules if r.id == RULE]
    others = [r for r in rules if r.id != RULE]
    for t in texts[-100:]:  # warm-up on other essays: compile the rules, lazy imports
        lint(Document(t, "w.txt"), rules)

    def fresh():
        ds = [Document(t, "a.txt") for t in texts[:docs]]
        for d in ds:
            if mode == "own":
                lint(d, others)
            else:
                d.units("list-item"), d.units("sentence"), d.units("paragraph"), d.units("heading")
        return ds
    return fresh, rule, lint


STAGES = ("runs", "tokens", "repeated", "lint")


def inner(docs: int, mode: str, stage: str = "lint") -> None:
    fresh, rule, lint = _setup(docs, mode)
    ds = fresh()
    if stage == "lint":
        functools.reduce(lambda _, d: lint(d, rule), ds, None)
        return
    from essaylint.kinds import repeated_phrase as rp
    from essaylint.kinds._repetition import runs_text

    opts = rule[0].options  # the shipped rule's options, as its YAML gives them
    n = opts.get("min-words", rp.OPTIONS["min-words"].default)
    k = opts.get("max-count", rp.OPTIONS["max-count"].default) + 1

    def work(_, d):
        rt = runs_text(d)
        if stage != "runs":
            tk = rp._Tokens(rt, 0, len(rt))
            if stage == "repeated":
                tk.repeated(n, k)
    functools.reduce(work, ds, None)


def timed(docs: int, mode: str, reps: int) -> float:
    fresh, rule, lint = _setup(docs, mode)
    best = float("inf")
    for _ in range(reps):
        ds = fresh()  # the rule's own memories stay warm after the first pass; the documents' do not
        t0 = time.process_time()
        for d in ds:
            lint(d, rule)
        best = min(best, time.process_time() - t0)
    return best / docs * 1e3


def count(args: list[str]) -> tuple[int, str]:
    return callgrind.count(__file__, args, keep=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--mode", choices=("own", "alone", "both"), default="both")
    ap.add_argument("--time", action="store_true", help="CPU time (min of --reps) instead of instructions")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--annotate", action="store_true", help="also the C functions with the most instructions")
    ap.add_argument("--stages", action="store_true", help="own mode, split into cumulative stages (see the docstring)")
    ap.add_argument("--stage", choices=STAGES, default="lint", help=argparse.SUPPRESS)
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    modes = ("own", "alone") if a.mode == "both" else (a.mode,)
    if a.inner:
        inner(a.docs, a.mode, a.stage)
        return 0
    import essaylint

    print(f"essaylint from {essaylint.__file__}")
    if a.stages:
        before = 0.0
        for stage in STAGES:
            total, _ = callgrind.count(__file__, [f"--docs={a.docs}", "--mode=own", f"--stage={stage}"])
            per = total / a.docs / 1e3
            print(f"{stage:>8}: {per:5.0f} k instructions per essay, {per - before:+5.0f} k for this stage")
            before = per
        return 0
    for mode in modes:
        if a.time:
            print(f"{mode:>5}: {timed(a.docs, mode, a.reps):.4f} ms per essay ({RULE}, min of {a.reps})")
            continue
        total, out = count([f"--docs={a.docs}", f"--mode={mode}"])
        print(f"{mode:>5}: {total / a.docs / 1e3:.0f} k instructions per essay ({RULE}, {a.docs} essays)")
        if a.annotate:
            print(callgrind.top_functions(out, 50))
        os.unlink(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
