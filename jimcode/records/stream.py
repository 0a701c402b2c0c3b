"""Reading one coded record fast: parse, check against the record model, hand over the dict.

`summary` and `retrieve` read every record once and work on the parsed JSON (plain dicts and
lists), which orjson parses several times faster than pydantic can build the models. The check
that a dict is a valid record is derived from the models in `jimcode.records.model` (field
names, which are required, their types, the allowed values of each `Literal`, no unknown keys):
`record_shape_ok` accepts only what the model certainly accepts, in a few C-level passes per
field over all segments at once; a record it does not accept is decided by the model itself
(`CodedRecord.model_validate`), so the answer is always the model's (tests/test_record_format.py
proves it on records mutated at random). A file that is not a valid record raises
`InvalidFileError` with its path and the reason, and the caller decides whether to skip it or stop.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from datetime import datetime
from itertools import chain, repeat
from operator import itemgetter
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.fileio import read_regular
from jimcode.records._json_lines import line_of
from jimcode.records.model import (
    MAX_RECORD_BYTES,
    STANCES,
    VERDICTS,
    CodedRecord,
    decode_json,
    model_problem,
    numbering_problem,
)
from jimcode.records.versions import upgrade

__all__ = [
    "checked_record",
    "fast_loads",
    "journal_warning",
    "parse_json",
    "read_record_data",
    "record_problem",
    "record_shape_ok",
]


def record_problem(file: str, code: str, message: str, line: int = 0, column: int = 0) -> InvalidFileError:
    return InvalidFileError([Diagnostic(file, line, column, code, message)])


@functools.cache
def fast_loads() -> Callable[[bytes], Any] | None:
    """orjson's `loads` when it is installed (`pip install 'jimcode[fast]'`), else None; imported on first
    use, so that commands which read no records never load it. `JIMCODE_JSON=stdlib` turns it off (the
    benchmark compares both)."""
    if os.environ.get("JIMCODE_JSON") == "stdlib":
        return None
    try:
        from orjson import loads
    except ImportError:
        return None
    return loads


def parse_json(raw: bytes, file: str = "<json>") -> Any:
    """JSON from bytes. A document orjson refuses is parsed again by the standard library (strictly,
    `decode_json`), which accepts what orjson does not (a byte order mark, integers beyond 64 bits) and
    words the error the same way whichever parser is installed; what both accept, both read the same."""
    fast = fast_loads()
    if fast is not None:
        try:
            return fast(raw)
        except ValueError:
            pass
    return decode_json(raw, file)


def read_record_data(path: str, display: str | None = None) -> dict[str, Any]:
    """Parse one record file and check it against the record model; return the dict."""
    file = display or path
    try:
        raw = read_regular(path, MAX_RECORD_BYTES, file)
    except FileNotFoundError:
        raise record_problem(file, "not-found", "no such file") from None
    except OSError as exc:
        raise record_problem(file, "unreadable", exc.strerror or str(exc)) from None
    if len(raw) < 64 and not raw.strip():
        raise record_problem(file, "empty", "empty file, not a coded record")
    if b"\\u" in raw:
        raw = _without_lone_surrogates(raw)
    try:
        data = parse_json(raw, file)
    except UnicodeDecodeError:
        raise record_problem(file, "encoding", "not UTF-8 text") from None
    return checked_record(data, file, raw)


# An escaped backslash (after which "ud800" is text, not an escape), a surrogate pair, or half of one.
_SURROGATE_ESCAPE = re.compile(
    rb"(\\\\)|(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)


def _without_lone_surrogates(raw: bytes) -> bytes:
    """Half a surrogate pair escaped in JSON (an emoji cut in two, which JSON allows and UTF-8 cannot
    carry) as U+FFFD, so that every string read can be written out; escaped pairs stay as they are."""
    return _SURROGATE_ESCAPE.sub(lambda match: match.group(1) or match.group(2) or b"\\ufffd", raw)


def checked_record(data: Any, file: str, raw: bytes | None = None) -> dict[str, Any]:
    """A parsed record in the current format version, valid for `CodedRecord`; else `InvalidFileError`
    (at the line of the value at fault when `raw` is given).

    A record the fast check accepts is returned as it is; one that only the model accepts (a value
    pydantic converts, a key left out for its default) is returned as the model writes it. `raw`:
    the bytes `data` was parsed from, read again by the standard library (as `load_record` reads
    them) before the model decides, since orjson reads an integer beyond 64 bits as a float.
    """
    if type(data) is not dict or "format_version" not in data or "segments" not in data:
        raise record_problem(file, "not-a-record", "not a jimcode coded record (no format_version/segments)", 1, 1)
    data = upgrade(data, file)
    if record_shape_ok(data):
        return data
    if raw is not None and fast_loads() is not None:
        data = upgrade(json.loads(raw), file)
    try:
        record = CodedRecord.model_validate(data)
    except ValidationError as exc:
        _explain(data, file, raw)  # the wording jimcode has always used, for what it covers
        raise model_problem(exc, file, raw) from None
    return record.model_dump(mode="json")


_segment_id = itemgetter("segment_id")
_index = itemgetter("index")


def record_shape_ok(data: dict[str, Any]) -> bool:
    """True only when `CodedRecord` certainly accepts `data` as it is (False: ask the model): every
    field of a kind and value the model takes as it is, and the record's own rules (`numbering_problem`)."""
    if not _record_ok([data]):
        return False
    segments = data["segments"]
    return (
        numbering_problem(list(map(_segment_id, segments)), list(map(_index, segments)), data["transcript"]["segments"])
        is None
    )


