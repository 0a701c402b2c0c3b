"""Safe YAML loading that remembers where every key and value came from.

The document is composed once into YAML nodes (which carry line/column marks)
and then walked once by our own constructor. That single walk:

- types plain scalars by the YAML 1.2 core schema, so `no`, `on` and
  `2024-01-05` stay strings (the "Norway problem" of YAML 1.1);
- refuses Python tags and other unknown tags without ever executing them;
- reports duplicate keys (PyYAML silently keeps the last one);
- caps the number of nodes visited and the text they expand to (an alias repeats
  its anchor's text), so an alias bomb ("billion laughs", or one large scalar
  aliased thousands of times) is refused in milliseconds instead of eating all memory;
- refuses nesting too deep to compose and numbers too long to convert, with a position;
- records `{path: Position}` for keys and values, so a pydantic error `loc`
  can be mapped back to `file:line:column`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from jimcode._yaml_hints import explain as explain_syntax_error
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.fileio import read_regular

MAX_NODES = 50_000  # a large codebook has a few thousand values
MAX_DEPTH = 64
MAX_BYTES = 10 * 1024 * 1024  # the file, and the text its values expand to with every alias repeated
MAX_DIGITS = 1000  # a whole number longer than this is no codebook value (Python refuses beyond 4,300)

PathKey = tuple[str | int, ...]

_PLAIN = "tag:jimcode:plain"  # implicit plain scalar: typed by us, not by PyYAML
_YAML = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class YamlDocument:
    """A loaded YAML document: plain Python data plus where each part came from."""

    file: str
    data: Any
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def locate(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[Position, PathKey]:
        """The position of the deepest part of `loc` that exists in the document.

        Elements of `loc` that are not in the document (pydantic's union tags,
        a missing field) are skipped, so a missing key points at its parent.
        With `key=True` the position of the key itself is preferred.
        """
        path: PathKey = ()
        for element in loc:
            candidate = (*path, element)
            if candidate in self.values:
                path = candidate
        if key and path in self.keys:
            return self.keys[path], path
        return self.values.get(path, Position(1, 1)), path

    def diagnostic(self, loc: Sequence[str | int], code: str, message: str, *, key: bool = False) -> Diagnostic:
        position, _ = self.locate(loc, key=key)
        return Diagnostic(self.file, position.line, position.column, code, message)


def _plain_scalars_untyped(loader: Any, kind: type[Node], value: Any, implicit: Any) -> str:
    """Resolver override: leave implicit plain scalars for `_core_scalar` to type."""
    if kind is ScalarNode and implicit[0]:
        return _PLAIN
    return yaml.resolver.BaseResolver.resolve(loader, kind, value, implicit)


class _Loader(yaml.SafeLoader):
    """The pure-Python loader: slower, with PyYAML's full error wording."""

    resolve = _plain_scalars_untyped


# libyaml composes a codebook about 20 times faster; where it is missing, the Python loader does.
_CLoader: type | None = None
if hasattr(yaml, "CSafeLoader"):

    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        resolve = _plain_scalars_untyped


class _Abort(Exception):
    """Stops the walk; the diagnostic has been recorded."""


