"""Plain-words explanations of YAML syntax errors, placed on the line that caused them.

PyYAML reports where its parser gave up, which can be hundreds of lines after the typo (an
unclosed quote swallows everything up to the next quote). On a syntax error we look at the
tokens PyYAML's own scanner read before it gave up, and at the text, to find the cause: a
quoted value that runs over later `key:` lines, a line indented out of step with the keys
above it, a line with no colon where a key is expected. When no rule applies, PyYAML's
position is kept and its problem reworded. Only called on the error path, so speed is not
a concern here; the pure-Python scanner is used because only it yields tokens one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.tokens import (
    BlockEndToken,
    BlockMappingStartToken,
    BlockSequenceStartToken,
    FlowMappingEndToken,
    FlowSequenceEndToken,
    KeyToken,
    ScalarToken,
    Token,
)

from jimcode.diagnostics import Diagnostic


@dataclass(frozen=True)
class Hint:
    """Where a syntax error's cause is (1-based) and what to do about it."""

    line: int
    column: int
    message: str


# PyYAML counts these as line breaks in its marks; split the same way so line numbers agree.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_KEY_LINE = re.compile(r"( *)(?:- +)?([A-Za-z_][\w.-]*):(?: |$)")
_STRUCTURE_LINE = re.compile(r"( *)(?:- |-$|[A-Za-z_][\w.-]*:(?: |$))")
_KEY_START = re.compile(r" *(?:- +)*")
_NO_SPACE = re.compile(r"(?:- +)?([A-Za-z_][\w.-]*):(\S.*)")
_WORD_THEN_TEXT = re.compile(r"(?:- +)?([A-Za-z_][\w.-]*)(?:\s+(.*))?")

_LIST_ITEM_HERE = "a list item ('- ') cannot start here; put it on a line of its own, indented under its key"
# What PyYAML names when a line starts where its indentation does not allow.
_STRUCTURE_TOKENS = ("'?'", "'<block mapping start>'", "'<block sequence start>'", "'<scalar>'")
_REWORDED = {
    "mapping values are not allowed here": "a ': ' here is not allowed; "
    "if it belongs to the text, put the whole value in quotes",
    "could not find expected ':'": "expected a 'key: value' line, but there is no colon",
    "block sequence entries are not allowed here": _LIST_ITEM_HERE,
    "sequence entries are not allowed here": _LIST_ITEM_HERE,
    "found unexpected end of stream": "the file ends in the middle of a value",
}


def explain(text: str, error: yaml.MarkedYAMLError, file: str) -> Diagnostic:
    """The best explanation of `error` in `text`: a rule's, or PyYAML's reworded."""
    hint = _Explainer(text, error).explain()
    return Diagnostic(file, hint.line, hint.column, "yaml-syntax", hint.message)


