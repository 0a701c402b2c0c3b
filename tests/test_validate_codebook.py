"""`jimcode validate` on codebooks: valid ones pass, each kind of breakage gets a clear located line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import build_files

VALID = """\
id: demo
version: "1.0"
title: Demo codebook
language: nl
research_questions:
  - id: RQ1
    title: Hulpvraag
    question: Wat is de hulpvraag?
    codes:
      - id: request-parent
        label: Hulpvraag ouder
        definition: Wat de ouder wil.
        shortcut: ho
        codes:
          - id: request-parent-rest
            label: Rust
            definition: Ouder wil rust.
      - id: request-child
        label: Hulpvraag kind
        definition: Wat het kind wil.
  - id: RQ2
    title: Tijd
    question: Hoe lang duurde het?
hypotheses:
  - id: H1
    title: Poortwachter
    statement: Ouders zijn de poortwachter.
    related_questions: [RQ1, RQ2]
case_attributes:
  - id: days
    label: Dagen
    question: Hoeveel dagen?
    type: integer
    unit: dagen
    min: 0
    max: 730
    research_question: RQ2
  - id: relation
    label: Relatie
    question: Welke relatie?
    type: category
    groups:
      - {id: family, label: Familie}
    options:
      - {id: grandmother, label: Oma, group: family}
      - {id: no, label: yes}
