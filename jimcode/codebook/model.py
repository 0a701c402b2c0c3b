"""The codebook: research questions with a tree of codes, hypotheses and case attributes.

Models are strict (unknown keys are errors) and validated once, at load time;
cross-reference rules that a schema cannot express live in `check_references`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    ValidationError,
)

from jimcode.codebook.lineage import Lineage, build_lineage, check_lineage
from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.i18n import words
from jimcode.modelerrors import diagnostics_from, did_you_mean
from jimcode.typed import whole_number
from jimcode.yamlsrc import YamlDocument, load_yaml_file, load_yaml_text

# Keys the coding session uses for its own commands; a code's shortcut may not take one.
SESSION_KEYS = frozenset({"b", "d", "e", "f", "g", "h", "m", "n", "o", "q", "u", "x"})

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Shortcut = Annotated[str, StringConstraints(pattern=r"^[a-z]{1,3}$")]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Pole = Literal["present", "absent"]
POLES: tuple[Pole, ...] = ("present", "absent")
# How a coder types a pole after a code (`co+`, `12-`): in a session, an answers file and `retrieve`.
SIGN_OF_POLE: dict[str, str] = {"present": "+", "absent": "-"}
POLE_OF_SIGN: dict[str, Pole] = {"+": "present", "-": "absent"}


class PolarityLabels(_Strict):
    """A code's own words for its two poles (`polarity: {present: ..., absent: ...}`)."""

    present: Text
    absent: Text


def _polarity_kind(value: object) -> str:
    return "labels" if isinstance(value, dict | PolarityLabels) else "flag"


# `true`/`false`, or a mapping of labels: told apart first, so a wrong mapping gets only its own errors.
Polarity = Annotated[
    Annotated[bool, Tag("flag")] | Annotated[PolarityLabels, Tag("labels")],
    Discriminator(_polarity_kind),
]
NUMBER_STATISTICS = ("mean", "median", "min", "max", "sd", "n")
"""What a reference figure of a number attribute can be (`of:`), as the summary computes them."""

AttributeAbout = Literal["case", "interviewee"]


class Reference(_Strict):
    """A figure from outside the records (the study's report, another group), shown beside the computed one.

    Which keys it takes depends on what it is on (checked with their lines in `check_references`):
    a number attribute takes `of` (a statistic, default `mean`) and `value`; a category,
    multi-choice or boolean attribute takes `of` (an option or option group id; `yes`/`no`) and
    `percent` (of the cases that answered); a code takes `percent` (of the cases) only.
    """

    of: Id | None = Field(
        default=None,
        description="What the figure is of: a statistic of a number attribute (mean, median, min, max, sd, n), "
        "an option or option group id of a category attribute, yes/no of a boolean; none on a code.",
    )
    value: int | float | None = Field(default=None, description="The figure of a number attribute, in its unit.")
    percent: int | float | None = Field(
        default=None, description="A share in percent (of the cases that answered; on a code, of the cases)."
    )
    kind: Literal["reported", "comparison"] = Field(
        default="reported",
        description="reported: the source's figure for these same cases (a difference from the data is marked); "
        "comparison: a figure of another group, shown beside the data's and never compared.",
    )
    label: Text | None = Field(default=None, description="What the figure is, e.g. 'JIM 12+'.")
    source: Text = Field(description="Where the figure comes from (document, page or section).")