class _Explainer:
    def __init__(self, text: str, error: yaml.MarkedYAMLError) -> None:
        self.lines = _LINE_BREAK.split(text)
        self.error = error
        self.problem = str(error.problem or "")
        self.context = str(error.context or "")
        mark = error.problem_mark or error.context_mark
        self.mark_line = mark.line if mark else 0  # 0-based, like PyYAML's marks
        self.mark_column = mark.column if mark else 0
        self.tokens = _tokens_before(text, mark.index if mark else len(text))

    def explain(self) -> Hint:
        for rule in (
            self.unclosed_quote,
            self.unclosed_bracket,
            self.text_after_quote,
            self.missing_colon,
            self.colon_in_value_or_indent,
            self.stray_dash,
            self.unaligned_line,
        ):
            hint = rule()
            if hint is not None:
                return hint
        return self.reworded()

    # --- rules ---------------------------------------------------------------------------

    def unclosed_quote(self) -> Hint | None:
        mark = self.error.context_mark
        ran_off = "end of stream" in self.problem or "document separator" in self.problem
        if self.context == "while scanning a quoted scalar" and mark is not None and ran_off:
            return self.quote_hint(mark.line, mark.column)
        # A quoted value that runs on over a later `key:` or `- ` line at its own depth was
        # never closed; its closing quote is some other value's opening one.
        for token in self.tokens:
            if not (isinstance(token, ScalarToken) and token.style in ('"', "'")):
                continue
            start, end = token.start_mark.line, token.end_mark.line
            depth = _key_column(self.line(start))
            for number in range(start + 1, min(end, len(self.lines) - 1) + 1):
                found = _STRUCTURE_LINE.match(self.line(number))
                if found and len(found.group(1)) <= depth:
                    return self.quote_hint(start, token.start_mark.column)
        return None

    def quote_hint(self, line: int, column: int) -> Hint:
        quote = "'" if self.line(line)[column : column + 1] == "'" else '"'
        message = f"the value starts with a quote ({quote}) that is never closed; add {quote} at its end"
        if quote == "'":
            message += ", or, if the ' belongs to the text (as in 't), put the whole value in double quotes"
        else:
            message += ", or remove the opening one"
        return Hint(line + 1, column + 1, message)

    def unclosed_bracket(self) -> Hint | None:
        mark = self.error.context_mark
        if mark is None or self.error.problem_mark is None or self.error.problem_mark.line == mark.line:
            return None
        if self.context == "while parsing a flow sequence":
            return Hint(mark.line + 1, mark.column + 1, "the list opened with '[' here is never closed with ']'")
        if self.context == "while parsing a flow mapping":
            return Hint(mark.line + 1, mark.column + 1, "the '{' here is never closed with '}'")
        return None

    def text_after_quote(self) -> Hint | None:
        if not self.problem.endswith("but found '<scalar>'") or not self.tokens:
            return None
        last = self.tokens[-1]
        if last.end_mark.line != self.mark_line:
            return None
        if isinstance(last, ScalarToken) and last.style in ('"', "'"):
            message = "text follows the closing quote; put the whole value in quotes, or none of it"
        elif isinstance(last, FlowSequenceEndToken | FlowMappingEndToken):
            closing = "]" if isinstance(last, FlowSequenceEndToken) else "}"
            message = f"text follows the closing '{closing}'; put the whole value in quotes"
        else:
            return None
        return Hint(self.mark_line + 1, self.mark_column + 1, message)

    def missing_colon(self) -> Hint | None:
        mark = self.error.context_mark
        if self.problem != "could not find expected ':'" or mark is None:
            return None
        line = self.line(mark.line)
        where = Hint(mark.line + 1, _indent(line) + 1, "")
        stripped = line.strip()
        no_space = _NO_SPACE.fullmatch(stripped)
        if no_space:
            key, value = no_space.groups()
            return _with(where, f"a space is missing after the colon; write '{key}: {value}'")
        message = "expected a 'key: value' line, but this line has no colon"
        word = _WORD_THEN_TEXT.fullmatch(stripped)
        if word and word.group(1) in self.keys_seen():
            key, value = word.groups()
            suggestion = f"{key}: {value}" if value else f"{key}:"
            return _with(where, f"{message}; did you mean '{suggestion}'?")
        return _with(where, f"{message} (text that continues a value must be indented deeper than its key)")

    def colon_in_value_or_indent(self) -> Hint | None:
        if self.problem != "mapping values are not allowed here":
            return None
        key = self.last_key()
        line = self.line(self.mark_line)
        if key is None:
            return None
        key_line, key_column = key.start_mark.line, key.start_mark.column
        indent = _indent(line)
        key_like = _KEY_LINE.match(line)
        starts_with_key = key_like is not None and line.index(":", indent) == self.mark_column
        if key_line < self.mark_line and indent > key_column and starts_with_key:
            before = self.last_key(before_line=key_line)
            if before is not None and key_line == self.mark_line - 1 and before.start_mark.column == indent:
                # The key line above is the odd one out: shallower than the lines on both sides.
                return Hint(
                    key_line + 1,
                    _indent(self.line(key_line)) + 1,
                    f"this line is indented {_spaces([key_column])}, "
                    f"less than the lines around it ({_spaces([indent])})",
                )
            return Hint(
                self.mark_line + 1,
                indent + 1,
                f"this line is indented {_spaces([indent])}, deeper than the key above it ({_spaces([key_column])})",
            )
        name = self.key_name(key)
        return Hint(
            self.mark_line + 1,
            self.mark_column + 1,
            f"the value of '{name}' contains ': ', which YAML reads as a new key; put the whole value in quotes",
        )

    def stray_dash(self) -> Hint | None:
        if not self.problem.endswith("but found '-'"):
            return None
        message = "a list item ('- ') among 'key: value' lines; remove the '- '"
        lists = sorted({c for kind, c in self.open_blocks() if kind == "seq" and c < self.mark_column}, reverse=True)
        if lists:
            message += f", or line the dash up with the list items above it ({_spaces(lists[:1])})"
        return Hint(self.mark_line + 1, self.mark_column + 1, message)

    def unaligned_line(self) -> Hint | None:
        found = self.problem.rpartition("but found ")[2]
        if not self.problem.startswith("expected <block end>") or found not in _STRUCTURE_TOKENS:
            return None
        line = self.line(self.mark_line)
        indent = _indent(line)
        is_item = line.lstrip().startswith("-")
        kind, what = ("seq", "list items") if is_item else ("map", "keys")
        levels = sorted({c for k, c in self.open_blocks() if k == kind}, reverse=True)
        if not levels or indent in levels:
            return None
        noun = "list item" if is_item else "line"
        return Hint(
            self.mark_line + 1,
            indent + 1,
            f"this {noun} is indented {_spaces([indent])}, which lines up with none of the {what} above it "
            f"({_spaces(levels)})",
        )

    def reworded(self) -> Hint:
        problem = _REWORDED.get(self.problem, self.problem or self.context or "invalid YAML")
        if "expected a single document" in self.context:
            problem = "the file holds more than one YAML document (a second '---'?)"
        elif self.problem.startswith("expected <block end>"):
            found = self.problem.rpartition("but found ")[2]
            if found in _STRUCTURE_TOKENS:
                problem = "this line does not fit the indentation of the lines above it"
            else:
                problem = f"unexpected {found} here; if it belongs to the text, put the whole value in quotes"
        elif self.problem.startswith("expected the node content, but found "):
            found = self.problem.rpartition("but found ")[2]
            problem = f"a value cannot start with {found}; put the whole value in quotes"
        elif self.context == "while scanning a block scalar":
            problem = "after '|' or '>' the text starts on the next line, indented under its key"
        elif self.context.startswith("found duplicate anchor"):
            name = self.context.split("'")[1] if self.context.count("'") >= 2 else ""
            problem = f"the anchor &{name} is defined twice; give each anchor its own name"
        elif self.problem.startswith("found undefined alias"):
            problem = "'*' refers to an anchor ('&') that is not defined above; put a value starting with '*' in quotes"
        elif self.problem.startswith("found unknown escape character"):
            problem = "unknown escape (\\) inside double quotes; write \\\\ for a backslash, or use single quotes"
        elif self.problem.startswith("found character") and "cannot start any token" in self.problem:
            problem = "a value cannot start with this character; put the whole value in quotes"
        mark = self.error.problem_mark or self.error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return Hint(line, column, problem if problem != self.problem else f"YAML syntax: {problem}")

    # --- helpers -------------------------------------------------------------------------

    def line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def last_key(self, before_line: int | None = None) -> KeyToken | None:
        for token in reversed(self.tokens):
            if isinstance(token, KeyToken) and (before_line is None or token.start_mark.line < before_line):
                return token
        return None

    def key_name(self, key: KeyToken) -> str:
        index = self.tokens.index(key)
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        return str(following.value) if isinstance(following, ScalarToken) else "this key"

    def keys_seen(self) -> set[str]:
        return {
            str(after.value)
            for token, after in zip(self.tokens, self.tokens[1:], strict=False)
            if isinstance(token, KeyToken) and isinstance(after, ScalarToken)
        }

    def open_blocks(self) -> list[tuple[str, int]]:
        """The block mappings and lists still open on the lines before the error's line."""
        stack: list[tuple[str, int]] = []
        for token in self.tokens:
            if token.start_mark.line >= self.mark_line:
                break
            if isinstance(token, BlockMappingStartToken):
                stack.append(("map", token.start_mark.column))
            elif isinstance(token, BlockSequenceStartToken):
                stack.append(("seq", token.start_mark.column))
            elif isinstance(token, BlockEndToken) and stack:
                stack.pop()
        return stack


def _tokens_before(text: str, index: int) -> list[Token]:
    """The tokens PyYAML's scanner reads before `index`, or before it fails."""
    tokens: list[Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass  # the scanner's own error: the tokens before it are what we need
    return tokens


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where a line's key starts: after its indentation and any list dashes."""
    found = _KEY_START.match(line)
    return found.end() if found else 0


def _with(hint: Hint, message: str) -> Hint:
    return Hint(hint.line, hint.column, message)


def _spaces(levels: list[int]) -> str:
    words = [str(level) for level in levels]
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return f"{joined} space" if levels == [1] else f"{joined} spaces"
