"""Stable identities for findings, and the baseline file that records them.

A finding's fingerprint never uses its line or column, so it survives edits
elsewhere in the file that move it: it hashes the rule id, the text of the
flagged line(s) and the text of the flagged span (whitespace collapsed,
Unicode NFC), and appends the occurrence number of that hash in the file
(``"1f0c9a2e5b7d3c48:2"`` is the second identical finding). SARIF's
``partialFingerprints``, GitLab's ``fingerprint`` and the baseline all use it.

The baseline file (JSON) maps paths, relative to the baseline file's own
directory with forward slashes, to the findings recorded there::

    {"essaylint-baseline": 1,
     "files": {"essays/intro.md": [{"rule": "repeated-phrase",
                                    "fingerprint": "1f0c9a2e5b7d3c48:1",
                                    "message": "..."}]}}

``message`` is for the people reading a diff of the file; matching uses only
the path and the fingerprint (which already covers the rule).
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from pathlib import Path, PurePath
from typing import Iterable, Sequence

from essaylint.document import DecodeError, decode
from essaylint.engine import UNREADABLE, Diagnostic

FORMAT_KEY = "essaylint-baseline"
FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be used (exit 2)."""


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class Sources:
    """The decoded lines of linted files, read on demand and cached.

    ``missing`` names paths whose text is not on disk (the stdin display name):
    their findings are fingerprinted from the rule and message instead.
    """

    def __init__(self, missing: Iterable[str] = ()):
        self.missing = set(missing)
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        if path not in self._lines:
            text = None
            if path not in self.missing:
                try:
                    with open(path, "rb") as f:
                        text = decode(f.read())
                except (OSError, DecodeError):
                    text = None
            self._lines[path] = None if text is None else text.split("\n")
        return self._lines[path]


def _material(d: Diagnostic, lines: list[str] | None) -> str:
    if lines is None or d.rule == UNREADABLE or not 1 <= d.line <= len(lines):
        return normalise(d.message)
    last = min(max(d.end_line, d.line), len(lines))
    flagged = lines[d.line - 1:last]
    if d.end_line == d.line:
        span = flagged[0][d.column - 1:d.end_column - 1]
    else:
        end_col = d.end_column if d.end_line <= len(lines) else len(flagged[-1]) + 1
        span = "\n".join([flagged[0][d.column - 1:], *flagged[1:-1], flagged[-1][:end_col - 1]])
    return normalise("\n".join(flagged)) + "\0" + normalise(span)


def fingerprints(diags: Sequence[Diagnostic], sources: Sources | None = None) -> list[str]:
    """One fingerprint per diagnostic (``HASH:N``), in the order given.

    Occurrences are numbered in the order of ``diags`` (sorted diagnostics
    number them in document order); compute fingerprints on the full list,
    before any filtering, so the numbers do not depend on what is shown.
    """
    sources = sources or Sources()
    seen: Counter = Counter()
    out = []
    for d in diags:
        material = f"{d.rule}\0{_material(d, sources.lines(d.path))}"
        h = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        seen[(d.path, h)] += 1
        out.append(f"{h}:{seen[(d.path, h)]}")
    return out


# ---------------------------------------------------------------- the file
def _key(path: str, base: Path) -> str:
    """``path`` relative to ``base`` with forward slashes (as given if impossible)."""
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return PurePath(rel).as_posix()


class Baseline:
    """Recorded findings: ``{path key: [entry, ...]}``; see the module docstring."""

    def __init__(self, path: str | os.PathLike, files: dict[str, list[dict]] | None = None):
        self.path = Path(path)
        self.base = self.path.resolve().parent
        self.files: dict[str, list[dict]] = files or {}
        self._index = {(k, e["fingerprint"]) for k, es in self.files.items() for e in es}
        self._keys: dict[str, str] = {}

    def key(self, path: str) -> str:
        k = self._keys.get(path)
        if k is None:
            k = self._keys[path] = _key(path, self.base)
        return k

    def __contains__(self, item: tuple[str, str]) -> bool:
        path, fingerprint = item
        return (self.key(path), fingerprint) in self._index

    def __len__(self) -> int:
        return len(self._index)


def load(path: str | os.PathLike) -> Baseline:
    """Read a baseline file; BaselineError says what is wrong with it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline file {path} not found; create it with --write-baseline") from None
    except (OSError, UnicodeDecodeError) as e:
        raise BaselineError(f"cannot read baseline file {path}: {getattr(e, 'strerror', None) or e}") from None
    except json.JSONDecodeError as e:
        raise BaselineError(f"{path}:{e.lineno}: baseline file is not valid JSON: {e.msg}") from None
    if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION or not isinstance(data.get("files"), dict):
        raise BaselineError(f"{path}: not an essaylint baseline (expected {{\"{FORMAT_KEY}\": {FORMAT_VERSION}, \"files\": {{...}}}})")
    files = data["files"]
    for k, entries in files.items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
            raise BaselineError(f"{path}: entry {k!r} must be a list of objects with a 'fingerprint'")
    return Baseline(path, files)


def write(path: str | os.PathLike, diags: Sequence[Diagnostic], fps: Sequence[str],
          linted: Iterable[str], previous: Baseline | None = None) -> Baseline:
    """Record ``diags`` for the files linted now, keeping ``previous`` entries for
    files not linted this run that still exist; returns the new baseline."""
    new = Baseline(path)
    files: dict[str, list[dict]] = {}
    linted_keys = {new.key(p) for p in linted}
    if previous is not None:
        for k, entries in previous.files.items():
            if k not in linted_keys and (new.base / k).exists():
                files[k] = entries
    for d, fp in zip(diags, fps):
        files.setdefault(new.key(d.path), []).append({"rule": d.rule, "fingerprint": fp, "message": d.message})
    doc = {FORMAT_KEY: FORMAT_VERSION, "files": dict(sorted(files.items()))}
    try:
        Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as e:
        raise BaselineError(f"cannot write baseline file {path}: {e.strerror or e}") from None
    return Baseline(path, doc["files"])


def new_findings(diags: Sequence[Diagnostic], fps: Sequence[str], baseline: Baseline) -> tuple[list, list]:
    """The diagnostics (and their fingerprints) that the baseline does not record."""
    kept = [(d, fp) for d, fp in zip(diags, fps) if (d.path, fp) not in baseline]
    return [d for d, _ in kept], [fp for _, fp in kept]
