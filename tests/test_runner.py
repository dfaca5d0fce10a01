"""Parallel and cached linting give exactly the serial output."""

import json
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

from essaylint import runner
from essaylint.rules import load_rules

RULES = ["--rules", str(FIXTURES / "rules"), "--no-default-rules"]


@pytest.fixture(autouse=True)
def no_ambient_cache(monkeypatch, tmp_path):
    """Every test names its cache folder (or turns the cache off)."""
    monkeypatch.setenv("ESSAYLINT_CACHE_DIR", str(tmp_path / "ambient-cache"))


def make_tree(root, n=150):
    """n files, .txt and .md, most with findings, some unreadable."""
    for i in range(n):
        sub = root / f"d{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        body = [f"Essay {i} was written in order to test.", "", f"1. Item [insert thing {i}] here."]
        if i % 3:
            body.append(f"2. Due to the fact that it is {i}, [insert other].")
        ext = ".md" if i % 2 else ".txt"
        (sub / f"f{i:03}{ext}").write_text("\n".join(body) + "\n", encoding="utf-8")
    (root / "d0" / "zz-binary.txt").write_bytes(b"\x00\x01bin")
    return root


def count_pools(monkeypatch):
    started = []
    real = runner._pool_context

    def spy():
        ctx = real()
        started.append(ctx)
        return ctx

    monkeypatch.setattr(runner, "_pool_context", spy)
    return started


def test_output_is_identical_and_identically_ordered_whatever_jobs(run, tmp_path, monkeypatch):
    tree = make_tree(tmp_path / "tree")
    pools = count_pools(monkeypatch)
    code1, out1, _ = run(*RULES, "--no-cache", "-j", "1", str(tree))
    assert pools == []
    assert out1.count("\n") > 300 and "[unreadable-file]" in out1
    for jobs in ("2", "3"):
        code, out, _ = run(*RULES, "--no-cache", "-j", jobs, str(tree))
        assert out == out1 and code == code1
    assert len(pools) == 2  # the pool really ran
    _, js1, _ = run(*RULES, "--no-cache", "-j", "1", "--format", "json", str(tree))
    _, js2, _ = run(*RULES, "--no-cache", "-j", "2", "--format", "json", str(tree))
    assert js1 == js2


def test_few_files_never_start_a_pool(run, tmp_path, monkeypatch):
    pools = count_pools(monkeypatch)
    (tmp_path / "a.txt").write_text("Hi [insert name].\n")
    code, out, _ = run(*RULES, "--no-cache", "-j", "4", str(tmp_path / "a.txt"))
    assert out.endswith("[placeholder-text]\n") and pools == []


def test_cached_output_is_byte_identical_and_nothing_is_relinted(run, tmp_path, monkeypatch):
    tree = make_tree(tmp_path / "tree", 40)
    cache = tmp_path / "cache"
    _, plain, _ = run(*RULES, "--no-cache", str(tree))
    _, first, _ = run(*RULES, "--cache-dir", str(cache), str(tree))
    assert first == plain
    assert (cache / ".gitignore").read_text().endswith("*\n") and (cache / "CACHEDIR.TAG").exists()

    def no_linting(*a, **k):
        raise AssertionError("a cached file was linted again")

    monkeypatch.setattr(runner, "lint", no_linting)
    _, second, _ = run(*RULES, "--cache-dir", str(cache), str(tree))
    assert second == plain
    # json output rebuilt from the cache keeps fixes and every field
    monkeypatch.undo()
    monkeypatch.setenv("ESSAYLINT_CACHE_DIR", str(tmp_path / "ambient-cache"))
    _, js_plain, _ = run(*RULES, "--no-cache", "--format", "json", str(tree))
    _, js_cached, _ = run(*RULES, "--cache-dir", str(cache), "--format", "json", str(tree))
    assert js_cached == js_plain and '"fix"' in js_plain


def test_a_changed_file_is_linted_again_and_the_others_come_from_the_cache(run, tmp_path, monkeypatch):
    tree = make_tree(tmp_path / "tree", 10)
    cache = tmp_path / "cache"
    run(*RULES, "--cache-dir", str(cache), str(tree))
    target = tree / "d3" / "f003.md"
    target.write_text("Now [insert new] text.\n")
    linted = []
    real = runner.lint

    def spy(doc, rules):
        linted.append(doc.path)
        return real(doc, rules)

    monkeypatch.setattr(runner, "lint", spy)
    _, out, _ = run(*RULES, "--cache-dir", str(cache), str(tree))
    assert linted == [str(target)]
    assert f"{target}:1:5: warning: unfilled template text '[insert new]' [placeholder-text]" in out


