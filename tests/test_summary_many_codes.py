"""A codebook of 1,000 codes (as imported from NVivo or ATLAS.ti): the summary's memory stays bounded
and its co-occurrence figures equal a brute-force count (issue 14: memory once grew with codes⁴)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from jimcode.codebook.model import load_codebook

ROOT = Path(__file__).resolve().parent.parent
CODES = 1000
CODES_PER_SEGMENT = 30
LIMIT_MIB = 150

# In a child: at most 2 GiB of address space (the old index needed 16.5 GB for 1,000 codes: it fails
# fast instead of swapping), then the peak of Python's allocations while the summary runs.
CHILD = """
import json, resource, sys, tracemalloc
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from jimcode.summary.aggregate import SummaryOptions, summarise
tracemalloc.start()
result = summarise([Path(sys.argv[1])], SummaryOptions(codebook=Path(sys.argv[2]), quotes=2, top_pairs=10**9))
peak = tracemalloc.get_traced_memory()[1]
pairs = [[pair.codes, pair.segments, pair.cases] for pair in result.groups[0].cooccurrence]
print(json.dumps({"peak": peak, "pairs": pairs}))
"""


def _big_codebook(folder: Path) -> Path:
    """The shipped codebook with extra codes spread over its research questions, 1,000 in all."""
    data = yaml.safe_load((ROOT / "codebooks" / "jim-12min.nl.yaml").read_text(encoding="utf-8"))
    questions = data["research_questions"]
    have = len(load_codebook(ROOT / "codebooks" / "jim-12min.nl.yaml").numbered_codes())
    for number in range(CODES - have):
        questions[number % len(questions)]["codes"].append(
            {"id": f"extra-{number:04d}", "label": f"Extra code {number}", "definition": "Afgeleid, voor de test."}
        )
    path = folder / "big.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _records(folder: Path, codebook: Path) -> list[dict]:
    """The example records of one coder, each coded segment given 30 more codes drawn from the 1,000."""
    loaded = load_codebook(codebook)
    ids = [entry.code.id for entry in loaded.numbered_codes()]
    assert len(ids) == CODES
    rng = random.Random(14)
    written = []
    folder.mkdir()
    for source in sorted((ROOT / "examples" / "coded").glob("*.anna.json")):
        data = json.loads(source.read_text(encoding="utf-8"))
        data["codebook"].update(sha256=loaded.sha256, path=str(codebook))
        for segment in data["segments"]:
            if segment["codes"]:
                segment["codes"] = segment["codes"] + rng.sample(ids, CODES_PER_SEGMENT)
        (folder / source.name).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(data)
    return written


def _brute_force(records: list[dict]) -> dict[frozenset[str], tuple[int, int]]:
    """Per pair of codes: (segments that have both, cases with such a segment), counted directly."""
    segments: Counter[frozenset[str]] = Counter()
    cases: Counter[frozenset[str]] = Counter()
    for record in records:
        seen = set()
        for segment in record["segments"]:
            for pair in combinations(sorted(set(segment["codes"])), 2):
                segments[frozenset(pair)] += 1
                seen.add(frozenset(pair))
        cases.update(seen)
    return {pair: (segments[pair], cases[pair]) for pair in segments}


@pytest.mark.slow  # a child process that loads jimcode
def test_a_thousand_code_codebook_summarises_in_bounded_memory_with_exact_pairs(tmp_path):
    codebook = _big_codebook(tmp_path)
    records = _records(tmp_path / "coded", codebook)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "coded"), str(codebook)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["peak"] < LIMIT_MIB * 2**20
    expected = _brute_force(records)
    assert len(expected) > 50_000  # many pairs: the test is about them
    assert {frozenset(codes): (segments, cases) for codes, segments, cases in found["pairs"]} == expected
    assert len(found["pairs"]) == len(expected)
