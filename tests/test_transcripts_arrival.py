"""Transcripts as they really arrive (issue 13): headers, one-time speakers, glued labels,
look-alike labels and markup. Each class is a rule; each fixture here is written for this file."""

from __future__ import annotations

import json

import docx
import pytest

from jimcode.errors import InvalidFileError
from jimcode.transcripts.readers import read_transcript
from jimcode.transcripts.segment import MAX_LINES, MAX_SEGMENTS
from jimcode.transcripts.timed import parse_timestamp
from tests.conftest import build_files


def turns(path) -> list[tuple[str | None, str]]:
    return [(segment.speaker, segment.text) for segment in read_transcript(path).segments]


# --- 1. document headers are metadata ------------------------------------------------------------


def test_a_word_title_and_metadata_block_are_the_header_not_turns(tmp_path):
    document = docx.Document()
    document.add_heading("Oral history interview with Mary Jones", level=0)  # Word's Title style
    for line in [
        "Interviewer: Tom Smith",
        "Narrator: Mary Jones",
        "Date: 16/10/2014",
        "Place: Cardiff",
        "Persons Present: Tom Smith, Mary Jones",
        "",
        "Interviewer: Where were you born?",
        "Narrator: In Swansea, in 1931.",
        "Interviewer: And your parents?",
        "Narrator: My father worked in the docks.",
    ]:
        document.add_paragraph(line)
    path = tmp_path / "jones.docx"
    document.save(str(path))
    transcript = read_transcript(path)
    meta = transcript.meta
    assert (meta.title, meta.interviewer, meta.interviewee, meta.date, meta.place) == (
        "Oral history interview with Mary Jones",
        "Tom Smith",
        "Mary Jones",
        "16/10/2014",
        "Cardiff",
    )
    assert meta.details == {"Persons Present": "Tom Smith, Mary Jones"}
    assert turns(path) == [
        ("Interviewer", "Where were you born?"),
        ("Narrator", "In Swansea, in 1931."),
        ("Interviewer", "And your parents?"),
        ("Narrator", "My father worked in the docks."),
    ]


OTTER_MD = """# Interview Marloes

## Details
- Date: 12 March 2024
- Duration: 42 min
- Keywords: school, oma
Recorded on a phone.

## Transcript

**Speaker 1**  0:02
How did it start?

**Marloes**  0:09
With a phone call from school.

**Speaker 1**  0:20
And then?

**Marloes**  0:24
Then we met the grandmother.
"""


def test_an_otter_markdown_title_and_details_block_are_the_header(tmp_path):
    build_files(tmp_path, {"otter.md": OTTER_MD})
    transcript = read_transcript(tmp_path / "otter.md")
    assert transcript.meta.title == "Interview Marloes"
    assert transcript.meta.date == "12 March 2024"
    assert transcript.meta.details == {
        "Duration": "42 min",
        "Keywords": "school, oma",
        "line 7": "Recorded on a phone.",
    }
    assert [(s.speaker, s.text, s.start_time) for s in transcript.segments] == [
        ("Speaker 1", "How did it start?", 2.0),
        ("Marloes", "With a phone call from school.", 9.0),
        ("Speaker 1", "And then?", 20.0),
        ("Marloes", "Then we met the grandmother.", 24.0),
    ]


def test_a_first_line_speaker_is_never_taken_for_a_header(tmp_path):
    # `Interviewer:` with a sentence, then speakers: no header at all, and no key recurs as a header.
    text = "Anna: Goedemorgen.\nDate: is dat een woord?\nAnna: Ja.\nBram: Nee.\nBram: Toch.\n"
    build_files(tmp_path, {"t.txt": text})
    transcript = read_transcript(tmp_path / "t.txt")
    assert transcript.meta.title is None and transcript.meta.date is None
    assert [s.speaker for s in transcript.segments] == ["Anna", "Bram"]


