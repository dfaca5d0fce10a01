"""Instructions (callgrind) or CPU time of naming-drift's FIRST pass over essays the process has not seen.

    .venv/bin/python bench/naming_instructions.py --docs 500                  # gen_corpus + alpaca_eval
    PYTHONPATH=/work/ref5/src .venv/bin/python bench/naming_instructions.py --docs 500   # a reference checkout
    .venv/bin/python bench/naming_instructions.py --docs 1000 --cpu          # CPU ms instead (best of --runs)
    .venv/bin/python bench/naming_instructions.py --docs 1000 --profile      # cProfile of the first pass
    .venv/bin/python bench/naming_instructions.py --only gen_corpus --function _walk_on   # inside one function
    .venv/bin/python bench/naming_instructions.py --only gen_corpus --top 40   # callgrind's own cost by C function

A real run meets every essay once, so the process-wide memories of the kind
(word facts, chunk kinds, name templates, compared names) are cold for most
of what it reads. Each measurement runs in a fresh process: it builds the
Documents (``doc.text`` computed, which is not the rule's work), warms up on
50 other essays (another seed, the other half of the real responses: the
lazy imports, the compiled rule), then calls the kind's ``check`` once on
each document. Under callgrind only that pass is counted
(``--toggle-collect`` on the C function behind ``functools.reduce``, which
nothing else here calls). Prints instructions (or CPU ms) per essay for each
corpus: gen_corpus (seed 7, plain text) and the alpaca_eval responses (every
other one, Markdown). ``--function NAME`` counts only inside the kind's
module-level function (or class) NAME, wrapped in ``functools.reduce`` for
the pass (about 1,700 instructions of the wrapper per call are included; the
whole pass then runs outside ``reduce``). Set PYTHONHASHSEED=0 on both sides for counts that
repeat to the last digits (set and dict order moves them by a few hundred).

At 0369bfa, PYTHONHASHSEED=0, --docs 1000: gen_corpus 881,133 instructions
per essay on a24c7d4 (PYTHONPATH=/work/ref5/src) and 831,370 here; alpaca_eval
249,695 and 248,131. Of the gen_corpus figure about 211,000 is the head-noun
scan (``_find_heads``, one ``re`` attempt at every space), of alpaca_eval's
about 180,000.

At 8f5d116 (round 5), PYTHONHASHSEED=0, --docs 1000: gen_corpus 829,038 on
10ab4c3 (PYTHONPATH=/work/ref6/src) and 824,786 here; alpaca_eval 247,698 and
246,989. What was tried and measured there: a C screen of the heads present
(bytes.translate + split + set intersection, or one ``in`` per head) and a
str.find loop per present head cost more than the one trie regex (about
165,000 of the gen_corpus figure); a walk back done with ``map``/``finditer``
and ``bytes.rfind`` cost three times the Python loop, as each C call per chunk
(a match object, a map step) costs about as much as the interpreter steps it
replaces.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

CORPORA = ("gen_corpus", "alpaca_eval")


def batches(docs: int):
    """{corpus: (texts, warm-up texts, markdown?)}"""
    tmp = Path(tempfile.gettempdir())
    gen = [t for _, t in corpus.corpus_docs(corpus.generate(docs, 7, tmp / f"essaylint-naming-{docs}-7", "jsonl"))]
    warm = [t for _, t in corpus.corpus_docs(corpus.generate(50, 8, tmp / "essaylint-naming-50-8", "jsonl"))]
    real = [o for *_, o in corpus.alpaca_responses()]
    return {"gen_corpus": (gen, warm, False), "alpaca_eval": (real[::2][:docs], real[1::2][:50], True)}


def inner(label: str, docs: int, mode: str, function: str = "") -> None:
    import time

    from essaylint.document import Document
    from essaylint.engine import compiled
    from essaylint.kinds import naming_consistency as kind
    from essaylint.rules import load_rules

    texts, warm, md = batches(docs)[label]
    (rule,) = [r for r in load_rules() if r.id == "naming-drift"]
    c = compiled(rule)
    name = "x.md" if md else "x.txt"
    for t in warm:
        list(kind.check(Document(t, name, markdown=md), "document", c))
    ds = [Document(t, name, markdown=md) for t in texts]
    for d in ds:
        d.text, d.position(0)
    run = lambda _, d: list(kind.check(d, "document", c))  # noqa: E731
    if function:  # count inside that function only: the pass itself runs outside reduce
        orig = getattr(kind, function)
        setattr(kind, function, lambda *a, **k: functools.reduce(lambda _, __: orig(*a, **k), (0,), None))
        for d in ds:
            run(None, d)
        print(json.dumps({"cpu": 0.0, "n": len(ds)}))
        return
    if mode == "profile":
        import cProfile
        import pstats

        p = cProfile.Profile()
        p.runcall(functools.reduce, run, ds, None)
        pstats.Stats(p).sort_stats("tottime").print_stats(25)
        return
    t0 = time.process_time()
    functools.reduce(run, ds, None)
    print(json.dumps({"cpu": time.process_time() - t0, "n": len(ds)}))


def measure(label: str, docs: int, mode: str, function: str = "") -> float:
    """Instructions or CPU seconds per essay, from one fresh process."""
    cmd = [sys.executable, __file__, "--inner", label, str(docs), mode, function]
    if mode == "instructions":
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--toggle-collect=functools_reduce",
               *cmd]
    res = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
    if res.returncode:
        sys.exit(res.stderr)
    got = json.loads(res.stdout.strip().splitlines()[-1])
    if mode == "instructions":
        line = next(ln for ln in res.stderr.splitlines() if "Collected :" in ln)
        return int(line.split(":")[-1]) / got["n"]
    return got["cpu"] / got["n"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--only", choices=CORPORA, default=None)
    ap.add_argument("--cpu", action="store_true", help="CPU time (best of --runs fresh processes)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one first pass")
    ap.add_argument("--function", default="", metavar="NAME", help="count instructions inside this function only")
    ap.add_argument("--top", type=int, default=0, metavar="N",
                    help="also print callgrind_annotate's first N lines (own instructions by C function)")
    ap.add_argument("--inner", nargs=4, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.inner:
        inner(*a.inner[:1], int(a.inner[1]), *a.inner[2:])
        return 0
    for label in CORPORA:
        if a.only not in (None, label):
            continue
        if a.profile:
            inner(label, a.docs, "profile")
            continue
        if a.cpu:
            v = min(measure(label, a.docs, "cpu") for _ in range(a.runs))
            print(f"{label}: {a.docs} essays, naming-drift first pass: {v * 1e3:.4f} CPU ms per essay")
        elif a.top:
            import callgrind

            total, out = callgrind.count(__file__, [label, str(a.docs), "instructions", a.function], keep=True)
            print(f"{label}: {a.docs} essays, naming-drift first pass: {total / a.docs:,.0f} instructions per essay")
            print(callgrind.top_functions(out, a.top))
            os.unlink(out)
        else:
            v = measure(label, a.docs, "instructions", a.function)
            print(f"{label}: {a.docs} essays, naming-drift first pass: {v:,.0f} instructions per essay"
                  + (f" inside {a.function}" if a.function else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
