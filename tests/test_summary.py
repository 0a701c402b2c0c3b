"""`jimcode summary`: the study's figures, the counting rules, filters and `--by`, through the real CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from jimcode.records.model import Evidence
from tests.summary_study import (
    CASES,
    SHIPPED,
    assert_study_figures,
    assert_study_html,
    assert_study_text,
    make_record,
    write_record,
    write_study,
)

NOAH = CASES[0]

# Figures and layout checked against jimcode's English words; tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")


def summary_json(run, *args: str | Path) -> dict:
    result = run("summary", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def attribute(result: dict, attribute_id: str, group: int = 0) -> dict:
    return next(a for a in result["groups"][group]["attributes"] if a["id"] == attribute_id)


def code(result: dict, code_id: str, group: int = 0) -> dict:
    return next(c for q in result["groups"][group]["questions"] for c in q["codes"] if c["id"] == code_id)


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    return write_study(tmp_path)


def test_the_study_figures_come_out_of_the_coded_records(run, coded):
    result = summary_json(run, coded)
    assert_study_figures(result)
    assert result["schema"] == "jimcode.summary/1"
    assert result["files"] == {
        "records_read": 8,
        "counted": 8,
        "set_aside": 0,
        "filtered_out": 0,
        "skipped": 0,
        "skipped_files": [],
        "in_progress": 0,
        "in_progress_files": [],
    }
    assert result["warnings"] == []


@pytest.mark.parametrize("format", ["markdown", "table"])
def test_the_study_figures_read_the_way_the_study_reports_them(run, coded, format):
    result = run("summary", coded, "--format", format)
    assert result.exit_code == 0, result.output
    assert_study_text(result.stdout)
    assert result.stderr == ""


def test_the_corpus_section_counts_cases_statuses_coders_and_organisations(run, coded):
    corpus = summary_json(run, coded)["groups"][0]["corpus"]
    assert corpus["cases"] == 8 and corpus["case_pseudonyms"] == 8
    assert (corpus["complete"], corpus["in_progress"]) == (8, 0)
    assert corpus["coders"] == [{"name": "alice", "cases": 8}]
    # Cecile speaks about Noah and Sem, Fatima about Mila and Daan: six interviewees, two per organisation.
    assert corpus["organisations"] == [
        {"name": "Altra", "cases": 2, "interviewees": 2},
        {"name": "Levvel", "cases": 3, "interviewees": 2},
        {"name": "Youké", "cases": 3, "interviewees": 2},
    ]
    assert (corpus["interviewees"], corpus["interviewee_missing"]) == (6, 0)
    assert corpus["segments"] == {"total": 48, "coded": 40, "not_relevant": 8, "open": 0}


def test_an_organisation_named_by_the_transcript_or_only_answered_counts_once(run, coded):
    # Mila's transcript names no organisation (the case's answer `youke` stands in), Daan's spells it
    # without the accent and in capitals, Yara's names it as the codebook does: one organisation.
    for case, named in ((CASES[3], None), (CASES[4], "YOUKE "), (CASES[5], "Youké")):
        record = make_record(case)
        record.interview.organisation = named
        write_record(coded, record)
    record = make_record(CASES[7])
    record.interview.organisation = None
    record.attributes["organisation"] = None
    write_record(coded, record)
    corpus = summary_json(run, coded)["groups"][0]["corpus"]
    # Fatima (Mila, and Daan under another spelling) and Jeroen: two interviewees of Youké.
    assert corpus["organisations"] == [
        {"name": "Altra", "cases": 1, "interviewees": 1},
        {"name": "Levvel", "cases": 3, "interviewees": 2},
        {"name": "Youké", "cases": 3, "interviewees": 2},
    ]
    assert corpus["organisation_missing"] == 1
    markdown = run("summary", coded, "--format", "markdown").stdout
    assert "| Organisations (interviewees) | Altra 1, Levvel 2, Youké 2, unknown 1 |" in markdown


def test_missing_answers_are_counted_not_dropped(run, coded):
    result = summary_json(run, coded)
    relation = attribute(result, "jim_relation")
    assert (relation["cases"], relation["answered"], relation["missing"]) == (8, 6, 2)
    signals = attribute(result, "parent_signals")  # Yara's list is empty: no answer
    assert (signals["answered"], signals["missing"]) == (7, 1)
    assert {o["id"]: o["count"] for o in signals["options"]}["trauma"] == 2
    positioned = attribute(result, "jim_positioned")
    assert [(o["id"], o["count"], o["percent"]) for o in positioned["options"]] == [
        ("yes", 6, 75.0),
        ("no", 2, 25.0),
    ]
    assert attribute(result, "case_summary")["answered"] == 8


def test_codes_are_listed_in_tree_order_with_segments_cases_and_percent(run, coded):
    result = summary_json(run, coded)
    questions = result["groups"][0]["questions"]
    assert [q["id"] for q in questions] == ["RQ1", "RQ2", "RQ3", "RQ4", "RQ5", "RQ6"]
    numbers = [c["number"] for q in questions for c in q["codes"]]
    assert numbers == list(range(1, len(numbers) + 1))
    gatekeeper = code(result, "parents-gatekeeper")
    assert (gatekeeper["segments"], gatekeeper["cases"], gatekeeper["percent"]) == (8, 8, 100.0)
    involved = code(result, "jim-already-involved")
    assert (involved["segments"], involved["cases"], involved["percent"]) == (3, 3, 37.5)
    assert code(result, "positioning-not-yet")["cases"] == 2
    assert code(result, "making-amends")["cases"] == 0
    rq4 = questions[3]
    assert (rq4["cases"], rq4["segments"]) == (6, 6)


def test_quotes_are_attributed_to_case_and_speaker_and_can_be_limited_or_left_out(run, coded):
    result = summary_json(run, coded)
    quotes = code(result, "jim-already-involved")["quotes"]
    assert len(quotes) == 2
    assert {q["case"] for q in quotes} <= {"Noah", "Lotte", "Finn"}
    assert all(q["speaker"] == "Professional" and q["memo"] == "oma al in beeld" for q in quotes)
    assert len({q["case"] for q in quotes}) == 2, "one quote per case"

    one = summary_json(run, coded, "--quotes", "1")
    assert all(len(c["quotes"]) <= 1 for q in one["groups"][0]["questions"] for c in q["codes"])
    assert one["quotes_per_item"] == 1

    none = summary_json(run, coded, "--no-quotes")
    assert all(not c["quotes"] for q in none["groups"][0]["questions"] for c in q["codes"])
    assert all(not e["quotes"] for h in none["groups"][0]["hypotheses"] for e in h["evidence"])
    markdown = run("summary", coded, "--no-quotes", "--format", "markdown").stdout
    assert "bepaalden wie er mocht meedenken" not in markdown
    assert "bepaalden wie er mocht meedenken" in run("summary", coded, "--format", "markdown").stdout


def test_hypotheses_show_verdict_counts_and_evidence_by_stance(run, coded):
    hypotheses = {h["id"]: h for h in summary_json(run, coded)["groups"][0]["hypotheses"]}
    verdicts = {v["verdict"]: v["cases"] for v in hypotheses["H1"]["verdicts"]}
    assert verdicts == {"supports": 6, "contradicts": 0, "mixed": 2, "not_applicable": 0, "missing": 0}
    assert {v["verdict"]: v["cases"] for v in hypotheses["H3"]["verdicts"]}["missing"] == 4
    evidence = {e["stance"]: (e["segments"], e["cases"]) for e in hypotheses["H2"]["evidence"]}
    assert evidence == {"supports": (6, 6), "contradicts": (0, 0), "nuances": (2, 2)}
    nuances = next(e for e in hypotheses["H2"]["evidence"] if e["stance"] == "nuances")
    assert {q["case"] for q in nuances["quotes"]} == {"Daan", "Saar"}
    assert nuances["quotes"][0]["note"] == "rol benoemd"


def test_a_segment_counts_once_per_hypothesis_and_stance_however_often_its_evidence_repeats_it(run, coded, tmp_path):
    def stances(result: dict) -> dict:
        return {
            (h["id"], e["stance"]): (e["segments"], e["cases"])
            for h in result["groups"][0]["hypotheses"]
            for e in h["evidence"]
        }

    before = stances(summary_json(run, coded))
    noah = make_record(NOAH)
    given = noah.segments[2].evidence  # s003: H1 and (Noah is a difficult case) H3
    assert [(e.hypothesis, e.stance) for e in given] == [("H1", "supports"), ("H3", "supports")]
    noah.segments[2].evidence = [
        *given,
        Evidence(hypothesis="H2", stance="contradicts", note="een"),
        Evidence(hypothesis="H1", stance="supports", note="nog eens"),
        Evidence(hypothesis="H2", stance="contradicts", note="twee"),
    ]
    write_record(coded, noah)
    after = stances(summary_json(run, coded))
    assert after.pop(("H2", "contradicts")) == (1, 1)
    assert before.pop(("H2", "contradicts")) == (0, 0)
    assert after == before


def test_of_two_long_segments_the_one_nearer_two_sentences_is_the_quote(run, coded):
    # Scores of lengths past the table of usual lengths are worked out one by one, in the same order.
    noah = make_record(NOAH)
    noah.segments[1].text = "Dat was een lange zin over school. " * 90  # 3,150 characters
    noah.segments[3].text = "Dat was een lange zin over thuis. " * 60  # 2,040 characters
    noah.segments[3].codes = ["request-jim-sharper"]
    write_record(coded, noah)
    quotes = code(summary_json(run, coded), "request-jim-sharper")["quotes"]
    assert [(q["case"], q["segment"]) for q in quotes] == [("Noah", "s004")]  # one quote per case and code


def test_cooccurrence_lists_the_pairs_most_often_on_one_segment(run, coded):
    pairs = summary_json(run, coded)["groups"][0]["cooccurrence"]
    assert pairs[0]["segments"] == 8 and pairs[0]["cases"] == 8
    assert {tuple(p["codes"]) for p in pairs[:2]} == {
        ("request-professional", "request-parent"),
        ("competence-accept-help", "parents-gatekeeper"),
    }
    assert len(summary_json(run, coded, "--top", "1")["groups"][0]["cooccurrence"]) == 1


def test_a_consensus_record_is_counted_instead_of_the_coders_records(run, coded):
    # bob and a consensus record for Noah; bob says the JIM took 300 days and codes something else.
    bob = replace(NOAH, days=300, relation="aunt")
    write_record(coded, make_record(bob, "bob"))
    write_record(coded, make_record(NOAH, "consensus"))
    result = summary_json(run, coded)
    assert_study_figures(result)
    assert result["files"]["set_aside"] == 2
    assert result["warnings"] == []
    assert result["groups"][0]["corpus"]["coders"] == [{"name": "alice", "cases": 7}, {"name": "consensus", "cases": 1}]


def test_a_record_set_aside_leaves_no_quote_behind(run, tmp_path):
    # The consensus record for Noah is read last and drops jim-already-involved (alice's s005 quote)
    # and H2 evidence; the summary must be the one of the records counted, quote for quote.
    coded = write_study(tmp_path)
    consensus = make_record(NOAH, "consensus")
    consensus.segments[4].codes = ["jim-new-role"]
    consensus.segments[4].evidence = []
    write_record(coded, consensus, name="zz-noah.consensus.json")
    for args in ((), ("--quotes", "1"), ("--by", "developmental_phase")):
        data = summary_json(run, coded, *args)
        already = code(data, "jim-already-involved")
        assert (already["segments"], already["cases"]) == (2, 2)
        assert {q["case"] for q in already["quotes"]} <= {"Lotte", "Finn"}
        assert len(already["quotes"]) == (1 if "--quotes" in args else 2)
        every_quote = [
            q
            for group in data["groups"]
            for items in (
                *(c["quotes"] for question in group["questions"] for c in question["codes"]),
                *(e["quotes"] for h in group["hypotheses"] for e in h["evidence"]),
            )
            for q in items
        ]
        assert every_quote and not [q for q in every_quote if q["case"] == "Noah" and q["coder"] == "alice"]
        (coded / "case-01-noah.alice.json").rename(tmp_path / "aside.json")
        counted_only = summary_json(run, coded, *args)
        (tmp_path / "aside.json").rename(coded / "case-01-noah.alice.json")
        assert data["groups"] == counted_only["groups"], args


@pytest.mark.parametrize("args", [(), ("--by", "developmental_phase"), ("--quotes", "1")])
@pytest.mark.parametrize("name", ["case-01-noah.consensus.json", "zz-noah.consensus.json"])
def test_a_replaced_record_is_subtracted_alike_whether_it_was_read_just_before_or_long_ago(run, tmp_path, name, args):
    # Read next to alice's record (her digest, kept in memory, is subtracted) or read last (her file is read
    # again): the summary is the one of the records counted, as if alice's Noah had never been there.
    # (Reading order decides between quotes of equal score, so each is compared with the same file names.)
    consensus = make_record(NOAH, "consensus")
    consensus.segments[4].codes = ["jim-new-role"]
    consensus.segments[4].evidence = []
    coded = write_study(tmp_path / "all")
    write_record(coded, consensus, name=name)
    counted_only = write_study(tmp_path / "counted")
    (counted_only / "case-01-noah.alice.json").unlink()
    write_record(counted_only, consensus, name=name)
    replaced, expected = summary_json(run, coded, *args), summary_json(run, counted_only, *args)
    assert replaced["groups"] == expected["groups"]
    assert (code(replaced, "jim-already-involved")["segments"], replaced["files"]["set_aside"]) == (2, 1)


def test_a_consensus_record_read_first_still_wins(run, tmp_path):
    coded = write_study(tmp_path)
    (coded / "case-01-noah.alice.json").rename(coded / "z-noah.alice.json")
    write_record(coded, make_record(replace(NOAH, days=300), "consensus"), name="a-noah.consensus.json")
    days = attribute(summary_json(run, coded), "days_to_positioning")
    assert days["stats"]["max"] == 300 and days["stats"]["n"] == 6


def test_several_coders_without_consensus_count_the_alphabetically_first_with_a_warning(run, coded):
    write_record(coded, make_record(replace(NOAH, days=300), "aaron"))
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert attribute(data, "days_to_positioning")["stats"]["max"] == 300  # aaron < alice
    assert [w["code"] for w in data["warnings"]] == ["several-coders"]
    assert "case-01-noah: aaron (not alice)" in result.stderr
    assert "--coder NAME" in result.stderr


def test_coder_chooses_whose_records_count(run, coded):
    write_record(coded, make_record(replace(NOAH, days=300), "bob"))
    only_bob = summary_json(run, coded, "--coder", "bob")
    assert only_bob["groups"][0]["corpus"]["cases"] == 1
    assert only_bob["files"]["filtered_out"] == 8
    bob_first = summary_json(run, coded, "--coder", "bob", "--coder", "alice")
    assert bob_first["groups"][0]["corpus"]["cases"] == 8
    assert attribute(bob_first, "days_to_positioning")["stats"]["max"] == 300
    assert bob_first["warnings"] == []
    alice_first = summary_json(run, coded, "--coder", "alice", "--coder", "bob")
    assert_study_figures(alice_first)


def test_case_and_status_filters(run, coded):
    write_record(coded, make_record(replace(CASES[1], transcript="case-09-extra", case="Extra"), status="in_progress"))
    everything = summary_json(run, coded)["groups"][0]["corpus"]
    assert (everything["cases"], everything["in_progress"]) == (9, 1)
    complete = summary_json(run, coded, "--status", "complete")
    assert_study_figures(complete)
    assert complete["files"]["filtered_out"] == 1
    in_progress = summary_json(run, coded, "--status", "in-progress")["groups"][0]["corpus"]
    assert in_progress["cases"] == 1
    two = summary_json(run, coded, "--case", "noah", "--case", "case-02-sem")
    assert two["groups"][0]["corpus"]["cases"] == 2
    assert two["filters"]["cases"] == ["noah", "case-02-sem"]


def test_by_splits_every_section_into_groups(run, coded):
    result = summary_json(run, coded, "--by", "developmental_phase")
    assert [(g["key"], g["label"], g["corpus"]["cases"]) for g in result["groups"]] == [
        (None, "All cases", 8),
        ("phase-2-4", "2-4 jaar", 2),
        ("phase-4-6", "4-6 jaar", 2),
        ("phase-6-12", "6-12 jaar", 4),
    ]
    assert attribute(result, "days_to_positioning", 3)["stats"]["mean"] == 18.67  # Noah 14, Sem 0, Finn 42
    assert code(result, "jim-already-involved", 3)["cases"] == 2
    assert result["split"] == {
        "attribute": "developmental_phase",
        "label": "Ontwikkelingsfase",
        "cut": None,
        "overlapping": False,
    }
    markdown = run("summary", coded, "--by", "developmental_phase", "--format", "markdown").stdout
    assert "| All cases (n=8) | 2-4 jaar (n=2) | 4-6 jaar (n=2) | 6-12 jaar (n=4) |" in markdown


def test_by_a_number_cut_at_a_value_compares_under_and_over(run, coded):
    result = summary_json(run, coded, "--by", "child_age:12")
    assert [(g["label"], g["corpus"]["cases"]) for g in result["groups"]] == [
        ("All cases", 8),
        ("under 12 jaar", 7),
        ("12 jaar or more", 1),
    ]
    assert attribute(result, "days_to_positioning", 2)["reading"] == "14 days (2 weeks), one case"


def test_by_keeps_cases_without_an_answer_in_their_own_group(run, coded):
    result = summary_json(run, coded, "--by", "jim_relation")
    assert [(g["key"], g["corpus"]["cases"]) for g in result["groups"]] == [
        (None, 8),
        ("grandmother", 3),
        ("uncle", 2),
        ("family-friend", 1),
        ("missing", 2),
    ]
    assert result["groups"][-1]["label"] == "no answer"


def test_by_a_multi_choice_attribute_puts_a_case_in_every_group_it_chose(run, coded):
    result = summary_json(run, coded, "--by", "parent_signals")
    groups = {g["key"]: g["corpus"]["cases"] for g in result["groups"][1:]}
    assert groups == {"trauma": 2, "intergenerational": 2, "psychiatric": 1, "addiction": 1, "none": 3, "missing": 1}
    assert result["split"]["overlapping"] is True


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("nothing", "no such case attribute"),
        ("developmental_phase:4", "only a number"),
        ("child_age:x", "not a number"),
    ],
)
def test_a_bad_by_is_a_usage_error(run, coded, by, message):
    result = run("summary", coded, "--by", by)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_records_for_an_older_codebook_version_are_flagged(run, coded):
    write_record(coded, make_record(replace(CASES[1], transcript="case-09-old", case="Old"), version="0.9"))
    result = run("summary", coded, "--format", "json")
    data = json.loads(result.stdout)
    assert [w["code"] for w in data["warnings"]] == ["codebook-version"]
    assert "1 record(s) were coded with codebook version 0.9" in result.stderr


def test_an_edited_or_translated_codebook_is_flagged(run, coded):
    english = SHIPPED.with_name("jim-12min.en.yaml")
    data = summary_json(run, coded, "--codebook", english)
    assert [w["code"] for w in data["warnings"]] == ["codebook-changed"]
    assert data["codebook"]["language"] == "en"
    assert_study_figures(data)


def test_records_of_one_transcript_with_different_hashes_are_flagged(run, coded):
    write_record(coded, make_record(NOAH, "bob", sha256="f" * 64))
    data = summary_json(run, coded)
    assert "transcript-changed" in [w["code"] for w in data["warnings"]]
    assert "case-01-noah" in next(w["message"] for w in data["warnings"] if w["code"] == "transcript-changed")


def test_unknown_codes_and_invalid_answers_are_reported(run, coded):
    record = make_record(CASES[1])
    record.segments[1].codes.append("retired-code")
    record.attributes["jim_relation"] = "cousin"
    write_record(coded, record)
    data = summary_json(run, coded)
    assert {w["code"] for w in data["warnings"]} == {"unknown-code", "invalid-answer"}
    relation = attribute(data, "jim_relation")
    assert (relation["answered"], relation["invalid"], relation["missing"]) == (5, 1, 2)


def test_a_case_pseudonym_shared_by_two_transcripts_is_reported(run, coded):
    write_record(coded, make_record(replace(NOAH, transcript="case-01b-noah")))
    data = summary_json(run, coded)
    assert data["groups"][0]["corpus"]["cases"] == 9
    assert data["groups"][0]["corpus"]["case_pseudonyms"] == 8
    assert [w["code"] for w in data["warnings"]] == ["shared-pseudonym"]


EXAMPLES = SHIPPED.parent.parent / "examples" / "coded"


def test_the_example_records_show_the_studys_figures_in_every_format(run, tmp_path):
    data = summary_json(run, EXAMPLES)
    assert_study_figures(data)
    assert data["files"]["counted"] == 8
    coders = {c["name"] for c in data["groups"][0]["corpus"]["coders"]}
    assert "consensus" in coders, "Noah's consensus record is the one counted"
    for format in ("markdown", "table"):
        result = run("summary", EXAMPLES, "--format", format)
        assert result.exit_code == 0
        assert_study_text(result.stdout)
    result = run("summary", EXAMPLES, "--output", tmp_path / "examples.html")
    assert result.exit_code == 0
    assert_study_html((tmp_path / "examples.html").read_text(encoding="utf-8"))


def test_a_record_with_an_open_session_journal_is_flagged(run, coded):
    (coded / "case-02-sem.alice.json.journal").write_text('{"segment": 3}\n', encoding="utf-8")
    result = run("summary", coded, "--format", "json")
    data = json.loads(result.stdout)
    assert [w["code"] for w in data["warnings"]] == ["open-session"]
    assert "case-02-sem.alice.json" in result.stderr and "not yet saved" in result.stderr
    retrieved = json.loads(run("retrieve", "parents-gatekeeper", coded, "--format", "json").stdout)
    assert [w["code"] for w in retrieved["warnings"]] == ["open-session"]
