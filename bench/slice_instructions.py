"""Instructions per essay of a set of rules (default: the repetition and truncation kinds' rules), by valgrind.

    .venv/bin/python bench/slice_instructions.py --docs 300
    PYTHONPATH=/work/ref5/src .venv/bin/python bench/slice_instructions.py --docs 300
    .venv/bin/python bench/slice_instructions.py --rule duplicate-item --rule duplicate-sentence

Like ``repetition_instructions.py`` (callgrind, counting only inside
``functools.reduce``), for any rules: the rules lint ``--docs`` gen_corpus
documents the process has never linted (a FIRST pass: only the rules were
compiled, on 50 other essays), whose units (list items, paragraphs,
headings, sentences) are already built, so the document model's block
parse is not counted; ``--warm`` lints them once before counting (a second
pass: per-process memories warm). The default set is the rules of the
kinds duplicate-unit, repeated-opener, degenerate-loop, list-termination,
truncated-ending and list-numbering; ``--all`` takes every enabled rule.
Prints the instructions per essay, lint() with no rule subtracted.
``--whole`` counts what a run does per essay with every enabled rule:
``lint(Document(text))`` from the text, the document model included,
nothing subtracted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import callgrind  # noqa: E402
import corpus  # noqa: E402

SLICE = ("degenerate-loop", "duplicate-item", "duplicate-sentence", "list-numbering", "repeated-opener",
         "truncated-ending", "unpunctuated-list-item", "unterminated-list-item")


def inner(docs: int, rule_ids: list[str], every: bool, empty: bool, warm: bool, whole: bool = False) -> None:
    from essaylint.rules import load_rules

    wanted = set(rule_ids or SLICE)
    rules = [r for r in load_rules() if r.enabled and (every or r.id in wanted)]
    callgrind.lint_counted(corpus.speed_texts(), docs, [] if empty else rules, warm=warm, whole=whole)


def count(args: list[str]) -> tuple[int, str]:
    return callgrind.count(__file__, args, keep=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--rule", action="append", default=[])
    ap.add_argument("--all", action="store_true", help="every enabled rule")
    ap.add_argument("--warm", action="store_true", help="lint the documents once before counting")
    ap.add_argument("--whole", action="store_true", help="every enabled rule, from the text (document model included)")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--empty", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.inner:
        inner(a.docs, a.rule, a.all or a.whole, a.empty, a.warm, a.whole)
        return 0
    import essaylint

    extra = [f"--rule={r}" for r in a.rule] + ["--all"] * a.all + ["--warm"] * a.warm
    if a.whole:
        total, out = count([f"--docs={a.docs}", "--whole", *["--warm"] * a.warm])
        os.unlink(out)
        print(f"essaylint from {essaylint.__file__}")
        print(f"{total / a.docs / 1e3:.0f} k instructions per essay (lint(Document(text)), every enabled rule; "
              f"{'second' if a.warm else 'first'} pass)")
        return 0
    total, out = count([f"--docs={a.docs}", *extra])
    os.unlink(out)
    base, out = count([f"--docs={a.docs}", "--empty", *["--warm"] * a.warm])
    os.unlink(out)
    what = "every enabled rule" if a.all else ", ".join(a.rule or SLICE)
    print(f"essaylint from {essaylint.__file__}")
    print(f"{(total - base) / a.docs / 1e3:.0f} k instructions per essay ({what}; {'second' if a.warm else 'first'} "
          f"pass; lint() with no rule, {base / a.docs / 1e3:.0f} k, subtracted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
