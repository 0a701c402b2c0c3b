"""The coding screen at its design size, 80x24, and at 140x45: what must be visible, by structure.

Numbers, shortcuts and label fragments are taken from the JIM codebook, never English words: the
screens speak the codebook's language, here Dutch (whose words run longer), and must still fit.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from rich.console import Console

from jimcode.codebook.model import load_codebook
from jimcode.i18n import Words
from jimcode.render.session_screen import PAGE_KEY, screen
from jimcode.session import commands as lang
from jimcode.session.context import SessionContext
from jimcode.session.events import ShowMatches
from jimcode.session.run import CodingOptions, SessionInfo, new_record
from jimcode.session.state import start, step
from jimcode.session.terminal import TerminalIO
from jimcode.transcripts.readers import read_transcript
from jimcode.transcripts.sentences import sentences

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(80, 24), (140, 45)]
LONG_SEGMENT = 16  # case-01-noah's longest segment: 1277 characters, 25 lines at 80 columns
CLEAR = "\x1b[2J"


def jim_session(tmp_path: Path, *lines: str):
    codebook = load_codebook(ROOT / "codebooks" / "jim-12min.nl.yaml")
    transcript = read_transcript(ROOT / "examples" / "transcripts" / "case-01-noah.md")
    context = SessionContext.build(codebook, transcript.meta.attributes)
    record_file = tmp_path / "case-01-noah.anna.json"
    state = start(new_record(transcript, CodingOptions(codebook, "anna", tmp_path), record_file), context)
    results = []
    for line in lines:
        result = step(state, lang.parse(line, state.position.phase), context)
        results.append(result)
        state = result.state
    return SessionInfo(transcript, record_file, context, "anna", codebook.language), state, results  # in Dutch


SENTENCE_NUMBERS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def without_sentence_numbers(text: str) -> str:
    """The screen's text without the small numbers before each sentence of the current segment."""
    return SENTENCE_NUMBERS.sub("", text)


def rendered_lines(renderable, width: int, height: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, height=height, color_system=None)
    console.print(renderable)
    return console.file.getvalue().splitlines()


def assert_fits(lines: list[str], width: int, rows: int) -> None:
    assert len(lines) <= rows, f"{len(lines)} lines for {rows} rows"
    assert max(len(line) for line in lines) <= width


def assert_one_header_line(lines: list[str], info: SessionInfo, state) -> None:
    """Every part of the header on the first line, none of it wrapped onto the second."""
    total = str(len(state.segments))
    first = lines[0]
    assert first.startswith(info.transcript.id)
    assert info.transcript.case in first and info.coder in first
    assert f"{state.decided}/{total}" in first and f" {state.position.index + 1} " in first
    assert re.match(rf"\s*{state.position.index + 1} ", lines[1]) or lines[1].strip() == ""


def menu_fragment(entry, chars: int = 6) -> str:
    """How a code starts in the compact menu: its number, ·shortcut, ± for a code with polarity, and the
    first characters of its label."""
    shortcut = f"·{entry.code.shortcut}" if entry.code.shortcut else ""
    polarity = "±" if entry.code.has_polarity else ""
    return f"{entry.number}{shortcut}{polarity} {entry.code.label[:chars]}"


def test_at_80x24_the_code_menu_shows_every_codes_number_shortcut_and_label(tmp_path):
    info, state, _ = jim_session(tmp_path, "hvo")
    lines = rendered_lines(screen(info, state, 80, 24), 80, 24)
    assert_fits(lines, 80, 23)  # the prompt takes the last row
    assert_one_header_line(lines, info, state)
    text = "\n".join(lines)
    for entry in info.context.codes:
        applied = "✓" if entry.code.shortcut == "hvo" else ""
        assert re.search(rf"(^|\s){re.escape(applied + menu_fragment(entry))}", text, re.M), entry.code.id
    rq4 = next(line for line in lines if line.startswith("RQ4 "))
    codes = [entry for entry in info.context.codes if entry.question.id == "RQ4"]
    pattern = r"\s+".join(rf"{re.escape(menu_fragment(entry, 3))}\S*(\s\S+)*?" for entry in codes)
    assert re.fullmatch(rf"RQ4\s+{pattern}\s*", rq4), rq4


