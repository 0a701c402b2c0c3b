"""A synthetic coded corpus of the study's eight cases, for the summary and retrieve tests.

The records are coded against the shipped codebook (`codebooks/jim-12min.nl.yaml`); `CODEBOOK`
is a small codebook with the same ids plus a child code, for tests that need their own. The
records are built through
the real `CodedRecord` models and written with `dump_record`, exactly as a coding session
writes them. The attributes follow the study's case table, so a summary of this corpus must
show the study's figures: mean 58 days (8 weeks), range 0 days to 5 months; JIM relation
3 grandmothers, 2 uncles, 1 friend of the mother (family 5 of 6 = 83%); parents' attitude
2 / 2 / 4 of 8 (25% / 25% / 50%).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from jimcode.codebook.model import load_codebook
from jimcode.records.model import (
    CodebookRef,
    CodedRecord,
    Evidence,
    HypothesisVerdict,
    InterviewInfo,
    SegmentDecision,
    TranscriptRef,
    dump_record,
    record_path,
)

QUESTIONS = {
    "RQ1": ("hulpvraag", ["request-professional", "request-parent", "request-child", "request-jim"]),
    "RQ2": ("positionering", ["positioning-quick", "positioning-delay-parents", "positioning-not-yet"]),
    "RQ3": ("competenties ouders", ["competence-open-to-network", "competence-accept-help", "parents-gatekeeper"]),
    "RQ4": ("relatie JIM-kind", ["jim-already-involved", "jim-new-role", "intergenerational-patterns"]),
    "RQ5": ("meerwaarde", ["value-supports-parents", "value-voice-of-child"]),
    "RQ6": ("geleerd", ["lesson-jim-already-there", "lesson-phase-over-age"]),
}
CHILD_CODES = {"request-jim": ["request-jim-sharper"]}


def _code(code_id: str) -> dict:
    entry = {"id": code_id, "label": code_id.replace("-", " ").capitalize(), "definition": f"About {code_id}."}
    children = CHILD_CODES.get(code_id)
    if children:
        entry["codes"] = [_code(child) for child in children]
    return entry


def _options(ids: list[str], group: dict[str, str] | None = None) -> list[dict]:
    options = []
    for option in ids:
        entry = {"id": option, "label": option.replace("-", " ")}
        if group and option in group:
            entry["group"] = group[option]
        options.append(entry)
    return options


FAMILY = ["grandmother", "grandfather", "aunt", "uncle", "sibling", "other-family"]
NON_FAMILY = ["family-friend", "neighbour", "other"]

CODEBOOK = {
    "id": "jim-12min",
    "version": "1.0",
    "title": "JIM onder 12",
    "language": "nl",
    "research_questions": [
        {"id": rq, "title": title, "question": f"Question {rq}?", "codes": [_code(c) for c in codes]}
        for rq, (title, codes) in QUESTIONS.items()
    ],
    "hypotheses": [
        {
            "id": "H1",
            "title": "ouders poortwachters",
            "statement": "Parents are gatekeepers.",
            "related_questions": ["RQ1", "RQ3"],
        },
        {
            "id": "H2",
            "title": "verweven leefwereld",
            "statement": "JIM is interwoven.",
            "related_questions": ["RQ4", "RQ5"],
        },
        {"id": "H3", "title": "trauma", "statement": "Watch trauma signals.", "related_questions": ["RQ3", "RQ4"]},
        {
            "id": "H4",
            "title": "fase niet leeftijd",
            "statement": "Phase, not age.",
            "related_questions": ["RQ1", "RQ6"],
        },
    ],
    "case_attributes": [
        {
            "id": "child_age",
            "label": "Age",
            "question": "How old?",
            "type": "integer",
            "unit": "years",
            "min": 0,
            "max": 18,
        },
        {
            "id": "developmental_phase",
            "label": "Phase",
            "question": "Phase?",
            "type": "category",
            "options": [{"id": f"phase-{p}", "label": p} for p in ("0-2", "2-4", "4-6", "6-12", "12-18")],
        },
        {
            "id": "organisation",
            "label": "Organisation",
            "question": "Which?",
            "type": "category",
            "options": [
                {"id": "levvel", "label": "Levvel"},
                {"id": "youke", "label": "Youké"},
                {"id": "altra", "label": "Altra"},
                {"id": "other", "label": "Other"},
            ],
        },
        {
            "id": "professional_experience",
            "label": "Experience",
            "question": "Experience?",
            "type": "category",
            "options": _options(["experienced", "in-training"]),
        },
        {
            "id": "jim_positioned",
            "label": "JIM positioned",
            "question": "Positioned?",
            "type": "boolean",
            "research_question": "RQ2",
        },
        {
            "id": "days_to_positioning",
            "label": "Days to positioning",
            "question": "How many days?",
            "type": "integer",
            "unit": "days",
            "min": 0,
            "max": 730,
            "research_question": "RQ2",
        },
        {
            "id": "jim_relation",
            "label": "JIM relation",
            "question": "Who is the JIM?",
            "type": "category",
            "research_question": "RQ4",
            "options": _options(
                FAMILY + NON_FAMILY, {o: "family" for o in FAMILY} | {o: "non-family" for o in NON_FAMILY}
            ),
            "groups": [{"id": "family", "label": "family"}, {"id": "non-family", "label": "non-family"}],
        },
        {
            "id": "parents_attitude",
            "label": "Parents' attitude",
            "question": "Attitude?",
            "type": "category",
            "research_question": "RQ3",
            "options": _options(["logical", "unfamiliar", "difficult"]),
        },
        {
            "id": "parent_signals",
            "label": "Parent signals",
            "question": "Signals?",
            "type": "multi_choice",
            "options": _options(["trauma", "intergenerational", "psychiatric", "addiction", "none"]),
        },
        {
            "id": "placement_averted",
            "label": "Placement averted",
            "question": "Averted?",
            "type": "category",
            "research_question": "RQ5",
            "options": _options(["yes", "no", "unknown"]),
        },
        {"id": "case_summary", "label": "Summary", "question": "Summary?", "type": "text"},
    ],
}


@dataclass
class Case:
    transcript: str
    case: str
    age: int
    phase: str
    professional: str
    organisation: str
    experience: str
    relation: str | None
    days: int | None
    attitude: str
    signals: list[str] = field(default_factory=list)
    averted: str = "yes"


CASES = [
    Case(
        "case-01-noah",
        "Noah",
        13,
        "6-12",
        "Cecile",
        "levvel",
        "experienced",
        "grandmother",
        14,
        "difficult",
        ["trauma", "intergenerational"],
    ),
    Case("case-02-sem", "Sem", 8, "6-12", "Cecile", "levvel", "experienced", "uncle", 0, "logical", ["none"]),
    Case(
        "case-03-lotte",
        "Lotte",
        5,
        "4-6",
        "Marloes",
        "levvel",
        "in-training",
        "grandmother",
        150,
        "difficult",
        ["psychiatric"],
    ),
    Case(
        "case-04-mila",
        "Mila",
        3,
        "2-4",
        "Fatima",
        "youke",
        "in-training",
        "family-friend",
        86,
        "unfamiliar",
        ["none"],
        "unknown",
    ),
    Case(
        "case-05-daan",
        "Daan",
        10,
        "6-12",
        "Fatima",
        "youke",
        "in-training",
        None,
        None,
        "difficult",
        ["addiction", "trauma"],
        "no",
    ),
    Case("case-06-yara", "Yara", 7, "4-6", "Jeroen", "youke", "in-training", "uncle", 56, "unfamiliar", []),
    Case("case-07-finn", "Finn", 11, "6-12", "Ingrid", "altra", "experienced", "grandmother", 42, "logical", ["none"]),
    Case(
        "case-08-saar",
        "Saar",
        4,
        "2-4",
        "Thijs",
        "altra",
        "in-training",
        None,
        None,
        "difficult",
        ["intergenerational"],
        "unknown",
    ),
]
ORGANISATION_NAMES = {"levvel": "Levvel", "youke": "Youké", "altra": "Altra"}
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SHIPPED = Path(__file__).resolve().parent.parent / "codebooks" / "jim-12min.nl.yaml"


def case_segments(case: Case) -> list[SegmentDecision]:
    """Six speaker turns per case, coded so that the code counts are easy to predict.

    parents-gatekeeper: every case (s002), with H1 evidence; jim-already-involved: the three
    grandmothers (s004, with a memo); positioning-not-yet: Daan and Saar; request-jim-sharper
    (a child of request-jim): Noah only; s005 is not relevant; a 'difficult' case has H3 evidence.
    """
    name = case.case
    positioned = case.relation is not None
    turns = [
        ("Interviewer", f"Kun je iets vertellen over {name}?", [], [], None, "coded"),
        (
            "Professional",
            f"De hulpvraag bij {name} kwam van school en van de ouders samen, zij wilden rust thuis.",
            ["request-professional", "request-parent"],
            [],
            None,
            "coded",
        ),
        (
            "Professional",
            f"De ouders van {name} bepaalden wie er mocht meedenken; zonder hun ja kwam er niemand bij.",
            ["parents-gatekeeper", "competence-accept-help"],
            [Evidence(hypothesis="H1", stance="supports")],
            None,
            "coded",
        ),
        ("Interviewer", "Hoe lang duurde het voordat de JIM er was?", [], [], None, "coded"),
        (
            "Professional",
            f"De {case.relation or 'JIM'} was er eigenlijk altijd al voor {name}, we hebben die rol alleen benoemd.",
            ["jim-already-involved", "lesson-jim-already-there"]
            if case.relation == "grandmother"
            else ["positioning-not-yet"]
            if not positioned
            else ["jim-new-role"],
            [Evidence(hypothesis="H2", stance="supports" if positioned else "nuances", note="rol benoemd")],
            "oma al in beeld" if case.relation == "grandmother" else None,
            "coded",
        ),
        ("Professional", "Verder nog even over het weer.", [], [], None, "not_relevant"),
    ]
    if name == "Noah":
        turns[1] = (*turns[1][:2], [*turns[1][2], "request-jim-sharper"], *turns[1][3:])
    if case.attitude == "difficult":
        turns[2] = (*turns[2][:3], [*turns[2][3], Evidence(hypothesis="H3", stance="supports")], *turns[2][4:])
    return [
        SegmentDecision(
            segment_id=f"s{i + 1:03d}",
            index=i,
            speaker=speaker,
            text=text,
            start_line=2 * i + 1,
            end_line=2 * i + 1,
            status=status,
            codes=codes,
            evidence=evidence,
            memo=memo,
        )
        for i, (speaker, text, codes, evidence, memo, status) in enumerate(turns)
    ]


def case_verdicts(case: Case) -> list[HypothesisVerdict]:
    verdicts = [HypothesisVerdict(hypothesis="H1", verdict="mixed" if case.attitude == "logical" else "supports")]
    verdicts.append(HypothesisVerdict(hypothesis="H2", verdict="supports" if case.relation else "not_applicable"))
    if case.attitude == "difficult":
        verdicts.append(HypothesisVerdict(hypothesis="H3", verdict="supports"))
    return verdicts


def case_attributes(case: Case) -> dict:
    return {
        "child_age": case.age,
        "developmental_phase": f"phase-{case.phase}",
        "organisation": case.organisation,
        "professional_experience": case.experience,
        "jim_positioned": case.relation is not None,
        "days_to_positioning": case.days,
        "jim_relation": case.relation,
        "parents_attitude": case.attitude,
        "parent_signals": case.signals,
        "placement_averted": case.averted,
        "case_summary": f"{case.case}, {case.age} jaar.",
    }


def make_record(
    case: Case,
    coder: str = "alice",
    *,
    status: str = "complete",
    sha256: str | None = None,
    version: str = "1.0",
    codebook_sha256: str | None = None,
    codebook_path: str | None = str(SHIPPED),
) -> CodedRecord:
    """One case's record, coded against the shipped codebook unless told otherwise."""
    segments = case_segments(case)
    if codebook_sha256 is None:
        codebook_sha256 = shipped_sha256()
    return CodedRecord(
        transcript=TranscriptRef(
            id=case.transcript,
            path=f"../transcripts/{case.transcript}.md",
            sha256=sha256 or f"{case.transcript:0<64}"[:64],
            format="markdown",
            segment_by="turn",
            segments=len(segments),
        ),
        codebook=CodebookRef(id="jim-12min", version=version, sha256=codebook_sha256, path=codebook_path),
        case=case.case,
        coder=coder,
        status=status,
        started_at=NOW,
        updated_at=NOW,
        completed_at=NOW if status == "complete" else None,
        interview=InterviewInfo(interviewee=case.professional, organisation=ORGANISATION_NAMES[case.organisation]),
        attributes=case_attributes(case),
        segments=segments,
        verdicts=case_verdicts(case),
    )


