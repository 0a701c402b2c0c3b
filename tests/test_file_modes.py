"""Files and folders jimcode writes get the modes the user's umask gives; a replaced file keeps its mode.

Each command runs as a real process with its own umask (setting it here would change it for all
of pytest). Under umask 022 and 002 the old writer's 0600 shows; 077 checks nothing is widened.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from jimcode.records.model import load_record
from jimcode.records.store import journal_path, lock_path
from tests.coding_helpers import MINI_CODEBOOK, transcript_markdown
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes and umask are POSIX")

# Some thirty subprocesses in all; the quick suite keeps umask 002, which alone tells 0664 from 0600 and 0644.
SLOW = pytest.mark.slow
UMASKS = [0o002, pytest.param(0o022, marks=SLOW), pytest.param(0o077, marks=SLOW)]
FINISH = "n\nn\nn\nn\nchild_age: 9\njim_relation: oom\nparent_signals: -\njim_positioned: ja\nH1: s\nH2: n\n"
RECORD = Path("coded/case-01.anna.json")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("JIMCODE_CODER", "SOURCE_DATE_EPOCH")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _with_umask(umask: int):
    return lambda: os.umask(umask)  # runs in the child, before jimcode starts


def jimcode(umask: int, cwd: Path, *args: str | Path, input: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m jimcode ARGS` in a process whose umask is `umask`; fails the test unless it exits 0."""
    result = subprocess.run(
        [sys.executable, "-m", "jimcode", *map(str, args)],
        cwd=cwd,
        env=_environment(),
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_with_umask(umask),
    )
    assert result.returncode == 0, result.stderr
    return result


def file_mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def folder_mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode) & 0o777)  # without a setgid bit inherited from above


def new_file(umask: int) -> str:
    return oct(0o666 & ~umask)


def new_folder(umask: int) -> str:
    return oct(0o777 & ~umask)


