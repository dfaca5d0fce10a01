"""Command line: ``main(argv) -> int``; arguments, discovery, exit codes.

Exit codes: 0 no finding at the failing level (error, or warning with
--strict); 1 findings at that level; 2 usage, configuration or rule-file
errors. 2 never means "findings".
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from essaylint import __version__
from essaylint.engine import SEVERITY_RANK, counts
from essaylint.rules import Rule, RuleError, load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown")


class UsageError(Exception):
    """A problem with how essaylint was called (exit 2)."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="essaylint",
        description="Lint essays and generated prose for truncation, repetition, naming drift and readability.",
        epilog="Exit codes: 0 no findings at the failing level, 1 findings, 2 usage or rule-file errors.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint ('-' reads stdin)")
    p.add_argument("--version", action="version", version=f"essaylint {__version__}")

    rules = p.add_argument_group("rules")
    rules.add_argument("--rules", action="append", default=[], metavar="DIR",
                       help="add a directory of rule files (a rule with a default rule's id replaces it); repeatable")
    rules.add_argument("--no-default-rules", action="store_true", help="run only the rules given with --rules")
    rules.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    rules.add_argument("--explain", metavar="RULE", help="say what RULE checks, why, and show its examples")

    inputs = p.add_argument_group("input")
    inputs.add_argument("--stdin-filename", metavar="NAME",
                        help="name to report for text read from stdin (its extension picks the format)")
    inputs.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                        help="worker processes (default 0: all cores; a pool starts only for many documents)")
    inputs.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    inputs.add_argument("--cache-dir", metavar="DIR",
                        help="cache folder (default: $ESSAYLINT_CACHE_DIR, else .essaylint_cache here)")
    inputs.add_argument("--text-field", default="text", metavar="FIELD",
                        help="datasets (.jsonl, .ndjson, .csv, .tsv): the field holding the text (default: text; "
                             "a dotted name walks nested objects)")
    inputs.add_argument("--id-field", metavar="FIELD",
                        help="datasets: the field naming each record (default: id, when a record has one)")
    inputs.add_argument("--record-format", choices=("md", "txt"), default="md",
                        help="datasets: lint each record's text as Markdown (md, default) or plain text (txt)")
    inputs.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on stderr (default: only when stderr is a terminal)")

    output = p.add_argument_group("output")
    output.add_argument("--format", default="text", metavar="FORMAT",
                        help="output format: text (default), json, json-lines")
    output.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout")
    output.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")

    status = p.add_argument_group("exit status")
    status.add_argument("--strict", action="store_true", help="warnings also make the exit code 1")
    status.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings (2 still means an error)")
    return p


# ---------------------------------------------------------------- discovery
def discover(paths: Sequence[str], extensions: Sequence[str] = DEFAULT_EXTENSIONS) -> list[str]:
    """Files to lint: named files as given, directories walked (hidden ones skipped)."""
    files: list[str] = []
    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        raise UsageError("; ".join(f"{p}: no such file or directory" for p in missing))
    for p in paths:
        if p == "-" or not os.path.isdir(p):
            files.append(p)
            continue
        for root, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith(".") and name.lower().endswith(tuple(extensions)):
                    files.append(os.path.join(root, name))
    seen = set()
    return [f for f in files if not (f in seen or seen.add(f))]


# ---------------------------------------------------------------- commands
def list_rules(rules: Sequence[Rule]) -> str:
    width = max((len(r.id) for r in rules), default=4)
    kw = max((len(r.kind) for r in rules), default=4)
    lines = [f"{'rule':<{width}}  {'kind':<{kw}}  {'severity':<8}  summary"]
    for r in rules:
        state = "" if r.enabled else " (off by default)"
        lines.append(f"{r.id:<{width}}  {r.kind:<{kw}}  {r.severity:<8}  {summary_of(r)}{state}")
    return "\n".join(lines) + "\n"


def summary_of(rule: Rule) -> str:
    if rule.summary:
        return rule.summary
    first = rule.why.strip().split("\n")[0]
    return first.split(". ")[0].rstrip(".") + "." if first else ""


def explain(rule: Rule) -> str:
    out = [f"{rule.id} ({rule.kind}, {rule.severity}, scope: {rule.scope})", ""]
    if rule.summary:
        out += [rule.summary, ""]
    out += ["Why:", _indent(rule.why), ""]
    opts = {k: v for k, v in rule.options.items()}
    if opts:
        out.append("Options:")
        out += [f"  {k}: {v!r}" for k, v in opts.items()]
        out.append("")
    for ex in rule.examples:
        label = "Fires on:" if ex.expect == "fail" else "Does not fire on:"
        out += [label, _indent(ex.text.rstrip("\n")), ""]
    out.append(f"Defined in {rule.path}")
    return "\n".join(out) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.split("\n"))


def _err(msg: str) -> None:
    sys.stderr.write(f"essaylint: {msg}\n")


