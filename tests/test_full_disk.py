"""A full disk, a file size limit and a read-only folder, through the real CLI in real processes.

Faults are injected at the operating-system level: `RLIMIT_FSIZE` (a real kernel limit), or a harness
that lets `os.write` through jimcode's write seam reach only so many bytes of an appended file (the
journal) and then fail with ENOSPC,
or that makes `os.open`/`os.mkdir` under a folder fail with EROFS (root ignores folder modes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.coding_helpers import MINI_CODEBOOK, transcript_markdown
from tests.conftest import ROOT
from tests.pty_sessions import answer, ended, read_until, terminal

# jimcode's own words in English (the codebooks here are Dutch); tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")

resource = pytest.importorskip("resource", reason="RLIMIT_FSIZE and the fault harness need POSIX")

HARNESS = r"""
import errno, os, sys
readonly, room = os.environ.get("FAULT_READONLY"), os.environ.get("FAULT_DISK_ROOM")
if readonly:
    top = os.path.realpath(readonly)
    real_open, real_mkdir = os.open, os.mkdir
    def _inside(path):
        return os.path.realpath(os.fspath(path)).startswith(top)
    def _refuse(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
    def _open(path, flags, mode=0o777, *, dir_fd=None):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and _inside(path):
            _refuse(path)
        return real_open(path, flags, mode, dir_fd=dir_fd)
    def _mkdir(path, mode=0o777, *, dir_fd=None):
        if _inside(path):
            _refuse(path)
        return real_mkdir(path, mode, dir_fd=dir_fd)
    os.open, os.mkdir = _open, _mkdir
if room:
    import jimcode.fileio
    import fcntl
    left = [int(room)]
    def _write(handle, data):
        if not fcntl.fcntl(handle, fcntl.F_GETFL) & os.O_APPEND:  # only the journal fills the disk
            return os.write(handle, data)
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = os.write(handle, bytes(data[: left[0]]))
        left[0] -= written
        return written
    jimcode.fileio._write = _write
from jimcode.cli import main
sys.argv[0] = "jimcode"
main()
"""


def full_until(freed: Path) -> str:
    """The harness with a disk that is full (FAULT_DISK_ROOM=0) until the file `freed` appears."""
    return HARNESS.replace(
        "        if left[0] <= 0:",
        f"        if os.path.exists({str(freed)!r}):\n            left[0] = 1 << 30\n        if left[0] <= 0:",
    )


def jimcode(cwd: Path, *args: str, stdin: str = "", file_size_limit: int | None = None, **faults: str):
    """Run the CLI under the harness; `faults`: FAULT_READONLY=folder, FAULT_DISK_ROOM=bytes."""
    env = {k: v for k, v in os.environ.items() if k not in ("JIMCODE_CODER", "SOURCE_DATE_EPOCH")}
    env.update(PYTHONPATH=str(ROOT), **faults)

    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        [sys.executable, "-c", HARNESS, *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
    )


@pytest.fixture
def study(tmp_path: Path) -> Path:
    (tmp_path / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    (tmp_path / "case-01.md").write_text(transcript_markdown(), encoding="utf-8")
    return tmp_path


CODE = ("code", "case-01.md", "--codebook", "mini.yaml", "--coder", "anna")
RECORD = Path("coded/case-01.anna.json")
JOURNAL = Path("coded/case-01.anna.json.journal")


def _acknowledged(stderr: str) -> list[str]:
    """The segments the session told the coder were saved."""
    return [line.split()[0] for line in stderr.splitlines() if line.startswith("  s0") and " coded" in line]


def _journal_segments(study: Path) -> list[str]:
    return [json.loads(line)["segment_id"] for line in (study / JOURNAL).read_text().splitlines()]


def _record_on_disk(study: Path) -> None:
    first = jimcode(study, *CODE, stdin="x\nq\n")  # s001 decided, the record written whole
    assert first.returncode == 0, first.stderr


@pytest.mark.slow  # three processes
@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        ({"FAULT_DISK_ROOM": "400"}, "disk full"),
        ({"file_size_limit": 400}, "file too large (the file size limit, ulimit -f, was reached)"),
    ],
    ids=["short-write-then-ENOSPC", "RLIMIT_FSIZE"],
)
def test_a_script_on_a_full_disk_ends_with_exit_1_and_loses_no_acknowledged_decision(study, fault, problem):
    _record_on_disk(study)
    # Each journal line is about 170 bytes: two fit in 400, the third is cut short by the disk.
    result = jimcode(study, *CODE, stdin="n\nn\nn\n", **fault)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"jimcode: error: {problem}: the last decision was not saved; every decision before it is saved in "
        f"{JOURNAL} (run the same command to resume)"
    )
    assert "internal error" not in result.stderr
    assert _acknowledged(result.stderr) == ["s002", "s003"]
    assert _journal_segments(study) == ["s002", "s003"]  # whole lines only: the torn third was cut back
    assert (study / JOURNAL).read_bytes().endswith(b"}\n")
    resumed = jimcode(study, *CODE, stdin="n\n")  # space is back: all acknowledged work is there
    assert resumed.returncode == 0, resumed.stderr
    assert "jimcode: warning: recovered 2 decision(s) saved in the journal" in resumed.stderr.splitlines()
    record = json.loads((study / RECORD).read_text())
    assert [s["status"] for s in record["segments"]] == ["not_relevant", "coded", "coded", "coded"]


def test_a_full_disk_when_the_record_is_first_written_is_one_line_and_leaves_no_temporary_file(study):
    result = jimcode(study, *CODE, stdin="x\n", file_size_limit=1000)  # the new record is 2 kB
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"jimcode: error: {RECORD}: file too large (the file size limit, ulimit -f, was reached)"
    )
    assert sorted(p.name for p in (study / "coded").iterdir()) == []  # no record, no .tmp, no journal, no lock


def test_a_read_only_records_folder_is_one_line(study):
    (study / "coded").mkdir()
    result = jimcode(study, *CODE, stdin="x\n", FAULT_READONLY=str(study / "coded"))
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        ["jimcode: error: cannot write coded records in coded: read-only file system"],
    )
    assert list((study / "coded").iterdir()) == []


def test_init_in_a_read_only_folder_is_one_line_and_makes_nothing(tmp_path):
    result = jimcode(tmp_path, "init", "study", FAULT_READONLY=str(tmp_path))
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        ["jimcode: error: cannot create study/codebooks: read-only file system"],
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # two processes
def test_init_on_a_full_disk_leaves_no_half_made_study(tmp_path):
    (tmp_path / "existing").mkdir()
    (tmp_path / "existing" / "notes.txt").write_text("mine")
    fresh = jimcode(tmp_path, "init", "new/study", file_size_limit=4000)  # the shipped codebooks are larger
    filled = jimcode(tmp_path, "init", "existing", file_size_limit=4000)
    for result, folder in ((fresh, "new/study"), (filled, "existing")):
        assert result.returncode == 1
        [line] = result.stderr.splitlines()
        assert line.startswith(f"jimcode: error: cannot write {folder}/codebooks/") and line.endswith(
            ": file too large (the file size limit, ulimit -f, was reached)"
        )
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["existing", "existing/notes.txt"]


@pytest.mark.slow  # two processes
def test_validate_warns_of_a_damaged_journal_line_with_its_line(study):
    _record_on_disk(study)
    good = '{"at":"2026-01-01T00:00:00Z","op":"status","status":"in_progress"}\n'
    (study / JOURNAL).write_text(good + '{"at":"2026-01-01T0{"op"\n' + good)
    result = jimcode(study, "validate", str(study / "coded"))
    assert result.returncode == 0, result.stderr
    assert (
        f"{study / JOURNAL}:2: warning[damaged-journal]: this journal line is damaged and is skipped; "
        "the decision saved in it is lost"
    ) in result.stdout.splitlines() + result.stderr.splitlines()


@pytest.mark.slow  # a terminal session in a pseudo-terminal
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_at_a_terminal_a_full_disk_waits_for_space_and_then_saves(study):
    _record_on_disk(study)
    freed = study / "space-freed"
    harness = full_until(freed)
    session, controller = terminal(study, *CODE, harness=harness, FAULT_DISK_ROOM="0")
    read_until(controller, "[2/4]")
    answer(controller, "n")  # s002 not relevant: the disk is full
    read_until(controller, "disk full: the last decision was not saved; free space and press Enter to retry")
    assert not (study / JOURNAL).exists() or (study / JOURNAL).read_bytes() == b""
    freed.touch()
    answer(controller, "")  # Enter: retry
    read_until(controller, "[3/4]")  # saved, and on to the next segment
    assert _journal_segments(study) == ["s002"]
    answer(controller, "q")
    assert ended(session, controller) == 0
    record = json.loads((study / RECORD).read_text())
    assert [s["status"] for s in record["segments"]] == ["not_relevant", "coded", "open", "open"]


@pytest.mark.slow  # two processes
def test_a_full_disk_when_the_session_ends_keeps_every_decision_in_the_journal(study):
    _record_on_disk(study)
    # The journal's lines fit under the limit; the 2 kB record it is folded into at the end does not.
    result = jimcode(study, *CODE, stdin="n\nq\n", file_size_limit=1000)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"jimcode: error: could not fold the journal into {RECORD}: file too large (the file size limit, "
        f"ulimit -f, was reached); every decision is kept in {JOURNAL} and is folded in when the record is next opened"
    )
    assert _journal_segments(study) == ["s002"]
    assert sorted(p.name for p in (study / "coded").iterdir()) == [RECORD.name, JOURNAL.name]  # no lock, no .tmp
    resumed = jimcode(study, *CODE, stdin="q\n")
    assert resumed.returncode == 0, resumed.stderr
    record = json.loads((study / RECORD).read_text())
    assert [s["status"] for s in record["segments"]] == ["not_relevant", "coded", "open", "open"]
