"""Readers per format: front matter, WebVTT, SubRip and Word."""

from __future__ import annotations

import docx
import pytest

from jimcode.errors import InvalidFileError
from jimcode.transcripts.readers import read_transcript
from jimcode.transcripts.timed import parse_timestamp
from tests.conftest import ROOT, build_files

DATA = ROOT / "tests" / "data" / "transcripts"
BODY = "I: Vraag?\nR: Antwoord.\nI: Nog een?\nR: Ja.\n"


def errors_of(path) -> list[tuple[int, str]]:
    with pytest.raises(InvalidFileError) as caught:
        read_transcript(path)
    return [(d.line, d.code) for d in caught.value.diagnostics]


# --- front matter -------------------------------------------------------------------------------


def test_front_matter_fills_the_metadata():
    transcript = read_transcript(DATA / "roles_front_matter.md")
    meta = transcript.meta
    assert transcript.id == "interview-cecile"
    assert (meta.case, meta.organisation, meta.date, meta.language) == ("Noah", "Levvel", "2024-03-05", "nl")
    assert meta.attributes == {"child_age": 13, "jim_positioned": True, "parent_signals": ["intergenerational"]}
    assert meta.speakers == {"I": "Interviewer", "R": "Cecile"}
    assert transcript.segments[0].start_line == 18  # line numbers count the front matter


def test_the_id_defaults_to_the_file_name(tmp_path):
    build_files(tmp_path, {"case-02-sem.txt": BODY})
    assert read_transcript(tmp_path / "case-02-sem.txt").id == "case-02-sem"


def test_front_matter_overrides_segmentation(tmp_path):
    build_files(tmp_path, {"t.md": "---\nsegment_by: paragraph\nspeakers:\n  R: Sem\n---\n" + BODY})
    transcript = read_transcript(tmp_path / "t.md")
    assert transcript.segment_by == "paragraph"
    assert [s.speaker for s in transcript.segments] == ["I", "Sem", "I", "Sem"]
    again = read_transcript(tmp_path / "t.md", segment_by="turn", speakers={"R": "Respondent"})
    assert again.segment_by == "turn"
    assert [s.speaker for s in again.segments] == ["I", "Respondent", "I", "Respondent"]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("id: x\nintervieuwer: Jan\n", [(3, "unknown-key")]),
        ("id: 12\n", [(2, "wrong-type")]),
        ("case: Noah\ncase: Sem\n", [(3, "duplicate-key")]),
        ("segment_by: sentence\n", [(2, "bad-value")]),
        ("speakers: [I, R]\n", [(2, "wrong-type")]),
        ("attributes:\n  child_age: {years: 13}\n", [(3, "wrong-type")]),
        ("- id\n- case\n", [(2, "wrong-type")]),
        ("id: x\ncase: [unclosed\n", [(3, "yaml-syntax")]),
        ("id: x\n\tcase: Noah\n", [(3, "tab-indent")]),
        ("id: !!python/object:os.system x\n", [(2, "python-tag")]),
    ],
)
def test_front_matter_errors_point_at_their_line(tmp_path, front, expected):
    build_files(tmp_path, {"t.md": f"---\n{front}---\n{BODY}"})
    assert errors_of(tmp_path / "t.md") == expected


def test_front_matter_error_message_names_the_key_and_a_fix(tmp_path):
    build_files(tmp_path, {"t.md": "---\nid: x\nintervieuwer: Jan\n---\n" + BODY})
    with pytest.raises(InvalidFileError) as caught:
        read_transcript(tmp_path / "t.md")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 't.md'}:3:1: error[unknown-key]: front matter: ")
    assert "did you mean 'interviewer'?" in message


def test_front_matter_never_closed(tmp_path):
    build_files(tmp_path, {"t.md": "---\nid: x\n" + BODY})
    assert errors_of(tmp_path / "t.md") == [(1, "front-matter")]


def test_empty_front_matter_is_fine(tmp_path):
    build_files(tmp_path, {"t.md": "---\n# nothing yet\n---\n" + BODY})
    assert len(read_transcript(tmp_path / "t.md").segments) == 4


