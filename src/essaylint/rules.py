"""Rule files: YAML data validated against the schema of the kind they pick.

One file per rule; the file stem is the rule id. Loading collects *every*
problem in every file (``path:line: problem``) before raising RuleError,
so a user fixes a broken rule set in one pass.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import regex
import yaml

from essaylint.kinds import COMPILED, get_kind, kind_names

SEVERITIES = ("error", "warning", "info")
RULE_ID_RE = regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
TOP_KEYS = ("kind", "scope", "severity", "message", "summary", "why", "options", "examples", "tags", "enabled")
REQUIRED = ("kind", "message", "why")
EXAMPLE_KEYS = ("fail", "pass")
EXAMPLE_ITEM_KEYS = ("text", "format")


class RuleError(Exception):
    """Rule files that cannot be loaded; ``problems`` are ``path:line: what``."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Example:
    text: str
    expect: str  # "fail" (must fire) or "pass" (must not)
    markdown: bool = False
    line: int = 0  # line in the rule file


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    scope: str
    severity: str
    message: str
    why: str
    options: dict[str, Any]
    summary: str = ""
    examples: tuple[Example, ...] = ()
    tags: tuple[str, ...] = ()
    enabled: bool = True
    path: str = ""
    key: str = field(default="", compare=False)  # kind + options: the compile-cache key

    def with_changes(self, **changes: Any) -> "Rule":
        """A copy with some fields changed (and the compile key recomputed)."""
        from dataclasses import replace

        r = replace(self, **changes)
        return replace(r, key=_key(r.kind, r.options))


def _key(kind: str, options: dict) -> str:
    return kind + ":" + json.dumps(options, sort_keys=True, default=str)


def default_rules_dir() -> Path:
    """The default rule set: shipped in the wheel, or ``rules/`` in a checkout."""
    # the package folder itself (what importlib.resources.files gives for an installed
    # package), without importing importlib.resources and tempfile at start-up
    shipped = Path(__file__).resolve().parent / "rules"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "rules"


# ---------------------------------------------------------------- YAML with lines
# libyaml's parser when PyYAML has it: same nodes and line marks, about 15x faster (start-up);
# a file it rejects is parsed again by the Python parser, whose error messages are the reported ones
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str, path: str, problems: list[str]):
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(f"{path}:{line}: invalid YAML: {e.problem or e.context}")
    except yaml.YAMLError as e:
        problems.append(f"{path}:1: invalid YAML: {e}")
    return None


def _mapping(node, path: str, what: str, problems: list[str]) -> dict[str, tuple[Any, int, Any]]:
    """{key: (value, line, value node)} of a mapping node; flags duplicates."""
    out: dict[str, tuple[Any, int, Any]] = {}
    for k, v in node.value:
        line = k.start_mark.line + 1
        key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
        if key in out:
            problems.append(f"{path}:{line}: duplicate key {key!r} in {what} (first on line {out[key][1]})")
            continue
        out[key] = (_construct_node(v), line, v)
    return out


def _construct_node(node):
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def placeholders(template: str) -> list[str]:
    """Field names a message template uses ("{item}", "{tail!r}" -> item, tail)."""
    names = []
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.append(regex.split(r"[.\[]", name, maxsplit=1)[0])
    return names


# ---------------------------------------------------------------- loading
def load_rule_file(path: Path, problems: list[str], display: str | None = None) -> Rule | None:
    """Load and validate one rule file, appending problems; None if it is broken."""
    shown = display or str(path)
    before = len(problems)
    rule_id = path.stem
    if not RULE_ID_RE.match(rule_id):
        problems.append(f"{shown}:1: rule id {rule_id!r} (the file name) must be kebab-case: lowercase words joined by '-'")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"{shown}:1: cannot read rule file: {e}")
        return None
    root = _compose(text, shown, problems)
    if root is None:
        if len(problems) == before:
            problems.append(f"{shown}:1: empty rule file")
        return None
    if not isinstance(root, yaml.MappingNode):
        problems.append(f"{shown}:{root.start_mark.line + 1}: a rule file must be a mapping of keys (kind, message, ...)")
        return None
    top = _mapping(root, shown, "the rule", problems)
    for key, (_, line, _) in top.items():
        if key not in TOP_KEYS:
            hint = _close(key, TOP_KEYS)
            problems.append(f"{shown}:{line}: unknown key {key!r}{hint}; allowed: {', '.join(TOP_KEYS)}")
    for key in REQUIRED:
        if key not in top:
            problems.append(f"{shown}:1: missing required key {key!r}")

    def get(key, default=None):
        return top[key][0] if key in top else default

    def line_of(key):
        return top[key][1] if key in top else 1

    for key in ("message", "why", "summary"):
        if key in top and not isinstance(get(key), str):
            problems.append(f"{shown}:{line_of(key)}: {key!r} must be a string")
    kind_name = get("kind")
    kind = None
    if "kind" in top:
        known = kind_names()
        if not isinstance(kind_name, str) or kind_name not in known:
            hint = _close(str(kind_name), known)
            problems.append(f"{shown}:{line_of('kind')}: unknown kind {kind_name!r}{hint}; known kinds: {', '.join(known)}")
        else:
            kind = get_kind(kind_name)
    severity = get("severity", "warning")
    if severity not in SEVERITIES:
        problems.append(f"{shown}:{line_of('severity')}: severity must be one of {', '.join(SEVERITIES)}, got {severity!r}")
    scope = get("scope")
    if kind is not None:
        if scope is None:
            scope = kind.SCOPES[0]
        elif scope not in kind.SCOPES:
            problems.append(f"{shown}:{line_of('scope')}: kind {kind_name!r} does not support scope {scope!r}; it supports: {', '.join(kind.SCOPES)}")
    enabled = get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"{shown}:{line_of('enabled')}: 'enabled' must be true or false, got {enabled!r}")
    tags = get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(f"{shown}:{line_of('tags')}: 'tags' must be a list of strings")
        tags = []
    message = get("message", "")
    if kind is not None and isinstance(message, str):
        try:
            names = placeholders(message)
        except ValueError as e:
            problems.append(f"{shown}:{line_of('message')}: message template is malformed: {e}")
            names = []
        for name in names:
            if name not in kind.FIELDS:
                problems.append(
                    f"{shown}:{line_of('message')}: message placeholder {{{name}}} is not provided by kind "
                    f"{kind_name!r}; it provides: {', '.join('{%s}' % f for f in kind.FIELDS) or 'none'}"
                )
    options = {}
    if kind is not None:
        options = validate_options(kind, kind_name, top.get("options"), shown, problems)
    examples = _examples(top.get("examples"), shown, problems)
    if len(problems) > before:
        problems[before:] = sorted(problems[before:], key=_problem_line)
        return None
    try:
        compiled_ok = kind.compile(options)
    except ValueError as e:
        problems.append(f"{shown}:{line_of('options')}: {e}")
        return None
    COMPILED.setdefault(_key(kind_name, options), compiled_ok)  # the engine reuses it: compiled once
    return Rule(
        id=rule_id, kind=kind_name, scope=scope, severity=severity, message=message,
        why=get("why", "").strip(), options=options, summary=(get("summary") or "").strip(),
        examples=examples, tags=tuple(tags), enabled=enabled, path=shown, key=_key(kind_name, options),
    )


