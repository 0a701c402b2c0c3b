"""`jimcode pseudonymise`: the key, the replacer, transcripts and records out, --suggest and --check."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
from pathlib import Path

import pytest
import yaml

from jimcode.pseudonymise.dates import DateRewriter
from jimcode.pseudonymise.replace import NameReplacer, fold
from jimcode.pseudonymise.suggest import bsn_like, suggest
from jimcode.transcripts.readers import read_transcript
from tests.conftest import ROOT, build_files

EXAMPLES = ROOT / "examples"
EXAMPLE_KEY = EXAMPLES / "pseudonymise" / "key.yaml"

TRANSCRIPT = """\
---
id: case-noah
case: Noah
interviewee: Cecile, gezinsbehandelaar
date: "2019-10-08"
attributes:
  organisation: levvel
  case_summary: Noah woont bij oma Els in Purmerend.
---

Interviewer: Vertel eens over Noah.

Cecile: Noahs moeder belde. Noah's broertje en Noah’s vader kwamen op 8 oktober 2019.
Oma
Els haalde hem op. NOAH zat in het semester van school.

Interviewer: En daarna?

Cecile: Noah bleef thuis.
"""

KEY = """\
names:
  Noah: Luuk
  Cecile: {pseudonym: Petra, kind: person}
  Els: {pseudonym: Ria, aliases: {oma Els: opa Kees}}
  Purmerend: {remove: true, kind: place}