class _Walker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.budget = MAX_NODES
        self.text_budget = MAX_BYTES
        self.diagnostics: list[Diagnostic] = []
        self.values: dict[PathKey, Position] = {}
        self.keys: dict[PathKey, Position] = {}

    def error(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.diagnostics.append(Diagnostic(self.file, mark.line + 1, mark.column + 1, code, message))

    def walk(self, node: Node, path: PathKey, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            self.error(
                node,
                "too-large",
                f"the document expands to more than {MAX_NODES:,} values (an alias bomb?); refusing to load it",
            )
            raise _Abort
        if depth > MAX_DEPTH:
            self.error(node, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
            raise _Abort
        self.values.setdefault(path, _position(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _YAML + "seq":
                self.bad_tag(node)
                return None
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        self.error(node, "yaml-syntax", "unsupported YAML node")  # pragma: no cover
        return None

    def mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any] | None:
        if node.tag != _YAML + "map":
            self.bad_tag(node)
            return None
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, "bad-key", "a key must be a plain word, not a list or mapping")
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, "merge-key", "merge keys (<<) are not supported; write the keys out")
                continue
            if key in first_seen:
                self.error(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first at line {first_seen[key]}); "
                    "YAML would silently keep only the last one",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            child = (*path, key)
            self.keys[child] = _position(key_node)
            result[key] = self.walk(value_node, child, depth + 1)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        self.text_budget -= len(value)
        if self.text_budget < 0:
            self.error(
                node,
                "too-large",
                f"the document's values expand to more than {MAX_BYTES:,} characters "
                "(an alias repeats its anchor's text: an alias bomb?); refusing to load it",
            )
            raise _Abort
        if (
            len(value) > MAX_DIGITS
            and tag in (_PLAIN, _YAML + "int", _YAML + "float")
            and (_INT.fullmatch(value) or _FLOAT.fullmatch(value))
        ):
            self.error(node, "bad-value", f"a number of {len(value):,} characters is too long (at most {MAX_DIGITS:,})")
            return None
        if tag == _PLAIN:
            return _core_scalar(value)
        if tag == _YAML + "str":
            return value
        if tag in (_YAML + "int", _YAML + "float", _YAML + "bool", _YAML + "null"):
            typed = _core_scalar(value)
            expected: dict[str, type | tuple[type, ...]] = {
                "int": int,
                "float": (int, float),
                "bool": bool,
                "null": type(None),
            }
            if isinstance(typed, expected[tag.removeprefix(_YAML)]) and not (
                tag.endswith("int") and isinstance(typed, bool)
            ):
                return typed
            self.error(node, "bad-value", f"'{value}' is not a valid {tag.removeprefix(_YAML)}")
            return None
        self.bad_tag(node)
        return None

    def bad_tag(self, node: Node) -> None:
        tag = node.tag.replace(_YAML, "!!")
        if "python/" in tag:
            self.error(
                node,
                "python-tag",
                f"Python tag {tag} is not allowed: a codebook is data, not code "
                "(the tag was refused, nothing was executed)",
            )
        else:
            self.error(node, "unsupported-tag", f"YAML tag {tag} is not supported here")


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _core_scalar(value: str) -> Any:
    """Type a plain scalar by the YAML 1.2 core schema."""
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _INF.fullmatch(value):
        return float("-inf") if value.startswith("-") else float("inf")
    if _NAN.fullmatch(value):
        return float("nan")
    return value


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode_utf8(raw: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM); refuse anything else with a position."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidFileError([Diagnostic(file, 1, 1, "encoding", "the file is UTF-16; save it as UTF-8")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_col(raw, exc.start)
        byte = raw[exc.start]
        raise InvalidFileError(
            [
                Diagnostic(
                    file,
                    line,
                    column,
                    "encoding",
                    f"not valid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8",
                )
            ]
        ) from None


def _tab_indents(text: str, file: str) -> list[Diagnostic]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            found.append(
                Diagnostic(
                    file,
                    number,
                    indent.index("\t") + 1,
                    "tab-indent",
                    "tab character in the indentation; YAML indents with spaces only",
                )
            )
    return found


def _compose(text: str, file: str) -> Node | None:
    if _CLoader is not None:
        try:
            return _CLoader(text).get_single_node()
        except yaml.YAMLError as exc:
            # PyYAML composes recursively: nesting libyaml refused (it stops at 1,000 levels) would take
            # seconds to end in a RecursionError, so it is located with the parser, which does not recurse.
            if "nesting depth" in str(getattr(exc, "problem", "")) and (deep := _too_deep(text, file)):
                raise deep from None
            # otherwise compose again below, for the Python loader's position and wording
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except RecursionError:
        too_deep = InvalidFileError([Diagnostic(file, 0, 0, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")])
        raise _too_deep(text, file) or too_deep from None
    finally:
        loader.dispose()


def _too_deep(text: str, file: str) -> InvalidFileError | None:
    """Where nesting first goes deeper than MAX_DEPTH, found by the parser's events (it does not recurse)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                mark = event.start_mark
                if depth > MAX_DEPTH + 1 and mark is not None:  # the walker counts the top collection as 0
                    message = f"nesting deeper than {MAX_DEPTH} levels"
                    return InvalidFileError([Diagnostic(file, mark.line + 1, mark.column + 1, "too-deep", message)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error before any deep nesting: the composer words it
    return None


def load_yaml_text(text: str, file: str) -> YamlDocument:
    """Compose and walk YAML text; raise `InvalidFileError` with every problem found."""
    if not text.strip():
        raise InvalidFileError([Diagnostic(file, 1, 1, "empty-file", "the file is empty")])
    tabs = _tab_indents(text, file)
    if tabs:
        raise InvalidFileError(tabs)
    try:
        node = _compose(text, file)
    except yaml.MarkedYAMLError as exc:
        # PyYAML's mark is where it gave up, often far from the typo: explain the cause instead.
        raise InvalidFileError([explain_syntax_error(text, exc, file)]) from None
    except yaml.YAMLError as exc:  # ReaderError: control characters and the like
        position = getattr(exc, "position", None)
        line, column = (0, 0)
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        character = getattr(exc, "character", None)
        if isinstance(character, int):
            reason = f"control character U+{character:04X} is not allowed in YAML"
        else:
            reason = " ".join(str(exc).split())
        raise InvalidFileError([Diagnostic(file, line, column, "bad-character", reason)]) from None
    if node is None:
        raise InvalidFileError([Diagnostic(file, 1, 1, "empty-file", "the file holds only comments, no content")])
    walker = _Walker(file)
    try:
        data = walker.walk(node, (), 0)
    except _Abort:
        data = None
    if walker.diagnostics:
        raise InvalidFileError(walker.diagnostics)
    return YamlDocument(file, data, walker.values, walker.keys)


def load_yaml_file(path: Path, display: str | None = None) -> YamlDocument:
    """Read a UTF-8 YAML file and load it with positions (see `load_yaml_text`)."""
    file = display or str(path)
    try:
        raw = read_regular(path, MAX_BYTES, file)
    except OSError as exc:
        raise InvalidFileError([Diagnostic(file, 0, 0, "unreadable", exc.strerror or str(exc))]) from None
    return load_yaml_text(decode_utf8(raw, file), file)
