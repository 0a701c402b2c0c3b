"""jimcode speaks the codebook's language: the catalogs, the choice of language, Dutch reports without English words."""

from __future__ import annotations

import csv
import io
import json
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jimcode.i18n import CATALOG, LANGUAGES, choose_language, number, supported, system_language

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "coded"
ENGLISH_CODEBOOK = ROOT / "codebooks" / "jim-12min.en.yaml"

# English words of jimcode's own that must not appear in a Dutch report (whole words, case-sensitive
# where the Dutch has the same word in another case: "Code", "open" and "n" are Dutch too).
ENGLISH_CHROME = (
    "Summary", "codebook", "version", "Mean", "mean", "median", "range", "no answer", "no answers",
    "Exemplar quotes", "Evidence quotes", "Evidence", "supports", "contradicts", "nuances", "mixed",
    "not applicable", "no verdict", "Case attributes", "Research questions", "Hypotheses", "Hypothesis",
    "Case verdicts", "under", "or more", "yes", "no", "Yes", "No", "All cases", "Cases", "cases", "Complete",
    "In progress", "Coders", "Organisations", "Segments", "coded", "not relevant", "Percentages of", "Not chosen",
    "free text", "answered", "Warning", "note", "sample standard deviation", "Codes applied together",
    "Pairs of codes", "days", "weeks", "months", "related", "Made with", "record(s) by other coders",
    "several coders", "when to use",
    # the study's layout: header, attributes about the interviewee, verdicts, reference figures
    "The study", "Interviewees", "interviewees", "Organisations", "Reference figures", "reported", "comparison",
    "From the records", "the source reports", "the records give", "Which cases", "Stance", "Evidence that",
    "Counted once per interviewee", "Sources", "organisations",
    # the agreement report's own
    "Inter-coder agreement", "double-coded", "not double-coded", "Transcripts", "Case", "Overall", "What",
    "Level", "Units", "% agree", "agree", "Cohen's kappa", "Krippendorff's alpha", "applied", "with evidence",
    "given", "Flag", "Flagged", "tentative", "below", "Per research question", "units", "segments",
    "Segment relevance", "Hypothesis evidence", "Hypothesis verdicts", "All codes", "All hypotheses",
    "each option", "nominal", "never applied", "no variation", "no unit coded by two coders",
    "not in the codebook", "Not compared", "Warnings", "rely on", "lowest limit", "Disagreements",
    "to discuss", "verdict(s)", "segment(s)", "case attribute(s)", "Coder", "Evidence", "Disputed",
    "disputed", "relevance", "evidence", "Attribute", "Verdict", "not coded yet", "no codes", "n/a",
    # a session's and reconcile's feedback and errors, the corpus's warnings
    "memo set", "memo cleared", "removed", "undone", "complete", "stopped", "saved in", "resumed", "skipped",
    "line", "unknown code", "did you mean", "nothing was applied", "is not", "disagreement(s)", "settled",
    "decision", "union", "common", "recoded", "earlier version", "lineage", "symbolic link", "would migrate",
    "already current", "coder", "coders", "split code",
)  # fmt: skip