def test_at_140x45_the_full_menu_and_the_whole_segment_fit(tmp_path):
    info, state, _ = jim_session(tmp_path, f"g {LONG_SEGMENT}")
    lines = rendered_lines(screen(info, state, 140, 45), 140, 45)
    assert_fits(lines, 140, 44)
    assert_one_header_line(lines, info, state)
    text = "\n".join(lines)
    for question in info.context.codebook.research_questions:
        assert f"{question.id} {question.title}" in text
    for entry in info.context.codes:
        assert re.search(rf"(^|\s){entry.number} {re.escape(entry.code.label[:20])}", text), entry.code.id
    segment_words = info.transcript.segments[LONG_SEGMENT - 1].text.split()
    assert " ".join(segment_words[-4:]) in re.sub(r"\s+", " ", without_sentence_numbers(text))


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_long_segment_is_cropped_below_the_header_and_paged(tmp_path, width, height):
    info, state, _ = jim_session(tmp_path, f"g {LONG_SEGMENT}", "3 7", "m memo")
    words = info.transcript.segments[LONG_SEGMENT - 1].text.split()
    seen: list[str] = []
    page = shown_until = 0
    while True:
        lines = rendered_lines(screen(info, state, width, height, page), width, height)
        assert_fits(lines, width, height - 1)
        assert_one_header_line(lines, info, state)
        text = without_sentence_numbers("\n".join(lines))
        assert re.search(r"(^|\s)✓?3\b.*[\s·]hvk\b", text, re.M) and "memo" in text  # menu and codes applied stay
        where = re.search(r"(\d+)–(\d+)/(\d+)", text)
        if where is None:  # the whole segment fits: no page marker
            assert width == 140 and " ".join(words[-4:]) in re.sub(r"\s+", " ", text)
            return
        first, last, total = map(int, where.groups())
        assert first == shown_until + 1 and first <= last <= total  # each page goes on where the last stopped
        shown_until = last
        seen.append(text)
        if last == total:
            break
        page += 1
    assert width == 80 and len(seen) > 1
    assert " ".join(words[:5]) in seen[0] and " ".join(words[:5]) not in seen[-1]
    assert words[-1] in seen[-1].split() and words[-1] not in seen[0].split()
    wrapped_again = rendered_lines(screen(info, state, width, height, page + 1), width, height)
    # past the last page the first comes back
    assert " ".join(words[:5]) in without_sentence_numbers("\n".join(wrapped_again))


def test_f_shows_number_shortcut_and_label_and_the_number_applies_the_code(tmp_path):
    info, state, results = jim_session(tmp_path, "f poortwachter")
    [found] = [event for event in results[0].events if isinstance(event, ShowMatches)]
    entry = next(entry for entry in found.matches if entry.code.shortcut)
    from jimcode.render.session_screen import matches

    text = "\n".join(rendered_lines(matches(found), 80, 24))
    assert f"{entry.number}·{entry.code.shortcut} {entry.code.label}" in text
    state = step(state, lang.parse(str(entry.number), "segments"), info.context).state
    assert state.segment is not None and state.segment.codes == [entry.code.id]


@pytest.mark.parametrize(("command", "width", "height"), [("h", 80, 24), (f"d {LONG_SEGMENT}", 80, 24), ("h", 140, 45)])
def test_at_a_terminal_help_and_definitions_fit_with_the_header_and_prompt(
    tmp_path, monkeypatch, command, width, height
):
    info, state, results = jim_session(tmp_path, f"g {LONG_SEGMENT}", command)
    console = Console(file=io.StringIO(), width=width, height=height, color_system=None, force_terminal=True)
    terminal = TerminalIO(console)
    terminal.show(info, results[-1])
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PAGE_KEY}\n3\n"))
    assert terminal.read(info, state) == "3"
    screens = console.file.getvalue().split(CLEAR)[1:]
    assert len(screens) == 2  # the page key redraws, it never reaches the session
    for drawn in screens:
        lines = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn).splitlines()
        assert_fits(lines, width, height - 1)
        assert_one_header_line(lines, info, state)
    assert "╭" in screens[0] and "╭" not in screens[1]  # the box is shown once, under the screen


