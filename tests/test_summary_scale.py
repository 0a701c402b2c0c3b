"""`jimcode summary` on a corpus of ~100 varied records: exemplar quotes equal to a brute-force choice,
a replaced record subtracted exactly."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from jimcode.records import Evidence, SegmentDecision
from tests.summary_study import CASES, make_record, write_record

CODES = ["parents-gatekeeper", "jim-already-involved", "request-parent", "value-voice-of-child", "making-amends"]
SENTENCE = "de ouders wilden eerst zelf kijken wie er mocht meedenken en oma was er altijd al"
WORDS = SENTENCE.split()


def varied_corpus(folder: Path, records: int = 96, seed: int = 5) -> Path:
    rng = random.Random(seed)
    for number in range(records):
        base = CASES[number % len(CASES)]
        case = replace(base, transcript=f"t{number:03d}", case=f"Case{number:03d}")
        record = make_record(case, "bob" if number % 17 == 3 else "alice")
        segments = []
        for index in range(30):
            codes = rng.sample(CODES, rng.choice((0, 1, 1, 2)))
            text = " ".join(rng.choices(WORDS, k=rng.randint(1, 60)))
            evidence = [Evidence(hypothesis="H1", stance=rng.choice(("supports", "nuances")))] if codes else []
            segments.append(
                SegmentDecision(
                    segment_id=f"s{index:03d}",
                    index=index,
                    speaker="Professional",
                    text=text,
                    status="coded",
                    codes=codes,
                    evidence=evidence[: rng.randint(0, 1)],
                )
            )
        record.segments = segments
        write_record(folder, record)
    # a second coder for one transcript, and a consensus record for another: records are replaced
    write_record(folder, make_record(replace(CASES[0], transcript="t003", case="Case003"), "consensus"))
    return folder


def score(text: str) -> float:
    length = len(text)
    return -1000.0 + length if length < 25 else -abs(length - 220) / 10


def brute_force_quotes(folder: Path, limit: int) -> dict[str, set[tuple[str, str]]]:
    """Per code: the `limit` best per-record candidates (score, then reading order), chosen the slow way."""
    counted: dict[str, dict] = {}
    files = sorted(folder.glob("*.json"))
    for order, path in enumerate(files, start=1):
        record = json.loads(path.read_text(encoding="utf-8"))
        transcript = record["transcript"]["id"]
        rank = (record["coder"] != "consensus", record["coder"])
        if transcript not in counted or rank < counted[transcript]["rank"]:
            counted[transcript] = {"rank": rank, "record": record, "order": order}
    candidates: dict[str, list] = {}
    for entry in counted.values():
        best: dict[str, tuple] = {}
        for position, segment in enumerate(entry["record"]["segments"]):
            for code in segment["codes"]:
                key = (score(segment["text"]), -(entry["order"] * 100_000 + position))
                if code not in best or key > best[code][0]:
                    best[code] = (key, (entry["record"]["case"], segment["segment_id"]))
        for code, found in best.items():
            candidates.setdefault(code, []).append(found)
    return {code: {who for _, who in sorted(found, reverse=True)[:limit]} for code, found in candidates.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return varied_corpus(tmp_path_factory.mktemp("scale") / "coded")


def summary(run, *args: str | Path) -> dict:
    result = run("summary", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_exemplar_quotes_are_the_best_of_all_cases(run, corpus, limit):
    data = summary(run, corpus, "--quotes", str(limit))
    expected = brute_force_quotes(corpus, limit)
    for code in CODES:
        entry = next(c for q in data["groups"][0]["questions"] for c in q["codes"] if c["id"] == code)
        assert {(q["case"], q["segment"]) for q in entry["quotes"]} == expected[code], code
        scores = [score(q["text"]) for q in entry["quotes"]]
        assert scores == sorted(scores, reverse=True)


def test_the_replaced_record_is_subtracted_exactly(run, corpus):
    data = summary(run, corpus)
    coders = {c["name"]: c["cases"] for c in data["groups"][0]["corpus"]["coders"]}
    assert coders == {"alice": 90, "bob": 5, "consensus": 1}
    total_segments = data["groups"][0]["corpus"]["segments"]["total"]
    assert total_segments == 95 * 30 + 6  # the consensus record is the study's six-segment Noah
