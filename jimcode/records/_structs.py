"""The record model as msgspec `Struct`s, derived from `jimcode.records.model`: the model checked in C.

msgspec parses a record's JSON and checks every field's kind, the allowed values of each `Literal`
and that no key is unknown, in one pass, in less time than a JSON parser alone takes to build
dicts (200-segment records, per 1,000: 0.15 s, against 0.21 s for orjson and 0.47 s for
`json.loads`). The structs are built from the pydantic models at first use, so the models stay the
one definition of the format; what msgspec cannot say is checked after it (`decode`): a date's
calendar (`datetime` fields are strings here) and the record's own numbering rules
(`numbering_problem`, the function the model uses).

The structs accept a subset of what the model accepts: a record in the current format version
whose values have exactly the kinds the model writes. Anything else (an older format version, a
number where a string belongs, a key left out for its default) is refused here and left to the
model, which decides and words the error (`jimcode.records.stream`).

The reports read a record as a struct (attributes named as the model's fields: `record.segments[0].codes`).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from operator import attrgetter
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin

import msgspec
from pydantic import BaseModel

from jimcode.records.model import CodedRecord, numbering_problem

__all__ = ["RecordStruct", "as_datetime", "as_dict", "convert", "decode", "from_dict", "replace_fields"]

# A record as the reports read it: a `Struct` built at run time from `CodedRecord` (so typed Any).
RecordStruct = Any

# A file without these is not a record to any reader (`checked_record`, `parse_record`), defaults or not.
_READ_ONLY_WITH = frozenset({"format_version", "segments"})

# The path of every `datetime` value in a record: attribute names, and None for "each item of a list".
DatetimePath = tuple[str | None, ...]


class _Structs:
    """The struct type of a record, its decoder and the paths of its dates, made once."""

    def __init__(self) -> None:
        self.dates: list[DatetimePath] = []
        self.record: type = _struct_of(CodedRecord, (), self.dates)
        self.decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(self.record)


@functools.cache
def _structs() -> _Structs:
    return _Structs()


def decode(raw: bytes) -> RecordStruct | None:
    """The record in `raw` as a struct when the structs accept it; None: ask the model."""
    made = _structs()
    try:
        record = made.decoder.decode(raw)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    return record if _rules_ok(record, made.dates) else None


def convert(data: dict[str, Any]) -> RecordStruct | None:
    """A parsed record (in the current format version) as a struct when the structs accept it; None: ask the model."""
    made = _structs()
    try:
        record: RecordStruct = msgspec.convert(data, made.record)
    except msgspec.ValidationError:
        return None
    return record if _rules_ok(record, made.dates) else None


def from_dict(data: dict[str, Any]) -> RecordStruct:
    """A record the model has accepted (its `model_dump(mode="json")`) as a struct."""
    return msgspec.convert(data, _structs().record)


def as_dict(record: RecordStruct) -> dict[str, Any]:
    """A record struct as the JSON-like dict the model dumps (for code that works on dicts)."""
    data: dict[str, Any] = msgspec.to_builtins(record)
    return data


def as_datetime(value: datetime | str) -> datetime:
    """A record's date and time as the model reads it: a struct holds it as the ISO 8601 text `decode`
    checked, a `CodedRecord` as a `datetime`."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def replace_fields(record: RecordStruct, **fields: Any) -> RecordStruct:
    """A copy of a record struct with some fields replaced."""
    return msgspec.structs.replace(record, **fields)


_segment_id = attrgetter("segment_id")
_index = attrgetter("index")


def _rules_ok(record: RecordStruct, dates: list[DatetimePath]) -> bool:
    """What msgspec does not check: the calendar of each date and the record's numbering."""
    top_level = []  # the dates of the record itself (most of them), checked in one call
    for path in dates:
        name = path[0]
        if len(path) == 1 and name is not None:
            top_level.append(getattr(record, name))
        elif not _dates_ok(record, path):
            return False
    if not _datetimes_ok([value for value in top_level if value is not None]):
        return False
    segments = record.segments
    ids, indexes = list(map(_segment_id, segments)), list(map(_index, segments))
    return numbering_problem(ids, indexes, record.transcript.segments) is None


def _struct_of(model: type[BaseModel], at: DatetimePath, dates: list[DatetimePath]) -> type:
    if model.model_config.get("extra") != "forbid":
        raise TypeError(f"the record structs need extra='forbid' on {model.__name__}")
    fields: list[tuple[Any, ...]] = []
    for name, info in model.model_fields.items():
        kind = _kind_of(info.annotation, (*at, name), dates)
        if info.is_required() or (model is CodedRecord and name in _READ_ONLY_WITH):
            fields.append((name, kind))
        elif info.default_factory is not None:
            factory = info.default_factory
            if isinstance(factory, type) and issubclass(factory, BaseModel):
                factory = kind  # an object left out: its struct, with its own defaults
            fields.append((name, kind, msgspec.field(default_factory=factory)))  # type: ignore[arg-type]
        else:
            fields.append((name, kind, info.default))
    return msgspec.defstruct(model.__name__, fields, forbid_unknown_fields=True, kw_only=True)


def _kind_of(annotation: Any, at: DatetimePath, dates: list[DatetimePath]) -> Any:
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _struct_of(annotation, at, dates)
    if annotation is datetime:
        dates.append(at)
        return str  # msgspec's RFC 3339 and pydantic's ISO 8601 differ at the edges: checked as below
    if annotation in (str, int, float, bool, NoneType, None) or origin is Literal:
        return annotation
    if origin is list:
        return list[_kind_of(get_args(annotation)[0], (*at, None), dates)]  # type: ignore[misc]
    if origin is dict and get_args(annotation)[0] is str:  # JSON object keys are always strings
        return dict[str, _kind_of(get_args(annotation)[1], (*at, None), dates)]  # type: ignore[misc]
    if origin in (Union, UnionType):
        members = tuple(_kind_of(member, at, dates) for member in get_args(annotation))
        return Union[members]  # noqa: UP007  # a union built at run time
    raise TypeError(f"the record structs cannot express {annotation!r}; teach jimcode.records._structs._kind_of")


# What pydantic reads as a datetime, narrowed to the forms jimcode writes (and checked by the calendar below).
_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?")


def _datetimes_ok(column: list[Any]) -> bool:
    """Every value is an ISO 8601 date and time the model reads as it is."""
    for value in column:
        if type(value) is not str or _DATETIME.fullmatch(value) is None:
            return False
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
    return True


def _dates_ok(value: Any, path: DatetimePath) -> bool:
    """Every string at `path` is a date the model reads; None where the field allows it."""
    for at, key in enumerate(path):
        if key is None:
            items = value.values() if type(value) is dict else value
            return all(_dates_ok(item, path[at + 1 :]) for item in items)
        value = getattr(value, key)
    return value is None or _datetimes_ok([value])