def test_a_key_value_header_without_front_matter_is_metadata(tmp_path):
    text = "Interviewer: Jan de Vries\nDatum: 5 maart 2024\nPlaats: Utrecht\n\nInterviewer: Welkom.\nR: Dank je.\n"
    build_files(tmp_path, {"t.txt": text})
    transcript = read_transcript(tmp_path / "t.txt")
    assert (transcript.meta.interviewer, transcript.meta.date, transcript.meta.place) == (
        "Jan de Vries",
        "5 maart 2024",
        "Utrecht",
    )
    assert [(s.speaker, s.text, s.start_line) for s in transcript.segments] == [
        ("Interviewer", "Welkom.", 5),
        ("R", "Dank je.", 6),
    ]


def test_a_first_turn_is_not_mistaken_for_a_header(tmp_path):
    build_files(tmp_path, {"t.txt": "Interviewer: Goedemorgen\nR: Hallo.\nInterviewer: Zullen we?\n"})
    transcript = read_transcript(tmp_path / "t.txt")
    assert transcript.meta.interviewer is None
    assert transcript.segments[0].text == "Goedemorgen"


# --- WebVTT and SubRip --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "seconds"),
    [
        ("00:01:02.500", 62.5),
        ("01:02.500", 62.5),
        ("1:02:03,250", 3723.25),
        ("0:0:10.20", 10.02),
        ("0:0:8.970", 8.97),
        ("00:00:10.2", 10.2),
        ("0:0:-6.-820", None),
        ("abc", None),
        ("", None),
    ],
)
def test_timestamps_are_read_tolerantly(token, seconds):
    found = parse_timestamp(token).seconds
    assert found == (pytest.approx(seconds) if seconds is not None else None)


def test_voice_tags_notes_styles_entities_and_several_voices_in_one_cue():
    transcript = read_transcript(DATA / "voices.vtt")
    assert [(s.speaker, s.text, s.start_time, s.end_time) for s in transcript.segments] == [
        ("Interviewer", "Hoe & wanneer begon het?", 0.0, 3.5),
        ("Jeroen de Vries", "Na de zomer.", 3.5, 7.0),
        ("Interviewer", "Juist.", 3.5, 7.0),
        ("Jeroen de Vries", "Oom was er al vanaf het begin. Dat maakte het makkelijker.", 7.0, 11.0),
    ]
    assert "note" not in " ".join(s.text for s in transcript.segments).lower()
    assert transcript.warnings == []


def test_zoom_name_prefixes_and_unlabelled_cues_continue_the_speaker():
    transcript = read_transcript(DATA / "zoom.vtt")
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Thijs Jansen", "Welcome, thanks for making time."),
        ("Anna Smit", "Sure. Saar's parents found it hard. They did not want to involve family yet."),
        ("Thijs Jansen", "What happened next?"),
        ("Anna Smit", "We kept talking: about shame, about pain."),
    ]
    assert (transcript.segments[1].start_line, transcript.segments[1].end_line) == (9, 13)


def test_subrip_with_crlf_markup_and_name_prefixes():
    transcript = read_transcript(DATA / "labels.srt")
    assert transcript.format == "srt"
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Interviewer", "Hoe gaat het met Daan?"),
        ("Fatima", "Niet goed. Er was een logeeropvang nodig."),
        ("Interviewer", "Oh."),
        ("Fatima", "Ja. Twee weekenden per maand."),
    ]
    assert (transcript.segments[1].start_time, transcript.segments[1].end_time) == (3.5, 8.0)


def test_voice_speakers_can_be_renamed(tmp_path):
    transcript = read_transcript(DATA / "voices.vtt", speakers={"Jeroen de Vries": "Jeroen"})
    assert [s.speaker for s in transcript.segments] == ["Interviewer", "Jeroen", "Interviewer", "Jeroen"]


def test_timed_paragraph_mode_splits_a_turn_at_pauses(tmp_path):
    cues = [
        ("00:00:00.000", "00:00:02.000", "<v A>Eerste zin."),
        ("00:00:02.100", "00:00:04.000", "<v A>Zelfde adem"),
        ("00:00:06.000", "00:00:08.000", "<v A>loopt door."),
        ("00:00:10.000", "00:00:12.000", "<v A>Na een pauze."),
    ]
    text = "WEBVTT\n\n" + "\n\n".join(f"{a} --> {b}\n{t}" for a, b, t in cues) + "\n"
    build_files(tmp_path, {"p.vtt": text})
    assert len(read_transcript(tmp_path / "p.vtt").segments) == 1
    paragraphs = read_transcript(tmp_path / "p.vtt", segment_by="paragraph").segments
    assert [s.text for s in paragraphs] == ["Eerste zin. Zelfde adem loopt door.", "Na een pauze."]
    assert {s.speaker for s in paragraphs} == {"A"}