date_shift: {Noah: 10}
"""


# "Noahs" opens its sentence: only the optional word-frequency library (the `suggest` extra) lets a
# capitalised word at a sentence start be suggested (as a rare word); without it, such a word could
# be any word of the language.
WORDFREQ = importlib.util.find_spec("wordfreq") is not None
SENTENCE_START = ["Noahs"] if WORDFREQ else []


def _study(tmp_path: Path) -> tuple[Path, Path]:
    build_files(tmp_path, {"in/case-noah.md": TRANSCRIPT, "private/key.yaml": KEY})
    return tmp_path / "in", tmp_path / "private" / "key.yaml"


def test_names_are_replaced_whole_words_with_case_and_inflections():
    replace = NameReplacer({"Noah": "Luuk", "oma Els": "opa Kees", "Sem": "Mila"})
    text = "Noahs, Noah's, Noah’s, NOAH, noah, Noahtje; Oma\nEls; Semester, Sems fiets, Sem's jas, Semmie."
    assert replace(text) == (
        "Luuks, Luuk's, Luuk’s, LUUK, luuk, Luuktje; Opa Kees; Semester, Mila's fiets, Mila's jas, Semmie."
    )


def test_dates_shift_by_the_days_of_the_key_or_keep_their_month():
    text = "Op 8 oktober 2019 (2019-10-08, 08-10-2019) en 30 december; niet 32-13-2019."
    assert DateRewriter("shift", 10)(text) == (
        "Op 18 oktober 2019 (2019-10-18, 18-10-2019) en 9 januari; niet 32-13-2019."
    )
    assert DateRewriter("month")(text) == "Op oktober 2019 (2019-10, 10-2019) en december; niet 32-13-2019."


def test_a_transcript_is_pseudonymised_everywhere_and_lines_up(run, tmp_path):
    folder, key = _study(tmp_path)
    result = run("pseudonymise", folder / "case-noah.md", "--key", key, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out" / "case-luuk.md"
    original, pseudonymised = read_transcript(folder / "case-noah.md"), read_transcript(out)
    assert [(s.id, s.speaker) for s in pseudonymised.segments] == [
        ("s001", "Interviewer"),
        ("s002", "Petra"),
        ("s003", "Interviewer"),
        ("s004", "Petra"),
    ]
    assert len(original.segments) == len(pseudonymised.segments)
    assert pseudonymised.segments[1].text == (
        "Luuks moeder belde. Luuk's broertje en Luuk’s vader kwamen op 18 oktober 2019.\n"
        "Opa Kees haalde hem op. LUUK zat in het semester van school."
    )
    meta = pseudonymised.meta
    assert (meta.id, meta.case, meta.interviewee, meta.date) == (
        "case-luuk",
        "Luuk",
        "Petra, gezinsbehandelaar",
        "2019-10-18",
    )
    assert meta.attributes == {"organisation": "levvel", "case_summary": "Luuk woont bij opa Kees in [place]."}


@pytest.mark.slow
def test_every_example_transcript_and_record_is_pseudonymised_and_agreement_is_unchanged(run, tmp_path):
    out = tmp_path / "shared"
    result = run("pseudonymise", EXAMPLES / "transcripts", EXAMPLES / "coded", "--key", EXAMPLE_KEY, "--out", out)
    assert result.exit_code == 0, result.stderr
    for source in sorted((EXAMPLES / "transcripts").iterdir()):
        original = read_transcript(source)
        key_names = {"Noah": "Luuk", "Sem": "Jesse", "Lotte": "Fenna", "Mila": "Roos", "Daan": "Stijn",
                     "Yara": "Zoë", "Finn": "Milan", "Saar": "Evi"}  # fmt: skip
        case = key_names[original.meta.case or ""]
        pseudonymised = read_transcript(out / "transcripts" / f"{original.id.rsplit('-', 1)[0]}-{case.lower()}.md")
        assert [s.id for s in pseudonymised.segments] == [s.id for s in original.segments]
        assert [s.speaker is None for s in pseudonymised.segments] == [s.speaker is None for s in original.segments]
        assert pseudonymised.meta.case == case
    check = run("pseudonymise", out, "--key", EXAMPLE_KEY, "--check")
    assert check.exit_code == 0, check.stderr
    before = json.loads(run("agreement", EXAMPLES / "coded", "--format", "json").stdout)
    after = json.loads(run("agreement", out / "coded", "--format", "json").stdout)
    for part in ("overall", "questions", "codes", "relevance", "evidence", "attributes", "verdicts", "flagged_codes"):
        assert after[part] == before[part], part
    assert [t["status"] for t in after["transcripts"]] == [t["status"] for t in before["transcripts"]]
    record = json.loads((out / "coded" / "case-01-luuk.anna.json").read_text("utf-8"))
    assert (record["case"], record["transcript"]["path"]) == ("Luuk", "../transcripts/case-01-luuk.md")
    assert record["interview"]["interviewee"] == "Petra, JIM-professional (ervaren)"
    assert record["interview"]["date"] == "2019-09-01"  # 2019-10-08 shifted by -37 days


def test_records_follow_their_transcript_and_keep_memos_safe(run, tmp_path):
    folder, key = _study(tmp_path)
    transcript = read_transcript(folder / "case-noah.md")
    record = {
        "format_version": 1,
        "transcript": {"id": "case-noah", "path": "case-noah.md", "sha256": transcript.sha256, "format": "markdown",
                       "segment_by": "turn", "segments": 4},
        "codebook": {"id": "cb", "version": "1", "sha256": "0" * 64},
        "case": "Noah", "coder": "anna", "status": "in_progress",
        "started_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
        "interview": {"interviewee": "Cecile", "date": "2019-10-08"},
        "segments": [
            {"segment_id": s.id, "index": s.index, "speaker": s.speaker, "text": s.text, "status": "open",
             "memo": "Noah lijkt op oma Els" if s.index == 1 else None}
            for s in transcript.segments
        ],
    }  # fmt: skip
    build_files(folder, {"case-noah.anna.json": json.dumps(record)})
    result = run("pseudonymise", folder, "--key", key, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    written = json.loads((tmp_path / "out" / "case-luuk.anna.json").read_text("utf-8"))
    pseudonymised = read_transcript(tmp_path / "out" / "case-luuk.md")
    assert written["transcript"]["sha256"] == pseudonymised.sha256
    assert written["transcript"]["path"] == "case-luuk.md"
    assert [s["text"] for s in written["segments"]] == [s.text for s in pseudonymised.segments]
    assert written["segments"][1]["memo"] == "Luuk lijkt op opa Kees"
    assert (written["case"], written["interview"]["interviewee"], written["interview"]["date"]) == (
        "Luuk",
        "Petra",
        "2019-10-18",
    )


def test_a_study_folder_becomes_a_study_folder(run, tmp_path):
    folder, key = _study(tmp_path)
    build_files(folder, {"jimcode.yaml": "codebook: cb.yaml\ntranscripts: .\ncoded: coded\n", "cb.yaml": "id: x\n"})
    (folder / "coded").mkdir()
    result = run("pseudonymise", folder, "--key", key, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load((tmp_path / "out" / "jimcode.yaml").read_text("utf-8")) == {
        "codebook": "cb.yaml",
        "transcripts": ".",
        "coded": "coded",
    }
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["case-luuk.md", "cb.yaml", "jimcode.yaml"]


@pytest.mark.parametrize(
    ("key_text", "expected"),
    [
        ("names:\n  Noah: Luuk\n  Sem:\n", "key.yaml:3:3: error[bad-key]: 'Sem' needs a pseudonym"),
        ("Noah: Luuk\nSem: {pseudonym: Mila, kind: pet}\n", "key.yaml:2:"),
        (
            "Noah: Sem\nSem: Mila\n",
            "key.yaml:1: error[bad-key]: the pseudonym 'Sem' is a real name in the key (line 2)",
        ),
        ("Noah: Luuk\nnoah: Sem\n", "key.yaml:2: error[bad-key]: 'noah' is also in the entry at line 1"),
        ("Noah: [Luuk\n", "key.yaml:"),
        ("Noah: Luuk\n'.': x\n", "key.yaml:2:1: error[bad-key]: '.' has no letter or digit to match"),
        ("Noah: ''\n", "key.yaml:1:1: error[bad-key]: 'Noah' has an empty pseudonym"),
    ],
)
def test_a_bad_key_is_one_line_with_its_place(run, tmp_path, key_text, expected):
    folder, _ = _study(tmp_path)
    build_files(tmp_path, {"key.yaml": key_text})
    result = run("pseudonymise", folder, "--key", tmp_path / "key.yaml", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_the_key_or_the_originals_inside_the_output_folder_are_refused(run, tmp_path):
    folder, key = _study(tmp_path)
    inside_key = run("pseudonymise", folder, "--key", key, "--out", key.parent)
    assert inside_key.exit_code == 2
    assert "is inside the output folder" in inside_key.stderr
    originals = run("pseudonymise", folder / "case-noah.md", "--key", key, "--out", folder)
    assert originals.exit_code == 2
    assert f"the original {folder / 'case-noah.md'} is inside the output folder" in originals.stderr
    nested = run("pseudonymise", folder, "--key", key, "--out", folder / "shared")
    assert nested.exit_code == 2
    assert sorted(p.name for p in folder.iterdir()) == ["case-noah.md"]


def test_the_draft_key_is_owner_only_whatever_the_umask(run, tmp_path):
    folder, _ = _study(tmp_path)
    previous = os.umask(0)
    try:
        result = run("pseudonymise", folder, "--suggest", "--draft", tmp_path / "private" / "draft.yaml")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "private" / "draft.yaml").stat().st_mode) == 0o600
    again = run("pseudonymise", folder, "--suggest", "--draft", tmp_path / "private" / "draft.yaml")
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_a_key_in_a_git_work_tree_is_warned_about(run, tmp_path):
    folder, key = _study(tmp_path)
    outside = run("pseudonymise", folder, "--key", key, "--out", tmp_path / "out1")
    assert "git work tree" not in outside.stderr
    (tmp_path / "private" / ".git").mkdir()
    inside = run("pseudonymise", folder, "--key", key, "--out", tmp_path / "out2")
    assert inside.exit_code == 0
    assert f"warning: the key {key} is inside a git work tree ({tmp_path / 'private'})" in inside.stderr


def test_suggest_lists_candidates_with_counts_and_context(run, tmp_path):
    build_files(
        tmp_path,
        {
            "t.md": "Interviewer: Hoe gaat het met Henk? Hij woont aan de Dorpsstraat 12 in Zeist.\n\n"
            "Wim: Henk belt me op 06-12345678 of henk@example.nl. Zijn BSN is 123456782, niet 123456781.\n\n"
            "Interviewer: En de school?\n\nWim: Goed.\n"
        },
    )
    result = run("pseudonymise", tmp_path / "t.md", "--suggest")
    assert result.exit_code == 0, result.stderr
    draft = result.stdout
    for line in (
        "  # person, speaker label, 2x, ",
        "  # name, capitalised, 2x, ",
        "  # address, pattern, 1x, ",
        "  # phone, pattern, 1x, ",
        "  # e-mail, pattern, 1x, ",
        "  # bsn, pattern, 1x, ",
    ):
        assert line in draft, line
    names = list(yaml.safe_load(draft)["names"])
    assert names == [
        "Henk", "Wim", "06-12345678", "123456782", "BSN", "Dorpsstraat", "Dorpsstraat 12", "henk@example.nl", "Zeist"
    ]  # fmt: skip


def test_bsn_like_numbers_pass_the_eleven_check():
    assert (bsn_like("123456782"), bsn_like("123456781"), bsn_like("000000000"), bsn_like("111222333")) == (
        True,
        False,
        False,
        True,
    )


def test_suggest_finds_the_identifiers_a_careful_reader_marks_in_the_examples():
    listed = yaml.safe_load((EXAMPLES / "pseudonymise" / "identifiers.yaml").read_text("utf-8"))
    identifiers = [str(item) for items in listed.values() for item in items]
    transcripts = [read_transcript(p) for p in sorted((EXAMPLES / "transcripts").iterdir())]
    found = {fold(s.text) for s in suggest(transcripts, [])}
    missed = [item for item in identifiers if fold(item) not in found]
    assert (len(identifiers), missed) == (38, ["Nana"])  # recall 37/38, as the README reports
    listed_forms = {fold(item) for item in identifiers}
    others = [s.text for s in suggest(transcripts, []) if fold(s.text) not in listed_forms]
    assert others == ["JIM", "Levvel", "Youké", "Altra", "Noahs", "GGZ", "EMDR", "JIMs", "ADHD", "Sinterklaas",
                      "Slot", "Spanjaard"]  # fmt: skip


def test_check_fails_with_file_and_line_and_does_not_print_the_name(run, tmp_path):
    build_files(
        tmp_path, {"shared/t.md": "Interviewer: Hoe gaat het?\n\nR: Goed. Luuks zus\nbelde noah.\n", "key.yaml": KEY}
    )
    result = run("pseudonymise", tmp_path / "shared", "--key", tmp_path / "key.yaml", "--check", "--threshold", "0")
    assert result.exit_code == 1
    assert f"{tmp_path / 'shared' / 't.md'}:4:7: error[original-name]: a name of the key" in result.stderr
    assert "noah" not in result.stderr.lower()
    passes = run("pseudonymise", tmp_path / "shared", "--key", tmp_path / "key.yaml", "--check")
    assert passes.exit_code == 1  # noah, still


def test_check_reports_suggestions_above_the_threshold(run, tmp_path):
    build_files(
        tmp_path,
        {
            "shared/t.md": "Interviewer: En toen?\n\nR: Toen kwam Henk. Later belde Henk weer.\n",
            "key.yaml": "Noah: Luuk\n",
        },
    )
    failing = run("pseudonymise", tmp_path / "shared", "--key", tmp_path / "key.yaml", "--check")
    assert failing.exit_code == 1
    assert "error[possible-identifier]: 'Henk' (name, 2x) is not in the key" in failing.stderr
    assert (
        run(
            "pseudonymise", tmp_path / "shared", "--key", tmp_path / "key.yaml", "--check", "--threshold", "3"
        ).exit_code
        == 0
    )


def test_a_key_with_several_problems_lists_each_and_sections_need_names(run, tmp_path):
    folder, _ = _study(tmp_path)
    build_files(
        tmp_path, {"k1.yaml": "Noah: Luuk\nkeep: [JIM]\n", "k2.yaml": "names: {Noah: Luuk}\nkeep: 3\ndate_shift: x\n"}
    )
    plain = run("pseudonymise", folder, "--key", tmp_path / "k1.yaml", "--out", tmp_path / "out")
    assert (plain.exit_code, plain.stderr) == (
        1,
        f"jimcode: error: {tmp_path / 'k1.yaml'}:2:1: error[bad-key]: 'keep' needs the names under `names:`\n",
    )
    several = run("pseudonymise", folder, "--key", tmp_path / "k2.yaml", "--out", tmp_path / "out")
    assert several.exit_code == 1
    assert several.stderr.splitlines() == [
        f"jimcode: error: {tmp_path / 'k2.yaml'}:2:7: error[bad-key]: keep is a list of words that are not identifying",
        f"jimcode: error: {tmp_path / 'k2.yaml'}:3:13: error[bad-key]: date_shift is a number of days, "
        "or a mapping of case: days",
        f"jimcode: error: the key {tmp_path / 'k2.yaml'} has 2 problems (above)",
    ]


def test_dates_without_a_shift_for_the_case_are_refused_or_reduced_to_the_month(run, tmp_path):
    folder, _ = _study(tmp_path)
    build_files(tmp_path, {"key.yaml": "names: {Noah: Luuk}\ndate_shift: {Sem: 3}\n"})
    refused = run("pseudonymise", folder, "--key", tmp_path / "key.yaml", "--out", tmp_path / "out")
    assert refused.exit_code == 1
    assert "no date_shift for case 'Noah'" in refused.stderr
    month = run("pseudonymise", folder, "--key", tmp_path / "key.yaml", "--out", tmp_path / "out", "--dates", "month")
    assert month.exit_code == 0, month.stderr
    pseudonymised = read_transcript(tmp_path / "out" / "case-luuk.md")
    assert pseudonymised.meta.date == "2019-10"
    assert "kwamen op oktober 2019." in pseudonymised.segments[1].text


def test_records_without_their_transcript_or_of_another_version_are_refused(run, tmp_path):
    folder, key = _study(tmp_path)
    record = json.loads((EXAMPLES / "coded" / "case-02-sem.anna.json").read_text("utf-8"))
    record["transcript"]["path"] = "case-noah.md"
    build_files(tmp_path, {"records/r.anna.json": json.dumps(record)})
    alone = run("pseudonymise", tmp_path / "records", "--key", key, "--out", tmp_path / "out1")
    assert alone.exit_code == 2
    assert "its transcript case-noah.md is not among the inputs" in alone.stderr
    build_files(folder, {"r.anna.json": json.dumps(record)})
    other = run("pseudonymise", folder, "--key", key, "--out", tmp_path / "out2")
    assert other.exit_code == 1
    assert f"{folder / 'r.anna.json'}: coded on another version of case-noah.md" in other.stderr


def test_two_inputs_that_would_share_a_name_are_refused(run, tmp_path):
    folder, key = _study(tmp_path)
    build_files(folder, {"case-luuk.txt": "Interviewer: Hoi.\n\nR: Hallo.\n"})
    result = run("pseudonymise", folder, "--key", key, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "would both be written to" in result.stderr


def test_a_name_left_in_an_option_id_fails_after_writing(run, tmp_path):
    folder, _ = _study(tmp_path)
    build_files(tmp_path, {"key.yaml": "Noah: Luuk\nLevvel: Organisatie A\n"})
    result = run("pseudonymise", folder, "--key", tmp_path / "key.yaml", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"warning: {tmp_path / 'out' / 'case-luuk.md'}:7:17: error[original-name]" in result.stderr
    assert "1 place(s) in" in result.stderr


def test_suggest_leaves_out_what_the_key_already_holds(run, tmp_path):
    folder, key = _study(tmp_path)
    build_files(tmp_path, {"private/key.yaml": KEY + "keep: [Interviewer]\n"})
    without_key = yaml.safe_load(run("pseudonymise", folder, "--suggest").stdout)
    with_key = yaml.safe_load(run("pseudonymise", folder, "--suggest", "--key", key).stdout)
    assert list(without_key["names"]) == ["Noah", "Cecile", "Els", *SENTENCE_START, "Purmerend"]
    assert with_key["names"] is None  # every candidate is in the key (Noahs as a form of Noah)
    assert with_key["date_shift"] == {}  # the key has Noah's
    assert list(without_key["date_shift"]) == ["Noah"]


def test_speakers_given_the_same_pseudonym_are_refused(run, tmp_path):
    build_files(
        tmp_path,
        {
            "t.md": "Interviewer: Hoi.\n\nCecile: Hallo.\n\nFatima: Ook hallo.\n\nCecile: Ja.\n\nFatima: Dag.\n",
            "key.yaml": "Cecile: {remove: true, kind: person}\nFatima: {remove: true, kind: person}\n",
        },
    )
    result = run("pseudonymise", tmp_path / "t.md", "--key", tmp_path / "key.yaml", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "(2 segments instead of 5; do two speakers have the same pseudonym?)" in result.stderr
    assert not (tmp_path / "out" / "t.md").exists()


def test_the_workflow_draft_fill_pseudonymise_check(run, tmp_path):
    folder, _ = _study(tmp_path)
    draft_file = tmp_path / "private" / "draft.yaml"
    assert run("pseudonymise", folder, "--suggest", "--draft", draft_file).exit_code == 0
    refused = run("pseudonymise", folder, "--key", draft_file, "--out", tmp_path / "out")
    assert refused.exit_code == 1  # the draft's empty entries
    assert "error[bad-key]: 'Noah' needs a pseudonym" in refused.stderr
    draft = yaml.safe_load(draft_file.read_text("utf-8"))
    pseudonyms = {"Noah": "Luuk", "Cecile": "Petra", "Els": "Ria", "Purmerend": "Zeist"}
    assert set(draft["names"]) == {*pseudonyms, *SENTENCE_START}
    draft["names"] = pseudonyms
    draft_file.write_text(yaml.safe_dump(draft, allow_unicode=True), "utf-8")
    assert run("pseudonymise", folder, "--key", draft_file, "--out", tmp_path / "out").exit_code == 0
    check = run("pseudonymise", tmp_path / "out", "--key", draft_file, "--check")
    assert (check.exit_code, check.stderr) == (
        0,
        "jimcode: checked 1 file(s): no name of the key and no suggestion left\n",
    )
    shifted = read_transcript(tmp_path / "out" / "case-luuk.md").meta.date
    assert shifted != "2019-10-08" and shifted is not None and len(shifted) == 10


def test_check_reads_the_memos_of_records(run, tmp_path):
    build_files(tmp_path, {"key.yaml": EXAMPLE_KEY.read_text("utf-8")})
    out = tmp_path / "shared"
    args = ("--key", tmp_path / "key.yaml")
    inputs = (EXAMPLES / "transcripts" / "case-02-sem.md", EXAMPLES / "coded" / "case-02-sem.anna.json")
    assert run("pseudonymise", *inputs, *args, "--out", out).exit_code == 0
    record_file = out / "case-02-jesse.anna.json"
    record = json.loads(record_file.read_text("utf-8"))
    record["segments"][3]["memo"] = "Bellen met buurvrouw Wilma Hendriks over Jesse"
    record_file.write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
    line = next(n for n, text in enumerate(record_file.read_text("utf-8").splitlines(), 1) if "Wilma" in text)
    result = run("pseudonymise", out, *args, "--check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"jimcode: error: {record_file}:{line}: error[possible-identifier]: 'Wilma Hendriks' (name, 1x) "
        "is not in the key; pseudonymise it or add it to keep"
    )


def test_a_subtitle_file_becomes_markdown_with_the_same_segments(run, tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:03,000\nInterviewer: Vertel over Noah.\n\n"
        "2\n00:00:03,500 --> 00:00:06,000\nCecile: Noah woont in Purmerend.\n\n"
        "3\n00:00:06,500 --> 00:00:08,000\nInterviewer: Dank je, Cecile.\n\n"
        "4\n00:00:08,500 --> 00:00:09,000\nCecile: Graag.\n"
    )
    _, key = _study(tmp_path)
    build_files(tmp_path, {"subs/case-noah.srt": srt})
    result = run("pseudonymise", tmp_path / "subs", "--key", key, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    original = read_transcript(tmp_path / "subs" / "case-noah.srt")
    pseudonymised = read_transcript(tmp_path / "out" / "case-luuk.md")
    assert [(s.id, s.speaker, s.text) for s in pseudonymised.segments] == [
        ("s001", "Interviewer", "Vertel over Luuk."),
        ("s002", "Petra", "Luuk woont in [place]."),
        ("s003", "Interviewer", "Dank je, Petra."),
        ("s004", "Petra", "Graag."),
    ]
    assert [s.id for s in original.segments] == ["s001", "s002", "s003", "s004"]


@pytest.mark.parametrize("days", ["'+²'", "'--5'", "'" + "9" * 5000 + "'"])
def test_a_number_of_days_int_cannot_read_is_a_bad_key_not_an_internal_error(run, tmp_path, days):
    """`str.isdigit` takes `²` and 5,000 digits; `int` refuses both. A day count is read as jimcode reads
    every typed number (`jimcode.typed`)."""
    folder, _ = _study(tmp_path)
    build_files(tmp_path, {"key.yaml": f"names: {{Noah: Luuk}}\ndate_shift: {{Noah: {days}}}\n"})
    result = run("pseudonymise", folder, "--key", tmp_path / "key.yaml", "--out", tmp_path / "out")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines()[0].endswith(f"error[bad-key]: '{days.strip(chr(39))}' is not a number of days")
