"""JSON Schemas (draft 2020-12) of jimcode's file formats, for editors and other tools."""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a `codebook` or a coded `record`."""
    if kind == "codebook":
        from jimcode.codebook.model import Codebook

        schema = Codebook.model_json_schema()
        title = "jimcode codebook"
    elif kind == "record":
        from jimcode.records.model import CodedRecord

        schema = CodedRecord.model_json_schema()
        title = "jimcode coded record"
    else:
        raise ValueError(f"unknown schema kind {kind!r}")
    return {"$schema": DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}
