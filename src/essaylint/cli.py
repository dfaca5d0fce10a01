"""Command line: ``main(argv) -> int``; arguments, discovery, exit codes.

Exit codes: 0 no finding at the failing level (error, or warning with
--strict); 1 findings at that level; 2 usage, configuration or rule-file
errors. 2 never means "findings".
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Iterable, Sequence

from essaylint import __version__
from essaylint.config import ConfigError, Name, Overrides, Selection, excluded
from essaylint.engine import RULE_FAILED, SEVERITY_RANK, counts
from essaylint.rules import Rule, RuleError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with how essaylint was called (exit 2)."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="essaylint",
        description="Lint essays and generated prose for truncation, repetition, naming drift and readability.",
        epilog="Exit codes: 0 no findings at the failing level, 1 findings, 2 usage or rule-file errors. "
               "Subcommands (first argument only): `essaylint rules` lists the rules, `essaylint check-rules DIR` "
               "runs the examples of rule files; lint a folder with such a name as ./rules.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint ('-' reads stdin)")
    p.add_argument("--version", action="version", version=f"essaylint {__version__}")

    rules = p.add_argument_group("rules")
    rules.add_argument("--rules", action="append", default=[], metavar="DIR",
                       help="add a directory of rule files (a rule with a default rule's id replaces it); repeatable")
    rules.add_argument("--no-default-rules", action="store_true", help="run only the rules given with --rules")
    rules.add_argument("--list-rules", action="store_true", help="list the rules and exit (same as `essaylint rules`)")
    rules.add_argument("--select", action="append", default=None, metavar="IDS",
                       help="run only these rule ids or tags (comma-separated; replaces the config's select)")
    rules.add_argument("--extend-select", action="append", default=[], metavar="IDS",
                       help="also run these rule ids or tags")
    rules.add_argument("--ignore", action="append", default=[], metavar="IDS",
                       help="do not run these rule ids or tags")
    rules.add_argument("--config", metavar="FILE",
                       help="use this config file (pyproject.toml or .essaylint.toml) for every file")
    rules.add_argument("--isolated", action="store_true", help="ignore every config file")
    rules.add_argument("--explain", metavar="RULE", help="say what RULE checks, why, and show its examples")

    inputs = p.add_argument_group("input")
    inputs.add_argument("--stdin-filename", metavar="NAME",
                        help="name to report for text read from stdin (its extension picks the format)")
    inputs.add_argument("--force-exclude", action="store_true",
                        help="apply the config's exclude to files named on the command line too (for pre-commit)")
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
    inputs.add_argument("--prompt-field", metavar="FIELD",
                        help="datasets: the field holding the prompt each text answers (instruction, say); a phrase "
                             "taken from it is the answer's matter, not a repetition")
    inputs.add_argument("--record-format", choices=("md", "txt"), default="md",
                        help="datasets: lint each record's text as Markdown (md, default) or plain text (txt)")
    inputs.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on stderr (default: only when stderr is a terminal)")

    output = p.add_argument_group("output")
    output.add_argument("--format", default=None, metavar="FORMAT",
                        help="output format: text (the default; github when GITHUB_ACTIONS=true), json, json-lines, "
                             "github (workflow annotations), sarif (2.1.0), gitlab (Code Quality), junit")
    output.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout")
    output.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    output.add_argument("--baseline", metavar="FILE",
                        help="report only findings that FILE does not record (a JSON file written by --write-baseline)")
    output.add_argument("--write-baseline", action="store_true",
                        help="record today's findings in the --baseline FILE (for the files linted) and report none")

    corpus = p.add_argument_group("datasets")
    corpus.add_argument("--corpus-naming", action="store_true",
                        help="also report a group's name spelled differently across the files of this run")

    status = p.add_argument_group("exit status")
    status.add_argument("--strict", action="store_true", help="warnings also make the exit code 1 (--fail-on warning)")
    status.add_argument("--fail-on", choices=("error", "warning", "info"), metavar="LEVEL",
                        help="lowest severity that makes the exit code 1: error (default), warning, info")
    status.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings (2 still means an error)")
    return p


# ---------------------------------------------------------------- discovery
def discover(paths: Sequence[str], extensions: Sequence[str] | None = None, *,
             selection: Selection | None = None, force_exclude: bool = False) -> list[str]:
    """Files to lint: named files as given, directories walked.

    A walk skips hidden entries, what ``.gitignore`` ignores and what the
    closest config's ``exclude`` matches, and keeps the config's
    ``extensions`` (``extensions`` given here wins). A file named on the
    command line is always linted, unless ``force_exclude`` and ``exclude``
    matches it.
    """
    files: list[str] = []
    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        raise UsageError("; ".join(f"{p}: no such file or directory" for p in missing))
    selection = selection or Selection(Overrides(isolated=True))
    ignores = selection.gitignores
    for p in paths:
        if p == "-" or not os.path.isdir(p):
            if not (force_exclude and p != "-" and excluded(selection.config_for(p), p)):
                files.append(p)
            continue
        for root, dirs, names in os.walk(p):
            config = selection.config_for_dir(root)
            exts = tuple(extensions or config.extensions)
            check_ignores = ignores.applies_in(root)

            def skipped(name: str, full: str, is_dir: bool) -> bool:
                conf = selection.config_for_dir(full) if is_dir else config  # a folder may hold its own config
                return (name.startswith(".") or check_ignores and ignores.ignored(full, is_dir)
                        or excluded(conf, full, is_dir))

            dirs[:] = sorted(d for d in dirs if not skipped(d, os.path.join(root, d), True))
            for n in sorted(names):
                if n.lower().endswith(exts):
                    full = os.path.join(root, n)
                    if not skipped(n, full, False):
                        files.append(full)
    seen = set()
    return [f for f in files if not (f in seen or seen.add(f))]


# ---------------------------------------------------------------- commands
def list_rules(rules: Sequence[Rule], active: set[str] | None = None) -> str:
    """One rule a line: id, kind, severity, tags, summary; rules that will not run are marked."""
    tags = {r.id: ",".join(r.tags) or "-" for r in rules}
    width = max((len(r.id) for r in rules), default=4)
    kw = max((len(r.kind) for r in rules), default=4)
    tw = max((len(t) for t in tags.values()), default=4)
    lines = [f"{'rule':<{width}}  {'kind':<{kw}}  {'severity':<8}  {'tags':<{tw}}  summary"]
    for r in rules:
        off = not r.enabled if active is None else r.id not in active
        state = "" if not off else " (off by default)" if not r.enabled else " (off in this config)"
        lines.append(f"{r.id:<{width}}  {r.kind:<{kw}}  {r.severity:<8}  {tags[r.id]:<{tw}}  {summary_of(r)}{state}")
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
    by_object: dict[int, tuple[object, int]] = {}  # id -> (the rule set, held so the id stays its own; index)

    def ruleset_of(path: str) -> int:
        rs = rules if rules_for is None else rules_for(path)
        seen = by_object.get(id(rs))
        if seen is not None and seen[0] is rs:  # a Selection hands every file of a config the same RuleSet
            return seen[1]
        fp = runner.ruleset_fingerprint(rs)
        if fp not in by_print:
            by_print[fp] = len(rulesets)
            rulesets.append(rs if hasattr(rs, "__len__") else list(rs))
        by_object[id(rs)] = (rs, by_print[fp])
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
        for n, rec in enumerate(read_records(stream, name, args.text_field, id_field, args.id_field is not None,
                                             args.prompt_field)):
            where = (name, rec.line, rec.id)
            yield runner.Source(display_path(*where), md, rs, data=rec.text, record=where, problem=rec.problem,
                                prompt=rec.prompt)
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


def write_report(report: str | Iterable[str], args: argparse.Namespace) -> bool:
    """Write the report (a string, or pieces of one) to -o FILE or stdout."""
    pieces = [report] if isinstance(report, str) else report
    try:
        out = open(args.output_file, "w", encoding="utf-8") if args.output_file else None
    except OSError as e:
        _err(f"cannot write {args.output_file}: {e.strerror or e}")
        return False
    target = out if out is not None else sys.stdout
    try:
        chunk = []
        for piece in pieces:
            chunk.append(piece)
            if len(chunk) >= 4096:
                target.write("".join(chunk))
                chunk.clear()
        target.write("".join(chunk))
    except OSError as e:
        _err(f"cannot write {args.output_file or 'the report'}: {e.strerror or e}")
        return False
    finally:
        if out is not None:
            out.close()
    return True


def output_format(args: argparse.Namespace, environ=os.environ) -> str:
    """``--format``, else ``github`` under GitHub Actions when writing to stdout, else ``text``.

    Not under pre-commit (``PRE_COMMIT=1``): its parallel batches would each
    spend the per-step annotation caps, so hooks print text unless told.
    """
    if args.format:
        return args.format
    if environ.get("GITHUB_ACTIONS") == "true" and not args.output_file and environ.get("PRE_COMMIT") != "1":
        return "github"
    return "text"


def output_options(args: argparse.Namespace):
    """The output format and the baseline to filter with (None if none); UsageError if unusable."""
    from essaylint.reporters import REPORTERS

    fmt = output_format(args)
    if fmt not in REPORTERS:
        raise UsageError(f"unknown --format {fmt!r}; choose from: {', '.join(REPORTERS)}")
    if args.write_baseline and not args.baseline:
        raise UsageError("--write-baseline needs --baseline FILE (where to record the findings)")
    if not args.baseline or (args.write_baseline and not os.path.exists(args.baseline)):
        return fmt, None
    from essaylint.baseline import BaselineError, load

    try:
        return fmt, load(args.baseline)
    except BaselineError as e:
        raise UsageError(str(e)) from None


def append_step_summary(markdown: str, environ=os.environ) -> None:
    """Append to ``$GITHUB_STEP_SUMMARY`` when it is set; a failure only warns."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as f:
            f.write(markdown)
    except OSError as e:
        _err(f"cannot append to GITHUB_STEP_SUMMARY ({target}): {e.strerror or e}")


