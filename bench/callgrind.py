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
