"""The shipped JIM codebooks: valid, faithful to the study, Dutch and English in step, schema file current."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest

from jimcode.codebook.model import (
    CategoryAttribute,
    Code,
    Codebook,
    IntegerAttribute,
    MultiChoiceAttribute,
    NumberAttribute,
    load_codebook,
)
from jimcode.yamlsrc import load_yaml_file

ROOT = Path(__file__).resolve().parent.parent
CODEBOOKS = ROOT / "codebooks"
DUTCH = CODEBOOKS / "jim-12min.nl.yaml"
ENGLISH = CODEBOOKS / "jim-12min.en.yaml"
SCHEMA_FILE = CODEBOOKS / "codebook.schema.json"
# The study's text as extracted from its PDF (the same file as ../shared/seed/ of the project).
STUDY = ROOT / "tests" / "data" / "seed" / "jim-12min-praktijkonderzoek.txt"

# The six research questions as the study numbers them ("1 Wat is de hulpvraag ..."), verbatim.
STUDY_QUESTIONS = [
    "Wat is de hulpvraag van de hulpverlener, van de ouder, van het kind en van de JIM?",
    "Hoe lang duurde het voordat een JIM gepositioneerd was?",
    "Welke competenties hebben ouders nodig om met JIM te kunnen samenwerken?",
    "Welke relatie heeft JIM tot het kind?",
    "Wat is de meerwaarde van de JIM voor het kind en het gezin?",
    "Wat hebben de geïnterviewde JIMprofessionals van dit 12- traject geleerd?",
]

# The five parent competences of RQ3, verbatim from the study, in its order.
STUDY_COMPETENCES = [
    "Open staan voor (feedback van) mensen uit eigen omgeving",
    "Erkennen dat er hulp nodig is",
    "Accepteren dat er iemand meehelpt en meedenkt",
    "Over eigen pijnpunten of weerstand stappen",
    "Toestaan dat een ander namens je kind praat en adviezen geeft",
]

# How each hypothesis opens and ends in the study (the statement is the whole text), and its questions.
STUDY_HYPOTHESES = {
    "H1": ("Bij 12+ heeft de jongere meer zeggenschap", "een andere waarde heeft. Hoe zit dat?", ["RQ1", "RQ3"]),
    "H2": ("JIM bij 12- is vaak een JIM die veel meer", "autonomer lijntje tussen JIM en jongere.", ["RQ4", "RQ5"]),
    "H3": ("We zullen beter op signalen van trauma", "nog belangrijker zijn dan bij JIM 12+.", ["RQ3", "RQ4"]),
    "H4": (
        "Niet het kalenderjaar van een kind is belangrijk",
        "in combinatie met ontwikkelfase cruciaal.",
        ["RQ1", "RQ6"],
    ),
}

# The ids other parts of jimcode (examples, summaries) rely on.
PLANNED_CODES = {
    "RQ1": ["request-professional", "request-parent", "request-child", "request-jim", "request-jim-sharper"],
    "RQ2": [
        "positioning-quick",
        "positioning-delay-parents",
        "positioning-delay-professional",
        "positioning-not-yet",
    ],
    "RQ3": [
        "competence-open-to-network",
        "competence-acknowledge-need",
        "competence-accept-help",
        "competence-overcome-resistance",
        "competence-let-other-speak",
        "parents-gatekeeper",
        "jim-conversation-as-intervention",
    ],
    "RQ4": ["jim-already-involved", "jim-new-role", "intergenerational-patterns", "making-amends"],
    "RQ5": [
        "value-supports-parents",
        "value-voice-of-child",
        "value-whole-puzzle",
        "value-names-patterns",
        "value-prevents-escalation",
    ],
    "RQ6": [
        "lesson-movement-without-child-contact",
        "lesson-professional-facilitates",
        "lesson-jim-already-there",
        "lesson-learning-process-parents",
        "lesson-pace-and-sensitivity",
        "lesson-phase-over-age",
    ],
}
PLANNED_ATTRIBUTES = {
    "child_age": ("integer", None, []),
    "developmental_phase": ("category", None, ["phase-0-2", "phase-2-4", "phase-4-6", "phase-6-12", "phase-12-18"]),
    "organisation": ("category", None, ["levvel", "youke", "altra", "other"]),
    "professional_experience": ("category", None, ["experienced", "in-training"]),
    "jim_positioned": ("boolean", "RQ2", []),
    "days_to_positioning": ("integer", "RQ2", []),
    "jim_relation": (
        "category",
        "RQ4",
        [
            "grandmother",
            "grandfather",
            "aunt",
            "uncle",
            "sibling",
            "other-family",
            "family-friend",
            "neighbour",
            "other",
        ],
    ),
    "parents_attitude": ("category", "RQ3", ["logical", "unfamiliar", "difficult"]),
    "parent_signals": ("multi_choice", "RQ3", ["trauma", "intergenerational", "psychiatric", "addiction", "none"]),
    # H4: an intellectual disability (LVB) in the child or the parents makes the developmental phase count
    "intellectual_disability": ("category", None, ["not-mentioned", "child", "parents", "child-and-parents"]),
    "placement_averted": ("category", "RQ5", ["yes", "no", "unknown"]),
    "case_summary": ("text", None, []),
}


@pytest.fixture(scope="module")
def dutch() -> Codebook:
    return load_codebook(DUTCH)


@pytest.fixture(scope="module")
def english() -> Codebook:
    return load_codebook(ENGLISH)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _all_codes(codes: list[Code]) -> list[Code]:
    return [found for code in codes for found in (code, *_all_codes(code.codes))]


def _code_shape(code: Code) -> tuple:
    return (code.id, code.shortcut, [_code_shape(child) for child in code.codes])


def _language_free_shape(codebook: Codebook) -> dict:
    """Everything about a codebook except its words: ids, order, tree, shortcuts, links, bounds."""
    attributes = []
    for a in codebook.case_attributes:
        shape: dict = {"id": a.id, "type": a.type, "rq": a.research_question, "required": a.required}
        if isinstance(a, IntegerAttribute | NumberAttribute):
            shape["bounds"] = (a.min, a.max)
        if isinstance(a, CategoryAttribute | MultiChoiceAttribute):
            shape["options"] = [(o.id, o.group) for o in a.options]
            shape["groups"] = [g.id for g in a.groups]
        attributes.append(shape)
    return {
        "id": codebook.id,
        "version": codebook.version,
        "questions": [(rq.id, [_code_shape(code) for code in rq.codes]) for rq in codebook.research_questions],
        "hypotheses": [(h.id, h.related_questions) for h in codebook.hypotheses],
        "attributes": attributes,
    }


def test_both_codebooks_validate_through_the_cli(run):
    result = run("validate", DUTCH, ENGLISH)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "2 file(s) checked, all valid" in result.stderr

    as_json = run("validate", "--format", "json", CODEBOOKS)
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout) == []


def test_dutch_and_english_have_the_same_ids_in_the_same_order(dutch, english):
    assert (dutch.language, english.language) == ("nl", "en")
    assert _language_free_shape(dutch) == _language_free_shape(english)
    assert "translation" in (english.description or "")


def test_codes_and_attributes_are_the_planned_ids(dutch):
    assert {rq.id: [c.id for c in _all_codes(rq.codes)] for rq in dutch.research_questions} == PLANNED_CODES
    planned = {
        a.id: (
            a.type,
            a.research_question,
            [o.id for o in a.options] if isinstance(a, CategoryAttribute | MultiChoiceAttribute) else [],
        )
        for a in dutch.case_attributes
    }
    assert planned == PLANNED_ATTRIBUTES
    relation = dutch.attribute("jim_relation")
    assert isinstance(relation, CategoryAttribute)
    assert [g.id for g in relation.groups] == ["family", "non-family"]
    days = dutch.attribute("days_to_positioning")
    age = dutch.attribute("child_age")
    assert isinstance(days, IntegerAttribute) and isinstance(age, IntegerAttribute)
    assert (days.unit, days.min, days.max) == ("dagen", 0, 730)
    assert (age.unit, age.min, age.max) == ("jaar", 0, 18)


def test_research_questions_are_the_studys_verbatim(dutch):
    assert [rq.id for rq in dutch.research_questions] == ["RQ1", "RQ2", "RQ3", "RQ4", "RQ5", "RQ6"]
    assert [rq.question for rq in dutch.research_questions] == STUDY_QUESTIONS


def test_the_expected_questions_are_copied_from_the_study():
    lines = [line.strip() for line in STUDY.read_text(encoding="utf-8").splitlines()]
    for number, question in enumerate(STUDY_QUESTIONS, start=1):
        assert f"{number} {question}" in lines
    for competence in STUDY_COMPETENCES:
        assert f"- {competence}" in lines


def test_the_five_parent_competences_are_the_studys_words(dutch):
    rq3 = next(rq for rq in dutch.research_questions if rq.id == "RQ3")
    assert [code.label for code in rq3.codes[:5]] == STUDY_COMPETENCES


def test_hypotheses_carry_the_studys_statements(dutch):
    assert [h.id for h in dutch.hypotheses] == list(STUDY_HYPOTHESES)
    for hypothesis in dutch.hypotheses:
        opening, ending, related = STUDY_HYPOTHESES[hypothesis.id]
        assert hypothesis.statement.startswith(opening)
        assert hypothesis.statement.endswith(ending)
        assert hypothesis.related_questions == related


def test_hypothesis_statements_are_verbatim_from_the_study(dutch):
    study = _squash(STUDY.read_text(encoding="utf-8"))
    for hypothesis in dutch.hypotheses:
        # "[…]" marks where the study points at a figure; every other line is the study's text.
        fragments = [part for line in hypothesis.statement.splitlines() for part in line.split("[…]")]
        for fragment in filter(None, map(_squash, fragments)):
            assert fragment in study, f"{hypothesis.id}: not in the study: {fragment!r}"


@pytest.mark.parametrize("path", [DUTCH, ENGLISH], ids=["nl", "en"])
def test_every_code_is_fully_described(path):
    codebook = load_codebook(path)
    codes = [code for rq in codebook.research_questions for code in _all_codes(rq.codes)]
    assert len(codes) >= 31
    for code in codes:
        for field in ("definition", "full_definition", "when_to_use", "when_not_to_use", "example"):
            value = getattr(code, field)
            assert value and len(value) >= 20, f"{code.id}: {field} missing or too short"
        assert "\n" not in code.definition, f"{code.id}: the definition is one line"
    shortcuts = [code.shortcut for code in codes if code.shortcut]
    assert len(shortcuts) >= 15 and len(set(shortcuts)) == len(shortcuts)


@pytest.mark.parametrize("path", [DUTCH, ENGLISH], ids=["nl", "en"])
def test_codebooks_point_editors_at_the_schema(path):
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./codebook.schema.json"


def test_schema_file_is_what_jimcode_prints(run):
    result = run("schema", "codebook")
    assert result.exit_code == 0
    assert SCHEMA_FILE.read_text(encoding="utf-8") == result.stdout, (
        "codebooks/codebook.schema.json is stale: run `jimcode schema codebook > codebooks/codebook.schema.json`"
    )


def test_json_schema_accepts_the_shipped_codebooks_and_rejects_a_broken_one():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in (DUTCH, ENGLISH):
        data = load_yaml_file(path).data
        assert list(validator.iter_errors(data)) == [], path.name
    broken = copy.deepcopy(load_yaml_file(DUTCH).data)
    del broken["research_questions"][0]["codes"][0]["label"]
    assert list(validator.iter_errors(broken))


def test_dutch_texts_name_codes_and_attributes_by_their_dutch_labels(dutch):
    """A Dutch coder reads ‘Hulpvraag van het kind’, not request-child, and no English words of the tool."""
    ids = {numbered.code.id for numbered in dutch.numbered_codes()} | {a.id for a in dutch.case_attributes}
    texts = [text for numbered in dutch.numbered_codes() for _, text in numbered.code.guidance()]
    texts += [a.help or "" for a in dutch.case_attributes] + [q.description or "" for q in dutch.research_questions]
    named = sorted({i for text in texts for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)})
    english = sorted({w for text in texts for w in ("evidence", "supports", "contradicts") if w in text})
    # `trauma` and `none` are ids and also words; only the ids with a hyphen or underscore are unmistakable
    assert [i for i in named if "-" in i or "_" in i] == [] and english == []


def test_the_english_codebook_has_none_of_the_calques(english):
    text = ENGLISH.read_text("utf-8")
    calques = (r"make something good", r"\bthe care\b(?! services)", r"look along", r"crowbar", r"pain points")
    assert [calque for calque in calques if re.search(calque, text)] == []