def test_cache_key_covers_every_rule_field_that_changes_output(tmp_path):
    rules = load_rules([FIXTURES / "rules"], defaults=False)
    stamp = runner.code_stamp()
    base = runner.ruleset_digest(rules, stamp)
    r0 = rules[0]
    for change in ({"severity": "error"}, {"message": "other {match}"}, {"scope": "line"},
                   {"options": {**r0.options, "ignore-case": False}}, {"id": "renamed"}):
        changed = [r0.with_changes(**change)] + rules[1:]
        assert runner.ruleset_digest(changed, stamp) != base, change
    # documentation does not change findings: same key
    assert runner.ruleset_digest([r0.with_changes(why="reworded")] + rules[1:], stamp) == base
    assert runner.ruleset_digest(rules[:1], stamp) != base
    assert runner.ruleset_digest(rules, stamp + "x") != base


def test_per_file_rule_sets_are_cached_separately(tmp_path):
    from argparse import Namespace

    from essaylint.cli import build_parser, lint_files

    rules = load_rules([FIXTURES / "rules"], defaults=False)
    strict = [r.with_changes(severity="error") for r in rules]
    (tmp_path / "a.txt").write_text("Hi [insert name].\n")
    (tmp_path / "b.txt").write_text("Hi [insert name].\n")  # same bytes, other rules
    args = build_parser().parse_args(["--cache-dir", str(tmp_path / "cache"), "x"])
    assert isinstance(args, Namespace)

    def rules_for(path):
        return strict if path.endswith("b.txt") else rules

    files = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    for _ in range(2):  # uncached, then cached
        diags = lint_files(files, rules, args, rules_for=rules_for)
        assert [(d.path[-5:], d.severity) for d in diags] == [("a.txt", "warning"), ("b.txt", "error")]


def test_cache_survives_broken_and_vanishing_packs(tmp_path):
    cache = runner.Cache(tmp_path)
    cache.put("rs", "k1", [(1, 1, 1, 2, "r", "warning", "m", None, None)])
    cache.save()
    folder = tmp_path / f"v{runner.CACHE_FORMAT}" / "rs"
    (folder / "pack-broken.json").write_text("{not json")
    (folder / "pack-list.json").write_text("[1, 2]")
    fresh = runner.Cache(tmp_path)
    assert fresh.get("rs", "k1") == [[1, 1, 1, 2, "r", "warning", "m", None, None]]
    assert fresh.get("rs", "missing") is None
    assert runner.Cache(tmp_path / "nowhere" / "x").get("rs", "k1") is None


def test_packs_are_merged_and_concurrent_writers_lose_nothing(tmp_path):
    # several runs that each add results, some of them overlapping in time
    loaded = [runner.Cache(tmp_path) for _ in range(runner.MAX_PACKS + 3)]
    for i, c in enumerate(loaded):
        c.get("rs", "probe")  # list the packs before the others write
        c.put("rs", f"k{i}", [(i,)])
    for c in loaded:
        c.save()
    merger = runner.Cache(tmp_path)
    for i in range(len(loaded)):
        assert merger.get("rs", f"k{i}") == [[i]]
    merger.put("rs", "last", [(0,)])
    merger.save()
    packs = list((tmp_path / f"v{runner.CACHE_FORMAT}" / "rs").glob("pack-*.json"))
    assert len(packs) == 1  # more than MAX_PACKS: merged into one
    final = runner.Cache(tmp_path)
    assert all(final.get("rs", f"k{i}") == [[i]] for i in range(len(loaded))) and final.get("rs", "last")
    assert not list(tmp_path.rglob("*.tmp"))


def test_concurrent_processes_share_one_cache(tmp_path):
    tree = make_tree(tmp_path / "tree", 30)
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "essaylint", *RULES, "--cache-dir", str(cache), str(tree)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) for _ in range(4)]
    outs = [p.communicate()[0] for p in procs]
    plain = subprocess.run(cmd[:-3] + ["--no-cache", str(tree)], capture_output=True, cwd=ROOT).stdout
    assert all(o == plain for o in outs)
    for pack in cache.rglob("pack-*.json"):
        json.loads(pack.read_text())  # every pack is whole
    again = subprocess.run(cmd, capture_output=True, cwd=ROOT).stdout
    assert again == plain


def test_jobs_must_not_be_negative(run):
    code, out, err = run("-j", "-1", "seeds/")
    assert code == 2 and "must be 0 (all cores) or more" in err