def english_words_in(text: str) -> list[str]:
    return [word for word in ENGLISH_CHROME if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


# --- the catalog -------------------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_every_language_with_the_same_placeholders():
    assert LANGUAGES == ("en", "nl")
    incomplete = [key for key, text in CATALOG.items() for language in LANGUAGES if not getattr(text, language)]
    mismatched = [
        key for key, text in CATALOG.items() if len({frozenset(_placeholders(t)) for t in text}) != 1
    ]  # a placeholder missing in one language would print a raw `{name}` or raise KeyError
    assert (incomplete, mismatched) == ([], [])
    counted = {key.rsplit(".", 1)[0] for key in CATALOG if key.endswith((".one", ".other"))}
    assert all(f"{stem}.one" in CATALOG and f"{stem}.other" in CATALOG for stem in counted)


def test_the_language_is_the_request_else_the_codebooks_else_the_locales_else_english():
    dutch_locale = {"LANG": "nl_NL.UTF-8"}
    assert choose_language("en", "nl", dutch_locale) == "en"
    assert choose_language(None, "nl", {}) == "nl"
    assert choose_language(None, "en", dutch_locale) == "en"  # a known codebook beats the locale
    assert choose_language(None, None, dutch_locale) == "nl"
    assert choose_language(None, None, {"LC_ALL": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}) == "en"
    assert choose_language(None, None, {"LC_MESSAGES": "nl_BE"}) == "nl"
    assert choose_language(None, None, {"LANG": "C.UTF-8"}) == "en"
    assert choose_language(None, "de", {}) == "en"
    assert [supported(tag) for tag in ("nl-BE", "NL", "en_US.UTF-8", "fr", "", None)] == [
        "nl", "nl", "en", None, None, None,
    ]  # fmt: skip
    assert system_language({}) is None


def test_dutch_numbers_have_a_decimal_comma():
    assert [number(value, "nl") for value in (7.6, 58.0, 54.42, None)] == ["7,6", "58", "54,4", "–"]
    assert [number(value, "en") for value in (7.6, 58.0, 54.42)] == ["7.6", "58", "54.4"]


# --- reports -----------------------------------------------------------------------------------------


class _Text(HTMLParser):
    """The text of a page, without its style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.parts.append(data)


def page_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


@pytest.mark.parametrize("format", ["table", "markdown", "html"])
def test_the_dutch_report_has_no_english_words(run, format):
    # --no-quotes: the example coders' memos quote attribute ids (`jim_positioned: no`), which are data.
    result = run("summary", EXAMPLES, "--by", "developmental_phase", "--no-quotes", "--format", format)
    assert result.exit_code == 0, result.output
    text = page_text(result.stdout) if format == "html" else result.stdout
    assert english_words_in(text) == []
    # and it is the report, in Dutch
    assert "Casuskenmerken" in text and "Onderzoeksvragen" in text and "Hypothesen" in text
    reading = "Alle casussen: gemiddeld 58 dagen (8 weken), spreiding 0 dagen tot 5 maanden (n=6)."
    assert reading in " ".join(text.replace("**", "").split())


@pytest.mark.parametrize("format", ["table", "markdown"])
def test_the_dutch_agreement_report_has_no_english_words(run, format):
    result = run("agreement", EXAMPLES, "--format", format)
    assert result.exit_code == 0, result.output
    assert english_words_in(result.stdout) == []
    flat = " ".join(result.stdout.replace("**", "").split())
    assert "3 dubbel gecodeerde transcript(en) van 8, 114 segmenten, codeurs: anna, bram." in flat
    assert "Gemarkeerd: alpha onder 0,667; 'voorlopig' onder 0,8." in flat
    assert "Niet vergeleken: Samenvatting casus (vrije tekst)" in flat
    counts = "32 segmenten, 2 casuskenmerken en 4 oordelen te bespreken"
    assert (f"Verschillen: {counts}" if format == "table" else f"## Verschillen {counts}.") in flat


def test_the_dutch_agreement_table_has_dutch_figures_and_the_english_its_own(run, monkeypatch):
    dutch = run("agreement", EXAMPLES, "--format", "markdown").stdout.splitlines()
    assert "| Alle codes (segment x code) | 3534 | 99,3% | 0,849 | 0,849 | 94 / 82 |  |" in dutch
    code = "| 24 | JIM herkent en benoemt patronen | RQ5 | 114 | 96,5% | -0,013 | -0,013 | 3 / 1 | **onder 0,667** |"
    assert code in dutch
    assert "| 6 | Snel gepositioneerd | RQ2 | 114 | 100,0% | – | – | 0 / 0 | nooit toegekend |" in dutch
    assert (
        "| Signalen bij ouders (elke optie) | nominaal | 15 | 86,7% | 0,706 | 0,710 | 4 / 6 | voorlopig (< 0,8) |"
        in dutch
    )
    monkeypatch.setenv("JIMCODE_LANG", "en")
    english = run("agreement", EXAMPLES, "--format", "markdown").stdout.splitlines()
    assert english[0] == "# Inter-coder agreement"
    assert "| All codes (segment x code) | 3534 | 99.3% | 0.849 | 0.849 | 94 / 82 |  |" in english
    assert "| 6 | Snel gepositioneerd | RQ2 | 114 | 100.0% | – | – | 0 / 0 | never applied |" in english
    assert run("--lang", "nl", "agreement", EXAMPLES, "--format", "markdown").stdout.splitlines() == dutch


def test_the_agreement_gate_speaks_the_codebooks_language_with_its_exit_code(run):
    dutch = run("agreement", EXAMPLES, "--min-alpha", "0.4", "--format", "json")
    english = run("--lang", "en", "agreement", EXAMPLES, "--min-alpha", "0.4", "--format", "json")
    assert (dutch.exit_code, english.exit_code) == (1, 1)
    assert dutch.stdout == english.stdout
    assert dutch.stderr.splitlines()[-1] == (
        "jimcode: error: 1 code(s) hebben een Krippendorffs alpha onder 0,4: value-names-patterns (-0,013)"
    )
    assert english.stderr.splitlines()[-1] == (
        "jimcode: error: 1 code(s) have Krippendorff's alpha below 0.4: value-names-patterns (-0.013)"
    )


def test_the_dutch_agreement_csv_keeps_columns_ids_and_figures_and_labels_in_dutch(run):
    dutch = run("agreement", EXAMPLES, "--format", "csv").stdout
    english = run("--lang", "en", "agreement", EXAMPLES, "--format", "csv").stdout
    dutch_rows = list(csv.DictReader(io.StringIO(dutch)))
    english_rows = list(csv.DictReader(io.StringIO(english)))
    assert dutch.splitlines()[0] == english.splitlines()[0]
    stable = ("section", "key", "group", "level", "units", "percent_agreement", "cohen_kappa", "krippendorff_alpha")
    assert [[row[c] for c in (*stable, "below_threshold")] for row in dutch_rows] == [
        [row[c] for c in (*stable, "below_threshold")] for row in english_rows
    ]
    overall = dutch_rows[0]
    assert (overall["label"], overall["percent_agreement"]) == ("Alle codes (segment x code)", "0.9926428975664969")
    never = {row["key"]: row["note"] for row in dutch_rows if row["note"]}
    assert never["positioning-quick"] == "nooit toegekend" and never["jim_positioned"] == "geen variatie"
    assert {row["note"] for row in english_rows if row["note"]} == {"never applied", "no variation"}


def test_the_dutch_report_words_around_quotes_are_dutch(run):
    lines = run("summary", EXAMPLES, "--format", "markdown").stdout.splitlines()
    attributions = [line for line in lines if line.startswith("> — ")]
    assert len(attributions) > 20
    chrome = [line.split(" · ", 1)[1] for line in attributions if " · " in line]  # tag and memo, not the case
    assert [line for line in chrome if "note:" in line] == []
    assert sum("notitie: " in line for line in chrome) > 10
    titles = {line for line in lines if line.startswith("**") and "citaten" in line.casefold()}
    assert titles == {"**Voorbeeldcitaten**"}
    evidence = {line for line in lines if line.startswith("**Onderbouwing die ")}
    stances = ("ondersteunt", "weerspreekt", "nuanceert")
    assert evidence == {f"**Onderbouwing die {stance}**" for stance in stances}


def test_the_dutch_csv_labels_its_rows_in_dutch_and_keeps_its_columns(run):
    dutch = run("summary", EXAMPLES, "--by", "jim_positioned", "--format", "csv").stdout
    english = run("--lang", "en", "summary", EXAMPLES, "--by", "jim_positioned", "--format", "csv").stdout
    dutch_rows = list(csv.DictReader(io.StringIO(dutch)))
    english_rows = list(csv.DictReader(io.StringIO(english)))
    assert dutch.splitlines()[0] == english.splitlines()[0]  # the columns are for R and SPSS
    assert len(dutch_rows) == len(english_rows)
    assert list(dict.fromkeys(row["group"] for row in dutch_rows if row["section"] == "questions")) == [
        "Alle casussen",
        "Ja",
        "Nee",
    ]
    assert sorted({row["group"] for row in english_rows}) == ["", "All cases", "no", "yes"]
    positioned = [
        (row["key"], row["label"])
        for row in dutch_rows
        if row["attribute"] == "jim_positioned" and row["row"] == "option" and row["group_key"] == ""
    ]
    assert positioned == [("yes", "Ja"), ("no", "Nee")]
    verdicts = {row["verdict"] for row in dutch_rows if row["section"] == "verdicts"}
    assert verdicts == {"supports", "contradicts", "mixed", "not_applicable", "missing"}  # ids, not words


def test_json_keeps_its_keys_and_figures_in_every_language(run):
    dutch = json.loads(run("summary", EXAMPLES, "--format", "json").stdout)
    english = json.loads(run("--lang", "en", "summary", EXAMPLES, "--format", "json").stdout)

    def shape(value):
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        if isinstance(value, list):
            return [shape(item) for item in value]
        return value if not isinstance(value, str) else str

    assert (dutch["interface_language"], english["interface_language"]) == ("nl", "en")
    dutch["interface_language"] = english["interface_language"] = ""
    assert shape(dutch) == shape(english)
    days = [
        next(a for a in result["groups"][0]["attributes"] if a["id"] == "days_to_positioning")
        for result in (dutch, english)
    ]
    assert [a["reading"] for a in days] == [
        "gemiddeld 58 dagen (8 weken), spreiding 0 dagen tot 5 maanden",
        "mean 58 days (8 weeks), range 0 days to 5 months",
    ]
    verdicts = [v["label"] for v in dutch["groups"][0]["hypotheses"][0]["verdicts"]]
    assert verdicts == ["ondersteunt", "weerspreekt", "gemengd", "niet van toepassing", "geen oordeel"]


def test_the_english_codebook_gives_english(run):
    text = run("summary", EXAMPLES, "--codebook", ENGLISH_CODEBOOK, "--no-quotes", "--format", "markdown").stdout
    assert text.startswith("# Summary: ")
    assert "## Case attributes" in text and "## Research questions" in text
    assert "**Mean 58 days (8 weeks), range 0 days to 5 months (n=6).**" in text
    assert "| All cases | 8 | 7.6 | 7.5 | 3 | 13 | 3.5 | 0 |" in text


def test_lang_and_jimcode_lang_override_a_dutch_codebook(run, monkeypatch):
    english = run("--lang", "en", "summary", EXAMPLES, "--no-quotes", "--format", "markdown").stdout
    assert english.startswith("# Summary: JIM bij kinderen onder de 12 jaar")  # the codebook's own texts stay
    assert "| All cases | 8 | 7.6 | 7.5 | 3 | 13 | 3.5 | 0 |" in english
    monkeypatch.setenv("JIMCODE_LANG", "en")
    assert run("summary", EXAMPLES, "--no-quotes", "--format", "markdown").stdout == english
    dutch = run("--lang", "nl", "summary", EXAMPLES, "--no-quotes", "--format", "markdown").stdout
    assert "| Alle casussen | 8 | 7,6 | 7,5 | 3 | 13 | 3,5 | 0 |" in dutch


def test_a_language_jimcode_does_not_speak_is_a_usage_error(run):
    result = run("--lang", "de", "summary", EXAMPLES)
    assert (result.exit_code, result.stderr) == (2, "jimcode: error: --lang: 'de' is not one of en, nl\n")


def test_without_a_codebook_messages_follow_the_locale(run, monkeypatch, tmp_path):
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    result = run("summary", tmp_path)
    assert (result.exit_code, result.stderr) == (1, f"jimcode: error: geen gecodeerde records (*.json) in {tmp_path}\n")
    result = run("summary", EXAMPLES, "--format", "pdf")
    assert result.stderr == "jimcode: error: --format: 'pdf' is niet een van table, markdown, json, csv, html, docx\n"
    monkeypatch.setenv("JIMCODE_LANG", "en")
    result = run("summary", tmp_path)
    assert result.stderr == f"jimcode: error: no coded records (*.json) found in {tmp_path}\n"
    monkeypatch.delenv("JIMCODE_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert run("summary", tmp_path).stderr == f"jimcode: error: no coded records (*.json) found in {tmp_path}\n"


# --- HTML quotes -------------------------------------------------------------------------------------


class _Quotes(HTMLParser):
    """Each blockquote's `lang` and the text of its paragraphs that are not context."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[tuple[str | None, list[str]]] = []
        self._paragraph: list[str] | None = None
        self._in_quote = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "blockquote":
            self._in_quote = True
            self.quotes.append((attributes.get("lang"), []))
        elif tag == "p" and self._in_quote and attributes.get("class") != "context":
            self._paragraph = []

    def handle_endtag(self, tag):
        if tag == "p" and self._paragraph is not None:
            self.quotes[-1][1].append("".join(self._paragraph))
            self._paragraph = None
        elif tag == "blockquote":
            self._in_quote = False

    def handle_data(self, data):
        if self._paragraph is not None:
            self._paragraph.append(data)


@pytest.mark.parametrize("command", [["summary"], ["retrieve", "RQ3", "--context", "1"]])
def test_every_html_quote_opens_and_closes_with_a_quotation_mark_and_says_its_language(run, command):
    page = run(*command, EXAMPLES, "--format", "html").stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')
    parser = _Quotes()
    parser.feed(page)
    assert len(parser.quotes) > 20
    one_paragraph = [said for _, said in parser.quotes if len(said) == 1]
    several = [said for _, said in parser.quotes if len(said) > 1]
    assert one_paragraph and several  # both shapes of quote are checked
    assert [lang for lang, _ in parser.quotes] == ["nl"] * len(parser.quotes)
    assert [said for _, said in parser.quotes if not (said[0].startswith("“") and said[-1].endswith("”"))] == []
    inner = [p for _, said in parser.quotes for p in said[1:-1]] + [said[0] for said in several]
    assert [p for p in inner if p.endswith("”") and not p.startswith("“")] == []  # no closing mark mid-quote


def test_an_english_page_marks_its_dutch_quotes(run):
    page = run("--lang", "en", "summary", EXAMPLES, "--format", "html").stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.count("<blockquote") == page.count('<blockquote lang="nl">') > 20


# --- reconcile ---------------------------------------------------------------------------------------


def _reconcile_screen(tmp_path: Path, monkeypatch) -> str:
    import sys

    from rich.console import Console

    from jimcode.corpus import load_records
    from jimcode.reconcile.run import load_inputs, reconcile_records
    from jimcode.reconcile.terminal import TerminalReconcileIO

    records = [EXAMPLES / "case-03-lotte.anna.json", EXAMPLES / "case-03-lotte.bram.json"]
    inputs = load_inputs(load_records(records), tmp_path, "consensus", None)
    console = Console(file=io.StringIO(), width=100, height=40, color_system=None)
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    assert reconcile_records(inputs, "consensus", TerminalReconcileIO(console)) == "stopped"
    return console.file.getvalue()


def test_the_reconcile_screen_speaks_the_codebooks_language_unless_told_otherwise(tmp_path, monkeypatch):
    dutch = " ".join(_reconcile_screen(tmp_path / "nl", monkeypatch).split())
    assert "Verschil 1 van 14 (0 opgelost) · case-03-lotte (Lotte) Segment 2 van 40 (s002) · Marloes “Ja," in dutch
    assert " voorstel: " in dutch and " A/B… neem de beslissing van een codeur over · + samen · " in dutch
    assert "Disagreement" not in dutch and " proposal: " not in dutch
    assert "B bram: (niet relevant) verschil in: relevantie" in dutch
    monkeypatch.setenv("JIMCODE_LANG", "en")
    english = " ".join(_reconcile_screen(tmp_path / "en", monkeypatch).split())
    assert "Disagreement 1 of 14 (0 settled) · case-03-lotte (Lotte) Segment 2 of 40 (s002) · Marloes “Ja," in english
    assert " proposal: " in english and " A/B… take a coder's decision · + union · " in english
    assert "B bram: (not relevant) disputed: relevance" in english


def test_retrieve_speaks_the_codebooks_language(run):
    lines = run("retrieve", "H1", EXAMPLES, "--by", "developmental_phase", "--format", "markdown").stdout.splitlines()
    assert lines[0] == "# Opgehaald: H1 Ouders als poortwachter"
    assert (
        lines[2] == "*17 segment(en) in 8 casus(sen) · onderbouwing bij hypothese H1 · codeboek jim-12min versie 1.0*"
    )
    assert "## 2-4 jaar: 2 segment(en) in 2 casus(sen)" in lines
    attributions = [line for line in lines if line.startswith("> — ")]
    assert len(attributions) == 17 and all(
        re.search(r" · \*(ondersteunt|weerspreekt|nuanceert)", line) for line in attributions
    )
    assert [line for line in attributions if "supports" in line or "note:" in line] == []
    english = run("--lang", "en", "retrieve", "H1", EXAMPLES, "--format", "markdown").stdout.splitlines()
    assert english[0] == "# Retrieve: H1 Ouders als poortwachter"


# --- the coding session's own words ------------------------------------------------------------------

NOAH = ROOT / "examples" / "transcripts" / "case-01-noah.md"
DUTCH_CODEBOOK = ROOT / "codebooks" / "jim-12min.nl.yaml"


def _code_noah(run, out: Path, script: str, *options: str):
    return run(*options, "code", NOAH, "--codebook", DUTCH_CODEBOOK, "--coder", "anna", "--out", out, input=script)


def test_the_example_session_reports_each_decision_in_dutch(run, tmp_path):
    script = (ROOT / "examples" / "answers" / "case-01-noah.anna.txt").read_text(encoding="utf-8")
    result = _code_noah(run, tmp_path, script)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    record = tmp_path / "case-01-noah.anna.json"
    assert lines[0] == f"case-01-noah (Noah): 43 segmenten, codeur anna -> {record}"
    assert lines[1:11] == [
        "  s001 niet relevant",
        "  s002 niet relevant",
        "  s003 niet relevant",
        "  s004 codes: +request-professional",
        "  s004 memo bewaard",
        "  s004 gecodeerd: request-professional",
        "  s005 niet relevant",
        "  s006 codes: +request-professional",
        "  s006 memo bewaard",
        "  s006 gecodeerd: request-professional",
    ]
    assert (
        lines.index("  s010 onderbouwing H2 ondersteunt")
        == lines.index("  s010 gecodeerd: request-jim, request-jim-sharper") - 2
    )
    assert "  s026 onderbouwing H3 nuanceert" in lines
    assert lines[lines.index("  s042 memo bewaard") + 1] == "  s042 gecodeerd: geen codes"
    answers = lines[lines.index("  s043 niet relevant") + 1 :]
    assert answers[:2] == ["  child_age = 13 jaar", "  developmental_phase = 6-12 jaar"]
    assert "  jim_positioned = ja" in answers and "  days_to_positioning = 14 dagen" in answers
    assert answers[-5:-1] == [
        "  H1: ondersteunt (ouders zijn de poortwachters (Noah is 13 maar kiest niet zelf); het gesprek over JIM was "
        "al een interventie)",
        "  H2: ondersteunt (oma zit midden in het gezin en kan zich in iedereen verplaatsen)",
        "  H3: ondersteunt (intergenerationeel patroon van niet-praten; een behandelrelatie met vader was nodig)",
        "  H4: ondersteunt (13 jaar, maar fase 6-12: de JIM-vraag liep via de ouders)",
    ]
    assert answers[-1] == f"  afgerond: {record}"
    assert english_words_in(result.stderr) == []
    again = _code_noah(run, tmp_path, "")
    assert (again.exit_code, again.stderr) == (
        0,
        "jimcode: case-01-noah: afgerond; overgeslagen (--review opent het weer)\n",
    )


def test_the_session_speaks_english_when_asked(run, tmp_path):
    result = _code_noah(run, tmp_path, "x\nrequest-professional\nm memo\ne H1 c\nn\nu\nq\n", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1:] == [
        "  s001 not relevant",
        "  s002 codes: +request-professional",
        "  s002 memo set",
        "  s002 evidence H1 contradicts",
        "  s002 coded: request-professional",
        "  undone: s002 coded: request-professional",
        f"  stopped; saved in {tmp_path / 'case-01-noah.anna.json'}",
    ]
    resumed = _code_noah(run, tmp_path, "q\n", "--lang", "en")
    assert resumed.stderr.splitlines()[1] == "jimcode: resumed: 1 of 43 coded"


@pytest.mark.parametrize(
    ("script", "said"),
    [
        ("request-profesional\n", "onbekende code 'request-profesional'; bedoel je 'request-professional'? "
         "(zoek met `f request-profesional` in de namen); er is niets toegekend"),
        ("999\n", "er is geen code 999; de codes zijn genummerd 1-31; er is niets toegekend"),
        ("request-parent\nx\n", "dit segment heeft codes (request-parent); haal ze eerst weg (bijv. `-request-parent`) "
         "om het als niet relevant te markeren"),
        ("g 99\n", "er is geen segment 99; de segmenten zijn genummerd 1-43"),
        ("u\n", "niets ongedaan te maken in deze sessie"),
        ("b\n", "dit is het eerste segment"),
        ("e H9 s\n", "onbekende hypothese 'H9' (hypothesen: H1, H2, H3, H4)"),
        ("e H1 z\n", "geef een standpunt na H1: s (ondersteunt), c (weerspreekt) of n (nuanceert)"),
        ("e -H1\n", "dit segment is geen onderbouwing bij H1"),
        ("3 q\n", "'q' is een commando; zet het op een eigen regel"),
        ("child_age: 40\n", "child_age: 40 valt buiten de grenzen; verwacht: een geheel getal (jaar), 0 tot 18"),
        ("kind_leeftijd: 4\n", "'kind_leeftijd' is geen casuskenmerk of hypothese"),
        ("H1: zeker\n", "H1: antwoord s (ondersteunt), c (weerspreekt), m (gemengd) of n (niet van toepassing), "
         "eventueel met een notitie erachter"),
        ("g a\n-\n", "child_age: een antwoord is verplicht (een geheel getal (jaar), 0 tot 18)"),
    ],
)  # fmt: skip
def test_a_mistake_in_a_dutch_session_is_said_in_dutch_naming_its_line(run, tmp_path, script, said):
    result = _code_noah(run, tmp_path, script)
    number = len(script.splitlines())
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (1, f"jimcode: error: stdin regel {number}: {said}")


# --- which records, which codebook: the corpus's and the summary's warnings -----------------------------


def test_records_read_through_the_lineage_are_announced_in_the_codebooks_language(run, tmp_path, monkeypatch):
    from tests.lineage_study import CODEBOOK, SPLIT, change_codebook, copy_examples

    monkeypatch.chdir(tmp_path)
    copy_examples(tmp_path)
    change_codebook(tmp_path)
    coded = Path("examples/coded")
    result = run("agreement", coded, "--codebook", CODEBOOK, "--format", "json")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        f"jimcode: warning: {CODEBOOK} (versie 1.1) is niet het bestand waarmee 12 record(s) zijn gecodeerd "
        "(versie 1.0, een andere sha256); codes en namen komen eruit",
        "jimcode: warning: 6 record(s) van een eerdere versie van codeboek jim-12min gelezen via de afstamming "
        "(hernoemde en samengevoegde ids omgezet); geef `jimcode migrate` om de bestanden bij te werken",
        f"jimcode: warning: {coded / 'case-01-noah.anna.json'}: gesplitste code(s) {SPLIT[0]} zijn niet volgens een "
        f"regel om te zetten; geef `jimcode migrate` en `jimcode code --recode {SPLIT[0]} --coder anna`",
    ]
    assert english_words_in(result.stderr.replace(str(coded), "")) == []
    summary = run("summary", coded, "--codebook", CODEBOOK, "--format", "json")
    assert summary.stderr.splitlines()[-2:] == [
        "jimcode: warning: 8 record(s) zijn gecodeerd met codeboekversie 1.0; deze samenvatting gebruikt versie 1.1",
        "jimcode: warning: segmenten dragen codes die niet in het codeboek staan (bij geen onderzoeksvraag "
        f"meegeteld): {SPLIT[0]} (20)",
    ]
    english = run("--lang", "en", "agreement", coded, "--codebook", CODEBOOK, "--format", "json")
    assert english.stderr.splitlines()[1] == (
        "jimcode: warning: read 6 record(s) of an earlier version of codebook jim-12min through its lineage "
        "(renamed and merged ids mapped); run `jimcode migrate` to update the files"
    )