def validate_options(kind, kind_name: str, entry, shown: str, problems: list[str], *, base: dict | None = None) -> dict:
    """Check ``options`` against the kind's schema; fill defaults (or ``base``)."""
    options = {name: opt.default for name, opt in kind.OPTIONS.items()} if base is None else dict(base)
    if entry is None:
        return options
    value, line, node = entry
    if value is None:
        return options
    if isinstance(node, dict) and isinstance(value, dict):  # a TOML table: node maps option names to lines
        items = {name: (v, node.get(name, line), None) for name, v in value.items()}
    elif isinstance(node, yaml.MappingNode):
        items = _mapping(node, shown, "options", problems)
    else:
        problems.append(f"{shown}:{line}: 'options' must be a mapping of option names to values")
        return options
    for name, (v, oline, _) in items.items():
        opt = kind.OPTIONS.get(name)
        if opt is None:
            hint = _close(name, kind.OPTIONS)
            known = ", ".join(kind.OPTIONS) or "none"
            problems.append(f"{shown}:{oline}: unknown option {name!r} for kind {kind_name!r}{hint}; options: {known}")
            continue
        v, problem = opt.validate(v)
        if problem:
            problems.append(f"{shown}:{oline}: option {name!r} {problem}")
        options[name] = v
    return options


def _examples(entry, shown: str, problems: list[str]) -> tuple[Example, ...]:
    if entry is None:
        return ()
    value, line, node = entry
    if not isinstance(node, yaml.MappingNode):
        problems.append(f"{shown}:{line}: 'examples' must be a mapping with 'fail' and/or 'pass'")
        return ()
    out = []
    for key, (v, kline, vnode) in _mapping(node, shown, "examples", problems).items():
        if key not in EXAMPLE_KEYS:
            problems.append(f"{shown}:{kline}: unknown key {key!r} in examples; allowed: fail, pass")
            continue
        items = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
        for item in items:
            iline = item.start_mark.line + 1
            val = _construct_node(item)
            if isinstance(val, str):
                out.append(Example(val, key, False, iline))
            elif isinstance(val, dict) and isinstance(val.get("text"), str) and set(val) <= set(EXAMPLE_ITEM_KEYS) \
                    and val.get("format", "txt") in ("txt", "md"):
                out.append(Example(val["text"], key, val.get("format") == "md", iline))
            else:
                problems.append(f"{shown}:{iline}: each {key!r} example must be text, or a mapping with 'text' and an optional 'format' (txt or md)")
    return tuple(out)


def _problem_line(problem: str) -> int:
    m = regex.search(r":(\d+): ", problem)
    return int(m.group(1)) if m else 0


def _close(word: str, choices: Iterable[str]) -> str:
    import difflib

    m = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {m[0]!r}?)" if m else ""


def rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_rules(dirs: Iterable[Path | str] | None = None, *, defaults: bool = True) -> list[Rule]:
    """Load the default rules, then each directory in ``dirs`` (later ids replace earlier).

    Raises RuleError listing every problem in every file.
    """
    problems: list[str] = []
    sources: list[Path] = [default_rules_dir()] if defaults else []
    for d in dirs or ():
        d = Path(d)
        if not d.is_dir():
            problems.append(f"{d}: rule directory not found")
            continue
        sources.append(d)
    by_id: dict[str, Rule] = {}
    for d in sources:
        if not d.is_dir():
            continue
        for p in rule_files(d):
            rule = load_rule_file(p, problems)
            if rule is not None:
                by_id[rule.id] = rule
    if problems:
        raise RuleError(problems)
    return sorted(by_id.values(), key=lambda r: r.id)
