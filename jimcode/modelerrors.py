"""Turn pydantic validation errors into plain-words diagnostics at `file:line:column`."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from jimcode.diagnostics import Diagnostic
from jimcode.i18n import DEFAULT_LANGUAGE, words
from jimcode.yamlsrc import YamlDocument

Loc = Sequence[str | int]


def format_path(loc: Loc) -> str:
    """`('questions', 0, 'codes', 3)` -> `questions[0].codes[3]`."""
    text = ""
    for element in loc:
        if isinstance(element, int):
            text += f"[{element}]"
        else:
            text += f".{element}" if text else element
    return text


def did_you_mean(word: str, choices: Sequence[str], language: str = DEFAULT_LANGUAGE) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return words(language)("did_you_mean", name=close[0]) if close else ""


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "..."
        return f"the text '{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows (Optional, Annotated and unions opened)."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        found = []
        for arg in get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def _step(current: list[Any], element: str | int) -> list[Any]:
    following: list[Any] = []
    for candidate in current:
        origin = get_origin(candidate)
        if isinstance(element, int) and origin in (list, tuple):
            following.extend(_unwrap(get_args(candidate)[0]))
        elif isinstance(element, str) and origin is dict:
            following.extend(_unwrap(get_args(candidate)[1]))
        elif isinstance(candidate, type) and issubclass(candidate, BaseModel):
            fields = candidate.model_fields
            if element in fields:
                following.extend(_unwrap(fields[element].annotation))
            elif "type" in fields and element in get_args(fields["type"].annotation):
                following.append(candidate)  # a discriminated-union tag in the loc
    return following


def allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names valid at `loc` (the parent of an unknown key)."""
    current: list[Any] = [model]
    for element in loc:
        current = _step(current, element) or current
    keys: list[str] = []
    for candidate in current:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            keys.extend(k for k in candidate.model_fields if k not in keys)
    return keys


def describe(error: Any, model: type[BaseModel]) -> tuple[str, str, bool]:
    """(code, plain message, points at the key?) for one pydantic error."""
    kind = error["type"]
    loc = [e for e in error["loc"]]
    field = next((e for e in reversed(loc) if isinstance(e, str)), "value")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "missing-key", f"missing required key '{field}'", False
    if kind == "extra_forbidden":
        hint = did_you_mean(field, allowed_keys(model, loc[:-1]))
        return "unknown-key", f"unknown key '{field}'{hint}", True
    if kind in ("string_type", "str_type"):
        quote = " (put it in quotes)" if isinstance(value, int | float | bool) else ""
        return "wrong-type", f"'{field}' should be text, got {_kind(value)}{quote}", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "wrong-type", f"'{field}' should be a whole number, got {_kind(value)}", False
    if kind in ("float_type", "float_parsing"):
        return "wrong-type", f"'{field}' should be a number, got {_kind(value)}", False
    if kind in ("bool_type", "bool_parsing"):
        return "wrong-type", f"'{field}' should be true or false, got {_kind(value)}", False
    if kind in ("list_type", "tuple_type"):
        return "wrong-type", f"'{field}' should be a list (lines starting with '- '), got {_kind(value)}", False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "wrong-type", f"'{field}' should be a mapping of 'key: value' lines, got {_kind(value)}", False
    if kind == "union_tag_invalid":
        expected = ctx.get("expected_tags", "")
        return "unknown-type", f"unknown type '{ctx.get('tag')}'; use one of {expected}", False
    if kind == "union_tag_not_found":
        return "missing-key", "missing required key 'type'", False
    if kind == "literal_error":
        return "bad-value", f"'{field}' is {_kind(value)}; use one of {ctx.get('expected')}", False
    if kind == "string_too_short":
        return "empty-value", f"'{field}' must not be empty", False
    if kind == "string_too_long":
        return "bad-value", f"'{field}' is longer than {ctx.get('max_length')} characters", False
    if kind == "too_short":
        return "empty-list", f"'{field}' needs at least {ctx.get('min_length')} item(s)", False
    if kind == "string_pattern_mismatch":
        return "bad-id", f"'{field}' {_pattern_hint(field, value)}", False
    message = str(error.get("msg", kind)).removeprefix("Value error, ")
    return "invalid", f"'{field}': {message}", False


def _pattern_hint(field: str, value: Any) -> str:
    if field == "shortcut":
        return f"'{value}' must be 1 to 3 lowercase letters"
    if field == "language":
        return f"'{value}' must be a language tag such as 'nl' or 'en-GB'"
    return f"'{value}' must start with a letter and hold only letters, digits, '-', '_' or '.'"


def diagnostics_from(
    exc: ValidationError, document: YamlDocument, model: type[BaseModel], *, prefix: Loc = ()
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located in `document` (under `prefix`)."""
    found = []
    for error in exc.errors(include_url=False):
        code, message, at_key = describe(error, model)
        loc = [*prefix, *error["loc"]]
        _, matched = document.locate(loc, key=at_key)
        path = format_path(matched[len(prefix) :])
        text = f"{path}: {message}" if path else message
        found.append(document.diagnostic(loc, code, text, key=at_key))
    return sorted(set(found))
