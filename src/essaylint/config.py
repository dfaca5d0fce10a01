"""Configuration files and rule selection: which rules run, how, for which file.

A config is ``[tool.essaylint]`` in ``pyproject.toml`` or the top level of
``.essaylint.toml`` (which wins in the same folder). Each linted file uses
the closest config, found by walking up from its folder and stopping at the
repository root (the folder holding ``.git``); configs are never merged.
``--config FILE`` applies one file to everything, ``--isolated`` none.
Relative paths and globs in a config resolve against its folder.

The result for one file is a RuleSet: a frozen, picklable tuple of rules with
severities and options already applied, plus the ids and tags a suppression
comment may name. ``lint(doc, ruleset)`` stays a pure function of it.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, NamedTuple, Sequence

import regex

from essaylint.rules import SEVERITIES, Rule, load_rules, validate_options
from essaylint.suppress import CHECKS

CONFIG_FILES = (".essaylint.toml", "pyproject.toml")  # first wins in one folder
KEYS = ("extend", "select", "extend-select", "ignore", "per-file-ignores", "exclude", "extensions", "rule-dirs",
        "fail-on", "rules")
FAIL_ON = SEVERITIES
RULE_TABLE_KEYS = ("severity",)  # every other key in [rules.ID] is an option of the rule's kind
DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown")


class ConfigError(Exception):
    """Configuration that cannot be used; ``problems`` are ``file:line: key: what``."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class Name(NamedTuple):
    """A rule id or tag as written, with where it was written (``file:line: key``)."""

    name: str
    where: str


@dataclass(frozen=True)
class RuleTable:
    name: Name
    severity: tuple[str, str] | None  # (value, where)
    options: dict[str, Any]
    option_lines: dict[str, int]
    line: int
    shown: str
    key: str


@dataclass(frozen=True)
class Config:
    path: str | None  # as shown in messages; None: no config file (defaults)
    root: str  # absolute folder relative paths and globs resolve against
    select: tuple[Name, ...] | None = None
    extend_select: tuple[Name, ...] = ()
    ignore: tuple[Name, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[Name, ...], str], ...] = ()  # (glob, names, folder of the glob)
    exclude: tuple[str, ...] = ()
    exclude_root: str = ""  # folder the exclude globs are relative to ("" = root)
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    rule_dirs: tuple[str, ...] = ()
    fail_on: str | None = None
    rules: tuple[RuleTable, ...] = ()

    @cached_property
    def excluded(self):
        """A pathspec of ``exclude`` (gitignore syntax, relative to ``root``)."""
        return _spec(self.exclude)


@dataclass(frozen=True)
class RuleSet:
    """The rules for one file (severity and options applied), picklable.

    Iterates like a tuple of Rule. ``known`` holds every rule id and tag a
    suppression comment may name (rules switched off for this file
    included); ``quiet`` the suppression checks switched off. ``key`` is a
    stable string for cache keys.
    """

    rules: tuple[Rule, ...]
    known: frozenset[str] = frozenset()
    quiet: frozenset[str] = frozenset()

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __getitem__(self, i):
        return self.rules[i]

    @property
    def key(self) -> str:
        h = hashlib.sha256()
        for r in self.rules:
            h.update(f"{r.id}\0{r.severity}\0{r.scope}\0{r.message}\0{r.key}\n".encode())
        h.update(("\0".join(sorted(self.known)) + "\n" + "\0".join(sorted(self.quiet))).encode())
        return h.hexdigest()


# ---------------------------------------------------------------- reading
def _toml():
    import tomllib

    return tomllib


_KEY_PART = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_DOTTED = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"
_HEADER_RE = regex.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]\]?[ \t]*(?:#.*)?$")
_KEYVAL_RE = regex.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_PART_RE = regex.compile(_KEY_PART)


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in _PART_RE.findall(dotted))


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Line of each table header and ``key =`` (as a full dotted path).

    tomllib does not report positions, so this scans the lines: table headers
    and keys at the start of a line. Keys inside inline tables or multi-line
    values are not found; callers fall back to the enclosing key's line.
    """
    out: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_multiline = None
    for i, line in enumerate(text.split("\n"), 1):
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        m = _HEADER_RE.match(line)
        if m:
            table = _split_key(m.group(1))
            out.setdefault(table, i)
            continue
        m = _KEYVAL_RE.match(line)
        if m:
            out.setdefault(table + _split_key(m.group(1)), i)
            rest = line[m.end():]
            for q in ('"""', "'''"):
                if rest.count(q) == 1:
                    in_multiline = q
    return out


