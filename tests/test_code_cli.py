"""`jimcode code` and `jimcode init` end to end: scripted sessions through the real CLI and real processes."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest

from jimcode.records.model import load_record
from jimcode.records.store import journal_path, lock_path
from jimcode.records.versions import FORMAT_VERSION
from tests.coding_helpers import MINI_CODEBOOK, TEXTS, transcript_markdown
from tests.conftest import jimcode_process

# jimcode's own words in English (the codebooks here are Dutch); tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")

FINISH = "n\nn\nn\nn\nchild_age: 9\njim_relation: oom\nparent_signals: -\njim_positioned: ja\nH1: s\nH2: n\n"


@pytest.fixture
def study(tmp_path, monkeypatch):
    """A folder with the mini codebook and one transcript; the current folder; no coder in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIMCODE_CODER", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    (tmp_path / "case-01.md").write_text(transcript_markdown(front="attributes:\n  child_age: 13\n"), encoding="utf-8")
    return tmp_path


def code(run, *args, input: str = "", coder: str = "anna"):
    return run("code", "case-01.md", "--codebook", "mini.yaml", "--coder", coder, *args, input=input)


RECORD = Path("coded/case-01.anna.json")


def test_a_scripted_session_codes_a_whole_transcript(run, study):
    script = """\
# case-01: Noah
x                      # s001 the interviewer's question
ro pq                  # s002
e H1 s moeder hield de deur dicht
m sterk citaat \\#1
n
3 n                    # s003
n                      # s004
.                      # child_age: keep 13 from the front matter
2
trauma, verslaving
nee
s
m klopt voor moeder, niet voor vader
"""
    result = code(run, input=script)
    assert result.exit_code == 0, result.output
    assert "s002 coded: request-parent, positioning-quick" in result.stderr
    assert "complete: coded/case-01.anna.json" in result.stderr
    record = load_record(RECORD)
    assert record.status == "complete" and record.case == "Noah" and record.coder == "anna"
    assert [s.status for s in record.segments] == ["not_relevant", "coded", "coded", "coded"]
    assert record.segments[1].codes == ["request-parent", "positioning-quick"]
    assert record.segments[1].evidence[0].note == "moeder hield de deur dicht"
    assert record.segments[1].memo == "sterk citaat #1"
    assert record.segments[2].codes == ["request-child-voice"]
    assert record.attributes == {
        "child_age": 13,
        "jim_relation": "uncle",
        "parent_signals": ["trauma", "addiction"],
        "jim_positioned": False,
    }
    assert [(v.hypothesis, v.verdict, v.note) for v in record.verdicts] == [
        ("H1", "supports", None),
        ("H2", "mixed", "klopt voor moeder, niet voor vader"),
    ]
    assert record.transcript.path == "../case-01.md" and record.codebook.path == "../mini.yaml"
    assert not journal_path(RECORD).exists() and not lock_path(RECORD).exists()
    text = RECORD.read_text("utf-8")
    assert text.startswith(f'{{\n  "format_version": {FORMAT_VERSION},\n  "transcript": {{') and text.endswith("}\n")
    assert run("validate", RECORD).exit_code == 0
    again = code(run, input="")
    assert again.exit_code == 0 and "complete; skipped" in again.stderr


def test_resume_at_the_first_open_segment(run, study):
    code(run, input="1 n\nx\n")
    result = code(run, input="q\n")
    assert "resumed: 2 of 4 coded" in result.stderr
    result = code(run, input="2 n\n")
    assert "s003 coded: request-child" in result.stderr
    assert "input ended" in result.stderr


def test_an_error_in_a_script_stops_at_its_line_and_keeps_what_came_before(run, study):
    result = code(run, input="# comment\n1\nzz 2\nn\n")
    assert result.exit_code == 1
    assert "jimcode: error: stdin line 3: unknown code 'zz'" in result.stderr
    record = load_record(RECORD)
    assert record.segments[0].codes == ["request-parent"] and record.segments[0].status == "open"
    assert not lock_path(RECORD).exists()


def test_review_reopens_a_complete_record(run, study):
    code(run, input=FINISH)
    result = code(run, "--review", input="n\nn\n1 n\nn\n.\n.\n.\n.\n.\n.\n")
    assert result.exit_code == 0, result.output
    record = load_record(RECORD)
    assert record.status == "complete" and record.segments[2].codes == ["request-parent"]


