"""How long the Word report takes to draw, against the HTML page of the same summary.

Run by hand: `python benchmarks/bench_docx.py` (from the repository, with jimcode importable). The
summary of `examples/coded` (the study's eight interviews, the shipped Dutch codebook) is computed
once; then, interleaved so that a busy machine slows both alike, the HTML page (the baseline: the
same blocks as text) and the .docx file are drawn from it, and so is a retrieve of every RQ3 quote.
Reported: median milliseconds and the ratio docx / HTML.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from jimcode.corpus import list_records, record_paths
from jimcode.render import retrieve_formats, summary_formats
from jimcode.summary.aggregate import SummaryOptions, summarise
from jimcode.summary.retrieve import RetrieveOptions, retrieve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "coded"
RUNS = 15


def _median_ms(actions: dict[str, Callable[[], object]]) -> dict[str, float]:
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for action in actions.values():
        action()  # imports and first-use caches out of the measurement
    for _ in range(RUNS):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            timings[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) * 1000 for name, values in timings.items()}


def main() -> None:
    listing = list_records(record_paths([EXAMPLES]))
    summary = summarise(listing, SummaryOptions())
    quotes = retrieve("RQ3", list_records(record_paths([EXAMPLES])), RetrieveOptions())
    found = _median_ms(
        {
            "summary html": lambda: summary_formats.to_html(summary),
            "summary docx": lambda: summary_formats.to_docx(summary),
            "retrieve html": lambda: retrieve_formats.to_html(quotes),
            "retrieve docx": lambda: retrieve_formats.to_docx(quotes),
        }
    )
    print(f"median of {RUNS} runs; {quotes.segments} RQ3 segments retrieved")
    for what in ("summary", "retrieve"):
        html, word = found[f"{what} html"], found[f"{what} docx"]
        print(f"{what:9} html {html:8.1f} ms   docx {word:8.1f} ms   ratio {word / html:6.1f}")


if __name__ == "__main__":
    main()