class _Reader:
    """Validates one config table, collecting every problem with its line."""

    def __init__(self, shown: str, prefix: tuple[str, ...], lines: dict, problems: list[str]):
        self.shown, self.prefix, self.lines, self.problems = shown, prefix, lines, problems

    def line(self, *path: str) -> int:
        full = self.prefix + path
        while full:
            if full in self.lines:
                return self.lines[full]
            full = full[:-1]
        return 1

    def key(self, *path: str) -> str:
        return ".".join(self.prefix + path)

    def where(self, *path: str) -> str:
        return f"{self.shown}:{self.line(*path)}: {self.key(*path)}"

    def problem(self, path: tuple[str, ...], what: str) -> None:
        self.problems.append(f"{self.where(*path)}: {what}")

    def str_list(self, value: Any, *path: str) -> list[str] | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(path, f"must be a list of strings, got {_show(value)}")
            return None
        return value

    def names(self, value: Any, *path: str) -> tuple[Name, ...] | None:
        got = self.str_list(value, *path)
        if got is None:
            return None
        where = self.where(*path)
        return tuple(Name(n, where) for n in got)


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"


def close(word: str, choices) -> str:
    m = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {m[0]!r}?)" if m else ""


def display(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def read_config(path: Path, *, explicit: bool = False, _seen: tuple[str, ...] = ()) -> Config | None:
    """Read and validate one config file; None for a pyproject.toml without [tool.essaylint].

    Raises ConfigError listing every problem.
    """
    path = Path(path)
    shown = display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"{shown}: config file not found"]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError([f"{shown}:1: cannot read config file: {e}"]) from None
    toml = _toml()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError as e:
        m = regex.search(r"\(at line (\d+), column \d+\)", str(e))
        if m:
            line = int(m.group(1))
        else:  # "(at end of document)"
            line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        msg = regex.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(e))
        raise ConfigError([f"{shown}:{line}: invalid TOML: {msg}"]) from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("essaylint") if isinstance(tool, dict) else None
        if table is None:
            if explicit:
                raise ConfigError([f"{shown}:1: no [tool.essaylint] table in this pyproject.toml"])
            return None
        prefix: tuple[str, ...] = ("tool", "essaylint")
    else:
        table, prefix = data, ()
    problems: list[str] = []
    r = _Reader(shown, prefix, key_lines(text), problems)
    if not isinstance(table, dict):
        raise ConfigError([f"{r.where()}: must be a table"])
    root = str(path.resolve().parent)
    kw: dict[str, Any] = {}
    where = f" in [{r.key()}]" if prefix else ""
    for key in table:
        if key == "tool" and not prefix:
            problems.append(f"{shown}:{r.line(key)}: in {path.name} the keys go at the top level, "
                            "without a [tool.essaylint] header")
        elif key not in KEYS:
            problems.append(f"{shown}:{r.line(key)}: unknown key {key!r}{where}{close(key, KEYS)}; "
                            f"allowed: {', '.join(KEYS)}")
    for key, attr in (("select", "select"), ("extend-select", "extend_select"), ("ignore", "ignore")):
        if key in table:
            got = r.names(table[key], key)
            if got is not None:
                kw[attr] = got
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            r.problem(("per-file-ignores",), f"must be a table of glob = [rule ids or tags], got {_show(pfi)}")
        else:
            out = []
            for glob, ids in pfi.items():
                got = r.names(ids, "per-file-ignores", glob)
                if got is not None:
                    out.append((_relative_glob(glob), got, root))
            kw["per_file_ignores"] = tuple(out)
    if "exclude" in table:
        got = r.str_list(table["exclude"], "exclude")
        if got is not None:
            kw["exclude"] = tuple(_relative_glob(g) for g in got)
            kw["exclude_root"] = root
    if "extensions" in table:
        got = r.str_list(table["extensions"], "extensions")
        if got is not None:
            exts = tuple(("." + e.lstrip(".")).lower() for e in got)
            bad = [e for e in exts if len(e) < 2 or "/" in e or "*" in e]
            if bad:
                r.problem(("extensions",), f"each extension must look like '.md', got {bad[0]!r}")
            else:
                kw["extensions"] = exts
    if "rule-dirs" in table:
        got = r.str_list(table["rule-dirs"], "rule-dirs")
        if got is not None:
            dirs = []
            for d in got:
                full = os.path.normpath(os.path.join(root, d))
                if not os.path.isdir(full):
                    r.problem(("rule-dirs",), f"rule directory {d!r} not found (relative paths start at {display(Path(root)) or '.'})")
                dirs.append(display(Path(full)))  # rule files are then named as the user sees them
            kw["rule_dirs"] = tuple(dirs)
    if "fail-on" in table:
        v = table["fail-on"]
        if v not in FAIL_ON:
            r.problem(("fail-on",), f"must be one of {', '.join(FAIL_ON)}, got {_show(v)}{close(str(v), FAIL_ON)}")
        else:
            kw["fail_on"] = v
    if "rules" in table:
        kw["rules"] = _rule_tables(r, table["rules"])
    base_path = None
    if "extend" in table:
        v = table["extend"]
        chain = _seen + (str(path.resolve()),)
        if not isinstance(v, str) or not v:
            r.problem(("extend",), f"must be the path of another config file, got {_show(v)}")
        elif not os.path.isfile(os.path.join(root, v)):
            r.problem(("extend",), f"config file {v!r} not found (relative paths start at {display(Path(root)) or '.'})")
        elif str(Path(root, v).resolve()) in chain:
            cycle = " -> ".join(display(Path(c)) for c in chain + (str(Path(root, v).resolve()),))
            r.problem(("extend",), f"configs extend each other in a circle: {cycle}")
        else:
            base_path = Path(root, v)
    if problems:
        raise ConfigError(by_line(problems))
    own = Config(path=shown, root=root, **kw)
    if base_path is None:
        return own
    return _merge(read_config(base_path, explicit=True, _seen=chain), own, kw)


