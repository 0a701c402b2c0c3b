"""The study's layout of `jimcode summary` (issue 12, sections 2 and 5), through the real CLI.

A study header (cases, interviewees, organisations, coders, records), the attributes of a research
question inside its section, attributes `about: interviewee` counted once per interviewee,
hypotheses with the cases behind each verdict and their evidence by stance, and the codebook's
reference figures beside the computed ones with a marked note where a reported one differs.
The example records are the study's eight cases told by six professionals (Cecile speaks about
Noah and Sem, Fatima about Mila and Daan).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import yaml

from tests.summary_study import (
    CASES,
    CODEBOOK,
    SHIPPED,
    make_record,
    markdown_sections,
    table_sections,
    write_codebook,
    write_record,
    write_study,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "coded"
ENGLISH = ROOT / "codebooks" / "jim-12min.en.yaml"

HEADER_NL = (
    "8 casussen, 6 geïnterviewden van 3 organisaties (Altra, Levvel, Youké); "
    "records: 8 afgerond, 0 in bewerking; gecodeerd door anna, consensus."
)
HEADER_EN = (
    "8 cases, 6 interviewees from 3 organisations (Altra, Levvel, Youké); "
    "records: 8 complete, 0 in progress; coded by anna, consensus."
)
# The header table of the examples, row by row (label, all cases).
HEADER_ROWS_NL = [
    ("Casussen", "8"),
    ("Geïnterviewden", "6"),
    ("Organisaties (geïnterviewden)", "Altra 2, Levvel 2, Youké 2"),
    ("Codeurs", "anna 7, consensus 1"),
    ("Afgerond", "8"),
    ("In bewerking", "0"),
]


def summary(run, *args: str | Path) -> str:
    result = run("summary", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def section(markdown: str, heading: str) -> str:
    """The Markdown from a heading line (`### RQ4 …`) to the next heading of the same or a higher level."""
    level = heading.split(" ", 1)[0]
    start = markdown.index(f"\n{heading}\n")
    ends = [m.start() for m in re.finditer(rf"^#{{2,{len(level)}}} ", markdown[start + 1 :], flags=re.M)][1:]
    return markdown[start : start + 1 + ends[0]] if ends else markdown[start:]


def table_rows(markdown: str, title: str | None = None) -> list[tuple[str, ...]]:
    """The body rows of the first Markdown table (after `**title**` when given), cells without bold markers."""
    if title is not None:
        markdown = markdown.split(f"**{title}**", 1)[1]
    lines = markdown[markdown.index("\n|") + 1 :].split("\n")
    table = [line for line in _leading(lines, "|")]
    return [tuple(cell.strip().strip("*") for cell in line.strip("|").split("|")) for line in table[2:]]


def _leading(lines: list[str], prefix: str) -> list[str]:
    found = []
    for line in lines:
        if not line.startswith(prefix):
            break
        found.append(line)
    return found


# --- the study header -----------------------------------------------------------------------------


def test_the_header_opens_the_markdown_report_with_the_studys_counts(run):
    markdown = summary(run, EXAMPLES, "--no-quotes", "--format", "markdown")
    headings = re.findall(r"^## (.+)$", markdown, flags=re.M)
    assert headings[0] == "Het onderzoek"
    study = section(markdown, "## Het onderzoek")
    assert study.split("\n")[3] == f"**{HEADER_NL}**"
    assert table_rows(study)[: len(HEADER_ROWS_NL)] == HEADER_ROWS_NL


def test_the_header_in_json_terminal_and_html(run):
    corpus = json.loads(summary(run, EXAMPLES, "--format", "json"))["groups"][0]["corpus"]
    assert (corpus["cases"], corpus["interviewees"], corpus["interviewee_missing"]) == (8, 6, 0)
    assert [(o["name"], o["cases"], o["interviewees"]) for o in corpus["organisations"]] == [
        ("Altra", 2, 2),
        ("Levvel", 3, 2),
        ("Youké", 3, 2),
    ]
    assert (corpus["complete"], corpus["in_progress"]) == (8, 0)

    text = summary(run, EXAMPLES, "--no-quotes", "--format", "table")
    lines = [line.strip() for line in text.splitlines()]
    assert " ".join(text.split()).count(HEADER_NL) == 1
    rows = {tuple(re.split(r"\s{2,}", line)) for line in lines}
    assert {("Casussen", "8"), ("Geïnterviewden", "6"), ("In bewerking", "0")} <= rows

    page = summary(run, EXAMPLES, "--no-quotes", "--format", "html")
    header = page.split('<h2 id="study">', 1)[1].split("<h2", 1)[0]
    assert f'<p class="reading">{HEADER_NL}</p>' in header
    assert "<td>Geïnterviewden</td><td>6</td>" in re.sub(r"\s*<", "<", re.sub(r' class="[^"]*"', "", header))


def test_the_english_codebook_gives_the_same_header_in_english(run):
    markdown = summary(run, EXAMPLES, "--codebook", ENGLISH, "--no-quotes", "--format", "markdown")
    study = section(markdown, "## The study")
    assert study.split("\n")[3] == f"**{HEADER_EN}**"
    assert table_rows(study)[:3] == [
        ("Cases", "8"),
        ("Interviewees", "6"),
        ("Organisations (interviewees)", "Altra 2, Levvel 2, Youké 2"),
    ]


def test_cases_without_an_interviewee_are_said_and_each_counts_once_for_its_organisation(run, tmp_path):
    coded = write_study(tmp_path)
    for case in (CASES[0], CASES[1]):  # Noah and Sem: Cecile's two cases
        record = make_record(case)
        record.interview.interviewee = None
        write_record(coded, record)
    corpus = json.loads(summary(run, coded, "--format", "json"))["groups"][0]["corpus"]
    assert (corpus["interviewees"], corpus["interviewee_missing"]) == (5, 2)
    # Levvel: Marloes, and Noah's and Sem's unnamed interviewees (one each)
    assert [(o["name"], o["interviewees"]) for o in corpus["organisations"]] == [
        ("Altra", 2),
        ("Levvel", 3),
        ("Youké", 2),
    ]
    rows = table_rows(section(summary(run, coded, "--format", "markdown"), "## Het onderzoek"))
    assert rows[1] == ("Geïnterviewden", "5; bij 2 casussen is geen geïnterviewde genoemd")


# --- attributes in their research question's section ---------------------------------------------


def test_the_attributes_of_a_question_stand_in_its_section_beside_its_codes(run):
    markdown = summary(run, EXAMPLES, "--no-quotes", "--format", "markdown")
    sections = markdown_sections(markdown)
    expected = {
        "JIM gepositioneerd": ("RQ2", [("Ja", "6 (75%)"), ("Nee", "2 (25%)"), ("geen antwoord", "0")]),
        "Houding ouders tegenover eigen netwerk": (
            "RQ3",
            [("Logisch", "2 (25%)"), ("Onwennig", "2 (25%)"), ("Ronduit moeilijk", "4 (50%)"), ("geen antwoord", "0")],
        ),
        "Uithuisplaatsing voorkomen": (
            "RQ5",
            [("Ja", "5 (63%)"), ("Nee", "1 (13%)"), ("Onbekend", "2 (25%)"), ("geen antwoord", "0")],
        ),
    }
    for heading, (question, rows) in expected.items():
        found_in, _, found = sections[heading]
        assert (found_in, found) == (question, rows), heading
    # the days: the reading and the numbers, in RQ2 after its codes
    rq2 = section(markdown, "### RQ2 Duur tot positionering van de JIM")
    assert rq2.index("| 9 | (Nog) geen JIM gepositioneerd |") < rq2.index("#### Dagen tot positionering (dagen)")
    assert "**Gemiddeld 58 dagen (8 weken), spreiding 0 dagen tot 5 maanden (n=6).**" in rq2
    assert table_rows(rq2.split("#### Dagen tot positionering", 1)[1]) == [
        ("Alle casussen", "6", "58", "49", "0", "150", "54,4", "2")
    ]
    # the relation, family versus network, in RQ4
    rq4 = section(markdown, "### RQ4 Relatie van de JIM tot het kind")
    assert table_rows(rq4.split("#### Relatie JIM tot kind", 1)[1]) == [
        ("Familie", "5 (83%)"),
        ("Oma", "3 (50%)"),
        ("Oom", "2 (33%)"),
        ("Geen familie", "1 (17%)"),
        ("Vriend(in) van de familie", "1 (17%)"),
        ("geen antwoord", "2"),
    ]
    # none of them in the case attributes, and no heading tagged with its question
    attributes = section(markdown, "## Casuskenmerken")
    assert re.findall(r"^### (.+)$", attributes, flags=re.M) == [
        "Leeftijd kind (jaar)",
        "Ontwikkelingsfase",
        "Organisatie",
        "JIM-ervaring professional",
        "Verstandelijke beperking (LVB)",
    ]
    assert not re.search(r"^#+ .*\(RQ\d", markdown, flags=re.M)


def test_the_terminal_report_puts_them_in_the_question_too(run):
    sections = table_sections(summary(run, EXAMPLES, "--no-quotes", "--format", "table"))
    assert sections["JIM gepositioneerd"][0] == "RQ2"
    assert sections["Relatie JIM tot kind"][0] == "RQ4"
    assert sections["Organisatie"][0] is None


# --- about: interviewee ---------------------------------------------------------------------------


def test_an_attribute_about_the_interviewee_counts_each_professional_once(run):
    result = json.loads(summary(run, EXAMPLES, "--format", "json"))
    attributes = {a["id"]: a for a in result["groups"][0]["attributes"]}
    organisation = attributes["organisation"]
    assert (organisation["about"], organisation["cases"], organisation["units"], organisation["answered"]) == (
        "interviewee",
        8,
        6,
        6,
    )
    assert [(o["id"], o["count"], o["percent"]) for o in organisation["options"]] == [
        ("levvel", 2, 33.3),
        ("youke", 2, 33.3),
        ("altra", 2, 33.3),
        ("other", 0, 0.0),
    ]
    experience = attributes["professional_experience"]
    assert [(o["id"], o["count"]) for o in experience["options"]] == [("experienced", 2), ("in-training", 4)]
    assert attributes["jim_relation"]["about"] == "case" and attributes["jim_relation"]["units"] == 8

    markdown = summary(run, EXAMPLES, "--no-quotes", "--format", "markdown")
    organisation_section = section(markdown, "### Organisatie")
    assert table_rows(organisation_section) == [
        ("Levvel", "2 (33%)"),
        ("Youké", "2 (33%)"),
        ("Altra", "2 (33%)"),
        ("geen antwoord", "0"),
    ]
    assert "| | Alle casussen (n=6) |" in organisation_section.replace("|  |", "| |")
    assert "*Eén keer geteld per geïnterviewde, niet per casus" in organisation_section


def test_about_case_counts_the_same_answers_per_case(run, tmp_path):
    """The test codebook says nothing of `about`: Cecile's Levvel counts for Noah and for Sem."""
    coded = write_study(tmp_path, write_codebook(tmp_path / "codebook"))
    result = json.loads(summary(run, coded, "--format", "json"))
    organisation = next(a for a in result["groups"][0]["attributes"] if a["id"] == "organisation")
    assert organisation["about"] == "case" and organisation["units"] == 8
    assert [(o["id"], o["count"]) for o in organisation["options"][:3]] == [("levvel", 3), ("youke", 3), ("altra", 2)]


