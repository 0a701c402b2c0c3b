"""`jimcode retrieve`: every segment coded X, with context, grouped, in every format, through the real CLI."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.summary_study import CASES, make_record, write_codebook, write_record, write_study

# Figures and layout checked against jimcode's English words; tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> Path:
    return write_study(tmp_path_factory.mktemp("study"))


def retrieve_json(run, *args: str | Path) -> dict:
    result = run("retrieve", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def items(result: dict, group: int = 0) -> list[dict]:
    return result["groups"][group]["items"]


def test_every_segment_with_a_code_with_case_speaker_and_text(run, coded):
    result = retrieve_json(run, "parents-gatekeeper", coded)
    assert result["schema"] == "jimcode.retrieve/1"
    assert (result["segments"], result["cases"]) == (8, 8)
    first = items(result)[0]
    assert first["case"] == "Noah" and first["speaker"] == "Professional" and first["segment"] == "s003"
    assert first["text"].startswith("De ouders van Noah bepaalden")
    assert first["codes"] == ["parents-gatekeeper"] and first["labels"] == ["Ouders als poortwachter"]
    assert first["other_codes"] == ["competence-accept-help"]
    assert [i["case"] for i in items(result)] == [c.case for c in CASES]


def test_a_code_by_its_number(run, coded):
    assert retrieve_json(run, "15", coded)["target"]["id"] == "parents-gatekeeper"
    result = run("retrieve", "99", coded)
    assert result.exit_code == 2 and "no code number 99" in result.stderr


def test_context_shows_the_neighbouring_segments(run, coded):
    first = items(retrieve_json(run, "parents-gatekeeper", coded, "--context", "1"))[0]
    assert [n["segment"] for n in first["before"]] == ["s002"]
    assert [n["segment"] for n in first["after"]] == ["s004"]
    assert first["after"][0]["speaker"] == "Interviewer"
    markdown = run("retrieve", "parents-gatekeeper", coded, "--context", "1", "--format", "markdown").stdout
    assert "*Interviewer: Hoe lang duurde het voordat de JIM er was?*" in markdown
    start = items(retrieve_json(run, "request-parent", coded, "-C", "3"))[0]
    assert [n["segment"] for n in start["before"]] == ["s001"], "context stops at the first segment"


def test_the_memo_comes_with_the_segment(run, coded):
    result = retrieve_json(run, "jim-already-involved", coded)
    assert [(i["case"], i["memo"]) for i in items(result)] == [
        ("Noah", "oma al in beeld"),
        ("Lotte", "oma al in beeld"),
        ("Finn", "oma al in beeld"),
    ]
    markdown = run("retrieve", "jim-already-involved", coded, "--format", "markdown").stdout
    assert "note: oma al in beeld" in markdown


def test_a_research_question_retrieves_every_code_under_it(run, coded):
    result = retrieve_json(run, "RQ2", coded)
    assert result["target"]["kind"] == "question"
    assert "positioning-not-yet" in result["target"]["codes"]
    assert [i["case"] for i in items(result)] == ["Daan", "Saar"]


def test_a_hypothesis_retrieves_its_evidence_and_a_stance_narrows_it(run, coded):
    result = retrieve_json(run, "H2", coded)
    assert result["segments"] == 8
    nuances = retrieve_json(run, "h2", coded, "--stance", "nuances")
    assert [(i["case"], i["evidence"]) for i in items(nuances)] == [
        ("Daan", [{"stance": "nuances", "note": "rol benoemd"}]),
        ("Saar", [{"stance": "nuances", "note": "rol benoemd"}]),
    ]
    assert retrieve_json(run, "H1", coded, "--stance", "contradicts")["segments"] == 0


def test_stance_is_only_for_a_hypothesis(run, coded):
    result = run("retrieve", "RQ2", coded, "--stance", "supports")
    assert result.exit_code == 2 and "--stance applies to a hypothesis" in result.stderr
    result = run("retrieve", "H1", coded, "--stance", "maybe")
    assert result.exit_code == 2
    assert result.stderr == "jimcode: error: --stance: 'maybe' is not one of supports, contradicts, nuances\n"


def test_an_unknown_code_suggests_the_nearest(run, coded):
    result = run("retrieve", "parents-gatekeper", coded)
    assert result.exit_code == 2
    assert "did you mean 'parents-gatekeeper'?" in result.stderr


def test_child_codes_are_included_unless_exact(run, tmp_path):
    codebook = write_codebook(tmp_path)
    coded = write_study(tmp_path, codebook)
    parent = retrieve_json(run, "request-jim", coded)
    assert parent["target"]["codes"] == ["request-jim", "request-jim-sharper"]
    assert [i["case"] for i in items(parent)] == ["Noah"]
    assert retrieve_json(run, "request-jim", coded, "--exact")["segments"] == 0


def test_by_groups_the_segments(run, coded):
    result = retrieve_json(run, "parents-gatekeeper", coded, "--by", "jim_relation")
    assert [(g["key"], g["segments"]) for g in result["groups"]] == [
        ("grandmother", 3),
        ("uncle", 2),
        ("family-friend", 1),
        ("missing", 2),
    ]
    markdown = run("retrieve", "parents-gatekeeper", coded, "--by", "jim_relation", "--format", "markdown").stdout
    assert "## Oma: 3 segment(s) in 3 case(s)" in markdown


def test_filters_and_the_consensus_rule(run, tmp_path):
    coded = write_study(tmp_path)
    other = make_record(CASES[0], "bob")
    other.segments[2].codes = []
    write_record(coded, other)
    result = run("retrieve", "parents-gatekeeper", coded, "--format", "json")
    assert json.loads(result.stdout)["segments"] == 8  # alice counts, bob is set aside
    assert "several coders" in result.stderr
    assert retrieve_json(run, "parents-gatekeeper", coded, "--coder", "bob")["segments"] == 0
    assert retrieve_json(run, "parents-gatekeeper", coded, "--coder", "bob", "--coder", "alice")["segments"] == 7
    write_record(coded, make_record(CASES[0], "consensus"))
    assert retrieve_json(run, "parents-gatekeeper", coded)["segments"] == 8
    assert retrieve_json(run, "parents-gatekeeper", coded, "--case", "Sem")["segments"] == 1
    progress = make_record(replace(CASES[1], transcript="case-09", case="Negen"), status="in_progress")
    write_record(coded, progress)
    assert retrieve_json(run, "parents-gatekeeper", coded)["segments"] == 9
    assert retrieve_json(run, "parents-gatekeeper", coded, "--status", "complete")["segments"] == 8


def test_bad_files_are_skipped_and_reported(run, tmp_path):
    coded = write_study(tmp_path)
    (coded / "broken.json").write_text('{"format_version": 1, "segments": [', encoding="utf-8")
    result = run("retrieve", "parents-gatekeeper", coded, "--format", "json")
    assert result.exit_code == 1
    assert "broken.json" in result.stderr and "truncated JSON" in result.stderr
    assert json.loads(result.stdout)["segments"] == 8
    strict = run("retrieve", "parents-gatekeeper", coded, "--strict")
    assert strict.exit_code == 1 and strict.stdout == ""


def test_every_format(run, coded, tmp_path):
    table = run("retrieve", "jim-already-involved", coded, "--format", "table", "-C", "1").stdout
    assert "Retrieve: JIM was al betrokken" in table and "Noah, Professional" in table
    assert "Kun je" not in table and "Hoe lang duurde het" in table

    rows = list(csv.DictReader(io.StringIO(run("retrieve", "H2", coded, "--format", "csv", "-C", "1").stdout)))
    assert len(rows) == 8
    assert rows[0]["case"] == "Noah" and rows[0]["stance"] == "supports" and rows[0]["note"] == "rol benoemd"
    assert rows[0]["context_before"].startswith("Interviewer: Hoe lang")

    out = tmp_path / "quotes.html"
    result = run("retrieve", "RQ4", coded, "--output", out, "--by", "developmental_phase")
    assert result.exit_code == 0 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert '<blockquote lang="nl">' in page and "6-12 jaar: 3 segment(s) in 3 case(s)" in page

    markdown = run("retrieve", "RQ4", coded).stdout
    assert markdown.startswith("# Retrieve: RQ4")
    assert "6 segment(s) in 6 case(s)" in markdown


def test_retrieve_with_a_codebook_given(run, coded, tmp_path):
    english = Path(__file__).resolve().parent.parent / "codebooks" / "jim-12min.en.yaml"
    result = retrieve_json(run, "parents-gatekeeper", coded, "--codebook", english)
    assert result["codebook"]["id"] == "jim-12min"
    assert items(result)[0]["labels"] != ["Ouders als poortwachter"], "labels come from the codebook given"
    missing = run("retrieve", "parents-gatekeeper", coded, "--codebook", tmp_path / "none.yaml")
    assert missing.exit_code == 1 and "none.yaml" in missing.stderr


def test_a_segment_of_several_paragraphs_keeps_its_breaks_in_every_format(run, tmp_path):
    record = make_record(CASES[6])
    record.segments[2].text = "Dat is een enorm verschil.\n\nEn oma gaf Finn een stem.\n\n- Zij ziet de hele puzzel."
    record.segments[1].text = "Eerst de school.\n\nDaarna de ouders."
    coded = tmp_path / "coded"
    write_record(coded, record)

    markdown = run("retrieve", "parents-gatekeeper", coded, "-C", "1", "--format", "markdown").stdout
    assert "verschil.  En oma" not in markdown
    assert "> Dat is een enorm verschil.\n>\n> En oma gaf Finn een stem.\n>\n> \\- Zij ziet" in markdown
    assert "> *Professional: Eerst de school.*\n>\n> *Daarna de ouders.*\n>\n> Dat is" in markdown

    page = run("retrieve", "parents-gatekeeper", coded, "--format", "html").stdout
    said = "<p>“Dat is een enorm verschil.</p><p>En oma gaf Finn een stem.</p><p>- Zij ziet de hele puzzel.”</p>"
    assert said in page

    table = run("retrieve", "parents-gatekeeper", coded, "--format", "table").stdout
    lines = [line.strip() for line in table.splitlines()]
    start = lines.index("“Dat is een enorm verschil.")
    assert lines[start : start + 3] == ["“Dat is een enorm verschil.", "", "En oma gaf Finn een stem."]

    rows = list(csv.DictReader(io.StringIO(run("retrieve", "parents-gatekeeper", coded, "--format", "csv").stdout)))
    assert rows[0]["text"] == record.segments[2].text, "CSV keeps the text as coded"

    summary = run("summary", coded, "--format", "markdown").stdout
    assert "> Dat is een enorm verschil.\n>\n> En oma gaf Finn een stem." in summary
