"""Speaker labels in every style transcripts use, and the things that only look like labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from jimcode.transcripts.labels import label_key, match_label
from jimcode.transcripts.readers import read_transcript
from jimcode.transcripts.segment import segment_text
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "transcripts"


def turns(path: Path, **options) -> list[tuple[str | None, str]]:
    transcript = read_transcript(path, **options)
    return [(segment.speaker, segment.text) for segment in transcript.segments]


def speakers_of(path: Path, **options) -> list[str | None]:
    return [speaker for speaker, _ in turns(path, **options)]


def segment(text: str, **options):
    return segment_text(text.split("\n"), **options)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("focus_group.txt", ["Moderator", "P1", "P2", "P1", "P3", "Moderator"]),
        ("names_with_spaces.txt", ["Jane Doe", "Dr. Peter van der Berg"] * 2 + ["Jane Doe"]),
        ("bold_names.md", ["Interviewer", "Fatima", "Interviewer", "Fatima"]),
        ("heading_names.md", ["Interviewer", "Jeroen", "Interviewer", "Jeroen"]),
        ("otter.txt", ["Speaker 1", "Ingrid de Wit", "Speaker 1", "Ingrid de Wit"]),
        ("timestamped.txt", ["Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2"]),
        ("bracket_annotations.txt", ["R1", "R2", "R1"]),
        ("variants_space_colon.txt", ["Interviewer1", "Respondent"] * 2 + ["Interviewer1"]),
        ("roles_front_matter.md", [None, "Interviewer", "Cecile", "Interviewer", "Cecile", "Interviewer"]),
    ],
)
def test_each_label_style_gives_the_speakers_in_order(name, expected):
    assert speakers_of(DATA / name) == expected


def test_label_text_is_removed_and_the_rest_kept():
    found = turns(DATA / "focus_group.txt")
    assert found[0] == ("Moderator", "Welcome everyone. Let's start with the first question.")
    bold = turns(DATA / "bold_names.md")
    assert bold[1] == ("Fatima", "Ouders wilden vooral rust in huis. Mila sliep slecht.")
    assert bold[3] == ("Fatima", "Die was er al. Ze kwam elke week langs.\nZe werd de JIM na drie maanden.")


def test_a_label_alone_on_its_line_owns_the_lines_below_it():
    transcript = read_transcript(DATA / "heading_names.md")
    assert transcript.meta.title == "Interview Jeroen, casus Yara"  # the `# Title` line is metadata
    heading = transcript.segments
    assert heading[1].speaker == "Jeroen"
    assert heading[1].text == (
        "Ongeveer acht weken. De oom van vader was er al, maar ouders moesten eraan wennen.\n\n"
        "Ik heb veel gesprekken gevoerd."
    )
    assert (heading[1].start_line, heading[1].end_line) == (7, 11)


def test_timestamps_written_with_labels_become_start_times():
    otter = read_transcript(DATA / "otter.txt").segments
    assert [s.start_time for s in otter] == [3.0, 9.0, 72.0, 75.0]
    assert (
        otter[1].text
        == "It was logical for them. They named the grandmother immediately.\nShe lives around the corner."
    )
    stamped = read_transcript(DATA / "timestamped.txt").segments
    assert [s.start_time for s in stamped] == [5.0, 12.0, 63.0, 67.0]
    assert stamped[3].text.endswith("We are still talking about it.\nThe conversation itself is the intervention.")


def test_variants_of_one_name_are_one_speaker():
    assert label_key("Interviewer1") == label_key("Interviewer 1") == label_key("INTERVIEWER (1)")
    assert label_key("Geïnterviewde") == label_key("geinterviewde")
    assert len(set(speakers_of(DATA / "variants_space_colon.txt"))) == 2


def test_annotations_in_brackets_are_not_speakers():
    found = turns(DATA / "bracket_annotations.txt")
    assert found[0][1].endswith("[laughs] Sorry. The mother did not want anyone else involved.")
    assert "[inaudible] and then she called her brother." in found[1][1]
    assert found[2][1].endswith("[00:12:01] That was the turning point.")


@pytest.mark.parametrize(
    "line",
    [
        "Het wijkteam belde om 10:30: kon ik komen?",
        "Om 10:30 begon het gesprek.",
        "Zie https://www.stichtingjim.nl/ voor meer.",
        "Een professional zei: het werkt.",
        "Gezamenlijk kwamen we tot een aantal hypothese die we wilden toetsen:",
        "Hypothese 1:",
        "Note: not a speaker",
        "[laughs] yes",
        "[00:01:23] and then",
        "I:no space after the colon",
        "12: a numbered line",
        "Hij zei\tdat het goed ging",
        "b: a lowercase letter that is no role",
    ],
)
def test_things_that_only_look_like_labels(line):
    assert match_label(line) is None


@pytest.mark.parametrize(
    ("line", "label", "rest"),
    [
        ("I: Goedemorgen.", "I", "Goedemorgen."),
        ("Interviewer: Hoe ging het?", "Interviewer", "Hoe ging het?"),
        ("P1: Ja.", "P1", "Ja."),
        ("Interviewer1 : Ja.", "Interviewer1", "Ja."),
        ("Jane Doe: Hello.", "Jane Doe", "Hello."),
        ("Hurst, Peter: Yeah.", "Hurst, Peter", "Yeah."),
        ("Respondent (moeder): Ja.", "Respondent (moeder)", "Ja."),
        ("[id1] hello, I like the course.", "id1", "hello, I like the course."),
        ("**Cecile** Dat klopt.", "Cecile", "Dat klopt."),
        ("**Cecile:** Dat klopt.", "Cecile", "Dat klopt."),
        ("**Cecile**: Dat klopt.", "Cecile", "Dat klopt."),
        ("**Cecile**", "Cecile", ""),
        ("### Cecile", "Cecile", ""),
        ("Ingrid de Wit  12:34", "Ingrid de Wit", ""),
        ("[00:01:23] Speaker 1: Welcome.", "Speaker 1", "Welcome."),
        ("Speaker 2 (01:02): Hi.", "Speaker 2", "Hi."),
        ("Interviewer:", "Interviewer", ""),
        ("Speaker 1 (00:00):", "Speaker 1", ""),
        ("[Jane Doe] 10:01:23", "Jane Doe", ""),
        ("Interviewer\tHoe gaat het?", "Interviewer", "Hoe gaat het?"),
        ("Dr. Jan de Boer\t\tJa.", "Dr. Jan de Boer", "Ja."),
        ("        R: indented", "R", "indented"),
        ("r: lowercase role", "r", "lowercase role"),
    ],
)
def test_label_candidates(line, label, rest):
    match = match_label(line)
    assert match is not None
    assert (match.label, match.rest) == (label, rest)


def test_a_label_counts_only_when_it_recurs():
    once = segment("Samenvatting: het ging goed.\n\nDaarna niets meer.")
    assert once.segment_by == "paragraph"
    assert [s.speaker for s in once.segments] == [None, None]
    assert once.segments[0].text == "Samenvatting: het ging goed."
    twice = segment("Anna: Hallo.\nBram: Hoi.\nAnna: Hoe gaat het?\nBram: Goed.")
    assert [s.speaker for s in twice.segments] == ["Anna", "Bram", "Anna", "Bram"]


def test_roles_count_from_their_first_appearance():
    result = segment("I: Wat was de hulpvraag?\nR: Rust in huis.")
    assert [(s.speaker, s.text) for s in result.segments] == [("I", "Wat was de hulpvraag?"), ("R", "Rust in huis.")]


def test_a_name_seen_once_next_to_real_speakers_is_text_with_a_warning():
    result = segment("Anna: Hallo.\nBram: Hoi.\nAnna: En Kees?\nBram: Goed.\nKees: Ik ben er ook.", file="x.txt")
    assert [s.speaker for s in result.segments] == ["Anna", "Bram", "Anna", "Bram"]
    assert result.segments[-1].text == "Goed.\nKees: Ik ben er ook."
    assert [(w.line, w.code, w.severity) for w in result.warnings] == [(5, "lonely-label", "warning")]
    assert "'Kees'" in result.warnings[0].message
    fixed = segment(
        "Anna: Hallo.\nBram: Hoi.\nAnna: En Kees?\nBram: Goed.\nKees: Ik ben er ook.", speakers={"Kees": "Kees"}
    )
    assert [s.speaker for s in fixed.segments] == ["Anna", "Bram", "Anna", "Bram", "Kees"]
    assert fixed.warnings == []


def test_a_family_word_seen_once_inside_a_turn_stays_text():
    result = segment("I: Wat wilde iedereen?\nR: Dat verschilde.\nJIM: wilde dat ouders gingen praten.\nI: En moeder?")
    assert [s.speaker for s in result.segments] == ["I", "R", "I"]
    assert result.segments[1].text == "Dat verschilde.\nJIM: wilde dat ouders gingen praten."


def test_zoom_text_export_and_rev_style_labels():
    zoom = segment(
        "[Jane Doe] 10:01:23\nHello.\n\n[Tom Bos] 10:01:30\nHi.\n\n"
        "[Jane Doe] 10:02:00\nBye.\n\n[Tom Bos] 10:02:05\nBye!"
    )
    assert [(s.speaker, s.text, s.start_time) for s in zoom.segments] == [
        ("Jane Doe", "Hello.", 36083.0),
        ("Tom Bos", "Hi.", 36090.0),
        ("Jane Doe", "Bye.", 36120.0),
        ("Tom Bos", "Bye!", 36125.0),
    ]
    rev = segment("Speaker 1 (00:00):\nWelcome.\n\nSpeaker 2 (00:04):\nThanks.\n\nSpeaker 1 (00:09):\nSo.")
    assert [(s.speaker, s.text, s.start_time) for s in rev.segments] == [
        ("Speaker 1", "Welcome.", 0.0),
        ("Speaker 2", "Thanks.", 4.0),
        ("Speaker 1", "So.", 9.0),
    ]


def test_one_speaker_after_another_of_the_same_name_is_one_turn():
    result = segment("I: Vraag.\nR: Deel een.\n\nR: Deel twee.\nI: Volgende.")
    assert [(s.speaker, s.text) for s in result.segments] == [
        ("I", "Vraag."),
        ("R", "Deel een.\n\nDeel twee."),
        ("I", "Volgende."),
    ]


def test_text_before_the_first_label_has_no_speaker():
    result = segment("Interview 3, 5 maart\n\nI: Welkom.\nR: Dank je.\nI: Begin maar.")
    assert [s.speaker for s in result.segments] == [None, "I", "R", "I"]


def test_speaker_map_names_labels_and_merges_them():
    result = segment(
        "I: Vraag.\nR: Antwoord.\nI2: Nog een vraag.\nR: Ja.", speakers={"I": "Onderzoeker", "I 2": "Onderzoeker"}
    )
    assert [(s.speaker, s.text) for s in result.segments] == [
        ("Onderzoeker", "Vraag."),
        ("R", "Antwoord."),
        ("Onderzoeker", "Nog een vraag."),
        ("R", "Ja."),
    ]


def test_speaker_map_with_an_empty_name_turns_a_false_label_into_text():
    result = segment("Opa: een.\n\nOpa: twee.", speakers={"Opa": ""})
    assert [(s.speaker, s.text) for s in result.segments] == [(None, "Opa: een."), (None, "Opa: twee.")]


def test_paragraph_mode_keeps_speakers_but_splits_turns():
    text = "I: Vraag.\n\nR: Eerste alinea.\n\nTweede alinea.\nI: Dank je."
    result = segment(text, segment_by="paragraph")
    assert result.segment_by == "paragraph"
    assert [(s.speaker, s.text) for s in result.segments] == [
        ("I", "Vraag."),
        ("R", "Eerste alinea."),
        ("R", "Tweede alinea."),
        ("I", "Dank je."),
    ]


def test_turn_mode_without_labels_falls_back_to_paragraphs_with_a_warning():
    result = segment("Een alinea.\n\nNog een.", segment_by="turn", file="x.txt")
    assert result.segment_by == "paragraph"
    assert len(result.segments) == 2
    assert [w.code for w in result.warnings] == ["no-speakers"]


def test_segment_ids_are_stable_and_widen_past_999():
    result = segment("\n\n".join(f"Alinea {n}." for n in range(1, 1002)))
    ids = [s.id for s in result.segments]
    assert ids[:2] == ["s0001", "s0002"] and ids[-1] == "s1001"
    assert [s.index for s in result.segments] == list(range(1001))
    small = segment("Een.\n\nTwee.")
    assert [s.id for s in small.segments] == ["s001", "s002"]
