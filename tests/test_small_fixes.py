"""Issue 11, section 7: retrieve by shortcut and label, bad option values in jimcode's words,
agreement over a translated codebook, and the README's figures and quick start, through the real CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from jimcode.codebook.model import load_codebook
from tests.conftest import ROOT
from tests.summary_study import write_codebook, write_study

EXAMPLES = ROOT / "examples" / "coded"


def retrieve_target(run, target: str, *args: str) -> tuple[str, str, int]:
    result = run("retrieve", target, EXAMPLES, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data["target"]["kind"], data["target"]["id"], data["segments"]


# 1. retrieve takes what a coder types in a session, and labels


@pytest.mark.parametrize(
    "typed",
    [
        "parents-gatekeeper",
        "PARENTS-GATEKEEPER",
        "15",
        "pw",
        "PW",
        "Ouders als poortwachter",
        " ouders ALS poortWACHTER ",
    ],
)
def test_retrieve_takes_a_code_by_id_number_shortcut_or_label(run, typed):
    assert retrieve_target(run, typed) == ("code", "parents-gatekeeper", 20)


def test_retrieve_by_label_keeps_child_codes_unless_exact(run, tmp_path):
    coded = write_study(tmp_path, write_codebook(tmp_path))  # request-jim has a child code
    by_label = run("retrieve", "REQUEST JIM", coded, "--format", "json")
    assert json.loads(by_label.stdout)["target"]["codes"] == ["request-jim", "request-jim-sharper"]
    exact = run("retrieve", "Request jim", coded, "--format", "json", "--exact")
    assert json.loads(exact.stdout)["target"]["codes"] == ["request-jim"]


def test_retrieve_still_takes_questions_and_hypotheses(run):
    assert retrieve_target(run, "rq1") == ("question", "RQ1", 26)
    assert retrieve_target(run, "H1") == ("hypothesis", "H1", 17)


def test_retrieve_an_unknown_target_suggests_the_nearest_id_or_label(run):
    result = run("retrieve", "poortwachter", EXAMPLES)
    assert result.exit_code == 2
    assert result.stderr == (
        "jimcode: error: 'poortwachter' is not a code, research question or hypothesis of codebook "
        "jim-12min; did you mean 'Ouders als poortwachter'? (jimcode show CODEBOOK lists them)\n"
    )
    typo = run("retrieve", "parents-gatekeper", EXAMPLES)
    assert typo.exit_code == 2 and "; did you mean 'parents-gatekeeper'? " in typo.stderr


# 2. a bad option value: one line in jimcode's words, exit 2


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["summary", "--format", "pdf"], "--format: 'pdf' is not one of table, markdown, json, csv, html, docx"),
        (["summary", "--status", "done"], "--status: 'done' is not one of complete, in-progress"),
        (["summary", "--top", "1.5"], "--top: '1.5' is not a whole number"),
        (["retrieve", "pw", "--format", "pdf"], "--format: 'pdf' is not one of table, markdown, json, csv, html, docx"),
        (["retrieve", "pw", "--context", "-1"], "--context: '-1' is less than 0"),
        (["retrieve", "H1", "--stance", "maybe"], "--stance: 'maybe' is not one of supports, contradicts, nuances"),
        (["agreement", "--format", "pdf"], "--format: 'pdf' is not one of table, markdown, json, csv"),
        (["agreement", "--min-alpha", "high"], "--min-alpha: 'high' is not a number"),
        (["agreement", "--threshold", "2"], "--threshold: give a number between -1 and 1, e.g. 0.8"),
        (["export", "project", "--format", "pdf"], "--format: 'pdf' is not one of qdpx"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_bad_value_for_a_records_command(run, args, line):
    result = run(*args, EXAMPLES)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"jimcode: error: {line}\n")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["show", "--format", "pdf", "{book}"], "--format: 'pdf' is not one of tree, markdown"),
        (["validate", "--format", "xml", "{book}"], "--format: 'xml' is not one of text, json, github"),
        (["export", "codebook", "--format", "pdf", "{book}"], "--format: 'pdf' is not one of qdc"),
        (["schema", "sumary"], "KIND: 'sumary' is not one of codebook, record, summary, retrieve, agreement"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_bad_value_for_a_codebook_command(run, args, line):
    book = str(ROOT / "codebooks" / "jim-12min.nl.yaml")
    result = run(*(book if a == "{book}" else a for a in args))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"jimcode: error: {line}\n")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--format", "pdf"], "--format: 'pdf' is not one of table, json"),
        (
            ["--segment-by", "sentence"],
            "--segment-by: 'sentence' is not one of turn, paragraph, cue, time:60s (a window of any seconds)",
        ),
    ],
)
def test_a_bad_value_for_a_transcript_command(run, tmp_path, args, line):
    # (code shares --segment-by; reconcile has no option with a choice of values)
    transcript = tmp_path / "interview.md"
    transcript.write_text("**Interviewer:** Hoe ging het?\n\n**Cecile:** Goed.\n", encoding="utf-8")
    result = run("segment", transcript, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"jimcode: error: {line}\n")


# 3. agreement over the translation of the same codebook


def coded_by_two_files(tmp_path: Path, bram_book: str, bram_version: str | None = None) -> Path:
    """Lotte coded by anna against the Dutch codebook, by bram against `bram_book`."""
    shutil.copytree(ROOT / "codebooks", tmp_path / "codebooks")
    coded = tmp_path / "coded"
    coded.mkdir()
    for coder in ("anna", "bram"):
        record = json.loads((EXAMPLES / f"case-03-lotte.{coder}.json").read_text(encoding="utf-8"))
        record["codebook"]["path"] = "../codebooks/jim-12min.nl.yaml"
        if coder == "bram":
            record["codebook"]["path"] = f"../codebooks/{bram_book}"
            record["codebook"]["sha256"] = load_codebook(tmp_path / "codebooks" / bram_book).sha256
            record["codebook"]["version"] = bram_version or record["codebook"]["version"]
        (coded / f"case-03-lotte.{coder}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    return coded


def agreement_warnings(run, coded: Path) -> list[str]:
    """The report's warnings about the transcripts (not the one that the labels come from the first file)."""
    result = run("agreement", coded, "--format", "json")
    assert result.exit_code == 0, result.output
    return [w for w in json.loads(result.stdout)["warnings"] if not w.startswith(str(coded.parent))]


