"""How the commands that read a whole record set scale: 1,000, 10,000 and 100,000 records.

The corpora are copies of `examples/coded` (twelve records: eight transcripts, three of them coded
by two coders, one with a consensus record), each copy with its own transcript ids, so agreement
finds double-coded transcripts throughout. In the same run, per corpus, it measures:

  bare loop  a fresh Python process that json.loads every file and counts the codes applied;
  summary, retrieve, agreement (JSON, and CSV: the statistics without the disagreements),
  export csv, export project, validate: each a fresh
             `python -m jimcode ...` process;

and reports each command's CPU time, its peak memory (max RSS of the child, from
`resource.getrusage(RUSAGE_CHILDREN)` in a wrapper process, as `bench_summary.py` measures) and
the ratio of its CPU time to the bare loop's. Goals (issue 14): at most 3x the bare loop at
10,000 records, linear from 1,000 to 100,000, peak memory under 150 MiB at 100,000.

    python benchmarks/bench_scale.py                        # 1,000 and 10,000 records
    python benchmarks/bench_scale.py --records 1000 100000  # the sizes to run
    python benchmarks/bench_scale.py --commands agreement validate --keep /tmp/corpora
    python benchmarks/bench_scale.py --jimcode /other/checkout  # another jimcode ("before")
    python benchmarks/bench_scale.py --records 100000 --segments 20  # records cut to 20 segments
    python benchmarks/bench_scale.py --before /old/tree         # also the old tree, side by side
    python benchmarks/bench_scale.py --generated --segments 200 --commands "export csv" "retrieve RQ4"
    python benchmarks/bench_scale.py --per-coder --commands "export project"  # a folder per coder

`--generated` builds the corpora as `bench_summary.py` does (records of `--segments` segments coded
at random with the shipped codebook, one coder, transcripts in file-name order) instead of copies
of examples/coded. `--before TREE` runs each command once more with PYTHONPATH=TREE, interleaved
with the others, and reports its rows as "COMMAND (before)". `--per-coder` lays the copies out in a
folder per coder (`anna/c00042/case-01-noah.anna.json`), as a team may keep a study: the records of a
transcript then lie apart in the listing.

The commands run from the corpora's folder with PYTHONPATH set to the jimcode measured (this
checkout unless --jimcode): `python -m` puts the current folder first on the path, so run from a
checkout they would measure that checkout whatever PYTHONPATH says.

A corpus of 100,000 records takes about 2.7 GB of disk; it is deleted afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_summary import generate, measure  # the one corpus generator and child-process measurement

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "coded"
CODEBOOK = ROOT / "codebooks" / "jim-12min.nl.yaml"
RETRIEVED_CODE = "request-parent"

BARE_LOOP = """
import json, sys
from pathlib import Path
applied = 0
for path in sorted(Path(sys.argv[1]).rglob("*.json")):
    record = json.loads(path.read_bytes())
    for segment in record["segments"]:
        applied += len(segment["codes"])
