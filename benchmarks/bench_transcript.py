"""Reading and segmenting a long transcript, against merely decoding and splitting its lines.

Run by hand: `python benchmarks/bench_transcript.py [--turns 2000] [--runs 20]`. A coding
session reads its transcript at start, so this is part of how fast `jimcode code` opens.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from jimcode.transcripts.readers import read_transcript

SENTENCE = "Oma was er al vanaf het begin, maar ouders moesten er echt aan wennen. "


def median_seconds(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.md"
        turns = "".join(f"{'I' if n % 2 else 'R'}: {SENTENCE * (1 + n % 5)}\n\n" for n in range(args.turns))
        path.write_text(f"---\nid: long\n---\n{turns}", encoding="utf-8")
        baseline = median_seconds(lambda: path.read_bytes().decode("utf-8").splitlines(), args.runs)
        ours = median_seconds(lambda: read_transcript(path), args.runs)
        size = path.stat().st_size
    print(f"{args.turns:,} turns, {size / 1024:.0f} KiB")
    print(f"decode + split lines: median {baseline * 1000:.2f} ms")
    print(f"read_transcript:      median {ours * 1000:.1f} ms ({ours / baseline:.0f}x the bare split)")


if __name__ == "__main__":
    main()