def test_at_80x24_the_page_key_shows_the_rest_of_a_definition_then_of_the_segment(tmp_path, monkeypatch):
    info, state, results = jim_session(tmp_path, f"g {LONG_SEGMENT}", "d pw")
    entry = info.context.by_shortcut["pw"]
    console = Console(file=io.StringIO(), width=80, height=24, color_system=None, force_terminal=True)
    terminal = TerminalIO(console)
    terminal.show(info, results[-1])
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PAGE_KEY}\n{PAGE_KEY}\n3\n"))
    assert terminal.read(info, state) == "3"
    screens = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn) for drawn in console.file.getvalue().split(CLEAR)[1:]]
    assert len(screens) == 3
    for drawn in screens:
        assert_fits(drawn.splitlines(), 80, 23)
        assert_one_header_line(drawn.splitlines(), info, state)
    *_, last_guidance = entry.code.guidance()
    last_words = " ".join(last_guidance[1].split()[-2:])
    flat = [re.sub(r"[│\s]+", " ", drawn) for drawn in screens]
    assert f"{entry.number} {entry.code.label}" in screens[0] and last_words not in flat[0]
    assert re.search(r"… \+\d+", screens[0])
    assert last_words in flat[1] and "╰" in screens[1]  # the definition's rest, to the end of its box
    assert "╰" not in screens[2]  # then the segment's next part, the definition gone
    first_page, next_page = (re.search(r"(\d+)–(\d+)/(\d+)", drawn) for drawn in (screens[1], screens[2]))
    assert first_page and next_page and int(next_page.group(1)) == int(first_page.group(2)) + 1


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_reconcile_fills_the_terminal_width_and_prompts_like_code(tmp_path, monkeypatch, width, height):
    from jimcode.corpus import load_records
    from jimcode.reconcile.run import load_inputs, reconcile_records
    from jimcode.reconcile.state import ReconcileContext
    from jimcode.reconcile.terminal import TerminalReconcileIO

    coded = ROOT / "examples" / "coded"
    records = [coded / "case-01-noah.anna.json", coded / "case-01-noah.bram.json"]
    inputs = load_inputs(load_records(records), tmp_path, "consensus", ROOT / "codebooks" / "jim-12min.nl.yaml")
    console = Console(file=io.StringIO(), width=width, height=height, color_system=None)
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    assert reconcile_records(inputs, "consensus", TerminalReconcileIO(console)) == "stopped"
    total = len(ReconcileContext.build(inputs.records, inputs.codebook, "consensus").items)
    prompt = f"[1/{total}] › "
    output = console.file.getvalue()
    assert f"\n{prompt}" in output
    lines = output.replace(prompt, "\n").splitlines()  # the typed line's newline is not echoed here
    assert max(len(line) for line in lines) <= width
    quote = [line for line in lines if line.startswith("  \u201c")]
    assert len(quote) == 1
    body = lines[lines.index(quote[0]) : next(i for i, line in enumerate(lines) if line.endswith("\u201d")) + 1]
    assert len(body) > 1 and all(len(line) > width - 20 for line in body[:-1])  # filled once, not wrapped twice
    keys = Words("nl")("reconcile.segment_keys").split(" · ")
    start = next(at for at, line in enumerate(lines) if line.startswith(keys[0]))
    shown = " · ".join(lines[start : start + 3]).split(" · ")
    assert shown[: len(keys)] == keys  # every key whole: the lines break between keys


