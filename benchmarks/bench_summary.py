"""Benchmark `jimcode summary` and `jimcode retrieve` against a bare `json.loads` loop over the same files.

Generates synthetic corpora (default 1,000 and 10,000 records x 200 segments, coded against the
shipped codebook, or a built-in synthetic codebook when it is missing), then in the same run, per
corpus, times each of these in a fresh process, interleaved so that drift hits all alike:

  baseline         reads every file (sorted) and calls json.loads on it;
  summary          `python -m jimcode summary CORPUS --format json` (records read by msgspec);
  retrieve         `python -m jimcode retrieve CODE CORPUS --format json`;

and, with `--before TREE`, the summary once more from another source tree (say a `git worktree` of
the previous version), with orjson and with JIMCODE_JSON=stdlib (versions before msgspec read
records with orjson when installed, else the standard library), for before/after ratios measured in
the same run. An older version may need a corpus it generated itself and its own codebook: generate
one with that tree's `generate` and pass `--keep` and `--codebook`.

Reported: the ratio of each command's median CPU time (user + system, which other work on the
machine disturbs less than wall time) to the baseline's, and each child's peak memory (max RSS from
`resource.getrusage(RUSAGE_CHILDREN)`, measured in a wrapper process so that runs do not mix).
Targets (issue 14): summary <= 1.0, retrieve <= 3;
peak memory under 150 MiB at 100,000 records.

    python benchmarks/bench_summary.py                          # 1,000 and 10,000 records
    python benchmarks/bench_summary.py --records 500            # a quick run
    python benchmarks/bench_summary.py --records 1000 100000 --keep /tmp/corpora
    python benchmarks/bench_summary.py --before ../jimcode-old  # before/after in one run
    python benchmarks/bench_summary.py --json                   # machine-readable results
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "codebooks" / "jim-12min.nl.yaml"
sys.path.insert(0, str(ROOT))

BASELINE = """
import json, sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.json")):
    json.loads(path.read_bytes())
"""

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
if done.returncode:
    sys.exit(done.stderr.decode())
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""

SENTENCE = (
    "de ouders wilden eerst zelf kijken wie er mocht meedenken en de oma van moeders kant was er altijd al "
    "maar nu kreeg zij een naam en een plek aan tafel naast de hulpverlener het kind vertelde meer aan haar "
    "dan aan ons en dat gaf rust in huis school merkte het ook"
)
WORDS = SENTENCE.split()

SYNTHETIC_CODEBOOK = """\
id: synthetic
version: "1.0"
title: Synthetic benchmark codebook
language: en
research_questions:
{questions}
hypotheses:
  - {{id: H1, title: one, statement: One.}}
  - {{id: H2, title: two, statement: Two.}}
case_attributes:
  - {{id: days, label: Days, question: Days?, type: integer, unit: days}}
  - id: relation
    label: Relation
    question: Who?
    type: category
    options: [{{id: grandmother, label: grandmother}}, {{id: uncle, label: uncle}}, {{id: friend, label: friend}}]