def _merge(base: Config, own: Config, set_here: dict) -> Config:
    """``extend``: the base config with this file's keys on top; tables add up (this file's entries last, so they win)."""
    from dataclasses import replace

    changes = {k: getattr(own, k) for k in set_here}
    changes["per_file_ignores"] = base.per_file_ignores + own.per_file_ignores
    changes["rules"] = base.rules + own.rules
    if "exclude" not in set_here:
        changes["exclude_root"] = base.exclude_root or base.root
    return replace(base, path=own.path, root=own.root, **changes)


def by_line(problems: list[str]) -> list[str]:
    """Problems in file order, then line order; duplicates dropped."""
    def key(p: str):
        m = regex.match(r"(.*?):(\d+): ", p)
        return (m.group(1), int(m.group(2))) if m else (p, 0)

    return sorted(dict.fromkeys(problems), key=key)


def _relative_glob(glob: str) -> str:
    """``./drafts/**`` means ``/drafts/**``: anchored at the config's folder, as in .gitignore."""
    return "/" + glob[2:] if glob.startswith("./") else glob


def _rule_tables(r: _Reader, rules: Any) -> tuple[RuleTable, ...]:
    if not isinstance(rules, dict):
        r.problem(("rules",), f"must be a table of [rules.RULE-ID] tables, got {_show(rules)}")
        return ()
    out = []
    for name, body in rules.items():
        path = ("rules", name)
        if not isinstance(body, dict):
            r.problem(path, f"must be a table of options (and 'severity'), got {_show(body)}")
            continue
        severity = None
        if "severity" in body:
            v = body["severity"]
            if v not in SEVERITIES:
                r.problem(path + ("severity",), f"must be one of {', '.join(SEVERITIES)}, got {_show(v)}{close(str(v), SEVERITIES)}")
            else:
                severity = (v, r.where(*path, "severity"))
        for k in body:
            if k == "enabled":
                r.problem(path + (k,), "rules are turned on and off with select, extend-select and ignore, "
                                       f'for example ignore = ["{name}"]')
            elif k not in RULE_TABLE_KEYS and close(k, RULE_TABLE_KEYS):
                r.problem(path + (k,), f"unknown key {k!r}{close(k, RULE_TABLE_KEYS)}")
        options = {k: v for k, v in body.items() if k not in RULE_TABLE_KEYS and k != "enabled"}
        lines = {k: r.line(*path, k) for k in options}
        out.append(RuleTable(Name(name, r.where(*path)), severity, options, lines, r.line(*path), r.shown, r.key(*path)))
    return tuple(out)