@pytest.mark.parametrize("width", [80, 140])
def test_agreement_tables_fit_the_width_given_with_labels_and_figures_whole(run, monkeypatch, width):
    import csv

    coded = ROOT / "examples" / "coded"
    rows = list(csv.DictReader(io.StringIO(run("agreement", coded, "--format", "csv").stdout)))
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("agreement", coded)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    tokens = set(re.split(r"[\s│┃]+", result.stdout))
    for row in rows:
        if row["section"] != "code":
            continue
        words = set(row["label"].split())
        assert words <= tokens, f"{row['label']}: {words - tokens} broken"
        alpha = float(row["krippendorff_alpha"]) if row["krippendorff_alpha"] else None
        assert alpha is None or f"{alpha:.3f}".replace(".", ",") in tokens  # the Dutch codebook: a decimal comma


@pytest.mark.parametrize("phase", ["segments", "attributes"])
def test_at_80_columns_the_help_box_wraps_each_line_under_its_commands(phase):
    from jimcode.render.session_screen import help_box

    text = lang.help_text(phase)
    indent = min(len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.startswith(" "))
    groups = {line[:indent].strip() for line in text.splitlines() if not line.startswith(" ")}
    lines = rendered_lines(help_box(text), 80, 24)
    assert_fits(lines, 80, 24)
    inside = [line[2:-2] for line in lines[1:-1]]  # between "│ " and " │"
    assert len(inside) > len(text.splitlines())  # some lines did wrap at 80 columns
    for line in inside:
        assert line[:indent].strip() in groups | {""}, line  # a wrapped line never starts under the groups
        assert line[indent:].strip(), line


def test_at_80x24_a_long_verdict_screen_is_cropped_below_the_header_and_paged(tmp_path, monkeypatch):
    with_evidence = range(1, 21)
    lines = [command for number in with_evidence for command in (f"g {number}", "e H1 s")]
    info, state, _ = jim_session(tmp_path, *lines, "g v")
    assert state.position.phase == "verdicts"
    console = Console(file=io.StringIO(), width=80, height=24, color_system=None, force_terminal=True)
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PAGE_KEY}\n{PAGE_KEY}\ns\n"))
    assert TerminalIO(console).read(info, state) == "s"
    screens = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn) for drawn in console.file.getvalue().split(CLEAR)[1:]]
    assert len(screens) == 3
    shown_numbers: set[int] = set()
    for drawn in screens:
        rows = drawn.splitlines()
        assert_fits(rows, 80, 23)
        assert rows[0].startswith(info.transcript.id) and info.coder in rows[0]
        shown_numbers |= {int(m) for m in re.findall(r"^ {0,3}(\d+) ", drawn, re.M)}
    assert re.search(r"… \+\d+", screens[0])
    assert set(with_evidence) <= shown_numbers  # every quote is on one of the pages


def test_plus_is_an_ordinary_line_when_nothing_is_cropped(tmp_path, monkeypatch):
    info, state, _ = jim_session(tmp_path)
    console = Console(file=io.StringIO(), width=140, height=45, color_system=None, force_terminal=True)
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PAGE_KEY}\n"))
    assert TerminalIO(console).read(info, state) == PAGE_KEY  # the session answers it, as before