def report_step(diags: list, files: Sequence[str], rules: Sequence[Rule], fmt: str, previous,
                args: argparse.Namespace) -> tuple[list, int | None]:
    """Baseline filtering, the report and the step summary.

    Returns the diagnostics reported (those the baseline does not record) and
    an exit code when the report could not be written, else None.
    """
    from essaylint import baseline
    from essaylint.reporters import REPORTERS, STREAMED, Context
    from essaylint.reporters.github import step_summary

    stdin_names = [args.stdin_filename or "stdin"] if "-" in files else []
    fps = None
    if args.baseline or fmt in ("sarif", "gitlab"):
        fps = baseline.fingerprints(diags, baseline.Sources(stdin_names))
    known = 0
    if args.baseline:
        try:
            if args.write_baseline:
                previous = baseline.write(args.baseline, diags, fps, files, previous)
                sys.stderr.write(f"essaylint: recorded {len(diags)} finding(s) in {args.baseline}\n")
        except baseline.BaselineError as e:
            _err(str(e))
            return diags, EXIT_USAGE
        total = len(diags)
        diags, fps = baseline.new_findings(diags, fps, previous)
        known = total - len(diags)
    ctx = Context(rules=rules, version=__version__, files=files, fingerprints=fps, stdin_names=stdin_names)
    report = STREAMED[fmt](diags, ctx) if fmt in STREAMED else REPORTERS[fmt](diags, ctx)
    if not write_report(report, args):
        return diags, EXIT_USAGE
    if fmt == "github":
        append_step_summary(step_summary(diags, ctx))
    if not args.quiet:
        sys.stderr.write(summary_line(diags, len(files)))
        if known:
            sys.stderr.write(f"essaylint: {known} finding(s) recorded in the baseline {args.baseline} not shown\n")
    return diags, None