"""


def codebook_for_benchmark(folder: Path) -> Path:
    if SHIPPED.is_file():
        return SHIPPED
    questions = []
    for q in range(1, 7):
        codes = "".join(f"      - {{id: c{q}-{c}, label: code {q}.{c}, definition: d.}}\n" for c in range(1, 6))
        questions.append(f"  - id: RQ{q}\n    title: q{q}\n    question: Q{q}?\n    codes:\n{codes}")
    path = folder / "synthetic.yaml"
    path.write_text(SYNTHETIC_CODEBOOK.format(questions="".join(questions)), encoding="utf-8")
    return path


def generate(folder: Path, records: int, segments: int, codebook_path: Path, seed: int = 12) -> int:
    """Write `records` coded records of `segments` segments each; returns the total bytes written."""
    from jimcode.codebook.model import (
        BooleanAttribute,
        CategoryAttribute,
        IntegerAttribute,
        MultiChoiceAttribute,
        TextAttribute,
        load_codebook,
    )
    from jimcode.records.model import (
        STANCES,
        VERDICTS,
        CodebookRef,
        CodedRecord,
        Evidence,
        HypothesisVerdict,
        SegmentDecision,
        TranscriptRef,
        dump_record,
    )

    codebook = load_codebook(codebook_path)
    codes = [entry.code.id for entry in codebook.numbered_codes()]
    polar = {entry.code.id for entry in codebook.numbered_codes() if entry.code.has_polarity}
    hypotheses = [h.id for h in codebook.hypotheses]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for number in range(records):
        attributes = {}
        for attribute in codebook.case_attributes:
            if isinstance(attribute, IntegerAttribute):
                attributes[attribute.id] = rng.randint(int(attribute.min or 0), int(attribute.max or 100))
            elif isinstance(attribute, CategoryAttribute):
                attributes[attribute.id] = rng.choice(attribute.options).id
            elif isinstance(attribute, MultiChoiceAttribute):
                attributes[attribute.id] = [o.id for o in rng.sample(attribute.options, 2)]
            elif isinstance(attribute, BooleanAttribute):
                attributes[attribute.id] = rng.random() < 0.7
            elif isinstance(attribute, TextAttribute):
                attributes[attribute.id] = " ".join(rng.choices(WORDS, k=30))
        decisions = []
        for index in range(segments):
            speaker = "Interviewer" if index % 2 == 0 else "Professional"
            chosen = rng.sample(codes, rng.choice((0, 0, 1, 1, 2, 3))) if speaker == "Professional" else []
            evidence = []
            if chosen and hypotheses and rng.random() < 0.2:
                evidence = [Evidence(hypothesis=rng.choice(hypotheses), stance=rng.choice(STANCES))]
            decisions.append(
                SegmentDecision(
                    segment_id=f"s{index + 1:03d}",
                    index=index,
                    speaker=speaker,
                    text=" ".join(rng.choices(WORDS, k=rng.randint(8, 70))).capitalize() + ".",
                    start_line=index * 2 + 1,
                    end_line=index * 2 + 1,
                    status="coded",
                    codes=chosen,
                    polarity={code: rng.choice(("present", "absent")) for code in chosen if code in polar},
                    evidence=evidence,
                    memo="memo" if rng.random() < 0.05 else None,
                )
            )
        record = CodedRecord(
            transcript=TranscriptRef(
                id=f"t{number:05d}",
                path=f"t{number:05d}.md",
                sha256=f"{number:064d}",
                format="markdown",
                segment_by="turn",
                segments=segments,
            ),
            codebook=CodebookRef(id=codebook.id, version=codebook.version, sha256=codebook.sha256),
            case=f"Case {number}",
            coder="bench",
            status="complete",
            started_at="2024-05-01T12:00:00Z",
            updated_at="2024-05-01T12:00:00Z",
            attributes=attributes,
            segments=decisions,
            verdicts=[HypothesisVerdict(hypothesis=h, verdict=rng.choice(VERDICTS)) for h in hypotheses],
        )
        text = dump_record(record)
        (folder / f"t{number:05d}.bench.json").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    return written


def measure(command: list[str], environment: dict[str, str] | None = None) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in KiB, CPU seconds) of one child process."""
    # Run from a neutral folder: `python -m jimcode` puts the working folder first on the path.
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        cwd=tempfile.gettempdir(),
    )
    if done.returncode:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{done.stderr}")
    seconds, peak, cpu = done.stdout.split()
    return float(seconds), int(peak), float(cpu)


def commands(folder: Path, codebook: Path, environment: dict[str, str], before: Path | None) -> dict[str, tuple]:
    """Each command to time, as (argv, environment)."""
    summary = [sys.executable, "-m", "jimcode", "summary", str(folder), "--format", "json", "--codebook", str(codebook)]
    retrieve = [sys.executable, "-m", "jimcode", "retrieve", RETRIEVE_CODE, str(folder), "--format", "json"]
    found: dict[str, tuple] = {
        "baseline": ([sys.executable, "-c", BASELINE, str(folder)], environment),
        "summary": (summary, environment),
        "retrieve": ([*retrieve, "--codebook", str(codebook)], environment),
    }
    if before is not None:
        old = {"PYTHONPATH": str(before.resolve())}
        # the other version reads its own shipped codebook, when it has one (a newer codebook may have keys it
        # does not know)
        own = before / "codebooks" / codebook.name
        earlier = [*summary[:-1], str(own if own.is_file() else codebook)]
        found["summary-before"] = (earlier, {**environment, **old})
        found["summary-stdlib-before"] = (earlier, {**environment, **old, "JIMCODE_JSON": "stdlib"})
    return found


