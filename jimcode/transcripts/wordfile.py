"""Word (.docx) and OpenDocument (.odt) transcripts to lines of text, keeping what marks a speaker.

Paragraphs and table rows come out in document order. Markup that transcribers
use for speakers survives as the plain-text label styles the segmenter knows:
a paragraph that starts with a bold name becomes `**Name** …`, a heading
becomes `### Name`, and a table row `Name | text` becomes `Name: text`.
Line numbers of a .docx or .odt transcript count these extracted lines.
Both are zip archives, opened only through `archive` (sizes checked before
anything inflates); python-docx is imported only when a .docx file is read,
an .odt's `content.xml` is parsed by the standard library with no DTD allowed.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from typing import Any

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.transcripts.archive import open_checked_zip, read_member

_MAX_BOLD_LABEL = 40
_CLOCK = re.compile(r"[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[\])]?")


def _check_signature(raw: bytes, file: str, kind: str, code: str, old: str) -> None:
    if not raw[:8].strip(b"\x00 \t\r\n"):
        raise InvalidFileError([Diagnostic(file, 0, 0, "empty-file", "the file is empty")])
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidFileError([Diagnostic(file, 0, 0, "old-word-file", old)])
    if not raw.startswith(b"PK"):
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, code, f"not a {kind} file (a {kind} is a ZIP archive; this is not)")]
        )


def docx_lines(raw: bytes, file: str) -> list[str]:
    """The text of a .docx file's bytes as lines; `InvalidFileError` when it is not a readable Word file."""
    _check_signature(
        raw, file, "Word .docx", "not-docx", "this is an old Word .doc file; open it in Word and save as .docx"
    )
    open_checked_zip(io.BytesIO(raw), file, "Word .docx", "not-docx").close()
    import docx  # lazily: only .docx transcripts need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        for block in document.iter_inner_content():
            lines.extend(_block_lines(block))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, "not-docx", f"not a readable Word .docx file ({type(exc).__name__}: {exc})")]
        ) from None
    return lines


def marked_line(text: str, heading_level: int, bold_prefix: str) -> str:
    """A paragraph as the segmenter reads it: `### text` for a short heading, `**Name** rest` when it
    starts with a short bold run (a speaker name), else its text."""
    if not text.strip():
        return ""
    if heading_level and len(text) <= _MAX_BOLD_LABEL and "\n" not in text:
        return "#" * heading_level + " " + text.strip()
    label = bold_prefix.strip()
    if label and len(label) <= _MAX_BOLD_LABEL and "\n" not in label and text.lstrip().startswith(label):
        rest = text.lstrip()[len(label) :].strip()
        if label.endswith(":"):
            return f"**{label}** {rest}".rstrip()
        if rest.startswith(":"):
            return f"**{label}**: {rest[1:].strip()}".rstrip()
        return f"**{label}** {rest}".rstrip()
    return text


def row_lines(cells: list[str]) -> list[str]:
    """A table row: `time | name | text` -> `[time] name: text`; `name | text` -> `name: text`."""
    cells = [cell for cell in cells if cell]
    if not cells:
        return []
    if len(cells) >= 3 and _CLOCK.fullmatch(cells[0]) and len(cells[1]) <= _MAX_BOLD_LABEL:
        return [f"[{cells[0].strip('[]()')}] {cells[1]}: {' '.join(cells[2:])}"]
    if len(cells) >= 2 and len(cells[0]) <= _MAX_BOLD_LABEL and not cells[0].endswith(":"):
        return [f"{cells[0]}: {' '.join(cells[1:])}"]
    return [" ".join(cells)]


# --- Word ----------------------------------------------------------------------------------------


def _block_lines(block: Any) -> list[str]:
    from docx.table import Table

    if isinstance(block, Table):
        return [line for row in block.rows for line in _docx_row(row)]
    return _paragraph_text(block).split("\n")