def test_an_interviewee_is_one_person_in_every_group_and_answers_are_counted_per_group(run, tmp_path):
    """By phase: Cecile speaks about Noah (6-12) and Sem (6-12): once in that group."""
    data = yaml.safe_load(yaml.safe_dump(CODEBOOK))
    for attribute in data["case_attributes"]:
        if attribute["id"] == "organisation":
            attribute["about"] = "interviewee"
    coded = write_study(tmp_path, write_codebook(tmp_path / "codebook", data))
    result = json.loads(summary(run, coded, "--by", "developmental_phase", "--format", "json"))
    counts = {
        group["label"]: [(o["id"], o["count"]) for o in group["attributes"][2]["options"] if o["count"]]
        for group in result["groups"]
    }
    cases = {case.case: (case.phase, case.professional, case.organisation) for case in CASES}
    by_phase: dict[str, dict[str, set[str]]] = {}
    for phase, professional, organisation in cases.values():
        by_phase.setdefault(phase, {}).setdefault(organisation, set()).add(professional)
    for phase, organisations in by_phase.items():
        expected = sorted((o, len(people)) for o, people in organisations.items())
        assert sorted(counts[phase]) == expected, phase


# --- hypotheses -----------------------------------------------------------------------------------


def test_each_hypothesis_names_the_cases_behind_each_verdict_and_quotes_evidence_by_stance(run):
    markdown = summary(run, EXAMPLES, "--format", "markdown")
    h1 = section(markdown, "### H1 Ouders als poortwachter")
    assert table_rows(h1, "Oordeel per casus") == [
        ("ondersteunt", "Daan, Lotte, Mila, Noah, Saar, Sem, Yara", "7 (88%)"),
        ("weerspreekt", "Finn", "1 (13%)"),
        ("gemengd", "–", "0"),
        ("niet van toepassing", "–", "0"),
        ("geen oordeel", "–", "0"),
    ]
    assert table_rows(h1, "Onderbouwing") == [
        ("ondersteunt", "12 in 7 casussen"),
        ("weerspreekt", "2 in 1 casus"),
        ("nuanceert", "3 in 3 casussen"),
    ]
    stances = re.findall(r"^\*\*Onderbouwing die (\w+)\*\*$", h1, flags=re.M)
    assert stances == ["ondersteunt", "weerspreekt", "nuanceert"]
    against = h1.split("**Onderbouwing die weerspreekt**", 1)[1].split("**Onderbouwing die nuanceert**", 1)[0]
    assert re.findall(r"^> — (\w+)", against, flags=re.M) == ["Finn"]
    headings = re.findall(r"^### (H\d) ", markdown, flags=re.M)
    assert headings == ["H1", "H2", "H3", "H4"]

    hypothesis = json.loads(summary(run, EXAMPLES, "--format", "json"))["groups"][0]["hypotheses"][0]
    assert [(v["verdict"], v["case_names"]) for v in hypothesis["verdicts"][:2]] == [
        ("supports", ["Daan", "Lotte", "Mila", "Noah", "Saar", "Sem", "Yara"]),
        ("contradicts", ["Finn"]),
    ]


