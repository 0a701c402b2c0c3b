"""JSON Schemas (draft 2020-12) of jimcode's file formats and JSON outputs, for editors and other tools."""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a `codebook`, a coded `record`, or the JSON output of `summary`, `retrieve` or `agreement`.

    The outputs' schemas describe what jimcode writes (mode="serialization": every field is present).
    """
    if kind == "codebook":
        from jimcode.codebook.model import Codebook

        schema = Codebook.model_json_schema()
        title = "jimcode codebook"
    elif kind == "record":
        from jimcode.records.model import CodedRecord

        schema = CodedRecord.model_json_schema()
        title = "jimcode coded record"
    elif kind == "summary":
        from jimcode.summary.contract import SUMMARY_SCHEMA, SummaryResult

        schema = SummaryResult.model_json_schema(mode="serialization")
        title = f"jimcode summary --format json ({SUMMARY_SCHEMA})"
    elif kind == "retrieve":
        from jimcode.summary.contract import RETRIEVE_SCHEMA, RetrieveResult

        schema = RetrieveResult.model_json_schema(mode="serialization")
        title = f"jimcode retrieve --format json ({RETRIEVE_SCHEMA})"
    elif kind == "agreement":
        from jimcode.agreement.contract import AgreementResult

        schema = AgreementResult.model_json_schema(mode="serialization")
        title = "jimcode agreement --format json"
    else:
        raise ValueError(f"unknown schema kind {kind!r}")
    return {"$schema": DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}