def test_several_transcripts_in_a_folder(run, study):
    folder = study / "transcripts"
    folder.mkdir()
    (study / "case-01.md").rename(folder / "case-01.md")
    (folder / "case-02.md").write_text(transcript_markdown(transcript_id="case-02"), encoding="utf-8")
    args = ("code", folder, "--codebook", "mini.yaml", "--coder", "anna")
    result = run(*args, input=FINISH + "x\n")  # the script flows from one transcript into the next
    assert result.exit_code == 0, result.output
    assert load_record(Path("coded/case-01.anna.json")).status == "complete"
    assert load_record(Path("coded/case-02.anna.json")).segments[0].status == "not_relevant"
    result = run(*args, input="q\n")
    assert "case-01: complete; skipped" in result.stderr and "resumed: 1 of 4 coded" in result.stderr


def test_init_makes_a_study_folder_where_code_needs_no_paths(run, study, monkeypatch):
    result = run("init", "my-study")
    assert result.exit_code == 0, result.output
    project = study / "my-study"
    settings = (project / "jimcode.yaml").read_text("utf-8")
    assert "codebook: codebooks/jim-12min.nl.yaml" in settings
    assert (project / "codebooks" / "jim-12min.nl.yaml").is_file()
    assert (project / "codebooks" / "codebook.schema.json").is_file()
    assert sorted(p.name for p in (project / "transcripts").iterdir()) == []
    assert (project / "coded").is_dir()
    assert run("init", "my-study").exit_code == 1  # never overwrites a project
    (project / "transcripts" / "case-01.md").write_text(transcript_markdown(), encoding="utf-8")
    monkeypatch.chdir(project / "coded")  # anywhere inside the project
    monkeypatch.setenv("JIMCODE_CODER", "bert")
    result = run("code", input="x\nhvo n\n")
    assert result.exit_code == 0, result.output
    record = load_record(project / "coded" / "case-01.bert.json")
    assert record.segments[1].codes == ["request-parent"]
    assert record.codebook.id == "jim-12min"
    assert run("validate", project / "coded").exit_code == 0


def test_without_a_coder_name_a_script_is_refused(run, study):
    result = run("code", "case-01.md", "--codebook", "mini.yaml", input="n\n")
    assert result.exit_code == 2
    assert "who is coding? pass --coder NAME, set JIMCODE_CODER=NAME" in result.stderr


def test_without_a_codebook_or_project_it_says_what_to_pass(run, study):
    result = run("code", "case-01.md", "--coder", "anna", input="")
    assert result.exit_code == 2
    assert "pass --codebook FILE" in result.stderr


def test_a_transcript_resaved_with_crlf_still_resumes(run, study):
    code(run, input="1 n\nx\n")
    transcript = study / "case-01.md"
    transcript.write_bytes(transcript.read_text("utf-8").replace("\n", "\r\n").encode("utf-8"))
    result = code(run, input="q\n")
    assert result.exit_code == 0, result.output
    assert "resumed: 2 of 4 coded" in result.stderr


def test_a_changed_transcript_is_refused_and_realign_carries_decisions_over(run, study):
    code(run, input="1 n\nx\npq n\nm dank\n")
    transcript = study / "case-01.md"
    transcript.write_text(transcript.read_text("utf-8").replace(TEXTS[1], "Vader wilde eerst niemand."), "utf-8")
    result = code(run, input="q\n")
    assert result.exit_code == 1
    assert "changed since case-01.anna.json was coded" in result.stderr and "--realign" in result.stderr
    assert load_record(RECORD).segments[1].text == TEXTS[1]  # untouched
    result = code(run, "--realign", input="q\n")
    assert result.exit_code == 0, result.output
    assert "decisions carried over to 3 unchanged segment(s)" in result.stderr
    assert "to recode (1): segment 2 (s002)" in result.stderr
    assert "not carried over: old segment s002 (not relevant)" in result.stderr
    record = load_record(RECORD)
    assert [s.status for s in record.segments] == ["coded", "open", "coded", "open"]
    assert record.segments[2].codes == ["positioning-quick"] and record.segments[3].memo == "dank"
    assert list(study.glob("coded/case-01.anna.before-realign-*.json.bak"))
    assert "resumed: 2 of 4 coded" in result.stderr


