"""Word (.docx) transcripts to lines of text, keeping what marks a speaker.

Paragraphs and table rows come out in document order. Markup that transcribers
use for speakers survives as the plain-text label styles the segmenter knows:
a paragraph that starts with a bold name becomes `**Name** …`, a heading
becomes `### Name`, and a table row `Name | text` becomes `Name: text`.
Line numbers of a .docx transcript count these extracted lines.
python-docx is imported only when a .docx file is read.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError

_MAX_BOLD_LABEL = 40
_CLOCK = re.compile(r"[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[\])]?")


def docx_lines(path: Path, file: str) -> list[str]:
    """The text of a .docx file as lines; `InvalidFileError` when it is not a readable Word file."""
    try:
        with path.open("rb") as handle:
            signature = handle.read(8)
    except OSError as exc:
        raise InvalidFileError([Diagnostic(file, 0, 0, "unreadable", exc.strerror or str(exc))]) from None
    if not signature.strip(b"\x00 \t\r\n"):
        raise InvalidFileError([Diagnostic(file, 0, 0, "empty-file", "the file is empty")])
    if signature.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidFileError(
            [
                Diagnostic(
                    file, 0, 0, "old-word-file", "this is an old Word .doc file; open it in Word and save as .docx"
                )
            ]
        )
    if not signature.startswith(b"PK"):
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, "not-docx", "not a Word .docx file (a .docx is a ZIP archive; this is not)")]
        )
    import docx  # lazily: only .docx transcripts need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            lines.extend(_block_lines(block))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, "not-docx", f"not a readable Word .docx file ({type(exc).__name__}: {exc})")]
        ) from None
    return lines


def _block_lines(block: Any) -> list[str]:
    from docx.table import Table

    if isinstance(block, Table):
        return [line for row in block.rows for line in _row_lines(row)]
    return _paragraph_text(block).split("\n")


def _paragraph_text(paragraph: Any) -> str:
    text = paragraph.text
    if not text.strip():
        return ""
    level = _heading_level(paragraph)
    if level and len(text) <= _MAX_BOLD_LABEL and "\n" not in text:
        return "#" * level + " " + text.strip()
    bold = ""
    for run in paragraph.runs:
        if run.bold is not True:
            break
        bold += run.text
    label = bold.strip()
    if label and len(label) <= _MAX_BOLD_LABEL and "\n" not in label and text.lstrip().startswith(label):
        rest = text.lstrip()[len(label) :].strip()
        if label.endswith(":"):
            return f"**{label}** {rest}".rstrip()
        if rest.startswith(":"):
            return f"**{label}**: {rest[1:].strip()}".rstrip()
        return f"**{label}** {rest}".rstrip()
    return text


def _heading_level(paragraph: Any) -> int:
    style = paragraph.style
    name = (getattr(style, "name", None) or "").lower()
    if name == "title":
        return 1
    for prefix in ("heading", "kop"):
        if name.startswith(prefix):
            digits = "".join(c for c in name if c.isdigit())
            return min(int(digits), 6) if digits else 1
    return 0


def _row_lines(row: Any) -> list[str]:
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:  # a merged cell appears once per grid column
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()))
    cells = [cell for cell in cells if cell]
    if not cells:
        return []
    if len(cells) >= 3 and _CLOCK.fullmatch(cells[0]) and len(cells[1]) <= _MAX_BOLD_LABEL:
        return [f"[{cells[0].strip('[]()')}] {cells[1]}: {' '.join(cells[2:])}"]
    if len(cells) >= 2 and len(cells[0]) <= _MAX_BOLD_LABEL and not cells[0].endswith(":"):
        return [f"{cells[0]}: {' '.join(cells[1:])}"]
    return [" ".join(cells)]