def test_before_the_codebook_is_known_links_and_duplicates_follow_the_locale(run, tmp_path, monkeypatch):
    folder = tmp_path / "coded"
    folder.mkdir()
    for name in ("case-03-lotte.anna.json", "case-03-lotte.bram.json"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    (folder / "elders").symlink_to(tmp_path)
    (folder / "kopie.json").write_bytes((EXAMPLES / "case-03-lotte.anna.json").read_bytes())
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    not_followed = f"{folder / 'elders'}: symbolische link niet gevolgd (noem het doel om het te lezen)"
    assert run("summary", folder, "--format", "json").stderr.splitlines()[0] == f"jimcode: warning: {not_followed}"
    result = run("agreement", folder, "--format", "json")
    assert (result.exit_code, result.stderr) == (
        1,
        f"jimcode: error: {folder / 'kopie.json'}: transcript 'case-03-lotte' gecodeerd door 'anna' staat ook in "
        f"{folder / 'case-03-lotte.anna.json'}; geef elk record één keer\n",
    )
    monkeypatch.setenv("LANG", "C.UTF-8")  # the codebook is Dutch, but nobody knows that yet
    assert run("summary", folder, "--format", "json").stderr.splitlines()[0] == (
        f"jimcode: warning: {folder / 'elders'}: symbolic link not followed (name its target to read it)"
    )


@pytest.mark.slow  # a changed copy of the examples, migrate and three recode runs
def test_migrate_reports_and_recode_asks_in_the_codebooks_language(run, tmp_path, monkeypatch):
    from tests.lineage_study import CODEBOOK, SPLIT, change_codebook, copy_examples

    monkeypatch.chdir(tmp_path)
    copy_examples(tmp_path)
    change_codebook(tmp_path)
    sem = Path("examples/coded/case-02-sem.anna.json")
    check = run("migrate", sem, "--codebook", CODEBOOK, "--check")
    successors = f"{SPLIT[1][1]} of {SPLIT[1][0]}"
    assert (check.exit_code, check.stderr.splitlines()) == (
        1,
        [
            f"jimcode: zou {sem} omzetten naar jim-12min 1.1: code competence-accept-help -> "
            "competence-need-and-help: 1 segment(s)",  # the change as the record notes it
            f"jimcode: warning: {sem}: gesplitste code '{SPLIT[0]}' ({successors}) wacht in segment(en) s012, s020, "
            f"s034; geef `jimcode code --recode {SPLIT[0]} --coder anna`",
            "jimcode: zou 1 record(s) omzetten, 0 al bijgewerkt",
            f"jimcode: 3 segment(en) wachten nog op `jimcode code --recode {SPLIT[0]}`",
            "jimcode: error: 1 record(s) moeten door `jimcode migrate`, 3 segment(en) moeten door "
            "`jimcode code --recode`",
        ],
    )
    transcript = Path("examples/transcripts/case-02-sem.md")
    recode = ("code", "--recode", SPLIT[0], transcript, "--codebook", CODEBOOK, "--coder", "anna")
    first = run(*recode, "--out", sem.parent, input="1\nq\n")
    assert (first.exit_code, first.stderr.splitlines()) == (
        0,
        [
            "  case-02-sem.anna.json: eerst omgezet naar jim-12min 1.1",
            f"  s012 gehercodeerd: {SPLIT[0]} -> {SPLIT[1][1]}",
            f"jimcode: 1 segment(en) met '{SPLIT[0]}' gehercodeerd in 1 record(s) van anna; 2 segment(en) in dit "
            "record wachten nog (geef het commando opnieuw om verder te gaan)",
        ],
    )
    wrong = run(*recode, "--out", sem.parent, input="-\n7\n")
    assert wrong.stderr.splitlines()[-2:] == [
        f"  s020 gehercodeerd: {SPLIT[0]} -> (geen)",
        "jimcode: error: stdin regel 2: '7' is niet een van 1-2",
    ]
    renamed = run("code", "--recode", "value-whole-puzzle", transcript, "--codebook", CODEBOOK, "--coder", "anna")
    assert (renamed.exit_code, renamed.stderr) == (
        2,
        "jimcode: error: --recode: 'value-whole-puzzle' is hernoemd naar 'value-sees-whole-puzzle', niet gesplitst; "
        "geef `jimcode migrate`\n",
    )


def test_resuming_under_a_changed_codebook_is_explained_in_its_language(run, tmp_path, monkeypatch):
    from tests.lineage_study import CODEBOOK, RENAMED, SPLIT, change_codebook, copy_examples

    monkeypatch.chdir(tmp_path)
    copy_examples(tmp_path)
    change_codebook(tmp_path)
    noah = Path("examples/transcripts/case-01-noah.md")
    result = run("code", noah, "--codebook", CODEBOOK, "--coder", "anna", "--out", "examples/coded", input="")
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            "jimcode: warning: het codeboek is veranderd sinds dit record het laatst werd bewaard (versie toen 1.0, "
            "nu 1.1)",
            "jimcode: warning: omgezet volgens de afstamming in het codeboek: code "
            f"{RENAMED[0]} -> {RENAMED[1]}: 1 segment(s)",  # the change as the record notes it
            f"jimcode: warning: code '{SPLIT[0]}' is gesplitst in {', '.join(sorted(SPLIT[1]))} (toegekend in s016, "
            f"s018, s022); geef `jimcode code --recode {SPLIT[0]}` om per segment te kiezen; bewaard in het record, "
            "haal het weg of hercodeer het",
            "jimcode: case-01-noah: afgerond; overgeslagen (--review opent het weer)",
        ],
    )


