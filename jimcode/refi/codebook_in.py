"""A REFI-QDA codebook (from a `.qdc`, `.qde` or `.qdpx`) as a jimcode codebook.

Rules (documented in the README, section Interchange):
- Hierarchy: nested codes stay nested. A flat file whose names contain "::" (ATLAS.ti 8) is split
  into a tree there; so is a flat Taguette file at "." (its tag paths). A lone top-level "Nodes"
  folder (NVivo) is unwrapped.
- Research questions: a top-level code with children, or a top-level folder (not codable), becomes a
  research question and its children its codes; other top-level codes are collected under one research question
  ("All codes" when every code is top-level, else "Other codes"). Codes jimcode exported come back
  as they were, thanks to the `[jimcode]` block in their Description.
- Ids: made from the names (lowercase ASCII, words joined by "-", unique: "-2", "-3"...).
- Descriptions: the first paragraph is the definition; paragraphs labelled "Full definition:",
  "When to use:", "When not to use:", "Example:" fill those fields. A code without a description
  gets a placeholder definition (and a warning), since jimcode requires one.
- Sets that jimcode wrote for hypotheses become hypotheses again; other sets (code groups) are not
  kept. In a project, variables become case attributes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jimcode.codebook.model import POLES, SESSION_KEYS
from jimcode.refi.codebook_out import CODE_FIELDS, label_reader, parse_origin
from jimcode.refi.codebook_read import CodebookParts, ForeignCode, ForeignSet, ForeignVariable, read_codebook_parts
from jimcode.refi.container import open_refi
from jimcode.refi.qdaxml import labelled_paragraphs, split_marker

NO_DEFINITION = "(no description in the imported file; write a definition)"
MAX_CODE_DEPTH = 20  # deeper codes are attached at this depth (YAML nesting stays within the loader's limits)
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_VARIABLE_TYPES = {"Text": "text", "Boolean": "boolean", "Integer": "integer", "Float": "number"}


@dataclass
class ImportedCodebook:
    data: dict[str, Any]  # the codebook, in the YAML's key order
    code_ids: dict[str, str] = field(default_factory=dict)  # normalised GUID -> code id
    question_codes: dict[str, str] = field(default_factory=dict)  # GUID of a code that became a question -> RQ id
    pole_codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # GUID of a pole's child -> (code id, pole)
    attribute_ids: dict[str, str] = field(default_factory=dict)  # normalised variable GUID -> attribute id
    warnings: list[str] = field(default_factory=list)
    origin: str = ""


class IdMaker:
    """Readable ids, unique across the whole codebook."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.reserved: dict[int, str] = {}  # id(object) -> the id its [jimcode] block asked for

    def reserve(self, owner: object, wanted: str | None) -> None:
        if self.claim(wanted):
            self.reserved[id(owner)] = wanted or ""

    def reserved_for(self, owner: object) -> str | None:
        return self.reserved.get(id(owner))

    def claim(self, wanted: str | None) -> str | None:
        """`wanted` if it is a valid, free id (now taken), else None."""
        if wanted and _ID.match(wanted) and len(wanted) <= 64 and wanted not in self.used:
            self.used.add(wanted)
            return wanted
        return None

    def numbered(self, prefix: str) -> str:
        """The first free id of the form RQ1, RQ2, ... (or H1, H2, ...)."""
        n = 1
        while f"{prefix}{n}" in self.used:
            n += 1
        self.used.add(f"{prefix}{n}")
        return f"{prefix}{n}"

    def make(self, name: str, fallback: str, separator: str = "-") -> str:
        base = slugify(name, separator) or fallback
        if not base[0].isalpha():
            base = f"{fallback}-{base}"
        base = base[:60].rstrip(separator)
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}{separator}{n}"
        self.used.add(candidate)
        return candidate