def _jobs(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (all cores) or more, got {n}")
    return n


def lint_files(files: Sequence[str], rules: Sequence[Rule], args: argparse.Namespace,
               rules_for: Callable[[str], Sequence[Rule]] | None = None) -> list:
    """Lint every file (``-`` is stdin; .jsonl/.csv files are datasets); diagnostics in output order.

    ``rules_for(path)`` gives the rules of one file (per-file configuration;
    ``rules`` may also be an object with a ``rules_for`` method); without it
    every file gets ``rules``. A rule set goes to ``engine.lint`` as it is
    (a config RuleSet keeps its suppression fields). Output is the same
    whatever ``--jobs`` and whether the cache is used.
    """
    from essaylint import runner
    from essaylint.datasets import display_path, is_dataset, read_records

    if rules_for is None and hasattr(rules, "rules_for"):
        rules_for = rules.rules_for
    rulesets: list[Sequence[Rule]] = []
    by_print: dict[tuple, int] = {}

    def ruleset_of(path: str) -> int:
        rs = rules if rules_for is None else rules_for(path)
        fp = runner.ruleset_fingerprint(rs)
        if fp not in by_print:
            by_print[fp] = len(rulesets)
            rulesets.append(rs if hasattr(rs, "__len__") else list(rs))
        return by_print[fp]

    def stdin_name() -> str:
        return args.stdin_filename or "stdin"

    plan = [(f, ruleset_of(f)) for f in files]  # stdin is "-" here, as config's Selection.prepare sees it
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    bar = None
    if show:
        from essaylint.progress import Progress

        sizes = [os.path.getsize(f) for f, _ in plan if f != "-" and is_dataset(f) and os.path.isfile(f)]
        bar = Progress(sum(1 for f, _ in plan if not is_dataset(stdin_name() if f == "-" else f)), sum(sizes),
                       always=bool(args.progress))

    def records(stream, name: str, rs: int, base: int):
        md = args.record_format == "md"
        id_field = args.id_field or "id"
        for n, rec in enumerate(read_records(stream, name, args.text_field, id_field, args.id_field is not None)):
            where = (name, rec.line, rec.id)
            yield runner.Source(display_path(*where), md, rs, data=rec.text, record=where, problem=rec.problem)
            if bar is not None and n % 256 == 0:
                try:
                    bar.advance_bytes(base + stream.tell())
                except (OSError, ValueError):  # a pipe: no position, the bar shows records only
                    pass

    def sources():
        done_bytes = 0
        for f, rs in plan:
            if f == "-":
                name = stdin_name()
                if is_dataset(name):
                    yield from records(sys.stdin.buffer, name, rs, 0)
                else:
                    yield runner.Source(name, runner.is_markdown(name), rs, data=sys.stdin.buffer.read())
            elif is_dataset(f):
                try:
                    stream = open(f, "rb")
                except OSError:
                    yield runner.Source(f, False, rs, path=f)  # reported as unreadable-file
                    continue
                with stream:
                    yield from records(stream, f, rs, done_bytes)
                    done_bytes += stream.tell()
            else:
                yield runner.Source(f, runner.is_markdown(f), rs, path=f)

    def on_done(src) -> None:
        if src.record is None:
            bar.file_done()
        bar.doc_done()

    cache = None if args.no_cache else runner.Cache(args.cache_dir or runner.default_cache_dir())
    try:
        return runner.lint_sources(sources(), rulesets, jobs=args.jobs, cache=cache,
                                   on_done=on_done if bar is not None else None)
    finally:
        if bar is not None:
            bar.close()


def write_report(report: str, args: argparse.Namespace) -> bool:
    if args.output_file:
        try:
            Path(args.output_file).write_text(report, encoding="utf-8")
        except OSError as e:
            _err(f"cannot write {args.output_file}: {e.strerror or e}")
            return False
    else:
        sys.stdout.write(report)
    return True


def summary_line(diags: Sequence, nfiles: int) -> str:
    c = counts(diags)
    n = len(diags)

    def plural(k, word):
        return f"{k} {word}{'s' if k != 1 else ''}"

    found = "no problems" if not n else (
        f"{plural(n, 'problem')} ({plural(c['error'], 'error')}, {plural(c['warning'], 'warning')}, {c['info']} info)")
    return f"essaylint: {plural(nfiles, 'file')} checked, {found}\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as e:  # --help, --version, or a usage error
        return int(e.code or 0)
    from essaylint.reporters import REPORTERS, Context

    if args.format not in REPORTERS:
        _err(f"unknown --format {args.format!r}; choose from: {', '.join(REPORTERS)}")
        return EXIT_USAGE
    try:
        rules = load_rules(args.rules, defaults=not args.no_default_rules)
    except RuleError as e:
        for problem in e.problems:
            sys.stderr.write(f"{problem}\n")
        _err(f"{len(e.problems)} problem(s) in rule files; nothing was linted")
        return EXIT_USAGE
    if args.list_rules:
        sys.stdout.write(list_rules(rules))
        return EXIT_OK
    if args.explain:
        match = [r for r in rules if r.id == args.explain]
        if not match:
            _err(f"no rule {args.explain!r}; `essaylint --list-rules` lists them")
            return EXIT_USAGE
        sys.stdout.write(explain(match[0]))
        return EXIT_OK
    active = [r for r in rules if r.enabled]
    if not args.paths:
        parser.print_usage(sys.stderr)
        _err("give at least one PATH to lint ('-' for stdin)")
        return EXIT_USAGE
    try:
        files = discover(args.paths)
    except UsageError as e:
        _err(str(e))
        return EXIT_USAGE
    diags = lint_files(files, active, args)
    report = REPORTERS[args.format](diags, Context(rules=active, version=__version__, files=files))
    if not write_report(report, args):
        return EXIT_USAGE
    if not args.quiet:
        sys.stderr.write(summary_line(diags, len(files)))
    fail_rank = SEVERITY_RANK["warning" if args.strict else "error"]
    failed = any(SEVERITY_RANK[d.severity] >= fail_rank for d in diags)
    return EXIT_FINDINGS if failed and not args.exit_zero else EXIT_OK
