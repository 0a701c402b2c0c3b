"""Records name the segmentation they were coded under: rules that changed (format version 2),
and the unit asked for (`--segment-by cue` / `time:60s`), through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jimcode.records.model import load_record
from jimcode.records.versions import FORMAT_VERSION
from jimcode.transcripts.model import SEGMENTATION_VERSION
from tests.coding_helpers import MINI_CODEBOOK, transcript_markdown

# jimcode's own words in English (the codebooks here are Dutch); tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")

RECORD = Path("coded/case-01.anna.json")
BOLD_TEXTS = (
    "Kun je iets vertellen over het gezin?",
    "Moeder wilde **echt** niemand erbij hebben.",
    "Toen kwam oma toch langs, en dat hielp.",
    "Dank je wel.",
)


@pytest.fixture
def study(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIMCODE_CODER", raising=False)
    (tmp_path / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    (tmp_path / "case-01.md").write_text(transcript_markdown(BOLD_TEXTS), encoding="utf-8")
    return tmp_path


def code(run, *args, input: str = "", transcript: str = "case-01.md"):
    return run("code", transcript, "--codebook", "mini.yaml", "--coder", "anna", *args, input=input)


def as_version_1(record_file: Path, texts: dict[int, str] | None = None) -> None:
    """Rewrite a record as jimcode wrote it before format version 2 (with old segment texts)."""
    data = json.loads(record_file.read_text("utf-8"))
    data["format_version"] = 1
    for key in ("segmentation", "window_seconds"):
        del data["transcript"][key]
    for key in ("title", "details"):
        del data["interview"][key]
    for index, text in (texts or {}).items():
        data["segments"][index]["text"] = text
    record_file.write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_a_version_1_record_reads_as_segmentation_1(run, study):
    assert code(run, input="1 n\n").exit_code == 0
    assert load_record(RECORD).transcript.segmentation == SEGMENTATION_VERSION == 2
    as_version_1(RECORD)
    old = load_record(RECORD)
    assert (old.format_version, old.transcript.segmentation, old.transcript.window_seconds) == (FORMAT_VERSION, 1, None)
    assert [s.status for s in old.segments] == ["coded", "open", "open", "open"]


def test_a_transcript_split_differently_by_newer_rules_is_refused_then_realigned(run, study):
    assert code(run, input="1 n\n2 n\n3 n\n").exit_code == 0
    # The old rules kept Markdown bold in the text: the record holds what the coder saw then.
    as_version_1(RECORD, {1: "Moeder wilde **echt** niemand erbij hebben."})
    result = code(run, input="q\n")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "jimcode: error: transcript case-01.md is split into segments by newer rules than when case-01.anna.json "
        "was coded (segmentation 1 then, 2 now; its text is unchanged); run again with --realign to carry the "
        "decisions over to unchanged segments"
    ]
    assert load_record(RECORD).transcript.segmentation == 1  # untouched
    result = code(run, "--realign", input="q\n")
    assert result.exit_code == 0, result.output
    assert "decisions carried over to 3 unchanged segment(s)" in result.stderr
    assert "to recode (1): segment 2 (s002)" in result.stderr
    record = load_record(RECORD)
    assert record.transcript.segmentation == 2
    assert [(s.text, s.status) for s in record.segments] == [
        (BOLD_TEXTS[0], "coded"),
        ("Moeder wilde echt niemand erbij hebben.", "open"),
        (BOLD_TEXTS[2], "coded"),
        (BOLD_TEXTS[3], "open"),
    ]


def test_an_old_record_whose_segments_are_unchanged_resumes_and_is_brought_up_to_date(run, study):
    assert code(run, input="1 n\n").exit_code == 0
    as_version_1(RECORD, {1: "Moeder wilde echt niemand erbij hebben."})  # what both rules give
    result = code(run, input="q\n")
    assert result.exit_code == 0, result.output
    assert "resumed: 1 of 4 coded" in result.stderr
    data = json.loads(RECORD.read_text("utf-8"))
    assert (data["format_version"], data["transcript"]["segmentation"]) == (FORMAT_VERSION, 2)


VTT = """WEBVTT

00:00:00.000 --> 00:00:20.000
Hoe begon het?

00:00:20.000 --> 00:00:50.000
Met een telefoontje van school.

00:00:50.000 --> 00:01:10.000
Toen kwam oma erbij.

