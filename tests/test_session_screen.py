"""The session screen renders every phase (what the coder sees; checked by hand in tmux too)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from jimcode.render.session_screen import definition, screen
from jimcode.session import commands as lang
from jimcode.session.context import SessionContext
from jimcode.session.run import SessionInfo
from jimcode.session.state import start, step
from tests.coding_helpers import make_record, make_transcript, mini_codebook


def render(renderable, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def session(tmp_path: Path, *lines: str):
    codebook = mini_codebook(tmp_path)
    transcript = make_transcript(attributes={"child_age": 13})
    context = SessionContext.build(codebook, transcript.meta.attributes)
    state = start(make_record(transcript, codebook, tmp_path), context)
    for line in lines:
        state = step(state, lang.parse(line, state.position.phase), context).state
    return SessionInfo(transcript, tmp_path / "case-01.anna.json", context, "anna"), state


def test_the_segment_screen_shows_place_context_codes_and_menu(tmp_path):
    info, state = session(tmp_path, "x", "ro 3", "e H1 s moeder", "m citaat")
    text = render(screen(info, state, 100, 60))
    assert "case-01" in text and "Noah" in text and "segment 2 of 4" in text and "1/4 coded" in text
    assert "coder anna" in text
    assert "Kun je iets vertellen" in text  # the previous segment, for context
    assert "Moeder wilde eerst niemand erbij hebben." in text
    assert "1 Hulpvraag ouder · 3 Stem van het kind" in text
    assert "evidence H1 supports: moeder" in text and "memo: citaat" in text
    assert "RQ1 Hulpvraag" in text and "✓ 1 Hulpvraag ouder ro" in text and "4 Snel gepositioneerd pq" in text
    keys = text.splitlines()[-2:]  # at 100 columns; no pole signs: this codebook has no code with polarity
    assert keys == [
        "3 7 hvo apply · -7 remove · Enter done · x not relevant · m memo · e H1 s evidence · q 2-3 quote",
        "d 7 define · f find · b back · g 12 go to · o next open · u undo · h help · q quit",
    ]


def test_a_short_screen_gets_the_compact_menu(tmp_path):
    info, state = session(tmp_path, "ro")
    text = render(screen(info, state, 100, 11))  # one row short of the full menu
    lines = text.splitlines()
    assert re.fullmatch(r"RQ1 ✓1·ro Hulpvraag ouder +2 Hulpvraag kind +3 Stem van het kind *", lines[4])
    assert re.fullmatch(r"RQ2 4·pq Snel gepositioneerd *", lines[5])
    assert "RQ1 Hulpvraag" not in text  # the full menu's titles


def test_case_question_and_verdict_screens(tmp_path):
    info, state = session(tmp_path, "n", "n", "n", "n", ".")
    text = render(screen(info, state, 100, 60))
    assert "case question 2 of 4" in text and "Wie is de JIM?" in text
    assert "1  Oma" in text and "grandmother" in text
    assert "Leeftijd" in text and "13 jaar" in text
    info, state = session(tmp_path, "e H1 c toch niet", "n", "n", "n", "n", ".", "1", "-", "ja")
    text = render(screen(info, state, 100, 60))
    assert "hypothesis 1 of 2" in text and "Ouders zijn poortwachters." in text
    assert "supports 0, contradicts 1, nuances 0" in text and "[toch niet]" in text
    info, state = session(tmp_path, "n", "n", "n", "n", ".", "1", "-", "ja", "s", "n")
    assert "Every segment, case question and verdict is done." in render(screen(info, state))


def test_a_definition_shows_every_part_literally(tmp_path):
    info, _ = session(tmp_path)
    entry = info.context.by_id["request-parent"]
    text = render(definition(entry.number, entry.code))
    assert "1 Hulpvraag ouder [request-parent]  shortcut ro" in text
    assert "Wat de ouder vraagt." in text and "Als de ouder iets vraagt." in text and "Moeder wilde rust." in text
