"""The JSON Schema that `jimcode schema codebook` prints agrees with the validator."""

from __future__ import annotations

import json

import jsonschema

from jimcode.yamlsrc import load_yaml_text
from tests.conftest import ROOT
from tests.test_validate_codebook import VALID


def codebook_schema(run) -> dict:
    result = run("schema", "codebook")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_schema_is_draft_2020_12_and_accepts_valid_codebooks(run):
    schema = codebook_schema(run)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    documents = [load_yaml_text(VALID, "valid.yaml").data]
    documents += [load_yaml_text(p.read_text("utf-8"), str(p)).data for p in sorted(ROOT.glob("codebooks/*.yaml"))]
    for data in documents:
        assert list(validator.iter_errors(data)) == []


def test_schema_rejects_what_the_validator_rejects(run):
    validator = jsonschema.Draft202012Validator(codebook_schema(run))
    data = load_yaml_text(VALID, "valid.yaml").data
    data["research_questions"][0]["codes"][0]["lable"] = "typo"
    assert not validator.is_valid(data)
    data = load_yaml_text(VALID, "valid.yaml").data
    data["case_attributes"][0]["type"] = "categroy"
    assert not validator.is_valid(data)


def test_record_schema_is_valid_json_schema(run):
    result = run("schema", "record")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "segments" in schema["properties"]