class Code(_Strict):
    """One code, with what a team codebook says about it (MacQueen et al. 1998)."""

    id: Id
    label: Text
    definition: Text = Field(description="Short definition: one line a coder reads at a glance.")
    full_definition: Text | None = None
    when_to_use: Text | None = None
    when_not_to_use: Text | None = None
    example: Text | None = None
    shortcut: Shortcut | None = Field(default=None, description="Letters that apply the code in a coding session.")
    codes: list[Code] = Field(default_factory=list, description="Child codes.")
    replaces: list[Id] = Field(
        default_factory=list,
        description="Ids of earlier codes this code takes over: one is a rename, several a merge; "
        "an id replaced by two codes is a split.",
    )
    retired: bool = Field(default=False, description="Kept for records coded with it, not offered in new sessions.")
    polarity: Polarity = Field(
        default=False,
        description="The code is applied as present or absent (true: those words in the codebook's language), "
        "or with its own pair of labels {present: ..., absent: ...}.",
    )

    @property
    def has_polarity(self) -> bool:
        return self.polarity is not False

    def pole_label(self, pole: Pole, language: str) -> str:
        """The word for one pole: the code's own label, else present/absent in `language`."""
        if isinstance(self.polarity, PolarityLabels):
            return self.polarity.present if pole == "present" else self.polarity.absent
        return words(language)(f"polarity.{pole}")

    reference: list[Reference] = Field(
        default_factory=list, description="Figures from outside the records: the share of cases with this code."
    )

    def guidance(self) -> list[tuple[str, str]]:
        """What a coder is shown about the code, in order: (title, text) for each part it has."""
        parts = (
            ("definition", self.full_definition or self.definition),
            ("when to use", self.when_to_use),
            ("when not to use", self.when_not_to_use),
            ("example", self.example),
        )
        return [(title, text) for title, text in parts if text]


class ResearchQuestion(_Strict):
    id: Id
    title: Text = Field(description="Short name used in menus and tables.")
    question: Text = Field(description="The research question, verbatim.")
    description: Text | None = None
    codes: list[Code] = Field(default_factory=list)


class Hypothesis(_Strict):
    id: Id
    title: Text = Field(description="Short name used in menus and tables.")
    statement: Text
    related_questions: list[Id] = Field(default_factory=list)
    replaces: list[Id] = Field(default_factory=list, description="Ids of earlier hypotheses this one takes over.")
    retired: bool = Field(default=False, description="Kept for records that used it, not asked in new sessions.")


class Option(_Strict):
    id: Id
    label: Text
    group: Id | None = None
    description: Text | None = None
    replaces: list[Id] = Field(
        default_factory=list, description="Ids of earlier options of this attribute it takes over."
    )


class OptionGroup(_Strict):
    id: Id
    label: Text


class _Attribute(_Strict):
    id: Id
    label: Text = Field(description="Short name used in tables.")
    question: Text = Field(description="What the coder is asked about the case.")
    help: Text | None = None
    research_question: Id | None = None
    required: bool = False
    replaces: list[Id] = Field(default_factory=list, description="Ids of earlier attributes this one takes over.")
    about: AttributeAbout = Field(
        default="case",
        description="What the answer describes: the case (counted per case), or the interviewee, such as the "
        "professional's organisation (counted once per interviewee, however many cases they speak about).",
    )
    reference: list[Reference] = Field(
        default_factory=list, description="Figures from outside the records, shown beside the computed ones."
    )


class IntegerAttribute(_Attribute):
    type: Literal["integer"]
    unit: Text | None = None
    min: int | None = None
    max: int | None = None


class NumberAttribute(_Attribute):
    type: Literal["number"]
    unit: Text | None = None
    min: float | None = None
    max: float | None = None


class CategoryAttribute(_Attribute):
    """Exactly one option per case."""

    type: Literal["category"]
    options: Annotated[list[Option], Field(min_length=1)]
    groups: list[OptionGroup] = Field(default_factory=list)


class MultiChoiceAttribute(_Attribute):
    """Any number of options per case."""

    type: Literal["multi_choice"]
    options: Annotated[list[Option], Field(min_length=1)]
    groups: list[OptionGroup] = Field(default_factory=list)


class BooleanAttribute(_Attribute):
    type: Literal["boolean"]


class TextAttribute(_Attribute):
    type: Literal["text"]


CaseAttribute = Annotated[
    IntegerAttribute | NumberAttribute | CategoryAttribute | MultiChoiceAttribute | BooleanAttribute | TextAttribute,
    Field(discriminator="type"),
]


@dataclass(frozen=True)
class NumberedCode:
    """A code in tree order, as menus and tables show it."""

    number: int
    code: Code
    question: ResearchQuestion
    depth: int
    parent: Code | None


