#!/usr/bin/env python3
"""Differential check: the document model gives exactly the units of a reference version.

Usage: bench/document_equivalence.py REFERENCE_DOCUMENT_PY [--docs N] [--fuzz N]
  e.g. git show 18f5a8f:src/essaylint/document.py > /tmp/document_ref.py
       .venv/bin/python bench/document_equivalence.py /tmp/document_ref.py

Compares text, excluded lines, blocks, every unit of every scope (all fields)
and words, as .txt and as .md, on the seeds, the test fixtures, gen_corpus
essays, the alpaca_eval responses and random documents made of tricky lines.
Prints the number of documents compared and exits 1 at the first difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from essaylint import document as new  # noqa: E402

TRICKY = [
    "", "", "  ", "Intro paragraph about things.", "1. First item: a sentence. Another one.",
    "2) Second item, e.g. with abbreviations etc. and more.", "10. Tenth item", "The war ended in",
    "1945. Then peace came.", "- bullet", "   - nested bullet", "      deeper text", "* star", "+ plus",
    "• dot bullet", "# Heading", "## Heading two", "#NoSpace", "---", "===", "Setext", "* * *", "___",
    "    indented code or prose", "\tTabbed line", "```", "```python", "~~~", "def f(): pass",
    "| a | b |", "|---|---|", "<div>html</div>", "<!-- comment -->", "<!-- open", "close -->",
    "U.S. troops left. Then J. Smith spoke.", "Really? Yes! No…", "Quote: \"end.\" Next", "你好。再见。",
    "１. full-width number", "٣. arabic-indic digit", "x² superscript", "café déjà vu — naïve’s",
    "title: front", "---", "A line with | pipe", "Done in order to finish.", "3. Third item.",
    "   Its second paragraph.", "> quoted text", ">     quoted code", "-     list code",
    "Approx. five people came. Jan. 3rd was cold.", "Longerword.Etc. More text.", "See a.b.c.d.e. next one.",
    "Ultrasound. Mr. Smith arrived. e.g. this.", "ÉCOLE. İstanbul. Straße. ǅemal.", "Einundzwanzig. Sept. 9.",
    # runs of mixed marks, closers and full-width marks at block ends and inside
    "Wait?!. Then.\"' more", "What?!", "So…. Yes!?", "End.)", "(a.) b.", "它。. 再？!x", "。！？", "x！y? z.",
    "Done!\x1cNext. Go", "Tab\tend.\tnext", "- ...starts with dots.", "1. ?!", "Trailing dot.  ", "A.B. C.D. E",
    "mid.”next “quote.” end", "**Bold.** Next.", "2.\tTabbed item. Two.", "No.5 is a. b", "   ", "\x0b",
]


def load_reference(path: str):
    spec = importlib.util.spec_from_file_location("document_reference", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def snapshot(mod, text: str, markdown: bool):
    d = mod.Document(text, "x.md" if markdown else "x.txt", markdown=markdown)
    units = {scope: [(type(u).__name__, dataclasses.astuple(u)) for u in d.units(scope)] for scope in mod.SCOPES}
    blocks = [dataclasses.astuple(b) for b in d.blocks]
    return d.text, sorted(d.excluded_lines), blocks, units, d.words


def texts(docs: int, fuzz: int):
    root = corpus.ROOT
    for p in sorted((root / "seeds").glob("*")) + sorted((root / "tests" / "fixtures").rglob("*")):
        if p.is_file() and p.suffix in (".txt", ".md", ".markdown"):
            yield str(p), p.read_text(encoding="utf-8")
    if corpus.GEN.exists():
        out = corpus.generate(docs, 7, Path("/tmp/essaylint-equivalence-corpus"), "jsonl")
        for name, text in corpus.corpus_docs(out):
            yield name, text
    if corpus.ALPACA.exists():
        for model, i, _, output in corpus.alpaca_responses():
            yield f"{model}#{i}", output
    rng = random.Random(1)
    for k in range(fuzz):
        # mostly one tricky line each, sometimes several run together on one line
        lines = [rng.choice(TRICKY) if rng.random() < 0.7 else rng.choice(" \t").join(
            rng.choice(TRICKY) for _ in range(rng.randint(2, 3))) for _ in range(rng.randint(1, 14))]
        yield f"fuzz#{k}", "\n".join(lines) + rng.choice(["", "\n", "\n\n"])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--fuzz", type=int, default=20000)
    a = ap.parse_args()
    ref = load_reference(a.reference)
    n = 0
    for name, text in texts(a.docs, a.fuzz):
        for md in (False, True):
            if snapshot(ref, text, md) != snapshot(new, text, md):
                print(f"DIFFERENT: {name} (markdown={md})\n{text!r}")
                return 1
            n += 1
    print(f"identical on {n} document/format pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