@functools.cache
def shipped_sha256() -> str:
    return load_codebook(SHIPPED).sha256


def write_codebook(folder: Path, data: dict | None = None) -> Path:
    """The small test codebook (or `data`) as YAML in `folder`."""
    path = folder / "jim-12min.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data or CODEBOOK, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_record(folder: Path, record: CodedRecord, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name if name else record_path(folder, record.transcript.id, record.coder)
    path.write_text(dump_record(record), encoding="utf-8")
    return path


def write_study(base: Path, codebook: Path = SHIPPED, coder: str = "alice", **record_options: Any) -> Path:
    """The eight records, coded against `codebook` (default: the shipped one); returns their folder."""
    loaded = load_codebook(codebook)
    coded = base / "coded"
    for case in CASES:
        record = make_record(
            case, coder, codebook_sha256=loaded.sha256, codebook_path=str(codebook.resolve()), **record_options
        )
        write_record(coded, record)
    return coded


# The study's figures as rows, by attribute (the codebook's labels, Dutch as shipped). Each row is a
# table line's cells from left to right; a category table ends with its "no answer" row.
STUDY_READINGS = {"days_to_positioning": "Mean 58 days (8 weeks), range 0 days to 5 months (n=6)."}
STUDY_ROWS = {
    # 14, 0, 150, 86, 56, 42 days: sum 348 / 6 = 58; sorted 0 14 42 56 86 150, median (42 + 56) / 2 = 49.
    "days_to_positioning": [("All cases", "6", "58", "49", "0", "150", "54.4", "2")],
    # 3 grandmothers + 2 uncles = 5 of the 6 answers are family (83%); 1 friend of the family (17%).
    "jim_relation": [
        ("Familie", "5 (83%)"),
        ("Oma", "3 (50%)"),
        ("Oom", "2 (33%)"),
        ("Geen familie", "1 (17%)"),
        ("Vriend(in) van de familie", "1 (17%)"),
        ("no answer", "2"),
    ],
    # A quarter logical, a quarter unfamiliar, half outright difficult: 2 / 2 / 4 of 8.
    "parents_attitude": [
        ("Logisch", "2 (25%)"),
        ("Onwennig", "2 (25%)"),
        ("Ronduit moeilijk", "4 (50%)"),
        ("no answer", "0"),
    ],
}
# The headings of those sections in the Markdown and table formats, and the research question whose
# section each stands in (the attribute's `research_question:`), beside that question's codes.
STUDY_HEADINGS = {
    "days_to_positioning": "Dagen tot positionering (dagen)",
    "jim_relation": "Relatie JIM tot kind",
    "parents_attitude": "Houding ouders tegenover eigen netwerk",
}
STUDY_QUESTIONS = {"days_to_positioning": "RQ2", "jim_relation": "RQ4", "parents_attitude": "RQ3"}