print(applied)
"""


def copy_examples(folder: Path, records: int, segments: int | None = None, per_coder: bool = False) -> int:
    """Write about `records` records: copies of examples/coded, each copy with its own transcript ids.

    Copy n of `case-01-noah.anna.json` is `c00042/case-01-noah.anna.json` with transcript id
    `case-01-noah-c00042` (and its consensus record's `reconciled_from` to match); `per_coder`:
    `anna/c00042/case-01-noah.anna.json`. `segments`: each record cut to its first segments (a smaller
    corpus of as many records). Returns the bytes.
    """
    originals = [(path.name, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(EXAMPLES.glob("*.json"))]
    for _, record in originals:
        record["codebook"]["path"] = str(CODEBOOK)
        if segments is not None:
            record["segments"] = record["segments"][:segments]
            record["transcript"]["segments"] = len(record["segments"])
    copies = -(-records // len(originals))
    written = 0
    for number in range(copies):
        suffix = f"c{number:05d}"
        for name, record in originals:
            target = folder / name.split(".")[1] / suffix if per_coder else folder / suffix  # <transcript>.<coder>.json
            target.mkdir(parents=True, exist_ok=True)
            original_id = record["transcript"]["id"]
            record["transcript"]["id"] = f"{original_id}-{suffix}"
            text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
            record["transcript"]["id"] = original_id
            (target / name).write_text(text, encoding="utf-8")
            written += len(text.encode("utf-8"))
    return written


def commands(corpus: Path, out: Path) -> dict[str, list[str]]:
    jimcode = [sys.executable, "-m", "jimcode"]
    book = ["--codebook", str(CODEBOOK)]
    return {
        "summary": [*jimcode, "summary", str(corpus), "--format", "json", *book],
        "retrieve": [*jimcode, "retrieve", RETRIEVED_CODE, str(corpus), "--format", "json", *book],
        # a research question: every code under it, so many segments and a large output
        # written to a file: to stdout retrieve keeps its matches in memory (no temporary file outside the
        # paths given), with --output they wait in an unnamed file beside it
        "retrieve RQ4": [
            *jimcode,
            "retrieve",
            "RQ4",
            str(corpus),
            "--format",
            "json",
            "-o",
            str(out / "rq4.json"),
            *book,
        ],
        "retrieve RQ4 csv": [
            *jimcode,
            "retrieve",
            "RQ4",
            str(corpus),
            "--format",
            "csv",
            "-o",
            str(out / "rq4.csv"),
            *book,
        ],
        "agreement": [*jimcode, "agreement", str(corpus), "--format", "json", *book],
        "agreement csv": [*jimcode, "agreement", str(corpus), "--format", "csv", *book],
        "export csv": [*jimcode, "export", "csv", str(corpus), "-o", str(out / "tables"), *book],
        "export project": [
            *jimcode,
            "export",
            "project",
            str(corpus),
            "-o",
            str(out / "study.qdpx"),
            *book,
        ],
        "validate": [*jimcode, "validate", str(corpus)],
    }


def bench(
    corpus: Path, out: Path, wanted: list[str], repeats: int, environment: dict[str, str], before: Path | None
) -> list[dict]:
    bare = [sys.executable, "-c", BARE_LOOP, str(corpus)]
    measure(bare, environment)  # warm the page cache and the byte code
    versions = [("", environment)]
    if before is not None:
        versions.append((" (before)", {**environment, "PYTHONPATH": str(before.resolve())}))
    rows = []
    for name, command in commands(corpus, out).items():
        if name not in wanted:
            continue
        for label, version in versions:
            rows.append(_bench_one(f"{name}{label}", command, bare, out, repeats, version, environment))
            print(f"  {corpus.name} {rows[-1]['command']}: {rows[-1]}", file=sys.stderr)
    return rows


def _bench_one(
    name: str,
    command: list[str],
    bare: list[str],
    out: Path,
    repeats: int,
    version: dict[str, str],
    environment: dict[str, str],
) -> dict:
    measure(command, version)  # the byte code of this version
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    runs, bares = [], []
    for _ in range(repeats):  # interleaved, so drift hits both
        bares.append(measure(bare, environment))
        runs.append(measure(command, version))
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
    cpu = [c for _, _, c in runs]
    ratios = sorted(c / b for (_, _, c), (_, _, b) in zip(runs, bares, strict=True))
    return {
        "command": name,
        "cpu_s": round(statistics.median(cpu), 2),
        "peak_mib": round(max(p for _, p, _ in runs) / 1024),
        "bare_cpu_s": round(statistics.median(b for _, _, b in bares), 2),
        "bare_peak_mib": round(max(p for _, p, _ in bares) / 1024),
        "ratio": round(statistics.median(ratios), 2),
        "ratio_spread": [round(ratios[0], 2), round(ratios[-1], 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--commands", nargs="+", default=None, help="commands to run (default: all)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per command (median and spread reported)")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--jimcode", type=Path, default=ROOT, help="the jimcode checkout to measure (default: this)")
    parser.add_argument("--before", type=Path, help="another source tree, measured side by side (rows '(before)')")
    parser.add_argument("--generated", action="store_true", help="generated records (bench_summary.py's), not copies")
    parser.add_argument(
        "--segments",
        type=int,
        help="segments per generated record (default 200); with copies, each cut to its first N (a folder apart)",
    )
    parser.add_argument("--per-coder", action="store_true", help="copies laid out in a folder per coder")
    args = parser.parse_args()
    wanted = args.commands or list(commands(Path(), Path()))

    base = args.keep or Path(tempfile.mkdtemp(prefix="jimcode-scale-"))
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-compiled, as an installed jimcode
    environment["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
    environment["PYTHONPATH"] = str(args.jimcode.resolve())
    base.mkdir(parents=True, exist_ok=True)
    os.chdir(base)
    results = []
    try:
        for records in args.records:
            if args.generated:
                corpus = base / f"generated-{records}x{args.segments or 200}"
            else:
                corpus = base / (
                    f"corpus-{records}"
                    + (f"-{args.segments}-segments" if args.segments else "")
                    + ("-per-coder" if args.per_coder else "")
                )
            if not corpus.is_dir():
                started = time.perf_counter()
                if args.generated:
                    size = generate(corpus, records, args.segments or 200, CODEBOOK)
                else:
                    size = copy_examples(corpus, records, args.segments, args.per_coder)
                print(f"built {records} records ({size / 2**20:.0f} MiB) in {time.perf_counter() - started:.0f} s")
            else:
                size = sum(p.stat().st_size for p in corpus.rglob("*.json"))
            out = base / f"out-{os.getpid()}"  # runs of other checkouts may share the corpora
            out.mkdir(exist_ok=True)
            for row in bench(corpus, out, wanted, args.repeats, environment, args.before):
                results.append({"records": records, "mib": round(size / 2**20), **row})
            shutil.rmtree(out, ignore_errors=True)
            if args.keep is None:
                shutil.rmtree(corpus, ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"Python {sys.version.split()[0]}; {os.cpu_count()} CPU(s); median of {args.repeats} runs")
    print("| records | command | CPU | peak RSS | bare loop CPU | x bare loop (spread) |")
    print("|---:|---|---:|---:|---:|---:|")
    for row in results:
        low, high = row["ratio_spread"]
        print(
            f"| {row['records']:,} | {row['command']} | {row['cpu_s']:.2f} s | {row['peak_mib']} MiB "
            f"| {row['bare_cpu_s']:.2f} s | {row['ratio']:.2f} ({low:.2f}-{high:.2f}) |"
        )


if __name__ == "__main__":
    main()