def summary_line(diags: Sequence, nfiles: int) -> str:
    c = counts(diags)
    n = len(diags)

    def plural(k, word):
        return f"{k} {word}{'s' if k != 1 else ''}"

    found = "no problems" if not n else (
        f"{plural(n, 'problem')} ({plural(c['error'], 'error')}, {plural(c['warning'], 'warning')}, {c['info']} info)")
    return f"essaylint: {plural(nfiles, 'file')} checked, {found}\n"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        from essaylint import authoring

        return getattr(authoring, SUBCOMMANDS[argv[0]])(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, or a usage error
        return int(e.code or 0)
    try:
        fmt, previous = output_options(args)
    except UsageError as e:
        _err(str(e))
        return EXIT_USAGE
    try:
        selection = Selection(overrides_from(args))
        if args.list_rules or args.explain:
            from essaylint import authoring

            return authoring.show_rules(selection, explain_id=args.explain)
        if not args.paths:
            parser.print_usage(sys.stderr)
            _err("give at least one PATH to lint ('-' for stdin)")
            return EXIT_USAGE
        files = discover(args.paths, selection=selection, force_exclude=args.force_exclude)
        selection.prepare(files, args.stdin_filename)
    except UsageError as e:
        _err(str(e))
        return EXIT_USAGE
    except (RuleError, ConfigError) as e:
        return report_setup_error(e)
    diags = lint_files(files, selection, args)
    active = selection.active_rules()
    if args.corpus_naming:
        from essaylint.corpus import naming_across_files

        diags = sorted(diags + naming_across_files(files, active))
    diags, failure = report_step(diags, files, active, fmt, previous, args)
    if failure is not None:
        return failure
    return exit_code(diags, selection, args)


# ---------------------------------------------------------------- selection and exit status
SUBCOMMANDS = {"rules": "rules_command", "check-rules": "check_rules_command"}


def split_names(values: Sequence[str] | None, flag: str) -> tuple[Name, ...] | None:
    """``--select a,b --select c`` -> names (None when the flag is absent)."""
    if values is None:
        return None
    return tuple(Name(n.strip(), flag) for v in values for n in v.split(",") if n.strip())


def overrides_from(args: argparse.Namespace) -> Overrides:
    return Overrides(
        rule_dirs=args.rules, defaults=not args.no_default_rules, config_file=args.config, isolated=args.isolated,
        select=split_names(args.select, "--select"), extend_select=split_names(args.extend_select, "--extend-select"),
        ignore=split_names(args.ignore, "--ignore"),
        fail_on=args.fail_on or ("warning" if args.strict else None),
    )


def report_setup_error(e: Exception) -> int:
    """Broken rule files or configuration: every problem, then exit 2."""
    for problem in e.problems:
        sys.stderr.write(f"{problem}\n")
    what = "rule files" if isinstance(e, RuleError) else "configuration"
    _err(f"{len(e.problems)} problem(s) in {what}; nothing was linted")
    return EXIT_USAGE


def exit_code(diags: Sequence, selection: Selection, args: argparse.Namespace) -> int:
    """1 when a finding reaches its file's fail-on level (--fail-on, --strict, config, else error).

    2 when a rule failed on a file (a bug in essaylint, as ruff exits on a panic), --exit-zero or not.
    """
    if any(d.rule == RULE_FAILED for d in diags):
        return EXIT_USAGE
    failed = any(SEVERITY_RANK[d.severity] >= SEVERITY_RANK[selection.fail_on_for(d.path)] for d in diags)
    return EXIT_FINDINGS if failed and not args.exit_zero else EXIT_OK