# The days to positioning in one line, in jimcode's words of each language (the figures are the same).
READING_OF_DAYS = {
    "en": "mean 58 days (8 weeks), range 0 days to 5 months",
    "nl": "gemiddeld 58 dagen (8 weken), spreiding 0 dagen tot 5 maanden",
}


def assert_study_figures(result: dict[str, Any]) -> None:
    """The study's figures in a `jimcode summary --format json` result (all cases group), by id.

    Ids rather than labels, so that it holds for the English codebook too.
    """
    everyone = result["groups"][0]
    assert everyone["corpus"]["cases"] == 8
    attributes = {a["id"]: a for a in everyone["attributes"]}

    def answers(attribute: dict) -> tuple:
        return tuple(attribute[key] for key in ("cases", "answered", "missing", "invalid"))

    days = attributes["days_to_positioning"]
    assert days["stats"] == {"n": 6, "mean": 58, "median": 49, "min": 0, "max": 150, "sd": 54.42}
    assert answers(days) == (8, 6, 2, 0)
    assert days["reading"] == READING_OF_DAYS[result["interface_language"]]

    relation = attributes["jim_relation"]
    assert [(o["id"], o["group"], o["count"], o["percent"]) for o in relation["options"]] == [
        ("grandmother", "family", 3, 50.0),
        ("grandfather", "family", 0, 0.0),
        ("aunt", "family", 0, 0.0),
        ("uncle", "family", 2, 33.3),
        ("sibling", "family", 0, 0.0),
        ("other-family", "family", 0, 0.0),
        ("family-friend", "non-family", 1, 16.7),
        ("neighbour", "non-family", 0, 0.0),
        ("other", "non-family", 0, 0.0),
    ]
    assert answers(relation) == (8, 6, 2, 0)
    assert [(g["id"], g["count"], g["percent"]) for g in relation["option_groups"]] == [
        ("family", 5, 83.3),
        ("non-family", 1, 16.7),
    ]

    attitude = attributes["parents_attitude"]
    assert [(o["id"], o["count"], o["percent"]) for o in attitude["options"]] == [
        ("logical", 2, 25.0),
        ("unfamiliar", 2, 25.0),
        ("difficult", 4, 50.0),
    ]
    assert answers(attitude) == (8, 8, 0, 0)


