#!/usr/bin/env python3
"""Where a whole ``essaylint -j1 --no-cache`` run spends its CPU, beside the in-process profile.

    .venv/bin/python bench/pipeline_breakdown.py [--docs 10000] [--reference SRC] [--runs 2]
    .venv/bin/python bench/pipeline_breakdown.py --instructions --docs 1000    # callgrind: ~15 min
    .venv/bin/python bench/pipeline_breakdown.py --rule naming-drift [--instructions --docs 2000]

``bench/bench.py``'s profile lints essays it has already linted (warm-up,
then each rule alone, then "fresh documents"): every process-wide memory (a
word's readability code, naming-drift's name templates and walks) already
holds those essays' words. A real run meets every essay once. This script
separates the parts, each measured in a fresh process (``time.process_time``
inside the process; the minimum over ``--runs``):

- ``start-up``: imports, rule loading and compiling, ``main`` on one file;
- ``main -j1``: ``essaylint.cli.main(['-q', '--no-cache', '-j', '1', DIR])``
  on the whole folder, report to /dev/null: what the command costs;
- ``lint, first pass``: the same texts read beforehand (not timed), then
  ``engine.lint(Document(text, path), rules)`` once each, in a process that
  has linted nothing: the rules on text they have not seen;
- ``lint, second pass``: the same loop again in that process: what the
  profile measures (every memory warm);
- ``read + decode``: ``runner.read_bytes`` and ``Document.from_bytes`` for
  every file, no rule;
- ``main -j2``: the same command with two workers (what ``bench/bench.py``
  runs on this 2-core machine): the parent's CPU after start-up (discovery,
  config, the pool's hand-offs, rows, sorting, the report) and the workers'
  (from ``RUSAGE_CHILDREN``). Two workers busy at once on a shared machine
  also run slower per instruction, which CPU time shows and instruction
  counts do not. (``--instructions`` leaves it out: a forked worker's
  callgrind count includes the parent's instructions before the fork.)

``main - start-up - first pass`` is the pipeline (discovery, config lookup,
reading, rows, sorting, the report); ``first - second pass`` is what cold
memories cost. With ``--reference SRC`` every figure is also taken with
``PYTHONPATH=SRC`` (interleaved), to compare a checkout with another.

On a machine shared with other work, CPU time of the same command varies by
a third from one run to the next, and the parts are differences of such
figures: prefer ``--instructions`` (repeatable) for the -j1 parts, and
several ``--runs`` for the -j2 ones.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

MODES = ("start-up", "main", "main-j2", "lint", "read")


def child(mode: str, folder: str, docs: int, rule: str = "") -> dict:
    """Runs inside the measured process; returns {part: CPU seconds}.

    Each measured part runs inside ``functools.reduce`` (nothing else here
    calls it), which ``--instructions`` tells callgrind to count in; under
    callgrind ``mode`` may end in ``:first`` or ``:second`` to count one pass.
    """
    import functools
    import time

    clock = time.process_time
    mode, _, only = mode.partition(":")
    files = sorted(os.path.join(folder, n) for n in os.listdir(folder))[:docs]
    if mode in ("start-up", "main", "main-j2"):
        import resource

        from essaylint.cli import main

        sys.stdout = open(os.devnull, "w")
        every = len(files) == len(os.listdir(folder))
        argv = ["-q", "--no-cache", "-j", "2" if mode == "main-j2" else "1",
                *(files[:1] if mode == "start-up" else [folder] if every else files)]
        t0 = clock()
        functools.reduce(lambda _, a: main(a), [argv], None)
        if mode == "main-j2":  # the pool's workers have exited: their CPU is the children's
            ch = resource.getrusage(resource.RUSAGE_CHILDREN)
            return {"parent-j2": clock() - t0, "workers-j2": ch.ru_utime + ch.ru_stime}
        return {mode: clock() - t0}
    from essaylint import runner
    from essaylint.document import Document

    if mode == "read":
        t0 = clock()
        functools.reduce(lambda _, f: Document.from_bytes(runner.read_bytes(f), f, markdown=runner.is_markdown(f)),
                         files, None)
        return {"read": clock() - t0}
    from essaylint.config import Selection
    from essaylint.engine import lint

    sel = Selection()
    sel.prepare(files)
    rules = sel.rules_for(files[0])
    if rule:  # one rule's passes (the document's units are then part of its cost)
        rules = [r for r in rules if r.id == rule]
    data = [(f, runner.read_bytes(f)) for f in files]
    # the first file warms up (the kinds' lazy imports, dictionaries), as it does in ``start-up``; the passes
    # lint the others, so (main - start-up - first pass) is what the command adds to linting them
    f, b = data.pop(0)
    lint(Document.from_bytes(b, f, markdown=False), rules)
    out = {}
    for label in ("first", "second"):
        t0 = clock()
        if label == only or not only:
            functools.reduce(lambda _, fb: lint(Document.from_bytes(fb[1], fb[0], markdown=False), rules), data, None)
        else:
            for f, b in data:
                lint(Document.from_bytes(b, f, markdown=False), rules)
        out[label] = clock() - t0
    return out


def measure(mode: str, folder: Path, docs: int, src: str | None, instructions: bool = False, rule: str = "") -> dict:
    """{part: CPU seconds} of one fresh process; with ``instructions``, {mode: instructions} from callgrind."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    cmd = [sys.executable, __file__, "--child", mode, str(folder), str(docs), rule]
    if instructions:
        out = tempfile.mktemp(prefix="essaylint-callgrind-")
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--toggle-collect=functools_reduce",
               *cmd]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if res.returncode:
        sys.exit(res.stderr)
    if instructions:
        os.unlink(out)
        line = next(ln for ln in res.stderr.splitlines() if "Collected :" in ln)
        return {mode: int(line.split(":")[-1])}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="lint the first DOCS of the 10,000 files")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "essaylint-breakdown")
    ap.add_argument("--reference", metavar="SRC", help="also measure with PYTHONPATH=SRC")
    ap.add_argument("--instructions", action="store_true",
                    help="count instructions with callgrind (one run each; use --docs 1000 or so)")
    ap.add_argument("--rule", default="", metavar="ID",
                    help="only the lint passes, with only this rule (e.g. naming-drift: its cold memories)")
    ap.add_argument("--child", nargs=4, metavar=("MODE", "DIR", "DOCS", "RULE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child[0], a.child[1], int(a.child[2]), a.child[3])), file=sys.__stdout__)
        return 0
    folder = corpus.generate(10_000, 42, a.work / "c10k-files", "files") / "docs"
    n = min(a.docs, len(os.listdir(folder)))
    setups = [("this checkout", None)] + ([("reference " + a.reference, a.reference)] if a.reference else [])
    best: dict[str, dict[str, float]] = {name: {} for name, _ in setups}
    if a.instructions:
        modes, unit, scale = ("start-up", "main", "lint:first", "lint:second", "read"), "instructions", 1.0
        runs = 1
    else:
        modes, unit, scale, runs = MODES, "CPU ms", 1e3, a.runs
    if a.rule:
        modes = [m for m in modes if m.startswith("lint")]
    for _ in range(runs):
        for mode in modes:
            for name, src in setups:
                for part, v in measure(mode, folder, n, src, a.instructions, a.rule).items():
                    best[name][part.replace("lint:", "")] = min(v, best[name].get(part, float("inf")))
    for name, _ in setups:
        b = best[name]
        per = {k: v / (n - 1 if k in ("first", "second") else n) * scale for k, v in b.items()}
        fmt = (lambda v: f"{v:10,.0f}") if a.instructions else (lambda v: f"{v:7.3f}")
        print(f"{name}: {n} gen_corpus files, {unit} per file" + ("" if a.instructions else f" (min of {runs} runs)")
              + (f", rule {a.rule} alone" if a.rule else ""))
        if a.rule:
            print(f"  lint, first pass (cold memories)       {fmt(per['first'])}")
            print(f"  lint, second pass (as profiled)        {fmt(per['second'])}")
            continue
        print(f"  main -j1 --no-cache (whole command)    {fmt(per['main'])}")
        print(f"    start-up (main on one file, in all)  {fmt(b['start-up'] * scale)}")
        print(f"  lint, first pass (cold memories)       {fmt(per['first'])}")
        print(f"  lint, second pass (as profiled)        {fmt(per['second'])}")
        print(f"  read + decode (Document.from_bytes)    {fmt(per['read'])}")
        print(f"  => cold memories (first - second)      {fmt(per['first'] - per['second'])}")
        print(f"  => pipeline (main - start-up - first)  {fmt((b['main'] - b['start-up'] - b['first']) / (n - 1) * scale)}")
        if "parent-j2" in b:
            print(f"  main -j2: parent, after start-up       {fmt((b['parent-j2'] - b['start-up']) / n * scale)}")
            print(f"  main -j2: the two workers              {fmt(per['workers-j2'])}")
            print(f"  main -j2: in all, start-up included    {fmt(per['parent-j2'] + per['workers-j2'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
