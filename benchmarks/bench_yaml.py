"""How long alias bombs take to be refused, against loading the JIM codebook.

Run by hand: `python benchmarks/bench_yaml.py`. The "billion laughs" bomb expands to 9**10 values;
jimcode stops after its node budget. The amplified one is 1.2 MB: one 1 MB value aliased 4,000 times
(4 GB expanded), within the node budget; jimcode stops when the expanded text passes 10 MB. Refusing
either should cost about as much as reading a codebook (the second also has 1 MB to parse).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from jimcode.errors import InvalidFileError
from jimcode.yamlsrc import load_yaml_text

ROOT = Path(__file__).resolve().parent.parent


def bomb() -> str:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        levels.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(levels) + "\n"


def amplified() -> str:
    return "big: &big " + "x" * 1_000_000 + "\nmany: [" + ", ".join(["*big"] * 4000) + "]\n"


def median_ms(action, runs: int = 10) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def refuse(text: str) -> None:
    try:
        load_yaml_text(text, "bomb.yaml")
    except InvalidFileError:
        return
    raise SystemExit("the alias bomb was not refused")


def main() -> None:
    codebook = (ROOT / "codebooks" / "jim-12min.nl.yaml").read_text("utf-8")
    base = median_ms(lambda: load_yaml_text(codebook, "jim-12min.nl.yaml"))
    ours = median_ms(lambda: refuse(bomb()))
    print(f"load the JIM codebook: median {base:.0f} ms")
    print(f"refuse the alias bomb: median {ours:.0f} ms ({ours / base:.1f}x)")
    text = amplified()
    wide = median_ms(lambda: refuse(text))
    print(f"refuse 1 MB aliased 4,000 times: median {wide:.0f} ms ({wide / base:.1f}x)")


if __name__ == "__main__":
    main()
