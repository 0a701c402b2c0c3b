"""Transcripts far past any real interview: time and peak memory until jimcode answers.

Run by hand: `python benchmarks/bench_transcript_limits.py [--turns 1000000] [--cues 400000]
[--before /path/to/an/older/jimcode/tree]`. Generates a Markdown transcript of `--turns` short
turns (10.9 MB at a million) and a WebVTT of `--cues` cues (about 21 MB at 400,000), the inputs of
issue 17, and reads each in a fresh process: jimcode refuses both (more than `MAX_SEGMENTS`), and
the question is how fast and in how much memory. The baseline in the same run is reading the
bytes and splitting the lines; `--before` also runs an older tree on the same files. A third
series reads and opens for coding transcripts under the cap (5,000 / 10,000 / 20,000 turns) to
show the cost is linear.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from jimcode.errors import JimcodeError
from jimcode.transcripts.readers import read_transcript
started = time.perf_counter()
outcome = "read"
if sys.argv[1] == "split":
    Path(sys.argv[2]).read_bytes().decode("utf-8").splitlines()
else:
    try:
        outcome = f"{len(read_transcript(Path(sys.argv[2])).segments)} segments"
    except JimcodeError as exc:
        outcome = "refused: " + str(exc).split("error[", 1)[-1][:60]
    except Exception as exc:  # the old code may fail otherwise
        outcome = f"{type(exc).__name__}"
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "outcome": outcome}))
"""


def measure(tree: Path, what: str, path: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(path)], capture_output=True, text=True, env=env, check=True, cwd=tree
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def session_seconds(path: Path, out: Path) -> float:
    """Wall time of `jimcode code` on `path` that quits at the first prompt (process start included)."""
    codebook = HERE / "codebooks" / "jim-12min.nl.yaml"
    command = [sys.executable, "-m", "jimcode", "code", str(path), "-c", str(codebook), "--coder", "b", "-o", str(out)]
    started = time.perf_counter()
    subprocess.run(command, input="q\n", capture_output=True, text=True, cwd=HERE, check=True)
    return time.perf_counter() - started


def markdown(path: Path, turns: int) -> None:
    path.write_text("".join(f"{'I' if n % 2 else 'R'}: ja\n" for n in range(turns)), encoding="utf-8")


def webvtt(path: Path, cues: int) -> None:
    lines = ["WEBVTT", ""]
    for n in range(cues):
        start, end = divmod(n * 2, 60), divmod(n * 2 + 1, 60)
        speaker = "Anna" if n % 2 else "Bram"
        lines += [
            f"{start[0] // 60:02d}:{start[0] % 60:02d}:{start[1]:02d}.000 --> "
            f"{end[0] // 60:02d}:{end[0] % 60:02d}:{end[1]:02d}.000",
            f"{speaker}: ja",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def report(label: str, size: int, rows: list[tuple[str, dict]]) -> None:
    print(f"{label} ({size / 1e6:.1f} MB)")
    base = rows[0][1]["seconds"]
    for name, row in rows:
        print(
            f"  {name:<22} {row['seconds']:7.2f} s ({row['seconds'] / base:6.1f}x the split) "
            f"peak {row['peak_mb']:7.0f} MB  {row['outcome']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=1_000_000)
    parser.add_argument("--cues", type=int, default=400_000)
    parser.add_argument("--before", type=Path, help="an older jimcode source tree to run on the same files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        inputs = [(Path(folder) / "turns.md", markdown, args.turns), (Path(folder) / "cues.vtt", webvtt, args.cues)]
        for path, make, count in inputs:
            make(path, count)
            rows = [
                ("read + split lines", measure(HERE, "split", path)),
                ("jimcode (this tree)", measure(HERE, "read", path)),
            ]
            if args.before:
                rows.append(("jimcode (--before)", measure(args.before, "read", path)))
            report(f"{path.name}: {count:,}", path.stat().st_size, rows)
        print("under the cap (this tree): reading, and `jimcode code` up to its first prompt (then 'q')")
        for turns in (5_000, 10_000, 20_000):
            path = Path(folder) / f"t{turns}.md"
            markdown(path, turns)
            row = measure(HERE, "read", path)
            session = session_seconds(path, Path(folder) / f"coded{turns}")
            print(
                f"  {turns:>6,} turns: read {row['seconds']:5.2f} s ({row['seconds'] / turns * 1e6:.0f} µs a turn), "
                f"code {session:5.2f} s ({session / turns * 1e6:.0f} µs a turn)  {row['outcome']}"
            )


if __name__ == "__main__":
    main()