def assert_study_text(text: str) -> None:
    """The same figures as a reader sees them, row by row: `--format markdown` or `--format table`."""
    sections = markdown_sections(text) if text.startswith("# Summary") else table_sections(text)
    for attribute_id, heading in STUDY_HEADINGS.items():
        question, reading, rows = sections[heading]
        assert question == STUDY_QUESTIONS[attribute_id], heading
        assert rows == STUDY_ROWS[attribute_id], heading
        assert reading == STUDY_READINGS.get(attribute_id), heading


def assert_study_html(page: str) -> None:
    """The same rows in the HTML page's tables, found by each attribute's anchor inside its question's section."""
    for attribute_id in STUDY_HEADINGS:
        question = STUDY_QUESTIONS[attribute_id]
        in_question = page.split(f'<h3 id="question-{question}">', 1)[1].split("<h3", 1)[0]
        section = in_question.split(f'<h4 id="attribute-{attribute_id}">', 1)[1].split("<h4", 1)[0]
        table = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        rows = [
            tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row))
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)
        ]
        assert rows == STUDY_ROWS[attribute_id], attribute_id
        reading = re.search(r'<p class="reading">(.*?)</p>', section)
        assert (reading and reading.group(1)) == STUDY_READINGS.get(attribute_id), attribute_id


