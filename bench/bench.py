#!/usr/bin/env python3
"""Speed and memory of essaylint beside the one-regex floor and the peer linters.

One command (from the repository root, with essaylint installed in .venv):

    .venv/bin/python bench/bench.py                 # 10k files, 10k JSONL, 100k JSONL, alpaca_eval
    .venv/bin/python bench/bench.py --quick         # 10k files + alpaca_eval only, 1 run each
    .venv/bin/python bench/bench.py --peers         # also time the installed peers on 10k files

What it does, all in one run so the ratios compare like with like:

1. generates the gen_corpus essays once (``--work``, default a folder in the
   system temp directory): 10,000 as files and as JSONL, 100,000 as JSONL
   (``--files-100k`` adds 100,000 files: 30+ s to write);
2. times whole processes with ``shared/bench/bench_time.py`` (wall clock,
   user+sys CPU and peak RSS from wait4): ``python3 baseline_regex.py`` (read
   every document, one regex: the floor) and ``essaylint --no-cache`` with the
   default rule set and all cores, on each corpus, then a cached re-run and
   a cold single-file run (what pre-commit does);
3. prints docs/s, the ratio to the floor, peak memory, the ratio to each
   peer (measured with ``--peers`` when ``PEERS_DIR`` holds them, otherwise
   the figures in ``shared/bench/README.md``), and the targets of issue 9;
4. profiles the default rule set in one process on ``--profile-docs``
   essays: document model cost per scope, each rule's cost, and the top
   functions (cProfile).

The machine is often shared: run it on a quiet machine, or read the min of
several runs (``--runs``). ``--rules DIR`` adds rule files (measure a rule set
before it is in the defaults).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

BENCH = corpus.SHARED / "bench"
TIMER = BENCH / "bench_time.py"
BASELINE = BENCH / "baseline_regex.py"
# docs/s on 10,000 essays, 2 cores (shared/bench/README.md, first run)
PEER_FIGURES = {"proselint": 70.0, "textlint, 3 rules": 56.1, "write-good": 130.0, "alex": 27.0,
                "datatrove, 4 filters": 42.0, "python read + 1 regex": 14810.0}
TARGET_FLOOR_RATIO = 5.0
TARGET_COLD_S = 0.4
TARGET_PEAK_MB = 300.0


def sh(args) -> str:
    return " ".join(shlex.quote(str(a)) for a in args)


def timed(name: str, cmd: str, runs: int, docs: int = 0, nbytes: int = 0, budget: float = 300.0) -> dict:
    """One bench_time.py measurement (its JSON record)."""
    out = subprocess.run([sys.executable, str(TIMER), "--name", name, "--runs", str(runs), "--budget", str(budget),
                          "--docs", str(docs), "--bytes", str(nbytes), "--", cmd],
                         capture_output=True, text=True, check=True)
    rec = json.loads(out.stdout.strip().splitlines()[-1])
    if any(c not in (0, 1) for c in rec["exit_codes"]):
        raise SystemExit(f"bench: {name} failed (exit {rec['exit_codes']}): {cmd}")
    return rec


def essaylint_cmd(extra_rules: list[str]) -> list[str]:
    cmd = [sys.executable, "-m", "essaylint", "-q"]
    for d in extra_rules:
        cmd += ["--rules", d]
    return cmd


def compile_bytecode() -> str:
    """Compile essaylint's modules beside their sources, as ``pip install`` leaves them compiled.

    An editable install run under PYTHONDONTWRITEBYTECODE (which this machine
    sets) has no bytecode, so every timed process would compile essaylint's
    modules first, some 60 ms that a user's installed copy never pays. The
    ``__pycache__`` folders it writes are git-ignored. Returns what was done,
    for the report.
    """
    import essaylint

    pkg = Path(essaylint.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(pkg)], check=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    return f"bytecode compiled in {pkg} (as pip install leaves it)"


# ---------------------------------------------------------------- corpora
def prepare(work: Path, files_100k: bool) -> dict[str, dict]:
    work.mkdir(parents=True, exist_ok=True)
    sets = {
        "10k files": corpus.generate(10_000, 42, work / "c10k-files", "files"),
        "10k jsonl": corpus.generate(10_000, 42, work / "c10k-jsonl", "jsonl"),
        "100k jsonl": corpus.generate(100_000, 42, work / "c100k-jsonl", "jsonl"),
    }
    if files_100k:
        sets["100k files"] = corpus.generate(100_000, 42, work / "c100k-files", "files")
    out = {}
    for name, folder in sets.items():
        m = json.loads((folder / "manifest.json").read_text())
        nbytes = m.get("text_bytes", 0)
        if name.endswith("files"):
            listing = folder / "files.lst0"
            if not listing.exists():
                paths = sorted(str(p) for p in (folder / "docs").iterdir())
                listing.write_bytes(b"\0".join(p.encode() for p in paths) + b"\0")
            out[name] = {"docs": m["docs"], "bytes": nbytes, "lint": [str(folder / "docs")],
                         "floor": [str(listing)], "folder": folder}
        else:
            out[name] = {"docs": m["docs"], "bytes": nbytes, "lint": [str(folder / "corpus.jsonl")],
                         "floor": ["--jsonl", str(folder / "corpus.jsonl")], "folder": folder}
    alpaca = work / "alpaca_eval.jsonl"
    if corpus.ALPACA.exists():
        if not alpaca.exists():
            with open(alpaca, "w", encoding="utf-8") as f:
                for model, i, _, output in corpus.alpaca_responses():
                    f.write(json.dumps({"id": f"{model}/{i}", "text": output}) + "\n")
        n = sum(1 for _ in open(alpaca, encoding="utf-8"))
        out["alpaca_eval jsonl"] = {"docs": n, "bytes": alpaca.stat().st_size, "lint": [str(alpaca)],
                                    "floor": ["--jsonl", str(alpaca)], "folder": work}
    return out


# ---------------------------------------------------------------- peers
def peer_commands(folder: Path) -> dict[str, str]:
    """Peers found under PEERS_DIR (shared/bench/setup_peers.sh installs them), run as peers.sh runs them."""
    peers = Path(os.environ.get("PEERS_DIR", "/tmp/peers"))
    docs = folder / "docs"
    found = {}
    proselint = peers / "venv" / "bin" / "proselint"
    if proselint.exists():
        found["proselint"] = f"{sh([proselint])} check {sh([docs])} > /dev/null 2>&1"
    node = peers / "node" / "node_modules" / ".bin"
    if (node / "write-good").exists():
        found["write-good"] = (f"cd {sh([docs])} && find . -maxdepth 1 -name '*.txt' -print0 | "
                               f"xargs -0 sh -c '\"$0\" --parse \"$@\"; exit 0' {sh([node / 'write-good'])} > /dev/null 2>&1")
    if (node / "alex").exists():
        found["alex"] = f"{sh([node / 'alex'])} {sh([docs])} > /dev/null 2>&1"
    if (node / "textlint").exists():
        mirror = folder / "md-mirror"  # textlint sees lists only in .md files (shared/bench/README.md)
        if not mirror.is_dir():
            mirror.mkdir()
            for p in sorted(docs.iterdir()):
                os.symlink(p, mirror / (p.stem + ".md"))
        found["textlint, 3 rules"] = (f"{sh([node / 'textlint'])} -c {sh([BENCH / 'textlint-brief.json'])} -f unix "
                                      f"{sh([mirror])} > /dev/null 2>&1")
    return found


# ---------------------------------------------------------------- profile
def profile(folder: Path, n: int, extra_rules: list[str]) -> str:
    """Where the time goes, in one process: document model, each rule, top functions."""
    from essaylint.document import SCOPES, Document
    from essaylint.engine import lint
    from essaylint.rules import load_rules

    rules = [r for r in load_rules(extra_rules) if r.enabled]
    texts = [t for _, t in zip(range(n), (t for _, t in corpus.corpus_docs(folder)))]
    lines = [f"profile: {len(texts)} gen_corpus essays, in-process CPU time, after warm-up; {len(rules)} rules"]

    # CPU time of this process (min of a few runs): wall time on a shared machine counts the other processes
    clock = time.process_time

    def per_doc(fn, repeat=3) -> float:
        best = float("inf")
        for _ in range(repeat):
            t0 = clock()
            for t in texts:
                fn(t)
            best = min(best, (clock() - t0) / len(texts))
        return best * 1e3

    base = per_doc(lambda t: Document(t, "x.txt"))
    lines.append(f"  document (.txt) construct          {base:7.3f} ms/essay")
    lines.append(f"  document (.md)  construct          {per_doc(lambda t: Document(t, 'x.md')):7.3f} ms/essay")
    blocks = 0.0
    for scope in SCOPES:
        cost = per_doc(lambda t: Document(t, "x.txt").units(scope)) - base
        if scope == "paragraph":
            blocks = cost  # one block parse gives the paragraphs, list items and headings
        note = ""
        if scope == "sentence":  # sentences are cut from paragraphs and list items: the block parse apart
            cost, note = cost - blocks, " (after the block parse)"
        lines.append(f"  units({scope!r:<12}) first use      {cost:7.3f} ms/essay{note}")
    lines.append(f"  words                              {per_doc(lambda t: Document(t, 'x.txt').words) - base:7.3f} ms/essay")
    if not rules:
        lines.append("  (the default rule set is empty: no rule to profile)")
        return "\n".join(lines)
    docs = [Document(t, "x.txt") for t in texts]
    for d in docs:  # warm: compile rules, build the units every rule shares
        lint(d, rules)
    total = 0.0
    for r in rules:
        t0 = clock()
        for d in docs:
            lint(d, [r])
        cost = (clock() - t0) / len(docs) * 1e3
        total += cost
        lines.append(f"  rule {r.id:<30} {cost:7.3f} ms/essay (units already built)")
    cold = per_doc(lambda t: lint(Document(t, "x.txt"), rules), repeat=1)
    lines.append(f"  all rules, fresh documents         {cold:7.3f} ms/essay (sum of rules alone {total:.3f})")
    # what a fresh document adds to the rules alone: the shared units, and the engine itself
    shared = per_doc(lambda t: Document(t, "x.txt").units("sentence")) - base  # builds the blocks too
    engine = per_doc(lambda t: lint(Document(t, "x.txt"), [])) - base
    lines.append(f"    of which shared units (block parse and sentences) {shared:.3f}; lint() with no rule "
                 f"(engine, suppression scan) {engine:.3f}; the rest is per-document work the kinds cache on the "
                 f"document (and so is left out of their figures above) and cache misses")
    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        lint(Document(t, "x.txt"), rules)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
    body = [ln for ln in buf.getvalue().splitlines() if ln.strip()][3:]
    lines.append("  top functions by own time (cProfile, inflated by profiling):")
    lines += ["    " + ln for ln in body]
    return "\n".join(lines)


# ---------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "essaylint-bench",
                    help="where the corpora are generated (kept between runs)")
    ap.add_argument("--runs", type=int, default=3, help="counted runs per command on 10k (100k: 1)")
    ap.add_argument("--quick", action="store_true", help="10k files and alpaca_eval only, one run each")
    ap.add_argument("--files-100k", action="store_true", help="also 100,000 essays as files")
    ap.add_argument("--peers", action="store_true", help="time the peers found in PEERS_DIR on 10k files")
    ap.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory")
    ap.add_argument("--jobs", default="0", help="essaylint -j (default 0: all cores)")
    ap.add_argument("--profile-docs", type=int, default=1000)
    ap.add_argument("--json", type=Path, help="also write every measurement here (JSON lines)")
    a = ap.parse_args()
    if not corpus.GEN.exists():
        raise SystemExit(f"bench: {corpus.GEN} not found; set ESSAYLINT_SHARED to the shared/ folder")
    if a.quick:
        a.runs = 1
    from essaylint.rules import load_rules

    nrules = len([r for r in load_rules(a.rules) if r.enabled])
    print(f"essaylint bench: {nrules} enabled rules (default set{' + ' + ', '.join(a.rules) if a.rules else ''}), "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    sets = prepare(a.work, a.files_100k)
    if a.quick:
        sets = {k: v for k, v in sets.items() if k in ("10k files", "alpaca_eval jsonl")}
    print(compile_bytecode())
    lint = essaylint_cmd(a.rules)
    records = []
    rows = []
    for name, s in sets.items():
        runs = 1 if s["docs"] >= 100_000 else a.runs
        floor = timed(f"floor {name}", f"{sh([sys.executable, BASELINE, *s['floor']])} > /dev/null", runs,
                      s["docs"], s["bytes"])
        el = timed(f"essaylint {name}", f"{sh([*lint, '--no-cache', '-j', a.jobs, *s['lint']])} > /dev/null", runs,
                   s["docs"], s["bytes"])
        records += [floor, el]
        rows.append((name, s["docs"], floor, el))
    print()
    cores = int(a.jobs) if int(a.jobs) > 0 else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                                  else os.cpu_count() or 1)
    print(f"{'corpus':<18} {'docs':>7} {'floor docs/s':>12} {'essaylint docs/s':>16} {'x floor':>8} "
          f"{'x floor*':>8} {'wall s':>7} {'cpu s':>7} {'floor cpu':>9} {'peak MB':>8}")
    for name, docs, floor, el in rows:
        ratio = el["wall_median"] / floor["wall_median"]
        quiet = el["cpu_median"] / cores / max(floor["cpu_median"], 1e-9)
        print(f"{name:<18} {docs:>7} {floor['docs_per_s']:>12,.0f} {el['docs_per_s']:>16,.0f} {ratio:>8.2f} "
              f"{quiet:>8.2f} {el['wall_median']:>7.2f} {el['cpu_median']:>7.2f} {floor['cpu_median']:>9.2f} "
              f"{el['maxrss_kb'] / 1024:>8.1f}")
    print(f"x floor = wall / floor wall; x floor* = (cpu / {cores} cores) / floor cpu, what a quiet machine would "
          "show (wall clock is inflated when other processes compete for the cores)")

    # cached re-run of an unchanged tree, and the pre-commit case
    first = sets.get("10k files")
    cached = None
    if first:
        cache_dir = a.work / "cache"
        warm_cmd = f"{sh([*lint, '--cache-dir', cache_dir, *first['lint']])} > /dev/null"
        subprocess.run(warm_cmd, shell=True, check=False)  # fills the cache
        cached = timed("essaylint 10k files cached", warm_cmd, a.runs, first["docs"], first["bytes"])
        records.append(cached)
    seed = sorted((corpus.ROOT / "seeds").glob("*.txt"))[0]
    cold = timed("essaylint one file cold", f"{sh([*lint, '--no-cache', seed])} > /dev/null", max(a.runs, 5))
    cold_cached = timed("essaylint one file, cache", f"{sh([*lint, '--cache-dir', a.work / 'cache1', seed])} > /dev/null",
                        max(a.runs, 5))
    records += [cold, cold_cached]
    print()
    if cached:
        print(f"unchanged 10k files, cached re-run: {cached['wall_median']:.2f} s ({cached['docs_per_s']:,.0f} docs/s)")
    print(f"single file, cold process (pre-commit): {cold['wall_median']:.3f} s "
          f"(min {cold['wall_min']:.3f}); with the cache: {cold_cached['wall_median']:.3f} s")

    # peers
    el10 = next((el for name, _, _, el in rows if name == "10k files"), None)
    if el10:
        measured = {}
        if a.peers:
            for peer, cmd in peer_commands(sets["10k files"]["folder"]).items():
                print(f"timing {peer} on 10k files (minutes) ...", file=sys.stderr)
                rec = timed(peer, cmd, 1, 10_000, sets["10k files"]["bytes"], budget=600)
                records.append(rec)
                measured[peer] = rec["docs_per_s"]
        print()
        print("essaylint on 10k files vs the peers (docs/s; 'README' = shared/bench/README.md, 2 cores):")
        for peer, rate in PEER_FIGURES.items():
            got = measured.get(peer)
            src = "measured now" if got else "README"
            rate = got or rate
            print(f"  {peer:<24} {rate:>9,.0f} docs/s ({src})   essaylint is {el10['docs_per_s'] / rate:7.1f}x")

    # targets
    print()
    print("targets (issue 9):")
    if el10:
        floor10 = next(f for name, _, f, _ in rows if name == "10k files")
        r = el10["wall_median"] / floor10["wall_median"]
        q = el10["cpu_median"] / cores / max(floor10["cpu_median"], 1e-9)
        print(f"  10k essays within {TARGET_FLOOR_RATIO:g}x the floor:  {r:.2f}x wall, {q:.2f}x by cpu  "
              f"{'OK' if r <= TARGET_FLOOR_RATIO else ('OK by cpu only' if q <= TARGET_FLOOR_RATIO else 'MISSED')}")
    print(f"  single-file cold run < {TARGET_COLD_S} s:   {cold['wall_median']:.3f} s wall, {cold['cpu_median']:.3f} s cpu  "
          f"{'OK' if cold['wall_median'] < TARGET_COLD_S else ('OK by cpu only' if cold['cpu_median'] < TARGET_COLD_S else 'MISSED')}")
    big = [el for name, _, _, el in rows if name.startswith("100k")]
    for el in big:
        mb = el["maxrss_kb"] / 1024
        print(f"  {el['name']}: peak < {TARGET_PEAK_MB:g} MB:  {mb:.0f} MB  {'OK' if mb < TARGET_PEAK_MB else 'MISSED'}")
    if nrules == 0:
        print("  NOTE: no rules enabled, so these figures are the machinery only")

    print()
    print(profile(sets["10k files"]["folder"] if "10k files" in sets else next(iter(sets.values()))["folder"],
                  a.profile_docs, a.rules))
    if a.json:
        with open(a.json, "a", encoding="utf-8") as f:
            for rec in records:
                f.write(json.dumps(rec) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
