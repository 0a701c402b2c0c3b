"""Writing files safely: a crash or a full disk leaves the old file or the new one, never half.

Permissions are those any program gives: a new file gets what the user's umask allows
(0666 & ~umask, or a folder's default ACL), as `open()` would, and a replaced file keeps its
mode. The kernel applies the umask when the file is created with mode 0666, so it is never read
(reading it means setting it, for the whole process).
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from jimcode import _platform
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError, JimcodeError
from jimcode.i18n import DEFAULT_LANGUAGE, words

NEW_FILE_MODE = 0o666  # narrowed by the umask when created, as open() does
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _platform.BINARY


_OUT_OF_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_PROBLEMS = {  # errno -> its words in the catalog (jimcode/i18n.py)
    errno.EFBIG: "write.too_large",
    errno.EROFS: "write.read_only",
    errno.EACCES: "write.permission",
    errno.EPERM: "write.permission",
    errno.EIO: "write.io",
    errno.ELOOP: "write.loop",
}
# The errors the environment causes (a full disk, a read-only folder); anything else is jimcode's.
ENVIRONMENT_ERRNOS = frozenset(_OUT_OF_SPACE | set(_PROBLEMS))


def write_problem(exc: OSError, language: str = DEFAULT_LANGUAGE) -> str:
    """What went wrong with a write, in plain words: `disk full`, `read-only file system`, ...

    In `language` where jimcode words it; another error in the operating system's words."""
    key = "write.disk_full" if exc.errno in _OUT_OF_SPACE else _PROBLEMS.get(exc.errno or 0)
    return words(language)(key) if key else exc.strerror or str(exc)


def is_out_of_space(exc: OSError) -> bool:
    return exc.errno in _OUT_OF_SPACE


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where folders cannot be opened)."""
    _platform.fsync_dir(folder)


# os.write, looked up at each call so a test can inject a short write or a full disk.
_write = os.write


def append_whole(handle: int, data: bytes) -> None:
    """Append all of `data` to the open (O_APPEND) file and fsync it: durable when this returns.

    `os.write` may write only part (a full disk, a signal): the rest is written in a loop. If any of it
    fails, the file is cut back to its length before, so no torn line is left for a later append to
    follow; then the `OSError` is raised.
    """
    start = os.fstat(handle).st_size
    try:
        view = memoryview(data)
        while view:
            written = _write(handle, view)
            if written <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[written:]
        os.fsync(handle)
    except BaseException:
        with contextlib.suppress(OSError):
            os.ftruncate(handle, start)  # shrinking needs no space
            os.fsync(handle)
        raise


def read_regular(path: Path | str, limit: int, display: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or an `InvalidFileError` naming it.

    The one way jimcode reads an input file. `st_size` is 0 for a device or a FIFO, so a size check
    alone lets `/dev/zero` fill the memory and a FIFO hang for ever: the file is opened without
    blocking, the open file (not the name, which may change) must be a regular file, and the read
    stops after `limit` bytes whatever the size said.
    """
    file = display if display is not None else str(path)
    handle = os.open(path, _platform.NONBLOCKING_READ_FLAGS)
    try:
        status = os.fstat(handle)
        _check_regular(status, file, limit)
        size = status.st_size
        data = _read_up_to(handle, size + 1)  # a buffer of the file's size, not of the limit
        if len(data) > size:  # it grew since: read on, but never past the limit
            data += _read_up_to(handle, limit - size)
    finally:
        os.close(handle)
    if len(data) > limit:  # it grew while being read
        raise InvalidFileError([_too_large(file, len(data), limit, grew=True)])
    return data


def read_head(path: str, count: int) -> bytes | None:
    """At most the first `count` bytes of a regular file, or None where `read_regular` would refuse or fail
    (opened as it opens files: a FIFO neither hangs nor counts). For a hint about a file that is read in
    full, and checked, later."""
    try:
        handle = os.open(path, _platform.NONBLOCKING_READ_FLAGS)
    except OSError:
        return None
    try:
        return os.read(handle, count) if _platform.is_regular(os.fstat(handle).st_mode) else None
    except OSError:
        return None
    finally:
        os.close(handle)


