"""JUnit XML as ruff writes it: one ``<testsuite>`` per file, one failing
``<testcase name="essaylint.RULE">`` per finding; one passing case when clean."""

from __future__ import annotations

import os
from typing import Sequence

import regex

from essaylint.engine import Diagnostic

# characters XML 1.0 cannot carry at all, even escaped
_NOT_XML = regex.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\\p{Cs}]")


def _text(s: str) -> str:
    s = _NOT_XML.sub("\ufffd", s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(s: object) -> str:
    s = _text(str(s)).replace('"', "&quot;")
    return s.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def junit(diags: Sequence[Diagnostic], ctx) -> str:
    n = len(diags)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           f'<testsuites name="essaylint" tests="{max(n, 1)}" failures="{n}" errors="0">\n']
    if not diags:
        out.append('    <testsuite name="essaylint" tests="1" disabled="0" errors="0" failures="0" package="essaylint">\n'
                   '        <testcase name="No errors found" classname="essaylint" />\n'
                   '    </testsuite>\n')
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_path.setdefault(d.path, []).append(d)
    for path, group in by_path.items():
        out.append(f'    <testsuite name="{_attr(path)}" tests="{len(group)}" disabled="0" errors="0" '
                   f'failures="{len(group)}" package="essaylint">\n')
        classname = os.path.splitext(path)[0]
        for d in group:
            out.append(f'        <testcase name="essaylint.{_attr(d.rule)}" classname="{_attr(classname)}" '
                       f'line="{d.line}" column="{d.column}">\n'
                       f'            <failure message="{_attr(d.message)}">line {d.line}, col {d.column}, '
                       f'{_text(d.message)}</failure>\n'
                       '        </testcase>\n')
        out.append('    </testsuite>\n')
    out.append('</testsuites>\n')
    return "".join(out)
