"""Instructions per essay of the repetition rules, counted by valgrind (repeatable on a loaded machine).

    .venv/bin/python bench/repetition_instructions.py --docs 200
    PYTHONPATH=/path/to/main/src .venv/bin/python bench/repetition_instructions.py --docs 200

Wall and CPU time on a shared 2-core machine vary by a factor of two from
one run to the next; the number of instructions executed does not. This
runs itself under ``valgrind --tool=callgrind`` and counts only inside the
timed region (``--toggle-collect`` on the C function behind
``functools.reduce``, which nothing else here calls): the repetition rules
linting ``--docs`` fresh gen_corpus documents whose units are already built,
after a warm-up, as in ``accuracy_repetition.py --timing``. ``--rule`` picks
one rule (repeatable; default all five together). Prints the instructions per
essay; divide two runs' figures for the speed-up. ``--annotate`` also prints
the C functions that executed the most instructions.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import callgrind  # noqa: E402
import corpus  # noqa: E402


def inner(docs: int, rule_ids: list[str], empty: bool) -> None:
    from essaylint.rules import load_rules

    rules = [r for r in load_rules() if "repetition" in r.tags and r.enabled and (not rule_ids or r.id in rule_ids)]
    callgrind.lint_counted(corpus.speed_texts(), docs, [] if empty else rules)


def count(args: list[str]) -> tuple[int, str]:
    return callgrind.count(__file__, args, keep=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--rule", action="append", default=[])
    ap.add_argument("--annotate", action="store_true")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--empty", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.inner:
        inner(a.docs, a.rule, a.empty)
        return 0
    import essaylint

    extra = [f"--rule={r}" for r in a.rule]
    total, out = count([f"--docs={a.docs}", *extra])
    base, _ = count([f"--docs={a.docs}", "--empty"])
    print(f"essaylint from {essaylint.__file__}")
    print(f"{(total - base) / a.docs / 1e3:.0f} k instructions per essay ({', '.join(a.rule) or 'all five rules'}; "
          f"lint() with no rule, {base / a.docs / 1e3:.0f} k, subtracted)")
    if a.annotate:
        print(callgrind.top_functions(out, 60))
    os.unlink(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
