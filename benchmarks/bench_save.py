"""Cost of saving one coding decision: a 20-segment transcript against a 2,000-segment one.

Run by hand: `python benchmarks/bench_save.py [--saves 300] [--folder DIR]`. Each save
is what `jimcode code` does after every command: apply the session step, append
the change to the record's journal and fsync it. The two sizes are measured
alternately so machine noise hits them alike; median and 95th percentile per
save are reported, and their ratio (target: about 1). For comparison, the cost
of rewriting the whole record (what a save would cost without the journal) is
reported too. fsync timings depend on the disk: pass --folder to measure on the
disk where coded records will live.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

from jimcode.codebook.model import load_codebook, shipped_codebooks_dir
from jimcode.records.model import dump_record
from jimcode.records.store import RecordStore, atomic_write
from jimcode.session import commands as lang
from jimcode.session.context import SessionContext
from jimcode.session.run import CodingOptions, new_record
from jimcode.session.state import start, step
from jimcode.transcripts.model import Segment, Transcript

SENTENCE = "Moeder wilde eerst niemand uit haar eigen omgeving erbij hebben, maar oma bleef gewoon langskomen. "


def transcript(size: int) -> Transcript:
    segments = [
        Segment(id=f"s{i + 1:04d}", index=i, speaker="Cecile" if i % 2 else "Interviewer", text=SENTENCE * 3)
        for i in range(size)
    ]
    digest = hashlib.sha256(f"bench {size}".encode()).hexdigest()
    return Transcript(
        id=f"bench-{size}",
        path=f"bench-{size}.md",
        format="markdown",
        sha256=digest,
        segment_by="turn",
        segments=segments,
    )


class Session:
    """One open record and its session; `save_one` codes the next segment like a coder would."""

    def __init__(self, folder: Path, size: int) -> None:
        codebook = load_codebook(shipped_codebooks_dir() / "jim-12min.nl.yaml")
        self.path = folder / f"bench-{size}.bench.json"
        self.store = RecordStore.open(self.path, "bench")
        self.store.create(new_record(transcript(size), CodingOptions(codebook, "bench", folder), self.path))
        self.context = SessionContext.build(codebook)
        assert self.store.record is not None
        self.state = start(self.store.record, self.context)
        self.size = size
        self.turn = 0

    def save_one(self) -> float:
        """One decision that changes the record (codes on, codes off, a memo), on segments across the transcript."""
        segment = (self.turn // 3 * 37) % self.size + 1
        self.state = step(self.state, lang.parse(f"g {segment}", "segments"), self.context).state
        line = ("2 15 pw", "-2 -15 -pw", f"m memo {self.turn}")[self.turn % 3]
        self.turn += 1
        started = time.perf_counter()
        result = step(self.state, lang.parse(line, "segments"), self.context)
        self.store.save(result.changes)
        elapsed = time.perf_counter() - started
        assert result.changes, line
        self.state = result.state
        return elapsed

    def rewrite_whole(self) -> float:
        assert self.store.record is not None
        started = time.perf_counter()
        atomic_write(self.path.with_name("whole-" + self.path.name), dump_record(self.store.record))
        return time.perf_counter() - started


def describe(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"{name:>28}: median {statistics.median(times) * 1000:7.3f} ms   p95 {p95 * 1000:7.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        small, large = Session(Path(folder), 20), Session(Path(folder), 2000)
        for _ in range(10):  # warm up
            small.save_one(), large.save_one()
        times: dict[str, list[float]] = {"small": [], "large": [], "whole-small": [], "whole-large": []}
        for _ in range(args.saves):
            times["small"].append(small.save_one())
            times["large"].append(large.save_one())
        for _ in range(max(args.saves // 10, 10)):
            times["whole-small"].append(small.rewrite_whole())
            times["whole-large"].append(large.rewrite_whole())
        small.store.close(), large.store.close()
    print(describe("save, 20 segments", times["small"]))
    print(describe("save, 2,000 segments", times["large"]))
    ratio = statistics.median(times["large"]) / statistics.median(times["small"])
    print(f"{'ratio 2,000 / 20':>28}: {ratio:.2f} (target: about 1)")
    print(describe("whole rewrite, 20 segments", times["whole-small"]))
    print(describe("whole rewrite, 2,000 seg.", times["whole-large"]))


if __name__ == "__main__":
    main()
