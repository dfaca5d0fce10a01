"""Instructions counted by callgrind inside ``functools.reduce``: the one runner the *_instructions scripts share.

A script's ``--inner`` mode does its setup, then the work to count inside one
``functools.reduce`` call; ``count`` runs it under valgrind with collection
toggled on only inside that C function, so imports, corpus reading and setup
are left out. The child gets ``PYTHONHASHSEED=0`` unless the caller set one:
set and dict orders, and so counts, then repeat from run to run and compare
between two checkouts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile


def count(script: str, args: list[str], keep: bool = False) -> tuple[int, str | None]:
    """(instructions, callgrind output file if ``keep`` else None) of ``python script --inner ARGS``."""
    out = tempfile.mktemp(prefix="essaylint-callgrind-")
    res = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                          "--toggle-collect=functools_reduce", sys.executable, script, "--inner", *args],
                         capture_output=True, text=True, env={"PYTHONHASHSEED": "0", **os.environ})
    line = next((ln for ln in res.stderr.splitlines() if "Collected :" in ln), None)
    if line is None:
        sys.exit(res.stderr)
    if not keep:
        os.unlink(out)
        out = None
    return int(line.split(":")[-1]), out


def print_pieces(script: str, docs: int, names) -> None:
    """For each piece name, one ``count`` of ``script --inner --docs=DOCS --piece=NAME``, printed per essay.

    The ``*_parts_instructions.py`` scripts count each piece of a slice in
    turn, on documents already holding the pieces before it.
    """
    for name in names:
        n = count(script, [f"--docs={docs}", f"--piece={name}"])[0]
        print(f"{n / docs / 1e3:8.1f} k  {name}", flush=True)


def lint_counted(texts: list[str], docs: int, rules, *, warm: bool = False, whole: bool = False) -> None:
    """The work an ``--inner`` run counts: ``rules`` linting the first ``docs`` texts, inside ``functools.reduce``.

    The last 50 texts are linted first, uncounted (the rules compile, the
    kinds import what they import lazily), so the counted texts are a first
    pass; ``warm`` lints them once more before counting (a second pass).
    The documents' units are built before counting, unless ``whole``, which
    counts ``lint(Document(text))`` from the text, the document model included.
    """
    import functools

    from essaylint.document import Document
    from essaylint.engine import lint

    from corpus import with_units

    for t in texts[-50:]:
        lint(Document(t, "w.txt"), rules)
    if warm:
        for t in texts[:docs]:
            lint(Document(t, "a.txt"), rules)
    if whole:
        functools.reduce(lambda _, t: lint(Document(t, "a.txt"), rules), texts[:docs], None)
        return
    ds = with_units(texts[:docs])
    functools.reduce(lambda _, d: lint(d, rules), ds, None)


def top_functions(out: str, lines: int) -> str:
    """The first ``lines`` of ``callgrind_annotate`` (own instructions, by function) of an output file."""
    ann = subprocess.run(["callgrind_annotate", "--inclusive=no", out], capture_output=True, text=True).stdout
    return "\n".join(ann.splitlines()[:lines])
