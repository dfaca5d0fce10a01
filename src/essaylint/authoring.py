"""Rule authoring commands: ``essaylint rules``, ``--explain RULE`` and ``essaylint check-rules DIR``.

``essaylint rules`` and ``essaylint check-rules`` are subcommands only as the
first argument; a folder with one of those names is linted as ``./rules``
or ``rules/``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from essaylint.config import ConfigError, Overrides, Selection, close
from essaylint.rules import RuleError, load_rules
from essaylint.suppress import CHECKS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    sys.stderr.write(f"essaylint: {msg}\n")


def show_rules(selection: Selection, explain_id: str | None = None) -> int:
    """List the rules (or explain one) as the config of the working folder sets them up."""
    from essaylint.cli import explain, list_rules

    res = selection.resolve(selection.config_for_dir(os.getcwd()))
    if explain_id is None:
        sys.stdout.write(list_rules(res.all_rules, {r.id for r in res.base}))
        return EXIT_OK
    match = [r for r in res.all_rules if r.id == explain_id] or [r for r in res.all_rules if explain_id in r.tags]
    if match:  # a rule id, or a tag: every rule of the family
        sys.stdout.write("\n".join(explain(r) for r in match))
        return EXIT_OK
    if explain_id in CHECKS:
        sys.stdout.write(f"{explain_id} (suppression comment check, warning)\n\n{CHECKS[explain_id]}\n\n"
                         "Silence it with ignore = [\"" + explain_id + "\"] in the config.\n")
        return EXIT_OK
    hint = close(explain_id, [r.id for r in res.all_rules] + list(CHECKS))
    _err(f"no rule {explain_id!r}{hint}; `essaylint rules` lists them")
    return EXIT_USAGE


def rules_command(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="essaylint rules",
                                description="List the rules: id, kind, severity, tags, summary. "
                                            "To lint a folder named 'rules', write `essaylint ./rules`.")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="add a directory of rule files")
    p.add_argument("--no-default-rules", action="store_true", help="list only the rules given with --rules")
    p.add_argument("--config", metavar="FILE", help="use this config file")
    p.add_argument("--isolated", action="store_true", help="ignore every config file")
    try:
        args = p.parse_args(list(argv))
    except SystemExit as e:
        return int(e.code or 0)
    if _has_prose("rules"):
        _err("note: `essaylint rules` lists rules; to lint the folder named rules, write `essaylint ./rules`")
    try:
        selection = Selection(Overrides(rule_dirs=args.rules, defaults=not args.no_default_rules,
                                        config_file=args.config, isolated=args.isolated))
        return show_rules(selection)
    except (RuleError, ConfigError) as e:
        from essaylint.cli import report_setup_error

        return report_setup_error(e)


def _has_prose(folder: str) -> bool:
    """Does ``folder`` hold a file essaylint would lint (so the user may have meant to lint it)?"""
    from essaylint.config import DEFAULT_EXTENSIONS

    for _, _, names in os.walk(folder):
        if any(n.lower().endswith(DEFAULT_EXTENSIONS) for n in names):
            return True
    return False


def check_rules_command(argv: Sequence[str]) -> int:
    """Validate the rule files in DIR and run their examples: 0 all behave, 1 one does not, 2 broken files."""
    p = argparse.ArgumentParser(prog="essaylint check-rules",
                                description="Validate rule files and run their examples: each 'fail' example "
                                            "must fire, each 'pass' example must not.",
                                epilog="Exit codes: 0 every example behaves, 1 an example does not (or a rule "
                                       "has none), 2 a rule file is broken.")
    p.add_argument("dirs", nargs="+", metavar="DIR", help="directories of rule files")
    try:
        args = p.parse_args(list(argv))
    except SystemExit as e:
        return int(e.code or 0)
    try:
        rules = load_rules(args.dirs, defaults=False)
    except RuleError as e:
        for problem in e.problems:
            sys.stderr.write(f"{problem}\n")
        _err(f"{len(e.problems)} problem(s) in rule files; no example was run")
        return EXIT_USAGE
    if not rules:
        _err(f"no rule files (*.yaml) in {', '.join(args.dirs)}")
        return EXIT_USAGE
    from essaylint.engine import check_examples

    problems = []
    n_examples = 0
    for rule in rules:
        n_examples += len(rule.examples)
        for expect, what in (("fail", "text it must fire on"), ("pass", "text it must not fire on")):
            if not any(ex.expect == expect for ex in rule.examples):
                problems.append(f"{rule.path}:1: no {expect!r} example: add {what} under examples.{expect}")
        problems.extend(check_examples(rule))
    for problem in problems:
        sys.stdout.write(problem + "\n")
    word = "rule" if len(rules) == 1 else "rules"
    if problems:
        _err(f"{len(rules)} {word}, {n_examples} examples checked: {len(problems)} problem(s)")
        return EXIT_FINDINGS
    _err(f"{len(rules)} {word}, {n_examples} examples checked: all behave")
    return EXIT_OK