def test_agreement_calls_a_translation_another_file_of_the_same_codebook(run, tmp_path, monkeypatch):
    monkeypatch.setenv("JIMCODE_LANG", "en")
    coded = coded_by_two_files(tmp_path, "jim-12min.en.yaml")
    assert agreement_warnings(run, coded) == [
        "case-03-lotte: the coders used codebook jim-12min version 1.0 from different files "
        "(anna: jim-12min.nl.yaml, bram: jim-12min.en.yaml), e.g. a translation; codes are compared by id"
    ]


def test_agreement_still_names_different_versions(run, tmp_path):
    coded = coded_by_two_files(tmp_path, "jim-12min.en.yaml", bram_version="1.1")
    # a sentence for people: in the language of the (Dutch) codebook, in the JSON too
    assert agreement_warnings(run, coded) == [
        "case-03-lotte: de codeurs gebruikten verschillende versies van het codeboek (anna: 1.0, bram: 1.1)"
    ]
    assert agreement_warnings(lambda *args: run("--lang", "en", *args), coded) == [
        "case-03-lotte: the coders used different versions of the codebook (anna: 1.0, bram: 1.1)"
    ]


def test_agreement_is_quiet_when_both_used_the_same_file(run, tmp_path):
    coded = coded_by_two_files(tmp_path, "jim-12min.nl.yaml")
    assert agreement_warnings(run, coded) == []


# 4. the README's figures are the output's


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_figures_are_rows_of_the_summary(run):
    paragraph = readme().split("On `examples/coded` it prints the study's figures")[1].split("\n\n")[0]
    paragraph = " ".join(paragraph.split())
    output = run("summary", EXAMPLES, "--format", "markdown").stdout
    lines = {" ".join(line.replace("**", "").split()) for line in output.splitlines()}  # options are indented
    counts = re.findall(r"(?:[:;,] )(?:in all )?([^:;,*]+?) (\d+) \((\d+%)\)", paragraph)
    assert len(counts) == 7, counts
    for label, count, percent in counts:
        assert f"| {label} | {count} ({percent}) |" in lines
    (sentence,) = re.findall(r'"(Gemiddeld [^"]+)"', paragraph)
    assert sentence in lines


def test_the_readme_labels_are_the_output_labels(run):
    comment = re.search(r"jimcode retrieve (\S+) examples/coded +# every passage coded \"([^\"]+)\"", readme())
    assert comment is not None
    result = run("retrieve", comment[1], EXAMPLES, "--format", "json")
    assert json.loads(result.stdout)["target"]["label"] == comment[2]
    cut = re.search(r"`--by (\w+:\d+)` cuts a number into \*([^*]+)\* and \*([^*]+)\*", readme())
    assert cut is not None
    header = run("summary", EXAMPLES, "--by", cut[1], "--format", "markdown").stdout.splitlines()
    assert f"|  | Alle casussen (n=8) | {cut[2]} (n=2) | {cut[3]} (n=4) | geen antwoord (n=2) |" in header


# 5. the quick start works where the system's pip refuses to install (PEP 668)


def quick_start() -> list[str]:
    block = readme().split("## Quick start")[1].split("```sh\n")[1].split("```")[0]
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_each_quick_start_command_makes_and_uses_a_virtual_environment():
    for command in quick_start():
        steps = command.split(" && ")
        assert steps[0] == "python3 -m venv .venv"
        assert all(step.startswith(".venv/bin/") for step in steps[1:]), command
    assert ".venv/\n" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines(keepends=True)
    assert "`sudo apt install python3-venv`" in readme()


def test_ci_runs_the_quick_starts_test_command():
    """`.ci/run` activates its own venv; without the `.venv/bin/` prefix its steps are the README's."""
    _, tests = quick_start()
    ci_lines = [line.replace(" --quiet", "") for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    for step in tests.split(" && ")[1:]:
        assert step.removeprefix(".venv/bin/") in ci_lines