def test_broken_cues_lose_no_text(tmp_path):
    text = (
        "1\n00:00:01,000 --> garbage\nEerste cue.\n\nstray line without timing\n\n"
        "2\n-1:00:02,000 --> 00:00:03,000\nTweede cue.\n\n3\n00:00:04,000 --> 00:00:05,000\n"
    )
    build_files(tmp_path, {"broken.srt": text})
    transcript = read_transcript(tmp_path / "broken.srt")
    words = " ".join(s.text for s in transcript.segments)
    assert words == "Eerste cue. stray line without timing Tweede cue."
    assert len(transcript.warnings) == 1 and "2 malformed timestamp(s)" in transcript.warnings[0]


def test_webvtt_without_header_is_read_with_a_warning(tmp_path):
    build_files(tmp_path, {"n.vtt": "00:00.000 --> 00:01.000\nHallo.\n"})
    transcript = read_transcript(tmp_path / "n.vtt")
    assert transcript.segments[0].text == "Hallo."
    assert "WEBVTT" in transcript.warnings[0]


def test_a_timed_file_without_cues_is_an_error(tmp_path):
    build_files(tmp_path, {"x.vtt": "WEBVTT\n\nJust some text.\n", "y.srt": "Only text here.\n"})
    assert errors_of(tmp_path / "x.vtt") == [(1, "no-cues")]
    assert errors_of(tmp_path / "y.srt") == [(1, "no-cues")]


# --- Word ---------------------------------------------------------------------------------------


def make_docx(path, build) -> None:
    document = docx.Document()
    build(document)
    document.save(str(path))


def test_docx_paragraphs_header_and_labels(tmp_path):
    def build(document):
        document.add_paragraph("Interviewer: Onderzoeker B")
        document.add_paragraph("Datum: 12 april 2024")
        document.add_paragraph("Plaats: Amsterdam")
        document.add_paragraph("")
        document.add_paragraph("Interviewer: Hoe oud was Lotte toen jullie begonnen?")
        document.add_paragraph("Marloes: Vijf. Ouders vonden het heel moeilijk.")
        document.add_paragraph("Het duurde vijf maanden.")
        document.add_paragraph("Interviewer: En oma?")
        document.add_paragraph("Marloes: Oma van moeders kant werd de JIM.")

    path = tmp_path / "case-03-lotte.docx"
    make_docx(path, build)
    transcript = read_transcript(path)
    assert transcript.format == "docx"
    assert (transcript.meta.interviewer, transcript.meta.date, transcript.meta.place) == (
        "Onderzoeker B",
        "12 april 2024",
        "Amsterdam",
    )
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Interviewer", "Hoe oud was Lotte toen jullie begonnen?"),
        ("Marloes", "Vijf. Ouders vonden het heel moeilijk.\nHet duurde vijf maanden."),
        ("Interviewer", "En oma?"),
        ("Marloes", "Oma van moeders kant werd de JIM."),
    ]
    assert transcript.segments[0].start_line == 5


def test_docx_bold_names_headings_and_tables(tmp_path):
    def build(document):
        document.add_heading("Interview casus Lotte", level=1)
        for name, text in [("Interviewer", "Wat was de hulpvraag?"), ("Marloes", "Rust."), ("Interviewer", "Dank.")]:
            paragraph = document.add_paragraph()
            paragraph.add_run(name).bold = True
            paragraph.add_run(" " + text)
        document.add_heading("Marloes", level=3)
        document.add_paragraph("Nog iets over oma.")
        table = document.add_table(rows=2, cols=2)
        for row, (name, text) in zip(
            table.rows, [("Interviewer", "Laatste vraag?"), ("Marloes", "Tot ziens.")], strict=False
        ):
            row.cells[0].text, row.cells[1].text = name, text

    path = tmp_path / "lotte.docx"
    make_docx(path, build)
    transcript = read_transcript(path)
    assert transcript.meta.title == "Interview casus Lotte"  # a title is metadata, not a turn
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Interviewer", "Wat was de hulpvraag?"),
        ("Marloes", "Rust."),
        ("Interviewer", "Dank."),
        ("Marloes", "Nog iets over oma."),
        ("Interviewer", "Laatste vraag?"),
        ("Marloes", "Tot ziens."),
    ]


