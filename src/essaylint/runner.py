"""Linting many documents: a process pool, and a content-hash result cache.

``lint_sources(sources, ...)`` lints files and dataset records and returns
every diagnostic in output order. The work is the same pure call whatever
the route (``engine.lint`` on a decoded document), so the serial path, the
pool and the cache give byte-identical output:

- **Pool.** Documents go to worker processes in small ordered chunks, with a
  bounded number of chunks in flight (memory stays flat on a 100,000-record
  dataset). The pool is started only once enough documents need linting
  (``MIN_POOL_DOCS``): a pre-commit run over one file, or a re-run where
  everything is cached, never pays for it.
- **Cache.** A file's result is stored under the hash of its bytes, keyed by
  the exact rule set used for that file (every field of every rule that can
  change a result), the Markdown flag, the essaylint version and a stamp of
  the installed code. Entries live in JSON "packs" (never pickle: a cache
  directory inside a checkout is not trusted); each run that found new
  results adds one pack, written to a temporary file and renamed into place,
  so concurrent runs never see a partial file. Many packs are merged into one
  by the run that notices; a pack deleted under a reader is just a miss.
  Dataset records are not cached.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import os
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from essaylint import __version__
from essaylint.datasets import UNREADABLE_RECORD
from essaylint.document import MARKDOWN_SUFFIXES, DecodeError, Document
from essaylint.engine import Diagnostic, lint, make_diagnostic, unreadable
from essaylint.rules import Rule

MIN_POOL_DOCS = 64  # fewer documents than this to lint: no pool
FILE_CHUNK = 16  # files per pool task, for the first FILE_RAMP files
FILE_RAMP = 256  # past this many files, LARGE_FILE_CHUNK files per task
# each pool task costs the parent about half a millisecond of CPU (its three threads hand the task and its
# result on): on 10,000 files, tasks of 64 instead of 16 save the parent about 0.03 ms per file, and the
# small first tasks keep a run of a few hundred files spread over the workers
LARGE_FILE_CHUNK = 64
RECORD_CHUNK = 64  # dataset records per pool task
CACHE_DIR_NAME = ".essaylint_cache"
CACHE_FORMAT = 1
MAX_PACKS = 8  # more packs than this for one rule set: merge them
STALE_DAYS = 30  # a rule set's folder unused this long is removed (its rules or version changed)

_FIELDS = tuple(f.name for f in dataclasses.fields(Diagnostic))
_ROW_FIELDS = tuple(n for n in _FIELDS if n not in ("path", "record"))
assert _FIELDS == ("path", *_ROW_FIELDS, "record")  # a row is a Diagnostic without its first and last field
_row_of = operator.attrgetter(*_ROW_FIELDS)
_FIX, _RELATED = _ROW_FIELDS.index("fix"), _ROW_FIELDS.index("related")  # the fields JSON turns into lists


# ---------------------------------------------------------------- work items
@dataclass(slots=True)
class Source:
    """One document to lint: a file (``data`` None: read ``path``) or given text/bytes.

    ``display`` is the path diagnostics carry; ``record`` locates a dataset
    record (``(dataset path, record line, record id)``); ``ruleset`` indexes
    the run's rule sets.
    """

    display: str
    markdown: bool
    ruleset: int
    path: str | None = None
    data: bytes | str | None = None
    record: tuple | None = None
    problem: str | None = None  # a record that holds no text: reported, not linted
    key: str | None = None  # cache key, once the bytes were read and hashed
    prompt: str | None = None  # a dataset record's prompt (--prompt-field)

    def __reduce__(self):  # a plain tuple pickles 7x faster than a slots dataclass's state
        return (Source, (self.display, self.markdown, self.ruleset, self.path, self.data, self.record,
                         self.problem, self.key, self.prompt))


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def default_jobs() -> int:
    """The cores this process may use: its CPU affinity, capped by a cgroup v2 CPU quota (containers, CI)."""
    try:
        n = len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max", encoding="ascii") as f:
            quota, period = f.read().split()[:2]
        if quota != "max":
            n = min(n, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return n


# ---------------------------------------------------------------- one document
def to_rows(diags: Iterable[Diagnostic]) -> list[tuple]:
    """Diagnostics without their path: what a worker sends and the cache stores."""
    return list(map(_row_of, diags))


def from_rows(rows: Iterable[Sequence], display: str, record: tuple | None = None) -> list[Diagnostic]:
    out = []
    for row in rows:
        if row[_FIX].__class__ is list or row[_RELATED].__class__ is list:  # a row read back from a cache pack
            row = [tuple(v) if isinstance(v, list) else v for v in row]
        out.append(make_diagnostic(display, *row, record))
    return out


def read_bytes(path: str) -> bytes:
    """The whole file (raises OSError): os.open and os.read, half the cost of open() and its buffer objects."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        data = os.read(fd, 1 << 16)
        if len(data) < 1 << 16:
            more = os.read(fd, 1 << 16) if data else b""  # a short read need not mean the end: ask until b""
            if not more:
                return data
            data += more
        chunks = [data]
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def lint_one(src: Source, rules: Sequence[Rule]) -> list[tuple]:
    """Rows of one source (read, decode, lint); never raises for a bad file."""
    return _lint(src.display, src.markdown, src.path, src.data, src.problem, rules, src.prompt)