def test_segment_json_names_the_metadata_it_found(run, tmp_path):
    build_files(tmp_path, {"otter.md": OTTER_MD})
    result = run("segment", tmp_path / "otter.md", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["metadata_found"] == {
        "title": "Interview Marloes",
        "date": "12 March 2024",
        "details": {"Duration": "42 min", "Keywords": "school, oma", "line 7": "Recorded on a phone."},
    }


# --- 2. a speaker who speaks once, where the format leaves no doubt ------------------------------

ZOOM_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Thijs Jansen: Welkom allemaal.

2
00:00:04.500 --> 00:00:08.000
Anna Smit: Dank je, fijn dat het lukt.

3
00:00:08.500 --> 00:00:10.000
Pieter Bos: Ik ben er ook even.

4
00:00:10.500 --> 00:00:14.000
Thijs Jansen: Mooi. Anna, vertel.

5
00:00:14.500 --> 00:00:18.000
Anna Smit: Het begon op school.
"""


def test_a_zoom_participant_who_speaks_one_cue_is_a_speaker(tmp_path):
    build_files(tmp_path, {"zoom.vtt": ZOOM_VTT})
    transcript = read_transcript(tmp_path / "zoom.vtt")
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Thijs Jansen", "Welkom allemaal."),
        ("Anna Smit", "Dank je, fijn dat het lukt."),
        ("Pieter Bos", "Ik ben er ook even."),
        ("Thijs Jansen", "Mooi. Anna, vertel."),
        ("Anna Smit", "Het begon op school."),
    ]
    assert transcript.warnings == []


def test_a_one_time_unknown_speaker_in_an_otter_text_export_is_a_speaker(tmp_path):
    text = (
        "Speaker 1  0:03\nHow did it start?\n\nIngrid de Wit  0:09\nWith a call.\n\n"
        "Unknown Speaker  0:15\nSorry, wrong room.\n\nSpeaker 1  0:20\nAnd then?\n\nIngrid de Wit  0:24\nWe met.\n"
    )
    build_files(tmp_path, {"otter.txt": text})
    assert turns(tmp_path / "otter.txt") == [
        ("Speaker 1", "How did it start?"),
        ("Ingrid de Wit", "With a call."),
        ("Unknown Speaker", "Sorry, wrong room."),
        ("Speaker 1", "And then?"),
        ("Ingrid de Wit", "We met."),
    ]


def test_in_plain_prose_a_one_time_label_is_still_text(tmp_path):
    # The lonely-label guard stays where labels are ambiguous: `Note:` once in a colon transcript.
    build_files(tmp_path, {"t.txt": "I: Vraag?\nR: Antwoord.\nOpmerking Jan: Dit was later.\nI: Nog een?\nR: Ja.\n"})
    transcript = read_transcript(tmp_path / "t.txt")
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("I", "Vraag?"),
        ("R", "Antwoord.\nOpmerking Jan: Dit was later."),
        ("I", "Nog een?"),
        ("R", "Ja."),
    ]


# --- 3. labels glued to their text ----------------------------------------------------------------


def test_a_heading_label_glued_to_its_text_is_split(tmp_path):
    text = (
        "### Interviewer\n\nHoe begon het?\n\n### Geïnterviewde\n\nMet een telefoontje.\n\n"
        "### InterviewerEn toen?\n\n### GeïnterviewdeToen kwam oma erbij.\n\n### Interviewer\n\nDank je.\n"
    )
    build_files(tmp_path, {"glued.md": text})
    assert turns(tmp_path / "glued.md") == [
        ("Interviewer", "Hoe begon het?"),
        ("Geïnterviewde", "Met een telefoontje."),
        ("Interviewer", "En toen?"),
        ("Geïnterviewde", "Toen kwam oma erbij."),
        ("Interviewer", "Dank je."),
    ]


def test_a_heading_that_only_starts_like_a_speaker_is_not_split(tmp_path):
    text = (
        "### Interviewer\n\nVraag?\n\n### Jeroen\n\nAntwoord.\n\n### Interviewer\n\nNog een?\n\n"
        "### Jeroen\n\nJa.\n\n### Interviewers' notes\n"
    )
    build_files(tmp_path, {"t.md": text})
    assert turns(tmp_path / "t.md")[-1] == ("Jeroen", "Ja.\n\nInterviewers' notes")


# --- 4. look-alike labels -------------------------------------------------------------------------


def test_a_one_time_typo_label_merges_into_the_frequent_one_with_a_warning(tmp_path):
    text = (
        "Interviewer: Vraag een?\nRespondent: Antwoord een.\nInterviewer: Vraag twee?\n"
        "Respondnet: Antwoord twee.\nInterviewer: Vraag drie?\nRespondent: Antwoord drie.\n"
        "Interviewer: Vraag vier?\nRespondent: Antwoord vier.\n"
    )
    build_files(tmp_path, {"typo.txt": text})
    transcript = read_transcript(tmp_path / "typo.txt")
    assert [s.speaker for s in transcript.segments] == ["Interviewer", "Respondent"] * 4
    assert transcript.segments[3].text == "Antwoord twee."
    assert transcript.warnings == [
        f"{tmp_path / 'typo.txt'}:4: warning[look-alike-label]: 'Respondnet' appears once and looks like "
        "'Respondent', so it was read as that speaker; if it is someone else, run again with "
        "--speaker 'Respondnet=Respondnet'"
    ]
    undone = read_transcript(tmp_path / "typo.txt", speakers={"Respondnet": "Respondnet"})
    assert undone.segments[3].speaker == "Respondnet"


def test_a_stray_word_in_a_label_merges_but_a_number_makes_another_speaker(tmp_path):
    text = (
        "Interviewer: Een?\nJane Doe: Ja.\nInterviewer: Twee?\nJane Doe Jane: Ja ook.\nInterviewer: Drie?\n"
        "Jane Doe: Zeker.\nInterviewer 2: Mag ik ook?\nInterviewer: Vier?\nJane Doe: Klaar.\n"
    )
    build_files(tmp_path, {"t.txt": text})
    speakers = [s.speaker for s in read_transcript(tmp_path / "t.txt").segments]
    assert speakers == ["Interviewer", "Jane Doe"] * 3 + ["Interviewer 2", "Interviewer", "Jane Doe"]


# --- 5. markup does not leak into segment text ----------------------------------------------------


def test_word_bold_never_reaches_the_segment_text(tmp_path):
    document = docx.Document()
    for name, before, bold, after in [
        ("Interviewer", "Wat was ", "echt", " belangrijk?"),
        ("Marloes", "Dat oma ", "zelf", " belde."),
        ("Interviewer", "En ", "daarna", "?"),
        ("Marloes", "Rust.", "", ""),
    ]:
        paragraph = document.add_paragraph()
        paragraph.add_run(name + ":").bold = True
        paragraph.add_run(" " + before)
        if bold:
            paragraph.add_run(bold).bold = True
        paragraph.add_run(after)
    path = tmp_path / "bold.docx"
    document.save(str(path))
    assert turns(path) == [
        ("Interviewer", "Wat was echt belangrijk?"),
        ("Marloes", "Dat oma zelf belde."),
        ("Interviewer", "En daarna?"),
        ("Marloes", "Rust."),
    ]


def test_markdown_emphasis_is_plain_in_segments(tmp_path):
    build_files(tmp_path, {"t.md": "I: Was het **echt** zo?\nR: Ja, __heel__ erg.\nI: Oké.\nR: Zeker.\n"})
    assert turns(tmp_path / "t.md")[:2] == [("I", "Was het echt zo?"), ("R", "Ja, heel erg.")]


# --- limits ---------------------------------------------------------------------------------------


def test_a_transcript_of_more_segments_than_the_cap_is_refused(tmp_path):
    turns_text = "".join(f"{'I' if n % 2 else 'R'}: Zin {n}.\n" for n in range(MAX_SEGMENTS + 1))
    build_files(tmp_path, {"huge.txt": turns_text})
    with pytest.raises(InvalidFileError) as caught:
        read_transcript(tmp_path / "huge.txt")
    assert [d.code for d in caught.value.diagnostics] == ["too-many-segments"]
    assert caught.value.diagnostics[0].message == (
        f"the transcript splits into {MAX_SEGMENTS + 1:,} segments; jimcode codes at most {MAX_SEGMENTS:,} segments "
        "per transcript (an interview has hundreds): split the file, or check that it is a transcript"
    )


@pytest.mark.slow
def test_the_cap_itself_is_accepted(tmp_path):
    turns_text = "".join(f"{'I' if n % 2 else 'R'}: Zin {n}.\n" for n in range(MAX_SEGMENTS))
    build_files(tmp_path, {"big.txt": turns_text})
    assert len(read_transcript(tmp_path / "big.txt").segments) == MAX_SEGMENTS


def test_a_vtt_hour_of_321_digits_is_a_malformed_time(run, tmp_path):
    assert parse_timestamp("9" * 321 + ":00:01.000").malformed
    vtt = f"WEBVTT\n\n{'9' * 321}:00:01.000 --> 00:00:02.000\nI: Hallo.\n\n00:00:03.000 --> 00:00:04.000\nR: Dag.\n"
    build_files(tmp_path, {"t.vtt": vtt})
    result = run("segment", tmp_path / "t.vtt", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [s["text"] for s in json.loads(result.stdout)["segments"]] == ["Hallo.", "Dag."]
    assert "malformed timestamp" in result.stderr


# --- zip-based formats go through one guarded reader -----------------------------------------------


def _docx_with_document_xml(path, document_xml: bytes) -> None:
    """A real .docx (from python-docx) whose word/document.xml is replaced."""
    import zipfile

    source = path.with_suffix(".source.docx")
    docx.Document().save(str(source))
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = document_xml if info.filename == "word/document.xml" else original.read(info)
            bomb.writestr(info.filename, data)


def test_a_zip_bomb_docx_is_refused_before_it_inflates(run, tmp_path):
    path = tmp_path / "bomb.docx"
    _docx_with_document_xml(path, b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>")
    assert path.stat().st_size < 100_000  # 30 MB of XML packed small: the ratio gives it away
    result = run("segment", path)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"jimcode: error: {path}: error[zip-bomb]: 'word/document.xml' inflates ")
    assert lines[0].endswith("times (to 31,457,305 bytes); a zip bomb, not a document: refusing to read it")


def test_a_fifo_is_refused_not_waited_on(run, tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # no writer ever comes: a blocking open would wait for ever
    result = run("segment", fifo)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"jimcode: error: {fifo}: error[not-a-file]: this is a device, pipe or socket, not a regular file"
    )


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">Interview casus Saar</text:h>
  <text:p>Datum: 3 mei 2024</text:p>
  <text:p>Plaats: Utrecht</text:p>
  <text:p/>
  <text:p><text:span text:style-name="T1">Interviewer:</text:span> Hoe ging<text:s/> het <text:span
    text:style-name="T1">echt</text:span>?</text:p>
  <text:p><text:span text:style-name="T1">Thijs:</text:span> Goed.<text:line-break/>Daarna beter.</text:p>
  <text:list><text:list-item><text:p><text:span text:style-name="T1">Interviewer:</text:span> En oma?</text:p>
  </text:list-item></text:list>
  <table:table><table:table-row><table:table-cell><text:p>Thijs</text:p></table:table-cell>
   <table:table-cell><text:p>Die was er altijd.</text:p></table:table-cell></table:table-row></table:table>
 </office:text></office:body>
</office:document-content>
"""


def _odt(path, content: str) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)


