"""Writing files safely: a crash or a full disk leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from jimcode.errors import JimcodeError


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


def atomic_write(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` (text is written as UTF-8 with LF line ends), durably.

    Temporary file in the same folder, fsync, `os.replace`, fsync of the folder.
    Raises `OSError`; see `write_file` for the user-facing version.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_dir(path.parent)


def write_file(path: Path, data: str | bytes) -> None:
    """`atomic_write` into a folder created if needed; a failure is one clear `JimcodeError`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise JimcodeError(f"cannot write {path}: {exc.strerror or exc}") from None