def test_the_example_reconcile_reports_each_decision_in_dutch(run, tmp_path):
    records = [EXAMPLES / "case-01-noah.anna.json", EXAMPLES / "case-01-noah.bram.json"]
    script = (ROOT / "examples" / "answers" / "case-01-noah.reconcile.txt").read_text(encoding="utf-8")
    result = run("reconcile", *records, "--out", tmp_path, input=script)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    consensus = tmp_path / "case-01-noah.consensus.json"
    assert lines[:3] == [
        f"jimcode: case-01-noah (Noah): 15 verschil(len), 0 opgelost; codeurs A anna, B bram -> {consensus}",
        "1/15 segment 6 (s006)",
        "  segment 6: beslissing van anna",
    ]
    assert lines[3:5] == ["2/15 segment 10 (s010)", "  segment 10: alle codes samen"]
    assert (
        "jimcode: warning: de codeurs gaven verschillende standpunten (H3: anna nuanceert, bram ondersteunt); het "
        "voorstel heeft de rest samen: kies er een met `e H3 s|c|n`, en dan `n` om het aan te nemen"
    ) in lines
    assert lines[-7:] == [
        "13/15 casuskenmerk parent_signals",
        "  parent_signals: intergenerational",
        "14/15 casuskenmerk case_summary",
        "  case_summary: antwoord van anna",
        "15/15 oordeel over H3",
        "  H3: ondersteunt",
        f"jimcode: afgerond: {consensus}",
    ]
    assert english_words_in(result.stderr) == []