# The fast check, compiled from the models: a `Check` takes a column (the values of one field in
# every object that has it, e.g. the `codes` of all segments) and says whether all are valid. It is
# stricter than pydantic's lax mode (an integer must be an int, a float a float, a date an ISO 8601
# string), never looser; what it refuses goes to the model.

Check = Callable[[list[Any]], bool]

_DICT = frozenset({dict})
_LIST = frozenset({list})
_SCALARS: dict[Any, frozenset[type]] = {
    str: frozenset({str}),
    int: frozenset({int}),
    float: frozenset({float}),
    bool: frozenset({bool}),
    NoneType: frozenset({NoneType}),
    None: frozenset({NoneType}),
}
_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?")
_ABSENT = object()


def _compile(annotation: Any) -> Check:
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_check(annotation)
    if annotation in _SCALARS:
        return _kinds_check(_SCALARS[annotation])
    if annotation is datetime:
        return _datetimes_ok
    if origin is Literal:
        values = frozenset(get_args(annotation))
        kinds = frozenset(map(type, values))
        return lambda column: kinds.issuperset(map(type, column)) and values.issuperset(column)
    if origin is list:
        items = _compile(get_args(annotation)[0])
        return lambda column: _LIST.issuperset(map(type, column)) and items(list(chain.from_iterable(column)))
    if origin is dict and get_args(annotation)[0] is str:  # JSON object keys are always strings
        values_ok = _compile(get_args(annotation)[1])
        return lambda column: (
            _DICT.issuperset(map(type, column)) and values_ok(list(chain.from_iterable(map(dict.values, column))))
        )
    if origin in (Union, UnionType):
        return _union_check(get_args(annotation))
    raise TypeError(f"the fast record check cannot check {annotation!r}; teach jimcode.records.stream._compile")


def _kinds_check(kinds: frozenset[type]) -> Check:
    return lambda column: kinds.issuperset(map(type, column))


