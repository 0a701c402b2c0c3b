"""Reading the codebook part of any tool's REFI-QDA file, tolerantly, noting everything odd.

Real exports are not always valid: ATLAS.ti writes the namespace `urn:QDA-XML:codebook:0:4`, NVivo
`…:1:0`, Taguette an empty `<Sets/>` and tag paths as names. Elements are matched by local name,
GUIDs compared without braces and case; what a careful reader would accept is accepted, with a
warning. What is not a codebook at all is refused with one clear error.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from jimcode.errors import JimcodeError
from jimcode.refi.container import RefiPackage
from jimcode.refi.qdaxml import (
    CODEBOOK_NS,
    CODEBOOK_NS_PREFIX,
    PROJECT_NS,
    PROJECT_NS_PREFIX,
    child,
    child_text,
    children,
    local_name,
    namespace_of,
    normalise_guid,
)

_CODE_ATTRIBUTES = {"guid", "name", "isCodable", "color"}
_CODE_CHILDREN = {"Description", "Code", "NoteRef"}


@dataclass
class ForeignCode:
    guid: str | None  # normalised (lowercase, no braces); None when missing or not a GUID
    name: str
    description: str
    codable: bool
    children: list[ForeignCode] = field(default_factory=list)
    placeholder: bool = False  # made up as the parent of split names such as "Coke::diet Coke"


@dataclass
class ForeignSet:
    guid: str | None
    name: str
    description: str
    members: list[str]  # normalised GUIDs


@dataclass
class ForeignVariable:
    guid: str | None
    name: str
    type_of_variable: str
    description: str


@dataclass
class CodebookParts:
    codes: list[ForeignCode]
    sets: list[ForeignSet]
    variables: list[ForeignVariable]
    origin: str
    project_name: str
    warnings: list[str]


def read_codebook_parts(package: RefiPackage) -> CodebookParts:
    """Codes, sets and (in a project) variables; raise `JimcodeError` when there is no codebook."""
    root, display = package.root, package.display
    warnings = list(package.warnings)
    kind = local_name(root.tag)
    if kind not in ("CodeBook", "Project"):
        raise JimcodeError(
            f"{display}: not a REFI-QDA codebook or project (the root element is <{kind}>; "
            "expected <CodeBook> or <Project>)"
        )
    warnings.extend(_namespace_warnings(root, kind))
    if kind == "Project":
        holder = child(root, "CodeBook")
        if holder is None:
            raise JimcodeError(f"{display}: the project has no codebook (no <CodeBook> element), so nothing to import")
    else:
        holder = root
    codes_element = child(holder, "Codes")
    if codes_element is None:
        raise JimcodeError(f"{display}: not a codebook: <{local_name(holder.tag)}> has no <Codes> element")
    reader = _CodeReader(display)
    codes = [reader.read(element) for element in children(codes_element, "Code")]
    if not codes:
        raise JimcodeError(f"{display}: the codebook has no codes, so nothing to import")
    warnings.extend(reader.warnings())
    sets_holder = child(root, "Sets")
    sets = _read_sets(sets_holder, kind, warnings) if sets_holder is not None else []
    variables = _read_variables(root, warnings) if kind == "Project" else []
    return CodebookParts(codes, sets, variables, root.get("origin", ""), root.get("name", ""), warnings)


def _namespace_warnings(root: ET.Element, kind: str) -> list[str]:
    expected, prefix = (CODEBOOK_NS, CODEBOOK_NS_PREFIX) if kind == "CodeBook" else (PROJECT_NS, PROJECT_NS_PREFIX)
    found = namespace_of(root.tag)
    warnings = []
    if not found:
        warnings.append(f"the file declares no namespace (the standard is {expected}); read it anyway")
    elif found != expected:
        who = {"urn:QDA-XML:codebook:0:4": " (ATLAS.ti writes it)", "urn:QDA-XML:codebook:1:0": " (NVivo writes it)"}
        kind_word = "non-standard" if found.startswith(prefix) else "unknown"
        warnings.append(f"{kind_word} namespace {found}{who.get(found, '')}; read as {expected}")
    location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "")
    declared = location.split()[0] if location.split() else ""
    if declared and found and declared != found:
        warnings.append(f"xsi:schemaLocation names namespace {declared} but the document uses {found}")
    return warnings


MAX_CODE_NESTING = 100  # real codebooks nest a few levels; deeper is a crafted file (and deep recursion)
MAX_CODES = 5_000  # large codebooks hold a few hundred; the YAML written for more would be refused on loading


class _CodeReader:
    """Reads `<Code>` trees, counting the oddities to report them once each."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.count = 0
        self.missing_guid = 0
        self.bad_guid: list[str] = []
        self.duplicate_guid: list[str] = []
        self.missing_codable = 0
        self.odd_codable: set[str] = set()
        self.unnamed = 0
        self.extra_attributes: set[str] = set()
        self.extra_children: set[str] = set()
        self.seen: set[str] = set()

    def read(self, element: ET.Element, depth: int = 1) -> ForeignCode:
        if depth > MAX_CODE_NESTING:
            raise JimcodeError(
                f"{self.display}: codes are nested more than {MAX_CODE_NESTING} levels deep; refusing it"
            )
        self.count += 1
        if self.count > MAX_CODES:
            raise JimcodeError(
                f"{self.display}: more than {MAX_CODES:,} codes; refusing it (no codebook is that large)"
            )
        raw_guid = element.get("guid")
        guid = normalise_guid(raw_guid)
        if raw_guid is None:
            self.missing_guid += 1
        elif guid is None:
            self.bad_guid.append(raw_guid)
        elif guid in self.seen:
            self.duplicate_guid.append(raw_guid)
        else:
            self.seen.add(guid)
        name = " ".join((element.get("name") or "").split())
        if not name:
            self.unnamed += 1
        self.extra_attributes.update(a for a in element.attrib if local_name(a) not in _CODE_ATTRIBUTES)
        self.extra_children.update(local_name(c.tag) for c in element if local_name(c.tag) not in _CODE_CHILDREN)
        code = ForeignCode(guid, name, child_text(element, "Description"), self._codable(element.get("isCodable")))
        code.children = [self.read(sub, depth + 1) for sub in children(element, "Code")]
        return code

    def _codable(self, value: str | None) -> bool:
        if value is None:
            self.missing_codable += 1
            return True
        cleaned = value.strip()
        if cleaned in ("true", "1"):
            return True
        if cleaned in ("false", "0"):
            return False
        self.odd_codable.add(value)
        return cleaned.lower() != "false"

    def warnings(self) -> list[str]:
        found = []
        if self.missing_guid:
            found.append(f"{self.missing_guid} code(s) have no guid")
        if self.bad_guid:
            found.append(f"{len(self.bad_guid)} code guid(s) are not GUIDs (e.g. '{self.bad_guid[0]}')")
        if self.duplicate_guid:
            found.append(f"{len(self.duplicate_guid)} code guid(s) are used twice (e.g. {self.duplicate_guid[0]})")
        if self.missing_codable:
            found.append(f"{self.missing_codable} code(s) have no isCodable; read as codable")
        if self.odd_codable:
            found.append(f"isCodable values {sorted(self.odd_codable)} are not xsd:boolean (true/false)")
        if self.unnamed:
            found.append(f"{self.unnamed} code(s) have no name")
        if self.extra_attributes:
            found.append(f"unexpected code attributes ignored: {', '.join(sorted(self.extra_attributes))}")
        if self.extra_children:
            found.append(f"unexpected elements inside <Code> ignored: {', '.join(sorted(self.extra_children))}")
        return found