def _lint(display: str, markdown: bool, path: str | None, data, problem: str | None, rules,
          prompt: str | None = None) -> list[tuple]:
    if problem is not None:
        return to_rows([Diagnostic(display, 1, 1, 1, 1, UNREADABLE_RECORD, "error", problem)])
    if data is None:
        try:
            data = read_bytes(path)
        except OSError as e:
            return to_rows([unreadable(display, e.strerror or str(e))])
    try:
        if isinstance(data, str):
            doc = Document(data, display, markdown=markdown, prompt=prompt)
        else:
            doc = Document.from_bytes(data, display, markdown=markdown)
    except DecodeError as e:
        return to_rows([unreadable(display, str(e))])
    diags = lint(doc, rules)
    return to_rows(diags) if diags else []


_WORKER_RULESETS: list[Sequence[Rule]] = []


def _init_worker(rulesets: list[Sequence[Rule]]) -> None:
    global _WORKER_RULESETS
    _WORKER_RULESETS = rulesets


def _task(src: Source) -> tuple:
    """What a worker needs of a source: a plain tuple pickles and unpickles with no Python call."""
    return (src.display, src.markdown, src.ruleset, src.path, src.data, src.problem, src.prompt)


def _lint_chunk(chunk: list[tuple]) -> list[list[tuple]]:
    rulesets = _WORKER_RULESETS
    return [_lint(display, markdown, path, data, problem, rulesets[rs], prompt)
            for display, markdown, rs, path, data, problem, prompt in chunk]


# ---------------------------------------------------------------- fingerprints
_DOC_FIELDS = ("why", "summary", "examples", "path", "key")  # cannot change a result


_FINGERPRINTS: dict[int, tuple[Rule, str]] = {}


def rule_fingerprint(rule: Rule) -> str:
    """Every field of the rule that can change its findings, as one string (memoised per rule object)."""
    got = _FINGERPRINTS.get(id(rule))
    if got is not None and got[0] is rule:
        return got[1]
    fields = {f.name: getattr(rule, f.name) for f in dataclasses.fields(rule) if f.name not in _DOC_FIELDS}
    fp = json.dumps(fields, sort_keys=True, default=repr)
    _FINGERPRINTS[id(rule)] = (rule, fp)  # holding the rule keeps its id from being reused
    return fp