def assert_study_csv(rows: list[dict[str, str]]) -> None:
    """The same figures in `--format csv` (one table): every row of the three attributes, whole."""

    def of(attribute_id: str) -> list[tuple[str, ...]]:
        return [
            (row["row"], row["key"], row["value"], row["count"], row["n"], row["percent"])
            for row in rows
            if row["section"] == "attributes" and row["group"] == "All cases" and row["attribute"] == attribute_id
        ]

    # (row, key, value, count, n, percent)
    assert of("days_to_positioning") == [
        ("answered", "", "", "6", "8", ""),
        ("missing", "", "", "2", "8", ""),
        ("invalid", "", "", "0", "8", ""),
        ("stat", "n", "6", "", "", ""),
        ("stat", "mean", "58", "", "", ""),
        ("stat", "median", "49", "", "", ""),
        ("stat", "min", "0", "", "", ""),
        ("stat", "max", "150", "", "", ""),
        ("stat", "sd", "54.42", "", "", ""),
    ]
    assert of("jim_relation") == [
        ("answered", "", "", "6", "8", ""),
        ("missing", "", "", "2", "8", ""),
        ("invalid", "", "", "0", "8", ""),
        ("option_group", "family", "", "5", "6", "83.3"),
        ("option_group", "non-family", "", "1", "6", "16.7"),
        ("option", "grandmother", "", "3", "6", "50.0"),
        ("option", "grandfather", "", "0", "6", "0.0"),
        ("option", "aunt", "", "0", "6", "0.0"),
        ("option", "uncle", "", "2", "6", "33.3"),
        ("option", "sibling", "", "0", "6", "0.0"),
        ("option", "other-family", "", "0", "6", "0.0"),
        ("option", "family-friend", "", "1", "6", "16.7"),
        ("option", "neighbour", "", "0", "6", "0.0"),
        ("option", "other", "", "0", "6", "0.0"),
    ]
    assert of("parents_attitude") == [
        ("answered", "", "", "8", "8", ""),
        ("missing", "", "", "0", "8", ""),
        ("invalid", "", "", "0", "8", ""),
        ("option", "logical", "", "2", "8", "25.0"),
        ("option", "unfamiliar", "", "2", "8", "25.0"),
        ("option", "difficult", "", "4", "8", "50.0"),
    ]