def test_codes_removed_from_the_codebook_are_reported_and_kept(run, study):
    code(run, input="3 ro n\n")
    changed = MINI_CODEBOOK.replace(
        "        codes:\n          - id: request-child-voice\n            label: Stem van het kind\n"
        "            definition: Het kind zegt het zelf.\n",
        "",
    )
    assert changed != MINI_CODEBOOK
    (study / "mini.yaml").write_text(changed, encoding="utf-8")
    result = code(run, input="q\n")
    assert result.exit_code == 0, result.output
    assert "code 'request-child-voice' is not in the codebook (applied in s001); kept in the record" in result.stderr
    assert load_record(RECORD).segments[0].codes == ["request-child-voice", "request-parent"]
    validated = run("validate", RECORD)
    assert validated.exit_code == 1
    assert "error[unknown-code]: code 'request-child-voice' is not in the codebook" in validated.stdout
    result = code(run, input="g 1\n-request-child-voice\n")  # a vanished code can still be removed by its id
    assert load_record(RECORD).segments[0].codes == ["request-parent"]
    assert run("validate", RECORD).exit_code == 0


def test_validate_checks_a_record_against_its_codebook_and_transcript(run, study):
    code(run, input=FINISH)
    data = json.loads(RECORD.read_text("utf-8"))
    data["attributes"]["child_age"] = 40
    data["attributes"]["jim_relation"] = "aunt"
    RECORD.write_text(json.dumps(data, indent=2), encoding="utf-8")
    (study / "case-01.md").write_text(transcript_markdown(TEXTS[:3]), encoding="utf-8")
    result = run("validate", RECORD)
    assert result.exit_code == 1
    assert "error[bad-attribute]: attribute child_age: 40 is out of bounds" in result.stdout
    assert "error[bad-attribute]: attribute jim_relation: 'aunt' is not one of grandmother, uncle" in result.stdout
    assert "error[transcript-changed]" in result.stdout
    line = next(i for i, text in enumerate(RECORD.read_text().splitlines(), 1) if '"child_age": 40' in text)
    assert f"{RECORD}:{line}: error[bad-attribute]" in result.stdout


def test_validate_skips_a_json_schema_and_reports_a_truncated_record(run, study):
    code(run, input="n\n")
    assert run("schema", "record").exit_code == 0
    (study / "record.schema.json").write_text(run("schema", "record").stdout, encoding="utf-8")
    RECORD.write_text(RECORD.read_text("utf-8")[:200], encoding="utf-8")
    result = run("validate", study)
    assert result.exit_code == 1
    assert "case-01.anna.json" in result.stdout and "truncated JSON" in result.stdout
    assert "record.schema.json" not in result.stdout


# --- real processes ---------------------------------------------------------------------------------


def start_session(study: Path, *extra: str) -> subprocess.Popen:
    return jimcode_process(study, "code", "case-01.md", "-c", "mini.yaml", "--coder", "anna", *extra)


def send(process: subprocess.Popen, line: str) -> str:
    """Send one command and wait for its acknowledgement (the decision is saved when it is printed)."""
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()
    while True:
        answer = process.stderr.readline()
        assert answer, "the session ended unexpectedly"
        if answer.startswith("  "):
            return answer.strip()


def wait_for_start(process: subprocess.Popen) -> str:
    assert process.stderr is not None
    return process.stderr.readline()


def test_killed_with_sigkill_after_n_decisions_all_n_survive(run, study):
    session = start_session(study)
    assert "case-01 (Noah): 4 segments" in wait_for_start(session)
    acknowledged = [
        send(session, line) for line in ("1 pq", "e H1 s moeder", "n", "x", "m mooi", "child_age: 9", "H2: c niet hier")
    ]
    assert acknowledged[2] == "s001 coded: request-parent, positioning-quick"
    session.kill()  # SIGKILL: no chance to clean up
    session.wait()
    assert journal_path(study / RECORD).exists()  # the decisions live in the journal, not yet in the record
    refused = code(run, input="q\n")
    assert refused.exit_code == 1
    assert "ended without closing" in refused.stderr and "--take-over" in refused.stderr
    resumed = code(run, "--take-over", input="q\n")
    assert resumed.exit_code == 0, resumed.output
    assert "recovered 7 decision(s)" in resumed.stderr and "resumed: 2 of 4 coded" in resumed.stderr
    record = load_record(study / RECORD)
    first, second, third = record.segments[:3]
    assert first.codes == ["request-parent", "positioning-quick"] and first.status == "coded"
    assert [(e.hypothesis, e.stance, e.note) for e in first.evidence] == [("H1", "supports", "moeder")]
    assert second.status == "not_relevant"
    assert third.memo == "mooi" and third.status == "open"
    assert record.attributes == {"child_age": 9}
    assert [(v.hypothesis, v.verdict, v.note) for v in record.verdicts] == [("H2", "contradicts", "niet hier")]
    assert not journal_path(study / RECORD).exists() and not lock_path(study / RECORD).exists()


