"""The record format's version, and how a record of every earlier version is read.

`FORMAT_VERSION` is the version jimcode writes. Every path that reads a record (the model's
`load_record`/`parse_record`, the summary's `read_record_data`, and so the store's open) passes
the parsed JSON through `upgrade` first: a record of an earlier version is brought up to this one
step by step (and is written in this version the next time it is saved); a version this jimcode
does not know, such as one written by a newer jimcode, is refused with a `format-version` error.

How to change the record format
-------------------------------
A change that a reader of the old format would misread (a field added, renamed, removed or given
another meaning) bumps the version, in one commit:

1. Change the models in `jimcode/records/model.py` (the only definition of the format; the
   reports' fast reader, `records/_structs.py`, is derived from them).
2. Raise `FORMAT_VERSION` here by one, and change `CodedRecord.format_version` to
   `Literal[<new version>]`.
3. Add `UPGRADES[<old version>] = upgrade_<old>_to_<new>`: a function that takes a record of the
   old version as parsed JSON (a dict) and returns it in the new version (fill a new field with the
   value that means what the old format meant; never drop information silently). Add it to this
   module, below, with a test that reads a record of the old version.
4. Run `jimcode schema record` and update the published schema; note the change in CHANGELOG.md.

tests/test_record_format.py checks that every version below `FORMAT_VERSION` has an upgrade.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError

FORMAT_VERSION: Final = 3

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


def upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 names the segmentation rules a transcript was split by (`transcript.segmentation`;
    it may also keep a time window and header lines) and notes each codebook migration
    (`migrations`). A version 1 record was split by the first rules and never migrated."""
    transcript = data.get("transcript")
    if isinstance(transcript, dict):
        data["transcript"] = {**transcript, "segmentation": 1}
    return {**data, "migrations": data.get("migrations", [])}


def upgrade_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 keeps whether a code with a polarity was found present or absent (`polarity` on each
    segment: code id -> present/absent) and the sentences a coder marked as a segment's quote
    (`quote_sentences`). A version 2 record gave neither: every segment gets `{}` and `[]`, and validate
    warns about the codes whose polarity the codebook now asks for."""
    segments = data.get("segments")
    if isinstance(segments, list):
        data["segments"] = [
            {
                **segment,
                "polarity": segment.get("polarity", {}),
                "quote_sentences": segment.get("quote_sentences", []),
            }
            if isinstance(segment, dict)
            else segment
            for segment in segments
        ]
    return data


# `UPGRADES[n]` turns a record of version n into one of version n + 1. Version 1 is the first.
UPGRADES: dict[int, Upgrade] = {1: upgrade_1_to_2, 2: upgrade_2_to_3}


def unsupported_version(version: object, file: str) -> InvalidFileError:
    return InvalidFileError(
        [
            Diagnostic(
                file,
                1,
                1,
                "format-version",
                f"record format version {version!r} is not supported (this jimcode reads version {FORMAT_VERSION})",
            )
        ]
    )


def upgrade(data: dict[str, Any], file: str) -> dict[str, Any]:
    """A parsed record (with a `format_version` key) in the current version; raises `format-version`."""
    version = data["format_version"]
    if version == FORMAT_VERSION and type(version) is int:
        return data
    if type(version) is not int or not 1 <= version < FORMAT_VERSION or version not in UPGRADES:
        raise unsupported_version(version, file)
    while version < FORMAT_VERSION:
        data = UPGRADES[version](data)
        version += 1
        data["format_version"] = version
    return data
