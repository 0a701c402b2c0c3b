"""The study folder on one machine: the coder's name asked once and remembered, and a run that
goes on past a transcript another session holds. Through the real CLI, real processes and, for
the question that only a person at a terminal is asked, a pseudo-terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from jimcode.records.model import load_record
from jimcode.records.store import lock_path
from tests.coding_helpers import MINI_CODEBOOK, transcript_markdown
from tests.conftest import jimcode_process
from tests.pty_sessions import ended, read_until, terminal

# jimcode's own words in English (the codebooks here are Dutch); tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")

NO_CODER = (
    "jimcode: error: who is coding? pass --coder NAME, set JIMCODE_CODER=NAME, put 'coder: NAME' in jimcode.yaml, "
    "or answer once at a terminal inside the study folder (remembered in .jimcode/coder)"
)


@pytest.fixture
def here(tmp_path, monkeypatch):
    """An empty current folder; no coder and no fixed clock in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIMCODE_CODER", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


@pytest.fixture
def study(run, here, monkeypatch):
    """A study folder made by `jimcode init`, holding one transcript; the current folder."""
    assert run("init", "study").exit_code == 0
    folder = here / "study"
    (folder / "transcripts" / "case-01.md").write_text(transcript_markdown(), encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def begin_line(study: Path, coder: str) -> str:
    """What a scripted session prints first: the transcript, the coder and the record."""
    record = study.resolve() / "coded" / f"case-01.{coder}.json"
    return f"case-01 (Noah): 4 segments, coder {coder} -> {record}"


# --- .gitignore and jimcode.yaml ---------------------------------------------------------------------


def test_init_ignores_the_local_folder_in_git_once(run, here):
    fresh = run("init", "fresh")
    assert fresh.exit_code == 0, fresh.output
    assert "jimcode: created fresh/.gitignore" in fresh.stderr.splitlines()
    assert (here / "fresh" / ".gitignore").read_text("utf-8") == ".jimcode/\n"
    assert run("init", "fresh").exit_code == 1  # a project is never overwritten
    (here / "fresh" / "jimcode.yaml").unlink()  # started over: .gitignore keeps one line
    assert run("init", "fresh").exit_code == 0
    assert (here / "fresh" / ".gitignore").read_text("utf-8") == ".jimcode/\n"

    (here / "theirs").mkdir()
    (here / "theirs" / ".gitignore").write_text("*.docx\n~$*", encoding="utf-8")  # no final newline
    added = run("init", "theirs")
    assert added.exit_code == 0, added.output
    assert "jimcode: added .jimcode/ to theirs/.gitignore" in added.stderr.splitlines()
    assert (here / "theirs" / ".gitignore").read_text("utf-8") == "*.docx\n~$*\n.jimcode/\n"

    (here / "ignored").mkdir()
    (here / "ignored" / ".gitignore").write_text("/.jimcode\n", encoding="utf-8")  # spelled another way
    assert run("init", "ignored").exit_code == 0
    assert (here / "ignored" / ".gitignore").read_text("utf-8") == "/.jimcode\n"


def test_the_project_file_names_every_source_of_the_coder_name(run, study):
    comments = [line for line in (study / "jimcode.yaml").read_text("utf-8").splitlines() if line.startswith("#")]
    assert comments[2:] == [
        "# The coder's name comes from, first found: --coder, the JIMCODE_CODER environment",
        "# variable, a `coder: NAME` line here (for a study with one coder), the name",
        "# remembered on this machine in .jimcode/coder (git-ignored), else `jimcode code`",
        "# asks once at a terminal and remembers the answer.",
    ]


# --- the coder's name ------------------------------------------------------------------------------------


def test_a_remembered_name_comes_after_the_option_the_environment_and_the_project_file(run, study, monkeypatch):
    (study / ".jimcode").mkdir()
    (study / ".jimcode" / "coder").write_text("remembered\n", encoding="utf-8")

    def coded_by(*args: str) -> str:
        result = run("code", *args, input="q\n")
        assert result.exit_code == 0, result.output
        return result.stderr.splitlines()[0]

    assert coded_by() == begin_line(study, "remembered")
    settings = study / "jimcode.yaml"
    settings.write_text(settings.read_text("utf-8") + "coder: from-yaml\n", encoding="utf-8")
    assert coded_by() == begin_line(study, "from-yaml")
    monkeypatch.setenv("JIMCODE_CODER", "from-env")
    assert coded_by() == begin_line(study, "from-env")
    assert coded_by("--coder", "from-option") == begin_line(study, "from-option")
    assert sorted(p.name for p in (study / "coded").iterdir()) == [
        "case-01.from-env.json",
        "case-01.from-option.json",
        "case-01.from-yaml.json",
        "case-01.remembered.json",
    ]
    assert (study / ".jimcode" / "coder").read_text("utf-8") == "remembered\n"  # never rewritten by a run


def test_a_script_with_no_name_anywhere_is_a_usage_error_naming_the_four_sources(run, study):
    result = run("code", input="q\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [NO_CODER]
    assert not (study / ".jimcode").exists() and sorted((study / "coded").iterdir()) == []
    (study / ".jimcode").mkdir()
    (study / ".jimcode" / "coder").write_text("\n", encoding="utf-8")  # an empty file names nobody
    assert run("code", input="q\n").stderr.splitlines() == [NO_CODER]


def terminal_session(cwd: Path, *args: str) -> tuple[subprocess.Popen, int]:
    """`python -m jimcode ARGS` on a pseudo-terminal of 100x30; returns it and the master end."""
    return terminal(cwd, *args, columns=100, lines=30, term="xterm")


def test_the_name_asked_at_a_terminal_is_remembered_for_the_study_folder(run, study):
    session, master = terminal_session(study / "transcripts", "code")
    read_until(master, "Your name as coder (remembered in .jimcode/coder for this study folder; --coder overrides): ")
    os.write(master, b"  anna \r")
    read_until(master, "[1/4] › ")
    os.write(master, b"q\r")
    assert ended(session, master) == 0
    assert (study / ".jimcode" / "coder").read_text("utf-8") == "anna\n"
    assert (study / ".jimcode" / ".gitignore").read_text("utf-8") == "*\n"  # ignored even without init's line
    assert load_record(study / "coded" / "case-01.anna.json").coder == "anna"

    again = run("code", input="x\n")  # not asked again: a script may now leave the name out
    assert again.exit_code == 0, again.output
    assert again.stderr.splitlines()[0] == begin_line(study, "anna")
    assert load_record(study / "coded" / "case-01.anna.json").segments[0].status == "not_relevant"


def test_outside_a_study_folder_the_name_asked_is_not_remembered(here):
    (here / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    (here / "case-01.md").write_text(transcript_markdown(), encoding="utf-8")
    session, master = terminal_session(here, "code", "case-01.md", "--codebook", "mini.yaml")
    read_until(master, "Your name as coder (not remembered; --coder overrides): ")
    os.write(master, b"bert\r")
    read_until(master, "[1/4] › ")
    os.write(master, b"q\r")
    assert ended(session, master) == 0
    written = sorted(str(p.relative_to(here)) for p in here.rglob("*"))
    assert written == ["case-01.md", "coded", "coded/case-01.bert.json", "mini.yaml"]


# --- a transcript locked by another session -----------------------------------------------------


@pytest.fixture
def two_transcripts(here):
    (here / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    folder = here / "transcripts"
    folder.mkdir()
    for transcript_id in ("case-01", "case-02"):
        (folder / f"{transcript_id}.md").write_text(transcript_markdown(transcript_id=transcript_id), encoding="utf-8")
    return here


def hold(folder: Path, transcript: str) -> tuple[subprocess.Popen, str]:
    """A live session on `transcripts/<transcript>.md` as anna, and how its lock describes it."""
    process = jimcode_process(folder, "code", f"transcripts/{transcript}.md", "-c", "mini.yaml", "--coder", "anna")
    assert process.stderr is not None
    assert process.stderr.readline().startswith(f"{transcript} (Noah): 4 segments, coder anna")
    lock = json.loads(lock_path(folder / "coded" / f"{transcript}.anna.json").read_text("utf-8"))
    return process, f"anna (process {lock['pid']} on {lock['host']}) since {lock['since']}"


def busy_warning(transcript: str, holder: str) -> str:
    return (
        f"jimcode: warning: {transcript}.md skipped: {transcript}.anna.json is being coded by {holder}; "
        "wait until it is done, or code another transcript"
    )


def release(process: subprocess.Popen) -> None:
    process.communicate("q\n", timeout=30)
    assert process.returncode == 0


def test_a_transcript_another_session_holds_is_skipped_and_the_run_goes_on(run, two_transcripts):
    holder, holds = hold(two_transcripts, "case-01")
    try:
        result = run("code", "transcripts", "-c", "mini.yaml", "--coder", "anna", input="x\n")
    finally:
        release(holder)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == busy_warning("case-01", holds)
    assert lines[-1] == "jimcode: 2 transcript(s): 1 locked, 1 end of input"
    assert load_record(two_transcripts / "coded" / "case-02.anna.json").segments[0].status == "not_relevant"
    assert load_record(two_transcripts / "coded" / "case-01.anna.json").segments[0].status == "open"


def test_when_every_transcript_is_locked_the_run_fails(run, two_transcripts):
    first, first_holds = hold(two_transcripts, "case-01")
    try:
        second, second_holds = hold(two_transcripts, "case-02")
        try:
            result = run("code", "transcripts", "-c", "mini.yaml", "--coder", "anna", input="x\n")
        finally:
            release(second)
    finally:
        release(first)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        busy_warning("case-01", first_holds),
        busy_warning("case-02", second_holds),
        "jimcode: error: all 2 transcripts are locked by other sessions (see above); nothing was coded",
    ]


def test_one_locked_transcript_alone_is_the_lock_error(run, two_transcripts):
    holder, holds = hold(two_transcripts, "case-01")
    try:
        result = run("code", "transcripts/case-01.md", "-c", "mini.yaml", "--coder", "anna", input="x\n")
    finally:
        release(holder)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"jimcode: error: case-01.anna.json is being coded by {holds}; "
        "wait until it is done, or code another transcript"
    ]


def test_at_a_terminal_the_skip_is_shown_on_the_next_screen(two_transcripts):
    holder, holds = hold(two_transcripts, "case-01")
    try:
        session, master = terminal_session(two_transcripts, "code", "transcripts", "-c", "mini.yaml", "--coder", "anna")
        shown = read_until(master, "[1/4] › ")
        os.write(master, b"q\r")
        assert ended(session, master) == 0
    finally:
        release(holder)
    clear_screen = "\x1b[2J"
    assert clear_screen in shown
    last_screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.rsplit(clear_screen, 1)[-1])  # without colours
    warning = busy_warning("case-01", holds).removeprefix("jimcode: warning: ")
    assert warning in " ".join(last_screen.split())  # as rich wrapped it