"""


def check(run, tmp_path: Path, text: str | bytes, name: str = "codebook.yaml"):
    build_files(tmp_path, {name: text})
    result = run("validate", tmp_path / name)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return result, lines


def test_valid_codebook_passes(run, tmp_path):
    result, lines = check(run, tmp_path, VALID)
    assert result.exit_code == 0, result.stdout
    assert lines == []
    assert "1 file(s) checked, all valid" in result.stderr


def test_yaml_1_1_words_stay_text(tmp_path):
    from jimcode.codebook.model import load_codebook

    build_files(tmp_path, {"c.yaml": VALID})
    codebook = load_codebook(tmp_path / "c.yaml")
    relation = codebook.attribute("relation")
    assert [(o.id, o.label) for o in relation.options][1] == ("no", "yes")


# (name, replace old -> new in VALID, expected code, expected line, message fragment)
BROKEN = [
    (
        "unknown key",
        ("        shortcut: ho\n", "        shortcut: ho\n        lable: x\n"),
        "unknown-key",
        14,
        "unknown key 'lable'; did you mean 'label'?",
    ),
    (
        "unknown key far from any",
        ("title: Demo codebook\n", "title: Demo codebook\nzzzz: 1\n"),
        "unknown-key",
        4,
        "unknown key 'zzzz'",
    ),
    (
        "missing key",
        ("        definition: Wat het kind wil.\n", ""),
        "missing-key",
        18,
        "research_questions[0].codes[1]: missing required key 'definition'",
    ),
    (
        "duplicate key",
        ('version: "1.0"\n', 'version: "1.0"\nversion: "2.0"\n'),
        "duplicate-key",
        3,
        "duplicate key 'version' (first at line 2)",
    ),
    (
        "duplicate id",
        ("      - id: request-child\n", "      - id: RQ2\n"),
        "duplicate-id",
        21,
        "research question id 'RQ2' is already used at line 18",
    ),
    (
        "unknown reference",
        ("related_questions: [RQ1, RQ2]", "related_questions: [RQ1, RQ3]"),
        "unknown-reference",
        28,
        "research question 'RQ3', which does not exist; did you mean 'RQ2'?",
    ),
    (
        "attribute reference",
        ("    research_question: RQ2\n", "    research_question: RQ9\n"),
        "unknown-reference",
        37,
        "attribute days refers to research question 'RQ9'",
    ),
    ("reserved shortcut", ("shortcut: ho", "shortcut: q"), "reserved-shortcut", 13, "coding-session command"),
    (
        "duplicate shortcut",
        ("        label: Hulpvraag kind\n", "        label: Hulpvraag kind\n        shortcut: ho\n"),
        "duplicate-shortcut",
        20,
        "shortcut 'ho' is already used at line 13",
    ),
    ("bad shortcut", ("shortcut: ho", "shortcut: H1"), "bad-id", 13, "1 to 3 lowercase letters"),
    (
        "bounds",
        ("    min: 0\n    max: 730\n", "    min: 10\n    max: 1\n"),
        "bad-bounds",
        35,
        "min (10) is greater than max (1)",
    ),
    (
        "duplicate option",
        ("      - {id: no, label: yes}\n", "      - {id: grandmother, label: Opa}\n"),
        "duplicate-option",
        46,
        "option 'grandmother' is listed twice",
    ),
    (
        "empty options",
        (
            "    options:\n      - {id: grandmother, label: Oma, group: family}\n      - {id: no, label: yes}\n",
            "    options: []\n",
        ),
        "empty-list",
        44,
        "'options' needs at least 1 item(s)",
    ),
    (
        "undeclared group",
        ("group: family}", "group: famliy}"),
        "unknown-reference",
        45,
        "group 'famliy', which attribute relation does not declare; did you mean 'family'?",
    ),
    ("unknown type", ("    type: category\n", "    type: categroy\n"), "unknown-type", 38, "unknown type 'categroy'"),
    (
        "number as version",
        ('version: "1.0"', "version: 1.0"),
        "wrong-type",
        2,
        "should be text, got the number 1.0 (put it in quotes)",
    ),
    (
        "mapping where a list belongs",
        ("hypotheses:\n  - id: H1\n", "hypotheses:\n  id: H1\n"),
        "yaml-syntax",
        26,
        "this line is indented 4 spaces, deeper than the key above it (2 spaces)",
    ),
    (
        "list where a mapping belongs",
        ("  - id: RQ2\n    title: Tijd\n    question: Hoe lang duurde het?\n", "  - [RQ2, Tijd]\n"),
        "wrong-type",
        21,
        "should be a mapping",
    ),
    ("bad id", ("  - id: RQ2\n", "  - id: 2 RQ\n"), "bad-id", 21, "must start with a letter"),
    (
        "syntax error",
        ("title: Demo codebook\n", 'title: "Demo codebook\n'),
        "yaml-syntax",
        3,
        'the value starts with a quote (") that is never closed',
    ),
    (
        "two documents",
        ("title: Demo codebook\n", "title: Demo codebook\n---\nid: other\n"),
        "yaml-syntax",
        0,
        "more than one YAML document",
    ),
    ("merge key", ("title: Demo codebook\n", "title: Demo codebook\n<<: {a: 1}\n"), "merge-key", 4, "merge keys"),
]


@pytest.mark.parametrize(("name", "change", "code", "line", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_codebook(run, tmp_path, name, change, code, line, fragment):
    old, new = change
    assert old in VALID, "the test's replacement must apply"
    result, lines = check(run, tmp_path, VALID.replace(old, new, 1))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    matching = [entry for entry in lines if f"error[{code}]" in entry]
    assert matching, lines
    entry = matching[0]
    assert entry.startswith(str(tmp_path / "codebook.yaml") + ":")
    if line:
        assert entry.split(":")[1] == str(line), entry
    assert fragment in entry


def test_every_error_of_a_file_is_reported(run, tmp_path):
    text = VALID.replace("        shortcut: ho\n", "        shortcut: ho\n        lable: x\n")
    text = text.replace("related_questions: [RQ1, RQ2]", "related_questions: [RQ1, RQ7]")
    text = text.replace("    min: 0\n    max: 730\n", "    min: 10\n    max: 1\n")
    result, lines = check(run, tmp_path, text)
    assert result.exit_code == 1
    codes = sorted(entry.split("error[")[1].split("]")[0] for entry in lines)
    assert codes == ["bad-bounds", "unknown-key", "unknown-reference"]


def test_python_tag_is_refused_and_never_executed(run, tmp_path):
    marker = tmp_path / "pwned"
    text = VALID.replace("title: Demo codebook", f'title: !!python/object/apply:os.system ["touch {marker}"]')
    result, lines = check(run, tmp_path, text)
    assert result.exit_code == 1
    assert not marker.exists()
    assert any("error[python-tag]" in entry and ":3:8:" in entry for entry in lines), lines


def test_alias_bomb_is_refused(run, tmp_path):
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        levels.append(f"a{i}: &a{i} [{refs}]")
    # 9**10 values once expanded; refused by the node budget after MAX_NODES visits
    # (speed: see benchmarks/, not a timed test).
    result, lines = check(run, tmp_path, "\n".join(levels) + "\n")
    assert result.exit_code == 1
    assert any("error[too-large]" in entry and "more than 50,000 values" in entry for entry in lines), lines


def test_tab_indentation(run, tmp_path):
    result, lines = check(run, tmp_path, VALID.replace("  - id: RQ2\n", "\t- id: RQ2\n"))
    assert result.exit_code == 1
    assert lines == [
        f"{tmp_path / 'codebook.yaml'}:21:1: error[tab-indent]: "
        "tab character in the indentation; YAML indents with spaces only"
    ]


def test_non_utf8_bytes(run, tmp_path):
    raw = VALID.replace("title: Demo codebook", "title: Caf\u00e9").encode("cp1252")
    result, lines = check(run, tmp_path, raw)
    assert result.exit_code == 1
    assert lines == [
        f"{tmp_path / 'codebook.yaml'}:3:11: error[encoding]: not valid UTF-8 (byte 0xE9); save the file as UTF-8"
    ]


def test_utf8_bom_is_fine_and_utf16_is_named(run, tmp_path):
    result, _ = check(run, tmp_path, b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert result.exit_code == 0
    result, lines = check(run, tmp_path, VALID.encode("utf-16"), name="u16.yaml")
    assert result.exit_code == 1
    assert "the file is UTF-16; save it as UTF-8" in lines[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "only comments"),
        ("- a\n- b\n", "not a list"),
        ("just words\n", "not a single value"),
    ],
)
def test_empty_and_wrong_top_level(run, tmp_path, text, fragment):
    result, lines = check(run, tmp_path, text)
    assert result.exit_code == 1
    assert len(lines) == 1 and fragment in lines[0] and ":1:1:" in lines[0]


def test_json_and_github_formats(run, tmp_path):
    build_files(tmp_path, {"c.yaml": VALID.replace('version: "1.0"\n', 'version: "1.0"\nversion: x\n')})
    result = run("validate", "--format", "json", tmp_path / "c.yaml")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload == [
        {
            "file": str(tmp_path / "c.yaml"),
            "line": 3,
            "column": 1,
            "code": "duplicate-key",
            "message": "duplicate key 'version' (first at line 2); YAML would silently keep only the last one",
            "severity": "error",
        }
    ]
    result = run("validate", "--format", "github", tmp_path / "c.yaml")
    assert result.stdout.startswith(f"::error file={tmp_path / 'c.yaml'},line=3,col=1,title=jimcode duplicate-key::")


def test_folders_missing_files_and_several_files(run, tmp_path):
    build_files(tmp_path, {"books/a.yaml": VALID, "books/sub/b.yml": "x: [\n", "books/notes.csv": "ignored"})
    result = run("validate", tmp_path / "books", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    files = sorted({line.split(":")[0] for line in result.stdout.splitlines()})
    assert files == [str(tmp_path / "books/sub/b.yml"), str(tmp_path / "nope.yaml")]
    assert "3 file(s) checked, 2 invalid" in result.stderr


def test_usage_errors_exit_2(run):
    assert run("validate").exit_code == 2
    assert run("validate", "--format", "xml", "x.yaml").exit_code == 2


def test_show_tree_and_markdown(run, tmp_path):
    build_files(tmp_path, {"c.yaml": VALID})
    result = run("show", tmp_path / "c.yaml", "--format", "markdown")
    assert result.exit_code == 0
    assert "| 1 | **Hulpvraag ouder** `request-parent` | Wat de ouder wil." in result.stdout
    assert "| 2 | &nbsp;&nbsp;**Rust** `request-parent-rest`" in result.stdout
    assert "| **Dagen** `days` | Hoeveel dagen? | integer (dagen, 0-730) | RQ2 |" in result.stdout
    result = run("show", tmp_path / "c.yaml")
    assert result.exit_code == 0
    assert "Hulpvraag ouder" in result.stdout and "[ho]" in result.stdout


def test_show_refuses_a_broken_codebook_in_one_line(run, tmp_path):
    build_files(tmp_path, {"c.yaml": VALID.replace("    min: 0\n", "    min: 1000\n")})
    result = run("show", tmp_path / "c.yaml")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "c.yaml:35:10: error[bad-bounds]" in result.stderr
    assert "Traceback" not in result.output


def test_libyaml_and_the_python_loader_give_the_same_document(monkeypatch):
    from jimcode import yamlsrc
    from tests.conftest import ROOT

    text = (ROOT / "codebooks" / "jim-12min.nl.yaml").read_text("utf-8")
    fast = yamlsrc.load_yaml_text(text, "c.yaml")
    monkeypatch.setattr(yamlsrc, "_CLoader", None)
    slow = yamlsrc.load_yaml_text(text, "c.yaml")
    assert (fast.data, fast.values, fast.keys) == (slow.data, slow.values, slow.keys)
    assert len(fast.values) > 500
