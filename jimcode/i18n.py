"""The words jimcode itself says, in the language of the codebook (or of `--lang` / `JIMCODE_LANG` / the locale).

A plain Python catalog rather than gettext or Babel: the texts live next to their ids in one
typed table, so mypy sees every use, a missing translation is a type error (`Text` needs every
language), tests can compare placeholders, and nothing needs compiling (`.mo` files) or a
dependency. Another language is one more field of `Text` and one more text per entry.

Machine-readable output never goes through here: JSON keys, CSV column names, exit codes and
`--format github` diagnostics stay the same in every language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple


class Text(NamedTuple):
    """One message in every language jimcode speaks (the field order is the languages' order)."""

    en: str
    nl: str


LANGUAGES: tuple[str, ...] = Text._fields
DEFAULT_LANGUAGE = "en"
LANGUAGE_VARIABLE = "JIMCODE_LANG"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX precedence: the first one set wins


def supported(tag: str | None) -> str | None:
    """The language jimcode speaks for a tag (`nl`, `nl-BE`, `nl_NL.UTF-8`, `EN`), or None for another."""
    if not tag:
        return None
    primary = tag.strip().replace("-", "_").split("_")[0].split(".")[0].casefold()
    return primary if primary in LANGUAGES else None


_requested: str | None = None  # `--lang` of this run: like a locale, one per process


def request_language(option: str | None) -> None:
    """Keep `--lang` for this run (None: only `JIMCODE_LANG`, the codebook and the locale decide).

    Raises ValueError for a language jimcode does not speak."""
    global _requested
    if option is not None and supported(option) is None:
        raise ValueError(f"'{option}' is not one of {', '.join(LANGUAGES)}")
    _requested = supported(option)


def requested_language(environ: Mapping[str, str] | None = None) -> str | None:
    """What the user asked for: `--lang`, else `JIMCODE_LANG`; None when neither names a language jimcode speaks."""
    environ = os.environ if environ is None else environ
    return _requested or supported(environ.get(LANGUAGE_VARIABLE))


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The locale's language (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first that is set), if jimcode speaks it."""
    environ = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        if environ.get(name):
            return supported(environ[name])
    return None


def choose_language(
    requested: str | None, codebook_language: str | None, environ: Mapping[str, str] | None = None
) -> str:
    """The interface language: what was requested, else the codebook's, else the locale's, else English."""
    return (
        supported(requested)
        or supported(codebook_language)
        or (system_language(environ) if codebook_language is None else None)
        or DEFAULT_LANGUAGE
    )


def message_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of what is said before any codebook is known: as requested, else the locale's, else English."""
    return choose_language(requested_language(environ), None, environ)


def decimal(value: float, digits: int, language: str) -> str:
    """`value` with `digits` decimals, with the language's decimal mark (7.6, Dutch 7,6)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "nl" else text


def number(value: float | None, language: str, digits: int = 1) -> str:
    """58, 58.3 (Dutch 58,3), or an en dash for no value."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value)}"
    return decimal(value, digits, language)


class Words:
    """The catalog in one language: `words("summary.cases")`, `words("x.of_y", count=3)`."""

    def __init__(self, language: str) -> None:
        self.language = supported(language) or DEFAULT_LANGUAGE

    def __call__(self, key: str, /, **values: object) -> str:
        text: str = getattr(CATALOG[key], self.language)
        return text.format(**values) if values else text

    def count(self, key: str, count: int, /, **values: object) -> str:
        """A counted noun: `{key}.one` for 1, `{key}.other` otherwise; `{count}` is filled in."""
        return self(f"{key}.{'one' if count == 1 else 'other'}", count=count, **values)

    def number(self, value: float | None, digits: int = 1) -> str:
        return number(value, self.language, digits)


def words(language: str) -> Words:
    return Words(language)


CATALOG: dict[str, Text] = {
    # --- plain words shared by many screens and reports -------------------------------------
    "yes": Text("yes", "ja"),
    "no": Text("no", "nee"),
    "answer.yes": Text("yes", "Ja"),  # a boolean attribute's answer as a table row (English keeps its lower case)
    "answer.no": Text("no", "Nee"),
    "no_answer": Text("no answer", "geen antwoord"),
    "invalid": Text("invalid", "ongeldig"),
    "unknown": Text("unknown", "onbekend"),
    "all_cases": Text("All cases", "Alle casussen"),
    "case.one": Text("{count} case", "{count} casus"),
    "case.other": Text("{count} cases", "{count} casussen"),
    "of_cases": Text("{count} of {of} cases", "{count} van {of} casussen"),
    "note_prefix": Text("note: {text}", "notitie: {text}"),
    "warning_prefix": Text("Warning: {text}", "Waarschuwing: {text}"),
    "and_more": Text(" and {count} more", " en nog {count}"),
    # --- messages ---------------------------------------------------------------------------------
    "corpus.none_found": Text(
        "no coded records (*.json) found in {where}", "geen gecodeerde records (*.json) in {where}"
    ),
    "corpus.none_usable": Text(
        "no usable coded records in {where} ({count} file(s) skipped)",
        "geen bruikbare gecodeerde records in {where} ({count} bestand(en) overgeslagen)",
    ),
    "cli.not_one_of": Text("{name}: '{given}' is not one of {choices}", "{name}: '{given}' is niet een van {choices}"),
    "cli.not_whole": Text("{name}: '{given}' is not a whole number", "{name}: '{given}' is geen geheel getal"),
    "cli.not_number": Text("{name}: '{given}' is not a number", "{name}: '{given}' is geen getal"),
    "cli.less_than": Text("{name}: '{given}' is less than {bound}", "{name}: '{given}' is kleiner dan {bound}"),
    "cli.more_than": Text("{name}: '{given}' is more than {bound}", "{name}: '{given}' is groter dan {bound}"),
    "cli.wrote": Text("wrote {path}", "{path} geschreven"),
    "cli.interrupted": Text("interrupted", "onderbroken"),
    "cli.interrupted_session": Text(
        "interrupted; every decision is saved (run the same command to resume)",
        "onderbroken; elke beslissing is bewaard (geef hetzelfde commando om verder te gaan)",
    ),
    # --- the coding session --------------------------------------------------------------------
    # The keys under a segment: items separated by " · ", wrapped between items at the screen's width.
    "session.segment_keys": Text(
        "3 7 hvo apply · -7 remove · Enter done · x not relevant · m memo · e H1 s evidence · "
        "q 2-3 quote · d 7 define · f find · b back · g 12 go to · o next open · u undo · h help · q quit",
        "3 7 hvo toekennen · -7 weg · Enter klaar · x niet relevant · m memo · e H1 s onderbouwing · "
        "q 2-3 citaat · d 7 definitie · f zoek · b terug · g 12 ga naar · o volgende open · u ongedaan · h help · "
        "q stop",
    ),
    "session.pole_keys": Text("12+ 12- present, absent", "12+ 12- aanwezig, afwezig"),
    "session.answer_keys": Text(
        "Enter keeps the value shown · - no answer · b back · g 12 segment · u undo · h help · q quit",
        "Enter houdt het getoonde antwoord · - geen antwoord · b terug · g 12 segment · u ongedaan · h help · q stop",
    ),
    "session.verdict_keys": Text(
        "s supports · c contradicts · m mixed · n not applicable (+ note) · b back · u undo · h help · q quit",
        "s ondersteunt · c weerspreekt · m gemengd · n niet van toepassing (+ notitie) · b terug · u ongedaan · "
        "h help · q stop",
    ),
    "session.at_segment": Text("segment {number} of {total}", "segment {number} van {total}"),
    "session.at_question": Text("case question {number} of {total}", "casusvraag {number} van {total}"),
    "session.at_hypothesis": Text("hypothesis {number} of {total}", "hypothese {number} van {total}"),
    "session.complete": Text("complete", "afgerond"),
    "session.coded_count": Text("{done}/{total} coded  ", "{done}/{total} gecodeerd  "),
    "session.coder": Text("coder {name}", "codeur {name}"),
    "session.status.open": Text("○ open", "○ open"),
    "session.status.coded": Text("● coded", "● gecodeerd"),
    "session.status.not_relevant": Text("– not relevant", "– niet relevant"),
    "session.no_codes_yet": Text("no codes yet", "nog geen codes"),
    "session.not_in_codebook": Text(
        "{code} (not in the codebook: -{code} removes it)", "{code} (niet in het codeboek: -{code} haalt het weg)"
    ),
    "session.evidence": Text("evidence {hypothesis} {stance}", "onderbouwing {hypothesis} {stance}"),
    "session.memo": Text("memo: ", "memo: "),
    "session.all_done": Text(
        "Every segment, case question and verdict is done.", "Elk segment, elke casusvraag en elk oordeel is klaar."
    ),
    "session.required": Text("  (required)", "  (verplicht)"),
    "session.your_answer": Text("your answer: ", "je antwoord: "),
    "session.from_transcript": Text("from the transcript: ", "uit het transcript: "),
    "session.enter_keeps": Text("   (Enter keeps it)", "   (Enter houdt het)"),
    "session.from_transcript_note": Text("{value} (from the transcript)", "{value} (uit het transcript)"),
    "session.evidence_here": Text("evidence in this transcript: {counts}", "onderbouwing in dit transcript: {counts}"),
    "session.current_verdict": Text("current verdict: {verdict}", "huidig oordeel: {verdict}"),
    "session.no_match": Text("no code matches '{query}'", "geen code past bij '{query}'"),
    "session.help": Text("help", "help"),
    "session.prompt_answer": Text("answer › ", "antwoord › "),
    "session.prompt_verdict": Text("verdict › ", "oordeel › "),
    "session.completed": Text("✓ {id} is complete: {file}", "✓ {id} is afgerond: {file}"),
    "session.stopped": Text(
        "Saved: {file}. Run the same command to resume.", "Bewaard: {file}. Geef hetzelfde commando om verder te gaan."
    ),
    "session.shortcut": Text("  shortcut {shortcut}", "  sneltoets {shortcut}"),
    # quotes: the sentences a coder marks as a segment's quote (`q 2-3`)
    "session.quote": Text("quote: sentence(s) {sentences}", "citaat: zin(nen) {sentences}"),
    "session.quote_unmarked": Text("quote unmarked", "citaat niet meer gemarkeerd"),
    "guidance.definition": Text("definition", "definitie"),
    "guidance.when_to_use": Text("when to use", "wanneer toepassen"),
    "guidance.when_not_to_use": Text("when not to use", "wanneer niet toepassen"),
    "guidance.example": Text("example", "voorbeeld"),
    "session.help.segments": Text(
        """\
Codes    3 7 12    apply codes by number, shortcut or id; -7 removes; a final n also moves on (3 7 n)
         d 7       definition, when to use, example        f ouder   find codes by label
Segment  Enter, n  done: next segment       x   not relevant: next segment
         m text    memo (m alone clears; at the prompt it edits)
         e H1 s [note]   evidence: s supports, c contradicts, n nuances H1;  e -H1 removes it
         q 2-3     quote: reports quote sentences 2-3 (the small numbers); q 2 4 picks two; q - unmarks
Move     b back    g 12 segment 12    o next open segment    g a case questions    g v verdicts
Other    u undo the last decision    child_age: 13  answer a case question now    h help    q save, quit""",
        """\
Codes      3 7 12    codes toekennen op nummer, sneltoets of id; -7 haalt weg; een n aan het eind gaat door (3 7 n)
           d 7       definitie, wanneer toepassen, voorbeeld        f ouder   codes zoeken op naam
Segment    Enter, n  klaar: volgend segment       x   niet relevant: volgend segment
           m tekst   memo (m alleen wist hem; bij de prompt bewerk je hem)
           e H1 s [notitie]   onderbouwing: s ondersteunt, c weerspreekt, n nuanceert H1;  e -H1 haalt weg
           q 2-3     citaat: rapporten citeren zin 2-3 (de kleine nummers); q 2 4 kiest er twee; q - wist
Naar       b terug   g 12 segment 12    o volgend open segment    g a casusvragen    g v oordelen
Overig     u laatste beslissing ongedaan    child_age: 13  nu een casusvraag beantwoorden    h help
           q bewaren en stoppen""",
    ),
    "session.help.answers": Text(
        """\
Answer   a value: number, option number or id, yes/no, text;  Enter or . keeps the value shown;
         - no answer.  Several options: 1, 3.
Verdict  s supports, c contradicts, m mixed, n not applicable, then an optional note: s clear in case 2
By name  child_age: 13    H1: m supports for the father, not the mother
Move     b back    g 12 segment 12    o next open segment    u undo    h help    q save, quit""",
        """\
Antwoord   een waarde: getal, nummer of id van een optie, ja/nee, tekst;  Enter of . houdt het getoonde
           antwoord;  - geen antwoord.  Meer opties: 1, 3.
Oordeel    s ondersteunt, c weerspreekt, m gemengd, n niet van toepassing, dan eventueel een notitie:
           s duidelijk in casus 2
Op naam    child_age: 13    H1: m ondersteunt voor de vader, niet voor de moeder
Naar       b terug    g 12 segment 12    o volgend open segment    u ongedaan    h help    q bewaren, stoppen""",
    ),
    "session.script_notes": Text(
        "In an answers file (stdin not a terminal) blank lines and # comments are ignored: write n to finish\n"
        "a segment, and . to keep a pre-filled answer. q alone stops the session; q 2-3 marks a quote.",
        "In een antwoordbestand (stdin geen terminal) tellen lege regels en # commentaar niet: schrijf n om een\n"
        "segment af te ronden, en . om een vooraf ingevuld antwoord te houden. q alleen stopt de sessie;\n"
        "q 2-3 markeert een citaat.",
    ),
    # --- the reconcile session ---------------------------------------------------------------
    "reconcile.segment_keys": Text(
        "A/B… take a coder's decision · + union · & common codes · 3 7 -2 edit the proposal, n accept it · "
        "x not relevant · e H1 s|c|n · m memo · b back · u undo · q quit · h help",
        "A/B… neem de beslissing van een codeur over · + samen · & gedeelde codes · 3 7 -2 voorstel aanpassen, "
        "n aannemen · x niet relevant · e H1 s|c|n · m memo · b terug · u ongedaan · q stop · h help",
    ),
    "reconcile.answer_keys": Text(
        "A/B… take a coder's answer · type the answer{extra} · b back · u undo · q quit · h help",
        "A/B… neem het antwoord van een codeur over · typ het antwoord{extra} · b terug · u ongedaan · q stop · h help",
    ),
    "reconcile.answer_extra": Text("; - no answer", "; - geen antwoord"),
    "reconcile.answer_extra_multi": Text("; + / & union / common options", "; + / & alle / gedeelde opties"),
    "reconcile.verdict_extra": Text(" (s, c, m, n + note)", " (s, c, m, n + notitie)"),
    "reconcile.where": Text(
        "Disagreement {number} of {total} ({settled} settled)", "Verschil {number} van {total} ({settled} opgelost)"
    ),
    "reconcile.all_settled": Text("Every disagreement is settled.", "Elk verschil is opgelost."),
    "reconcile.segment": Text(
        "Segment {number} of {total} ({id}){speaker}", "Segment {number} van {total} ({id}){speaker}"
    ),
    "reconcile.memo": Text(" · memo: {text}", " · memo: {text}"),
    "reconcile.evidence": Text(" · evidence: {text}", " · onderbouwing: {text}"),
    "reconcile.disputed": Text("  disputed: {text}", "  verschil in: {text}"),
    "reconcile.no_codes": Text("(no codes)", "(geen codes)"),
    "reconcile.proposal": Text("  proposal: {text}", "  voorstel: {text}"),
    "reconcile.evidence_part": Text("evidence: {text}", "onderbouwing: {text}"),
    "reconcile.settled": Text("  settled as: {text}", "  opgelost als: {text}"),
    "reconcile.attribute": Text("Case attribute {label}{kind}", "Casuskenmerk {label}{kind}"),
    "reconcile.verdict": Text("Verdict on {label}", "Oordeel over {label}"),
    "attribute.whole_number": Text("a whole number", "een geheel getal"),
    "attribute.number": Text("a number", "een getal"),
    "attribute.one_option": Text("one option: its number or id ({ids})", "één optie: het nummer of id ({ids})"),
    "attribute.options": Text(
        "one or more options, by number or id, separated by commas ({ids})",
        "een of meer opties, op nummer of id, gescheiden door komma's ({ids})",
    ),
    "attribute.yes_no": Text("yes or no", "ja of nee"),
    "attribute.text": Text("any text", "vrije tekst"),
    "attribute.no_answer": Text("(no answer)", "(geen antwoord)"),
    "attribute.none": Text("(none)", "(geen)"),
    # --- which records a report counts (records/choice.py) -------------------------------------
    "choice.in_progress": Text(
        "{count} record(s) still in progress (not marked complete): {files}; --complete-only leaves them out",
        "{count} record(s) nog in bewerking (niet als afgerond gemarkeerd): {files}; --complete-only laat ze weg",
    ),
    "choice.unfinished_consensus": Text(
        "{count} consensus record(s) not counted because they are not complete (the coders' records count "
        "instead): {files}. Finish them with jimcode reconcile",
        "{count} consensusrecord(s) niet meegeteld omdat ze niet afgerond zijn (de records van de codeurs tellen "
        "in hun plaats): {files}. Rond ze af met jimcode reconcile",
    ),
    "choice.coder_not": Text("{transcript}: {coder} (not {others})", "{transcript}: {coder} (niet {others})"),
    "choice.several_coders": Text(
        "{count} transcript(s) have records by several coders and no complete consensus record; counting the "
        "alphabetically first coder's: {files}. Pass --coder NAME to choose, or reconcile them (jimcode reconcile)",
        "{count} transcript(en) hebben records van meer codeurs en geen afgerond consensusrecord; meegeteld is "
        "dat van de alfabetisch eerste codeur: {files}. Kies met --coder NAAM, of kom tot consensus "
        "(jimcode reconcile)",
    ),
    "choice.duplicate": Text(
        "{count} transcript(s) have two records by the same coder (copies?); the first file was counted: {files}",
        "{count} transcript(en) hebben twee records van dezelfde codeur (kopieën?); het eerste bestand telt: {files}",
    ),
    "choice.transcript_changed": Text(
        "{count} transcript(s) were coded from different texts (their sha256 differs between records): {files}",
        "{count} transcript(en) zijn gecodeerd op verschillende teksten (hun sha256 verschilt tussen records): {files}",
    ),
    # --- stances and verdicts (ids stay in JSON; these are what a reader sees) ----------------
    "stance.supports": Text("supports", "ondersteunt"),
    "stance.contradicts": Text("contradicts", "weerspreekt"),
    "stance.nuances": Text("nuances", "nuanceert"),
    "verdict.supports": Text("supports", "ondersteunt"),
    "verdict.contradicts": Text("contradicts", "weerspreekt"),
    "verdict.mixed": Text("mixed", "gemengd"),
    "verdict.not_applicable": Text("not applicable", "niet van toepassing"),
    "verdict.missing": Text("no verdict", "geen oordeel"),
    # --- figures: a number attribute in one line ---------------------------------------------
    "unit.day.one": Text("{count} day", "{count} dag"),
    "unit.day.other": Text("{count} days", "{count} dagen"),
    "unit.week.one": Text("{count} week", "{count} week"),
    "unit.week.other": Text("{count} weeks", "{count} weken"),
    "unit.month.one": Text("{count} month", "{count} maand"),
    "unit.month.other": Text("{count} months", "{count} maanden"),
    "unit.year.one": Text("{count} year", "{count} jaar"),
    "unit.year.other": Text("{count} years", "{count} jaar"),
    "reading.none": Text("no answers", "geen antwoorden"),
    "reading.one_case": Text("one case", "één casus"),
    "reading.all_cases": Text("all {count} cases", "alle {count} casussen"),
    "reading.mean": Text("mean {value}", "gemiddeld {value}"),
    "reading.median": Text("median {value}", "mediaan {value}"),
    "reading.range": Text("range {low} to {high}", "spreiding {low} tot {high}"),
    "split.under": Text("under {cut}", "onder {cut}"),
    "split.from": Text("{cut} or more", "{cut} of meer"),
    # --- the summary report --------------------------------------------------------------------
    "summary.title": Text("Summary: {title}", "Samenvatting: {title}"),
    "summary.codebook": Text("codebook {id} version {version}", "codeboek {id} versie {version}"),
    "summary.split_by": Text("split by {label}", "uitgesplitst naar {label}"),
    "summary.filter_cases": Text("cases {names}", "casussen {names}"),
    "summary.filter_coders": Text("coder {names}", "codeur {names}"),
    "summary.filter_complete": Text("complete records only", "alleen afgeronde records"),
    "summary.filter_in_progress": Text("records in progress only", "alleen records in bewerking"),
    "summary.cases": Text("Cases", "Casussen"),
    "summary.case_pseudonyms": Text("Case pseudonyms", "Pseudoniemen van casussen"),
    "summary.complete": Text("Complete", "Afgerond"),
    "summary.in_progress": Text("In progress", "In bewerking"),
    "summary.coders": Text("Coders", "Codeurs"),
    "summary.segments": Text("Segments", "Segmenten"),
    "summary.segments_coded": Text("coded", "gecodeerd"),
    "summary.segments_not_relevant": Text("not relevant", "niet relevant"),
    "summary.segments_open": Text("open", "open"),
    "summary.set_aside": Text(
        "{count} record(s) by other coders of the same transcripts were set aside",
        "{count} record(s) van andere codeurs van dezelfde transcripten zijn terzijde gelegd",
    ),
    "summary.filtered_out": Text(
        "{count} record(s) left out by the filters", "{count} record(s) weggelaten door de filters"
    ),
    "summary.skipped": Text(
        "{count} file(s) skipped as unreadable (listed on stderr)",
        "{count} bestand(en) overgeslagen als onleesbaar (genoemd op stderr)",
    ),
    "summary.attributes": Text("Case attributes", "Casuskenmerken"),
    "summary.free_text": Text(
        "{label} (free text): answered in {answered}.", "{label} (vrije tekst): ingevuld in {answered}."
    ),
    "summary.answered_of": Text("{count} of {of} cases", "{count} van {of} casussen"),
    "stat.n": Text("n", "n"),
    "stat.mean": Text("mean", "gemiddelde"),
    "stat.median": Text("median", "mediaan"),
    "stat.min": Text("min", "min"),
    "stat.max": Text("max", "max"),
    "stat.sd": Text("sd", "sd"),
    "summary.sd_note": Text("sd is the sample standard deviation.", "sd is de standaarddeviatie van de steekproef."),
    "summary.in_unit": Text("In {unit}; {rest}", "In {unit}; {rest}"),
    "summary.percent_note": Text(
        "Percentages of the cases that answered", "Percentages van de casussen met een antwoord"
    ),
    "summary.percent_note_multi": Text(
        " (several options per case, so they can add up to more than 100%).",
        " (meer opties per casus, dus samen soms meer dan 100%).",
    ),
    "summary.not_chosen": Text(" Not chosen: {names}.", " Niet gekozen: {names}."),
    "summary.questions": Text("Research questions", "Onderzoeksvragen"),
    "summary.coded_in": Text(
        "{question} Coded in {coded_in}; {count} segment(s).",
        "{question} Gecodeerd in {coded_in}; {count} segment(en).",
    ),
    "summary.code": Text("Code", "Code"),
    "summary.cases_n": Text("Cases (n={count})", "Casussen (n={count})"),
    "summary.percent_coded": Text("{id}: % of cases coded", "{id}: % van de casussen gecodeerd"),
    "summary.exemplar_quotes": Text("Exemplar quotes", "Voorbeeldcitaten"),
    "summary.hypotheses": Text("Hypotheses", "Hypothesen"),
    "summary.verdicts": Text("Case verdicts", "Oordeel per casus"),
    "summary.verdicts_note": Text(
        "Cases, with the percentage of all cases in the group.",
        "Casussen, met het percentage van alle casussen in de groep.",
    ),
    "summary.verdicts_chart": Text("Case verdicts per hypothesis", "Oordeel per casus, per hypothese"),
    "summary.evidence": Text("Evidence", "Onderbouwing"),
    "summary.evidence_note": Text(
        "Segments marked as evidence, and in how many cases.",
        "Segmenten gemarkeerd als onderbouwing, en in hoeveel casussen.",
    ),
    "summary.evidence_cell.one": Text("{segments} in {count} case", "{segments} in {count} casus"),
    "summary.evidence_cell.other": Text("{segments} in {count} cases", "{segments} in {count} casussen"),
    "summary.related": Text(" (related: {ids})", " (verwant: {ids})"),
    "summary.cooccurrence": Text("Codes applied together", "Codes die samen voorkomen"),
    "summary.cooccurrence_lead": Text(
        "Pairs of codes most often applied to the same segment.",
        "Paren van codes die het vaakst op hetzelfde segment staan.",
    ),
    "summary.codes": Text("Codes", "Codes"),
    "summary.no_pairs": Text("no segment carries two codes.", "geen segment heeft twee codes."),
    # --- the study's layout: header, attributes about the interviewee, reference figures (layout) ---
    "summary.study": Text("The study", "Het onderzoek"),
    "summary.interviewees": Text("Interviewees", "Geïnterviewden"),
    "summary.interviewee_missing.one": Text(
        "{count} case names no interviewee", "bij {count} casus is geen geïnterviewde genoemd"
    ),
    "summary.interviewee_missing.other": Text(
        "{count} cases name no interviewee", "bij {count} casussen is geen geïnterviewde genoemd"
    ),
    "summary.organisations_interviewees": Text("Organisations (interviewees)", "Organisaties (geïnterviewden)"),
    "summary.head.cases.one": Text("{count} case", "{count} casus"),
    "summary.head.cases.other": Text("{count} cases", "{count} casussen"),
    "summary.head.interviewees.one": Text("{count} interviewee", "{count} geïnterviewde"),
    "summary.head.interviewees.other": Text("{count} interviewees", "{count} geïnterviewden"),
    "summary.head.organisations.one": Text("from {count} organisation ({names})", "van {count} organisatie ({names})"),
    "summary.head.organisations.other": Text(
        "from {count} organisations ({names})", "van {count} organisaties ({names})"
    ),
    "summary.head.line": Text(
        "{people}; records: {complete} complete, {in_progress} in progress; coded by {coders}.",
        "{people}; records: {complete} afgerond, {in_progress} in bewerking; gecodeerd door {coders}.",
    ),
    "summary.per_interviewee": Text(
        "Counted once per interviewee, not per case.", "Eén keer geteld per geïnterviewde, niet per casus."
    ),
    "summary.percent_note_interviewees": Text(
        "Counted once per interviewee, not per case: n and percentages are of the interviewees who answered",
        "Eén keer geteld per geïnterviewde, niet per casus: n en percentages van de geïnterviewden met een antwoord",
    ),
    "summary.references": Text("Reference figures", "Referentiecijfers"),
    "summary.reference.figure": Text("Figure", "Cijfer"),
    "summary.reference.kind": Text("Kind", "Soort"),
    "summary.reference.value": Text("Reference", "Referentie"),
    "summary.reference.data": Text("From the records", "Uit de records"),
    "summary.reference.reported": Text("reported", "gerapporteerd"),
    "summary.reference.comparison": Text("comparison", "vergelijking"),
    "summary.reference.note": Text(
        "Reported: the source's figure for these cases, ≠ where the records give another; "
        "comparison: a figure of another group, set beside the records' and not compared.",
        "Gerapporteerd: het cijfer van de bron voor deze casussen, ≠ waar de records een ander geven; "
        "vergelijking: een cijfer van een andere groep, ernaast gezet en niet vergeleken.",
    ),
    "summary.reference.differs": Text(
        "≠ {what}: the source reports {given}, the records give {computed}.",
        "≠ {what}: de bron rapporteert {given}, de records geven {computed}.",
    ),
    "summary.reference.sources": Text("Sources: {sources}.", "Bronnen: {sources}."),
    "summary.reference.count_of": Text("{count} of {of}", "{count} van {of}"),
    "summary.warn.more": Text(" and {count} more", " en nog {count}"),
    "summary.warn.codebook_version": Text(
        "{count} record(s) were coded with codebook version {version}; this summary uses version {current}",
        "{count} record(s) zijn gecodeerd met codeboekversie {version}; deze samenvatting gebruikt versie {current}",
    ),
    "summary.warn.codebook_changed": Text(
        "{count} record(s) were coded with another file of codebook {id} version {version} (its sha256 differs: "
        "a translation or an edited copy); check that no code changed meaning",
        "{count} record(s) zijn gecodeerd met een ander bestand van codeboek {id} versie {version} (de sha256 "
        "verschilt: een vertaling of een bewerkte kopie); controleer dat geen code van betekenis veranderde",
    ),
    "summary.warn.unknown_code": Text(
        "segments carry codes that are not in the codebook (not counted under any research question): {codes}",
        "segmenten dragen codes die niet in het codeboek staan (bij geen onderzoeksvraag meegeteld): {codes}",
    ),
    "summary.warn.unknown_hypothesis": Text(
        "evidence for hypotheses not in the codebook: {ids}",
        "onderbouwing bij hypothesen die niet in het codeboek staan: {ids}",
    ),
    "summary.warn.invalid_answer": Text(
        "attribute {id}: {count} case(s) have an answer that is not valid for its type or options; counted as "
        "invalid, not as an answer",
        "kenmerk {id}: {count} casus(sen) hebben een antwoord dat niet past bij het type of de opties; geteld als "
        "ongeldig, niet als antwoord",
    ),
    "summary.warn.interviewee_answers": Text(
        "attribute {id} is about the interviewee, but {count} interviewee(s) have different answers in their "
        "cases (counted under each): {names}",
        "kenmerk {id} gaat over de geïnterviewde, maar {count} geïnterviewde(n) hebben verschillende antwoorden "
        "in hun casussen (bij elk meegeteld): {names}",
    ),
    "summary.warn.shared": Text(
        "case pseudonyms used by several transcripts (each transcript counts as a case): {names}",
        "pseudoniemen van casussen die meer transcripten gebruiken (elk transcript telt als casus): {names}",
    ),
    "summary.verdict": Text("Verdict", "Oordeel"),
    "summary.which_cases": Text("Which cases", "Welke casussen"),
    "summary.stance": Text("Stance", "Richting"),
    "summary.evidence_quotes_of": Text("Evidence that {stance}", "Onderbouwing die {stance}"),
    # --- the agreement report ----------------------------------------------------------------
    "agreement.title": Text("Inter-coder agreement", "Overeenstemming tussen codeurs"),
    "agreement.headline_none": Text(
        "No double-coded transcripts among {total} transcript(s): "
        "agreement needs records of two or more coders on the same transcript.",
        "Geen dubbel gecodeerde transcripten onder {total} transcript(en): "
        "overeenstemming vraagt records van twee of meer codeurs op hetzelfde transcript.",
    ),
    "agreement.headline": Text(
        "{double} double-coded transcript(s) of {total}, {units} segments, coders: {coders}.",
        "{double} dubbel gecodeerde transcript(en) van {total}, {units} segmenten, codeurs: {coders}.",
    ),
    "agreement.threshold_note": Text(
        "Flagged: alpha below {threshold}; 'tentative' below {good}. {source}. "
        "Cohen's kappa is shown only for exactly two coders (and nominal data). A dash means not computable: "
        "no unit coded by two coders, or no variation (every coder gave the same value everywhere, "
        "e.g. a code nobody applied), so there was no disagreement to measure.",
        "Gemarkeerd: alpha onder {threshold}; 'voorlopig' onder {good}. {source}. "
        "Cohens kappa staat er alleen bij precies twee codeurs (en nominale gegevens). Een streepje betekent "
        "niet te berekenen: geen eenheid door twee codeurs gecodeerd, of geen variatie (elke codeur gaf overal "
        "dezelfde waarde, bijvoorbeeld een code die niemand toekende), dus er was geen verschil om te meten.",
    ),
    "agreement.threshold_source": Text(
        "Krippendorff (2004, Content Analysis, 2nd ed., p. 241): rely on variables with alpha >= 0.800; "
        "alpha >= 0.667 is the lowest limit for tentative conclusions",
        "Krippendorff (2004, Content Analysis, 2e druk, p. 241): ga uit van variabelen met alpha >= 0,800; "
        "alpha >= 0,667 is de laagste grens voor voorlopige conclusies",
    ),
    "agreement.below": Text("below {threshold}", "onder {threshold}"),
    "agreement.tentative": Text("tentative", "voorlopig"),
    "agreement.tentative_below": Text("tentative (< {good})", "voorlopig (< {good})"),
    "agreement.not_compared": Text("Not compared: {names}", "Niet vergeleken: {names}"),
    "agreement.free_text": Text("{label} (free text)", "{label} (vrije tekst)"),
    "agreement.warnings": Text("Warnings:", "Waarschuwingen:"),
    "agreement.column.what": Text("What", "Wat"),
    "agreement.column.number": Text("#", "#"),
    "agreement.column.code": Text("Code", "Code"),
    "agreement.column.question": Text("RQ", "Vraag"),
    "agreement.column.level": Text("Level", "Meetniveau"),
    "agreement.column.units": Text("Units", "Eenheden"),
    "agreement.column.percent": Text("% agree", "% overeenstemming"),
    "agreement.column.cohen": Text("Cohen's kappa", "Cohens kappa"),
    "agreement.column.alpha": Text("Krippendorff's alpha", "Krippendorffs alpha"),
    "agreement.column.flag": Text("Flag", "Markering"),
    "agreement.short.percent": Text("agree", "overeenst."),
    "agreement.short.cohen": Text("kappa", "kappa"),
    "agreement.short.alpha": Text("alpha", "alpha"),
    "agreement.uses": Text("{word} ({coders})", "{word} ({coders})"),
    "agreement.use.applied": Text("applied", "toegekend"),
    "agreement.use.coded": Text("coded", "gecodeerd"),
    "agreement.use.evidence": Text("with evidence", "met onderbouwing"),
    "agreement.use.answered": Text("answered", "ingevuld"),
    "agreement.use.given": Text("given", "gegeven"),
    "agreement.level.nominal": Text("nominal", "nominaal"),
    "agreement.level.interval": Text("interval", "interval"),
    "agreement.section.overall": Text("Overall", "Totaal"),
    "agreement.section.question": Text(
        "Per research question (pooled over its codes: segment x code)",
        "Per onderzoeksvraag (de codes van de vraag samen: segment x code)",
    ),
    "agreement.section.code": Text("Per code (units: segments)", "Per code (eenheden: segmenten)"),
    "agreement.section.relevance": Text(
        "Segment relevance (units: segments)", "Relevantie van segmenten (eenheden: segmenten)"
    ),
    "agreement.section.evidence": Text(
        "Hypothesis evidence (units: segments; value: stance or none)",
        "Onderbouwing van hypothesen (eenheden: segmenten; waarde: standpunt of geen)",
    ),
    "agreement.section.attribute": Text(
        "Case attributes (units: transcripts)", "Casuskenmerken (eenheden: transcripten)"
    ),
    "agreement.section.verdict": Text(
        "Hypothesis verdicts (units: transcripts)", "Oordelen over hypothesen (eenheden: transcripten)"
    ),
    "agreement.row.all_codes": Text("All codes (segment x code)", "Alle codes (segment x code)"),
    "agreement.row.relevance": Text(
        "Segment relevance (coded / not relevant)", "Relevantie van segmenten (gecodeerd / niet relevant)"
    ),
    "agreement.row.all_evidence": Text(
        "All hypotheses (segment x hypothesis)", "Alle hypothesen (segment x hypothese)"
    ),
    "agreement.row.all_verdicts": Text(
        "All hypotheses (transcript x hypothesis)", "Alle hypothesen (transcript x hypothese)"
    ),
    "agreement.row.each_option": Text("{label} (each option)", "{label} (elke optie)"),
    "agreement.note.no_pairs": Text("no unit coded by two coders", "geen eenheid door twee codeurs gecodeerd"),
    "agreement.note.never_applied": Text("never applied", "nooit toegekend"),
    "agreement.note.no_variation": Text("no variation", "geen variatie"),
    "agreement.note.not_in_codebook": Text("not in the codebook", "niet in het codeboek"),
    "agreement.transcripts": Text("Transcripts", "Transcripten"),
    "agreement.column.transcript": Text("Transcript", "Transcript"),
    "agreement.column.case": Text("Case", "Casus"),
    "agreement.column.coders": Text("Coders", "Codeurs"),
    "agreement.column.status": Text("Status", "Status"),
    "agreement.column.consensus": Text("Consensus", "Consensus"),
    "agreement.status.double-coded": Text("double-coded", "dubbel gecodeerd"),
    "agreement.status.not double-coded": Text("not double-coded", "niet dubbel gecodeerd"),
    "agreement.status.mismatch": Text("mismatch", "niet vergelijkbaar"),
    "agreement.warning.versions": Text(
        "{transcript}: the coders used different versions of the codebook ({used})",
        "{transcript}: de codeurs gebruikten verschillende versies van het codeboek ({used})",
    ),
    "agreement.warning.files": Text(
        "{transcript}: the coders used codebook {id} version {version} from different files ({used}), "
        "e.g. a translation; codes are compared by id",
        "{transcript}: de codeurs gebruikten codeboek {id} versie {version} uit verschillende bestanden ({used}), "
        "bijvoorbeeld een vertaling; codes worden op id vergeleken",
    ),
    "agreement.warning.in_progress": Text(
        "{transcript}: record(s) still in progress ({coders}); open segments count as missing",
        "{transcript}: record(s) nog in bewerking ({coders}); open segmenten tellen als ontbrekend",
    ),
    "agreement.warning.skipped": Text("skipped {file}: {message}", "{file} overgeslagen: {message}"),
    "agreement.warning.no_codebook": Text(
        "{wanted} was not found; showing code ids (pass --codebook FILE)",
        "{wanted} niet gevonden; de codes staan er als id (geef --codebook BESTAND)",
    ),
    "agreement.cli.mismatch": Text("{transcript}: not compared: {problem}", "{transcript}: niet vergeleken: {problem}"),
    "agreement.cli.nothing": Text(
        "no transcript has records by two or more coders; nothing to compare",
        "geen transcript heeft records van twee of meer codeurs; er is niets te vergelijken",
    ),
    "agreement.cli.gate_empty": Text(
        "--min-alpha {bound}: no segment was coded by two coders, so nothing could pass the check",
        "--min-alpha {bound}: geen segment is door twee codeurs gecodeerd, dus niets kan de toets halen",
    ),
    "agreement.cli.gate_failed": Text(
        "{count} code(s) have Krippendorff's alpha below {bound}: {listed}{more}",
        "{count} code(s) hebben een Krippendorffs alpha onder {bound}: {listed}{more}",
    ),
    "agreement.cli.gate_passed": Text(
        "every code's alpha is at least {bound} (or not computable)",
        "de alpha van elke code is minstens {bound} (of niet te berekenen)",
    ),
    # the disagreements, for the team to discuss
    "disagreements.title": Text("Disagreements", "Verschillen"),
    "disagreements.plain_title": Text("Disagreements: {counts}", "Verschillen: {counts}"),
    "disagreements.counts": Text(
        "{segments}, {attributes}, {verdicts} to discuss", "{segments}, {attributes} en {verdicts} te bespreken"
    ),
    "disagreements.segments.one": Text("{count} segment(s)", "{count} segment"),
    "disagreements.segments.other": Text("{count} segment(s)", "{count} segmenten"),
    "disagreements.attributes.one": Text("{count} case attribute(s)", "{count} casuskenmerk"),
    "disagreements.attributes.other": Text("{count} case attribute(s)", "{count} casuskenmerken"),
    "disagreements.verdicts.one": Text("{count} verdict(s)", "{count} oordeel"),
    "disagreements.verdicts.other": Text("{count} verdict(s)", "{count} oordelen"),
    "disagreements.not_coded_yet": Text("(not coded yet)", "(nog niet gecodeerd)"),
    "disagreements.not_relevant": Text("(not relevant)", "(niet relevant)"),
    "disagreements.no_codes": Text("(no codes)", "(geen codes)"),
    "disagreements.relevance": Text("relevance", "relevantie"),
    "disagreements.evidence_for": Text("evidence for {ids}", "onderbouwing bij {ids}"),
    "disagreements.evidence": Text("; evidence: {text}", "; onderbouwing: {text}"),
    "disagreements.disputed": Text("disputed: {text}", "verschil in: {text}"),
    "disagreements.disputed_md": Text("Disputed: {text}.", "Verschil in: {text}."),
    "disagreements.segment": Text("Segment {number}", "Segment {number}"),
    "disagreements.attribute": Text("Attribute {label}: {given}", "Casuskenmerk {label}: {given}"),
    "disagreements.verdict": Text("Verdict {label}: {given}", "Oordeel over {label}: {given}"),
    "disagreements.column.coder": Text("Coder", "Codeur"),
    "disagreements.column.codes": Text("Codes", "Codes"),
    "disagreements.column.evidence": Text("Evidence", "Onderbouwing"),
    "disagreements.column.memo": Text("Memo", "Memo"),
    "disagreements.case_attributes": Text("Case attributes", "Casuskenmerken"),
    "disagreements.column.attribute": Text("Attribute", "Kenmerk"),
    "disagreements.hypothesis_verdicts": Text("Hypothesis verdicts", "Oordelen over hypothesen"),
    "disagreements.column.hypothesis": Text("Hypothesis", "Hypothese"),
    "disagreements.verdict.supports": Text("supports", "ondersteunt"),
    "disagreements.verdict.contradicts": Text("contradicts", "weerspreekt"),
    "disagreements.verdict.mixed": Text("mixed", "gemengd"),
    "disagreements.verdict.not_applicable": Text("n/a", "n.v.t."),
    # --- retrieve -------------------------------------------------------------------------------
    "retrieve.title": Text("Retrieve: {label}", "Opgehaald: {label}"),
    "retrieve.found": Text("{segments} segment(s) in {cases} case(s)", "{segments} segment(en) in {cases} casus(sen)"),
    "retrieve.kind.code": Text("code {id}", "code {id}"),
    "retrieve.kind.question": Text("codes of research question {id}", "codes van onderzoeksvraag {id}"),
    "retrieve.kind.hypothesis": Text("evidence for hypothesis {id}", "onderbouwing bij hypothese {id}"),
    "retrieve.none": Text("No segments.", "Geen segmenten."),
    "retrieve.memo": Text("memo: {text}", "memo: {text}"),
    "retrieve.footer": Text("Made with {made_by}.", "Gemaakt met {made_by}."),
    # --- polarity: codes applied as present or absent (issue 12, section 3) ----------------------
    "polarity.present": Text("present", "aanwezig"),
    "polarity.absent": Text("absent", "afwezig"),
    "polarity.unspecified": Text("polarity not given", "richting niet gegeven"),
    "summary.polarity_note": Text(
        "Below a code with polarity: the segments and cases where the coder found it present or absent; "
        "a case can count under both (absent at first, present later).",
        "Onder een code met richting: de segmenten en casussen waarin de codeur haar aanwezig of afwezig vond; "
        "een casus kan onder allebei tellen (eerst afwezig, later aanwezig).",
    ),
    "session.help.polarity": Text(
        """\
Polarity 12+ co-   a code marked ± is applied as present (+) or absent (-) in one step, also by
         id (competence-open-to-network+); typed again with the other sign, it changes""",
        """\
Richting   12+ co-   een code met ± krijgt in één stap aanwezig (+) of afwezig (-), ook op id
           (competence-open-to-network+); opnieuw met het andere teken verandert het""",
    ),
    "summary.footer": Text(
        "Made with {made_by} from {count} coded record(s); codebook {id} version {version} (sha256 {sha}).",
        "Gemaakt met {made_by} uit {count} gecodeerde record(s); codeboek {id} versie {version} (sha256 {sha}).",
    ),
    # --- the Word report (--format docx) --------------------------------------------------------
    "cli.docx_needs_output": Text(
        "--format docx writes a Word file: name it with --output FILE.docx",
        "--format docx schrijft een Word-bestand: geef het een naam met --output BESTAND.docx",
    ),
    "docx.style.note": Text("Note", "Toelichting"),  # the names of the styles jimcode adds to a Word report
    "docx.style.warning": Text("Warning", "Waarschuwing"),
    "docx.style.quote_source": Text("Quote Source", "Citaatbron"),
    # --- issue 12 §1 remainder (branch english): the session's feedback and errors, answers, did-you-mean ---
    "did_you_mean": Text("; did you mean '{name}'?", "; bedoel je '{name}'?"),
    "session.saved.coded": Text("{segment} coded: {codes}", "{segment} gecodeerd: {codes}"),
    "session.saved.no_codes": Text("no codes", "geen codes"),
    "session.saved.not_relevant": Text("{segment} not relevant", "{segment} niet relevant"),
    "session.saved.memo_set": Text("{segment} memo set", "{segment} memo bewaard"),
    "session.saved.memo_cleared": Text("{segment} memo cleared", "{segment} memo gewist"),
    "session.saved.codes": Text("{segment} codes: {changed}", "{segment} codes: {changed}"),
    "session.saved.evidence": Text(
        "{segment} evidence {hypothesis} {stance}", "{segment} onderbouwing {hypothesis} {stance}"
    ),
    "session.saved.evidence_removed": Text(
        "{segment} evidence {hypothesis} removed", "{segment} onderbouwing {hypothesis} weggehaald"
    ),
    "session.saved.undone": Text("undone: {summary}", "ongedaan: {summary}"),
    "session.note.not_applied": Text("{code} was not applied to this segment", "{code} stond niet op dit segment"),
    "session.note.already_applied": Text("{code} is already applied", "{code} staat er al op"),
    "session.note.open_again": Text(
        "{segment} was marked not relevant; now it is open again",
        "{segment} was gemarkeerd als niet relevant; nu is het weer open",
    ),
    "session.note.still_open": Text(
        "{count} segment(s) still open; back to segment {number}",
        "{count} segment(en) nog open; terug naar segment {number}",
    ),
    "session.note.segment_open": Text("segment {number} is still open", "segment {number} is nog open"),
    "session.note.nothing_open": Text(
        "nothing is open: every segment, attribute and verdict is done",
        "niets is meer open: elk segment, elk casuskenmerk en elk oordeel is klaar",
    ),
    "session.note.all_segments_coded": Text("every segment is coded", "elk segment is gecodeerd"),
    "session.error.has_codes": Text(
        "this segment has codes ({codes}); remove them first (e.g. `-{code}`) to mark it not relevant",
        "dit segment heeft codes ({codes}); haal ze eerst weg (bijv. `-{code}`) om het als niet relevant te markeren",
    ),
    "session.error.has_evidence": Text(
        "this segment has hypothesis evidence; remove them first (e.g. `e -{hypothesis}`) to mark it not relevant",
        "dit segment is onderbouwing bij een hypothese; haal die eerst weg (bijv. `e -{hypothesis}`) om het als "
        "niet relevant te markeren",
    ),
    "session.error.answer_on_segment": Text(
        "that answers a question, but this is a segment (type h for help)",
        "dat is een antwoord op een vraag, maar dit is een segment (typ h voor help)",
    ),
    "session.error.nothing_applied": Text("{problem}; nothing was applied", "{problem}; er is niets toegekend"),
    "session.error.no_evidence_for": Text(
        "this segment has no evidence for {hypothesis}", "dit segment is geen onderbouwing bij {hypothesis}"
    ),
    "session.error.no_code_number": Text(
        "there is no code {token}; codes are numbered 1-{count}",
        "er is geen code {token}; de codes zijn genummerd 1-{count}",
    ),
    "session.error.unknown_code": Text(
        "unknown code '{token}'{suggestion} (try `f {token}` to search the labels)",
        "onbekende code '{token}'{suggestion} (zoek met `f {token}` in de namen)",
    ),
    "session.error.unknown_hypothesis": Text(
        "unknown hypothesis '{name}' (hypotheses: {known})", "onbekende hypothese '{name}' (hypothesen: {known})"
    ),
    "session.error.no_hypotheses_known": Text("none in this codebook", "geen in dit codeboek"),
    "session.error.answer_required": Text(
        "{id}: an answer is required ({expected})", "{id}: een antwoord is verplicht ({expected})"
    ),
    "session.error.no_answer_given": Text(
        "{id}: no answer given ({expected}; `-` for none)", "{id}: geen antwoord gegeven ({expected}; `-` voor geen)"
    ),
    "session.error.give_verdict": Text("{id}: give a verdict: {help}", "{id}: geef een oordeel: {help}"),
    "session.error.answer_verdict": Text("{id}: answer {help}", "{id}: antwoord {help}"),
    "session.verdict_help": Text(
        "s (supports), c (contradicts), m (mixed) or n (not applicable), optionally followed by a note",
        "s (ondersteunt), c (weerspreekt), m (gemengd) of n (niet van toepassing), eventueel met een notitie erachter",
    ),
    "session.error.segment_command": Text(
        "that is a segment command; go back to a segment first (`b`, `g 12` or `o`)",
        "dat is een commando voor een segment; ga eerst terug naar een segment (`b`, `g 12` of `o`)",
    ),
    "session.error.not_a_question": Text(
        "'{key}' is not a case attribute or hypothesis{suggestion}",
        "'{key}' is geen casuskenmerk of hypothese{suggestion}",
    ),
    "session.error.nothing_to_undo": Text("nothing to undo in this session", "niets ongedaan te maken in deze sessie"),
    "session.error.no_attributes": Text(
        "this codebook has no case attributes", "dit codeboek heeft geen casuskenmerken"
    ),
    "session.error.no_hypotheses": Text("this codebook has no hypotheses", "dit codeboek heeft geen hypothesen"),
    "session.error.no_segment": Text(
        "there is no segment {number}; segments are numbered 1-{total}",
        "er is geen segment {number}; de segmenten zijn genummerd 1-{total}",
    ),
    "session.error.bad_target": Text(
        "'{target}' is not a segment number (1-{total}), a segment id, `a` or `v`",
        "'{target}' is geen segmentnummer (1-{total}), segment-id, `a` of `v`",
    ),
    "session.error.first_segment": Text("this is the first segment", "dit is het eerste segment"),
    "session.error.nothing_before": Text("there is nothing before this", "hiervoor is er niets"),
    "session.error.record_complete": Text(
        "the record is complete; `b` goes back, `g 1` to the first segment, `q` quits",
        "het record is afgerond; `b` gaat terug, `g 1` naar het eerste segment, `q` stopt",
    ),
    "session.error.go_where": Text(
        "go where? `g 12` (segment 12), `g s012`, `g a` (attributes) or `g v` (verdicts)",
        "waarheen? `g 12` (segment 12), `g s012`, `g a` (casuskenmerken) of `g v` (oordelen)",
    ),
    # --- polarity and quotes in the session (issue 12, sections 3 and 4) ---
    "session.quote.which": Text(
        "which sentences? `q 2`, `q 2-3`, `q 2 4`, or `q -` to unmark",
        "welke zinnen? `q 2`, `q 2-3`, `q 2 4`, of `q -` om de markering weg te halen",
    ),
    "session.quote.not_a_number": Text(
        "'{part}' is not a sentence number: `q 2`, `q 2-3`, `q 2 4`, or `q -` to unmark",
        "'{part}' is geen zinsnummer: `q 2`, `q 2-3`, `q 2 4`, of `q -` om de markering weg te halen",
    ),
    "session.quote.order": Text(
        "'{part}': sentences are numbered from 1, lowest first (`q 2-3`)",
        "'{part}': de zinnen zijn genummerd vanaf 1, de laagste eerst (`q 2-3`)",
    ),
    "session.quote.beyond": Text(
        "this segment has {count} sentence(s); there is no sentence {number}",
        "dit segment heeft {count} zin(nen); er is geen zin {number}",
    ),
    "session.quote.none": Text("this segment has no quote marked", "in dit segment is geen citaat gemarkeerd"),
    "session.polarity.sign_on_removal": Text(
        "`-{code}` removes the code; leave out the {sign} (type h for help)",
        "`-{code}` haalt de code weg; laat de {sign} weg (typ h voor hulp)",
    ),
    "session.polarity.needs_pole": Text(
        "{code} is applied as present or absent: type {typed}+ or {typed}-",
        "{code} wordt toegepast als aanwezig of afwezig: typ {typed}+ of {typed}-",
    ),
    "session.polarity.no_pole": Text(
        "{code} has no polarity: type {typed} without + or -",
        "{code} heeft geen richting: typ {typed} zonder + of -",
    ),
    "session.polarity.nothing_applied": Text("{problem}; nothing was applied", "{problem}; er is niets toegepast"),
    # --- end of polarity and quotes in the session ---
    "session.error.which_code": Text(
        "which code? `d 7`, `d` + shortcut or `d` + code id",
        "welke code? `d 7`, `d` + sneltoets of `d` + code-id",
    ),
    "session.error.find_what": Text(
        "find what? `f ouder` lists codes whose label contains 'ouder'",
        "wat zoeken? `f ouder` toont de codes met 'ouder' in hun naam",
    ),
    "session.error.evidence_which": Text(
        "evidence for which hypothesis? `e H1 s [note]` (s supports, c contradicts, n nuances)",
        "onderbouwing bij welke hypothese? `e H1 s [notitie]` (s ondersteunt, c weerspreekt, n nuanceert)",
    ),
    "session.error.evidence_remove": Text(
        "`e -H1` removes this segment's evidence for H1", "`e -H1` haalt de onderbouwing bij H1 van dit segment weg"
    ),
    "session.error.stance": Text(
        "give a stance after {hypothesis}: s (supports), c (contradicts) or n (nuances)",
        "geef een standpunt na {hypothesis}: s (ondersteunt), c (weerspreekt) of n (nuanceert)",
    ),
    "session.error.own_line": Text(
        "'{word}' is a command; put it on a line of its own", "'{word}' is een commando; zet het op een eigen regel"
    ),
    "session.error.remove_which": Text(
        "remove which code? `-7` (type h for help)", "welke code weghalen? `-7` (typ h voor help)"
    ),
    "session.error.not_a_code": Text(
        "'{word}' is not a code number, shortcut or id (type h for help)",
        "'{word}' is geen codenummer, sneltoets of code-id (typ h voor help)",
    ),
    "session.error.script_line": Text("{name} line {number}: {message}", "{name} regel {number}: {message}"),
    "answer.no_option": Text(
        "there is no option {number}; choose 1-{count}", "er is geen optie {number}; kies 1-{count}"
    ),
    "answer.not_an_option": Text(
        "'{given}' is not an option; expected {expected}", "'{given}' is geen optie; verwacht: {expected}"
    ),
    "answer.out_of_bounds": Text(
        "{given} is out of bounds; expected {expected}", "{given} valt buiten de grenzen; verwacht: {expected}"
    ),
    "answer.none": Text("no answer; expected {expected}", "geen antwoord; verwacht: {expected}"),
    "answer.not_kind": Text("'{given}' is not {expected}", "'{given}' is niet {expected}"),
    "answer.not_yes_no": Text("'{given}' is not yes or no", "'{given}' is geen ja of nee"),
    "answer.stored.not_kind": Text("{value} is not {expected}", "{value} is niet {expected}"),
    "answer.stored.not_one_of": Text("{value} is not one of {ids}", "{value} is niet een van {ids}"),
    "answer.stored.not_a_list": Text("{value} is not a list of options", "{value} is geen lijst van opties"),
    "answer.stored.unknown_options": Text(
        "{values} not among the options ({ids})", "{values} niet onder de opties ({ids})"
    ),
    "answer.stored.twice": Text("an option is listed twice", "een optie staat er twee keer"),
    "answer.stored.not_bool": Text("{value} is not true or false", "{value} is niet true of false"),
    "answer.stored.not_text": Text("{value} is not text", "{value} is geen tekst"),
    "attribute.bounds.between": Text("{low} to {high}", "{low} tot {high}"),
    "attribute.bounds.at_least": Text("at least {low}", "minstens {low}"),
    "attribute.bounds.at_most": Text("at most {high}", "hoogstens {high}"),
    # a scripted session's progress lines and the notices of opening a record
    "session.script.begin": Text(
        "{id} ({case}): {count} segments, coder {coder} -> {file}",
        "{id} ({case}): {count} segmenten, codeur {coder} -> {file}",
    ),
    "session.script.complete": Text("  complete: {file}", "  afgerond: {file}"),
    "session.script.stopped": Text("  stopped; saved in {file}", "  gestopt; bewaard in {file}"),
    "session.open.skipped": Text(
        "{id}: complete; skipped (--review reopens it)", "{id}: afgerond; overgeslagen (--review opent het weer)"
    ),
    "session.open.asks_more": Text(
        "{id}: the codebook asks for more since it was completed; resuming there",
        "{id}: het codeboek vraagt meer sinds het werd afgerond; daar gaat het verder",
    ),
    "session.open.resumed": Text("resumed: {done} of {total} coded", "hervat: {done} van {total} gecodeerd"),
    "session.open.other_coder": Text(
        "{name} belongs to coder '{coder}', not '{wanted}'", "{name} is van codeur '{coder}', niet van '{wanted}'"
    ),
    "session.open.other_codebook": Text(
        "{name} was coded with codebook '{used}', not '{wanted}'; pass --codebook with that codebook",
        "{name} is gecodeerd met codeboek '{used}', niet '{wanted}'; geef dat codeboek met --codebook",
    ),
    "session.open.text_changed": Text(
        "transcript {path} changed since {name} was coded (sha256 {then}… then, {now}… now); "
        "run again with --realign to carry the decisions over to unchanged segments",
        "transcript {path} is veranderd sinds {name} werd gecodeerd (sha256 toen {then}…, nu {now}…); "
        "geef het commando opnieuw met --realign om de beslissingen over te nemen op ongewijzigde segmenten",
    ),
    "session.open.newer_rules": Text(
        "transcript {path} is split into segments by newer rules than when {name} was coded (segmentation {then} "
        "then, {now} now; its text is unchanged); run again with --realign to carry the decisions over to "
        "unchanged segments",
        "transcript {path} wordt volgens nieuwere regels in segmenten verdeeld dan toen {name} werd gecodeerd "
        "(segmentatie toen {then}, nu {now}; de tekst is ongewijzigd); geef het commando opnieuw met --realign om "
        "de beslissingen over te nemen op ongewijzigde segmenten",
    ),
    "session.open.split_differently": Text(
        "transcript {path} is split into segments differently than when {name} was coded (its text is unchanged); "
        "run again with --realign to carry the decisions over to unchanged segments",
        "transcript {path} is anders in segmenten verdeeld dan toen {name} werd gecodeerd (de tekst is "
        "ongewijzigd); geef het commando opnieuw met --realign om de beslissingen over te nemen op ongewijzigde "
        "segmenten",
    ),
    "session.open.codebook_changed": Text(
        "the codebook changed since this record was last saved (version {then} then, {now} now)",
        "het codeboek is veranderd sinds dit record het laatst werd bewaard (versie toen {then}, nu {now})",
    ),
    "session.open.migrated": Text(
        "migrated to the codebook's lineage: {change}", "omgezet volgens de afstamming in het codeboek: {change}"
    ),
    "session.open.drift": Text(
        "{problem}; kept in the record, remove or recode it",
        "{problem}; bewaard in het record, haal het weg of hercodeer het",
    ),
    "session.open.realigned": Text(
        "realigned: decisions carried over to {count} unchanged segment(s); old record kept in {file}",
        "opnieuw uitgelijnd: beslissingen overgenomen op {count} ongewijzigde segment(en); "
        "het oude record staat in {file}",
    ),
    "session.open.to_recode": Text(
        "to recode ({count}): segment {listed}{more}", "te hercoderen ({count}): segment {listed}{more}"
    ),
    "session.open.left_behind": Text(
        'not carried over: old segment {segment} ({what}): "{text}"',
        'niet overgenomen: oud segment {segment} ({what}): "{text}"',
    ),
    "session.open.prefill_unknown": Text(
        "front matter attribute '{key}' is not in the codebook; not pre-filled",
        "kenmerk '{key}' uit de front matter staat niet in het codeboek; niet vooraf ingevuld",
    ),
    "session.open.prefill_invalid": Text(
        "front matter attribute {key}: {problem}; not pre-filled",
        "kenmerk {key} uit de front matter: {problem}; niet vooraf ingevuld",
    ),
    # which records, which codebook (corpus.py): before the codebook is known in the locale's language
    "corpus.link_loop": Text(
        "{path}: {problem} (a symbolic link loop?); skipped",
        "{path}: {problem} (een kring van symbolische links?); overgeslagen",
    ),
    "corpus.link_not_followed": Text(
        "{path}: symbolic link not followed (name its target to read it)",
        "{path}: symbolische link niet gevolgd (noem het doel om het te lezen)",
    ),
    "corpus.no_such_path": Text("{path}: no such file or folder", "{path}: bestand of map bestaat niet"),
    "corpus.duplicate": Text(
        "{path}: transcript '{transcript}' coded by '{coder}' is also in {other}; pass each record once",
        "{path}: transcript '{transcript}' gecodeerd door '{coder}' staat ook in {other}; geef elk record één keer",
    ),
    "corpus.all_in_progress": Text(
        "all {count} record(s) are still in progress; --complete-only left none",
        "alle {count} record(s) zijn nog in bewerking; --complete-only liet er geen over",
    ),
    "corpus.several_codebooks": Text(
        "the records were coded with different codebooks ({ids}); give those of one codebook at a time",
        "de records zijn gecodeerd met verschillende codeboeken ({ids}); geef die van één codeboek tegelijk",
    ),
    "corpus.wanted": Text(
        "codebook '{id}' (version {version}) that {file} was coded with",
        "codeboek '{id}' (versie {version}) waarmee {file} is gecodeerd",
    ),
    "corpus.a_codebook": Text("a codebook", "een codeboek"),
    "corpus.cannot_find": Text("cannot find {wanted}", "{wanted} niet gevonden"),
    "corpus.pass_codebook": Text("pass --codebook FILE", "geef --codebook BESTAND"),
    "corpus.other_codebook": Text(
        "the records were coded with codebook '{id}', but {file} is '{other}'",
        "de records zijn gecodeerd met codeboek '{id}', maar {file} is '{other}'",
    ),
    "corpus.not_a_codebook": Text(
        "{path}: not a valid codebook (see `jimcode validate`); looked further",
        "{path}: geen geldig codeboek (zie `jimcode validate`); verder gezocht",
    ),
    "corpus.overwrite": Text(
        "{path} already exists; pass --force to overwrite it", "{path} bestaat al; geef --force om het te overschrijven"
    ),
    # once the codebook is known: in its language
    "corpus.stale": Text(
        "{path} (version {version}) is not the file {count} record(s) were coded with (version {versions}, another "
        "sha256); codes and labels are taken from it",
        "{path} (versie {version}) is niet het bestand waarmee {count} record(s) zijn gecodeerd (versie {versions}, "
        "een andere sha256); codes en namen komen eruit",
    ),
    "corpus.through_lineage": Text(
        "read {count} record(s) of an earlier version of codebook {id} through its lineage (renamed and merged ids "
        "mapped); run `jimcode migrate` to update the files",
        "{count} record(s) van een eerdere versie van codeboek {id} gelezen via de afstamming (hernoemde en "
        "samengevoegde ids omgezet); geef `jimcode migrate` om de bestanden bij te werken",
    ),
    "corpus.split_unmapped": Text(
        "{path}: split code(s) {codes} cannot be mapped by rule; run `jimcode migrate` and "
        "`jimcode code --recode {first} --coder {coder}`",
        "{path}: gesplitste code(s) {codes} zijn niet volgens een regel om te zetten; geef `jimcode migrate` en "
        "`jimcode code --recode {first} --coder {coder}`",
    ),
    # what the summary's totals say about the records (summary/result.py)
    # `jimcode migrate`'s report (the changes themselves are noted in the record, so stay as they are)
    "migrate.file.dry": Text(
        "would migrate {file} to {id} {version}: {what}", "zou {file} omzetten naar {id} {version}: {what}"
    ),
    "migrate.file.done": Text(
        "migrated {file} to {id} {version}: {what}", "{file} omgezet naar {id} {version}: {what}"
    ),
    "migrate.nothing_to_map": Text("nothing to map", "niets om te zetten"),
    "migrate.or": Text(" or ", " of "),
    "migrate.split_waits": Text(
        "{file}: split code '{code}' ({successors}) waits in segment(s) {where}; "
        "run `jimcode code --recode {code} --coder {coder}`",
        "{file}: gesplitste code '{code}' ({successors}) wacht in segment(en) {where}; "
        "geef `jimcode code --recode {code} --coder {coder}`",
    ),
    "migrate.total.dry": Text("would migrate {count} record(s)", "zou {count} record(s) omzetten"),
    "migrate.total.done": Text("migrated {count} record(s)", "{count} record(s) omgezet"),
    "migrate.current": Text("{count} already current", "{count} al bijgewerkt"),
    "migrate.locked": Text(
        "{count} skipped (open in a coding session)", "{count} overgeslagen (open in een codeersessie)"
    ),
    "migrate.still_wait": Text(
        "{count} segment(s) still wait for `jimcode code --recode {code}`",
        "{count} segment(en) wachten nog op `jimcode code --recode {code}`",
    ),
    "migrate.check_failed": Text(
        "{count} record(s) need `jimcode migrate`", "{count} record(s) moeten door `jimcode migrate`"
    ),
    "migrate.check_recode": Text(
        ", {count} segment(s) need `jimcode code --recode`", ", {count} segment(en) moeten door `jimcode code --recode`"
    ),
    # `jimcode code --recode`: settling a split code
    "recode.prompt": Text(
        "Which replace '{old}'? (numbers, ids or shortcuts; - none; q stop) ",
        "Welke vervangen '{old}'? (nummers, ids of sneltoetsen; - geen; q stop) ",
    ),
    "recode.name_codes": Text(
        "name the codes that apply (their number, id or shortcut), or '-' for none",
        "noem de codes die van toepassing zijn (nummer, id of sneltoets), of '-' voor geen",
    ),
    "recode.not_listed": Text(
        "'{token}' is not one of 1-{count}{suggestion}", "'{token}' is niet een van 1-{count}{suggestion}"
    ),
    "recode.still_in_codebook": Text(
        "--recode: code '{old}' is still in codebook {id}; nothing was split",
        "--recode: code '{old}' staat nog in codeboek {id}; er is niets gesplitst",
    ),
    "recode.not_replaced": Text(
        "--recode: codebook {id} does not replace a code '{old}'{suggestion}",
        "--recode: codeboek {id} vervangt geen code '{old}'{suggestion}",
    ),
    "recode.renamed": Text(
        "--recode: '{old}' was renamed to '{new}', not split; run `jimcode migrate`",
        "--recode: '{old}' is hernoemd naar '{new}', niet gesplitst; geef `jimcode migrate`",
    ),
    "recode.other_codebook": Text(
        "{name} was coded with codebook '{used}', not '{wanted}'",
        "{name} is gecodeerd met codeboek '{used}', niet '{wanted}'",
    ),
    "recode.migrated_first": Text(
        "  {file}: migrated to {id} {version} first", "  {file}: eerst omgezet naar {id} {version}"
    ),
    "recode.recoded": Text("  {segment} recoded: {old} -> {chosen}", "  {segment} gehercodeerd: {old} -> {chosen}"),
    "recode.no_records": Text(
        "no records by {coder} in {folder} for these transcripts",
        "geen records van {coder} in {folder} voor deze transcripten",
    ),
    "recode.done": Text(
        "recoded {count} segment(s) with '{old}' in {records} record(s) by {coder}{left}",
        "{count} segment(en) met '{old}' gehercodeerd in {records} record(s) van {coder}{left}",
    ),
    "recode.left": Text(
        "; {count} segment(s) in this record still wait (run again to continue)",
        "; {count} segment(en) in dit record wachten nog (geef het commando opnieuw om verder te gaan)",
    ),
    # what a record uses that its codebook does not have (records/check.py `codebook_drift`, said on resume)
    "drift.evidence": Text(
        "segment {segment}: evidence for hypothesis '{hypothesis}', which the codebook does not have",
        "segment {segment}: onderbouwing bij hypothese '{hypothesis}', die niet in het codeboek staat",
    ),
    "drift.verdict": Text(
        "verdict on hypothesis '{hypothesis}', which the codebook does not have",
        "oordeel over hypothese '{hypothesis}', die niet in het codeboek staat",
    ),
    "drift.hypothesis": Text("hypothesis '{id}'", "hypothese '{id}'"),
    "drift.hypothesis_uses": Text("{count} evidence or verdict(s)", "{count} keer onderbouwing of oordeel"),
    "drift.attribute": Text("attribute '{id}'", "kenmerk '{id}'"),
    "drift.option": Text("attribute {id}: option '{option}'", "kenmerk {id}: optie '{option}'"),
    "drift.the_answer": Text("the answer", "het antwoord"),
    "drift.unknown_attribute": Text(
        "attribute '{id}' is not in the codebook", "kenmerk '{id}' staat niet in het codeboek"
    ),
    "drift.bad_attribute": Text("attribute {id}: {problem}", "kenmerk {id}: {problem}"),
    "drift.needs_migrate": Text(
        "{what} is now '{successors}' ({uses}); run `jimcode migrate`",
        "{what} is nu '{successors}' ({uses}); geef `jimcode migrate`",
    ),
    "drift.unknown_code": Text(
        "code '{code}' is not in the codebook (applied in {shown})",
        "code '{code}' staat niet in het codeboek (toegekend in {shown})",
    ),
    "drift.renamed_code": Text(
        "code '{code}' is now '{new}' (applied in {shown}); run `jimcode migrate`",
        "code '{code}' is nu '{new}' (toegekend in {shown}); geef `jimcode migrate`",
    ),
    "drift.split_code": Text(
        "code '{code}' was split into {successors} (applied in {shown}); "
        "run `jimcode code --recode {code}` to choose per segment",
        "code '{code}' is gesplitst in {successors} (toegekend in {shown}); "
        "geef `jimcode code --recode {code}` om per segment te kiezen",
    ),
    # reconciling: the one-line feedback, its errors and notices (reconcile/state.py, reconcile/run.py)
    "reconcile.msg.all_settled": Text("every disagreement is settled", "elk verschil is opgelost"),
    "reconcile.msg.others_settled": Text("every other disagreement is settled", "elk ander verschil is opgelost"),
    "reconcile.msg.go_which": Text(
        "go to which disagreement? `g 1` to `g {count}`", "naar welk verschil? `g 1` tot en met `g {count}`"
    ),
    "reconcile.msg.answer_shown": Text(
        "answer the disagreement shown: take a coder's (A, B) or type the decision (h for help)",
        "beantwoord het getoonde verschil: neem dat van een codeur over (A, B) of typ de beslissing (h voor help)",
    ),
    "reconcile.msg.undone": Text("undone", "ongedaan"),
    "reconcile.msg.left_open": Text(
        "{coder} left this segment open; take another coder's decision",
        "{coder} liet dit segment open; neem de beslissing van een andere codeur over",
    ),
    "reconcile.msg.took_decision": Text(
        "segment {number}: {coder}'s decision", "segment {number}: beslissing van {coder}"
    ),
    "reconcile.msg.took_answer": Text("{key}: {coder}'s answer", "{key}: antwoord van {coder}"),
    "reconcile.msg.took_verdict": Text("{key}: {coder}'s verdict", "{key}: oordeel van {coder}"),
    "reconcile.msg.no_verdict": Text(
        "{coder} gave no verdict on {key}; take another coder's or type one",
        "{coder} gaf geen oordeel over {key}; neem dat van een andere codeur over of typ er een",
    ),
    "reconcile.msg.stances": Text(
        "the coders gave different stances ({listed}); the proposal has the union of the rest: set one with "
        "`e {hypothesis} s|c|n`, then `n` to accept",
        "de codeurs gaven verschillende standpunten ({listed}); het voorstel heeft de rest samen: kies er een met "
        "`e {hypothesis} s|c|n`, en dan `n` om het aan te nemen",
    ),
    "reconcile.msg.poles": Text(
        "the coders gave different poles ({listed}); the proposal has the rest: add the code with "
        "`{typed}+` or `{typed}-`, then `n` to accept",
        "de codeurs gaven verschillende richtingen ({listed}); het voorstel heeft de rest: voeg de code toe met "
        "`{typed}+` of `{typed}-`, en dan `n` om het aan te nemen",
    ),
    "reconcile.msg.union_codes": Text("segment {number}: union of the codes", "segment {number}: alle codes samen"),
    "reconcile.msg.common_codes": Text("segment {number}: common of the codes", "segment {number}: de gedeelde codes"),
    "reconcile.msg.union_options": Text("{key}: union of the options", "{key}: alle opties samen"),
    "reconcile.msg.common_options": Text("{key}: common of the options", "{key}: de gedeelde opties"),
    "reconcile.msg.combine_what": Text(
        "`{symbol}` combines codes or multi-choice options; take A, B… or type an answer",
        "`{symbol}` voegt codes of meerkeuze-opties samen; neem A, B… of typ een antwoord",
    ),
    "reconcile.msg.segment_codes": Text("segment {number}: {codes}", "segment {number}: {codes}"),
    "reconcile.msg.not_relevant": Text("segment {number}: not relevant", "segment {number}: niet relevant"),
    "reconcile.msg.this_is_segment": Text(
        "this is a segment: take a coder's decision (A, B), +, &, or edit the proposal (h for help)",
        "dit is een segment: neem de beslissing van een codeur over (A, B), +, &, of pas het voorstel aan "
        "(h voor help)",
    ),
    "reconcile.msg.not_settled": Text(
        "not settled yet: take a coder's answer (A, B) or type one",
        "nog niet opgelost: neem het antwoord van een codeur over (A, B) of typ er een",
    ),
    "reconcile.msg.no_answer": Text("{key}: no answer", "{key}: geen antwoord"),
    "reconcile.msg.not_in_codebook": Text(
        "{key} is not in the codebook; take a coder's answer (A, B)",
        "{key} staat niet in het codeboek; neem het antwoord van een codeur over (A, B)",
    ),
    "reconcile.msg.answer_verdict": Text(
        "{key}: answer {help}, or take a coder's (A, B)",
        "{key}: antwoord {help}, of neem dat van een codeur over (A, B)",
    ),
    "reconcile.msg.opening": Text(
        "{transcript} ({case}): {count} disagreement(s), {settled} settled; coders {coders} -> {file}",
        "{transcript} ({case}): {count} verschil(len), {settled} opgelost; codeurs {coders} -> {file}",
    ),
    "reconcile.msg.complete": Text("complete: {file}", "afgerond: {file}"),
    "reconcile.msg.stopped": Text(
        "stopped; saved in {file} (run the same command to resume)",
        "gestopt; bewaard in {file} (geef hetzelfde commando om verder te gaan)",
    ),
    "reconcile.msg.in_progress": Text(
        "{coder}'s record is still in progress", "het record van {coder} is nog in bewerking"
    ),
    "reconcile.msg.partly_coded": Text(
        "{count} segment(s) were coded by only some of the coders; their decisions are copied",
        "{count} segment(en) zijn door maar een deel van de codeurs gecodeerd; hun beslissingen zijn overgenomen",
    ),
    "reconcile.msg.not_this_consensus": Text(
        "{file} cannot be this consensus: {problem}", "{file} kan dit consensusrecord niet zijn: {problem}"
    ),
    "reconcile.msg.choose_out": Text("choose another --out", "kies een andere --out"),
    "reconcile.msg.other_coder": Text(
        "it is {coder}'s record, not '{wanted}'", "het is het record van {coder}, niet van '{wanted}'"
    ),
    "reconcile.msg.at_segment": Text("segment {number} ({id})", "segment {number} ({id})"),
    "reconcile.msg.at_attribute": Text("case attribute {key}", "casuskenmerk {key}"),
    "reconcile.msg.at_verdict": Text("verdict on {key}", "oordeel over {key}"),
    # `jimcode code` over several transcripts (cli/coding_run.py)
    "code.skipped": Text("{file} skipped: {problem}", "{file} overgeslagen: {problem}"),
    "code.continue": Text("Continue with {file} ({count} to go)?", "Verder met {file} (nog {count})?"),
    "code.input_ended": Text(
        "the input ended before the transcript was complete; it is saved, run again to resume",
        "de invoer hield op voordat het transcript af was; het is bewaard, geef het commando opnieuw om verder te gaan",
    ),
    "code.all_locked": Text(
        "all {count} transcripts are locked by other sessions (see above); nothing was coded",
        "alle {count} transcripten zijn vergrendeld door andere sessies (zie hierboven); er is niets gecodeerd",
    ),
    "code.outcomes": Text("{count} transcript(s): {counts}", "{count} transcript(en): {counts}"),
    "code.outcome.complete": Text("{count} complete", "{count} afgerond"),
    "code.outcome.stopped": Text("{count} stopped", "{count} gestopt"),
    "code.outcome.skipped": Text("{count} skipped", "{count} overgeslagen"),
    "code.outcome.end_of_input": Text("{count} end of input", "{count} einde van de invoer"),
    "code.outcome.locked": Text("{count} locked", "{count} vergrendeld"),
    "reconcile.help": Text(
        """\
Reconcile: settle each disagreement; agreed segments, answers and verdicts are already in the consensus.
Any item   A, B, C…  take that coder's decision (coders lettered in the order given)
           b back   g 3 go to disagreement 3   o next unsettled   u undo   q save and quit   h help
Segment    +  union: the codes and evidence any coder gave      &  common: what every coder gave
           3 7 hv -12  add or remove codes in the proposal (numbers, shortcuts or ids); n accepts it
           3 7 n  edit and accept at once     x  not relevant     e H1 s|c|n [note], e -H1   m memo
           d 7  a code's definition     f word  find codes
Attribute  a value as in `jimcode code` (number, option number or id, yes/no); - for no answer;
           + / & the union / common options of a multi-choice attribute
Verdict    s supports, c contradicts, m mixed, n not applicable, then an optional note
In an answers file blank lines and # comments are ignored; the first line that fails stops the run
(every decision before it is saved).""",
        """\
Consensus: los elk verschil op; segmenten, antwoorden en oordelen waarover de codeurs het eens waren staan
al in het consensusrecord.
Elk item   A, B, C…  neem de beslissing van die codeur over (codeurs met letters in de gegeven volgorde)
           b terug   g 3 naar verschil 3   o volgend open   u ongedaan   q bewaren, stoppen   h help
Segment    +  samen: de codes en onderbouwing van alle codeurs     &  gedeeld: wat elke codeur gaf
           3 7 hv -12  codes in het voorstel erbij of eraf (nummers, sneltoetsen of ids); n neemt het aan
           3 7 n  aanpassen en aannemen     x  niet relevant     e H1 s|c|n [notitie], e -H1   m memo
           d 7  de definitie van een code     f woord  codes zoeken
Kenmerk    een waarde als bij `jimcode code` (getal, nummer of id van een optie, ja/nee); - geen antwoord
           + / & alle / gedeelde opties van een meerkeuzekenmerk
Oordeel    s ondersteunt, c weerspreekt, m gemengd, n niet van toepassing, dan eventueel een notitie
In een antwoordbestand tellen lege regels en # commentaar niet; de eerste regel die niet lukt stopt de run
(elke beslissing ervoor is bewaard).""",
    ),
    # `jimcode pseudonymise` reads no codebook: its words follow --lang / JIMCODE_LANG / the locale
    "pseudonymise.not_together": Text(
        "--suggest and --check do not go together; run them one after the other",
        "--suggest en --check gaan niet samen; geef ze na elkaar",
    ),
    "pseudonymise.needs": Text("pseudonymise needs {option}", "pseudonymise heeft {option} nodig"),
    "pseudonymise.key_in_git": Text(
        "the key {path} is inside a git work tree ({tree}); keep it elsewhere or git-ignore it, or it may be committed",
        "de sleutel {path} staat in een git-werkmap ({tree}); bewaar hem elders of zet hem in .gitignore, anders "
        "kan hij worden gecommit",
    ),
    "pseudonymise.key_problems": Text(
        "the key {path} has {count} problems (above)", "de sleutel {path} heeft {count} problemen (hierboven)"
    ),
    "pseudonymise.wrote": Text(
        "wrote {transcripts} transcript(s) and {records} record(s) to {out}",
        "{transcripts} transcript(en) en {records} record(s) geschreven naar {out}",
    ),
    "pseudonymise.names_left": Text(
        "{count} place(s) in {out} still hold a name of the key; see above",
        "{count} plaats(en) in {out} bevatten nog een naam uit de sleutel; zie hierboven",
    ),
    "pseudonymise.neither": Text(
        "{path}: neither a transcript nor a record (.json)", "{path}: geen transcript en geen record (.json)"
    ),
    "pseudonymise.not_safe": Text(
        "{count} possible identifier(s) in {files} file(s); not safe to share yet",
        "{count} mogelijke identificerende gegevens in {files} bestand(en); nog niet veilig om te delen",
    ),
    "pseudonymise.clean": Text(
        "checked {count} file(s): no name of the key and no suggestion left",
        "{count} bestand(en) gecontroleerd: geen naam uit de sleutel en geen suggestie meer",
    ),
    "pseudonymise.no_transcripts": Text(
        "--suggest reads transcripts; none given", "--suggest leest transcripten; er is er geen gegeven"
    ),
    "pseudonymise.no_wordfreq": Text(
        "wordfreq is not installed: capitalised words are judged by the transcripts alone",
        "wordfreq is niet geïnstalleerd: woorden met een hoofdletter worden alleen naar de transcripten beoordeeld",
    ),
    "pseudonymise.candidates": Text(
        "{count} candidate(s) in {files} transcript(s)", "{count} kandida(a)t(en) in {files} transcript(en)"
    ),
    "pseudonymise.wrote_draft": Text(
        "wrote the draft key {path} (owner-only)", "conceptsleutel {path} geschreven (alleen voor de eigenaar)"
    ),
    "pseudonymise.draft_in_git": Text(
        "the draft key {path} is inside a git work tree; move it out before you fill it in",
        "de conceptsleutel {path} staat in een git-werkmap; haal hem eruit voordat je hem invult",
    ),
    # --- end of the english branch's block ---
    # --- a record's lock and journal (records/store.py), why a write failed (fileio.py), and the questions
    # a terminal asks (session/terminal.py, reconcile/terminal.py, cli/coding_run.py) ---------------------
    "store.holder": Text(
        "{coder} (process {pid} on {host}) since {since}", "{coder} (proces {pid} op {host}) sinds {since}"
    ),
    "store.holder_unknown": Text(
        "an unknown session (its lock file cannot be read)",
        "een onbekende sessie (het vergrendelingsbestand is niet te lezen)",
    ),
    "store.already_open": Text("{name} is already open in this session", "{name} is al geopend in deze sessie"),
    "store.stale": Text(
        "{name} is locked by a session that ended without closing: {holder}; its work is saved. "
        "Run again with --take-over to continue it",
        "{name} is vergrendeld door een sessie die niet netjes is afgesloten: {holder}; het werk ervan is bewaard. "
        "Geef het commando opnieuw met --take-over om verder te gaan",
    ),
    "store.busy": Text("{name} is being coded by {holder}; {hint}", "{name} wordt gecodeerd door {holder}; {hint}"),
    "store.busy_here": Text(
        "wait until it is done, or code another transcript",
        "wacht tot de andere sessie klaar is, of codeer een ander transcript",
    ),
    "store.busy_elsewhere": Text(
        "if that session is no longer running, run again with --take-over",
        "draait die sessie niet meer, geef het commando dan opnieuw met --take-over",
    ),
    "store.keeps_taking": Text(
        "could not lock {name}; another session keeps taking it",
        "{name} kon niet worden vergrendeld; een andere sessie vergrendelt het steeds opnieuw",
    ),
    "store.cannot_write": Text(
        "cannot write coded records in {folder}: {problem}",
        "kan geen gecodeerde records schrijven in {folder}: {problem}",
    ),
    "store.cannot_write_record": Text("{path}: {problem}", "{path}: {problem}"),  # the problem is worded
    "store.cannot_recover": Text(
        "cannot recover {path}: {problem}; its journal is kept and is read again next time",
        "kan {path} niet herstellen: {problem}; het logboek blijft bewaard en wordt de volgende keer opnieuw gelezen",
    ),
    "store.torn": Text(
        "the last journal line was incomplete (the process was killed while saving it); ignored",
        "de laatste regel van het logboek was onvolledig (het proces werd afgebroken tijdens het bewaren); genegeerd",
    ),
    "store.damaged_line": Text(
        "this journal line is damaged and is skipped; the decision saved in it is lost",
        "deze regel van het logboek is beschadigd en wordt overgeslagen; de beslissing erin gaat verloren",
    ),
    "store.damaged_kept": Text(
        "{where}: {problem} (the journal is kept as {name})", "{where}: {problem} (het logboek is bewaard als {name})"
    ),
    "store.record_missing": Text(
        "{journal} holds decisions but {name} is missing; restore the record (e.g. from git) and run again",
        "{journal} bevat beslissingen maar {name} ontbreekt; zet het record terug (bijvoorbeeld uit git) en geef "
        "het commando opnieuw",
    ),
    "store.open_in_session": Text("{name} is open in a coding session", "{name} is geopend in een codeersessie"),
    "store.does_not_fit": Text("does not fit {name}: {problem}", "past niet bij {name}: {problem}"),
    # why a journal line does not fit its record (records/model.py `JournalMismatch`, records/store.py `fold_journal`)
    "journal.no_segment": Text(
        "the line is about segment {number}, and the record has {count} segment(s)",
        "de regel gaat over segment {number}, en het record heeft {count} segment(en)",
    ),
    "journal.other_segment": Text(
        "segment {number} is {found} in the record, not {expected}",
        "segment {number} is {found} in het record, niet {expected}",
    ),
    "journal.unknown_operation": Text("unknown operation {op!r}", "onbekende bewerking {op!r}"),
    "journal.missing_field": Text("the line has no {field!r}", "de regel heeft geen {field!r}"),
    "journal.bad_value": Text(
        "the line holds a value of the wrong kind", "de regel bevat een waarde van de verkeerde soort"
    ),
    "store.recovered": Text(
        "recovered {count} decision(s) saved in the journal", "{count} beslissing(en) uit het logboek hersteld"
    ),
    "store.retry": Text(
        "{problem}: the last decision was not saved; {advice} and press Enter to retry",
        "{problem}: de laatste beslissing is niet bewaard; {advice} en druk op Enter om opnieuw te proberen",
    ),
    "store.advice.free_space": Text("free space", "maak ruimte vrij"),
    "store.advice.fix": Text("fix it", "los het op"),
    "store.save_failed": Text(
        "{problem}: the last decision was not saved; every decision before it is saved in {journal} "
        "(run the same command to resume)",
        "{problem}: de laatste beslissing is niet bewaard; elke beslissing ervoor is bewaard in {journal} "
        "(geef hetzelfde commando om verder te gaan)",
    ),
    "store.fold_failed": Text(
        "could not fold the journal into {path}: {problem}; every decision is kept in {journal} and is folded in "
        "when the record is next opened",
        "kon het logboek niet verwerken in {path}: {problem}; elke beslissing blijft bewaard in {journal} en wordt "
        "verwerkt wanneer het record weer wordt geopend",
    ),
    "write.disk_full": Text("disk full", "schijf vol"),
    "write.too_large": Text(
        "file too large (the file size limit, ulimit -f, was reached)",
        "bestand te groot (de limiet voor de bestandsgrootte, ulimit -f, is bereikt)",
    ),
    "write.read_only": Text("read-only file system", "alleen-lezen bestandssysteem"),
    "write.permission": Text("permission denied", "geen toestemming"),
    "write.io": Text(
        "input/output error (a failing disk or a lost network share)",
        "invoer-/uitvoerfout (een falende schijf of een verbroken netwerkmap)",
    ),
    "write.loop": Text(
        "too many levels of symbolic links (a symlink loop)",
        "te veel niveaus van symbolische koppelingen (een lus van koppelingen)",
    ),
    "ask.stale_lock": Text(
        "The record is locked by a session that ended without closing: {holder}.",
        "Het record is vergrendeld door een sessie die niet netjes is afgesloten: {holder}.",
    ),
    "ask.take_over": Text(
        "Take it over (its saved work is kept)?", "Overnemen (het bewaarde werk gaat niet verloren)?"
    ),
    "ask.yes_no": Text("[y/N]", "[j/N]"),
    "ask.yes_no_default_yes": Text("[Y/n]", "[J/n]"),
    "ask.retry": Text("Enter retries, q stops › ", "Enter probeert opnieuw, q stopt › "),
    "ask.memo": Text("memo (empty clears): ", "memo (leeg wist hem): "),
    "ask.coder_name": Text(
        "Your name as coder ({kept}; --coder overrides): ", "Je codeursnaam ({kept}; --coder gaat voor): "
    ),
    "ask.name_remembered": Text("remembered in {file} for this study folder", "onthouden in {file} van deze map"),
    "ask.name_not_remembered": Text("not remembered", "niet onthouden"),
    "ask.who_is_coding": Text("who is coding? {sources}", "wie codeert er? {sources}"),
    "ask.name_needed": Text("a coder name is needed; {sources}", "een codeursnaam is nodig; {sources}"),
    "ask.coder_sources": Text(
        "pass --coder NAME, set {variable}=NAME, put 'coder: NAME' in {project_file}, or answer once at a "
        "terminal inside the study folder (remembered in {remembered})",
        "geef --coder NAAM, zet {variable}=NAAM, zet 'coder: NAAM' in {project_file}, of antwoord één keer "
        "in een terminal in de onderzoeksmap (onthouden in {remembered})",
    ),
}
