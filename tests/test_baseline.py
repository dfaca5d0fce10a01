"""--baseline: record today's findings, then report only new ones, whatever moves."""

import json
import shutil

import pytest
from conftest import FIXTURES, ROOT

# the fixture rules alone: the baseline mechanics must not depend on how the default rules evolve
RULES = ["--no-default-rules", "--rules", str(FIXTURES / "integrations" / "rules")]


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "essays")
    return tmp_path


def lint(run, cwd, *args):
    code, out, err = run(*RULES, *args, cwd=cwd)
    return code, out.splitlines(), err


def first_essay(repo):
    return sorted((repo / "essays").iterdir())[0]


def test_write_then_nothing_is_reported_until_something_new(run, repo):
    code, before, _ = lint(run, repo, "essays")
    assert code == 1 and before  # derive from the text format: the fixture rules fire on the seeds
    code, out, err = lint(run, repo, "--baseline", "base.json", "--write-baseline", "essays")
    assert code == 0 and out == []
    assert f"recorded {len(before)} finding(s) in base.json" in err
    code, out, err = lint(run, repo, "--baseline", "base.json", "essays")
    assert code == 0 and out == []
    assert f"{len(before)} finding(s) recorded in the baseline base.json not shown" in err
    essay = first_essay(repo)
    essay.write_text(essay.read_text(encoding="utf-8") + "\n\nA new paragraph that stops in the", encoding="utf-8")
    code, out, err = lint(run, repo, "--baseline", "base.json", "essays")
    code_all, everything, _ = lint(run, repo, "essays")
    assert set(out) < set(everything)
    assert out and all(line.startswith(f"essays/{essay.name}:") for line in out)
    assert code == code_all == 1


def test_entries_survive_edits_that_move_lines(run, repo):
    lint(run, repo, "--baseline", "base.json", "--write-baseline", "essays")
    for essay in (repo / "essays").iterdir():
        text = essay.read_text(encoding="utf-8")
        paragraphs = text.split("\n")
        # new lines above, a line break added in the middle, trailing spaces: nothing flagged changes
        essay.write_text("A fresh first line.\n\nAnd a second one.\n" + "\n\n".join(paragraphs[:2]) + "\n"
                         + "\n".join(paragraphs[2:]), encoding="utf-8")
    code, moved, _ = lint(run, repo, "essays")
    assert moved  # the findings are still there, on other lines ...
    code, out, _ = lint(run, repo, "--baseline", "base.json", "essays")
    assert out == [] and code == 0  # ... and the baseline still knows them


def test_an_extra_identical_finding_is_the_only_one_reported(run, repo):
    essay = first_essay(repo)
    lint(run, repo, "--baseline", "base.json", "--write-baseline", "essays")
    text = essay.read_text(encoding="utf-8")
    copied = len(text.split("\n")) + 2  # the first line, repeated at the end
    essay.write_text(text + "\n\n" + text.split("\n")[0] + "\n", encoding="utf-8")
    _, after, _ = lint(run, repo, str(essay.relative_to(repo)))
    _, out, _ = lint(run, repo, "--baseline", "base.json", "essays")
    assert out == [line for line in after if line.startswith(f"essays/{essay.name}:{copied}:")] != []


def test_paths_are_relative_to_the_baseline_file(run, repo):
    (repo / "ci").mkdir()
    lint(run, repo, "--baseline", "ci/base.json", "--write-baseline", "essays")
    data = json.loads((repo / "ci" / "base.json").read_text(encoding="utf-8"))
    assert data["essaylint-baseline"] == 1
    assert all(k.startswith("../essays/") for k in data["files"])
    entry = next(iter(data["files"].values()))[0]
    assert set(entry) == {"rule", "fingerprint", "message"}
    # the same baseline from another directory, naming the files another way
    code, out, _ = lint(run, repo / "essays", "--baseline", "../ci/base.json", ".")
    assert out == [] and code == 0


def test_rewriting_for_some_files_keeps_the_others(run, repo):
    lint(run, repo, "--baseline", "base.json", "--write-baseline", "essays")
    keys = set(json.loads((repo / "base.json").read_text())["files"])
    essay = first_essay(repo)
    essay.write_text("Fixed. Nothing to flag here.\n", encoding="utf-8")
    lint(run, repo, "--baseline", "base.json", "--write-baseline", str(essay.relative_to(repo)))
    assert set(json.loads((repo / "base.json").read_text())["files"]) == keys - {f"essays/{essay.name}"}
    (sorted((repo / "essays").iterdir())[1]).unlink()  # a deleted file's entries go on the next write
    lint(run, repo, "--baseline", "base.json", "--write-baseline", str(essay.relative_to(repo)))
    assert len(json.loads((repo / "base.json").read_text())["files"]) == len(keys) - 2


def test_baseline_problems_exit_2(run, repo):
    code, out, err = lint(run, repo, "--baseline", "missing.json", "essays")
    assert code == 2 and out == [] and "baseline file missing.json not found; create it with --write-baseline" in err
    (repo / "bad.json").write_text("{not json")
    code, out, err = lint(run, repo, "--baseline", "bad.json", "essays")
    assert code == 2 and "bad.json:1: baseline file is not valid JSON" in err
    (repo / "other.json").write_text("[]")
    code, out, err = lint(run, repo, "--baseline", "other.json", "essays")
    assert code == 2 and "not an essaylint baseline" in err
    code, out, err = lint(run, repo, "--write-baseline", "essays")
    assert code == 2 and "--write-baseline needs --baseline FILE" in err


def test_fingerprints_match_between_baseline_and_sarif(run, repo):
    lint(run, repo, "--baseline", "base.json", "--write-baseline", "essays")
    recorded = {e["fingerprint"] for es in json.loads((repo / "base.json").read_text())["files"].values() for e in es}
    code, out, err = run(*RULES, "--format", "sarif", "essays", cwd=repo)
    reported = {r["partialFingerprints"]["primaryLocationLineHash"] for r in json.loads(out)["runs"][0]["results"]}
    assert reported == recorded


def test_stdin_findings_are_fingerprinted_without_reading_the_named_file(run, repo, monkeypatch):
    import io
    import sys

    def sarif_prints():
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Cultural exchange, and then\n")))
        _, out, _ = run(*RULES, "--format", "sarif", "--stdin-filename", "essays/new.md", "-", cwd=repo)
        return [r["partialFingerprints"]["primaryLocationLineHash"] for r in json.loads(out)["runs"][0]["results"]]

    absent = sarif_prints()
    (repo / "essays" / "new.md").write_text("Something else entirely on this line.\n", encoding="utf-8")
    assert len(absent) == 2 and sarif_prints() == absent
