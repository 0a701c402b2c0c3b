"""Regenerate examples/coded/ from the scripted answers in examples/answers/, with the real jimcode CLI.

    python examples/tools/code_examples.py                 # rewrite examples/coded/
    python examples/tools/code_examples.py --out /tmp/x    # write the records somewhere else
    python examples/tools/code_examples.py --check         # exit 1 if examples/coded/ is not what this produces

Answers files are named after the transcript they code:

    <transcript-id>.<coder>.txt      a coding session:  jimcode code TRANSCRIPT --coder CODER < FILE
    <transcript-id>.reconcile.txt    a reconciliation:  jimcode reconcile <id>.<coder>.json... < FILE
                                     (the coders' records in name order, lettered A, B, ...)

Every session runs in a fresh staging folder laid out like the repository (copies of
codebooks/jim-12min.nl.yaml and examples/transcripts/, records written to examples/coded/), with
SOURCE_DATE_EPOCH fixed. So the records are the same byte for byte wherever --out points, and they
name their transcript and codebook relative to examples/coded/ (`../transcripts/...`,
`../../codebooks/...`). Any jimcode call that fails, or leaves a record incomplete, stops the
script with its output and exit code 1. Standard library only; jimcode runs as
`sys.executable -m jimcode`.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CODEBOOK = Path("codebooks/jim-12min.nl.yaml")
TRANSCRIPTS = Path("examples/transcripts")
ANSWERS = Path("examples/answers")
CODED = Path("examples/coded")
SOURCE_DATE_EPOCH = "1764460800"  # 2025-11-30T00:00:00Z: the timestamps in every record
RECONCILE = "reconcile"


class GenerationError(Exception):
    """A jimcode call failed or did not produce a complete record."""


@dataclass(frozen=True)
class Session:
    transcript_id: str
    coder: str
    answers: Path


def find_transcript(transcript_id: str, root: Path) -> Path:
    found = sorted(p for p in (root / TRANSCRIPTS).glob(f"{transcript_id}.*") if p.is_file())
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise GenerationError(f"{transcript_id}: expected one transcript in {TRANSCRIPTS}, found {names}")
    return found[0]


def plan(answers_dir: Path) -> tuple[list[Session], list[Session]]:
    """Coding sessions (coders in name order per transcript) and reconciliations, from the file names."""
    sessions: list[Session] = []
    reconciliations: list[Session] = []
    for path in sorted(answers_dir.glob("*.txt")):
        transcript_id, dot, coder = path.stem.rpartition(".")
        if not dot or not transcript_id or not coder:
            raise GenerationError(f"{path.name}: name it <transcript-id>.<coder>.txt or <transcript-id>.reconcile.txt")
        target = reconciliations if coder == RECONCILE else sessions
        target.append(Session(transcript_id, coder, path))
    return sessions, reconciliations


def jimcode(args: list[str], answers: Path, cwd: Path) -> None:
    """Run the real CLI with an answers file on stdin; raise with its output when it fails."""
    env = {k: v for k, v in os.environ.items() if k not in ("JIMCODE_CODER", "FORCE_COLOR")}
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    with answers.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "jimcode", *args], stdin=stdin, capture_output=True, cwd=cwd, env=env, check=False
        )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
        raise GenerationError(f"jimcode {' '.join(args)} < {answers.name} exited with {done.returncode}:\n{output}")


def require_complete(record: Path, answers: Path) -> None:
    if not record.is_file():
        raise GenerationError(f"{answers.name}: no record {record.name} was written")
    status = json.loads(record.read_text(encoding="utf-8")).get("status")
    if status != "complete":
        raise GenerationError(f"{answers.name}: {record.name} is {status}, not complete (the answers ran out early?)")


def generate(out_dir: Path, root: Path = REPO) -> list[Path]:
    """Code every answers file into a staging copy of the repository; copy the records into `out_dir`."""
    sessions, reconciliations = plan(root / ANSWERS)
    if not sessions:
        raise GenerationError(f"no answers files in {root / ANSWERS}")
    with tempfile.TemporaryDirectory(prefix="jimcode-examples-") as tmp:
        stage = Path(tmp)
        (stage / CODEBOOK).parent.mkdir(parents=True)
        shutil.copy2(root / CODEBOOK, stage / CODEBOOK)
        shutil.copytree(root / TRANSCRIPTS, stage / TRANSCRIPTS)
        coded = stage / CODED
        coded.mkdir(parents=True)
        for session in sessions:
            transcript = find_transcript(session.transcript_id, stage)
            args = ["code", str(transcript), "--codebook", str(stage / CODEBOOK), "--coder", session.coder]
            jimcode([*args, "--out", str(coded)], session.answers, stage)
            require_complete(coded / f"{session.transcript_id}.{session.coder}.json", session.answers)
        for reconciliation in reconciliations:
            coders = sorted(s.coder for s in sessions if s.transcript_id == reconciliation.transcript_id)
            if len(coders) < 2:
                raise GenerationError(f"{reconciliation.answers.name}: needs two coders' answers for this transcript")
            records = [str(coded / f"{reconciliation.transcript_id}.{coder}.json") for coder in coders]
            jimcode([RECONCILE, *records, "--out", str(coded)], reconciliation.answers, stage)
            require_complete(coded / f"{reconciliation.transcript_id}.consensus.json", reconciliation.answers)
        produced = sorted(coded.glob("*.json"))
        leftovers = sorted(p.name for p in coded.iterdir() if p.suffix != ".json")
        if leftovers:
            raise GenerationError(f"jimcode left files behind: {', '.join(leftovers)}")
        out_dir.mkdir(parents=True, exist_ok=True)
        names = {p.name for p in produced}
        for stale in sorted(out_dir.glob("*.json")):
            if stale.name not in names:
                stale.unlink()
                print(f"removed {stale}", file=sys.stderr)
        for record in produced:
            shutil.copyfile(record, out_dir / record.name)
        return [out_dir / record.name for record in produced]


def differences(expected_dir: Path, actual_dir: Path) -> list[str]:
    expected = {p.name for p in expected_dir.glob("*.json")}
    actual = {p.name for p in actual_dir.glob("*.json")}
    problems = [f"missing from {expected_dir}: {name}" for name in sorted(actual - expected)]
    problems += [f"not produced by the answers: {name}" for name in sorted(expected - actual)]
    problems += [
        f"differs: {name}"
        for name in sorted(expected & actual)
        if not filecmp.cmp(expected_dir / name, actual_dir / name, shallow=False)
    ]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / CODED, help="folder for the records (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="compare --out with a fresh run instead of writing it")
    options = parser.parse_args(argv)
    try:
        if options.check:
            with tempfile.TemporaryDirectory(prefix="jimcode-examples-check-") as tmp:
                generate(Path(tmp))
                problems = differences(options.out, Path(tmp))
            for problem in problems:
                print(problem, file=sys.stderr)
            if problems:
                print(f"{options.out} is out of date: run python examples/tools/code_examples.py", file=sys.stderr)
                return 1
            print(f"{options.out} is what the answers produce", file=sys.stderr)
            return 0
        written = generate(options.out)
    except GenerationError as exc:
        print(f"code_examples: error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(written)} records written to {options.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
