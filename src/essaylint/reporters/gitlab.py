"""GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array; each issue has ``description``, ``check_name``, a
``fingerprint`` unique in the report and stable across runs (the path plus
essaylint's line-independent fingerprint, hashed), ``severity``
(error -> major, warning -> minor, info -> info) and a repository-relative
``location.path`` with ``location.lines.begin``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

from essaylint.engine import Diagnostic
from essaylint.reporters.common import fingerprints_for, repo_path

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def gitlab(diags: Sequence[Diagnostic], ctx) -> str:
    issues = []
    for d, fp in zip(diags, fingerprints_for(diags, ctx)):
        path = repo_path(d.path, ctx.root)
        issues.append({
            "description": d.message,
            "check_name": d.rule,
            "fingerprint": hashlib.sha256(f"{path}\0{fp}".encode("utf-8", "surrogatepass")).hexdigest()[:32],
            "severity": SEVERITIES[d.severity],
            "location": {"path": path, "lines": {"begin": d.line, "end": d.end_line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
