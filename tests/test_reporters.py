"""Every output format, on the seeds and on files with unusual names and messages.

Expectations are derived from the text and JSON formats (never hard-coded
findings): the default rule set changes, the fixture rules in
tests/fixtures/integrations/rules make findings at every severity, and every
machine format must carry exactly the findings the text format shows.
"""

import json
import re
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import jsonschema
import pytest
from conftest import FIXTURES, ROOT

from essaylint.engine import Diagnostic
from essaylint.reporters import REPORTERS, Context
from essaylint.reporters.github import PER_LEVEL, escape_data, escape_property, github, step_summary
from essaylint.reporters.github import md as escape_md

INTEGRATIONS = FIXTURES / "integrations"
RULES = ["--rules", str(INTEGRATIONS / "rules")]
SCHEMA = json.loads((INTEGRATIONS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ODD_DIR = "dïr, a: 100%"
ODD = f"{ODD_DIR}/odd, b: 50% café #1.md"
NEWLINE = "line\nbreak.md"
MACHINE = ["json", "json-lines", "github", "sarif", "gitlab", "junit"]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A directory with the seeds and the odd fixture under awkward names; returns the paths to lint."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / ODD_DIR).mkdir()
    shutil.copy(INTEGRATIONS / "odd.md", tmp_path / ODD)
    shutil.copy(INTEGRATIONS / "odd.md", tmp_path / NEWLINE)
    return tmp_path, ["seeds", ODD, NEWLINE]


def findings(run, cwd, paths, *extra):
    """The findings as the JSON format gives them, checked against the text format."""
    code, out, err = run(*RULES, "--format", "json", *extra, *paths, cwd=cwd)
    data = json.loads(out)
    code_t, text, _ = run(*RULES, *extra, *paths, cwd=cwd)
    assert code == code_t
    assert "".join(f"{d['path']}:{d['line']}:{d['column']}: {d['severity']}: {d['message'].replace(chr(10), ' ')} "
                   f"[{d['rule']}]\n" for d in data) == text
    return data


def key(d):
    return (d["path"], d["line"], d["column"], d["rule"], d["severity"], d["message"])


def test_fixture_rules_cover_every_severity_and_awkward_content(run, workspace):
    cwd, paths = workspace
    data = findings(run, cwd, paths)
    assert {d["severity"] for d in data} == {"error", "warning", "info"}
    assert len([d for d in data if d["severity"] == "warning"]) > PER_LEVEL  # exercises the caps
    odd = [d for d in data if d["path"] == ODD]
    assert any("\n" in d["message"] and "%" in d["message"] and ":" in d["message"] and "," in d["message"]
               for d in odd)
    assert any(d["end_line"] > d["line"] for d in odd)  # a finding spanning two lines
    assert any(d["path"] == NEWLINE for d in data)


@pytest.mark.parametrize("fmt", MACHINE)
def test_machine_formats_print_only_their_document_and_o_writes_the_same(run, workspace, fmt):
    cwd, paths = workspace
    code, out, err = run(*RULES, "--format", fmt, *paths, cwd=cwd)
    assert code == 1 and out
    assert "files checked" not in out and "files checked" in err
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    elif fmt == "json-lines":
        [json.loads(line) for line in out.splitlines()]
    elif fmt == "junit":
        ET.fromstring(out.encode())
    else:
        assert all(line.startswith("::") for line in out.splitlines() if not _inside_stop_commands(out, line))
    code2, out2, _ = run(*RULES, "--format", fmt, "-o", str(cwd / "report.out"), *paths, cwd=cwd)
    assert code2 == code and out2 == ""
    got = (cwd / "report.out").read_text(encoding="utf-8")
    if fmt == "github":  # the stop-commands token is random on purpose
        got, out = (re.sub(r"[0-9a-f]{32}", "TOKEN", s) for s in (got, out))
    assert got == out


def _inside_stop_commands(out, line):
    m = re.search(r"^::stop-commands::(\w+)$(.*?)^::\1::$", out, re.M | re.S)
    return bool(m) and ("\n" + line + "\n") in m.group(2) + "\n"


def test_json_lines_holds_the_json_objects(run, workspace):
    cwd, paths = workspace
    data = findings(run, cwd, paths)
    _, out, _ = run(*RULES, "--format", "json-lines", *paths, cwd=cwd)
    assert [json.loads(line) for line in out.splitlines()] == data


# ---------------------------------------------------------------- GitHub
COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape_property(v):
    return v.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def unescape_data(v):
    return v.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def annotations(out):
    found = []
    for line in out.splitlines():
        m = COMMAND.match(line)
        if m:
            props = dict(p.split("=", 1) for p in m.group(2).split(","))
            assert all("," not in v and ":" not in v for v in props.values())
            found.append((m.group(1), {k: unescape_property(v) for k, v in props.items()}, unescape_data(m.group(3))))
    return found


def test_toolkit_escaping():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext%3A a%2C b"
    assert escape_property("%3A") == "%253A"  # '%' first, so escapes are not double-read


def test_github_annotations_carry_each_finding_escaped(run, workspace):
    cwd, paths = workspace
    data = findings(run, cwd, [ODD, NEWLINE])  # few enough for every finding to be annotated
    code, out, err = run(*RULES, "--format", "github", ODD, NEWLINE, cwd=cwd)
    got = annotations(out)
    assert len(got) == len(data) and "::stop-commands::" not in out
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for d in data:
        props = {"title": f"essaylint ({d['rule']})", "file": d["path"], "line": str(d["line"]), "endLine": str(d["end_line"])}
        if d["line"] == d["end_line"]:
            props.update(col=str(d["column"]), endColumn=str(d["end_column"]))
        body = f"{d['path']}:{d['line']}:{d['column']}: {d['message']} [{d['rule']}]"
        assert (levels[d["severity"]], props, body) in got
    assert [a[0] for a in got] == sorted((a[0] for a in got), key=["error", "warning", "notice"].index)
    assert len(out.splitlines()) == len(got)  # newlines in messages and paths are escaped


def test_github_caps_annotations_at_ten_per_level_errors_first(run, workspace):
    cwd, paths = workspace
    data = findings(run, cwd, paths)
    code, out, err = run(*RULES, "--format", "github", *paths, cwd=cwd)
    got = annotations(out)
    per_level = {lvl: [a for a in got if a[0] == lvl] for lvl in ("error", "warning", "notice")}
    assert all(len(v) <= PER_LEVEL for v in per_level.values())
    n = {s: sum(d["severity"] == s for d in data) for s in ("error", "warning", "info")}
    assert len(per_level["error"]) == min(n["error"], PER_LEVEL)
    assert len(per_level["warning"]) == min(n["warning"], PER_LEVEL)
    summary = [a for a in got if a[1] == {"title": "essaylint"}]
    assert len(summary) == 1 and got[-1] == summary[0]
    left_out = len(data) - (len(got) - 1)
    assert summary[0][2].startswith(f"{left_out} more findings not shown as annotations")
    assert got[0][0] == "error"
    # every finding, annotated or not, is in the log as text, commands switched off
    m = re.search(r"^::group::essaylint: all findings \((\d+)\)\n::stop-commands::([0-9a-f]{32})\n(.*?)^::\2::\n::endgroup::\n\Z",
                  out, re.M | re.S)
    assert m and int(m.group(1)) == len(data)
    assert m.group(2) not in m.group(3)
    assert len(m.group(3).splitlines()) == len(data)


def D(severity, line, path="a.md", rule="r"):
    return Diagnostic(path, line, 1, line, 2, rule, severity, f"m{line}")


@pytest.mark.parametrize("counts", [(0, 0, 10), (0, 0, 11), (12, 3, 10), (10, 10, 10), (3, 25, 0), (1, 0, 9)])
def test_github_cap_arithmetic(counts):
    e, w, i = counts
    diags = [D("error", k) for k in range(e)] + [D("warning", 100 + k) for k in range(w)] + [D("info", 200 + k) for k in range(i)]
    got = annotations(github(sorted(diags, key=lambda d: d.line), Context(root=".")))
    by = {lvl: sum(a[0] == lvl for a in got) for lvl in ("error", "warning", "notice")}
    assert max(by.values()) <= PER_LEVEL
    overflow = e > PER_LEVEL or w > PER_LEVEL or i > PER_LEVEL
    assert by["error"] == min(e, PER_LEVEL) and by["warning"] == min(w, PER_LEVEL)
    assert by["notice"] == (min(i, PER_LEVEL - 1) + 1 if overflow else i)
    shown = len(got) - overflow
    if overflow:
        assert got[-1][2].startswith(f"{len(diags) - shown} more finding")


def test_github_format_is_automatic_under_github_actions(run, workspace, monkeypatch):
    cwd, paths = workspace
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = run(*RULES, ODD, cwd=cwd)
    assert out.startswith("::error ") and annotations(out)
    code, out, err = run(*RULES, "--format", "text", ODD, cwd=cwd)
    assert not out.startswith("::")
    code, out, err = run(*RULES, "-o", str(cwd / "r.txt"), ODD, cwd=cwd)  # a file gets the text format
    assert out == "" and (cwd / "r.txt").read_text(encoding="utf-8").startswith(f"{ODD}:")
    monkeypatch.setenv("PRE_COMMIT", "1")  # a hook's batches would share the caps: text unless asked
    code, out, err = run(*RULES, ODD, cwd=cwd)
    assert out.startswith(f"{ODD}:")
    monkeypatch.delenv("PRE_COMMIT")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    code, out, err = run(*RULES, ODD, cwd=cwd)
    assert out.startswith(f"{ODD}:")


def test_github_step_summary_is_appended(run, workspace, monkeypatch):
    cwd, paths = workspace
    data = findings(run, cwd, paths)
    summary = cwd / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(*RULES, *paths, cwd=cwd)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## essaylint\n")
    assert f"**{len(data)} problems**" in text
    for rule in {d["rule"] for d in data}:
        n = sum(d["rule"] == rule for d in data)
        assert re.search(rf"^\| {re.escape(escape_md(rule))} \| \w+ \| {n} \|$", text, re.M), rule
    per_file = {p: sum(d["path"] == p for d in data) for p in {d["path"] for d in data}}
    top = max(per_file, key=per_file.get)
    assert "**Files**" in text  # fewer than ten files: all of them
    assert f"| {escape_md(top)} |" in text
    rows = [line for line in text.splitlines() if re.match(r"^\| .+:\d+:\d+ \|", line)]
    assert len(rows) == len(data)
    assert all(line.count("|") - line.count("\\|") == 5 for line in rows)  # cells stay cells


def test_step_summary_when_clean():
    md = step_summary([], Context(files=["a.md", "b.md"], root="."))
    assert md == "## essaylint\n\nNo problems in 2 files checked.\n\n"


# ---------------------------------------------------------------- SARIF
def test_sarif_is_valid_and_carries_each_finding(run, workspace):
    cwd, paths = workspace
    data = findings(run, cwd, paths)
    code, out, err = run(*RULES, "--format", "sarif", *paths, cwd=cwd)
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    run0 = log["runs"][0]
    assert log["version"] == "2.1.0" and run0["columnKind"] == "unicodeCodePoints"
    rules = run0["tool"]["driver"]["rules"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    results = run0["results"]
    assert len(results) == len(data)
    for d, r in zip(data, results):
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"] == d["rule"]
        assert r["level"] == levels[d["severity"]] and r["message"]["text"] == d["message"]
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert unquote(uri) == d["path"]
        assert re.fullmatch(r"[A-Za-z0-9\-._~/%]+", uri), uri  # relative, percent-encoded
        assert loc["region"] == {"startLine": d["line"], "startColumn": d["column"],
                                 "endLine": d["end_line"], "endColumn": d["end_column"]}
        assert re.fullmatch(r"[0-9a-f]{16}:\d+", r["partialFingerprints"]["primaryLocationLineHash"])
    assert len({(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                 r["partialFingerprints"]["primaryLocationLineHash"]) for r in results}) == len(results)


def test_sarif_rules_come_from_the_rule_files(run, workspace):
    cwd, paths = workspace
    from essaylint.reporters.sarif import _clip
    from essaylint.rules import load_rules

    loaded = {r.id: r for r in load_rules(RULES[1:]) if r.enabled}  # the rules that ran
    _, out, _ = run(*RULES, "--format", "sarif", *paths, cwd=cwd)
    rules = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == set(loaded)
    for rid, rule in loaded.items():
        got = rules[rid]
        assert got["shortDescription"]["text"] == rule.summary
        assert got["fullDescription"]["text"] == _clip(" ".join(rule.why.split()))  # GitHub's 1,024 limit
        fail = next(e for e in rule.examples if e.expect == "fail").text.rstrip("\n")
        assert fail in got["help"]["markdown"]
        # help.text (capped at 1,024 characters) shows the start of the example, indented
        assert "Fires on:\n    " + fail.split("\n")[0][:60] in got["help"]["text"]
        assert got["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        assert got["properties"]["tags"] == list(rule.tags)


def test_sarif_uris_are_relative_to_the_repository_root(run, workspace):
    cwd, paths = workspace
    (cwd / ".git").mkdir()  # a repository root; lint from a subdirectory
    code, out, err = run(*RULES, "--format", "sarif", "odd, b: 50% café #1.md", cwd=cwd / ODD_DIR)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]}
    assert uris == {"d%C3%AFr%2C%20a%3A%20100%25/odd%2C%20b%3A%2050%25%20caf%C3%A9%20%231.md"}


def test_annotation_and_gitlab_paths_are_relative_to_the_repository_root(run, workspace):
    cwd, paths = workspace
    (cwd / ".git").mkdir()
    name = "odd, b: 50% café #1.md"
    _, out, _ = run(*RULES, "--format", "github", name, cwd=cwd / ODD_DIR)
    assert {a[1]["file"] for a in annotations(out)} == {ODD}
    assert all(a[2].startswith(name + ":") for a in annotations(out))  # the message keeps the path as given
    _, out, _ = run(*RULES, "--format", "gitlab", name, cwd=cwd / ODD_DIR)
    assert {i["location"]["path"] for i in json.loads(out)} == {ODD}


def test_fingerprints_survive_lines_moving_above_a_finding(run, workspace):
    cwd, paths = workspace
    target = cwd / "seeds" / sorted(p.name for p in (cwd / "seeds").iterdir())[0]

    def prints():
        _, out, _ = run(*RULES, "--format", "sarif", str(target.relative_to(cwd)), cwd=cwd)
        return [(r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in json.loads(out)["runs"][0]["results"]]

    before = prints()
    assert before
    target.write_text("A new opening line.\n\nAnother one.\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    after = prints()
    assert [(r, f) for r, f, _ in after] == [(r, f) for r, f, _ in before]
    assert [line for _, _, line in after] == [line + 3 for _, _, line in before]


# ---------------------------------------------------------------- GitLab, JUnit
def test_gitlab_code_quality(run, workspace):
    cwd, paths = workspace
    data = findings(run, cwd, paths)
    _, out, _ = run(*RULES, "--format", "gitlab", *paths, cwd=cwd)
    issues = json.loads(out)
    assert not out.startswith("\ufeff")
    severity = {"error": "major", "warning": "minor", "info": "info"}
    assert len(issues) == len(data)
    for d, i in zip(data, issues):
        assert i["description"] == d["message"] and i["check_name"] == d["rule"]
        assert i["severity"] == severity[d["severity"]]
        assert i["location"]["path"] == d["path"] and i["location"]["lines"]["begin"] == d["line"]
        assert re.fullmatch(r"[0-9a-f]{32}", i["fingerprint"])
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    _, again, _ = run(*RULES, "--format", "gitlab", *paths, cwd=cwd)
    assert [i["fingerprint"] for i in json.loads(again)] == [i["fingerprint"] for i in issues]


def test_junit_like_ruff(run, workspace):
    cwd, paths = workspace
    data = findings(run, cwd, paths)
    _, out, _ = run(*RULES, "--format", "junit", *paths, cwd=cwd)
    root = ET.fromstring(out.encode())
    assert root.tag == "testsuites" and root.get("tests") == str(len(data)) and root.get("failures") == str(len(data))
    cases = []
    for suite in root:
        for case in suite:
            failure = case.find("failure")
            cases.append((suite.get("name"), case.get("name"), case.get("line"), case.get("column"), failure.get("message"), failure.text))
            assert case.get("classname") == suite.get("name").rsplit(".", 1)[0]
    assert cases == [(d["path"], f"essaylint.{d['rule']}", str(d["line"]), str(d["column"]), d["message"],
                      f"line {d['line']}, col {d['column']}, {d['message']}") for d in data]


def test_junit_when_clean(run, tmp_path):
    (tmp_path / "ok.txt").write_text("A tidy document. It ends well.\n")
    code, out, err = run(*RULES, "--format", "junit", "ok.txt", cwd=tmp_path)
    root = ET.fromstring(out.encode())
    assert code == 0 and root.get("failures") == "0"
    assert [c.get("name") for c in root.iter("testcase")] == ["No errors found"]


def test_every_format_is_registered():
    assert list(REPORTERS) == ["text", "json", "json-lines", "github", "sarif", "gitlab", "junit"]


def test_unreadable_file_in_ci_formats(run, tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    _, out, _ = run(*RULES, "--format", "sarif", "bin.txt", cwd=tmp_path)
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "unreadable-file" and result["level"] == "error"
    assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "unreadable-file"


def test_sarif_fixes_and_related_locations_validate(tmp_path):
    from essaylint.reporters.sarif import sarif

    (tmp_path / "a.md").write_text("We met in order to talk.\n", encoding="utf-8")
    diags = [Diagnostic("a.md", 1, 8, 1, 19, "hedge-words", "info", "consider 'to'", fix=(7, 18, "to")),
             Diagnostic("a.md", 1, 1, 1, 3, "repeated-phrase", "warning", "again (first on line 1)", related=(1, 4))]
    log = json.loads(sarif(diags, Context(root=str(tmp_path), fingerprints=["0" * 16 + ":1", "1" * 16 + ":1"])))
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft4Validator)
    fix, related = log["runs"][0]["results"]
    assert fix["fixes"][0]["artifactChanges"][0]["replacements"][0] == {
        "deletedRegion": {"startLine": 1, "startColumn": 8, "endLine": 1, "endColumn": 19}, "insertedContent": {"text": "to"}}
    assert related["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 4}
