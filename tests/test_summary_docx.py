"""`--format docx`: the summary and retrieve reports as Word documents, read back with python-docx."""

from __future__ import annotations

import re
import typing
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from jimcode import __version__
from tests.summary_study import (
    STUDY_HEADINGS,
    STUDY_QUESTIONS,
    STUDY_READINGS,
    STUDY_ROWS,
    Section,
    write_study,
)

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_CODEBOOK = ROOT / "codebooks" / "jim-12min.en.yaml"
TITLE = "Samenvatting: JIM bij kinderen onder de 12 jaar (JIM 12-)"
NOAH_GATEKEEPER = "De ouders van Noah bepaalden wie er mocht meedenken; zonder hun ja kwam er niemand bij."


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> Path:
    return write_study(tmp_path_factory.mktemp("study"))


@pytest.fixture(scope="module")
def dutch_report(coded, tmp_path_factory) -> Path:
    """The study's summary with the shipped Dutch codebook, as a Word file written by the real CLI."""
    from typer.testing import CliRunner

    from jimcode.cli import app

    path = tmp_path_factory.mktemp("report") / "report.docx"
    result = CliRunner().invoke(app, ["summary", str(coded), "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def body(path: Path) -> list[WordParagraph | WordTable]:
    """The document's paragraphs and tables in their order."""
    return list(docx.Document(str(path)).iter_inner_content())


def headings(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in body(path) if isinstance(p, WordParagraph) and _is_heading(p)]


def _is_heading(paragraph: WordParagraph) -> bool:
    return paragraph.style is not None and paragraph.style.name.startswith("Heading")


def rows(table: WordTable) -> list[tuple[str, ...]]:
    return [tuple(cell.text for cell in row.cells) for row in table.rows]


def table_after(path: Path, heading: str) -> WordTable:
    """The first table after the heading with this text."""
    items = body(path)
    start = next(i for i, item in enumerate(items) if isinstance(item, WordParagraph) and item.text == heading)
    return next(item for item in items[start:] if isinstance(item, WordTable))


def docx_sections(path: Path) -> dict[str, Section]:
    """Each Heading 3 and Heading 4 section as `summary_study.markdown_sections` gives them: the research
    question it stands in, its reading (a paragraph all in bold) and its first table's body rows."""
    sections: dict[str, Section] = {}
    heading: str | None = None
    question: str | None = None
    reading: str | None = None
    for item in body(path):
        if isinstance(item, WordParagraph) and _is_heading(item):
            heading, reading = None, None
            if item.style.name == "Heading 3":
                found = re.match(r"^(RQ\d+) ", item.text)
                question, heading = (found.group(1) if found else None), item.text
            elif item.style.name == "Heading 4":
                heading = item.text
            else:
                question = None
        elif heading is None:
            continue
        elif isinstance(item, WordParagraph) and item.runs and all(run.bold for run in item.runs):
            reading = reading or item.text
        elif isinstance(item, WordTable) and heading not in sections:
            sections[heading] = (question, reading, rows(item)[1:])
    return sections


def language_of_styles(document: typing.Any) -> str:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    return defaults.find(qn("w:lang")).get(qn("w:val"))


def language_of_run(run: typing.Any) -> str | None:
    properties = run._r.rPr
    found = None if properties is None else properties.find(qn("w:lang"))
    return None if found is None else found.get(qn("w:val"))


def quote_paragraphs(path: Path) -> list[WordParagraph]:
    return [p for p in body(path) if isinstance(p, WordParagraph) and p.style.name == "Quote"]


def test_the_headings_are_the_reports_in_words_heading_styles(run, coded, dutch_report):
    found = headings(dutch_report)
    assert found[0] == ("Heading 1", TITLE)
    assert [text for style, text in found if style == "Heading 2"] == [
        "Het onderzoek",
        "Casuskenmerken",
        "Onderzoeksvragen",
        "Hypothesen",
        "Codes die samen voorkomen",
    ]
    questions = [text for style, text in found if style == "Heading 3" and re.match(r"RQ\d ", text)]
    assert questions[:3] == ["RQ1 Hulpvraag per betrokkene", "RQ2 Duur tot positionering van de JIM",
                             "RQ3 Competenties van ouders"]  # fmt: skip
    # Every heading of the Markdown report, in its order, at the same level: the same sections.
    markdown = run("summary", coded, "--format", "markdown").stdout
    expected = [
        (f"Heading {len(hashes)}", re.sub(r"\\(.)", r"\1", text))
        for hashes, text in re.findall(r"^(#+) (.*)$", markdown, flags=re.M)
    ]
    assert found == expected


def test_a_table_has_a_table_style_its_header_row_and_the_studys_figures(dutch_report):
    attitude = table_after(dutch_report, "Houding ouders tegenover eigen netwerk")
    assert attitude.style.name == "Light List Accent 1"
    assert rows(attitude) == [
        ("", "Alle casussen (n=8)"),
        ("Logisch", "2 (25%)"),
        ("Onwennig", "2 (25%)"),
        ("Ronduit moeilijk", "4 (50%)"),
        ("geen antwoord", "0"),
    ]
    kept = [cell.paragraphs[0].paragraph_format.keep_with_next for row in attitude.rows for cell in row.cells]
    assert kept == [True] * 8 + [None] * 2, "every row kept with the next but the last: the table on one page"
    header = attitude.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None, "the header row repeats on each page"
    relation = table_after(dutch_report, "Relatie JIM tot kind")
    by_label = {row.cells[0].text: row for row in relation.rows}
    family, grandmother = by_label["Familie"], by_label["Oma"]
    assert [run.bold for cell in family.cells for run in cell.paragraphs[0].runs] == [True, True]
    assert [run.bold for cell in grandmother.cells for run in cell.paragraphs[0].runs] == [None, None]
    assert family.cells[0].paragraphs[0].paragraph_format.left_indent is None
    indent = grandmother.cells[0].paragraphs[0].paragraph_format.left_indent
    assert indent.cm == pytest.approx(0.5, abs=0.01)  # Word keeps whole twips
    assert grandmother.cells[1].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    days = table_after(dutch_report, "Dagen tot positionering (dagen)")
    assert rows(days)[1] == ("Alle casussen", "6", "58", "49", "0", "150", "54,4", "2")


def test_a_quote_is_in_words_quote_style_with_its_source_under_it(dutch_report):
    items = body(dutch_report)
    texts = [item.text if isinstance(item, WordParagraph) else None for item in items]
    at = texts.index(f"“{NOAH_GATEKEEPER}”")
    quote, source = items[at], items[at + 1]
    assert isinstance(quote, WordParagraph) and quote.style.name == "Quote"
    assert isinstance(source, WordParagraph)
    assert source.style.name == "Citaatbron"  # jimcode's own styles are named in the report's language
    tags = "Accepteren dat er iemand meehelpt en meedenkt, Ouders als poortwachter"
    assert source.text == f"— Noah, Professional · {tags}"
    assert quote.paragraph_format.keep_with_next is True
    caption = next(p for p in items if isinstance(p, WordParagraph) and p.style.name == "Caption")
    assert caption.text == "Voorbeeldcitaten"


def test_a_dutch_codebook_gives_a_dutch_document_with_dutch_chrome(dutch_report):
    from tests.test_language import english_words_in

    document = docx.Document(str(dutch_report))
    assert language_of_styles(document) == "nl-NL"
    assert document.core_properties.language == "nl-NL"
    assert {language_of_run(run) for p in quote_paragraphs(dutch_report) for run in p.runs} == {"nl-NL"}
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert english_words_in(text) == []
    footer, page = document.sections[0].footer.paragraphs
    assert footer.text.startswith("Gemaakt met jimcode ") and footer.style.name == "Toelichting"
    assert [field.get(qn("w:instr")) for field in page._p.iter(qn("w:fldSimple"))] == ["PAGE"]
    subtitle = document.paragraphs[1]
    assert (subtitle.style.name, subtitle.text) == (
        "Toelichting",
        f"codeboek jim-12min versie 1.0 · jimcode {__version__}",
    )


def test_english_words_around_dutch_quotes_and_an_english_codebook(run, coded, tmp_path):
    assert run("--lang", "en", "summary", coded, "--output", tmp_path / "en.docx").exit_code == 0
    document = docx.Document(str(tmp_path / "en.docx"))
    assert language_of_styles(document) == document.core_properties.language == "en-GB"
    assert {language_of_run(r) for p in quote_paragraphs(tmp_path / "en.docx") for r in p.runs} == {"nl-NL"}
    assert headings(tmp_path / "en.docx")[0] == ("Heading 1", "Summary: JIM bij kinderen onder de 12 jaar (JIM 12-)")
    result = run("summary", coded, "--codebook", ENGLISH_CODEBOOK, "--output", tmp_path / "english.docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "english.docx"))
    assert language_of_styles(document) == "en-GB"
    assert {language_of_run(r) for p in quote_paragraphs(tmp_path / "english.docx") for r in p.runs} == {"en-GB"}


def test_the_figures_read_as_in_the_other_formats(run, coded, tmp_path, monkeypatch):
    """The same study rows as the Markdown, table and HTML formats are checked against (English words)."""
    monkeypatch.setenv("JIMCODE_LANG", "en")
    assert run("summary", coded, "--output", tmp_path / "r.docx").exit_code == 0
    sections = docx_sections(tmp_path / "r.docx")
    for attribute_id, heading in STUDY_HEADINGS.items():
        question, reading, found = sections[heading]
        assert question == STUDY_QUESTIONS[attribute_id], heading
        assert found == STUDY_ROWS[attribute_id], heading
        assert reading == STUDY_READINGS.get(attribute_id), heading


def test_the_metadata_names_nobody_and_carries_no_time(dutch_report):
    properties = docx.Document(str(dutch_report)).core_properties
    assert properties.title == TITLE
    assert (properties.author, properties.last_modified_by, properties.comments) == ("", "", "")
    assert (properties.created, properties.modified, properties.last_printed) == (None, None, None)
    with zipfile.ZipFile(dutch_report) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
        assert b"<Application>jimcode</Application>" in archive.read("docProps/app.xml")
        assert not [name for name in archive.namelist() if b"python-docx" in archive.read(name)]


def test_two_runs_give_the_same_bytes(run, coded, tmp_path, dutch_report):
    assert run("summary", coded, "--format", "docx", "--output", tmp_path / "again.docx").exit_code == 0
    assert (tmp_path / "again.docx").read_bytes() == dutch_report.read_bytes()


def test_the_suffix_chooses_docx_and_the_file_is_reported(run, coded, tmp_path):
    result = run("summary", coded, "-o", tmp_path / "Report.DOCX")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"jimcode: wrote {tmp_path / 'Report.DOCX'}\n" in result.stderr
    assert zipfile.is_zipfile(tmp_path / "Report.DOCX")
    assert headings(tmp_path / "Report.DOCX")[0] == ("Heading 1", TITLE)


@pytest.mark.parametrize("command", [["summary"], ["retrieve", "parents-gatekeeper"]])
def test_docx_without_an_output_file_is_a_one_line_error(run, coded, command):
    result = run(*command, coded, "--format", "docx")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "jimcode: error: --format docx writes a Word file: name it with --output FILE.docx\n"


def test_docx_errors_name_the_problem_and_leave_no_file(run, coded, tmp_path):
    excel = run("summary", coded, "--format", "docx", "--excel", "-o", tmp_path / "r.docx")
    assert excel.exit_code == 2
    assert excel.stderr == "jimcode: error: --excel is for CSV output (--format csv), not docx\n"
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    blocked = run("summary", coded, "--output", tmp_path / "a-file" / "r.docx")
    assert blocked.exit_code == 1
    assert "cannot write" in blocked.stderr and "Traceback" not in blocked.stderr
    assert len(blocked.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_retrieve_writes_its_quotes_as_a_word_document(run, coded, tmp_path):
    result = run("retrieve", "parents-gatekeeper", coded, "--output", tmp_path / "quotes.docx")
    assert result.exit_code == 0, result.output
    assert headings(tmp_path / "quotes.docx") == [("Heading 1", "Opgehaald: Ouders als poortwachter")]
    quotes = quote_paragraphs(tmp_path / "quotes.docx")
    assert len(quotes) == 8, "every case's gatekeeper segment"
    assert f"“{NOAH_GATEKEEPER}”" in [p.text for p in quotes]
    document = docx.Document(str(tmp_path / "quotes.docx"))
    assert document.core_properties.title == "Opgehaald: Ouders als poortwachter"
    assert language_of_styles(document) == "nl-NL"


def test_every_kind_of_block_is_drawn(tmp_path):
    """A new kind of block (a layout's new section) needs a way into Word: this list names every kind."""
    from jimcode.render import docx_blocks
    from jimcode.render.blocks import (
        BarChart,
        Block,
        Heading,
        Paragraph,
        QuoteItem,
        Quotes,
        Row,
        Series,
        StackedChart,
        Table,
    )

    blocks: list[Block] = [
        Heading(1, "Title"),
        Paragraph("A subtitle", muted=True),
        Paragraph("Look out", warning=True),
        Paragraph("Mean 3", strong=True),
        Heading(4, "Deep"),
        Table(["", "n"], [Row(["a", "1"]), Row(["b", "2"], strong=True, indent=1)], title="T", note="N"),
        Quotes([QuoteItem("One.\n\nTwo.", "Noah", tag="tag", remark="note: x", context_before=["Before."])]),
        BarChart("Bars", ["a"], [Series("all", [50.0], ["1 (50%)"])]),
        StackedChart("Stacked", ["yes", "no"], [("H1", [1.0, 1.0], ["1", "1"])]),
    ]
    assert {type(block) for block in blocks} == set(typing.get_args(Block))
    path = tmp_path / "blocks.docx"
    path.write_bytes(docx_blocks.render(blocks, title="T", footer="F", language="en", quote_language="nl"))
    items = body(path)
    shown = [(item.style.name, item.text) for item in items if isinstance(item, WordParagraph)]
    assert shown == [
        ("Heading 1", "Title"),
        ("Note", "A subtitle"),
        ("Warning", "Look out"),
        ("Normal", "Mean 3"),
        ("Heading 4", "Deep"),
        ("Caption", "T"),
        ("Note", "N"),
        ("Quote", "Before."),
        ("Quote", "“One."),
        ("Quote", "Two.”"),
        ("Quote Source", "— Noah · tag · note: x"),
    ]
    assert [rows(item) for item in items if isinstance(item, WordTable)] == [[("", "n"), ("a", "1"), ("b", "2")]]


def test_the_missing_output_error_follows_the_locale(run, coded, monkeypatch):
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    result = run("summary", coded, "--format", "docx")
    assert (result.exit_code, result.stderr) == (
        2,
        "jimcode: error: --format docx schrijft een Word-bestand: geef het een naam met --output BESTAND.docx\n",
    )


def test_characters_xml_cannot_hold_become_replacement_marks(run, tmp_path):
    """A record may carry control characters and (as JSON escapes) lone surrogates; Word's XML holds neither."""
    from dataclasses import replace

    from tests.summary_study import CASES, make_record, write_record

    record = make_record(replace(CASES[0], case="No\x01ah"))
    record.segments[2].text = "Ouders\x0bbepaalden\x00 wie er mocht meedenken."
    path = write_record(tmp_path / "coded", record)
    path.write_text(path.read_text(encoding="utf-8").replace("mocht", "\\ud800mocht"), encoding="utf-8")
    for command in (["summary"], ["retrieve", "parents-gatekeeper"]):
        result = run(*command, tmp_path / "coded", "--output", tmp_path / "r.docx")
        assert result.exit_code == 0, result.output
        quotes = [p.text for p in quote_paragraphs(tmp_path / "r.docx")]
        assert "“Ouders\ufffdbepaalden\ufffd wie er \ufffdmocht meedenken.”" in quotes, command
        sources = [
            p.text for p in body(tmp_path / "r.docx") if getattr(p, "style", None) and p.style.name == "Citaatbron"
        ]
        assert any(source.startswith("— No\ufffdah, Professional") for source in sources), command
