"""The calls that differ between operating systems live in `jimcode._platform`, and its POSIX branches work.

The Windows branches (OpenProcess for a process's liveness, no fsync of a folder) are not run here;
the README says which platforms are tested.
"""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys

import pytest

from jimcode import _platform
from jimcode.records.store import LockInfo
from tests.conftest import ROOT

posix_only = pytest.mark.skipif(_platform.IS_WINDOWS, reason="the POSIX branches")

# Calls whose meaning differs by platform: os.kill(pid, 0) sends Ctrl-C on Windows, and so on.
PLATFORM_CALLS = {"os.kill", "os.fchmod", "os.chmod", "os.mkfifo", "os.O_NONBLOCK", "os.O_BINARY", "signal.SIGHUP"}


def test_platform_specific_calls_are_made_in_the_platform_module_only():
    found = []
    for path in sorted((ROOT / "jimcode").rglob("*.py")):
        if path.name == "_platform.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and ast.unparse(node) in PLATFORM_CALLS:
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
            if isinstance(node, ast.Constant) and node.value in ("O_BINARY", "O_NONBLOCK", "SIGHUP", "SIGXFSZ"):
                found.append(f"{path.name}:{node.lineno}: {node.value}")
    assert found == []


def _ended_process() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@posix_only
def test_a_running_process_is_alive_and_an_ended_one_is_not():
    assert _platform.process_alive(os.getpid()) is True
    assert _platform.process_alive(1) is True  # init: alive, though not ours to signal (or ours as root)
    assert _platform.process_alive(_ended_process()) is False
    assert _platform.process_alive(0) is False  # an unreadable lock's pid: never "this process group"


@posix_only
def test_a_lock_is_stale_only_when_its_process_on_this_host_has_ended():
    host = LockInfo.mine("anna").host
    assert LockInfo(_ended_process(), host, "anna", "now").is_stale() is True
    assert LockInfo(os.getppid(), host, "anna", "now").is_stale() is False
    assert LockInfo(_ended_process(), host + ".elsewhere", "anna", "now").is_stale() is False  # cannot know


@posix_only
def test_only_regular_files_count_as_files(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "file").write_text("x")
    kinds = {
        name: _platform.is_regular(os.stat(path).st_mode)
        for name, path in [
            ("file", tmp_path / "file"),
            ("pipe", tmp_path / "pipe"),
            ("folder", tmp_path),
            ("zero", "/dev/zero"),
        ]
    }
    assert kinds == {"file": True, "pipe": False, "folder": False, "zero": False}


@posix_only
def test_a_folder_can_be_synced_and_a_missing_one_is_no_error(tmp_path):
    _platform.fsync_dir(tmp_path)
    _platform.fsync_dir(tmp_path / "missing")  # returns: a folder that cannot be opened is accepted as it is


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="no file size limit signal (Windows)")
def test_a_write_past_the_file_size_limit_fails_instead_of_killing_the_process():
    code = (
        "import resource, signal; from jimcode import _platform; "
        "_platform.report_oversized_writes(); assert signal.getsignal(signal.SIGXFSZ) == signal.SIG_IGN; "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (10, 10)); import tempfile, os; "
        "f = tempfile.TemporaryFile()\ntry:\n    os.write(f.fileno(), b'x' * 11); os.write(f.fileno(), b'x')\n"
        "except OSError as e:\n    print(e.errno)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert (result.returncode, result.stdout.strip()) == (0, "27")  # EFBIG, not death by SIGXFSZ


def test_termination_signals_are_those_the_platform_has():
    expected = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    assert _platform.termination_signals() == expected
