"""Reporters: plain functions from diagnostics to the text of one output format.

Each takes ``(diagnostics, context)`` and returns a string; ``context`` is a
Context with the rules that ran and the tool version. Machine formats
return only their document: the summary line goes to stderr, never here.
One module per CI format: github, sarif, gitlab, junit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from essaylint.engine import Diagnostic
from essaylint.reporters.common import find_root
from essaylint.reporters.github import github
from essaylint.reporters.gitlab import gitlab
from essaylint.reporters.junit import junit
from essaylint.reporters.sarif import sarif
from essaylint.rules import Rule


@dataclass
class Context:
    rules: Sequence[Rule] = ()
    version: str = ""
    files: Sequence[str] = field(default_factory=list)
    # the CI formats: report paths relative to ``root`` (default: the repository
    # root above the current directory); ``fingerprints`` align with the
    # diagnostics (computed by main() before baseline filtering; None: compute);
    # ``stdin_names`` are reported paths whose text is not on disk
    root: str = ""
    fingerprints: Sequence[str] | None = None
    stdin_names: Sequence[str] = ()

    def __post_init__(self):
        if not self.root:
            self.root = find_root()


def text_lines(diags: Sequence[Diagnostic], ctx: Context) -> Iterator[str]:
    """``PATH:LINE:COL: SEVERITY: MESSAGE [RULE-ID]``, one line per diagnostic."""
    for d in diags:
        yield f"{d.path}:{d.line}:{d.column}: {d.severity}: {_one_line(d.message)} [{d.rule}]\n"


def text(diags: Sequence[Diagnostic], ctx: Context) -> str:
    return "".join(text_lines(diags, ctx))


def _one_line(message: str) -> str:
    return message.replace("\r", " ").replace("\n", " ")


def as_dict(d: Diagnostic) -> dict:
    out = {
        "path": d.path, "line": d.line, "column": d.column,
        "end_line": d.end_line, "end_column": d.end_column,
        "rule": d.rule, "severity": d.severity, "message": d.message,
    }
    if d.fix is not None:
        out["fix"] = {"replacement": d.fix[2]}
    if d.related is not None:
        out["related"] = {"line": d.related[0], "column": d.related[1]}
    if d.record is not None:
        out["record"] = {"path": d.record[0], "line": d.record[1], "id": d.record[2]}
    return out


def json_format(diags: Sequence[Diagnostic], ctx: Context) -> str:
    """A JSON array of diagnostic objects."""
    return json.dumps([as_dict(d) for d in diags], ensure_ascii=False, indent=2) + "\n"


def json_lines_iter(diags: Sequence[Diagnostic], ctx: Context) -> Iterator[str]:
    """One JSON object per line."""
    for d in diags:
        yield json.dumps(as_dict(d), ensure_ascii=False) + "\n"


def json_lines(diags: Sequence[Diagnostic], ctx: Context) -> str:
    return "".join(json_lines_iter(diags, ctx))


# line formats, written piece by piece: a dataset with a million findings is
# never held as one report string
STREAMED: dict[str, Callable[[Sequence[Diagnostic], Context], Iterator[str]]] = {
    "text": text_lines,
    "json-lines": json_lines_iter,
}

REPORTERS: dict[str, Callable[[Sequence[Diagnostic], Context], str]] = {
    "text": text,
    "json": json_format,
    "json-lines": json_lines,
    "github": github,
    "sarif": sarif,
    "gitlab": gitlab,
    "junit": junit,
}
