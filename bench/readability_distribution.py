"""Readability scores of the real responses in alpaca_eval, as percentiles.

The default limits of the readability rules are chosen from this table:

    .venv/bin/python bench/readability_distribution.py            # Markdown table for the README
    .venv/bin/python bench/readability_distribution.py --metric gunning-fog

Each response is read as Markdown (as essaylint lints it) and measured the
way the rules measure it: the document as a whole, each paragraph and each
list item (without its marker), and each sentence's word count. A unit is
counted only with at least ``--min-words`` words (``--min-words-block`` for
paragraphs and list items), the rules' ``min-words``. The last rows show what
share of responses, and of the scored blocks, given limits would report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corpus import alpaca_responses, corpus_docs, generate  # noqa: E402

from essaylint.document import Document  # noqa: E402
from essaylint.engine import lint  # noqa: E402
from essaylint.rules import load_rules  # noqa: E402
from essaylint.kinds.readability import block_text, document_text  # noqa: E402
from essaylint.textstats import METRICS, stats, word_count  # noqa: E402

PCTS = (10, 25, 50, 75, 90, 95, 99)


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty sorted list."""
    k = max(0, min(len(xs) - 1, round(p / 100 * len(xs) + 0.5) - 1))
    return xs[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--metric", default="flesch-kincaid-grade", choices=tuple(METRICS))
    ap.add_argument("--min-words", type=int, default=100, help="document min-words (default 100)")
    ap.add_argument("--min-words-block", type=int, default=40, help="paragraph/item min-words (default 40)")
    ap.add_argument("--doc-limit", type=float, default=18.0)
    ap.add_argument("--block-limit", type=float, default=24.0)
    ap.add_argument("--sentence-limit", type=int, default=60)
    ap.add_argument("--sample", type=int, default=0, help="print this many random findings per default rule (for review)")
    ap.add_argument("--generated", type=int, default=300, help="also lint this many gen_corpus essays (0: skip)")
    args = ap.parse_args()

    docs: list[float] = []
    blocks: list[float] = []
    sentences: list[int] = []
    responses = 0
    docs_over = blocks_over_resp = sent_over_resp = 0
    for _model, _index, _instr, output in alpaca_responses():
        responses += 1
        doc = Document(output, "r.md", markdown=True)
        st = stats(document_text(doc))
        if st.n_words >= args.min_words:
            v = st.score(args.metric)
            docs.append(v)
            docs_over += v > args.doc_limit
        any_block = False
        units = sorted(doc.units("paragraph") + doc.units("list-item"), key=lambda u: u.start)
        for u in units:
            bst = stats(block_text(doc, u)[1])
            if bst.n_words >= args.min_words_block:
                v = bst.score(args.metric)
                blocks.append(v)
                any_block |= v > args.block_limit
        blocks_over_resp += any_block
        counts = [word_count(s.text) for s in doc.units("sentence")]
        sentences.extend(counts)
        sent_over_resp += any(n > args.sentence_limit for n in counts)

    if not responses:
        sys.exit("no responses found: set ESSAYLINT_SHARED to the shared/ folder (see bench/corpus.py)")
    docs.sort()
    blocks.sort()
    sentences.sort()
    name = METRICS[args.metric][0]
    print(f"{responses} responses (alpaca_eval, 5 models); {name}\n")
    print("| measured | units | " + " | ".join(f"p{p}" for p in PCTS) + " |")
    print("|---|---:|" + "---:|" * len(PCTS))
    print(f"| document (>= {args.min_words} words) | {len(docs)} | " + " | ".join(f"{percentile(docs, p):.1f}" for p in PCTS) + " |")
    print(f"| paragraph or list item (>= {args.min_words_block} words) | {len(blocks)} | "
          + " | ".join(f"{percentile(blocks, p):.1f}" for p in PCTS) + " |")
    print(f"| words per sentence | {len(sentences)} | " + " | ".join(f"{percentile(sentences, p)}" for p in PCTS) + " |")
    print()
    n_blocks_over = sum(v > args.block_limit for v in blocks)
    print(f"- document {name} > {args.doc_limit:g}: {docs_over} of {responses} responses ({100 * docs_over / responses:.1f}%)")
    print(f"- paragraph/item {name} > {args.block_limit:g}: {n_blocks_over} of {len(blocks)} scored blocks "
          f"({100 * n_blocks_over / max(1, len(blocks)):.1f}%), in {blocks_over_resp} responses "
          f"({100 * blocks_over_resp / responses:.1f}%)")
    n_sent_over = sum(n > args.sentence_limit for n in sentences)
    print(f"- sentences > {args.sentence_limit} words: {n_sent_over} of {len(sentences)} "
          f"({100 * n_sent_over / len(sentences):.2f}%), in {sent_over_resp} responses ({100 * sent_over_resp / responses:.1f}%)")

    rules = [r for r in load_rules() if "readability" in r.tags and r.enabled]
    print(f"\nFindings of the default readability rules ({', '.join(r.id for r in rules)}):\n")
    print("| corpus | documents | " + " | ".join(r.id for r in rules) + " |")
    print("|---|---:|" + "---:|" * len(rules))
    found: dict[str, list] = {r.id: [] for r in rules}
    n = 0
    for model, index, _instr, output in alpaca_responses():
        n += 1
        doc = Document(output, f"{model}/{index}.md", markdown=True)
        for d in lint(doc, rules):
            found[d.rule].append((model, index, d, output))
    print(f"| alpaca_eval (Markdown) | {n} | " + " | ".join(_rate(found[r.id], n) for r in rules) + " |")
    models = sorted({f[0] for fs in found.values() for f in fs})
    for model in models:
        print(f"| ... {model} | {n // 5} | "
              + " | ".join(_rate([f for f in found[r.id] if f[0] == model], n // 5) for r in rules) + " |")
    if args.generated:
        import tempfile

        folder = generate(args.generated, 1, Path(tempfile.gettempdir()) / f"essaylint-gen-{args.generated}")
        gen: dict[str, list] = {r.id: [] for r in rules}
        m = 0
        for label, text in corpus_docs(folder):
            m += 1
            for d in lint(Document(text, label), rules):
                gen[d.rule].append(d)
        print(f"| gen_corpus (seed 1) | {m} | " + " | ".join(_rate(gen[r.id], m) for r in rules) + " |")
    if args.sample:
        import random

        rng = random.Random(6)
        for r in rules:
            print(f"\n## {r.id}: {args.sample} of {len(found[r.id])} findings\n")
            for model, index, d, output in rng.sample(found[r.id], min(args.sample, len(found[r.id]))):
                doc = Document(output, "r.md", markdown=True)
                start = doc.line_starts[d.line - 1] + d.column - 1
                end = doc.line_starts[d.end_line - 1] + d.end_column - 1
                excerpt = " ".join(output[start:end].split())
                print(f"- {model} #{index} line {d.line}-{d.end_line}: {d.message}\n  > {excerpt[:300]}")


def _rate(found: list, n: int) -> str:
    docs = len({(f[0], f[1]) if isinstance(f, tuple) else f.path for f in found})
    return f"{len(found)} in {docs} ({100 * docs / n:.1f}%)"


if __name__ == "__main__":
    main()