def test_docx_names_followed_by_a_tab(tmp_path):
    def build(document):
        for name, text in [("Interviewer", "Hoe oud is Saar?"), ("Thijs", "Vier."), ("Interviewer", "En nu?")]:
            document.add_paragraph(f"{name}\t{text}")
        document.add_paragraph("Thijs\tWe praten nog met ouders.")

    make_docx(tmp_path / "saar.docx", build)
    transcript = read_transcript(tmp_path / "saar.docx")
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Interviewer", "Hoe oud is Saar?"),
        ("Thijs", "Vier."),
        ("Interviewer", "En nu?"),
        ("Thijs", "We praten nog met ouders."),
    ]


def test_docx_hash_ignores_formatting_but_not_words(tmp_path):
    def plain(document):
        document.add_paragraph("I: Vraag?")
        document.add_paragraph("R: Antwoord.")

    def styled(document):
        document.add_paragraph("I: Vraag?")
        paragraph = document.add_paragraph("R: ")
        paragraph.add_run("Antwoord.").italic = True

    make_docx(tmp_path / "a.docx", plain)
    make_docx(tmp_path / "b.docx", styled)
    assert read_transcript(tmp_path / "a.docx").sha256 == read_transcript(tmp_path / "b.docx").sha256


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"I: this is plain text with a .docx name\n", "not-docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old-word-file"),
        (b"PK\x03\x04 truncated zip", "not-docx"),
        (b"", "empty-file"),
    ],
)
def test_broken_docx_files_are_clear_errors(tmp_path, content, code):
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    assert [c for _, c in errors_of(path)] == [code]


def test_an_empty_word_document_has_no_text(tmp_path):
    make_docx(tmp_path / "empty.docx", lambda document: None)
    assert [c for _, c in errors_of(tmp_path / "empty.docx")] == ["no-text"]


def test_the_readme_front_matter_example_reads(tmp_path):
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Transcripts") :]
    example = section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", section.index("```yaml"))]
    build_files(tmp_path, {"noah.md": example})
    transcript = read_transcript(tmp_path / "noah.md")
    assert transcript.id == "case-01-noah"
    assert transcript.meta.place == "Amsterdam"
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Interviewer", "Hoe kwam dit gezin bij jou terecht?")
    ]


@pytest.mark.slow
def test_a_2000_turn_transcript_keeps_every_turn(tmp_path):
    # Its reading time is measured in benchmarks/bench_transcript.py, not here.
    sentence = "Oma was er al vanaf het begin, maar ouders moesten er echt aan wennen. "
    turns = "".join(f"{'I' if n % 2 else 'R'}: {sentence * (1 + n % 5)}\n\n" for n in range(2000))
    build_files(tmp_path, {"long.md": f"---\nid: long\n---\n{turns}"})
    transcript = read_transcript(tmp_path / "long.md")
    assert len(transcript.segments) == 2000
    assert [s.id for s in transcript.segments[-2:]] == ["s1999", "s2000"]
    assert transcript.segments[1999].text == (sentence * 5).strip()


def test_webvtt_header_lines_are_metadata_not_cues(tmp_path):
    text = (
        "WEBVTT\nCasus: Yara\nOrganisatie: Youké\nKind: captions\n\n"
        "00:00:01.000 --> 00:00:03.000\n<v Anouk Bakker>Hoe oud is Yara?\n\n"
        "00:00:03.500 --> 00:00:05.000\n<v Jeroen de Vries>Zeven.\n"
    )
    build_files(tmp_path, {"y.vtt": text})
    transcript = read_transcript(tmp_path / "y.vtt")
    assert (transcript.meta.case, transcript.meta.organisation) == ("Yara", "Youké")
    assert transcript.case == "Yara"
    assert [s.text for s in transcript.segments] == ["Hoe oud is Yara?", "Zeven."]
