"""GitHub Actions workflow commands (annotations) and the job step summary.

GitHub shows at most 10 annotations per level (error, warning, notice) per
step and drops the rest silently, so: errors first, never more than 10 per
level, and one notice saying how many findings have no annotation. Every
finding is then printed as plain text inside a log group, between
``::stop-commands::TOKEN`` and ``::TOKEN::`` so that essay text in a message
can never be run as a workflow command.
"""

from __future__ import annotations

import secrets
from collections import Counter
from typing import Sequence

from essaylint.engine import SEVERITY_RANK, Diagnostic
from essaylint.reporters.common import repo_path

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
PER_LEVEL = 10  # annotations GitHub shows per level per step
SUMMARY_BUDGET = 1_000_000  # GitHub accepts 1 MiB of step summary per step


def escape_data(value: object) -> str:
    """A command's message, escaped as actions/toolkit's ``escapeData``."""
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: object) -> str:
    """A property value, escaped as actions/toolkit's ``escapeProperty``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict, message: str) -> str:
    """``::name k=v,k=v::message``; empty properties are left out, as the toolkit does."""
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items() if v not in (None, ""))
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}\n"


def _text_line(d: Diagnostic) -> str:
    """The text format's line, kept on one line even when the path holds a line break."""
    message = d.message.replace("\r", " ").replace("\n", " ")
    path = d.path.replace("\r", "\\r").replace("\n", "\\n")
    return f"{path}:{d.line}:{d.column}: {d.severity}: {message} [{d.rule}]"


def annotation(d: Diagnostic, root: str) -> str:
    props = {"title": f"essaylint ({d.rule})", "file": repo_path(d.path, root), "line": d.line, "endLine": d.end_line}
    if d.line == d.end_line:  # GitHub ignores columns on a multi-line range
        props["col"] = d.column
        props["endColumn"] = d.end_column
    return command(LEVELS[d.severity], props, f"{d.path}:{d.line}:{d.column}: {d.message} [{d.rule}]")


def select(diags: Sequence[Diagnostic]) -> tuple[list[Diagnostic], int]:
    """The findings to annotate (errors first, at most 10 per level) and how many are left out.

    When any are left out, one notice slot is kept for the notice that says so.
    """
    ordered = sorted(diags, key=lambda d: -SEVERITY_RANK[d.severity])
    by_level: dict[str, list[Diagnostic]] = {"error": [], "warning": [], "info": []}
    for d in ordered:
        by_level[d.severity].append(d)
    overflow = any(len(v) > PER_LEVEL for v in by_level.values())
    caps = {"error": PER_LEVEL, "warning": PER_LEVEL, "info": PER_LEVEL - 1 if overflow else PER_LEVEL}
    shown = [d for level, ds in by_level.items() for d in ds[:caps[level]]]
    return shown, len(diags) - len(shown)


def github(diags: Sequence[Diagnostic], ctx) -> str:
    """Annotations for GitHub Actions (see the module docstring for the caps)."""
    shown, left_out = select(diags)
    out = [annotation(d, ctx.root) for d in shown]
    if left_out:
        rest = Counter(d.severity for d in diags) - Counter(d.severity for d in shown)
        parts = ", ".join(f"{rest[s]} {s}" for s in ("error", "warning", "info") if rest[s])
        out.append(command("notice", {"title": "essaylint"},
                           f"{left_out} more finding{'s' if left_out != 1 else ''} not shown as annotations "
                           f"({parts}): GitHub shows at most {PER_LEVEL} per level per step. "
                           f"All {len(diags)} are listed in the log group 'essaylint: all findings'."))
        token = secrets.token_hex(16)
        out.append(f"::group::essaylint: all findings ({len(diags)})\n")
        out.append(f"::stop-commands::{token}\n")
        out.extend(_text_line(d) + "\n" for d in diags)
        out.append(f"::{token}::\n")
        out.append("::endgroup::\n")
    return "".join(out)


# ---------------------------------------------------------------- step summary
_MD_SPECIAL = set("\\`*_{}[]()<>#!|~&$")


def md(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, punctuation backslash-escaped."""
    one = " ".join(text.split())
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in one)


def step_summary(diags: Sequence[Diagnostic], ctx) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: totals, counts per rule, top files, all findings."""
    n = len(diags)
    nfiles = len(ctx.files)
    out = ["## essaylint\n\n"]
    if not n:
        out.append(f"No problems in {nfiles} file{'s' if nfiles != 1 else ''} checked.\n\n")
        return "".join(out)
    sev = Counter(d.severity for d in diags)
    files = Counter(d.path for d in diags)
    out.append(f"**{n} problem{'s' if n != 1 else ''}** ({sev['error']} errors, {sev['warning']} warnings, "
               f"{sev['info']} info) in {len(files)} of {nfiles} files checked.\n\n")
    out.append("| rule | severity | findings |\n| --- | --- | ---: |\n")
    per_rule = Counter((d.rule, d.severity) for d in diags)
    for (rule, severity), k in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"| {md(rule)} | {severity} | {k} |\n")
    top = sorted(files.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    title = "Top files" if len(files) > len(top) else "Files"
    out.append(f"\n**{title}**\n\n| file | errors | warnings | info |\n| --- | ---: | ---: | ---: |\n")
    by_file = Counter((d.path, d.severity) for d in diags)
    for path, _ in top:
        out.append(f"| {md(repo_path(path, ctx.root))} | {by_file[path, 'error']} | {by_file[path, 'warning']} | "
                   f"{by_file[path, 'info']} |\n")
    out.append(f"\n<details><summary>All findings ({n})</summary>\n\n"
               "| location | severity | rule | message |\n| --- | --- | --- | --- |\n")
    size = sum(len(s.encode()) for s in out)
    for i, d in enumerate(diags):
        row = (f"| {md(repo_path(d.path, ctx.root))}:{d.line}:{d.column} | {d.severity} | {md(d.rule)} | "
               f"{md(d.message)} |\n")
        size += len(row.encode())
        if size > SUMMARY_BUDGET - 1000:
            out.append(f"\n{n - i} more not listed: the step summary is limited to 1 MiB.\n")
            break
        out.append(row)
    out.append("\n</details>\n\n")
    return "".join(out)
