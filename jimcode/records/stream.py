"""Reading one coded record fast: parsed and checked against the record model in C, as a struct.

`summary` and `retrieve` read every record once. msgspec parses each and checks it against
structs derived from the models in `jimcode.records.model` (`jimcode.records._structs`: field
names, kinds, the allowed values of each `Literal`, no unknown keys, dates and the numbering
rules) in less time than a JSON parser alone takes to build dicts. A record the structs do not
accept as it is (an earlier format version, a key left out for its default, a value of another
kind) is decided by the model itself (`CodedRecord.model_validate`), so the answer is always the
model's (tests/test_record_format.py proves it on records mutated at random). A file that is not
a valid record raises `InvalidFileError` with its path and the reason, and the caller decides
whether to skip it or stop.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.fileio import read_regular
from jimcode.records._json_lines import line_of
from jimcode.records._structs import RecordStruct, as_datetime, as_dict, convert, decode, from_dict, replace_fields
from jimcode.records.model import (
    MAX_RECORD_BYTES,
    STANCES,
    VERDICTS,
    CodedRecord,
    decode_json,
    model_problem,
)
from jimcode.records.versions import upgrade

__all__ = [
    "RecordStruct",
    "as_datetime",
    "as_dict",
    "as_model",
    "checked_record",
    "from_dict",
    "journal_warning",
    "read_record_data",
    "record_key",
    "record_problem",
    "replace_fields",
]


def as_model(record: RecordStruct) -> CodedRecord:
    """A record struct (checked as the model checks) as the model, for code that changes records."""
    return CodedRecord.model_validate(as_dict(record))


def record_problem(file: str, code: str, message: str, line: int = 0, column: int = 0) -> InvalidFileError:
    return InvalidFileError([Diagnostic(file, line, column, code, message)])


def read_record_data(path: str, display: str | None = None) -> RecordStruct:
    """Read one record file, checked against the record model, as a struct (`records._structs`)."""
    file = display or path
    try:
        raw = read_regular(path, MAX_RECORD_BYTES, file)
    except FileNotFoundError:
        raise record_problem(file, "not-found", "no such file") from None
    except OSError as exc:
        raise record_problem(file, "unreadable", exc.strerror or str(exc)) from None
    if len(raw) < 64 and not raw.strip():
        raise record_problem(file, "empty", "empty file, not a coded record")
    record = decode(raw)
    if record is not None:
        return record
    if b"\\u" in raw:  # msgspec refuses half a surrogate pair; the rest of the record may still be good
        raw = _without_lone_surrogates(raw)
        record = decode(raw)
        if record is not None:
            return record
    try:
        data = decode_json(raw, file)
    except UnicodeDecodeError:
        raise record_problem(file, "encoding", "not UTF-8 text") from None
    return checked_record(data, file, raw)


# An escaped backslash (after which "ud800" is text, not an escape), a surrogate pair, or half of one.
_SURROGATE_ESCAPE = re.compile(
    rb"(\\\\)|(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)


_JSON = json.JSONDecoder()
_STRING = r'"(?:[^"\\\n]|\\.)*"'
# jimcode's own layout of a record file (`dump_record`): top-level keys indented by two spaces, and
# a JSON string holds no line break, so a line starting with two spaces and a quote is a top-level key.
_LAID_OUT_TRANSCRIPT = re.compile(rf'\{{\n  "format_version": [^\n]*\n  "transcript": \{{\n    "id": ({_STRING})')
_LAID_OUT_CODER = re.compile(rf'\n  "coder": ({_STRING})')


def record_key(head: bytes) -> tuple[str, str] | None:
    """A record's (transcript id, coder) read from the first bytes of its file (`fileio.read_head`), or None
    where they are not there (cut off, not a record).

    A hint for reading records in the order a report writes them: the file is read whole and checked
    later, and whoever relies on the order checks it then. jimcode's own layout is matched at once;
    another is walked key by key, up to the two."""
    text = head.decode("utf-8", "ignore")
    try:
        transcript = _LAID_OUT_TRANSCRIPT.match(text)
        coder = _LAID_OUT_CODER.search(text, transcript.end()) if transcript else None
        if transcript and coder:
            return _json_string(transcript[1]), _json_string(coder[1])
        return _walked_key(text)
    except (ValueError, IndexError):  # JSONDecodeError is a ValueError; IndexError: the head ends
        return None


def _json_string(token: str) -> str:
    return token[1:-1] if "\\" not in token else json.loads(token)


def _walked_key(text: str) -> tuple[str, str] | None:
    """`record_key` of a head in any layout: its top-level keys walked in order."""
    transcript = coder = None
    at = _after_space(text, 0)
    if text[at] != "{":
        return None
    at = _after_space(text, at + 1)
    while text[at] == '"':
        key, at = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
        at = _after_space(text, at)
        if text[at] != ":":
            return None
        value, at = _JSON.raw_decode(text, _after_space(text, at + 1))
        if key == "transcript" and isinstance(value, dict):
            transcript = value.get("id")
        elif key == "coder":
            coder = value
        if isinstance(transcript, str) and isinstance(coder, str):
            return transcript, coder
        at = _after_space(text, at)
        if text[at] != ",":
            return None
        at = _after_space(text, at + 1)
    return None


def _after_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\n\r":
        at += 1
    return at


def _without_lone_surrogates(raw: bytes) -> bytes:
    """Half a surrogate pair escaped in JSON (an emoji cut in two, which JSON allows and UTF-8 cannot
    carry) as U+FFFD, so that every string read can be written out; escaped pairs stay as they are."""
    return _SURROGATE_ESCAPE.sub(lambda match: match.group(1) or match.group(2) or b"\\ufffd", raw)


def checked_record(data: Any, file: str, raw: bytes | None = None) -> RecordStruct:
    """A parsed record in the current format version, as a struct; or `InvalidFileError` (at the line
    of the value at fault when `raw`, the bytes it was parsed from, is given).

    A record of an earlier format version is upgraded first; one the structs accept as it is then is
    converted in C, any other is decided by the model and read as the model writes it."""
    if type(data) is not dict or "format_version" not in data or "segments" not in data:
        raise record_problem(file, "not-a-record", "not a jimcode coded record (no format_version/segments)", 1, 1)
    data = upgrade(data, file)
    converted = convert(data)
    if converted is not None:
        return converted
    try:
        record = CodedRecord.model_validate(data)
    except ValidationError as exc:
        _explain(data, file, raw)  # the wording jimcode has always used, for what it covers
        raise model_problem(exc, file, raw) from None
    return from_dict(record.model_dump(mode="json"))


# Explaining a record the model refuses, in the words jimcode has used since the first summary;
# what these do not cover is worded by the model (`model_problem`).


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


_WHAT: dict[Any, str] = {str: "a string", list: "a list", dict: "an object"}


def _expected(annotation: Any) -> type | None:
    """The JSON kind a field must have when it is a plain string, list or object (else None)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return dict
    kind = get_origin(annotation) or annotation
    return kind if kind in _WHAT else None