def test_a_second_session_on_the_same_record_is_refused(run, study):
    first = start_session(study)
    try:
        wait_for_start(first)
        send(first, "1")
        result = code(run, input="n\n")
        assert result.exit_code == 1
        assert "case-01.anna.json is being coded by anna (process" in result.stderr and " since " in result.stderr
        assert code(run, "--take-over", input="n\n").exit_code == 1  # a live session is never taken over
        send(first, "n")
    finally:
        first.communicate("q\n", timeout=20)
    assert first.returncode == 0
    assert load_record(study / RECORD).segments[0].status == "coded"


def test_ctrl_c_saves_and_exits_130(study):
    session = start_session(study)
    wait_for_start(session)
    send(session, "1 n")
    session.send_signal(signal.SIGINT)
    # Wait for the interrupt to land before closing stdin: an end of input that reaches a busy child
    # first ends the session normally (exit 0), which is right but not what this test is about.
    session.wait(timeout=20)
    _, stderr = session.communicate(timeout=20)
    assert session.returncode == 130
    assert "interrupted; every decision is saved" in stderr
    assert not journal_path(study / RECORD).exists() and not lock_path(study / RECORD).exists()
    assert load_record(study / RECORD).segments[0].codes == ["request-parent"]


def test_a_transcript_segmented_differently_is_refused_too(run, study):
    code(run, input="1 n\n")
    data = json.loads(RECORD.read_text("utf-8"))
    data["segments"][1]["text"] = "Moeder wilde eerst niemand"  # same file, other segmentation
    RECORD.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = code(run, input="q\n")
    assert result.exit_code == 1
    assert "is split into segments differently" in result.stderr and "--realign" in result.stderr


def test_a_template_replays_into_the_same_record(run, study, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    script = "x\nro pq\ne H1 s moeder # 1\nm zie \\# 2\nn\n3\ng 4\nn\n"
    script += "jim_relation: oom\nparent_signals: -\njim_positioned: ja\nH1: m deels\n"
    assert code(run, input=script).exit_code == 0
    template = code(run, "--template")
    assert template.exit_code == 0, template.output
    text = template.stdout
    assert "# 2 s002 Cecile: Moeder wilde eerst niemand erbij hebben.\nrequest-parent positioning-quick\n" in text
    assert "e H1 s moeder\nm zie \\# 2\nn\n" in text
    assert "# 4 s004 Cecile: Dank je wel.\ng 4\nn\n" in text  # segment 3 was left open
    assert (
        "\n# child_age: 13   (from the transcript; not answered yet)\n" in text
        and "\njim_relation: uncle\n" in text
        and "\nparent_signals: -\n" in text
    )
    assert "H1: m deels\n# H2:" in text
    replayed = run("code", "case-01.md", "-c", "mini.yaml", "--coder", "anna", "--out", "again", input=text)
    assert replayed.exit_code == 0, replayed.output
    assert Path("again/case-01.anna.json").read_text("utf-8") == RECORD.read_text("utf-8")
    form = run("code", "case-01.md", "-c", "mini.yaml", "--template").stdout  # no coder: a form to fill in
    assert "# 1 s001 Interviewer: Kun je iets vertellen over het gezin?\nn\n" in form
    assert "child_age: 13\n" in form and "# jim_relation: \n" in form and "# H1:   (Poortwachters)" in form


def test_a_template_of_a_complete_record_replays_to_a_complete_record(run, study, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code(run, input="x\nro n\nm dank # voor alles\nn\nn\n" + FINISH.replace("n\n", "", 4))
    assert load_record(RECORD).status == "complete"
    text = code(run, "--template").stdout
    replayed = run("code", "case-01.md", "-c", "mini.yaml", "--coder", "anna", "--out", "again", input=text)
    assert "complete: again/case-01.anna.json" in replayed.stderr
    assert Path("again/case-01.anna.json").read_text("utf-8") == RECORD.read_text("utf-8")