def slugify(text: str, separator: str = "-") -> str:
    """'Hulpvraag van de Ouder(s)' -> 'hulpvraag-van-de-ouder-s' (accents dropped, ASCII only)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", separator, ascii_text.lower()).strip(separator)


def import_codebook(
    path: Path, *, codebook_id: str | None = None, title: str | None = None, language: str | None = None
) -> ImportedCodebook:
    with open_refi(path) as package:
        parts = read_codebook_parts(package)
    return build_codebook(parts, path.name, codebook_id=codebook_id, title=title, language=language)


def build_codebook(
    parts: CodebookParts,
    file_name: str,
    *,
    codebook_id: str | None = None,
    title: str | None = None,
    language: str | None = None,
    for_records: bool = False,
) -> ImportedCodebook:
    """The codebook as YAML-ready data; `for_records` skips warnings that only matter for a codebook file."""
    identity = parse_origin(parts.origin)
    warnings = list(parts.warnings)
    codes = _reshape(parts, warnings)
    result = ImportedCodebook({}, warnings=warnings, origin=parts.origin)
    ids = IdMaker()
    _reserve_marker_ids(codes, parts.sets, parts.variables, ids)
    questions = _questions(codes, ids, result, file_name)
    hypotheses = _hypotheses(parts.sets, ids, {q["id"] for q in questions}, result)
    attributes = _attributes(parts.variables, ids, result)
    if language is None and "language" not in identity and not for_records:
        warnings.append("the file does not say its language; wrote 'en' (use --language to set it)")
    from_tool = parts.origin.split(" | ")[0] or "an unnamed tool"
    data: dict[str, Any] = {
        "id": codebook_id or identity.get("id") or slugify(Path(file_name).stem) or "imported",
        "version": identity.get("version", "1"),
        "title": title or identity.get("title") or parts.project_name or Path(file_name).stem or "Imported codebook",
        "language": language or identity.get("language", "en"),
        "source": f"Imported from {file_name} (written by {from_tool})",
        "research_questions": questions,
    }
    if hypotheses:
        data["hypotheses"] = hypotheses
    if attributes:
        data["case_attributes"] = attributes
    if not codebook_id and not _ID.match(data["id"]):
        data["id"] = "imported-" + (slugify(data["id"]) or "codebook")
    result.data = data
    return result


def _reshape(parts: CodebookParts, warnings: list[str]) -> list[ForeignCode]:
    codes = parts.codes
    if len(codes) == 1 and codes[0].name.casefold() == "nodes" and codes[0].children:
        warnings.append("unwrapped the top-level 'Nodes' folder (NVivo writes one)")
        codes = codes[0].children
    flat = not any(code.children for code in codes)
    if flat and any("::" in code.name for code in codes):
        codes = _split_names(codes, "::", warnings, "ATLAS.ti 8 style")
    elif flat and parts.origin.startswith("Taguette") and any("." in code.name for code in codes):
        codes = _split_names(codes, ".", warnings, "Taguette tag paths")
    return codes


def _split_names(codes: list[ForeignCode], separator: str, warnings: list[str], style: str) -> list[ForeignCode]:
    """Build a tree from names like 'Coke::diet Coke'; a missing parent becomes a placeholder folder."""
    roots: list[ForeignCode] = []
    by_path: dict[tuple[str, ...], ForeignCode] = {}
    split = 0
    for code in codes:
        path = tuple(part.strip() for part in code.name.split(separator))
        if len(path) < 2 or any(not part for part in path):
            path = (code.name,)
        split += len(path) > 1
        for depth in range(1, len(path)):
            prefix = path[:depth]
            if prefix not in by_path:
                parent = ForeignCode(None, prefix[-1], "", False, placeholder=True)
                by_path[prefix] = parent
                (by_path[prefix[:-1]].children if depth > 1 else roots).append(parent)
        existing = by_path.get(path)
        if existing is not None and existing.placeholder:
            existing.guid, existing.description, existing.codable = code.guid, code.description, code.codable
            existing.placeholder = False
            existing.children.extend(code.children)
            continue
        code.name = path[-1]
        by_path.setdefault(path, code)
        (by_path[path[:-1]].children if len(path) > 1 else roots).append(code)
    if split:
        warnings.append(f"split {split} code name(s) at '{separator}' into a hierarchy ({style})")
    return roots


def _marker(description: str) -> dict[str, str]:
    return split_marker(description)[1]


def _reserve_marker_ids(
    codes: list[ForeignCode], sets: list[ForeignSet], variables: list[ForeignVariable], ids: IdMaker
) -> None:
    """Claim the ids jimcode wrote into descriptions first, so they come back unchanged."""

    def visit(code: ForeignCode) -> None:
        ids.reserve(code, _marker(code.description).get("id"))
        for sub in code.children:
            visit(sub)

    for code in codes:
        visit(code)
    for item in sets:
        ids.reserve(item, _marker(item.description).get("id"))
    for variable in variables:
        attribute = _jimcode_attribute(_marker(variable.description).get("attribute"))
        if attribute is not None:
            ids.reserve(variable, attribute.get("id"))


def _questions(codes: list[ForeignCode], ids: IdMaker, result: ImportedCodebook, file_name: str) -> list[dict]:
    questions: list[dict] = []
    loose: list[ForeignCode] = []
    codable_parents = empty_folders = 0
    converter = _CodeConverter(ids, result)
    for code in codes:
        marker = _marker(code.description)
        if code.codable and not code.children and marker.get("type") != "research-question":
            loose.append(code)
            continue
        codable_parents += code.codable and not code.placeholder
        empty_folders += not code.children
        text, _ = split_marker(code.description)
        fields = labelled_paragraphs(text, label_reader("description"), "question")
        question_id = ids.reserved_for(code) or ids.numbered("RQ")
        title = marker.get("title") or _strip_prefix(code.name, question_id) or question_id
        entry = {
            "id": question_id,
            "title": title,
            "question": fields.get("question") or code.name or title,
            "description": fields.get("description"),
            "codes": [converter.convert(sub, 1) for sub in code.children],
        }
        if code.guid:
            result.question_codes[code.guid] = question_id
        questions.append(_drop_empty(entry))
    if loose:
        every = not questions
        questions.append(
            {
                "id": ids.numbered("RQ"),
                "title": "All codes" if every else "Other codes",
                "question": (
                    f"The codes of {file_name}, which had no grouping; regroup them under your research questions."
                    if every
                    else f"Top-level codes of {file_name} that had no child codes."
                ),
                "codes": [converter.convert(code, 1) for code in loose],
            }
        )
    if empty_folders:
        result.warnings.append(
            f"{empty_folders} top-level folder(s) have no codes beneath them (empty research questions)"
        )
    if codable_parents:
        result.warnings.append(
            f"{codable_parents} codable top-level code(s) with children became research questions "
            "(not codable in jimcode)"
        )
    result.warnings.extend(converter.warnings())
    return questions


def _strip_prefix(name: str, question_id: str) -> str:
    return name[len(question_id) :].strip() if name.startswith(question_id + " ") else name


def _own_pole_labels(poles: dict[str, ForeignCode]) -> dict[str, str]:
    """`{present: ..., absent: ...}` from the pole codes' marked labels (else their descriptions' text)."""
    return {
        pole: _marker(sub.description).get("label") or split_marker(sub.description)[0] or sub.name
        for pole, sub in poles.items()
    }


def _drop_empty(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if value is not None and value != ""}


class _CodeConverter:
    def __init__(self, ids: IdMaker, result: ImportedCodebook) -> None:
        self.ids, self.result = ids, result
        self.undefined = 0
        self.folders = 0
        self.flattened = 0
        self.bad_shortcuts: list[str] = []
        self.shortcuts: set[str] = set()

    def convert(self, code: ForeignCode, depth: int) -> dict:
        text, marker = split_marker(code.description)
        fields = labelled_paragraphs(text, label_reader(*CODE_FIELDS), "definition")
        code_id = self.ids.reserved_for(code) or self.ids.make(code.name, "code")
        if code.guid:
            self.result.code_ids.setdefault(code.guid, code_id)
        if not fields.get("definition"):
            self.undefined += 1
        self.folders += not code.codable
        entry: dict[str, Any] = {
            "id": code_id,
            "label": code.name or code_id,
            "definition": fields.get("definition") or NO_DEFINITION,
            **{key: fields.get(key) for key in CODE_FIELDS},
            "shortcut": self._shortcut(marker.get("shortcut")),
        }
        entry = _drop_empty(entry)
        poles: dict[str, ForeignCode] = {}
        for child in code.children:
            pole = _marker(child.description).get("pole")
            if pole in POLES and pole is not None:
                poles.setdefault(pole, child)
        if marker.get("polarity") in ("true", "labels") and len(poles) == len(POLES):
            entry["polarity"] = True if marker["polarity"] == "true" else _own_pole_labels(poles)
            for pole, pole_code in poles.items():
                if pole_code.guid:
                    self.result.pole_codes.setdefault(pole_code.guid, (code_id, pole))
        else:
            poles = {}
        kept = [child for child in code.children if not any(child is pole_code for pole_code in poles.values())]
        subcodes = [self.convert(child, depth + 1) for child in kept]
        if depth >= MAX_CODE_DEPTH:
            self.flattened += sum(1 for _ in subcodes)
            flat: list[dict] = []
            for sub in subcodes:
                flat.append(sub)
                flat.extend(sub.pop("codes", []))
            subcodes = flat
        if subcodes:
            entry["codes"] = subcodes
        return entry

    def _shortcut(self, wanted: str | None) -> str | None:
        if not wanted:
            return None
        if re.fullmatch(r"[a-z]{1,3}", wanted) and wanted not in SESSION_KEYS and wanted not in self.shortcuts:
            self.shortcuts.add(wanted)
            return wanted
        self.bad_shortcuts.append(wanted)
        return None

    def warnings(self) -> list[str]:
        found = []
        if self.undefined:
            found.append(f"{self.undefined} code(s) have no description; their definition says so: write one")
        if self.folders:
            found.append(f"{self.folders} non-codable folder(s) below the top level became ordinary codes")
        if self.flattened:
            found.append(f"codes nested deeper than {MAX_CODE_DEPTH} levels were attached at level {MAX_CODE_DEPTH}")
        if self.bad_shortcuts:
            found.append(f"shortcut(s) dropped (reserved, invalid or taken): {', '.join(self.bad_shortcuts)}")
        return found


def _hypotheses(sets: list[ForeignSet], ids: IdMaker, question_ids: set[str], result: ImportedCodebook) -> list[dict]:
    hypotheses, groups = [], []
    for item in sets:
        text, marker = split_marker(item.description)
        if marker.get("type") != "hypothesis":
            groups.append(item.name or "(unnamed)")
            continue
        fields = labelled_paragraphs(text, label_reader("related_questions"), "statement")
        hypothesis_id = ids.reserved_for(item) or ids.numbered("H")
        related = [q.strip() for q in fields.get("related_questions", "").split(",") if q.strip() in question_ids]
        entry = {
            "id": hypothesis_id,
            "title": marker.get("title") or _strip_prefix(item.name, hypothesis_id) or hypothesis_id,
            "statement": fields.get("statement") or item.name or hypothesis_id,
            "related_questions": related or None,
        }
        hypotheses.append({k: v for k, v in entry.items() if v is not None})
    if groups:
        shown = ", ".join(f"'{name}'" for name in groups[:3]) + (" ..." if len(groups) > 3 else "")
        result.warnings.append(f"{len(groups)} set(s) / code group(s) not kept (jimcode has no code groups): {shown}")
    return hypotheses


def _attributes(variables: list[ForeignVariable], ids: IdMaker, result: ImportedCodebook) -> list[dict]:
    attributes = []
    for variable in variables:
        text, marker = split_marker(variable.description)
        if marker.get("type") in ("verdict", "interview"):
            continue
        attribute = _jimcode_attribute(marker.get("attribute"))
        if attribute is None or ids.reserved_for(variable) is None:
            if variable.type_of_variable in ("Date", "DateTime"):
                result.warnings.append(f"variable '{variable.name}' ({variable.type_of_variable}) read as text")
            attribute = {
                "id": ids.make(variable.name, "attribute", "_"),
                "label": variable.name or "Unnamed variable",
                "question": text or variable.name or "Unnamed variable",
                "type": _VARIABLE_TYPES.get(variable.type_of_variable, "text"),
            }
        if variable.guid:
            result.attribute_ids[variable.guid] = attribute["id"]
        attributes.append(attribute)
    return attributes


def _jimcode_attribute(encoded: str | None) -> dict | None:
    if not encoded:
        return None
    try:
        attribute = json.loads(encoded)
    except json.JSONDecodeError:
        return None
    return attribute if isinstance(attribute, dict) and isinstance(attribute.get("id"), str) else None