class _Derived:
    """What a codebook's fields decide, worked out at its first use and kept (the model is frozen):
    `jimcode validate` asks for it once per record. Never part of the codebook's equality."""

    __slots__ = ("attributes", "by_id", "lineage", "numbered")

    def __init__(self) -> None:
        self.numbered: dict[bool, tuple[NumberedCode, ...]] = {}  # offered_only -> the codes in tree order
        self.by_id: dict[str, NumberedCode] | None = None
        self.attributes: dict[str, CaseAttribute] | None = None
        self.lineage: Lineage | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Derived)

    __hash__ = None  # type: ignore[assignment]


class Codebook(_Strict):
    id: Id
    version: Text
    title: Text
    language: LanguageTag
    description: Text | None = None
    source: Text | None = None
    research_questions: Annotated[list[ResearchQuestion], Field(min_length=1)]
    hypotheses: list[Hypothesis] = Field(default_factory=list)
    case_attributes: list[CaseAttribute] = Field(default_factory=list)

    _sha256: str = PrivateAttr(default="")
    _path: str = PrivateAttr(default="")
    _derived: _Derived = PrivateAttr(default_factory=_Derived)

    @property
    def sha256(self) -> str:
        """sha256 of the codebook file's text (line endings normalised)."""
        return self._sha256

    @property
    def path(self) -> str:
        return self._path

    def numbered_codes(self, *, offered_only: bool = False) -> list[NumberedCode]:
        """Every code in tree order, numbered from 1 (the numbers a coder types).

        `offered_only`: without retired codes (and their children), numbered without gaps, as a
        new coding session offers them.
        """
        derived = self._known()
        numbered = derived.numbered.get(offered_only)
        if numbered is None:
            numbered = derived.numbered[offered_only] = tuple(self._number_codes(offered_only))
        return list(numbered)  # a copy: the caller may change its list, not the codebook's

    def _number_codes(self, offered_only: bool) -> list[NumberedCode]:
        found: list[NumberedCode] = []

        def visit(codes: list[Code], rq: ResearchQuestion, depth: int, parent: Code | None) -> None:
            for code in codes:
                if offered_only and code.retired:
                    continue
                found.append(NumberedCode(len(found) + 1, code, rq, depth, parent))
                visit(code.codes, rq, depth + 1, code)

        for rq in self.research_questions:
            visit(rq.codes, rq, 0, None)
        return found

    def codes_by_id(self) -> dict[str, NumberedCode]:
        derived = self._known()
        if derived.by_id is None:
            derived.by_id = {entry.code.id: entry for entry in self.numbered_codes()}
        return dict(derived.by_id)  # a copy, as numbered_codes

    def lineage(self) -> Lineage:
        """Old id -> current ids, from `replaces:` with every chain followed (`jimcode.codebook.lineage`)."""
        derived = self._known()
        if derived.lineage is None:
            derived.lineage = build_lineage(
                codes=[(entry.code.id, entry.code.replaces) for entry in self.numbered_codes()],
                hypotheses=[(h.id, h.replaces) for h in self.hypotheses],
                attributes=[(a.id, a.replaces) for a in self.case_attributes],
                options={a.id: [(o.id, o.replaces) for o in getattr(a, "options", [])] for a in self.case_attributes},
            )
        return derived.lineage

    def offered_hypotheses(self) -> list[Hypothesis]:
        """The hypotheses a new session asks a verdict on (retired ones are kept for old records only)."""
        return [h for h in self.hypotheses if not h.retired]

    def hypothesis(self, hypothesis_id: str) -> Hypothesis | None:
        return next((h for h in self.hypotheses if h.id == hypothesis_id), None)

    def attribute(self, attribute_id: str) -> CaseAttribute | None:
        derived = self._known()
        if derived.attributes is None:
            # the first of an id, as a search in order finds it (the checks refuse an id given twice)
            derived.attributes = {}
            for attribute in self.case_attributes:
                derived.attributes.setdefault(attribute.id, attribute)
        return derived.attributes.get(attribute_id)

    def _known(self) -> _Derived:
        # Read past pydantic's `__getattr__` for private attributes, which takes about 5 µs a read:
        # longer than the look-ups the cache saves.
        return cast(dict[str, Any], self.__pydantic_private__)["_derived"]