# --- reference figures ----------------------------------------------------------------------------


def test_reference_figures_stand_beside_the_computed_ones_and_the_80_against_83_is_marked(run):
    markdown = summary(run, EXAMPLES, "--no-quotes", "--format", "markdown")
    rq4 = section(markdown, "### RQ4 Relatie van de JIM tot het kind")
    assert table_rows(rq4, "Referentiecijfers") == [
        ("Familie", "gerapporteerd: zoals het onderzoek het afdrukt [1]", "80%", "83% ≠"),
        ("Geen familie", "gerapporteerd: zoals het onderzoek het afdrukt [2]", "20%", "17% ≠"),
        ("Familie", "vergelijking: JIM 12+ [3]", "48%", "83%"),
    ]
    notes = [line for line in rq4.split("\n") if line.startswith("≠ ")]
    assert notes == [
        "≠ Familie: de bron rapporteert 80%, de records geven 83% (5 van 6).",
        "≠ Geen familie: de bron rapporteert 20%, de records geven 17% (1 van 6).",
    ]
    rq2 = section(markdown, "### RQ2 Duur tot positionering van de JIM")
    assert table_rows(rq2, "Referentiecijfers") == [
        ("gemiddelde", "gerapporteerd [1]", "58 dagen", "58 dagen"),
        ("min", "gerapporteerd [2]", "0 dagen", "0 dagen"),
        ("gemiddelde", "vergelijking: JIM 12+ [1]", "33 dagen", "58 dagen"),
    ]
    assert not [line for line in rq2.split("\n") if line.startswith("≠ ")]
    rq3 = section(markdown, "### RQ3 Competenties van ouders")
    assert [row[2:] for row in table_rows(rq3, "Referentiecijfers")] == [("25%", "25%"), ("25%", "25%"), ("50%", "50%")]

    relation = next(
        a
        for a in json.loads(summary(run, EXAMPLES, "--format", "json"))["groups"][0]["attributes"]
        if a["id"] == "jim_relation"
    )
    assert [(r["of"], r["kind"], r["percent"], r["computed"], r["differs"]) for r in relation["references"]] == [
        ("family", "reported", 80, 83.3, True),
        ("non-family", "reported", 20, 16.7, True),
        ("family", "comparison", 48, 83.3, None),
    ]


