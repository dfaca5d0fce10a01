"""Datasets (JSONL, CSV): each record is linted, and located by file, record line and id."""

import io
import json
import re

import pytest
from conftest import FIXTURES

from essaylint import runner
from essaylint.datasets import display_path, read_records
from essaylint.rules import load_rules

DATA = FIXTURES / "datasets"
RULES = ["--rules", str(FIXTURES / "rules"), "--no-default-rules", "--no-cache"]
LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (error|warning|info): .+ \[[a-z][a-z0-9-]*\]$")


@pytest.mark.parametrize("name", ["responses.jsonl", "responses.csv"])
def test_dataset_diagnostics_match_the_expected_file(run, name):
    code, out, err = run(*RULES, "--text-field", "output", str((DATA / name).relative_to(DATA.parents[2])))
    assert out == (DATA / (name + ".expected")).read_text(encoding="utf-8")
    assert all(LINE.match(line) for line in out.splitlines())


def test_record_path_parses_the_same_greedy_or_lazy_and_names_record_line_and_id(run):
    code, out, err = run(*RULES, "--text-field", "output", str(DATA / "responses.jsonl"))
    lazy = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): ")
    for line in out.splitlines():
        assert LINE.match(line).group("path", "line", "col") == lazy.match(line).group("path", "line", "col")
    # the id "q:3 #x" is percent-encoded so that it cannot pass for a line number
    assert f"{DATA}/responses.jsonl@4#q%3A3%20%23x:2:18: warning:" in out
    assert display_path("d.jsonl", 17, None) == "d.jsonl@17"


def test_json_lines_gives_one_object_per_diagnostic_with_the_record(run):
    code, out, err = run(*RULES, "--text-field", "output", "--format", "json-lines", str(DATA / "responses.csv"))
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o["record"] for o in objs] == [
        {"path": str(DATA / "responses.csv"), "line": 2, "id": "c1"},
        {"path": str(DATA / "responses.csv"), "line": 4, "id": "c2"},
    ]
    assert (objs[0]["line"], objs[0]["column"]) == (2, 6)  # line 2 of the record's text


def test_records_are_markdown_by_default_and_plain_text_on_request(run):
    path = str(DATA / "responses.jsonl")
    _, md, _ = run(*RULES, "--text-field", "output", path)
    _, txt, _ = run(*RULES, "--text-field", "output", "--record-format", "txt", path)
    assert "[insert code here]" not in md  # an indented code block in Markdown
    assert f"{path}@8#7:3:5: warning: unfilled template text '[insert code here]' [placeholder-text]" in txt


def test_id_field_given_explicitly_is_required(run, tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text('{"key": "a", "text": "Hi [insert x]."}\n{"text": "Hi [insert y]."}\n')
    code, out, err = run(*RULES, "--id-field", "key", str(data))
    assert out.splitlines() == [
        f"{data}@1#a:1:4: warning: unfilled template text '[insert x]' [placeholder-text]",
        f"{data}@2:1:1: error: record has no field 'key' (--id-field) [unreadable-record]",
    ]
    assert code == 1


def test_nested_text_field_and_numeric_record_order(run, tmp_path):
    data = tmp_path / "chat.jsonl"
    with open(data, "w") as f:
        for i in range(120):
            text = f"Reply {i} [insert x]." if i in (9, 99, 100) else "Fine."
            f.write(json.dumps({"id": f"r{i}", "messages": [{"content": "q"}, {"content": text}]}) + "\n")
    code, out, err = run(*RULES, "--text-field", "messages.1.content", str(data))
    assert [line.split(":")[0] for line in out.splitlines()] == [
        f"{data}@10#r9", f"{data}@100#r99", f"{data}@101#r100"]  # record order, not string order


def test_parallel_dataset_output_is_identical(run, tmp_path, monkeypatch):
    data = tmp_path / "big.jsonl"
    with open(data, "w") as f:
        for i in range(700):
            f.write(json.dumps({"id": i, "text": f"Item {i} in order to [insert {i % 5}].\n\n- a\n- b"}) + "\n")
    pools = []
    real = runner._pool_context
    monkeypatch.setattr(runner, "_pool_context", lambda: pools.append(1) or real())
    _, serial, _ = run(*RULES, "-j", "1", str(data))
    _, parallel, _ = run(*RULES, "-j", "2", str(data))
    assert serial == parallel and serial.count("\n") == 1400 and pools == [1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_records_are_streamed_a_bounded_window_at_a_time(jobs):
    rules = load_rules([FIXTURES / "rules"], defaults=False)
    pulled = done = 0
    ahead = []

    def sources():
        nonlocal pulled
        for i in range(3000):
            pulled += 1
            ahead.append(pulled - done)
            yield runner.Source(f"d@{i}", True, 0, data="Text [insert x].", record=("d", i + 1, None))

    def on_done(src):
        nonlocal done
        done += 1

    diags = runner.lint_sources(sources(), [rules], jobs=jobs, on_done=on_done)
    assert len(diags) == 3000 and done == 3000
    # never more than the in-flight window: 4 chunks per worker plus one filling; serially one chunk
    assert max(ahead) <= ((4 * jobs + 2) * runner.RECORD_CHUNK if jobs > 1 else runner.RECORD_CHUNK)


def test_csv_records_spanning_lines_and_tsv(tmp_path):
    tsv = "id\ttext\nt1\tfirst\nt2\t\"two\nlines\"\nt3\tthird\n"
    recs = list(read_records(io.BytesIO(tsv.encode()), "x.tsv", "text", "id"))
    assert [(r.line, r.id, r.text) for r in recs] == [(2, "t1", "first"), (3, "t2", "two\nlines"), (5, "t3", "third")]
    long = "word " * 60000  # 300 KB: past the csv module's default field limit
    recs = list(read_records(io.BytesIO(f"id,text\na,{long}\nb,short\n".encode()), "x.csv", "text", "id"))
    assert [(r.id, len(r.text), r.problem) for r in recs] == [("a", len(long), None), ("b", 5, None)]


def test_a_bad_utf8_jsonl_line_is_one_record_problem():
    data = b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "also ok"}\n'
    recs = list(read_records(io.BytesIO(data), "x.jsonl", "text", "id"))
    assert [r.text for r in recs] == ["ok", None, "also ok"]
    assert recs[1].problem.startswith("not a valid JSON line")


class Pipe(io.BytesIO):
    def seekable(self):
        return False

    def tell(self):
        raise OSError(29, "Illegal seek")


def test_dataset_from_stdin_even_a_pipe_with_a_progress_bar(run, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(Pipe(b'{"id": "s", "text": "Hi [insert a]."}\n')))
    code, out, err = run(*RULES, "--progress", "--stdin-filename", "in.jsonl", "-")
    assert out == "in.jsonl@1#s:1:4: warning: unfilled template text '[insert a]' [placeholder-text]\n"
    assert "1 docs" in err and "Traceback" not in err


def test_progress_bar_only_when_asked_or_on_a_terminal(run, tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"text": f"Line {i}."}) + "\n" for i in range(50)))
    _, out, err = run(*RULES, str(data))
    assert "[#" not in err and "%" not in err  # stderr is not a terminal here
    _, out2, err2 = run(*RULES, "--progress", str(data))
    assert out2 == out
    assert re.search(r"\ressaylint: \[#+\] 100%  50 docs", err2) and err2.split("\n")[0].endswith(" ")