def fold(text: str) -> str:
    """Text as a search compares it: case and accents ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def resolve_code(codes: Sequence[NumberedCode], token: str) -> NumberedCode | None:
    """The code a coder's token names: its number, shortcut or id (case-insensitive).

    The one lookup of the coding session, reconciling and `jimcode retrieve`. An exact
    shortcut or id wins over one that differs only in case.
    """
    number = whole_number(token)
    if number is not None:
        return codes[number - 1] if 1 <= number <= len(codes) else None
    lowered = token.casefold()
    tests = (
        lambda c: c.code.shortcut == token,
        lambda c: c.code.id == token,
        lambda c: c.code.shortcut == lowered,
        lambda c: c.code.id.casefold() == lowered,
    )
    for test in tests:
        found = next((c for c in codes if test(c)), None)
        if found is not None:
            return found
    return None


def find_codes(codes: Sequence[NumberedCode], query: str) -> tuple[NumberedCode, ...]:
    """Codes whose label or id contains the query (accents and case ignored), then by definition."""
    wanted = fold(query.strip())
    by_name = [c for c in codes if wanted in fold(c.code.label) or wanted in fold(c.code.id)]
    by_text = [c for c in codes if c not in by_name and wanted in fold(c.code.definition)]
    return tuple(by_name + by_text)


def code_labelled(codes: Sequence[NumberedCode], label: str) -> NumberedCode | None:
    """The code with this label (accents, case and surrounding spaces ignored)."""
    wanted = fold(label.strip())
    return next((c for c in codes if fold(c.code.label) == wanted), None)


def _items(value: object) -> list[tuple[int, dict]]:
    """The mapping items of a raw list (anything else is the schema's problem, not ours)."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _text(item: dict, key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) else None


def _iter_codes(codes: object, loc: tuple) -> Iterator[tuple[dict, tuple]]:
    for i, code in _items(codes):
        here = (*loc, i)
        yield code, here
        yield from _iter_codes(code.get("codes"), (*here, "codes"))


def check_references(data: dict, document: YamlDocument) -> list[Diagnostic]:
    """Rules across the codebook: unique ids and keys, resolvable references, sane bounds.

    Works on the raw data, so these problems are reported together with schema errors.
    """
    found: list[Diagnostic] = []
    first_id: dict[str, tuple] = {}

    def claim(item: dict, loc: tuple, what: str) -> None:
        identifier = _text(item, "id")
        if identifier is None:
            return
        if identifier in first_id:
            line = document.locate((*first_id[identifier], "id"))[0].line
            found.append(
                document.diagnostic(
                    (*loc, "id"),
                    "duplicate-id",
                    f"{what} id '{identifier}' is already used at line {line}; "
                    "ids must be unique across the whole codebook",
                )
            )
        else:
            first_id[identifier] = loc

    shortcuts: dict[str, tuple] = {}
    questions = _items(data.get("research_questions"))
    for q, rq in questions:
        claim(rq, ("research_questions", q), "research question")
        for code, loc in _iter_codes(rq.get("codes"), ("research_questions", q, "codes")):
            claim(code, loc, "code")
            found.extend(_check_polarity(code, loc, document))
            found.extend(_check_reference_figures(code, loc, document, f"code {_text(code, 'id')}", "code"))
            shortcut = _text(code, "shortcut")
            if shortcut is None:
                continue
            if shortcut in SESSION_KEYS:
                found.append(
                    document.diagnostic(
                        (*loc, "shortcut"),
                        "reserved-shortcut",
                        f"shortcut '{shortcut}' is a coding-session command; "
                        f"choose another (taken: {', '.join(sorted(SESSION_KEYS))})",
                    )
                )
            elif shortcut in shortcuts:
                line = document.locate((*shortcuts[shortcut], "shortcut"))[0].line
                found.append(
                    document.diagnostic(
                        (*loc, "shortcut"),
                        "duplicate-shortcut",
                        f"shortcut '{shortcut}' is already used at line {line}",
                    )
                )
            else:
                shortcuts[shortcut] = loc

    question_ids = [i for _, rq in questions if (i := _text(rq, "id"))]

    def check_question_ref(ref: object, loc: tuple, owner: str) -> None:
        if isinstance(ref, str) and ref not in question_ids:
            found.append(
                document.diagnostic(
                    loc,
                    "unknown-reference",
                    f"{owner} refers to research question '{ref}', "
                    f"which does not exist{did_you_mean(ref, question_ids)}",
                )
            )

    for h, hypothesis in _items(data.get("hypotheses")):
        claim(hypothesis, ("hypotheses", h), "hypothesis")
        related = hypothesis.get("related_questions")
        for r, ref in enumerate(related if isinstance(related, list) else []):
            loc = ("hypotheses", h, "related_questions", r)
            check_question_ref(ref, loc, f"hypothesis {_text(hypothesis, 'id')}")

    for a, attribute in _items(data.get("case_attributes")):
        loc = ("case_attributes", a)
        name = _text(attribute, "id")
        claim(attribute, loc, "case attribute")
        check_question_ref(attribute.get("research_question"), (*loc, "research_question"), f"attribute {name}")
        low, high = attribute.get("min"), attribute.get("max")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            found.append(
                document.diagnostic(
                    (*loc, "min"),
                    "bad-bounds",
                    f"attribute {name}: min ({low:g}) is greater than max ({high:g})",
                )
            )
        if "options" in attribute or "groups" in attribute:
            found.extend(_check_options(attribute, loc, document))
        kind = _text(attribute, "type") or ""
        found.extend(_check_reference_figures(attribute, loc, document, f"attribute {name}", kind))
    return found


def _check_reference_figures(item: dict, loc: tuple, document: YamlDocument, owner: str, kind: str) -> list[Diagnostic]:
    """Each `reference:` figure fits what it is on (see `Reference`): the right `of`, `value` or `percent`."""
    found: list[Diagnostic] = []

    def problem(where: tuple, message: str) -> None:
        found.append(document.diagnostic(where, "bad-reference", f"{owner}: {message}"))

    references = _items(item.get("reference"))
    if references and kind == "text":
        problem((*loc, "reference"), "a text attribute has no figure to set a reference beside; remove 'reference'")
        return found
    numbers = kind in ("integer", "number")
    choices: list[str] = []
    if kind in ("category", "multi_choice"):
        choices = [i for key in ("options", "groups") for _, x in _items(item.get(key)) if (i := _text(x, "id"))]
    elif kind == "boolean":
        choices = ["yes", "no"]
    for r, reference in references:
        here = (*loc, "reference", r)
        of = reference.get("of")
        wanted, unwanted = ("value", "percent") if numbers else ("percent", "value")
        if unwanted in reference:
            problem((*here, unwanted), f"a reference figure here is a '{wanted}', not a '{unwanted}'")
        elif wanted not in reference:
            problem(here, f"a reference figure needs its '{wanted}'")
        share = reference.get("percent")
        if isinstance(share, int | float) and not isinstance(share, bool) and not 0 <= share <= 100:
            problem((*here, "percent"), f"percent {share:g} is not between 0 and 100")
        if not isinstance(of, str):
            if of is not None or (kind != "code" and not numbers):
                expected = ", ".join(NUMBER_STATISTICS if numbers else choices)
                problem(here if of is None else (*here, "of"), f"say what the figure is of with 'of:' ({expected})")
        elif kind == "code":
            problem((*here, "of"), "a code's reference figure is the share of cases with the code; remove 'of'")
        elif numbers and of not in NUMBER_STATISTICS:
            problem(
                (*here, "of"),
                f"'{of}' is not a statistic{did_you_mean(of, list(NUMBER_STATISTICS))} "
                f"(one of {', '.join(NUMBER_STATISTICS)})",
            )
        elif not numbers and of not in choices:
            problem((*here, "of"), f"'{of}' is not an option or group of it{did_you_mean(of, choices)}")
    return found


def _check_polarity(code: dict, loc: tuple, document: YamlDocument) -> list[Diagnostic]:
    """Two poles a reader can tell apart."""
    polarity = code.get("polarity")
    if not isinstance(polarity, dict):
        return []
    present, absent = _text(polarity, "present"), _text(polarity, "absent")
    if present is not None and absent is not None and fold(present.strip()) == fold(absent.strip()):
        return [
            document.diagnostic(
                (*loc, "polarity", "absent"),
                "same-polarity-labels",
                f"code {_text(code, 'id')}: the present and absent labels are both '{absent.strip()}'; "
                "give the two poles different labels",
            )
        ]
    return []


def _check_options(attribute: dict, loc: tuple, document: YamlDocument) -> list[Diagnostic]:
    found = []
    name = _text(attribute, "id")
    group_ids: list[str] = []
    for i, group in _items(attribute.get("groups")):
        group_id = _text(group, "id")
        if group_id in group_ids:
            found.append(
                document.diagnostic(
                    (*loc, "groups", i, "id"),
                    "duplicate-id",
                    f"attribute {name}: group '{group_id}' is listed twice",
                )
            )
        if group_id:
            group_ids.append(group_id)
    seen_ids: set[str] = set()
    seen_labels: set[str] = set()
    for i, option in _items(attribute.get("options")):
        here = (*loc, "options", i)
        option_id, label, option_group = _text(option, "id"), _text(option, "label"), _text(option, "group")
        if option_id is not None and option_id in seen_ids:
            found.append(
                document.diagnostic(
                    (*here, "id"),
                    "duplicate-option",
                    f"attribute {name}: option '{option_id}' is listed twice",
                )
            )
        if label is not None and label.strip().casefold() in seen_labels:
            found.append(
                document.diagnostic(
                    (*here, "label"),
                    "duplicate-option",
                    f"attribute {name}: two options are labelled '{label.strip()}'",
                )
            )
        seen_ids.add(option_id or "")
        seen_labels.add((label or "").strip().casefold())
        if option_group is not None and option_group not in group_ids:
            hint = did_you_mean(option_group, group_ids) if group_ids else " (declare it under 'groups')"
            found.append(
                document.diagnostic(
                    (*here, "group"),
                    "unknown-reference",
                    f"option '{option_id}' is in group '{option_group}', which attribute {name} does not declare{hint}",
                )
            )
    return found


def _normalised_sha256(raw: bytes) -> str:
    text = raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def codebook_from_document(document: YamlDocument) -> tuple[Codebook | None, list[Diagnostic]]:
    """Validate a loaded YAML document as a codebook: (codebook or None, every problem)."""
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else "a single value"
        return None, [
            Diagnostic(
                document.file,
                1,
                1,
                "wrong-type",
                f"a codebook is a mapping of 'key: value' lines at the top level, not {kind}",
            )
        ]
    problems = check_references(document.data, document) + check_lineage(document.data, document)
    try:
        codebook: Codebook | None = Codebook.model_validate(document.data)
    except ValidationError as exc:
        codebook = None
        problems.extend(diagnostics_from(exc, document, Codebook))
    return codebook, sorted(set(problems))


def codebook_from_text(text: str, display: str) -> Codebook:
    """A codebook from YAML text that is not a file here (such as a git revision's); raises like `load_codebook`."""
    document = load_yaml_text(text, display)
    codebook, problems = codebook_from_document(document)
    if problems or codebook is None:
        raise InvalidFileError(problems)
    codebook._sha256 = _normalised_sha256(text.encode("utf-8"))
    codebook._path = display
    return codebook


def load_codebook(path: Path | str, display: str | None = None) -> Codebook:
    """Load and fully validate a codebook file; raise `InvalidFileError` listing every problem."""
    path = Path(path)
    document = load_yaml_file(path, display)
    codebook, problems = codebook_from_document(document)
    if problems or codebook is None:
        raise InvalidFileError(problems)
    codebook._sha256 = _normalised_sha256(path.read_bytes())
    codebook._path = str(path)
    return codebook


def shipped_codebooks_dir() -> Path:
    """Where the codebooks shipped with jimcode live (wheel or source checkout)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_data" / "codebooks"
    if packaged.is_dir():
        return packaged
    return package.parent / "codebooks"
