"""The pre-commit hook, run by the real pre-commit against a throwaway repository.

``pre-commit try-repo`` installs the hook repository into its own virtualenv
(pip, dependencies from the package index) and runs it the way a user's
``pre-commit run`` does, in parallel batches. The hook repository is a copy of
this checkout (the files ``pip install`` needs) with the integration fixture
rules added to ``rules/``, so the seeds have findings whatever the default
rule set holds; the expected diagnostics come from running essaylint
in-process with the same rules.
"""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

from essaylint.rules import load_rules

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
FIXTURE_RULES = FIXTURES / "integrations" / "rules"


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=essaylint tests", "-c", "user.email=tests@essaylint.invalid",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True)


def hook_repository(target):
    """A git repository holding this checkout's installable files plus the fixture rules."""
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, target / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src", target / "src", ignore=ignore)
    shutil.copytree(ROOT / "rules", target / "rules", ignore=ignore)
    for rule in FIXTURE_RULES.glob("*.yaml"):
        shutil.copy(rule, target / "rules" / rule.name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "hook under test")


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    base = tmp_path_factory.mktemp("precommit")
    hooks, consumer = base / "essaylint", base / "consumer"
    hooks.mkdir()
    consumer.mkdir()
    hook_repository(hooks)
    shutil.copytree(ROOT / "seeds", consumer / "essays")
    (consumer / "clean.md").write_text("# Notes\n\nA tidy document. It ends well.\n", encoding="utf-8")
    (consumer / "notes.rst").write_text("Not a type the hook runs on, and it stops in the\n", encoding="utf-8")
    (consumer / "LICENSE").write_text("identify calls this plain-text; not an essay, and it stops in the\n", encoding="utf-8")
    git(consumer, "init", "-q")
    git(consumer, "add", "-A")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT", "VIRTUAL_ENV"))}
    env.update(PRE_COMMIT_HOME=str(base / "cache"), PRE_COMMIT_COLOR="never")
    return hooks, consumer, env


def try_repo(repos, *args):
    hooks, consumer, env = repos
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "essaylint", *args]
    return subprocess.run(cmd, cwd=consumer, env=env, capture_output=True, text=True, timeout=900)


def expected_lines(run, consumer, files):
    """What essaylint itself reports on ``files`` with the hook repository's rules."""
    assert {r.id for r in load_rules([FIXTURE_RULES], defaults=False)}
    code, out, err = run("--rules", str(FIXTURE_RULES), *files, cwd=consumer)
    return code, out.splitlines()


def test_manifest_is_valid():
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_seed_essays_fail_the_hook_with_their_diagnostics(run, repos):
    hooks, consumer, env = repos
    essays = sorted(f"essays/{p.name}" for p in (consumer / "essays").iterdir())
    code, expected = expected_lines(run, consumer, essays)
    assert code == 1 and expected  # the seeds are cut off: the fixture rule flags them as errors
    proc = try_repo(repos, "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "essaylint" in out and "Failed" in out and "- exit code: 1" in out
    shown = [line for line in out.splitlines() if line.startswith("essays/")]
    # pre-commit runs the files in parallel batches; every finding shows, each once
    assert sorted(shown) == sorted(expected)
    assert "notes.rst" not in out and "LICENSE" not in out and "Traceback" not in out


def test_a_clean_document_passes_the_hook(run, repos):
    hooks, consumer, env = repos
    code, expected = expected_lines(run, consumer, ["clean.md"])
    assert code == 0 and expected == []
    proc = try_repo(repos, "--files", "clean.md")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "essaylint" in out and "Passed" in out


def _readme_blocks(lang):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## CI and pre-commit"):]
    section = section[:section.index("\n## ", 1)]
    return re.findall(rf"```{lang}\n(.*?)```", section, re.S)


def test_readme_pre_commit_config_is_valid(tmp_path):
    config = next(b for b in _readme_blocks("yaml") if b.startswith("repos:"))
    (tmp_path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_baseline_example_loads(tmp_path):
    from essaylint.baseline import load

    (tmp_path / "b.json").write_text(_readme_blocks("json")[0], encoding="utf-8")
    assert len(load(tmp_path / "b.json")) == 1
