"""A YAML typo is reported on its own line, in plain words, not where PyYAML gave up.

Each case takes the shipped JIM codebook, makes one typo deep inside it, and runs the real
`jimcode validate`. The typo sits hundreds of lines before the end of the file, so PyYAML's own
mark (often the next quote, or the end of the file) would be far away.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jimcode.errors import InvalidFileError
from jimcode.yamlsrc import load_yaml_text
from tests.conftest import ROOT

SHIPPED = (ROOT / "codebooks" / "jim-12min.nl.yaml").read_text("utf-8")

UNCLOSED_DOUBLE = 'the value starts with a quote (") that is never closed; add " at its end, or remove the opening one'
UNCLOSED_SINGLE = (
    "the value starts with a quote (') that is never closed; add ' at its end, "
    "or, if the ' belongs to the text (as in 't), put the whole value in double quotes"
)

# (name, the line of the typo (its whole text, found in the codebook so that edits above it do not matter), text on
# that line, what it becomes, expected column, expected message)
TYPOS = [
    (
        "unclosed double quote",
        "label: Hulpvraag van het kind",
        "label: Hulpvraag",
        'label: "Hulpvraag',
        "16",
        UNCLOSED_DOUBLE,
    ),
    (
        "unclosed double quote in a later entry",
        "question: Welke relatie heeft de JIM tot het kind?",
        "question: Welke",
        'question: "Welke',
        "15",
        UNCLOSED_DOUBLE,
    ),
    (
        "unclosed quote on a list item",
        "- id: placement_averted",
        "id: placement",
        'id: "placement',
        "9",
        UNCLOSED_DOUBLE,
    ),
    (
        "unclosed single quote",
        "label: Hulpvraag van het kind",
        "label: Hulpvraag",
        "label: 'Hulpvraag",
        "16",
        UNCLOSED_SINGLE,
    ),
    ("a Dutch 't at the start of a value", "label: Tante", "label: Tante", "label: 't Tante", "16", UNCLOSED_SINGLE),
    (
        "text after the closing quote",
        "label: Hulpvraag van het kind",
        "label: Hulpvraag van",
        'label: "Hulpvraag" van',
        "28",
        "text follows the closing quote; put the whole value in quotes, or none of it",
    ),
    (
        "missing colon",
        "shortcut: hvk",
        "shortcut: hvk",
        "shortcut hvk",
        "9",
        "expected a 'key: value' line, but this line has no colon; did you mean 'shortcut: hvk'?",
    ),
    (
        "missing space after the colon",
        "shortcut: hvk",
        "shortcut: hvk",
        "shortcut:hvk",
        "9",
        "a space is missing after the colon; write 'shortcut: hvk'",
    ),
    (
        "indented too deep",
        "shortcut: hvk",
        "        shortcut: hvk",
        "          shortcut: hvk",
        "11",
        "this line is indented 10 spaces, deeper than the key above it (8 spaces)",
    ),
    (
        "indented too shallow, between two levels",
        "shortcut: hvk",
        "        shortcut: hvk",
        "      shortcut: hvk",
        "7",
        "this line is indented 6 spaces, which lines up with none of the keys above it (8, 4 or 0 spaces)",
    ),
    (
        "indented too shallow, onto an outer level",
        "shortcut: hvk",
        "        shortcut: hvk",
        "    shortcut: hvk",
        "5",
        "this line is indented 4 spaces, less than the lines around it (8 spaces)",
    ),
    (
        "list item indented one space short",
        "- id: request-child",
        "      - id: request-child",
        "     - id: request-child",
        "6",
        "this list item is indented 5 spaces, which lines up with none of the list items above it (6 or 2 spaces)",
    ),
    (
        "stray dash",
        "shortcut: hvk",
        "        shortcut: hvk",
        "        - shortcut: hvk",
        "9",
        "a list item ('- ') among 'key: value' lines; remove the '- ', "
        "or line the dash up with the list items above it (6 spaces)",
    ),
    (
        "unclosed bracket",
        "related_questions: [RQ4, RQ5]",
        "[RQ4, RQ5]",
        "[RQ4, RQ5",
        "24",
        "the list opened with '[' here is never closed with ']'",
    ),
    (
        "unclosed brace",
        "related_questions: [RQ4, RQ5]",
        "[RQ4, RQ5]",
        "{RQ4: RQ5",
        "24",
        "the '{' here is never closed with '}'",
    ),
    (
        "colon inside an unquoted value",
        "definition: Wat het kind zelf wil, mist of vraagt, in woorden of in gedrag.",
        "definition: Wat het kind",
        "definition: Let op: wat het kind",
        "27",
        "the value of 'definition' contains ': ', which YAML reads as a new key; put the whole value in quotes",
    ),
    (
        "tab in the indentation",
        "shortcut: hvk",
        "        shortcut: hvk",
        "\tshortcut: hvk",
        "1",
        "tab character in the indentation; YAML indents with spaces only",
    ),
]


def line_of(text: str) -> int:
    """The 1-based number of the one line of the shipped codebook that is `text` (surrounding spaces aside)."""
    found = [number for number, line in enumerate(SHIPPED.split("\n"), 1) if line.strip() == text]
    assert len(found) == 1, f"the shipped codebook has {len(found)} lines {text!r}"
    return found[0]


def with_typo(line: int, old: str, new: str) -> str:
    lines = SHIPPED.split("\n")
    assert old in lines[line - 1], f"line {line} of the shipped codebook changed: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "anchor", "old", "new", "column", "message"), TYPOS, ids=[t[0] for t in TYPOS])
def test_a_typo_is_reported_at_its_line_in_plain_words(run, tmp_path, name, anchor, old, new, column, message):
    line = line_of(anchor)
    path = tmp_path / "codebook.yaml"
    path.write_text(with_typo(line, old, new), encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 1, result.output
    code = "tab-indent" if "\t" in new else "yaml-syntax"
    assert result.stdout.splitlines() == [f"{path}:{line}:{column}: error[{code}]: {message}"]


def test_the_shipped_codebook_has_the_lines_the_typos_change(run, tmp_path):
    # The table's cases change lines far from the end: the point is that PyYAML's mark is elsewhere.
    path = tmp_path / "codebook.yaml"
    path.write_text(SHIPPED, encoding="utf-8")
    assert run("validate", path).exit_code == 0
    assert len(SHIPPED.splitlines()) > 800


def test_front_matter_reports_an_unclosed_quote_at_its_line(run, tmp_path):
    body = "I: Hoe gaat het?\n\nR: Goed.\n"
    path = tmp_path / "t.md"
    path.write_text('---\ncase: "Noah\ninterviewer: Jan\nplace: Utrecht\n---\n' + body, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{path}:2:7: error[yaml-syntax]: front matter: {UNCLOSED_DOUBLE}"]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_on_any_label_is_found_where_it_opens(quote):
    lines = SHIPPED.split("\n")
    label_lines = [number for number, text in enumerate(lines) if text.lstrip().startswith("label: ")]
    assert len(label_lines) > 50
    for number in label_lines:
        broken = list(lines)
        broken[number] = broken[number].replace("label: ", f"label: {quote}", 1)
        with pytest.raises(InvalidFileError) as caught:
            load_yaml_text("\n".join(broken), "c.yaml")
        (found,) = caught.value.diagnostics
        assert (found.line, found.column) == (number + 1, broken[number].index(quote) + 1), found.as_text()


def test_a_second_document_keeps_its_message(tmp_path: Path):
    with pytest.raises(InvalidFileError) as caught:
        load_yaml_text("id: a\n---\nid: b\n", "c.yaml")
    assert [d.as_text() for d in caught.value.diagnostics] == [
        "c.yaml:2:1: error[yaml-syntax]: the file holds more than one YAML document (a second '---'?)"
    ]


# Where no rule finds a cause, PyYAML's position stays and its problem is put in plain words.
REWORDED = [
    ("a: b\n]\n", "2:1", "unexpected ']' here; if it belongs to the text, put the whole value in quotes"),
    ("a: ]\n", "1:4", "a value cannot start with ']'; put the whole value in quotes"),
    ("a: @x\n", "1:4", "a value cannot start with this character; put the whole value in quotes"),
    ("a: [x] y\n", "1:8", "text follows the closing ']'; put the whole value in quotes"),
    ("a: >- x\n  text\n", "1:7", "after '|' or '>' the text starts on the next line, indented under its key"),
    ("a: &x 1\nb: &x 2\n", "2:4", "the anchor &x is defined twice; give each anchor its own name"),
    (
        "a:\n  - b\n - c\n",
        "3:2",
        "this list item is indented 1 space, which lines up with none of the list items above it (2 spaces)",
    ),
]


@pytest.mark.parametrize(("text", "where", "message"), REWORDED, ids=[r[0] for r in REWORDED])
def test_other_syntax_errors_in_plain_words(text, where, message):
    with pytest.raises(InvalidFileError) as caught:
        load_yaml_text(text, "c.yaml")
    assert [d.as_text() for d in caught.value.diagnostics] == [f"c.yaml:{where}: error[yaml-syntax]: {message}"]