def code_stamp() -> str:
    """Version plus size and mtime of the installed essaylint modules.

    A released version never changes its code; an editable checkout does, and
    a cache must not outlive an edit to a kind.
    """
    base = Path(__file__).resolve().parent
    parts = [__version__, str(CACHE_FORMAT), ",".join(_FIELDS)]
    for p in sorted(base.rglob("*.py")):
        try:
            st = p.stat()
        except OSError:
            continue
        parts.append(f"{p.relative_to(base)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def _plain(value):
    """JSON for fingerprints: sets sorted (their iteration order changes between processes)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return repr(value)


def ruleset_fingerprint(rules: Sequence[Rule]) -> tuple[str, ...]:
    """The rules' fingerprints, plus any other field of a rule-set object (a config
    RuleSet's suppression vocabulary, for example): everything that can change output."""
    fp = tuple(rule_fingerprint(r) for r in rules)
    if dataclasses.is_dataclass(rules) and not isinstance(rules, type):
        extra = {f.name: getattr(rules, f.name) for f in dataclasses.fields(rules) if f.name != "rules"}
        fp += (json.dumps(extra, sort_keys=True, default=_plain),)
    return fp


def ruleset_digest(rules: Sequence[Rule], stamp: str) -> str:
    h = hashlib.blake2b(stamp.encode(), digest_size=16)
    for part in ruleset_fingerprint(rules):
        h.update(b"\0" + part.encode())
    return h.hexdigest()


# ---------------------------------------------------------------- cache
def default_cache_dir() -> Path:
    """``$ESSAYLINT_CACHE_DIR``, else ``.essaylint_cache`` here, else the user cache dir."""
    env = os.environ.get("ESSAYLINT_CACHE_DIR")
    if env:
        return Path(env)
    here = Path(CACHE_DIR_NAME)
    if here.is_dir() or os.access(".", os.W_OK):
        return here
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "essaylint"


class Cache:
    """Lint results by content hash, one folder of packs per rule set.

    Every failure to read or write is a miss, never an error: linting does
    not depend on the cache.
    """

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._loaded: dict[str, dict[str, list]] = {}
        self._packs: dict[str, list[Path]] = {}
        self._new: dict[str, dict[str, list]] = {}

    @staticmethod
    def key(data: bytes, markdown: bool) -> str:
        return hashlib.blake2b(data, digest_size=16, person=b"md" if markdown else b"txt").hexdigest()

    def _folder(self, ruleset: str) -> Path:
        return self.root / f"v{CACHE_FORMAT}" / ruleset

    def _load(self, ruleset: str) -> dict[str, list]:
        got = self._loaded.get(ruleset)
        if got is not None:
            return got
        got, packs = {}, []
        try:
            names = sorted(p for p in self._folder(ruleset).iterdir() if p.suffix == ".json")
        except OSError:
            names = []
        for p in names:
            try:
                entries = json.loads(p.read_bytes())
            except (OSError, ValueError):
                continue  # removed by a concurrent merge, or not ours
            if isinstance(entries, dict):
                got.update(entries)
                packs.append(p)
        if packs:
            try:
                os.utime(self._folder(ruleset))  # in use: not stale
            except OSError:
                pass
        self._loaded[ruleset], self._packs[ruleset] = got, packs
        return got

    def get(self, ruleset: str, key: str) -> list | None:
        rows = self._load(ruleset).get(key)
        return rows if isinstance(rows, list) else None

    def put(self, ruleset: str, key: str, rows: list[tuple]) -> None:
        self._new.setdefault(ruleset, {})[key] = rows

    def save(self) -> None:
        for ruleset, new in self._new.items():
            if not new:
                continue
            folder = self._folder(ruleset)
            try:
                self._prepare(folder)
                old = self._packs.get(ruleset, [])
                merge = len(old) + 1 > MAX_PACKS
                entries = {**self._loaded.get(ruleset, {}), **new} if merge else new
                _write_atomic(folder, json.dumps(entries, separators=(",", ":")))
                if merge:
                    for p in old:
                        try:
                            p.unlink()
                        except OSError:
                            pass
            except OSError:
                continue
        if self._new:
            self._prune()
        self._new.clear()

    def _prune(self) -> None:
        """Remove rule-set folders nobody used for STALE_DAYS (a run that used one touched it)."""
        import shutil
        import time

        limit = time.time() - STALE_DAYS * 86400
        try:
            folders = list((self.root / f"v{CACHE_FORMAT}").iterdir())
        except OSError:
            return
        for folder in folders:
            try:
                if folder.is_dir() and folder.stat().st_mtime < limit:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                pass

    def _prepare(self, folder: Path) -> None:
        if not self.root.is_dir():
            self.root.mkdir(parents=True, exist_ok=True)
            # like ruff and pytest: keep the cache out of git and backups
            (self.root / ".gitignore").write_text("# created by essaylint\n*\n")
            (self.root / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# essaylint cache: safe to delete\n")
        folder.mkdir(parents=True, exist_ok=True)


def _write_atomic(folder: Path, text: str) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".pack-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, folder / f"pack-{os.getpid()}-{os.path.basename(tmp)[6:-4]}.json")
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------- the run
def _pool_context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork reuses the parent's imports and compiled rules: workers start in ms
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else None)


_NONE_DONE: tuple = ()


class _Pipeline:
    """Ordered results over a bounded window of pool tasks, started lazily."""

    def __init__(self, rulesets: list[Sequence[Rule]], jobs: int):
        self.rulesets = rulesets
        self.jobs = jobs
        self.pool = None
        self.window: deque = deque()  # (chunk, async result or None)
        self.pending: list[Source] = []
        self.seen = 0

    def submit(self, src: Source, chunk_size: int) -> list[tuple[Source, list[tuple]]]:
        """Queue one source; return the (source, rows) that are now done, in order (mostly none)."""
        pending = self.pending
        pending.append(src)
        self.seen += 1
        if self.pool is None and self.jobs > 1 and self.seen >= MIN_POOL_DOCS:
            ctx = _pool_context()
            self.pool = ctx.Pool(self.jobs, initializer=_init_worker, initargs=(self.rulesets,))
        if len(pending) < chunk_size:
            return _NONE_DONE
        if self.pool is not None:
            return list(self._flush())
        if self.jobs == 1:  # serial: lint as we go, never hold more than a chunk
            self.pending = []
            return list(zip(pending, [lint_one(s, self.rulesets[s.ruleset]) for s in pending]))
        return _NONE_DONE

    def _flush(self) -> Iterator[tuple[Source, list[tuple]]]:
        chunk, self.pending = self.pending, []
        self.window.append((chunk, self.pool.apply_async(_lint_chunk, ([_task(s) for s in chunk],))))
        while len(self.window) > 4 * self.jobs:
            yield from self._take()

    def _take(self) -> Iterator[tuple[Source, list[tuple]]]:
        chunk, res = self.window.popleft()
        rows = res.get() if res is not None else [lint_one(s, self.rulesets[s.ruleset]) for s in chunk]
        yield from zip(chunk, rows)

    def finish(self) -> Iterator[tuple[Source, list[tuple]]]:
        if self.pending:
            if self.pool is not None:
                yield from self._flush()
            else:
                self.window.append((self.pending, None))
                self.pending = []
        while self.window:
            yield from self._take()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


def source_key(src: Source) -> tuple:
    """Output order of sources: by path, a dataset's records in file order."""
    return (src.record[0], src.record[1]) if src.record is not None else (src.display, 0)


def lint_sources(
    sources: Iterable[Source],
    rulesets: list[Sequence[Rule]],
    *,
    jobs: int | None = None,
    cache: Cache | None = None,
    on_done: Callable[[Source], None] | None = None,
) -> list[Diagnostic]:
    """Lint every source with its rule set; diagnostics in output order.

    ``sources`` may be a generator (dataset records are streamed): at most a
    few chunks per worker are held at a time.
    """
    jobs = default_jobs() if not jobs else jobs
    stamp = code_stamp() if cache is not None else ""
    digests = [ruleset_digest(rs, stamp) for rs in rulesets] if cache is not None else []
    groups: list[tuple[tuple, list[Diagnostic]]] = []  # (source key, its diagnostics)

    def add(src: Source, rows: list) -> None:
        if rows:
            diags = from_rows(rows, src.display, src.record)
            diags.sort()
            groups.append((source_key(src), diags))

    pipe = _Pipeline(rulesets, jobs)

    def collect(done: Iterable[tuple[Source, list[tuple]]]) -> None:
        for src, rows in done:
            if src.key is not None:
                cache.put(digests[src.ruleset], src.key, rows)
            add(src, rows)
            if on_done is not None:
                on_done(src)

    try:
        for src in sources:
            if cache is not None and src.record is None and src.problem is None:
                if src.data is None:
                    try:
                        raw = read_bytes(src.path)
                    except OSError:
                        raw = None  # the worker reports it
                else:
                    raw = src.data if isinstance(src.data, bytes) else src.data.encode("utf-8")
                if raw is not None:
                    key = Cache.key(raw, src.markdown)
                    rows = cache.get(digests[src.ruleset], key)
                    if rows is not None:
                        add(src, rows)
                        if on_done is not None:
                            on_done(src)
                        continue
                    # the worker lints the bytes read here; ``collect`` files the result under ``key``
                    src.data, src.key = raw, key
            done = pipe.submit(src, RECORD_CHUNK if src.record is not None else
                               FILE_CHUNK if pipe.seen < FILE_RAMP else LARGE_FILE_CHUNK)
            if done:
                collect(done)
        collect(pipe.finish())
    finally:
        pipe.close()
    if cache is not None:
        cache.save()
    # sorting whole sources (not each diagnostic) keeps memory low on big datasets;
    # a dataset's records already arrive in file order
    groups.sort(key=lambda g: g[0])
    out: list[Diagnostic] = []
    for _, diags in groups:
        out.extend(diags)
    return out
