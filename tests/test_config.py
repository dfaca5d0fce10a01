"""Configuration: discovery, every key working, and every key's error message."""

import pickle
import shutil

import pytest
from conftest import FIXTURES

from essaylint.config import Overrides, RuleSet, Selection, key_lines
from essaylint.document import Document
from essaylint.engine import lint

RULES = FIXTURES / "config" / "rules"
TEXT = "Thanks, [insert name].\nWe met in order to talk.\nLorem ipsum dolor.\n"
SLOT = "{}:1:9: warning: unfilled template slot '[insert name]' [template-slot]"
FILLER = "{}:2:8: info: filler 'in order to'; write 'to' [filler-phrase]"
LOREM = "{}:3:1: error: placeholder text 'Lorem ipsum' [lorem-text]"


def tree(root, files):
    """A repository (it has .git) holding ``files``: {relative path: text}."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def lint_tree(run, root, *args):
    """Lint from inside ``root`` with only the fixture rules; (code, lines, stderr)."""
    code, out, err = run("--no-default-rules", "--rules", str(RULES), *args, cwd=root)
    return code, out.splitlines(), err


def problems(err):
    return err.splitlines()[:-1]


# ---------------------------------------------------------------- discovery
def test_without_config_the_rules_own_settings_apply(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert out == [SLOT.format("a.txt"), FILLER.format("a.txt")]  # lorem-text is off by default
    assert code == 0


def test_pyproject_tool_table_is_read(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "pyproject.toml": '[project]\nname = "x"\n\n[tool.essaylint]\nselect = ["filler-phrase"]\n'})
    assert lint_tree(run, tmp_path, "a.txt")[1] == [FILLER.format("a.txt")]


def test_pyproject_without_tool_table_is_skipped_and_the_search_goes_on(run, tmp_path):
    tree(tmp_path, {"a/b.txt": TEXT, "a/pyproject.toml": '[project]\nname = "x"\n',
                    "pyproject.toml": '[tool.essaylint]\nselect = ["filler-phrase"]\n'})
    assert lint_tree(run, tmp_path, "a/b.txt")[1] == [FILLER.format("a/b.txt")]


def test_dot_essaylint_toml_wins_over_pyproject_in_the_same_folder(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "pyproject.toml": '[tool.essaylint]\nselect = ["filler-phrase"]\n',
                    ".essaylint.toml": 'select = ["template-slot"]\n'})
    assert lint_tree(run, tmp_path, "a.txt")[1] == [SLOT.format("a.txt")]


def test_each_file_uses_the_closest_config(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "sub/b.txt": TEXT, ".essaylint.toml": 'select = ["template-slot"]\n',
                    "sub/.essaylint.toml": 'select = ["filler-phrase"]\n'})
    assert lint_tree(run, tmp_path, ".")[1] == [SLOT.format("./a.txt"), FILLER.format("./sub/b.txt")]


def test_the_search_stops_at_the_repository_root(run, tmp_path):
    (tmp_path / ".essaylint.toml").write_text('select = ["filler-phrase"]\n')
    repo = tree(tmp_path / "repo", {"a.txt": TEXT})
    assert lint_tree(run, repo, "a.txt")[1] == [SLOT.format("a.txt"), FILLER.format("a.txt")]


def test_config_flag_applies_one_file_to_everything(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'select = ["template-slot"]\n',
                    "ci/strict.toml": 'select = ["filler-phrase"]\n'})
    assert lint_tree(run, tmp_path, "--config", "ci/strict.toml", "a.txt")[1] == [FILLER.format("a.txt")]


def test_config_flag_reads_the_tool_table_of_a_pyproject(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "other/pyproject.toml": '[tool.essaylint]\nselect = ["filler-phrase"]\n'})
    assert lint_tree(run, tmp_path, "--config", "other/pyproject.toml", "a.txt")[1] == [FILLER.format("a.txt")]


def test_isolated_ignores_every_config(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'select = ["filler-phrase"]\n'})
    assert lint_tree(run, tmp_path, "--isolated", "a.txt")[1] == [SLOT.format("a.txt"), FILLER.format("a.txt")]


def test_config_file_not_found(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT})
    code, out, err = lint_tree(run, tmp_path, "--config", "nope.toml", "a.txt")
    assert code == 2 and out == []
    assert problems(err) == ["nope.toml: config file not found"]


def test_config_flag_pyproject_without_tool_table(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "pyproject.toml": '[project]\nname = "x"\n'})
    code, out, err = lint_tree(run, tmp_path, "--config", "pyproject.toml", "a.txt")
    assert code == 2 and problems(err) == ["pyproject.toml:1: no [tool.essaylint] table in this pyproject.toml"]


def test_invalid_toml_names_the_line(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'select = ["a"]\nignore = [\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and out == []
    assert len(problems(err)) == 1 and problems(err)[0].startswith(".essaylint.toml:2: invalid TOML: ")
    assert err.endswith("essaylint: 1 problem(s) in configuration; nothing was linted\n")


def test_unknown_key_is_an_error_with_did_you_mean_and_line(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "pyproject.toml": '[tool.essaylint]\nselect = ["filler-phrase"]\nignor = ["x"]\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2
    assert problems(err) == [
        "pyproject.toml:3: unknown key 'ignor' in [tool.essaylint] (did you mean 'ignore'?); allowed: extend, select, "
        "extend-select, ignore, per-file-ignores, exclude, extensions, rule-dirs, fail-on, rules"]


# ---------------------------------------------------------------- selection
def test_select_by_tag_runs_every_rule_of_the_family(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'select = ["truncation"]\n'})
    # lorem-text is off by default, but naming its family asks for it
    assert lint_tree(run, tmp_path, "a.txt")[1] == [SLOT.format("a.txt"), LOREM.format("a.txt")]


def test_extend_select_by_tag_adds_the_family_s_opt_in_rules(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'extend-select = ["truncation"]\n'})
    assert lint_tree(run, tmp_path, "a.txt")[1] == [SLOT.format("a.txt"), FILLER.format("a.txt"), LOREM.format("a.txt")]


def test_select_by_id_turns_on_an_opt_in_rule(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'select = ["lorem-text"]\n'})
    code, out, _ = lint_tree(run, tmp_path, "a.txt")
    assert out == [LOREM.format("a.txt")] and code == 1


def test_extend_select_adds_to_the_default_set(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'extend-select = ["lorem-text"]\n'})
    assert lint_tree(run, tmp_path, "a.txt")[1] == [SLOT.format("a.txt"), FILLER.format("a.txt"), LOREM.format("a.txt")]


def test_ignore_by_tag_and_by_id(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'extend-select = ["lorem-text"]\nignore = ["truncation"]\n'})
    assert lint_tree(run, tmp_path, "a.txt")[1] == [FILLER.format("a.txt")]
    (tmp_path / ".essaylint.toml").write_text('ignore = ["filler-phrase"]\n')
    assert lint_tree(run, tmp_path, "a.txt")[1] == [SLOT.format("a.txt")]


def test_unknown_rule_in_select_ignore_and_extend_select(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml":
                    'select = ["truncaton"]\nextend-select = ["filler-phrse"]\nignore = ["nothing-like-it"]\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and out == []
    assert problems(err) == [
        ".essaylint.toml:1: select: unknown rule or tag 'truncaton' (did you mean 'truncation'?)",
        ".essaylint.toml:2: extend-select: unknown rule or tag 'filler-phrse' (did you mean 'filler-phrase'?)",
        ".essaylint.toml:3: ignore: unknown rule or tag 'nothing-like-it'",
    ]


def test_select_must_be_a_list_of_strings(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'select = [1, 2]\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and problems(err) == [".essaylint.toml:1: select: must be a list of strings, got [1, 2] (list)"]


def test_command_line_selection_wins_over_the_config(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'select = ["template-slot"]\n'})
    assert lint_tree(run, tmp_path, "--select", "filler-phrase", "a.txt")[1] == [FILLER.format("a.txt")]
    assert lint_tree(run, tmp_path, "--extend-select", "lorem-text,filler-phrase", "--ignore", "template-slot",
                     "a.txt")[1] == [FILLER.format("a.txt"), LOREM.format("a.txt")]


def test_command_line_unknown_rule(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT})
    code, out, err = lint_tree(run, tmp_path, "--ignore", "filler", "a.txt")
    assert code == 2 and problems(err) == ["--ignore: unknown rule or tag 'filler' (did you mean 'filler-phrase'?)"]


def test_per_file_ignores(run, tmp_path):
    tree(tmp_path, {"drafts/a.md": TEXT, "final/a.md": TEXT, "README.md": TEXT, ".essaylint.toml":
                    '[per-file-ignores]\n"drafts/**" = ["truncation"]\n"README.md" = ["filler-phrase"]\n'})
    assert lint_tree(run, tmp_path, ".")[1] == [
        SLOT.format("./README.md"), FILLER.format("./drafts/a.md"), SLOT.format("./final/a.md"),
        FILLER.format("./final/a.md")]


def test_per_file_ignores_errors(run, tmp_path):
    tree(tmp_path, {"a.md": TEXT, ".essaylint.toml": '[per-file-ignores]\n"drafts/**" = ["truncaton"]\n"x" = 3\n'})
    code, out, err = lint_tree(run, tmp_path, ".")
    assert code == 2 and problems(err) == [
        ".essaylint.toml:3: per-file-ignores.x: must be a list of strings, got 3 (int)"]
    (tmp_path / ".essaylint.toml").write_text('per-file-ignores = ["drafts/**"]\n[x]\n')
    code, out, err = lint_tree(run, tmp_path, ".")
    assert problems(err) == [
        ".essaylint.toml:1: per-file-ignores: must be a table of glob = [rule ids or tags], got ['drafts/**'] (list)",
        ".essaylint.toml:2: unknown key 'x'; allowed: extend, select, extend-select, ignore, per-file-ignores, exclude, "
        "extensions, rule-dirs, fail-on, rules"]
    (tmp_path / ".essaylint.toml").write_text('[per-file-ignores]\n"drafts/**" = ["truncaton"]\n')
    code, out, err = lint_tree(run, tmp_path, ".")
    assert problems(err) == [
        ".essaylint.toml:2: per-file-ignores.drafts/**: unknown rule or tag 'truncaton' (did you mean 'truncation'?)"]


# ---------------------------------------------------------------- severity and options
def test_severity_override_per_tag_and_per_rule_the_rule_wins(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml":
                    'extend-select = ["lorem-text"]\n[rules.truncation]\nseverity = "info"\n'
                    '[rules.lorem-text]\nseverity = "warning"\n'})
    code, out, _ = lint_tree(run, tmp_path, "a.txt")
    assert out == [SLOT.format("a.txt").replace("warning", "info"), FILLER.format("a.txt"),
                   LOREM.format("a.txt").replace("error", "warning")]
    assert code == 0


def test_bad_severity(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "pyproject.toml": '[tool.essaylint.rules.filler-phrase]\nseverity = "fatal"\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and problems(err) == [
        "pyproject.toml:2: tool.essaylint.rules.filler-phrase.severity: must be one of error, warning, info, got 'fatal'"]


def test_option_override_changes_what_the_rule_finds(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "pyproject.toml":
                    '[tool.essaylint.rules.template-slot]\npatterns = ["\\\\[insert [a-z]+\\\\]", "we met"]\n'
                    'ignore-case = false\n'})
    # "We met" is not matched: ignore-case is now off; the other options keep the rule file's values
    assert lint_tree(run, tmp_path, "a.txt")[1] == [SLOT.format("a.txt"), FILLER.format("a.txt")]
    (tmp_path / "pyproject.toml").write_text('[tool.essaylint.rules.template-slot]\npatterns = ["we met"]\n')
    assert lint_tree(run, tmp_path, "a.txt")[1] == [
        "a.txt:2:1: warning: unfilled template slot 'We met' [template-slot]", FILLER.format("a.txt")]


def test_option_override_in_an_inline_table(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'rules = { filler-phrase = { swap = { "we met" = "they met" } } }\n'})
    assert lint_tree(run, tmp_path, "a.txt")[1] == [
        SLOT.format("a.txt"), "a.txt:2:1: info: filler 'We met'; write 'they met' [filler-phrase]"]


def test_option_override_errors_use_the_rule_file_schema(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "pyproject.toml":
                    '[tool.essaylint]\nselect = ["truncation"]\n\n[tool.essaylint.rules.filler-phrase]\n'
                    'swapp = 3\nignore-case = "no"\n\n[tool.essaylint.rules."template-slot"]\npatterns = []\n'
                    '[tool.essaylint.rules.nope]\nseverity = "info"\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and out == []
    assert problems(err) == [
        "pyproject.toml:5: tool.essaylint.rules.filler-phrase: unknown option 'swapp' for kind 'pattern' "
        "(did you mean 'swap'?); options: patterns, swap, replace, ignore-case, word-boundary",
        "pyproject.toml:6: tool.essaylint.rules.filler-phrase: option 'ignore-case' must be true or false, got 'no'",
        "pyproject.toml:9: tool.essaylint.rules.template-slot: option 'patterns': give at least one pattern (or use 'swap')",
        "pyproject.toml:10: tool.essaylint.rules.nope: unknown rule or tag 'nope'",
    ]


def test_options_on_a_tag_are_checked_for_each_rule(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": '[rules.truncation]\nmax-count = 3\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and problems(err) == [
        ".essaylint.toml:2: rules.truncation (rule 'lorem-text'): unknown option 'max-count' for kind 'pattern'; "
        "options: patterns, swap, replace, ignore-case, word-boundary",
        ".essaylint.toml:2: rules.truncation (rule 'template-slot'): unknown option 'max-count' for kind 'pattern'; "
        "options: patterns, swap, replace, ignore-case, word-boundary",
    ]


def test_rules_must_be_a_table_of_tables(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'rules = ["x"]\n'})
    assert problems(lint_tree(run, tmp_path, "a.txt")[2]) == [
        ".essaylint.toml:1: rules: must be a table of [rules.RULE-ID] tables, got ['x'] (list)"]
    (tmp_path / ".essaylint.toml").write_text('[rules]\nfiller-phrase = "off"\n')
    assert problems(lint_tree(run, tmp_path, "a.txt")[2]) == [
        ".essaylint.toml:2: rules.filler-phrase: must be a table of options (and 'severity'), got 'off'"]


# ---------------------------------------------------------------- fail-on
def test_fail_on_sets_the_lowest_failing_severity(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'fail-on = "info"\nselect = ["filler-phrase"]\n'})
    assert lint_tree(run, tmp_path, "a.txt")[0] == 1
    (tmp_path / ".essaylint.toml").write_text('fail-on = "warning"\nselect = ["filler-phrase"]\n')
    assert lint_tree(run, tmp_path, "a.txt")[0] == 0
    assert lint_tree(run, tmp_path, "--fail-on", "info", "a.txt")[0] == 1  # the command line wins
    assert lint_tree(run, tmp_path, "--fail-on", "info", "--exit-zero", "a.txt")[0] == 0


def test_fail_on_is_per_file(run, tmp_path):
    tree(tmp_path, {"strict/a.txt": TEXT, "lax/a.txt": TEXT, "strict/.essaylint.toml": 'fail-on = "warning"\n'})
    assert lint_tree(run, tmp_path, "lax")[0] == 0
    assert lint_tree(run, tmp_path, "lax", "strict")[0] == 1


def test_bad_fail_on(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'fail-on = "warn"\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and problems(err) == [
        ".essaylint.toml:1: fail-on: must be one of error, warning, info, got 'warn' (did you mean 'warning'?)"]


# ---------------------------------------------------------------- files
def test_exclude_skips_matches_in_walks_but_not_named_files(run, tmp_path):
    tree(tmp_path, {"drafts/a.txt": TEXT, "b.txt": "Hi [insert x].\n", ".essaylint.toml":
                    'exclude = ["drafts/"]\nselect = ["template-slot"]\n'})
    assert lint_tree(run, tmp_path, ".")[1] == ["./b.txt:1:4: warning: unfilled template slot '[insert x]' [template-slot]"]
    assert lint_tree(run, tmp_path, "drafts/a.txt")[1] == [SLOT.format("drafts/a.txt")]
    assert lint_tree(run, tmp_path, "--force-exclude", "drafts/a.txt", "b.txt")[1] == [
        "b.txt:1:4: warning: unfilled template slot '[insert x]' [template-slot]"]


def test_exclude_accepts_one_string_and_rejects_other_types(run, tmp_path):
    tree(tmp_path, {"drafts/a.txt": TEXT, ".essaylint.toml": 'exclude = "drafts/"\n'})
    code, out, err = lint_tree(run, tmp_path, ".")
    assert code == 0 and out == [] and "1 file" not in err
    (tmp_path / ".essaylint.toml").write_text('exclude = 3\nextensions = [true]\n')
    code, out, err = lint_tree(run, tmp_path, ".")
    assert code == 2 and problems(err) == [
        ".essaylint.toml:1: exclude: must be a list of strings, got 3 (int)",
        ".essaylint.toml:2: extensions: must be a list of strings, got [True] (list)"]


def test_extensions_pick_the_files_a_walk_lints(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "b.rst": TEXT, "c.md": TEXT, ".essaylint.toml":
                    'extensions = ["rst", ".MD"]\nselect = ["template-slot"]\n'})
    assert lint_tree(run, tmp_path, ".")[1] == [SLOT.format("./b.rst"), SLOT.format("./c.md")]
    (tmp_path / ".essaylint.toml").write_text('extensions = ["*.md"]\n')
    assert problems(lint_tree(run, tmp_path, ".")[2]) == [
        ".essaylint.toml:1: extensions: each extension must look like '.md', got '.*.md'"]


def test_gitignore_is_respected_in_walks(run, tmp_path):
    tree(tmp_path, {"out/a.txt": TEXT, "notes/x.txt": TEXT, "notes/keep.txt": TEXT, "notes/.gitignore": "*.txt\n!keep.txt\n",
                    ".gitignore": "out/\n", "c.txt": TEXT, ".essaylint.toml": 'select = ["template-slot"]\n'})
    assert lint_tree(run, tmp_path, ".")[1] == [SLOT.format("./c.txt"), SLOT.format("./notes/keep.txt")]
    assert lint_tree(run, tmp_path, "out/a.txt")[1] == [SLOT.format("out/a.txt")]  # named files are linted


def test_git_info_exclude_is_respected(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "b.txt": TEXT, ".git/info/exclude": "b.txt\n",
                    ".essaylint.toml": 'select = ["template-slot"]\n'})
    assert lint_tree(run, tmp_path, ".")[1] == [SLOT.format("./a.txt")]


def test_rule_dirs_resolve_against_the_config_folder(run, tmp_path):
    shutil.copytree(RULES, tmp_path / "style")
    tree(tmp_path, {"docs/a.txt": TEXT, ".essaylint.toml": 'rule-dirs = ["style"]\nselect = ["filler-phrase"]\n'})
    code, out, err = run("--no-default-rules", "docs/a.txt", cwd=tmp_path)
    assert out.splitlines() == [FILLER.format("docs/a.txt")]
    code, out, err = run("--no-default-rules", "a.txt", cwd=tmp_path / "docs")
    assert out.splitlines() == [FILLER.format("a.txt")]


def test_rule_dirs_errors(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'rule-dirs = ["style"]\n'})
    code, out, err = run("--no-default-rules", "a.txt", cwd=tmp_path)
    assert code == 2 and problems(err) == [".essaylint.toml:1: rule-dirs: rule directory 'style' not found (relative paths start at .)"]
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "bad-rule.yaml").write_text("kind: nope\nmessage: x\nwhy: y\n")
    code, out, err = run("--no-default-rules", "a.txt", cwd=tmp_path)
    assert code == 2 and "style/bad-rule.yaml:1: unknown kind 'nope'" in err
    assert err.endswith("problem(s) in rule files; nothing was linted\n")


def test_stdin_filename_picks_the_config(run, tmp_path, monkeypatch):
    import io
    import sys

    tree(tmp_path, {"essays/.essaylint.toml": 'select = ["filler-phrase"]\n'})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    code, out, err = lint_tree(run, tmp_path, "--stdin-filename", "essays/new.md", "-")
    assert out == [FILLER.format("essays/new.md")]


# ---------------------------------------------------------------- the engine's inputs
def test_a_ruleset_is_picklable_and_lint_gives_the_same_result(tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": '[rules.template-slot]\nseverity = "error"\n'})
    sel = Selection(Overrides(rule_dirs=[str(RULES)], defaults=False))
    sel.prepare([str(tmp_path / "a.txt")])
    rs = sel.rules_for(str(tmp_path / "a.txt"))
    assert isinstance(rs, RuleSet) and [r.id for r in rs] == ["filler-phrase", "template-slot"]
    copy = pickle.loads(pickle.dumps(rs))
    assert copy == rs and copy.key == rs.key
    doc = lambda: Document(TEXT, "a.txt")  # noqa: E731
    assert lint(doc(), copy) == lint(doc(), rs)
    assert lint(doc(), rs)[0].severity == "error"
    other = Selection(Overrides(rule_dirs=[str(RULES)], defaults=False, isolated=True))
    assert other.rules_for(str(tmp_path / "a.txt")).key != rs.key  # the severity is part of the key


def test_key_lines_finds_headers_dotted_and_quoted_keys():
    text = ('[tool.essaylint]\nselect = ["a",\n  "b"]\nrules.x.max-count = 3\n'
            'doc = """\nfake = 1\n"""\n[tool.essaylint.rules."repeated-phrase"]\nmax-count = 3\n')
    lines = key_lines(text)
    assert lines[("tool", "essaylint", "select")] == 2
    assert lines[("tool", "essaylint", "rules", "x", "max-count")] == 4
    assert ("tool", "essaylint", "fake") not in lines
    assert lines[("tool", "essaylint", "rules", "repeated-phrase", "max-count")] == 9


@pytest.mark.parametrize("name", ["pyproject.toml", ".essaylint.toml"])
def test_config_in_a_parent_folder_applies_to_files_below(run, tmp_path, name):
    body = 'select = ["filler-phrase"]\n'
    tree(tmp_path, {"a/b/c.txt": TEXT, name: ("[tool.essaylint]\n" + body) if name == "pyproject.toml" else body})
    assert lint_tree(run, tmp_path / "a", "b/c.txt")[1] == [FILLER.format("b/c.txt")]


def test_gitignore_outside_a_repository_does_not_apply(run, tmp_path):
    (tmp_path / ".gitignore").write_text("*.txt\n")
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / ".essaylint.toml").write_text('select = ["template-slot"]\n')
    assert lint_tree(run, tmp_path, ".")[1] == [SLOT.format("./a.txt")]  # as git: no repository, no ignore file


def test_config_is_checked_even_when_no_file_is_found(run, tmp_path):
    tree(tmp_path, {"empty/.keep": "", ".essaylint.toml": 'select = ["nope"]\n'})
    code, out, err = lint_tree(run, tmp_path, "empty")
    assert code == 2 and problems(err) == [".essaylint.toml:1: select: unknown rule or tag 'nope'"]


def test_rule_table_keys_that_are_not_options(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": '[rules.filler-phrase]\nseverty = "error"\nenabled = false\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and problems(err) == [
        ".essaylint.toml:2: rules.filler-phrase.severty: unknown key 'severty' (did you mean 'severity'?)",
        ".essaylint.toml:3: rules.filler-phrase.enabled: rules are turned on and off with select, extend-select "
        'and ignore, for example ignore = ["filler-phrase"]']


def test_a_suppression_check_has_no_rule_table(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": '[rules.unclosed-disable]\nseverity = "error"\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and problems(err) == [
        ".essaylint.toml:1: rules.unclosed-disable: 'unclosed-disable' checks suppression comments and has no "
        'options or severity to set; turn it off with ignore = ["unclosed-disable"]']


def test_bad_fail_on_flag(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT})
    code, out, err = lint_tree(run, tmp_path, "--fail-on", "warn", "a.txt")
    assert code == 2 and "argument --fail-on: invalid choice: 'warn'" in err


def test_globs_starting_with_dot_slash_are_anchored_at_the_config_folder(run, tmp_path):
    tree(tmp_path, {"drafts/a.txt": TEXT, "sub/drafts/b.txt": TEXT, "c.txt": TEXT, ".essaylint.toml":
                    'select = ["template-slot"]\nexclude = ["./drafts/"]\n[per-file-ignores]\n"./c.txt" = ["truncation"]\n'})
    assert lint_tree(run, tmp_path, ".")[1] == [SLOT.format("./sub/drafts/b.txt")]


def test_a_tool_table_in_dot_essaylint_toml_is_explained(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": '[tool.essaylint]\nselect = ["x"]\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and problems(err) == [
        ".essaylint.toml:1: in .essaylint.toml the keys go at the top level, without a [tool.essaylint] header"]


def test_pyproject_tool_table_written_inline_is_found(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "pyproject.toml": '[tool]\nessaylint = { select = ["filler-phrase"] }\n'})
    assert lint_tree(run, tmp_path, "a.txt")[1] == [FILLER.format("a.txt")]


def test_extend_builds_on_another_config(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, "docs/drafts/b.txt": TEXT, "docs/c.txt": TEXT, "docs/d.txt": TEXT,
                    "pyproject.toml": '[tool.essaylint]\nselect = ["template-slot", "filler-phrase"]\n'
                                      'exclude = ["docs/drafts/"]\n[tool.essaylint.per-file-ignores]\n'
                                      '"docs/c.txt" = ["filler-phrase"]\n[tool.essaylint.rules.template-slot]\n'
                                      'severity = "info"\n',
                    "docs/.essaylint.toml": 'extend = "../pyproject.toml"\n[per-file-ignores]\n"d.txt" = ["truncation"]\n'
                                            '[rules.filler-phrase]\nseverity = "error"\n'})
    code, out, err = lint_tree(run, tmp_path, "docs")
    # the base's exclude and per-file-ignores keep their own folder; both files' tables apply
    assert out == [SLOT.format("docs/c.txt").replace("warning", "info"),
                   FILLER.format("docs/d.txt").replace("info", "error")]
    (tmp_path / "docs" / ".essaylint.toml").write_text('extend = "../pyproject.toml"\nselect = ["filler-phrase"]\n')
    assert lint_tree(run, tmp_path, "docs/d.txt")[1] == [FILLER.format("docs/d.txt")]  # this file's keys replace


def test_extend_errors(run, tmp_path):
    tree(tmp_path, {"a.txt": TEXT, ".essaylint.toml": 'extend = "base.toml"\n'})
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert code == 2 and problems(err) == [
        ".essaylint.toml:1: extend: config file 'base.toml' not found (relative paths start at .)"]
    (tmp_path / "base.toml").write_text('extend = ".essaylint.toml"\n')
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert problems(err) == [
        "base.toml:1: extend: configs extend each other in a circle: .essaylint.toml -> base.toml -> .essaylint.toml"]
    (tmp_path / "base.toml").write_text('selct = []\n')
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert problems(err)[0].startswith("base.toml:1: unknown key 'selct' (did you mean 'select'?)")
    (tmp_path / ".essaylint.toml").write_text('extend = 3\n')
    code, out, err = lint_tree(run, tmp_path, "a.txt")
    assert problems(err) == [".essaylint.toml:1: extend: must be the path of another config file, got 3 (int)"]
