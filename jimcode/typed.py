"""Numbers as a person types them into jimcode: a code, segment, option or disagreement number, a
number of days. One reading for all of them, so that no input ends in an internal error."""

from __future__ import annotations

import re

_WHOLE = re.compile(r"[0-9]{1,18}")
_SIGNED = re.compile(r"[+-]?[0-9]{1,18}")


def whole_number(text: str, *, signed: bool = False) -> int | None:
    """`text` as a whole number when it is one in ASCII digits (a sign first when `signed`), at most 18 of
    them; else None. `str.isdigit` alone takes `²` and 5,000 digits, both of which `int` refuses."""
    return int(text) if (_SIGNED if signed else _WHOLE).fullmatch(text) else None