def test_json_array_dataset_locates_each_record_by_its_first_line(run, tmp_path):
    data = tmp_path / "outputs.json"
    data.write_text('[\n  {"instruction": "a", "output": "Fine."},\n  {"instruction": "b",\n'
                    '   "output": "Hi [insert name]."}, {"output": 3}\n]\n')
    code, out, err = run(*RULES, "--text-field", "output", str(data))
    assert out.splitlines() == [
        f"{data}@3:1:4: warning: unfilled template text '[insert name]' [placeholder-text]",
        f"{data}@4:1:1: error: field 'output' is a number, not text [unreadable-record]",
    ]
    (tmp_path / "obj.json").write_text('{"output": "x"}')
    code, out, err = run(*RULES, "--text-field", "output", str(tmp_path / "obj.json"))
    assert out == f"{tmp_path}/obj.json@1:1:1: error: not a JSON array of records [unreadable-record]\n"


def test_a_record_that_is_not_an_object_is_named_in_json_words(run, tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text('null\n[1, 2]\n"text"\n{"text": true}\n{"text": {"a": 1}}\n')
    code, out, err = run(*RULES, str(data))
    assert code == 1
    assert [line.split(" error: ")[1] for line in out.splitlines()] == [
        "record is null, not an object [unreadable-record]",
        "record is an array, not an object [unreadable-record]",
        "record is a string, not an object [unreadable-record]",
        "field 'text' is a boolean, not text [unreadable-record]",
        "field 'text' is an object, not text [unreadable-record]",
    ]


def test_prompt_field_quiets_the_question_restated_serial_and_parallel(run, tmp_path):
    """--prompt-field: a phrase made of the prompt's words is the answer's matter, not a repetition."""
    answer = ("Nobody knows how many pages are in all the books ever written. Estimates of the pages in all the "
              "books ever written start from the number of books. Multiply that by the pages in all the books ever "
              "written per book.")
    # a formula made of the prompt's words but ending with a modal frames a sentence: still reported
    formula = "Written books can open minds. Written books can build trust. Written books can ease conflict."
    data = tmp_path / "qa.jsonl"
    with open(data, "w") as f:
        for i in range(80):  # enough records for the pool
            f.write(json.dumps({"id": f"q{i}", "instruction": "How many pages are in all the books ever written?",
                                "output": answer if i % 2 else formula}) + "\n")
    rules = ["--no-cache", "--select", "repeated-phrase", "--text-field", "output"]
    _, without, _ = run(*rules, str(data))
    assert without.count("'in all the books ever written'") == 40 and without.count("'written books can'") == 40
    for jobs in ("1", "2"):
        code, out, err = run(*rules, "-j", jobs, "--prompt-field", "instruction", str(data))
        assert "books ever written" not in out and out.count("'written books can'") == 40, jobs
    # a record without the field is reported, like a missing --id-field
    data.write_text('{"output": "Hi."}\n')
    code, out, err = run(*rules, "--prompt-field", "instruction", str(data))
    assert out == f"{data}@1:1:1: error: record has no field 'instruction' (--prompt-field) [unreadable-record]\n"
