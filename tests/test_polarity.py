"""Presence and absence (issue 12, section 3): a code with `polarity:` is applied as present or absent,
in one step, and the record, validate, the summary, retrieve, agreement and the exports carry it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jimcode.records.model import load_record
from tests.coding_helpers import transcript_markdown

POLARITY_CODEBOOK = """\
id: pol
version: "1.0"
title: Polarity codebook
language: nl
research_questions:
  - id: RQ3
    title: Competenties
    question: Welke competenties?
    codes:
      - id: open
        label: Open staan
        definition: Ouders staan open.
        shortcut: co
        polarity: true
      - id: own-request
        label: Eigen vraag
        definition: Het kind heeft een eigen vraag.
        shortcut: hvk
        polarity: {present: eigen vraag, absent: geen eigen vraag}
      - id: gatekeeper
        label: Poortwachter
        definition: Ouders beslissen.
        shortcut: pw
"""
# Numbers: 1 open (co), 2 own-request (hvk), 3 gatekeeper (pw)

TEXTS = (
    "Hoe keek moeder ertegen aan?",
    "Moeder stond meteen open voor haar broer.",
    "Vader wilde niemand erbij, en Sem wist niet wat hij wilde.",
    "Dank je wel.",
)
RECORD = Path("coded/case-01.anna.json")


@pytest.fixture
def study(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIMCODE_CODER", raising=False)
    (tmp_path / "pol.yaml").write_text(POLARITY_CODEBOOK, encoding="utf-8")
    (tmp_path / "case-01.md").write_text(transcript_markdown(TEXTS), encoding="utf-8")
    return tmp_path


def code(run, script: str, coder: str = "anna", transcript: str = "case-01.md"):
    return run("code", transcript, "--codebook", "pol.yaml", "--coder", coder, input=script)


def segments_of(path: Path = RECORD) -> list[tuple[list[str], dict[str, str]]]:
    return [(s.codes, s.polarity) for s in load_record(path).segments]


# The codebook


def test_the_codebook_declares_polarity_true_or_its_own_labels(study, run):
    assert run("validate", "pol.yaml").exit_code == 0
    from jimcode.codebook.model import load_codebook

    codes = load_codebook(study / "pol.yaml").codes_by_id()
    assert [codes[c].code.has_polarity for c in ("open", "own-request", "gatekeeper")] == [True, True, False]
    assert codes["open"].code.pole_label("absent", "nl") == "afwezig"
    assert codes["open"].code.pole_label("present", "en") == "present"
    assert codes["own-request"].code.pole_label("absent", "en") == "geen eigen vraag"


@pytest.mark.parametrize(
    ("polarity", "message"),
    [
        ("{present: open, absent: Open}", "the present and absent labels are both 'Open'"),
        ("{present: open}", "absent"),
        ("maybe", "polarity"),
    ],
)
def test_a_bad_polarity_is_one_line_with_its_file_and_line(study, run, polarity, message):
    bad = POLARITY_CODEBOOK.replace("polarity: true", f"polarity: {polarity}")
    line = bad.splitlines().index(f"        polarity: {polarity}") + 1
    (study / "bad.yaml").write_text(bad, encoding="utf-8")
    result = run("validate", "bad.yaml")
    assert result.exit_code == 1
    errors = [row for row in result.output.splitlines() if row.startswith("bad.yaml:")]
    assert len(errors) == 1 and errors[0].startswith(f"bad.yaml:{line}:") and message in errors[0]
    assert "Traceback" not in result.output


# The coding session


@pytest.mark.usefixtures("english_words")  # the session's English words for these errors
def test_a_code_with_polarity_is_applied_present_or_absent_in_one_step(study, run):
    script = "x\nco+ pw n\n1- hvk- n\nx\n"
    result = code(run, script)
    assert result.exit_code == 0, result.output
    assert "s002 coded: open+, gatekeeper" in result.stderr
    assert "s003 coded: open-, own-request-" in result.stderr
    assert segments_of() == [
        ([], {}),
        (["open", "gatekeeper"], {"open": "present"}),
        (["open", "own-request"], {"open": "absent", "own-request": "absent"}),
        ([], {}),
    ]


def test_an_answers_file_names_the_code_by_id_with_its_sign(study, run):
    result = code(run, "x\nopen+ n\nown-request+ open- n\nx\n")
    assert result.exit_code == 0, result.output
    assert segments_of()[1:3] == [
        (["open"], {"open": "present"}),
        (["own-request", "open"], {"own-request": "present", "open": "absent"}),
    ]


def test_the_other_sign_changes_the_polarity_and_removing_the_code_drops_it(study, run):
    result = code(run, "x\nco+ hvk+\nco-\n-hvk\nn\nq\n")
    assert result.exit_code == 0, result.output
    assert segments_of()[1] == (["open"], {"open": "absent"})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("co pw", "open is applied as present or absent: type co+ or co-; nothing was applied"),
        ("2", "own-request is applied as present or absent: type 2+ or 2-; nothing was applied"),
        ("pw+ co+", "gatekeeper has no polarity: type pw without + or -; nothing was applied"),
        ("-co+", "`-co` removes the code; leave out the + (type h for help)"),
    ],
)
@pytest.mark.usefixtures("english_words")  # the session's English words for these errors
def test_a_polarity_code_without_its_sign_is_refused_with_a_hint(study, run, line, message):
    result = code(run, f"x\n{line}\nq\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"jimcode: error: stdin line 2: {message}"
    assert segments_of()[1] == ([], {})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("co pw", "open wordt toegepast als aanwezig of afwezig: typ co+ of co-; er is niets toegepast"),
        ("pw+ co+", "gatekeeper heeft geen richting: typ pw zonder + of -; er is niets toegepast"),
        ("-co+", "`-co` haalt de code weg; laat de + weg (typ h voor hulp)"),
    ],
)
def test_the_hint_is_in_the_codebooks_language(study, run, line, message):
    result = code(run, f"x\n{line}\nq\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"jimcode: error: stdin regel 2: {message}"


def _screen(study: Path, language: str, *lines: str) -> str:
    from jimcode.codebook.model import load_codebook
    from jimcode.render.session_screen import screen
    from jimcode.session import commands as lang
    from jimcode.session.context import SessionContext
    from jimcode.session.run import SessionInfo
    from jimcode.session.state import start, step
    from tests.coding_helpers import make_record, make_transcript
    from tests.test_session_screen import render

    codebook = load_codebook(study / "pol.yaml")
    transcript = make_transcript(TEXTS)
    context = SessionContext.build(codebook)
    state = start(make_record(transcript, codebook, study), context)
    for line in lines:
        state = step(state, lang.parse(line, state.position.phase), context).state
    info = SessionInfo(transcript, study / "case-01.anna.json", context, "anna", language)
    return render(screen(info, state, 100, 60))


def test_a_template_of_a_record_writes_the_signs_and_replays_into_the_same_record(study, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460800")
    assert code(run, ANNA).exit_code == 0
    template = run("code", "case-01.md", "--codebook", "pol.yaml", "--coder", "anna", "--template").stdout
    assert [line for line in template.splitlines() if line.startswith(("open", "gatekeeper"))] == [
        "open+ gatekeeper",
        "open- own-request-",
    ]
    first = (study / RECORD).read_text(encoding="utf-8")
    (study / RECORD).unlink()
    assert code(run, template).exit_code == 0
    assert (study / RECORD).read_text(encoding="utf-8") == first


def test_the_screen_shows_the_pole_of_each_applied_polarity_code(study):
    dutch = _screen(study, "nl", "x", "co+ hvk- pw")
    assert "1 Open staan: aanwezig · 2 Eigen vraag: geen eigen vraag · 3 Poortwachter" in dutch
    assert "+ 1 Open staan co ±" in dutch and "− 2 Eigen vraag hvk ±" in dutch and "✓ 3 Poortwachter pw " in dutch
    english = _screen(study, "en", "x", "co-")
    assert "1 Open staan: absent" in english and "  2 Eigen vraag hvk ±" in english


def test_the_session_help_documents_the_signs_in_both_languages():
    from jimcode.session.commands import help_text

    assert help_text("segments", "en").splitlines()[-2:] == [
        "Polarity 12+ co-   a code marked ± is applied as present (+) or absent (-) in one step, also by",
        "         id (competence-open-to-network+); typed again with the other sign, it changes",
    ]
    assert help_text("segments", "nl").splitlines()[-2:] == [
        "Richting   12+ co-   een code met ± krijgt in één stap aanwezig (+) of afwezig (-), ook op id",
        "           (competence-open-to-network+); opnieuw met het andere teken verandert het",
    ]


# A small study: two coders on one transcript, and a record coded before the codebook declared polarity

ANNA = "x\nco+ pw n\nco- hvk- n\nx\n"
BRAM = "x\nco- pw n\nco- hvk+ n\nx\n"


@pytest.fixture
def coded(study, run):
    assert code(run, ANNA).exit_code == 0
    assert code(run, BRAM, coder="bram").exit_code == 0
    return study / "coded"


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


# Validate


def test_validate_refuses_a_polarity_for_a_code_not_applied_or_without_polarity(coded, run):
    record = coded / "case-01.anna.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["segments"][1]["polarity"]["own-request"] = "present"  # not applied to s002
    data["segments"][2]["polarity"]["gatekeeper"] = "absent"  # not applied either
    data["segments"][2]["codes"].append("gatekeeper")  # now applied, but it has no polarity
    record.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    result = run("validate", record)
    assert result.exit_code == 1
    name = str(record)
    s002, s003 = (_line_of(record, f'      "segment_id": "{s}",') for s in ("s002", "s003"))
    errors = [line for line in result.output.splitlines() if "bad-polarity" in line]
    assert errors == [
        f"{name}:{s002}: error[bad-polarity]: segment s002: polarity for code 'own-request', "
        "which is not applied to it",
        f"{name}:{s003}: error[bad-polarity]: segment s003: polarity for code 'gatekeeper', "
        "which has no polarity in the codebook",
    ]


def test_a_record_coded_before_the_codebook_declared_polarity_reads_with_a_warning(study, run):
    (study / "pol.yaml").write_text(POLARITY_CODEBOOK.replace("        polarity: true\n", ""), encoding="utf-8")
    assert code(run, "x\nco pw n\nco n\nx\n").exit_code == 0
    (study / "pol.yaml").write_text(POLARITY_CODEBOOK, encoding="utf-8")
    result = run("validate", RECORD)
    assert result.exit_code == 0, result.output
    s002 = _line_of(study / RECORD, '      "segment_id": "s002",')
    warnings = [line for line in result.output.splitlines() if "polarity-not-given" in line]
    assert warnings == [
        f"{RECORD}:{s002}: warning[polarity-not-given]: code 'open': polarity not given (present or absent) "
        "in s002, s003; counted as unspecified until recoded"
    ]
    summary = json.loads(run("summary", "coded", "--codebook", "pol.yaml", "--format", "json").stdout)
    open_code = summary["groups"][0]["questions"][0]["codes"][0]
    assert [(p["pole"], p["segments"], p["cases"]) for p in open_code["polarity"]] == [
        ("present", 0, 0),
        ("absent", 0, 0),
        ("unspecified", 2, 1),
    ]
    table = run("summary", "coded", "--codebook", "pol.yaml", "--format", "markdown").stdout
    assert "|  | \u2003richting niet gegeven | 2 | 1 (100%) |" in table


# Summary


def _summary(run, coded: Path, format: str, *options: str) -> str:
    result = run("summary", coded, "--coder", "bram", "--format", format, *options)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_summary_json_has_present_absent_and_unspecified_apart(coded, run):
    document = json.loads(_summary(run, coded, "json"))
    codes = {c["id"]: c for c in document["groups"][0]["questions"][0]["codes"]}
    assert [(p["pole"], p["label"], p["segments"], p["cases"], p["percent"]) for p in codes["open"]["polarity"]] == [
        ("present", "aanwezig", 0, 0, 0.0),
        ("absent", "afwezig", 2, 1, 100.0),
        ("unspecified", "richting niet gegeven", 0, 0, 0.0),
    ]
    assert [(p["pole"], p["label"], p["segments"]) for p in codes["own-request"]["polarity"]] == [
        ("present", "eigen vraag", 1),
        ("absent", "geen eigen vraag", 0),
        ("unspecified", "richting niet gegeven", 0),
    ]
    assert codes["gatekeeper"]["polarity"] is None
    schema = json.loads(run("schema", "summary").stdout)
    assert schema["$defs"]["PoleCount"]["required"] == ["pole", "label", "segments", "cases", "percent"]
    import jsonschema

    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []


def test_every_summary_format_shows_present_and_absent_apart(coded, run, monkeypatch):
    anna = ("--coder", "anna")
    markdown = run("summary", coded, *anna, "--format", "markdown").stdout
    # a pole's row is indented with an em space
    rows = [line for line in markdown.splitlines() if line.startswith(("| 1 |", "| 2 |", "| 3 |", "|  | \u2003"))]
    assert rows == [
        "| 1 | Open staan | 2 | 1 (100%) |",
        "|  | \u2003aanwezig | 1 | 1 (100%) |",
        "|  | \u2003afwezig | 1 | 1 (100%) |",
        "| 2 | Eigen vraag | 1 | 1 (100%) |",
        "|  | \u2003eigen vraag | 0 | 0 |",
        "|  | \u2003geen eigen vraag | 1 | 1 (100%) |",
        "| 3 | Poortwachter | 1 | 1 (100%) |",
    ]
    assert "*Onder een code met richting: de segmenten en casussen waarin de codeur haar aanwezig" in markdown
    monkeypatch.setenv("JIMCODE_LANG", "en")
    table = [line.split() for line in run("summary", coded, *anna, "--format", "table").stdout.splitlines()]
    assert ["1", "Open", "staan", "2", "1", "(100%)"] in table
    at = table.index(["1", "Open", "staan", "2", "1", "(100%)"])
    assert table[at + 1 : at + 3] == [["present", "1", "1", "(100%)"], ["absent", "1", "1", "(100%)"]]
    monkeypatch.delenv("JIMCODE_LANG")
    html = run("summary", coded, *anna, "--format", "html").stdout
    assert html.count(">aanwezig<") == 1 and html.count(">afwezig<") == 1 and html.count(">geen eigen vraag<") == 1
    csv_text = run("summary", coded, *anna, "--format", "csv").stdout
    import csv as csv_module
    import io

    polar = [r for r in csv_module.DictReader(io.StringIO(csv_text)) if r["section"] == "polarity"]
    assert [(r["code"], r["pole"], r["label"], r["segments"], r["cases"], r["n"]) for r in polar] == [
        ("open", "present", "aanwezig", "1", "1", "1"),
        ("open", "absent", "afwezig", "1", "1", "1"),
        ("open", "unspecified", "richting niet gegeven", "0", "0", "1"),
        ("own-request", "present", "eigen vraag", "0", "0", "1"),
        ("own-request", "absent", "geen eigen vraag", "1", "1", "1"),
        ("own-request", "unspecified", "richting niet gegeven", "0", "0", "1"),
    ]


# Records carried to a new codebook version


def test_migrate_moves_the_pole_with_a_renamed_code(coded, run, study):
    renamed = POLARITY_CODEBOOK.replace('version: "1.0"', 'version: "1.1"').replace(
        "      - id: open\n", "      - id: open-to-network\n        replaces: [open]\n"
    )
    (study / "pol.yaml").write_text(renamed, encoding="utf-8")
    result = run("migrate", coded / "case-01.anna.json")
    assert result.exit_code == 0, result.output
    assert segments_of(coded / "case-01.anna.json")[1:3] == [
        (["open-to-network", "gatekeeper"], {"open-to-network": "present"}),
        (["open-to-network", "own-request"], {"open-to-network": "absent", "own-request": "absent"}),
    ]
    assert run("validate", coded / "case-01.anna.json").exit_code == 0


def test_realign_carries_the_pole_over_to_an_unchanged_segment(study, run):
    assert code(run, ANNA).exit_code == 0
    transcript = study / "case-01.md"
    transcript.write_text(
        transcript.read_text("utf-8").replace(TEXTS[0], "Hoe keek moeder er eerst tegenaan?"), "utf-8"
    )
    result = run("code", "case-01.md", "--codebook", "pol.yaml", "--coder", "anna", "--realign", input="q\n")
    assert result.exit_code == 0, result.output
    assert segments_of()[1:3] == [
        (["open", "gatekeeper"], {"open": "present"}),
        (["open", "own-request"], {"open": "absent", "own-request": "absent"}),
    ]


# Reconcile


def test_reconcile_disputes_a_pole_and_keeps_the_pole_settled(coded, run):
    records = [coded / "case-01.anna.json", coded / "case-01.bram.json"]
    result = run("reconcile", *records, "--out", coded, input="co+ n\nB\n")
    assert result.exit_code == 0, result.stderr
    consensus = load_record(coded / "case-01.consensus.json")
    assert consensus.status == "complete"
    assert [(s.codes, s.polarity) for s in consensus.segments] == [
        ([], {}),
        (["gatekeeper", "open"], {"open": "present"}),  # in common: gatekeeper; open typed with its pole
        (["open", "own-request"], {"open": "absent", "own-request": "present"}),  # bram's decision
        ([], {}),
    ]


@pytest.mark.usefixtures("english_words")  # the session's English words for these errors
def test_reconcile_refuses_a_polarity_code_without_its_sign(coded, run):
    records = [coded / "case-01.anna.json", coded / "case-01.bram.json"]
    result = run("reconcile", *records, "--out", coded, input="co n\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "jimcode: error: stdin line 1: open is applied as present or absent: type co+ or co-"
    )


# Agreement


def test_agreement_takes_a_polarity_code_as_one_variable_with_three_values(coded, run):
    """Units for 'open', (anna, bram): s001 (0, 0), s002 (present, absent), s003 (absent, absent), s004 (0, 0).

    Coincidences: 0-0 4, absent-absent 2, present-absent 1, absent-present 1; n = 8, values 0: 4,
    absent: 3, present: 1. alpha = 1 - (n - 1) * 2 / (n² - (16 + 9 + 1)) = 1 - 14 / 38 = 24 / 38.
    Cohen: observed 3/4; by chance (2·2 + 1·0 + 1·2) / 16 = 6/16; kappa = (3/4 - 6/16) / (1 - 6/16) = 0.6.
    Counting the code as applied or not, the two coders would agree on every segment (alpha 1)."""
    document = json.loads(run("agreement", coded, "--format", "json").stdout)
    row = next(r for r in document["codes"] if r["key"] == "open")
    assert (row["units"], row["percent_agreement"], row["cohen_kappa"]) == (4, 0.75, 0.6)
    assert row["krippendorff_alpha"] == pytest.approx(24 / 38, abs=1e-12)
    assert row["uses"] == {"anna": 2, "bram": 2}
    coders = document["disagreements"]["segments"][0]["coders"]
    assert (coders["anna"]["polarity"], coders["bram"]["polarity"]) == ({"open": "present"}, {"open": "absent"})
    disputed = [
        (d["segment_id"], d["disputed_codes"], d["agreed_codes"]) for d in document["disagreements"]["segments"]
    ]
    assert disputed == [("s002", ["open"], ["gatekeeper"]), ("s003", ["own-request"], ["open"])]
    markdown = run("agreement", coded, "--format", "markdown").stdout
    assert "| anna | Open staan: aanwezig, Poortwachter |  |  |" in markdown
    assert "| bram | Open staan: afwezig, Poortwachter |  |  |" in markdown


# Retrieve


def test_retrieve_shows_the_pole_and_filters_by_it(coded, run):
    every = json.loads(run("retrieve", "co", coded, "--coder", "anna", "--format", "json").stdout)
    items = every["groups"][0]["items"]
    assert [(i["segment"], i["polarity"], i["labels"]) for i in items] == [
        ("s002", {"open": "present"}, ["Open staan: aanwezig"]),
        ("s003", {"open": "absent"}, ["Open staan: afwezig"]),
    ]
    absent = json.loads(run("retrieve", "open-", coded, "--coder", "anna", "--format", "json").stdout)
    assert absent["target"]["pole"] == "absent" and absent["target"]["label"] == "Open staan: afwezig"
    assert [i["segment"] for i in absent["groups"][0]["items"]] == ["s003"]
    present = run("retrieve", "1+", coded, "--coder", "bram", "--format", "markdown")
    assert present.exit_code == 0 and present.stdout.splitlines()[0] == "# Opgehaald: Open staan: aanwezig"
    assert "Geen segmenten." in present.stdout
    import jsonschema

    schema = json.loads(run("schema", "retrieve").stdout)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(absent)) == []


def test_retrieve_refuses_a_sign_on_a_code_without_polarity(coded, run):
    result = run("retrieve", "pw+", coded)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["jimcode: error: code gatekeeper has no polarity; ask for it without +"]


# Export


def test_the_tidy_codings_table_has_a_polarity_column(coded, run, tmp_path):
    assert run("export", "csv", coded, "-o", tmp_path / "tables").exit_code == 0
    import csv as csv_module

    with (tmp_path / "tables" / "codings.csv").open(encoding="utf-8") as handle:
        rows = [(r["coder"], r["segment"], r["code"], r["polarity"]) for r in csv_module.DictReader(handle)]
    assert rows == [
        ("anna", "s002", "open", "present"),
        ("anna", "s002", "gatekeeper", ""),
        ("anna", "s003", "open", "absent"),
        ("anna", "s003", "own-request", "absent"),
        ("bram", "s002", "open", "absent"),
        ("bram", "s002", "gatekeeper", ""),
        ("bram", "s003", "open", "absent"),
        ("bram", "s003", "own-request", "present"),
    ]


def test_refi_codebook_writes_the_poles_as_child_codes_and_reads_them_back(study, run, tmp_path):
    import xml.etree.ElementTree as ET

    import yaml

    assert run("export", "codebook", "pol.yaml", "-o", tmp_path / "pol.qdc").exit_code == 0
    root = ET.parse(tmp_path / "pol.qdc").getroot()
    names = [
        [child.get("name") for child in code if child.tag.endswith("}Code")]
        for code in root.iter()
        if code.tag.endswith("}Code") and code.get("name") in ("Open staan", "Eigen vraag", "Poortwachter")
    ]
    assert names == [
        ["Open staan: aanwezig", "Open staan: afwezig"],
        ["Eigen vraag: eigen vraag", "Eigen vraag: geen eigen vraag"],
        [],
    ]
    assert run("import", "codebook", tmp_path / "pol.qdc", "-o", tmp_path / "back.yaml").exit_code == 0
    back = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))
    codes = {c["id"]: c for c in back["research_questions"][0]["codes"]}
    assert [codes[c].get("polarity") for c in ("open", "own-request", "gatekeeper")] == [
        True,
        {"present": "eigen vraag", "absent": "geen eigen vraag"},
        None,
    ]
    assert all("codes" not in code for code in codes.values())  # the poles are no codes of their own


def test_refi_project_codes_the_pole_and_imports_it_back(coded, run, tmp_path):
    assert run("export", "project", coded, "-o", tmp_path / "study.qdpx").exit_code == 0
    result = run("import", "project", tmp_path / "study.qdpx", "-o", tmp_path / "back")
    assert result.exit_code == 0, result.output
    for coder in ("anna", "bram"):
        original = segments_of(coded / f"case-01.{coder}.json")
        assert segments_of(tmp_path / "back" / f"case-01.{coder}.json") == original
    assert segments_of(tmp_path / "back" / "case-01.bram.json")[2] == (
        ["open", "own-request"],
        {"open": "absent", "own-request": "present"},
    )


# The shipped codebooks and the examples

ROOT = Path(__file__).resolve().parent.parent
POLAR_CODES = [
    "request-child",
    "competence-open-to-network",
    "competence-acknowledge-need",
    "competence-accept-help",
    "competence-overcome-resistance",
    "competence-let-other-speak",
]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_shipped_codebooks_declare_polarity_on_the_competences_and_the_childs_request(language):
    from jimcode.codebook.model import load_codebook

    codebook = load_codebook(ROOT / "codebooks" / f"jim-12min.{language}.yaml")
    assert [e.code.id for e in codebook.numbered_codes() if e.code.has_polarity] == POLAR_CODES
    request = codebook.codes_by_id()["request-child"].code
    assert (request.pole_label("present", language), request.pole_label("absent", language)) == {
        "nl": ("eigen hulpvraag", "geen eigen hulpvraag"),
        "en": ("own request", "no request of its own"),
    }[language]


def test_the_example_records_give_every_competence_segment_its_pole(run):
    """Every use of a code with polarity in the examples says present or absent, and the RQ3 table
    shows both: openness present in 4 of 8 cases and absent in 3 (a quarter of the parents found
    involving their network logical, a quarter unfamiliar, half outright difficult)."""
    result = run("validate", ROOT / "examples" / "coded")
    assert result.exit_code == 0 and "polarity" not in result.output
    document = json.loads(run("summary", ROOT / "examples" / "coded", "--format", "json").stdout)
    codes = {c["id"]: c for q in document["groups"][0]["questions"] for c in q["codes"]}
    figures = {code: [(p["pole"], p["segments"], p["cases"]) for p in codes[code]["polarity"]] for code in POLAR_CODES}
    assert figures == {
        "request-child": [("present", 7, 6), ("absent", 2, 2), ("unspecified", 0, 0)],
        "competence-open-to-network": [("present", 7, 4), ("absent", 4, 3), ("unspecified", 0, 0)],
        "competence-acknowledge-need": [("present", 6, 5), ("absent", 1, 1), ("unspecified", 0, 0)],
        "competence-accept-help": [("present", 5, 5), ("absent", 3, 3), ("unspecified", 0, 0)],
        "competence-overcome-resistance": [("present", 4, 2), ("absent", 5, 3), ("unspecified", 0, 0)],
        "competence-let-other-speak": [("present", 5, 4), ("absent", 1, 1), ("unspecified", 0, 0)],
    }


def test_reconcile_union_leaves_a_code_given_different_poles_to_the_user(coded, run):
    """`+` (the union) never takes one coder's pole silently: the code waits, named with each coder's pole
    in the code's own words, until the user applies it with one."""
    records = [coded / "case-01.anna.json", coded / "case-01.bram.json"]
    result = run("reconcile", *records, "--out", coded, input="+\nco- n\n+\nhvk+ n\n")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "verschillende richtingen" in line]
    assert warnings == [
        "jimcode: warning: de codeurs gaven verschillende richtingen (open: anna aanwezig, bram afwezig); het voorstel "
        "heeft de rest: voeg de code toe met `co+` of `co-`, en dan `n` om het aan te nemen",
        "jimcode: warning: de codeurs gaven verschillende richtingen (own-request: anna geen eigen vraag, bram eigen "
        "vraag); het voorstel heeft de rest: voeg de code toe met `hvk+` of `hvk-`, en dan `n` om het aan te nemen",
    ]
    consensus = load_record(coded / "case-01.consensus.json")
    assert consensus.status == "complete"
    assert [(s.codes, s.polarity) for s in consensus.segments] == [
        ([], {}),
        (["gatekeeper", "open"], {"open": "absent"}),
        (["open", "own-request"], {"open": "absent", "own-request": "present"}),
        ([], {}),
    ]