def test_reference_figures_in_html_terminal_and_english(run):
    page = summary(run, EXAMPLES, "--no-quotes", "--format", "html")
    rq4 = page.split('<h3 id="question-RQ4">', 1)[1].split("<h3", 1)[0]
    assert '<p class="warning">≠ Familie: de bron rapporteert 80%, de records geven 83% (5 van 6).</p>' in rq4
    text = " ".join(summary(run, EXAMPLES, "--no-quotes", "--format", "table").split())
    assert "≠ Familie: de bron rapporteert 80%, de records geven 83% (5 van 6)." in text
    english = summary(run, EXAMPLES, "--codebook", ENGLISH, "--no-quotes", "--format", "markdown")
    assert "≠ Family: the source reports 80%, the records give 83% (5 of 6)." in english.split("\n")
    assert ("Family", "comparison: JIM 12+ [3]", "48%", "83%") in table_rows(
        section(english, "### RQ4 JIM's relation to the child"), "Reference figures"
    )


def test_a_codes_reference_is_its_share_of_cases_and_a_difference_per_group_is_marked(run, tmp_path):
    data = yaml.safe_load(yaml.safe_dump(CODEBOOK))
    gatekeeper = next(c for c in data["research_questions"][2]["codes"] if c["id"] == "parents-gatekeeper")
    gatekeeper["reference"] = [{"percent": 100, "source": "study, question 3"}]
    accept = next(c for c in data["research_questions"][2]["codes"] if c["id"] == "competence-accept-help")
    accept["reference"] = [{"percent": 90, "kind": "comparison", "label": "12+", "source": "study, 12+"}]
    coded = write_study(tmp_path, write_codebook(tmp_path / "codebook", data))
    record = make_record(CASES[7])  # Saar: without the gatekeeper code
    record.segments[2].codes.remove("parents-gatekeeper")
    write_record(coded, record)
    markdown = summary(run, coded, "--codebook", tmp_path / "codebook" / "jim-12min.yaml", "--format", "markdown")
    rq3 = section(markdown, "### RQ3 competenties ouders")
    assert table_rows(rq3, "Referentiecijfers") == [
        ("Competence accept help", "vergelijking: 12+ [1]", "90%", "100%"),
        ("Parents gatekeeper", "gerapporteerd [2]", "100%", "88% ≠"),
    ]
    assert "≠ Parents gatekeeper: de bron rapporteert 100%, de records geven 88%." in rq3.split("\n")


