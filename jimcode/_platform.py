"""Everything that differs between operating systems, one branch per platform.

Tested here: the POSIX branches (Linux; macOS takes the same ones). The Windows branches follow the
documented Win32 behaviour and are expected to work but are not run by the test suite.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys

IS_WINDOWS = sys.platform == "win32"

BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation by os.open; 0 elsewhere
# Opening a FIFO for reading blocks until a writer appears; O_NONBLOCK returns at once (POSIX only).
NONBLOCKING_READ_FLAGS = os.O_RDONLY | BINARY | getattr(os, "O_NONBLOCK", 0)


def process_alive(pid: int) -> bool:
    """Whether process `pid` on this machine still runs (True when unsure: never take over a live session)."""
    if pid <= 0:
        return False
    if IS_WINDOWS:
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only checks (on Windows it would send Ctrl-C, hence the branch)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists and belongs to someone else
        return True
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.GetLastError() == 5  # type: ignore[attr-defined]  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Make a rename or a new file in `folder` durable. Windows cannot open a folder (NTFS makes
    renames durable itself); elsewhere a file system that cannot sync a folder is accepted as it is."""
    if IS_WINDOWS:  # pragma: no cover - Windows only
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create_unnamed(folder: str, mode: int) -> int | None:
    """An open file (read and write) without a name in `folder`, gone however the process ends until
    `give_name` names it: Linux's O_TMPFILE, named through /proc. None where the system, the file system
    or a missing /proc allows none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir(_OPEN_FILES):  # pragma: no cover - not Linux
        return None
    try:
        return os.open(folder, flag | os.O_RDWR | BINARY, mode)
    except OSError:  # a file system without it (EOPNOTSUPP), an old kernel (EISDIR)
        return None


def give_name(handle: int, path: str) -> None:
    """Give the file `create_unnamed` made the name `path`; `FileExistsError` if it is taken.

    A link from /proc/self/fd/N, as open(2) shows; made with linkat(2) and AT_SYMLINK_FOLLOW, which
    `os.link` uses only when given a folder's descriptor (plain link(2) would link the /proc entry)."""
    folder, name = os.path.split(path)
    folder_handle = os.open(folder or ".", os.O_RDONLY)
    try:
        os.link(f"{_OPEN_FILES}/{handle}", name, dst_dir_fd=folder_handle)
    finally:
        os.close(folder_handle)


_OPEN_FILES = "/proc/self/fd"


def set_mode(handle: int, name: str, mode: int) -> None:
    """Give an open file `mode` (best effort: FAT and some shares have no modes)."""
    with contextlib.suppress(OSError):
        if hasattr(os, "fchmod"):
            os.fchmod(handle, mode)
        else:  # pragma: no cover - Windows before Python 3.13 (only the read-only bit is kept)
            os.chmod(name, mode)


def is_regular(mode: int) -> bool:
    """A regular file: not a device (/dev/zero), a FIFO, a socket or a folder (the same test everywhere)."""
    return stat.S_ISREG(mode)


def report_oversized_writes() -> None:
    """Make a write past the file size limit (`ulimit -f`) fail with EFBIG instead of killing the
    process with SIGXFSZ, so it ends in one clean line. Windows has no such limit or signal."""
    sigxfsz = getattr(signal, "SIGXFSZ", None)
    if sigxfsz is not None:
        with contextlib.suppress(ValueError, OSError):  # ValueError: not the main thread
            signal.signal(sigxfsz, signal.SIG_IGN)


def termination_signals() -> list[int]:
    """The signals that end a session like Ctrl-C: SIGTERM, and SIGHUP (a closed terminal) where it exists."""
    return [number for name in ("SIGTERM", "SIGHUP") if (number := getattr(signal, name, None)) is not None]
