"""What counting presence and absence costs `jimcode summary`: the same records summarised with the
shipped codebook (six codes with polarity) and with a copy of it that declares none.

Generates a synthetic corpus with `bench_summary.generate` (codes drawn at random, a code with
polarity given present or absent at random), then times `summarise` in this process, alternating
the two codebooks round by round so that drift on a busy machine hits both alike. Reported: CPU
seconds (user + system) per run, the median of each, and the ratio with polarity / without.

    python benchmarks/bench_polarity.py                  # 1,000 records x 200 segments, 5 rounds
    python benchmarks/bench_polarity.py --records 300 --rounds 3
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_summary import generate  # noqa: E402

SHIPPED = ROOT / "codebooks" / "jim-12min.nl.yaml"


def _summarise(folder: Path, codebook: Path) -> float:
    from jimcode.summary.aggregate import SummaryOptions, summarise

    started = time.process_time()
    summarise([folder], SummaryOptions(codebook=codebook))
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        corpus = work / "corpus"
        generate(corpus, args.records, args.segments, SHIPPED)
        without = work / "no-polarity.yaml"
        text = SHIPPED.read_text(encoding="utf-8")
        without.write_text(re.sub(r"(?m)^\s+polarity: .*\n", "", text), encoding="utf-8")
        _summarise(corpus, SHIPPED)  # warm the file cache and the imports
        runs: dict[str, list[float]] = {"with polarity": [], "without": []}
        for _ in range(args.rounds):
            runs["with polarity"].append(_summarise(corpus, SHIPPED))
            runs["without"].append(_summarise(corpus, without))
        medians = {name: statistics.median(times) for name, times in runs.items()}
        for name, times in runs.items():
            listed = ", ".join(f"{t:.2f}" for t in times)
            print(f"{name:>14}: median {medians[name]:.2f} s CPU ({listed})")
        print(f"{'ratio':>14}: {medians['with polarity'] / medians['without']:.3f}")


if __name__ == "__main__":
    main()