def test_at_80x24_the_screens_definition_and_help_speak_the_codebooks_dutch(tmp_path):
    from jimcode.render.session_screen import definition, help_box
    from jimcode.session.terminal import prompt_text

    info, state, _ = jim_session(tmp_path, "hvo")
    lines = rendered_lines(screen(info, state, 80, 24), 80, 24)
    assert_fits(lines, 80, 23)
    assert lines[0].split() == [
        "case-01-noah",
        "Noah",
        "segment",
        "1",
        "van",
        "43",
        "0/43",
        "gecodeerd",
        "codeur",
        "anna",
    ]
    assert lines[-3:] == [  # the keys, wrapped between items; the signs of a pole, as the codebook has polarity codes
        "3 7 hvo toekennen · 12+ 12- aanwezig, afwezig · -7 weg · Enter klaar",
        "x niet relevant · m memo · e H1 s onderbouwing · q 2-3 citaat · d 7 definitie",
        "f zoek · b terug · g 12 ga naar · o volgende open · u ongedaan · h help · q stop",
    ]
    entry = info.context.by_shortcut["pw"]
    box = rendered_lines(definition(entry.number, entry.code, info.language), 80, 24)
    assert "sneltoets pw" in box[0]
    titles = [line[2:24].strip() for line in box[1:-1] if line[2:24].strip()]
    assert titles == ["definitie", "wanneer toepassen", "wanneer niet toepassen", "voorbeeld"]
    help_lines = rendered_lines(help_box(lang.help_text("segments", info.language), info.language), 80, 24)
    assert_fits(help_lines, 80, 24)
    assert help_lines[0].startswith("╭─") and " help " in help_lines[0]
    groups = [line[2:13].strip() for line in help_lines[1:-1] if line[2:13].strip()]
    assert groups == ["Codes", "Segment", "Naar", "Overig", "Richting"]

    info, state, _ = jim_session(tmp_path, "g a")
    lines = rendered_lines(screen(info, state, 80, 24), 80, 24)
    assert_fits(lines, 80, 23)
    assert "casusvraag 1 van 12" in lines[0]
    assert "child_age: een geheel getal (jaar), 0 tot 18  (verplicht)" in lines
    assert "uit het transcript: 13 jaar   (Enter houdt het)" in lines
    assert (prompt_text(state, info.language), prompt_text(state)) == ("antwoord › ", "answer › ")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_current_segments_sentences_are_numbered_and_the_marked_quote_is_shown(tmp_path, width, height):
    info, state, results = jim_session(tmp_path, "g 4", "q 2-3")
    assert results[-1].error is None
    segment = state.segments[3]
    assert segment.text.startswith("Het wijkteam nam contact") and segment.quote_sentences == [2, 3]
    lines = rendered_lines(screen(info, state, width, height), width, height)
    assert_fits(lines, width, height - 1)
    text = re.sub(r"\s+", " ", "\n".join(lines))
    assert "¹Het wijkteam nam contact met me op. ²Of ik het gezin kon helpen" in text
    assert "citaat: zin(nen) 2-3" in text
    if width == 140:  # the segment before, dimmed, for context: never numbered
        previous = state.segments[2].text
        assert len(sentences(previous)) == 2 and previous in text


def test_reconcile_sets_lines_apart_by_what_they_are_in_any_language(tmp_path, monkeypatch):
    """The terminal colours a line by its role (the view says which), not by its English words: with the
    Dutch codebook the disputed codes and the keys are dim, the proposal green; a saved decision is
    green, without an English word before it."""
    from jimcode.corpus import load_records
    from jimcode.reconcile.run import load_inputs, reconcile_records
    from jimcode.reconcile.terminal import TerminalReconcileIO

    coded = ROOT / "examples" / "coded"
    records = [coded / "case-01-noah.anna.json", coded / "case-01-noah.bram.json"]
    inputs = load_inputs(load_records(records), tmp_path, "consensus", ROOT / "codebooks" / "jim-12min.nl.yaml")
    console = Console(file=io.StringIO(), width=80, height=24, force_terminal=True, color_system="standard")
    monkeypatch.setattr(sys, "stdin", io.StringIO("A\nq\n"))
    assert reconcile_records(inputs, "consensus", TerminalReconcileIO(console)) == "stopped"
    lines = console.file.getvalue().splitlines()
    dim, green = "\x1b[2m", "\x1b[32m"
    disputed = [line for line in lines if "verschil in:" in line]
    proposals = [line for line in lines if "voorstel:" in line]
    keys = [line for line in lines if "A/B… neem" in line]
    assert disputed and proposals and keys
    assert all(line.startswith(dim) for line in disputed + keys)
    assert all(line.startswith(green) for line in proposals)
    taken = f"{green}  segment 6: beslissing van anna\x1b[0m"  # after the prompt: the typed line is not echoed here
    assert [line.split(" › ")[-1] for line in lines if "beslissing van anna" in line] == [taken]