Section = tuple[str | None, str | None, list[tuple[str, ...]]]
_QUESTION = re.compile(r"^(RQ\d+) ")


def markdown_sections(markdown: str) -> dict[str, Section]:
    """Each `###` and `####` section of a Markdown summary: the research question it stands in (the `### RQn`
    section it is, or is inside of; None elsewhere), its bold reading line (if any) and its first table's body rows.

    A row is its cells without the bold markers; the header and `---` lines are left out.
    """
    sections: dict[str, Section] = {}
    question = None
    for block in re.split(r"^(?=#{2,4} )", markdown, flags=re.M)[1:]:
        marks, _, rest = block.partition(" ")
        heading, *lines = rest.split("\n")
        if marks == "##":
            question = None
            continue
        if marks == "###":
            found = _QUESTION.match(heading)
            question = found.group(1) if found else None
        first = next((i for i, line in enumerate(lines) if line.startswith("|")), len(lines))
        readings = [line.strip("*") for line in lines[:first] if line.startswith("**")]
        table = []
        for line in lines[first:]:
            if not line.startswith("|"):
                break
            table.append(line)
        rows = [tuple(cell.strip().strip("*") for cell in line.strip("|").split("|")) for line in table[2:]]
        sections[heading] = (question, readings[0] if readings else None, rows)
    return sections


def table_sections(text: str) -> dict[str, Section]:
    """Each section of the terminal table format, as `markdown_sections` gives them.

    A section starts at a line that is not indented and ends at a blank line; a heading `RQn …` opens a
    research question's section, a rule (`── Title ──`) ends it. The rows are the indented lines after the
    first table's rule whose cells (two or more spaces apart) are at least two, which leaves out the
    wrapped header and the notes.
    """
    sections: dict[str, Section] = {}
    question = None
    for block in re.split(r"\n\s*\n", text):
        heading, *lines = [line.rstrip() for line in block.split("\n")]
        if heading.startswith("─"):
            question = None
            continue
        found = _QUESTION.match(heading)
        if found:
            question = found.group(1)
        rule = next((i for i, line in enumerate(lines) if set(line.strip()) == {"─"}), None)
        if rule is None or heading.startswith(" "):
            continue
        reading = lines[0] if not lines[0].startswith(" ") else None
        rows = []
        for line in lines[rule + 1 :]:
            cells = tuple(re.split(r"\s{2,}", line.strip()))
            if len(cells) < 2:
                break
            rows.append(cells)
        sections[heading] = (question, reading, rows)
    return sections
