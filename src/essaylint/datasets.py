"""Datasets: JSONL, CSV and JSON-array files whose records each hold one text to lint.

JSONL and CSV records are read one at a time (constant memory whatever the
file size); a ``.json`` array is read whole and parsed record by record.
Each record is located by the dataset's path, the line its record starts on
(1-based) and its id (``--id-field``, default ``id`` when the record has
one). A diagnostic in a record is reported at

    PATH@RECORD_LINE#ID:LINE:COL: SEVERITY: MESSAGE [RULE-ID]

where LINE:COL are inside the record's text. ``#ID`` is left out when the
record has no id; any character of the id other than letters, digits and
``-._~/+=,;!$&'()*[]`` is percent-encoded (UTF-8), so the only ``:`` before
LINE belongs to the path itself (``@`` keeps the record line out of the
``:LINE:COL`` slots).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import BinaryIO, Iterator

JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv")
JSON_SUFFIXES = (".json",)  # one JSON array of records (read whole, parsed record by record)
DATASET_SUFFIXES = JSONL_SUFFIXES + CSV_SUFFIXES + JSON_SUFFIXES
UNREADABLE_RECORD = "unreadable-record"
_ID_SAFE = "-._~/+=,;!$&'()*[]"
_SAFE_ID_RE = re.compile(r"[A-Za-z0-9\-._~/+=,;!$&'()*\[\]]*\Z")


def is_dataset(name: str) -> bool:
    return name.lower().endswith(DATASET_SUFFIXES)


@dataclass(slots=True)
class Record:
    """One record: where it is, its id, and its text (or why there is none)."""

    line: int
    id: str | None
    text: str | None
    problem: str | None = None
    prompt: str | None = None  # what the text answers (--prompt-field)


def display_path(path: str, line: int, rid: str | None) -> str:
    """``PATH@LINE`` or ``PATH@LINE#ID``: the path a record's diagnostics carry."""
    shown = f"{path}@{line}"
    if rid is None:
        return shown
    if _SAFE_ID_RE.match(rid):
        return shown + "#" + rid
    from urllib.parse import quote  # only datasets with ids pay for the import

    return shown + "#" + quote(rid, safe=_ID_SAFE)


def field_value(record: dict, name: str):
    """``record[name]``; a dotted name (``choices.0.text``) walks nested objects."""
    if name in record:
        return record[name]
    value = record
    for part in name.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise KeyError(name)
    return value


_JSON_TYPES = {type(None): "null", bool: "a boolean", int: "a number", float: "a number",
               str: "a string", list: "an array", dict: "an object"}


def _json_type(value) -> str:
    """How a record problem names a value, in JSON's words: "null", "a number", "an array"."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _make(line: int, rec, text_field: str, id_field: str | None, id_required: bool,
          prompt_field: str | None = None) -> Record:
    if not isinstance(rec, dict):
        return Record(line, None, None, f"record is {_json_type(rec)}, not an object")
    rid = None
    if id_field is not None:
        try:
            value = field_value(rec, id_field)
        except KeyError:
            value = None
            if id_required:
                return Record(line, None, None, f"record has no field {id_field!r} (--id-field)")
        if value is not None:
            rid = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    try:
        text = field_value(rec, text_field)
    except KeyError:
        keys = ", ".join(map(repr, list(rec)[:8]))
        return Record(line, rid, None, f"record has no field {text_field!r} (--text-field); it has {keys or 'no fields'}")
    if not isinstance(text, str):
        return Record(line, rid, None, f"field {text_field!r} is {_json_type(text)}, not text")
    prompt = None  # (CRLF and CR in the text are read as LF by Document, as in a file)
    if prompt_field is not None:
        try:
            prompt = field_value(rec, prompt_field)
        except KeyError:
            return Record(line, rid, None, f"record has no field {prompt_field!r} (--prompt-field)")
        if not isinstance(prompt, str):
            return Record(line, rid, None, f"field {prompt_field!r} is {_json_type(prompt)}, not text (--prompt-field)")
    return Record(line, rid, text, None, prompt)


def read_jsonl(stream: BinaryIO, text_field: str, id_field: str | None, id_required: bool = False,
               prompt_field: str | None = None) -> Iterator[Record]:
    """One Record per non-blank line of a JSON Lines stream."""
    for n, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            # JSON Lines is UTF-8; decoding here skips json's encoding detection
            rec = json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
        except ValueError as e:  # includes UnicodeDecodeError
            yield Record(n, None, None, f"not a valid JSON line: {e}")
            continue
        yield _make(n, rec, text_field, id_field, id_required, prompt_field)


def read_csv(stream: BinaryIO, text_field: str, id_field: str | None, id_required: bool = False,
             delimiter: str = ",", prompt_field: str | None = None) -> Iterator[Record]:
    """One Record per row after the header row; a quoted field may span lines."""
    import csv
    import io

    csv.field_size_limit(2**31 - 1)  # the default (128 KiB) would stop at one long model output
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            return
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row:
                continue
            yield _make(line, dict(zip(header, row)), text_field, id_field, id_required, prompt_field)
    except UnicodeDecodeError as e:
        yield Record(start, None, None, f"not valid UTF-8 ({e.reason}); the rest of the file is not read")
    except csv.Error as e:
        yield Record(start, None, None, f"malformed CSV: {e}; the rest of the file is not read")
    finally:
        text.detach()  # the caller owns (and closes) the binary stream


def read_json_array(stream: BinaryIO, text_field: str, id_field: str | None,
                    id_required: bool = False, prompt_field: str | None = None) -> Iterator[Record]:
    """One Record per element of a top-level JSON array; a record's line is where it starts."""
    try:
        text = stream.read().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        yield Record(1, None, None, f"not valid UTF-8 (byte 0x{e.object[e.start]:02x} at offset {e.start})")
        return
    decoder = json.JSONDecoder()
    ws = " \t\r\n"
    i, n = 0, len(text)
    while i < n and text[i] in ws:
        i += 1
    if i >= n or text[i] != "[":
        yield Record(text.count("\n", 0, i) + 1, None, None, "not a JSON array of records")
        return
    i += 1
    line, counted = 1, 0
    while True:
        while i < n and (text[i] in ws or text[i] == ","):
            i += 1
        if i >= n or text[i] == "]":
            return
        line += text.count("\n", counted, i)
        counted = i
        try:
            rec, i = decoder.raw_decode(text, i)
        except ValueError as e:
            yield Record(line, None, None, f"not valid JSON: {e}; the rest of the file is not read")
            return
        yield _make(line, rec, text_field, id_field, id_required, prompt_field)


def read_records(stream: BinaryIO, name: str, text_field: str, id_field: str | None,
                 id_required: bool = False, prompt_field: str | None = None) -> Iterator[Record]:
    """Records of the dataset ``name`` (its suffix picks JSONL or CSV/TSV)."""
    low = name.lower()
    if low.endswith(JSON_SUFFIXES):
        yield from read_json_array(stream, text_field, id_field, id_required, prompt_field)
    elif low.endswith(CSV_SUFFIXES):
        yield from read_csv(stream, text_field, id_field, id_required, "\t" if low.endswith(".tsv") else ",", prompt_field)
    else:
        yield from read_jsonl(stream, text_field, id_field, id_required, prompt_field)
