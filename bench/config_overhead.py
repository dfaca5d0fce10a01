"""What configuration and suppression comments cost per essay (a timing script, not a test).

    .venv/bin/python bench/config_overhead.py [N]

Measures, on N real responses (alpaca_eval, linted as Markdown) with the
fixture rules of tests/fixtures/config/rules:
  - lint() on documents with no directive, and the suppression scan alone
    (one substring test when there is no directive);
  - lint() on the same documents with three directives added;
  - Selection.rules_for(path) for files under one config with per-file-ignores;
  - discover() over a folder of N files with a .gitignore and an exclude.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, alpaca_responses  # noqa: E402

from essaylint import engine, suppress  # noqa: E402
from essaylint.cli import discover  # noqa: E402
from essaylint.config import Overrides, Selection  # noqa: E402
from essaylint.document import Document  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402

RULES = ROOT / "tests" / "fixtures" / "config" / "rules"


def per_doc(fn, texts, repeat=3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t)
    return best / len(texts) * 1e3


def main(n: int) -> None:
    texts = [out for _, _, _, out in alpaca_responses()][:n]
    rules = load_rules([RULES], defaults=False)
    run = lambda text: engine.lint(Document(text, "a.md"), rules)  # noqa: E731
    with_directives = [
        "<!-- essaylint-disable-file filler-phrase -->\n" + t.replace("\n\n", "\n\n<!-- essaylint-disable-next-line template-slot -->\n", 1)
        + "\n<!-- essaylint-disable -->\n" for t in texts]
    per_doc(run, texts, repeat=1)  # warm-up: imports, compiled rules
    base = per_doc(run, texts)
    docs = [Document(t, "a.md") for t in texts]
    t = time.perf_counter()
    for doc in docs:
        suppress.prepare(doc, rules)
    scan = (time.perf_counter() - t) / len(docs) * 1e3
    directives = per_doc(run, with_directives)
    print(f"{len(texts)} responses, mean {sum(map(len, texts)) / len(texts) / 1000:.1f} KB")
    print(f"lint (3 pattern rules), no directives: {base:.3f} ms/doc, of which the suppression scan {scan * 1e3:.1f} us")
    print(f"lint, three directives per doc       : {directives:.3f} ms/doc")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / ".git").mkdir()
        (tmp / ".gitignore").write_text("build/\n*.tmp.md\n")
        (tmp / ".essaylint.toml").write_text('exclude = ["drafts/"]\n[per-file-ignores]\n"b/**" = ["truncation"]\n')
        for i, text in enumerate(texts):
            d = tmp / ("a", "b", "drafts", "build")[i % 4]
            d.mkdir(exist_ok=True)
            (d / f"{i}.md").write_text(text)
        os.chdir(tmp)
        sel = Selection(Overrides(rule_dirs=[str(RULES)], defaults=False))
        t = time.perf_counter()
        files = discover(["."], selection=sel)
        walk = time.perf_counter() - t
        t = time.perf_counter()
        sel.prepare(files)
        prep = time.perf_counter() - t
        print(f"discover {len(texts)} files (.gitignore + exclude): {walk / len(texts) * 1e3:.3f} ms/file, "
              f"{len(files)} kept")
        print(f"resolve the rules of each file (per-file-ignores): {prep / len(files) * 1e3:.3f} ms/file")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