def find_config(folder: str, cache: dict | None = None) -> Path | None:
    """The closest config file at or above ``folder``, stopping at the repository root."""
    cache = {} if cache is None else cache
    seen = []
    d = os.path.abspath(folder)
    found = None
    while True:
        if d in cache:
            found = cache[d]
            break
        seen.append(d)
        hit = None
        for name in CONFIG_FILES:
            p = os.path.join(d, name)
            if os.path.isfile(p) and (name != "pyproject.toml" or _has_tool_table(p)):
                hit = Path(p)
                break
        if hit is not None:
            found = hit
            break
        parent = os.path.dirname(d)
        if os.path.exists(os.path.join(d, ".git")) or parent == d:
            break
        d = parent
    for s in seen:
        cache[s] = found
    return found


def _has_tool_table(path: str) -> bool:
    """Cheap test before parsing: does this pyproject.toml mention [tool.essaylint]?"""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return False
    if "essaylint" not in text:
        return False
    if regex.search(r"^\s*\[\s*tool\s*\.\s*essaylint\b|^\s*tool\s*\.\s*essaylint\b", text, regex.M):
        return True
    try:  # rarer spellings ([tool] essaylint = {...}): ask the parser
        tool = _toml().loads(text).get("tool", {})
    except Exception:  # broken TOML that mentions essaylint: read it, so the user sees the error
        return True
    return isinstance(tool, dict) and "essaylint" in tool


# ---------------------------------------------------------------- gitignore
def _spec(patterns: Sequence[str]):
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


class GitIgnores:
    """``.gitignore`` files (and ``.git/info/exclude``) from the repository root down.

    Deeper files override shallower ones, and a later pattern an earlier one
    (``!keep.txt``), as in git. Outside a git repository none applies.
    """

    def __init__(self):
        self._specs: dict[str, list] = {}
        self._roots: dict[str, str | None] = {}

    def _repo_root(self, d: str) -> str | None:
        if d in self._roots:
            return self._roots[d]
        parent = os.path.dirname(d)
        root = d if os.path.exists(os.path.join(d, ".git")) else (None if parent == d else self._repo_root(parent))
        self._roots[d] = root
        return root

    def _chain(self, d: str) -> list:
        """(folder, spec) pairs that apply inside folder ``d``, outermost first."""
        got = self._specs.get(d)
        if got is not None:
            return got
        root = self._repo_root(d)
        parent = os.path.dirname(d)
        if root is None:  # as git does: outside a repository no ignore file applies
            self._specs[d] = []
            return []
        chain = [] if d == root or parent == d else list(self._chain(parent))
        files = [os.path.join(d, ".gitignore")]
        if d == root:
            files.insert(0, os.path.join(d, ".git", "info", "exclude"))
        for f in files:
            if os.path.isfile(f):
                try:
                    with open(f, encoding="utf-8", errors="replace") as fh:
                        chain.append((d, _spec(fh.read().splitlines())))
                except OSError:
                    pass
        self._specs[d] = chain
        return chain

    def applies_in(self, folder: str) -> bool:
        """Does any ignore file apply to the entries of ``folder``? (If not, ``ignored`` is False for all of them.)"""
        return bool(self._chain(os.path.abspath(folder)))

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        path = os.path.abspath(path)
        verdict = False
        for base, spec in self._chain(os.path.dirname(path)):
            rel = os.path.relpath(path, base) + ("/" if is_dir else "")
            got = spec.check_file(rel)
            if got.include is not None:
                verdict = got.include
        return verdict


def excluded(config: Config, path: str, is_dir: bool = False) -> bool:
    """Does the config's ``exclude`` match ``path``?"""
    if not config.exclude:
        return False
    rel = os.path.relpath(os.path.abspath(path), config.exclude_root or config.root)
    return bool(config.excluded.match_file(rel + ("/" if is_dir else "")))


# ---------------------------------------------------------------- selection
@dataclass
class Overrides:
    """Command-line settings that win over every config file."""

    rule_dirs: Sequence[str] = ()
    defaults: bool = True
    config_file: str | None = None
    isolated: bool = False
    select: tuple[Name, ...] | None = None
    extend_select: tuple[Name, ...] = ()
    ignore: tuple[Name, ...] = ()
    fail_on: str | None = None


