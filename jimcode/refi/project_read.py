"""Reading the parts of a REFI-QDA project that coded records are made from: users, variables, cases,
notes and text sources with their selections, tolerantly (warnings, not errors, for odd content)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from jimcode.refi.codebook_in import ImportedCodebook
from jimcode.refi.container import RefiPackage
from jimcode.refi.qdaxml import child, child_text, children, local_name, normalise_guid, split_marker

_FOREIGN_TYPES = {"Text": "text", "Boolean": "boolean", "Integer": "integer", "Float": "number"}


@dataclass
class VariableInfo:
    role: str  # attribute | interview | verdict | verdict-note
    key: str  # attribute id, interview field, or hypothesis id
    value_type: str  # jimcode attribute type for attributes, else "text"


@dataclass
class NoteInfo:
    text: str
    marker: dict[str, str]
    user: str | None  # normalised GUID of the creating user


@dataclass
class CaseInfo:
    name: str
    marker: dict[str, str]
    values: dict[str, str]  # variable GUID -> value text
    sources: list[str]  # source GUIDs


@dataclass
class CodingInfo:
    code: str | None  # normalised code GUID
    user: str | None


@dataclass
class SelectionInfo:
    name: str
    start: int
    end: int
    codings: list[CodingInfo]
    notes: list[str]
    description: str
    user: str | None


@dataclass
class SourceInfo:
    guid: str
    name: str
    text: str
    marker: dict[str, str]
    selections: list[SelectionInfo] = field(default_factory=list)


@dataclass
class ProjectParts:
    users: dict[str, str]
    variables: dict[str, VariableInfo]
    notes: dict[str, NoteInfo]
    cases: list[CaseInfo]
    sources: list[SourceInfo]
    creating_user: str | None
    warnings: list[str]


def read_project_parts(package: RefiPackage, codebook: ImportedCodebook) -> ProjectParts:
    root = package.root
    warnings: list[str] = []
    users = {}
    for element in _all(root, "Users", "User"):
        guid = normalise_guid(element.get("guid"))
        if guid:
            users[guid] = (element.get("name") or element.get("id") or guid).strip() or guid
    parts = ProjectParts(
        users,
        _variables(root, codebook),
        _notes(root, package, warnings),
        _cases(root),
        [],
        normalise_guid(root.get("creatingUserGUID")),
        warnings,
    )
    parts.sources = _sources(root, package, warnings)
    return parts


def _all(root: ET.Element, holder: str, name: str) -> list[ET.Element]:
    element = child(root, holder)
    return children(element, name) if element is not None else []


def _variables(root: ET.Element, codebook: ImportedCodebook) -> dict[str, VariableInfo]:
    found = {}
    for element in _all(root, "Variables", "Variable"):
        guid = normalise_guid(element.get("guid"))
        if guid is None:
            continue
        _, marker = split_marker(child_text(element, "Description"))
        if marker.get("type") == "interview" and marker.get("field"):
            found[guid] = VariableInfo("interview", marker["field"], "text")
        elif marker.get("type") == "verdict" and marker.get("hypothesis"):
            role = "verdict-note" if marker.get("part") == "note" else "verdict"
            found[guid] = VariableInfo(role, marker["hypothesis"], "text")
        elif guid in codebook.attribute_ids:
            attribute_id = codebook.attribute_ids[guid]
            declared: dict[str, Any] = next(
                (a for a in codebook.data.get("case_attributes", []) if a.get("id") == attribute_id), {}
            )
            kind = declared.get("type") or _FOREIGN_TYPES.get(element.get("typeOfVariable", ""), "text")
            found[guid] = VariableInfo("attribute", attribute_id, kind)
    return found


def _text_of(element: ET.Element, package: RefiPackage) -> str | None:
    """Inline PlainTextContent, or the internal file plainTextPath names; None when neither is there."""
    inline = child(element, "PlainTextContent")
    if inline is not None:
        return inline.text or ""
    reference = element.get("plainTextPath")
    if not reference:
        return None
    data = package.internal_file(reference)
    if data is None:
        return None
    return data.decode("utf-8-sig", errors="replace")


def _notes(root: ET.Element, package: RefiPackage, warnings: list[str]) -> dict[str, NoteInfo]:
    found = {}
    unreadable = 0
    for element in _all(root, "Notes", "Note"):
        guid = normalise_guid(element.get("guid"))
        if guid is None:
            continue
        text = _text_of(element, package)
        description, marker = split_marker(child_text(element, "Description"))
        if text is None:
            unreadable += 1
            text = description
        found[guid] = NoteInfo(text.strip(), marker, normalise_guid(element.get("creatingUser")))
    if unreadable:
        warnings.append(f"{unreadable} note(s) have no text in the archive (their description was used)")
    return found


def _cases(root: ET.Element) -> list[CaseInfo]:
    found = []
    for element in _all(root, "Cases", "Case"):
        values = {}
        for value in children(element, "VariableValue"):
            reference = child(value, "VariableRef")
            guid = normalise_guid(reference.get("targetGUID")) if reference is not None else None
            content = next((c for c in value if local_name(c.tag).endswith("Value")), None)
            if guid and content is not None:
                values[guid] = (content.text or "").strip()
        sources = [g for r in children(element, "SourceRef") if (g := normalise_guid(r.get("targetGUID")))]
        _, marker = split_marker(child_text(element, "Description"))
        found.append(CaseInfo((element.get("name") or "").strip(), marker, values, sources))
    return found


def _sources(root: ET.Element, package: RefiPackage, warnings: list[str]) -> list[SourceInfo]:
    holder = child(root, "Sources")
    if holder is None:
        return []
    origin = root.get("origin", "")
    found = []
    skipped_kinds: dict[str, int] = {}
    missing: list[str] = []
    whole_document = out_of_range = 0
    for element in holder:
        kind = local_name(element.tag)
        if kind != "TextSource":
            skipped_kinds[kind] = skipped_kinds.get(kind, 0) + 1
            continue
        name = (element.get("name") or "").strip()
        guid = normalise_guid(element.get("guid")) or name
        text = _text_of(element, package)
        if text is None:
            missing.append(name or guid)
            continue
        offsets = _offset_mapper(text, origin)
        if origin.startswith("ATLAS.ti"):
            text = text.replace("\r\n", "\n")
        _, marker = split_marker(child_text(element, "Description"))
        source = SourceInfo(guid, name or guid, text, marker)
        whole_document += len(children(element, "Coding"))
        for selection in children(element, "PlainTextSelection"):
            try:
                start, end = (
                    offsets(int(selection.get("startPosition", ""))),
                    offsets(int(selection.get("endPosition", ""))),
                )
            except ValueError:
                out_of_range += 1
                continue
            if not 0 <= start <= end <= len(text):
                out_of_range += 1
                continue
            codings = [
                CodingInfo(
                    normalise_guid(ref.get("targetGUID")) if ref is not None else None,
                    normalise_guid(c.get("creatingUser")),
                )
                for c in children(selection, "Coding")
                for ref in [child(c, "CodeRef")]
            ]
            notes = [g for r in children(selection, "NoteRef") if (g := normalise_guid(r.get("targetGUID")))]
            notes += [
                g
                for c in children(selection, "Coding")
                for r in children(c, "NoteRef")
                if (g := normalise_guid(r.get("targetGUID")))
            ]
            source.selections.append(
                SelectionInfo(
                    (selection.get("name") or "").strip(),
                    start,
                    end,
                    codings,
                    notes,
                    child_text(selection, "Description"),
                    normalise_guid(selection.get("creatingUser")),
                )
            )
        found.append(source)
    for kind, count in sorted(skipped_kinds.items()):
        warnings.append(f"{count} {kind}(s) skipped (jimcode codes text only)")
    if missing:
        shown = ", ".join(missing[:3]) + (" ..." if len(missing) > 3 else "")
        warnings.append(f"{len(missing)} text source(s) have no text in the archive and were skipped: {shown}")
    if whole_document:
        warnings.append(f"{whole_document} coding(s) of whole documents skipped (jimcode codes segments)")
    if out_of_range:
        warnings.append(f"{out_of_range} selection(s) with offsets outside their text skipped")
    return found


def _offset_mapper(text: str, origin: str):
    """Offsets as the producer counted them -> code points. NVivo counts UTF-16 code units."""
    if "NVivo" not in origin or all(ord(c) < 0x10000 for c in text):
        return lambda offset: offset
    units_to_points: dict[int, int] = {}
    units = 0
    for points, character in enumerate(text):
        units_to_points[units] = points
        units += 2 if ord(character) >= 0x10000 else 1
    units_to_points[units] = len(text)
    return lambda offset: units_to_points.get(offset, -1)


def decode_value(info: VariableInfo, text: str) -> object:
    """A variable's value text as a jimcode attribute value (None when it does not parse)."""
    kind = info.value_type
    try:
        if kind == "integer":
            return int(text) if text.lstrip("-").isdigit() else int(float(text))
        if kind == "number":
            return float(text)
    except ValueError:
        return None
    if kind == "boolean":
        return {"true": True, "1": True, "false": False, "0": False}.get(text.strip().lower())
    if kind == "multi_choice":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def json_marker(marker: dict[str, str], key: str) -> dict:
    try:
        value = json.loads(marker.get(key, ""))
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