def _explain(data: dict[str, Any], file: str, raw: bytes | None) -> None:
    try:
        _explain_fields(data, CodedRecord, ())
        _explain_parts(data)
    except _Explained as explained:
        line = 0 if raw is None else line_of(raw.decode("utf-8-sig", "replace"), explained.path)
        raise record_problem(file, "bad-record", explained.message, line) from None


class _Explained(Exception):
    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        self.path = path
        self.message = message


def _where(path: tuple[str | int, ...]) -> str:
    return ".".join(map(str, path))


def _explain_fields(data: dict[str, Any], model: type[BaseModel], prefix: tuple[str, ...]) -> None:
    """Top-level (and nested-object) fields of the wrong kind, or a literal not allowed."""
    for name, info in model.model_fields.items():
        if name not in data and not info.is_required():
            continue
        value = data.get(name)
        path = (*prefix, name)
        kind = _expected(info.annotation)
        if kind is not None and type(value) is not kind:
            raise _Explained(path, f"{_where(path)}: expected {_WHAT[kind]}, found {_kind(value)}")
        if get_origin(info.annotation) is Literal and name != "format_version":
            allowed = get_args(info.annotation)
            if value not in allowed or type(value) is not str:
                raise _Explained(path, f"{_where(path)}: {value!r} is not one of {', '.join(sorted(allowed))}")
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and type(value) is dict:
            _explain_fields(value, annotation, path)


def _explain_parts(data: dict[str, Any]) -> None:
    """Verdicts and segments: what the summary has always said about them."""
    for position, item in enumerate(data.get("verdicts") or []):
        if type(item) is not dict or item.get("verdict") not in VERDICTS or type(item.get("hypothesis")) is not str:
            raise _Explained(
                ("verdicts", position), f"verdicts.{position}: expected a hypothesis and one of {VERDICTS}"
            )
    segments = data["segments"]
    for position, segment in enumerate(segments):
        if type(segment) is not dict:
            raise _segment(position, f"expected an object, found {type(segment).__name__}")
    for position, segment in enumerate(segments):
        codes = segment.get("codes")
        if codes and (type(codes) is not list or not all(type(code) is str for code in codes)):
            raise _segment(position, "codes: expected a list of code ids", "codes")
    for position, segment in enumerate(segments):
        items = segment.get("evidence")
        if not items:
            continue
        if type(items) is not list:
            raise _segment(position, "evidence: expected a list", "evidence")
        if not all(
            type(item) is dict and type(item.get("hypothesis")) is str and item.get("stance") in STANCES
            for item in items
        ):
            raise _segment(position, f"evidence: expected a hypothesis and a stance ({', '.join(STANCES)})", "evidence")


def _segment(position: int, message: str, *field: str) -> _Explained:
    return _Explained(("segments", position, *field), f"segments.{position}: {message}")


def journal_warning(records: list[str], examples: int = 5) -> dict[str, str]:
    listed = ", ".join(records[:examples]) + (f" and {len(records) - examples} more" if len(records) > examples else "")
    return {
        "code": "open-session",
        "message": f"{len(records)} record(s) have decisions not yet saved into them (a coding session is open "
        f"or was stopped; `jimcode code` on the transcript folds them in): {listed}",
    }
