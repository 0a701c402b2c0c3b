"""`jimcode summary` on a corpus of ~100 varied records: exemplar quotes equal to a brute-force choice,
a replaced record subtracted exactly."""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from jimcode.records.model import Evidence, SegmentDecision
from tests.summary_study import CASES, make_record, write_record

CODES = ["parents-gatekeeper", "jim-already-involved", "request-parent", "value-voice-of-child", "making-amends"]
SENTENCE = "de ouders wilden eerst zelf kijken wie er mocht meedenken en oma was er altijd al"
WORDS = SENTENCE.split()

pytestmark = pytest.mark.slow  # a hundred records of thirty segments each, summarised many times


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
        record.transcript.segments = len(segments)  # the model's rule: as many as the transcript has
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


MIXED = ["parents-gatekeeper", "competence-accept-help", "jim-already-involved", "making-amends", "request-parent"]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Segments with up to four codes (two of one research question), a code twice, a code not in the
    codebook, evidence twice on one segment and for a hypothesis the codebook lacks; records replaced."""
    from jimcode.records.model import dump_record

    folder = tmp_path_factory.mktemp("mixed") / "coded"
    folder.mkdir()
    rng = random.Random(11)
    for number in range(40):
        case = replace(CASES[number % len(CASES)], transcript=f"m{number:02d}", case=f"Mixed{number:02d}")
        coders = ["alice", "consensus"] if number % 9 == 0 else ["alice"]
        for coder in coders:
            data = json.loads(dump_record(make_record(case, coder)))
            for segment in data["segments"]:
                codes = rng.sample(MIXED, rng.choice((0, 1, 2, 3, 4)))
                if codes and rng.random() < 0.1:
                    codes.append(codes[0])
                if rng.random() < 0.05:
                    codes.append("not-in-the-codebook")
                segment["codes"] = codes
                stances = rng.sample(["supports", "nuances", "contradicts"], rng.choice((0, 1, 2)))
                segment["evidence"] = [{"hypothesis": rng.choice(("H1", "H2", "H9")), "stance": s} for s in stances]
                if segment["evidence"] and rng.random() < 0.2:
                    segment["evidence"].append(dict(segment["evidence"][0]))
            (folder / f"m{number:02d}.{coder}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def brute_force_counts(folder: Path, question_of: dict[str, str]) -> dict[str, Counter]:
    """Segments and cases per code, question, pair and (hypothesis, stance), the slow way."""
    from itertools import combinations

    counted: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        transcript = record["transcript"]["id"]
        if transcript not in counted or record["coder"] == "consensus":
            counted[transcript] = record
    found = {name: Counter() for name in ("codes", "code_cases", "questions", "question_cases", "pairs")}
    found |= {"pair_cases": Counter(), "evidence": Counter(), "evidence_cases": Counter()}
    for record in counted.values():
        seen: dict[str, set] = {"codes": set(), "questions": set(), "pairs": set(), "evidence": set()}
        for segment in record["segments"]:
            codes = sorted({code for code in segment["codes"] if code in question_of})
            questions = {question_of[code] for code in codes}
            pairs = set(combinations(codes, 2))
            evidence = {(e["hypothesis"], e["stance"]) for e in segment["evidence"] if e["hypothesis"] != "H9"}
            for name, items in (("codes", codes), ("questions", questions), ("pairs", pairs), ("evidence", evidence)):
                found[name].update(items)
                seen[name].update(items)
        for name in ("codes", "questions", "pairs", "evidence"):
            found[f"{name[:-1]}_cases" if name != "evidence" else "evidence_cases"].update(seen[name])
    return found


def test_segment_and_case_counts_agree_with_a_brute_force_count(run, mixed):
    from jimcode.codebook.model import load_codebook
    from tests.summary_study import SHIPPED

    question_of = {e.code.id: e.question.id for e in load_codebook(SHIPPED).numbered_codes()}
    expected = brute_force_counts(mixed, question_of)
    data = summary(run, mixed, "--top", "1000")
    group = data["groups"][0]
    assert group["corpus"]["cases"] == 40 and data["files"]["set_aside"] == 5
    codes = {c["id"]: c for q in group["questions"] for c in q["codes"]}
    assert {k: codes[k]["segments"] for k in expected["codes"]} == dict(expected["codes"])
    assert {k: codes[k]["cases"] for k in expected["code_cases"]} == dict(expected["code_cases"])
    questions = {q["id"]: q for q in group["questions"]}
    assert {k: questions[k]["segments"] for k in expected["questions"]} == dict(expected["questions"])
    assert {k: questions[k]["cases"] for k in expected["question_cases"]} == dict(expected["question_cases"])
    pairs = {tuple(sorted(p["codes"])): (p["segments"], p["cases"]) for p in group["cooccurrence"]}
    assert pairs == {pair: (n, expected["pair_cases"][pair]) for pair, n in expected["pairs"].items()}
    evidence = {(h["id"], e["stance"]): (e["segments"], e["cases"]) for h in group["hypotheses"] for e in h["evidence"]}
    assert {k: v for k, v in evidence.items() if v != (0, 0)} == {
        key: (n, expected["evidence_cases"][key]) for key, n in expected["evidence"].items()
    }
    assert {w["code"] for w in data["warnings"]} == {"unknown-code", "unknown-hypothesis"}