def _read_up_to(handle: int, count: int) -> bytes:
    """At most `count` bytes, fewer only at the end of the file. Plain `os.read` calls: a buffered file
    object made per record cost a summary a tenth of what reading the file itself does."""
    parts = []
    while count > 0:
        chunk = os.read(handle, count)
        if not chunk:
            break
        parts.append(chunk)
        count -= len(chunk)
    return b"".join(parts)  # one part: that part itself, not a copy


def check_regular_file(path: Path | str, limit: int, display: str | None = None) -> None:
    """Refuse, as `read_regular` would, what is not a regular file of at most `limit` bytes; for a
    reader that opens the file itself (a .docx through zipfile). Raises `OSError` if it cannot be seen."""
    _check_regular(os.stat(path), display if display is not None else str(path), limit)


def _check_regular(status: os.stat_result, file: str, limit: int) -> None:
    if not _platform.is_regular(status.st_mode):
        kind = "a folder" if stat.S_ISDIR(status.st_mode) else "a device, pipe or socket"
        raise InvalidFileError([Diagnostic(file, 0, 0, "not-a-file", f"this is {kind}, not a regular file")])
    if status.st_size > limit:
        raise InvalidFileError([_too_large(file, status.st_size, limit)])


def _too_large(file: str, size: int, limit: int, *, grew: bool = False) -> Diagnostic:
    more = " or more" if grew else ""
    return Diagnostic(file, 0, 0, "too-large", f"the file is {size:,} bytes{more}; the limit is {limit:,}")


def remove_orphan_temporaries(path: Path, older_than: float = 0.0) -> list[Path]:
    """Remove `.<name>.*.tmp` files beside `path` that a killed `atomic_write` left behind.

    Call it only while holding whatever stops another writer of `path` (a record's lock); `older_than`
    (seconds) spares the temporary file of a write that may still be under way.
    """
    prefix, removed = f".{path.name}.", []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    cutoff = time.time() - older_than
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")) or name.count(".") != path.name.count(".") + 3:
            continue
        candidate = path.parent / name
        with contextlib.suppress(OSError):
            if os.lstat(candidate).st_mtime <= cutoff:
                candidate.unlink()
                removed.append(candidate)
    return removed