def test_a_mistake_while_reconciling_is_said_in_the_codebooks_language(run, tmp_path):
    records = [EXAMPLES / "case-01-noah.anna.json", EXAMPLES / "case-01-noah.bram.json"]
    dutch = run("reconcile", *records, "--out", tmp_path / "nl", input="g 99\n")
    assert dutch.stderr.splitlines()[-1] == "jimcode: error: stdin regel 1: naar welk verschil? `g 1` tot en met `g 15`"
    english = run("--lang", "en", "reconcile", *records, "--out", tmp_path / "en", input="A\nu\nk\n")
    assert english.stderr.splitlines()[1:] == [
        "1/15 segment 6 (s006)",
        "  segment 6: anna's decision",
        "2/15 segment 10 (s010)",
        "jimcode: undone",
        "1/15 segment 6 (s006)",
        "jimcode: error: stdin line 3: unknown code 'k' (try `f k` to search the labels)",
    ]


def test_coding_a_folder_sums_up_in_dutch(run, tmp_path):
    transcripts = ROOT / "examples" / "transcripts"
    result = run("code", transcripts, "--codebook", DUTCH_CODEBOOK, "--coder", "anna", "--out", tmp_path, input="x\n")
    assert result.exit_code == 0, result.output
    count = len(list(transcripts.iterdir()))  # .md, .docx and .vtt alike
    assert result.stderr.splitlines()[1:] == [
        "  s001 niet relevant",
        "jimcode: de invoer hield op voordat het transcript af was; het is bewaard, geef het commando opnieuw om "
        "verder te gaan",
        f"jimcode: {count} transcript(en): 1 einde van de invoer",
    ]


