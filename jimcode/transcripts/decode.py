"""Bytes to text: detect the encoding, refuse binary files, normalise line endings and spaces.

Transcripts arrive as UTF-8 (with or without a byte order mark), as UTF-16 from
Windows tools, or as Windows-1252 from old Word exports. Whatever the bytes,
the result is one `str` with `\\n` line endings, no BOM, ordinary spaces for
non-breaking ones and Unicode NFC, so that the same words always give the
same text and the same sha256.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.fileio import read_regular

MAX_TRANSCRIPT_BYTES = 50 * 1024 * 1024

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file; copy its text into a .txt file (or export it to .docx) first"),
    (b"PK\x03\x04", "a ZIP container (a Word .docx with the wrong extension?); give it the .docx extension"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc (or another Office binary) file; save it as .docx"),
    (b"{\\rtf", "a Rich Text (.rtf) file; save it as .docx or plain text"),
)
# Spaces that look like a space: no-break, narrow no-break, figure, thin, ideographic ...
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that only get in the way: zero-width space/joiners, stray BOMs, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters other than tab, line feed, vertical tab, form feed and CR: junk in a transcript.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def read_transcript_bytes(path: Path, file: str) -> bytes:
    """A transcript file's bytes: a regular file (not a FIFO or a device) of at most `MAX_TRANSCRIPT_BYTES`.

    Every transcript reader reads its file through here (the zip-based ones too), so the one
    limit holds for all; the read itself is fileio's one bounded read of an input file.
    """
    try:
        return read_regular(path, MAX_TRANSCRIPT_BYTES, file)
    except IsADirectoryError:
        raise InvalidFileError([Diagnostic(file, 0, 0, "not-a-file", "this is a folder, not a file")]) from None
    except OSError as exc:
        raise InvalidFileError([Diagnostic(file, 0, 0, "unreadable", exc.strerror or str(exc))]) from None


@dataclass
class DecodedText:
    """Normalised text plus how it was read."""

    text: str
    encoding: str
    warnings: list[Diagnostic] = field(default_factory=list)


def decode_bytes(raw: bytes, file: str) -> DecodedText:
    """Decode a transcript's bytes, or raise `InvalidFileError` for empty or binary input."""
    if not raw.strip():
        raise InvalidFileError([Diagnostic(file, 1, 0, "empty-file", "the file is empty")])
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise InvalidFileError([Diagnostic(file, 1, 0, "binary-file", f"this is {what}")])
    warnings: list[Diagnostic] = []
    text, encoding = _decode(raw, file, warnings)
    _refuse_binary(text, file)
    text = normalise_text(text)
    if not text.strip():
        raise InvalidFileError([Diagnostic(file, 1, 0, "empty-file", "the file holds only white space")])
    return DecodedText(text, encoding, warnings)


def _decode(raw: bytes, file: str, warnings: list[Diagnostic]) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InvalidFileError(
                    [
                        Diagnostic(
                            file, 1, 0, "encoding", f"starts with a {encoding} byte order mark but is not {encoding}"
                        )
                    ]
                ) from exc
    guessed = _utf16_without_bom(raw)
    if guessed:
        try:
            return raw.decode(guessed), guessed
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = len(_LINE_BREAK.findall(raw, 0, exc.start)) + 1
        byte = raw[exc.start]
        text = raw.decode("cp1252", errors="replace")
        warnings.append(
            Diagnostic(
                file,
                line,
                0,
                "encoding",
                f"not valid UTF-8 (byte 0x{byte:02X}); read as Windows-1252 (cp1252). "
                "Check the accented letters, and save the file as UTF-8 to silence this warning",
                "warning",
            )
        )
        return text, "cp1252"


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM shows as ASCII letters alternating with NUL bytes."""
    sample = raw[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.7 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _refuse_binary(text: str, file: str) -> None:
    sample = text[:100_000]
    junk = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    if "\x00" in sample or junk > max(8, len(sample) // 100):
        raise InvalidFileError(
            [
                Diagnostic(
                    file,
                    1,
                    0,
                    "binary-file",
                    "this is not a text file (it holds binary data); "
                    "transcripts are .md, .txt, .docx, .vtt or .srt files",
                )
            ]
        )


def normalise_text(text: str) -> str:
    """Line endings to `\\n`, odd spaces to ' ', invisible characters dropped, NFC (tabs are kept).

    Line numbers are kept: only CRLF, CR and LF end a line (not form feeds or
    Unicode line separators, which become spaces), so line N here is line N
    in the user's editor.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\f", " ").replace("\v", " ")
    text = text.replace("\u2028", " ").replace("\u2029", " ").replace("\x85", " ")
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def text_sha256(text: str) -> str:
    """sha256 of normalised text, blind to trailing spaces on lines and blank lines at the end."""
    lines = [line.rstrip(" ") for line in text.split("\n")]
    canonical = "\n".join(lines).strip("\n") + "\n"
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
