"""Blocks as a Word document (.docx): Word's own heading, quote and caption styles, tables with a table style.

Headings use Heading 1, 2, 3 (so Word's navigation pane, outline and a table of contents find
them), tables a built-in table style with a header row that repeats on every page, quotes the
Quote style. The document says which language its words are in (the styles' default and the core
properties) and marks the quotes with the transcripts' language, as the HTML page does. Charts are
left out: drawing them as pictures would need an imaging library, and the tables carry the same
figures.

The file carries no names from the machine and no dates (the core properties are set, not
inherited), and its zip entries have a fixed time, so the same report gives the same bytes.
python-docx is imported here, when a Word file is asked for.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jimcode.i18n import Words
from jimcode.refi.qdaxml import xml_text  # the one rule for text XML 1.0 can hold
from jimcode.render.blocks import (
    BarChart,
    Block,
    Heading,
    Paragraph,
    QuoteItem,
    Quotes,
    StackedChart,
    Table,
    paragraphs,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph as WordParagraph
    from docx.text.run import Run

TABLE_STYLE = "Light List Accent 1"
QUOTE_STYLE = "Quote"
CAPTION_STYLE = "Caption"  # a table's or a list of quotes' title
# The styles jimcode adds, named in the report's language (Word shows its own styles' names in the user's).
NOTE_STYLE = "docx.style.note"  # muted text: a table's note, a subtitle
WARNING_STYLE = "docx.style.warning"
SOURCE_STYLE = "docx.style.quote_source"  # who said it, under a quote
DEEPEST_HEADING = 9  # Word has Heading 1 to Heading 9
# Word names a language by language and region; a bare code gets the region its readers expect.
_WORD_LANGUAGE = {"nl": "nl-NL", "en": "en-GB"}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry: no build time in the file
_GREY = "5F6B76"
_AMBER = "9A5B00"
_MARGIN_CM = 2.5
_TEXT_WIDTH_CM = 21 - 2 * _MARGIN_CM  # an A4 page's width less its margins
_LONGEST_COUNTED = 40  # characters: a longer text wraps rather than widening its column further
_WIDTH_PADDING = 4  # characters' worth around every column, so "#" still gets room
_INDENT_CM = 0.5  # per level of a row's indent (a child code under its parent)
_APP_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>jimcode</Application></Properties>"
)


def word_language(tag: str) -> str:
    """The language tag Word expects: `nl` -> `nl-NL`, `en` -> `en-GB`; a tag with a region as given."""
    tag = tag.strip().replace("_", "-")
    return _WORD_LANGUAGE.get(tag.casefold(), tag)


def render(
    blocks: list[Block], *, title: str, footer: str, language: str = "en", quote_language: str | None = None
) -> bytes:
    """The .docx file's bytes. `language` is what its own words are in, `quote_language` (default: the
    same) what the quotes are in, as for `html_blocks.render`; `footer` goes at the foot of every page."""
    import docx

    say = Words(language)
    names = {role: say(role) for role in (NOTE_STYLE, WARNING_STYLE, SOURCE_STYLE)}
    document = docx.Document()
    _prepare(document, title=title, language=word_language(language), names=names)
    _page_footer(document, footer, names[NOTE_STYLE])
    drawing = _Drawing(document, word_language(quote_language or language), names)
    for block in blocks:
        drawing.draw(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())


class _Drawing:
    """Adds blocks to a document, one drawing method per kind of block."""

    def __init__(self, document: Document, quote_language: str, names: dict[str, str]) -> None:
        self.document = document
        self.quote_language = quote_language
        self._names = names  # jimcode's styles: their name in the report's language
        self._style_ids: dict[str, str] = {}
        self._by_kind: dict[type, Callable[[Any], None]] = {
            Heading: self.heading,
            Paragraph: self.paragraph,
            Table: self.table,
            Quotes: self.quotes,
            BarChart: self.chart,
            StackedChart: self.chart,
        }

    def draw(self, block: Block) -> None:
        self._by_kind[type(block)](block)

    def _add(self, style: str | None, text: str = "") -> WordParagraph:
        """A new paragraph in this style (None: Normal). The style is set by its id: python-docx's lookup
        by name reads every style of the document each time, which made a report take seconds."""
        paragraph = self.document.add_paragraph()
        if text:
            _add_run(paragraph, text)
        if style is not None:
            paragraph._p.style = self._style_id(self._names.get(style, style))
        return paragraph

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def heading(self, block: Heading) -> None:
        self._add(f"Heading {min(max(block.level, 1), DEEPEST_HEADING)}", block.text)

    def paragraph(self, block: Paragraph) -> None:
        style = NOTE_STYLE if block.muted else WARNING_STYLE if block.warning else None
        run = _add_run(self._add(style), block.text)
        if block.strong:
            run.bold = True

    def table(self, block: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        if block.title:
            self._add(CAPTION_STYLE, block.title).paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
        table._tbl.tblStyle_val = self._style_id(TABLE_STYLE)
        _header_row_only(table)
        label_at = _label_column(block)
        widths = [Cm(centimetres) for centimetres in _column_widths(block)]
        for word_column, width in zip(table.columns, widths, strict=True):
            word_column.width = width
        for position, word_row in enumerate(table.rows):
            row = block.rows[position - 1] if position else None  # None: the header row
            texts = row.cells if row else block.columns
            for index, (cell, text) in enumerate(zip(word_row.cells, texts, strict=False)):
                cell.width = widths[index]  # Word reads each cell's width, not the column's
                paragraph = cell.paragraphs[0]
                run = _add_run(paragraph, " ".join(paragraphs(text)) if text else "")
                if row and row.strong:
                    run.bold = True
                if index >= block.numeric_from:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if row and row.indent and index == label_at:
                    paragraph.paragraph_format.left_indent = Cm(_INDENT_CM * row.indent)
                if position < len(block.rows):  # a table stays on one page when it fits, as in print HTML
                    paragraph.paragraph_format.keep_with_next = True
        if block.note:
            self._add(NOTE_STYLE, block.note)

    def quotes(self, block: Quotes) -> None:
        if block.title:
            self._add(CAPTION_STYLE, block.title).paragraph_format.keep_with_next = True
        for item in block.items:
            self._quote(item)

    def _quote(self, item: QuoteItem) -> None:
        for before in item.context_before:
            for text in paragraphs(before):
                self._quote_paragraph(text, context=True)
        said = paragraphs(item.text)
        # Opening mark on the first paragraph, closing mark on the last: one paragraph gets both.
        said[0] = f"“{said[0]}"
        said[-1] = f"{said[-1]}”"
        for text in said:
            self._quote_paragraph(text, context=False)
        for after in item.context_after:
            for text in paragraphs(after):
                self._quote_paragraph(text, context=True)
        source = self._add(SOURCE_STYLE)
        _add_run(source, f"— {item.attribution}")
        if item.tag:
            _add_run(source, " · ")
            _add_run(source, item.tag).italic = True
        if item.remark:
            _add_run(source, f" · {item.remark}")

    def _quote_paragraph(self, text: str, *, context: bool) -> None:
        from docx.shared import RGBColor

        paragraph = self._add(QUOTE_STYLE)
        paragraph.paragraph_format.keep_with_next = True  # a quote stays with who said it
        run = _add_run(paragraph, text)
        _set_language(run._r.get_or_add_rPr(), self.quote_language)
        if context:
            run.italic = False
            run.font.color.rgb = RGBColor.from_string(_GREY)

    def chart(self, block: BarChart | StackedChart) -> None:
        """Charts are not drawn in Word (see the module's docstring); their figures are in the tables."""


def _add_run(paragraph: WordParagraph, text: str) -> Run:
    """A run of plain text. python-docx's `add_run(text)` reads the text a character at a time (for tabs and
    breaks, which blocks' text does not hold): a third of a report's time; its `w:t` element is made directly."""
    run = paragraph.add_run()
    if text:
        run._r.add_t(xml_text(text))
    return run


def _label_column(block: Table) -> int:
    """The column a row's indent applies to: the label, after a leading number column when there is one."""
    return 1 if block.numeric_from > 1 else 0


def _column_widths(block: Table) -> list[float]:
    """Centimetres per column, shared out by the longest text in each (bounded, so no column starves)."""
    texts = [block.columns, *(row.cells for row in block.rows)]
    label_at = _label_column(block)
    deepest = max((row.indent for row in block.rows), default=0)
    longest = [
        min(max((len(cells[i]) for cells in texts if i < len(cells)), default=0), _LONGEST_COUNTED)
        + (_WIDTH_PADDING * deepest if i == label_at else 0)
        + _WIDTH_PADDING
        for i in range(len(block.columns))
    ]
    return [_TEXT_WIDTH_CM * weight / sum(longest) for weight in longest]


def _prepare(document: Document, *, title: str, language: str, names: dict[str, str]) -> None:
    """A4 pages, the styles jimcode adds, the document's language, and core properties set in full."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.shared import Cm, Pt, RGBColor

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(_MARGIN_CM)
        section.top_margin = section.bottom_margin = Cm(_MARGIN_CM)
    styles = document.styles
    note = styles.add_style(names[NOTE_STYLE], WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.size = Pt(9)
    note.font.color.rgb = RGBColor.from_string(_GREY)
    warning = styles.add_style(names[WARNING_STYLE], WD_STYLE_TYPE.PARAGRAPH)
    warning.base_style = styles["Normal"]
    warning.font.color.rgb = RGBColor.from_string(_AMBER)
    source = styles.add_style(names[SOURCE_STYLE], WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = styles[QUOTE_STYLE]
    source.font.italic = False
    source.font.size = Pt(9)
    source.font.color.rgb = RGBColor.from_string(_GREY)
    for style in (note, warning, source):
        style.quick_style = True
    _set_language(_default_run_properties(document), language)
    _set_theme_font_language(document, language)
    properties = document.core_properties
    properties.title = xml_text(title)
    properties.language = language
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""  # the template says "generated by python-docx"
    properties.revision = 1
    _drop_dates(properties)
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # a picture of python-docx's empty template
            del package.rels[key]


def _page_footer(document: Document, text: str, style: str) -> None:
    """`text` at the foot of every page, and the page number (a PAGE field, which Word fills in) under it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = document.sections[0].footer
    words = footer.paragraphs[0]
    _add_run(words, text)
    words.style = document.styles[style]
    number = footer.add_paragraph(style=document.styles[style])
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number._p.append(field)


def _header_row_only(table: Any) -> None:
    """The table style's header row, repeated on each page; no bold first column (it may hold numbers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:val"), "0420")  # the same as bits: first row, no vertical banding
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))


def _default_run_properties(document: Document) -> Any:
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    return defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))


def _set_language(run_properties: Any, tag: str) -> None:
    """`<w:lang w:val=tag>` in these run properties (a style's default, or one run's)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = run_properties.find(qn("w:lang"))
    # Appended last, where the schema wants it: python-docx puts italic or colour, set later, before it.
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), tag)


def _set_theme_font_language(document: Document, tag: str) -> None:
    from docx.oxml.ns import qn

    found = document.settings.element.find(qn("w:themeFontLang"))
    if found is not None:
        found.set(qn("w:val"), tag)


def _drop_dates(properties: Any) -> None:
    """No created, modified or printed time: the template's are not this report's, and a run's would differ."""
    element = properties._element
    for name in ("created", "modified", "lastPrinted"):
        for child in list(element):
            if child.tag.rsplit("}", 1)[-1] == name:
                element.remove(child)


def _reproducible(data: bytes) -> bytes:
    """The same zip with a fixed time on every entry (python-docx stamps the current time) and jimcode as
    the application in docProps/app.xml (the template names Microsoft Word)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = _APP_PROPERTIES if entry.filename == "docProps/app.xml" else source.read(entry)
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()