def test_a_small_run_imports_no_heavy_module(tmp_path):
    (tmp_path / "a.txt").write_text("Plain text [insert x].\n")
    (tmp_path / "b.md").write_text("# Title\n\n1. A list item.\n2. Another one.\n")
    (tmp_path / "c.md").write_text("Text.\n\n```\ncode\n```\n")
    code = ("import sys; from essaylint.cli import main; "
            f"main(['-q', '--no-cache', '--rules', {str(FIXTURES / 'rules')!r}, sys.argv[1]]); "
            "print(sorted(m for m in ('markdown_it', 'textstat', 'multiprocessing', 'csv') if m in sys.modules))")
    def heavy(path):
        proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.strip().splitlines()[-1]
    assert heavy(tmp_path / "a.txt") == "[]"
    assert heavy(tmp_path / "b.md") == "[]"  # no code, table or HTML: no Markdown parse needed
    assert heavy(tmp_path / "c.md") == "['markdown_it']"


def test_rule_set_folders_unused_for_a_month_are_pruned_and_used_ones_kept(tmp_path):
    import os
    import time

    old = runner.Cache(tmp_path)
    for rs in ("stale", "used"):
        old.put(rs, "k", [(1,)])
    old.save()
    month_ago = time.time() - (runner.STALE_DAYS + 1) * 86400
    base = tmp_path / f"v{runner.CACHE_FORMAT}"
    for rs in ("stale", "used"):
        os.utime(base / rs, (month_ago, month_ago))
    run = runner.Cache(tmp_path)
    assert run.get("used", "k") == [[1]]  # reading marks it as used
    run.put("fresh", "k", [(2,)])
    run.save()
    assert sorted(p.name for p in base.iterdir()) == ["fresh", "used"]


def test_each_rule_is_compiled_once_per_process(monkeypatch):
    import essaylint.kinds.pattern as pattern
    from essaylint.document import Document
    from essaylint.engine import lint
    from essaylint.kinds import COMPILED

    COMPILED.clear()
    calls = []
    real = pattern.compile
    monkeypatch.setattr(pattern, "compile", lambda options: calls.append(1) or real(options))
    rules = load_rules([FIXTURES / "rules"], defaults=False)  # validating compiles each rule ...
    for text in ("Hi [insert x].", "We met in order to talk.", "Fine."):
        lint(Document(text, "x.txt"), rules)  # ... and linting reuses it
    assert len(calls) == len(rules) == 2


def test_default_jobs_follow_affinity_and_a_container_cpu_quota(monkeypatch):
    import builtins
    import io
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    quota = {"text": "150000 100000\n"}

    def fake_open(path, *a, **k):
        if str(path) == "/sys/fs/cgroup/cpu.max":
            return io.StringIO(quota["text"])
        return builtins.open(path, *a, **k)

    monkeypatch.setattr(runner, "open", fake_open, raising=False)
    assert runner.default_jobs() == 2  # 1.5 CPUs of quota: two workers
    quota["text"] = "max 100000\n"
    assert runner.default_jobs() == 8


def test_a_rule_set_object_goes_to_lint_whole_and_its_other_fields_key_the_cache(tmp_path, monkeypatch):
    """A config RuleSet (rules plus suppression fields) reaches engine.lint as it is."""
    from dataclasses import dataclass

    from essaylint.cli import build_parser, lint_files

    @dataclass(frozen=True)
    class RuleSet:  # the shape of config.RuleSet
        rules: tuple
        quiet: frozenset = frozenset()

        def __iter__(self):
            return iter(self.rules)

        def __len__(self):
            return len(self.rules)

    rules = tuple(load_rules([FIXTURES / "rules"], defaults=False))
    loud, quiet = RuleSet(rules), RuleSet(rules, frozenset({"b", "a"}))
    assert runner.ruleset_fingerprint(loud) != runner.ruleset_fingerprint(quiet)
    assert runner.ruleset_fingerprint(RuleSet(rules, frozenset({"a", "b"}))) == runner.ruleset_fingerprint(quiet)
    seen = []
    real = runner.lint
    monkeypatch.setattr(runner, "lint", lambda doc, rs: seen.append(type(rs).__name__) or real(doc, rs))

    class Selection:
        def rules_for(self, path):
            return quiet if path.endswith("b.txt") else loud

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Hi [insert name].\n")
    args = build_parser().parse_args(["--cache-dir", str(tmp_path / "cache"), "x"])
    files = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert len(lint_files(files, Selection(), args)) == 2
    assert seen == ["RuleSet", "RuleSet"]  # same bytes, other rule set: not served from a.txt's entry


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 300_000])
def test_read_bytes_reads_whole_files_of_any_size(tmp_path, size):
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    (tmp_path / "f.txt").write_bytes(data)
    assert runner.read_bytes(str(tmp_path / "f.txt")) == data


def test_read_bytes_raises_os_errors_like_open(tmp_path):
    with pytest.raises(FileNotFoundError):
        runner.read_bytes(str(tmp_path / "missing.txt"))
    with pytest.raises(IsADirectoryError) as e:
        runner.read_bytes(str(tmp_path))
    assert e.value.strerror == "Is a directory"
