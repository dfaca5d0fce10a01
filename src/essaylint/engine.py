"""lint(doc, rules) -> diagnostics: a pure function of picklable inputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from essaylint import suppress
from essaylint.document import Document, slot_constructor
from essaylint.kinds import COMPILED, get_kind
from essaylint.rules import Rule

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
UNREADABLE = "unreadable-file"
RULE_FAILED = "internal-error"  # a rule raised on this file: a bug in essaylint, never a finding


@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    """One finding. Columns are 1-based code points; ``end_column`` is exclusive.

    Sorting diagnostics sorts the output (path, line, column, ...).
    ``fix`` is ``(start, end, text)`` in offsets of the decoded text;
    ``related`` is ``(line, column)`` of a location the message refers to.
    ``record`` is ``(dataset path, record line, record id)`` for a dataset record.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: str
    message: str
    fix: tuple[int, int, str] | None = field(default=None, compare=False)
    related: tuple[int, int] | None = field(default=None, compare=False)
    record: tuple[str, int, str | None] | None = field(default=None, compare=False)


# Diagnostic(...) with every field given in order, 2-3x cheaper than its frozen __init__ (one per finding)
make_diagnostic = slot_constructor(Diagnostic)

_COMPILED = COMPILED  # rules.py compiled each rule to validate it: reused, not compiled again


def compiled(rule: Rule) -> object:
    """The rule's compiled form; compiled once per process."""
    c = _COMPILED.get(rule.key)
    if c is None:
        c = _COMPILED[rule.key] = get_kind(rule.kind).compile(rule.options)
    return c


class _Values(dict):
    def __missing__(self, key):  # a kind left a field out: show it, never crash
        return "{" + key + "}"


def format_message(rule: Rule, values: dict) -> str:
    return rule.message.format_map(_Values(values))


def lint(doc: Document, rules: Sequence[Rule]) -> list[Diagnostic]:
    """Run every rule over the document; sorted diagnostics.

    Suppression comments in the document are honoured (suppress.py); a
    RuleSet (config.py) also tells which ids a comment may name.
    """
    rules = rules if hasattr(rules, "__len__") else list(rules)  # read more than once below
    sup = suppress.prepare(doc, rules)
    out: list[Diagnostic] = []
    pos = doc.position
    for rule in rules:
        kind = get_kind(rule.kind)
        kept = len(out)
        try:
            for hit in kind.check(doc, rule.scope, compiled(rule)):
                line, col = pos(hit.start)
                end_line, end_col = pos(hit.end)
                related = pos(hit.related[0]) if hit.related else None
                values = hit.values
                if related is not None:  # kinds never compute lines: {related_line} comes from here
                    values = {"related_line": related[0], **values}
                out.append(make_diagnostic(
                    doc.path, line, col, end_line, end_col, rule.id, rule.severity,
                    format_message(rule, values),
                    (hit.start, hit.end, hit.fix) if hit.fix is not None else None,  # fix
                    related, None,  # related, record
                ))
        except Exception as e:  # one rule's bug must not stop the run or hide the other rules' findings
            del out[kept:]  # what it found before it failed may be incomplete: none of it is shown
            out.append(rule_failed(doc.path, rule.id, e))
    if sup is not None:
        out = suppress.apply(sup, out, rules)
    out.sort()
    return out


def rule_failed(path: str, rule_id: str, e: Exception) -> Diagnostic:
    return Diagnostic(path, 1, 1, 1, 1, RULE_FAILED, "error",
                      f"essaylint's rule {rule_id} failed on this file ({type(e).__name__}: {e}); its findings here "
                      f"are left out, the other rules' are kept. This is a bug: please report it with the file")


def unreadable(path: str, problem: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, 1, 1, UNREADABLE, "error", f"cannot lint this file: {problem}")


def counts(diags: Iterable[Diagnostic]) -> dict[str, int]:
    c = {"error": 0, "warning": 0, "info": 0}
    for d in diags:
        c[d.severity] += 1
    return c


def check_examples(rule: Rule) -> list[str]:
    """Run a rule's own examples: each ``fail`` must fire, each ``pass`` must not.

    Returns one problem per example that does not behave, naming the rule
    file and the example's line.
    """
    problems = []
    for ex in rule.examples:
        doc = Document(ex.text, "example.md" if ex.markdown else "example.txt", markdown=ex.markdown)
        found = [d for d in lint(doc, [rule]) if d.rule == rule.id]
        if ex.expect == "fail" and not found:
            problems.append(f"{rule.path}:{ex.line}: 'fail' example did not fire: {_preview(ex.text)}")
        elif ex.expect == "pass" and found:
            d = found[0]
            problems.append(f"{rule.path}:{ex.line}: 'pass' example fired at {d.line}:{d.column}: {d.message}")
    return problems


def _preview(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    return repr(one if len(one) <= width else one[: width - 1] + "…")
