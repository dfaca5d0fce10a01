"""Suppression comments: one grammar for Markdown and plain text.

::

    <!-- essaylint-disable RULE[,RULE] -->   ...   <!-- essaylint-enable RULE -->
    <!-- essaylint-disable-next-line RULE -->
    Some sentence. <!-- essaylint-disable-line RULE -->
    <!-- essaylint-disable-file RULE -->

No ids means every rule; ids and family tags are both accepted. In plain
text a line holding only the directive, with or without the ``<!-- -->``
wrapper, works the same. Directives are blanked before any rule runs, so
they never count as text. The directives themselves are checked: an
unknown action, an unknown rule or tag, and a ``disable`` that is never
re-enabled each give a warning (ids in ``CHECKS``).

Everything here is a function of the document and the rule set handed to
``lint``, so linting stays pure: the names a directive may use come from
``rules.known`` when the caller passes a RuleSet (config.py), else from
the rules themselves.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

import regex

ACTIONS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")
UNKNOWN_DIRECTIVE = "unknown-directive"
UNKNOWN_RULE = "unknown-rule-in-directive"
UNCLOSED = "unclosed-disable"
CHECKS = {
    UNKNOWN_DIRECTIVE: "An 'essaylint-' comment whose action is not one of: " + ", ".join(ACTIONS) + ".",
    UNKNOWN_RULE: "A suppression comment names a rule id or tag that is not loaded; it silences nothing.",
    UNCLOSED: "An essaylint-disable is never re-enabled, so it silences the rest of the file; "
              "add the matching essaylint-enable, or use essaylint-disable-file if that is the intent.",
}

# ids: kebab-case words separated by commas and/or spaces
_IDS = r"[A-Za-z0-9_\-]+(?:[ \t]*,?[ \t]*[A-Za-z0-9_\-]+)*"
_WRAPPED_RE = regex.compile(r"<!--[ \t]*essaylint(-|[ \t]*:[ \t]*)([A-Za-z-]*)([^\n]*?)[ \t]*-->")
_BARE_RE = regex.compile(rf"^[ \t]*essaylint-({'|'.join(sorted(ACTIONS, key=len, reverse=True))})([ \t]+{_IDS})?[ \t]*$",
                         regex.MULTILINE)
_SPLIT_RE = regex.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class Directive:
    line: int  # 0-based
    start: int
    end: int
    action: str
    names: tuple[str, ...]  # empty: every rule


def _known(rules: Sequence) -> frozenset[str]:
    known = getattr(rules, "known", None)
    if known is not None:
        return frozenset(known) | frozenset(CHECKS)
    names = set(CHECKS)
    for r in rules:
        names.add(r.id)
        names.update(r.tags)
    return frozenset(names)


def _in_code_span(text: str, line_start: int, pos: int) -> bool:
    return text.count("`", line_start, pos) % 2 == 1


def scan(doc) -> list[tuple[Directive | None, int, int, str]]:
    """Every directive-looking comment: (Directive or None if malformed, start, end, action)."""
    src = doc.source
    if "essaylint" not in src:
        return []
    found = []
    if doc.markdown:
        # comments are blanked in doc.text; a comment inside fenced code is code, not a directive
        fenced = None
        if "```" in src or "~~~" in src:
            from essaylint.document import Document

            fenced = Document(src, doc.path, markdown=False).excluded_lines
        hay = src
    else:
        fenced = None
        hay = doc.text  # fences are already blanked in plain text
    starts = doc.line_starts
    for m in _WRAPPED_RE.finditer(hay):
        line = bisect.bisect_right(starts, m.start()) - 1
        if fenced and line in fenced or _in_code_span(hay, starts[line], m.start()):
            continue
        sep = "" if m.group(1) == "-" else ":"  # "essaylint: disable" is a near miss, reported below
        found.append((m, line, sep + m.group(2), m.group(3)))
    if not doc.markdown:
        for m in _BARE_RE.finditer(hay):
            line = bisect.bisect_right(starts, m.start()) - 1
            found.append((m, line, m.group(1), m.group(2) or ""))
    out = []
    for m, line, action, rest in found:
        ok = action in ACTIONS and (not rest.strip() or (rest[:1].isspace() and regex.fullmatch(_IDS, rest.strip())))
        names = tuple(n for n in _SPLIT_RE.split(rest.strip()) if n) if ok else ()
        out.append((Directive(line, m.start(), m.end(), action, names) if ok else None, m.start(), m.end(), action))
    out.sort(key=lambda t: t[1])
    return out


class Suppressions:
    """The directives of one document and the findings they silence."""

    def __init__(self, doc, directives: list[Directive], notes: list[tuple[str, int, int, str]]):
        self.doc = doc
        self.notes = notes  # (check id, start, end, message)
        self.file_names: set[str] = set()
        self.file_all = False
        self.ranges: list[Directive] = []
        self.next_line: dict[int, list[tuple[str, ...]]] = {}  # line -> names, of disable-line and -next-line
        last = doc.line_count - 1
        text = doc.text  # directives, comments and code are already blank here
        for d in directives:
            if d.action == "disable-file":
                if d.names:
                    self.file_names.update(d.names)
                else:
                    self.file_all = True
            elif d.action == "disable-next-line":
                # the next line of text: blank lines and lines holding only directives are skipped
                target = d.line + 1
                while target < last and not text[slice(*doc.line_span(target))].strip():
                    target += 1
                self.next_line.setdefault(target, []).append(d.names)
            elif d.action == "disable-line":  # the line the comment is on
                self.next_line.setdefault(d.line, []).append(d.names)
            else:
                self.ranges.append(d)
        self._range_lines = [d.line for d in self.ranges]

    def silenced(self, rule_id: str, tags: Sequence[str], line: int) -> bool:
        """Is a finding of ``rule_id`` starting on 0-based ``line`` suppressed?"""

        def hits(names: tuple[str, ...]) -> bool:
            return not names or rule_id in names or any(t in names for t in tags)

        if self.file_all or rule_id in self.file_names or any(t in self.file_names for t in tags):
            return True
        if any(hits(names) for names in self.next_line.get(line, ())):
            return True
        off = False
        for d in self.ranges[:bisect.bisect_right(self._range_lines, line)]:
            if hits(d.names):
                off = d.action == "disable"
        return off


def prepare(doc, rules: Sequence) -> Suppressions | None:
    """Read and blank the directives of ``doc``; None when it has none.

    The directives found are kept on the document: once blanked they are no
    longer in ``doc.text``, and linting the same document again (one rule
    at a time, say) must still honour them.
    """
    found = doc.__dict__.get("_essaylint_directives")
    first = found is None
    if first:
        found = doc.__dict__["_essaylint_directives"] = scan(doc)
    if not found:
        return None
    known = _known(rules)
    notes: list[tuple[str, int, int, str]] = []
    directives: list[Directive] = []
    for d, start, end, action in found:
        if d is None:
            notes.append((UNKNOWN_DIRECTIVE, start, end, _unknown_directive(action)))
            continue
        good = []
        for name in d.names:
            if name in known:
                good.append(name)
            else:
                notes.append((UNKNOWN_RULE, start, end,
                              f"essaylint-{d.action} names {name!r}, which is not a rule id or tag{_close(name, known)}"))
        if d.names and not good:
            continue  # naming only unknown rules must not silence everything
        directives.append(Directive(d.line, d.start, d.end, d.action, tuple(good)))
    for i, d in enumerate(directives):
        if d.action != "disable":
            continue
        later = [e for e in directives[i + 1:] if e.action == "enable"]
        open_names = [n for n in d.names if not any(not e.names or n in e.names for e in later)]
        if not d.names and not any(not e.names for e in later):
            notes.append((UNCLOSED, d.start, d.end,
                          "essaylint-disable (all rules) is never re-enabled; add <!-- essaylint-enable --> "
                          "or use essaylint-disable-file"))
        elif open_names:
            shown = ",".join(open_names)
            notes.append((UNCLOSED, d.start, d.end,
                          f"essaylint-disable {shown} is never re-enabled; add <!-- essaylint-enable {shown} --> "
                          "or use essaylint-disable-file"))
    if first:
        _blank(doc, [(s, e) for _, s, e, _ in found])
    return Suppressions(doc, directives, notes)


def _blank(doc, spans: list[tuple[int, int]]) -> None:
    """Blank directive text so no rule sees it; a directive alone on its line blanks the line."""
    if doc.markdown:
        return  # HTML comments are already blanked and their lines excluded
    for start, end in spans:
        line = bisect.bisect_right(doc.line_starts, start) - 1
        ls, le = doc.line_span(line)
        if not doc.source[ls:start].strip() and not doc.source[end:le].strip():
            doc.blank(ls, le, whole_lines=True)
        else:
            doc.blank(start, end, whole_lines=False)


def apply(sup: Suppressions, diags: list, rules: Sequence) -> list:
    """Drop the suppressed findings; add the directive checks' own warnings."""
    from essaylint.engine import Diagnostic

    tags = {r.id: r.tags for r in rules}
    kept = [d for d in diags if not sup.silenced(d.rule, tags.get(d.rule, ()), d.line - 1)]
    quiet = getattr(rules, "quiet", ())
    pos = sup.doc.position
    for check, start, end, message in sup.notes:
        if check in quiet:
            continue
        line, col = pos(start)
        end_line, end_col = pos(end)
        kept.append(Diagnostic(sup.doc.path, line, col, end_line, end_col, check, "warning", message))
    return kept


def _unknown_directive(action: str) -> str:
    if action.startswith(":"):
        return (f"unknown directive 'essaylint: {action[1:]}'; write <!-- essaylint-{action[1:] or 'disable'} RULE --> "
                "(joined by a hyphen)")
    if action in ACTIONS:
        return (f"malformed essaylint-{action}: rule ids must be kebab-case words separated by commas, "
                f"for example <!-- essaylint-{action} repeated-phrase,naming -->")
    return f"unknown directive 'essaylint-{action}'{_close(action, ACTIONS, 'essaylint-')}; use one of: " + \
        ", ".join("essaylint-" + a for a in ACTIONS)


def _close(word: str, choices, prefix: str = "") -> str:
    import difflib

    m = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {prefix + m[0]!r}?)" if m else ""