@dataclass
class _Resolved:
    all_rules: list[Rule]
    base: RuleSet
    per_file: list[tuple[Any, frozenset[str], frozenset[str], str]]  # (spec, rule ids off, checks off, folder)
    cache: dict = field(default_factory=dict)


class Selection:
    """Which rules run for which file: the closest config, then the command line on top.

    ``prepare(files)`` resolves every config the files use and raises
    ConfigError (or RuleError) before anything is linted; ``rules_for(path)``
    is then a lookup.
    """

    def __init__(self, overrides: Overrides | None = None):
        self.o = overrides or Overrides()
        self._found: dict[str, Path | None] = {}
        self._dir_config: dict[str, Config] = {}
        self._file_dir_config: dict[str, Config] = {}  # a file's folder as given -> its config
        self._configs: dict[str, Config] = {}
        self._resolved: dict[int, _Resolved] = {}
        self._loaded: dict[tuple[str, ...], list[Rule]] = {}
        self._for_file: dict[str, tuple[RuleSet, str]] = {}
        self._default = Config(path=None, root=os.getcwd())
        self.gitignores = GitIgnores()
        if self.o.config_file and not self.o.isolated:
            self._forced = self._read(Path(self.o.config_file), explicit=True)
        else:
            self._forced = None

    def _read(self, path: Path, explicit: bool = False) -> Config:
        key = str(path.resolve())
        if key not in self._configs:
            self._configs[key] = read_config(path, explicit=explicit) or self._default
        return self._configs[key]

    def config_for_dir(self, folder: str) -> Config:
        if self.o.isolated:
            return self._default
        if self._forced is not None:
            return self._forced
        folder = os.path.abspath(folder)
        got = self._dir_config.get(folder)
        if got is None:
            found = find_config(folder, self._found)
            got = self._dir_config[folder] = self._read(found) if found is not None else self._default
        return got

    def config_for(self, path: str) -> Config:
        folder = os.path.dirname(path)
        got = self._file_dir_config.get(folder)
        if got is None:
            got = self.config_for_dir(os.path.dirname(os.path.abspath(path)))
            if os.path.basename(path) not in ("", ".", ".."):  # then every path in ``folder`` is in the same folder
                self._file_dir_config[folder] = got
        return got

    # ------------------------------------------------------------ resolution
    def resolve(self, config: Config) -> _Resolved:
        got = self._resolved.get(id(config))
        if got is None:
            got = self._resolved[id(config)] = self._resolve(config)
        return got

    def _resolve(self, config: Config) -> _Resolved:
        dirs = tuple(self.o.rule_dirs) + tuple(config.rule_dirs)
        rules = self._loaded.get(dirs)
        if rules is None:  # configs with the same rule folders share one load
            rules = self._loaded[dirs] = load_rules(dirs, defaults=self.o.defaults)  # raises RuleError
        problems: list[str] = []
        by_id = {r.id: r for r in rules}
        tags: dict[str, list[str]] = {}
        for r in rules:
            for t in r.tags:
                tags.setdefault(t, []).append(r.id)
        names = set(by_id) | set(tags)

        def expand(n: Name, *, checks: bool = True) -> tuple[set[str], set[str]]:
            """(rule ids, suppression checks) a name stands for; a tag stands for every rule of the family."""
            if n.name in by_id:
                return {n.name}, set()
            if n.name in tags:
                return set(tags[n.name]), set()
            if n.name in CHECKS:
                if checks:
                    return set(), {n.name}
                problems.append(f"{n.where}: {n.name!r} checks suppression comments and has no options or severity "
                                f"to set; turn it off with ignore = [\"{n.name}\"]")
                return set(), set()
            problems.append(f"{n.where}: unknown rule or tag {n.name!r}{close(n.name, names | set(CHECKS))}")
            return set(), set()

        def expand_all(ns) -> tuple[set[str], set[str]]:
            ids, checks = set(), set()
            for n in ns:
                a, b = expand(n)
                ids |= a
                checks |= b
            return ids, checks

        select = self.o.select if self.o.select is not None else config.select
        active = {r.id for r in rules if r.enabled} if select is None else expand_all(select)[0]
        active |= expand_all(tuple(config.extend_select) + tuple(self.o.extend_select))[0]
        off, quiet = expand_all(tuple(config.ignore) + tuple(self.o.ignore))
        active -= off
        changed = dict(by_id)
        # a tag's table first, then a rule's own table, so the more specific one wins
        for table in sorted(config.rules, key=lambda t: t.name.name in by_id):
            ids, _ = expand(table.name, checks=False)
            for rid in sorted(ids):
                changed[rid] = self._override(changed[rid], table, problems)
        per_file = []
        for glob, ns, root in config.per_file_ignores:
            ids, checks = expand_all(ns)
            per_file.append((_spec([glob]), frozenset(ids), frozenset(checks), root))
        if problems:
            raise ConfigError(by_line(problems))
        known = frozenset(names)
        base = RuleSet(tuple(changed[i] for i in sorted(active)), known, frozenset(quiet))
        return _Resolved([changed[r.id] for r in rules], base, per_file)

    @staticmethod
    def _override(rule: Rule, table: RuleTable, problems: list[str]) -> Rule:
        changes: dict[str, Any] = {}
        if table.severity is not None:
            changes["severity"] = table.severity[0]
        if table.options:
            from essaylint.kinds import get_kind

            kind = get_kind(rule.kind)
            before = len(problems)
            options = validate_options(kind, rule.kind, (table.options, table.line, table.option_lines),
                                       table.shown, problems, base=rule.options)
            about = table.key if table.name.name == rule.id else f"{table.key} (rule {rule.id!r})"
            for i in range(before, len(problems)):  # name the key: "file:line: key: problem"
                loc, _, what = problems[i].partition(": ")
                problems[i] = f"{loc}: {about}: {what}"
            if len(problems) == before:
                try:
                    kind.compile(options)
                except ValueError as e:
                    m = regex.match(r"option '([^']+)'", str(e))
                    line = table.option_lines.get(m.group(1), table.line) if m else table.line
                    problems.append(f"{table.shown}:{line}: {about}: {e}")
                changes["options"] = options
        return rule.with_changes(**changes) if changes else rule

    # ------------------------------------------------------------ per file
    def prepare(self, files: Sequence[str], stdin_name: str | None = None) -> None:
        """Resolve the rules of every file; raise ConfigError with every problem."""
        problems: list[str] = []
        if not files:  # nothing to lint: still check the config here and the command line
            self.resolve(self.config_for_dir(os.getcwd()))
        for f in files:
            name = (stdin_name or "stdin") if f == "-" else f
            try:
                self._for_file[f] = self._for_file[name] = self._compute(name)
            except ConfigError as e:
                problems.extend(p for p in e.problems if p not in problems)
        if problems:
            raise ConfigError(problems)

    def _compute(self, path: str) -> tuple[RuleSet, str]:
        config = self.config_for(path)
        res = self.resolve(config)
        fail_on = self.o.fail_on or config.fail_on or "error"
        if not res.per_file:
            return res.base, fail_on
        full = os.path.abspath(path)
        off: set[str] = set()
        quiet: set[str] = set()
        for spec, ids, checks, root in res.per_file:
            if spec.match_file(os.path.relpath(full, root)):
                off |= ids
                quiet |= checks
        if not off and not quiet:
            return res.base, fail_on
        key = (frozenset(off), frozenset(quiet))
        rs = res.cache.get(key)
        if rs is None:
            base = res.base
            rs = res.cache[key] = RuleSet(tuple(r for r in base.rules if r.id not in off), base.known,
                                          base.quiet | key[1])
        return rs, fail_on

    def rules_for(self, path: str) -> RuleSet:
        """The RuleSet for ``path`` (``-`` for stdin, as given to prepare)."""
        got = self._for_file.get(path)
        if got is None:
            got = self._for_file[path] = self._compute(path)
        return got[0]

    def fail_on_for(self, path: str) -> str:
        got = self._for_file.get(path)
        return got[1] if got is not None else (self.o.fail_on or "error")

    def active_rules(self) -> list[Rule]:
        """Every rule that runs for at least one prepared file (for reporters)."""
        seen: dict[str, Rule] = {}
        for rs in {id(rs): rs for rs, _ in self._for_file.values()}.values():  # each RuleSet once, in order
            for r in rs.rules:
                seen.setdefault(r.id, r)
        return [seen[k] for k in sorted(seen)]
