"""Exports of the transcription services researchers use (issue 13). No public sample with a known
licence was found for these, so each fixture is written here from the service's documented shape
(see tests/data/transcripts/README.md); they test the label styles, not one service's quirks."""

from __future__ import annotations

import json

import docx

from jimcode.transcripts.readers import read_transcript
from tests.conftest import build_files


def turns(path) -> list[tuple[str | None, str]]:
    return [(segment.speaker, segment.text) for segment in read_transcript(path).segments]


WHISPERX_SRT = """1
00:00:00,000 --> 00:00:02,500
[SPEAKER_00]: Hoe begon het?

2
00:00:02,600 --> 00:00:06,000
[SPEAKER_01]: Met een telefoontje van school.

3
00:00:06,100 --> 00:00:08,000
[SPEAKER_01]: Daarna kwam oma.

4
00:00:08,500 --> 00:00:10,000
[SPEAKER_00]: En toen?
"""


def test_whisperx_diarised_srt_and_vtt(tmp_path):
    vtt = "WEBVTT\n\n" + WHISPERX_SRT.replace(",", ".").replace("\n1\n", "\n").replace("1\n00:00:00", "00:00:00", 1)
    build_files(tmp_path, {"wx.srt": WHISPERX_SRT, "wx.vtt": vtt})
    expected = [
        ("SPEAKER_00", "Hoe begon het?"),
        ("SPEAKER_01", "Met een telefoontje van school. Daarna kwam oma."),
        ("SPEAKER_00", "En toen?"),
    ]
    assert turns(tmp_path / "wx.srt") == expected
    assert turns(tmp_path / "wx.vtt") == expected


WHISPERX_JSON = {
    "segments": [
        {"start": 0.03, "end": 2.5, "text": " Hoe begon het?", "speaker": "SPEAKER_00", "words": []},
        {"start": 2.6, "end": 6.0, "text": " Met een telefoontje van school.", "speaker": "SPEAKER_01"},
        {"start": 6.1, "end": 8.0, "text": " Daarna kwam oma."},  # no speaker assigned: continues
        {"start": 8.5, "end": 10.0, "text": " En toen?", "speaker": "SPEAKER_00"},
    ],
    "word_segments": [],
}


def test_whisperx_json_is_read_by_its_content(run, tmp_path):
    build_files(tmp_path, {"interview.json": json.dumps(WHISPERX_JSON)})
    transcript = read_transcript(tmp_path / "interview.json")
    assert transcript.format == "json"
    assert [(s.speaker, s.text, s.start_time, s.end_time, s.start_line, s.end_line) for s in transcript.segments] == [
        ("SPEAKER_00", "Hoe begon het?", 0.03, 2.5, 1, 1),
        ("SPEAKER_01", "Met een telefoontje van school. Daarna kwam oma.", 2.6, 8.0, 2, 3),
        ("SPEAKER_00", "En toen?", 8.5, 10.0, 4, 4),
    ]
    result = run("segment", tmp_path / "interview.json", "--speaker", "SPEAKER_00=Interviewer")
    assert result.exit_code == 0, result.output
    assert "Interviewer" in result.stdout and "SPEAKER_00" not in result.stdout


def test_a_coded_record_is_never_read_as_a_transcript(run):
    from tests.conftest import ROOT

    record = ROOT / "examples" / "coded" / "case-01-noah.anna.json"
    result = run("segment", record)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"jimcode: error: {record}: error[coded-record]: this is a jimcode coded record, not a transcript "
        "(records are read by summary, agreement, validate)"
    )


def test_other_json_is_one_clear_error(run, tmp_path):
    build_files(tmp_path, {"data.json": '{"rows": [1, 2]}', "deep.json": "[" * 100_000 + "]" * 100_000})
    for name, code in (("data.json", "not-a-transcript"), ("deep.json", "not-json")):
        result = run("segment", tmp_path / name)
        assert result.exit_code == 1, result.output
        assert f"error[{code}]" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_folder_of_transcripts_leaves_json_to_the_records(tmp_path):
    from jimcode.cli.coding_run import transcript_files

    build_files(tmp_path, {"a.md": "I: Vraag?\nR: Ja.\n", "b.json": json.dumps(WHISPERX_JSON)})
    assert transcript_files([tmp_path]) == [tmp_path / "a.md"]


def test_words_transcribe_docx_speaker_and_time_lines(tmp_path):
    document = docx.Document()
    for line in [
        "Speaker 1 0:00",
        "Hoe begon het?",
        "Speaker 2 0:04",
        "Met een telefoontje.",
        "Speaker 3 0:09",
        "Mag ik iets zeggen?",
        "Speaker 1 0:12",
        "Natuurlijk.",
        "Speaker 2 0:15",
        "Oma kwam erbij.",
    ]:
        document.add_paragraph(line)
    path = tmp_path / "transcribe.docx"
    document.save(str(path))
    transcript = read_transcript(path)
    assert [(s.speaker, s.text, s.start_time) for s in transcript.segments] == [
        ("Speaker 1", "Hoe begon het?", 0.0),
        ("Speaker 2", "Met een telefoontje.", 4.0),
        ("Speaker 3", "Mag ik iets zeggen?", 9.0),  # speaks once: a timestamped label line is enough
        ("Speaker 1", "Natuurlijk.", 12.0),
        ("Speaker 2", "Oma kwam erbij.", 15.0),
    ]


def test_happy_scribe_text_export(tmp_path):
    text = (
        "[00:00:02.23] - Speaker 1\nHoe begon het?\n\n[00:00:07.10] - Speaker 2\nMet een telefoontje.\n"
        "Van school.\n\n[00:00:12.00] - Speaker 1\nEn toen?\n"
    )
    build_files(tmp_path, {"happy.txt": text})
    transcript = read_transcript(tmp_path / "happy.txt")
    assert [(s.speaker, s.text, s.start_time) for s in transcript.segments] == [
        ("Speaker 1", "Hoe begon het?", 2.23),
        ("Speaker 2", "Met een telefoontje.\nVan school.", 7.1),
        ("Speaker 1", "En toen?", 12.0),
    ]


def test_amberscript_text_and_word_exports(tmp_path):
    text = (
        "Speaker 1 [00:00:01]\nHoe begon het?\n\nSpeaker 2 [00:00:05]\nMet een telefoontje.\n\n"
        "Speaker 1 [00:00:09]\nEn toen?\n"
    )
    build_files(tmp_path, {"amber.txt": text})
    expected = [("Speaker 1", "Hoe begon het?"), ("Speaker 2", "Met een telefoontje."), ("Speaker 1", "En toen?")]
    assert turns(tmp_path / "amber.txt") == expected
    document = docx.Document()
    for line in text.split("\n"):
        if line:
            document.add_paragraph(line)
    document.save(str(tmp_path / "amber.docx"))
    assert turns(tmp_path / "amber.docx") == expected


def test_validate_checks_a_whisperx_json_as_a_transcript(run, tmp_path):
    empty = {"segments": [{"start": 0.0, "end": 1.0, "text": "  "}]}
    build_files(tmp_path, {"ok.json": json.dumps(WHISPERX_JSON), "empty.json": json.dumps(empty)})
    assert run("validate", tmp_path / "ok.json").exit_code == 0
    result = run("validate", tmp_path / "empty.json")
    assert result.exit_code == 1
    assert f"{tmp_path / 'empty.json'}:1: error[no-text]: no transcript text in the file" in result.stdout
    assert "not-a-record" not in result.stdout
