"""Shared helpers for the accuracy and speed scripts in bench/.

The labelled synthetic corpus comes from ``shared/corpora/gen_corpus.py`` and
the real responses from ``shared/corpora/alpaca_eval/``; ``shared/`` is found
beside the repository (as laid out for developers and CI) or through
``ESSAYLINT_SHARED``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ESSAYLINT_SHARED", ROOT.parent / "shared"))
GEN = SHARED / "corpora" / "gen_corpus.py"
ALPACA = SHARED / "corpora" / "alpaca_eval"


def generate(docs: int, seed: int, out: Path, layout: str = "files") -> Path:
    """Write (once) a labelled corpus of ``docs`` essays; returns its folder."""
    out = Path(out)
    manifest = out / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("docs") == docs and m.get("seed") == seed and m.get("layout") == layout:
            return out
    subprocess.run([sys.executable, str(GEN), "--docs", str(docs), "--seed", str(seed), "--out", str(out),
                    "--layout", layout, "--quiet"], check=True)
    return out


def speed_texts() -> list[str]:
    """The 1,000 gen_corpus essays of seed 1 (written once under $TMPDIR) that the speed scripts lint.

    The instruction and CPU scripts read the first ``--docs`` of them as essays
    a process has never linted, and the last 50 to compile the rules first.
    """
    import tempfile

    folder = generate(1000, 1, Path(tempfile.gettempdir()) / "essaylint-gen-1000-1", layout="jsonl")
    return [t for _, t in corpus_docs(folder)]


def with_units(texts) -> list:
    """A Document per text with its list items, sentences, paragraphs and headings built (not counted after)."""
    from essaylint.document import Document

    ds = [Document(t, "a.txt") for t in texts]
    for d in ds:
        d.units("list-item"), d.units("sentence"), d.units("paragraph"), d.units("heading")
    return ds


def corpus_docs(folder: Path) -> Iterator[tuple[str, str]]:
    """(file label, text) for every document of a generated corpus (either layout)."""
    folder = Path(folder)
    jsonl = folder / "corpus.jsonl"
    manifest = folder / "manifest.json"
    layout = json.loads(manifest.read_text()).get("layout") if manifest.exists() else None
    if layout == "jsonl" or layout is None and jsonl.exists():
        with open(jsonl, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                yield r["id"], r["text"]
        return
    for p in sorted((folder / "docs").iterdir()):
        yield "docs/" + p.name, p.read_text(encoding="utf-8")


def labels(folder: Path, kind: str | None = None) -> list[dict]:
    """The planted defects (``labels.jsonl``), optionally of one kind."""
    with open(Path(folder) / "labels.jsonl", encoding="utf-8") as f:
        recs = [json.loads(line) for line in f]
    return [r for r in recs if kind is None or r["kind"] == kind]


def alpaca_responses() -> Iterator[tuple[str, int, str, str]]:
    """(model, index, instruction, output) for every real response."""
    for p in sorted(ALPACA.glob("*.json")):
        for i, rec in enumerate(json.loads(p.read_text(encoding="utf-8"))):
            yield p.stem, i, rec["instruction"], rec["output"]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    """(precision, recall); 1.0 where nothing was expected or found."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall
