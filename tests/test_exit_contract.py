"""The exit contract: how a command ends (done, bad input, a failed check, Ctrl-C) and what it says on
stderr. Real processes for Ctrl-C, the real CLI for the rest; stderr compared line for line."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.coded_records import make_record, presence_records, save, segment, write_codebook
from tests.conftest import ROOT, jimcode_process
from tests.test_code_cli import send, start_session, study, wait_for_start  # noqa: F401 (study: a fixture)
from tests.test_reconcile import two_coders

# jimcode's own words in English (the codebooks here are Dutch); tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")

SAVED = "jimcode: interrupted; every decision is saved (run the same command to resume)"


def interrupt(process: subprocess.Popen) -> tuple[int, list[str]]:
    """Ctrl-C: SIGINT to the process; its exit code and the stderr lines that follow."""
    process.send_signal(signal.SIGINT)
    process.wait(timeout=20)  # the interrupt lands before stdin closes (an end of input would end it normally)
    _, stderr = process.communicate(timeout=20)
    return process.returncode, stderr.splitlines()


def test_ctrl_c_in_a_coding_session_exits_130_with_one_line(study):  # noqa: F811 (the fixture)
    session = start_session(study)
    wait_for_start(session)
    assert send(session, "1 n") == "s001 coded: request-parent"
    code, lines = interrupt(session)
    assert code == 130
    # The line starts on a fresh line: the prompt may be half written when Ctrl-C comes.
    assert lines[-2:] == ["", SAVED]
    assert not any("Traceback" in line for line in lines)


def test_sigterm_in_a_coding_session_is_an_interruption_too(study):  # noqa: F811 (the fixture)
    session = start_session(study)
    wait_for_start(session)
    session.terminate()
    _, stderr = session.communicate(timeout=20)
    assert session.returncode == 130
    assert stderr.splitlines()[-1] == SAVED


def test_ctrl_c_in_reconcile_exits_130_with_one_line(tmp_path):
    write_codebook(tmp_path)
    anna, ben = two_coders()
    records = [save(tmp_path / "coded", anna), save(tmp_path / "coded", ben)]
    process = jimcode_process(tmp_path, "reconcile", *map(str, records), "--out", str(tmp_path / "consensus.json"))
    assert process.stderr is not None
    # Its first line (what there is to settle) says the command runs; the wording is the screen's, not checked here.
    assert process.stderr.readline()
    code, lines = interrupt(process)
    assert code == 130
    assert lines[-2:] == ["", SAVED]
    assert not any("Traceback" in line for line in lines)


# A command that is not a session, held in `os.open` of its input until it is interrupted (jimcode
# refuses FIFOs, which once served to make it wait).
_HELD_IN_OPEN = """
import os, sys, time
real_open = os.open
def held_open(path, flags, *args, **kwargs):
    if str(path).endswith("held.md"):
        sys.stderr.write("opening\\n"); sys.stderr.flush(); time.sleep(60)
    return real_open(path, flags, *args, **kwargs)
