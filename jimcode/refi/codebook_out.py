"""A jimcode codebook as REFI-QDA: the `<Codes>` tree, hypothesis sets, and a whole `.qdc` file.

Layout (what another tool shows):
- each research question is a top-level code, not codable, named "RQ1 <title>"; its Description
  is the question, then "Description: ..." when the codebook has one;
- its codes sit beneath it, codable; a code's Description is its definition followed by labelled
  paragraphs "Full definition:", "When to use:", "When not to use:", "Example:" (in Dutch for a
  Dutch codebook: "Volledige definitie:", "Wanneer gebruiken:", ...);
- each hypothesis is a Set (an ATLAS.ti code group) named "H1 <title>" holding the codes of its
  related research questions; its Description is the statement and "Related research questions:";
- a code with polarity (present / absent) gets two codable child codes first, "<label>: <present>"
  and "<label>: <absent>" (REFI-QDA has no polarity), marked `pole: present|absent` so that an
  import reads them back into the code's `polarity:` and codings of them into the pole;
- what only jimcode needs (ids, shortcuts, polarity) follows in a `[jimcode]` block, so an import
  gives the same ids back. Case attributes have no place in a codebook file: they travel in a `.qdpx`
  project as variables (`project_out`).
GUIDs are uuid5 of (codebook id, kind, id), so two exports of one codebook are identical.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from jimcode import __version__
from jimcode.codebook.model import POLES, Code, Codebook, Hypothesis, PolarityLabels, Pole, ResearchQuestion
from jimcode.refi.qdaxml import CODEBOOK_NS, Builder, stable_guid, with_marker

# The labels of description paragraphs, by language: field -> label. Export uses the codebook's
# language (English when there is no translation); import reads every language's labels.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "full_definition": "Full definition",
        "when_to_use": "When to use",
        "when_not_to_use": "When not to use",
        "example": "Example",
        "description": "Description",
        "related_questions": "Related research questions",
    },
    "nl": {
        "full_definition": "Volledige definitie",
        "when_to_use": "Wanneer gebruiken",
        "when_not_to_use": "Wanneer niet gebruiken",
        "example": "Voorbeeld",
        "description": "Toelichting",
        "related_questions": "Gerelateerde onderzoeksvragen",
    },
}
CODE_FIELDS = ("full_definition", "when_to_use", "when_not_to_use", "example")


def labels_for(language: str) -> dict[str, str]:
    """Field -> label in the codebook's language (its primary subtag), English otherwise."""
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])


def label_reader(*fields: str) -> dict[str, str]:
    """Label (any language) -> field, for `labelled_paragraphs`."""
    return {labels[field]: field for labels in LABELS.values() for field in fields}


def code_guid(codebook_id: str, code_id: str) -> str:
    return stable_guid(codebook_id, "code", code_id)


def pole_guid(codebook_id: str, code_id: str, pole: Pole) -> str:
    """The child code that stands for a code with polarity at one pole."""
    return stable_guid(codebook_id, "code-pole", code_id, pole)


def question_guid(codebook_id: str, question_id: str) -> str:
    return stable_guid(codebook_id, "research-question", question_id)


def hypothesis_guid(codebook_id: str, hypothesis_id: str) -> str:
    return stable_guid(codebook_id, "hypothesis", hypothesis_id)


def origin(codebook: Codebook) -> str:
    """The `origin` attribute: the tool, then the codebook's identity (read back on import)."""
    return (
        f"jimcode {__version__} | id={codebook.id} | version={codebook.version} "
        f"| language={codebook.language} | title={' '.join(codebook.title.split())}"
    )


def parse_origin(text: str) -> dict[str, str]:
    """The codebook identity from an origin written by `origin`; {} for other tools."""
    if not text.startswith("jimcode "):
        return {}
    head, sep, title = text.partition(" | title=")
    fields = dict(part.partition("=")[::2] for part in head.split(" | ")[1:] if "=" in part)
    if sep:
        fields["title"] = title.strip()
    return {key.strip(): value.strip() for key, value in fields.items() if value.strip()}


