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
def test_a_polarity_code_without_its_sign_is_refused_with_a_hint(study, run, line, message):
    result = code(run, f"x\n{line}\nq\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"jimcode: error: stdin line 2: {message}"
    assert segments_of()[1] == ([], {})


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


def test_the_screen_shows_the_pole_of_each_applied_polarity_code(study):
    dutch = _screen(study, "nl", "x", "co+ hvk- pw")
    assert "1 Open staan: aanwezig · 2 Eigen vraag: geen eigen vraag · 3 Poortwachter" in dutch
    assert "+ 1 Open staan co ±" in dutch and "− 2 Eigen vraag hvk ±" in dutch and "✓ 3 Poortwachter pw " in dutch
    english = _screen(study, "en", "x", "co-")
    assert "1 Open staan: absent" in english and "  2 Eigen vraag hvk ±" in english


def test_the_session_help_documents_the_signs_in_both_languages():
    from jimcode.session.commands import help_text

    assert "Polarity 12+ 12-   a code marked ± is applied as present (+) or absent (-)" in help_text("segments", "en")
    assert "Richting 12+ 12-   een code met ± wordt toegekend als aanwezig (+) of afwezig (-)" in help_text(
        "segments", "nl"
    )