os.open = held_open
from jimcode.cli import main
sys.argv[0] = "jimcode"
main()
"""


def test_ctrl_c_elsewhere_says_interrupted_and_nothing_about_saving(tmp_path):
    (tmp_path / "held.md").write_text("Interviewer: Hoe gaat het?\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", _HELD_IN_OPEN, "segment", "held.md"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "opening\n"
    code, lines = interrupt(process)
    assert code == 130
    assert lines == ["", "jimcode: interrupted"]


@pytest.fixture
def single_coded(tmp_path) -> Path:
    write_codebook(tmp_path)
    presence_records(tmp_path / "coded", {"anna": [["ask-parent"]]})
    return tmp_path / "coded"


GATE_FAILED = [
    "jimcode: warning: no transcript has records by two or more coders; nothing to compare",
    "jimcode: error: --min-alpha 0.667: no segment was coded by two coders, so nothing could pass the check",
]


def test_a_failed_gate_exits_1_with_the_verdict_as_the_error_line(run, single_coded):
    result = run("agreement", single_coded, "--min-alpha", "0.667", "--format", "csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == GATE_FAILED


def test_a_failed_check_under_debug_is_the_same_line_without_a_traceback(run, single_coded):
    result = run("--debug", "agreement", single_coded, "--min-alpha", "0.667", "--format", "csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == GATE_FAILED
    assert isinstance(result.exception, SystemExit)


def test_validate_says_its_verdict_once(run, tmp_path):
    good = write_codebook(tmp_path)
    passed = run("validate", good)
    assert passed.exit_code == 0
    assert passed.stderr.splitlines() == ["jimcode: 1 file(s) checked, all valid"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text("utf-8").replace("research_questions:", "research_question:", 1), encoding="utf-8")
    failed = run("validate", good, bad)
    assert failed.exit_code == 1
    errors = len(failed.stdout.splitlines())
    assert errors >= 1 and all(line.startswith(f"{bad}:") for line in failed.stdout.splitlines())
    assert failed.stderr.splitlines() == [f"jimcode: error: 2 file(s) checked, 1 invalid ({errors} error(s))"]


def test_skipped_files_are_errors_and_the_count_is_the_verdict(run, tmp_path):
    write_codebook(tmp_path)
    coded = tmp_path / "coded"
    save(coded, make_record("anna", [segment(0, ["ask-parent"])]))
    bad = coded / "zz-bad.json"
    bad.write_text("", encoding="utf-8")
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "jimcode: error: 1 file(s) skipped; the rest were read"
    [skipped] = [line for line in lines if str(bad) in line]
    assert skipped.startswith(f"jimcode: error: {bad}") and skipped.endswith("(skipped)")


def test_bad_input_is_one_error_line_and_exit_1(run, tmp_path):
    missing = tmp_path / "nope.yaml"
    result = run("show", missing)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"jimcode: error: {missing}")


def test_a_written_file_is_a_neutral_note(run, tmp_path):
    codebook = write_codebook(tmp_path)
    out = tmp_path / "tiny.qdc"
    result = run("export", "codebook", codebook, "--output", out)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"jimcode: warning: {codebook}: 5 case attribute(s) left out: a .qdc has no place for them "
        "(`jimcode export project` carries them as variables)",
        f"jimcode: wrote {out}",
    ]


def test_init_lists_what_it_created_in_the_same_voice(run, tmp_path):
    folder = tmp_path / "study"
    result = run("init", folder)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"jimcode: created {folder / 'codebooks'}/",
        f"jimcode: created {folder / 'transcripts'}/",
        f"jimcode: created {folder / 'coded'}/",
        f"jimcode: created {folder / 'codebooks' / 'jim-12min.en.yaml'}",
        f"jimcode: created {folder / 'codebooks' / 'jim-12min.nl.yaml'}",
        f"jimcode: created {folder / 'codebooks' / 'codebook.schema.json'}",
        f"jimcode: created {folder / 'jimcode.yaml'}",
        f"jimcode: created {folder / '.gitignore'}",
        f"jimcode: next: put transcripts in {folder / 'transcripts'} and run `jimcode code` there",
    ]


# The contract in the code: exits and stderr have one home each.
CLI = ROOT / "jimcode" / "cli"


def _calls(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name == "typer.Exit" and node.args:
                found.append((node.lineno, f"typer.Exit({ast.unparse(node.args[0])})"))
            elif name.startswith("sys.stderr.write") or any(k.arg == "err" for k in node.keywords):
                found.append((node.lineno, name))
        elif (
            isinstance(node, ast.ExceptHandler)
            and node.type is not None
            and "KeyboardInterrupt" in ast.unparse(node.type)
        ):
            found.append((node.lineno, "except KeyboardInterrupt"))
    return found


def test_exit_codes_are_set_in_one_place_and_stderr_written_by_one_module():
    places = {path.name: _calls(path) for path in sorted((ROOT / "jimcode").rglob("*.py"))}
    elsewhere = {name: calls for name, calls in places.items() if calls and name not in ("app.py", "messages.py")}
    # The coding and reconcile screens are the interactive UI, not messages.
    assert set(elsewhere) <= {"terminal.py", "scripted.py"}, elsewhere
    assert [call for _, call in places["app.py"]] == [
        "except KeyboardInterrupt",
        "typer.Exit(exc.exit_code)",
        "typer.Exit(exc.exit_code)",
        "typer.Exit(EXIT_BUG)",
    ]
