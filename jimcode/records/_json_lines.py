"""Where things are in a JSON text: the line of a value by its path, and the first duplicate key.

Used only when a record is refused, to say file:line; a parser gives no positions for values it
accepted, so the text is walked again token by token (a few milliseconds for a large record).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

# A string (escapes included), a structural character, or a bare scalar (number, true, false, null).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)


class _Frame:
    __slots__ = ("at", "is_object", "key_lines", "position", "waiting_for_key")

    def __init__(self, is_object: bool) -> None:
        self.is_object = is_object
        self.position = 0
        self.at: str | int | None = None if is_object else 0
        self.waiting_for_key = is_object
        self.key_lines: dict[str, int] = {}


def _walk(text: str) -> Iterator[tuple[tuple[str | int, ...], int, str | None, int | None]]:
    """(path of a value, its line, its key when a duplicate of one before, line of that first key)."""
    stack: list[_Frame] = []
    line = 1
    last = 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        line += text.count("\n", last, start)
        last = start
        token = match.group()
        top = stack[-1] if stack else None
        if token in ",":
            if top is not None:
                if top.is_object:
                    top.waiting_for_key = True
                else:
                    top.position += 1
                    top.at = top.position
            continue
        if token == ":":
            continue
        if token in "}]":
            stack.pop()
            continue
        if top is not None and top.is_object and top.waiting_for_key:
            key = _unquote(token)
            first = top.key_lines.get(key)
            top.key_lines.setdefault(key, line)
            top.at = key
            top.waiting_for_key = False
            yield _path(stack), line, (key if first is not None else None), first
            continue
        if top is not None and not top.is_object:
            yield _path(stack), line, None, None
        if token in "{[":
            stack.append(_Frame(token == "{"))


def _path(stack: list[_Frame]) -> tuple[str | int, ...]:
    return tuple(frame.at for frame in stack if frame.at is not None)


def _unquote(token: str) -> str:
    import json

    try:
        value = json.loads(token)
    except ValueError:
        return token
    return value if isinstance(value, str) else token


def line_of(text: str, path: Sequence[str | int]) -> int:
    """The line of the value at `path` (keys and list positions), or of its nearest ancestor found;
    0 when not even the first step is found."""
    wanted = tuple(path)
    best = 0
    for found, line, _, _ in _walk(text):
        if found == wanted:
            return line
        if len(found) < len(wanted) and wanted[: len(found)] == found:
            best = line
    return best


def first_duplicate_key(text: str) -> tuple[str, int, int] | None:
    """(key, its line, the line of the first one) for the first key repeated in one object, else None."""
    for _, line, key, first in _walk(text):
        if key is not None and first is not None:
            return key, line, first
    return None