def make_study(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    (folder / "case-01.md").write_text(transcript_markdown(), encoding="utf-8")
    return folder


def code(umask: int, study: Path, script: str) -> subprocess.CompletedProcess[str]:
    return jimcode(umask, study, "code", "case-01.md", "--codebook", "mini.yaml", "--coder", "anna", input=script)


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> Path:
    """A study with one complete record (coded/) and the codebook as REFI-QDA (mini.qdc)."""
    study = make_study(tmp_path_factory.mktemp("coded"))
    code(0o022, study, FINISH)
    jimcode(0o022, study, "export", "codebook", "mini.yaml", "-o", "mini.qdc")
    return study


# --- coding sessions -----------------------------------------------------------------------------


@pytest.mark.parametrize("umask", UMASKS, ids=oct)
def test_a_coded_record_and_its_folder_get_the_umask_modes(tmp_path, umask):
    study = make_study(tmp_path)
    code(umask, study, FINISH)
    assert load_record(study / RECORD).status == "complete"
    assert file_mode(study / RECORD) == new_file(umask)
    assert folder_mode(study / "coded") == new_folder(umask)


@pytest.mark.parametrize("umask", [0o002, pytest.param(0o077, marks=SLOW)], ids=oct)
def test_the_lock_and_the_journal_of_a_running_session_get_the_umask_mode(tmp_path, umask):
    study = make_study(tmp_path)
    session = subprocess.Popen(
        [sys.executable, "-m", "jimcode", "code", "case-01.md", "-c", "mini.yaml", "--coder", "anna"],
        cwd=study,
        env=_environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        preexec_fn=_with_umask(umask),
    )
    assert session.stdin is not None and session.stderr is not None
    try:
        assert "case-01 (Noah): 4 segmenten" in session.stderr.readline()  # the codebook is Dutch
        session.stdin.write("n\n")
        session.stdin.flush()
        while not (line := session.stderr.readline()).startswith("  "):  # the decision is saved when acknowledged
            assert line, "the session ended unexpectedly"
        modes = {path.name: file_mode(path) for path in (lock_path(study / RECORD), journal_path(study / RECORD))}
    finally:
        session.communicate("q\n", timeout=30)
    assert modes == {"case-01.anna.json.lock": new_file(umask), "case-01.anna.json.journal": new_file(umask)}
    assert session.returncode == 0


@pytest.mark.parametrize(
    ("mode", "umask"), [(0o644, 0o077), pytest.param(0o640, 0o077, marks=SLOW), (0o600, 0o002)], ids=oct
)
def test_a_record_keeps_its_mode_when_a_session_saves_it_again(tmp_path, mode, umask):
    study = make_study(tmp_path)
    code(0o022, study, "x\n")  # one decision, the rest left open
    (study / RECORD).chmod(mode)
    code(umask, study, "x\n")  # resumes at s002, decides it, saves the record again
    record = load_record(study / RECORD)
    assert [segment.status for segment in record.segments] == ["not_relevant", "not_relevant", "open", "open"]
    assert file_mode(study / RECORD) == oct(mode)


# --- reports, exports, imports, init -------------------------------------------------------------


@pytest.mark.parametrize("umask", UMASKS, ids=oct)
def test_a_summary_report_and_the_folder_made_for_it_get_the_umask_modes(tmp_path, coded, umask):
    report = tmp_path / "reports" / "results.md"
    jimcode(umask, tmp_path, "summary", coded / "coded", "--format", "markdown", "--output", report)
    assert report.read_text("utf-8").startswith("#")
    assert (file_mode(report), folder_mode(report.parent)) == (new_file(umask), new_folder(umask))


@pytest.mark.parametrize("umask", UMASKS, ids=oct)
def test_export_csv_writes_its_folder_and_tables_with_the_umask_modes(tmp_path, coded, umask):
    tables = tmp_path / "tables"
    jimcode(umask, tmp_path, "export", "csv", coded / "coded", "-o", tables)
    written = {path.name: file_mode(path) for path in tables.iterdir()}
    assert written == {name: new_file(umask) for name in ("codings.csv", "cases.csv", "evidence.csv")}
    assert folder_mode(tables) == new_folder(umask)


@pytest.mark.parametrize("umask", UMASKS, ids=oct)
def test_export_project_writes_the_qdpx_with_the_umask_mode(tmp_path, coded, umask):
    jimcode(umask, tmp_path, "export", "project", coded / "coded", "-o", "study.qdpx")
    assert file_mode(tmp_path / "study.qdpx") == new_file(umask)


@pytest.mark.parametrize("umask", UMASKS, ids=oct)
def test_an_imported_codebook_gets_the_umask_mode(tmp_path, coded, umask):
    jimcode(umask, tmp_path, "import", "codebook", coded / "mini.qdc", "-o", "imported.yaml")
    assert "id: mini\n" in (tmp_path / "imported.yaml").read_text("utf-8").splitlines(keepends=True)
    assert file_mode(tmp_path / "imported.yaml") == new_file(umask)


def test_an_overwritten_export_keeps_the_mode_it_was_given(tmp_path, coded):
    target = tmp_path / "study.qdpx"
    jimcode(0o077, tmp_path, "export", "project", coded / "coded", "-o", target)
    target.chmod(0o644)
    jimcode(0o077, tmp_path, "export", "project", coded / "coded", "-o", target)
    assert file_mode(target) == "0o644"


@pytest.mark.parametrize("umask", UMASKS, ids=oct)
def test_init_makes_its_folders_and_files_with_the_umask_modes(tmp_path, umask):
    jimcode(umask, tmp_path, "init", "my-study")
    study = tmp_path / "my-study"
    made = [study, *(path for path in study.iterdir() if path.is_dir())]
    folders = {path.relative_to(tmp_path).as_posix(): folder_mode(path) for path in made}
    files = {path.relative_to(study).as_posix(): file_mode(path) for path in study.rglob("*") if path.is_file()}
    assert folders == {
        name: new_folder(umask) for name in ("my-study", "my-study/codebooks", "my-study/transcripts", "my-study/coded")
    }
    assert "jimcode.yaml" in files and "codebooks/jim-12min.nl.yaml" in files
    assert files == dict.fromkeys(files, new_file(umask))


def test_init_where_a_file_stands_in_for_one_of_its_folders_is_one_line_and_exit_1(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-study").mkdir()
    (tmp_path / "my-study" / "codebooks").write_text("not a folder", encoding="utf-8")
    result = run("init", "my-study")
    assert (result.exit_code, result.stderr) == (1, "jimcode: error: cannot create my-study/codebooks: File exists\n")
    assert not (tmp_path / "my-study" / "jimcode.yaml").exists()
