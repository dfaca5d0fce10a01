"""A one-line progress bar on stderr for long runs (files, or a dataset's bytes)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``essaylint: [#####-----] 45%  4,512 docs  3,120/s``, redrawn at most 10 times a second.

    ``total_files`` counts plain files; a dataset adds its size in bytes and
    reports how far its reader got (``advance_bytes``), since its record
    count is unknown until the end.
    """

    WIDTH = 24

    def __init__(self, total_files: int, total_bytes: int = 0, stream: TextIO | None = None, *,
                 always: bool = False):
        """``always``: draw the final state even for a run too short to have drawn anything."""
        self.stream = stream or sys.stderr
        self.always = always
        self.total_files = total_files
        self.total_bytes = total_bytes
        self.files = 0
        self.bytes = 0
        self.docs = 0
        self.start = self._last = time.monotonic()
        self._drawn = False

    def doc_done(self) -> None:
        self.docs += 1
        self._maybe_draw()

    def file_done(self) -> None:
        self.files += 1
        self._maybe_draw()

    def advance_bytes(self, position: int) -> None:
        self.bytes = position

    def fraction(self) -> float:
        parts, whole = 0.0, 0.0
        if self.total_files:
            parts, whole = self.files, self.total_files
        if self.total_bytes:
            # a dataset's bytes stand for the share of the work it is
            parts = parts + self.bytes / self.total_bytes * max(1, self.total_files)
            whole = whole + max(1, self.total_files)
        return min(1.0, parts / whole) if whole else 1.0

    def _maybe_draw(self) -> None:
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            self.draw(now)

    def draw(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        frac = self.fraction()
        filled = int(frac * self.WIDTH)
        rate = self.docs / (now - self.start) if now > self.start else 0.0
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\ressaylint: [{bar}] {frac * 100:3.0f}%  {self.docs:,} docs  {rate:,.0f}/s ")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn or self.always:
            self.files, self.bytes = self.total_files, self.total_bytes  # all read
            self.draw()
            self.stream.write("\n")
            self.stream.flush()
