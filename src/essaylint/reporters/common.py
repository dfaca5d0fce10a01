"""Helpers the CI formats share: repository-relative paths and fingerprints."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Sequence
from urllib.parse import quote

from essaylint.engine import Diagnostic


def find_root(start: str | os.PathLike | None = None) -> str:
    """The repository root above ``start`` (a directory holding ``.git``), else ``start``.

    CI systems resolve report paths against the repository root, so a run
    from a subdirectory still reports ``docs/intro.md``, not ``intro.md``.
    """
    here = Path(start or os.getcwd()).resolve()
    for d in (here, *here.parents):
        if (d / ".git").exists():
            return str(d)
    return str(here)


@lru_cache(maxsize=4096)  # called once per finding, with few distinct paths
def repo_path(path: str, root: str) -> str:
    """``path`` relative to ``root``, with forward slashes; absolute when that is impossible."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return PurePath(absolute).as_posix()
    return PurePath(rel).as_posix()


@lru_cache(maxsize=4096)
def artifact_uri(path: str, root: str) -> str:
    """A URI reference for ``path``: relative and percent-encoded (RFC 3986), or ``file:`` outside ``root``."""
    rel = repo_path(path, root)
    if rel.startswith("../") or PurePath(rel).is_absolute() or rel == "..":
        return Path(os.path.abspath(path)).as_uri()
    return quote(rel, safe="/")


def fingerprints_for(diags: Sequence[Diagnostic], ctx) -> list[str]:
    """The fingerprints main() computed (before baseline filtering), or fresh ones."""
    if ctx.fingerprints is not None and len(ctx.fingerprints) == len(diags):
        return list(ctx.fingerprints)
    from essaylint.baseline import Sources, fingerprints

    return fingerprints(diags, Sources(ctx.stdin_names))


def rule_table(diags: Sequence[Diagnostic], rules) -> dict:
    """``{rule id: Rule or None}`` for the rules that ran plus any only seen in ``diags``."""
    table = {r.id: r for r in rules}
    for d in diags:
        table.setdefault(d.rule, None)
    return dict(sorted(table.items()))
