"""`jimcode segment` and `jimcode validate` on transcripts, through the real CLI."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, build_files

DATA = ROOT / "tests" / "data" / "transcripts"
REAL = ROOT / "tests" / "data" / "real-transcripts"
QUALCODER = REAL / "en_qualcoder_bracket_id_labels.txt"
TEAMS = REAL / "en_teams_voice_tags_crlf.vtt"


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("jimcode: error: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_segment_table_shows_segments_and_speaker_statistics(run):
    result = run("segment", QUALCODER)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "7 segments by turn" in out
    for expected in ("s001", "s007", "id1", "id2", "id3", "hello, I like the course."):
        assert expected in out
    speakers = out[out.index("Speakers") :]
    rows = {line.split("│")[1].strip(): line for line in speakers.splitlines() if line.startswith("│")}
    assert set(rows) == {"id1", "id2", "id3"}
    assert [cell.strip() for cell in rows["id1"].split("│")[2:4]] == ["3", "88"]
    assert result.stderr == ""


def test_segment_json_is_the_transcript_plus_statistics(run):
    result = run("segment", TEAMS, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["format"] == "webvtt" and data["segment_by"] == "turn"
    assert len(data["segments"]) == 100
    assert data["segments"][0] == {
        "id": "s001",
        "index": 0,
        "speaker": "Hurst, Peter",
        "text": "Yeah.",
        "start_line": 4,
        "end_line": 4,
        "start_time": 0.0,
        "end_time": 0.25,
    }
    assert [(row["speaker"], row["segments"]) for row in data["speaker_statistics"]] == [
        ("Hurst, Peter", 50),
        ("Wright, Steve", 50),
    ]
    assert len(data["sha256"]) == 64
    assert "malformed timestamp" in result.stderr  # warnings on stderr, never in the JSON stream


def test_segment_overrides_from_the_command_line(run):
    result = run(
        "segment",
        DATA / "roles_front_matter.md",
        "-f",
        "json",
        "--speaker",
        "R=Cecile Jansen",
        "--segment-by",
        "paragraph",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["segment_by"] == "paragraph"
    assert [s["speaker"] for s in data["segments"]][:4] == [None, "Interviewer", "Cecile Jansen", "Cecile Jansen"]


def test_segment_speaker_option_needs_label_equals_name(run):
    result = run("segment", QUALCODER, "--speaker", "id1")
    assert result.exit_code == 2
    assert "LABEL=NAME" in result.stderr
    assert "Traceback" not in result.output


def test_segment_full_text_and_markup_is_shown_literally(run, tmp_path):
    long_turn = "Het begon [bold]niet[/bold] goed. " * 20
    build_files(tmp_path, {"t.txt": f"I: Vraag?\nR: {long_turn}\nI: Dank.\n"})
    preview = run("segment", tmp_path / "t.txt")
    assert preview.exit_code == 0
    assert "[bold]niet[/bold]" in preview.stdout
    assert "…" in preview.stdout
    full = run("segment", tmp_path / "t.txt", "--full")
    assert "".join(full.stdout.split()).count("[bold]niet[/bold]") == 20


@pytest.mark.parametrize(
    ("files", "name", "expected"),
    [
        ({"empty.md": ""}, "empty.md", "empty.md:1: error[empty-file]: the file is empty"),
        ({"junk.txt": b"\x00\x01\x02\xff" * 50}, "junk.txt", "error[binary-file]"),
        ({"bad.md": "---\nid: x\ncsae: Noah\n---\nI: hoi\n"}, "bad.md", "bad.md:3:1: error[unknown-key]"),
        ({"open.md": "---\nid: x\nI: hoi\n"}, "open.md", "open.md:1:1: error[front-matter]"),
        ({"plain.docx": "I: not a docx\n"}, "plain.docx", "error[not-docx]"),
        ({}, "missing.vtt", "missing.vtt: error[unreadable]"),
    ],
)
def test_segment_bad_input_is_one_line_and_exit_1(run, tmp_path, files, name, expected):
    build_files(tmp_path, files)
    line = one_error_line(run("segment", tmp_path / name))
    assert expected in line


def test_validate_accepts_good_transcripts(run):
    files = sorted(p for p in DATA.iterdir() if p.suffix in (".md", ".txt", ".vtt", ".srt"))
    result = run("validate", *files)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"{len(files)} file(s) checked, all valid" in result.stderr


def test_validate_reports_front_matter_errors_with_file_and_line(run, tmp_path):
    build_files(
        tmp_path,
        {
            "a.md": "---\nid: 12\nsegment_by: sentence\n---\nI: hoi\n",
            "b.txt": "I: fine\nR: fine\n",
        },
    )
    result = run("validate", tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{tmp_path / 'a.md'}:2:5: error[wrong-type]: front matter: id: 'id' should be text, got the number 12 "
        "(put it in quotes)",
        f"{tmp_path / 'a.md'}:3:13: error[bad-value]: front matter: segment_by: 'segment_by' is the text "
        "'sentence'; use one of 'turn', 'paragraph', 'cue' or 'time:60s'",
    ]
    assert "2 file(s) checked, 1 invalid (2 error(s))" in result.stderr


def test_validate_shows_warnings_but_passes(run, tmp_path):
    build_files(tmp_path, {"old.txt": "I: Caf\xe9?\nR: Ja.\n".encode("cp1252")})
    result = run("validate", tmp_path / "old.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    [warning] = json.loads(result.stdout)
    assert (warning["line"], warning["code"], warning["severity"]) == (1, "encoding", "warning")


def test_validate_real_transcripts(run):
    result = run("validate", REAL / "en_teams_voice_tags_crlf.vtt", QUALCODER, REAL / "en_whisper_nospeakers_crlf.srt")
    assert result.exit_code == 0
    assert "warning[timestamp]" in result.stdout