def _union_check(members: tuple[Any, ...]) -> Check:
    simple = frozenset(chain.from_iterable(_SCALARS[m] for m in members if m in _SCALARS))
    containers: dict[type, Check] = {}
    for member in members:
        if member in _SCALARS:
            continue
        kind = str if member is datetime else get_origin(member)  # a date is a string in JSON
        if kind not in (list, dict, str) or kind in containers or kind in simple:
            raise TypeError(f"the fast record check cannot check a union with {member!r}")
        containers[kind] = _compile(member)

    def check(column: list[Any]) -> bool:
        kinds = set(map(type, column))
        if kinds <= simple:
            return True
        for kind, kind_ok in containers.items():
            if kind in kinds:
                if not kind_ok([value for value in column if type(value) is kind]):
                    return False
                kinds.discard(kind)
        return kinds <= simple

    return check


def _model_check(model: type[BaseModel]) -> Check:
    if model.model_config.get("extra") != "forbid":
        raise TypeError(f"the fast record check needs extra='forbid' on {model.__name__}")
    names = tuple(model.model_fields)
    if len(names) < 2:
        raise TypeError(f"the fast record check needs two fields or more in {model.__name__}")
    width = len(names)
    row_of = itemgetter(*names)
    fields = [
        (itemgetter(name), name, info.is_required(), _compile(info.annotation))
        for name, info in model.model_fields.items()
    ]
    kinds = [_kinds(info.annotation) for info in model.model_fields.values()]
    deep = [
        (itemgetter(position), _compile(info.annotation))
        for position, info in enumerate(model.model_fields.values())
        if not _shallow(info.annotation)
    ]

    def check(column: list[Any]) -> bool:
        if not _DICT.issuperset(map(type, column)):
            return False
        if set(map(len, column)) == {width}:  # every key there (jimcode writes them all): the usual case
            try:
                rows = list(map(row_of, column))
            except KeyError:  # as many keys, so an unknown one
                return False
            # The JSON kinds of each row's values, as a tuple: a few distinct ones per record, checked once each.
            signatures = set(zip(*[iter(map(type, chain.from_iterable(rows)))] * width, strict=True))
            for signature in signatures:
                if not all(map(frozenset.__contains__, kinds, signature)):
                    return False
            return all(field_ok(list(map(getter, rows))) for getter, field_ok in deep)
        return _fields_ok(column, names, fields)

    return check


def _fields_ok(column: list[dict[str, Any]], names: tuple[str, ...], fields: list[Any]) -> bool:
    """Field by field, for objects that leave out keys (the model fills in their defaults)."""
    if not all(map(frozenset(names).issuperset, column)):
        return False
    for _, name, required, field_ok in fields:
        values = list(map(dict.get, column, repeat(name), repeat(_ABSENT)))
        if _ABSENT in values:
            if required:
                return False
            values = [value for value in values if value is not _ABSENT]
        if values and not field_ok(values):
            return False
    return True


def _kinds(annotation: Any) -> frozenset[type]:
    """The JSON kinds (Python types after parsing) a value of this annotation may have."""
    origin = get_origin(annotation)
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if annotation is datetime:
        return frozenset({str})
    if (isinstance(annotation, type) and issubclass(annotation, BaseModel)) or origin is dict:
        return _DICT
    if origin is list:
        return _LIST
    if origin is Literal:
        return frozenset(map(type, get_args(annotation)))
    if origin in (Union, UnionType):
        return frozenset(chain.from_iterable(map(_kinds, get_args(annotation))))
    raise TypeError(f"the fast record check cannot check {annotation!r}; teach jimcode.records.stream._compile")


def _shallow(annotation: Any) -> bool:
    """True when its kind says all: a plain scalar, or a union of them."""
    if annotation in _SCALARS:
        return True
    if get_origin(annotation) in (Union, UnionType):
        return all(map(_shallow, get_args(annotation)))
    return False


def _datetimes_ok(column: list[Any]) -> bool:
    for value in column:
        if type(value) is not str or _DATETIME.fullmatch(value) is None:
            return False
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
    return True


_record_ok = _model_check(CodedRecord)


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