def _create_temporary(path: Path, *, readable: bool = False) -> tuple[int, str]:
    """A new, unique, empty file beside `path` (`.<name>.<random>.tmp`), created with the umask's mode."""
    flags = (_CREATE_FLAGS & ~os.O_WRONLY) | os.O_RDWR if readable else _CREATE_FLAGS
    for _ in range(100):
        candidate = _temporary_name(path)
        try:
            return os.open(candidate, flags, NEW_FILE_MODE), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _temporary_name(path: Path) -> str:
    return str(path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp"))


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def atomic_write(path: Path, data: str | bytes, *, mode: int | None = None) -> None:
    """Replace `path` with `data` (text is written as UTF-8 with LF line ends), durably.

    Temporary file in the same folder, fsync, `os.replace`, fsync of the folder. A new file
    gets the umask's mode; an existing one keeps its mode; `mode` (e.g. 0o600 for a secret) is
    set before any data is written, whatever the umask.
    Raises `OSError`; see `write_file` for the user-facing version.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_stream(path, mode=mode) as stream:
        stream.write(payload)


class PendingFile:
    """A file written beside `path` (`.<name>.<random>.tmp`) that replaces it only on `commit()`: flushed,
    fsync'ed, renamed over `path`, the folder fsync'ed. Left uncommitted when the block ends (an error,
    or a writer that chose another file), it is removed and `path` is left as it was.

    `mode`: set before any data is written (else a replaced file keeps its mode, a new one gets the
    umask's); `readable`: what is written can be read back from `stream` before it is committed, and
    the file has no name until then where the system allows (`_platform.create_unnamed`), so a
    process killed while writing leaves nothing behind. Raises `OSError`, naming `path` rather than
    the temporary file."""

    def __init__(self, path: Path, *, mode: int | None = None, readable: bool = False) -> None:
        self.path = path
        keep_mode = mode if mode is not None else _existing_mode(path)
        unnamed = _platform.create_unnamed(str(path.parent), NEW_FILE_MODE) if readable else None
        if unnamed is not None:
            handle, self._temporary = unnamed, None
        else:
            handle, self._temporary = _create_temporary(path, readable=readable)
        self.stream: BinaryIO = os.fdopen(handle, "w+b" if readable else "wb")
        self._done = False
        if keep_mode is not None:  # best effort: a file system without modes (FAT, some shares) must not stop a save
            _platform.set_mode(handle, self._temporary or str(path), keep_mode)

    def __enter__(self) -> PendingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def commit(self) -> None:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            if self._temporary is None:
                self._temporary = self._named()
            self.stream.close()
            os.replace(self._temporary, self.path)
        except OSError as exc:
            self.discard()
            raise self.naming_path(exc) from None
        self._done = True
        fsync_dir(self.path.parent)

    def _named(self) -> str:
        """The unnamed file given a temporary name beside `path`."""
        for _ in range(100):
            candidate = _temporary_name(self.path)
            with contextlib.suppress(FileExistsError):
                _platform.give_name(self.stream.fileno(), candidate)
                return candidate
        raise FileExistsError(f"no free temporary name beside {self.path}")

    def naming_path(self, exc: OSError) -> OSError:
        """`exc` naming `path`, the file the user knows, where it named the temporary file (or none)."""
        if exc.filename in (None, self._temporary):
            return type(exc)(exc.errno, exc.strerror, str(self.path))
        return exc

    def discard(self) -> None:
        """Remove the temporary file (nothing once committed)."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            self.stream.close()
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temporary)


@contextlib.contextmanager
def atomic_stream(path: Path, *, mode: int | None = None) -> Iterator[BinaryIO]:
    """`atomic_write` for data written in pieces: a binary stream whose file replaces `path` only
    when the block ends without an error (else it is removed and `path` is left as it was)."""
    with PendingFile(path, mode=mode) as pending:
        try:
            yield pending.stream
        except OSError as exc:
            raise pending.naming_path(exc) from None
        pending.commit()


def nearest_folder(path: Path) -> Path:
    """`path` when it is a folder, else the nearest folder above it that exists: where the temporary
    files of an output that is still to be made go (an output's folder is made when it is written)."""
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return Path.cwd()


@contextlib.contextmanager
def file_writer(path: Path) -> Iterator[BinaryIO]:
    """`atomic_stream` into a folder created if needed; a failure to write is one clear `JimcodeError`
    (as `write_file`)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_stream(path) as stream:
            yield stream
    except OSError as exc:
        raise cannot_write(path, exc) from None


@contextlib.contextmanager
def output_folder(folder: Path) -> Iterator[None]:
    """`folder` made (with the folders above it that are missing) for outputs written into it as a block
    runs; if the block fails, the folders made are removed again where they are left empty."""
    made = list(itertools.takewhile(lambda f: not f.exists(), (folder, *folder.parents)))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield
    except BaseException:
        for made_folder in made:  # the deepest first; rmdir leaves a folder that is not empty
            with contextlib.suppress(OSError):
                made_folder.rmdir()
        raise


def cannot_write(path: Path, exc: OSError) -> JimcodeError:
    """`cannot write <path>: <what went wrong>` (`write_problem`)."""
    return JimcodeError(f"cannot write {path}: {write_problem(exc)}")


def write_file(path: Path, data: str | bytes, *, mode: int | None = None) -> None:
    """`atomic_write` into a folder created if needed; a failure is one clear `JimcodeError`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, mode=mode)
    except OSError as exc:
        raise cannot_write(path, exc) from None
