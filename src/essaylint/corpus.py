"""Corpus mode: the same subject spelled differently across files (datasets).

The engine lints one file at a time; this pass runs after it, over every
file of the run, and only when asked (``essaylint --corpus-naming``). It
collects each file's group references (the first mention of each group,
as the ``naming-consistency`` kind finds them), keys them ignoring case,
hyphens, spaces and a trailing "+", and where one key is written more than
one way across files (one template slot rendered "non-binary" in most files
and "nonbinary" in a few) reports the minority spellings under the
``naming-drift`` rule, pointing at the majority spelling's first file.
Suppression comments in a file silence these findings as they silence the
per-file ones.

Only spelling differences count: different files are free to be about
different groups. A run sees only the files it is given, so under
pre-commit the hook needs ``require_serial: true`` (one process sees every
staged file) for the result not to depend on how files were batched.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from essaylint import suppress
from essaylint.document import DecodeError, Document
from essaylint.engine import Diagnostic, compiled
from essaylint.kinds import naming_consistency
from essaylint.rules import Rule

RULE_ID = "naming-drift"


def naming_across_files(files: Sequence[str], rules: Sequence[Rule]) -> list[Diagnostic]:
    """Cross-file spelling drift of group names; [] when naming-drift is not active."""
    rule = next((r for r in rules if r.id == RULE_ID and r.kind == "naming-consistency"), None)
    if rule is None:
        return []
    c = compiled(rule)
    uses = defaultdict(list)  # key -> [(spelling, path, line, column, end_line, end_column)]
    silenced = {}  # path -> its suppression comments, when it has any
    for path in files:
        if path == "-":
            continue
        try:
            with open(path, "rb") as f:
                doc = Document.from_bytes(f.read(), path)
        except (OSError, DecodeError):
            continue  # the per-file pass already reported it
        sup = suppress.prepare(doc, rules)  # blanks the directives first, as the per-file pass does
        if sup is not None:
            silenced[path] = sup
        for key, name, start, end in naming_consistency.references(doc, c):
            uses[key].append((name, path) + doc.position(start) + doc.position(end) + (start, end))
    out = []
    for key, found in uses.items():
        files_by_spelling = defaultdict(list)
        for u in found:
            files_by_spelling[u[0]].append(u)
        if len(files_by_spelling) < 2:
            continue
        total = len({u[1] for u in found})
        # the majority spelling wins; a tie goes to the spelling of the first file
        order = {u[1]: i for i, u in enumerate(sorted(found, key=lambda u: u[1]))}
        best = max(files_by_spelling, key=lambda s: (len({u[1] for u in files_by_spelling[s]}),
                                                     -min(order[u[1]] for u in files_by_spelling[s])))
        first = min(files_by_spelling[best], key=lambda u: (u[1], u[2], u[3]))
        n_best = len({u[1] for u in files_by_spelling[best]})
        for spelling, uses_of in files_by_spelling.items():
            if spelling == best:
                continue
            for name, path, line, col, end_line, end_col, start, end in uses_of:
                sup = silenced.get(path)
                if sup is not None and sup.silenced(rule.id, rule.tags, line - 1):
                    continue  # a suppressed use still counts towards the majority; it is not reported
                out.append(Diagnostic(
                    path, line, col, end_line, end_col, rule.id, rule.severity,
                    f"{name!r} is written {best!r} in {n_best} of {total} files naming this group "
                    f"(first: {first[1]}:{first[2]})",
                    fix=(start, end, best), related=None,
                ))
    return out
