"""Writing files safely: a crash or a full disk leaves the old file or the new one, never half.

Permissions are those any program gives: a new file gets what the user's umask allows
(0666 & ~umask, or a folder's default ACL), as `open()` would, and a replaced file keeps its
mode. The kernel applies the umask when the file is created with mode 0666, so it is never read
(reading it means setting it, for the whole process).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from jimcode.errors import JimcodeError

NEW_FILE_MODE = 0o666  # narrowed by the umask when created, as open() does
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where folders cannot be opened)."""
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


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new, unique, empty file beside `path` (`.<name>.<random>.tmp`), created with the umask's mode."""
    for _ in range(100):
        candidate = str(path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp"))
        try:
            return os.open(candidate, _CREATE_FLAGS, NEW_FILE_MODE), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _set_mode(handle: int, name: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)
    else:  # Windows before Python 3.13
        os.chmod(name, mode)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` (text is written as UTF-8 with LF line ends), durably.

    Temporary file in the same folder, fsync, `os.replace`, fsync of the folder. A new file
    gets the umask's mode; an existing one keeps its mode.
    Raises `OSError`; see `write_file` for the user-facing version.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_stream(path) as stream:
        stream.write(payload)


@contextlib.contextmanager
def atomic_stream(path: Path) -> Iterator[BinaryIO]:
    """`atomic_write` for data written in pieces: a binary stream whose file replaces `path` only
    when the block ends without an error (else it is removed and `path` is left as it was)."""
    keep_mode = _existing_mode(path)
    handle, temporary = _create_temporary(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            if keep_mode is not None:
                # Best effort: a file system without modes (FAT, some shares) must not stop a save.
                with contextlib.suppress(OSError):
                    _set_mode(stream.fileno(), temporary, keep_mode)
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_dir(path.parent)


@contextlib.contextmanager
def file_writer(path: Path) -> Iterator[BinaryIO]:
    """`atomic_stream` into a folder created if needed; a failure to write is one clear `JimcodeError`
    (as `write_file`)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_stream(path) as stream:
            yield stream
    except OSError as exc:
        raise JimcodeError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_file(path: Path, data: str | bytes) -> None:
    """`atomic_write` into a folder created if needed; a failure is one clear `JimcodeError`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise JimcodeError(f"cannot write {path}: {exc.strerror or exc}") from None