def _read_sets(holder: ET.Element, kind: str, warnings: list[str]) -> list[ForeignSet]:
    elements = children(holder, "Set")
    if not elements:
        warnings.append("empty <Sets/> ignored (Taguette writes one; Codebook.xsd requires at least one <Set>)")
        return []
    expected = "guid" if kind == "CodeBook" else "targetGUID"
    wrong_attribute = 0
    sets = []
    for element in elements:
        members = []
        for member in children(element, "MemberCode"):
            raw = member.get(expected)
            if raw is None:
                raw = member.get("targetGUID" if expected == "guid" else "guid")
                wrong_attribute += raw is not None
            guid = normalise_guid(raw)
            if guid is not None:
                members.append(guid)
        name = " ".join((element.get("name") or "").split())
        sets.append(ForeignSet(normalise_guid(element.get("guid")), name, child_text(element, "Description"), members))
    if wrong_attribute:
        warnings.append(f"{wrong_attribute} <MemberCode> element(s) use the wrong attribute (expected @{expected})")
    return sets


def _read_variables(root: ET.Element, warnings: list[str]) -> list[ForeignVariable]:
    holder = child(root, "Variables")
    if holder is None:
        return []
    found = []
    for element in children(holder, "Variable"):
        kind = (element.get("typeOfVariable") or "Text").strip()
        if kind not in ("Text", "Boolean", "Integer", "Float", "Date", "DateTime"):
            warnings.append(f"variable '{element.get('name')}' has unknown typeOfVariable '{kind}'; read as Text")
            kind = "Text"
        name = " ".join((element.get("name") or "").split())
        found.append(
            ForeignVariable(normalise_guid(element.get("guid")), name, kind, child_text(element, "Description"))
        )
    return found