def test_an_odt_transcript_reads_like_a_word_one(tmp_path):
    path = tmp_path / "saar.odt"
    _odt(path, ODT_CONTENT)
    transcript = read_transcript(path)
    assert transcript.format == "odt"
    assert (transcript.meta.title, transcript.meta.date, transcript.meta.place) == (
        "Interview casus Saar",
        "3 mei 2024",
        "Utrecht",
    )
    assert [(s.speaker, s.text) for s in transcript.segments] == [
        ("Interviewer", "Hoe ging het echt?"),
        ("Thijs", "Goed.\nDaarna beter."),
        ("Interviewer", "En oma?"),
        ("Thijs", "Die was er altijd."),
    ]


def test_an_odt_with_a_dtd_is_refused(run, tmp_path):
    path = tmp_path / "laughs.odt"
    content = ODT_CONTENT.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
    )
    _odt(path, content)
    result = run("segment", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"jimcode: error: {path}: error[not-odt]: content.xml declares a DTD; refusing to read it"
    )


def test_a_file_of_more_lines_or_cues_than_any_transcript_is_refused_before_segmenting(run, tmp_path):
    too_many = MAX_LINES + 1
    build_files(
        tmp_path,
        {
            "lines.md": "ja\n" * too_many,
            "cues.vtt": "WEBVTT\n\n" + "00:00:01.000 --> 00:00:02.000\nja\n\n" * too_many,
        },
    )
    for name, what in (("lines.md", "non-blank lines"), ("cues.vtt", "cues")):
        result = run("segment", tmp_path / name)
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"jimcode: error: {tmp_path / name}: error[too-many-segments]: the transcript has {too_many:,} {what}; "
            f"jimcode reads at most {MAX_LINES:,} and codes at most {MAX_SEGMENTS:,} segments per transcript"
        )
        assert len(result.stderr.strip().splitlines()) == 1


def test_segment_shows_the_metadata_apart_from_the_segments(run, tmp_path):
    build_files(tmp_path, {"m.md": "# Interview Marloes\n\nDatum: 3 mei 2024\nDuur: 40 min\n\nI: Vraag?\nR: Ja.\n"})
    result = run("segment", tmp_path / "m.md")
    assert result.exit_code == 0, result.output
    rows = [line.strip("│ ").split("│") for line in result.stdout.splitlines() if line.startswith("│")]
    assert [[cell.strip() for cell in row] for row in rows[:3]] == [
        ["title", "Interview Marloes"],
        ["date", "3 mei 2024"],
        ["Duur", "40 min"],
    ]
    assert [row[0].strip() for row in rows[3:5]] == ["s001", "s002"]
