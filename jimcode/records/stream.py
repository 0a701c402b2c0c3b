"""Reading one coded record fast: parse, and check the fields a summary uses.

`summary` and `retrieve` read every record once. Full pydantic validation of a
record costs several times its `json.loads`, so here a record is parsed with
`json.loads` and only the fields the aggregation uses are checked; anything else
is left to `jimcode validate`. A file that is not a usable record raises
`InvalidFileError` with its path and the reason, and the caller decides whether to
skip it or stop.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError

if TYPE_CHECKING:
    pass

# The record format as `jimcode.records.model` defines it, repeated here so that reading thousands of
# records does not import the record models (and the transcript readers they pull in) at start-up;
# tests/test_summary_stats.py keeps the two in step.
FORMAT_VERSION = 1
CONSENSUS_CODER = "consensus"
STANCES = ("supports", "contradicts", "nuances")
VERDICTS = ("supports", "contradicts", "mixed", "not_applicable")

RECORD_STATUSES = ("complete", "in_progress")


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


def parse_json(raw: bytes) -> Any:
    """JSON from bytes. A document orjson refuses is parsed again by the standard library, which
    accepts what orjson does not (a byte order mark, NaN, integers beyond 64 bits) and words the
    error the same way whichever parser is installed; what both accept, both read the same."""
    fast = fast_loads()
    if fast is not None:
        try:
            return fast(raw)
        except ValueError:
            pass
    return json.loads(raw)


def read_record_data(path: str, display: str | None = None) -> dict[str, Any]:
    """Parse one record file and check the fields a summary relies on; return the raw dict."""
    file = display or path
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise record_problem(file, "not-found", "no such file") from None
    except OSError as exc:
        raise record_problem(file, "unreadable", exc.strerror or str(exc)) from None
    if len(raw) < 64 and not raw.strip():
        raise record_problem(file, "empty", "empty file, not a coded record")
    try:
        data = parse_json(raw)
    except UnicodeDecodeError:
        raise record_problem(file, "encoding", "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(exc.doc.rstrip())
        reason = "truncated JSON (the file ends too early)" if truncated else f"invalid JSON: {exc.msg}"
        raise record_problem(file, "bad-json", reason, exc.lineno, exc.colno) from None
    check_record_data(data, file)
    return data


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def check_record_data(data: Any, file: str) -> None:
    """Cheap structural checks of the top level of a record (segments are checked while read)."""
    try:
        transcript, codebook = data["transcript"], data["codebook"]
        if (
            data["format_version"] == FORMAT_VERSION
            and type(transcript) is dict
            and type(codebook) is dict
            and type(transcript["id"]) is str
            and type(transcript["sha256"]) is str
            and type(codebook["id"]) is str
            and type(codebook["version"]) is str
            and type(data["case"]) is str
            and type(data["coder"]) is str
            and type(data["segments"]) is list
            and data.get("status", "in_progress") in RECORD_STATUSES
            and type(data.get("attributes", _NO_OBJECT)) is dict
            and type(data.get("verdicts", _NO_LIST)) is list
            and type(data.get("interview", _NO_OBJECT)) is dict
        ):
            return
    except (KeyError, TypeError, IndexError):
        pass
    _explain_record_data(data, file)


_NO_OBJECT: dict = {}
_NO_LIST: list = []


def _explain_record_data(data: object, file: str) -> None:
    """What is wrong with the top level of a record (the slow path of `check_record_data`)."""
    if not isinstance(data, dict) or "format_version" not in data or "segments" not in data:
        raise record_problem(file, "not-a-record", "not a jimcode coded record (no format_version/segments)", 1, 1)
    if data["format_version"] != FORMAT_VERSION:
        raise record_problem(
            file,
            "format-version",
            f"record format version {data['format_version']!r} is not supported "
            f"(this jimcode reads version {FORMAT_VERSION})",
            1,
            1,
        )
    expected: list[tuple[tuple[str, ...], type | tuple[type, ...]]] = [
        (("transcript",), dict),
        (("transcript", "id"), str),
        (("transcript", "sha256"), str),
        (("codebook",), dict),
        (("codebook", "id"), str),
        (("codebook", "version"), str),
        (("case",), str),
        (("coder",), str),
        (("segments",), list),
    ]
    for keys, kind in expected:
        value: Any = data
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, kind):
            what = "an object" if kind is dict else "a list" if kind is list else "a string"
            raise record_problem(file, "bad-record", f"{'.'.join(keys)}: expected {what}, found {_kind(value)}")
    if data.get("status", "in_progress") not in RECORD_STATUSES:
        raise record_problem(
            file, "bad-record", f"status: {data.get('status')!r} is not one of {', '.join(RECORD_STATUSES)}"
        )
    for key, kind in (("attributes", dict), ("verdicts", list), ("interview", dict)):
        if not isinstance(data.get(key, kind()), kind):
            raise record_problem(file, "bad-record", f"{key}: expected {_kind(kind())}, found {_kind(data[key])}")


def journal_warning(records: list[str], examples: int = 5) -> dict[str, str]:
    listed = ", ".join(records[:examples]) + (f" and {len(records) - examples} more" if len(records) > examples else "")
    return {
        "code": "open-session",
        "message": f"{len(records)} record(s) have decisions not yet saved into them (a coding session is open "
        f"or was stopped; `jimcode code` on the transcript folds them in): {listed}",
    }


def bad_segment(file: str, position: int, message: str) -> InvalidFileError:
    return record_problem(file, "bad-record", f"segments.{position}: {message}")
