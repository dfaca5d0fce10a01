#!/usr/bin/env python3
"""What a whole ``essaylint`` run costs per file besides the rules, beside the floor.

    .venv/bin/python bench/pipeline_overhead.py [--reference SRC] [--runs N] [--jobs 1,2]

Times whole processes (user+sys CPU of the process and its workers, from
``wait4``; the minimum over ``--runs`` interleaved runs, so a busy machine
hurts every command alike) on 10,000 gen_corpus essays as files:

- the floor: ``shared/bench/baseline_regex.py`` (read every file, one regex);
- ``essaylint --no-cache -jN`` with only ``bench/overhead-rules`` (one
  document-scope pattern that never matches: no block parse, no finding), so
  what is left is reading, decoding, discovery, config lookup, the
  suppression scan, the pool, sorting and the report;
- the same with ``--select list-numbering`` (the cheapest default rule: it
  needs the list items, so it adds the block parse);
- each essaylint command also on one file: its start-up (imports, rule
  loading), which the per-file figure leaves out.

Per-file overhead = (CPU on 10,000 files - CPU on one file) / 9,999. With
``--reference SRC`` (e.g. ``/work/ref/src``, a checkout's ``src``) the same
commands run with ``PYTHONPATH=SRC`` too, interleaved with this checkout's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

HERE = Path(__file__).resolve().parent
BASELINE = corpus.SHARED / "bench" / "baseline_regex.py"
RULES = HERE / "overhead-rules"


def cpu_of(argv: list[str], env: dict) -> tuple[float, float]:
    """(user+sys CPU, wall) of one run of ``argv``, output to /dev/null."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        try:
            fd = os.open(os.devnull, os.O_RDWR)
            os.dup2(fd, 0)
            os.dup2(fd, 1)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(argv)}")
    return ru.ru_utime + ru.ru_stime, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", help="src folder of a reference checkout (run with PYTHONPATH)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", default="2", help="comma-separated -j values (default 2)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "essaylint-overhead")
    a = ap.parse_args()
    folder = corpus.generate(10_000, 42, a.work / "c10k-files", "files")
    docs = folder / "docs"
    files = sorted(str(p) for p in docs.iterdir())
    listing = folder / "files.lst0"
    if not listing.exists():
        listing.write_bytes(b"\0".join(p.encode() for p in files) + b"\0")
    for f in files:  # warm the page cache
        Path(f).read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.pop("GITHUB_ACTIONS", None)
    variants = {"current": env}
    if a.reference:
        variants["reference"] = {**env, "PYTHONPATH": a.reference}
    rule_sets = {"no-op rule": ["--no-default-rules", "--rules", str(RULES)],
                 "list-numbering": ["--select", "list-numbering"]}
    cmds: dict[str, tuple[list[str], dict]] = {"floor": (["python3", str(BASELINE), str(listing)], env)}
    for label, venv in variants.items():
        for rs, flags in rule_sets.items():
            for j in a.jobs.split(","):
                base = [sys.executable, "-m", "essaylint", "-q", "--no-cache", f"-j{j}", *flags]
                cmds[f"{label} {rs} -j{j}"] = (base + [str(docs)], venv)
                cmds[f"{label} {rs} -j{j} (1 file)"] = (base + [files[0]], venv)
    best: dict[str, tuple[float, float]] = {}
    for _ in range(a.runs):
        for name, (argv, e) in cmds.items():
            cpu, wall = cpu_of(argv, e)
            if name not in best or cpu < best[name][0]:
                best[name] = (cpu, wall)
    n = len(files)
    print(f"{n} gen_corpus essays as files; user+sys CPU, min of {a.runs} interleaved runs")
    floor = best["floor"][0]
    print(f"  {'floor (read + 1 regex)':44} {floor:6.3f} s  {floor / n * 1e3:6.3f} ms/file")
    for name, (cpu, wall) in best.items():
        if name == "floor" or name.endswith("(1 file)"):
            continue
        start = best[name + " (1 file)"][0]
        per = (cpu - start) / (n - 1) * 1e3
        print(f"  {name:44} {cpu:6.3f} s  (wall {wall:5.2f} s, start-up {start:5.3f} s)  {per:6.3f} ms/file"
              f"  {(cpu - start) / (floor or 1):4.1f}x floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
