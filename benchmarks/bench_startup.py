"""Start-up time of `jimcode --version` against importing its base libraries.

Run by hand: `python benchmarks/bench_startup.py [--runs 30]`. Both commands run
alternately in the same session, so machine noise hits them alike; the
median of each is reported with their ratio (target: <= 1.5).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import typer, rich.console, pydantic, yaml"]


def jimcode_command() -> list[str]:
    found = shutil.which("jimcode")
    return [found, "--version"] if found else [sys.executable, "-m", "jimcode", "--version"]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    command = jimcode_command()
    timed(BASELINE), timed(command)  # warm the file cache
    baseline, ours = [], []
    for _ in range(args.runs):
        baseline.append(timed(BASELINE))
        ours.append(timed(command))
    base_ms, ours_ms = statistics.median(baseline) * 1000, statistics.median(ours) * 1000
    print(f"import typer, rich.console, pydantic, yaml: median {base_ms:.0f} ms over {args.runs} runs")
    print(f"{' '.join(command[-2:])}: median {ours_ms:.0f} ms")
    print(f"ratio: {ours_ms / base_ms:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
