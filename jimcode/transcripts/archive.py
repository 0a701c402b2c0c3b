"""The one guarded door into zip-based transcripts (.docx, .odt): sizes checked before anything inflates.

A zip states each member's uncompressed size in its central directory, and Python's `zipfile`
never inflates a member past that size. So the stated sizes are checked first: every member,
the whole archive, and the ratio of uncompressed to compressed size (a 1 GB `document.xml`
packed into 1 MB is a zip bomb, not a transcript). Reading then stops at the stated size.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import IO

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError

MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one part (document.xml of a 10-hour interview is a few MB)
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all parts, images included
MAX_RATIO = 200  # Word XML packs 5-30 times; far more is a bomb
_RATIO_FROM_BYTES = 1024 * 1024  # small members may pack better (a run of spaces) without harm


def _refused(file: str, message: str) -> InvalidFileError:
    return InvalidFileError([Diagnostic(file, 0, 0, "zip-bomb", message)])


def open_checked_zip(source: IO[bytes], file: str, kind: str, code: str) -> zipfile.ZipFile:
    """The archive, once its stated sizes pass the limits; `InvalidFileError` otherwise
    (`kind` names the format in the message, 'Word .docx'; `code` is the diagnostic's for a damaged zip)."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, code, f"not a readable {kind} file (a damaged zip archive: {exc})")]
        ) from None
    try:
        check_sizes(archive, file)
    except InvalidFileError:
        archive.close()
        raise
    return archive


def check_sizes(archive: zipfile.ZipFile, file: str) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise _refused(
                file,
                f"'{info.filename}' inflates to {info.file_size:,} bytes (the limit is {MAX_MEMBER_BYTES:,}); "
                "refusing to read it",
            )
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refused(
                file,
                f"'{info.filename}' inflates {info.file_size // max(info.compress_size, 1):,} times "
                f"(to {info.file_size:,} bytes); a zip bomb, not a document: refusing to read it",
            )
    if total > MAX_TOTAL_BYTES:
        raise _refused(file, f"the archive inflates to {total:,} bytes (the limit is {MAX_TOTAL_BYTES:,})")


def read_member(archive: zipfile.ZipFile, name: str, file: str) -> bytes | None:
    """One member's bytes (None when the archive has no such member), never more than its stated size."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, zlib.error, EOFError) as exc:
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, "not-zip", f"cannot read '{name}' from the archive ({exc})")]
        ) from None
    if len(data) > info.file_size:  # zipfile stops at the stated size; never trust that alone
        raise _refused(file, f"'{name}' holds more than the {info.file_size:,} bytes it states")
    return data
