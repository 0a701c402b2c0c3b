"""`jimcode agreement`: real record files in a temp dir, the real CLI, figures worked out by hand.

Krippendorff's alpha by hand: each unit coded by m values adds 1/(m-1) to the coincidence o[c][k]
of every ordered pair of its values; n_c is the row total, n the grand total. Nominal:
D_o = (off-diagonal o) / n, D_e = (n² - Σ n_c²) / (n(n-1)), alpha = 1 - D_o / D_e.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from tests.coded_records import (
    evidence,
    make_record,
    presence_records,
    save,
    segment,
    verdict,
    write_codebook,
)

# Two coders, ten segments: anna and ben on "ask-parent" (1 = applied).
ANNA = [1, 1, 0, 0, 1, 0, 0, 0, 1, 0]
BEN = [1, 0, 0, 0, 1, 0, 1, 0, 1, 0]
# ...and on "value-voice"
ANNA_VOICE = [0, 0, 1, 1, 0, 0, 0, 0, 0, 1]
BEN_VOICE = [0, 0, 1, 0, 0, 0, 0, 0, 0, 1]


def _codes(presence: dict[str, list[int]]) -> list[list[str]]:
    """Per segment, the codes whose presence vector has a 1 there."""
    length = len(next(iter(presence.values())))
    return [[code for code, vector in presence.items() if vector[i]] for i in range(length)]


@pytest.fixture
def study(tmp_path):
    write_codebook(tmp_path)
    coded = tmp_path / "coded"
    presence_records(
        coded,
        {
            "anna": _codes({"ask-parent": ANNA, "value-voice": ANNA_VOICE}),
            "ben": _codes({"ask-parent": BEN, "value-voice": BEN_VOICE}),
        },
    )
    return tmp_path


def report_json(run, *args) -> dict:
    result = run("agreement", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def row(rows: list[dict], key: str) -> dict:
    return next(r for r in rows if r["key"] == key)


def test_two_coders_per_code_matches_the_statistics_by_hand(run, study):
    data = report_json(run, study / "coded")
    parent = row(data["codes"], "ask-parent")
    assert parent["units"] == 10
    assert parent["percent_agreement"] == pytest.approx(0.8)
    # p_o = .8, p_e = .4*.4 + .6*.6 = .52: kappa = .28/.48
    assert parent["cohen_kappa"] == pytest.approx(7 / 12)
    # 3 units (1,1), 5 units (0,0), 2 units split: o11 = 6, o00 = 10, o01 = o10 = 2; n1 = 8, n0 = 12,
    # n = 20. D_o = 4/20, D_e = (400 - 64 - 144) / 380 = 192/380; alpha = 1 - 76/192 = 29/48.
    assert parent["krippendorff_alpha"] == pytest.approx(29 / 48)
    assert parent["uses"] == {"anna": 4, "ben": 4}
    voice = row(data["codes"], "value-voice")
    # 2 units (1,1), 7 units (0,0), 1 split: n1 = 5, n0 = 15; D_o = 2/20, D_e = 150/380;
    # alpha = 1 - 38/150 = 56/75.
    assert voice["krippendorff_alpha"] == pytest.approx(56 / 75)
    # codes nobody applied: not computable, said so, never flagged
    child = row(data["codes"], "ask-child")
    assert child["krippendorff_alpha"] is None and child["percent_agreement"] == 1.0
    assert child["note"] == "never applied" and child["below_threshold"] is False


def test_research_questions_and_overall_pool_segment_by_code(run, study):
    data = report_json(run, study / "coded")
    rq1 = row(data["questions"], "RQ1")  # ask-parent, ask-child
    assert rq1["units"] == 20
    # ask-parent's units plus ten (0,0) for ask-child: o11 = 6, o00 = 30, o01 = o10 = 2; n1 = 8, n0 = 32,
    # n = 40. D_o = 4/40, D_e = 2·8·32 / (40·39) = 512/1560; alpha = 1 - 156/512 = 89/128.
    assert rq1["krippendorff_alpha"] == pytest.approx(89 / 128)
    # Every code on every segment (4 codes × 10): 5 units (1,1), 3 split, 32 (0,0): o11 = 10,
    # o01 = o10 = 3, o00 = 64; n1 = 13, n0 = 67, n = 80. D_o = 6/80, D_e = 2·13·67 / (80·79) = 1742/6320;
    # alpha = 1 - 474/1742 = 634/871.
    assert data["overall"]["units"] == 40
    assert data["overall"]["krippendorff_alpha"] == pytest.approx(634 / 871)
    # p_o = 37/40; anna applied 7 of 40, ben 6: p_e = (7·6 + 33·34) / 1600 = 1164/1600;
    # kappa = (1480 - 1164) / (1600 - 1164) = 316/436 = 79/109.
    assert data["overall"]["cohen_kappa"] == pytest.approx(79 / 109)
    assert data["overall"]["percent_agreement"] == pytest.approx(37 / 40)


def test_three_coders_on_different_transcripts_use_alpha_with_missing_values(run, tmp_path):
    write_codebook(tmp_path)
    coded = tmp_path / "coded"
    presence_records(coded, {"anna": [["ask-parent"], [], ["ask-parent"]], "ben": [["ask-parent"], [], []]})
    presence_records(
        coded, {"ben": [["ask-parent"], ["ask-parent"]], "carl": [["ask-parent"], ["ask-parent"]]}, transcript="case-b"
    )
    data = report_json(run, coded)
    assert data["coders"] == ["anna", "ben", "carl"]
    parent = row(data["codes"], "ask-parent")
    # Units (anna, ben, carl): (1, 1, -), (0, 0, -), (1, 0, -), (-, 1, 1), (-, 1, 1): o11 = 6, o00 = 2,
    # o01 = o10 = 1; n1 = 7, n0 = 3, n = 10. D_o = 2/10, D_e = 42/90; alpha = 1 - 18/42 = 4/7.
    assert parent["units"] == 5
    assert parent["krippendorff_alpha"] == pytest.approx(4 / 7)
    assert parent["percent_agreement"] == pytest.approx(4 / 5)  # every unit but the third agrees
    assert parent["cohen_kappa"] is None  # Cohen's kappa is for one fixed pair of coders


def test_open_segments_are_missing_and_not_relevant_counts_as_absent(run, tmp_path):
    write_codebook(tmp_path)
    coded = tmp_path / "coded"
    anna = [segment(0, ["ask-parent"]), segment(1, None), segment(2, [], status="not_relevant"), segment(3, [])]
    ben = [segment(0, ["ask-parent"]), segment(1, ["ask-parent"]), segment(2, ["ask-parent"]), segment(3, [])]
    save(coded, make_record("anna", anna, complete=False))
    save(coded, make_record("ben", ben))
    result = run("agreement", coded, "--format", "json")
    data = json.loads(result.stdout)
    parent = row(data["codes"], "ask-parent")
    assert parent["units"] == 3
    # (1,1), (0,1), (0,0); the open segment has one value and no pair: o11 = 2, o00 = 2, o01 = o10 = 1;
    # n1 = n0 = 3, n = 6. D_o = 2/6, D_e = 18/30; alpha = 1 - 5/9 = 4/9.
    assert parent["krippendorff_alpha"] == pytest.approx(4 / 9)
    relevance = data["relevance"]
    assert relevance["units"] == 3
    assert relevance["percent_agreement"] == pytest.approx(2 / 3)
    assert "still in progress (anna)" in result.stderr


def test_consensus_is_left_out_and_listed(run, study):
    before = report_json(run, study / "coded")
    consensus = make_record(
        "consensus", [segment(i, ["ask-child"]) for i in range(10)], reconciled_from=["anna", "ben"]
    )
    save(study / "coded", consensus)
    after = report_json(run, study / "coded")
    assert after["codes"] == before["codes"]
    assert after["coders"] == ["anna", "ben"]
    assert after["transcripts"][0]["consensus"].endswith("case-a.consensus.json")


def test_mismatched_and_single_coded_transcripts_are_reported_not_compared(run, study):
    coded = study / "coded"
    presence_records(coded, {"anna": [["ask-parent"]] * 3}, transcript="case-b", text="one text")
    presence_records(coded, {"ben": [["ask-parent"]] * 3}, transcript="case-b", text="another text")
    presence_records(coded, {"anna": [["ask-parent"]] * 2}, transcript="case-c")
    presence_records(coded, {"ben": [["ask-parent"]] * 3}, transcript="case-c")
    presence_records(coded, {"anna": [[]]}, transcript="case-d")
    result = run("agreement", coded, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    status = {t["id"]: t["status"] for t in data["transcripts"]}
    assert status == {
        "case-a": "double-coded",
        "case-b": "mismatch",
        "case-c": "mismatch",
        "case-d": "not double-coded",
    }
    problems = {t["id"]: t["problem"] for t in data["transcripts"]}
    assert "transcript text differs" in problems["case-b"]
    assert "different segments" in problems["case-c"] and "2 segments" in problems["case-c"]
    assert "case-b: not compared" in result.stderr and "case-c: not compared" in result.stderr
    assert row(data["codes"], "ask-parent")["units"] == 10  # only case-a counts


def test_gate_fails_below_min_alpha_and_passes_otherwise(run, study):
    failing = run("agreement", study / "coded", "--min-alpha", "0.9", "--format", "csv")
    assert failing.exit_code == 1
    assert "ask-parent" in failing.stderr and "0.604" in failing.stderr  # 29/48, worked out above
    assert failing.stdout.startswith("section,")  # the report is still written
    passing = run("agreement", study / "coded", "--min-alpha", "0.5", "--format", "csv")
    assert passing.exit_code == 0, passing.stderr
    # ask-child and value-calm were never applied (alpha not computable): they do not fail the gate
    assert "not computable" in passing.stderr


def test_gate_fails_when_nothing_is_double_coded(run, tmp_path):
    write_codebook(tmp_path)
    presence_records(tmp_path / "coded", {"anna": [["ask-parent"]]})
    result = run("agreement", tmp_path / "coded", "--min-alpha", "0.667")
    assert result.exit_code == 1
    assert "nothing could pass" in result.stderr
    plain = run("agreement", tmp_path / "coded")
    assert plain.exit_code == 0 and "No double-coded transcripts" in plain.stdout


def test_threshold_flags_codes(run, study):
    data = report_json(run, study / "coded", "--threshold", "0.9")
    assert data["flagged_codes"] == ["ask-parent", "value-voice"]
    assert data["threshold"] == 0.9
    default = report_json(run, study / "coded")
    assert default["threshold"] == 0.667
    assert default["flagged_codes"] == ["ask-parent"]  # alpha 29/48 = 0.604; value-voice 56/75 = 0.747
    bad = run("agreement", study / "coded", "--min-alpha", "2")
    assert bad.exit_code == 2


def test_attributes_evidence_and_verdicts(run, tmp_path):
    write_codebook(tmp_path)
    coded = tmp_path / "coded"
    ages = {"anna": [7, 10, 4], "ben": [7, 11, 4]}
    relations = {"anna": ["uncle", "friend", "uncle"], "ben": ["uncle", "grandmother", "uncle"]}
    signals = {"anna": [["trauma"], [], ["addiction"]], "ben": [["trauma"], ["trauma"], ["addiction"]]}
    verdicts = {"anna": ["supports", "mixed", "supports"], "ben": ["supports", "supports", "supports"]}
    stances = {"anna": [("H1", "supports"), None], "ben": [("H1", "supports"), ("H1", "nuances")]}
    for t, transcript in enumerate(["case-a", "case-b", "case-c"]):
        for coder in ("anna", "ben"):
            segs = []
            for i, stance in enumerate(stances[coder]):
                found = [evidence(*stance)] if stance else []
                segs.append(segment(i, ["ask-parent"], evidence=found))
            attributes = {
                "age": ages[coder][t],
                "relation": relations[coder][t],
                "positioned": True,
                "signals": signals[coder][t],
                "summary": f"{coder} wrote this",
            }
            record = make_record(
                coder, segs, transcript=transcript, attributes=attributes, verdicts=[verdict("H1", verdicts[coder][t])]
            )
            save(coded, record)
    data = report_json(run, coded)
    attributes = {r["key"]: r for r in data["attributes"]}
    assert attributes["age"]["level"] == "interval"
    # Interval: units (7,7), (10,11), (4,4). D_o = 2·(10-11)² / 6 = 1/3. D_e: the squared differences
    # of all pairs of 4 4 7 7 10 11 sum to 257, so D_e = 2·257 / (6·5) = 514/30; alpha = 1 - 10/514.
    assert attributes["age"]["krippendorff_alpha"] == pytest.approx(504 / 514)
    # (uncle, uncle) twice, (friend, grandmother): n = 6, n_uncle = 4; D_o = 2/6,
    # D_e = (36 - 16 - 1 - 1) / 30 = 18/30; alpha = 1 - 5/9 = 4/9.
    assert attributes["relation"]["krippendorff_alpha"] == pytest.approx(4 / 9)
    assert attributes["positioned"]["krippendorff_alpha"] is None  # always yes: no variation
    # One unit per case and option (trauma, addiction): anna 1 0 0 0 0 1, ben 1 0 1 0 0 1. o11 = 4,
    # o00 = 6, o01 = o10 = 1; n1 = 5, n0 = 7, n = 12. D_o = 2/12, D_e = 70/132; alpha = 1 - 11/35 = 24/35.
    assert attributes["signals"]["units"] == 6
    assert attributes["signals"]["krippendorff_alpha"] == pytest.approx(24 / 35)
    assert "summary" not in attributes and data["not_compared"] == ["Summary (free text)"]
    h1 = row(data["evidence"], "H1")
    assert h1["units"] == 6
    # Per segment anna says supports / none, ben supports / nuances, in three cases: o(s,s) = 6,
    # o(none,nuances) = o(nuances,none) = 3; n = 12, n_s = 6, n_none = n_nuances = 3.
    # D_o = 6/12, D_e = (144 - 36 - 9 - 9) / 132 = 90/132; alpha = 1 - 66/90 = 4/15.
    assert h1["krippendorff_alpha"] == pytest.approx(4 / 15)
    verdict_h1 = row(data["verdicts"], "H1")
    assert verdict_h1["units"] == 3
    assert verdict_h1["percent_agreement"] == pytest.approx(2 / 3)
    listed = data["disagreements"]
    assert {(a["transcript"], a["attribute"]) for a in listed["attributes"]} == {
        ("case-b", "age"),
        ("case-b", "relation"),
        ("case-b", "signals"),
    }
    assert [(v["transcript"], v["hypothesis"]) for v in listed["verdicts"]] == [("case-b", "H1")]
    assert len(listed["segments"]) == 3 and listed["segments"][0]["disputed_hypotheses"] == ["H1"]


def test_markdown_lists_the_disagreements_for_discussion(run, study):
    result = run("agreement", study / "coded", "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# Inter-coder agreement")
    assert "| 1 | Parent asks | RQ1 | 10 | 80.0% | 0.583 |" in text
    assert "0.8 (" not in text and "Krippendorff (2004" in text
    # segment 2: anna applied ask-parent, ben did not
    assert "**Segment 2** (s002, Professional)" in text
    assert "> Segment 2 text: what was said \\| here." not in text  # quotes are not table cells
    assert "| anna | Parent asks |" in text and "| ben | (no codes) |" in text
    assert "Disputed: Parent asks." in text
    disagreeing = sum(a != b for a, b in zip(ANNA, BEN, strict=True))
    disagreeing += sum(a != b for a, b in zip(ANNA_VOICE, BEN_VOICE, strict=True))
    assert f"{disagreeing} segment(s)" in text


def test_table_and_csv_formats(run, study):
    table = run("agreement", study / "coded")
    assert table.exit_code == 0
    assert "Parent asks" in table.stdout and "0.583" in table.stdout and "Krippendorff" in table.stdout
    assert "Segment 2 (s002)" in table.stdout
    result = run("agreement", study / "coded", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    parent = next(r for r in rows if r["section"] == "code" and r["key"] == "ask-parent")
    assert float(parent["cohen_kappa"]) == pytest.approx(7 / 12)
    assert parent["uses_anna"] == "4" and parent["below_threshold"] == "yes"
    child = next(r for r in rows if r["key"] == "ask-child")
    assert child["krippendorff_alpha"] == "" and child["note"] == "never applied"
    assert {r["section"] for r in rows} == {
        "overall",
        "question",
        "code",
        "relevance",
        "evidence",
        "attribute",
        "verdict",
    }


def test_output_file(run, study):
    target = study / "agreement.md"
    result = run("agreement", study / "coded", "--format", "markdown", "--output", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text("utf-8").startswith("# Inter-coder agreement")
    table_file = study / "agreement.txt"
    assert run("agreement", study / "coded", "--output", table_file).exit_code == 0
    assert "Parent asks" in table_file.read_text("utf-8")


def test_labels_fall_back_to_ids_without_the_codebook(run, tmp_path):
    presence_records(tmp_path / "coded", {"anna": [["ask-parent"], []], "ben": [["ask-parent"], ["ask-child"]]})
    result = run("agreement", tmp_path / "coded", "--format", "markdown")
    assert result.exit_code == 0
    assert "was not found; showing code ids" in result.stderr
    assert "|  | ask-parent |  | 2 |" in result.stdout
    book = write_codebook(tmp_path / "elsewhere")
    explicit = run("agreement", tmp_path / "coded", "--format", "markdown", "--codebook", book)
    assert "| 1 | Parent asks | RQ1 |" in explicit.stdout and "not found" not in explicit.stderr


def test_bad_inputs_are_one_line_errors(run, study):
    (study / "coded" / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    result = run("agreement", study / "coded", "--format", "json")
    assert result.exit_code == 0 and "skipped" in result.stderr
    explicit = run("agreement", study / "coded" / "notes.json")
    assert explicit.exit_code == 1 and "not a jimcode coded record" in explicit.stderr
    (study / "coded" / "case-z.anna.json").write_text('{"format_version": 1, "segments": [', encoding="utf-8")
    broken = run("agreement", study / "coded")
    assert broken.exit_code == 1 and "case-z.anna.json" in broken.stderr and "Traceback" not in broken.output
    missing = run("agreement", study / "nope")
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_json_has_no_nan(run, study):
    result = run("agreement", study / "coded", "--format", "json")
    assert "NaN" not in result.stdout
    data = json.loads(result.stdout)
    assert all(r["krippendorff_alpha"] is None or math.isfinite(r["krippendorff_alpha"]) for r in data["codes"])


def test_gate_fails_when_no_segment_was_coded_by_two_coders(run, tmp_path):
    write_codebook(tmp_path)
    save(tmp_path / "coded", make_record("anna", [segment(0, ["ask-parent"]), segment(1, None)], complete=False))
    save(tmp_path / "coded", make_record("ben", [segment(0, None), segment(1, [])], complete=False))
    result = run("agreement", tmp_path / "coded", "--min-alpha", "0.5", "--format", "json")
    assert result.exit_code == 1 and "no segment was coded by two coders" in result.stderr
    assert json.loads(result.stdout)["overall"]["units"] == 0
