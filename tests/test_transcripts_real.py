"""Real transcripts from public repositories (see tests/data/real-transcripts/SOURCES.md) and the study's PDF text."""

from __future__ import annotations

import itertools
import re

import pytest

from jimcode.transcripts.readers import read_transcript
from jimcode.transcripts.stats import speaker_statistics
from tests.conftest import ROOT

REAL = ROOT / "tests" / "data" / "real-transcripts"
SEED = ROOT / "tests" / "data" / "seed" / "jim-12min-praktijkonderzoek.txt"
TEAMS = REAL / "en_teams_voice_tags_crlf.vtt"
ONEDRIVE = REAL / "en_onedrive_interview_bom_nospeakers.vtt"
WHISPER = REAL / "en_whisper_nospeakers_crlf.srt"
QUALCODER = REAL / "en_qualcoder_bracket_id_labels.txt"


def test_the_copies_are_unmodified():
    # The bytes the SOURCES.md table describes: BOM, CRLF and the negative timestamp are still there.
    assert TEAMS.read_bytes().count(b"\r\n") > 300
    assert b"0:0:-6.-820 --> 0:0:8.970" in TEAMS.read_bytes()
    assert ONEDRIVE.read_bytes().startswith(b"\xef\xbb\xbfWEBVTT\r\n")
    assert WHISPER.read_bytes().count(b"-->") == 753
    assert "ccbogel/QualCoder" in (REAL / "SOURCES.md").read_text("utf-8")


def test_teams_two_speakers_one_hundred_turns():
    transcript = read_transcript(TEAMS)
    assert transcript.format == "webvtt"
    assert transcript.segment_by == "turn"
    assert len(transcript.segments) == 100
    stats = speaker_statistics(transcript)
    assert [(row.speaker, row.segments) for row in stats] == [("Hurst, Peter", 50), ("Wright, Steve", 50)]
    speakers = [s.speaker for s in transcript.segments]
    assert all(a != b for a, b in itertools.pairwise(speakers)), "consecutive cues of one speaker merge"


def test_teams_every_cue_text_is_kept_in_order():
    raw = TEAMS.read_text("utf-8")
    cue_words = " ".join(re.findall(r"<v [^>]*>(.*?)</v>", raw)).split()
    transcript = read_transcript(TEAMS)
    assert " ".join(s.text for s in transcript.segments).split() == cue_words


def test_teams_odd_timestamps_keep_their_text():
    transcript = read_transcript(TEAMS)
    first, second, third = transcript.segments[:3]
    assert (first.start_time, first.end_time) == (0.0, 0.25)
    assert second.text.startswith("Thing where like I'm like")
    assert second.start_time is None  # 0:0:-6.-820
    assert second.end_time == pytest.approx(8.97)
    assert third.start_time == pytest.approx(10.02)  # 0:0:10.20: Teams writes milliseconds unpadded
    assert [w for w in transcript.warnings if "timestamp" in w and "0:0:-6.-820" in w]
    assert second.start_line == second.end_line == 7


def test_teams_merged_turn_keeps_first_start_and_last_end():
    transcript = read_transcript(TEAMS)
    merged = next(s for s in transcript.segments if s.text.startswith("No, that was. Like this to be."))
    assert merged.speaker == "Hurst, Peter"
    assert merged.start_time == pytest.approx(18.34)
    assert merged.end_time == pytest.approx(21.04)
    assert (merged.start_line, merged.end_line) == (16, 19)


@pytest.mark.parametrize(("path", "cues"), [(ONEDRIVE, 271), (WHISPER, 753)])
def test_unlabelled_timed_transcripts_invent_no_speakers(path, cues):
    transcript = read_transcript(path)
    assert transcript.segment_by == "paragraph"
    assert {s.speaker for s in transcript.segments} == {None}
    assert 20 < len(transcript.segments) < cues / 2, "cues are grouped into paragraphs"
    assert all(s.start_time is not None and s.end_time is not None for s in transcript.segments)
    assert transcript.warnings == []


def test_onedrive_sentences_split_over_cues_are_joined():
    transcript = read_transcript(ONEDRIVE)
    assert transcript.segments[0].text == "Recording."
    assert any(
        "This project is about friendship, and I'd like you just to think about one of your friends" in s.text
        for s in transcript.segments
    )
    words = " ".join(s.text for s in transcript.segments).split()
    assert len(words) == 2452


def test_whisper_comma_decimals_and_all_words():
    transcript = read_transcript(WHISPER)
    assert transcript.segments[0].start_time == pytest.approx(43.81)
    assert transcript.segments[0].text.startswith("Hello everyone and welcome to yet another Hit Save podcast.")
    words = " ".join(s.text for s in transcript.segments).split()
    assert len(words) == 6189


def test_qualcoder_three_speakers_seven_turns():
    transcript = read_transcript(QUALCODER)
    assert transcript.segment_by == "turn"
    assert [s.speaker for s in transcript.segments] == ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]
    assert transcript.segments[0].text.startswith("hello, I like the course.")
    assert transcript.segments[-1].text == "Hmm, I will ask the tutor for more help as I am really struggling."
    assert [(s.start_line, s.end_line) for s in transcript.segments][:2] == [(1, 1), (3, 3)]


def test_seed_pdf_text_joins_hard_wraps_and_keeps_paragraphs():
    transcript = read_transcript(SEED)
    assert transcript.segment_by == "paragraph"
    assert {s.speaker for s in transcript.segments} == {None}
    texts = [s.text for s in transcript.segments]
    first = texts[0]
    assert first.startswith("Eind 2013 werden de eerste JIMs gevraagd.")
    assert "dreigde uithuisgeplaatst te worden, werden door hun hulpverlener gevraagd" in first
    assert first.endswith("om stem te geven aan een kind of jongere.")
    assert "Praktijkonderzoek" in texts  # a heading is its own paragraph
    assert "Hypothese 2:" in texts
    assert "- Ouders cruciaal zijn als het gaat om het vinden en zoeken van een JIM voor het kind;" in texts
    assert any(
        t.startswith("- De onderliggende zelfdeterminatie theorie") and t.endswith("Hoe zit dat?") for t in texts
    )
    assert any("13-jarige Noah" in t for t in texts)  # hyphenated at the line end
    assert any("zien wat de JIM-vraag bij een ouder betekent" in t for t in texts)
    assert all("\n" not in t for t in texts), "double-spaced PDF lines: blank lines are not paragraph breaks"
    assert 40 < len(texts) < 120


def test_seed_text_keeps_every_character():
    raw = SEED.read_text("utf-8")
    transcript = read_transcript(SEED)
    assert "".join("".join(s.text for s in transcript.segments).split()) == "".join(raw.split())
