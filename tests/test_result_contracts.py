"""The JSON that summary, retrieve and agreement print is what `jimcode schema summary|retrieve|agreement` publishes."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "coded"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def published(run, kind: str) -> dict[str, Any]:
    result = run("schema", kind)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def printed(run, *args: str | Path, exit_code: int = 0) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == exit_code, result.output
    return json.loads(result.stdout)


def problems(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """The example records plus two files that are not records (skipped)."""
    folder = tmp_path / "coded"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.json").write_text('{"format_version": 1, "segments": [', encoding="utf-8")
    (folder / "list.json").write_text("[]", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "options",
    [
        (),
        ("--by", "developmental_phase"),
        ("--by", "child_age:12"),
        ("--by", "parent_signals"),
        ("--by", "jim_positioned"),
        ("--case", "case-01-noah", "--coder", "bram", "--status", "complete"),
        ("--no-quotes", "--top", "0"),
        ("--case", "nobody"),
    ],
)
def test_summary_json_follows_the_published_schema(run, options):
    document = printed(run, "summary", EXAMPLES, *options)
    assert problems(published(run, "summary"), document) == []
    assert document["schema"] == "jimcode.summary/1"


def test_summary_with_skipped_files_follows_the_schema_and_lists_them(run, mixed):
    document = printed(run, "summary", mixed, exit_code=1)
    assert problems(published(run, "summary"), document) == []
    skipped = [(Path(f["path"]).name, f["line"]) for f in document["files"]["skipped_files"]]
    assert sorted(skipped) == [("broken.json", 1), ("list.json", 1)]


def test_an_empty_summary_follows_the_schema(run):
    document = printed(run, "summary", EXAMPLES, "--case", "nobody")
    assert problems(published(run, "summary"), document) == []
    assert document["files"]["counted"] == 0
    assert document["groups"][0]["corpus"]["cases"] == 0
    assert document["groups"][0]["attributes"][0]["stats"] is None


@pytest.mark.parametrize(
    "args",
    [
        ("3",),
        ("RQ1", "--by", "developmental_phase", "--context", "1"),
        ("H1", "--stance", "contradicts"),
        ("H1", "--by", "child_age:12"),
        ("request-professional", "--exact", "--case", "case-01-noah"),
        ("H1", "--case", "nobody"),
    ],
)
def test_retrieve_json_follows_the_published_schema(run, args):
    target, *options = args
    document = printed(run, "retrieve", target, EXAMPLES, *options)
    assert problems(published(run, "retrieve"), document) == []
    assert document["schema"] == "jimcode.retrieve/1"


def test_retrieve_with_skipped_files_follows_the_schema(run, mixed):
    document = printed(run, "retrieve", "3", mixed, exit_code=1)
    assert problems(published(run, "retrieve"), document) == []
    assert document["files"]["skipped"] == 2


def test_agreement_json_follows_the_published_schema(run):
    document = printed(run, "agreement", EXAMPLES)
    assert problems(published(run, "agreement"), document) == []
    assert document["disagreements"]["segments"], "the examples disagree on some segments"


def test_agreement_without_double_coding_follows_the_schema(run):
    document = printed(run, "agreement", EXAMPLES / "case-02-sem.anna.json")
    assert problems(published(run, "agreement"), document) == []
    assert (document["overall"], document["relevance"], document["codes"]) == (None, None, [])


def test_the_schemas_reject_a_document_that_breaks_the_contract(run):
    document = printed(run, "summary", EXAMPLES)
    document["files"]["counted"] = "eight"
    del document["groups"][0]["corpus"]["complete"]
    document["groups"][0]["extra"] = 1
    found = problems(published(run, "summary"), document)
    assert sorted(found) == [
        "files/counted: 'eight' is not of type 'integer'",
        "groups/0/corpus: 'complete' is a required property",
        "groups/0: Additional properties are not allowed ('extra' was unexpected)",
    ]


def _undescribed(schema: dict[str, Any]) -> list[str]:
    missing = []
    for name, definition in [("(root)", schema), *schema.get("$defs", {}).items()]:
        for field, spec in definition.get("properties", {}).items():
            if not spec.get("description"):
                missing.append(f"{name}.{field}")
    return missing


@pytest.mark.parametrize("kind", ["summary", "retrieve", "agreement"])
def test_every_field_of_an_output_schema_has_a_description(run, kind):
    schema = published(run, kind)
    assert schema["$schema"] == DRAFT
    assert schema["description"]
    assert _undescribed(schema) == []


@pytest.mark.parametrize("kind", ["summary", "retrieve", "agreement"])
def test_every_field_of_an_output_schema_is_required(run, kind):
    """The JSON always carries every key (null where there is no value), so a reader can rely on it."""
    schema = published(run, kind)
    optional = [
        f"{name}.{field}"
        for name, definition in [("(root)", schema), *schema.get("$defs", {}).items()]
        for field in definition.get("properties", {})
        if field not in definition.get("required", [])
    ]
    assert optional == []


def _imports(path: Path) -> set[str]:
    """Every jimcode module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jimcode"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("jimcode"))
    return found


@pytest.mark.parametrize("package", ["summary", "agreement"])
def test_the_result_packages_have_no_import_cycle(package):
    modules = {
        f"jimcode.{package}.{path.stem}": path
        for path in sorted((ROOT / "jimcode" / package).glob("*.py"))
        if path.stem != "__init__"
    }
    graph = {name: _imports(path) & set(modules) for name, path in modules.items()}
    visiting: list[str] = []
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycles.append([*visiting[visiting.index(name) :], name])
            return
        visiting.append(name)
        for imported in sorted(graph[name]):
            visit(imported)
        visiting.pop()
        done.add(name)

    for name in graph:
        visit(name)
    assert cycles == []


def test_agreement_of_three_coders_a_mismatch_and_no_codebook_follows_the_schema(run, tmp_path):
    from tests.coded_records import evidence, make_record, presence_records, save, segment, verdict

    coded = tmp_path / "coded"
    presence_records(coded, {"anna": [["ask-parent"], []], "ben": [[], ["x"]]}, codebook_path=None)
    presence_records(coded, {"ben": [["ask-parent"]], "carl": [[]]}, transcript="case-b", codebook_path=None)
    presence_records(coded, {"anna": [[]]}, transcript="case-c", text="one text", codebook_path=None)
    presence_records(coded, {"carl": [[]]}, transcript="case-c", text="another text", codebook_path=None)
    for coder, stance, given in (("anna", "supports", "mixed"), ("carl", "contradicts", "supports")):
        segments = [segment(0, ["ask-parent"], evidence=[evidence("H1", stance, "why")])]
        record = make_record(coder, segments, transcript="case-d", verdicts=[verdict("H1", given)], codebook_path=None)
        save(coded, record)
    document = printed(run, "agreement", coded)
    assert problems(published(run, "agreement"), document) == []
    assert (document["codebook"], document["coders"]) == (None, ["anna", "ben", "carl"])
    statuses = [t["status"] for t in document["transcripts"]]
    assert statuses == ["double-coded", "double-coded", "mismatch", "double-coded"]
    assert [v["hypothesis"] for v in document["disagreements"]["verdicts"]] == ["H1"]
