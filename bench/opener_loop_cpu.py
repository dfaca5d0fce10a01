"""CPU per essay of repeated-opener's openings and degenerate-loop's loop_spans, in process (first pass).

    .venv/bin/python bench/opener_loop_cpu.py
    PYTHONPATH=/path/to/other/src .venv/bin/python bench/opener_loop_cpu.py

300 gen_corpus essays, fresh Documents each repetition with their units,
lowered() and spaced() (shared with other kinds) already built; min of 7
repetitions of time.process_time. Run the two checkouts back to back.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from essaylint.document import Document  # noqa: E402
from essaylint.kinds import _repetition as rep, get_kind  # noqa: E402

texts = corpus.speed_texts()[:300]
opener = get_kind("repeated-opener")
loop = get_kind("degenerate-loop")
c = get_kind("repeated-phrase")._default_opener()
best = {"openers": 9.0, "loop_spans": 9.0}
for _ in range(7):
    for name, fn in (("openers", lambda d: opener.repeated_openings(d, "list-item", c)), ("loop_spans", loop.loop_spans)):
        docs = [Document(t, "a.txt") for t in texts]
        for d in docs:
            d.units("list-item"), d.units("sentence"), d.units("paragraph"), d.units("heading")
            rep.lowered(d), rep.spaced(d), rep.item_openings(d), rep.title_spans(d)
        t0 = time.process_time()
        for d in docs:
            fn(d)
        best[name] = min(best[name], time.process_time() - t0)
print(f"essaylint from {opener.__file__}")
for name, t in best.items():
    print(f"{t / len(texts) * 1e6:7.1f} us per essay  {name}")