RETRIEVE_CODE = "RQ4"  # a research question: every code under it, so many segments are retrieved


def bench(folder: Path, codebook: Path, repeats: int, environment: dict[str, str], before: Path | None) -> dict:
    runs = commands(folder, codebook, environment, before)
    for command, env in runs.values():  # warm the page cache and write the byte code
        measure(command, env)
    times: dict[str, list[tuple[float, int, float]]] = {name: [] for name in runs}
    for _ in range(repeats):  # interleaved, so drift hits all
        for name, (command, env) in runs.items():
            times[name].append(measure(command, env))
    baseline_cpu = statistics.median(c for _, _, c in times["baseline"])
    found: dict[str, dict[str, float]] = {}
    for name, measured in times.items():
        cpus = sorted(c / baseline_cpu for _, _, c in measured)
        found[name] = {
            "cpu_s": round(statistics.median(c for _, _, c in measured), 3),
            "wall_s": round(statistics.median(s for s, _, _ in measured), 3),
            "cpu_ratio": round(statistics.median(c for _, _, c in measured) / baseline_cpu, 2),
            "cpu_ratio_min": round(cpus[0], 2),
            "cpu_ratio_max": round(cpus[-1], 2),
            "peak_mib": round(max(p for _, p, _ in measured) / 1024, 1),
        }
    return found


def describe_setup(environment: dict[str, str]) -> dict[str, object]:
    """The msgspec that reads records, asked in a child like the runs."""
    probe = (
        "import json, os, msgspec; "
        "print(json.dumps({'parser': 'msgspec ' + msgspec.__version__, 'cpus': os.cpu_count()}))"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=environment)
    return {"python": sys.version.split()[0], **json.loads(found.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000], help="records per corpus")
    parser.add_argument("--segments", type=int, default=200, help="segments per record")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per command (median reported)")
    parser.add_argument("--keep", type=Path, help="generate the corpora here and keep them (reused when there)")
    parser.add_argument("--before", type=Path, help="a source tree of another version, run in the same run")
    parser.add_argument(
        "--codebook",
        type=Path,
        help="code the corpora against this codebook (default: the shipped Dutch one); give an older "
        "version's codebook to compare with --before on a corpus that version generated",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    base = (args.keep or Path(tempfile.mkdtemp(prefix="jimcode-bench-"))).resolve()
    environment = dict(os.environ)
    # Byte-compiled modules, as an installed jimcode has them (an editable install under
    # PYTHONDONTWRITEBYTECODE would compile jimcode's modules again in every run), kept here.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
    environment["PYTHONPATH"] = str(ROOT)
    setup = describe_setup(environment)
    try:
        codebook = args.codebook.resolve() if args.codebook else codebook_for_benchmark(base)
        results = []
        for records in args.records:
            folder = base / f"corpus-{records}"
            if not folder.is_dir():
                started = time.perf_counter()
                size = generate(folder, records, args.segments, codebook)
                print(
                    f"generated {records} records x {args.segments} segments ({size / 2**20:.0f} MiB) "
                    f"in {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
            else:
                size = sum(p.stat().st_size for p in folder.glob("*.json"))
            measured = bench(folder, codebook, args.repeats, environment, args.before)
            results.append({"records": records, "segments": args.segments, "mib": round(size / 2**20), **measured})
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)

    if args.json:
        print(json.dumps({"codebook": codebook.name, **setup, "results": results}, indent=2))
        return
    print(
        f"codebook: {codebook.name}; Python {setup['python']}; jimcode reads records with {setup['parser']}; "
        f"{setup['cpus']} CPU(s); median of {args.repeats} runs; "
        "CPU time x the baseline's (min-max over the runs)"
    )
    names = [name for name in results[0] if isinstance(results[0][name], dict)]
    print("| records x segments | corpus | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for row in results:
        cells = [
            f"{row[name]['cpu_s']:.2f} s, {row[name]['peak_mib']:.0f} MiB"
            if name == "baseline"
            else f"{row[name]['cpu_ratio']:.2f} ({row[name]['cpu_ratio_min']:.2f}-{row[name]['cpu_ratio_max']:.2f}), "
            f"{row[name]['peak_mib']:.0f} MiB"
            for name in names
        ]
        print(f"| {row['records']:,} x {row['segments']} | {row['mib']} MiB | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