def _paragraph_text(paragraph: Any) -> str:
    text = paragraph.text
    if not text.strip():
        return ""
    bold = ""
    for run in paragraph.runs:
        if run.bold is not True:
            break
        bold += run.text
    return marked_line(text, _heading_level(paragraph), bold)


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


def _docx_row(row: Any) -> list[str]:
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:  # a merged cell appears once per grid column
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()))
    return row_lines(cells)


# --- OpenDocument --------------------------------------------------------------------------------

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def odt_lines(raw: bytes, file: str) -> list[str]:
    """The text of an .odt file's bytes as lines; `InvalidFileError` when it is not a readable OpenDocument text."""
    _check_signature(
        raw, file, "OpenDocument .odt", "not-odt", "this is an old binary office file; save it as .odt or .docx"
    )
    with open_checked_zip(io.BytesIO(raw), file, "OpenDocument .odt", "not-odt") as archive:
        content = read_member(archive, "content.xml", file)
    if content is None:
        raise InvalidFileError([Diagnostic(file, 0, 0, "not-odt", "not an OpenDocument text (no content.xml)")])
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:  # no DTD, so no entity expansion (billion laughs)
        raise InvalidFileError([Diagnostic(file, 0, 0, "not-odt", "content.xml declares a DTD; refusing to read it")])
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise InvalidFileError(
            [Diagnostic(file, 0, 0, "not-odt", f"content.xml is not well-formed XML ({exc})")]
        ) from None
    bold_styles = _bold_styles(root)
    body = root.find(f".//{_q('urn:oasis:names:tc:opendocument:xmlns:office:1.0', 'text')}")
    lines: list[str] = []
    for element in _blocks(body if body is not None else root):
        if element.tag == _q(_TABLE, "table-row"):
            cells = [" ".join(_odt_text(cell).split()) for cell in element if cell.tag == _q(_TABLE, "table-cell")]
            lines.extend(row_lines(cells))
            continue
        text = _odt_text(element)
        level = 0
        if element.tag == _q(_TEXT, "h"):
            level = min(int(element.get(_q(_TEXT, "outline-level"), "1") or 1), 6)
        lines.extend(marked_line(text, level, _bold_prefix(element, bold_styles)).split("\n"))
    return lines


def _blocks(element: ET.Element) -> Iterator[ET.Element]:
    """Paragraphs, headings and table rows in document order (lists and sections looked into)."""
    for child in element:
        if child.tag in (_q(_TEXT, "p"), _q(_TEXT, "h"), _q(_TABLE, "table-row")):
            yield child
        elif child.tag != _q(_TABLE, "table-cell"):
            yield from _blocks(child)


def _bold_styles(root: ET.Element) -> set[str]:
    bold = set()
    for style in root.iter(_q(_STYLE, "style")):
        for properties in style.iter(_q(_STYLE, "text-properties")):
            if properties.get(_q(_FO, "font-weight")) == "bold":
                bold.add(style.get(_q(_STYLE, "name"), ""))
    return bold


def _odt_text(element: ET.Element) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == _q(_TEXT, "s"):
            parts.append(" " * int(child.get(_q(_TEXT, "c"), "1") or 1))
        elif child.tag == _q(_TEXT, "tab"):
            parts.append("\t")
        elif child.tag == _q(_TEXT, "line-break"):
            parts.append("\n")
        elif child.tag in (_q(_TEXT, "p"), _q(_TEXT, "h")):  # a paragraph inside a table cell
            parts.append(" " + _odt_text(child))
        elif child.tag != _q(_TEXT, "note"):  # footnotes are not what was said
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _bold_prefix(paragraph: ET.Element, bold_styles: set[str]) -> str:
    """The text of the bold spans a paragraph opens with (a speaker name)."""
    if (paragraph.text or "").strip() or paragraph.get(_q(_TEXT, "style-name")) in bold_styles:
        return ""
    bold = ""
    for child in paragraph:
        if child.tag != _q(_TEXT, "span") or child.get(_q(_TEXT, "style-name")) not in bold_styles:
            break
        bold += _odt_text(child)
        if (child.tail or "").strip():
            break
    return bold
