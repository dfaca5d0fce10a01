#!/usr/bin/env python3
"""CPU per file of whole ``essaylint -q --no-cache -jN DIR`` runs, this checkout beside a reference.

    .venv/bin/python bench/whole_run_cpu.py DIR [--reference SRC] [--jobs 1,2] [--runs 3]

Each run is a fresh process started with this interpreter; its CPU is
user+sys of it and its pool workers (``wait4``), output to /dev/null. The
commands run interleaved (this checkout, then ``PYTHONPATH=SRC``, per job
count, ``--runs`` rounds) so that a busy machine hurts both alike; the
minimum per command is printed, with every run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_overhead import cpu_of  # noqa: E402  (user+sys of a process and its children, from wait4)

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--reference", metavar="SRC", help="a checkout's src/, run with PYTHONPATH=SRC")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    n = sum(1 for _ in Path(a.dir).rglob("*") if _.is_file())
    setups = [("this checkout", str(ROOT / "src"))] + ([("reference", a.reference)] if a.reference else [])
    seen: dict[tuple[str, str], list[float]] = {}
    for _ in range(a.runs):
        for j in a.jobs.split(","):
            for name, src in setups:
                env = dict(os.environ, PYTHONPATH=src)
                cpu, wall = cpu_of([sys.executable, "-m", "essaylint", "-q", "--no-cache", "-j", j, a.dir], env)
                seen.setdefault((name, j), []).append(cpu)
                print(f"  {name:<14} -j{j}: {cpu:6.2f} s CPU, {wall:6.2f} s wall", flush=True)
    print(f"{n} files; min CPU per file:")
    for (name, j), cpus in seen.items():
        print(f"  {name:<14} -j{j}: {min(cpus) / n * 1e3:6.3f} ms ({', '.join(f'{c:.2f}' for c in cpus)} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
