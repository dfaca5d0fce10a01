"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

``tool.driver.rules`` describes every rule that ran (from its rule file:
summary, why, an example, default level, tags); results point at
repository-relative, percent-encoded URIs; columns count code points
(``columnKind: unicodeCodePoints``); ``partialFingerprints`` carry the
line-independent fingerprint (see essaylint.baseline) so an alert keeps
its identity when text above it moves.
"""

from __future__ import annotations

import json
from typing import Sequence

from essaylint.engine import RULE_FAILED, UNREADABLE, Diagnostic
from essaylint.reporters.common import artifact_uri, fingerprints_for, rule_table

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
TEXT_LIMIT = 1024  # GitHub's limit for the rule description fields
MAX_TAGS = 20

_SYNTHETIC = {
    UNREADABLE: ("A file essaylint cannot read.",
                 "The file is binary, not valid UTF-8, or cannot be opened, so none of its text was checked.",
                 "error"),
    RULE_FAILED: ("A rule of essaylint failed on this file.",
                  "A bug in essaylint: one rule raised an error on this file, so its findings here are left out; "
                  "the other rules' findings are kept.", "error"),
}


def _clip(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rule_descriptor(rule_id: str, rule) -> dict:
    if rule is None:
        short, full, level = _SYNTHETIC.get(rule_id, (rule_id, rule_id, "warning"))
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": short},
                "fullDescription": {"text": full}, "help": {"text": full},
                "defaultConfiguration": {"level": LEVELS[level]}}
    from essaylint.cli import summary_of

    short = summary_of(rule) or rule.id
    why = " ".join(rule.why.split()) or short
    # help.text is capped at 1,024 characters: lead with the one-line summary so
    # the example survives a long `why` (the full text is in fullDescription)
    text, markdown = [short], [why]
    for expect, label in (("fail", "Fires on"), ("pass", "Does not fire on")):
        ex = next((e for e in rule.examples if e.expect == expect), None)
        if ex is not None:
            body = ex.text.rstrip("\n")
            text.append(f"{label}:\n" + "\n".join("    " + line for line in body.split("\n")))
            fence = "~~~~" if "```" in body else "```"
            markdown.append(f"{label}:\n\n{fence}{'markdown' if ex.markdown else 'text'}\n{body}\n{fence}")
    desc = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": _clip(short)},
        "fullDescription": {"text": _clip(why)},
        "help": {"text": _clip("\n\n".join(text)), "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[rule.severity], **({} if rule.enabled else {"enabled": False})},
        "properties": {"tags": list(dict.fromkeys(rule.tags))[:MAX_TAGS], "kind": rule.kind},
    }
    return desc


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def result(d: Diagnostic, index: int, fingerprint: str, root: str) -> dict:
    uri = artifact_uri(d.path, root)
    location = {"artifactLocation": {"uri": uri}}
    if d.rule != UNREADABLE:
        location["region"] = _region(d.line, d.column, d.end_line, d.end_column)
    out = {
        "ruleId": d.rule,
        "ruleIndex": index,
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }
    if d.related is not None:
        line, column = d.related
        out["relatedLocations"] = [{"id": 1, "physicalLocation": {
            "artifactLocation": {"uri": uri}, "region": {"startLine": line, "startColumn": column}}}]
    if d.fix is not None:
        out["fixes"] = [{
            "description": {"text": f"Replace with {d.fix[2]!r}"},
            "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [{
                "deletedRegion": _region(d.line, d.column, d.end_line, d.end_column),
                "insertedContent": {"text": d.fix[2]}}]}],
        }]
    return out


def sarif(diags: Sequence[Diagnostic], ctx) -> str:
    """One SARIF 2.1.0 log with one run."""
    table = rule_table(diags, ctx.rules)
    index = {rule_id: i for i, rule_id in enumerate(table)}
    fps = fingerprints_for(diags, ctx)
    driver = {"name": "essaylint", **({"version": ctx.version} if ctx.version else {}),
              "rules": [rule_descriptor(k, r) for k, r in table.items()]}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": [result(d, index[d.rule], fp, ctx.root) for d, fp in zip(diags, fps)],
        }],
    }
    # no indent: the C encoder is ~10x faster, and a SARIF log is read by tools
    return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"