def code_description(code: Code, language: str = "en") -> str:
    labels = labels_for(language)
    paragraphs = [code.definition]
    for field in CODE_FIELDS:
        value = getattr(code, field)
        if value:
            paragraphs.append(f"{labels[field]}: {value}")
    polarity = None if not code.has_polarity else "labels" if isinstance(code.polarity, PolarityLabels) else "true"
    return with_marker("\n\n".join(paragraphs), {"id": code.id, "shortcut": code.shortcut, "polarity": polarity})


def pole_description(code: Code, pole: Pole, language: str) -> str:
    """A pole's child code: the pole's word, marked with the pole (and the code's own label for it)."""
    own = code.pole_label(pole, language) if isinstance(code.polarity, PolarityLabels) else None
    return with_marker(code.pole_label(pole, language), {"pole": pole, "label": own})


def question_description(question: ResearchQuestion, language: str = "en") -> str:
    paragraphs = [question.question]
    if question.description:
        paragraphs.append(f"{labels_for(language)['description']}: {question.description}")
    return with_marker(
        "\n\n".join(paragraphs), {"type": "research-question", "id": question.id, "title": question.title}
    )


def hypothesis_description(hypothesis: Hypothesis, language: str = "en") -> str:
    paragraphs = [hypothesis.statement]
    if hypothesis.related_questions:
        label = labels_for(language)["related_questions"]
        paragraphs.append(f"{label}: {', '.join(hypothesis.related_questions)}")
    return with_marker("\n\n".join(paragraphs), {"type": "hypothesis", "id": hypothesis.id, "title": hypothesis.title})


def codes_element(codebook: Codebook, build: Builder, parent: ET.Element) -> ET.Element:
    """Append `<Codes>` (research questions with their code trees) to `parent`."""
    codes = build.element(parent, "Codes")

    def add(code: Code, under: ET.Element) -> None:
        node = build.element(under, "Code", guid=code_guid(codebook.id, code.id), name=code.label, isCodable="true")
        build.element(node, "Description", code_description(code, codebook.language))
        for pole in POLES if code.has_polarity else ():
            name = f"{code.label}: {code.pole_label(pole, codebook.language)}"
            pole_node = build.element(
                node, "Code", guid=pole_guid(codebook.id, code.id, pole), name=name, isCodable="true"
            )
            build.element(pole_node, "Description", pole_description(code, pole, codebook.language))
        for child in code.codes:
            add(child, node)

    for question in codebook.research_questions:
        node = build.element(
            codes,
            "Code",
            guid=question_guid(codebook.id, question.id),
            name=f"{question.id} {question.title}",
            isCodable="false",
        )
        build.element(node, "Description", question_description(question, codebook.language))
        for code in question.codes:
            add(code, node)
    return codes


def hypothesis_members(codebook: Codebook, hypothesis: Hypothesis) -> list[str]:
    """GUIDs of every code (at any depth) under the hypothesis's related research questions."""
    related = set(hypothesis.related_questions)
    return [
        code_guid(codebook.id, entry.code.id) for entry in codebook.numbered_codes() if entry.question.id in related
    ]


def sets_element(codebook: Codebook, build: Builder, parent: ET.Element, member_attribute: str) -> None:
    """Append `<Sets>` with one Set per hypothesis (nothing when there are none: an empty Sets is invalid).

    `member_attribute` is "guid" in a codebook file and "targetGUID" in a project file.
    """
    if not codebook.hypotheses:
        return
    sets = build.element(parent, "Sets")
    for hypothesis in codebook.hypotheses:
        node = build.element(
            sets, "Set", guid=hypothesis_guid(codebook.id, hypothesis.id), name=f"{hypothesis.id} {hypothesis.title}"
        )
        build.element(node, "Description", hypothesis_description(hypothesis, codebook.language))
        for member in hypothesis_members(codebook, hypothesis):
            build.element(node, "MemberCode", **{member_attribute: member})


def codebook_qdc(codebook: Codebook) -> bytes:
    """The codebook as a `.qdc` file (UTF-8, no BOM), valid against Codebook.xsd."""
    build = Builder(CODEBOOK_NS)
    root = build.element(None, "CodeBook", origin=origin(codebook))
    codes_element(codebook, build, root)
    sets_element(codebook, build, root, "guid")
    return build.serialise(root)
