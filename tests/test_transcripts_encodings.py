"""Every encoding and line ending gives the same segments and the same sha256; bad bytes get clear errors."""

from __future__ import annotations

import codecs

import pytest

from jimcode.errors import InvalidFileError
from jimcode.transcripts.readers import read_transcript
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "transcripts"

# One source text with the characters old Word exports mangle: accents, curly quotes, a dash, an euro sign.
SOURCE = (
    "---\n"
    "id: case-03-lotte\n"
    "case: Lotte\n"
    "---\n"
    "I: Hoe reageerde de moeder van Lotte?\n"
    "\n"
    "R: Ze zei: ‘Dat is mijn zaak.’ Oma – haar eigen moeder – was er al, één keer per week.\n"
    "Het kostte vijf maanden en € 0 extra.\n"
    "\n"
    "I: Ging het daarna beter?\n"
    "R: Ja. Café-gesprekken hielpen, geïnterviewde ouders noemen dat vaak.\n"
)
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-16-no-bom": lambda text: text.encode("utf-16-le"),
    "cp1252": lambda text: text.encode("cp1252"),
}
LINE_ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "lotte.md"
    path.write_bytes(SOURCE.encode("utf-8"))
    return read_transcript(path)


def test_the_reference_reads_as_expected(expected):
    assert [(s.speaker, s.start_line, s.end_line) for s in expected.segments] == [
        ("I", 5, 5),
        ("R", 7, 8),
        ("I", 10, 10),
        ("R", 11, 11),
    ]
    assert expected.segments[1].text == (
        "Ze zei: ‘Dat is mijn zaak.’ Oma – haar eigen moeder – was er al, één keer per week.\n"
        "Het kostte vijf maanden en € 0 extra."
    )
    assert expected.warnings == []


@pytest.mark.parametrize("ending", LINE_ENDINGS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_encoding_and_line_ending_reads_the_same(tmp_path, expected, encoding, ending):
    path = tmp_path / "lotte.md"
    path.write_bytes(ENCODINGS[encoding](SOURCE.replace("\n", LINE_ENDINGS[ending])))
    transcript = read_transcript(path)
    assert transcript.segments == expected.segments
    assert transcript.sha256 == expected.sha256
    assert transcript.meta == expected.meta
    if encoding == "cp1252":
        assert len(transcript.warnings) == 1
        assert "cp1252" in transcript.warnings[0] and "lotte.md:7" in transcript.warnings[0]
    else:
        assert transcript.warnings == []


def test_the_hash_ignores_trailing_spaces_and_final_blank_lines_but_not_words(tmp_path, expected):
    path = tmp_path / "lotte.md"
    path.write_text(SOURCE.replace("\n", "  \n") + "\n\n\n", encoding="utf-8")
    assert read_transcript(path).sha256 == expected.sha256
    path.write_text(SOURCE.replace("vijf maanden", "zes maanden"), encoding="utf-8")
    assert read_transcript(path).sha256 != expected.sha256


def test_non_breaking_spaces_are_spaces(tmp_path, expected):
    path = tmp_path / "lotte.md"
    path.write_text(SOURCE.replace("€ 0", "€\u00a00").replace("I: Ging", "I:\u00a0Ging"), encoding="utf-8")
    transcript = read_transcript(path)
    assert transcript.segments == expected.segments
    assert transcript.sha256 == expected.sha256


def test_zero_width_and_bom_characters_inside_the_text_vanish(tmp_path, expected):
    path = tmp_path / "lotte.md"
    path.write_text(SOURCE.replace("Ging", "G\u200bing").replace("Café", "\ufeffCafé"), encoding="utf-8")
    assert read_transcript(path).segments == expected.segments


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty-file"),
        (b"  \r\n\t\n", "empty-file"),
        (codecs.BOM_UTF8 + b"\r\n", "empty-file"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00junk" * 20, "binary-file"),
        (bytes(range(256)) * 4, "binary-file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary-file"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary-file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "binary-file"),
        (b"---\nid: x\n---\n\n\n", "no-text"),
    ],
)
def test_empty_and_binary_files_are_clear_errors(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InvalidFileError) as caught:
        read_transcript(path)
    assert [d.code for d in caught.value.diagnostics] == [code]
    assert str(caught.value).startswith(str(path))


def test_pdf_error_says_what_to_do(tmp_path):
    path = tmp_path / "interview.txt"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(InvalidFileError, match="PDF"):
        read_transcript(path)


def test_missing_file_and_unknown_suffix(tmp_path):
    with pytest.raises(InvalidFileError, match=r"unreadable|No such file"):
        read_transcript(tmp_path / "missing.md")
    other = tmp_path / "notes.rtf"
    other.write_text("I: hallo", encoding="utf-8")
    with pytest.raises(InvalidFileError, match="not a transcript format"):
        read_transcript(other)


@pytest.mark.parametrize("ending", LINE_ENDINGS)
@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", ["voices.vtt", "labels.srt", "otter.txt"])
def test_timed_and_plain_fixtures_read_the_same_in_every_encoding(tmp_path, name, encoding, ending):
    source = (DATA / name).read_bytes().decode("utf-8").replace("\r\n", "\n")
    expected = read_transcript(DATA / name)
    path = tmp_path / name
    path.write_bytes(ENCODINGS[encoding](source.replace("\n", LINE_ENDINGS[ending])))
    transcript = read_transcript(path)
    assert transcript.segments == expected.segments
    assert transcript.sha256 == expected.sha256