00:01:10.000 --> 00:01:30.000
En dat hielp echt.
"""


def test_segment_by_cue_and_by_time_window(run, tmp_path):
    (tmp_path / "t.vtt").write_text(VTT, encoding="utf-8")

    def segments(*options: str) -> list[tuple[str, float, float]]:
        result = run("segment", tmp_path / "t.vtt", "--format", "json", *options)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        return [(s["text"], s["start_time"], s["end_time"]) for s in data["segments"]]

    assert segments("--segment-by", "cue") == [
        ("Hoe begon het?", 0.0, 20.0),
        ("Met een telefoontje van school.", 20.0, 50.0),
        ("Toen kwam oma erbij.", 50.0, 70.0),
        ("En dat hielp echt.", 70.0, 90.0),
    ]
    # A window runs from its segment's first cue: a cue that starts inside it joins it.
    assert segments("--segment-by", "time:60s") == [
        ("Hoe begon het? Met een telefoontje van school. Toen kwam oma erbij.", 0.0, 70.0),
        ("En dat hielp echt.", 70.0, 90.0),
    ]
    assert segments("--segment-by", "time:30s") == [
        ("Hoe begon het? Met een telefoontje van school.", 0.0, 50.0),
        ("Toen kwam oma erbij. En dat hielp echt.", 50.0, 90.0),
    ]


@pytest.mark.parametrize("value", ["time:0s", "sentence", "time:60m"])
def test_a_bad_segment_by_is_one_usage_line(run, tmp_path, value):
    (tmp_path / "t.vtt").write_text(VTT, encoding="utf-8")
    result = run("segment", tmp_path / "t.vtt", "--segment-by", value)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("jimcode: error: --segment-by: ")
    assert "Traceback" not in result.output


def test_cues_asked_of_a_text_transcript_fall_back_with_a_warning(run, study):
    result = run("segment", "case-01.md", "--format", "json", "--segment-by", "cue")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["segment_by"] == "turn"
    assert "segment_by 'cue' needs subtitles with times (.vtt, .srt); segmented by turn" in result.stderr


def test_code_stores_the_time_window_and_a_resumed_session_keeps_it(run, study):
    (study / "t.vtt").write_text(VTT, encoding="utf-8")
    result = code(run, "--segment-by", "time:60s", input="1 n\n", transcript="t.vtt")
    assert result.exit_code == 0, result.output
    ref = load_record(Path("coded/t.anna.json")).transcript
    assert (ref.segment_by, ref.window_seconds, ref.segments) == ("time", 60, 2)
    result = code(run, input="q\n", transcript="t.vtt")  # no option: the record's split is kept
    assert result.exit_code == 0, result.output
    assert "resumed: 1 of 2 coded" in result.stderr


def test_validate_reports_a_record_split_by_older_rules(run, study):
    assert code(run, input="1 n\n").exit_code == 0
    assert run("validate", RECORD).exit_code == 0
    as_version_1(RECORD, {1: "Moeder wilde **echt** niemand erbij hebben."})
    result = run("validate", RECORD)
    assert result.exit_code == 1
    assert (
        "error[transcript-resegmented]: transcript ../case-01.md is split into segments differently than when it "
        "was coded (segmentation 1 then, 2 now); resume with `jimcode code --realign` to carry the decisions over"
    ) in result.stdout


def test_the_answers_template_follows_segment_by(run, study):
    (study / "t.vtt").write_text(VTT, encoding="utf-8")
    by_cue = code(run, "--template", "--segment-by", "cue", transcript="t.vtt")
    assert by_cue.exit_code == 0, by_cue.output
    assert [line for line in by_cue.stdout.splitlines() if line.startswith("# ") and " s00" in line] == [
        "# 1 s001: Hoe begon het?",
        "# 2 s002: Met een telefoontje van school.",
        "# 3 s003: Toen kwam oma erbij.",
        "# 4 s004: En dat hielp echt.",
    ]
    by_window = code(run, "--template", "--segment-by", "time:60s", transcript="t.vtt")
    assert [line for line in by_window.stdout.splitlines() if line.startswith("# ") and " s00" in line] == [
        "# 1 s001: Hoe begon het? Met een telefoontje van school. Toen kwam oma erbij.",
        "# 2 s002: En dat hielp echt.",
    ]
