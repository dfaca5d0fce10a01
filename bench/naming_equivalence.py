"""Does naming-drift still report exactly what it reported before? (speed work's safety net)

    python bench/naming_equivalence.py                       # 10,000 essays (seed 1) + 4,025 real responses
    python bench/naming_equivalence.py --docs 2000 --no-alpaca --base e02dc76

The kind module as it is at ``--base`` (a git revision; default ``main``) is
loaded beside the working copy's, and both run on the same Documents: every
gen_corpus essay (plain text) and every alpaca_eval response (Markdown). For
each document the findings are compared field by field: the Hit's span,
message values (variant, reference, reference line, change), fix and related
span, which fix the diagnostic's path, line, column, message and fix. The
references corpus mode reads (``references()``) are compared too. Each rule
configuration is run: the shipped options, and with ``head-change: true``
(the one code path off by default). Prints the counts, a digest of all
findings per side, and the first differences; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from essaylint.document import Document  # noqa: E402
from essaylint.kinds import naming_consistency as current  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402

MODULE = "src/essaylint/kinds/naming_consistency.py"


def load_base(rev: str):
    """The kind module as committed at ``rev``, imported under another name."""
    src = subprocess.run(["git", "show", f"{rev}:{MODULE}"], cwd=corpus.ROOT, check=True,
                         capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "naming_consistency_base.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("naming_consistency_base", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def findings(mod, compiled, doc) -> tuple:
    hits = tuple((h.start, h.end, tuple(sorted(h.values.items())), h.fix, h.related)
                 for h in mod.check(doc, "document", compiled))
    return hits, tuple(mod.references(doc, compiled))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--base", default="main", help="git revision of the reference implementation")
    ap.add_argument("--no-alpaca", action="store_true")
    ap.add_argument("--show", type=int, default=10, help="print this many differences")
    a = ap.parse_args(argv)
    base = load_base(a.base)
    rev = subprocess.run(["git", "rev-parse", "--short", a.base], cwd=corpus.ROOT, capture_output=True,
                         text=True).stdout.strip()
    (rule,) = [r for r in load_rules() if r.id == "naming-drift"]
    configs = {"shipped": rule.options, "head-change": {**rule.options, "head-change": True}}
    batches = []
    if a.docs:
        folder = corpus.generate(a.docs, a.seed, Path(tempfile.mkdtemp()) / "eq", layout="jsonl")
        batches.append((f"gen_corpus seed {a.seed}", [(n + ".txt", t, False) for n, t in corpus.corpus_docs(folder)]))
    if not a.no_alpaca:
        batches.append(("alpaca_eval", [(f"{m}/{i}.md", o, True) for m, i, _, o in corpus.alpaca_responses()]))
    differ = 0
    for cname, opts in configs.items():
        cb, cc = base.compile(opts), current.compile(opts)
        for label, items in batches:
            n_hits = n_refs = bad = 0
            hb, hc = hashlib.sha256(), hashlib.sha256()
            tb = tc = 0.0
            for path, text, md in items:
                doc = Document(text, path, markdown=md)
                t0 = time.process_time()
                want = findings(base, cb, doc)
                t1 = time.process_time()
                got = findings(current, cc, doc)
                tc += time.process_time() - t1
                tb += t1 - t0
                hb.update(repr((path, want)).encode())
                hc.update(repr((path, got)).encode())
                n_hits += len(want[0])
                n_refs += len(want[1])
                if want != got:
                    bad += 1
                    if differ < a.show:
                        print(f"  DIFF {path}\n    base:    {want}\n    current: {got}")
                    differ += 1
            print(f"{cname:11} {label:18} docs={len(items)} findings={n_hits} references={n_refs} "
                  f"documents differing={bad} digest base={hb.hexdigest()[:12]} current={hc.hexdigest()[:12]} "
                  f"(check+references: base {1000 * tb / len(items):.3f}, current {1000 * tc / len(items):.3f} ms/doc)")
    print(f"base {a.base} ({rev}) vs working copy: {'IDENTICAL' if not differ else f'{differ} documents differ'}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