# --- validate -------------------------------------------------------------------------------------

REFERENCED = """\
id: demo
version: "1.0"
title: Demo
language: en
research_questions:
  - id: RQ1
    title: Relation
    question: Who?
    codes:
      - id: family-helps
        label: Family helps
        definition: Family helps.
        reference:
          - of: family
            percent: 50
            source: a study
case_attributes:
  - id: days
    label: Days
    question: How many days?
    type: integer
    about: case
    reference:
      - of: average
        value: 58
        source: a study
      - percent: 20
        source: a study
  - id: relation
    label: Relation
    question: Which relation?
    type: category
    about: interviewee
    groups:
      - {id: family, label: Family}
    options:
      - {id: grandmother, label: Grandmother, group: family}
    reference:
      - of: famly
        percent: 80
        source: a study
      - of: family
        percent: 120
        source: a study
      - percent: 80
        source: a study
  - id: summary
    label: Summary
    question: Summary?
    type: text
    about: interviewer
    reference:
      - value: 1
        source: a study
"""


def _line_of(text: str, fragment: str, after: str = "") -> int:
    """The 1-based line of `fragment`, the first after the line holding `after`."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if fragment in lines[i]) + 1


def test_validate_checks_about_and_reference_figures_with_their_lines(run, tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text(REFERENCED, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    found = [line.removeprefix(f"{path}:") for line in result.stdout.splitlines() if line.startswith(str(path))]

    def located(fragment: str, after: str = "") -> str:
        return f"{_line_of(REFERENCED, fragment, after)}:"

    expected = [
        (located("of: family", "id: family-helps"), "code family-helps: a code's reference figure is the share"),
        (located("of: average"), "attribute days: 'average' is not a statistic"),
        (located("- percent: 20"), "attribute days: a reference figure here is a 'value', not a 'percent'"),
        (located("of: famly"), "attribute relation: 'famly' is not an option or group of it; did you mean 'family'?"),
        (located("percent: 120"), "attribute relation: percent 120 is not between 0 and 100"),
        (located("- percent: 80"), "attribute relation: say what the figure is of with 'of:' (grandmother, family)"),
        (located("- value: 1"), "attribute summary: a text attribute has no figure to set a reference"),
        (located("about: interviewer"), "'case' or 'interviewee'"),
    ]
    for where, message in expected:
        assert any(line.startswith(where) and message in line for line in found), (where, message, found)
    assert len(found) == len(expected), found


def test_the_shipped_codebooks_say_the_study_printed_80_of_what_is_83(run):
    for path, words in ((SHIPPED, "het onderzoek drukt 80% en 20% af"), (ENGLISH, "the study printed 80% and")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert words in text
        assert "83%" in text
        assert run("validate", path).exit_code == 0


def test_an_interviewee_with_different_answers_in_their_cases_is_counted_under_each_and_warned_about(run, tmp_path):
    coded = write_study(tmp_path)
    record = make_record(CASES[1])  # Sem: Cecile's second case, here said to be at Youké
    record.attributes["organisation"] = "youke"
    write_record(coded, record)
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 0, result.output
    summary_result = json.loads(result.stdout)
    organisation = next(a for a in summary_result["groups"][0]["attributes"] if a["id"] == "organisation")
    assert [(o["id"], o["count"]) for o in organisation["options"][:3]] == [("levvel", 2), ("youke", 3), ("altra", 2)]
    warning = next(w for w in summary_result["warnings"] if w["code"] == "interviewee-answers-differ")
    assert warning["message"] == (
        "kenmerk organisation gaat over de geïnterviewde, maar 1 geïnterviewde(n) hebben verschillende antwoorden "
        "in hun casussen (bij elk meegeteld): cecile"
    )
    assert f"jimcode: warning: {warning['message']}" in result.stderr


def test_with_groups_a_reported_figure_is_compared_with_all_cases_only(run):
    """The study's 80% is of its cases, not of the 6-12 phase: the groups show their figure, unmarked."""
    markdown = summary(run, EXAMPLES, "--by", "developmental_phase", "--no-quotes", "--format", "markdown")
    rq4 = section(markdown, "### RQ4 Relatie van de JIM tot het kind")
    assert table_rows(rq4, "Referentiecijfers")[0] == (
        "Familie",
        "gerapporteerd: zoals het onderzoek het afdrukt [1]",
        "80%",
        "83% ≠",
        "0%",
        "100%",
        "100%",
    )
    groups = json.loads(summary(run, EXAMPLES, "--by", "developmental_phase", "--format", "json"))["groups"]
    family = [next(a for a in g["attributes"] if a["id"] == "jim_relation")["references"][0] for g in groups]
    assert [(f["computed"], f["differs"]) for f in family] == [(83.3, True), (0.0, None), (100.0, None), (100.0, None)]


def test_the_csv_counts_interviewees_and_an_attribute_about_them_of_the_interviewees(run):
    rows = list(csv.DictReader(io.StringIO(summary(run, EXAMPLES, "--format", "csv"))))
    corpus = {r["measure"]: r["value"] for r in rows if r["section"] == "corpus" and not r["name"]}
    assert (corpus["cases"], corpus["interviewees"], corpus["interviewee_missing"]) == ("8", "6", "0")
    organisation = [
        (r["row"], r["key"], r["count"], r["n"], r["percent"])
        for r in rows
        if r["section"] == "attributes" and r["attribute"] == "organisation"
    ]
    assert organisation[:4] == [
        ("answered", "", "6", "6", ""),
        ("missing", "", "0", "6", ""),
        ("invalid", "", "0", "6", ""),
        ("option", "levvel", "2", "6", "33.3"),
    ]