def test_reconciles_help_is_in_the_codebooks_language(run, tmp_path):
    records = [EXAMPLES / "case-01-noah.anna.json", EXAMPLES / "case-01-noah.bram.json"]
    dutch = run("reconcile", *records, "--out", tmp_path / "nl", input="h\nq\n").stderr
    assert "Elk item   A, B, C…  neem de beslissing van die codeur over" in dutch
    assert "Segment    +  samen: de codes en onderbouwing van alle codeurs" in dutch
    english = run("--lang", "en", "reconcile", *records, "--out", tmp_path / "en", input="h\nq\n").stderr
    assert "Any item   A, B, C…  take that coder's decision (coders lettered in the order given)" in english


def test_pseudonymise_reads_no_codebook_so_it_follows_the_locale(run, tmp_path, monkeypatch):
    key = tmp_path / "sleutel.yaml"  # outside any git work tree
    key.write_bytes((ROOT / "examples" / "pseudonymise" / "key.yaml").read_bytes())
    out = tmp_path / "gedeeld"
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    written = run("pseudonymise", NOAH, "--key", key, "--out", out)
    assert (written.exit_code, written.stderr) == (
        0,
        f"jimcode: 1 transcript(en) en 0 record(s) geschreven naar {out}\n",
    )
    checked = run("pseudonymise", out, "--key", key, "--check")
    assert checked.stderr == "jimcode: 1 bestand(en) gecontroleerd: geen naam uit de sleutel en geen suggestie meer\n"
    both = run("pseudonymise", out, "--suggest", "--check")
    assert (both.exit_code, both.stderr) == (
        2,
        "jimcode: error: --suggest en --check gaan niet samen; geef ze na elkaar\n",
    )
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert run("pseudonymise", out, "--key", key, "--check").stderr == (
        "jimcode: checked 1 file(s): no name of the key and no suggestion left\n"
    )


def test_front_matter_that_does_not_fit_the_codebook_is_said_in_its_language(run, tmp_path):
    text = NOAH.read_text(encoding="utf-8")
    for old, new in (
        ("  child_age: 13\n", "  child_age: 40\n  lievelingskleur: blauw\n"),
        ("jim_positioned: true", "jim_positioned: 3"),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    transcript = tmp_path / "case-01-noah.md"
    transcript.write_text(text, encoding="utf-8")
    result = run("code", transcript, "--codebook", DUTCH_CODEBOOK, "--coder", "anna", "--out", tmp_path, input="q\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1:4] == [
        "jimcode: warning: kenmerk child_age uit de front matter: 40 valt buiten de grenzen; verwacht: een geheel "
        "getal (jaar), 0 tot 18; niet vooraf ingevuld",
        "jimcode: warning: kenmerk 'lievelingskleur' uit de front matter staat niet in het codeboek; niet vooraf "
        "ingevuld",
        "jimcode: warning: kenmerk jim_positioned uit de front matter: 3 is niet true of false; niet vooraf ingevuld",
    ]
