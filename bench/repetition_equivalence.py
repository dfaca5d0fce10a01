"""Dump the repetition family's findings, to check that a speed-up changes none (speed work's safety net).

    .venv/bin/python bench/repetition_equivalence.py /tmp/after.txt
    PYTHONPATH=/path/to/main/src .venv/bin/python bench/repetition_equivalence.py /tmp/before.txt
    cmp /tmp/before.txt /tmp/after.txt

Whichever essaylint the import finds is run (``PYTHONPATH`` picks another
checkout; its path is printed on stderr). Every finding is written with all
its fields, for

- the shipped repetition rules and variants with other scopes and options
  (``VARIANTS``: the code paths the default rule set does not take);
- ``--docs`` gen_corpus essays (plain text), every alpaca_eval response as
  Markdown and as plain text, and ``--stress`` seeded synthetic texts made
  to repeat: word salad from a small vocabulary, loops, copied list items,
  labels, verse, non-ASCII letters, odd spacing, so the rare paths (extension to long
  phrases, loops, copies, allow-lists) run many times.

The default rule set on 10,000 essays is checked by ``bench/dump_findings.py``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

import essaylint  # noqa: E402
from essaylint.document import Document  # noqa: E402
from essaylint.engine import lint  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402

# (rule id, changes): each variant is the shipped rule with these fields or options changed
VARIANTS = [
    ("repeated-phrase", {"scope": "paragraph"}),
    ("repeated-phrase", {"scope": "sentence"}),
    ("repeated-phrase", {"scope": "list-item", "options": {"min-words": 2, "max-count": 1}}),
    ("repeated-phrase", {"options": {"min-words": 4, "max-count": 3, "min-content-words": 1}}),
    ("repeated-phrase", {"options": {"allow-list": ["cultural exchange", "the united states of"],
                                     "ignore-names": False, "ignore-topic": False, "leave-openers": False}}),
    ("repeated-phrase", {"options": {"min-words": 2, "stopwords": ["the", "a", "of"]}}),
    ("degenerate-loop", {"scope": "document"}),
    ("degenerate-loop", {"options": {"min-repeats": 3, "max-span": 4}}),
    ("degenerate-loop", {"options": {"min-repeats": 2, "max-span": 50}}),
    ("duplicate-item", {"options": {"min-words": 1}}),
    ("duplicate-sentence", {"options": {"min-words": 3}}),
    ("repeated-opener", {"scope": "sentence"}),
    ("repeated-opener", {"options": {"min-words": 1, "max-count": 1, "stopwords": []}}),
]

_VOCAB = ("the of and to a in is it that cultural exchange can help people build bridges between "
          "communities Black Death United States one two 1 2 + - ... ha go on, go on! data model "
          "naïve café İstanbul ŉ don't well-being").split()


def stress_texts(count: int, seed: int) -> list[str]:
    """Seeded texts that repeat in every way the repetition rules look at."""
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rnd.randint(1, 6)):
            shape = rnd.random()
            words = [rnd.choice(_VOCAB) for _ in range(rnd.randint(2, 40))]
            if shape < 0.2:  # a loop
                unit = " ".join(rnd.choice(_VOCAB) for _ in range(rnd.randint(1, 4)))
                sep = rnd.choice([" ", ", ", "", " + ", "\n"])
                parts.append(sep.join([unit] * rnd.randint(2, 12)) + ".")
            elif shape < 0.45:  # a list, items often copied, often labelled
                marker = rnd.choice(["- ", "* ", "1. ", "2) ", "Step 3: "])
                items = []
                for i in range(rnd.randint(2, 8)):
                    body = " ".join(rnd.choice(_VOCAB) for _ in range(rnd.randint(1, 14)))
                    if items and rnd.random() < 0.3:
                        body = items[-1].split(" ", 1)[-1]
                    label = rnd.choice(["", "", "**Bold label**: ", "Title words: "])
                    items.append(f"{marker.replace('1', str(i + 1))}{label}{body}")
                parts.append("\n".join(items))
            elif shape < 0.55:  # verse: short lines
                parts.append("\n".join(" ".join(rnd.choice(_VOCAB) for _ in range(rnd.randint(1, 6)))
                                       for _ in range(rnd.randint(2, 5))))
            elif shape < 0.62:
                parts.append("# " + " ".join(words[:5]))
            else:  # prose, sentences sometimes copied
                sents = []
                for _ in range(rnd.randint(1, 6)):
                    if sents and rnd.random() < 0.25:
                        sents.append(rnd.choice(sents))
                    else:
                        w = [rnd.choice(_VOCAB) for _ in range(rnd.randint(3, 16))]
                        sents.append(" ".join(w).capitalize() + rnd.choice([".", "!", "?", ":", ""]))
                parts.append(" ".join(sents))
        text = ("\n\n" if rnd.random() < 0.8 else "\n").join(parts)
        if rnd.random() < 0.2:  # odd spacing: double spaces, tabs, no-break spaces between words
            text = re.sub(" ", lambda m: rnd.choice(["  ", "\t", "\xa0", " \n "]) if rnd.random() < 0.1 else " ", text)
        out.append(text)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--stress", type=int, default=3000)
    ap.add_argument("--no-alpaca", action="store_true")
    a = ap.parse_args(argv)
    print(f"essaylint from {essaylint.__file__}", file=sys.stderr)
    shipped = {r.id: r for r in load_rules() if "repetition" in r.tags}
    variants = [shipped[rid].with_changes(**{**changes, "options": {**shipped[rid].options, **changes.get("options", {})}},
                                          id=f"{rid}#{n}")
                for n, (rid, changes) in enumerate(VARIANTS)]
    configs = [list(shipped.values())] + [[v] for v in variants]
    texts = []
    if a.docs:
        folder = corpus.generate(a.docs, 1, Path(tempfile.gettempdir()) / f"essaylint-gen-{a.docs}-1", "jsonl")
        texts += [(label, text, False) for label, text in corpus.corpus_docs(folder)]
    if not a.no_alpaca and corpus.ALPACA.exists():
        for model, i, _, output in corpus.alpaca_responses():
            texts += [(f"{model}#{i}", output, True), (f"{model}#{i}", output, False)]
    texts += [(f"stress#{i}", t, i % 2 == 0) for i, t in enumerate(stress_texts(a.stress, 5))]
    t0 = time.perf_counter()
    n = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for label, text, md in texts:
            for rules in configs:
                doc = Document(text, label + (".md" if md else ".txt"), markdown=md)
                for d in lint(doc, rules):
                    out.write(repr((d.path, d.line, d.column, d.end_line, d.end_column, d.rule, d.message,
                                    d.fix, d.related)) + "\n")
                    n += 1
    print(f"{n} findings on {len(texts)} texts x {len(configs)} configurations in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
